import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// The simulated Apidae project: sélections by filters, edits, and exports written in the format Open Edit
/// reads. Nothing reaches Open Edit's state except through an export and `sync`.
final class ApidaeProjectTests: XCTestCase {
  static let communes = [
    ApidaeCommune(id: 1, code: "73008", name: "Aix-les-Bains", postalCode: "73100"),
    ApidaeCommune(id: 2, code: "73065", name: "Chambéry", postalCode: "73000"),
  ]

  /// A project at Monday 2027-03-01 09:00 with three hotels, a camping and a restaurant; «Hébergements»
  /// selects hotels by filter; a first réinitialisation export written and synced.
  func makeProject() throws -> (TestWorkspace, ApidaeProject) {
    let ws = try TestWorkspace(self, clock: "2027-03-01 09:00")
    let project = ApidaeProject(workspace: ws.workspace)
    let fiches = [
      fiche(101, "Hôtel du Lac", commune: 1),
      fiche(102, "Hôtel des Alpes", commune: 2),
      fiche(103, "Le Relais", commune: 2, email: nil),
      fiche(201, "Camping Les Mélèzes", type: "HOTELLERIE_PLEIN_AIR", commune: 1),
      fiche(301, "Chez Léon", type: "RESTAURATION", commune: 2),
    ]
    try project.start(
      projectId: OpenEditFixtures.projectId, communes: Self.communes, fiches: fiches,
      selections: [
        ApidaeSelection(id: 10, name: "Hébergements", filter: ApidaeFilter(types: ["HOTELLERIE"])),
        ApidaeSelection(id: 20, name: "Restaurants", filter: ApidaeFilter(types: ["RESTAURATION"])),
      ])
    try project.writeExport(
      at: LocalDateTime(year: 2027, month: 2, day: 15, hour: 2), ponctuel: false, reinitialisation: true)
    try ws.workspace.sync()
    return (ws, project)
  }

