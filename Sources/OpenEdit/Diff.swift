import Apidae
import Foundation
import GRDB

/// What changes between two states of Open Edit (`diff`), by the same rules as `sync` (R2).
public struct ExportDiff: Sendable, Equatable {
  /// The export the comparison starts after; nil for Open Edit's current state.
  public var from: ExportName?
  /// The exports applied on top of it, in order.
  public var exports: [ExportName]
  public var changes: ChangeSet
  /// For `diff pending`: the exports not imported whose time has not come (R1), left out as the next
  /// sync leaves them, each with the time it is due as `sync` names the next one.
  public var notDue: [PendingExport] = []
}

extension Workspace {
  /// `diff A B`: Open Edit's fiches and sélections as they would be after importing every export up
  /// to A, compared with after importing every export up to B (A older than B). Computed in a
  /// throwaway store, so it works for exports not imported yet and leaves the workspace unchanged.
  /// A and B are exports of `snapshots/` named as `NameLookup` names things: a stem, a file name, or
  /// a start or a part of one (`diff 20270301 20270302`), or the date and time `snapshots` shows.
  public func diff(from a: String, to b: String) throws -> ExportDiff {
    let folder = try snapshotFolder()
    func find(_ text: String) throws -> Int {
      let key = exportNamePart(ofDate: text) ?? (text.hasSuffix(".zip") ? String(text.dropLast(4)) : text)
      switch NameLookup.find(key, in: Array(folder.exports.indices), name: { folder.exports[$0].name.stem }) {
      case .found(let index): return index
      case .ambiguous(let indices): throw QueryError.ambiguousExport(text, indices.map { folder.exports[$0].name.stem })
      case .notFound(let near):
        // A file there that `snapshots` lists as ignored (notified failed, of another project…) is said so.
        let ignored = Array(folder.ignored.indices)
        func ignoredStem(_ i: Int) -> String {
          let name = folder.ignored[i].fileName
          return name.hasSuffix(".zip") ? String(name.dropLast(4)) : name
        }
        if case .found(let i) = NameLookup.find(key, in: ignored, name: ignoredStem) {
          throw QueryError.ignoredExport(text, fileName: folder.ignored[i].fileName, reason: folder.ignored[i].reason)
        }
        // A stem is long: a slip is measured against its parts too (`Kp3Lm8` for `…_Kp3Lm9`).
        let nearest =
          near
          ?? NameLookup.nearest(key, in: Array(folder.exports.indices), parts: { folder.exports[$0].name.stemParts })
        throw QueryError.unknownExport(text, near: nearest.map { folder.exports[$0].name.stem })
      }
    }
    let (ia, ib) = (try find(a), try find(b))
    if ia == ib { throw QueryError.sameExport(a, b, export: folder.exports[ia].name.stem) }
    guard ia < ib else { throw QueryError.exportsOutOfOrder(a, b) }
    let imported = try store().read { db in try ImportedExport.all(db) }
    let first = firstExport(folder: folder, imported: imported)
    let now = try clock().now()

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "oesh-diff-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let scratch = try Store(url: directory.appendingPathComponent("diff.sqlite"))
    // Both states are those of the exports applied in order: one that cannot be read, up to B, leaves
    // neither known.
    func apply(_ db: Database, _ snapshot: Snapshot) throws {
      do {
        _ = try applyExport(db, snapshot, first: first, at: now, command: nil)
      } catch let error as ExportError {
        throw DiffError.unreadableExport(name: snapshot.name, error: error, to: folder.exports[ib].name)
      }
    }
    for snapshot in folder.exports[...ia] {
      try scratch.bulkWrite(durable: false) { db in try apply(db, snapshot) }
    }
    let changes = try scratch.bulkWrite(durable: false) { db in
      try ChangeSet.made(in: db) {
        for snapshot in folder.exports[(ia + 1)...ib] { try apply(db, snapshot) }
      }
    }
    return ExportDiff(
      from: folder.exports[ia].name, exports: folder.exports[(ia + 1)...ib].map(\.name), changes: changes)
  }

