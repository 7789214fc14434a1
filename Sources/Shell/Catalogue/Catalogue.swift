/// The languages of the shell's messages.
public enum Language: String, CaseIterable, Sendable {
  case fr, en
}

/// All user-facing text, looked up by key: one dictionary per language (`fr.swift`, `en.swift`),
/// so that a second language is a file, not a hunt. Placeholders are `{0}`, `{1}`, …
public struct Catalogue: Sendable {
  public var language: Language
  public init(_ language: Language) { self.language = language }

  public static func table(for language: Language) -> [String: String] {
    switch language {
    case .fr: return french
    case .en: return english
    }
  }

  /// The message `key` with its placeholders filled. Arguments often come from exports, so their
  /// control characters and escape sequences are shown escaped, never raw (DESIGN.md §6).
  public func callAsFunction(_ key: String, _ args: CustomStringConvertible...) -> String {
    format(key, args)
  }

  public func format(_ key: String, _ args: [CustomStringConvertible]) -> String {
    let template = Catalogue.table(for: language)[key] ?? Catalogue.french[key] ?? key
    guard !args.isEmpty, template.contains("{") else { return template }
    var out = ""
    var i = template.startIndex
    while i < template.endIndex {
      let ch = template[i]
      if ch == "{", let close = template[i...].firstIndex(of: "}"),
        let n = Int(template[template.index(after: i)..<close]), n < args.count
      {
        out += TextSafety.escapeControls(args[n].description)
        i = template.index(after: close)
      } else {
        out.append(ch)
        i = template.index(after: i)
      }
    }
    return out
  }
}
