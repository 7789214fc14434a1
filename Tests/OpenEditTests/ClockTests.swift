import Apidae
import Foundation
import XCTest

@testable import OpenEdit

final class ClockTests: XCTestCase {
  func testParsingAcceptsTheThreeFormsAndRefusesImpossibleDates() {
    XCTAssertEqual(
      LocalDateTime.parse("2024-03-05 14:30"), LocalDateTime(year: 2024, month: 3, day: 5, hour: 14, minute: 30))
    XCTAssertEqual(LocalDateTime.parse("2024-03-05"), LocalDateTime(year: 2024, month: 3, day: 5))
    XCTAssertEqual(
      LocalDateTime.parse("2024-03-05T14:30"), LocalDateTime(year: 2024, month: 3, day: 5, hour: 14, minute: 30))
    XCTAssertEqual(
      LocalDateTime.parse("2024-03-05 14:30:09"),
      LocalDateTime(year: 2024, month: 3, day: 5, hour: 14, minute: 30, second: 9))
    XCTAssertEqual(LocalDateTime.parse("2024-02-29")?.day, 29)
    for bad in ["2023-02-29", "2024-13-01", "2024-03-05 24:00", "2024-3-5", "tomorrow", "2024-03-05 14h30", ""] {
      XCTAssertNil(LocalDateTime.parse(bad), bad)
    }
  }

  /// What a person types to move the clock, read against the clock's now.
  func testTimesRelativeToTheClock() {
    let now = LocalDateTime(year: 2027, month: 2, day: 28, hour: 21, minute: 40)
    func at(_ text: String) -> String? { try? LocalDateTime.parse(text, relativeTo: now, in: .gmt).minuteText }
    XCTAssertEqual(at("2027-03-05 09:00"), "2027-03-05 09:00", "an absolute time as parse reads it")
    XCTAssertEqual(at("2027-03-05 8:00"), "2027-03-05 08:00", "a one-digit hour")
    XCTAssertEqual(at("10:30"), "2027-02-28 10:30", "that day, earlier or later")
    XCTAssertEqual(at("demain"), "2027-03-01 08:00", "the next morning, across a month's end")
    XCTAssertEqual(at("Tomorrow 9:15"), "2027-03-01 09:15")
    XCTAssertEqual(at("aujourd'hui 23:00"), "2027-02-28 23:00")
    XCTAssertEqual(at("+2h"), "2027-02-28 23:40")
    XCTAssertEqual(at("+3h"), "2027-03-01 00:40", "past midnight")
    XCTAssertEqual(at("+45min"), "2027-02-28 22:25")
    XCTAssertEqual(at("+1j"), "2027-03-01 21:40")
    XCTAssertEqual(at("+366d"), "2028-02-29 21:40", "a leap year")
    XCTAssertEqual(at("-1j"), "2027-02-27 21:40", "back in time")
    XCTAssertEqual(at("-22h"), "2027-02-27 23:40", "before midnight")
    XCTAssertEqual(at("-45min"), "2027-02-28 20:55")
    XCTAssertEqual(at("-59d"), "2026-12-31 21:40", "across a year's start")
    for bad in [
      "hier", "+0h", "-0j", "+-1j", "--1j", "-", "+2", "+2x", "25:00", "9:5", "demain 24:00", "2027-02-30 10:00",
      "10:30 demain", "",
    ] {
      XCTAssertNil(at(bad), bad)
    }
  }

  /// The words are read as a French keyboard types them: `aujourd’hui` with the typographic apostrophe (the
  /// one a shell line takes unquoted: a typed `'` opens a quote), accents and a no-break space pasted in.
  func testTheWordsTakeTypographicApostrophesAndAccents() {
    let now = LocalDateTime(year: 2027, month: 2, day: 28, hour: 21, minute: 40)
    func at(_ text: String) -> String? { try? LocalDateTime.parse(text, relativeTo: now, in: .gmt).minuteText }
    XCTAssertEqual(at("aujourd’hui 23:00"), "2027-02-28 23:00")
    XCTAssertEqual(at("Aujourd’hui 9:15"), "2027-02-28 09:15")
    XCTAssertEqual(at("demain\u{00A0}10:00"), "2027-03-01 10:00")
    XCTAssertEqual(at("DEMAIN"), "2027-03-01 08:00")
  }

