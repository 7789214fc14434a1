import GRDB

/// How what the user typed finds one thing among several (a sélection, a campaign, a commune, an export,
/// a fiche), the same way everywhere: the exact name; else the name equal once case, accents, hyphens,
/// apostrophes and repeated spaces are ignored («saint michel» is «Saint-Michel»); else the one name that
/// starts with the text; else the one that contains it. Ids and codes take their place in that order as
/// each caller says (a campaign's title made of digits is a title first; a sélection's number is its id
/// first). The first step that finds anything decides: one match is the answer, several are ambiguous.
enum NameLookup {
  enum Outcome<T> {
    case found(T)
    case ambiguous([T])
    /// With the name nearest to what was typed when one is a slip away («hebergemnets»).
    case notFound(near: T?)
  }

  enum Step<T> {
    case id((T) -> Int)
    case code((T) -> String)
    case exact, folded, prefix, contains
  }

  /// The name steps, in their order.
  static func byName<T>() -> [Step<T>] { [.exact, .folded, .prefix, .contains] }

  static func find<T>(_ text: String, in all: [T], name: (T) -> String, steps: [Step<T>] = byName()) -> Outcome<T> {
    let text = text.trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else { return .notFound(near: nil) }
    let key = fold(text)
    let number = Int(text)
    let names = all.map { (item: $0, raw: name($0), folded: fold(name($0))) }
    for step in steps {
      let found: [T]
      switch step {
      case .id(let id): found = number.map { n in all.filter { id($0) == n } } ?? []
      case .code(let code): found = all.filter { code($0) == text }
      case .exact: found = names.filter { $0.raw == text }.map(\.item)
      case .folded: found = names.filter { $0.folded == key }.map(\.item)
      case .prefix: found = names.filter { $0.folded.hasPrefix(key) }.map(\.item)
      case .contains: found = names.filter { $0.folded.contains(key) }.map(\.item)
      }
      switch found.count {
      case 0: continue
      case 1: return .found(found[0])
      default: return .ambiguous(found)
      }
    }
    return .notFound(near: nearest(key, names))
  }

  /// The name a typing slip away from `key` (as many edits as a quarter of its letters, 1 to 3), the
  /// nearest; none among more names than a suggestion is worth reading.
  private static func nearest<T>(_ key: String, _ names: [(item: T, raw: String, folded: String)]) -> T? {
    guard names.count <= 5_000 else { return nil }
    var best: (item: T, distance: Int)?
    for n in names {
      let d = editDistance(key, n.folded)
      if d <= max(1, min(3, n.folded.count / 4)), d < (best?.distance ?? .max) { best = (n.item, d) }
    }
    return best?.item
  }

  /// The one item with a part (`parts`) a typing slip away from `text` (`nearest`'s measure), the
  /// nearest; none when several are as near (the exports of one night share their date and time).
  static func nearest<T>(_ text: String, in all: [T], parts: (T) -> [String]) -> T? {
    let key = fold(text)
    guard all.count <= 5_000, !key.isEmpty else { return nil }
    var best: (items: [T], distance: Int)?
    for item in all {
      let distances = parts(item).map(fold).compactMap { part -> Int? in
        let d = editDistance(key, part)
        return d <= max(1, min(3, part.count / 4)) ? d : nil
      }
      guard let d = distances.min() else { continue }
      if d < (best?.distance ?? .max) {
        best = ([item], d)
      } else if d == best?.distance {
        best?.items.append(item)
      }
    }
    guard let best, best.items.count == 1 else { return nil }
    return best.items[0]
  }

  /// The store's search folding (lowercased, accents removed), hyphens and apostrophes made spaces,
  /// runs of spaces made one.
  static func fold(_ text: String) -> String {
    folded(text).split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "'" || $0 == "’" })
      .joined(separator: " ")
  }

  /// How a searched text is looked for in folded names (`fiches --search`, `audience --search`): its words
  /// as `fold` reads them (`words`), or, a text of hyphens and apostrophes alone, those as they are (read
  /// as words, it would be nothing, which every name holds). Nil for spaces alone: no search.
  static func searchKey(_ text: String) -> (text: String, words: Bool)? {
    let key = fold(text)
    if !key.isEmpty { return (key, true) }
    let punctuation = folded(text).trimmingCharacters(in: .whitespaces)
    return punctuation.isEmpty ? nil : (punctuation, false)
  }
}

/// The one name of `names` a typing slip away from `text` (`NameLookup`'s measure, case and accents
/// ignored), the nearest: for a value from a fixed list, an Apidae type («hotelerie»).
public func nearestName(_ text: String, among names: [String]) -> String? {
  NameLookup.nearest(text, in: names, parts: { [$0] })
}

/// Levenshtein distance with adjacent transpositions ("sycn" is one edit from "sync").
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var before = [Int](repeating: 0, count: b.count + 1)
  var prev = Array(0...b.count)
  var cur = prev
  for i in 1...a.count {
    cur[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
    }
    before = prev
    prev = cur
  }
  return prev[b.count]
}

/// A fiche as typed in a command: its id, or its name, or a start or a part of it.
public struct FicheRef: Sendable, Equatable, CustomStringConvertible {
  public var text: String
  public init(_ text: String) { self.text = text }
  public var description: String { text }
  /// The id when the text is one: digits only, so that a text after `--` that starts with a dash (`-5`,
  /// as the error of `fiche -5` says to write it) is a name, never a negative id.
  public var id: Int? {
    let digits = text.trimmingCharacters(in: .whitespaces)
    return FicheCandidate.typedId(digits) && !digits.isEmpty ? Int(digits) : nil
  }

  /// The fiche of `all` that the text names (`NameLookup`'s rule); an id is taken as it is, known or not.
  func resolve(among all: [(id: Int, name: String)]) -> NameLookup.Outcome<(id: Int, name: String)> {
    if let id { return .found((id, all.first { $0.id == id }?.name ?? "")) }
    return NameLookup.find(text, in: all, name: \.name)
  }

  /// The longest word typed: what every name the text can match holds (a first, cheap filter).
  var longestWord: String {
    let words: [Substring] = NameLookup.fold(text).split(separator: " ")
    return words.max { $0.count < $1.count }.map(String.init) ?? ""
  }
}

extension Store {
  /// The id of the fiche Open Edit has (not deleted) that `ref` names; an id is taken as it is.
  public func ficheId(_ ref: FicheRef) throws -> Int {
    if let id = ref.id { return id }
    let candidates = try read { db in
      try Row.fetchAll(
        db,
        sql:
          """
          SELECT id, CAST(name AS BLOB) FROM fiche WHERE state != 'DELETED' AND instr(name_folded, ?) > 0
          ORDER BY name_folded, id
          """,
        arguments: [ref.longestWord]
      ).map { (id: $0[0] as Int, name: $0.wholeText(1) ?? "") }
    }
    switch ref.resolve(among: candidates) {
    case .found(let f): return f.id
    case .ambiguous(let fs): throw QueryError.ambiguousFiche(ref.text, fs.map { FicheName(id: $0.id, name: $0.name) })
    case .notFound: throw QueryError.unknownFicheName(ref.text)
    }
  }
}

/// A fiche's id and name, as an ambiguous name lists them.
public struct FicheName: Sendable, Equatable {
  public var id: Int
  public var name: String
}
