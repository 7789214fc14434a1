import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// A listing read by two connections at once, one from each end (`Store.ficheListing`): the same
/// bytes as one connection, whoever takes which fiche, and never two states of the database.
final class ListingSplitTests: XCTestCase {
  /// Names that sort together, twice the same name, a name that is the start of another, accents.
  let names = [
    "Hôtel du Lac", "Hôtel du Lac", "Hotel", "Hôtel des Alpes", "Camping Les Pins", "Ábside", "Zénith",
    "hotel du lac bis", "Restaurant l'Œuf", "Gîte Le Hameau", "Gite", "Auberge", "Chalet \"Le Refuge\"",
  ]

  func workspace() throws -> TestWorkspace {
    let t = try TestWorkspace(self)
    var fiches: [Fiche] = []
    for i in 0..<60 {
      let name = names[i % names.count] + (i < names.count ? "" : " \(i / names.count)")
      fiches.append(
        fiche(1000 - i * 7, name, commune: i % 3 == 0 ? nil : 1, email: i % 4 == 0 ? nil : "a\(i)@x.invalid"))
    }
    try t.export(
      TestWorkspace.name(day: 1), fiches: fiches,
      selections: [
        Selection(id: 10, name: "Hôtels", ficheIds: fiches.filter { $0.id % 2 == 0 }.map(\.id)),
        Selection(id: 11, name: "Été", ficheIds: fiches.filter { $0.id % 3 == 0 }.map(\.id)),
        Selection(id: 7, name: "Tout", ficheIds: fiches.map(\.id)),
      ], communes: testCommunes)
    try t.workspace.sync()
    return t
  }

  /// A fiche as text, from what `fiches(_:withSelections:)` gives.
  static func line(_ f: FicheSummary) -> String {
    "\(f.id)|\(f.name)|\(f.type)|\(f.communeName ?? f.communeCode ?? "-")|\(f.email ?? "-")|\(f.state)|"
      + "\(f.ownerName ?? "-")|\((f.selectionIds ?? []).map(String.init).joined(separator: ","))"
  }

  /// The same line, from the bytes `ficheListing` hands over.
  static func line(_ row: FicheRowBytes) -> String {
    func text(_ b: UnsafeBufferPointer<UInt8>?) -> String { b.map { String(decoding: $0, as: UTF8.self) } ?? "-" }
    return "\(row.id)|\(text(row.name))|\(text(row.type))|\(text(row.commune))|\(text(row.email))|"
      + "\(text(row.state))|\(text(row.owner))|\(row.selectionIds.map(String.init).joined(separator: ","))"
  }

  func listing(_ store: Store, _ filter: FicheFilter, _ split: ListingSplit) throws -> String {
    var out: [UInt8] = []
    try store.ficheListing(filter, into: &out, separator: Array("\n".utf8), split: split) { bytes, row in
      bytes += Array(ListingSplitTests.line(row).utf8)
    }
    return String(decoding: out, as: UTF8.self)
  }

  let filters = [
    FicheFilter(), FicheFilter(searches: ["hotel"]), FicheFilter(searches: ["gite"]), FicheFilter(noEmail: true),
    FicheFilter(types: ["hotellerie"]), FicheFilter(searches: ["aucune"]), FicheFilter(selections: ["Été"]),
    FicheFilter(communes: ["Annecy"]), FicheFilter(searches: ["hotel du  lac"]),
  ]

  func testEveryWayOfReadingGivesTheListing() throws {
    let store = try workspace().workspace.store()
    var first = ListingSplit(minimumPages: 0)
    first.firstWaitsForSecond = false
    var second = ListingSplit(minimumPages: 0)
    second.firstWaitsForSecond = true
    var listed = 0
    for filter in filters {
      let expected = try store.fiches(filter, withSelections: true).map(ListingSplitTests.line)
      listed += expected.count
      for split in [ListingSplit.never, first, second] {
        XCTAssertEqual(
          try listing(store, filter, split), expected.joined(separator: "\n"),
          "\(filter), \(split.minimumPages) \(split.firstWaitsForSecond)")
      }
    }
    XCTAssertGreaterThan(listed, 100)
  }

  /// A commit between the moments the two connections begin reading: the second one must not read,
  /// or the fiches it took would come from the other state. The first one waits for it, so that
  /// without the check it would take every fiche.
  func testACommitBetweenTheTwoSnapshotsLeavesTheFirstConnectionAlone() throws {
    let t = try workspace()
    let store = try t.workspace.store()
    let before = try listing(store, FicheFilter(), .never)
    let path = store.url.path
    var split = ListingSplit(minimumPages: 0)
    split.firstWaitsForSecond = true
    split.beforeSecondReads = {
      let other = try! DatabaseQueue(path: path)
      try! other.write { db in try db.execute(sql: "UPDATE fiche SET name = name || ' (changé)'") }
    }
    XCTAssertEqual(try listing(store, FicheFilter(), split), before)
    XCTAssertTrue(try listing(store, FicheFilter(), .never).contains("(changé)"))
  }

  /// The two ends meet once whatever the order their claims come in: every fiche is taken by one.
  func testTheTwoEndsTakeEachFicheOnce() {
    let keys: [([UInt8], Int)] = [
      ([], 1), (Array("a".utf8), 3), (Array("a".utf8), 4), (Array("ab".utf8), 2), (Array("b".utf8), 1),
      (Array("é".utf8), 9), (Array("é".utf8), 10),
    ]
    var schedules = 0
    // Every interleaving of the two ends' steps (bit i of the schedule: who takes step i).
    for n in 1...keys.count {
      let part = Array(keys.prefix(n))
      for schedule in 0..<(1 << (2 * n)) {
        let meeting = Meeting()
        var next = [0, part.count - 1]  // the next key each end claims: forwards, backwards
        var stopped = [false, false]
        var taken = [Int](repeating: 0, count: part.count)
        /// One claim by an end (0 forwards, 1 backwards), if it has not stopped.
        func step(_ end: Int) {
          guard !stopped[end], part.indices.contains(next[end]) else { return }
          let (name, id) = part[next[end]]
          let took = name.withUnsafeBufferPointer {
            end == 0 ? meeting.claimForwards($0, id) : meeting.claimBackwards($0, id)
          }
          guard took else {
            stopped[end] = true
            return
          }
          taken[next[end]] += 1
          next[end] += end == 0 ? 1 : -1
        }
        for i in 0..<(2 * n) { step(schedule >> i & 1) }
        // Whoever is left finishes alone.
        for _ in part { step(0) }
        for _ in part { step(1) }
        XCTAssertEqual(taken, [Int](repeating: 1, count: part.count), "\(n) keys, schedule \(schedule)")
        schedules += 1
      }
    }
    XCTAssertGreaterThan(schedules, 20000)
  }
}
