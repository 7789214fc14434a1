import Foundation
import OpenEdit

/// Text helpers for the terminal: safe display of untrusted data and display widths.
enum TextSafety {
  /// Shows control characters and escape sequences escaped (`\n`, `\e`, `\u{9b}`), never raw:
  /// data from exports must not drive the terminal (DESIGN.md §6).
  static func escapeControls(_ s: String, keepNewlines: Bool = false) -> String {
    // Printable ASCII, the usual case, is settled on the bytes.
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return s }
    guard s.unicodeScalars.contains(where: isControl) else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count + 8)
    for scalar in s.unicodeScalars {
      if !isControl(scalar) || (keepNewlines && scalar == "\n") {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{1b}": out += "\\e"
      default:
        out += escaped(scalar)
      }
    }
    return out
  }

  /// A character shown by its code, as Swift writes it: `\u{202e}`.
  static func escaped(_ scalar: Unicode.Scalar) -> String { "\\u{" + String(scalar.value, radix: 16) + "}" }

  /// The bidirectional controls (U+200E–U+200F, U+202A–U+202E, U+2066–U+2069): raw, U+202E turns
  /// what follows it on the line around, so a name can pass for another.
  static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return v == 0x200e || v == 0x200f || (v >= 0x202a && v <= 0x202e) || (v >= 0x2066 && v <= 0x2069)
  }

  /// JSON text with the control characters of its strings escaped the JSON way (`\u007f`, `\u2028`,
  /// `\n`), so that it stays JSON at a terminal; between values, line breaks and tabs are kept and a
  /// carriage return is dropped (JSON's own spacing, all three).
  static func escapeControls(inJSON s: String) -> String {
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f || $0 == 0x0a }) { return s }
    guard s.unicodeScalars.contains(where: isControl) else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count + 16)
    var inString = false
    var escaping = false
    for scalar in s.unicodeScalars {
      if !isControl(scalar) {
        out.unicodeScalars.append(scalar)
        if escaping {
          escaping = false
        } else if inString && scalar == "\\" {
          escaping = true
        } else if scalar == "\"" {
          inString.toggle()
        }
        continue
      }
      switch scalar {
      case "\n" where !inString, "\t" where !inString: out.unicodeScalars.append(scalar)
      case "\r" where !inString: break
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
      escaping = false
    }
    return out
  }

  static func isControl(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return v < 0x20 || v == 0x7f || (v >= 0x80 && v < 0xa0) || v == 0x2028 || v == 0x2029 || isBidiControl(s)
  }

  /// Columns a string takes on a terminal: combining marks take none, wide (CJK, emoji) characters two.
  static func displayWidth(_ s: String) -> Int {
    // One column per scalar for printable ASCII and the precomposed Latin letters (no combining mark,
    // control or soft hyphen among them): the usual text, settled without Unicode property lookups.
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return s.utf8.count }
    if s.unicodeScalars.allSatisfy({ isPlainLatin($0) }) { return s.unicodeScalars.count }
    return graphemeWidth(s)
  }

  /// `displayWidth` character by character, with the scalars' Unicode properties.
  static func graphemeWidth(_ s: String) -> Int {
    var width = 0
    for ch in s {
      guard let first = ch.unicodeScalars.first else { continue }
      if ch.unicodeScalars.allSatisfy({ isZeroWidth($0) }) { continue }
      width += isWide(first) || ch.unicodeScalars.contains("\u{fe0f}") ? 2 : 1
    }
    return width
  }

  static func isPlainLatin(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return (v >= 0x20 && v < 0x7f) || (v >= 0xa0 && v < 0x300 && v != 0xad)
  }

  static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
    switch s.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return true
    default: return s.value == 0x200b
    }
  }

  static func isWide(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return (0x1100...0x115f).contains(v) || (0x2e80...0x303e).contains(v) || (0x3041...0x33ff).contains(v)
      || (0x3400...0x4dbf).contains(v) || (0x4e00...0x9fff).contains(v) || (0xa000...0xa4cf).contains(v)
      || (0xac00...0xd7a3).contains(v) || (0xf900...0xfaff).contains(v) || (0xfe30...0xfe4f).contains(v)
      || (0xff00...0xff60).contains(v) || (0xffe0...0xffe6).contains(v) || (0x1f300...0x1f64f).contains(v)
      || (0x1f900...0x1f9ff).contains(v) || (0x20000...0x3fffd).contains(v)
  }

  /// Pads `s` with spaces to `width` display columns.
  static func pad(_ s: String, to width: Int, alignment: Alignment = .left) -> String {
    let w = displayWidth(s)
    guard w < width else { return s }
    let fill = String(repeating: " ", count: width - w)
    return alignment == .left ? s + fill : fill + s
  }

  /// Cuts `s` to at most `width` display columns, ending with «…» when cut.
  static func truncate(_ s: String, to width: Int) -> String {
    guard displayWidth(s) > width, width > 0 else { return s }
    var out = ""
    var w = 0
    for ch in s {
      let cw = displayWidth(String(ch))
      if w + cw > width - 1 { break }
      out.append(ch)
      w += cw
    }
    return out + "…"
  }

  /// Prose as lines of at most `width` columns, broken between words, each of its lines on its own; an
  /// indented line (an item of a report's list) goes on under a deeper indent, as `ls` and man pages
  /// hang theirs. French typography holds: a guillemet stays with its word, and `:` `;` `!` `?` with
  /// the word before them (a line never ends with «« » nor starts with «» » or «: »), and a quoted text
  /// no wider than half a line (or 24 columns), a command to type or a status, is never broken. For messages and
  /// explanations at a terminal, never for data.
  static func prose(_ text: String, width: Int) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
      let pieces = wrap(String(line), to: width, typography: true)
      let indent = line.prefix { $0 == " " }.count
      guard pieces.count > 1, indent > 0 else { return pieces }
      let hang = String(repeating: " ", count: indent + 2)
      let rest = wrap(pieces.dropFirst().joined(separator: " "), to: max(8, width - hang.count), typography: true)
      return [pieces[0]] + rest.map { hang + $0 }
    }
  }

  /// `text` after `label`, broken as `prose` breaks it and going on under its own first column, `column`,
  /// as `--help` lays out a command's description; a label too wide for the column takes a line of its
  /// own. When fewer than 16 columns would be left there, or too few for one of its words (an export's
  /// name, an e-mail, which a break would cut), the text goes on under the label, 4 columns in.
  static func hanging(_ label: String, _ text: String, column: Int, width: Int) -> [String] {
    let room = width - column
    let fits = room >= 16 && !text.split(separator: " ").contains { visibleWidth(String($0)) > room }
    let indent = fits ? column : 4
    let lines = wrap(text, to: width - indent, typography: true)
    let margin = String(repeating: " ", count: indent)
    let labelWidth = visibleWidth(label)
    guard indent == column, labelWidth + 2 <= column || label.allSatisfy({ $0 == " " }) else {
      return [label] + lines.map { margin + $0 }
    }
    let first = label + String(repeating: " ", count: column - labelWidth) + lines[0]
    return [first] + lines.dropFirst().map { margin + $0 }
  }

  /// `s` in lines of at most `width` display columns, broken at spaces (the space at a break dropped),
  /// a word longer than a line broken inside: nothing is left out. Colours (`\e[…m`) take no column.
  /// With `typography`, the words that French typography keeps together are kept so (see `prose`).
  static func wrap(_ s: String, to width: Int, typography: Bool = false) -> [String] {
    guard width > 0, visibleWidth(s) > width else { return [s] }
    let words = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    let units = typography ? keptTogether(words, width: width) : words.map { [$0] }
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    var fresh = true
    func place(_ piece: String) {
      var word = piece
      var w = visibleWidth(word)
      if !fresh {
        if lineWidth + 1 + w <= width {
          line += " " + word
          lineWidth += 1 + w
          return
        }
        lines.append(line)
      }
      while w > width {
        var head = ""
        var headWidth = 0
        var rest = Substring(word)
        while let ch = rest.first {
          let cw = visibleWidth(String(ch))
          if headWidth + cw > width && !head.isEmpty { break }
          head.append(ch)
          headWidth += cw
          rest = rest.dropFirst()
        }
        lines.append(head)
        word = String(rest)
        w = visibleWidth(word)
      }
      line = word
      lineWidth = w
      fresh = false
    }
    for unit in units {
      let joined = unit.joined(separator: " ")
      // A unit wider than a line is broken between its words rather than inside one, a guillemet and
      // «:» still with their words.
      if unit.count > 1 && visibleWidth(joined) > width {
        for part in keptTogether(unit, width: width, wholeQuotes: false) { place(part.joined(separator: " ")) }
      } else {
        place(joined)
      }
    }
    lines.append(line)
    return lines
  }

  /// `words` grouped as French typography keeps them on one line: «« » with the next word, «» », «: »,
  /// «; », «! » and «? » with the one before, and a «…» text as a whole when it is no wider than half a
  /// line or 24 columns, which a status label with its punctuation takes (`wrap` breaks a group wider
  /// than a line between its words, grouped again without `wholeQuotes`: its guillemets and «:» kept).
  static func keptTogether(_ words: [String], width: Int, wholeQuotes: Bool = true) -> [[String]] {
    var units: [[String]] = []
    var glueNext = false
    // Where the «…» text now open began in `units`, and how deep it is.
    var quoteStart: Int? = nil
    var depth = 0
    for word in words {
      let first = word.first
      if let last = units.indices.last, !word.isEmpty,
        glueNext || first == "»" || (word.count <= 2 && [":", ";", "!", "?"].contains(first))
      {
        units[last].append(word)
      } else {
        units.append([word])
      }
      glueNext = word.last == "«"
      let opened = word.filter { $0 == "«" }.count
      let closed = word.filter { $0 == "»" }.count
      if depth == 0 && opened > closed { quoteStart = units.count - 1 }
      depth = max(0, depth + opened - closed)
      if depth == 0, wholeQuotes, let start = quoteStart {
        quoteStart = nil
        let quote = units[start...].flatMap { $0 }
        if units.count - start > 1 && visibleWidth(quote.joined(separator: " ")) <= max(width / 2, 24) {
          units.replaceSubrange(start..., with: [quote])
        }
      }
    }
    return units
  }

  /// Display columns of a text that may hold colours (`\e[…m`), which take none.
  static func visibleWidth(_ s: String) -> Int {
    guard s.utf8.contains(0x1b) else { return displayWidth(s) }
    var plain = ""
    var inEscape = false
    for scalar in s.unicodeScalars {
      if inEscape {
        if scalar == "m" { inEscape = false }
      } else if scalar == "\u{1b}" {
        inEscape = true
      } else {
        plain.unicodeScalars.append(scalar)
      }
    }
    return displayWidth(plain)
  }

  /// A word the user typed, as a message repeats it: its invisible characters shown (`showingInvisibles`),
  /// at most 80 columns, then «…», so that a paste gone wrong (a whole file as one word) does not fill
  /// the screen.
  static func excerpt(_ word: String) -> String { truncate(showingInvisibles(word), to: 80) }

  /// What the user typed with the characters a terminal shows as a plain space or as nothing escaped, as
  /// controls are (`\u{a0}`): a no-break space, a zero-width space or a byte order mark pasted from a
  /// document, which an error would otherwise repeat as the very word that looks right
  /// («commande inconnue « fiches --no-email »»).
  static func showingInvisibles(_ s: String) -> String {
    if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
    func invisible(_ scalar: Unicode.Scalar) -> Bool {
      switch scalar.properties.generalCategory {
      case .format: return true
      case .spaceSeparator: return scalar != " "
      default: return false
      }
    }
    guard s.unicodeScalars.contains(where: invisible) else { return s }
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
      if invisible(scalar) {
        out.append(contentsOf: escaped(scalar).unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// Lowercased, without diacritics: «Hôtel» → «hotel». The same folding as the store's searches.
  static func fold(_ s: String) -> String { folded(s) }
}
