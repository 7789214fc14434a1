import Foundation
import StoryFixtures
import XCTest

/// The real `oesh` binary in a real terminal (tmux), with real libedit: what a person at the keyboard sees.
///
/// Needs `.build/debug/oesh` (built by `swift build`, or scripts/test) and tmux; fails, never skips,
/// when either is missing.
final class InteractiveShellTests: XCTestCase {
  private static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  private static let oesh = repositoryRoot.appendingPathComponent(".build/debug/oesh")
  /// Real Apidae export data, kept as is in `Tests/Data/apidae/hotentic`.
  private static let hotentic = repositoryRoot.appendingPathComponent("Tests/Data/apidae/hotentic")

  private let prompt = "oesh:atelier> "
  private var directory: URL!
  private var home: URL!
  private var workspace: URL!
  private var sessions: [TerminalSession] = []

  override func setUpWithError() throws {
    guard FileManager.default.isExecutableFile(atPath: Self.oesh.path) else {
      throw TerminalSession.Failure(
        description: "\(Self.oesh.path) is missing: build it first (swift build --product oesh, or scripts/test)")
    }
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("oesh-terminal-\(UUID().uuidString)")
    home = directory.appendingPathComponent("home")
    workspace = directory.appendingPathComponent("atelier")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    try runOesh(["init", workspace.path])
  }

  override func tearDown() {
    for session in sessions { session.close() }
    sessions = []
    if let directory { try? FileManager.default.removeItem(at: directory) }
  }

  // MARK: Completion

