import CEditLine
import Foundation

/// The reader for this process: libedit when standard input is a terminal, plain lines otherwise.
public func makeLineReader(historyFile: URL?, completion: CompletionProvider?) -> LineReader {
  if isTerminal(STDIN_FILENO), #available(macOS 15.0, *),
    let reader = EditLineReader(programName: "oesh", historyFile: historyFile, completion: completion)
  {
    return reader
  }
  return PlainLineReader()
}

/// Whether `fd` is a terminal: the shell asks it to choose between a prompt and plain lines, and for
/// colours, tables and the pager.
public func isTerminal(_ fd: Int32) -> Bool {
  isatty(fd) == 1
}

/// The width of the terminal on standard output, else on standard error (`oesh | cat`: its messages are
/// broken at the terminal's width, not at 80), else `$COLUMNS`, else 80.
public func terminalWidth() -> Int {
  for fd in [STDOUT_FILENO, STDERR_FILENO] {
    let columns = cel_terminal_columns(fd)
    if columns > 0 { return Int(columns) }
  }
  if let value = ProcessInfo.processInfo.environment["COLUMNS"], let width = Int(value), width > 0 {
    return width
  }
  return 80
}

/// The height of the terminal on standard output, else `$LINES`, else 24: the pager threshold.
public func terminalHeight() -> Int {
  let rows = cel_terminal_rows(STDOUT_FILENO)
  if rows > 0 { return Int(rows) }
  if let value = ProcessInfo.processInfo.environment["LINES"], let height = Int(value), height > 0 {
    return height
  }
  return 24
}
