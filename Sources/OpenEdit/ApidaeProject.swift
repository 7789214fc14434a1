import Apidae
import Foundation
import GRDB

/// The Apidae project, simulated: every fiche as of the newest export plus the edits made here, and each
/// sélection's definition. It is where the seed's procedure starts («ajoutez la fiche dans votre sélection
/// Apidae en modifiant le ou les filtres») and it talks to Open Edit only by writing exports into
/// `snapshots/`, which `sync` imports like any other (R1–R3 hold).
///
/// Exports that arrive from elsewhere (a real project's, dropped into `snapshots/`) are read in on first
/// use: the project always starts from the newest export it has seen.
public struct ApidaeProject: Sendable {
  public let workspace: Workspace

  public init(workspace: Workspace) {
    self.workspace = workspace
  }

  /// Keys of the store's `setting` table.
  static let startedKey = "apidae.started"
  static let lastExportKey = "apidae.last_export"
  static let projectIdKey = "apidae.project_id"
  /// The project id used when neither `oesh.toml` nor any export gives one.
  static let defaultProjectId = 4242

  var store: Store { get throws { try workspace.store() } }

  /// Whether the project exists yet: set up by the demo, or by the first `apidae` command.
  public func isStarted() throws -> Bool {
    try store.read { db in try ApidaeProject.isStarted(db) }
  }

  static func isStarted(_ db: Database) throws -> Bool {
    try Store.setting(db, startedKey) != nil
  }

  /// Makes the project current before a command looks at it or changes it: reads in the exports of
  /// `snapshots/` it has not seen, and lets the changes scheduled up to the clock's time happen.
  /// Returns the exports read in.
  @discardableResult
  public func prepare(command: String? = nil) throws -> [ExportName] {
    let now = try workspace.clock().now()
    let read = try absorbExports(command: command)
    try applyEvents(upTo: now, command: command)
    return read
  }

  /// The project id exports are named with: `oesh.toml`, else the one the project has seen, else 4242.
  func projectId(_ db: Database) throws -> Int {
    if let id = workspace.settings.projectId { return id }
    if let text = try Store.setting(db, ApidaeProject.projectIdKey), let id = Int(text) { return id }
    return ApidaeProject.defaultProjectId
  }
}

// MARK: - What the project holds

/// A fiche as the Apidae project has it now.
public struct ApidaeFiche: Sendable, Equatable {
  public var fiche: Fiche
  /// Changed here since the last export: the next export will carry it.
  public var pending: Bool
  /// Clock time of the last change made here, if any.
  public var changedAt: String?
}

/// A sélection's filter: every criterion given must hold; an empty filter selects nothing (the sélection
/// is then only its hand-made list).
public struct ApidaeFilter: Sendable, Equatable {
  /// Any of these object types.
  public var types: [String] = []
  /// Any of these communes (Apidae commune ids).
  public var communeIds: [Int] = []
  /// The owner («membre propriétaire»): its id or its name.
  public var owner: String?
  /// Part of the name, case and accents ignored.
  public var text: String?

  public init(types: [String] = [], communeIds: [Int] = [], owner: String? = nil, text: String? = nil) {
    self.types = types
    self.communeIds = communeIds
    self.owner = owner
    self.text = text
  }

  public var isEmpty: Bool { types.isEmpty && communeIds.isEmpty && owner == nil && text == nil }

  func matches(_ f: Fiche) -> Bool {
    guard !isEmpty else { return false }
    if !types.isEmpty, !types.contains(f.type) { return false }
    if !communeIds.isEmpty, !communeIds.contains(f.communeId ?? -1) { return false }
    if let owner {
      let byId = Int(owner).map { $0 == f.ownerId } ?? false
      let byName = f.ownerName.map { folded($0) == folded(owner) } ?? false
      if !byId && !byName { return false }
    }
    if let text, !folded(f.name).contains(folded(text)) { return false }
    return true
  }
}

/// A sélection as the Apidae project defines it: a filter plus fiches included or excluded by hand.
/// A sélection that came from real exports starts as a hand-made list of its members.
public struct ApidaeSelection: Sendable, Equatable {
  public var id: Int
  public var name: String
  public var filter: ApidaeFilter
  /// Fiche ids added by hand (members even when the filter does not match them), ascending.
  public var included: [Int]
  /// Fiche ids taken out by hand (never members), ascending.
  public var excluded: [Int]
  /// Members in the last export written or read, nil when never exported.
  public var exported: [Int]?

  public init(
    id: Int, name: String, filter: ApidaeFilter = ApidaeFilter(), included: [Int] = [], excluded: [Int] = [],
    exported: [Int]? = nil
  ) {
    self.id = id
    self.name = name
    self.filter = filter
    self.included = included
    self.excluded = excluded
    self.exported = exported
  }

