/// The name Apidae gives an export: `<projetId>_<YYYYMMDD>-<HHMM>_<code>` (+ `.zip` for a zip).
///
/// The date and time are local times of the workspace's time zone (DESIGN.md R1).
public struct ExportName: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var projectId: Int
  public var year: Int, month: Int, day: Int, hour: Int, minute: Int
  public var code: String

  public init(projectId: Int, year: Int, month: Int, day: Int, hour: Int, minute: Int, code: String) {
    self.projectId = projectId
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.code = code
  }

  /// `3126_20190215-0156_H8zWaD`
  public var stem: String {
    func pad(_ v: Int, _ n: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, n - s.count)) + s
    }
    return
      "\(projectId)_\(pad(year, 4))\(pad(month, 2))\(pad(day, 2))-\(pad(hour, 2))\(pad(minute, 2))_\(code)"
  }
  public var description: String { stem }

  /// A sortable local timestamp, `YYYYMMDDHHMM` as an integer.
  public var sortKey: Int { (((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute }

  public static func < (a: ExportName, b: ExportName) -> Bool {
    (a.sortKey, a.code) < (b.sortKey, b.code)
  }

  /// Parses a file or folder name (`.zip` accepted). Returns nil with no reason; see `parseWithReason`.
  public static func parse(_ fileName: String) -> ExportName? {
    if case .success(let n) = parseWithReason(fileName) { return n }
    return nil
  }

  public enum ParseFailure: Error, Equatable, Sendable {
    case pattern  // does not look like <projetId>_<YYYYMMDD>-<HHMM>_<code>
    case date  // the date or time does not exist
  }

  public static func parseWithReason(_ fileName: String) -> Result<ExportName, ParseFailure> {
    var name = Substring(fileName)
    if name.hasSuffix(".zip") { name = name.dropLast(4) }
    let parts = name.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, let pid = Int(parts[0]), pid > 0, parts[0].allSatisfy(\.isASCII),
      !parts[2].isEmpty, parts[2].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
    else { return .failure(.pattern) }
    let dt = parts[1]
    guard dt.count == 13, dt.utf8.count == 13 else { return .failure(.pattern) }
    let chars = Array(dt)
    guard chars[8] == "-" else { return .failure(.pattern) }
    let digits = String(chars[0..<8]) + String(chars[9..<13])
    guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.pattern) }
    let d = digits.compactMap { $0.wholeNumberValue }
    func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + d[$1] } }
    let y = num(0..<4), mo = num(4..<6), day = num(6..<8), h = num(8..<10), mi = num(10..<12)
    let monthDays = [
      31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]
    guard (1...12).contains(mo), day >= 1, day <= monthDays[mo - 1], h < 24, mi < 60 else {
      return .failure(.date)
    }
    let parsed = ExportName(projectId: pid, year: y, month: mo, day: day, hour: h, minute: mi, code: String(parts[2]))
    // "+3126" or "03126" parse as numbers but would not name the same file back.
    guard parsed.stem == name else { return .failure(.pattern) }
    return .success(parsed)
  }
}
