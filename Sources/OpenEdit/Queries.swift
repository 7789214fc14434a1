import Apidae
import Foundation
import GRDB
import GRDBSQLite

/// A fiche as listings show it (`fiches`, `selection`).
public struct FicheSummary: Sendable, Equatable {
  public var id: Int
  public var identifier: String?
  public var type: String
  public var name: String
  /// PUBLISHED, HIDDEN, NEW or DELETED.
  public var state: String
  public var communeId: Int?
  /// From `communes.json`, else from the object itself (API format).
  public var communeName: String?
  public var communeCode: String?
  public var email: String?
  public var ownerName: String?
  /// Ids of the sélections it belongs to, in order, when the query asked for them (`fiches` in CSV or JSON).
  public var selectionIds: [Int]? = nil
}

/// One fiche with everything Open Edit knows of it (`fiche ID [--raw]`).
public struct FicheDetail: Sendable, Equatable {
  public var summary: FicheSummary
  public var ownerId: Int?
  public var dateModification: String?
  /// Export stems: which export created it, last changed it, and last changed its state.
  public var createdIn: String
  public var updatedIn: String
  public var stateSince: String?
  /// The sélections it belongs to, by id.
  public var selections: [SelectionRef]
  /// The object's JSON as the export had it: filled by `Workspace.fiche(_:)`, which reads it from
  /// `snapshots/`; from `Store.fiche(_:)` only for rows of older versions, which kept a copy.
  public var raw: [UInt8]
  /// Where the JSON is in `snapshots/` (nil for rows of older versions).
  public var rawSource: RawSource?
}

/// Where a fiche's current JSON is: `length` bytes at `offset` of `entry` in the export `export`
/// (a stem), whose bytes hash to `hash`.
public struct RawSource: Sendable, Equatable {
  public var export: String
  public var entry: String
  public var offset: Int
  public var length: Int
  public var hash: Int64
}

public struct SelectionRef: Sendable, Equatable, Hashable {
  public var id: Int
  public var name: String
}

/// A sélection as `selections` lists it.
public struct SelectionSummary: Sendable, Equatable {
  public var id: Int
  public var name: String
  /// Member fiches (as `selections.json` lists them).
  public var members: Int
  /// Of which Open Edit has deleted, or never received.
  public var membersDeletedOrUnknown: Int
}

/// A sélection with its member fiches (`selection ID|NAME`).
public struct SelectionDetail: Sendable, Equatable {
  public var id: Int
  public var name: String
  /// Members Open Edit has, not deleted, by name.
  public var fiches: [FicheSummary]
  /// Member ids that Open Edit has deleted or never received.
  public var missing: [Int]
}

/// Filters of `fiches`; an empty list means no filter. A fiche is listed when it passes every filter
/// given: one of the types, one of the communes, one of the sélections, and a name holding every text.
public struct FicheFilter: Sendable, Equatable {
  /// Apidae types (case ignored): a fiche of any of them.
  public var types: [String]
  /// Communes, each a name (case and accents ignored), INSEE code or Apidae commune id: a fiche of any of them.
  public var communes: [String]
  /// Parts of the name, case and accents ignored ("hotel" finds «Hôtel»), hyphens, apostrophes and runs
  /// of spaces as one space ("week end" finds «Week-end»): a name holding each of them, as words typed in
  /// a search box.
  public var searches: [String]
  /// Only fiches no valid e-mail reaches: none, or not an address (R5's own check).
  public var noEmail: Bool
  /// Sélections (id or name, resolved like `selection`): a member of any of them.
  public var selections: [String]

  public init(
    types: [String] = [], communes: [String] = [], searches: [String] = [], noEmail: Bool = false,
    selections: [String] = []
  ) {
    self.types = types
    self.communes = communes
    self.searches = searches
    self.noEmail = noEmail
    self.selections = selections
  }
}

/// One fiche of a listing as SQLite gave it: UTF-8 texts (nil for NULL) and the ids of the fiche's
/// sélections, ascending, valid only during the call that receives it.
public struct FicheRowBytes {
  public var id: Int
  public var name: UnsafeBufferPointer<UInt8>
  public var type: UnsafeBufferPointer<UInt8>
  /// The commune's name, else its INSEE code.
  public var commune: UnsafeBufferPointer<UInt8>?
  public var email: UnsafeBufferPointer<UInt8>?
  public var state: UnsafeBufferPointer<UInt8>
  public var owner: UnsafeBufferPointer<UInt8>?
  public var selectionIds: UnsafeBufferPointer<Int>
}