  /// The members among `fiches`: matched by the filter or included, not excluded, not deleted. An included
  /// id the project has no fiche for stays a member (a real export may list such ids).
  func members(of fiches: [Int: Fiche]) -> [Int] {
    var out = Set<Int>()
    if !filter.isEmpty {
      for f in fiches.values where f.state != "DELETED" && filter.matches(f) { out.insert(f.id) }
    }
    for id in included where fiches[id].map({ $0.state != "DELETED" }) ?? true { out.insert(id) }
    out.subtract(excluded)
    return out.sorted()
  }
}

/// A sélection with its members now, and how they differ from the last export.
public struct ApidaeSelectionState: Sendable, Equatable {
  public var selection: ApidaeSelection
  public var members: [Int]
  /// Members that the last export did not have / had: what the next export will change.
  public var entering: [Int]
  public var leaving: [Int]
  public var pending: Bool { selection.exported == nil || !entering.isEmpty || !leaving.isEmpty }
}

/// A commune of the project's referential.
public struct ApidaeCommune: Sendable, Equatable {
  public var id: Int
  public var code: String?
  public var name: String
  public var postalCode: String?
}

public enum ApidaeError: Error, Equatable, Sendable {
  case unknownFiche(Int)
  /// No fiche of the project bears that name (or a name that starts with it, or holds it).
  case unknownFicheName(String)
  /// Several fiches of the project bear that name, start with it or hold it.
  case ambiguousFiche(String, [FicheName])
  case unknownSelection(String, near: String? = nil)
  case ambiguousSelection(String, [String])
  case unknownCommune(String, near: String? = nil)
  case ambiguousCommune(String, [String])
  /// No fiche of the project has this owner («membre propriétaire»), by id or by name: a filter on it
  /// would select none.
  case unknownOwner(String, near: String? = nil)
  case ambiguousOwner(String, [String])
  case unknownType(String)
  /// A change to a deleted fiche (Apidae keeps nothing to edit).
  case ficheDeleted(Int)
  /// A fiche needs a name.
  case emptyName
  /// A fiche both put in and kept out of a sélection by hand in one change: it cannot be both.
  case includedAndExcluded(Int)
  /// A name or an e-mail longer than oesh reads from an export (`ExportReader.longestText`, in UTF-8
  /// bytes): the export carrying it would be refused by the sync.
  case textTooLong(FicheField, bytes: Int)
  /// The project has no fiche and no sélection: no export in `snapshots/` to start from.
  case empty
  /// The clock is real: the Apidae side cannot live through a night that has not come.
  case realClock
  /// The clock is before this export, imported or written: Apidae writes its exports in time order, and one
  /// dated before it would come late to the sync, which keeps none of a late export's sélections.
  case clockBeforeExport(ExportName, clock: LocalDateTime)
}

extension ApidaeError {
  /// What the journal keeps of a scheduled change this error skipped (`apidae.event.skipped`): a stable code
  /// and its value, `fiche_deleted 5100012`, which scripts read in JSON and the shell words (README).
  public var journalDetail: String {
    switch self {
    case .ficheDeleted(let id): "fiche_deleted \(id)"
    case .unknownFiche(let id): "unknown_fiche \(id)"
    case .unknownCommune(let commune, _): "unknown_commune \(commune)"
    case .unknownType(let type): "unknown_type \(type)"
    case .emptyName: "empty_name"
    case .includedAndExcluded(let id): "included_and_excluded \(id)"
    case .textTooLong(let field, let bytes): "text_too_long \(field.rawValue) \(bytes)"
    case .unknownFicheName(let name): "unknown_fiche_name \(name)"
    case .ambiguousFiche(let name, _): "ambiguous_fiche \(name)"
    case .unknownSelection(let name, _): "unknown_selection \(name)"
    case .ambiguousSelection(let name, _): "ambiguous_selection \(name)"
    case .ambiguousCommune(let name, _): "ambiguous_commune \(name)"
    case .unknownOwner(let owner, _): "unknown_owner \(owner)"
    case .ambiguousOwner(let owner, _): "ambiguous_owner \(owner)"
    case .empty: "empty"
    case .realClock: "real_clock"
    case .clockBeforeExport(let name, _): "clock_before_export \(name.stem)"
    }
  }

