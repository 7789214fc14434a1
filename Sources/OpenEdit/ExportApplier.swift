import Apidae
import Foundation
import GRDB
import GRDBSQLite

/// What changed in Open Edit's fiches and sélections (R2), as ids; `names` has the names a report
/// shows: of every fiche the export carried (so that a dry run can name fiches the store does not
/// keep), and of the first `namedPerList` ids of each list otherwise.
public struct ChangeSet: Sendable, Equatable {
  /// How many ids of each list a report names; it counts the others (`… (+1092)`).
  public static let namedPerList = 8

  public var created: [Int] = []
  public var modified: [Int] = []
  /// For each modified fiche, the fields Open Edit keeps that changed, in `FicheField` order; none when
  /// only the rest of its JSON did (a description, opening times…).
  public var modifiedFields: [Int: [FicheField]] = [:]
  /// Masquages: fiches whose state became HIDDEN.
  public var hidden: [Int] = []
  /// Republications: hidden fiches whose state is no longer HIDDEN (published again).
  public var published: [Int] = []
  /// Suppressions (objets_supprimes, state DELETED/TRASH, or absent from a réinitialisation).
  public var deleted: [Int] = []
  /// Per sélection whose membership changed (or that appeared or was dropped), by sélection id.
  public var selections: [SelectionChange] = []
  /// Sélections the export names otherwise, by sélection id (their membership may be unchanged).
  public var renamedSelections: [SelectionRename] = []
  public var names: [Int: String] = [:]

  public init() {}

  public var isEmpty: Bool {
    created.isEmpty && modified.isEmpty && hidden.isEmpty && published.isEmpty && deleted.isEmpty
      && selections.isEmpty && renamedSelections.isEmpty
  }
}

/// The fields of a fiche that Open Edit keeps and shows, as a modification changes them.
public enum FicheField: String, CaseIterable, Sendable {
  case name, type, state, commune, email, owner

  /// The fields of `new` that differ from `old`, in this enumeration's order.
  static func changed(from old: KeptFields, to new: KeptFields) -> [FicheField] {
    var fields: [FicheField] = []
    if old.name != new.name { fields.append(.name) }
    if old.type != new.type { fields.append(.type) }
    if old.state != new.state { fields.append(.state) }
    // A commune given as `{id}` after `{id, code, nom}` (or before) is the same commune, shown with the
    // name its id has: only a name or code given on both sides and different is a change.
    func differ(_ a: String?, _ b: String?) -> Bool { a != nil && b != nil && a != b }
    if old.communeId != new.communeId || differ(old.communeName, new.communeName)
      || differ(old.communeCode, new.communeCode)
    {
      fields.append(.commune)
    }
    if old.email != new.email { fields.append(.email) }
    if old.owner != new.owner { fields.append(.owner) }
    return fields
  }
}

/// A fiche's fields that `FicheField` names, as stored or as an export brings them.
struct KeptFields: Equatable {
  var name: String?
  var type: String?
  var state: String
  var communeId: Int?
  var communeName: String?
  var communeCode: String?
  var email: String?
  var owner: String?

  /// The fields of `self` whose values are not exactly `other`'s (a commune by its id, name and code).
  func differing(from other: KeptFields) -> [FicheField] {
    var fields: [FicheField] = []
    if name != other.name { fields.append(.name) }
    if type != other.type { fields.append(.type) }
    if state != other.state { fields.append(.state) }
    if communeId != other.communeId || communeName != other.communeName || communeCode != other.communeCode {
      fields.append(.commune)
    }
    if email != other.email { fields.append(.email) }
    if owner != other.owner { fields.append(.owner) }
    return fields
  }

  /// `self` with the values of `fields` taken from `other`.
  func replacing(_ fields: [FicheField], from other: KeptFields) -> KeptFields {
    var result = self
    for field in fields {
      switch field {
      case .name: result.name = other.name
      case .type: result.type = other.type
      case .state: result.state = other.state
      case .commune:
        (result.communeId, result.communeName, result.communeCode) = (
          other.communeId, other.communeName, other.communeCode
        )
      case .email: result.email = other.email
      case .owner: result.owner = other.owner
      }
    }
    return result
  }

  /// No value: what `replacing` fills.
  static let empty = KeptFields(
    name: nil, type: nil, state: "", communeId: nil, communeName: nil, communeCode: nil, email: nil, owner: nil)
}

