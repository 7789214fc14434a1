import Foundation
import XCTest

/// The tmux driver itself, on a two-line sh script: if these fail, the oesh terminal tests mean nothing.
final class TerminalSessionTests: XCTestCase {
  private var home: URL!
  private var session: TerminalSession?

  override func setUpWithError() throws {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("oesh-terminal-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
  }

  override func tearDown() {
    session?.close()
    try? FileManager.default.removeItem(at: home)
  }

  private func startScript(_ name: String, _ script: String) throws -> TerminalSession {
    let session = try TerminalSession(
      name: name, command: ["/bin/sh", "-c", script], home: home, width: 80, height: 12)
    self.session = session
    return session
  }

  func testTypesUTF8ReadsTheScreenAndGetsTheExitStatus() throws {
    let terminal = try startScript("driver-utf8", #"printf 'prêt> '; read line; printf 'lu=%s\n' "$line"; exit 3"#)
    try terminal.waitFor("prêt> ")
    try terminal.type("Hôtel Château «Email à transmettre»")
    try terminal.press("Enter")
    try terminal.waitFor("lu=Hôtel Château «Email à transmettre»")
    XCTAssertEqual(try terminal.waitForExit(), 3)
  }

  func testRunsInTheCleanEnvironmentAndTheFixedSize() throws {
    let terminal = try startScript("driver-env", #"echo "T=$TERM L=$LANG Z=$TZ H=$HOME C=$(tput cols)x$(tput lines)""#)
    try terminal.waitFor(
      line: "^T=xterm-256color L=C.UTF-8 Z=UTC H=\(NSRegularExpression.escapedPattern(for: home.path)) C=80x12$")
    XCTAssertEqual(try terminal.waitForExit(), 0)
  }

  func testAWaitThatIsNotMetFailsWithTheScreen() throws {
    let terminal = try startScript("driver-timeout", "printf 'autre chose'; sleep 30")
    try terminal.waitFor("autre chose")
    XCTAssertThrowsError(try terminal.waitFor("jamais", timeout: 0.3)) { error in
      XCTAssertTrue("\(error)".contains("autre chose"), "the failure shows the screen: \(error)")
    }
    XCTAssertNil(try terminal.exitStatus())
  }

  /// A prompt shown while the terminal still echoes (libedit's, before it reads the first key) is not
  /// yet one to type at: keys typed then are echoed twice, by the terminal and by the line editor.
  func testAPromptIsReadyOnceTheTerminalNoLongerEchoes() throws {
    let terminal = try startScript(
      "driver-raw", #"printf 'tôt> '; read line; stty -echo -icanon; printf 'prêt> '; read line; stty sane"#)
    try terminal.waitForLastLine("tôt>")
    XCTAssertFalse(try terminal.editsALine())
    XCTAssertThrowsError(try terminal.waitForPrompt("tôt> ", timeout: 0.3), "the terminal still echoes")
    try terminal.press("Enter")
    try terminal.waitForPrompt("prêt> ")
    XCTAssertTrue(try terminal.editsALine())
  }
}