  /// A time moved past the four-digit years the clock and export names hold is said so, not stored as
  /// a time no command can read back, nor an overflow that ended the shell (`+9223372036854775807min`).
  func testRelativeTimesBeyondTheYearsAClockHoldsAreRefused() throws {
    let now = LocalDateTime(year: 2027, month: 3, day: 1, hour: 9)
    for far in [
      "+9223372036854775807min", "+9223372036854775807h", "+9223372036854775807j", "-9223372036854775807j",
      "+153722867280912930h", "+9999999999j", "+3000000j", "-3000000j", "-800000d",
    ] {
      XCTAssertThrowsError(try LocalDateTime.parse(far, relativeTo: now, in: .gmt), far) {
        XCTAssertEqual($0 as? ClockError, .outOfRange(far))
      }
    }
    let last = LocalDateTime(year: 9999, month: 12, day: 31, hour: 23)
    XCTAssertEqual(try LocalDateTime.parse("+59min", relativeTo: last, in: .gmt).minuteText, "9999-12-31 23:59")
    XCTAssertThrowsError(try LocalDateTime.parse("+1h", relativeTo: last, in: .gmt)) {
      XCTAssertEqual($0 as? ClockError, .outOfRange("+1h"))
    }
    XCTAssertEqual(LocalDateTime.parse("0001-01-01")?.year, 1)
    XCTAssertNil(LocalDateTime.parse("0000-01-01"), "no year 0 in the Gregorian calendar")
  }

  /// The last day a clock can show has no next morning: `demain`, `demain 09:00` and `nuit` from
  /// 9999-12-31 are out of range, as `+1j` is, and the clock stays; they stored 10000-01-01, which no
  /// command could read back (every one then failed, `clock set` too).
  func testTheNextMorningOfTheLastDayIsRefusedAndTheClockStays() throws {
    let last = LocalDateTime(year: 9999, month: 12, day: 31, hour: 10)
    for far in ["demain", "Tomorrow 9:15", "demain 00:00"] {
      XCTAssertThrowsError(try LocalDateTime.parse(far, relativeTo: last, in: .gmt), far) {
        XCTAssertEqual($0 as? ClockError, .outOfRange(far))
      }
    }
    XCTAssertEqual(
      try LocalDateTime.parse("aujourd'hui 23:59", relativeTo: last, in: .gmt).minuteText, "9999-12-31 23:59")
    let t = try TestWorkspace(self)
    let clock = try t.workspace.clock()
    try clock.set("9999-12-31 10:00")
    XCTAssertThrowsError(try clock.night()) { XCTAssertEqual($0 as? ClockError, .noMorningAfter(last)) }
    XCTAssertThrowsError(try Clock.morning(after: last)) { XCTAssertEqual($0 as? ClockError, .noMorningAfter(last)) }
    XCTAssertEqual(try clock.now(), last, "the clock did not move")
    try clock.set("9999-12-31 05:59")
    XCTAssertEqual(try clock.night().minuteText, "9999-12-31 08:00", "still in the night: the same morning")
  }

