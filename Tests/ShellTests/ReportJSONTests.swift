import Apidae
import Foundation
import XCTest

@testable import OpenEdit
@testable import Shell

/// The reports of `sync`, `nuit`, `diff`, `actualiser` and `import` as one JSON document each
/// (`--format json`, README): parsed back, every key there, ids as numbers, the failures with what was
/// imported before them.
final class ReportJSONTests: XCTestCase {
  /// The keys of a sync's document and of each of its exports, in order, whatever happened.
  static let syncKeys = ["at", "dry_run", "exports", "campaigns", "next", "error"]
  static let exportKeys = [
    "name", "reinitialisation", "occasion", "late", "objects", "deleted_in_export", "counts", "created", "modified",
    "hidden", "published", "deleted", "selections", "renamed_selections", "unknown_deletions", "kept_newer",
  ]
  static let countKeys = [
    "created", "modified", "hidden", "published", "deleted", "unknown_deletions", "selections_changed",
    "selections_renamed",
  ]

  /// A workspace of the story (`fixture`) with its clock at `clock`, nothing imported.
  private func story(_ fixture: String = "story", clock: String) throws -> Workspace {
    let dir = try OeshProcess.temporaryDirectory(self).appendingPathComponent("ws")
    let workspace = try Workspace.create(at: dir)
    try Fixtures.install(fixture, into: dir)
    try workspace.clock().set(try workspace.clock().time(clock))
    return workspace
  }