  /// `diff pending`: Open Edit's current state compared with the state after importing the exports
  /// not imported yet whose time has come: what the next `sync` would change. Those whose time has not
  /// come are named apart (`notDue`). Nothing is kept.
  public func diffPending() throws -> ExportDiff {
    let folder = try snapshotFolder()
    let store = try store()
    let clock = try clock()
    return try store.dryRun { db in
      let now = try clock.now(db)
      let imported = try ImportedExport.all(db)
      let first = firstExport(folder: folder, imported: imported)
      let pending = folder.exports.filter { imported[$0.name.stem] == nil }
      let due = pending.filter { $0.name.time <= now }
      // As `sync` will: one older than an export imported comes in late, and keeps what newer ones brought.
      let newest = imported.values.map(\.name).max()
      // As `sync` will, each export on its own: one that cannot be read keeps nothing, and those before it
      // stay, which the error carries.
      var applied: [ExportName] = []
      var stopped: (name: ExportName, error: ExportError)?
      // Nothing due changes nothing: no need to read the fiches' statuses.
      let changes =
        try due.isEmpty
        ? ChangeSet()
        : ChangeSet.made(in: db) {
          for snapshot in due {
            do {
              try db.inSavepoint {
                _ = try applyExport(
                  db, snapshot, first: first, at: now, command: nil, late: newest.map { snapshot.name < $0 } ?? false)
                return .commit
              }
            } catch let error as ExportError {
              stopped = (snapshot.name, error)
              break
            }
            applied.append(snapshot.name)
          }
        }
      let diff = ExportDiff(
        from: nil, exports: applied, changes: changes,
        notDue: pending.filter { $0.name.time > now }.map { PendingExport(name: $0.name, in: clock.timeZone) })
      if let stopped { throw DiffError.badExport(name: stopped.name, error: stopped.error, diff: diff) }
      return diff
    }
  }
}

/// Why `diff pending` could not say all the next sync would do.
public enum DiffError: Error, Sendable {
  /// An export due cannot be read: the next sync would stop there, after importing those before it, whose
  /// changes `diff` has.
  case badExport(name: ExportName, error: ExportError, diff: ExportDiff)
  /// `diff A B`: an export up to B (A, B or one before) cannot be read; the states are those of the
  /// exports applied in order, so neither can be known.
  case unreadableExport(name: ExportName, error: ExportError, to: ExportName)
}

extension ExportName {
  /// What a part of an export's name may be typed as: the project, date, time, code, and date-time.
  var stemParts: [String] {
    let parts = stem.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
    return [stem] + parts + (parts.count == 4 ? [parts[1] + "-" + parts[2]] : [])
  }
}

extension ChangeSet {
  /// What `apply` changes in `db`'s fiches and sélections, classified as a sync classifies them. `apply`
  /// runs in a savepoint rolled back at the end: every fiche's status and every sélection's members are
  /// compared, but names and fields are read only for the fiches that changed, after `apply` and then
  /// before it (rolled back), so that 100,000 fiches are not held twice with all their texts.
  static func made(in db: Database, by apply: () throws -> Void) throws -> ChangeSet {
    let before = try StoreState(db)
    var changes = ChangeSet()
    var namedAfter: [Int: KeptFields] = [:]
    try db.inSavepoint {
      try apply()
      changes = try StoreState(db).changes(since: before)
      namedAfter = try KeptFields.read(db, ids: changes.fichesNamed)
      return .rollback
    }
    let modified = Set(changes.modified)
    let namedBefore = try KeptFields.read(
      db, ids: changes.fichesNamed.filter { modified.contains($0) || namedAfter[$0] == nil })
    for id in changes.created + changes.modified + changes.hidden + changes.published + changes.deleted {
      changes.names[id] = namedAfter[id]?.name ?? ""
    }
    for id in changes.modified {
      if let old = namedBefore[id], let new = namedAfter[id] {
        changes.modifiedFields[id] = FicheField.changed(from: old, to: new)
      }
    }
    for change in changes.selections {
      for id in change.entered + change.left where changes.names[id] == nil {
        if let fields = namedAfter[id] ?? namedBefore[id] { changes.names[id] = fields.name ?? "" }
      }
    }
    return changes
  }

  /// The fiches a change set names: those it classifies and those entering or leaving a sélection.
  fileprivate var fichesNamed: [Int] {
    Array(Set(created + modified + hidden + published + deleted + selections.flatMap { $0.entered + $0.left }))
  }
}

