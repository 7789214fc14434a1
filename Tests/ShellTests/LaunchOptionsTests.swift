import XCTest

@testable import Shell

/// `oesh`'s plain command lines skip swift-argument-parser at start-up: both parsers must agree.
final class LaunchOptionsTests: XCTestCase {
  func testThePlainParserAgreesWithArgumentParserWhereverItAnswers() throws {
    let plain: [[String]] = [
      [],
      ["-w", "ws", "-c", "quit"],
      ["--workspace", "ws", "--command", "fiches", "-f", "a.oesh", "-c", "quit"],
      ["--workspace=ws", "--command=quit", "--file=b.oesh"],
      ["-w", "espace été", "--echo", "--keep-going", "--no-color", "-c", "echo « x »"],
      ["--format", "json", "--lang", "en", "-c", "fiches"],
      ["--format=csv", "--lang=fr"],
      ["-w", "", "-c", ""],
      ["-X", "-w", "ws"], ["--no-rc", "-c", "quit"],
    ]
    for arguments in plain {
      let quick = try XCTUnwrap(LaunchOptions.plain(arguments), "\(arguments) should be plain")
      let parsed = try XCTUnwrap(try OeshCommand.parseAsRoot(arguments) as? OeshCommand, "\(arguments)")
      XCTAssertEqual(quick, LaunchOptions(parsed), "\(arguments)")
    }
    let scripted = try XCTUnwrap(LaunchOptions.plain(["-f", "x.oesh"]))
    XCTAssertTrue(scripted.scripted)
    XCTAssertEqual(LaunchOptions.plain(["--format", "json"])?.format, .json)
    XCTAssertEqual(LaunchOptions.plain(["-w", "ws"])?.workspace, "ws")
    XCTAssertEqual(LaunchOptions.plain(["-w", "ws"])?.scripted, false)
    XCTAssertEqual(LaunchOptions.plain(["-X"])?.noRC, true)
    XCTAssertEqual(LaunchOptions.plain(["-w", "ws"])?.noRC, false)
  }

  func testEverythingElseIsLeftToArgumentParser() {
    let others: [[String]] = [
      ["--help"], ["-h"], ["--version"], ["init", "ws"], ["demo"], ["tutorial"],
      ["-w"], ["-c"], ["--format", "xml"], ["--lang", "de"], ["--echo=yes"], ["--bogus"],
      ["-w", "a", "-w", "b"], ["--echo", "--echo"], ["-c", "-x"], ["-cquit"], ["--", "-c"],
      ["-w", "ws", "extra"], ["-X", "--no-rc"], ["--no-rc=1"],
    ]
    for arguments in others {
      XCTAssertNil(LaunchOptions.plain(arguments), "\(arguments) is not plain")
    }
  }

  /// `oesh --help` in the language `--lang` says, with the shell's headings; `--version` as it is.
  func testTheLaunchersHelpIsInTheUsersLanguage() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    let french = try OeshProcess.run(["--help"], cwd: dir)
    XCTAssertEqual(french.status, 0)
    XCTAssertTrue(french.stdout.hasPrefix("Le shell des campagnes Open Edit"), french.stdout)
    for english in ["OVERVIEW", "USAGE", "OPTIONS", "(values:", "Show help", "Show the version", "See '"] {
      XCTAssertFalse(french.stdout.contains(english), "«\(english)» in\n\(french.stdout)")
    }
    XCTAssertTrue(french.stdout.contains("  -X, --no-rc             Ne lit pas ~/.oeshrc"), french.stdout)
    for arguments in [["--lang", "en", "--help"], ["--help", "--lang=en"]] {
      let english = try OeshProcess.run(arguments, cwd: dir)
      XCTAssertEqual(english.status, 0)
      XCTAssertTrue(english.stdout.hasPrefix("The Open Edit campaign shell"), english.stdout)
      XCTAssertTrue(english.stdout.contains("Exit status: 0 everything succeeded"), english.stdout)
      XCTAssertTrue(english.stdout.contains("  -f, --file <file>       Runs a script (repeatable)."), english.stdout)
      XCTAssertTrue(english.stdout.contains("  demo                    Creates a demo workspace"), english.stdout)
    }
    let demo = try OeshProcess.run(["demo", "--help", "--lang", "en"], cwd: dir)
    XCTAssertTrue(demo.stdout.hasPrefix("Creates a demo workspace"), demo.stdout)
    XCTAssertTrue(demo.stdout.contains("  <directory>             The folder to create."), demo.stdout)
    for line in (french.stdout + demo.stdout).split(separator: "\n") where !line.hasPrefix("Usage") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    XCTAssertEqual(try OeshProcess.run(["--version"], cwd: dir).stdout, "0.1.0\n")
  }

  /// The completion script swift-argument-parser writes for bash completes oesh's options, their
  /// values and its subcommands, run by a real bash as its `complete -F` would.
  /// The last resort of `Launcher.main`, a parsed command it cannot run, names it in the language asked
  /// for: it was French, `--lang en` or not, and named nothing («commande inconnue «  »»).
  func testTheLauncherLastResortIsInTheUsersLanguage() throws {
    let parsed = try OeshCommand.parseAsRoot(["help"])
    XCTAssertEqual(Launcher.lastResort(parsed, ["--lang", "en", "help"]), "oesh: unknown command \"help\".")
    XCTAssertEqual(Launcher.lastResort(parsed, ["help"]), "oesh: commande inconnue « help ».")
  }

  func testBashCompletesOptionsTheirValuesAndSubcommands() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    let script = try OeshProcess.run(["--generate-completion-script", "bash"], cwd: dir)
    XCTAssertEqual(script.status, 0, script.stderr)
    try script.stdout.write(to: dir.appendingPathComponent("oesh.bash"), atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)
    try "sync\n".write(to: dir.appendingPathComponent("script.oesh"), atomically: true, encoding: .utf8)
    let bash = """
      source ./oesh.bash
      words() {
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
        _oesh oesh "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"; echo "${COMPREPLY[*]}"
      }
      words oesh --for
      words oesh --format ''
      words oesh --lang ''
      words oesh de
      words oesh tutorial --re
      words oesh -w s
      words oesh -f s
      words oesh demo s
      """
    let r = try OeshProcess.run([], cwd: dir, launcher: ["/bin/bash", "-c", bash])
    // A folder for a workspace, a file for a script.
    XCTAssertEqual(r.stdout, "--format\ntable csv json\nfr en\ndemo\n--reset\nsub\nscript.oesh sub\nsub\n", r.stderr)
  }

  /// `oesh --help` wraps its overview as a paragraph: no line cut short in mid-sentence by a line
  /// break written into the text.
  func testTheOverviewIsOneWrappedParagraph() {
    let help = OeshCommand.helpMessage(columns: 80)
    let overview = help.components(separatedBy: "USAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
    let paragraph = overview.drop { !$0.hasPrefix("Sans -c ni -f") }.prefix { !$0.isEmpty }
    XCTAssertGreaterThan(paragraph.count, 2, help)
    for line in paragraph.dropLast() { XCTAssertGreaterThan(line.count, 60, "a short line in:\n\(help)") }
    XCTAssertTrue(paragraph.joined(separator: " ").contains("3 espace de travail inutilisable."), help)
  }
}
