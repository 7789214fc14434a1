import Foundation

/// Output formats of listing commands (`--format`, `set format`).
public enum OutputFormat: String, CaseIterable, Sendable {
  case table, csv, json
}

/// Turns results into text: aligned tables, CSV (RFC 4180) or JSON.
public struct Renderer: Sendable {
  public var format: OutputFormat
  public var color: Bool
  /// Maximum width of a table line; nil for no limit (not a terminal).
  public var width: Int?

  public init(format: OutputFormat, color: Bool = false, width: Int? = nil) {
    self.format = format
    self.color = color
    self.width = width
  }

  public func render(_ table: Table) -> String {
    switch format {
    case .table: return renderTable(table)
    case .csv: return Renderer.csv(table)
    case .json: return Renderer.json(table.objects) + "\n"
    }
  }

  /// Aligned columns by display width; untrusted text escaped; cells cut when the line would overflow.
  func renderTable(_ table: Table) -> String {
    let headers = table.columns.map(\.header)
    let cells = table.rows.map { row in row.map { TextSafety.escapeControls($0.plain) } }
    var widths = headers.map(TextSafety.displayWidth)
    for row in cells {
      for (i, c) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], TextSafety.displayWidth(c))
      }
    }
    if let limit = width {
      // Shrink the widest columns until the line fits (never below 8 columns each).
      var total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
      while total > limit {
        guard let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 8 else { break }
        widths[i] -= 1
        total -= 1
      }
    }
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
      let styles: [Style?] = table.columns.indices.map { i in
        guard let style = table.style, i < table.rows[r].count else { return nil }
        return style(table.columns[i].key, table.rows[r][i])
      }
      line(row, styles: styles)
    }
    for f in table.footer { out += TextSafety.escapeControls(f) + "\n" }
    return out
  }

  /// RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled; CRLF-free (LF lines).
  public static func csv(_ table: Table) -> String {
    func field(_ s: String) -> String {
      guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
      return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    var out = table.columns.map { field($0.key) }.joined(separator: ",") + "\n"
    for row in table.rows {
      out += row.map { field($0.plain) }.joined(separator: ",") + "\n"
    }
    return out
  }

  /// Compact, stable JSON: keys in declared order, UTF-8 kept, control characters escaped.
  public static func json(_ cell: Cell) -> String {
    var out = ""
    writeJSON(cell, into: &out)
    return out
  }

  static func writeJSON(_ cell: Cell, into out: inout String) {
    switch cell {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .text(let s): writeJSONString(s, into: &out)
    case .rawJSON(let s): out += s
    case .list(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += ", " }
        writeJSON(item, into: &out)
      }
      out += "]"
    case .object(let pairs):
      out += "{"
      for (i, (k, v)) in pairs.enumerated() {
        if i > 0 { out += ", " }
        writeJSONString(k, into: &out)
        out += ": "
        writeJSON(v, into: &out)
      }
      out += "}"
    }
  }

  static func writeJSONString(_ s: String, into out: inout String) {
    out += "\""
    // Most texts need no escape: appended whole (per-scalar appends made large listings slow).
    if !needsEscape(s) {
      out += s
      out += "\""
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value)
          || scalar.value == 0x2028 || scalar.value == 0x2029
        {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }

  /// Whether `s` holds a character `writeJSONString` escapes: a quote, a backslash, a C0 or C1 control,
  /// DEL, U+2028 or U+2029 (checked on the UTF-8 bytes).
  static func needsEscape(_ s: String) -> Bool {
    var previous: UInt8 = 0
    var beforePrevious: UInt8 = 0
    for byte in s.utf8 {
      if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return true }
      if previous == 0xC2, byte < 0xA0, byte >= 0x80 { return true }
      if beforePrevious == 0xE2, previous == 0x80, byte == 0xA8 || byte == 0xA9 { return true }
      beforePrevious = previous
      previous = byte
    }
    return false
  }
}