  /// The error a journal's detail keeps, for the errors a scheduled change meets (its fiche deleted or
  /// unknown, a commune or type unknown, an empty name); also from the rows earlier versions wrote, Swift's
  /// printout of the error (`ficheDeleted(5100012)`). Nil for any other detail.
  public init?(journalDetail detail: String) {
    var code = detail, value = ""
    let open = detail.firstIndex(of: "(")
    if let open, detail.hasSuffix(")"), detail[..<open].allSatisfy(\.isLetter) {
      // Earlier versions: `ficheDeleted(5100012)`, `unknownType("X")`, `unknownCommune("1", near: nil)`.
      code = detail[..<open].reduce(into: "") { $0 += $1.isUppercase ? "_" + $1.lowercased() : String($1) }
      value = String(detail[detail.index(after: open)..<detail.index(before: detail.endIndex)])
      if let comma = value.range(of: ", near: ") { value = String(value[..<comma.lowerBound]) }
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
    } else if let space = detail.firstIndex(of: " ") {
      (code, value) = (String(detail[..<space]), String(detail[detail.index(after: space)...]))
    }
    switch code {
    case "fiche_deleted": guard let id = Int(value) else { return nil }; self = .ficheDeleted(id)
    case "unknown_fiche": guard let id = Int(value) else { return nil }; self = .unknownFiche(id)
    case "unknown_commune" where !value.isEmpty: self = .unknownCommune(value)
    case "unknown_type" where !value.isEmpty: self = .unknownType(value)
    case "empty_name" where value.isEmpty: self = .emptyName
    case "text_too_long":
      let parts = value.split(separator: " ")
      guard parts.count == 2, let field = FicheField(rawValue: String(parts[0])), let bytes = Int(parts[1]) else {
        return nil
      }
      self = .textTooLong(field, bytes: bytes)
    default: return nil
    }
  }
}

// MARK: - Reading

extension ApidaeProject {
  /// A fiche from a row; its raw JSON only when the row has it (listings leave it out: it is the bulk).
  static func fiche(_ row: Row) -> Fiche {
    let raw: Data? = row.hasColumn("raw") ? row["raw"] : nil
    return Fiche(
      id: row["id"], identifier: row["identifier"], type: row["type"], name: row["name"], state: row["state"],
      ownerId: row["owner_id"], ownerName: row["owner_name"], communeId: row["commune_id"], email: row["email"],
      raw: raw.map { [UInt8]($0) } ?? [])
  }

  /// Every column but `raw`.
  static let summaryColumns =
    "id, identifier, type, name, state, owner_id, owner_name, commune_id, email, pending, changed_at"

  /// Every fiche without its raw JSON, by id: what memberships are computed from.
  static func allFiches(_ db: Database) throws -> [Int: Fiche] {
    var out: [Int: Fiche] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT \(summaryColumns) FROM apidae_fiche") { out[row["id"]] = fiche(row) }
    return out
  }