  func testTabCompletesACommandNameAndAddsASpace() throws {
    let shell = try startShell()
    try shell.type("ech")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "echo")
    try shell.type("complété")
    try shell.waitForLastLine(prompt + "echo complété")
    try shell.press("Enter")
    try shell.waitFor(line: "^complété$")
  }

  func testTabListsTheCommandNamesInColumnsUnderTheLineThenCompletesOne() throws {
    let shell = try startShell()
    try shell.type("help ")
    try shell.press("Tab")
    // Listed in columns, top to bottom then left to right, between the line and its redisplay.
    let listing = try shell.waitUntil("the command names listed under the line") { screen in
      let lines = screen.split(separator: "\n")
      guard let first = lines.firstIndex(of: Substring(self.prompt + "help")),
        lines.last == Substring(self.prompt + "help")
      else { return false }
      let names = lines[(first + 1)...].dropLast().flatMap { $0.split(separator: " ") }
      return ["help", "quit", "echo", "history", "source"].allSatisfy(names.contains)
    }
    let rows = listing.split(separator: "\n").drop { $0 != Substring(prompt + "help") }.dropFirst().dropLast()
    XCTAssertGreaterThan(rows.count, 1, "more names than fit on one line of 120 columns")
    let starts = rows.map(wordStarts)
    for row in starts.dropFirst() {
      XCTAssertEqual(
        row, Array(starts[0].prefix(row.count)), "names aligned in columns:\n\(rows.joined(separator: "\n"))")
    }
    try shell.type("qu")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "help quit")
    try shell.press("Enter")
    try shell.waitFor(line: "exit, quitter")
  }

  func testTabCompletesAnAccentedArgument() throws {
    let scripts = workspace.appendingPathComponent("scripts")
    for name in ["Échéancier.oesh", "Château.oesh", "Châtellerault-Fêtes.oesh"] {
      try "echo \(name)\n".write(to: scripts.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let shell = try startShell()
    try shell.type("source Éch")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "source Échéancier.oesh")
    try shell.press("Enter")
    try shell.waitFor(line: "^Échéancier.oesh$")
    // Two candidates: their common prefix, accent included, then the list aligned by display width.
    try shell.waitForPrompt(prompt)
    try shell.type("source Ch")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "source Châte")
    try shell.press("Tab")
    // 12 columns for Château.oesh, 24 for the other: 14 spaces (by bytes it would be 15).
    try shell.waitFor(line: "^Château\\.oesh {14}Châtellerault-Fêtes\\.oesh$")
    try shell.waitForLastLine(prompt + "source Châte")
  }

  func testTabCompletesAQuotedSelectionNameWithAnAccentFromLowerCase() throws {
    let shell = try startShellOnTheRealExport()
    try shell.type("selection sé")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "selection \"Sélection")
    try shell.press("Tab")
    try shell.waitFor(line: "^\"Sélection 1\"  \"Sélection 2\"$")
    try shell.type("2")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "selection \"Sélection 2\"")
    try shell.press("Enter")
    try shell.waitFor("4833997")
  }

  /// TAB with the cursor inside a line wider than the terminal lists under the whole line, which stays
  /// above the list as it was: the list was written from the cursor's row, over the line's second row.
  func testTabInsideALongLineListsUnderTheWholeLine() throws {
    let shell = try startShell(width: 40)
    let line = "h une ligne assez longue pour passer à la ligne suivante"
    try shell.type(line)
    try shell.press("Home", "Right")
    try shell.waitUntil("the cursor after «h»") { _ in try shell.cursor().column == prompt.count + 1 }
    try shell.press("Tab")
    try shell.waitFor(line: "^history +horloge$")
    let screen = try shell.waitUntil("the whole line above the list and under it") { screen in
      screen.split(separator: "\n").filter { $0 == prompt + line }.count == 2
    }
    XCTAssertFalse(screen.split(separator: "\n").contains { $0.hasSuffix("suivante") && $0 != prompt + line }, screen)
  }

  func testTabFindsAFicheIdByAPartOfItsNameAndListsIdsWithNames() throws {
    let shell = try startShellOnTheRealExport()
    // Every name holds an «e»: listed with their ids, and what is typed stays, though the ids have a
    // common beginning («48») longer than it.
    try shell.type("fiche e")
    try shell.press("Tab")
    try shell.waitFor(line: "4828422 Ex Anima - Théâtre équestre Zingaro")
    try shell.waitFor(line: "4833997 Les Spécimens - Spectacle familial")
    try shell.waitForLastLine(prompt + "fiche e")
    try shell.press("BSpace")
    try shell.type("Théâ")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "fiche 4828422")
    try shell.press("Enter")
    try shell.waitFor("Zingaro")
  }

  /// On the demo's 60-odd fiches, TAB after `fiche ` lists what a screen holds, then «…».
  func testTabListsAtMostSixtyFichesThenAnEllipsis() throws {
    workspace = directory.appendingPathComponent("démo/atelier")
    try FileManager.default.createDirectory(
      at: workspace.deletingLastPathComponent(), withIntermediateDirectories: true)
    try runOesh(["demo", workspace.path])
    let shell = try startShell()
    try shell.type("fiche ")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "fiche 51000")  // their ids' common beginning, then the list
    try shell.press("Tab")
    // The whole listing is drawn once the line is drawn again under it.
    let screen = try shell.waitUntil("the listing, then the line again") { screen in
      let lines = screen.split(separator: "\n")
      return lines.contains { $0.split(separator: " ").contains("…") }
        && lines.last { !$0.isEmpty } == Substring(self.prompt + "fiche 51000")
        && lines.filter { $0 == Substring(self.prompt + "fiche 51000") }.count == 2
    }
    let ids = screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0.count == 7 && Int($0) != nil }
    XCTAssertEqual(ids.count, 60, screen)
  }

  /// On a terminal of 24 lines, where the demo's fiches go one a line, TAB lists what the screen holds
  /// under the line, then «…»: its 60 pushed the line typed off the top of the screen.
  func testTabListsNoMoreFichesThanTheScreenHolds() throws {
    let (screen, listed, rows) = try demoFichesListedByTab(width: 60, height: 24)
    XCTAssertLessThanOrEqual(rows, 24, "the line typed is still on the screen:\n\(screen)")
    XCTAssertEqual(listed.filter { $0 == "…" }.count, 1, screen)
    XCTAssertGreaterThan(listed.filter { $0.hasPrefix("51000") }.count, 10, screen)
  }

  /// On a narrow terminal a fiche's label wraps onto two lines: the list counts the lines it takes on the
  /// screen, not its labels, and the line typed stays above it (22 labels took 30 lines of 24).
  func testTabListsNoMoreThanTheScreenHoldsWhenLabelsWrap() throws {
    let (screen, listed, rows) = try demoFichesListedByTab(width: 30, height: 24)
    XCTAssertLessThanOrEqual(rows, 24, "the line typed is still on the screen:\n\(screen)")
    XCTAssertEqual(listed.filter { $0 == "…" }.count, 1, screen)
    XCTAssertGreaterThan(listed.filter { $0.hasPrefix("51000") }.count, 5, screen)
  }

  /// «fiche » TAB TAB on the demo at that size: the screen, its lines from the line typed on (the list and
  /// the line again), and how many lines of the terminal they take, a label as many as it wraps onto (the
  /// screen's lines are joined).
  private func demoFichesListedByTab(
    width: Int, height: Int, function: String = #function
  ) throws -> (String, ArraySlice<Substring>, Int) {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let shell = try startShell(width: width, height: height, function: function)
    try shell.type("fiche ")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "fiche 51000")
    try shell.press("Tab")
    let screen = try shell.waitUntil("the listing, then the line again") { screen in
      let lines = screen.split(separator: "\n")
      return lines.filter { $0 == Substring(self.prompt + "fiche 51000") }.count == 2
    }
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    let typed = try XCTUnwrap(lines.firstIndex(of: Substring(prompt + "fiche 51000")), screen)
    let listed = ArraySlice(lines[typed...].reversed().drop { $0.isEmpty }.reversed())
    let rows = listed.reduce(0) { $0 + max(1, ($1.count + width - 1) / width) }
    return (screen, listed, rows)
  }

  /// A second TAB proposes nothing where the command takes nothing more: the line stays as it is (what
  /// is typed after it follows the first TAB's completion).
  func testASecondTabAddsNothingAfterTheOneArgumentACommandTakes() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let shell = try startShell()
    try shell.type("fiche sétaz")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "fiche 5100002")
    try shell.press("Tab")
    try shell.type("x")
    try shell.waitForLastLine(prompt + "fiche 5100002 x")
    try shell.press("C-u")
    try shell.type("open campaign ")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "open campaign \"Mise à jour 2027\"")
    try shell.press("Tab")
    try shell.type("#")
    try shell.waitForLastLine(prompt + "open campaign \"Mise à jour 2027\" #")
  }

  /// A shell on the workspace with the real export synced.
  private func startShellOnTheRealExport(function: String = #function) throws -> TerminalSession {
    try FileManager.default.copyItem(
      at: Self.hotentic.appendingPathComponent("json_export.zip"),
      to: workspace.appendingPathComponent("snapshots/3126_20190215-0156_H8zWaD.zip"))
    try runOesh(["--workspace", workspace.path, "-c", "sync"])
    return try startShell(function: function)
  }

  // MARK: Output

  /// A name carrying an escape sequence and a line break reaches the terminal escaped, in a table and
  /// in CSV (DESIGN.md §6), and not through the CSV written for files and pipes.
  func testEscapeSequencesFromAnExportAreShownEscapedInEveryFormat() throws {
    try writeFolderExport(
      "Evil01",
      objects: #"[{"id": 77, "type": "HOTELLERIE", "nom": {"libelleFr": "Chez \u001b[31mBob\r\nBcc: x@example.org"}}]"#)
    let shell = try startShell()
    try enter("sync", in: shell, expecting: "^Import de 1234_20240101-0200_Evil01 .*")
    let escaped = NSRegularExpression.escapedPattern(for: #"Chez \e[31mBob\r\nBcc: x@example.org"#)
    try enter("fiches --format csv", in: shell, expecting: "^77," + escaped + ",HOTELLERIE,,,PUBLISHED,,7$")
    try enter("fiches", in: shell, expecting: "^ *77 +" + escaped + " +HOTELLERIE .*")
    // Piped, the CSV keeps the data as it is, the field quoted over its line break.
    let process = Process()
    process.executableURL = Self.oesh
    process.arguments = ["--workspace", workspace.path, "-c", "fiches --format csv"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    XCTAssertEqual(
      String(decoding: output, as: UTF8.self),
      "fiche_id,name,type,commune,email,state,owner,selections\n"
        + "77,\"Chez \u{1b}[31mBob\r\nBcc: x@example.org\",HOTELLERIE,,,PUBLISHED,,7\n")
  }

  /// The bidirectional controls of an export (U+202E turns the rest of a line around) reach the terminal
  /// escaped: in JSON the JSON way (`\u202e`, the text still JSON), in TAB's list of fiches as `?`.
  func testBidirectionalControlsFromAnExportAreEscapedInJSONAndInCompletionLists() throws {
    try writeFolderExport(
      "Bidi01",
      objects: #"""
        [{"id": 77, "type": "HOTELLERIE", "nom": {"libelleFr": "Bidi \u202eevil"},
          "gestion": {"membreProprietaire": {"id": 1, "nom": "Owner \u2066x\u2069"}}},
         {"id": 78, "type": "HOTELLERIE", "nom": {"libelleFr": "Bidi \u200fdeux"}}]
        """#,
      selections:
        #"[{"id": 7, "nom": "Tout", "objetsTouristiques": [{"type": "HOTELLERIE", "id": 77}, {"type": "HOTELLERIE", "id": 78}]}]"#
    )
    let shell = try startShell()
    try enter("sync", in: shell, expecting: "^Import de 1234_20240101-0200_Bidi01 .*")
    try enter(
      "fiches --search evil --format json", in: shell,
      expecting: "^" + NSRegularExpression.escapedPattern(for: #"[{"fiche_id": 77, "name": "Bidi \u202eevil""#)
        + ".*" + NSRegularExpression.escapedPattern(for: #""owner": "Owner \u2066x\u2069""#) + ".*")
    try shell.type("why bidi")
    try shell.press("Tab")
    try shell.waitFor(line: "^78 Bidi \\?deux +77 Bidi \\?evil *$")
  }

  /// A sélection named with an escape sequence, a line break, U+0085, U+202E and a zero-width space: TAB
  /// inserts it `$'…'`-quoted, as bash and zsh do, so that the line stays one line and shows no raw
  /// control, and Enter finds the sélection; two TABs list the names in the same form. It was inserted
  /// raw between double quotes: libedit drew the line broken over two rows at its `\r\n`.
  func testTabInsertsASelectionNameHoldingControlsEscapedAndItRuns() throws {
    try writeFolderExport(
      "Evil01",
      objects:
        #"[{"id": 77, "type": "HOTELLERIE", "nom": {"libelleFr": "Red"}}, {"id": 78, "type": "HOTELLERIE", "nom": {"libelleFr": "Blue"}}]"#,
      selections: #"""
        [{"id": 10, "nom": "Rouge \u001b[31mX\u001b]0;pwned\u0007\u001b[2J", "objetsTouristiques": [{"type": "HOTELLERIE", "id": 77}]},
         {"id": 11, "nom": "Ligne\r\nBcc \u0085 \u202eevil \u200bz", "objetsTouristiques": [{"type": "HOTELLERIE", "id": 78}]}]
        """#)
    let shell = try startShell()
    try enter("sync", in: shell, expecting: "^Import de 1234_20240101-0200_Evil01 .*")
    try shell.type("selection ")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "selection $'")  // the names' common beginning
    try shell.press("Tab")
    try shell.waitFor(
      line: #"^\$'Ligne\\r\\nBcc \\u0085 \\u202Eevil \\u200Bz' +\$'Rouge \\e\[31mX\\e\]0;pwned\\a\\e\[2J'$"#)
    try shell.waitForLastLine(prompt + "selection $'")
    try shell.type("lig")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + #"selection $'Ligne\r\nBcc \u0085 \u202Eevil \u200Bz'"#)
    try shell.press("Enter")
    try shell.waitFor(line: "^78 +Blue +HOTELLERIE .*")
    try shell.waitForPrompt(prompt)
    try shell.type("selection rou")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + #"selection $'Rouge \e[31mX\e]0;pwned\a\e[2J'"#)
    try shell.press("Enter")
    let screen = try shell.waitFor(line: "^77 +Red +HOTELLERIE .*")
    XCTAssertTrue(screen.hasPrefix("oesh "), "the screen was never cleared:\n\(screen)")
    XCTAssertNotEqual(try shell.title(), "pwned", "the export never set the window's title")
  }

  /// `fiche ID --raw` at a terminal: the export's control characters escaped the JSON way, so that what
  /// shows is still JSON (they were shown `\u{7f}`, which no JSON reader takes).
  func testRawJSONAtTheTerminalIsEscapedAsJSON() throws {
    try writeFolderExport(
      "Evil01",
      objects: "[{\"id\": 77, \"type\": \"HOTELLERIE\", \"nom\": {\"libelleFr\": \"A\u{7f}B\u{2028}C\u{9b}D\"}}]")
    let shell = try startShell()
    try enter("sync", in: shell, expecting: "^Import de 1234_20240101-0200_Evil01 .*")
    let escaped = NSRegularExpression.escapedPattern(for: #""libelleFr": "A\u007fB\u2028C\u009bD"}}"#)
    try enter("fiche 77 --raw", in: shell, expecting: "^\\{\"id\": 77, .*" + escaped + "$")
  }

  /// At a terminal, `> FILE` writes what a pipe would get: no colour, no width limit, no pager; TAB
  /// after `>` proposes files.
  func testRedirectedResultsAreThoseOfAPipeAndTabProposesFiles() throws {
    try Data().write(to: directory.appendingPathComponent("aide.txt"))
    let shell = try startShell()
    // `help` is longer than the 40 rows: shown, it would go through the pager.
    try shell.type("set pager 'cat >> pager-was-run.txt'")
    try shell.press("Enter")
    try shell.waitForPrompt(prompt)
    try shell.type("help > ai")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "help > aide.txt")
    try shell.press("Enter")
    try shell.waitUntil("the prompt back, nothing shown") { screen in
      screen.split(separator: "\n").filter { !$0.isEmpty }.suffix(2) == [
        "oesh:atelier> help > aide.txt", "oesh:atelier>",
      ]
    }
    let file = try String(contentsOf: directory.appendingPathComponent("aide.txt"), encoding: .utf8)
    let process = Process()
    process.executableURL = Self.oesh
    process.arguments = ["--workspace", workspace.path, "-c", "help"]
    process.environment = ["LANG": "C.UTF-8", "HOME": home.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let piped = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(file, piped)
    XCTAssertGreaterThan(file.split(separator: "\n").count, 40)
    XCTAssertFalse(file.contains("\u{1b}"), "no colour")
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("pager-was-run.txt").path))
  }

  /// `import` goes into a folder whose name holds a space, TAB after TAB, as into any folder: the folder
  /// is inserted quoted and the cursor stays against it. A space came after its closing quote, so the
  /// next TAB began another word, proposed nothing, and the files inside were never reached.
  func testTabGoesIntoAFolderWhoseNameHoldsASpace() throws {
    let folder = directory.appendingPathComponent("Mes exports")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("Été 2025"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Self.hotentic.appendingPathComponent("json_export.zip"),
      to: folder.appendingPathComponent("export d'été.zip"))
    let shell = try startShell()
    try shell.type("import mes")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "import \"Mes exports/\"")
    XCTAssertEqual(try shell.cursor().column, (prompt + "import \"Mes exports/\"").count, "no space after it")
    try shell.press("Tab")
    try shell.waitFor(line: "^\"Mes exports/export d'été\\.zip\" +\"Mes exports/Été 2025/\"$")
    try shell.type("exp")
    try shell.press("Tab")
    try shell.waitForLastLine(prompt + "import \"Mes exports/export d'été.zip\"")
    try shell.press("Enter")
    try shell.waitFor("le nom « export d'été.zip » ne suit pas le modèle Apidae")
  }

  /// At 50 columns, `snapshots` cannot show its export names and dates whole in a table: one block per
  /// export, every line within the terminal, nothing cut (the table cut them all to «4242_20…»).
  func testATableTooWideForTheTerminalIsShownAsRecords() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let shell = try startShell(width: 50)
    let screen = try enter("snapshots", in: shell, expecting: #"^Export +4242_20270219-0200_\w{6}$"#)
    let output = screen.components(separatedBy: prompt + "snapshots\n").last ?? ""
    var lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    while lines.last?.isEmpty == true { lines.removeLast() }
    XCTAssertEqual(lines.filter { $0.hasPrefix("Export ") }.count, 2, screen)
    XCTAssertTrue(lines.contains("Date        2027-02-15 02:00"), screen)
    XCTAssertTrue(lines.contains("Importé le  2027-02-19 08:00"), screen)
    XCTAssertTrue(lines.contains(""), "blocks apart by an empty line:\n\(screen)")
    XCTAssertFalse(output.contains("…"), screen)
    // The screen's logical lines: a row wider than the terminal would be one line of more than 50.
    for line in lines { XCTAssertLessThanOrEqual(line.count, 50, "«\(line)»") }
  }

  /// A campaign's title is what staff click in Open Edit: its five status columns left it «Mise à j…»
  /// at 120 columns, a long one «Mise à jour des…» at 150; it is never cut, the table giving way to
  /// records when it cannot fit.
  func testACampaignsTitleIsNeverCut() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    try runOesh([
      "--workspace", workspace.path, "-c",
      "new campaign \"Mise à jour des hébergements et des restaurants, printemps 2027\" --selection 49001 --selection 49002",
    ])
    let shell = try startShell(width: 150)
    let screen = try enter(
      "campaigns", in: shell, expecting: #"^.*Mise à jour des hébergements et des restaurants, printemps 2027.*$"#)
    XCTAssertFalse(screen.contains("…"), screen)
  }

  /// `clear` empties the screen, as in a shell (Ctrl-L at the prompt does the same).
  func testClearEmptiesTheScreen() throws {
    let shell = try startShell()
    try enter("echo avant le clear", in: shell, expecting: "avant le clear")
    try shell.type("clear")
    try shell.press("Enter")
    // tmux keeps what was on the screen in its scrollback: the prompt at the top row tells the clearing.
    try shell.waitUntil("the prompt at the top of the screen") { screen in
      let row = try shell.cursor().row
      let last = screen.split(separator: "\n").last { !$0.isEmpty }
      return last.map(String.init) == prompt.trimmingCharacters(in: .whitespaces) && row == 0
    }
  }

  /// Prose is broken between words at the terminal's width (`why`, the tutorial, messages): the terminal
  /// cut words in two where it wrapped them («pas d'e-ma» / «il»).
  func testProseIsBrokenBetweenWordsAtTheTerminalsWidth() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let shell = try startShell(width: 60)
    let demoPrompt = "oesh:atelier[Mise à jour 2027]> "
    try shell.type("open campaign 1")
    try shell.press("Enter")
    try shell.waitForLastLine(demoPrompt)
    try shell.type("why 5100005")
    try shell.press("Enter")
    let screen = try shell.waitFor(line: #"^calcul exceptionnel\) et « sync »\.$|^.*« sync »\.$"#)
    let lines = screen.split(separator: "\n").map(String.init)
    for line in lines { XCTAssertLessThanOrEqual(line.count, 60, "«\(line)»") }
    XCTAssertTrue(lines.contains { $0.contains("d'e-mail") }, screen)
    XCTAssertTrue(lines.contains { $0.hasPrefix("« Email à transmettre », 5 « Email transmis ».") }, screen)
    // A sync's note on the campaigns it leaves needing actualiser, too.
    try runOesh(["--workspace", workspace.path, "-c", "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR"])
    try shell.type("nuit")
    try shell.press("Enter")
    let night = try shell.waitFor(line: #"^.*campagnes\)\.$"#)
    let report = night.components(separatedBy: demoPrompt + "nuit").last ?? ""
    for line in report.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 60, "«\(line)»") }
    // An item of the report's lists goes on under a deeper indent.
    XCTAssertTrue(report.contains("\n  sélection 49001 « Hébergements » : +5 (5100020 Camping de"), report)
    XCTAssertTrue(report.split(separator: "\n").contains { $0.hasPrefix("    51000") }, report)
    // actualiser's report, the same.
    try shell.type("actualiser")
    try shell.press("Enter")
    let after = try shell.waitFor(line: #"^Audience : 24 offres.*$"#)
    let actualised = after.components(separatedBy: demoPrompt + "actualiser").last ?? ""
    XCTAssertTrue(actualised.contains("5100020"), actualised)
    for line in actualised.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 60, "«\(line)»") }
  }

  /// `help`, the list and a command's, is broken between words at the terminal's width, a description
  /// going on under itself as `oesh --help` lays it out: at 60 and 40 columns the terminal cut words in
  /// two («La liste des comman» / «des, ou l'aide…», «Les fiches don» / «t envoyer…»).
  func testHelpIsBrokenBetweenWordsAtTheTerminalsWidth() throws {
    for width in [60, 40] {
      let shell = try startShell(width: width)
      try enter("set pager off", in: shell, expecting: prompt + "set pager off", waitingForPrompt: false)
      try shell.waitForPrompt(prompt)
      for command in ["help", "help send", "help new campaign", "help campaign"] {
        try shell.type(command)
        try shell.press("Enter")
        let screen = try shell.waitUntil("\(command)'s help and the prompt") {
          $0.contains(self.prompt + command + "\n") && $0.split(separator: "\n").last == "oesh:atelier>"
        }
        try shell.waitForPrompt(prompt)  // before the next command is typed
        let help = screen.components(separatedBy: prompt + command + "\n").last ?? ""
        for line in help.split(separator: "\n") {
          XCTAssertLessThanOrEqual(line.count, width, "\(command) at \(width) columns: «\(line)»")
        }
        // The descriptions of the list hang under their column.
        if command == "help" {
          XCTAssertTrue(help.contains("\n  help               Liste les"), help)
          let hang = String(repeating: " ", count: 21)
          let entry = (help.components(separatedBy: "\n  help               ").last ?? "")
            .components(separatedBy: "\n  quit")[0].split(separator: "\n")
          XCTAssertGreaterThan(entry.count, 1, help)
          for line in entry.dropFirst() { XCTAssertTrue(line.hasPrefix(hang) && !line.hasPrefix(hang + " "), help) }
          XCTAssertTrue(entry.last?.hasSuffix("commande.") == true, help)
        }
      }
    }
  }

  /// What new campaign, campaign show, audience's note under its table and import say is prose: at 60
  /// and 40 columns the terminal cut their words («19 f» / «iche(s)», ««Email à tran» / «smettre»»,
  /// «Copié dans snapshots/ : 4242_20270301-02» / «00_…»).
  func testCampaignAndImportMessagesAreBrokenBetweenWords() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let delivered = try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/snapshots")
      .filter { $0.hasSuffix(".zip") }.sorted()
    for (width, day) in [(60, "01"), (40, "02")] {
      let export = directory.appendingPathComponent("4242_202703\(day)-0200_Nv7Kq\(day).zip")
      try FileManager.default.copyItem(
        atPath: workspace.path + "/snapshots/" + delivered.last!, toPath: export.path)
      let shell = try startShell(width: width)
      try enter("set pager off", in: shell, expecting: prompt + "set pager off", waitingForPrompt: false)
      try shell.waitForPrompt(prompt)
      let demoPrompt = "oesh:atelier[Mise à jour 2027]> "
      let commands = [
        ("new campaign \"Été 2027 des hébergements \(width)\" --selection 49001", prompt),
        ("open campaign 1", demoPrompt), ("campaign show", demoPrompt), ("audience --no-email", demoPrompt),
        ("import " + export.path, demoPrompt),
      ]
      for (command, next) in commands {
        try shell.type(command)
        try shell.press("Enter")
        let screen = try shell.waitUntil("\(command)'s output and the prompt") {
          $0.contains(command + "\n")
            && $0.split(separator: "\n").last.map(String.init) == next.trimmingCharacters(in: .whitespaces)
        }
        let output = screen.components(separatedBy: command + "\n").last ?? ""
        for line in output.split(separator: "\n") {
          XCTAssertLessThanOrEqual(line.count, width, "\(command) at \(width) columns: «\(line)»")
        }
        // An export's name is data: never broken.
        if command.hasPrefix("import") { XCTAssertTrue(output.contains(export.lastPathComponent), output) }
      }
    }
  }

  /// `send --all`'s question is prose before a short prompt line: it was libedit's prompt whole, which a
  /// 60- or 40-column terminal cut in its words («of» / «fre(s)»); answered n it sends nothing, y sends.
  func testSendAllsQuestionIsBrokenBetweenWordsBeforeAShortPrompt() throws {
    let campaignPrompt = "oesh:atelier[Mise à jour 2027]> "
    let question =
      "Écrire 11 e-mails pour « Mise à jour 2027 » (3 autres offres ne peuvent pas l'être, la liste suivra) ? [o/N]"
    for width in [60, 40] {
      try FileManager.default.removeItem(at: workspace)
      try runOesh(["demo", workspace.path])
      let shell = try startShell(width: width)
      try enter("set pager off", in: shell, expecting: prompt + "set pager off", waitingForPrompt: false)
      try shell.waitForPrompt(prompt)
      try shell.type("open campaign 1")
      try shell.press("Enter")
      try shell.waitForLastLine(campaignPrompt)
      for (round, answer) in ["n", "y"].enumerated() {
        try shell.type("send --all")
        try shell.press("Enter")
        let screen = try shell.waitUntil("the question at \(width) columns") {
          $0.components(separatedBy: campaignPrompt + "send --all\n").count == round + 2
            && $0.split(separator: "\n").last?.hasSuffix("[o/N]") == true
        }
        let asked = (screen.components(separatedBy: campaignPrompt + "send --all\n").last ?? "")
          .split(separator: "\n")
        for line in asked {
          XCTAssertLessThanOrEqual(line.count, width, "at \(width) columns: «\(line)»")
        }
        XCTAssertEqual(asked.joined(separator: " "), question, "at \(width) columns")
        XCTAssertLessThanOrEqual(asked.last?.count ?? width, width - 5, "room for the answer: «\(asked.last ?? "")»")
        try shell.type(answer)
        try shell.press("Enter")
        if answer == "n" {
          try shell.waitFor(line: "^Envoi annulé\\.$")
        } else {
          try shell.waitFor(line: "^Non envoyés \\(3\\) :$")
        }
        try shell.waitForLastLine(campaignPrompt)
      }
      XCTAssertEqual(
        try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/outbox").filter {
          $0.hasSuffix(".eml")
        }.count, 5 + 11, "at \(width) columns")
    }
  }

  /// A fiche's card has its long values going on under their column, as the records of a table: at 60
  /// and 40 columns the terminal cut them («aucun (ni sur la fich» / «e, ni…»); an export's name and an
  /// e-mail, data, stay whole, under the label when the column has no room for them.
  func testAFichesCardIsBrokenBetweenWordsUnderItsValues() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    for width in [60, 40] {
      let shell = try startShell(width: width)
      for fiche in ["5100005", "5100001"] {
        try shell.type("fiche " + fiche)
        try shell.press("Enter")
        let screen = try shell.waitUntil("the card of \(fiche) and the prompt") {
          $0.contains("fiche \(fiche)\n") && $0.split(separator: "\n").last == "oesh:atelier>"
        }
        try shell.waitForPrompt(prompt)  // before the next command is typed
        let card = screen.components(separatedBy: "fiche \(fiche)\n").last ?? ""
        for line in card.split(separator: "\n") {
          XCTAssertLessThanOrEqual(line.count, width, "fiche \(fiche) at \(width) columns: «\(line)»")
        }
        XCTAssertTrue(card.contains("4242_20270215-0200_tVEQ6U"), card)
        if fiche == "5100001" { XCTAssertTrue(card.contains("contact@hotel-galibier.example"), card) }
        if fiche == "5100005" {
          XCTAssertTrue(card.contains("\nE-mail             aucun (ni sur la"), card)
          XCTAssertTrue(
            card.contains("\n                   contact) :") || card.contains("\n                   fiche, ni"), card)
        }
      }
    }
  }

  /// An error is a message on standard error, and broken between words as the others: `send` of an
  /// offre without an address ran across the edge («(à ajouter dans Apidae, puis calcul du proj» / «et…»).
  func testAnErrorIsBrokenBetweenWordsAtTheTerminalsWidth() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let shell = try startShell(width: 60)
    try shell.type("open campaign 1")
    try shell.press("Enter")
    try shell.waitForLastLine("oesh:atelier[Mise à jour 2027]> ")
    try shell.type("send 5100005")
    try shell.press("Enter")
    let screen = try shell.waitFor(line: #"^ajouter dans Apidae, puis calcul du projet et sync\)$"#)
    XCTAssertTrue(screen.contains("\nerreur : rien n'est envoyé — 5100005 : pas d'e-mail (à\n"), screen)
    try shell.waitForLastLine("oesh:atelier[Mise à jour 2027]> ")
  }

  /// What the Apidae side says is prose: its sélection's filter and the changes not exported yet, the
  /// reminder that Open Edit does not know them, a calcul's report, ran across a 60-column terminal's
  /// edge («… HOTELLERIE, HOTELLERI» / «E_PLEIN_AIR», «entrent 5100020 Cam» / «ping de l'Arc»).
  func testTheApidaeSidesReportsAreBrokenBetweenWords() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let shell = try startShell(width: 60)
    try enter("set pager off", in: shell, expecting: prompt + "set pager off", waitingForPrompt: false)
    try shell.waitForPrompt(prompt)
    try shell.type("apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR")
    try shell.press("Enter")
    let edited = try shell.waitFor(line: #"^exceptionnel \(« apidae calcul »\) puis « sync »\.$"#)
    // The report: what follows the typed command's line (which, typed ahead under load, the terminal may
    // also have echoed on a line of its own) up to the table.
    let lines = edited.components(separatedBy: "\n")
    let typed = lines.lastIndex { $0.contains("--add-type HOTELLERIE_PLEIN_AIR") } ?? -1
    let header = lines[(typed + 1)...].joined(separator: "\n").components(separatedBy: "\nId ").first ?? ""
    XCTAssertTrue(edited.contains("\nFiltre : types HEBERGEMENT_COLLECTIF, HEBERGEMENT_LOCATIF,\nHOTELLERIE,"), edited)
    XCTAssertTrue(header.contains("\nentrent 5100020 Camping de l'Arc, 5100021 Camping La\n"), edited)
    for line in header.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 60, "«\(line)»") }
    try shell.waitForPrompt(prompt)
    try shell.type("apidae calcul")
    try shell.press("Enter")
    let calcul = try shell.waitFor(line: "^\\(« sync »\\)\\.$")
    let report = calcul.components(separatedBy: prompt + "apidae calcul").last ?? ""
    XCTAssertTrue(report.hasPrefix("\nApidae : calcul exceptionnel, export\n"), report)
    for line in report.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 60, "«\(line)»") }
  }

  /// The screen of a shell started with `environment`, after an error and an `echo`.
  private func screenAfterAnError(_ environment: [String: String] = [:], function: String = #function) throws
    -> String
  {
    let shell = try startShell(environment: environment, function: function)
    try enter("bogus", in: shell, expecting: "erreur : commande inconnue « bogus ».")
    try enter("echo fini", in: shell, expecting: "fini")
    return try shell.screen(escapes: true)
  }

  private let redError = "\u{1b}[31merreur : commande inconnue"

  /// A dumb terminal (`TERM=dumb`, as Emacs's shell mode) gets no colours, whose escape sequences it
  /// would print as text: an error was red there; in xterm it is.
  func testADumbTerminalGetsNoColours() throws {
    XCTAssertTrue(try screenAfterAnError().contains(redError))
    let dumb = try screenAfterAnError(["TERM": "dumb"])
    XCTAssertFalse(dumb.contains("\u{1b}["), dumb)
  }

  /// `NO_COLOR` set to a text turns colours off; set empty, it does not (no-color.org: «present and not
  /// an empty string»).
  func testNoColorCountsWhenNotEmpty() throws {
    XCTAssertTrue(try screenAfterAnError(["NO_COLOR": ""]).contains(redError))
    let plain = try screenAfterAnError(["NO_COLOR": "1"])
    XCTAssertFalse(plain.contains("\u{1b}[31m"), plain)
  }

  /// Results piped (`oesh | cat`) and messages at the terminal: these are broken at the terminal's
  /// width, not at 80 columns, which ran across a 60-column terminal's edge.
  func testMessagesAreBrokenAtTheTerminalsWidthWhenResultsArePiped() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let shell = try startBash(width: 60)
    try shell.type(
      TerminalSession.shellQuoted(Self.oesh.path) + " -X --workspace " + TerminalSession.shellQuoted(workspace.path)
        + " | cat")
    try shell.press("Enter")
    try shell.waitFor("Ctrl-D pour quitter.")
    try shell.type("why 5100005")
    try shell.press("Enter")
    let screen = try shell.waitFor(line: #"^campaign "Mise à jour 2027" »$"#)
    XCTAssertTrue(
      screen.contains("\nerreur : aucune campagne ouverte : ouvrez-la avec « open\ncampaign \"Mise à jour 2027\" »\n"),
      screen)
    try shell.waitForPrompt(prompt)
    try shell.press("C-d")
    try shell.waitForLastLine("$")
  }

  /// Results piped (`oesh | tee log`), as bash: the prompt and the line typed are written to the terminal
  /// (libedit wrote them into the pipe, and the user saw neither), the results into the pipe alone.
  func testThePromptAndTheLineTypedGoToTheTerminalWhenResultsArePiped() throws {
    let log = directory.appendingPathComponent("log")
    let shell = try startBash()
    try shell.type(
      TerminalSession.shellQuoted(Self.oesh.path) + " -X --workspace " + TerminalSession.shellQuoted(workspace.path)
        + " | tee " + TerminalSession.shellQuoted(log.path))
    try shell.press("Enter")
    try shell.waitFor("Ctrl-D pour quitter.")
    try shell.waitForPrompt(prompt)
    try shell.type("echo hi")
    try shell.waitForLastLine(prompt + "echo hi")
    try shell.press("Enter")
    // tee writes «hi» when it gets it: before the next prompt, after it, or even inside it («ohi» /
    // «esh:atelier>»), as under bash. What follows the line typed is «hi» once and the prompt once.
    let expected = "hi" + prompt.filter { $0 != " " }
    try shell.waitUntil("«hi» and the next prompt") { screen in
      let after = screen.components(separatedBy: self.prompt + "echo hi\n").last ?? ""
      return after.filter { $0 != " " && $0 != "\n" }.count >= expected.count
    }
    let after = try shell.screen().components(separatedBy: prompt + "echo hi\n").last ?? ""
    XCTAssertTrue(
      Self.interleaves("hi", prompt.filter { $0 != " " }, into: after.filter { $0 != " " && $0 != "\n" }), after)
    try shell.waitUntil("libedit reading keys") { _ in try shell.editsALine() }
    try shell.press("C-d")
    try shell.waitForLastLine("$")
    XCTAssertEqual(try String(contentsOf: log, encoding: .utf8), "hi\n")
  }

  /// `send --all` answered no with results piped (`oesh | tee log`): the question and «Envoi annulé.» show
  /// at the terminal, and the log gets neither (it got «Envoi annulé.», a message, as a result).
  func testACancelledSendIsSaidAtTheTerminalAndNotIntoThePipe() throws {
    try FileManager.default.removeItem(at: workspace)
    try runOesh(["demo", workspace.path])
    let log = directory.appendingPathComponent("log")
    let shell = try startBash(width: 60)
    try shell.type(
      TerminalSession.shellQuoted(Self.oesh.path) + " -X --workspace " + TerminalSession.shellQuoted(workspace.path)
        + " | tee " + TerminalSession.shellQuoted(log.path))
    try shell.press("Enter")
    try shell.waitForPrompt(prompt)
    try shell.type("open campaign 1")
    try shell.press("Enter")
    try shell.waitForLastLine("oesh:atelier[Mise à jour 2027]> ")
    try shell.type("send --all")
    try shell.press("Enter")
    try shell.waitUntil("the question, then [o/N]") {
      $0.split(separator: "\n").last { !$0.isEmpty }?.hasSuffix("la liste suivra) ? [o/N]") == true
    }
    try shell.type("n")
    try shell.press("Enter")
    try shell.waitFor(line: "^Envoi annulé\\.$")
    try shell.waitForPrompt("oesh:atelier[Mise à jour 2027]> ")
    try shell.press("C-d")
    try shell.waitForLastLine("$")
    XCTAssertEqual(try String(contentsOf: log, encoding: .utf8), "")
  }

  // MARK: Pruning snapshots/

  /// `snapshots prune` at the keyboard, on the story synced on Wednesday morning, its réinitialisation
  /// imported: it asks first; «n» removes nothing and says so, Ctrl-C at the question (an «o» typed and not
  /// entered) abandons it the same way and the shell goes on; «o» removes the three exports imported before
  /// the réinitialisation, says which, and the prompt comes back; the gîte deleted before it still shows
  /// its JSON, which a removed export held.
  func testSnapshotsPruneAsksAndRemovesOnlyOnYes() throws {
    let snapshots = workspace.appendingPathComponent("snapshots")
    try Story.write(into: snapshots)
    try Story.writeReinitialisation(into: snapshots)
    try runOesh(["-w", workspace.path, "-c", #"clock set "2027-03-03 09:00""#, "-c", "sync"])
    let files = { try FileManager.default.contentsOfDirectory(atPath: snapshots.path).sorted() }
    let before = try files()
    XCTAssertEqual(before.count, 7, "\(before)")
    let kilobytes = { (text: String) in
      text.replacingOccurrences(of: #"\d+ ko"#, with: "N ko", options: .regularExpression)
    }
    let shell = try startShell()
    for (round, answer) in ["n", "C-c", "o"].enumerated() {
      try shell.type("snapshots prune")
      try shell.press("Enter")
      // The question: what follows the typed command's last line (which, typed ahead under load, the
      // terminal may also have echoed on a line of its own), up to [o/N] on the screen's last line.
      let screen = try shell.waitUntil("question \(round + 1)") { screen in
        let lines = screen.split(separator: "\n")
        return lines.filter { $0.contains("[o/N]") }.count == round + 1 && lines.last?.hasSuffix("[o/N]") == true
      }
      let lines = screen.split(separator: "\n")
      let typed = lines.lastIndex { $0.hasSuffix("snapshots prune") } ?? -1
      XCTAssertEqual(
        kilobytes(lines[(typed + 1)...].joined(separator: " ")),
        "Supprimer de snapshots/ 3 exports importés avant la dernière réinitialisation (N ko) ? Apidae ne les "
          + "renverra pas. [o/N]", screen)
      switch answer {
      case "C-c":
        try shell.type("o")
        try shell.waitUntil("the «o» typed") { $0.split(separator: "\n").last?.hasSuffix("[o/N] o") == true }
        try shell.press("C-c")
      default:
        try shell.type(answer)
        try shell.press("Enter")
      }
      if answer == "o" { break }
      let cancelled = try shell.waitUntil("«Rien n'est supprimé.» \(round + 1) times") { screen in
        screen.split(separator: "\n").filter { $0 == "Rien n'est supprimé." }.count == round + 1
      }
      // The answer as it stays on screen: an «o» abandoned by Ctrl-C is marked so, not read as given.
      let answered = cancelled.split(separator: "\n").filter { $0.contains("[o/N]") }.last ?? ""
      XCTAssertEqual(answered, answer == "n" ? "[o/N] n" : "[o/N] o^C", cancelled)
      try shell.waitForPrompt(prompt)
      XCTAssertEqual(try files(), before, "after «\(answer)»")
      XCTAssertNil(try shell.exitStatus())
    }
    try shell.waitFor(line: "^3 exports supprimés de snapshots/ ")
    let answered = try shell.waitForPrompt(prompt).split(separator: "\n").map(String.init)
    let yes = answered.lastIndex { $0.hasSuffix("[o/N] o") } ?? -1
    // The report, its prose broken between words at 120 columns, and the prompt back under it.
    XCTAssertEqual(
      answered[(yes + 1)...].map(kilobytes),
      [
        "3 exports supprimés de snapshots/ (N ko libérés), importés avant la réinitialisation "
          + "4242_20270303-0200_EEEEEE :",
        "  4242_20270301-0200_AAAAAA.zip  2027-03-01 02:00  N ko",
        "  4242_20270302-0200_BBBBBB.zip  2027-03-02 02:00  N ko",
        "  4242_20270302-1430_CCCCCC.zip  2027-03-02 14:30  N ko",
        "Le JSON de 4 fiches se lit désormais dans la réinitialisation. Celui de 2 fiches, absentes de la "
          + "réinitialisation, est",
        "gardé dans state.sqlite.",
        prompt.trimmingCharacters(in: .whitespaces),
      ])
    XCTAssertEqual(
      try files(),
      [
        "4242_20270303-0200_EEEEEE.notification.json", "4242_20270303-0200_EEEEEE.zip",
        "4242_20270305-0200_DDDDDD.zip",
      ])
    // The gîte, deleted on Tuesday afternoon: its JSON lay in Monday's export, gone.
    try shell.type("fiche 104 --raw")
    try shell.press("Enter")
    let json = String(decoding: Story.fontaines.exportJSON(), as: UTF8.self)
    let shown = try shell.waitUntil("the gîte's JSON, then the prompt") { screen in
      screen.split(separator: "\n").last == Substring(self.prompt.trimmingCharacters(in: .whitespaces))
        && screen.split(separator: "\n").contains { $0.hasSuffix("fiche 104 --raw") }
    }
    let shownLines = shown.split(separator: "\n")
    let command = shownLines.lastIndex { $0.hasSuffix("fiche 104 --raw") } ?? -1
    XCTAssertEqual(shownLines[(command + 1)...].dropLast().joined(separator: "\n"), json, shown)
  }

  // MARK: Start-up file

  /// `$OESH_RC` (else `~/.oeshrc`) runs before the first prompt: every line tried, a failing one
  /// reported with its line, and the shell starts anyway.
  func testTheStartUpFileRunsBeforeTheFirstPrompt() throws {
    let rc = directory.appendingPathComponent("démarrage.oeshrc")
    try "set timing on\necho Bonjour du fichier de démarrage\nbogus\nset format csv\n".write(
      to: rc, atomically: true, encoding: .utf8)
    let shell = try startShell(environment: ["OESH_RC": rc.path])
    try shell.waitFor(line: "^Bonjour du fichier de démarrage$")
    try shell.waitFor(
      line: "^" + NSRegularExpression.escapedPattern(for: rc.path) + ":3: commande inconnue « bogus »\\.$")
    try enter("set", in: shell, expecting: "^format,csv$")
    try shell.waitFor(line: "^Durée : [0-9,]+ ms$")
  }

  // MARK: Input and history

  /// A backslash at the end asks for the rest of the command on a line of its own; the history keeps
  /// the whole command.
  func testABackslashAtTheEndAsksForTheRestOfTheCommand() throws {
    let shell = try startShell()
    try shell.type(#"echo "début \"#)
    try shell.press("Enter")
    try shell.waitForLastLine("…>")
    try shell.type(#"suite" \"#)
    try shell.press("Enter")
    try shell.waitForLastLine("…>")
    try shell.type("fin")
    try shell.press("Enter")
    try shell.waitFor(line: "^début suite fin$")
    try shell.waitForPrompt(prompt)
    try shell.press("Up")
    try shell.waitForLastLine(prompt + #"echo "début suite" fin"#)
    try shell.press("C-u")
    try shell.waitForPrompt(prompt)
    // The joined command only, in the history and in its file: not its pieces.
    let listing = try enter("history", in: shell, expecting: "^ +2  history$")
    XCTAssertTrue(listing.contains("\n    1  echo \"début suite\" fin\n    2  history\n"), listing)
    let file = try String(contentsOf: workspace.appendingPathComponent(".oesh_history"), encoding: .utf8)
    XCTAssertEqual(file.split(separator: "\n").count, 3, "a header and the two commands: \(file)")
    XCTAssertFalse(file.contains("suite\\"), file)
  }

  /// Ctrl-C at `…>` abandons the whole command silently, as at the prompt (and in bash); so does Ctrl-D
  /// there, without leaving the shell. Nothing runs and nothing goes into the history.
  func testCtrlCOrCtrlDAtTheContinuationPromptAbandonsTheCommand() throws {
    let shell = try startShell()
    try shell.type(#"echo abandonnée \"#)
    try shell.press("Enter")
    try shell.waitForLastLine("…>")
    try shell.type("à moitié")
    try shell.press("C-c")
    try shell.waitForPrompt(prompt)
    try shell.type(#"echo aussi \"#)
    try shell.press("Enter")
    try shell.waitForPrompt("…>")
    try shell.press("C-d")
    try shell.waitForPrompt(prompt)
    XCTAssertNil(try shell.exitStatus(), "Ctrl-D at …> does not leave the shell")
    let listing = try enter("history", in: shell, expecting: "^ +1  history$")
    XCTAssertFalse(listing.contains("erreur"), listing)
    XCTAssertFalse(listing.contains("\nabandonnée"), "the abandoned command never ran: \(listing)")
    XCTAssertFalse(listing.contains("\naussi"), "the abandoned command never ran: \(listing)")
  }

  func testAccentedInputIsEchoedIntact() throws {
    let shell = try startShell()
    try shell.type("echo Hôtel Château «Email à transmettre»")
    try shell.press("Enter")
    try shell.waitFor(line: "^Hôtel Château «Email à transmettre»$")
  }

  func testUpRecallsThePreviousLines() throws {
    let shell = try startShell()
    try enter("echo un", in: shell, expecting: "un")
    try enter("echo deux", in: shell, expecting: "deux")
    try shell.press("Up")
    try shell.waitForLastLine(prompt + "echo deux")
    try shell.press("Up")
    try shell.waitForLastLine(prompt + "echo un")
    try shell.press("Down")
    try shell.waitForLastLine(prompt + "echo deux")
    try runFoundLine(printing: "deux", in: shell)
    try shell.waitForPrompt(prompt)
    let listing = try enter("history", in: shell, expecting: "^ +3  history$")
    XCTAssertTrue(listing.contains("    1  echo un\n    2  echo deux\n    3  history"), "a repeated line is kept once")
  }

  func testHistorySurvivesARestart() throws {
    let first = try startShell()
    try enter("echo souvenir de l’été", in: first, expecting: "souvenir de l’été")
    try first.press("C-d")
    XCTAssertEqual(try first.waitForExit(), 0)
    let file = try String(contentsOf: workspace.appendingPathComponent(".oesh_history"), encoding: .utf8)
    XCTAssertTrue(file.contains("souvenir"), "the history file holds the line: \(file)")

    let second = try startShell()
    try second.press("Up")
    try second.waitForLastLine(prompt + "echo souvenir de l’été")
  }

  /// Two shells on one workspace: each line goes into the history file as it is entered, next to the
  /// other shell's, as psql and bash with `histappend` keep them; each shell wrote its own lines over the
  /// file, and the lines of the other were lost.
  func testTwoShellsOnOneWorkspaceKeepEachOthersHistory() throws {
    let first = try startShell()
    let second = try startShell()
    try enter("echo un", in: first, expecting: "un")
    try enter("echo deux", in: second, expecting: "deux")
    try enter("echo trois", in: first, expecting: "trois")
    try second.press("C-d")
    XCTAssertEqual(try second.waitForExit(), 0)
    try first.press("C-d")
    XCTAssertEqual(try first.waitForExit(), 0)

    let third = try startShell()
    for line in ["echo trois", "echo deux", "echo un"] {
      try third.press("Up")
      try third.waitForLastLine(prompt + line)
    }
  }

  /// A history file oesh cannot keep is said so once, at the start, and left as it is: a file that is
  /// no history (libedit's first line missing) was written over by the first command, and a folder
  /// there left every session without history, in silence. The shell works on.
  func testAHistoryFileThatCannotBeKeptIsSaidSoAndLeftAlone() throws {
    let file = workspace.appendingPathComponent(".oesh_history")
    let notes = "mes notes, pas un historique\nprécieuses\n"
    try notes.write(to: file, atomically: true, encoding: .utf8)
    let notKept = "attention : l'historique de cette session ne sera pas enregistré : "
    let shell = try startShellSaying(notKept + "\(file.path) n'est pas un historique d'oesh, il est laissé tel quel")
    try shell.press("C-d")
    XCTAssertEqual(try shell.waitForExit(), 0)
    XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), notes)

    try FileManager.default.removeItem(at: file)
    try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
    try startShellSaying(notKept + "impossible de lire \(file.path) : c'est un dossier")
  }

  /// A shell whose start says `warning`, before its prompt, and that runs a command after it.
  @discardableResult
  private func startShellSaying(_ warning: String, function: String = #function) throws -> TerminalSession {
    let shell = try startShell(width: 200, function: function)
    let screen = try shell.screen()
    XCTAssertTrue(screen.contains(warning + "\n" + prompt.trimmingCharacters(in: .whitespaces)), screen)
    try enter("echo encore là", in: shell, expecting: "encore là")
    return shell
  }

  /// A history file that can no longer be written (here a folder put in its place while the shell runs)
  /// is said so once, when a line cannot go into it; the commands still run.
  func testAHistoryFileThatCannotBeWrittenAnyMoreIsSaidSoOnce() throws {
    let file = workspace.appendingPathComponent(".oesh_history")
    let shell = try startShell(width: 200)
    try enter("echo écrit", in: shell, expecting: "écrit")
    try FileManager.default.removeItem(at: file)
    try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
    let warning =
      "attention : l'historique n'est plus enregistré : impossible d'écrire \(file.path) : c'est un dossier"
    try enter("echo pas écrit", in: shell, expecting: "pas écrit")
    try enter("echo toujours pas", in: shell, expecting: "toujours pas")
    let screen = try shell.screen()
    XCTAssertEqual(screen.components(separatedBy: warning).count - 1, 1, screen)
    XCTAssertTrue(screen.contains(warning + "\npas écrit"), "said before the command runs: \(screen)")
  }

  /// A history file another program keeps locked (a shell stopped while it wrote its line, `flock` run by
  /// hand) no longer holds the prompt for good: after a short wait the line runs, the shell says once that
  /// the history is not saved, and writes nothing into the file after, the lock given back or not.
  func testAHistoryFileLockedByAnotherProgramDoesNotHoldThePrompt() throws {
    let file = workspace.appendingPathComponent(".oesh_history")
    let shell = try startShell(width: 200)
    try enter("echo écrit", in: shell, expecting: "écrit")
    let kept = try Data(contentsOf: file)
    let fd = open(file.path, O_RDONLY)
    XCTAssertGreaterThanOrEqual(fd, 0)
    XCTAssertEqual(flock(fd, LOCK_EX), 0)
    try enter("echo verrouillé", in: shell, expecting: "verrouillé")
    close(fd)
    try enter("echo libéré", in: shell, expecting: "libéré")
    let warning = "attention : l'historique n'est plus enregistré : un autre programme garde \(file.path) verrouillé"
    let screen = try shell.screen()
    XCTAssertEqual(screen.components(separatedBy: warning).count - 1, 1, screen)
    XCTAssertTrue(screen.contains(warning + "\nverrouillé"), "said before the command runs: \(screen)")
    XCTAssertEqual(try Data(contentsOf: file), kept)

    // Locked when a shell starts: it starts, without the history.
    let fd2 = open(file.path, O_RDONLY)
    XCTAssertEqual(flock(fd2, LOCK_EX), 0)
    defer { close(fd2) }
    try startShellSaying(
      "attention : l'historique de cette session ne sera pas enregistré : un autre programme garde \(file.path) verrouillé"
    )
  }

  /// Accents typed or pasted decomposed (e and U+0301, as macOS gives file names) come back with their
  /// accents from the history: libedit redraws a recalled line one character a cell, and dropped each
  /// combining mark («echo Cafe ete»), though the line still held them.
  func testALineWithDecomposedAccentsIsRecalledWithThem() throws {
    let shell = try startShell()
    try shell.type("echo Cafe\u{301} e\u{301}te\u{301}")
    for (keys, times) in [("Enter", 1), ("Up", 1), ("Enter", 2)] {
      try shell.press(keys)
      // Compared as Swift compares text, NFC equal to NFD: a regular expression would tell them apart.
      try shell.waitUntil("«Café été» \(times) time(s) and the prompt after \(keys)") { screen in
        let lines = screen.split(separator: "\n").map(String.init)
        return lines.filter { $0 == "Café été" }.count == times
          && lines.last { !$0.isEmpty } == (keys == "Up" ? self.prompt + "echo Café été" : "oesh:atelier>")
      }
      if keys == "Enter" { try shell.waitForPrompt(prompt) }
    }
  }

  /// Ctrl-R looks for what is typed, and for what is pasted as well: a paste ended the search and went
  /// into the line found.
  func testCtrlRFindsAnEarlierLine() throws {
    let shell = try startShell()
    try enter("echo aiguille", in: shell, expecting: "aiguille")
    try enter("echo foin", in: shell, expecting: "foin")
    try shell.press("C-r")
    try shell.paste("ai")
    try shell.waitForLastLine("bck:ai echo aiguille")
    try shell.type("g")
    try shell.waitForLastLine("bck:aig echo aiguille")
    try runFoundLine(printing: "aiguille", in: shell)
  }

  /// Ctrl-R finds a line by its typographic apostrophe and dash: libedit's search took ’ (U+2019) for
  /// the key ^Y and — (U+2014) for ^T, left the search, and put the ’ into the line found
  /// («echo l’hôte’hl»). Backspace, Ctrl-R again and Ctrl-G work as before.
  func testCtrlRFindsALineByItsTypographicApostropheAndDash() throws {
    let shell = try startShell()
    try enter("echo l’hôtel — «été»", in: shell, expecting: "l’hôtel — «été»")
    try enter("echo l’autre", in: shell, expecting: "l’autre")
    try enter("echo rien", in: shell, expecting: "rien")
    try shell.press("C-r")
    try shell.type("l’")
    try shell.waitForLastLine("bck:l’ echo l’autre")
    try shell.press("C-r")
    try shell.waitForLastLine("bck:l’ echo l’hôtel — «été»")
    try shell.press("C-g")
    try shell.waitForPrompt(prompt)
    try shell.press("C-r")
    try shell.type("l’hôtel —x")
    try shell.waitForLastLine("bck?l’hôtel —x echo l’hôtel — «été»")
    try shell.press("BSpace")
    try shell.waitForLastLine("bck:l’hôtel — echo l’hôtel — «été»")
    try runFoundLine(printing: "l’hôtel — «été»", in: shell)
    try shell.waitForPrompt(prompt)
  }

  // MARK: Pasting

  /// Pasted text is text: a TAB in it (lines indented in a script or a document, cells copied from a
  /// spreadsheet) separates words, as in a script, where it listed every command and was lost
  /// («echo un<TAB>deux» gave «undeux»); each line break ends a line, which runs, as typed ones do.
  func testAPastedTabIsTextAndEachPastedLineRuns() throws {
    let shell = try startShell()
    try shell.paste("\techo un\tdeux\n\techo trois\n")
    try shell.waitFor(line: "^trois$")
    let screen = try shell.waitForPrompt(prompt)
    XCTAssertTrue(screen.contains("\nun deux\n"), screen)
    XCTAssertFalse(screen.contains("historique"), "no list of commands: \(screen)")
    try shell.paste("echo sans fin")
    try shell.waitForLastLine(prompt + "echo sans fin")
    try shell.type(" de ligne")
    try shell.press("Enter")
    try shell.waitFor(line: "^sans fin de ligne$")
  }

  /// Ctrl-C during a command of pasted lines drops the lines after it, as the terminal drops what was
  /// typed ahead: a paste of commands is stopped as a script is.
  func testCtrlCDuringAPastedCommandDropsThePastedLinesAfterIt() throws {
    let (shell, hold) = try startShellWhoseSyncHolds()
    try shell.paste("sync\necho après\n")
    try waitForHold(hold)
    try shell.press("C-c")
    try shell.waitFor(line: "^erreur : interrompu \\(Ctrl-C\\) pendant l'import de .*")
    try shell.waitForPrompt(prompt)
    let screen = try enter("echo encore", in: shell, expecting: "encore")
    XCTAssertFalse(screen.contains("après\n"), screen)
  }

  // MARK: Keys

  func testHomeEndAndDeleteEditTheLine() throws {
    let shell = try startShell()
    try shell.type("cho bc")
    try shell.press("Home")
    try shell.type("e")
    try shell.waitForLastLine(prompt + "echo bc")
    try shell.press("End")
    try shell.type("dé")
    try shell.waitForLastLine(prompt + "echo bcdé")
    XCTAssertEqual(try shell.cursor().column, prompt.count + "echo bcdé".count)
    try shell.press("Home", "Right", "Right", "Right", "Right", "Right", "DC")
    try shell.waitForLastLine(prompt + "echo cdé")
    XCTAssertEqual(try shell.cursor().column, prompt.count + "echo ".count)
    try shell.press("Enter")
    try shell.waitFor(line: "^cdé$")
  }

  /// Ctrl-C during a command stops the command, not the shell, and undoes what it had not finished:
  /// here a sync held (by a test hook) inside its import's transaction, before the commit.
  func testCtrlCStopsARunningSyncAndTheShellGoesOn() throws {
    let (shell, hold) = try startShellWhoseSyncHolds()
    try shell.type("sync")
    try shell.press("Enter")
    try waitForHold(hold)
    try shell.press("C-c")
    // Nothing imported before it: no «0 importé par cette synchronisation» (broken between words at 120).
    try shell.waitFor(
      line: "^erreur : interrompu \\(Ctrl-C\\) pendant l'import de 3126_20190215-0156_H8zWaD : rien n'en est gardé, "
        + "et rien n'est importé$")
    try shell.waitFor(line: "^par cette synchronisation\\. « sync » reprend où elle s'est arrêtée\\.$")
    try shell.waitForPrompt(prompt)
    // Nothing of the import was kept; the shell still works, and the same sync then goes through.
    try enter("snapshots --format csv", in: shell, expecting: "^3126_20190215-0156_H8zWaD,.*,false,,due$")
    try enter("sync", in: shell, expecting: "^Import de 3126_20190215-0156_H8zWaD .*")
    try enter("snapshots --format csv", in: shell, expecting: "^3126_20190215-0156_H8zWaD,.*,true,.*$")
    // (Its exit status is not checked: the sh that runs it in tmux got the Ctrl-C too, and dies of it
    // once oesh exits.)
  }

  /// With `set format json`, a sync stopped by Ctrl-C in its second export still writes its document, on
  /// the screen before the error: the export imported before, which stays imported, and the error
  /// `interrupted` at the export it was in, with the message standard error gives.
  func testCtrlCStopsASyncWhoseDocumentShowsTheExportsBefore() throws {
    let (first, second) = ("3126_20190215-0156_H8zWaD", "3126_20190216-0156_H8zWaE")
    for name in [first, second] {
      try FileManager.default.copyItem(
        at: Self.hotentic.appendingPathComponent("json_export.zip"),
        to: workspace.appendingPathComponent("snapshots/\(name).zip"))
    }
    let hold = directory.appendingPathComponent("sync-held")
    let shell = try startShell(
      environment: ["OESH_TEST_HOLD_SYNC": hold.path, "OESH_TEST_HOLD_SYNC_EXPORT": second], width: 200)
    try enter("set format json", in: shell, expecting: prompt + "set format json", waitingForPrompt: false)
    try shell.waitForPrompt(prompt)
    try shell.type("sync")
    try shell.press("Enter")
    try waitForHold(hold)
    try shell.press("C-c")
    let error = "erreur : interrompu (Ctrl-C) pendant l'import de \(second) : rien"
    try shell.waitFor(line: "^" + NSRegularExpression.escapedPattern(for: error))
    let screen = try shell.waitForPrompt(prompt)
    let lines = screen.split(separator: "\n").map(String.init)
    let at = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("{") }, screen)
    XCTAssertTrue(lines[at + 1].hasPrefix(error), "the document, then the error: \(screen)")
    let doc = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(lines[at].utf8)) as? [String: Any], lines[at])
    XCTAssertEqual((doc["exports"] as? [[String: Any]])?.map { $0["name"] as? String }, [first], lines[at])
    XCTAssertEqual(doc["dry_run"] as? Bool, false)
    let stop = try XCTUnwrap(doc["error"] as? [String: Any], lines[at])
    XCTAssertEqual(stop["kind"] as? String, "interrupted")
    XCTAssertEqual(stop["export"] as? String, second)
    XCTAssertTrue(stop["line"] is NSNull)
    let message = try XCTUnwrap(stop["message"] as? String)
    XCTAssertTrue(message.hasPrefix("interrompu (Ctrl-C) pendant l'import de \(second)"), message)
    XCTAssertEqual(
      lines[(at + 1)...].prefix { !$0.hasPrefix(prompt.trimmingCharacters(in: .whitespaces)) }.joined(separator: " "),
      "erreur : " + message)
    // The first export stays imported, the second is due again, and the next sync takes it alone.
    let listed = try enter("snapshots --format csv", in: shell, expecting: "^\(first),.*,true,.*,imported$")
    XCTAssertTrue(listed.split(separator: "\n").contains { $0.hasPrefix(second + ",") && $0.hasSuffix(",false,,due") })
    try enter(
      "sync", in: shell, expecting: "^\\{\"at\": .*\"exports\": \\[\\{\"name\": \"\(second)\".*\"error\": null\\}$")
  }

  /// Ctrl-C during a script stops the whole script, here between two of its quick commands: a message
  /// names the line it stopped after, the rest is not run, and the prompt comes back on its own line.
  func testCtrlCStopsARunningScriptBetweenTwoCommands() throws {
    let script = directory.appendingPathComponent("long.oesh")
    let lines = (1...30_000).map { "echo ligne \($0) > /dev/null" } + ["echo jamais atteinte"]
    try (lines.joined(separator: "\n") + "\n").write(to: script, atomically: true, encoding: .utf8)
    let shell = try startShell()
    try shell.type("source long.oesh")
    try shell.press("Enter")
    try shell.waitForLastLine(prompt + "source long.oesh")
    try shell.press("C-c")
    let screen = try shell.waitFor(
      line: "^long\\.oesh:[0-9]+: script arrêté \\(Ctrl-C\\) après cette ligne : la suite n'est pas exécutée$")
    XCTAssertTrue(screen.contains(prompt + "source long.oesh\n^C\nlong.oesh:"), "^C on a line of its own: \(screen)")
    try shell.waitForPrompt(prompt)
    try enter("echo vivant", in: shell, expecting: "vivant")
    XCTAssertFalse(try shell.screen().contains("jamais atteinte"), "the rest of the script was not run")
  }

  /// A script given with -f, where no prompt waits: Ctrl-C ends oesh, with status 130 as in sh.
  func testCtrlCEndsAScriptGivenWithDashF() throws {
    let script = directory.appendingPathComponent("long.oesh")
    let lines = ["echo début"] + (1...30_000).map { "echo ligne \($0) > /dev/null" } + ["echo jamais atteinte"]
    try (lines.joined(separator: "\n") + "\n").write(to: script, atomically: true, encoding: .utf8)
    let shell = try startBash()
    try shell.type(
      TerminalSession.shellQuoted(Self.oesh.path) + " --workspace " + TerminalSession.shellQuoted(workspace.path)
        + " -f long.oesh")
    try shell.press("Enter")
    try shell.waitFor(line: "^début$")
    try shell.press("C-c")
    // (bash drops the rest of a line whose command a Ctrl-C killed: the status is asked at its prompt.)
    try shell.waitForLastLine("$")
    try shell.type(#"echo "statut=$?""#)
    try shell.press("Enter")
    try shell.waitFor(line: "^statut=130$")
    XCTAssertFalse(try shell.screen().contains("jamais atteinte"), "the rest of the script was not run")
  }

  /// Ctrl-C in a command of a script stops that command, rolled back as at the prompt, and the script.
  func testCtrlCStopsTheCommandOfAScriptAndTheScript() throws {
    try FileManager.default.copyItem(
      at: Self.hotentic.appendingPathComponent("json_export.zip"),
      to: workspace.appendingPathComponent("snapshots/3126_20190215-0156_H8zWaD.zip"))
    try "echo avant\nsync\necho après\n".write(
      to: directory.appendingPathComponent("nuit.oesh"), atomically: true, encoding: .utf8)
    let hold = directory.appendingPathComponent("sync-held")
    let shell = try startShell(environment: ["OESH_TEST_HOLD_SYNC": hold.path])
    try enter("source nuit.oesh", in: shell, expecting: "avant", waitingForPrompt: false)
    try waitForHold(hold)
    try shell.press("C-c")
    try shell.waitFor(
      line: "^nuit\\.oesh:2: interrompu \\(Ctrl-C\\) pendant l'import de 3126_20190215-0156_H8zWaD : rien")
    try shell.waitFor(line: "^nuit\\.oesh:2: script arrêté \\(Ctrl-C\\) après cette ligne")
    try shell.waitForPrompt(prompt)
    XCTAssertFalse(try shell.screen().contains("\naprès"), "the rest of the script was not run")
    try enter("snapshots --format csv", in: shell, expecting: "^3126_20190215-0156_H8zWaD,.*,false,,due$")
  }

  func testCtrlCAbandonsTheLineAndTheShellGoesOn() throws {
    let shell = try startShell()
    try shell.type("echo à moitié")
    try shell.waitForLastLine(prompt + "echo à moitié")
    try shell.press("C-c")
    try shell.waitForPrompt(prompt)
    try shell.type("echo vivant")
    try shell.press("Enter")
    try shell.waitFor(line: "^vivant$")
    XCTAssertFalse(try shell.screen().contains("\nà moitié"), "the abandoned line never ran")
    XCTAssertTrue(try shell.screen().contains("\n" + prompt + "echo à moitié^C\n"), "marked abandoned")
    XCTAssertNil(try shell.exitStatus())
  }

  /// Ctrl-Z where no shell does job control (oesh run by `ssh host oesh`, `docker run -it`, a tmux
  /// pane's own command, as here) stops nothing, as bash and psql there: the line typed stays to be
  /// finished, and a Ctrl-R search goes on. libedit took the stop signal for an interruption: the line
  /// was abandoned and marked «^C», and during a search the shell ended, status 0, as at Ctrl-D.
  func testCtrlZWhereNoShellDoesJobControlKeepsTheLineAndTheSearch() throws {
    let shell = try startShell()
    try shell.type("echo à moi")
    try shell.waitForLastLine(prompt + "echo à moi")
    try shell.press("C-z")
    try shell.type("tié")
    try shell.press("Enter")
    try shell.waitFor(line: "^à moitié$")
    try shell.waitForPrompt(prompt)
    try enter("echo foin", in: shell, expecting: "foin")
    try shell.press("C-r")
    try shell.type("moi")
    try shell.waitForLastLine("bck:moi echo à moitié")
    try shell.press("C-z")
    try shell.type("t")
    try shell.waitForLastLine("bck:moit echo à moitié")
    try runFoundLine(printing: "à moitié", in: shell)
    let screen = try shell.waitForPrompt(prompt)
    XCTAssertFalse(screen.contains("^C"), screen)
    XCTAssertNil(try shell.exitStatus())
  }

  /// SIGINT reaches the thread that reads the line, once commands have run too: every other thread of
  /// oesh blocks it. The thread that stops commands took it when libedit sent it again from its handler,
  /// and the line read could end before the shell knew of Ctrl-C, which then left the line as it was
  /// (seen once in the full suite: «echo x» typed after Ctrl-C went into the line Ctrl-C had abandoned).
  func testOnlyTheThreadReadingTheLineTakesCtrlC() throws {
    let shell = try startShell()
    try enter("echo un", in: shell, expecting: "un")
    let pid = try shell.programPID()
    let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").filter { $0 != "\(pid)" }
    XCTAssertFalse(threads.isEmpty, "the thread that stops commands runs once a command has run")
    for thread in threads {
      let status = try String(contentsOfFile: "/proc/\(pid)/task/\(thread)/status", encoding: .utf8)
      let blocked = try XCTUnwrap(
        status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") }.flatMap {
          UInt64($0.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        })
      XCTAssertNotEqual(blocked & (1 << (UInt64(SIGINT) - 1)), 0, "thread \(thread): \(status)")
    }
  }

  /// Ctrl-C with the cursor inside a line longer than the terminal's width marks it «^C» at its end, and
  /// the next prompt comes under it: «^C» was written where the cursor was, over the line's text, and the
  /// prompt over its second row, whose rest then read as typed after it («echo xigne suivante», the
  /// line run being «echo x»). The same after a Ctrl-R search, whose prompt is another.
  func testCtrlCInsideALongLineMarksItsEndAndThePromptComesUnderIt() throws {
    let shell = try startShell(width: 40)
    let text = "echo une ligne assez longue pour passer à la ligne suivante"
    try enter(text, in: shell, expecting: "^une ligne assez longue pour passer à la ligne suivante$")
    try shell.press("Up")
    try shell.waitForLastLine(prompt + text)
    try shell.press("Home")
    try shell.waitUntil("the cursor at the line's start") { _ in try shell.cursor().column == prompt.count }
    try shell.press("C-c")
    try enter("echo x", in: shell, expecting: "x")
    var screen = try shell.screen()
    XCTAssertTrue(screen.contains("\n" + prompt + text + "^C\n" + prompt + "echo x\nx\n"), screen)
    try shell.press("C-r")
    try shell.type("une")
    try shell.waitForLastLine("bck:une " + text)
    try shell.press("C-a", "C-c")
    screen = try enter("echo y", in: shell, expecting: "y")
    XCTAssertTrue(screen.contains("\nbck:une " + text + "^C\n" + prompt + "echo y\ny\n"), screen)
  }

  // MARK: The workspace under the shell

  /// The workspace's folder renamed while the shell runs: the open store went on writing into it where
  /// it went, while `send` made a new `outbox/` (and workspace folder) at the old path for its e-mail, the
  /// offre «Email transmis» in the moved workspace and no e-mail in its outbox. Each command now says the
  /// workspace is gone and does nothing; the shell goes on, and quits with status 0 as always.
  func testAWorkspaceRenamedUnderTheShellIsSaidGoneAndNothingIsWrittenElsewhere() throws {
    let demo = directory.appendingPathComponent("demo")
    try runOesh(["demo", demo.path])
    let session = try TerminalSession(
      name: "renamed", command: [Self.oesh.path, "--workspace", demo.path], home: home, directory: directory)
    sessions.append(session)
    let prompt = "oesh:demo> "
    try session.waitForPrompt(prompt, timeout: 2 * TerminalSession.patience)
    try session.type("campaigns --format csv")
    try session.press("Enter")
    try session.waitFor(line: "^1,Mise à jour 2027,49001,19,14,5,0,0,0$")
    try session.waitForPrompt(prompt)
    let moved = directory.appendingPathComponent("demo-ailleurs")
    try FileManager.default.moveItem(at: demo, to: moved)
    try session.type("open campaign 1; send 5100004")
    try session.press("Enter")
    try session.waitFor(
      line: "^erreur : l'espace de travail \(NSRegularExpression.escapedPattern(for: demo.path)) n'est plus là .*")
    try session.waitForPrompt(prompt)
    XCTAssertFalse(FileManager.default.fileExists(atPath: demo.path), "nothing made at the old path")
    let sent = try FileManager.default.contentsOfDirectory(atPath: moved.appendingPathComponent("outbox").path)
    XCTAssertEqual(sent.filter { $0.hasSuffix(".eml") }.count, 5)
    try session.press("C-d")
    XCTAssertEqual(try session.waitForExit(), 0)
    // The moved workspace is whole: its five e-mails, and as many offres «Email transmis».
    let after = Process()
    after.executableURL = Self.oesh
    after.arguments = ["--workspace", moved.path, "-c", "campaigns --format csv"]
    let output = Pipe()
    after.standardOutput = output
    try after.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    after.waitUntilExit()
    XCTAssertTrue(text.contains("\n1,Mise à jour 2027,49001,19,14,5,0,0,0\n"), text)
  }

  // MARK: Pager

  /// Under an interactive bash, where job control puts oesh in a process group of its own, the pager
  /// has the keyboard: `help` (61 lines in 40 rows) stops at less's prompt, `G` shows its end, `q` gives
  /// the prompt back, and the shell goes on. (A pager in a group of its own was stopped at its first
  /// read of the terminal, and oesh froze waiting for it.)
  func testThePagerTakesTheKeysAndQGivesThePromptBack() throws {
    let shell = try startShellUnderBash()
    try pageHelp(in: shell)
    try shell.press("G")
    try shell.waitFor(line: "^Arguments avec espaces entre guillemets")
    try shell.waitForLastLine("(fin)   q : revenir au shell")
    try shell.press("q")
    try shell.waitForPrompt(prompt)
    try enter("echo vivant", in: shell, expecting: "vivant")
    // Line editing works as before: the terminal's modes are oesh's again.
    try shell.type("echo xfin")
    try shell.press("Left", "Left", "Left", "BSpace")
    try shell.waitForLastLine(prompt + "echo fin")
    try shell.press("Enter")
    try shell.waitFor(line: "^fin$")
  }

  /// `help` (61 lines in 40 rows), stopped at less's prompt, which says its keys in the session's
  /// language (less's own is a bare «:»).
  private func pageHelp(in shell: TerminalSession) throws {
    try shell.type("help")
    try shell.press("Enter")
    try shell.waitForLastLine("espace : la suite   b : retour   q : revenir au shell")
  }

  /// `q` before the end of results longer than a pipe holds (2,000 fiches, 200 KB): the pager closes its end while oesh
  /// still writes, which is no error. oesh died of SIGPIPE there (status 141), the session lost.
  func testQuittingThePagerBeforeTheEndOfALongListingGivesThePromptBack() throws {
    let objects = (1...2000).map { #"{"id": \#($0), "type": "HOTELLERIE", "nom": {"libelleFr": "Hôtel \#($0)"}}"# }
    try writeFolderExport("Long01", objects: "[" + objects.joined(separator: ",\n") + "]", selections: "[]")
    try runOesh(["--workspace", workspace.path, "-c", "sync"])
    let shell = try startShellUnderBash()
    try shell.type("fiches")
    try shell.press("Enter")
    try shell.waitForLastLine("espace : la suite   b : retour   q : revenir au shell")
    try shell.press("q")
    try shell.waitForPrompt(prompt)
    try enter("echo vivant", in: shell, expecting: "vivant")
  }

  /// Names from an export reach the pager escaped in a long `fiches` table and `selection ID`:
  /// less runs with `-R`, which lets colours through, so a raw ESC would pass for oesh's own. What less is
  /// given is kept by a PAGER of `tee FILE | less -FRXK`: only oesh's SGR sequences, the names' escapes
  /// as text.
  func testNamesFromAnExportReachThePagerEscaped() throws {
    let hostile = #"Red \u001b[31mBob\u001b]0;pwned\u0007\u001b[2J\r\nx\u0085y\u202ez"#
    let objects = (1...60).map { #"{"id": \#($0), "type": "HOTELLERIE", "nom": {"libelleFr": "\#(hostile) \#($0)"}}"# }
    let members = (1...60).map { #"{"type": "HOTELLERIE", "id": \#($0)}"# }.joined(separator: ", ")
    try writeFolderExport(
      "Evil01", objects: "[" + objects.joined(separator: ",\n") + "]",
      selections: #"[{"id": 7, "nom": "Sel \u001b[2J", "objetsTouristiques": ["# + members + "]}]")
    try runOesh(["--workspace", workspace.path, "-c", "sync"])
    let given = directory.appendingPathComponent("paged.txt")
    let shell = try startShell(environment: [
      "PAGER": "tee -a \(TerminalSession.shellQuoted(given.path)) | less -FRXK -Pspaged"
    ])
    for command in ["fiches", "selection 7"] {
      try shell.type(command)
      try shell.press("Enter")
      try shell.waitForLastLine("paged")
      try shell.press("q")
      try shell.waitForPrompt(prompt)
    }
    let paged = try String(contentsOf: given, encoding: .utf8)
    XCTAssertTrue(paged.contains(#"Red \e[31mBob\e]0;pwned\u{7}\e[2J\r\nx\u{85}y\u{202e}z 60"#), paged)
    XCTAssertTrue(paged.contains(#"Sel \e[2J"#), paged)
    // Every ESC starts one of oesh's SGR sequences (ESC [ digits and semicolons m); nothing else is raw.
    let raw = try NSRegularExpression(pattern: "\u{1B}(?!\\[[0-9;]*m)|[\r\u{85}\u{202E}\u{07}]")
    XCTAssertNil(raw.firstMatch(in: paged, range: NSRange(paged.startIndex..., in: paged)), paged)
    XCTAssertNotEqual(try shell.title(), "pwned")
  }

  /// Ctrl-C in the pager leaves it, not oesh: the prompt comes back and the next command runs.
  func testCtrlCInThePagerGivesThePromptBack() throws {
    let shell = try startShellUnderBash()
    try pageHelp(in: shell)
    try shell.press("C-c")
    try shell.waitForPrompt(prompt)
    try enter("echo vivant", in: shell, expecting: "vivant")
    try shell.press("C-d")
    try shell.waitForLastLine("$")
  }

  /// `PAGER=` (set, and empty or blank) turns paging off, as it does for git and psql: `help`, longer than
  /// the screen, is written whole and the prompt comes back, where less held it (`set` said «less -FRXK»).
  func testAnEmptyPagerVariableTurnsPagingOff() throws {
    for value in ["", " "] {
      let shell = try startShell(environment: ["PAGER": value], height: 20)
      try shell.type("help")
      try shell.press("Enter")
      try shell.waitFor(line: "^Arguments avec espaces entre guillemets")
      try shell.waitForPrompt(prompt)
      try enter("set", in: shell, expecting: "^pager +off$")
      try shell.press("C-d")
      XCTAssertEqual(try shell.waitForExit(), 0)
    }
  }

  /// A pager that cannot be started, run as is or through sh (`PAGER='LESS=-S nopager'`), is said once,
  /// and the results are written without it: through sh, they were lost, sh's «not found» in their
  /// place; run as is, they came with no word of why the pager set did not show them.
  func testAPagerThatCannotBeStartedIsSaidOnceAndTheResultsAreWritten() throws {
    for pager in ["oesh-no-such-pager -R", "LESS=-S oesh-no-such-pager"] {
      let shell = try startShell(environment: ["PAGER": pager], width: 200, height: 20)
      let warning =
        "attention : le pager « \(pager) » n'a pas pu être lancé : les résultats sont écrits sans lui "
        + "(« set pager off » pour ne plus l'essayer)"
      for _ in 1...2 {
        try shell.type("help")
        try shell.press("Enter")
        try shell.waitFor(line: "^Arguments avec espaces entre guillemets")
        try shell.waitForPrompt(prompt)
      }
      let screen = try shell.screen()
      XCTAssertEqual(screen.components(separatedBy: warning).count - 1, 1, screen)
      XCTAssertEqual(screen.components(separatedBy: "Arguments avec espaces entre guillemets").count - 1, 2, screen)
    }
  }

  /// In a terminal narrower than the pager's prompt, the prompt says its keys in fewer words: less
  /// showed only its end at 40 columns («te   b : retour   q : revenir au shell»).
  func testThePagersPromptFitsANarrowTerminal() throws {
    let shell = try startShell(width: 40)
    try shell.type("help")
    try shell.press("Enter")
    try shell.waitForLastLine("espace : suite  b : retour  q : shell")
    try shell.press("G")
    try shell.waitForLastLine("(fin)  q : shell")
    try shell.press("q")
    try shell.waitForPrompt(prompt)
  }

  func testCtrlDDeletesUnderTheCursorOnALineAndQuitsOnAnEmptyOne() throws {
    let shell = try startShell()
    try shell.type("xecho ok")
    try shell.press("Home", "C-d")
    try shell.waitForLastLine(prompt + "echo ok")
    try shell.press("Enter")
    try shell.waitFor(line: "^ok$")
    try shell.waitForPrompt(prompt)
    XCTAssertNil(try shell.exitStatus())
    try shell.press("C-d")
    XCTAssertEqual(try shell.waitForExit(), 0)
  }

  // MARK: Exit status

  /// `quit STATUS` exits with it; a plain `quit` at the terminal with 0, as Ctrl-D (and psql), though a
  /// command failed in the session.
  func testQuitExitsWithTheStatusItIsGivenAndOtherwiseZero() throws {
    let given = try startShell()
    try given.type("quit 7")
    try given.press("Enter")
    XCTAssertEqual(try given.waitForExit(), 7)

    let plain = try startShell()
    try plain.type("fiche 42")
    try plain.press("Enter")
    try plain.waitFor(line: "42")
    try plain.waitForPrompt(prompt)
    try plain.type("exit")
    try plain.press("Enter")
    XCTAssertEqual(try plain.waitForExit(), 0)
  }

  // MARK: Helpers

  /// `oesh --workspace atelier` in its own tmux session, once its prompt shows.
  /// An unzipped export `1234_20240101-0200_<code>` in the workspace's `snapshots/`: `objects` in its one
  /// `objets_modifies/` file, `selections` (by default one sélection of fiche 77) in `selections.json`.
  private func writeFolderExport(
    _ code: String, objects: String,
    selections: String = #"[{"id": 7, "nom": "Tout", "objetsTouristiques": [{"type": "HOTELLERIE", "id": 77}]}]"#
  ) throws {
    let export = workspace.appendingPathComponent("snapshots/1234_20240101-0200_\(code)")
    try FileManager.default.createDirectory(
      at: export.appendingPathComponent("objets_modifies"), withIntermediateDirectories: true)
    try selections.write(to: export.appendingPathComponent("selections.json"), atomically: true, encoding: .utf8)
    try objects.write(
      to: export.appendingPathComponent("objets_modifies/objets_modifies-1.json"), atomically: true, encoding: .utf8)
  }

  /// Waits, up to the terminal tests' patience, for a sync held by `OESH_TEST_HOLD_SYNC` to reach its hold.
  /// A shell on a workspace with the real export to sync, whose sync holds (a test hook) inside its
  /// import's transaction until Ctrl-C, once it has made the file `hold`.
  private func startShellWhoseSyncHolds(function: String = #function) throws -> (TerminalSession, hold: URL) {
    try FileManager.default.copyItem(
      at: Self.hotentic.appendingPathComponent("json_export.zip"),
      to: workspace.appendingPathComponent("snapshots/3126_20190215-0156_H8zWaD.zip"))
    let hold = directory.appendingPathComponent("sync-held")
    return (try startShell(environment: ["OESH_TEST_HOLD_SYNC": hold.path], function: function), hold)
  }

  private func waitForHold(_ hold: URL) throws {
    let deadline = Date().addingTimeInterval(TerminalSession.patience)
    while !FileManager.default.fileExists(atPath: hold.path) {
      guard Date() < deadline else { throw TerminalSession.Failure(description: "the sync never reached its hold") }
      Thread.sleep(forTimeInterval: 0.05)
    }
  }

  private func startShell(
    environment: [String: String] = [:], width: Int = 120, height: Int = 40, function: String = #function
  ) throws -> TerminalSession {
    let name = "\(function.prefix { $0 != "(" })-\(sessions.count)"
    let session = try TerminalSession(
      name: name, command: [Self.oesh.path, "--workspace", workspace.path], home: home, directory: directory,
      environment: environment, width: width, height: height)
    sessions.append(session)
    try session.waitForPrompt(prompt, timeout: 2 * TerminalSession.patience)
    return session
  }

  /// `oesh --workspace atelier` typed into an interactive bash, once its prompt shows: bash's job
  /// control gives oesh a process group of its own, the terminal's foreground one, as at a real terminal.
  private func startShellUnderBash(function: String = #function) throws -> TerminalSession {
    let session = try startBash(function: function)
    try session.type(
      TerminalSession.shellQuoted(Self.oesh.path) + " --workspace " + TerminalSession.shellQuoted(workspace.path))
    try session.press("Enter")
    try session.waitForPrompt(prompt, timeout: 2 * TerminalSession.patience)
    return session
  }

  /// An interactive bash, with job control, once its prompt «$» shows.
  private func startBash(width: Int = 120, function: String = #function) throws -> TerminalSession {
    let name = "\(function.prefix { $0 != "(" })-\(sessions.count)"
    let session = try TerminalSession(
      name: name, command: ["bash", "--norc", "--noprofile", "-i"], home: home, directory: directory,
      environment: ["PS1": "$ "], width: width)
    sessions.append(session)
    try session.waitForLastLine("$")
    return session
  }

  /// Enter on a line Ctrl-R found: it runs again, its result `text` now twice on a line of its own.
  private func runFoundLine(printing text: String, in shell: TerminalSession) throws {
    try shell.press("Enter")
    try shell.waitUntil("a second «\(text)»") { screen in
      screen.split(separator: "\n").filter { $0 == text }.count == 2
    }
  }

  /// Types `line`, presses Enter, and waits for a screen line matching `expecting` (a regex, or plain
  /// text that must fill a whole line) and, unless told not to, for the next prompt.
  @discardableResult
  private func enter(
    _ line: String, in shell: TerminalSession, expecting: String, waitingForPrompt: Bool = true
  ) throws -> String {
    try shell.type(line)
    try shell.press("Enter")
    let pattern = expecting.hasPrefix("^") ? expecting : "^" + NSRegularExpression.escapedPattern(for: expecting) + "$"
    let screen = try shell.waitFor(line: pattern)
    return waitingForPrompt ? try shell.waitForPrompt(prompt) : screen
  }

  /// Whether `whole` is `a` and `b` interleaved, each in its order: what two writers to one terminal
  /// can leave there.
  private static func interleaves(_ a: String, _ b: String, into whole: String) -> Bool {
    let (a, b, whole) = (Array(a), Array(b), Array(whole))
    guard a.count + b.count == whole.count else { return false }
    // reachable[j]: `whole`'s first i + j characters are a's first i and b's first j.
    var reachable = [Bool](repeating: false, count: b.count + 1)
    for i in 0...a.count {
      for j in 0...b.count {
        if i == 0 && j == 0 {
          reachable[0] = true
          continue
        }
        let fromA = i > 0 && reachable[j] && a[i - 1] == whole[i + j - 1]
        let fromB = j > 0 && reachable[j - 1] && b[j - 1] == whole[i + j - 1]
        reachable[j] = fromA || fromB
      }
    }
    return reachable[b.count]
  }

  /// The columns where the words of `line` start.
  private func wordStarts(_ line: Substring) -> [Int] {
    let characters = Array(line)
    return characters.indices.filter { characters[$0] != " " && ($0 == 0 || characters[$0 - 1] == " ") }
  }

  private func runOesh(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = Self.oesh
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "oesh \(arguments.joined(separator: " "))")
  }
}