public enum QueryError: Error, Equatable, Sendable {
  case unknownFiche(Int)
  /// With the nearest name when one is a typing slip away.
  case unknownSelection(String, near: String? = nil)
  /// Several sélections match the name once case and accents are ignored.
  case ambiguousSelection(String, candidates: [SelectionRef])
  /// Not one of the 16 Apidae types.
  case unknownType(String)
  /// No fiche Open Edit has bears that name (or a name that starts with it, or holds it).
  case unknownFicheName(String)
  /// Several fiches bear that name, start with it or hold it.
  case ambiguousFiche(String, [FicheName])
  /// No commune of that code, id or name among those Open Edit knows.
  case unknownCommune(String, near: String? = nil)
  /// Several communes match that name: their names.
  case ambiguousCommune(String, [String])
  /// No export of that name (stem or file name) in `snapshots/`; with the nearest one's stem when a part
  /// of its name is a typing slip away.
  case unknownExport(String, near: String? = nil)
  /// Several exports' names start with it or hold it.
  case ambiguousExport(String, [String])
  /// It names a file of `snapshots/` that is no export oesh takes (`snapshots` lists it as ignored): the
  /// file's name and why.
  case ignoredExport(String, fileName: String, reason: IgnoredEntry.Reason)
  /// `diff A B` needs A older than B.
  case exportsOutOfOrder(String, String)
  /// `diff A B` where A and B name the same export (its stem).
  case sameExport(String, String, export: String)
  /// The fiche's JSON is in an export that is no longer in `snapshots/`.
  case rawExportMissing(ficheId: Int, export: String)
  /// The export in `snapshots/` no longer holds the bytes imported from it (it was replaced).
  case rawExportChanged(ficheId: Int, export: String)
  /// The export in `snapshots/` that holds the fiche's JSON cannot be read any more.
  case rawExportUnreadable(ficheId: Int, ExportError)
}

extension Store {
  static let ficheColumns = """
    f.id, f.identifier, f.type, CAST(f.name AS BLOB), f.state, f.commune_id,
    CAST(coalesce(c.name, f.commune_name) AS BLOB), coalesce(c.code, f.commune_code), CAST(f.email AS BLOB),
    CAST(f.owner_name AS BLOB)
    """

  /// A listed fiche; its texts read whole (`Row.wholeText`), NUL characters included.
  static func summary(_ row: Row) -> FicheSummary {
    FicheSummary(
      id: row[0], identifier: row[1], type: row[2], name: row.wholeText(3) ?? "", state: row[4],
      communeId: row[5], communeName: row.wholeText(6), communeCode: row[7], email: row.wholeText(8),
      ownerName: row.wholeText(9))
  }

  /// The fiches Open Edit has (deleted ones excluded), by name then id; with the ids of their
  /// sélections when `withSelections` (read in the same query: a lookup per listed fiche in the index).
  public func fiches(_ filter: FicheFilter = FicheFilter(), withSelections: Bool = false) throws -> [FicheSummary] {
    try read { db in
      let (sql, arguments) = try Store.ficheQuery(
        db, filter, columns: Store.ficheColumns, selections: withSelections ? .concatenated : .none)
      let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
      var fiches: [FicheSummary] = []
      while let row = try rows.next() {
        var fiche = Store.summary(row)
        if withSelections {
          fiche.selectionIds = (row[10] as String?).map { $0.split(separator: ",").compactMap { Int($0) } } ?? []
        }
        fiches.append(fiche)
      }
      return fiches
    }
  }

  /// How a listing query gives each fiche's sélection ids.
  enum SelectionIds {
    case none
    /// One more column: the ids, comma-separated.
    case concatenated
    /// One row per sélection (one row with NULL for none), ids in order: no aggregate to build and
    /// parse per fiche (6 ms less over 9,375 fiches).
    case joined
  }

  /// The order a listing query reads the listing index in: its own (the listing's), or backwards.
  enum ListingOrder {
    case forwards, backwards
  }

