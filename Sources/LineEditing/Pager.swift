import CEditLine
import Foundation

/// Long results shown through a pager at the terminal, the way git and psql run one: in the shell's own
/// process group, the terminal's foreground one, so that it can read the keys and set the terminal's
/// modes (in a group of its own it is stopped at its first read, and the shell waiting for it freezes).
/// While it runs the keyboard is the pager's: the shell ignores Ctrl-C (`less -K` leaves on it), Ctrl-Z
/// stops both as one job, and the terminal's modes are put back as they were however the pager ended.
public enum Pager {
  /// Shows `text` through `command` and waits until the pager ends; false when it could not be started,
  /// or sh could not find or run it (the caller then writes the text itself). A command of plain words runs as is, as git does; one
  /// with quotes, pipes or variables runs through `/bin/sh -c`.
  public static func show(_ text: [UInt8], through command: String) -> Bool {
    let shellCharacters = Set("|&;<>()$`\\\"'*?[]#~=%{}\n")
    let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard !words.isEmpty else { return false }
    let arguments = command.contains(where: shellCharacters.contains) ? ["/bin/sh", "-c", command] : words

    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return false }
    let (readEnd, writeEnd) = (ends[0], ends[1])
    // Else the pager would hold the write end too, and never see the end of the text (its standard
    // input is a copy of the read end, which the copy does not close on exec).
    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }

    var ignoredInterrupt = sigaction()
    cel_ignore_signal(SIGINT, &ignoredInterrupt)
    defer { cel_restore_signal(SIGINT, &ignoredInterrupt) }
    // `q` before the end closes the pipe while results are still written: the write then fails with
    // EPIPE below, instead of SIGPIPE ending the shell (status 141) under a pager given more than a pipe holds.
    var ignoredPipe = sigaction()
    cel_ignore_signal(SIGPIPE, &ignoredPipe)
    defer { cel_restore_signal(SIGPIPE, &ignoredPipe) }
    var modes = termios()
    let savedModes = isTerminal(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &modes) == 0

    guard let pid = spawn(arguments, input: readEnd) else {
      close(readEnd)
      close(writeEnd)
      return false
    }
    close(readEnd)
    // The pager may stop reading before the end (`q`): the rest is not wanted, and no error.
    text.withUnsafeBufferPointer { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(writeEnd, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { break }
        offset += written
      }
    }
    close(writeEnd)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // sh's own statuses for a command it could not find (127) or run (126): the pager showed nothing.
    let exitCode = status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    let shFoundNoPager = arguments[0] == "/bin/sh" && (exitCode == 127 || exitCode == 126)
    // Only from the foreground: a background process changing them would be stopped by SIGTTOU.
    if savedModes && tcgetpgrp(STDIN_FILENO) == getpgrp() {
      tcsetattr(STDIN_FILENO, TCSADRAIN, &modes)
    }
    return !shFoundNoPager
  }

  /// posix_spawn of `arguments` (looked up in PATH) reading `input`, in this process group, with the
  /// signals it needs at their defaults: this shell ignores some of them (SIGPIPE, and SIGINT now), and
  /// an ignored signal would stay ignored across exec.
  private static func spawn(_ arguments: [String], input: Int32) -> pid_t? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var noneBlocked = sigset_t()
    sigemptyset(&noneBlocked)
    posix_spawnattr_setsigmask(&attributes, &noneBlocked)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    let argv = arguments.map { strdup($0) } + [nil]
    let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + environment).forEach { free($0) } }
    var pid = pid_t()
    guard posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environment) == 0 else { return nil }
    return pid
  }
}
