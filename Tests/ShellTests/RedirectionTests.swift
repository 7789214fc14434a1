import Foundation
import XCTest

/// `COMMAND > FILE` and `>> FILE` with the real binary: the results go to the file, in the format its
/// name says unless the command says another; messages and errors stay on standard error.
final class RedirectionTests: XCTestCase {
  private var dir: URL!

  override func setUpWithError() throws {
    dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)
  }

  private func oesh(_ commands: String...) throws -> OeshProcess.Result {
    try OeshProcess.run(["-w", "ws"] + commands.flatMap { ["-c", $0] }, cwd: dir)
  }

  private func file(_ name: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
  }

  func testResultsGoToTheFileInTheFormatItsNameSays() throws {
    let r = try oesh(
      "fiches --no-email > sans-email.csv", "fiches --type HOTELLERIE > hotels.json", "fiches > liste.txt")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "", "nothing on standard output")
    XCTAssertEqual(try file("sans-email.csv"), try oesh("fiches --no-email --format csv").stdout)
    XCTAssertEqual(try file("liste.txt"), try oesh("fiches").stdout, "a table for another name")
    let hotels = try JSONSerialization.jsonObject(with: Data(try file("hotels.json").utf8)) as? [[String: Any]]
    XCTAssertEqual(hotels?.count, 8)
    XCTAssertEqual(Set(hotels?.compactMap { $0["type"] as? String } ?? []), ["HOTELLERIE"])
    // The file's format lasts for its command only; the command's own --format wins.
    let after = try oesh("fiches --type HOTELLERIE --format table > t.csv", "selections > s.json", "selections")
    let table = try file("t.csv"), json = try file("s.json")
    XCTAssertTrue(table.hasPrefix("     Id  Nom"), table)
    XCTAssertTrue(json.hasPrefix("[{\"id\": 49001"), json)
    XCTAssertTrue(after.stdout.hasPrefix("   Id  Nom"), after.stdout)
  }

  func testAppendingAndEchoKeepTheCommandOnTheTerminal() throws {
    let r = try OeshProcess.run(
      [
        "-w", "ws", "--echo", "-c", "echo un > notes.txt; echo deux >> notes.txt", "-c",
        "echo 'trois > quatre' >>notes.txt",
      ],
      cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try file("notes.txt"), "un\ndeux\ntrois > quatre\n")
    XCTAssertEqual(
      r.stdout,
      "oesh:ws> echo un > notes.txt\noesh:ws> echo deux >> notes.txt\noesh:ws> echo \"trois > quatre\" >> notes.txt\n")
  }

  func testAScriptsOwnRedirectionGivesBackTheOuterFile() throws {
    try "echo un\necho deux > dedans.txt\necho trois\n".write(
      to: dir.appendingPathComponent("imbrique.oesh"), atomically: true, encoding: .utf8)
    let r = try oesh("source imbrique.oesh > dehors.txt", "echo quatre")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try file("dehors.txt"), "un\ntrois\n")
    XCTAssertEqual(try file("dedans.txt"), "deux\n")
    XCTAssertEqual(r.stdout, "quatre\n", "then standard output again")
  }

  func testAFileThatCannotBeWrittenStopsTheLineAndABadRedirectionIsAUsageError() throws {
    let missing = try oesh("fiches > absent/x.csv; echo après")
    XCTAssertEqual(missing.status, 1)
    XCTAssertEqual(missing.stdout, "", "the rest of the line is not run")
    XCTAssertEqual(missing.stderr, "-c:1: impossible d'écrire dans absent/x.csv : son dossier n'existe pas\n")
    let folder = try oesh("fiches > ws")
    XCTAssertEqual(folder.stderr, "-c:1: impossible d'écrire dans ws : c'est un dossier\n")
    for (line, message) in [
      ("fiches >", "« > » sans fichier après (colonne 8)"), ("> x.txt", "« > » sans commande avant (colonne 1)"),
      ("fiches > a > b", "une seule redirection « > » par commande (colonne 12)"),
    ] {
      let r = try oesh(line)
      XCTAssertEqual(r.status, 2, line)
      XCTAssertEqual(r.stderr, "-c:1: \(message)\n", line)
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.txt").path))
    // The workspace's own files are never overwritten by results.
    let state = try Data(contentsOf: dir.appendingPathComponent("ws/state.sqlite"))
    for (target, kept) in [
      ("ws/state.sqlite", "state.sqlite"), ("ws/./oesh.toml", "oesh.toml"), ("ws/state.sqlite-wal", "state.sqlite-wal"),
      ("ws/snapshots/x.zip", "snapshots/"), ("ws/outbox/a.eml", "outbox/"),
    ] {
      let r = try oesh("fiches >> \(target)")
      XCTAssertEqual(r.status, 1, target)
      XCTAssertEqual(
        r.stderr,
        "-c:1: impossible d'écrire dans \(target) : \(kept) appartient à l'espace de travail, oesh n'y écrit pas de résultats\n"
      )
    }
    XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("ws/state.sqlite")), state)
    XCTAssertEqual(try oesh("echo ok > ws/scripts/note.oesh").status, 0, "a script may be written")
    // A failing command still gets its file, emptied, as in sh; its error goes to standard error.
    let failed = try oesh("fiche 42 > fiche.txt")
    XCTAssertEqual(failed.status, 1)
    XCTAssertEqual(try file("fiche.txt"), "")
    XCTAssertTrue(failed.stderr.contains("42"), failed.stderr)
  }
}
