import Foundation
import XCTest

@testable import Shell

/// Script files (`-f`, `source`, the start-up file) as editors leave them: a script written on Windows
/// ends its lines with CRLF, an old Mac one with a lone CR.
final class ScriptFileTests: XCTestCase {
  func testEveryLineEndingEndsALine() {
    XCTAssertEqual(Interpreter.lines(of: "a\nb\r\nc\rd"), ["a", "b", "c", "d"])
    XCTAssertEqual(Interpreter.lines(of: "a\r\n\r\nb\r\n"), ["a", "", "b", ""])
    XCTAssertEqual(Interpreter.lines(of: "« é »\r\n"), ["« é »", ""])
  }

  func testAScriptWithWindowsLineEndingsRunsLineByLine() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)
    try Data("echo crlf\r\nfiches --type HOTELLERIE --format csv\r\nbogus\r\necho jamais\r\n".utf8).write(
      to: dir.appendingPathComponent("windows.oesh"))
    let hotels = try OeshProcess.run(["-w", "ws", "-c", "fiches --type HOTELLERIE --format csv"], cwd: dir)
    XCTAssertEqual(hotels.status, 0, hotels.stderr)
    for arguments in [["-f", "windows.oesh"], ["-c", "source windows.oesh"]] {
      let r = try OeshProcess.run(["-w", "ws"] + arguments, cwd: dir)
      XCTAssertEqual(r.stdout, "crlf\n" + hotels.stdout, "\(arguments)")
      XCTAssertTrue(r.stderr.hasPrefix("windows.oesh:3: commande inconnue « bogus »"), r.stderr)
      XCTAssertEqual(r.status, 2, "\(arguments)")
    }
    try Data("echo un\recho deux \\\r  trois\r".utf8).write(to: dir.appendingPathComponent("mac.oesh"))
    let mac = try OeshProcess.run(["-w", "ws", "-f", "mac.oesh"], cwd: dir)
    XCTAssertEqual(mac.stdout, "un\ndeux trois\n", mac.stderr)
  }
}
