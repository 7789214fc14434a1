import CEditLine
import Foundation
import Synchronization

/// Ctrl-C while a command of the interactive shell runs: the command is stopped, not the shell (as in
/// psql or sqlite3). The signal handler only writes a byte to a pipe; a thread waiting on the pipe
/// calls the `onInterrupt` of the command running, outside the handler, where any code may run.
@available(macOS 15.0, *)
public enum CommandInterrupt {
  /// The pipe's write end, read by the handler (set once, before any handler is installed).
  private static let writeEnd = Atomic<Int32>(-1)
  private static let action = Mutex<(@Sendable () -> Void)?>(nil)
  private static let count = Atomic<Int>(0)

  /// How many Ctrl-C have stopped commands so far: a line reader drops the lines pasted after a command
  /// that one stopped, as the terminal drops what was typed ahead.
  public static var interruptions: Int { count.load(ordering: .relaxed) }

  /// Runs `body` with Ctrl-C calling `onInterrupt` (on another thread) instead of ending the process
  /// (which it still does if no pipe can be made).
  public static func during<T>(onInterrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) rethrows -> T {
    guard startWatching() else { return try body() }
    action.withLock { $0 = onInterrupt }
    var previous = sigaction()
    // SA_RESTART: the command's own reads and writes (a pipe to the pager) are not cut short.
    cel_install_sigint(
      { _ in
        // Only async-signal-safe work: one write, errno left as the interrupted code had it.
        let saved = errno
        CommandInterrupt.count.add(1, ordering: .relaxed)
        var byte: UInt8 = 1
        _ = write(CommandInterrupt.writeEnd.load(ordering: .relaxed), &byte, 1)
        errno = saved
      }, 1, &previous)
    defer {
      cel_restore_sigint(&previous)
      action.withLock { $0 = nil }
    }
    return try body()
  }

  private static let watching = Mutex(false)

  private static func startWatching() -> Bool {
    watching.withLock { started in
      guard !started else { return true }
      var ends: [Int32] = [0, 0]
      guard pipe(&ends) == 0 else { return false }
      writeEnd.store(ends[1], ordering: .sequentiallyConsistent)
      started = true
      let readEnd = ends[0]
      let thread = Thread {
        var byte: UInt8 = 0
        while true {
          let n = read(readEnd, &byte, 1)
          if n < 0 && errno == EINTR { continue }
          guard n > 0 else { return }
          action.withLock { $0 }?()
        }
      }
      // The thread is made with the signals a terminal or a person sends blocked, and keeps them so: a
      // signal sent to the process then always reaches the thread that reads the line. libedit re-sends
      // Ctrl-C's SIGINT from its handler, and this thread took it there, the main thread's read ended
      // before the shell's flag was set, so that Ctrl-C at the prompt could leave the line as it was.
      var asynchronous = sigset_t()
      sigfillset(&asynchronous)
      for fault in [SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT] { sigdelset(&asynchronous, fault) }
      var previous = sigset_t()
      pthread_sigmask(SIG_BLOCK, &asynchronous, &previous)
      thread.start()
      pthread_sigmask(SIG_SETMASK, &previous, nil)
      return true
    }
  }
}
