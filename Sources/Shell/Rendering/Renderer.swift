import Apidae
import Foundation
import OpenEdit

/// Output formats of listing commands (`--format`, `set format`).
enum OutputFormat: String, CaseIterable, Sendable {
  case table, csv, json
}

/// When a table shows its rows as records (`set expanded`, psql's `\x`): `auto` at a terminal the
/// table does not fit without cutting a whole column, `on` always, `off` never (a line may then be wider
/// than the terminal, which wraps it). CSV and JSON are never concerned.
enum ExpandedMode: String, CaseIterable, Sendable {
  case auto, on, off
}

/// Turns results into text: aligned tables, CSV (RFC 4180) or JSON.
struct Renderer: Sendable {
  var format: OutputFormat
  var color: Bool
  /// Maximum width of a table line; nil for no limit (not a terminal).
  var width: Int?
  /// CSV shows control characters escaped, as tables do: set when the output is a terminal (DESIGN.md
  /// §6). A file or a pipe gets the data as it is.
  var escapesControls: Bool
  /// How a yes or no cell reads in a table, in the session's language (CSV has `true` and `false`).
  var words: Cell.Words
  /// Whether a table shows its rows as records.
  var expanded: ExpandedMode

  init(
    format: OutputFormat, color: Bool = false, width: Int? = nil, escapesControls: Bool = false,
    words: Cell.Words = .french, expanded: ExpandedMode = .auto
  ) {
    self.format = format
    self.color = color
    self.width = width
    self.escapesControls = escapesControls
    self.words = words
    self.expanded = expanded
  }

  func render(_ table: Table) -> String {
    switch format {
    case .table: return renderTable(table)
    case .csv: return Renderer.csv(table, escapingControls: escapesControls)
    case .json: return Renderer.json(table) + "\n"
    }
  }