  /// `cell` as the shell writes it, parsed back as a JSON object.
  private func parsed(_ cell: Cell, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let text = Renderer.json(cell)
    XCTAssertFalse(text.contains("\n"), "one line", file: file, line: line)
    return try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text, file: file, line: line)
  }

  /// A parsed value written again compactly with its keys sorted, to compare with a literal.
  private func sorted(_ value: Any?) throws -> String {
    let value = try XCTUnwrap(value)
    return String(
      decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]),
      as: UTF8.self)
  }

  /// The keys of `cell`, an object, in the order written.
  private func keys(_ cell: Cell) -> [String] {
    guard case .object(let pairs) = cell else { return [] }
    return pairs.map(\.0)
  }

  func testASyncIsOneDocumentWithEachExportsChangesByIds() throws {
    let workspace = try story(clock: "2027-03-02 09:00")
    let t = Catalogue(.fr)
    let cell = ReportJSON.sync(try workspace.sync(), t)
    XCTAssertEqual(keys(cell), Self.syncKeys)
    let doc = try parsed(cell)
    XCTAssertEqual(doc["at"] as? String, "2027-03-02 09:00")
    XCTAssertEqual(doc["dry_run"] as? Bool, false)
    XCTAssertTrue(doc["error"] is NSNull)
    XCTAssertEqual(
      doc["next"] as? [String: String], ["name": "4242_20270302-1430_CCCCCC", "at": "2027-03-02 14:30"])
    let exports = try XCTUnwrap(doc["exports"] as? [[String: Any]])
    XCTAssertEqual(exports.map { $0["name"] as? String }, ["4242_20270301-0200_AAAAAA", "4242_20270302-0200_BBBBBB"])
    guard case .object(let top) = cell, case .list(let exportCells) = top[2].1 else { return XCTFail("\(cell)") }
    for e in exportCells {
      XCTAssertEqual(keys(e), Self.exportKeys)
      guard case .object(let pairs) = e else { continue }
      XCTAssertEqual(keys(pairs[6].1), Self.countKeys)
    }
    let (first, second) = (exports[0], exports[1])
    XCTAssertEqual(first["reinitialisation"] as? Bool, true)
    XCTAssertEqual(first["occasion"] as? String, "nightly")
    XCTAssertEqual(first["created"] as? [Int], [101, 102, 103, 104])
    let firstSelections = try XCTUnwrap(first["selections"] as? [[String: Any]])
    XCTAssertEqual(firstSelections.map { $0["id"] as? Int }, [9001, 9002])
    XCTAssertEqual(firstSelections[0]["name"] as? String, "Hébergements")
    XCTAssertEqual(firstSelections[0]["created"] as? Bool, true)
    XCTAssertEqual(firstSelections[0]["dropped"] as? Bool, false)
    XCTAssertEqual(firstSelections[0]["entered"] as? [Int], [101, 102, 104])
    XCTAssertEqual(firstSelections[0]["left"] as? [Int], [])
    // Tuesday night: two créations, the restaurant's new e-mail, the camping hidden; empty lists stay.
    XCTAssertEqual(second["reinitialisation"] as? Bool, false)
    XCTAssertEqual(second["objects"] as? Int, 4)
    XCTAssertEqual(second["deleted_in_export"] as? Int, 0)
    XCTAssertEqual(second["created"] as? [Int], [105, 106])
    XCTAssertEqual(try sorted(second["modified"]), #"[{"fiche_id":103,"fields":["email"]}]"#)
    XCTAssertEqual(second["hidden"] as? [Int], [102])
    XCTAssertEqual(second["published"] as? [Int], [])
    XCTAssertEqual(second["deleted"] as? [Int], [])
    XCTAssertEqual(second["unknown_deletions"] as? [Int], [])
    XCTAssertEqual(
      second["counts"] as? [String: Int],
      [
        "created": 2, "modified": 1, "hidden": 1, "published": 0, "deleted": 0, "unknown_deletions": 0,
        "selections_changed": 2, "selections_renamed": 0,
      ])
    XCTAssertEqual((doc["campaigns"] as? [Any])?.count, 0)
  }

  /// The afternoon's calcul exceptionnel is «ponctuel» as its sidecar says; with nothing due, the document
  /// has no export and names the next one.
  func testACalculExceptionnelAndNothingDue() throws {
    let workspace = try story(clock: "2027-03-02 15:00")
    XCTAssertEqual(try workspace.sync().imported.count, 3)
    let t = Catalogue(.fr)
    try workspace.clock().set(try workspace.clock().time("2027-03-03 08:00"))
    let nothing = try parsed(ReportJSON.sync(try workspace.sync(dryRun: true), t))
    XCTAssertEqual(nothing["dry_run"] as? Bool, true)
    XCTAssertEqual((nothing["exports"] as? [Any])?.count, 0)
    XCTAssertEqual((nothing["campaigns"] as? [Any])?.count, 0)
    XCTAssertEqual(
      nothing["next"] as? [String: String], ["name": "4242_20270305-0200_DDDDDD", "at": "2027-03-05 02:00"])

    let again = try story(clock: "2027-03-02 15:00")
    let report = try again.sync()
    let calcul = try XCTUnwrap(report.imported.last)
    XCTAssertEqual(calcul.name.stem, "4242_20270302-1430_CCCCCC")
    let doc = try parsed(ReportJSON.export(calcul))
    XCTAssertEqual(doc["occasion"] as? String, "ponctuel")
    XCTAssertEqual(doc["deleted"] as? [Int], [104])
    XCTAssertEqual(doc["deleted_in_export"] as? Int, 1)
    let selection = try XCTUnwrap((doc["selections"] as? [[String: Any]])?.first)
    XCTAssertEqual(selection["left"] as? [Int], [104])
  }

  /// A campaign whose sélection changed is named with what `actualiser` would do there.
  func testTheCampaignsNeedingActualiserAreListed() throws {
    let workspace = try story(clock: "2027-03-01 09:00")
    try workspace.sync()
    _ = try workspace.createCampaign(title: "Printemps", selections: ["Hébergements"], command: nil)
    try workspace.clock().set(try workspace.clock().time("2027-03-02 09:00"))
    let doc = try parsed(ReportJSON.sync(try workspace.sync(), Catalogue(.fr)))
    XCTAssertEqual(
      try sorted(doc["campaigns"]),
      #"[{"id":1,"name":"Printemps","selections":[9001],"would_add":1,"would_change":1}]"#)
  }

  /// A sync stopped by the store (a trigger refuses Tuesday's new hotel, as a full disk would refuse a
  /// write), through the binary: Monday's import is reported and stays, Tuesday's error says so; in JSON,
  /// the document has Monday's export and the error `store_failed`. Status 1 both ways.
  func testASyncStoppedByTheStoreReportsWhatItImported() throws {
    for json in [false, true] {
      let workspace = try story(clock: "2027-03-02 09:00")
      try workspace.store().write { db in
        try db.execute(
          sql: "CREATE TRIGGER refuse BEFORE INSERT ON fiche WHEN NEW.id = 105 BEGIN SELECT RAISE(ABORT, 'x'); END")
      }
      let ws = workspace.url.path
      let run = try OeshProcess.run(
        ["-w", ws] + (json ? ["--format", "json"] : []) + ["-c", "sync"], cwd: workspace.url)
      XCTAssertEqual(run.status, 1, run.stderr)
      XCTAssertTrue(
        run.stderr.contains(
          "4242_20270302-0200_BBBBBB n'est pas importé : erreur inattendue de la base \(ws)/state.sqlite (détail : "),
        run.stderr)
      XCTAssertTrue(
        run.stderr.hasSuffix(
          "Les exports d'avant, eux, restent importés (1 importé par cette synchronisation).\n"), run.stderr)
      if json {
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(
          (doc["exports"] as? [[String: Any]])?.map { $0["name"] as? String }, ["4242_20270301-0200_AAAAAA"])
        let problem = try XCTUnwrap(doc["error"] as? [String: Any])
        XCTAssertEqual(problem["kind"] as? String, "store_failed")
        XCTAssertEqual(problem["export"] as? String, "4242_20270302-0200_BBBBBB")
      } else {
        XCTAssertTrue(run.stdout.hasPrefix("Import de 4242_20270301-0200_AAAAAA"), run.stdout)
      }
      let imported = try OeshProcess.run(["-w", ws, "--format", "csv", "-c", "snapshots"], cwd: workspace.url)
      XCTAssertEqual(
        imported.stdout.split(separator: "\n").filter { $0.hasSuffix(",imported") }.map { $0.prefix(25) },
        ["4242_20270301-0200_AAAAAA"])
    }
  }

  /// A full disk in the middle of a sync is not «nothing of this command is kept» (the store's own words for
  /// one transaction): the exports before stay, and the status is the store's; a locked store, 3.
  func testAStoreFailureMidSyncIsWordedForASync() throws {
    let t = Catalogue(.fr)
    let name = try XCTUnwrap(ExportName.parse("4242_20270302-0200_BBBBBB"))
    let report = SyncReport(
      at: try XCTUnwrap(LocalDateTime.parse("2027-03-02 09:00")), dryRun: false,
      imported: [
        ExportReport(
          name: try XCTUnwrap(ExportName.parse("4242_20270301-0200_AAAAAA")), reinitialisation: true, ponctuel: false,
          late: false, objects: 4, deletedInExport: 0, changes: ChangeSet(), unknownDeletions: [])
      ])
    let full = SyncError.storeFailed(name: name, error: .diskFull("/ws/state.sqlite"), report: report).shellError(t)
    XCTAssertEqual(full.kind, .failure)
    XCTAssertEqual(
      full.message,
      "4242_20270302-0200_BBBBBB n'est pas importé : le disque est plein (/ws/state.sqlite) ; libérez de la place, "
        + "puis « sync ». Les exports d'avant, eux, restent importés (1 importé par cette synchronisation).")
    let locked = SyncError.storeFailed(name: name, error: .locked("/ws/state.sqlite"), report: report)
    XCTAssertEqual(locked.shellError(t).kind, .workspace)
  }

  /// A sync stopped by a bad export: what it imported before, and the error with its place; stopped by
  /// Ctrl-C: the export it was in.
  func testAStoppedSyncHasWhatItImportedAndTheError() throws {
    let workspace = try story("story-broken", clock: "2027-03-02 16:00")
    let t = Catalogue(.fr)
    do {
      try workspace.sync()
      XCTFail("the broken export stops the sync")
    } catch let error as SyncError {
      guard case .badExport(_, _, let report) = error else { return XCTFail("\(error)") }
      let cell = ReportJSON.sync(report, error: error, t)
      XCTAssertEqual(keys(cell), Self.syncKeys)
      let doc = try parsed(cell)
      XCTAssertEqual(
        (doc["exports"] as? [[String: Any]])?.map { $0["name"] as? String },
        ["4242_20270301-0200_AAAAAA", "4242_20270302-0200_BBBBBB"])
      let problem = try XCTUnwrap(doc["error"] as? [String: Any])
      XCTAssertEqual(problem.keys.sorted(), ["column", "entry", "export", "kind", "line", "message"])
      XCTAssertEqual(problem["kind"] as? String, "bad_export")
      XCTAssertEqual(problem["export"] as? String, "4242_20270302-0900_BROKEN")
      XCTAssertTrue(problem["line"] is NSNull)
      XCTAssertEqual(problem["message"] as? String, error.shellError(t).message)
      XCTAssertTrue((problem["message"] as? String)?.contains("ce n'est pas une archive zip") == true)

      let interrupted = SyncError.interrupted(name: ExportName.parse("4242_20270302-0900_BROKEN")!, report: report)
      let stopped = try parsed(ReportJSON.sync(report, error: interrupted, Catalogue(.en)))
      let why = try XCTUnwrap(stopped["error"] as? [String: Any])
      XCTAssertEqual(why["kind"] as? String, "interrupted")
      XCTAssertEqual(why["export"] as? String, "4242_20270302-0900_BROKEN")
      XCTAssertEqual(why["message"] as? String, interrupted.shellError(Catalogue(.en)).message)
      XCTAssertEqual((stopped["exports"] as? [Any])?.count, 2)
    }
  }

  /// A wrong shape inside an entry is said at its place: entry, line and column as numbers.
  func testABadEntryIsPlacedByEntryLineAndColumn() throws {
    let error = SyncError.badExport(
      name: ExportName.parse("4242_20270302-0900_BROKEN")!,
      error: ExportError(
        export: "4242_20270302-0900_BROKEN.zip", entry: "selections.json", line: 3, column: 7,
        reason: .malformedJSON("invalid literal (expected true)")),
      report: SyncReport(at: LocalDateTime(year: 2027, month: 3, day: 2), dryRun: true))
    let doc = try parsed(
      ReportJSON.sync(
        SyncReport(at: LocalDateTime(year: 2027, month: 3, day: 2), dryRun: true), error: error, Catalogue(.fr)))
    let problem = try XCTUnwrap(doc["error"] as? [String: Any])
    XCTAssertEqual(problem["entry"] as? String, "selections.json")
    XCTAssertEqual(problem["line"] as? Int, 3)
    XCTAssertEqual(problem["column"] as? Int, 7)
    XCTAssertEqual((doc["exports"] as? [Any])?.count, 0)
  }

  /// `diff A B` and `diff pending` share the keys of a sync's changes.
  func testDiffsHaveTheKeysOfASyncsChanges() throws {
    let workspace = try story(clock: "2027-03-02 09:00")
    let between = ReportJSON.diff(
      try workspace.diff(from: "4242_20270301-0200_AAAAAA", to: "4242_20270302-1430_CCCCCC"), pendingAt: nil)
    let pendingKeys = ["pending", "at", "from", "to", "exports", "counts"]
    let changeKeys = ["created", "modified", "hidden", "published", "deleted", "selections", "renamed_selections"]
    XCTAssertEqual(keys(between), pendingKeys + changeKeys + ["not_due", "error"])
    let doc = try parsed(between)
    XCTAssertEqual(doc["pending"] as? Bool, false)
    XCTAssertTrue(doc["at"] is NSNull)
    XCTAssertEqual(doc["from"] as? String, "4242_20270301-0200_AAAAAA")
    XCTAssertEqual(doc["to"] as? String, "4242_20270302-1430_CCCCCC")
    XCTAssertEqual(doc["created"] as? [Int], [105, 106])
    XCTAssertEqual(doc["deleted"] as? [Int], [104])
    XCTAssertEqual((doc["not_due"] as? [Any])?.count, 0)

    let now = try workspace.clock().now()
    let pending = ReportJSON.diff(try workspace.diffPending(), pendingAt: now)
    XCTAssertEqual(keys(pending), pendingKeys + changeKeys + ["not_due", "error"])
    let p = try parsed(pending)
    XCTAssertEqual(p["pending"] as? Bool, true)
    XCTAssertEqual(p["at"] as? String, "2027-03-02 09:00")
    XCTAssertTrue(p["from"] is NSNull)
    XCTAssertEqual(p["exports"] as? [String], ["4242_20270301-0200_AAAAAA", "4242_20270302-0200_BBBBBB"])
    XCTAssertEqual(
      p["not_due"] as? [[String: String]],
      [
        ["name": "4242_20270302-1430_CCCCCC", "at": "2027-03-02 14:30"],
        ["name": "4242_20270305-0200_DDDDDD", "at": "2027-03-05 02:00"],
      ])
  }

  /// `actualiser`: the fiches added, each status change with its labels, the audience after it.
  func testActualiserSaysWhatItAddedAndChanged() throws {
    let workspace = try story(clock: "2027-03-01 09:00")
    try workspace.sync()
    let campaign = try workspace.createCampaign(title: "Printemps", selections: ["Hébergements"], command: nil).campaign
    try workspace.clock().set(try workspace.clock().time("2027-03-02 09:00"))
    try workspace.sync()
    for dryRun in [true, false] {
      let report = try workspace.actualiser(campaignId: campaign.id, dryRun: dryRun, command: nil)
      let cell = ReportJSON.actualiser(
        report, campaign: campaign, counts: try workspace.offreCounts(campaignId: campaign.id))
      XCTAssertEqual(keys(cell), ["campaign", "dry_run", "added", "changed", "audience", "by_status"])
      let doc = try parsed(cell)
      XCTAssertEqual(try sorted(doc["campaign"]), #"{"id":1,"name":"Printemps"}"#)
      XCTAssertEqual(doc["dry_run"] as? Bool, dryRun)
      XCTAssertEqual(doc["added"] as? [Int], [105])
      XCTAssertEqual(
        try sorted(doc["changed"]), #"[{"fiche_id":102,"from":"Email à transmettre","to":"Fiche masquée"}]"#)
      // The audience as it stands after the command: a dry run leaves it as it was.
      XCTAssertEqual(doc["audience"] as? Int, dryRun ? 3 : 4)
      let byStatus = try XCTUnwrap(doc["by_status"] as? [String: Int])
      XCTAssertEqual(byStatus.keys.sorted(), OffreStatus.allCases.map(\.label).sorted())
      XCTAssertEqual(byStatus["Fiche masquée"], dryRun ? 0 : 1)
    }
  }
}

/// The reports of `new campaign` and `send` as one JSON document each: the campaign and its audience, each
/// e-mail written and each offre refused, with why.
final class CampaignReportJSONTests: XCTestCase {
  static let sendKeys = [
    "campaign", "dry_run", "all", "at", "redirect", "sent", "refused", "counts", "error",
  ]
  static let sentKeys = ["fiche_id", "to", "redirected_from", "file", "status"]
  static let refusalKeys = ["fiche_id", "reason", "status", "email", "after_actualiser", "message"]

  private func keys(_ cell: Cell) -> [String] {
    guard case .object(let pairs) = cell else { return [] }
    return pairs.map(\.0)
  }

  private func parsed(_ cell: Cell) throws -> [String: Any] {
    let text = Renderer.json(cell)
    XCTAssertFalse(text.contains("\n"), "one line")
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
  }

  /// The story synced to `clock`, nothing else done.
  private func story(clock: String) throws -> Workspace {
    let dir = try OeshProcess.temporaryDirectory(self).appendingPathComponent("ws")
    let workspace = try Workspace.create(at: dir)
    try Fixtures.install("story", into: dir)
    try workspace.clock().set(try workspace.clock().time(clock))
    try workspace.sync()
    return workspace
  }

  /// R6 on Tuesday: the hidden camping is left out, the three others fill the audience.
  func testANewCampaignIsItsSelectionsByNameAndItsAudience() throws {
    let workspace = try story(clock: "2027-03-02 09:00")
    let created = try workspace.createCampaign(title: "Printemps", selections: ["Hébergements"], command: nil)
    let cell = ReportJSON.campaignCreated(created, counts: try workspace.offreCounts(campaignId: 1))
    XCTAssertEqual(keys(cell), ["campaign", "added", "left_out", "audience", "by_status"])
    let doc = try parsed(cell)
    XCTAssertEqual(
      try sorted(doc["campaign"]), #"{"id":1,"name":"Printemps","selections":[{"id":9001,"name":"Hébergements"}]}"#)
    XCTAssertEqual(doc["added"] as? [Int], [101, 104, 105])
    guard case .object(let pairs) = cell else { return XCTFail("\(cell)") }
    XCTAssertEqual(keys(pairs[2].1), ["hidden", "deleted", "not_imported"])
    XCTAssertEqual(try sorted(doc["left_out"]), #"{"deleted":[],"hidden":[102],"not_imported":[]}"#)
    XCTAssertEqual(doc["audience"] as? Int, 3)
    let byStatus = try XCTUnwrap(doc["by_status"] as? [String: Int])
    XCTAssertEqual(byStatus.keys.sorted(), OffreStatus.allCases.map(\.label).sorted())
    XCTAssertEqual(byStatus["Email à transmettre"], 3)
    XCTAssertEqual(byStatus.values.reduce(0, +), 3)
  }

  /// `send --all`: the e-mails it would write, by fiche, address and file in `outbox/`, and the offre it
  /// cannot send (the camping, no e-mail), counted; the same keys when it did write them.
  func testASendListsEachEmailAndEachRefusal() throws {
    let workspace = try story(clock: "2027-03-01 09:00")
    let campaign = try workspace.createCampaign(title: "Printemps", selections: ["Hébergements"], command: nil)
      .campaign
    let at = try workspace.clock().now()
    for dryRun in [true, false] {
      let report = try workspace.sendAll(campaignId: campaign.id, dryRun: dryRun, command: nil)
      let cell = ReportJSON.send(report, campaign: campaign, all: true, dryRun: dryRun, at: at, Catalogue(.fr))
      XCTAssertEqual(keys(cell), Self.sendKeys)
      guard case .object(let pairs) = cell, case .list(let sent) = pairs[5].1, case .list(let refused) = pairs[6].1
      else { return XCTFail("\(cell)") }
      XCTAssertEqual(sent.map(keys), [Self.sentKeys, Self.sentKeys])
      XCTAssertEqual(refused.map(keys), [Self.refusalKeys])
      let doc = try parsed(cell)
      XCTAssertEqual(doc["dry_run"] as? Bool, dryRun)
      XCTAssertEqual(doc["all"] as? Bool, true)
      XCTAssertEqual(doc["at"] as? String, "2027-03-01 09:00")
      XCTAssertTrue(doc["redirect"] is NSNull)
      XCTAssertTrue(doc["error"] is NSNull)
      XCTAssertEqual(
        try sorted(doc["sent"]),
        #"[{"fiche_id":101,"file":"outbox\/20270301-090000_c1_101.eml","redirected_from":null,"#
          + #""status":"Email transmis","to":"contact@hotel-du-lac.example.org"},"#
          + #"{"fiche_id":104,"file":"outbox\/20270301-090000_c1_104.eml","redirected_from":null,"#
          + #""status":"Email transmis","to":"gite.fontaines@example.org"}]"#)
      XCTAssertEqual(
        try sorted(doc["refused"]),
        #"[{"after_actualiser":null,"email":null,"fiche_id":102,"message":"pas d'e-mail (à ajouter dans Apidae, "#
          + #"puis calcul du projet et sync)","reason":"no_email","status":"Email à transmettre"}]"#)
      XCTAssertEqual(doc["counts"] as? [String: Int], ["sent": 2, "refused": 1])
    }
    // Written: the files are there, by the names the document gives.
    for id in [101, 104] {
      XCTAssertTrue(
        FileManager.default.fileExists(
          atPath: workspace.url.appendingPathComponent("outbox/20270301-090000_c1_\(id).eml").path))
    }
  }

  /// Each reason a send refuses an offre has its code, the offre's status and what goes with it, and the
  /// reason in words as the prose gives it.
  func testEveryRefusalSaysWhy() throws {
    let t = Catalogue(.en)
    let toSend = "Email à transmettre"
    let cases: [(SendRefusal.Reason, [String: Any])] = [
      (.notInAudience, ["reason": "not_in_audience", "status": NSNull(), "email": NSNull()]),
      (.wrongStatus(.transmis), ["reason": "wrong_status", "status": "Email transmis", "email": NSNull()]),
      (.noEmail, ["reason": "no_email", "status": toSend, "email": NSNull()]),
      (.invalidEmail("a@b; c@d"), ["reason": "invalid_email", "status": toSend, "email": "a@b; c@d"]),
      (.actualiserFirst(.horsSelection), ["reason": "actualiser_first", "status": toSend, "email": NSNull()]),
    ]
    for (reason, expected) in cases {
      let cell = ReportJSON.refusal(SendRefusal(ficheId: 7, reason: reason), t)
      XCTAssertEqual(keys(cell), Self.refusalKeys)
      var doc = try parsed(cell)
      XCTAssertEqual(doc.removeValue(forKey: "message") as? String, refusalReason(7, reason, t))
      var whole = expected
      whole["fiche_id"] = 7
      whole["after_actualiser"] = reason == .actualiserFirst(.horsSelection) ? "Hors sélection" : NSNull()
      XCTAssertEqual(try sorted(doc), try sorted(whole))
    }
  }

  private func sorted(_ value: Any?) throws -> String {
    let value = try XCTUnwrap(value)
    return String(
      decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]),
      as: UTF8.self)
  }
}

/// The reports through the real binary, as a cron job runs them, read back by Python's `json`.
final class ReportJSONProcessTests: XCTestCase {
  /// Python reads `text` as one JSON document and prints what `expression` (of `d`) gives, as JSON.
  private func python(_ text: String, _ expression: String) throws -> String {
    try python(text, script: "import json, sys; d = json.loads(sys.stdin.read()); print(json.dumps(\(expression)))")
  }

  /// Python runs `script` with `arguments`, `text` on its standard input; what it prints.
  private func python(_ text: String, script: String, arguments: [String] = []) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + arguments
    let input = Pipe()
    let output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    try p.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0, "python3 could not read: \(text)")
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
  }

  /// A sync stopped by a broken export: status 1 as in prose, the error on standard error, and on
  /// standard output one document with the exports imported before it and the error.
  func testAStoppedSyncWritesItsDocumentAndKeepsItsStatus() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    try Fixtures.install("story-broken", into: dir.appendingPathComponent("ws"))
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "clock set \"2027-03-02 16:00\""], cwd: dir).status, 0)
    let r = try OeshProcess.run(["-w", "ws", "--format", "json", "-c", "sync"], cwd: dir)
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stderr.hasPrefix("-c:1: 4242_20270302-0900_BROKEN : export"), r.stderr)
    XCTAssertEqual(r.stdout.filter { $0 == "\n" }.count, 1, r.stdout)
    XCTAssertEqual(
      try python(r.stdout, "[list(d), [e['name'] for e in d['exports']], d['error']['kind'], d['error']['export']]"),
      #"[["at", "dry_run", "exports", "campaigns", "next", "error"], ["4242_20270301-0200_AAAAAA", "#
        + #""4242_20270302-0200_BBBBBB"], "bad_export", "4242_20270302-0900_BROKEN"]"#)
    // Its message is the one standard error gives, without the script's place.
    XCTAssertTrue(r.stderr.contains(try XCTUnwrap(jsonString(r.stdout, "error", "message"))))
  }

  /// `diff pending` across an export due that cannot be read says in prose what the exports before it would
  /// change, then where the sync would stop; in JSON it wrote no document at all, where `sync --dry-run`
  /// writes its own with the error: one document now, the exports before it and the error, status 1.
  func testADiffPendingStoppedByABrokenExportWritesItsDocument() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    try Fixtures.install("story-broken", into: dir.appendingPathComponent("ws"))
    let setUp = try OeshProcess.run(
      ["-w", "ws", "-c", "clock set \"2027-03-01 09:00\"", "-c", "sync", "-c", "clock set \"2027-03-02 16:00\""],
      cwd: dir)
    XCTAssertEqual(setUp.status, 0, setUp.stderr)
    let r = try OeshProcess.run(["-w", "ws", "-c", "diff pending --format json"], cwd: dir)
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stderr.hasPrefix("-c:1: 4242_20270302-0900_BROKEN : export"), r.stderr)
    XCTAssertEqual(r.stdout.filter { $0 == "\n" }.count, 1, r.stdout)
    XCTAssertEqual(
      try python(
        r.stdout, "[list(d), d['exports'], d['counts']['created'], d['error']['kind'], d['error']['export']]"),
      #"[["pending", "at", "from", "to", "exports", "counts", "created", "modified", "hidden", "published", "#
        + #""deleted", "selections", "renamed_selections", "not_due", "error"], ["4242_20270302-0200_BBBBBB"], 2, "#
        + #""bad_export", "4242_20270302-0900_BROKEN"]"#)
    XCTAssertTrue(r.stderr.contains(try XCTUnwrap(jsonString(r.stdout, "error", "message"))))
    // A diff that stops at nothing has the key, null.
    let fine = try OeshProcess.run(
      ["-w", "ws", "-c", "diff 4242_20270301-0200_AAAAAA 4242_20270302-0200_BBBBBB --format json"], cwd: dir)
    XCTAssertEqual(fine.status, 0, fine.stderr)
    XCTAssertEqual(try python(fine.stdout, "d['error']"), "null")
  }

  /// `new campaign` says the campaign made and its audience; `send --all --yes` each e-mail written, at the
  /// path the document gives, read back by Python's `email` (addressed to the redirect address, the fiche's
  /// in `X-Oesh-Redirected-From`), the offres moved to «Email transmis» as `audience` then lists them.
  func testANewCampaignAndItsSendAreDocuments() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let settings = dir.appendingPathComponent("ws/oesh.toml")
    try (String(contentsOf: settings, encoding: .utf8) + "redirect = \"moi@office-ete.example\"\n")
      .write(to: settings, atomically: true, encoding: .utf8)
    let created = try OeshProcess.run(
      ["-w", "ws", "--format", "json", "-c", "new campaign \"Été 2027\" --selection Hébergements"], cwd: dir)
    XCTAssertEqual(created.status, 0, created.stderr)
    XCTAssertEqual(
      try python(
        created.stdout, "[list(d), d['campaign'], len(d['added']), d['left_out'], d['audience'], d['by_status']]"),
      #"[["campaign", "added", "left_out", "audience", "by_status"], {"id": 2, "name": "\u00c9t\u00e9 2027", "#
        + #""selections": [{"id": 49001, "name": "H\u00e9bergements"}]}, 19, {"hidden": [], "deleted": [], "#
        + #""not_imported": []}, 19, {"Email \u00e0 transmettre": 19, "Email transmis": 0, "#
        + #""Hors s\u00e9lection": 0, "Fiche supprim\u00e9e": 0, "Fiche masqu\u00e9e": 0}]"#)

    let sent = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 2", "-c", "send --all --yes --format json"], cwd: dir)
    XCTAssertEqual(sent.status, 0, sent.stderr)
    XCTAssertEqual(sent.stdout.filter { $0 == "\n" }.count, 1, sent.stdout)
    XCTAssertEqual(
      try python(
        sent.stdout,
        "[list(d), d['dry_run'], d['all'], d['redirect'], d['counts'], [r['fiche_id'] for r in d['refused']], d['error']]"
      ),
      #"[["campaign", "dry_run", "all", "at", "redirect", "sent", "refused", "counts", "error"], false, true, "#
        + #""moi@office-ete.example", {"sent": 16, "refused": 3}, [5100005, 5100011, 5100016], null]"#)
    let read = try python(
      sent.stdout,
      script: """
        import email, email.policy, json, os, sys
        d = json.loads(sys.stdin.read())
        for m in d['sent']:
            with open(os.path.join(sys.argv[1], m['file']), 'rb') as f:
                msg = email.message_from_bytes(f.read(), policy=email.policy.default)
            same = msg['To'].addresses[0].addr_spec == m['to'] and str(msg['X-Oesh-Redirected-From']) == '<' + m['redirected_from'] + '>'
            print(m['fiche_id'], m['file'].startswith('outbox/'), same, m['status'])
        """, arguments: [dir.appendingPathComponent("ws").path])
    let lines = read.split(separator: "\n")
    XCTAssertEqual(lines.count, 16, read)
    XCTAssertTrue(lines.allSatisfy { $0.hasSuffix(" True True Email transmis") }, read)
    let sentIds = Set(lines.compactMap { $0.split(separator: " ").first.flatMap { Int($0) } })
    let audience = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 2", "-c", "audience --status \"Email transmis\" --format json"], cwd: dir)
    let transmis = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(audience.stdout.utf8)) as? [[String: Any]])
    XCTAssertEqual(Set(transmis.compactMap { $0["fiche_id"] as? Int }), sentIds)
  }

  /// `send --all` in a script without `--yes`: a usage error before anything is said or written, as in
  /// prose; `send ID` refused writes nothing, keeps its status 1 and its document says why; no CSV.
  func testASendThatCannotGoSaysWhy() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let outbox = dir.appendingPathComponent("ws/outbox")
    let before = try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted()
    let unanswered = try OeshProcess.run(
      ["-w", "ws", "--format", "json", "-c", "open campaign 1", "-c", "send --all"], cwd: dir, stdin: "")
    XCTAssertEqual(unanswered.status, 2, unanswered.stderr)
    XCTAssertEqual(unanswered.stdout, "")
    XCTAssertTrue(
      unanswered.stderr.hasSuffix("-c:2: send --all hors d'un terminal demande --yes (ou --dry-run pour voir)\n"),
      unanswered.stderr)

    let refused = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 1", "-c", "send 5100004 5100005 --format json"], cwd: dir)
    XCTAssertEqual(refused.status, 1, refused.stderr)
    XCTAssertEqual(
      try python(refused.stdout, "[d['all'], d['sent'], d['refused'], d['counts'], d['error']['kind']]"),
      #"[false, [], [{"fiche_id": 5100005, "reason": "no_email", "status": "Email \u00e0 transmettre", "#
        + #""email": null, "after_actualiser": null, "message": "pas d'e-mail (\u00e0 ajouter dans Apidae, "#
        + #"puis calcul du projet et sync)"}], {"sent": 0, "refused": 1}, "refused"]"#)
    XCTAssertTrue(refused.stderr.contains(try XCTUnwrap(jsonString(refused.stdout, "error", "message"))))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted(), before)

    let csv = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 1", "-c", "send --all --yes --format csv"], cwd: dir)
    XCTAssertEqual(csv.status, 2)
    XCTAssertTrue(
      csv.stderr.hasSuffix(
        "-c:2: send : un rapport n'a pas de format CSV : --format json pour un "
          + "script (un document JSON), ou --format table pour le texte\n"), csv.stderr)
    let newCSV = try OeshProcess.run(["-w", "ws", "-c", "new campaign X --selection 49001 --format csv"], cwd: dir)
    XCTAssertEqual(newCSV.status, 2)
    XCTAssertTrue(newCSV.stderr.hasPrefix("-c:1: new campaign : un rapport n'a pas"), newCSV.stderr)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted(), before)
    let campaigns = try OeshProcess.run(["-w", "ws", "-c", "campaigns --format csv"], cwd: dir)
    XCTAssertEqual(campaigns.stdout.split(separator: "\n").count, 2, "no campaign X: \(campaigns.stdout)")
  }

  /// Ctrl-C once `send --all`'s question is answered: the send is one transaction, so it wrote nothing,
  /// and its document says so (`sent` empty, `error` interrupted); the offres keep «Email à transmettre».
  func testAnInterruptedSendWroteNothingAndSaysSo() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let ws = dir.appendingPathComponent("ws")
    let before = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("outbox").path)
    let session = Session(workspaceURL: ws, interactive: false)
    let interpreter = Interpreter(session: session)
    defer { Interruption.reset() }
    session.confirmation = { _ in
      Interruption.interrupt()  // as Ctrl-C once the answer is given
      return true
    }
    let document = dir.appendingPathComponent("send.json")
    XCTAssertEqual(interpreter.run(line: "open campaign 1", at: nil), 0)
    XCTAssertEqual(interpreter.run(line: "send --all > \(document.path)", at: nil), 1)
    Interruption.reset()
    let text = try String(contentsOf: document, encoding: .utf8)
    XCTAssertEqual(
      try python(text, "[d['sent'], d['refused'], d['counts'], d['error']['kind'], d['dry_run'], d['all']]"),
      #"[[], [], {"sent": 0, "refused": 0}, "interrupted", false, true]"#)
    XCTAssertEqual(
      try jsonString(text, "error", "message"),
      "interrompu (Ctrl-C) : la commande s'est arrêtée et ce qu'elle n'avait pas terminé est annulé")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("outbox").path), before)
    let counts = try Workspace.open(at: ws).offreCounts(campaignId: 1)
    XCTAssertEqual([counts[.aTransmettre], counts[.transmis]], [14, 5])
  }

  /// The message of a parsed document's `outer.inner`.
  private func jsonString(_ text: String, _ outer: String, _ inner: String) throws -> String? {
    let doc = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    return (doc?[outer] as? [String: Any])?[inner] as? String
  }

  /// `nuit` on the demo: the night's lines go to standard error, the document alone to standard output;
  /// `sync > FILE.json` writes the document there; `--format csv` is refused before anything is done.
  func testTheNightAndASyncIntoAFileAreDocumentsForScripts() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let refused = try OeshProcess.run(["-w", "ws", "-c", "nuit --format csv"], cwd: dir)
    XCTAssertEqual(refused.status, 2)
    XCTAssertEqual(refused.stdout, "")
    XCTAssertEqual(
      refused.stderr,
      "-c:1: nuit : un rapport n'a pas de format CSV : --format json pour un script (un document JSON), ou "
        + "--format table pour le texte\n")
    let clock = try OeshProcess.run(["-w", "ws", "-c", "clock"], cwd: dir)
    XCTAssertTrue(clock.stdout.hasPrefix("2027-03-01 09:00"), "the refused nuit moved no clock: \(clock.stdout)")

    let night = try OeshProcess.run(["-w", "ws", "-c", "nuit --format json"], cwd: dir)
    XCTAssertEqual(night.status, 0, night.stderr)
    XCTAssertTrue(night.stderr.contains("La nuit passe… Horloge : 2027-03-02 08:00."), night.stderr)
    XCTAssertEqual(
      try python(
        night.stdout,
        "[d['at'], [(e['name'], e['occasion'], e['created']) for e in d['exports']], d['campaigns'], d['next']]"),
      #"["2027-03-02 08:00", [["4242_20270302-0200_Y0BSDB", "nightly", [5100063]]], "#
        + #"[{"id": 1, "name": "Mise \u00e0 jour 2027", "selections": [49001], "would_add": 1, "would_change": 0}], null]"#
    )

    let file = try OeshProcess.run(["-w", "ws", "-c", "sync --dry-run > sync.json"], cwd: dir)
    XCTAssertEqual(file.status, 0, file.stderr)
    XCTAssertEqual(file.stdout, "")
    let written = try String(contentsOf: dir.appendingPathComponent("sync.json"), encoding: .utf8)
    XCTAssertEqual(try python(written, "[d['dry_run'], d['exports'], d['error']]"), "[true, [], null]")
  }

  /// `import` says what it put into `snapshots/` as `snapshots --format json` lists it, and whether the
  /// next sync takes it at the clock's time.
  func testAnImportIsTheExportsRowOfSnapshots() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let zip = dir.appendingPathComponent("3126_20190215-0156_H8zWaD.zip")
    try FileManager.default.copyItem(at: OeshProcess.hotentic.appendingPathComponent("json_export.zip"), to: zip)
    let r = try OeshProcess.run(
      ["-w", "ws", "-c", "clock set \"2019-02-15 01:00\"", "-c", "import \(zip.path) --format json"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let document = try XCTUnwrap(r.stdout.split(separator: "\n").last.map(String.init))
    XCTAssertEqual(
      try python(document, "[list(d), d['name'], d['objects'], d['deleted'], d['status'], d['at']]"),
      #"[["name", "file", "project_id", "exported_at", "ponctuel", "reinitialisation", "objects", "deleted", "#
        + #""status", "at"], "3126_20190215-0156_H8zWaD", 5, 1, "not_yet", "2019-02-15 01:00"]"#)
    let listed = try OeshProcess.run(["-w", "ws", "-c", "snapshots --format json"], cwd: dir)
    let row = try XCTUnwrap(
      (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first)
    let imported = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
    for key in ["name", "project_id", "exported_at", "objects", "deleted", "status"] {
      XCTAssertEqual("\(row[key] ?? "-")", "\(imported[key] ?? "+")", key)
    }
  }
}