  /// The query of fiche listings: `columns`, then the sélection ids as `selections` says, in the
  /// listing's order (folded name, id) or backwards.
  static func ficheQuery(
    _ db: Database, _ filter: FicheFilter, columns: String, selections: SelectionIds,
    order: ListingOrder = .forwards
  ) throws -> (String, StatementArguments) {
    let column =
      selections == .concatenated
      ? ", (SELECT group_concat(m.selection_id) FROM selection_member m WHERE m.fiche_id = f.id)" : ""
    let join = selections == .joined ? " LEFT JOIN selection_member m ON m.fiche_id = f.id" : ""
    var sql = """
      SELECT \(columns)\(column) FROM fiche f LEFT JOIN commune c ON c.id = f.commune_id\(join)
      WHERE f.state != 'DELETED'
      """
    var arguments: [DatabaseValueConvertible?] = []
    if !filter.types.isEmpty {
      for type in filter.types {
        let upper = type.uppercased()
        // One of Apidae's types, or one an export brought (a type Apidae added since).
        let brought = try Bool.fetchOne(
          db, sql: "SELECT EXISTS (SELECT 1 FROM fiche WHERE type = ?)", arguments: [upper])
        guard FicheType(rawValue: upper) != nil || brought == true else { throw QueryError.unknownType(type) }
        arguments.append(upper)
      }
      sql += " AND f.type IN (\(databaseQuestionMarks(count: filter.types.count)))"
    }
    if !filter.communes.isEmpty {
      var any: [String] = []
      for typed in filter.communes {
        let communes = try Store.resolveCommune(db, typed)
        // One commune by its id, else its code; namesakes (a whole name several communes bear) by that name.
        if communes.count == 1, let id = communes[0].id {
          any.append("f.commune_id = ?")
          arguments.append(id)
        } else if communes.count == 1, let code = communes[0].code {
          any.append("coalesce(c.code, f.commune_code) = ?")
          arguments.append(code)
        } else {
          any.append("oesh_fold(coalesce(c.name, f.commune_name)) = ?")
          arguments.append(folded(communes[0].name))
        }
      }
      sql += " AND (" + any.joined(separator: " OR ") + ")"
    }
    // Hyphens, apostrophes and runs of spaces as one space, as a fiche argument and TAB find names
    // («week end» finds «Week-end»). A text of one word is found as it is in the folded names, by the
    // listing index alone; one of several words narrows to the names holding its longest word first.
    // A hyphen or an apostrophe alone is looked for as it is: taken for nothing, every name held it.
    for search in filter.searches {
      guard let key = NameLookup.searchKey(search) else { continue }
      sql += " AND instr(f.name_folded, ?) > 0"
      arguments.append(key.words ? FicheRef(search).longestWord : key.text)
      if key.words && key.text.contains(" ") {
        sql += " AND oesh_name_holds(CAST(f.name_folded AS BLOB), ?)"
        arguments.append(key.text)
      }
    }
    if filter.noEmail { sql += " AND oesh_unreachable(CAST(f.email AS BLOB))" }
    if !filter.selections.isEmpty {
      for selection in filter.selections { arguments.append(try Store.resolveSelection(db, selection).id) }
      let ids = databaseQuestionMarks(count: filter.selections.count)
      sql += " AND f.id IN (SELECT fiche_id FROM selection_member WHERE selection_id IN (\(ids)))"
    }
    let keys = ["f.name_folded", "f.id"] + (selections == .joined ? ["m.selection_id"] : [])
    sql += " ORDER BY " + keys.map { order == .forwards ? $0 : $0 + " DESC" }.joined(separator: ", ")
    return (sql, StatementArguments(arguments))
  }

  /// A commune known to Open Edit: in `communes.json`, or named by a fiche (API format), or only the id
  /// fiches carry (no name then).
  struct CommuneRef: Equatable {
    var id: Int?
    var code: String?
    var name: String
  }

