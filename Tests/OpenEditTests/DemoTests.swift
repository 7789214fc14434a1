import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// `oesh demo DIR`: a deterministic territory with a running campaign and a scripted life.
final class DemoTests: XCTestCase {
  func testTwoDemosAreTheSameByteForByte() throws {
    let dir = try temporaryDirectory(self)
    let a = try Demo.create(at: dir.appendingPathComponent("a"))
    let b = try Demo.create(at: dir.appendingPathComponent("b"))
    let filesA = try Self.files(a.url), filesB = try Self.files(b.url)
    XCTAssertEqual(filesA.keys.sorted(), filesB.keys.sorted())
    XCTAssertTrue(filesA.keys.contains { $0.hasPrefix("outbox/") && $0.hasSuffix(".eml") })
    XCTAssertTrue(filesA.keys.contains { $0.hasPrefix("snapshots/") && $0.hasSuffix(".zip") })
    for (name, data) in filesA where name != "state.sqlite" && !name.hasPrefix("state.sqlite-") {
      XCTAssertEqual(data, filesB[name], "\(name) differs")
    }
    let dumpA = try Self.dump(a.store()), dumpB = try Self.dump(b.store())
    XCTAssertGreaterThan(dumpA.count, 250)
    XCTAssertEqual(dumpA, dumpB, "state.sqlite's content differs")
  }

