import Apidae
import Foundation
import GRDB

/// One change made in Apidae: by an `apidae …` command now, or by the territory's scripted life at its time.
/// Both go through `ApidaeProject.apply`, so the demo's life and a person's edits behave the same.
public enum ApidaeChange: Sendable, Equatable, Codable {
  /// A new fiche; `id` nil takes the next free id.
  case createFiche(ApidaeNewFiche)
  /// New name and/or e-mail (`""` removes the e-mail: the fiche can no longer be reached).
  case editFiche(id: Int, name: String?, email: String?)
  /// PUBLISHED, HIDDEN (masquage) or DELETED (suppression).
  case setState(id: Int, state: String)
  case editSelection(id: Int, edit: ApidaeSelectionEdit)
}

/// What `apidae new fiche` gives.
public struct ApidaeNewFiche: Sendable, Equatable, Codable {
  public var id: Int?
  public var type: String
  public var name: String
  public var communeId: Int
  public var email: String?
  public var ownerId: Int?
  public var ownerName: String?

  public init(
    id: Int? = nil, type: String, name: String, communeId: Int, email: String? = nil, ownerId: Int? = nil,
    ownerName: String? = nil
  ) {
    self.id = id
    self.type = type
    self.name = name
    self.communeId = communeId
    self.email = email
    self.ownerId = ownerId
    self.ownerName = ownerName
  }
}

/// A change to a sélection's definition («sélection › filtres» in Apidae). `owner` and `text` set that
/// criterion, `""` removes it, nil leaves it.
public struct ApidaeSelectionEdit: Sendable, Equatable, Codable {
  public var addTypes: [String] = []
  public var removeTypes: [String] = []
  public var addCommunes: [Int] = []
  public var removeCommunes: [Int] = []
  public var include: [Int] = []
  public var exclude: [Int] = []
  public var owner: String?
  public var text: String?

  public init(
    addTypes: [String] = [], removeTypes: [String] = [], addCommunes: [Int] = [], removeCommunes: [Int] = [],
    include: [Int] = [], exclude: [Int] = [], owner: String? = nil, text: String? = nil
  ) {
    self.addTypes = addTypes
    self.removeTypes = removeTypes
    self.addCommunes = addCommunes
    self.removeCommunes = removeCommunes
    self.include = include
    self.exclude = exclude
    self.owner = owner
    self.text = text
  }

  public var isEmpty: Bool { self == ApidaeSelectionEdit() }
}

/// A change scheduled in the territory's life.
public struct ApidaeEvent: Sendable, Equatable {
  public var at: LocalDateTime
  public var change: ApidaeChange
  public var done: Bool
}

/// A scheduled change whose row of `apidae_event` cannot be read back (written by another version of
/// oesh, or edited by hand): never applied, and said rather than dropped from the agenda.
public struct ApidaeUnreadableEvent: Sendable, Equatable {
  /// Its row's id in `apidae_event`.
  public var row: Int64
  /// Its time and its change, as stored.
  public var at: String
  public var change: String
  public var done: Bool
}

/// The territory's scheduled life: the changes read back, in time order, and the rows that could not be.
public struct ApidaeSchedule: Sendable, Equatable {
  public var events: [ApidaeEvent] = []
  public var unreadable: [ApidaeUnreadableEvent] = []
}

extension ApidaeProject {
  /// Applies a change now (at the clock's time), in one transaction. Returns the fiche or sélection id
  /// it touched (the new fiche's id for `createFiche`).
  @discardableResult
  public func apply(_ change: ApidaeChange, command: String? = nil) throws -> Int {
    let now = try workspace.clock().now()
    let offset = workspace.utcOffset(at: now)
    return try store.write { db in
      try ApidaeProject.apply(db, change, at: now, utcOffset: offset, command: command)
    }
  }

  /// Schedules a change to happen in Apidae at `at` (the demo's scripted life).
  func schedule(_ change: ApidaeChange, at: LocalDateTime) throws {
    let json = try ApidaeProject.encode(change)
    try store.write { db in
      try db.execute(sql: "INSERT INTO apidae_event(at, change) VALUES (?, ?)", arguments: [at.description, json])
    }
  }