  /// Local times of Europe/Paris around its changes of time: 02:30 does not exist on 2025-03-30 and is
  /// refused, as GNU date refuses it; 02:30 on 2025-10-26 happens twice and is a wall-clock time like any
  /// other; hours and minutes added are hours that pass (01:30 and an hour is 03:30 that night), days
  /// keep the time of day.
  func testTimesTheZoneSkipsAreRefusedAndHoursAddedAreHoursThatPass() throws {
    let t = try TestWorkspace(self)
    let clock = try t.workspace.clock()
    XCTAssertEqual(clock.timeZone.identifier, "Europe/Paris")
    XCTAssertThrowsError(try clock.set("2025-03-30 02:30")) {
      XCTAssertEqual(
        $0 as? ClockError,
        .skipped(
          "2025-03-30 02:30", zone: "Europe/Paris", from: LocalDateTime(year: 2025, month: 3, day: 30, hour: 2),
          to: LocalDateTime(year: 2025, month: 3, day: 30, hour: 3)))
    }
    XCTAssertEqual(try clock.now().description, "2024-03-31 12:00:00", "the clock did not move")
    XCTAssertEqual(try clock.set("2025-10-26 02:30").description, "2025-10-26 02:30:00")
    XCTAssertEqual(try clock.set("2025-03-30 01:30").description, "2025-03-30 01:30:00")
    XCTAssertEqual(try clock.time("+1h").description, "2025-03-30 03:30:00", "the hour that passes")
    XCTAssertEqual(try clock.time("+30min").description, "2025-03-30 03:00:00")
    XCTAssertThrowsError(try clock.time("02:59"), "that day, in the hour skipped") {
      XCTAssertEqual(($0 as? ClockError).map { if case .skipped = $0 { true } else { false } }, true)
    }
    XCTAssertEqual(try clock.time("03:00").description, "2025-03-30 03:00:00")
    try clock.set("2025-03-29 02:30")
    XCTAssertThrowsError(try clock.time("+1j"), "a day later, the same time of day, which is skipped")
    XCTAssertThrowsError(try clock.time("demain 02:00"))
    XCTAssertEqual(try clock.time("demain").description, "2025-03-30 08:00:00")
    try clock.set("2025-10-26 01:30")
    XCTAssertEqual(try clock.time("+1h").description, "2025-10-26 02:30:00")
    XCTAssertEqual(try clock.time("+2h").description, "2025-10-26 02:30:00", "the same hour again, an hour later")
    XCTAssertEqual(try clock.time("+3h").description, "2025-10-26 03:30:00")
    XCTAssertEqual(try clock.time("+1j").description, "2025-10-27 01:30:00")
    // Any zone: New York's clocks go forward at 02:00 as well, on 2025-03-09.
    let newYork = try XCTUnwrap(TimeZone(identifier: "America/New_York"))
    XCTAssertNotNil(LocalDateTime(year: 2025, month: 3, day: 9, hour: 2, minute: 15).skipped(in: newYork))
    XCTAssertNil(LocalDateTime(year: 2025, month: 3, day: 30, hour: 2, minute: 15).skipped(in: newYork))
    XCTAssertNil(LocalDateTime(year: 2025, month: 3, day: 9, hour: 3).skipped(in: newYork))
  }

  /// In the hour clocks repeat when they go back (02:00–02:59 twice on 2025-10-26 in Europe/Paris), a move
  /// forward starts from the later of the two, a move back from the earlier, so that each moves the clock:
  /// from 02:30, `+1h` gave 02:30 again, and again at each `+1h`, the clock stuck in that hour.
  func testMovesFromATimeThatHappensTwiceMoveTheClock() throws {
    let t = try TestWorkspace(self)
    let clock = try t.workspace.clock()
    try clock.set("2025-10-26 02:30")
    XCTAssertEqual(try clock.time("+1h").description, "2025-10-26 03:30:00")
    XCTAssertEqual(try clock.time("+30min").description, "2025-10-26 03:00:00")
    XCTAssertEqual(try clock.time("-1h").description, "2025-10-26 01:30:00")
    XCTAssertEqual(try clock.time("+1j").description, "2025-10-27 02:30:00", "days keep the time of day")
    try clock.set("2025-10-26 01:30")
    var seen: [String] = []
    for _ in 0..<3 { seen.append(try clock.set("+1h").minuteText) }
    XCTAssertEqual(seen, ["2025-10-26 02:30", "2025-10-26 03:30", "2025-10-26 04:30"])
    seen = []
    for _ in 0..<3 { seen.append(try clock.set("-1h").minuteText) }
    XCTAssertEqual(seen, ["2025-10-26 03:30", "2025-10-26 02:30", "2025-10-26 01:30"])
    // A zone with no change of time, and a time of that day that happens once, are as before.
    let utc = LocalDateTime(year: 2025, month: 10, day: 26, hour: 2, minute: 30)
    XCTAssertEqual(utc.addingElapsed(seconds: 3600, in: .gmt)?.minuteText, "2025-10-26 03:30")
    try clock.set("2025-10-26 04:00")
    XCTAssertEqual(try clock.time("-2h").description, "2025-10-26 02:00:00", "the later 02:00, two hours before")
  }