/// How one sélection's membership changed.
public struct SelectionChange: Sendable, Equatable {
  public var id: Int
  public var name: String
  /// Fiche ids that entered / left the sélection, ascending.
  public var entered: [Int]
  public var left: [Int]
  /// The sélection was not known before.
  public var isNew: Bool
  /// The sélection is no longer in the export's `selections.json`: it was dropped with its members.
  public var dropped: Bool
}

/// A sélection an export names otherwise: `from` as Open Edit had it, `to` as the export names it.
public struct SelectionRename: Sendable, Equatable {
  public var id: Int
  public var from: String
  public var to: String
}

/// What importing one export did.
public struct ExportReport: Sendable, Equatable {
  public var name: ExportName
  public var reinitialisation: Bool
  /// A calcul exceptionnel rather than the nightly export.
  public var ponctuel: Bool
  /// Whether a sidecar (Apidae's notification) said which it is; without one `ponctuel` is false by
  /// default, not because anything said so (`isNightly`).
  public var notified = false
  /// Imported after a newer export was already imported (it arrived late in `snapshots/`).
  public var late: Bool
  /// Objects in `objets_modifies/` and ids in `objets_supprimes.json`.
  public var objects: Int
  public var deletedInExport: Int
  public var changes: ChangeSet
  /// Deleted ids (objets_supprimes, or state DELETED/TRASH) of fiches Open Edit never had.
  public var unknownDeletions: [Int]
  /// For a late export: the fiches it carried (or deleted) that a newer export had already brought,
  /// kept as that one left them; its sélections are not applied either (theirs are older).
  public var keptNewer: [Int] = []
  /// For a late export older than a réinitialisation already imported: that one, which makes all it says
  /// old news (every fiche it carried or deleted is in `keptNewer`).
  public var supersededBy: ExportName?
}

/// A fiche's state as far as change detection goes.
struct FicheStatus: Equatable {
  var state: String
  var hash: Int64
}

/// A stored fiche as an import compares with it.
struct StoredFiche {
  var status: FicheStatus
  /// The fields the new version changes, as a report says them.
  var changedFields: [FicheField]
  /// The new version leaves the indexed columns exactly as they are (a commune's name given or not
  /// counts here, though it shows the same).
  var sameIndexed: Bool
  /// The export its stored version came from.
  var updatedIn: String
  /// Its fields as stored, when compared with a new version.
  var fields: KeptFields
}

/// A fiche as the store held it before this export (nil: it had none), which a later version of the
/// same fiche in the export is compared with: the earlier one is stored by then. Of its fields, only
/// those that version replaced are kept (a réinitialisation renaming 100,000 fiches keeps their old
/// names, not all their texts); the others are as the store holds them when the fiche comes again.
struct FicheBefore {
  var status: FicheStatus
  /// The fields the earlier version replaced, their values before it in `values`, the others empty.
  var replaced: [FicheField]
  var values: KeptFields

  init(_ stored: StoredFiche, replacedBy new: KeptFields) {
    status = stored.status
    replaced = stored.fields.differing(from: new)
    values = KeptFields.empty.replacing(replaced, from: stored.fields)
  }

  /// Its fields, given those the store holds now (the earlier version's).
  func fields(storedNow: KeptFields) -> KeptFields { storedNow.replacing(replaced, from: values) }
}

enum FicheChange {
  case created, modified, hidden, published, deleted, unknownDeletion

  /// The journal's kinds of a fiche's change by an import, as SQL's list.
  static let journalKinds = "'fiche.created', 'fiche.modified', 'fiche.hidden', 'fiche.published', 'fiche.deleted'"
}

/// A `fiche.modified` row's detail: the export, then the fields it changed (`… fields=name,email`), or
/// `fields=other` when only the rest of the fiche's JSON did. Rows written before this have the export alone.
func modifiedDetail(_ stem: String, _ fields: [FicheField]) -> String {
  stem + " fields=" + (fields.isEmpty ? "other" : fields.map(\.rawValue).joined(separator: ","))
}

/// The one rule deciding what a fiche's new version is (R2), shared by sync and diff.
func classify(old: FicheStatus?, new: FicheStatus) -> FicheChange? {
  if new.state == "DELETED" {
    guard let old else { return .unknownDeletion }
    return old.state == "DELETED" ? nil : .deleted
  }
  guard let old, old.state != "DELETED" else { return .created }
  if new.state == "HIDDEN" && old.state != "HIDDEN" { return .hidden }
  if old.state == "HIDDEN" && new.state != "HIDDEN" { return .published }
  return old != new ? .modified : nil
}

