import GRDB

/// What TAB may offer for an argument, read straight from the store (bounded, cheap).
public enum CandidateKind: Sendable {
  case ficheId, ficheName, selectionName, exportName
}

extension Workspace {
  /// Up to `limit` candidates starting with `prefix` (case and accents ignored for names).
  public func completionCandidates(_ kind: CandidateKind, prefix: String, limit: Int = 200) -> [String] {
    guard let store = try? store() else { return [] }
    let foldedPrefix = folded(prefix)
    return
      (try? store.read { db -> [String] in
        switch kind {
        case .ficheId:
          return try String.fetchAll(
            db,
            sql:
              "SELECT CAST(id AS TEXT) FROM fiche WHERE state != 'DELETED' AND CAST(id AS TEXT) LIKE ? ORDER BY id LIMIT ?",
            arguments: [prefix + "%", limit])
        case .ficheName:
          return try String.fetchAll(
            db,
            sql: "SELECT name FROM fiche WHERE state != 'DELETED' AND name_folded LIKE ? ORDER BY name_folded LIMIT ?",
            arguments: [foldedPrefix + "%", limit])
        case .selectionName:
          return try String.fetchAll(db, sql: "SELECT name FROM selection ORDER BY name LIMIT ?", arguments: [limit])
        case .exportName:
          return try String.fetchAll(db, sql: "SELECT name FROM export ORDER BY name DESC LIMIT ?", arguments: [limit])
        }
      }) ?? []
  }
}