  /// `clock set` with a date and time needs no clock to read it against: it puts right a stored
  /// simulated time that cannot be read, as the error about it says to do.
  func testAnAbsoluteTimePutsRightAStoredTimeThatCannotBeRead() throws {
    let t = try TestWorkspace(self)
    try t.store.write { db in try Store.setSetting(db, Clock.settingKey, "10000-01-01 00:00:00") }
    let clock = try t.workspace.clock()
    XCTAssertThrowsError(try clock.now()) {
      XCTAssertEqual($0 as? ClockError, .corruptSetting("10000-01-01 00:00:00"))
    }
    XCTAssertEqual(try clock.set("2027-03-01 09:00").description, "2027-03-01 09:00:00")
    XCTAssertEqual(try clock.set("2027-03-05 8:00").description, "2027-03-05 08:00:00")
    XCTAssertEqual(try clock.now().description, "2027-03-05 08:00:00")
  }

  func testTextFormsAndDayArithmetic() {
    let t = LocalDateTime(year: 2024, month: 2, day: 28, hour: 23, minute: 5)
    XCTAssertEqual(t.description, "2024-02-28 23:05:00")
    XCTAssertEqual(t.minuteText, "2024-02-28 23:05")
    XCTAssertEqual(t.addingDays(1).description, "2024-02-29 23:05:00")
    XCTAssertEqual(t.addingDays(2).description, "2024-03-01 23:05:00")
    XCTAssertEqual(LocalDateTime(year: 2023, month: 12, day: 31).addingDays(1).description, "2024-01-01 00:00:00")
    XCTAssertEqual(t.nextDay(at: 8).description, "2024-02-29 08:00:00")
  }

  func testExportNamesCompareWithTheClock() {
    let name = TestWorkspace.name(day: 5, hour: 2, minute: 30)
    XCTAssertEqual(name.time, LocalDateTime(year: 2024, month: 3, day: 5, hour: 2, minute: 30))
    XCTAssertTrue(name.time <= LocalDateTime(year: 2024, month: 3, day: 5, hour: 2, minute: 30))
    XCTAssertFalse(name.time <= LocalDateTime(year: 2024, month: 3, day: 5, hour: 2, minute: 29, second: 59))
  }

  /// Apidae's timestamps (`gestion.dateModification`) read as the workspace's wall-clock time, as
  /// every other date oesh shows.
  func testApidaeTimestampsAreReadAsTheWorkspacesTime() throws {
    let paris = try XCTUnwrap(TimeZone(identifier: "Europe/Paris"))
    func at(_ text: String) -> String? { LocalDateTime.apidae(text, in: paris)?.minuteText }
    XCTAssertEqual(at("2027-03-01T15:30:00.000+0100"), "2027-03-01 15:30")
    XCTAssertEqual(at("2027-03-01T15:30:00.000+0000"), "2027-03-01 16:30")
    XCTAssertEqual(at("2027-07-01T10:00:00Z"), "2027-07-01 12:00", "summer time")
    XCTAssertEqual(at("2027-12-31T23:30:00.000-05:00"), "2028-01-01 05:30", "across the year")
    XCTAssertEqual(at("2027-03-01T15:30"), nil, "no zone: not Apidae's")
    XCTAssertEqual(at("hier"), nil)
  }