  /// The scheduled changes, done or to come, in time order, and those that cannot be read back.
  public func events() throws -> ApidaeSchedule {
    try store.read { db in
      var schedule = ApidaeSchedule()
      for row in try Row.fetchAll(db, sql: "SELECT id, at, change, done FROM apidae_event ORDER BY at, id") {
        if let at = LocalDateTime.parse(row[1]), let change = try? ApidaeProject.decode(row[2]) {
          schedule.events.append(ApidaeEvent(at: at, change: change, done: row[3]))
        } else {
          schedule.unreadable.append(
            ApidaeUnreadableEvent(row: row[0], at: row[1] ?? "", change: row[2] ?? "", done: row[3]))
        }
      }
      return schedule
    }
  }

  static func encode(_ change: ApidaeChange) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(change), as: UTF8.self)
  }

  static func decode(_ text: String) throws -> ApidaeChange {
    try JSONDecoder().decode(ApidaeChange.self, from: Data(text.utf8))
  }

  /// Lets the scheduled changes due by `time` happen, each at its own time and in its own transaction.
  /// A change that no longer applies (its fiche was deleted meanwhile) is skipped and journaled; one that
  /// cannot be read back is left as it is (`events()` lists it).
  @discardableResult
  func applyEvents(upTo time: LocalDateTime, command: String?) throws -> Int {
    let due = try store.read { db in
      try Row.fetchAll(
        db, sql: "SELECT id, at, change FROM apidae_event WHERE done = 0 AND at <= ? ORDER BY at, id",
        arguments: [time.description])
    }
    for row in due {
      let id: Int64 = row[0]
      let text: String = row[2]
      guard let at = LocalDateTime.parse(row[1]), let change = try? ApidaeProject.decode(text) else { continue }
      try store.write { db in
        do {
          // The command that let the time pass (`nuit`, `clock set`…) is the one that did it.
          try ApidaeProject.apply(
            db, change, at: at, utcOffset: workspace.utcOffset(at: at), command: command)
        } catch let error as ApidaeError {
          try Journal.add(db, at: at, command: command, kind: "apidae.event.skipped", detail: error.journalDetail)
        }
        try db.execute(sql: "UPDATE apidae_event SET done = 1 WHERE id = ?", arguments: [id])
      }
    }
    return due.count
  }

  /// Applies one change in the caller's transaction: the one place where the project changes.
  @discardableResult
  static func apply(
    _ db: Database, _ change: ApidaeChange, at: LocalDateTime, utcOffset: Int, command: String?
  ) throws -> Int {
    let stamp = at.description
    // What Apidae writes in `gestion.dateModification` of a fiche changed now.
    let modified = apidaeStamp(at, utcOffset: utcOffset)
    switch change {
    case .createFiche(let new):
      let name = new.name.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !name.isEmpty else { throw ApidaeError.emptyName }
      try checkLength(name, .name)
      if let email = new.email { try checkLength(email, .email) }
      guard FicheType(rawValue: new.type) != nil else { throw ApidaeError.unknownType(new.type) }
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM apidae_commune WHERE id = ?", arguments: [new.communeId]) != nil
      else { throw ApidaeError.unknownCommune(String(new.communeId)) }
      let id: Int
      if let wanted = new.id {
        id = wanted
      } else {
        id = try nextFicheId(db)
      }
      let email = new.email.flatMap { $0.isEmpty ? nil : $0 }
      let fiche = Fiche(
        id: id, identifier: "SITRA2_\(new.type.prefix(3))_\(id)", type: new.type, name: name, state: "PUBLISHED",
        ownerId: new.ownerId, ownerName: new.ownerName, dateModification: modified, communeId: new.communeId,
        email: email)
      try save(db, fiche, raw: fiche.exportJSON(), pending: true, at: stamp)
      try Journal.add(
        db, at: at, command: command, kind: "apidae.fiche.created", ficheId: id, detail: "\(new.type) \(name)")
      return id

    case .editFiche(let id, let name, let email):
      let old = try editable(db, id)
      var edits: [Fiche.RawEdit] = []
      var detail: [String] = []
      // What the fiche has already is no change: nothing to export, nothing for the sync to report.
      if let name {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ApidaeError.emptyName }
        try checkLength(trimmed, .name)
        if trimmed != old.name {
          edits.append(.name(trimmed))
          detail.append("nom: \(old.name) → \(trimmed)")
        }
      }
      if let email {
        try checkLength(email, .email)
        let new = email.isEmpty ? nil : email
        if new != old.email {
          edits.append(.email(new))
          detail.append("email: \(old.email ?? "-") → \(new ?? "-")")
        }
      }
      guard !edits.isEmpty else { return id }
      try rewrite(db, old, edits + [.dateModification(modified)], at: stamp)
      try Journal.add(
        db, at: at, command: command, kind: "apidae.fiche.changed", ficheId: id,
        detail: detail.joined(separator: "; "))
      return id

    case .setState(let id, let state):
      let old = try editable(db, id)
      guard old.state != state else { return id }
      try rewrite(db, old, [.state(state), .dateModification(modified)], at: stamp)
      let kind =
        switch state {
        case "HIDDEN": "apidae.fiche.hidden"
        case "DELETED": "apidae.fiche.deleted"
        default: "apidae.fiche.published"
        }
      try Journal.add(db, at: at, command: command, kind: kind, ficheId: id, detail: old.name)
      return id

    case .editSelection(let id, let edit):
      var s = try resolveSelection(db, String(id))
      // A type to remove is one of Apidae's too: the filter holds no other (`--remove-type HOTELERIE`).
      for t in edit.addTypes + edit.removeTypes where FicheType(rawValue: t) == nil {
        throw ApidaeError.unknownType(t)
      }
      if let both = edit.include.first(where: edit.exclude.contains) { throw ApidaeError.includedAndExcluded(both) }
      // A fiche put in or kept out by hand is one of the project's, as Apidae's sélection screen offers
      // them: an id typed wrong (`--include=-5`) went into the next export, which the sync then refused.
      for fiche in edit.include + edit.exclude { _ = try ApidaeProject.apidaeFiche(db, fiche) }
      s.filter.types = ordered(s.filter.types.filter { !edit.removeTypes.contains($0) } + edit.addTypes)
      s.filter.communeIds = Array(Set(s.filter.communeIds).subtracting(edit.removeCommunes).union(edit.addCommunes))
        .sorted()
      if let owner = edit.owner { s.filter.owner = owner.isEmpty ? nil : try ownerNamed(db, owner) }
      if let text = edit.text { s.filter.text = text.isEmpty ? nil : text }
      s.included = Array(Set(s.included).subtracting(edit.exclude).union(edit.include)).sorted()
      s.excluded = Array(Set(s.excluded).subtracting(edit.include).union(edit.exclude)).sorted()
      try saveDefinition(db, s)
      try Journal.add(
        db, at: at, command: command, kind: "apidae.selection.changed", detail: "\(s.id) \(s.name)")
      return id
    }
  }

  /// A name or an e-mail is no longer than oesh reads from an export: the export carrying a longer one would
  /// be refused by the next sync, and stop every export after it.
  static func checkLength(_ text: String, _ field: FicheField) throws {
    let bytes = text.utf8.count
    guard bytes <= ExportReader.longestText else { throw ApidaeError.textTooLong(field, bytes: bytes) }
  }

  /// The owner a filter takes for `text`, among the owners of the project's fiches: its id as typed, or its
  /// name as they have it, found as `NameLookup` finds names. One no fiche has would select none (a slip,
  /// «Vanoise Tourism», emptied the sélection): an error, with the nearest name.
  static func ownerNamed(_ db: Database, _ text: String) throws -> String {
    let rows = try Row.fetchAll(
      db, sql: "SELECT DISTINCT owner_id, owner_name FROM apidae_fiche WHERE state != 'DELETED'")
    if let id = Int(text.trimmingCharacters(in: .whitespaces)) {
      guard rows.contains(where: { $0["owner_id"] == id }) else { throw ApidaeError.unknownOwner(text) }
      return String(id)
    }
    let names = Array(Set(rows.compactMap { $0["owner_name"] as String? })).sorted()
    switch NameLookup.find(text, in: names, name: { $0 }) {
    case .found(let name): return name
    case .ambiguous(let candidates): throw ApidaeError.ambiguousOwner(text, candidates)
    case .notFound(let near): throw ApidaeError.unknownOwner(text, near: near)
    }
  }

  /// A local time as Apidae stamps it: `2027-03-01T09:00:00.000+0100`.
  static func apidaeStamp(_ at: LocalDateTime, utcOffset: Int) -> String {
    let sign = utcOffset < 0 ? "-" : "+"
    let minutes = abs(utcOffset) / 60
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(at.year)-\(two(at.month))-\(two(at.day))T\(two(at.hour)):\(two(at.minute)):\(two(at.second)).000"
      + "\(sign)\(two(minutes / 60))\(two(minutes % 60))"
  }

  /// The next free id: after every fiche and every fiche a scheduled change will create.
  static func nextFicheId(_ db: Database) throws -> Int {
    var highest = try Int.fetchOne(db, sql: "SELECT max(id) FROM apidae_fiche") ?? 5_200_000
    for text in try String.fetchAll(db, sql: "SELECT change FROM apidae_event WHERE done = 0") {
      if case .createFiche(let new) = try? decode(text), let id = new.id { highest = max(highest, id) }
    }
    return highest + 1
  }

  /// Types in the order of the 16 Apidae types, without repeats.
  static func ordered(_ types: [String]) -> [String] {
    let set = Set(types)
    return FicheType.allCases.map(\.rawValue).filter(set.contains)
  }

  static func editable(_ db: Database, _ id: Int) throws -> Fiche {
    let f = try apidaeFiche(db, id).fiche
    guard f.state != "DELETED" else { throw ApidaeError.ficheDeleted(id) }
    return f
  }

  /// Edits the fiche's raw object and reads its fields back from it, as Open Edit will read them.
  static func rewrite(_ db: Database, _ old: Fiche, _ edits: [Fiche.RawEdit], at: String) throws {
    let raw = canonicalJSON(try Fiche.edit(raw: old.raw, edits))
    var fiche = try Fiche.parse(raw: raw)
    fiche.raw = raw
    try save(db, fiche, raw: raw, pending: true, at: at)
  }

  /// The same JSON with keys sorted: two runs write the same bytes.
  static func canonicalJSON(_ raw: [UInt8]) -> [UInt8] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(raw)),
      let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    else { return raw }
    return [UInt8](data)
  }

  static func save(_ db: Database, _ f: Fiche, raw: [UInt8], pending: Bool, at: String?) throws {
    try db.execute(
      sql: """
        INSERT INTO apidae_fiche(id, identifier, type, name, name_folded, state, owner_id, owner_name, commune_id,
          email, raw, pending, changed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET identifier = excluded.identifier, type = excluded.type, name = excluded.name,
          name_folded = excluded.name_folded, state = excluded.state, owner_id = excluded.owner_id,
          owner_name = excluded.owner_name, commune_id = excluded.commune_id, email = excluded.email,
          raw = excluded.raw, pending = excluded.pending, changed_at = coalesce(excluded.changed_at, changed_at)
        """,
      arguments: [
        f.id, f.identifier, f.type, f.name, folded(f.name), f.state == "TRASH" ? "DELETED" : f.state, f.ownerId,
        f.ownerName, f.communeId, f.email, Data(raw), pending, at,
      ])
  }

  static func saveDefinition(_ db: Database, _ s: ApidaeSelection) throws {
    try db.execute(
      sql: """
        UPDATE apidae_selection SET name = ?, types = ?, communes = ?, owner = ?, text = ?, included = ?, excluded = ?
        WHERE id = ?
        """,
      arguments: [
        s.name, s.filter.types.joined(separator: " "), idText(s.filter.communeIds), s.filter.owner, s.filter.text,
        idText(s.included), idText(s.excluded), s.id,
      ])
  }
}
