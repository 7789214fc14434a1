import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// Text from an export is kept whole, control characters included: a NUL (`\u0000` in the JSON) does not
/// cut a name or an e-mail short on its way through the store, so an address that holds one stays invalid.
final class ControlCharacterTests: XCTestCase {
  let hostileEmail = "victim@x.example\u{0}, evil@attacker.example"
  let hostileName = "Hôtel\u{0} du Lac caché"

  private func synced() throws -> TestWorkspace {
    let t = try TestWorkspace(self)
    try t.export(
      TestWorkspace.name(day: 1),
      fiches: [fiche(101, hostileName, email: hostileEmail), fiche(102, "Gîte\u{0}", email: "gite@example.org")],
      selections: [Selection(id: 49001, name: "Hébergements\u{0} cachés", ficheIds: [101, 102])],
      communes: testCommunes)
    try t.workspace.sync()
    return t
  }

  func testANulInANameOrAnEmailIsStoredAndReadWhole() throws {
    let t = try synced()
    let store = try t.store
    let card = try store.fiche(101)
    XCTAssertEqual(card.summary.name, hostileName)
    XCTAssertEqual(card.summary.email, hostileEmail)
    XCTAssertEqual(try store.fiches().map(\.name), ["Gîte\u{0}", hostileName])
    XCTAssertEqual(try store.fiches(FicheFilter(searches: ["caché"])).map(\.id), [101])
    XCTAssertEqual(try store.selections().map(\.name), ["Hébergements\u{0} cachés"])
    // A second import of the same fiches finds them unchanged.
    try t.export(
      TestWorkspace.name(day: 2),
      fiches: [fiche(101, hostileName, email: hostileEmail)],
      selections: [Selection(id: 49001, name: "Hébergements\u{0} cachés", ficheIds: [101, 102])])
    let second = try XCTUnwrap(t.workspace.sync().imported.first)
    XCTAssertEqual(second.changes.modified, [])
  }

  func testAnAddressHoldingANulIsInvalidEverywhereAndGetsNoEmail() throws {
    let t = try synced()
    let campaign = try t.workspace.createCampaign(title: "Été", selections: ["49001"], command: nil).campaign
    let audience = try t.workspace.audience(campaignId: campaign.id).rows
    let hostile = try XCTUnwrap(audience.first { $0.ficheId == 101 })
    XCTAssertEqual(hostile.name, hostileName)
    XCTAssertEqual(hostile.email, hostileEmail)
    XCTAssertFalse(hostile.reachable)
    XCTAssertEqual(try t.workspace.sendableFicheIds(campaignId: campaign.id), [102])
    try (try t.store).read { db in
      XCTAssertEqual(
        try MailOutbox.refusal(db, campaignId: campaign.id, ficheId: 101), .invalidEmail(hostileEmail))
      let facts = try Why.facts(db, campaignId: campaign.id, ficheId: 101, pendingExportsContaining: [])
      XCTAssertEqual(facts.fiche?.email, hostileEmail)
    }
    XCTAssertThrowsError(try t.workspace.send(campaignId: campaign.id, ficheIds: [101], dryRun: false, command: nil)) {
      XCTAssertEqual(
        $0 as? MailSendError, .refused([SendRefusal(ficheId: 101, reason: .invalidEmail(hostileEmail))]))
    }
    let report = try t.workspace.sendAll(campaignId: campaign.id, dryRun: false, command: nil)
    XCTAssertEqual(report.sent.map(\.ficheId), [102])
    XCTAssertEqual(report.refused, [SendRefusal(ficheId: 101, reason: .invalidEmail(hostileEmail))])
  }