/// The state Open Edit keeps for an Apidae state: TRASH is a deletion too.
func storedState(_ apidaeState: String) -> String {
  apidaeState == "TRASH" ? "DELETED" : apidaeState
}

/// Applies one export's parts to the store, inside the caller's transaction (R2).
///
/// Parts arrive as the reader streams them; sélections and fiches are written as they come (memory
/// stays bounded; the memberships, which do not depend on the fiches, while the workers still decode
/// the objects), deletions are applied at `finish()`, after every création and modification.
/// Statements are prepared once; each fiche costs one primary-key lookup and at most one write, and
/// no lookup at all when the store had no fiche before this export (a first réinitialisation).
final class ExportApplier {
  let db: Database
  let name: ExportName
  let stem: String
  let reinitialisation: Bool
  /// Older than an export already imported: what a newer export brought is not taken back.
  let late: Bool
  /// For a late export, the newest réinitialisation imported after it in export order, if any (but the
  /// workspace's first export): that one is
  /// the whole project at a later time, so nothing the late export says of a fiche is news any more (a
  /// fiche it alone carries had gone by then; one the réinitialisation sent unchanged kept its older
  /// export's name, which a version in between must not replace). Importing in export order, as a store
  /// rebuilt by `sync` does, leaves the same fiches.
  private let supersededBy: ExportName?
  let at: LocalDateTime
  let command: String?

  private let lookup: Statement
  private let upsert: Statement
  /// The update of a fiche whose indexed columns (type, commune, and the listed ones: name, state,
  /// e-mail, owner) did not change, the usual modification: setting an indexed column, even to its own
  /// value, rewrites its index entries (1,881 pages written instead of 1,066 for 1,066 fiches), so this
  /// one leaves those columns alone.
  private let updateUnindexed: Statement
  private let markDeleted: Statement
  /// Records the commune an API-format object names (`{id, code, nom}`) when no `communes.json` has
  /// that id: the fiches of that commune that carry only `{id}` are then shown with its name too.
  private let nameCommune: Statement
  private var namedCommunes = Set<Int>()
  private let journal: Journal.Writer
  private var seen = Set<Int>()
  /// For each fiche of this export whose change is recorded (reported and journalled), the fiche as the
  /// store held it before (nil: none), unless the store was empty (then none had any): a fiche given
  /// again is classified against that, not against its earlier version, so that the report and the
  /// journal say what the store ends with. Only changed fiches: one that changed nothing left it stored.
  private var before: [Int: FicheBefore?] = [:]
  /// Fiches given again after their change was recorded, with their change as the last version makes
  /// it; `finish` puts them in the lists so (a list's ids are not searched for each version).
  private var finalChanges: [Int: FicheChange?] = [:]
  /// The journal's last row before this export: a fiche's rows after it are this export's.
  private let journalStart: Int64
  /// The first import into an empty store needs no lookups: every fiche is new.
  private let storeWasEmpty: Bool
  /// The `CREATE INDEX` statements of the indexes dropped for a first import, run by `finish`.
  private var droppedIndexes: [String] = []
  private var changes = ChangeSet()
  private var unknownDeletions: [Int] = []
  private var objects = 0
  private var deletedIds: [Int] = []
  private var keptNewer: [Int] = []
  /// The journal rows of the sélections' changes, written by `finish` after the fiches' (R2's order, the
  /// report's): the memberships are applied while the objects are still read, and a fiche's story would
  /// otherwise say it entered a sélection before it was created, or left one before it was deleted.
  private var selectionRows: [(kind: String, ficheId: Int?, detail: String)] = []

