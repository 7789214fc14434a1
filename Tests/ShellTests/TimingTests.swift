import Foundation
import XCTest

@testable import Shell

/// `set timing on`: how long each command took, on standard error, results unchanged.
final class TimingTests: XCTestCase {
  func testEachCommandIsTimedOnStandardErrorOnly() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
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

/// `~/.oeshrc` is for people at a terminal: scripts never read it, so that they do the same everywhere.
final class StartupFileTests: XCTestCase {
  func testScriptsDoNotReadTheStartUpFile() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let home = dir.appendingPathComponent(".home")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    try "set format json\necho lu\n".write(
      to: home.appendingPathComponent(".oeshrc"), atomically: true, encoding: .utf8)
    try "set format csv\n".write(to: dir.appendingPathComponent("rc"), atomically: true, encoding: .utf8)
    for env in [[:], ["OESH_RC": dir.appendingPathComponent("rc").path]] {
      let r = try OeshProcess.run(["-w", "ws", "-c", "selections"], cwd: dir, env: env)
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(r.stdout.hasPrefix("   Id  Nom"), "a table, as without the file: \(r.stdout)")
      let piped = try OeshProcess.run(["-w", "ws"], cwd: dir, stdin: "selections\n", env: env)
      XCTAssertTrue(piped.stdout.hasPrefix("   Id  Nom"), piped.stdout)
    }
  }
}