  func testSetRealAndNight() throws {
    let t = try TestWorkspace(self, clock: nil)
    let clock = try t.workspace.clock()
    XCTAssertEqual(try clock.mode(), .real)
    XCTAssertThrowsError(try clock.night()) { XCTAssertEqual($0 as? ClockError, .realClock) }
    XCTAssertThrowsError(try clock.set("hier")) { XCTAssertEqual($0 as? ClockError, .badTime("hier")) }

    try clock.set("2024-03-05 23:30")
    XCTAssertEqual(try clock.now(), LocalDateTime(year: 2024, month: 3, day: 5, hour: 23, minute: 30))
    XCTAssertEqual(try clock.night(), LocalDateTime(year: 2024, month: 3, day: 6, hour: 8))
    // The simulated time is kept in the store: another shell sees it.
    let again = try Workspace.open(at: t.url).clock()
    XCTAssertEqual(try again.now(), LocalDateTime(year: 2024, month: 3, day: 6, hour: 8))
    // Still in the night (00:00–05:59), the night ends the same morning: at 01:00 the nightly export
    // has not come yet, and the next day's 08:00 would pass a whole day over.
    try clock.set("2024-03-07 01:00")
    XCTAssertEqual(try clock.night(), LocalDateTime(year: 2024, month: 3, day: 7, hour: 8))
    try clock.set("2024-03-07 05:59")
    XCTAssertEqual(try clock.night(), LocalDateTime(year: 2024, month: 3, day: 7, hour: 8))
    try clock.set("2024-03-07 06:00")
    XCTAssertEqual(try clock.night(), LocalDateTime(year: 2024, month: 3, day: 8, hour: 8))

    try clock.setReal()
    XCTAssertEqual(try clock.mode(), .real)
    let journal = try t.store.read { db in try Journal.entries(db).map(\.kind) }
    XCTAssertEqual(
      journal,
      ["clock.set", "clock.night"] + Array(repeating: ["clock.set", "clock.night"], count: 3).joined() + ["clock.real"])
  }

  /// The real clock counts a local time as reached once it has happened: in the hour clocks repeat when
  /// they go back, it stays at the last second before they did (02:59:59), as they read earlier than
  /// then; when they go forward, it reads the time after the jump.
  func testTheRealClockCountsALocalTimeReachedOnceItHasHappened() throws {
    func reached(_ utc: String, _ zone: String = "Europe/Paris") throws -> String {
      let instant = try XCTUnwrap(ISO8601DateFormatter().date(from: utc), utc)
      return LocalDateTime.reached(at: instant, in: try XCTUnwrap(TimeZone(identifier: zone))).description
    }
    // Europe/Paris, 2025-10-26: at 01:00 UTC, 03:00 summer time becomes 02:00 winter time.
    XCTAssertEqual(try reached("2025-10-26T00:45:00Z"), "2025-10-26 02:45:00", "02:45 summer time")
    XCTAssertEqual(try reached("2025-10-26T00:59:59Z"), "2025-10-26 02:59:59")
    XCTAssertEqual(try reached("2025-10-26T01:00:00Z"), "2025-10-26 02:59:59", "02:00 winter time")
    XCTAssertEqual(try reached("2025-10-26T01:15:00Z"), "2025-10-26 02:59:59", "02:15 winter time")
    XCTAssertEqual(try reached("2025-10-26T01:59:59Z"), "2025-10-26 02:59:59")
    XCTAssertEqual(try reached("2025-10-26T02:00:00Z"), "2025-10-26 03:00:00", "the repeated hour is over")
    XCTAssertEqual(try reached("2025-10-27T01:15:00Z"), "2025-10-27 02:15:00", "the next night")
    // Europe/Paris, 2027-03-28: at 01:00 UTC, 02:00 winter time becomes 03:00 summer time.
    XCTAssertEqual(try reached("2027-03-28T00:59:59Z"), "2027-03-28 01:59:59")
    XCTAssertEqual(try reached("2027-03-28T01:00:00Z"), "2027-03-28 03:00:00")
    XCTAssertEqual(try reached("2027-03-28T01:30:00Z"), "2027-03-28 03:30:00")
    // America/New_York, 2025-11-02: at 06:00 UTC, 02:00 EDT becomes 01:00 EST; 2025-03-09 at 07:00 UTC,
    // 02:00 EST becomes 03:00 EDT.
    XCTAssertEqual(try reached("2025-11-02T05:30:00Z", "America/New_York"), "2025-11-02 01:30:00", "EDT")
    XCTAssertEqual(try reached("2025-11-02T06:30:00Z", "America/New_York"), "2025-11-02 01:59:59", "01:30 EST")
    XCTAssertEqual(try reached("2025-11-02T07:00:00Z", "America/New_York"), "2025-11-02 02:00:00")
    XCTAssertEqual(try reached("2025-03-09T06:59:00Z", "America/New_York"), "2025-03-09 01:59:00")
    XCTAssertEqual(try reached("2025-03-09T07:00:00Z", "America/New_York"), "2025-03-09 03:00:00")
  }