  /// Aligned columns by display width, untrusted text escaped; at a terminal, cells that may be cut are
  /// shortened to «…» until the line fits. A table that fits only by cutting a whole column (an id, an
  /// export's name, a date, a status label), or not at all, is shown as records (`expanded`).
  func renderTable(_ table: Table) -> String {
    let headers = table.columns.map(\.header)
    let cells = table.rows.map { row in row.map { TextSafety.escapeControls($0.plain(words)) } }
    var widths = headers.map(TextSafety.displayWidth)
    for row in cells {
      for (i, c) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], TextSafety.displayWidth(c))
      }
    }
    if let limit = width {
      let fitted = Renderer.fitted(widths, narrowest: table.columns.map(\.narrowest), to: limit)
      if fitted.overflows && expanded == .auto && !cells.isEmpty { return renderRecords(table, cells: cells) }
      widths = fitted.widths
    }
    if expanded == .on { return renderRecords(table, cells: cells) }
    var out = ""
    func line(_ row: [String], styles: [Style?]) {
      var parts: [String] = []
      for (i, c) in row.enumerated() {
        let col = table.columns[i]
        let cut = TextSafety.truncate(c, to: widths[i])
        let isLast = i == row.count - 1
        var text = isLast && col.alignment == .left ? cut : TextSafety.pad(cut, to: widths[i], alignment: col.alignment)
        if color, let st = styles[i] { text = st.apply(text) }
        parts.append(text)
      }
      out += parts.joined(separator: "  ") + "\n"
    }
    line(headers, styles: headers.map { _ in color ? Style.bold : nil })
    for (r, row) in cells.enumerated() {
      line(row, styles: styles(table, row: r))
    }
    out += footer(table)
    return out
  }

  /// The columns' widths once the widest that may be cut have been shortened, one column at a time and
  /// never below its `narrowest` (nil: not at all), until the line fits in `limit`; `overflows` when it
  /// still does not.
  static func fitted(_ natural: [Int], narrowest: [Int?], to limit: Int) -> (widths: [Int], overflows: Bool) {
    var widths = natural
    var total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
    while total > limit {
      guard
        let i = widths.indices.filter({ i in narrowest[i].map { widths[i] > $0 } ?? false })
          .max(by: { widths[$0] < widths[$1] })
      else { return (widths, true) }
      widths[i] -= 1
      total -= 1
    }
    return (widths, false)
  }

  /// Each row as a block of lines, one per column: its header, aligned, then its value, whole, wrapped
  /// at the terminal's width under itself; blocks apart by an empty line, as `fiche ID` shows one.
  func renderRecords(_ table: Table, cells: [[String]]) -> String {
    let labels = table.columns.map(\.header)
    let labelWidth = labels.map(TextSafety.displayWidth).max() ?? 0
    let margin = String(repeating: " ", count: labelWidth + 2)
    // Values get what the labels leave, at least 8 columns: on a tinier terminal, lines wrap there.
    let valueWidth = width.map { max(8, $0 - margin.count) }
    var out = ""
    for (r, row) in cells.enumerated() {
      if r > 0 { out += "\n" }
      let rowStyles = styles(table, row: r)
      for (i, value) in row.enumerated() where i < labels.count {
        let label = color ? Style.bold.apply(labels[i]) : labels[i]
        guard !value.isEmpty else {
          out += label + "\n"
          continue
        }
        let pad = String(repeating: " ", count: labelWidth - TextSafety.displayWidth(labels[i]) + 2)
        let pieces = valueWidth.map { TextSafety.wrap(value, to: $0) } ?? [value]
        for (k, piece) in pieces.enumerated() {
          let text = color ? rowStyles[i].map { $0.apply(piece) } ?? piece : piece
          out += (k == 0 ? label + pad : margin) + text + "\n"
        }
      }
    }
    if !table.footer.isEmpty && !cells.isEmpty { out += "\n" }
    out += footer(table)
    return out
  }

  /// The notes under a table; at a terminal, prose broken between words at its width.
  func footer(_ table: Table) -> String {
    table.footer.map { note in
      let safe = TextSafety.escapeControls(note)
      return (width.map { TextSafety.prose(safe, width: $0).joined(separator: "\n") } ?? safe) + "\n"
    }.joined()
  }

  /// The styles of row `r`'s cells (a status coloured), nil for a plain cell.
  func styles(_ table: Table, row r: Int) -> [Style?] {
    table.columns.indices.map { i in
      guard let style = table.style, i < table.rows[r].count else { return nil }
      return style(table.columns[i].key, table.rows[r][i])
    }
  }

  /// RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled; CRLF-free (LF lines).
  /// Machine output, the same in every language: a yes or no is `true` or `false`, as in JSON. A text a
  /// spreadsheet would take for a formula is kept text (`csvText`), but for a valid e-mail address in an
  /// e-mail column (`csvEmail`); numbers are left as they are.
  static func csv(_ table: Table, escapingControls: Bool = false) -> String {
    var out: [UInt8] = []
    func line(_ fields: [(text: String, isText: Bool)], header: Bool = false) {
      for (i, field) in fields.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        // Whether it reads as a formula is decided on the data, before a terminal's escapes.
        let formula =
          field.isText && field.text.utf8.first.map(startsFormula) == true
          && !(!header && i < table.columns.count && table.columns[i].email && isPlainAddress(field.text))
        var s = escapingControls ? TextSafety.escapeControls(field.text) : field.text
        s.withUTF8 { csvField($0, into: &out, guardingFormula: formula) }
      }
      out.append(UInt8(ascii: "\n"))
    }
    line(table.columns.map { ($0.key, false) }, header: true)
    for row in table.rows {
      line(
        row.map { cell in
          switch cell {
          case .int, .bool, .null: (cell.plain(.csv), false)
          case .text, .list, .object, .rawJSON: (cell.plain(.csv), true)
          }
        })
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A text field of CSV (`csvField`), kept text where a spreadsheet would read a formula: OWASP's rule
  /// against CSV injection, a leading `'` before `=`, `+`, `-`, `@`, a tab or a carriage return (DESIGN.md
  /// §6: a fiche named `=HYPERLINK(…)` comes from an export).
  static func csvText(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    csvField(text, into: &out, guardingFormula: text.first.map(startsFormula) == true)
  }

  /// An e-mail address as `csvText` writes a text, but that a valid one is written as it is
  /// (`isPlainAddress`): `-resa@lasetaz.example` was `'-resa@lasetaz.example` in a mailing list.
  static func csvEmail(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    // Most addresses start with a letter: the check runs only for those the guard would change.
    let formula =
      text.first.map(startsFormula) == true && !isPlainAddress(String(decoding: text, as: UTF8.self))
    csvField(text, into: &out, guardingFormula: formula)
  }

  /// Whether `text` is an address `send` takes (`MailAddress.checked`, nothing to trim) made of letters,
  /// digits, `.`, `_`, `-`, `+` and its `@` only: it can start with `-` or `+` (`-resa@x.example`) but
  /// holds no parenthesis, quote, `|` or `!`, so a spreadsheet cannot call a function or DDE with it.
  /// A valid address may hold `'`, `|`, `!` or `=` (RFC 5322's atext): `+cmd|'/Ccalc'!A0@x.example`
  /// is valid, and keeps the guard.
  static func isPlainAddress(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
      scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
        || scalar.properties.generalCategory == .nonspacingMark
        || scalar.properties.generalCategory == .spacingMark || ".@_-+".unicodeScalars.contains(scalar)
    } && MailAddress.checked(text) == text
  }

  /// Whether a field starting with `byte` is read as a formula by LibreOffice or Excel.
  static func startsFormula(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13: true
    default: false
    }
  }

  /// One CSV field: as it is, or quoted with its quotes doubled when it holds a comma, a quote or a line
  /// end; after a `'` when `guardingFormula`. On bytes: as Characters, "\r\n" is one, equal to neither
  /// line end.
  static func csvField(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], guardingFormula: Bool = false) {
    let quote = UInt8(ascii: "\"")
    guard text.contains(where: { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 10 || $0 == 13 }) else {
      if guardingFormula { out.append(UInt8(ascii: "'")) }
      out.append(contentsOf: text)
      return
    }
    out.append(quote)
    if guardingFormula { out.append(UInt8(ascii: "'")) }
    for byte in text {
      if byte == quote { out.append(quote) }
      out.append(byte)
    }
    out.append(quote)
  }

  /// Compact, stable JSON: keys in declared order, UTF-8 kept, control characters escaped.
  static func json(_ cell: Cell) -> String {
    var out = JSONBytes()
    out.value(cell)
    return out.text
  }

  /// A listing as a JSON array of objects keyed by the columns' keys, written row by row
  /// (the same text as `json(table.objects)` without building that tree).
  static func json(_ table: Table) -> String {
    var out = JSONBytes()
    out.bytes.reserveCapacity(table.rows.count * table.columns.count * 24 + 2)
    let keys = table.columns.map(\.key)
    out.literal("[")
    for (r, row) in table.rows.enumerated() {
      if r > 0 { out.literal(", ") }
      out.object(keys: keys, values: row)
    }
    out.literal("]")
    return out.text
  }

}

