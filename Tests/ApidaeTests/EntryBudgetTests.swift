import Foundation
import XCTest

@testable import Apidae

/// The threads reading an export hold entries' bytes within one budget: a reservation waits only while
/// another holds bytes and the total would pass the limit, one larger than the limit goes alone, and
/// `stop` wakes whoever waits. Threads meet on conditions with deadlines, never on sleeps.
final class EntryBudgetTests: XCTestCase {
  /// Runs `reserve(bytes)` on a thread of its own; `result` gives its answer once it has one.
  private final class Reservation: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var answer: Bool?

    init(_ budget: EntryBudget, _ bytes: UInt64) {
      Thread {
        let answer = budget.reserve(bytes)
        self.lock.withLock { self.answer = answer }
        self.done.signal()
      }.start()
    }

    var hasAnswered: Bool { lock.withLock { answer != nil } }

    /// The answer, or nil when it has not come within 10 s (a reservation stuck for good).
    func result() -> Bool? {
      guard done.wait(timeout: .now() + 10) == .success else { return nil }
      return lock.withLock { answer }
    }
  }

  /// Waits (10 s at most) until `count` threads wait in `reserve`.
  private func waitUntil(_ budget: EntryBudget, waiting count: Int, file: StaticString = #filePath, line: UInt = #line)
  {
    let deadline = Date().addingTimeInterval(10)
    while budget.state.waiting != count && Date() < deadline { usleep(1_000) }
    XCTAssertEqual(budget.state.waiting, count, "threads waiting in reserve", file: file, line: line)
  }

  func testASecondReservationWaitsUntilTheFirstIsReleased() {
    let budget = EntryBudget(limit: 100)
    XCTAssertEqual(Reservation(budget, 60).result(), true)
    let second = Reservation(budget, 60)
    waitUntil(budget, waiting: 1)
    XCTAssertFalse(second.hasAnswered, "60 + 60 bytes passed a limit of 100")
    XCTAssertEqual(budget.state.held, 60)
    budget.release(60)
    XCTAssertEqual(second.result(), true)
    XCTAssertEqual(budget.state.held, 60)
    XCTAssertEqual(budget.state.mostHeld, 60)
  }

  /// Entries of a few megabytes, as an export's are, never wait for one another.
  func testReservationsWithinTheLimitDoNotWait() {
    let budget = EntryBudget()
    for _ in 0..<3 { XCTAssertEqual(Reservation(budget, 6 << 20).result(), true) }
    XCTAssertEqual(budget.state.held, 18 << 20)
    XCTAssertEqual(budget.state.waiting, 0)
  }

  /// An entry larger than the whole budget goes when nothing else is held, and then alone.
  func testAReservationLargerThanTheLimitGoesAlone() {
    let budget = EntryBudget(limit: 100)
    XCTAssertEqual(Reservation(budget, 1_000).result(), true)
    let small = Reservation(budget, 1)
    waitUntil(budget, waiting: 1)
    XCTAssertFalse(small.hasAnswered)
    budget.release(1_000)
    XCTAssertEqual(small.result(), true)
    // And the large one waits for the small one, then goes.
    let large = Reservation(budget, 1_000)
    waitUntil(budget, waiting: 1)
    XCTAssertFalse(large.hasAnswered)
    budget.release(1)
    XCTAssertEqual(large.result(), true)
    XCTAssertEqual(budget.state.mostHeld, 1_000)
  }

  func testStopWakesTheWaitersAndRefusesLaterReservations() {
    let budget = EntryBudget(limit: 100)
    XCTAssertTrue(budget.reserve(80))
    let waiters = [Reservation(budget, 50), Reservation(budget, 500)]
    waitUntil(budget, waiting: 2)
    budget.stop()
    XCTAssertEqual(waiters.map { $0.result() }, [false, false])
    XCTAssertFalse(budget.reserve(1))
    XCTAssertThrowsError(try budget.spending(1) { XCTFail("ran after stop") }) { error in
      XCTAssertTrue(error is EntryBudget.Stopped)
    }
    XCTAssertEqual(budget.state.held, 80)
  }

  func testSpendingReleasesWhenItsBodyThrows() {
    struct Failed: Error {}
    let budget = EntryBudget(limit: 100)
    XCTAssertThrowsError(
      try budget.spending(70) {
        XCTAssertEqual(budget.state.held, 70)
        throw Failed()
      })
    XCTAssertEqual(budget.state.held, 0)
  }
}

/// An export read by two workers within a budget: the same parts however small the budget, never two
/// entries held at once when each is over it, and nothing left held when the read ends, an entry failing
/// or the consumer stopping early.
final class ExportReadingBudgetTests: XCTestCase {
  static let name = "3126_20240501-0200_Budget"
  static let objectEntries = (1...6).map { "objets_modifies/objets_modifies-\($0).json" }