  init(
    db: Database, name: ExportName, reinitialisation: Bool, late: Bool = false, at: LocalDateTime,
    command: String?
  ) throws {
    self.db = db
    self.name = name
    self.stem = name.stem
    self.reinitialisation = reinitialisation
    self.late = late
    if late {
      // The workspace's first export counts as a réinitialisation without a sidecar saying so: not the
      // whole project at its time, then, and an export older than it is imported as before.
      let rows = try Row.fetchAll(db, sql: "SELECT name, reinitialisation FROM export")
      let first = rows.compactMap { ExportName.parse($0[0]) }.min()
      supersededBy =
        rows.filter { $0[1] as Bool }.compactMap { ExportName.parse($0[0]) }.filter { $0 > name && $0 != first }.max()
    } else {
      supersededBy = nil
    }
    self.at = at
    self.command = command
    lookup = try db.makeStatement(
      sql: """
        SELECT state, raw_hash, type, commune_id, name, commune_name, commune_code, email, owner_name, updated_in
        FROM fiche WHERE id = ?
        """)
    storeWasEmpty = try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM fiche)")!
    if storeWasEmpty {
      // Into an empty store, the indexes are built once at the end, by sorting, rather than entry by
      // entry as fiches arrive in id order. Their definitions come from the schema: nothing to repeat here.
      let indexes = try Row.fetchAll(
        db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'fiche' AND sql IS NOT NULL")
      for index in indexes { try db.execute(sql: "DROP INDEX \"\(index["name"] as String)\"") }
      droppedIndexes = indexes.map { $0["sql"] }
    }
    upsert = try db.makeStatement(
      sql: """
        INSERT INTO fiche(id, identifier, type, name, name_folded, state, state_since, owner_id, owner_name,
          date_modification, commune_id, commune_name, commune_code, email, raw_hash, created_in, updated_in,
          raw_export, raw_entry, raw_offset, raw_length)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET identifier = excluded.identifier, type = excluded.type,
          name = excluded.name, name_folded = excluded.name_folded,
          state_since = CASE WHEN fiche.state = excluded.state THEN fiche.state_since ELSE excluded.state_since END,
          state = excluded.state, owner_id = excluded.owner_id, owner_name = excluded.owner_name,
          date_modification = excluded.date_modification, commune_id = excluded.commune_id,
          commune_name = excluded.commune_name, commune_code = excluded.commune_code, email = excluded.email,
          raw_hash = excluded.raw_hash, updated_in = excluded.updated_in, raw_export = excluded.raw_export,
          raw_entry = excluded.raw_entry, raw_offset = excluded.raw_offset, raw_length = excluded.raw_length
        """)
    updateUnindexed = try db.makeStatement(
      sql: """
        UPDATE fiche SET identifier = ?, owner_id = ?, date_modification = ?, raw_hash = ?, updated_in = ?,
          raw_export = ?, raw_entry = ?, raw_offset = ?, raw_length = ?
        WHERE id = ?
        """)
    nameCommune = try db.makeStatement(
      sql: """
        INSERT INTO commune(id, code, name, postal_code, name_folded) VALUES (?, ?, ?, NULL, ?)
        ON CONFLICT(id) DO NOTHING
        """)
    journal = try Journal.Writer(db, at: at, command: command)
    journalStart = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM journal") ?? 0
    markDeleted = try db.makeStatement(
      sql: "UPDATE fiche SET state = 'DELETED', state_since = ?, updated_in = ? WHERE id = ?")
  }

  func apply(_ part: ExportPart) throws {
    switch part {
    case .fiches(let fiches, let entry):
      for fiche in fiches { try apply(fiche, entry: entry) }
    case .deleted(let ids): deletedIds = ids
    case .selections(let selections): try apply(selections)
    case .communes(let communes): try apply(communes)
    }
  }

