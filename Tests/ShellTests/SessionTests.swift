import Foundation
import XCTest

@testable import Shell

final class SessionTests: XCTestCase {
  func testColoursFollowTheSettingAndNeverReachAPipe() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    // Under the test runner standard output is a pipe: `auto` means no colour.
    XCTAssertFalse(session.colorEnabled)
    XCTAssertEqual(session.styled("x", .red), "x")
    session.settings.color = .on
    XCTAssertEqual(session.styled("x", .red), "\u{1b}[31mx\u{1b}[0m")
    session.settings.color = .off
    XCTAssertEqual(session.styled("x", .red), "x")
  }

  func testNoColorAndNoColorFlagWinInTheRealBinary() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["init", "ws"], cwd: dir).status, 0)
    // Even forced through `set color auto`, a pipe gets no escape sequence; --no-color overrides `set`.
    let r = try OeshProcess.run(["-w", "ws", "--no-color", "-c", "help"], cwd: dir, env: ["NO_COLOR": ""])
    XCTAssertFalse(r.stdout.contains("\u{1b}["), r.stdout)
  }

  func testConfirmationWithoutTerminalIsNo() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    XCTAssertFalse(session.confirm("Écrire ?"))
    session.confirmation = { _ in true }
    XCTAssertTrue(session.confirm("Écrire ?"))
  }
}
