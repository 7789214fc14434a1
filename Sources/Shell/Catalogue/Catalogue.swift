/// The languages of the shell's messages.
enum Language: String, CaseIterable, Sendable {
  case fr, en
}

/// All user-facing text, looked up by key: one dictionary per language (`fr.swift`, `en.swift`),
/// so that a second language is a file, not a hunt. Placeholders are `{0}`, `{1}`, …, and
/// `{0|fiche|fiches}` the word agreeing with the count `{0}`.
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

  /// A status label, Open Edit's words in «…» in every language, spaced as the language spaces them:
  /// « Email transmis » in French, as every French quotation here, «Email transmis» in English.
  func status(_ label: String) -> String {
    language == .fr ? "« \(label) »" : "«\(label)»"
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
      let inside = template[utf8.index(after: open)..<close]
      if let n = Int(inside), n < args.count {
        out += template[copied..<open]
        out += TextSafety.escapeControls(args[n].description)
      } else if let words = counted(inside, args) {
        out += template[copied..<open]
        out += words
      } else {
        from = utf8.index(after: open)
        continue
      }
      copied = utf8.index(after: close)
      from = copied
    }
    out += template[copied...]
    return out
  }

  /// `{N|singular|plural}`: the word that agrees with the count given as argument N, as the language
  /// agrees it: French puts 0 and 1 in the singular («0 fiche», «1 fiche», «2 fiches»), English 1 only.
  /// A count that is no whole number takes the plural.
  private func counted(_ inside: Substring, _ args: [CustomStringConvertible]) -> String? {
    let parts = inside.split(separator: "|", omittingEmptySubsequences: false)
    guard parts.count == 3, let n = Int(parts[0]), n < args.count else { return nil }
    let count = Int(args[n].description).map(abs)
    let singular = language == .fr ? count.map { $0 < 2 } : count.map { $0 == 1 }
    return String(singular == true ? parts[1] : parts[2])
  }
}
