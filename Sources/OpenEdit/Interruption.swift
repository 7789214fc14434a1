import Foundation
import GRDB
import Synchronization

/// What Ctrl-C stops during a command of the interactive shell: the SQL every open store is running
/// fails with `SQLITE_INTERRUPT` and its transaction is rolled back (DESIGN.md §6: the workspace is as
/// before the command, or as after each export it had finished importing).
public enum Interruption {
  /// The open stores' connections, by store.
  private static let queues = Mutex<[ObjectIdentifier: DatabaseQueue]>([:])
  private static let flag = Atomic<Bool>(false)

  /// Whether `interrupt` was called since the last `reset`.
  public static var requested: Bool { flag.load(ordering: .sequentiallyConsistent) }

  static func register(_ store: Store) {
    queues.withLock { $0[ObjectIdentifier(store)] = store.dbQueue }
  }

  static func unregister(_ store: Store) {
    _ = queues.withLock { $0.removeValue(forKey: ObjectIdentifier(store)) }
  }

  /// Interrupts what every open store is running (from any thread, not from a signal handler).
  public static func interrupt() {
    flag.store(true, ordering: .sequentiallyConsistent)
    for queue in queues.withLock({ Array($0.values) }) { queue.interrupt() }
  }

  public static func reset() { flag.store(false, ordering: .sequentiallyConsistent) }

  /// Throws SQLite's error for an interrupted statement once `interrupt` was called: long loops call it
  /// between items, since SQLite stops only a statement that is running (a sync's thousands of short
  /// inserts would hardly ever be caught in one).
  static func check() throws {
    guard requested else { return }
    throw DatabaseError(resultCode: .SQLITE_INTERRUPT, message: "interrupted")
  }

  /// Whether `error` comes from an interruption: SQLite's for an interrupted statement, or a sync's.
  public static func isInterruption(_ error: Error) -> Bool {
    if case SyncError.interrupted = error { return true }
    return (error as? DatabaseError)?.resultCode == .SQLITE_INTERRUPT
  }
}