  /// Entries of different sizes: communes, deletions, sélections and six object entries.
  private func entries(breaking broken: String? = nil) -> [(String, [UInt8])] {
    var entries: [(String, [UInt8])] = [
      ("communes.json", #"[{"id": 1, "code": "73001", "nom": "Aime", "codePostal": "73210"}]"#.bytes),
      ("objets_supprimes.json", "[5, 6]".bytes),
      ("selections.json", #"[{"id": 1, "nom": "S", "objetsTouristiques": [{"type": "ACTIVITE", "id": 1}]}]"#.bytes),
    ]
    for (index, entry) in Self.objectEntries.enumerated() {
      let objects = (0..<(1 + 40 * index)).map { n in
        #"{"type": "ACTIVITE", "id": \#(100 * index + n + 1), "nom": {"libelleFr": "Fiche \#(n)"}}"#
      }
      entries.append(
        (entry, entry == broken ? "[{\"id\": true}]".bytes : ("[" + objects.joined(separator: ",") + "]").bytes))
    }
    return entries
  }

  private func exports(breaking broken: String? = nil) throws -> [URL] {
    let directory = try scratchDirectory(self)
    return [
      try writeZip(directory.appendingPathComponent(Self.name + ".zip"), entries(breaking: broken)),
      try writeFolder(
        directory.appendingPathComponent("folder").appendingPathComponent(Self.name), entries(breaking: broken)),
    ]
  }

  /// Everything a read delivers, in order, as text to compare.
  private func parts(
    of url: URL, whole: Bool = true, workers: Int = 2, budget: EntryBudget = EntryBudget()
  ) throws -> [String] {
    var reader = try ExportReader(url: url)
    reader.readsWholeEntries = whole
    var parts: [String] = []
    try reader.read(workers: workers, keepRaw: true, budget: budget) { parts.append("\($0)") }
    return parts
  }

  func testABudgetSmallerThanEveryEntryReadsTheSameOneEntryAtATime() throws {
    for url in try exports() {
      let expected = try parts(of: url, workers: 1)
      XCTAssertEqual(expected.count, 3 + Self.objectEntries.count, url.lastPathComponent)
      for whole in [true, false] {
        let budget = EntryBudget(limit: 1)
        XCTAssertEqual(try parts(of: url, whole: whole, budget: budget), expected, url.lastPathComponent)
        let source = try ExportSource(url: url, isFolder: url.pathExtension != "zip", export: Self.name)
        let largest = try XCTUnwrap(source.entryNames.map(source.bytesToRead).max())
        XCTAssertGreaterThan(largest, 1)
        // Every entry is over the limit: each was held alone.
        XCTAssertEqual(budget.state.mostHeld, largest, url.lastPathComponent)
        XCTAssertEqual(budget.state.held, 0)
        XCTAssertEqual(budget.state.waiting, 0)
      }
      XCTAssertEqual(try parts(of: url), expected, url.lastPathComponent)
    }
  }

  /// What `bytesToRead` says covers what an entry takes: its inflated bytes, with the compressed ones
  /// of a deflated zip entry.
  func testBytesToReadCoversTheEntry() throws {
    for url in try exports() {
      let isFolder = url.pathExtension != "zip"
      let source = try ExportSource(url: url, isFolder: isFolder, export: Self.name)
      for (name, content) in entries() {
        let bytes = source.bytesToRead(name)
        XCTAssertGreaterThanOrEqual(bytes, UInt64(content.count), name)
        if isFolder { XCTAssertEqual(bytes, UInt64(content.count), name) }
        XCTAssertEqual(try source.read(name), content, name)
      }
      XCTAssertEqual(source.bytesToRead("objets_modifies/none.json"), 0)
    }
  }

  func testAFailingEntryLeavesNothingHeldAndIsReported() throws {
    let broken = Self.objectEntries[2]
    for url in try exports(breaking: broken) {
      for limit: UInt64 in [1, EntryBudget.standardLimit] {
        let budget = EntryBudget(limit: limit)
        XCTAssertThrowsError(try parts(of: url, budget: budget)) { error in
          XCTAssertEqual((error as? ExportError)?.entry, broken)
        }
        XCTAssertEqual(budget.state.held, 0, url.lastPathComponent)
        XCTAssertEqual(budget.state.waiting, 0, url.lastPathComponent)
      }
    }
  }

  /// The consumer stops after the second object entry (an error, Ctrl-C): the workers, waiting for
  /// the budget or ahead of the consumer, end, and nothing stays held.
  func testAConsumerThatStopsEarlyLeavesNothingHeld() throws {
    struct Stop: Error {}
    for url in try exports() {
      let budget = EntryBudget(limit: 1)
      var batches = 0
      XCTAssertThrowsError(
        try ExportReader(url: url).read(workers: 2, keepRaw: false, budget: budget) { part in
          guard case .fiches = part else { return }
          batches += 1
          if batches == 2 { throw Stop() }
        }
      ) { error in XCTAssertTrue(error is Stop) }
      XCTAssertEqual(batches, 2)
      XCTAssertEqual(budget.state.held, 0, url.lastPathComponent)
      XCTAssertEqual(budget.state.waiting, 0, url.lastPathComponent)
    }
  }
}
