import Foundation

/// What the export readers say about bad JSON (in English, in the `Apidae` layer, which knows no
/// language), in French: each form they write, matched whole; anything else stays as it is.
enum JSONMessage {
  static func text(_ m: String, _ t: Catalogue) -> String {
    guard t.language == .fr else { return m }
    return french(m) ?? m
  }

  static func french(_ m: String) -> String? {
    if let fixed = fixed[m] { return fixed }
    for (pattern, make) in forms {
      if let match = try? pattern.wholeMatch(in: m) {
        if let text = make(match.output.map { $0.substring.map(String.init) }) { return text }
      }
    }
    return nil
  }

  /// A place in the entry: «top level», or a path such as `[0].informations.moyensCommunication[1]`.
  private static func place(_ path: String) -> String { path == "top level" ? "niveau supérieur" : path }

  /// What was expected, as the readers name it, with «attendu» agreeing.
  private static func expected(_ what: String) -> String? {
    if let known = kinds[what] { return known }
    if what.hasPrefix("one of ") { return "l'une des valeurs " + what.dropFirst("one of ".count) + " attendue" }
    return nil
  }

  private static let kinds = [
    "a string": "une chaîne attendue", "an integer": "un entier attendu",
    "a positive integer": "un entier positif attendu", "an array": "un tableau attendu",
    "an object": "un objet attendu", "true or false": "true ou false attendu", "a number": "un nombre attendu",
    "a value": "une valeur attendue", "one object": "un seul objet attendu",
    "an array of objects or one object": "un tableau d'objets ou un objet attendu",
    "a boolean": "true ou false attendu",
  ]

  private static let fixed = [
    "empty entry": "entrée vide",
    "invalid UTF-8": "UTF-8 invalide",
    "nested too deeply": "imbrication trop profonde",
    "unterminated string": "chaîne non terminée",
    "invalid escape in string": "échappement invalide dans une chaîne",
    "invalid \\u escape": "échappement \\u invalide",
    "invalid \\u escape (lone high surrogate)": "échappement \\u invalide (demi-paire haute seule)",
    "invalid \\u escape (lone low surrogate)": "échappement \\u invalide (demi-paire basse seule)",
    "invalid number": "nombre invalide",
    "control character in string (must be escaped)": "caractère de contrôle dans une chaîne (il doit être échappé)",
    "expected ':'": "« : » attendu",
    "expected ',' or ']'": "« , » ou « ] » attendu",
    "expected ',' or '}'": "« , » ou « } » attendu",
    "expected a string key": "clé (une chaîne) attendue",
    "expected a value": "valeur attendue",
    "unexpected data after the end of the JSON value": "données en trop après la fin de la valeur JSON",
  ]

  nonisolated(unsafe) private static let forms: [(Regex<AnyRegexOutput>, ([String?]) -> String?)] = [
    (
      try! Regex(#"unexpected end of data, (.*)"#),
      { g in "fin des données inattendue, " + (french(g[1]!) ?? g[1]!) }
    ),
    (
      try! Regex(#"invalid literal \(expected (.*)\)"#), { g in "littéral invalide (\(g[1]!) attendu)" }
    ),
    (
      try! Regex(#"\[(\d+)\]\.id: sélection (\d+) given twice \(first at \[(\d+)\]\)"#),
      { g in "[\(g[1]!)].id : sélection \(g[2]!) donnée deux fois (la première en [\(g[3]!)])" }
    ),
    (try! Regex(#"(.+): missing"#), { g in "\(place(g[1]!)) : absent" }),
    (
      try! Regex(#"(.+): expected (\d+) \(the project in the export's name\), found (\d+)"#),
      { g in "\(g[1]!) : \(g[2]!) attendu (le projet du nom de l'export), trouvé \(g[3]!)" }
    ),
    (
      try! Regex(#"(.+): expected (.*?), found "(.*)""#),
      { g in expected(g[2]!).map { "\(place(g[1]!)) : \($0), trouvé « \(g[3]!) »" } }
    ),
    (
      try! Regex(#"(.+): expected (.*?)(, found null)?"#),
      { g in expected(g[2]!).map { "\(place(g[1]!)) : \($0)" + (g[3] == nil ? "" : ", trouvé null") } }
    ),
  ]
}
