import Apidae
import ArgumentParser
import OpenEdit
import XCTest

@testable import Shell

final class RegistryTests: XCTestCase {
  func testEveryCommandHasAGroupAnAbstractAndUniqueNames() {
    var seen = Set<String>()
    for (name, type) in CommandRegistry.all {
      XCTAssertFalse(type.configuration.abstract.isEmpty, "\(name) has no abstract")
      XCTAssertTrue(seen.insert(name).inserted, "\(name) twice")
    }
    let top = CommandRegistry.topLevelNames
    XCTAssertEqual(top.count, Set(top).count, "a name or alias is used twice: \(top)")
  }

  func testEveryShellCommandSkipsTheCompletionScriptCheck() {
    // Without a super-command, the first parse of every session pays for swift-argument-parser's
    // `--generate-completion-script` check (see CommandConfiguration.shell).
    for (name, type) in CommandRegistry.all {
      XCTAssertEqual(type.configuration._superCommandName, "oesh", "\(name) is not declared with .shell(…)")
    }
  }

  /// `help` shows a subcommand's aliases whole, as they are typed: «campagne» alone is another command.
  func testTheAliasesHelpShowsAreWholeCommandsThatRunTheCommand() throws {
    XCTAssertEqual(CommandRegistry.aliases(of: "new campaign"), ["nouvelle campagne"])
    XCTAssertEqual(CommandRegistry.aliases(of: "open campaign"), ["ouvrir campagne"])
    XCTAssertEqual(CommandRegistry.aliases(of: "campaign show"), ["campagne voir"])
    XCTAssertEqual(CommandRegistry.aliases(of: "apidae hide"), ["apidae masquer"])
    XCTAssertEqual(CommandRegistry.aliases(of: "quit"), ["exit", "quitter"])
    XCTAssertEqual(CommandRegistry.aliases(of: "sync"), ["synchroniser", "calcul"])
    for (name, type) in CommandRegistry.all {
      for alias in CommandRegistry.aliases(of: name) {
        let words = alias.split(separator: " ").map(String.init)
        let found = try XCTUnwrap(CommandRegistry.find(words), alias)
        XCTAssertEqual(found.consumed, words.count, alias)
        XCTAssertEqual(ObjectIdentifier(found.type), ObjectIdentifier(type), "«\(alias)» does not run \(name)")
      }
    }
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    let help = Help.details(NewCampaign.self, name: "nouvelle campagne", session: session)
    XCTAssertTrue(help.contains("\nAlias : nouvelle campagne\n"), help)
  }

  /// A campaign needs a sélection: its usage says so, and the parser asks for one.
  func testNewCampaignShowsItsSelectionAsRequired() throws {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    let help = Help.details(NewCampaign.self, name: "new campaign", session: session)
    XCTAssertTrue(help.contains("Usage : new campaign <title> --selection <selection> ... [--format <format>]\n"), help)
    XCTAssertThrowsError(try CommandRegistry.parse(["new", "campaign", "Sans"], session: session)) { error in
      XCTAssertEqual(
        (error as? ShellError)?.message,
        "new campaign : argument manquant : --selection <selection> ... (voir « help new campaign »)")
    }
  }

  func testFindFollowsAliases() throws {
    XCTAssertEqual(CommandRegistry.find(["aide"]).map { CommandRegistry.commandName($0.type) }, "help")
    XCTAssertEqual(CommandRegistry.find(["quitter"]).map { CommandRegistry.commandName($0.type) }, "quit")
    XCTAssertNil(CommandRegistry.find(["nope"]))
  }

  /// What parsing `line` (split at spaces) says, nil when it parses.
  static func parseError(_ line: String, _ session: Session) -> String? {
    // Quotes read as the shell reads them (`fiche "-Vivre relié"` is two words).
    let words = (try? Tokenizer.split(line).first) ?? []
    do {
      _ = try CommandRegistry.parse(words, found: CommandRegistry.find(words), session: session)
      return nil
    } catch {
      return (error as? ShellError)?.message
    }
  }

