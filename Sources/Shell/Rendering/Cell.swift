/// One value of a result, rendered as a table cell, a CSV field or a JSON value.
enum Cell: Sendable, Equatable {
  case text(String)
  case int(Int)
  case bool(Bool)
  case null
  case list([Cell])
  /// An object with keys in a stable, declared order.
  case object([(String, Cell)])
  /// JSON text embedded as is (a fiche's raw object); shown as text elsewhere.
  case rawJSON(String)

  static func == (a: Cell, b: Cell) -> Bool {
    switch (a, b) {
    case (.text(let x), .text(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.null, .null): return true
    case (.list(let x), .list(let y)): return x == y
    case (.rawJSON(let x), .rawJSON(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  init(_ s: String?) { self = s.map(Cell.text) ?? .null }
  init(_ i: Int?) { self = i.map(Cell.int) ?? .null }

  /// The plain text of a cell in a table, a yes or no in French.
  var plain: String { plain(Words.french) }

  /// The plain text of a cell, a yes or no in `words`.
  func plain(_ words: Words) -> String {
    switch self {
    case .text(let s): return s
    case .int(let i): return String(i)
    case .bool(let b): return b ? words.yes : words.no
    case .null: return ""
    case .list(let l): return l.map { $0.plain(words) }.joined(separator: ", ")
    case .object(let o): return o.map { "\($0.0)=\($0.1.plain(words))" }.joined(separator: ", ")
    case .rawJSON(let s): return s
    }
  }

  /// How a table says yes and no, in the session's language; CSV says it as JSON does, in every language.
  struct Words: Sendable, Equatable {
    var yes: String
    var no: String
    static let french = Words(yes: "oui", no: "non")
    static let csv = Words(yes: "true", no: "false")
  }
}

/// How a column aligns in a table.
enum Alignment: Sendable { case left, right }

/// A column of a listing: `key` is the stable JSON/CSV name, `header` the shown title.
struct Column: Sendable {
  var key: String
  var header: String
  var alignment: Alignment
  /// Shown whole or not at all: a column that tells rows apart or says where they stand (an export's
  /// name, a date, a status label) is never cut to fit a terminal; the rows become records instead.
  var whole: Bool
  /// E-mail addresses: in CSV, a valid one starting with `-` or `+` is written as it is, not guarded as a
  /// formula would be (`Renderer.csvEmail`): a mailing list made from it must hold the addresses.
  var email: Bool
  init(_ key: String, _ header: String, alignment: Alignment = .left, whole: Bool = false, email: Bool = false) {
    self.key = key
    self.header = header
    self.alignment = alignment
    self.whole = whole
    self.email = email
  }

  /// Whether a table may shorten this column's cells to «…»: not a whole one, nor a number (right
  /// aligned: ids and counts, where a cut number would read as another).
  var mayBeCut: Bool { !whole && alignment == .left }

  /// How narrow a table may cut this column before it gives way to records: a name keeps 16 columns
  /// («Hôtel du Galib…»; at 8, four «Hôtel L…» of one audience could not be told apart), others 8.
  var narrowest: Int? { mayBeCut ? (key == "name" ? 16 : 8) : nil }
}

/// A listing: rows of cells under columns, plus lines shown after the table (table format only).
struct Table: Sendable {
  var columns: [Column]
  var rows: [[Cell]]
  var footer: [String]
  /// Colours a cell in the table format (e.g. statuses); nil for none.
  var style: (@Sendable (_ column: String, _ cell: Cell) -> Style?)?

  init(
    columns: [Column], rows: [[Cell]] = [], footer: [String] = [],
    style: (@Sendable (String, Cell) -> Style?)? = nil
  ) {
    self.columns = columns
    self.rows = rows
    self.footer = footer
    self.style = style
  }

  /// The rows as JSON objects keyed by the columns' keys.
  var objects: Cell {
    .list(rows.map { row in .object(zip(columns, row).map { ($0.key, $1) }) })
  }
}

/// Terminal styles the renderer knows.
enum Style: String, Sendable {
  case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"
  func apply(_ s: String) -> String { "\u{1b}[\(rawValue)m\(s)\u{1b}[0m" }
}