extension KeptFields {
  /// The kept fields of the fiches `ids` that the store has, by id; names read whole (`Row.wholeText`),
  /// NUL characters included.
  fileprivate static func read(_ db: Database, ids: [Int]) throws -> [Int: KeptFields] {
    let statement = try db.makeStatement(
      sql: """
        SELECT state, CAST(name AS BLOB), CAST(type AS BLOB), commune_id, CAST(commune_name AS BLOB),
          CAST(commune_code AS BLOB), CAST(email AS BLOB), CAST(owner_name AS BLOB)
        FROM fiche WHERE id = ?
        """)
    var fields: [Int: KeptFields] = [:]
    for id in ids {
      let rows = try Row.fetchCursor(statement, arguments: [id])
      if let row = try rows.next() {
        fields[id] = KeptFields(
          name: row.wholeText(1), type: row.wholeText(2), state: row[0], communeId: row[3],
          communeName: row.wholeText(4), communeCode: row.wholeText(5), email: row.wholeText(6),
          owner: row.wholeText(7))
      }
    }
    return fields
  }
}

/// Every fiche's status and every sélection's membership, for comparing two moments: the statuses
/// only, a few bytes a fiche; `ChangeSet.made` reads the texts of those that changed.
struct StoreState {
  var fiches: [Int: FicheStatus] = [:]
  var selections: [Int: (name: String, members: Set<Int>)] = [:]

  init(_ db: Database) throws {
    let rows = try Row.fetchCursor(db, sql: "SELECT id, state, raw_hash FROM fiche")
    while let row = try rows.next() {
      fiches[row[0]] = FicheStatus(state: row[1], hash: row[2])
    }
    for row in try Row.fetchAll(db, sql: "SELECT id, CAST(name AS BLOB) FROM selection") {
      selections[row[0]] = (row.wholeText(1) ?? "", [])
    }
    let members = try Row.fetchCursor(db, sql: "SELECT selection_id, fiche_id FROM selection_member")
    while let row = try members.next() {
      selections[row[0]]?.members.insert(row[1])
    }
  }

  /// The changes from `before` to this state, classified like a sync classifies them: their ids, no names
  /// nor fields (`ChangeSet.made` adds them).
  func changes(since before: StoreState) -> ChangeSet {
    var changes = ChangeSet()
    for (id, now) in fiches {
      switch classify(old: before.fiches[id], new: now) {
      case .created?: changes.created.append(id)
      case .modified?: changes.modified.append(id)
      case .hidden?: changes.hidden.append(id)
      case .published?: changes.published.append(id)
      case .deleted?: changes.deleted.append(id)
      case .unknownDeletion?, nil: continue
      }
    }
    for (id, now) in selections {
      let old = before.selections[id]?.members ?? []
      let entered = now.members.subtracting(old).sorted()
      let left = old.subtracting(now.members).sorted()
      let isNew = before.selections[id] == nil
      if isNew || !entered.isEmpty || !left.isEmpty {
        changes.selections.append(
          SelectionChange(id: id, name: now.name, entered: entered, left: left, isNew: isNew, dropped: false))
      }
      if let old = before.selections[id], old.name != now.name {
        changes.renamedSelections.append(SelectionRename(id: id, from: old.name, to: now.name))
      }
    }
    for (id, old) in before.selections where selections[id] == nil {
      changes.selections.append(
        SelectionChange(id: id, name: old.name, entered: [], left: old.members.sorted(), isNew: false, dropped: true))
    }
    changes.created.sort()
    changes.modified.sort()
    changes.hidden.sort()
    changes.published.sort()
    changes.deleted.sort()
    changes.selections.sort { $0.id < $1.id }
    changes.renamedSelections.sort { $0.id < $1.id }
    return changes
  }
}

/// The part of an export's name that a date and time written as `snapshots` shows them stands for:
/// `2027-03-02 02:00` is `20270302-0200`, `2027-03-02` is `20270302` (an hour of one digit too, `2:00`);
/// nil for any other text.
func exportNamePart(ofDate text: String) -> String? {
  func digits(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isWholeNumber } }
  let parts = text.split(separator: " ", omittingEmptySubsequences: true)
  guard (1...2).contains(parts.count) else { return nil }
  let day = parts[0].split(separator: "-", omittingEmptySubsequences: false)
  guard day.count == 3, day[0].count == 4, day[1].count == 2, day[2].count == 2,
    day.allSatisfy(digits)
  else { return nil }
  var part = day.joined()
  if parts.count == 2 {
    let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
    guard time.count == 2, (1...2).contains(time[0].count), time[1].count == 2,
      time.allSatisfy(digits)
    else { return nil }
    part += "-" + (time[0].count == 1 ? "0" : "") + time[0] + time[1]
  }
  return part
}