  /// The stored fiche, and whether `fiche` leaves its indexed columns as they are.
  private func storedFiche(_ id: Int, comparedWith fiche: Fiche? = nil) throws -> StoredFiche? {
    // Read from SQLite's statement, no row made: 1,100 lookups a night.
    lookup.setUncheckedArguments([id])
    let row = lookup.sqliteStatement
    defer { sqlite3_reset(row) }
    guard try lookup.step() else { return nil }
    // The state and the export's name as GRDB reads a `String` (up to a NUL), as they were compared before.
    let status = FicheStatus(
      state: String(cString: sqlite3_column_text(row, 0)), hash: sqlite3_column_int64(row, 1))
    let updatedIn = String(cString: sqlite3_column_text(row, 9))
    // Every text read whole, as the export's are compared: a NUL in a type or a commune code read as a C
    // string made that field «changed» at each new version of the fiche.
    func text(_ column: Int32) -> String? { columnText(row, column).map { String(decoding: $0, as: UTF8.self) } }
    let old = KeptFields(
      name: text(4), type: text(2), state: status.state,
      communeId: sqlite3_column_type(row, 3) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(row, 3)),
      communeName: text(5), communeCode: text(6), email: text(7), owner: text(8))
    guard let f = fiche else {
      return StoredFiche(
        status: status, changedFields: FicheField.allCases, sameIndexed: false, updatedIn: updatedIn, fields: old)
    }
    let new = f.keptFields
    return StoredFiche(
      status: status, changedFields: FicheField.changed(from: old, to: new), sameIndexed: old == new,
      updatedIn: updatedIn, fields: old)
  }

  /// A late export's version of a fiche that a newer export already brought: kept as the newer left it.
  /// Every fiche, known or not, when a newer réinitialisation supersedes the export (`supersededBy`).
  private func isNewer(_ stored: StoredFiche?) -> Bool {
    if supersededBy != nil { return true }
    guard late, let stored else { return false }
    return ExportName.parse(stored.updatedIn).map { $0 > name } ?? false
  }

  private func apply(_ fiche: Fiche, entry: String) throws {
    try Interruption.check()
    objects += 1
    let new = FicheStatus(state: storedState(fiche.state), hash: fiche.rawHash)
    let firstTime = seen.insert(fiche.id).inserted
    let stored = storeWasEmpty && firstTime ? nil : try storedFiche(fiche.id, comparedWith: fiche)
    if isNewer(stored) {
      if firstTime { keptNewer.append(fiche.id) }
      // One the store never had (gone by the réinitialisation that supersedes this export) named as sent.
      if stored == nil { changes.names[fiche.id] = fiche.name }
      return
    }
    let change = classify(old: stored?.status, new: new)
    if let earlier = storeWasEmpty && !firstTime ? .some(nil) : before[fiche.id] {
      // Given again after a change was recorded: the change is now this version's against the fiche before
      // the export, the earlier version's rows taken back.
      try withdrawJournal(fiche.id)
      let reported = classify(old: earlier?.status, new: new)
      finalChanges[fiche.id] = reported
      if let reported {
        let fields = earlier.flatMap { earlier in
          stored.map { FicheField.changed(from: earlier.fields(storedNow: $0.fields), to: fiche.keptFields) }
        }
        try record(reported, of: fiche, fields: fields ?? [])
      }
    } else if let change {
      // updateValue: a fiche the store did not have is remembered as nil, not forgotten.
      if !storeWasEmpty {
        before.updateValue(stored.map { FicheBefore($0, replacedBy: fiche.keptFields) }, forKey: fiche.id)
      }
      try record(change, of: fiche, fields: stored?.changedFields ?? [])
      switch change {
      case .created: changes.created.append(fiche.id)
      case .modified: changes.modified.append(fiche.id)
      case .hidden: changes.hidden.append(fiche.id)
      case .published: changes.published.append(fiche.id)
      case .deleted: changes.deleted.append(fiche.id)
      case .unknownDeletion: unknownDeletions.append(fiche.id)
      }
    }
    guard let change, change != .unknownDeletion else { return }
    // The fiche's texts bound whole (a NUL kept), the state and the export's and entry's names as GRDB
    // binds a `String`, as before.
    if let stored, stored.sameIndexed {
      updateUnindexed.bind([
        .text(fiche.identifier), .integer(fiche.ownerId), .text(fiche.dateModification), .int64(new.hash),
        .cString(stem), .cString(stem), .cString(entry), .integer(fiche.rawOffset), .integer(fiche.rawLength),
        .integer(fiche.id),
      ])
      try updateUnindexed.execute()
      return
    }
    let foldedName = folded(fiche.name)
    upsert.bind([
      .integer(fiche.id), .text(fiche.identifier), .text(fiche.type), .text(fiche.name), .text(foldedName),
      .cString(new.state), .cString(stem), .integer(fiche.ownerId), .text(fiche.ownerName),
      .text(fiche.dateModification), .integer(fiche.communeId), .text(fiche.communeName), .text(fiche.communeCode),
      .text(fiche.email), .int64(new.hash), .cString(stem), .cString(stem), .cString(stem), .cString(entry),
      .integer(fiche.rawOffset), .integer(fiche.rawLength),
    ])
    try upsert.execute()
    if let id = fiche.communeId, let commune = fiche.communeName, namedCommunes.insert(id).inserted {
      nameCommune.setWholeTextArguments([id, fiche.communeCode, commune, folded(commune)])
      try nameCommune.execute()
    }
  }

  /// Writes a fiche's change into the journal and the report's names and fields (the lists are the
  /// caller's).
  private func record(_ change: FicheChange, of fiche: Fiche, fields: [FicheField]) throws {
    switch change {
    // Each fiche's story in the journal (`journal --fiche`), but for a first import into an empty
    // store, where every fiche is a création: its `created_in` tells it (`CampaignJournal.entries`).
    case .created: if !storeWasEmpty { try journal.add(kind: "fiche.created", ficheId: fiche.id, detail: stem) }
    case .modified:
      changes.modifiedFields[fiche.id] = fields
      try journal.add(kind: "fiche.modified", ficheId: fiche.id, detail: modifiedDetail(stem, fields))
    case .hidden: try journal.add(kind: "fiche.hidden", ficheId: fiche.id, detail: stem)
    case .published: try journal.add(kind: "fiche.published", ficheId: fiche.id, detail: stem)
    case .deleted: try journal.add(kind: "fiche.deleted", ficheId: fiche.id, detail: stem)
    case .unknownDeletion: break
    }
    changes.names[fiche.id] = fiche.name
  }

  /// Takes back the journal rows this export wrote of a fiche's change.
  private func withdrawJournal(_ id: Int) throws {
    changes.modifiedFields[id] = nil
    guard !storeWasEmpty else { return }
    try journal.flush()
    let statement = try db.cachedStatement(
      sql: "DELETE FROM journal WHERE fiche_id = ? AND id > ? AND kind IN (\(FicheChange.journalKinds))")
    statement.setUncheckedArguments([id, journalStart])
    try statement.execute()
  }

  /// Puts the fiches given again in the lists of their last version's change.
  private func applyFinalChanges() {
    guard !finalChanges.isEmpty else { return }
    func keep(_ ids: inout [Int]) { ids.removeAll { finalChanges[$0] != nil } }
    keep(&changes.created)
    keep(&changes.modified)
    keep(&changes.hidden)
    keep(&changes.published)
    keep(&changes.deleted)
    keep(&unknownDeletions)
    for (id, change) in finalChanges {
      switch change {
      case .created?: changes.created.append(id)
      case .modified?: changes.modified.append(id)
      case .hidden?: changes.hidden.append(id)
      case .published?: changes.published.append(id)
      case .deleted?: changes.deleted.append(id)
      case .unknownDeletion?: unknownDeletions.append(id)
      case nil: changes.names[id] = nil
      }
    }
  }

  /// Communes are kept across exports; each export's list is written where it differs (a nightly export
  /// carries the same few hundred communes again).
  private func apply(_ communes: [Commune]) throws {
    var stored: [Int: Commune] = [:]
    // Read whole as they were written (`setWholeTextArguments`): a name cut at a NUL differs every time.
    let rows = try Row.fetchAll(
      db, sql: "SELECT id, CAST(code AS BLOB), CAST(name AS BLOB), CAST(postal_code AS BLOB) FROM commune")
    for row in rows {
      stored[row[0]] = Commune(
        id: row[0], code: row.wholeText(1), name: row.wholeText(2) ?? "", postalCode: row.wholeText(3))
    }
    let statement = try db.makeStatement(
      sql: """
        INSERT INTO commune(id, code, name, postal_code, name_folded) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name,
          postal_code = excluded.postal_code, name_folded = excluded.name_folded
        """)
    for c in communes where stored[c.id] != c {
      statement.setWholeTextArguments([c.id, c.code, c.name, c.postalCode, folded(c.name)])
      try statement.execute()
    }
  }

  private func delete(_ id: Int) throws {
    markDeleted.setUncheckedArguments([stem, stem, id])
    try markDeleted.execute()
    changes.deleted.append(id)
    try journal.add(kind: "fiche.deleted", ficheId: id, detail: stem)
  }

  /// Applies deletions, the réinitialisation's removals and sélections, records the import, and
  /// returns what it did.
  func finish(ponctuel: Bool) throws -> ExportReport {
    for sql in droppedIndexes { try db.execute(sql: sql) }
    applyFinalChanges()
    var unknownSeen = Set(unknownDeletions)
    for id in deletedIds {
      let stored = try storedFiche(id)
      guard let old = stored?.status else {
        if unknownSeen.insert(id).inserted { unknownDeletions.append(id) }
        continue
      }
      if isNewer(stored) {
        if !keptNewer.contains(id) { keptNewer.append(id) }
        continue
      }
      if old.state != "DELETED" { try delete(id) }
    }
    if reinitialisation && supersededBy == nil {
      let present = try Row.fetchAll(db, sql: "SELECT id, updated_in FROM fiche WHERE state != 'DELETED'")
      for row in present where !seen.contains(row[0]) {
        // A fiche a newer export brought is not removed by an older réinitialisation.
        if late, let newer = ExportName.parse(row[1]), newer > name { continue }
        try delete(row[0])
      }
    }
    keptNewer.sort()
    changes.selections.sort { $0.id < $1.id }
    changes.renamedSelections.sort { $0.id < $1.id }
    changes.created.sort()
    changes.modified.sort()
    changes.hidden.sort()
    changes.published.sort()
    changes.deleted.sort()
    unknownDeletions.sort()
    try resolveNames()
    var report = ExportReport(
      name: name, reinitialisation: reinitialisation, ponctuel: ponctuel, late: late, objects: objects,
      deletedInExport: deletedIds.count, changes: changes, unknownDeletions: unknownDeletions)
    report.keptNewer = keptNewer
    report.supersededBy = supersededBy
    try db.execute(
      sql: """
        INSERT INTO export(name, project_id, exported_at, ponctuel, reinitialisation, objects, deleted, imported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        stem, name.projectId, name.time.minuteText, ponctuel, reinitialisation, objects, deletedIds.count,
        at.description,
      ])
    try db.execute(sql: "DELETE FROM export_count WHERE name IN (?, ?)", arguments: [stem, stem + ".zip"])
    for row in selectionRows { try journal.add(kind: row.kind, ficheId: row.ficheId, detail: row.detail) }
    selectionRows = []
    try journal.add(kind: "import", detail: report.journalDetail)
    try journal.flush()
    return report
  }

  /// Replaces each sélection's membership with the export's; sélections absent from it are dropped.
  /// A late export's are older than those already imported: they are left as they are.
  private func apply(_ selections: [Selection]) throws {
    guard !late else { return }
    var known: [Int: (name: String, membersHash: Int64)] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT id, CAST(name AS BLOB), members_hash FROM selection") {
      known[row[0]] = (row.wholeText(1) ?? "", row[2])
    }
    let members = try db.makeStatement(
      sql: "SELECT fiche_id FROM selection_member WHERE selection_id = ? ORDER BY fiche_id")
    // One row a statement: several would each keep a statement journal (the foreign key to `selection`
    // may abort one halfway), whose pages SQLite spilled to a temporary file, 844 writes a night.
    let insertMember = try db.makeStatement(
      sql: "INSERT OR IGNORE INTO selection_member(selection_id, fiche_id) VALUES (?, ?)")
    let deleteMember = try db.makeStatement(
      sql: "DELETE FROM selection_member WHERE selection_id = ? AND fiche_id = ?")
    var inExport = Set<Int>()
    for selection in selections {
      try Interruption.check()
      guard inExport.insert(selection.id).inserted else { continue }
      let new = sortedUnique(selection.ficheIds)
      let hash = membersHash(new)
      let before = known[selection.id]
      if let before, before.name != selection.name {
        // Reported and journalled as the sync's other changes: `selections` shows the new name.
        changes.renamedSelections.append(SelectionRename(id: selection.id, from: before.name, to: selection.name))
        selectionRows.append(
          (kind: "selection.renamed", ficheId: nil, detail: "\(selection.id) \(before.name) → \(selection.name)"))
      }
      if let before, before.membersHash == hash {
        // Unchanged membership (the usual case in a nightly export): no need to read it.
        if before.name != selection.name {
          let rename = try db.cachedStatement(sql: "UPDATE selection SET name = ? WHERE id = ?")
          rename.setWholeTextArguments([selection.name, selection.id])
          try rename.execute()
        }
        continue
      }
      let isNew = before == nil
      let upsertSelection = try db.cachedStatement(
        sql: """
          INSERT INTO selection(id, name, members_hash) VALUES (?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET name = excluded.name, members_hash = excluded.members_hash
          """)
      upsertSelection.setWholeTextArguments([selection.id, selection.name, hash])
      try upsertSelection.execute()
      // Both sides sorted (the table's key is (selection_id, fiche_id)): one merge finds who entered and left.
      let old = isNew ? [] : try members.integers([selection.id])
      let (entered, left) = sortedDifferences(new, old)
      for id in entered {
        insertMember.bind([.integer(selection.id), .integer(id)])
        try insertMember.execute()
      }
      for id in left {
        deleteMember.setUncheckedArguments([selection.id, id])
        try deleteMember.execute()
      }
      if isNew {
        selectionRows.append(
          (kind: "selection.created", ficheId: nil, detail: "\(selection.id) \(selection.name) (\(entered.count))"))
      }
      // Each fiche's story says the sélections it entered and left, a new one's too; but not for the
      // first import into an empty store, whose sélections all are new (their members tell it).
      if !(isNew && storeWasEmpty) {
        let detail = "\(selection.id) \(selection.name)"
        for id in entered { selectionRows.append((kind: "selection.entered", ficheId: id, detail: detail)) }
        for id in left { selectionRows.append((kind: "selection.left", ficheId: id, detail: detail)) }
      }
      if isNew || !entered.isEmpty || !left.isEmpty {
        changes.selections.append(
          SelectionChange(
            id: selection.id, name: selection.name, entered: entered, left: left, isNew: isNew, dropped: false))
      }
    }
    for (id, (selectionName, _)) in known where !inExport.contains(id) {
      let left = try members.integers([id])
      try db.execute(sql: "DELETE FROM selection_member WHERE selection_id = ?", arguments: [id])
      try db.execute(sql: "DELETE FROM selection WHERE id = ?", arguments: [id])
      selectionRows.append((kind: "selection.dropped", ficheId: nil, detail: "\(id) \(selectionName)"))
      // Its members left it: their stories say so, as for a membership that changed.
      for fiche in left {
        selectionRows.append((kind: "selection.left", ficheId: fiche, detail: "\(id) \(selectionName)"))
      }
      changes.selections.append(
        SelectionChange(id: id, name: selectionName, entered: [], left: left, isNew: false, dropped: true))
    }
  }

  /// Names of the fiches a report names that this export did not carry: the first of each list
  /// (a grown sélection's 1,100 newcomers cost 6 ms to name, for the 8 a report shows).
  private func resolveNames() throws {
    let statement = try db.makeStatement(sql: "SELECT CAST(name AS BLOB) FROM fiche WHERE id = ?")
    var ids = changes.deleted.prefix(ChangeSet.namedPerList) + keptNewer.prefix(ChangeSet.namedPerList)
    for s in changes.selections {
      ids += s.entered.prefix(ChangeSet.namedPerList) + s.left.prefix(ChangeSet.namedPerList)
    }
    for id in ids where changes.names[id] == nil {
      if let name = try Row.fetchOne(statement, arguments: [id])?.wholeText(0) { changes.names[id] = name }
    }
  }
}

extension ExportReport {
  /// The import's line in the journal (data, not prose: the shell words it).
  var journalDetail: String {
    let kind = reinitialisation ? "reinitialisation" : "differential"
    return
      "\(name.stem) \(kind)\(ponctuel ? " ponctuel" : "") created=\(changes.created.count)"
      + " modified=\(changes.modified.count) hidden=\(changes.hidden.count) published=\(changes.published.count)"
      + " deleted=\(changes.deleted.count)"
      + " unknown_deletions=\(unknownDeletions.count) selections_changed=\(changes.selections.count)"
      + " selections_renamed=\(changes.renamedSelections.count)"
  }
}

/// A sélection's membership as one number, to skip reading unchanged memberships.
func membersHash(_ sortedIds: [Int]) -> Int64 {
  sortedIds.withUnsafeBytes(Fiche.rawHash(of:))
}

/// The ids in increasing order, each once.
func sortedUnique(_ ids: [Int]) -> [Int] {
  var sorted = ids.sorted()
  var kept = 0
  for i in sorted.indices where i == 0 || sorted[i] != sorted[kept - 1] {
    sorted[kept] = sorted[i]
    kept += 1
  }
  sorted.removeLast(sorted.count - kept)
  return sorted
}

/// What is in `new` and not in `old`, and what is in `old` and not in `new`, both sorted and unique.
func sortedDifferences(_ new: [Int], _ old: [Int]) -> (onlyInNew: [Int], onlyInOld: [Int]) {
  var onlyInNew: [Int] = []
  var onlyInOld: [Int] = []
  var i = 0
  var j = 0
  while i < new.count || j < old.count {
    if j == old.count || (i < new.count && new[i] < old[j]) {
      onlyInNew.append(new[i])
      i += 1
    } else if i == new.count || old[j] < new[i] {
      onlyInOld.append(old[j])
      j += 1
    } else {
      i += 1
      j += 1
    }
  }
  return (onlyInNew, onlyInOld)
}

/// The hash the store keeps of a fiche's raw JSON (`Fiche.rawHash(of:)`).
func rawHash(_ bytes: [UInt8]) -> Int64 {
  bytes.withUnsafeBytes(Fiche.rawHash(of:))
}

extension Fiche {
  /// The fields the store keeps of this version, its state as stored.
  var keptFields: KeptFields {
    KeptFields(
      name: name, type: type, state: storedState(state), communeId: communeId, communeName: communeName,
      communeCode: communeCode, email: email, owner: ownerName)
  }
}