  /// A slip on a subcommand is one, with the nearest, for a group (`new campain`) and for a command that
  /// also runs alone (`snapshots prun`, which took «prun» for an argument too many); another word there is
  /// still an argument too many, and `snapshots`' own options still reach it.
  func testASlipOnASubcommandIsSaidSo() throws {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    func message(_ line: String) -> String? { Self.parseError(line, session) }
    XCTAssertEqual(
      message("snapshots prun"),
      "« snapshots » n'a pas de sous-commande « prun » : prune. Vouliez-vous dire « prune » ?")
    XCTAssertEqual(
      message("new campain"),
      "« new » n'a pas de sous-commande « campain » : campaign. Vouliez-vous dire « campaign » ?")
    XCTAssertEqual(message("snapshots foo"), "snapshots : argument en trop : « foo » (voir « help snapshots »)")
    XCTAssertNil(message("snapshots --format json"))
    XCTAssertNil(message("exports élaguer --dry-run"))
  }

  /// A no-break space, a zero-width space or a byte order mark pasted into a command from a document
  /// (Word puts them where a space or nothing shows) is shown in its error as `\u{a0}`, as a control is:
  /// the error repeated the very word that looks right («commande inconnue « fiches --no-email »»,
  /// «option inconnue : --no-email ; vouliez-vous dire --no-email ?»).
  func testInvisibleCharactersTypedAreShownInTheirError() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    func message(_ line: String) -> String? { Self.parseError(line, session) }
    XCTAssertEqual(message("fiches\u{a0}--no-email"), "commande inconnue « fiches\\u{a0}--no-email ».")
    XCTAssertEqual(
      message("\u{feff}fiches"), "commande inconnue « \\u{feff}fiches ». Vouliez-vous dire « fiches » ?")
    XCTAssertEqual(
      message("fiches --no-email\u{200b}"),
      "fiches : option inconnue : --no-email\\u{200b} ; vouliez-vous dire --no-email ? (voir « help fiches »)")
    XCTAssertEqual(
      message("snapshots prune\u{202f}"),
      "« snapshots » n'a pas de sous-commande « prune\\u{202f} » : prune. Vouliez-vous dire « prune » ?")
    XCTAssertEqual(
      message("fiche 1 \u{2060}"), "fiche : argument en trop : « \\u{2060} » (voir « help fiche »)")
    // Accents are no such thing.
    XCTAssertEqual(message("fichés"), "commande inconnue « fichés ». Vouliez-vous dire « fiches » ?")
    session.settings.language = .en
    XCTAssertEqual(
      message("fiches --no-email\u{200b}"),
      "fiches: unknown option: --no-email\\u{200b}; did you mean --no-email? (see \"help fiches\")")
  }

  /// What swift-argument-parser really says, in French and in English: each of its forms met here is
  /// worded whole in the catalogue's style (a new wording after an upgrade fails here instead of reaching
  /// users as the parser writes it).
  func testArgumentErrorsAreWordedInTheSessionsLanguage() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    func message(_ line: String) -> String? { Self.parseError(line, session) }
    let expected = [
      "history -n abc": "history : valeur « abc » impossible pour -n <n> (voir « help history »)",
      "fiche": "fiche : argument manquant : <fiche> (voir « help fiche »)",
      "fiche 1 2": "fiche : argument en trop : « 2 » (voir « help fiche »)",
      "fiche 1 2 3": "fiche : 2 arguments en trop : « 2 », « 3 » (voir « help fiche »)",
      // A line of thousands of words: the first eight, and how many more.
      "fiche 1 " + (2...20).map(String.init).joined(separator: " "):
        "fiche : 19 arguments en trop : « 2 », « 3 », « 4 », « 5 », « 6 », « 7 », « 8 », « 9 », … (+11) "
        + "(voir « help fiche »)",
      // A text with spaces typed without quotes, an option's value or the first argument: said how to quote it.
      "audience --status Email à transmettre":
        "audience : 2 arguments en trop : « à », « transmettre » ; un texte avec des espaces se met entre guillemets : "
        + "--status \"Email à transmettre\" (voir « help audience »)",
      "new campaign Été 2027 --selection 49001":
        "new campaign : argument en trop : « 2027 » ; un texte avec des espaces se met entre guillemets : "
        + "\"Été 2027\" (voir « help new campaign »)",
      // A text that starts with a dash is read as an option: said where it goes, after «--» (as in sh).
      "fiche -5": "fiche : argument manquant : <fiche> ; un texte qui commence par un tiret se donne après « -- » : "
        + "fiche -- -5 (voir « help fiche »)",
      "fiche \"-Vivre relié\" --raw":
        "fiche : argument manquant : <fiche> ; un texte qui commence par un tiret se donne après « -- » : "
        + "fiche --raw -- \"-Vivre relié\" (voir « help fiche »)",
      "fiches --no-email Galibier x": "fiches : 2 arguments en trop : « Galibier », « x » (voir « help fiches »)",
      "fiches --bogus": "fiches : option inconnue : --bogus (voir « help fiches »)",
      "fiches --serch x": "fiches : option inconnue : --serch ; vouliez-vous dire --search ? (voir « help fiches »)",
      "fiches --type": "fiches : valeur manquante pour --type <type> (voir « help fiches »)",
      "fiches --format xml":
        "fiches : valeur « xml » impossible pour --format <format> (valeurs : table, csv, json) (voir « help fiches »)",
      "fiches --no-email=3":
        "fiches : l'option --no-email ne prend pas de valeur (« 3 » donné) (voir « help fiches »)",
      "history -n5":
        "history : option inconnue : -n5 ; une option courte et sa valeur se séparent par une espace : -n 5 "
        + "(voir « help history »)",
    ]
    for (line, french) in expected { XCTAssertEqual(message(line), french, line) }
    XCTAssertEqual(ParserMessage.reworded("Missing required subcommand.", Catalogue(.fr)), "sous-commande manquante")
    XCTAssertNil(ParserMessage.reworded("Something new", Catalogue(.fr)), "an unknown form is left as it is")
    session.settings.language = .en
    let english = [
      "history -n abc": "history: value \"abc\" is not possible for -n <n> (see \"help history\")",
      "quit abc": "quit: value \"abc\" is not possible for <status> (see \"help quit\")",
      "source": "source: missing argument: <file> (see \"help source\")",
      "fiche 1 2": "fiche: unexpected argument: \"2\" (see \"help fiche\")",
      "fiche 1 2 3": "fiche: 2 unexpected arguments: \"2\", \"3\" (see \"help fiche\")",
      "why hotel galibier": "why: unexpected argument: \"galibier\"; a text with spaces goes in quotes: "
        + "\"hotel galibier\" (see \"help why\")",
      "why -5": "why: missing argument: <fiche>; a text starting with a dash goes after \"--\": why -- -5 "
        + "(see \"help why\")",
      "fiches --bogus": "fiches: unknown option: --bogus (see \"help fiches\")",
      "fiches --serch x": "fiches: unknown option: --serch; did you mean --search? (see \"help fiches\")",
      "fiches --type": "fiches: missing value for --type <type> (see \"help fiches\")",
      "fiches --format xml":
        "fiches: value \"xml\" is not possible for --format <format> (values: table, csv, json) (see \"help fiches\")",
      "fiches --no-email=3": "fiches: option --no-email takes no value (\"3\" given) (see \"help fiches\")",
      "history -n5":
        "history: unknown option: -n5; a short option and its value are separated by a space: -n 5 (see \"help history\")",
    ]
    for (line, words) in english { XCTAssertEqual(message(line), words, line) }
    XCTAssertEqual(ParserMessage.reworded("Missing required subcommand.", Catalogue(.en)), "missing subcommand")
  }

  /// A line of many words is parsed at once (swift-argument-parser takes time in their square: 5 s for
  /// `echo` and 4,000 words, minutes for 20,000), and as the parser alone would parse it.
  func testManyWordsAreParsedAtOnceAndAsTheParserWould() throws {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    func parse(_ words: [String]) throws -> any ShellCommand {
      try CommandRegistry.parse(words, found: CommandRegistry.find(words), session: session)
    }
    let ids = (1...20_000).map(String.init)
    let started = Date()
    let echo = try XCTUnwrap(try parse(["echo"] + ids) as? Echo)
    let send = try XCTUnwrap(try parse(["send", "--dry-run"] + ids + ["--yes"] + ids) as? Send)
    XCTAssertLessThan(Date().timeIntervalSince(started), 20, "a deadline far above the time it takes")
    XCTAssertEqual(echo.text, ids)
    XCTAssertEqual(send.fiches.map(\.text), ids + ids)
    XCTAssertTrue(send.dryRun && send.yes && !send.all)

    let lines = [
      "echo a b c d e f g h", "echo a -n b c d e f g h i", "echo a b --help c d e f g h",
      "set format a b c d e f g", "open campaign Mise à jour de l'été 2027 sans fin",
      "send 1 2 --all 3 4 5 6 7 8 9", "send --yes 1 2 3 4 5 6 7 -- -8 9",
    ]
    for line in lines {
      let words = line.split(separator: " ").map(String.init)
      let found = try XCTUnwrap(CommandRegistry.find(words))
      let alone = try (found.type as! any ShellCommand.Type).parse(Array(words.dropFirst(found.consumed)))
      XCTAssertEqual(String(describing: try parse(words)), String(describing: alone), line)
    }
    XCTAssertThrowsError(try parse(["send", "--bogus"] + ids.prefix(9))) { error in
      XCTAssertEqual((error as? ShellError)?.message, "send : option inconnue : --bogus (voir « help send »)")
    }
  }

  /// `--lang en` shows every command's abstract and every argument's help in English, and `help` in
  /// French has no English left from the parser.
  func testHelpIsInTheSessionsLanguageForEveryCommandAndGroup() {
    let named = Self.everyCommand()
    XCTAssertGreaterThan(named.count, 40)
    let en = Catalogue(.en), fr = Catalogue(.fr)
    for (name, type) in named {
      let key = "abstract." + name.replacingOccurrences(of: " ", with: ".")
      XCTAssertNotEqual(en(key), key, "no English abstract for \(name)")
      let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
      session.settings.language = .en
      let english = Help.details(type, name: name, session: session)
      XCTAssertTrue(english.hasPrefix(en(key)), name)
      let englishInOneLine = english.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      // The argument lines: every help text the declarations give in French has its English.
      for french in Self.argumentHelps(ShellRoot.self, type) {
        XCTAssertNotNil(Catalogue.englishArgumentHelp[french], "\(name): no English for «\(french)»")
        XCTAssertTrue(englishInOneLine.contains(Catalogue.englishArgumentHelp[french] ?? "∅"), "\(name): \(english)")
      }
      // Its examples as an English-speaking user writes them: no French word the shell reads in both.
      let examples = english.components(separatedBy: en("help.examples")).dropFirst().joined()
      for word in ["demain", "aujourd'hui", "réelle"] {
        XCTAssertFalse(examples.contains(word), "\(name): «\(word)» in the English examples:\(examples)")
      }
      Self.assertValuesSaidOnce(ShellRoot.helpMessage(for: type, includeHidden: false, columns: 10_000), name)
      session.settings.language = .fr
      let french = Help.details(type, name: name, session: session)
      for english in ["(values:", "(default:", "Show help", "See '", "USAGE", "OPTIONS", "ARGUMENTS"] {
        XCTAssertFalse(french.contains(english), "\(name): «\(english)» in\n\(french)")
      }
    }
    _ = fr
    // Each English example stands for one the declarations give.
    let declared = Set(CommandRegistry.all.flatMap { $0.type.examples })
    for french in Catalogue.englishExamples.keys { XCTAssertTrue(declared.contains(french), "no example «\(french)»") }
    Self.assertValuesSaidOnce(OeshCommand.helpMessage(columns: 10_000), "oesh")
    // oesh's own options and subcommands (`oesh --lang en --help`).
    for type in [OeshCommand.self] + OeshCommand.configuration.subcommands {
      for french in Self.argumentHelps(OeshCommand.self, type) {
        XCTAssertNotNil(Catalogue.englishArgumentHelp[french], "oesh: no English for «\(french)»")
      }
    }
  }

  /// An option whose values the parser lists after its help («(valeurs : table, csv, json)») does not list
  /// them in its help as well: «table, csv ou json (valeurs : table, csv, json)» said them twice.
  static func assertValuesSaidOnce(_ help: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    var listed = 0
    for text in help.split(separator: "\n") {
      guard let open = text.range(of: "(values: "), let close = text[open.upperBound...].firstIndex(of: ")") else {
        continue
      }
      listed += 1
      let values = text[open.upperBound..<close].components(separatedBy: ", ")
      let words = Set(text[..<open.lowerBound].split { !$0.isLetter && !$0.isNumber }.map(String.init))
      XCTAssertFalse(values.allSatisfy(words.contains), "\(name): «\(text)»", file: file, line: line)
    }
    if help.contains("--format") {
      XCTAssertGreaterThan(listed, 0, "\(name): no values listed", file: file, line: line)
    }
  }

  /// A command that takes `--format` is a `Listing`, which a `> FILE.csv` or `.json` may get, or a
  /// `Report`, which a `> FILE.json` may get (its JSON document); the others write only text, and such a
  /// file is refused (RedirectionTests).
  func testCommandsTakingFormatAreListingsOrReports() {
    var listings = 0
    var reports: [String] = []
    for (name, type) in CommandRegistry.all {
      let takesFormat = ShellRoot.helpMessage(for: type, includeHidden: false, columns: 10_000).contains("--format")
      XCTAssertEqual(takesFormat, type is any Listing.Type || type is any Report.Type, name)
      XCTAssertFalse(type is any Listing.Type && type is any Report.Type, name)
      if type is any Listing.Type { listings += 1 }
      if type is any Report.Type { reports.append(name) }
    }
    XCTAssertGreaterThan(listings, 10)
    XCTAssertEqual(
      reports.sorted(), ["actualiser", "diff", "import", "new campaign", "nuit", "send", "snapshots prune", "sync"])
  }

  /// Every command and subcommand of the shell, with its whole name (`apidae new fiche`).
  /// An option that may be given more than once says so in its help, in each language: `apidae selection`
  /// said «(répétable)» of --add-type alone, and --remove-type, --include, --exclude, `audience --status`
  /// looked as if one value were all they took.
  func testEveryRepeatableOptionSaysSo() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    var checked = 0
    for (name, type) in Self.everyCommand() {
      let help = ShellRoot.helpMessage(for: type, includeHidden: false, columns: 10_000)
      let usage = help.split(separator: "\n").first { $0.hasPrefix("USAGE:") } ?? ""
      for match in usage.matches(of: /\[(--[a-z-]+) <[a-z-]+> \.\.\.\]/) {
        let option = String(match.1)
        checked += 1
        for language in Language.allCases {
          session.settings.language = language
          let line = Help.details(type, name: name, session: session).split(separator: "\n")
            .drop { !$0.hasPrefix("  \(option) ") }.prefix(2).joined(separator: " ")
          let says = language == .fr ? ["répétable", "répété"] : ["repeatable", "repeated"]
          XCTAssertTrue(says.contains { line.contains($0) }, "\(name) \(option) (\(language)): \(line)")
        }
      }
    }
    XCTAssertGreaterThan(checked, 8)
  }

  static func everyCommand() -> [(String, ParsableCommand.Type)] {
    var named: [(String, ParsableCommand.Type)] = []
    func walk(_ types: [ParsableCommand.Type], prefix: String) {
      for type in types {
        let name = prefix + CommandRegistry.commandName(type)
        named.append((name, type))
        walk(type.configuration.subcommands, prefix: name + " ")
      }
    }
    walk(CommandRegistry.topLevel, prefix: "")
    return named
  }

  /// The help texts of `type`'s arguments and options, as declared (the parser's own left out).
  static func argumentHelps(_ root: ParsableCommand.Type, _ type: ParsableCommand.Type) -> [String] {
    let unwrapped = root.helpMessage(for: type, includeHidden: false, columns: 10_000)
    return unwrapped.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("  -") || line.hasPrefix("  <") else { return nil }
      let help = line.drop(while: { $0 == " " }).split(separator: "  ", maxSplits: 1).last.map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard let help, !help.isEmpty, !["Show help information.", "Show the version."].contains(help) else { return nil }
      let french = help.components(separatedBy: " (values: ")[0].components(separatedBy: " (default: ")[0]
      return line.contains(french) && !french.hasPrefix("-") && !french.hasPrefix("<") ? french : nil
    }
  }

  func testHelpOnAWordThatIsNoCommandListsTheCommandsThatSpeakOfIt() {
    XCTAssertEqual(Help.mentioning("masquage", Catalogue(.fr)).map(\.name), ["apidae hide"])
    XCTAssertEqual(Help.mentioning("ENVELOPPE", Catalogue(.fr)).map(\.name), ["send"], "case and accents ignored")
    XCTAssertEqual(Help.mentioning("envelope", Catalogue(.en)).map(\.name), ["send"])
    XCTAssertTrue(Help.mentioning("INSEE", Catalogue(.fr)).map(\.name).contains("fiches"), "an option's help")
    XCTAssertEqual(Help.mentioning("zzz", Catalogue(.fr)).map(\.name), [])
    XCTAssertEqual(Help.mentioning("e", Catalogue(.fr)).map(\.name), [], "one letter says nothing")
  }

  func testArgumentLinesAreCutUnderTheirHelp() {
    let long = "  --remove-commune <c>    " + String(repeating: "mot ", count: 30)
    let lines = Help.wrapped(long, width: 60)
    XCTAssertGreaterThan(lines.count, 1)
    XCTAssertEqual(lines[0].prefix(26), long.prefix(26))
    for line in lines {
      XCTAssertLessThanOrEqual(line.count, 60, line)
      XCTAssertEqual(line.split(separator: " ").count > 0, true)
    }
    for line in lines.dropFirst() { XCTAssertTrue(line.hasPrefix(String(repeating: " ", count: 26) + "mot"), line) }
    XCTAssertEqual(
      lines.joined(separator: " ").split(separator: " ").joined(separator: " "),
      long.split(separator: " ").joined(separator: " "), "no word lost")
    XCTAssertEqual(Help.wrapped("Usage : " + String(repeating: "x ", count: 80)).count, 1, "only argument lines")
  }

  func testSuggestsTheNearestName() {
    XCTAssertEqual(CommandRegistry.suggestion(for: "ehco"), "echo")
    XCTAssertEqual(CommandRegistry.suggestion(for: "hepl"), "help")
    XCTAssertEqual(CommandRegistry.suggestion(for: "histroy"), "history")
    XCTAssertNil(CommandRegistry.suggestion(for: "zzzzzz"))
    XCTAssertEqual(CommandRegistry.suggestion(for: "snapshot"), "snapshots")
    XCTAssertEqual(CommandRegistry.suggestion(for: "actualisers"), "actualiser")
  }

  /// What psql, sqlite3, vi or less quit with is suggested as `quit`, not run (`q` after leaving the pager
  /// must not end the session) and not as the nearest name by spelling (`q` was «?»).
  func testOtherToolsQuitWordsSuggestQuit() throws {
    for word in ["q", "\\q", ".quit", ".exit", ":q", "logout"] {
      XCTAssertEqual(CommandRegistry.suggestion(for: word), "quit", word)
    }
    XCTAssertEqual(CommandRegistry.suggestion(for: ".help"), "help")
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let r = try OeshProcess.run(["-w", "ws", "--keep-going"], cwd: dir, stdin: "q\necho encore là\n")
    XCTAssertEqual(r.stderr, "stdin:1: commande inconnue « q ». Vouliez-vous dire « quit » ?\n")
    XCTAssertEqual(r.stdout, "encore là\n")
  }

  /// A whole file pasted as one word: the error repeats its first 79 characters and «…», at once
  /// (the nearest name was looked for over its 300,000 characters: 20 s).
  func testALongUnknownWordIsCutInItsErrorAndFoundNearNothingAtOnce() throws {
    let word = String(repeating: "x", count: 300_000)
    let started = Date()
    XCTAssertNil(CommandRegistry.suggestion(for: word))
    XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    try (word + "\nhelp " + word + "\n").write(
      to: dir.appendingPathComponent("collé.oesh"), atomically: true, encoding: .utf8)
    let r = try OeshProcess.run(["-w", "ws", "--keep-going", "-f", "collé.oesh"], cwd: dir)
    XCTAssertEqual(r.status, 2)
    let shown = String(repeating: "x", count: 79) + "…"
    XCTAssertEqual(
      r.stderr,
      "collé.oesh:1: commande inconnue « \(shown) ».\ncollé.oesh:2: commande inconnue « \(shown) ».\n")
  }

  func testCatalogueHasEveryKeyInEveryLanguage() {
    let fr = Set(Catalogue.french.keys), en = Set(Catalogue.english.keys)
    XCTAssertEqual(fr.subtracting(en).sorted(), [], "missing in English")
    XCTAssertEqual(en.subtracting(fr).filter { !$0.hasPrefix("abstract.") }.sorted(), [], "missing in French")
    XCTAssertEqual(Catalogue(.fr)("error.did_you_mean", "sync"), "Vouliez-vous dire « sync » ?")
    // An unknown key is its own template: placeholders in it show how arguments are put in.
    XCTAssertEqual(
      Catalogue(.fr).format("Hôtel {0} « {x} » {5} {1}} {", ["é", "b\u{1b}[31m"]), "Hôtel é « {x} » {5} b\\e[31m} {")
    XCTAssertEqual(Catalogue(.fr).format("{1}{0}{{0}", [1, 2]), "21{1")
    XCTAssertEqual(Catalogue(.fr).format("sans accolade", [1]), "sans accolade")
    // Every system failure the lower layers name has words in each language.
    for name in errnoNames.values.sorted() {
      XCTAssertNotNil(Catalogue.french["system." + name], name)
      XCTAssertNotEqual(systemText(name, Catalogue(.en)), name)
    }
    XCTAssertEqual(systemText("ENOSPC", Catalogue(.fr)), "plus de place sur le disque")
    XCTAssertEqual(systemText("errno 71", Catalogue(.fr)), "erreur inattendue (détail : errno 71)", "a code kept")
    XCTAssertEqual(systemText("errno 71", Catalogue(.en)), "unexpected error (detail: errno 71)")
  }

  /// A sync stopped by a bad export says what stays imported, or that nothing is, or (dry run) where it
  /// would stop.
  func testAStoppedSyncSaysWhatItKept() throws {
    let name = try XCTUnwrap(ExportName.parse("4242_20270301-1700_Bad001"))
    let error = ExportError(export: "4242_20270301-1700_Bad001.zip", reason: .notAZip)
    let at = LocalDateTime(year: 2027, month: 3, day: 1, hour: 17)
    func said(_ report: SyncReport) -> String {
      Interpreter.present(SyncError.badExport(name: name, error: error, report: report), Catalogue(.fr)).message
    }
    XCTAssertTrue(said(SyncReport(at: at, dryRun: false)).contains("Rien n'est importé"))
    XCTAssertTrue(
      said(SyncReport(at: at, dryRun: true)).contains("La synchronisation s'arrêterait là, après 0 export"))
  }

  func testExitStatusMapping() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "echo ok"], cwd: dir).status, 0)
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "source nope.oesh"], cwd: dir).status, 1)
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "nope"], cwd: dir).status, 2)
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "--bogus"], cwd: dir).status, 2)
    // oesh's own options are refused in the user's language, as a command's are.
    XCTAssertEqual(
      try OeshProcess.run(["-w", "ws", "--bogus"], cwd: dir).stderr,
      "oesh: option inconnue : --bogus (voir « oesh --help »)\n")
    XCTAssertEqual(
      try OeshProcess.run(["--format", "xml", "-w", "ws"], cwd: dir).stderr,
      "oesh: valeur « xml » impossible pour --format <format> (valeurs : table, csv, json) (voir « oesh --help »)\n")
    XCTAssertEqual(
      try OeshProcess.run(["--lang", "en", "-w"], cwd: dir).stderr,
      "oesh: missing value for -w <workspace> (see \"oesh --help\")\n")
    XCTAssertEqual(
      try OeshProcess.run(["--lang", "en", "--bogus"], cwd: dir).stderr,
      "oesh: unknown option: --bogus (see \"oesh --help\")\n")
    // A value glued to its short option, as getopt takes it: said how to write it, not the parser's
    // English on one line with a «\n» in it.
    XCTAssertEqual(
      try OeshProcess.run(["-w", "ws", "-cfiches"], cwd: dir).stderr,
      "oesh: option inconnue : -cfiches ; une option courte et sa valeur se séparent par une espace : -c fiches "
        + "(voir « oesh --help »)\n")
    let missing = try OeshProcess.run(["-w", "nowhere", "-c", "quit"], cwd: dir)
    XCTAssertEqual(missing.status, 3)
    XCTAssertTrue(missing.stderr.contains("oesh init"), missing.stderr)
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("plain"), withIntermediateDirectories: true)
    XCTAssertEqual(try OeshProcess.run(["-w", "plain", "-c", "quit"], cwd: dir).status, 3)
    // $OESH_WORKSPACE is used when there is no --workspace.
    XCTAssertEqual(
      try OeshProcess.run(["-c", "echo ok"], cwd: dir, env: ["OESH_WORKSPACE": dir.appendingPathComponent("ws").path])
        .status, 0)
    // Without --keep-going, the first failure stops: "after" is never printed.
    let stop = try OeshProcess.run(["-w", "ws", "-c", "nope", "-c", "echo after"], cwd: dir)
    XCTAssertEqual(stop.status, 2)
    XCTAssertEqual(stop.stdout, "")
    XCTAssertTrue(stop.stderr.hasPrefix("-c:1: "), stop.stderr)
    let go = try OeshProcess.run(
      ["-w", "ws", "--keep-going", "-c", "source nope.oesh", "-c", "nope", "-c", "echo after"], cwd: dir)
    XCTAssertEqual(go.status, 2)
    XCTAssertEqual(go.stdout, "after\n")
  }

  /// `help actualiser` said «Relit les sélections de la campagne ouverte» and not that they are read as the
  /// last `sync` imported them, the procedure's whole point; `help send` not that a fiche new to the
  /// sélection needs `actualiser` first. Each command of the procedure says its step, its Open Edit screen
  /// and what comes before or after, in both languages; `help` names the procedure's commands in order.
  func testHelpOfEachStepOfTheProcedureTeachesItsPlace() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    let steps: [(String, ParsableCommand.Type, fr: [String], en: [String])] = [
      ("sync", Sync.self, ["jamais l'audience des campagnes", "actualiser"], ["never the campaigns' audience"]),
      (
        "open campaign", OpenCampaign.self, ["Campagnes › intitulé de la campagne"],
        ["Campagnes › the campaign's title"]
      ),
      ("audience", Audience.self, ["« sync » puis « actualiser »"], ["\"sync\" then \"actualiser\""]),
      (
        "actualiser", Actualiser.self,
        ["telles que le dernier « sync » les a importées", "send ID, le picto enveloppe"],
        ["as the last \"sync\" imported", "send ID, the envelope icon"]
      ),
      (
        "send", Send.self, ["« actualiser » d'abord", "« Email transmis »", "le picto enveloppe de l'offre"],
        ["\"actualiser\" first", "«Email transmis»", "the offre's envelope icon", "(the envelope icon)"]
      ),
      ("why", Why.self, ["à quelle étape"], ["which step"]),
    ]
    for (name, type, french, english) in steps {
      session.settings.language = .fr
      let fr = Help.details(type, name: name, session: session)
      XCTAssertTrue(fr.contains("\n\nDans la procédure « Ajouter une fiche dans une campagne en cours » : "), fr)
      for text in french { XCTAssertTrue(fr.contains(text), "help \(name) lacks «\(text)»:\n\(fr)") }
      session.settings.language = .en
      let en = Help.details(type, name: name, session: session)
      XCTAssertTrue(en.contains("\n\nIn the procedure «Ajouter une fiche dans une campagne en cours»: "), en)
      for text in english { XCTAssertTrue(en.contains(text), "help \(name) lacks «\(text)»:\n\(en)") }
    }
    session.settings.language = .fr
    // The tutorial «l'enseigne»: «l'apprend», without whom it is taught to, read as the tutorial learning it.
    XCTAssertTrue(
      Help.overview(session).contains(
        "La procédure « Ajouter une fiche dans une campagne en cours » : sync, open campaign, audience, actualiser, "
          + "send ; « tutorial » l'enseigne pas à pas, « why ID » dit où une fiche en est."))
    session.settings.language = .en
    XCTAssertTrue(
      Help.overview(session).contains(
        "The procedure «Ajouter une fiche dans une campagne en cours»: sync, open campaign, audience, actualiser, "
          + "send; \"tutorial\" teaches it step by step, \"why ID\" says where a fiche stands."))
  }

  /// The examples of the procedure's steps showed options only: `help actualiser` gave `actualiser --dry-run`
  /// and no `actualiser`, `help open campaign` an id and not a title, which the procedure clicks. Each now
  /// shows the step as it is typed first (the test suite runs every example).
  func testHelpShowsEachStepOfTheProcedureAsItIsTyped() {
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    for (name, type, example) in [
      ("open campaign", OpenCampaign.self as ParsableCommand.Type, "open campaign \"Mise à jour 2027\""),
      ("actualiser", Actualiser.self, "actualiser"), ("send", Send.self, "send 5100010"),
      ("sync", Sync.self, "sync"),
    ] {
      let help = Help.details(type, name: name, session: session)
      let examples = help.components(separatedBy: "Exemples :\n").last ?? ""
      XCTAssertTrue(examples.hasPrefix("  \(example)\n"), "help \(name):\n\(help)")
    }
  }
}