  func testTheStoryAsTheDemoStarts() throws {
    let ws = try Demo.create(at: try temporaryDirectory(self).appendingPathComponent("demo"))
    let store = try ws.store()
    let now = try ws.clock().now()
    XCTAssertEqual(now, Demo.start)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = ws.settings.timeZone
    XCTAssertEqual(calendar.component(.weekday, from: now.date(in: ws.settings.timeZone)), 2, "a Monday")
    XCTAssertEqual(now.hour, 9)

    let fiches = try store.fiches()
    XCTAssertEqual(fiches.count, 62)
    XCTAssertGreaterThanOrEqual(Set(fiches.map(\.type)).count, 12)
    XCTAssertEqual(Set(fiches.compactMap(\.communeName)).count, 8)
    XCTAssertTrue(fiches.contains { $0.name.contains("é") || $0.name.contains("ô") })
    XCTAssertEqual(
      try store.selections().map(\.name), ["Hébergements", "Restaurants et dégustation", "Sites et activités"])
    let noEmail = try store.fiches(FicheFilter(noEmail: true, selections: ["Hébergements"]))
    XCTAssertEqual(noEmail.map(\.id), [5_100_011, 5_100_005, 5_100_016])

    let campaign = try ws.campaign(Demo.campaignTitle)
    XCTAssertEqual(campaign.selectionIds, [DemoTerritory.hebergements])
    let audience = try ws.audience(campaignId: campaign.id).rows
    XCTAssertEqual(audience.count, 19)
    XCTAssertEqual(audience.filter { $0.status == .transmis }.map(\.ficheId).sorted(), Demo.sentBefore)
    let outbox = try FileManager.default.contentsOfDirectory(atPath: ws.outboxURL.path)
    XCTAssertEqual(outbox.filter { $0.hasSuffix(".eml") }.count, 5)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: ws.scriptsURL.path).sorted(),
      ["matin.oesh", "procedure.oesh"])
    // The owner's e-mail change of the first week came with the nightly export of Friday 19.
    XCTAssertEqual(try store.fiche(DemoTerritory.perceNeige).summary.email, "accueil@perce-neige.example")
    XCTAssertEqual(try store.fiche(DemoTerritory.perceNeige).updatedIn.prefix(19), "4242_20270219-0200_")
    XCTAssertTrue(try ApidaeProject(workspace: ws).pending().isEmpty)
    // Every row of the journal names the command that did it, the territory's own life included.
    let unnamed = try store.read { db in
      try String.fetchAll(db, sql: "SELECT kind FROM journal WHERE command IS NULL OR command = ''")
    }
    XCTAssertEqual(unnamed, [])
  }

  /// Each change of the territory's life happens in Apidae at its time and reaches Open Edit only with
  /// the next export; the campaign's audience moves only with actualiser (R3).
  func testTheNextDaysReachOpenEditOnlyThroughExports() throws {
    let ws = try Demo.create(at: try temporaryDirectory(self).appendingPathComponent("demo"))
    let store = try ws.store()
    let project = ApidaeProject(workspace: ws)
    let campaign = try ws.campaign(Demo.campaignTitle)
    XCTAssertThrowsError(try store.fiche(DemoTerritory.aigleBlanc))

    func night() throws -> [ApidaeExportReport] {
      let next = try ws.clock().now().nextDay(at: Clock.morningHour)
      let life = try ApidaeProject.writeNightlyExportIfPending(workspace: ws, at: next)
      try ws.clock().night()
      try ws.sync()
      return life.exports
    }
    // Monday afternoon the hotel opens in Apidae; Open Edit has it on Tuesday morning.
    try ws.clock().set(LocalDateTime(year: 2027, month: 3, day: 1, hour: 16))
    try project.prepare()
    XCTAssertEqual(try project.fiche(DemoTerritory.aigleBlanc).fiche.name, "Hôtel L'Aigle Blanc")
    XCTAssertEqual(try ws.sync().imported, [])
    XCTAssertThrowsError(try store.fiche(DemoTerritory.aigleBlanc))
    let tuesday = try night()
    XCTAssertEqual(tuesday.map { $0.name.time.minuteText }, ["2027-03-02 02:00"])
    XCTAssertEqual(try store.selection("Hébergements").fiches.count, 20)
    XCTAssertEqual(try ws.audience(campaignId: campaign.id).rows.count, 19, "R3: the sync does not touch the campaign")

    // Tuesday: the Galibier's owner changes e-mail, the Vieux Four is hidden; Wednesday the Carrettes is deleted.
    XCTAssertEqual(try night().first?.objects, [DemoTerritory.galibier, DemoTerritory.vieuxFour])
    XCTAssertEqual(try store.fiche(DemoTerritory.galibier).summary.email, "direction@hotel-galibier.example")
    XCTAssertEqual(try store.fiche(DemoTerritory.vieuxFour).summary.state, "HIDDEN")
    XCTAssertEqual(try night().first?.deleted, [DemoTerritory.carrettes])
    XCTAssertEqual(try store.fiche(DemoTerritory.carrettes).summary.state, "DELETED")
    XCTAssertEqual(try night(), [], "nothing happens on Thursday: no export")

    let now = try ws.clock().now().description
    let report = try store.write { db in
      try Campaign.actualiser(db, campaignId: campaign.id, stamp: CampaignStamp(at: now), dryRun: false)
    }
    XCTAssertEqual(report.added, [DemoTerritory.aigleBlanc])
    XCTAssertEqual(
      Set(report.changes.map { [$0.ficheId: $0.to] }),
      [[DemoTerritory.vieuxFour: .masquee], [DemoTerritory.carrettes: .supprimee]])
  }

  /// Every file under `url` by relative path.
  static func files(_ url: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
    while let file = enumerator?.nextObject() as? URL {
      guard (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
      let relative = String(file.standardizedFileURL.path.dropFirst(url.standardizedFileURL.path.count + 1))
      out[relative] = try Data(contentsOf: file)
    }
    return out
  }

  /// Every row of every table, in a stable order, as text.
  static func dump(_ store: Store) throws -> [String] {
    try store.read { db in
      var lines: [String] = []
      let tables = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      for table in tables {
        let columns = try db.columns(in: table).map(\.name)
        let order = (1...columns.count).map(String.init).joined(separator: ", ")
        for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
          lines.append(table + " " + row.description)
        }
      }
      return lines
    }
  }
}