  /// An export the project writes (`nuit`, `apidae calcul`) puts its sidecar and zip in place under
  /// `snapshots/`'s lock, as an import does: another shell listing the folder between the two saw the
  /// sidecar alone («notification sans export de ce nom»). Here the other shell is listing: the export
  /// waits for it.
  func testAnExportWrittenWaitsForAnotherShellListingSnapshots() throws {
    let (ws, project) = try makeProject()
    let other = try Workspace.open(at: ws.url)
    let listing = DispatchSemaphore(value: 0)
    let listed = DispatchSemaphore(value: 0)
    let ended = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      other.withSnapshotsLock(exclusive: false) {
        listing.signal()
        _ = listed.wait(timeout: .now() + 10)
      }
      ended.signal()
    }
    listing.wait()
    nonisolated(unsafe) var waited = false
    ws.workspace.snapshotsSteps = { step in
      guard step == .waitingForLock else { return }
      waited = true
      listed.signal()
    }
    try project.apply(.editSelection(id: 10, edit: ApidaeSelectionEdit(addTypes: ["HOTELLERIE_PLEIN_AIR"])))
    let report = try XCTUnwrap(try project.calcul())
    listed.signal()
    XCTAssertEqual(ended.wait(timeout: .now() + 10), .success)
    XCTAssertTrue(waited, "the export was put in place while another shell was listing snapshots/")
    XCTAssertEqual(try other.snapshotFolder().exports.last?.name, report.name)
  }

  func testAFilterChangeIsPendingUntilAnExportAndReachesOpenEditOnlyThroughSync() throws {
    let (ws, project) = try makeProject()
    XCTAssertEqual(try ws.memberships()[10], [101, 102, 103])
    XCTAssertTrue(try project.pending().isEmpty)

    try project.apply(.editSelection(id: 10, edit: ApidaeSelectionEdit(addTypes: ["HOTELLERIE_PLEIN_AIR"])))
    let state = try project.selection("hébergements")
    XCTAssertEqual(state.members, [101, 102, 103, 201])
    XCTAssertEqual(state.entering, [201])
    XCTAssertEqual(try project.pending().selections.map(\.selection.id), [10])
    // Open Edit does not have it: no export yet, so a sync imports nothing.
    XCTAssertTrue(try ws.workspace.sync().imported.isEmpty)
    XCTAssertEqual(try ws.memberships()[10], [101, 102, 103])

    let report = try XCTUnwrap(try project.calcul())
    XCTAssertTrue(report.ponctuel)
    XCTAssertFalse(report.reinitialisation)
    XCTAssertEqual(report.name.stem.prefix(19), "1234_20270301-0900_")
    XCTAssertEqual(report.objects, [], "a filter change carries no object, only selections.json")
    let sidecar = ws.workspace.snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: report.name))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: sidecar)) as? [String: Any]
    XCTAssertEqual(json?["ponctuel"] as? Bool, true)
    XCTAssertEqual(json?["reinitialisation"] as? Bool, false)
    XCTAssertTrue(try project.pending().isEmpty)

    let sync = try ws.workspace.sync()
    XCTAssertEqual(sync.imported.map(\.name), [report.name])
    XCTAssertEqual(try ws.memberships()[10], [101, 102, 103, 201])
    XCTAssertNil(try project.calcul(), "nothing pending: no export")
  }

  func testFicheEditsHideAndDeleteTravelAsADifferentialExport() throws {
    let (ws, project) = try makeProject()
    try project.apply(.editFiche(id: 103, name: nil, email: "relais@example.invalid"))
    try project.apply(.setState(id: 102, state: "HIDDEN"))
    try project.apply(.setState(id: 301, state: "DELETED"))
    let created = try project.apply(
      .createFiche(ApidaeNewFiche(type: "HOTELLERIE", name: "Hôtel Neuf", communeId: 1, email: "neuf@example.invalid")))
    XCTAssertEqual(created, 301 + 1, "the next free id")
    XCTAssertEqual(try project.selection("Hébergements").entering, [302])
    XCTAssertThrowsError(try project.apply(.editFiche(id: 301, name: "x", email: nil))) {
      XCTAssertEqual($0 as? ApidaeError, .ficheDeleted(301))
    }

    let report = try XCTUnwrap(try project.calcul())
    XCTAssertEqual(report.objects, [102, 103, 302])
    XCTAssertEqual(report.deleted, [301])
    let contents = try ExportReader(url: ws.workspace.snapshotsURL.appendingPathComponent(report.fileName)).readAll()
    XCTAssertEqual(contents.deleted, [301])
    XCTAssertEqual(contents.fiches.first { $0.id == 103 }?.email, "relais@example.invalid")
    XCTAssertEqual(contents.fiches.first { $0.id == 102 }?.state, "HIDDEN")
    XCTAssertEqual(contents.selections.first { $0.id == 20 }?.ficheIds, [], "a deleted fiche leaves its sélections")
    // Apidae stamps each change (and a creation) with the time it was made, in the workspace's zone.
    for id in [102, 103, 302] {
      XCTAssertEqual(contents.fiches.first { $0.id == id }?.dateModification, "2027-03-01T09:00:00.000+0100")
    }

    let sync = try ws.workspace.sync()
    let changes = try XCTUnwrap(sync.imported.first?.changes)
    XCTAssertEqual(changes.created, [302])
    XCTAssertEqual(changes.modified, [103])
    XCTAssertEqual(changes.hidden, [102])
    XCTAssertEqual(changes.deleted, [301])
    XCTAssertEqual(try ws.workspace.store().fiche(103).summary.email, "relais@example.invalid")
  }

  func testTheNightWritesTheNightlyExportAt0200WithTheChangesOfTheDay() throws {
    let (ws, project) = try makeProject()
    let monday = LocalDateTime(year: 2027, month: 3, day: 1, hour: 14)
    try project.schedule(
      .createFiche(ApidaeNewFiche(id: 900, type: "HOTELLERIE", name: "Hôtel des Cimes", communeId: 2)), at: monday)
    try project.schedule(.setState(id: 101, state: "HIDDEN"), at: monday.nextDay(at: 5))
    // Before the event's time, nothing happened in Apidae.
    try project.prepare()
    XCTAssertThrowsError(try project.fiche(900))

    let tuesday = LocalDateTime(year: 2027, month: 3, day: 2, hour: 8)
    let life = try project.live(until: tuesday)
    XCTAssertEqual(life.exports.map(\.name.stem.count), [25])
    let nightly = try XCTUnwrap(life.exports.first)
    XCTAssertEqual(nightly.name.time, LocalDateTime(year: 2027, month: 3, day: 2, hour: 2))
    XCTAssertFalse(nightly.ponctuel)
    XCTAssertEqual(nightly.objects, [900], "the 05:00 masquage happened after the export")
    XCTAssertEqual(life.events.count, 2)
    XCTAssertEqual(try project.fiche(101).fiche.state, "HIDDEN")
    XCTAssertTrue(try project.fiche(101).pending, "waits for the next night")

    try ws.workspace.clock().night()
    try ws.workspace.sync()
    XCTAssertEqual(try ws.memberships()[10], [101, 102, 103, 900])
    XCTAssertEqual(try ws.ficheStates()[101], "PUBLISHED")
    // A second night carries the masquage; a third has nothing to send.
    XCTAssertEqual(try project.live(until: tuesday.nextDay(at: 8)).exports.first?.objects, [101])
    XCTAssertEqual(try project.live(until: tuesday.addingDays(2)).exports, [])
  }

  func testExportsOfTheSameMinuteKeepTheirOrder() throws {
    let (_, project) = try makeProject()
    try project.apply(.editFiche(id: 101, name: "Hôtel du Lac (rénové)", email: nil))
    let first = try XCTUnwrap(try project.calcul())
    try project.apply(.editFiche(id: 102, name: "Hôtel des Alpes (rénové)", email: nil))
    let second = try XCTUnwrap(try project.calcul())
    XCTAssertEqual(first.name.time, second.name.time)
    XCTAssertLessThan(first.name, second.name)
  }

  /// With the clock set back before an export imported (or written by the project), Apidae writes no export dated before it: a
  /// calcul is refused, nothing written and the change still pending; a night before it writes nothing, the
  /// change waiting for the first night after it. Such an export came late to the sync, which keeps no
  /// sélection of a late export: a fiche excluded by hand stayed in Open Edit's sélection, while Apidae
  /// said the sélection exported («Open Edit a les mêmes fiches depuis le dernier export»).
  func testNoExportIsDatedBeforeAnExportImportedOrWritten() throws {
    let (ws, project) = try makeProject()
    try project.apply(.setState(id: 301, state: "HIDDEN"))
    let newest = try XCTUnwrap(try project.calcul())
    XCTAssertEqual(try ws.workspace.sync().imported.map(\.name), [newest.name])
    let back = LocalDateTime(year: 2027, month: 2, day: 20, hour: 9)
    try ws.workspace.clock().set(back)

    try project.apply(.editSelection(id: 10, edit: ApidaeSelectionEdit(exclude: [102])))
    XCTAssertThrowsError(try project.calcul()) {
      XCTAssertEqual($0 as? ApidaeError, .clockBeforeExport(newest.name, clock: back))
    }
    XCTAssertEqual(try ws.workspace.snapshotFolder().exports.last?.name, newest.name, "nothing written")
    XCTAssertEqual(try project.pending().selections.map(\.selection.id), [10])

    let nights = try project.live(until: LocalDateTime(year: 2027, month: 3, day: 2, hour: 8))
    XCTAssertEqual(nights.exports.map(\.name.time), [LocalDateTime(year: 2027, month: 3, day: 2, hour: 2)])
    try ws.workspace.clock().set(LocalDateTime(year: 2027, month: 3, day: 2, hour: 8))
    XCTAssertEqual(try ws.workspace.sync().imported.map(\.name), nights.exports.map(\.name))
    XCTAssertEqual(try ws.memberships()[10], [101, 103])
    XCTAssertTrue(try project.pending().isEmpty)
  }

  /// Written exports read back to the same data, and open with Python's zipfile and json, their entries dated
  /// at the export's local time.
  func testWrittenExportsReadBackAndOpenWithPython() throws {
    let (ws, project) = try makeProject()
    let url = ws.workspace.snapshotsURL.appendingPathComponent(try project.writtenExports()[0] + ".zip")
    let contents = try ExportReader(url: url).readAll()
    let expected = try project.fiches(withRaw: true).map(\.fiche)
    XCTAssertEqual(contents.fiches.sorted { $0.id < $1.id }.map(\.id), expected.map(\.id).sorted())
    for f in expected {
      let read = try XCTUnwrap(contents.fiches.first { $0.id == f.id })
      XCTAssertEqual([read.name, read.type, read.state, read.email], [f.name, f.type, f.state, f.email])
      XCTAssertEqual(read.communeId, f.communeId)
      XCTAssertEqual(read.raw, f.raw)
    }
    XCTAssertEqual(
      contents.selections.map { [$0.id: $0.ficheIds] }, [[10: [101, 102, 103]], [20: [301]]])
    XCTAssertEqual(contents.communes.map(\.name), ["Aix-les-Bains", "Chambéry"])

    let script = """
      import json, sys, zipfile
      z = zipfile.ZipFile(sys.argv[1])
      assert z.testzip() is None
      names = sorted(z.namelist())
      objects = [o for n in names if n.startswith("objets_modifies/") for o in json.loads(z.read(n))]
      selections = json.loads(z.read("selections.json"))
      print(len(objects), json.loads(z.read("objets_supprimes.json")), [s["nom"] for s in selections],
            sorted(o["nom"]["libelleFr"] for o in objects)[0])
      print(sorted(set(i.date_time for i in z.infolist())))
      """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script, url.path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0)
    // Its entries are dated at the export's time as its name says it, the workspace's local time, as zip
    // tools write and read them (`unzip -l`): they said 01:00 UTC of an export named 02:00 in Paris.
    XCTAssertEqual(text, "5 [] ['Hébergements', 'Restaurants'] Camping Les Mélèzes\n[(2027, 2, 15, 2, 0, 0)]\n")
  }

  func testTwoProjectsWriteTheSameBytes() throws {
    let (a, pa) = try makeProject()
    let (b, pb) = try makeProject()
    for p in [pa, pb] { try p.apply(.editFiche(id: 103, name: nil, email: "relais@example.invalid")) }
    let ra = try XCTUnwrap(try pa.calcul())
    let rb = try XCTUnwrap(try pb.calcul())
    XCTAssertEqual(ra.name, rb.name)
    for name in try FileManager.default.contentsOfDirectory(atPath: a.workspace.snapshotsURL.path) {
      let da = try Data(contentsOf: a.workspace.snapshotsURL.appendingPathComponent(name))
      let db = try Data(contentsOf: b.workspace.snapshotsURL.appendingPathComponent(name))
      XCTAssertEqual(da, db, name)
    }
  }

  /// A real project's export: its sélections become hand-made lists of their members; edits made here
  /// travel in the next export.
  func testARealExportStartsTheProjectWithHandMadeLists() throws {
    let ws = try TestWorkspace(self, projectId: nil, clock: "2019-02-15 09:00")
    try FileManager.default.copyItem(
      at: OpenEditFixtures.hotentic.appendingPathComponent("json_export.zip"),
      to: ws.workspace.snapshotsURL.appendingPathComponent("3126_20190215-0156_H8zWaD.zip"))
    try ws.workspace.sync()
    let project = ApidaeProject(workspace: ws.workspace)
    XCTAssertEqual(try project.prepare().map(\.stem), ["3126_20190215-0156_H8zWaD"])
    let openEdit = try ws.memberships()
    let selections = try project.selections()
    XCTAssertFalse(selections.isEmpty)
    for s in selections {
      XCTAssertTrue(s.selection.filter.isEmpty)
      XCTAssertEqual(s.members, openEdit[s.selection.id], s.selection.name)
      XCTAssertFalse(s.pending)
    }
    XCTAssertNil(try project.calcul())

    let some = try XCTUnwrap(try project.fiches().first)
    try project.apply(.editFiche(id: some.fiche.id, name: nil, email: "nouveau@example.invalid"))
    let report = try XCTUnwrap(try project.calcul())
    XCTAssertEqual(report.name.projectId, 3126)
    XCTAssertEqual(report.objects, [some.fiche.id])
    try ws.workspace.sync()
    XCTAssertEqual(try ws.workspace.store().fiche(some.fiche.id).summary.email, "nouveau@example.invalid")
  }

  /// A name or an e-mail longer than oesh reads from an export (16 KiB) is refused by the change itself:
  /// it was taken, the export written with it, and the next sync refused that export («texte de 17000
  /// octets, plus long qu'oesh n'en prend»), stopping every export after it. The longest text it reads
  /// goes through.
  func testANameOrAnEmailLongerThanAnExportCarriesIsRefusedByTheChange() throws {
    let (ws, project) = try makeProject()
    let long = String(repeating: "é", count: ExportReader.longestText / 2 + 1)
    let bytes = long.utf8.count
    let changes: [(ApidaeChange, FicheField)] = [
      (.createFiche(ApidaeNewFiche(type: "HOTELLERIE", name: long, communeId: 1)), .name),
      (.createFiche(ApidaeNewFiche(type: "HOTELLERIE", name: "Hôtel", communeId: 1, email: long)), .email),
      (.editFiche(id: 101, name: long, email: nil), .name),
      (.editFiche(id: 101, name: nil, email: long), .email),
    ]
    for (change, field) in changes {
      XCTAssertThrowsError(try project.apply(change), "\(change)") {
        XCTAssertEqual($0 as? ApidaeError, .textTooLong(field, bytes: bytes))
      }
    }
    XCTAssertTrue(try project.pending().isEmpty, "nothing changed")
    XCTAssertEqual(try project.fiche(101).fiche.name, "Hôtel du Lac")

    let longest = String(repeating: "é", count: ExportReader.longestText / 2)
    try project.apply(.editFiche(id: 101, name: longest, email: nil))
    _ = try XCTUnwrap(try project.calcul())
    XCTAssertEqual(try ws.workspace.sync().imported.count, 1)
    XCTAssertEqual(try ws.workspace.store().fiche(101).summary.name, longest)
    XCTAssertEqual(ApidaeError.textTooLong(.email, bytes: bytes).journalDetail, "text_too_long email \(bytes)")
    XCTAssertEqual(ApidaeError(journalDetail: "text_too_long name 17000"), .textTooLong(.name, bytes: 17000))
  }

  /// What the journal keeps of a skipped change is a stable code and its value, read back as the error;
  /// earlier versions' printouts of the error too.
  func testASkippedChangesJournalDetailIsAStableCode() {
    let errors: [ApidaeError] = [
      .ficheDeleted(5_100_012), .unknownFiche(7), .unknownCommune("30999"), .unknownType("CHATEAU"), .emptyName,
    ]
    XCTAssertEqual(
      errors.map(\.journalDetail),
      ["fiche_deleted 5100012", "unknown_fiche 7", "unknown_commune 30999", "unknown_type CHATEAU", "empty_name"])
    for error in errors { XCTAssertEqual(ApidaeError(journalDetail: error.journalDetail), error) }
    XCTAssertEqual(ApidaeError(journalDetail: "ficheDeleted(5100012)"), .ficheDeleted(5_100_012))
    XCTAssertEqual(ApidaeError(journalDetail: "unknownType(\"CHATEAU\")"), .unknownType("CHATEAU"))
    XCTAssertNil(ApidaeError(journalDetail: "fiche_deleted x"))
    XCTAssertNil(ApidaeError(journalDetail: "Hôtel (annexe)"))
  }
}
