import Foundation
import LineEditing
import OpenEdit

/// The interactive loop: prompt, read with libedit, run, until `quit` or Ctrl-D.
final class Repl {
  let interpreter: Interpreter
  /// Commands to run before the first prompt (`~/.oeshrc`).
  let startupFile: String?
  var session: Session { interpreter.session }

  init(interpreter: Interpreter, startupFile: String? = nil) {
    self.interpreter = interpreter
    self.startupFile = startupFile
  }

  func run() -> Int32 {
    let history = session.workspaceURL.appendingPathComponent(".oesh_history")
    let reader = makeLineReader(historyFile: history, completion: Completer(session: session))
    session.reader = reader
    // A greeting, no result: with results piped (`oesh | tee log`), it goes to the terminal, with the prompt.
    let welcome = session.t("repl.welcome", oeshVersion)
    if session.outputIsTerminal { session.say(welcome) } else { session.inform(welcome) }
    session.flush()
    reportHistoryProblem(of: reader)
    if let startupFile { runStartupFile(startupFile) }
    while !interpreter.quitRequested {
      switch reader.readLine(prompt: Prompt.plain(session)) {
      case .eof:
        return 0
      case .interrupted:
        continue
      case .line(let first):
        guard let line = wholeCommand(first, reader: reader),
          !line.trimmingCharacters(in: .whitespaces).isEmpty
        else { continue }
        reader.addHistory(line)
        reportHistoryProblem(of: reader)
        interruptible { _ = interpreter.run(line: line, at: nil) }
      }
    }
    // As psql and sqlite3: a session at the terminal ends with 0 unless `quit STATUS` says otherwise
    // (what failed there was seen, and a slip of the keyboard is no failure of the session).
    return interpreter.quitStatus ?? 0
  }

  /// Whether the history file's problem was said: once is enough, the file is left alone after it.
  private var historyProblemSaid = false

  private func reportHistoryProblem(of reader: LineReader) {
    guard !historyProblemSaid, let problem = reader.historyProblem else { return }
    historyProblemSaid = true
    let t = session.t
    switch problem {
    case .unreadable(let path, let code): session.warn(t("history.unreadable", path, systemText(errno: code, t)))
    case .notAHistory(let path): session.warn(t("history.not_a_history", path))
    case .unwritable(let path, let code): session.warn(t("history.unwritable", path, systemText(errno: code, t)))
    case .locked(let path, let atStart): session.warn(t(atStart ? "history.locked_at_start" : "history.locked", path))
    }
  }

  /// `first` and the lines a backslash at its end asks for, each read at a short prompt; nil when Ctrl-C
  /// or Ctrl-D there abandons the whole command, as Ctrl-C does at the prompt: nothing runs, nothing
  /// goes into the history.
  private func wholeCommand(_ first: String, reader: LineReader) -> String? {
    var abandoned = false
    let line = Tokenizer.logicalLine(first) {
      guard case .line(let next) = reader.readLine(prompt: "…> ") else {
        abandoned = true
        return nil
      }
      return next
    }.line
    return abandoned ? nil : line
  }

  /// Every line of the start-up file is tried, a failing one reported with its line number; the shell
  /// starts whatever happens there.
  private func runStartupFile(_ path: String) {
    let keepGoing = interpreter.keepGoing
    interpreter.keepGoing = true
    defer { interpreter.keepGoing = keepGoing }
    interruptible {
      do {
        _ = try interpreter.runScript(path: path)
      } catch {
        interpreter.report(Interpreter.present(error, session.t), at: nil)
      }
    }
  }

  /// Runs `body` with Ctrl-C stopping its command (and the script it is in), not the shell; the next
  /// prompt starts on a line of its own, after the ^C the terminal echoed, even when nothing was stopped.
  private func interruptible(_ body: () -> Void) {
    Interruption.reset()
    interpreter.interruption = (told: false, scriptStopped: false)
    CommandInterrupt.during(onInterrupt: { Interruption.interrupt() }, body)
    if Interruption.requested && !interpreter.interruption.told && session.stderrIsTerminal { writeFD(2, "\n") }
  }
}