/// JSON text built as UTF-8 bytes: appending bytes costs far less than growing a `String` piece by piece.
struct JSONBytes {
  var bytes: [UInt8] = []

  var text: String { String(decoding: bytes, as: UTF8.self) }

  mutating func literal(_ s: StaticString) {
    s.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func value(_ cell: Cell) {
    switch cell {
    case .null: literal("null")
    case .bool(let b): b ? literal("true") : literal("false")
    case .int(let i): int(i)
    case .text(let s): string(s)
    case .rawJSON(let s): bytes.append(contentsOf: s.utf8)
    case .list(let items):
      literal("[")
      for (i, item) in items.enumerated() {
        if i > 0 { literal(", ") }
        value(item)
      }
      literal("]")
    case .object(let pairs):
      object(keys: pairs.map(\.0), values: pairs.map(\.1))
    }
  }

  /// `{"key": value, …}`; `keys` may repeat from object to object (a listing's columns).
  mutating func object(keys: [String], values: [Cell]) {
    literal("{")
    for (i, (k, v)) in zip(keys, values).enumerated() {
      if i > 0 { literal(", ") }
      string(k)
      literal(": ")
      value(v)
    }
    literal("}")
  }

  /// Decimal digits, written in place (a listing writes tens of thousands of ids: no string each).
  mutating func int(_ i: Int) {
    if i < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = i.magnitude
    var digits = 1
    var power: UInt = 10
    while digits < 20 && magnitude >= power {
      digits += 1
      if power > UInt.max / 10 { break }
      power *= 10
    }
    let end = bytes.count + digits
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
    var at = end
    repeat {
      at -= 1
      bytes[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
      magnitude /= 10
    } while magnitude > 0
  }

  /// A JSON string: quotes, backslashes, C0 and C1 controls, DEL, U+2028, U+2029 and the bidirectional
  /// controls escaped (`\u202e`): the same data to a JSON reader, nothing that turns a terminal's line around.
  mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { string(utf8: $0) }
  }

  /// `string` of text given as its UTF-8 bytes (as SQLite holds it).
  mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
    // Most texts need no escape: their bytes are copied whole.
    guard JSONBytes.needsEscape(text) else {
      bytes.append(UInt8(ascii: "\""))
      bytes.append(contentsOf: text)
      bytes.append(UInt8(ascii: "\""))
      return
    }
    escaped(String(decoding: text, as: UTF8.self))
  }

