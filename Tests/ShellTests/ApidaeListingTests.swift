import Foundation
import XCTest

/// The Apidae side's listings in CSV, on the demo: the data as a file would want it, with the columns of
/// `apidae fiches`.
final class ApidaeListingTests: XCTestCase {
  private var dir: URL!

  override func setUpWithError() throws {
    dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)
  }

  private func oesh(_ commands: String...) throws -> OeshProcess.Result {
    try OeshProcess.run(["-w", "ws"] + commands.flatMap { ["-c", $0] }, cwd: dir)
  }

  /// A fiche without e-mail has an empty field, as in `fiches --format csv`: the table's «— pas d'e-mail»
  /// is the table's (it came when the session's format was the table's, whatever `--format` said).
  func testAFicheWithoutEMailHasAnEmptyFieldInCSV() throws {
    let r = try oesh("apidae fiches --format csv")
    XCTAssertEqual(r.status, 0, r.stderr)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "fiche_id,name,type,commune,email,state,pending")
    XCTAssertTrue(
      lines.contains("5100011,Appartement Les Aiguilles,HEBERGEMENT_LOCATIF,Valmeinier,,PUBLISHED,non"), r.stdout)
    XCTAssertFalse(r.stdout.contains("e-mail"), r.stdout)
    XCTAssertTrue(try oesh("apidae fiches").stdout.contains("— pas d'e-mail"), "the table says it")
  }
}