  /// On a real clock, at 02:15 winter time on 2025-10-26, an export of 02:45 (summer time, half an hour
  /// ago) is due and imported; one of 03:10 is the next, an hour away. Sync held the first back for an
  /// hour («not yet») and named it as the next export.
  func testSyncOnTheRealClockInTheRepeatedHourImportsWhatHasHappened() throws {
    let t = try TestWorkspace(self, clock: nil)
    t.workspace.instant = { Date(timeIntervalSince1970: 1_761_441_300) }  // 2025-10-26T01:15:00Z
    func name(_ hour: Int, _ minute: Int) -> ExportName {
      ExportName(
        projectId: OpenEditFixtures.projectId, year: 2025, month: 10, day: 26, hour: hour, minute: minute,
        code: "AbC123")
    }
    try t.export(name(2, 45))
    try t.export(name(3, 10))
    let report = try t.workspace.sync()
    XCTAssertEqual(report.at.description, "2025-10-26 02:59:59")
    XCTAssertEqual(report.imported.map(\.name), [name(2, 45)])
    XCTAssertEqual(report.next?.name, name(3, 10))
    XCTAssertEqual(try t.workspace.clock().now().description, "2025-10-26 02:59:59")
  }

  /// An export named in the hour clocks jump over (2027-03-28 02:30 in Europe/Paris) is due when they
  /// jump, at 03:00: the next export is announced at that time, not at one no clock shows.
  func testTheNextExportNamedInTheHourSkippedIsDueWhenTheClocksJump() throws {
    let t = try TestWorkspace(self, clock: "2027-03-28 01:30")
    let name = ExportName(
      projectId: OpenEditFixtures.projectId, year: 2027, month: 3, day: 28, hour: 2, minute: 30, code: "AbC123")
    try t.export(name)
    let report = try t.workspace.sync()
    XCTAssertEqual(report.imported.map(\.name), [])
    XCTAssertEqual(report.next?.name, name)
    XCTAssertEqual(report.next?.due.description, "2027-03-28 03:00:00")
    let hourAfter = try t.workspace.clock().time("+1h")
    XCTAssertEqual(hourAfter.description, "2027-03-28 03:30:00")
    try t.workspace.clock().set(LocalDateTime(year: 2027, month: 3, day: 28, hour: 3))
    XCTAssertEqual(try t.workspace.sync().imported.map(\.name), [name], "due at 03:00")
  }

  func testRealClockFollowsTheWorkspaceTimeZone() throws {
    let paris = LocalDateTime.now(in: TimeZone(identifier: "Europe/Paris")!)
    let tokyo = LocalDateTime.now(in: TimeZone(identifier: "Asia/Tokyo")!)
    // Tokyo is 7 or 8 hours ahead of Paris.
    func minutes(_ t: LocalDateTime) -> Int {
      (LocalDateTime.days(year: t.year, month: t.month, day: t.day) * 24 + t.hour) * 60 + t.minute
    }
    XCTAssertTrue([7 * 60, 8 * 60].contains { abs(minutes(tokyo) - minutes(paris) - $0) <= 1 })
  }
}
