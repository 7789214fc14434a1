import Apidae
import Foundation
import GRDB

/// What `sync` did, or would do with `dryRun`.
public struct SyncReport: Sendable, Equatable {
  /// The clock time the sync ran at: exports up to this time were due.
  public var at: LocalDateTime
  public var dryRun: Bool
  /// The exports imported, in export order.
  public var imported: [ExportReport]
  /// The first export whose time has not come, if any: when the next sync will have something to do.
  public var next: PendingExport?
  /// Sélections whose membership changed (entered, left, new or dropped): the campaigns using them
  /// need `actualiser` (R3: the sync itself never touches campaigns).
  public var changedSelectionIds: [Int]
  /// The campaigns that need `actualiser` after these imports, with what it would do there, measured
  /// on the store as the imports left it (within a dry run's transaction too).
  public var campaigns: [CampaignUse]

  public init(
    at: LocalDateTime, dryRun: Bool, imported: [ExportReport] = [], next: PendingExport? = nil,
    campaigns: [CampaignUse] = []
  ) {
    self.at = at
    self.dryRun = dryRun
    self.imported = imported
    self.next = next
    self.changedSelectionIds = Array(Set(imported.flatMap { $0.changes.selections.map(\.id) })).sorted()
    self.campaigns = campaigns
  }

  /// The fiches these imports hid, published again, deleted or changed.
  var changedFicheIds: [Int] {
    Array(
      Set(imported.flatMap { $0.changes.hidden + $0.changes.published + $0.changes.deleted + $0.changes.modified })
    ).sorted()
  }

  /// The same report with the campaigns needing `actualiser` read from `db`.
  func withCampaigns(_ db: Database) throws -> SyncReport {
    guard !imported.isEmpty else { return self }
    var report = self
    report.campaigns = try Campaign.campaignsToActualise(
      db, selectionIds: changedSelectionIds, ficheIds: changedFicheIds)
    return report
  }
}

/// An export held back because its time has not come (R1).
public struct PendingExport: Sendable, Equatable {
  public var name: ExportName
  /// When the workspace's clock makes it due: its time, or for a time the zone's clocks jump over
  /// (2027-03-28 02:30 in Europe/Paris), the time they jump to (03:00).
  public var due: LocalDateTime
  public var time: LocalDateTime { name.time }

  public init(name: ExportName, due: LocalDateTime? = nil) {
    self.name = name
    self.due = due ?? name.time
  }

  /// An export held back, due when the clocks of `timeZone` reach its time (`LocalDateTime.onTheClock`).
  init(name: ExportName, in timeZone: TimeZone) {
    self.init(name: name, due: name.time.onTheClock(in: timeZone))
  }
}

public enum SyncError: Error, Sendable {
  /// An export cannot be read: nothing of it was applied; `report` has the exports imported before it,
  /// which stay imported. Later exports are not imported either (they build on this one).
  case badExport(name: ExportName, error: ExportError, report: SyncReport)
  /// Ctrl-C while `name` was being imported: nothing of it was kept; `report` has the exports imported
  /// before it, which stay imported.
  case interrupted(name: ExportName, report: SyncReport)
  /// The store failed while `name` was being imported (the disk full, a write refused…), after other
  /// exports of this sync were imported: nothing of `name` was kept; `report` has those, which stay.
  /// (When none was, the store's error is thrown as it is: nothing to report.)
  case storeFailed(name: ExportName, error: StoreError, report: SyncReport)
}

