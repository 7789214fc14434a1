import Foundation
import XCTest

/// A program running in a real terminal: a detached tmux session of fixed size, on its own tmux
/// server, driven key by key and read back from the screen. Waits poll the screen up to a deadline.
final class TerminalSession {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// How long a wait lasts before it fails. Generous: it costs nothing when things work, and the
  /// machine running the tests may be busy with builds.
  static let patience: TimeInterval = 10

  let name: String
  let width: Int
  let height: Int
  /// The tmux server's socket, one per session, so tests never meet each other or the user's tmux;
  /// kept short (a Unix socket path has at most 107 bytes) and removed by `close()`.
  private let socket: URL
  private let tmux: String
  private let configFile: URL
  /// Where the program's exit status is written when it ends.
  private let statusFile: URL

  /// Starts `command` in a clean environment: TERM=xterm-256color, LANG=C.UTF-8, TZ=UTC, HOME=`home`,
  /// plus `environment`, in the directory `directory`.
  init(
    name: String, command: [String], home: URL, directory: URL? = nil, environment: [String: String] = [:],
    width: Int = 120, height: Int = 40
  ) throws {
    guard let tmux = Self.executable(named: "tmux") else {
      throw Failure(description: "tmux is not installed (apt-get install tmux): the terminal tests need it")
    }
    self.tmux = tmux
    self.name = name
    self.width = width
    self.height = height
    let base = "oesh-tmux-\(UUID().uuidString.prefix(8))"
    socket = FileManager.default.temporaryDirectory.appendingPathComponent("\(base).sock")
    // remain-on-exit in the configuration, so the screen stays readable after even a quick exit.
    configFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(base).conf")
    try "set -g remain-on-exit on\nset -g status off\nset -g history-limit 2000\n".write(
      to: configFile, atomically: true, encoding: .utf8)

    var variables = [
      "TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC", "HOME": home.path,
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
    ]
    variables.merge(environment) { $1 }
    let envArguments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    // sh waits for the program and writes its status to a file: tmux 3.3 under load sometimes never
    // reaps a pane's process (seen here: a zombie for 10 s, #{pane_dead} still 0), so its own status
    // cannot be trusted.
    statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(base).status")
    let wrapper = #""$@"; echo $? > "$0.new" && mv "$0.new" "$0""#
    let shellCommand = (["/bin/sh", "-c", wrapper, statusFile.path, "env", "-i"] + envArguments + command)
      .map(Self.shellQuoted).joined(separator: " ")
    var arguments = ["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)"]
    if let directory { arguments += ["-c", directory.path] }
    try tmuxCommand(arguments + [shellCommand])
  }

  deinit {
    close()
  }

  /// Ends the program and the session's tmux server; safe to call twice.
  func close() {
    _ = try? tmuxCommand(["kill-server"])
    try? FileManager.default.removeItem(at: configFile)
    try? FileManager.default.removeItem(at: socket)
    try? FileManager.default.removeItem(at: statusFile)
  }

  // MARK: Keys

  /// Types `text` literally, character by character as a terminal would send it (UTF-8).
  func type(_ text: String) throws {
    try tmuxCommand(["send-keys", "-t", name, "-l", text])
  }

  /// Pastes `text` as a terminal does: between the bracketed paste's marks (ESC [200~ … ESC [201~) when the
  /// program asked for them, each line break sent as Enter's carriage return.
  func paste(_ text: String) throws {
    try tmuxCommand(["set-buffer", "-b", "oesh-paste", "--", text])
    try tmuxCommand(["paste-buffer", "-p", "-d", "-b", "oesh-paste", "-t", name])
  }

  /// Presses keys by tmux name: Enter, Tab, Up, Down, Left, Right, Home, End, DC (Delete), C-c, C-d…
  func press(_ keys: String...) throws {
    try tmuxCommand(["send-keys", "-t", name] + keys)
  }

  // MARK: Screen