  /// The commune `text` names: its INSEE code, its id, or its name as `NameLookup` matches names; or
  /// the namesakes that bear the whole name typed (a filter then keeps the fiches of each).
  static func resolveCommune(_ db: Database, _ text: String) throws -> [CommuneRef] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT id, code, CAST(name AS BLOB) FROM commune
        UNION SELECT commune_id, commune_code, CAST(commune_name AS BLOB) FROM fiche
          WHERE commune_name IS NOT NULL AND (commune_id IS NULL OR commune_id NOT IN (SELECT id FROM commune))
        """)
    let all = rows.map { CommuneRef(id: $0[0], code: $0[1], name: $0.wholeText(2) ?? "") }
    let steps: [NameLookup.Step<CommuneRef>] = [.code { $0.code ?? "" }, .id { $0.id ?? -1 }] + NameLookup.byName()
    switch NameLookup.find(text, in: all, name: \.name, steps: steps) {
    case .found(let c): return [c]
    case .ambiguous(let cs)
    where Set(cs.map { NameLookup.fold($0.name) }).count == 1
      && NameLookup.fold(cs[0].name) == NameLookup.fold(text):
      return cs
    case .ambiguous(let cs):
      throw QueryError.ambiguousCommune(text, cs.map { $0.name + ($0.code.map { " (\($0))" } ?? "") })
    case .notFound(let near):
      // A commune id fiches carry that no `communes.json` names (it may be absent from an export): known
      // by that id, the only thing Open Edit has of it.
      if let id = Int(text), id > 0,
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM fiche WHERE commune_id = ?)", arguments: [id]) == true
      {
        return [CommuneRef(id: id, code: nil, name: "")]
      }
      throw QueryError.unknownCommune(text, near: near?.name)
    }
  }

  /// Whether Open Edit has, or had, fiche `id` (a deleted one included).
  public func knowsFiche(_ id: Int) throws -> Bool {
    try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM fiche WHERE id = ?", arguments: [id]) ?? false }
  }

  /// One fiche, deleted or not, with its sélections and raw JSON.
  public func fiche(_ id: Int) throws -> FicheDetail {
    try read { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT \(Store.ficheColumns), f.owner_id, f.date_modification, f.created_in, f.updated_in,
              f.state_since, CASE WHEN f.raw_export IS NULL THEN r.raw END, f.raw_export, f.raw_entry,
              f.raw_offset, f.raw_length, f.raw_hash
            FROM fiche f LEFT JOIN commune c ON c.id = f.commune_id LEFT JOIN fiche_raw r ON r.fiche_id = f.id
            WHERE f.id = ?
            """, arguments: [id])
      else { throw QueryError.unknownFiche(id) }
      let selections = try Row.fetchAll(
        db,
        sql: """
          SELECT s.id, CAST(s.name AS BLOB) FROM selection_member m JOIN selection s ON s.id = m.selection_id
          WHERE m.fiche_id = ? ORDER BY s.id
          """, arguments: [id]
      ).map { SelectionRef(id: $0[0], name: $0.wholeText(1) ?? "") }
      let raw: Data = row[15] ?? Data()
      var source: RawSource? = nil
      if let export: String = row[16] {
        source = RawSource(export: export, entry: row[17], offset: row[18], length: row[19], hash: row[20])
      }
      return FicheDetail(
        summary: Store.summary(row), ownerId: row[10], dateModification: row[11], createdIn: row[12],
        updatedIn: row[13], stateSince: row[14], selections: selections, raw: [UInt8](raw), rawSource: source)
    }
  }

  /// Every sélection with its member count, by name.
  public func selections() throws -> [SelectionSummary] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT s.id, CAST(s.name AS BLOB), count(m.fiche_id),
            sum(CASE WHEN f.id IS NULL OR f.state = 'DELETED' THEN 1 ELSE 0 END)
          FROM selection s LEFT JOIN selection_member m ON m.selection_id = s.id
            LEFT JOIN fiche f ON f.id = m.fiche_id
          GROUP BY s.id ORDER BY oesh_fold(s.name), s.id
          """
      ).map {
        SelectionSummary(id: $0[0], name: $0.wholeText(1) ?? "", members: $0[2], membersDeletedOrUnknown: $0[3] ?? 0)
      }
    }
  }

  /// One sélection by id or name (exact, then ignoring case and accents when that is unique).
  public func selection(_ idOrName: String) throws -> SelectionDetail {
    try read { db in
      let ref = try Store.resolveSelection(db, idOrName)
      // Read by a cursor: rows copied whole first (`fetchAll`) held 50,000 fiches twice.
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT \(Store.ficheColumns) FROM selection_member m JOIN fiche f ON f.id = m.fiche_id
            LEFT JOIN commune c ON c.id = f.commune_id
          WHERE m.selection_id = ? AND f.state != 'DELETED' ORDER BY f.name_folded, f.id
          """, arguments: [ref.id])
      var fiches: [FicheSummary] = []
      while let row = try rows.next() { fiches.append(Store.summary(row)) }
      return SelectionDetail(
        id: ref.id, name: ref.name, fiches: fiches, missing: try Store.selectionMissing(db, ref.id))
    }
  }

  /// The members of sélection `id` that Open Edit has deleted or never received, by id.
  public func selectionMissing(_ id: Int) throws -> [Int] {
    try read { db in try Store.selectionMissing(db, id) }
  }

  static func selectionMissing(_ db: Database, _ id: Int) throws -> [Int] {
    try Int.fetchAll(
      db,
      sql: """
        SELECT m.fiche_id FROM selection_member m LEFT JOIN fiche f ON f.id = m.fiche_id
        WHERE m.selection_id = ? AND (f.id IS NULL OR f.state = 'DELETED') ORDER BY m.fiche_id
        """, arguments: [id])
  }

  /// Finds a sélection by id, else by name as `NameLookup` matches names. Several matches:
  /// `QueryError.ambiguousSelection` with the candidates.
  public func resolveSelection(_ idOrName: String) throws -> SelectionRef {
    try read { db in try Store.resolveSelection(db, idOrName) }
  }

  static func resolveSelection(_ db: Database, _ idOrName: String) throws -> SelectionRef {
    let all = try Row.fetchAll(db, sql: "SELECT id, CAST(name AS BLOB) FROM selection ORDER BY id").map {
      SelectionRef(id: $0[0], name: $0.wholeText(1) ?? "")
    }
    switch NameLookup.find(idOrName, in: all, name: \.name, steps: [.id(\.id)] + NameLookup.byName()) {
    case .found(let s): return s
    case .ambiguous(let candidates): throw QueryError.ambiguousSelection(idOrName, candidates: candidates)
    case .notFound(let near): throw QueryError.unknownSelection(idOrName, near: near?.name)
    }
  }
}
