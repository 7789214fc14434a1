/// The languages of the shell's messages.
enum Language: String, CaseIterable, Sendable {
  case fr, en
}

/// All user-facing text, looked up by key: one dictionary per language (`fr.swift`, `en.swift`),
/// so that a second language is a file, not a hunt. Placeholders are `{0}`, `{1}`, …
struct Catalogue: Sendable {
  var language: Language
  init(_ language: Language) { self.language = language }

  static func table(for language: Language) -> [String: String] {
    switch language {
    case .fr: return french
    case .en: return english
    }
  }

  /// The message `key` with its placeholders filled. Arguments often come from exports, so their
  /// control characters and escape sequences are shown escaped, never raw (DESIGN.md §6).
  func callAsFunction(_ key: String, _ args: CustomStringConvertible...) -> String {
    format(key, args)
  }

  /// A name quoted as the language quotes it: « Hébergements » in French, "Hébergements" in English.
  /// (Status labels keep their «…» in every language: they are Open Edit's words, shown verbatim.)
  func quoted(_ name: String) -> String {
    language == .fr ? "« \(name) »" : "\"\(name)\""
  }

  func format(_ key: String, _ args: [CustomStringConvertible]) -> String {
    let template = Catalogue.table(for: language)[key] ?? Catalogue.french[key] ?? key
    guard !args.isEmpty else { return template }
    // Placeholders are found on the UTF-8 bytes: `{` and `}` are ASCII, so their indices are
    // character boundaries, and walking the text by Character cost more than the rest of a big `send`.
    let utf8 = template.utf8
    var out = ""
    var copied = utf8.startIndex
    var from = utf8.startIndex
    while let open = utf8[from...].firstIndex(of: UInt8(ascii: "{")),
      let close = utf8[open...].firstIndex(of: UInt8(ascii: "}"))
    {
      guard let n = Int(template[utf8.index(after: open)..<close]), n < args.count else {
        from = utf8.index(after: open)
        continue
      }
      out += template[copied..<open]
      out += TextSafety.escapeControls(args[n].description)
      copied = utf8.index(after: close)
      from = copied
    }
    out += template[copied...]
    return out
  }
}
