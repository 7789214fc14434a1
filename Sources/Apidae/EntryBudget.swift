import Foundation

/// The bytes that the threads reading one export may hold at once in inflated entries.
///
/// Each entry is inflated whole, up to `ExportSource.largestEntry`: two workers each holding one of
/// 600 MB took 1.2 GB where one would do. A thread reserves what an entry will take before reading it
/// and releases it once the entry is decoded; it waits only while another holds bytes and the total
/// would pass the limit, so entries of a few megabytes never wait and one larger than the limit goes
/// alone (nothing held, nothing to wait for). A holder never waits for anything while holding: no
/// deadlock. `stop` wakes the waiters for good, when the reading stops early (an error, Ctrl-C).
final class EntryBudget: @unchecked Sendable {
  /// Two entries of the usual few megabytes, and a large `selections.json`, fit together many times over.
  static let standardLimit: UInt64 = 256 << 20

  let limit: UInt64
  private let condition = NSCondition()
  private var held: UInt64 = 0
  private var waiters = 0
  private var stopped = false
  private var mostHeld: UInt64 = 0

  init(limit: UInt64 = EntryBudget.standardLimit) {
    self.limit = limit
  }

  /// Thrown by `spending` once the budget is stopped: the reading is over.
  struct Stopped: Error {}

  /// Takes `bytes`, waiting while others hold bytes and the total would pass the limit; false, with
  /// nothing taken, once the budget is stopped.
  func reserve(_ bytes: UInt64) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    waiters += 1
    while !stopped && held > 0 && held + bytes > limit { condition.wait() }
    waiters -= 1
    guard !stopped else { return false }
    held += bytes
    mostHeld = max(mostHeld, held)
    return true
  }

  /// Gives back what `reserve` took.
  func release(_ bytes: UInt64) {
    condition.lock()
    held -= bytes
    condition.broadcast()
    condition.unlock()
  }

  /// Runs `body` with `bytes` reserved, released however it ends; throws `Stopped` without running it
  /// once the budget is stopped.
  func spending<T>(_ bytes: UInt64, _ body: () throws -> T) throws -> T {
    guard reserve(bytes) else { throw Stopped() }
    defer { release(bytes) }
    return try body()
  }

  /// Every waiting and later `reserve` returns false.
  func stop() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }

  /// What is held now, how many threads wait in `reserve`, and the most ever held (tests).
  var state: (held: UInt64, waiting: Int, mostHeld: UInt64) {
    condition.lock()
    defer { condition.unlock() }
    return (held, waiters, mostHeld)
  }
}