  /// `diff pending` and `actualiser` name the fiches they list as `sync` does: whole (they read names as
  /// C strings and said «5200001 Hôtel»).
  func testDiffPendingAndActualiserNameAFicheWhole() throws {
    let t = try TestWorkspace(self)
    let selectionName = "Hébergements\u{0} cachés"
    try t.export(
      TestWorkspace.name(day: 1), fiches: [fiche(102, "Gîte")],
      selections: [Selection(id: 49001, name: selectionName, ficheIds: [102])], communes: testCommunes)
    try t.workspace.sync()
    let campaign = try t.workspace.createCampaign(title: "Été", selections: ["49001"], command: nil).campaign
    XCTAssertEqual(campaign.selections.map(\.name), [selectionName])
    try t.export(
      TestWorkspace.name(day: 2), fiches: [fiche(5_200_001, hostileName)],
      selections: [Selection(id: 49001, name: selectionName, ficheIds: [102, 5_200_001])])

    let pending = try t.workspace.diffPending().changes
    XCTAssertEqual(pending.created, [5_200_001])
    XCTAssertEqual(pending.names[5_200_001], hostileName)
    XCTAssertEqual(pending.selections.map(\.name), [selectionName])

    let synced = try XCTUnwrap(t.workspace.sync().imported.first).changes
    XCTAssertEqual(synced.names[5_200_001], hostileName)
    let dryRun = try t.workspace.actualiser(campaignId: campaign.id, dryRun: true, command: nil)
    XCTAssertEqual(dryRun.added, [5_200_001])
    XCTAssertEqual(try t.workspace.ficheNames(dryRun.added), [5_200_001: hostileName])
    XCTAssertEqual(try t.workspace.actualiser(campaignId: campaign.id, dryRun: false, command: nil).added, [5_200_001])

    // The other reads of names: a fiche or a sélection found by name, a fiche's sélections, the journal,
    // completion.
    let store = try t.store
    XCTAssertEqual(try store.ficheId(FicheRef("lac caché")), 5_200_001)
    XCTAssertEqual(try store.resolveSelection("cachés").name, selectionName)
    XCTAssertEqual(try store.fiche(5_200_001).selections.map(\.name), [selectionName])
    XCTAssertEqual(try t.workspace.campaign(id: campaign.id).selections.map(\.name), [selectionName])
    XCTAssertTrue(
      try t.workspace.journal(ficheId: 5_200_001, campaignId: nil).contains {
        $0.kind == "selection.entered" && $0.detail == "49001 \(selectionName)"
      })
    XCTAssertEqual(t.workspace.completionCandidates(.ficheName, prefix: "hôtel"), [hostileName])
    XCTAssertEqual(t.workspace.completionCandidates(.selectionName, prefix: ""), [selectionName])
    XCTAssertEqual(t.workspace.ficheCandidates("5200").map(\.name), [hostileName])
    XCTAssertEqual(t.workspace.ficheCandidates(named: "lac").map(\.name), [hostileName])
  }

  /// A modification names the fields it changed, a type or a commune code holding a NUL compared whole:
  /// read as C strings, they were «changed» at each new version of the fiche (sync said «(type)» and
  /// «(commune)» of a new description), and `diff` missed a change after the NUL.
  func testAModificationComparesATypeAndACommuneCodeWhole() throws {
    let t = try TestWorkspace(self)
    let members = [Selection(id: 10, name: "Tout", ficheIds: [1, 2])]
    // The type as Fiche holds it, the code as the JSON escapes it.
    func object(_ type: String, code: String, modified: String) -> [[UInt8]] {
      [
        fiche(1, "Gîte", type: type, modified: modified).exportJSON(),
        Array(
          #"{"type": "RESTAURATION", "id": 2, "state": "PUBLISHED", "nom": {"libelleFr": "Bistro"}, "#.utf8)
          + Array(#""gestion": {"dateModification": "\#(modified)"}, "#.utf8)
          + Array(#""localisation": {"adresse": {"commune": {"id": 7, "code": "\#(code)", "nom": "Aix"}}}}"#.utf8),
      ]
    }
    for (day, type, code, modified) in [
      (1, "HOTEL\u{0}LERIE", "73\\u00008", "2024-03-01T10:00:00.000+0000"),
      (2, "HOTEL\u{0}LERIE", "73\\u00008", "2024-03-02T10:00:00.000+0000"),
      (3, "HOTEL\u{0}LERIX", "73\\u00009", "2024-03-02T10:00:00.000+0000"),
    ] {
      let writer = try ExportWriter(
        directory: t.workspace.snapshotsURL, name: TestWorkspace.name(day: day), asZip: true)
      try writer.addObjects(object(type, code: code, modified: modified))
      writer.setSelections(members)
      try writer.finish()
    }
    let (day1, day2, day3) = (TestWorkspace.name(day: 1), TestWorkspace.name(day: 2), TestWorkspace.name(day: 3))
    let other: [Int: [FicheField]] = [1: [], 2: []]
    let typeAndCommune: [Int: [FicheField]] = [1: [.type], 2: [.commune]]
    XCTAssertEqual(try t.workspace.diff(from: day1.stem, to: day2.stem).changes.modifiedFields, other)
    XCTAssertEqual(try t.workspace.diff(from: day2.stem, to: day3.stem).changes.modifiedFields, typeAndCommune)
    let imported = try t.workspace.sync().imported
    XCTAssertEqual(imported.map(\.changes.modifiedFields), [[:], other, typeAndCommune])
  }

  func testAddressesWithControlCharactersAreInvalid() {
    for bad in [hostileEmail, "a\u{0}@example.org", "a@example.org\u{0}", "a@exa\u{7}mple.org", "a\u{7f}@example.org"] {
      XCTAssertNil(MailAddress.checked(bad), bad.debugDescription)
    }
  }
}
