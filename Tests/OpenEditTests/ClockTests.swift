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
    func at(_ text: String) -> String? { LocalDateTime.parse(text, relativeTo: now)?.minuteText }
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
