import Apidae
import Foundation

/// A wall-clock time of the workspace's time zone, to the second (DESIGN.md R1).
///
/// Export names and the clock are both local times, so they compare without any time-zone
/// arithmetic: `LocalDateTime(exportName) <= clock.now()` says whether an export is due.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

  public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// The date and time an export carries in its name.
  public init(_ name: ExportName) {
    self.init(year: name.year, month: name.month, day: name.day, hour: name.hour, minute: name.minute)
  }

  /// The current local time of `timeZone`, as the real clock counts it (`reached(at:in:)`).
  public static func now(in timeZone: TimeZone) -> LocalDateTime { reached(at: Date(), in: timeZone) }

  /// The latest wall-clock time `timeZone` has shown by `instant`: its time then, except in the hour its
  /// clocks repeat when they go back (02:00–02:59 a second time on 2025-10-26 in Europe/Paris), where it
  /// stays at the last second before they went back (02:59:59). A local time counts as reached once it
  /// has happened: an export of 02:45 summer time is due at 02:15 winter time, and the clock never goes
  /// back under what it already stamped (the journal, e-mails sent).
  public static func reached(at instant: Date, in timeZone: TimeZone) -> LocalDateTime {
    var latest = at(instant, in: timeZone)
    // The zone's changes of the last two days: before each, the time the clocks showed last.
    var from = instant.addingTimeInterval(-2 * 86_400)
    while let change = timeZone.nextDaylightSavingTimeTransition(after: from), change <= instant {
      latest = max(latest, at(change.addingTimeInterval(-1), in: timeZone))
      from = change
    }
    return latest
  }

  /// An Apidae timestamp (`2027-03-01T15:30:00.000+0100`, a `dateModification`) as the wall-clock time
  /// of `timeZone`, the workspace's; nil for any other text.
  public static func apidae(_ text: String, in timeZone: TimeZone) -> LocalDateTime? {
    guard
      let m = text.wholeMatch(
        of: /(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(?:(Z)|([+-])(\d\d):?(\d\d))/),
      let utc = TimeZone(identifier: "UTC")
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = utc
    let parts = DateComponents(
      year: Int(m.1), month: Int(m.2), day: Int(m.3), hour: Int(m.4), minute: Int(m.5),
      second: m.6.flatMap { Int($0) } ?? 0)
    guard let wall = calendar.date(from: parts) else { return nil }
    var offset = 0
    if let sign = m.8, let h = m.9.flatMap({ Int($0) }), let mi = m.10.flatMap({ Int($0) }) {
      offset = (sign == "-" ? -1 : 1) * (h * 3600 + mi * 60)
    }
    return at(wall.addingTimeInterval(TimeInterval(-offset)), in: timeZone)
  }

  static func at(_ date: Date, in timeZone: TimeZone) -> LocalDateTime {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return LocalDateTime(
      year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1, hour: c.hour ?? 0, minute: c.minute ?? 0,
      second: c.second ?? 0)
  }

  /// Parses `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD` (midnight).
  /// Returns nil for anything else, including dates that do not exist (2023-02-29).
  static func parse(_ text: String) -> LocalDateTime? {
    let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
    func digits(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= b.count else { return nil }
      var v = 0
      for i in from..<(from + count) {
        guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
        v = v * 10 + Int(b[i] - 0x30)
      }
      return v
    }
    guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
      let y = digits(0, 4), let mo = digits(5, 2), let d = digits(8, 2)
    else { return nil }
    var h = 0
    var mi = 0
    var s = 0
    if b.count > 10 {
      guard b.count == 16 || b.count == 19, b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
        b[13] == UInt8(ascii: ":"), let hh = digits(11, 2), let mm = digits(14, 2)
      else { return nil }
      h = hh
      mi = mm
      if b.count == 19 {
        guard b[16] == UInt8(ascii: ":"), let ss = digits(17, 2) else { return nil }
        s = ss
      }
    }
    guard y >= 1, (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, s < 60 else {
      return nil
    }
    return LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
  }

  /// `YYYY-MM-DD HH:MM:SS`, the form kept in the store.
  public var description: String {
    "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
  }

  /// `YYYY-MM-DD HH:MM`, the precision of export names.
  public var minuteText: String {
    "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2))"
  }

  /// The same wall-clock time `days` later (calendar arithmetic, no time zone involved).
  func addingDays(_ days: Int) -> LocalDateTime {
    let (y, m, d) = LocalDateTime.civil(fromDays: LocalDateTime.days(year: year, month: month, day: day) + days)
    return LocalDateTime(year: y, month: m, day: d, hour: hour, minute: minute, second: second)
  }

  /// The same day at `hour`:`minute`.
  func at(hour: Int, minute: Int) -> LocalDateTime {
    LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: 0)
  }

  /// `minutes` later (or earlier), across days as the calendar goes.
  func addingMinutes(_ minutes: Int) -> LocalDateTime {
    let total = (hour * 60 + minute) + minutes
    let days = Int((Double(total) / 1440).rounded(.down))
    let rest = total - days * 1440
    var moved = addingDays(days)
    moved.hour = rest / 60
    moved.minute = rest % 60
    return moved
  }

  /// The years a time may have: the four digits of export names and of the store.
  static let years = 1...9999

  /// A date and time as `parse` reads them, or a day and a one-digit hour (`2027-03-05 8:00`): what a
  /// person may type that needs no clock to be read.
  static func parseAbsolute(_ text: String) -> LocalDateTime? {
    if let when = parse(text) { return when }
    let words = text.split(separator: " ").map(String.init)
    guard words.count == 2, words[0].count == 10, let day = parse(words[0]), let (h, m) = clockTime(words[1])
    else { return nil }
    return day.at(hour: h, minute: m)
  }

  /// `H:MM` or `HH:MM`.
  private static func clockTime(_ word: String) -> (Int, Int)? {
    let parts = word.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
    else { return nil }
    return (h, m)
  }

  /// What a person may type for a time, read against `now`: a date and time as `parseAbsolute` reads
  /// them; `HH:MM` (that day); `demain`/`tomorrow`, alone (08:00) or with `HH:MM`; `+2h`, `+30min`,
  /// `+1j`/`+1d`, and back in time as well: `-2h`, `-1j`. Hours and minutes are time that passes in
  /// `timeZone` (01:30 and an hour is 03:30 the night clocks go forward), days keep the time of day.
  /// Throws `badTime` for any other text, `outOfRange` for a time outside `years`.
  static func parse(_ text: String, relativeTo now: LocalDateTime, in timeZone: TimeZone) throws(ClockError)
    -> LocalDateTime
  {
    if let when = parseAbsolute(text) { return when }
    // Folded as a search is: `aujourd’hui` (typed unquoted, a `'` opening a quote) and a no-break space.
    let words = folded(text).split(separator: " ").map(String.init)
    /// The next day, but for the last one a clock can show (9999-12-31), which has none.
    func tomorrow() throws(ClockError) -> LocalDateTime {
      let next = now.addingDays(1)
      guard years.contains(next.year) else { throw .outOfRange(text) }
      return next
    }
    switch words.count {
    case 1:
      if let (h, m) = clockTime(words[0]) { return now.at(hour: h, minute: m) }
      if ["demain", "tomorrow"].contains(words[0]) { return try tomorrow().at(hour: 8, minute: 0) }
      guard let sign = words[0].first, sign == "+" || sign == "-" else { throw .badTime(text) }
      let body = words[0].dropFirst()
      let number = body.prefix { $0.isASCII && $0.isNumber }
      guard !number.isEmpty, !number.allSatisfy({ $0 == "0" }) else { throw .badTime(text) }
      let unit = body.dropFirst(number.count)
      guard ["min", "mn", "m", "h", "j", "d"].contains(unit) else { throw .badTime(text) }
      let days = unit == "j" || unit == "d"
      // More than 10,000 years of that unit is out of range: no arithmetic may overflow.
      guard let count = Int(number), count <= (days ? 4_000_000 : 6_000_000_000) else { throw .outOfRange(text) }
      let n = sign == "-" ? -count : count
      guard
        let moved = days
          ? now.addingDays(n) : now.addingElapsed(seconds: n * (unit == "h" ? 3600 : 60), in: timeZone),
        years.contains(moved.year)
      else { throw .outOfRange(text) }
      return moved
    case 2:
      guard let (h, m) = clockTime(words[1]),
        ["demain", "tomorrow", "aujourd'hui", "today"].contains(words[0])
      else { throw .badTime(text) }
      return try (["demain", "tomorrow"].contains(words[0]) ? tomorrow() : now).at(hour: h, minute: m)
    default:
      throw .badTime(text)
    }
  }

  /// `seconds` of time passing later (earlier when negative) in `timeZone`; nil past `years`. Of two times
  /// that happen twice (the hour clocks repeat when they go back), a move forward starts from the later, a
  /// move back from the earlier, so that every move moves the clock: from 02:30, `+1h` is 03:30, not the
  /// second 02:30 again at each `+1h`.
  func addingElapsed(seconds: Int, in timeZone: TimeZone) -> LocalDateTime? {
    let start = seconds > 0 ? lastInstant(in: timeZone) : date(in: timeZone)
    let later = start.addingTimeInterval(TimeInterval(seconds))
    guard later >= LocalDateTime(year: 1, month: 1, day: 1).date(in: timeZone),
      later < LocalDateTime(year: 9999, month: 12, day: 31).date(in: timeZone).addingTimeInterval(86_400)
    else { return nil }
    return LocalDateTime.at(later, in: timeZone)
  }

  /// The last instant `timeZone`'s clocks show this time: the second time in the hour they repeat when
  /// they go back (02:30 winter time on 2025-10-26 in Europe/Paris), else the one `date(in:)` gives.
  func lastInstant(in timeZone: TimeZone) -> Date {
    let first = date(in: timeZone)
    guard let change = timeZone.nextDaylightSavingTimeTransition(after: first),
      change.timeIntervalSince(first) < 86_400
    else { return first }
    let repeated = timeZone.secondsFromGMT(for: first) - timeZone.secondsFromGMT(for: change)
    guard repeated > 0 else { return first }
    let second = first.addingTimeInterval(TimeInterval(repeated))
    return LocalDateTime.at(second, in: timeZone) == self ? second : first
  }

  /// When `timeZone`'s clocks jump over this time (put forward: 02:30 on 2025-03-30 in Europe/Paris), the
  /// time they jump from and the time they jump to (02:00 and 03:00); nil for a time that exists.
  public func skipped(in timeZone: TimeZone) -> (from: LocalDateTime, to: LocalDateTime)? {
    let instant = date(in: timeZone)
    // Calendar gives a skipped time as the instant as far past the jump (03:30 for 02:30).
    guard LocalDateTime.at(instant, in: timeZone) != self,
      let jump = timeZone.nextDaylightSavingTimeTransition(after: instant.addingTimeInterval(-2 * 86_400)),
      jump <= instant
    else { return nil }
    return (LocalDateTime.at(jump.addingTimeInterval(-60), in: timeZone).addingMinutes(1), .at(jump, in: timeZone))
  }

  /// When a clock of `timeZone` reaches this time: itself, or for a time its clocks jump over, the time
  /// they jump to (03:00 for 02:30 on 2027-03-28 in Europe/Paris).
  public func onTheClock(in timeZone: TimeZone) -> LocalDateTime { skipped(in: timeZone)?.to ?? self }

  /// The next day at `hour`:00, e.g. what `nuit` moves the clock to.
  func nextDay(at hour: Int) -> LocalDateTime {
    var next = addingDays(1)
    next.hour = hour
    next.minute = 0
    next.second = 0
    return next
  }

  public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
    (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civil(fromDays z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}

extension ExportName {
  /// The export's date and time as a local time of the workspace.
  public var time: LocalDateTime { LocalDateTime(self) }
}

func pad(_ v: Int, _ n: Int) -> String {
  let s = String(v)
  return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
}
