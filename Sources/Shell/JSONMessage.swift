import Foundation

/// What the export readers say about bad JSON (in English, in the `Apidae` layer, which knows no
/// language), in French: each form they write, matched whole, its French in `Catalogue.frenchJSON`;
/// anything else stays as it is.
enum JSONMessage {
  static func text(_ m: String, _ t: Catalogue) -> String {
    guard t.language == .fr else { return m }
    return french(m) ?? m
  }

  static func french(_ m: String) -> String? {
    if let fixed = Catalogue.frenchJSON[m] { return fixed }
    for (pattern, make) in forms {
      if let match = try? pattern.wholeMatch(in: m) {
        if let text = make(match.output.dropFirst().map { $0.substring.map(String.init) }) { return text }
      }
    }
    return nil
  }

  /// A form's French, its placeholders filled.
  private static func said(_ template: String, _ args: String...) -> String? {
    Catalogue.frenchJSON[template].map { Catalogue(.fr).format($0, args) }
  }

  /// A place in the entry: «top level», or a path such as `[0].informations.moyensCommunication[1]`.
  private static func place(_ path: String) -> String { Catalogue.frenchJSON[path] ?? path }

  /// What was expected, as the readers name it.
  private static func expected(_ what: String) -> String? {
    if let known = Catalogue.frenchJSON[what] { return known }
    if what.hasPrefix("one of ") { return said("one of {0}", String(what.dropFirst("one of ".count))) }
    return nil
  }

  nonisolated(unsafe) private static let forms: [(Regex<AnyRegexOutput>, ([String?]) -> String?)] = [
    (
      try! Regex(#"unexpected end of data, (.*)"#), { g in said("unexpected end of data, {0}", french(g[0]!) ?? g[0]!) }
    ),
    (try! Regex(#"invalid literal \(expected (.*)\)"#), { g in said("invalid literal (expected {0})", g[0]!) }),
    (
      try! Regex(#"\[(\d+)\]\.id: sélection (\d+) given twice \(first at \[(\d+)\]\)"#),
      { g in said("[{0}].id: sélection {1} given twice (first at [{2}])", g[0]!, g[1]!, g[2]!) }
    ),
    (
      try! Regex(#"(.+): key given twice \(first at line (\d+), column (\d+)\)"#),
      { g in said("{0}: key given twice (first at line {1}, column {2})", place(g[0]!), g[1]!, g[2]!) }
    ),
    (try! Regex(#"(.+): missing"#), { g in said("{0}: missing", place(g[0]!)) }),
    (
      try! Regex(#"(.+): a text of (\d+) bytes, longer than oesh takes \((\d+) at most\)"#),
      { g in said("{0}: a text of {1} bytes, longer than oesh takes ({2} at most)", place(g[0]!), g[1]!, g[2]!) }
    ),
    (
      try! Regex(#"(.+): expected (\d+) \(the project in the export's name\), found (\d+)"#),
      { g in said("{0}: expected {1} (the project in the export's name), found {2}", g[0]!, g[1]!, g[2]!) }
    ),
    (
      try! Regex(#"(.+): expected (.*?), found "(.*)""#),
      { g in expected(g[1]!).flatMap { said("{0}: expected {1}, found \"{2}\"", place(g[0]!), $0, g[2]!) } }
    ),
    (
      try! Regex(#"(.+): expected (.*?)(, found null)?"#),
      { g in
        expected(g[1]!).flatMap {
          g[2] == nil
            ? said("{0}: expected {1}", place(g[0]!), $0) : said("{0}: expected {1}, found null", place(g[0]!), $0)
        }
      }
    ),
  ]
}
