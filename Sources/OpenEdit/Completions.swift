import GRDB

/// What TAB may offer for an argument, read straight from the store (bounded, cheap).
public enum CandidateKind: Sendable {
  case ficheName, selectionName, exportName, communeName
}

/// A fiche proposed for an id argument, and whether it was found by its name rather than its id.
public struct FicheCandidate: Equatable, Sendable {
  public var id: Int
  public var name: String
  public var byName: Bool

  /// What is typed is the first digits of an id, or else a part of a name (case and accents ignored).
  static func typedId(_ typed: String) -> Bool { typed.allSatisfy(\.isASCII) && typed.allSatisfy(\.isNumber) }

  /// The fiches of `all` that `typed` finds, the same way as `Workspace.ficheCandidates`: by id in the
  /// given order, by name in the order of names.
  public static func matching(_ typed: String, in all: [(id: Int, name: String)], limit: Int = 200) -> [FicheCandidate]
  {
    if typedId(typed) {
      let byId = all.filter { String($0.id).hasPrefix(typed) }.prefix(limit).map {
        FicheCandidate(id: $0.id, name: $0.name, byName: false)
      }
      if !byId.isEmpty || typed.isEmpty { return byId }
    }
    let found = all.filter { nameHolds($0.name, typed) }.map { (id: $0.id, name: $0.name, folded: folded($0.name)) }
    return found.sorted { ($0.folded, $0.id) < ($1.folded, $1.id) }.prefix(limit).map {
      FicheCandidate(id: $0.id, name: $0.name, byName: true)
    }
  }

  /// Whether `name` holds what is typed the way a fiche argument finds it (`NameLookup.fold`: hyphens,
  /// apostrophes and runs of spaces are one space), so that TAB offers what the command would take.
  /// Nothing typed: every name (Foundation's `contains` finds no empty text).
  static func nameHolds(_ name: String, _ typed: String) -> Bool {
    let key = NameLookup.fold(typed)
    return key.isEmpty || NameLookup.fold(name).contains(key)
  }
}

extension Workspace {
  /// Up to `limit` candidates starting with `prefix` (case and accents ignored for names).
  public func completionCandidates(_ kind: CandidateKind, prefix: String, limit: Int = 200) -> [String] {
    guard let store = try? store() else { return [] }
    let foldedPrefix = folded(prefix)
    return
      (try? store.read { db -> [String] in
        // Names read whole (`Row.wholeText`), NUL characters included.
        func names(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
          try Row.fetchAll(db, sql: sql, arguments: arguments).map { $0.wholeText(0) ?? "" }
        }
        switch kind {
        case .ficheName:
          return try names(
            """
            SELECT CAST(name AS BLOB) FROM fiche WHERE state != 'DELETED' AND name_folded LIKE ?
            ORDER BY name_folded LIMIT ?
            """, [foldedPrefix + "%", limit])
        case .selectionName:
          // A project's few hundred, all of them: the shell keeps those that hold the word.
          return try names("SELECT CAST(name AS BLOB) FROM selection ORDER BY name")
        case .communeName:
          return try names(
            """
            SELECT CAST(name AS BLOB) FROM commune
            UNION SELECT CAST(commune_name AS BLOB) FROM fiche WHERE commune_name IS NOT NULL ORDER BY 1
            """)  // a territory's few hundred, all of them: the shell keeps those that start with the word
        case .exportName:
          return try String.fetchAll(db, sql: "SELECT name FROM export ORDER BY name DESC LIMIT ?", arguments: [limit])
        }
      }) ?? []
  }

  /// The names of the sélections that hold `typed` as a sélection argument finds names (case, accents,
  /// hyphens and apostrophes ignored: «activ» finds «Sites et activités»), by name.
  public func selectionNames(holding typed: String) -> [String] {
    completionCandidates(.selectionName, prefix: "").filter { FicheCandidate.nameHolds($0, typed) }
  }

  /// Up to `limit` fiches Open Edit has (not deleted) for an id argument: those whose id starts with
  /// `typed` when it is digits, by id; else (digits that start no id too: «3» finds «3C-Centre…») those
  /// whose name holds it as a fiche argument finds names
  /// (case, accents, hyphens and apostrophes ignored: «saint michel» finds «Saint-Michel»), by name.
  public func ficheCandidates(_ typed: String, limit: Int = 200) -> [FicheCandidate] {
    guard let store = try? store() else { return [] }
    if FicheCandidate.typedId(typed) {
      let rows =
        (try? store.read { db in
          try Row.fetchAll(
            db,
            sql: """
              SELECT id, CAST(name AS BLOB) FROM fiche WHERE state != 'DELETED' AND CAST(id AS TEXT) LIKE ?
              ORDER BY id LIMIT ?
              """,
            arguments: [typed + "%", limit])
        }) ?? []
      if !rows.isEmpty || typed.isEmpty {
        return rows.map { FicheCandidate(id: $0[0], name: $0.wholeText(1) ?? "", byName: false) }
      }
    }
    return ficheCandidates(named: typed, limit: limit)
  }

  /// Up to `limit` fiches Open Edit has (not deleted) whose name holds `typed` as a fiche argument finds
  /// names, by name; digits too are looked for in the names (`fiches --search 2027`).
  public func ficheCandidates(named typed: String, limit: Int = 200) -> [FicheCandidate] {
    guard let store = try? store() else { return [] }
    // SQLite narrows to the names holding the longest word typed; the whole text is checked here,
    // in the order of names, until `limit` are found.
    return
      (try? store.read { db -> [FicheCandidate] in
        let rows = try Row.fetchCursor(
          db,
          sql:
            "SELECT id, name FROM fiche WHERE state != 'DELETED' AND instr(name_folded, ?) > 0 ORDER BY name_folded, id",
          arguments: [FicheRef(typed).longestWord])
        var found: [FicheCandidate] = []
        while found.count < limit, let row = try rows.next() {
          let name = row.wholeText(1) ?? ""
          if FicheCandidate.nameHolds(name, typed) {
            found.append(FicheCandidate(id: row[0], name: name, byName: true))
          }
        }
        return found
      }) ?? []
  }
}