  /// The fiches of the project (deleted ones only with `includeDeleted`), by name then id; their raw
  /// JSON only `withRaw`.
  public func fiches(includeDeleted: Bool = false, withRaw: Bool = false) throws -> [ApidaeFiche] {
    try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(withRaw ? "*" : ApidaeProject.summaryColumns) FROM apidae_fiche
          \(includeDeleted ? "" : "WHERE state != 'DELETED'") ORDER BY name_folded, id
          """
      ).map { ApidaeFiche(fiche: ApidaeProject.fiche($0), pending: $0["pending"], changedAt: $0["changed_at"]) }
    }
  }

  /// The id of the project's fiche (not deleted) that `ref` names; an id is taken as it is.
  public func ficheId(_ ref: FicheRef) throws -> Int {
    if let id = ref.id { return id }
    let all = try fiches().map { (id: $0.fiche.id, name: $0.fiche.name) }
    switch ref.resolve(among: all) {
    case .found(let f): return f.id
    case .ambiguous(let fs): throw ApidaeError.ambiguousFiche(ref.text, fs.map { FicheName(id: $0.id, name: $0.name) })
    case .notFound: throw ApidaeError.unknownFicheName(ref.text)
    }
  }

  public func fiche(_ id: Int) throws -> ApidaeFiche {
    try store.read { db in try ApidaeProject.apidaeFiche(db, id) }
  }

  static func apidaeFiche(_ db: Database, _ id: Int) throws -> ApidaeFiche {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM apidae_fiche WHERE id = ?", arguments: [id]) else {
      throw ApidaeError.unknownFiche(id)
    }
    return ApidaeFiche(fiche: fiche(row), pending: row["pending"], changedAt: row["changed_at"])
  }

  static func ids(_ text: String?) -> [Int] {
    (text ?? "").split(separator: " ").compactMap { Int($0) }
  }

  static func idText(_ ids: [Int]) -> String { ids.map(String.init).joined(separator: " ") }

  static func selection(_ row: Row) -> ApidaeSelection {
    let types = (row["types"] as String).split(separator: " ").map(String.init)
    let exported: String? = row["exported"]
    return ApidaeSelection(
      id: row["id"], name: row["name"],
      filter: ApidaeFilter(
        types: types, communeIds: ids(row["communes"]), owner: row["owner"], text: row["text"]),
      included: ids(row["included"]), excluded: ids(row["excluded"]), exported: exported.map { ids($0) })
  }

  static func allSelections(_ db: Database) throws -> [ApidaeSelection] {
    try Row.fetchAll(db, sql: "SELECT * FROM apidae_selection ORDER BY id").map(selection)
  }

  static func state(_ s: ApidaeSelection, fiches: [Int: Fiche]) -> ApidaeSelectionState {
    let members = s.members(of: fiches)
    let before = Set(s.exported ?? [])
    let now = Set(members)
    return ApidaeSelectionState(
      selection: s, members: members, entering: now.subtracting(before).sorted(),
      leaving: before.subtracting(now).sorted())
  }

  /// Every sélection with its members now, by name.
  public func selections() throws -> [ApidaeSelectionState] {
    try store.read { db in
      let fiches = try ApidaeProject.allFiches(db)
      return try ApidaeProject.allSelections(db).map { ApidaeProject.state($0, fiches: fiches) }
        .sorted { (folded($0.selection.name), $0.selection.id) < (folded($1.selection.name), $1.selection.id) }
    }
  }

  /// One sélection, by id or name as `NameLookup` matches names.
  public func selection(_ idOrName: String) throws -> ApidaeSelectionState {
    try store.read { db in
      let s = try ApidaeProject.resolveSelection(db, idOrName)
      return ApidaeProject.state(s, fiches: try ApidaeProject.allFiches(db))
    }
  }

  static func resolveSelection(_ db: Database, _ idOrName: String) throws -> ApidaeSelection {
    switch NameLookup.find(idOrName, in: try allSelections(db), name: \.name, steps: [.id(\.id)] + NameLookup.byName())
    {
    case .found(let s): return s
    case .ambiguous(let candidates): throw ApidaeError.ambiguousSelection(idOrName, candidates.map(\.name))
    case .notFound(let near): throw ApidaeError.unknownSelection(idOrName, near: near?.name)
    }
  }

  /// The project's communes, by name.
  public func communes() throws -> [ApidaeCommune] {
    try store.read { db in
      try Row.fetchAll(db, sql: "SELECT id, code, name, postal_code FROM apidae_commune ORDER BY name_folded, id")
        .map { ApidaeCommune(id: $0[0], code: $0[1], name: $0[2], postalCode: $0[3]) }
    }
  }

  /// A commune by INSEE code, id, or name as `NameLookup` matches names.
  public func commune(_ text: String) throws -> ApidaeCommune {
    let steps: [NameLookup.Step<ApidaeCommune>] = [.code({ $0.code ?? "" }), .id(\.id)] + NameLookup.byName()
    switch NameLookup.find(text, in: try communes(), name: \.name, steps: steps) {
    case .found(let c): return c
    case .ambiguous(let candidates):
      throw ApidaeError.ambiguousCommune(text, candidates.map { $0.name + ($0.code.map { " (\($0))" } ?? "") })
    case .notFound(let near): throw ApidaeError.unknownCommune(text, near: near?.name)
    }
  }

  /// The sélections of the project that hold this fiche now.
  public func selections(holding ficheId: Int) throws -> [ApidaeSelectionState] {
    try selections().filter { $0.members.contains(ficheId) }
  }

  /// What the next export would carry: the fiches changed here and the sélections whose membership changed.
  public func pending() throws -> ApidaePending {
    try store.read { db in try ApidaeProject.pending(db) }
  }

  static func pending(_ db: Database) throws -> ApidaePending {
    let fiches = try allFiches(db)
    let changed = try Int.fetchAll(db, sql: "SELECT id FROM apidae_fiche WHERE pending = 1 ORDER BY id")
    let selections = try allSelections(db).map { state($0, fiches: fiches) }.filter(\.pending)
    return ApidaePending(
      fiches: changed.compactMap { fiches[$0] }, selections: selections)
  }

  /// The export names the project wrote, oldest first.
  func writtenExports() throws -> [String] {
    try store.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM apidae_export WHERE origin = 'written' ORDER BY name")
    }
  }
}

/// Changes made in Apidae that Open Edit has not received: the next export will carry them.
public struct ApidaePending: Sendable, Equatable {
  /// Fiches created, changed, hidden or deleted here since the last export.
  public var fiches: [Fiche]
  /// Sélections whose members differ from the last export's.
  public var selections: [ApidaeSelectionState]
  public var isEmpty: Bool { fiches.isEmpty && selections.isEmpty }
  /// The fiches a differential export carries in `objets_modifies/`: those changed here and not deleted.
  public var changed: [Fiche] { fiches.filter { $0.state != "DELETED" } }
  /// The ids it lists in `objets_supprimes.json`: the fiches deleted here.
  public var deleted: [Int] { fiches.filter { $0.state == "DELETED" }.map(\.id) }
}