  /// `string(utf8:)`, or `null` for nil.
  mutating func string(orNull text: UnsafeBufferPointer<UInt8>?) {
    if let text { string(utf8: text) } else { literal("null") }
  }

  private mutating func escaped(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": literal("\\\"")
      case "\\": literal("\\\\")
      case "\n": literal("\\n")
      case "\r": literal("\\r")
      case "\t": literal("\\t")
      default:
        if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value)
          || scalar.value == 0x2028 || scalar.value == 0x2029 || TextSafety.isBidiControl(scalar)
        {
          let hex = String(scalar.value, radix: 16)
          bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
        } else {
          bytes.append(contentsOf: String(scalar).utf8)
        }
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Whether the text holds a character `string` escapes: a quote, a backslash, a C0 or C1 control,
  /// DEL, U+2028, U+2029 or a bidirectional control (checked on the UTF-8 bytes).
  static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = bytes.count
    var i = 0
    while i < n {
      // Eight bytes at a time while they are plain ASCII (neither quote, backslash, control nor DEL).
      if i + 8 <= n, let base = bytes.baseAddress {
        let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        if !ASCIIWord.mayEndPlainRun(x), !ASCIIWord.has(x, 0x7F) {
          i += 8
          continue
        }
      }
      let byte = bytes[i]
      if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return true }
      // C1 controls are C2 80…C2 9F; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
      if byte == 0xC2, i + 1 < n, bytes[i + 1] < 0xA0 { return true }
      // The bidirectional controls: U+200E–U+200F are E2 80 8E…8F, U+202A–U+202E E2 80 AA…AE,
      // U+2066–U+2069 E2 81 A6…A9.
      if byte == 0xE2, i + 2 < n {
        let (b1, b2) = (bytes[i + 1], bytes[i + 2])
        if b1 == 0x80, b2 == 0xA8 || b2 == 0xA9 || b2 == 0x8E || b2 == 0x8F || (0xAA...0xAE).contains(b2) {
          return true
        }
        if b1 == 0x81, (0xA6...0xA9).contains(b2) { return true }
      }
      i += 1
    }
    return false
  }
}