extension Workspace {
  /// Imports, in export order, every export of `snapshots/` not imported yet whose time has come
  /// (R1, R2), each in its own transaction, exactly once. With `dryRun`, everything is applied in one
  /// transaction that is rolled back, so the report is exact and the store unchanged.
  /// `command` is the shell line, recorded in the journal.
  @discardableResult
  public func sync(dryRun: Bool = false, command: String? = nil) throws -> SyncReport {
    let folder = try snapshotFolder()
    let store = try store()
    let clock = try clock()
    let (imported, now) = try store.read { db in (try ImportedExport.all(db), try clock.now(db)) }
    let first = firstExport(folder: folder, imported: imported)
    let newest = imported.values.map(\.name).max()
    let pending = folder.exports.filter { imported[$0.name.stem] == nil }
    let due = pending.filter { $0.name.time <= now }
    var report = SyncReport(
      at: now, dryRun: dryRun,
      next: pending.first { $0.name.time > now }.map { PendingExport(name: $0.name, in: clock.timeZone) })

    func importOne(_ db: Database, _ snapshot: Snapshot) throws -> ExportReport? {
      try importUnlessImported(
        db, snapshot, first: first, at: now, command: command, late: newest.map { snapshot.name < $0 } ?? false)
    }

    /// What the exports imported so far did, with the campaigns they leave needing `actualiser`.
    func soFar(_ db: Database? = nil) -> SyncReport {
      let partial = SyncReport(at: now, dryRun: dryRun, imported: report.imported, next: report.next)
      if let db { return (try? partial.withCampaigns(db)) ?? partial }
      return (try? store.read { db in try partial.withCampaigns(db) }) ?? partial
    }

    if dryRun {
      return try store.dryRun { db in
        for snapshot in due {
          do {
            if let done = try importOne(db, snapshot) { report.imported.append(done) }
          } catch let error as ExportError {
            throw SyncError.badExport(name: snapshot.name, error: error, report: soFar(db))
          }
        }
        return try SyncReport(at: now, dryRun: dryRun, imported: report.imported, next: report.next)
          .withCampaigns(db)
      }
    }
    for snapshot in due {
      do {
        try Interruption.check()
        let done = try store.bulkWrite { db in
          let done = try importOne(db, snapshot)
          try holdForTests(db, snapshot.name)
          return done
        }
        if let done { report.imported.append(done) }
      } catch let error as ExportError {
        throw SyncError.badExport(name: snapshot.name, error: error, report: soFar())
      } catch let error as StoreError where !report.imported.isEmpty {
        throw SyncError.storeFailed(name: snapshot.name, error: error, report: soFar())
      } catch  where Interruption.isInterruption(error) {
        throw SyncError.interrupted(name: snapshot.name, report: soFar())
      }
    }
    return try store.read { db in
      try SyncReport(at: now, dryRun: dryRun, imported: report.imported, next: report.next).withCampaigns(db)
    }
  }
}

/// `applyExport`, unless the export is recorded as imported: another shell may have imported it since
/// this one listed `snapshots/` (exactly once, R2). Nil when it was.
func importUnlessImported(
  _ db: Database, _ snapshot: Snapshot, first: ExportName?, at: LocalDateTime, command: String?, late: Bool = false
) throws -> ExportReport? {
  if try Bool.fetchOne(db, sql: "SELECT 1 FROM export WHERE name = ?", arguments: [snapshot.name.stem]) != nil {
    return nil
  }
  return try applyExport(db, snapshot, first: first, at: at, command: command, late: late)
}

/// Reads one export and applies it in the caller's transaction (R2); its kind comes from its sidecar,
/// else it is a réinitialisation when it is the workspace's `first` export.
func applyExport(
  _ db: Database, _ snapshot: Snapshot, first: ExportName?, at: LocalDateTime, command: String?,
  late: Bool = false
) throws -> ExportReport {
  if let problem = snapshot.problem { throw problem }
  let reader = try ExportReader(url: snapshot.url)
  let applier = try ExportApplier(
    db: db, name: snapshot.name, reinitialisation: reader.notification?.reinitialisation ?? (snapshot.name == first),
    late: late, at: at, command: command)
  // The store keeps where each object is, its length and hash: the bytes need not be copied out.
  try reader.read(keepRaw: false) { part in try applier.apply(part) }
  var report = try applier.finish(ponctuel: reader.notification?.ponctuel ?? false)
  report.notified = reader.notification != nil
  return report
}

extension ExportReport {
  /// Whether this is the nightly export rather than a calcul exceptionnel: as its sidecar says; without
  /// one, a night time makes it the nightly one, and another time leaves it unknown (nil).
  public var isNightly: Bool? {
    if notified { return !ponctuel }
    return Clock.nightHours.contains(name.hour) ? true : nil
  }
}

/// For the terminal tests of Ctrl-C: when `$OESH_TEST_HOLD_SYNC` names a file that does not exist yet,
/// the first import (of the export `$OESH_TEST_HOLD_SYNC_EXPORT` names, when set: a sync stopped after
/// others) creates it once applied and then, before its commit, runs SQL that only an interruption ends.
private func holdForTests(_ db: Database, _ name: ExportName) throws {
  let environment = ProcessInfo.processInfo.environment
  guard let path = environment["OESH_TEST_HOLD_SYNC"], !FileManager.default.fileExists(atPath: path),
    environment["OESH_TEST_HOLD_SYNC_EXPORT"].map({ $0 == name.stem }) ?? true
  else { return }
  _ = FileManager.default.createFile(atPath: path, contents: Data())
  _ = try Int.fetchOne(
    db, sql: "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n")
}
