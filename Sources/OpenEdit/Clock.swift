import Foundation
import GRDB

/// Whether the workspace follows real time or a simulated time (demo, tutorial).
public enum ClockMode: Sendable, Equatable {
  case real
  case simulated(LocalDateTime)
}

/// The workspace's clock (R1): exports become importable once their local time is reached.
///
/// The simulated time is kept in the store's `setting` table, so that it survives between shells
/// and is the same for every command of a script; it moves only with `set` and `night`.
public struct Clock: Sendable {
  public let store: Store
  public let timeZone: TimeZone
  /// The instant the real clock reads: now, or the one a test gives.
  let instant: @Sendable () -> Date

  static let settingKey = "clock.simulated"
  /// The hour `nuit` moves the clock to, after the night.
  static let morningHour = 8
  /// Night hours (00:00 to 05:59), in which Apidae computes a project's nightly export.
  static let nightHours = 0..<6

  /// Where `nuit` takes the clock from `t`: 08:00 once the coming night has passed — the same day while
  /// it is still night (at 01:00 the nightly export has not come yet), the next day otherwise; none after
  /// the last day a clock can show (`noMorningAfter`), whose next day no store or export name can write.
  public static func morning(after t: LocalDateTime) throws(ClockError) -> LocalDateTime {
    if nightHours.contains(t.hour) { return t.at(hour: morningHour, minute: 0) }
    let next = t.nextDay(at: morningHour)
    guard LocalDateTime.years.contains(next.year) else { throw .noMorningAfter(t) }
    return next
  }

  public init(store: Store, timeZone: TimeZone, instant: @escaping @Sendable () -> Date = { Date() }) {
    self.store = store
    self.timeZone = timeZone
    self.instant = instant
  }

  public func mode() throws -> ClockMode {
    try store.read { db in try Clock.mode(db) }
  }

  /// The current local time of the workspace: the simulated time, or the latest local time the real clock
  /// has reached (`LocalDateTime.reached(at:in:)`: 02:59:59 while the hour clocks put back is repeated).
  public func now() throws -> LocalDateTime {
    try store.read { db in try now(db) }
  }

  /// The current local time, read within a transaction (sync uses one reading for a whole run).
  public func now(_ db: Database) throws -> LocalDateTime {
    switch try Clock.mode(db) {
    case .real: return LocalDateTime.reached(at: instant(), in: timeZone)
    case .simulated(let t): return t
    }
  }

  static func mode(_ db: Database) throws -> ClockMode {
    guard let text = try Store.setting(db, settingKey) else { return .real }
    guard let t = LocalDateTime.parse(text) else { throw ClockError.corruptSetting(text) }
    return .simulated(t)
  }

  /// `clock set WHEN`: switches to a simulated clock at `when`.
  public func set(_ when: LocalDateTime, command: String? = nil) throws {
    try store.write { db in
      try Store.setSetting(db, Clock.settingKey, when.description)
      try Journal.add(db, at: when, command: command, kind: "clock.set", detail: when.description)
    }
  }

  /// `clock set WHEN` with the text a person typed: a date and time, or a time relative to the clock's
  /// (`LocalDateTime.parse(_:relativeTo:in:)`).
  @discardableResult
  public func set(_ text: String, command: String? = nil) throws -> LocalDateTime {
    let when = try time(text)
    try set(when, command: command)
    return when
  }

  /// The time `text` means, read against the clock's now (`10:30`, `demain`, `+2h`); a date and time is
  /// read without it, so that it puts right a stored time that cannot be read. A local time the zone
  /// skips (clocks put forward) is refused, as GNU date refuses it: no clock ever shows it.
  public func time(_ text: String) throws -> LocalDateTime {
    let when = try LocalDateTime.parseAbsolute(text) ?? LocalDateTime.parse(text, relativeTo: now(), in: timeZone)
    if let jump = when.skipped(in: timeZone) {
      throw ClockError.skipped(text, zone: timeZone.identifier, from: jump.from, to: jump.to)
    }
    return when
  }

  /// The export imported last by its time, if any: a clock set before it leaves Open Edit holding data
  /// from after the clock (`clock set` warns of it).
  public func latestImport() throws -> (stem: String, time: LocalDateTime)? {
    try store.read { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT name, exported_at FROM export ORDER BY exported_at DESC, name DESC LIMIT 1"),
        let time = LocalDateTime.parse(row["exported_at"] as String)
      else { return nil }
      return (row["name"], time)
    }
  }

  /// `clock real`: back to the real time.
  public func setReal(command: String? = nil) throws {
    try store.write { db in
      try Store.removeSetting(db, Clock.settingKey)
      try Journal.add(
        db, at: LocalDateTime.reached(at: instant(), in: timeZone), command: command, kind: "clock.real", detail: nil)
    }
  }

  /// `nuit`: moves a simulated clock to the morning after the night (`morning(after:)`) and returns the
  /// new time.
  /// A real clock cannot be moved: `ClockError.realClock`.
  @discardableResult
  public func night(command: String? = nil) throws -> LocalDateTime {
    try store.write { db in
      guard case .simulated(let t) = try Clock.mode(db) else { throw ClockError.realClock }
      let next = try Clock.morning(after: t)
      try Store.setSetting(db, Clock.settingKey, next.description)
      try Journal.add(db, at: next, command: command, kind: "clock.night", detail: next.description)
      return next
    }
  }
}

public enum ClockError: Error, Equatable, Sendable {
  /// `WHEN` is not `YYYY-MM-DD HH:MM`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, or is not a real date.
  case badTime(String)
  /// `nuit` needs a simulated clock (`clock set WHEN` first).
  case realClock
  /// The stored simulated time cannot be read.
  case corruptSetting(String)
  /// `WHEN` (`+3000000j`) is before year 0001 or after 9999, which export names and the store cannot write.
  case outOfRange(String)
  /// `nuit` from the last day a clock can show (9999-12-31 after 05:59): no morning comes after it.
  case noMorningAfter(LocalDateTime)
  /// `WHEN` is a local time the zone's clocks jump over, from `from` to `to` (2025-03-30 02:30 in
  /// Europe/Paris, from 02:00 to 03:00).
  case skipped(String, zone: String, from: LocalDateTime, to: LocalDateTime)
}