  /// The scrollback and the visible screen, one line per logical line (wrapped rows joined), trailing
  /// blanks trimmed: a terminal does not tell a written space from an empty cell, so no comparison
  /// here counts them. The scrollback matters: tmux's «Pane is dead» line can push output off the screen.
  /// With `escapes`, the colours and attributes as the escape sequences that set them.
  func screen(escapes: Bool = false) throws -> String {
    let captured = try tmuxCommand(["capture-pane", "-p", "-J", "-S", "-", "-t", name] + (escapes ? ["-e"] : []))
    return captured.split(separator: "\n", omittingEmptySubsequences: false).map { trimmingTrailingBlanks($0) }
      .joined(separator: "\n")
  }

  /// The cursor's column and row, both from 0.
  func cursor() throws -> (column: Int, row: Int) {
    let position = try tmuxCommand(["display-message", "-p", "-t", name, "#{cursor_x} #{cursor_y}"])
    let numbers = position.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    guard numbers.count == 2 else { throw Failure(description: "unreadable cursor position «\(position)»") }
    return (numbers[0], numbers[1])
  }

  /// The process id of the program the session runs (the child of the sh that waits for it).
  func programPID() throws -> Int32 {
    let shell = try tmuxCommand(["display-message", "-p", "-t", name, "#{pane_pid}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
    guard let pid = children.split(separator: " ").first.flatMap({ Int32($0) }) else {
      throw Failure(description: "the sh of pane \(shell) runs no program yet")
    }
    return pid
  }

  /// The window title the program set (OSC 0 or 2), tmux's default (the host's name) when it set none.
  func title() throws -> String {
    try tmuxCommand(["display-message", "-p", "-t", name, "#{pane_title}"]).trimmingCharacters(in: .newlines)
  }

  /// Polls the screen every 50 ms until `condition` holds, and returns that screen.
  /// Throws on timeout, with the last screen in the message.
  @discardableResult
  func waitUntil(
    _ what: String, timeout: TimeInterval = TerminalSession.patience, _ condition: (String) throws -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let current = try screen()
      if try condition(current) { return current }
      if let status = try exitStatus() {
        // It may have printed what we wait for just before exiting, after the capture above.
        let final = try screen()
        if try condition(final) { return final }
        throw Failure(
          description: "the program exited (status \(status)) while waiting for \(what). Screen:\n\(final)")
      }
      guard Date() < deadline else {
        throw Failure(description: "timed out after \(timeout) s waiting for \(what). Screen:\n\(current)")
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
  }

  /// Waits until `text` (its trailing blanks ignored) is on the screen.
  @discardableResult
  func waitFor(_ text: String, timeout: TimeInterval = TerminalSession.patience) throws -> String {
    let text = trimmingTrailingBlanks(Substring(text))
    return try waitUntil("«\(text)»", timeout: timeout) { $0.contains(text) }
  }

  /// Waits until a line of the screen matches `pattern` (a regular expression, anchored by the caller).
  @discardableResult
  func waitFor(line pattern: String, timeout: TimeInterval = TerminalSession.patience) throws -> String {
    let regex = try NSRegularExpression(pattern: pattern)
    return try waitUntil("a line matching /\(pattern)/", timeout: timeout) { screen in
      screen.split(separator: "\n", omittingEmptySubsequences: false).contains { line in
        let line = String(line)
        return regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
      }
    }
  }

  /// Waits until the screen's last non-blank line is exactly `text` (its trailing blanks ignored).
  @discardableResult
  func waitForLastLine(_ text: String, timeout: TimeInterval = TerminalSession.patience) throws -> String {
    let text = trimmingTrailingBlanks(Substring(text))
    return try waitUntil("the last line to be «\(text)»", timeout: timeout) { screen in
      screen.split(separator: "\n").last { !$0.isEmpty }.map(String.init) == text
    }
  }

  /// Waits until the screen's last non-blank line is `prompt` and the program reads keys one by one
  /// without echo, as libedit edits a line: libedit writes its prompt while the terminal still echoes
  /// (it turns echo off only when it reads the first key), so keys typed as soon as the prompt shows
  /// could be echoed twice, by the terminal then by libedit («helphelp», the line read being «help»).
  @discardableResult
  func waitForPrompt(_ prompt: String, timeout: TimeInterval = TerminalSession.patience) throws -> String {
    let text = trimmingTrailingBlanks(Substring(prompt))
    return try waitUntil("the prompt «\(text)», the terminal editing a line", timeout: timeout) { screen in
      try screen.split(separator: "\n").last { !$0.isEmpty }.map(String.init) == text && editsALine()
    }
  }

  /// Whether the terminal neither echoes nor waits for whole lines: a line editor (libedit, readline)
  /// reads it, rather than the terminal's own line discipline.
  func editsALine() throws -> Bool {
    let tty = try tmuxCommand(["display-message", "-p", "-t", name, "#{pane_tty}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let fd = open(tty, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw Failure(description: "cannot open the terminal \(tty): errno \(errno)") }
    defer { closeDescriptor(fd) }
    var modes = termios()
    guard tcgetattr(fd, &modes) == 0 else {
      throw Failure(description: "cannot read the modes of the terminal \(tty): errno \(errno)")
    }
    return modes.c_lflag & tcflag_t(ECHO | ICANON) == 0
  }

  // MARK: Exit

  /// The program's exit status once it has exited, else nil.
  func exitStatus() throws -> Int32? {
    guard let text = try? String(contentsOf: statusFile, encoding: .utf8) else { return nil }
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Polls until the program exits, and returns its status.
  func waitForExit(timeout: TimeInterval = TerminalSession.patience) throws -> Int32 {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if let status = try exitStatus() { return status }
      guard Date() < deadline else {
        throw Failure(description: "the program did not exit within \(timeout) s. Screen:\n\(try screen())")
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
  }

  // MARK: tmux

  /// Runs one tmux command and returns its standard output.
  @discardableResult
  private func tmuxCommand(_ arguments: [String]) throws -> String {
    let files = FileManager.default
    let base = socket.deletingPathExtension().appendingPathExtension(UUID().uuidString)
    let outputFile = base.appendingPathExtension("out")
    let errorFile = base.appendingPathExtension("err")
    defer {
      try? files.removeItem(at: outputFile)
      try? files.removeItem(at: errorFile)
    }
    let status = try Self.spawnAndWait(
      tmux, ["-S", socket.path, "-f", configFile.path] + arguments, output: outputFile.path, errors: errorFile.path)
    guard status == 0 else {
      let errorText = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
      throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed (\(status)): \(errorText)")
    }
    return try String(contentsOf: outputFile, encoding: .utf8)
  }

  /// posix_spawn and waitpid, with standard output and error sent to files and every other descriptor
  /// closed. Not Foundation's `Process`: its `waitUntilExit` also waits for any daemon the child leaves
  /// behind (the tmux server, here), and pipes would be held open by that daemon as well.
  static func spawnAndWait(_ path: String, _ arguments: [String], output: String, errors: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    for descriptor: Int32 in 3..<1024 where fcntl(descriptor, F_GETFD) != -1 {
      posix_spawn_file_actions_addclose(&actions, descriptor)
    }

    let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }

    var pid = pid_t()
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
    guard spawned == 0 else {
      throw Failure(description: "cannot run \(path): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
      guard errno == EINTR else { throw Failure(description: "waitpid: \(String(cString: strerror(errno)))") }
    }
    // WIFEXITED / WEXITSTATUS, which Swift does not import; a signal gives 128 + its number, as in sh.
    return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  }

  static func executable(named name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static func shellQuoted(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

/// `close(2)`, which the session's own `close()` hides inside it.
private func closeDescriptor(_ fd: Int32) {
  close(fd)
}

private func trimmingTrailingBlanks(_ line: Substring) -> String {
  String(line[..<(line.lastIndex { $0 != " " && $0 != "\t" }.map(line.index(after:)) ?? line.startIndex)])
}
