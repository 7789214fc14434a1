import Foundation
import XCTest

@testable import Shell

/// `set timing on`: how long each command took, on standard error, results unchanged.
final class TimingTests: XCTestCase {
  func testEachCommandIsTimedOnStandardErrorOnly() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)
    let plain = try OeshProcess.run(["-w", "ws", "-c", "fiches", "-c", "selections"], cwd: dir)
    let timed = try OeshProcess.run(
      ["-w", "ws", "-c", "set timing on", "-c", "fiches", "-c", "selections", "-c", "set timing off", "-c", "fiches"],
      cwd: dir)
    XCTAssertEqual(timed.status, 0, timed.stderr)
    XCTAssertEqual(timed.stdout, plain.stdout + (try OeshProcess.run(["-w", "ws", "-c", "fiches"], cwd: dir).stdout))
    let lines = timed.stderr.split(separator: "\n")
    XCTAssertEqual(lines.count, 2, "fiches and selections, not the set commands: \(timed.stderr)")
    for line in lines { XCTAssertNotNil(try Regex(#"Durée : \d+(,\d+)? (ms|s)"#).wholeMatch(in: line), String(line)) }
  }

  func testDurationsReadWithThreeFiguresAndTheLanguagesDecimalMark() {
    let fr = Catalogue(.fr), en = Catalogue(.en)
    XCTAssertEqual(Interpreter.duration(1_234_567, fr), "1,23 ms")
    XCTAssertEqual(Interpreter.duration(12_345_678, fr), "12,3 ms")
    XCTAssertEqual(Interpreter.duration(123_456_789, en), "123 ms")
    XCTAssertEqual(Interpreter.duration(2_412_345_678, fr), "2,41 s")
    XCTAssertEqual(Interpreter.duration(2_412_345_678, en), "2.41 s")
  }
}
