import Foundation
import XCTest

/// `COMMAND > FILE` and `>> FILE` with the real binary: the results go to the file, in the format its
/// name says unless the command says another; messages and errors stay on standard error.
final class RedirectionTests: DemoWorkspaceTestCase {
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

  /// `~/` is the home folder (`$HOME`) for a redirection and for `import`, as in sh; quoted, a folder named `~`.
  func testTildeIsTheHomeFolder() throws {
    let home = dir.appendingPathComponent("maison")
    try FileManager.default.createDirectory(
      at: home.appendingPathComponent("Mes exports"), withIntermediateDirectories: true)
    let export = "3126_20190215-0156_H8zWaD.zip"
    try FileManager.default.copyItem(
      at: OeshProcess.hotentic.appendingPathComponent("json_export.zip"),
      to: home.appendingPathComponent("Mes exports/" + export))
    let r = try OeshProcess.run(["-w", "ws", "-c", "selections > ~/sel.csv"], cwd: dir, env: ["HOME": home.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      try String(contentsOf: home.appendingPathComponent("sel.csv"), encoding: .utf8),
      try oesh("selections --format csv").stdout)
    // The real export's project, into a workspace of its own.
    XCTAssertEqual(try OeshProcess.run(["init", "vide"], cwd: dir).status, 0)
    let imported = try OeshProcess.run(
      ["-w", "vide", "-c", "import ~/\"Mes exports\"/" + export], cwd: dir, env: ["HOME": home.path])
    XCTAssertEqual(imported.status, 0, imported.stderr)
    XCTAssertTrue(
      FileManager.default.fileExists(atPath: dir.appendingPathComponent("vide/snapshots/" + export).path),
      imported.stderr)
    let quoted = try OeshProcess.run(
      ["-w", "ws", "-c", "selections > \"~/sel2.csv\""], cwd: dir, env: ["HOME": home.path])
    XCTAssertEqual(quoted.status, 1)
    XCTAssertTrue(quoted.stderr.contains("~/sel2.csv"), quoted.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent("sel2.csv").path))
  }

  /// What opens a campaign and what explains the clicks are messages: a pipe or a file gets the results
  /// alone (`open campaign 1` then `audience --format json | jq`; `explain on` then `campaigns > c.json`).
  func testMessagesStayOffThePipeAndTheFile() throws {
    let piped = try oesh("explain on", "open campaign 1", "audience --format json", "close")
    XCTAssertEqual(piped.status, 0, piped.stderr)
    let offres = try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [[String: Any]]
    XCTAssertEqual(offres?.count, 19, piped.stdout)
    XCTAssertTrue(piped.stderr.contains(demoOpened.fr), piped.stderr)
    XCTAssertTrue(piped.stderr.contains("↳ Open Edit › Campagnes › Mise à jour 2027 › Audience\n"), piped.stderr)
    XCTAssertTrue(piped.stderr.hasSuffix("Campagne « Mise à jour 2027 » fermée.\n"), piped.stderr)

    let filed = try oesh("explain on", "campaigns > c.json", "campaigns --format csv > c.csv")
    XCTAssertEqual(filed.stdout, "")
    XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(try file("c.json").utf8)) as? [[String: Any]])
    let csv = try file("c.csv")
    XCTAssertEqual(csv.split(separator: "\n").count, 2, csv)
    XCTAssertEqual(filed.stderr.components(separatedBy: "↳ Open Edit › Campagnes").count, 3, filed.stderr)
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
      ("ws/snapshots/x.zip", "snapshots/"), ("ws/outbox/a.eml", "outbox/"), ("ws/.oesh_history", ".oesh_history"),
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

  /// `2>` and sh's other redirections of standard error are a usage error, not a search for «2» written
  /// into the file; quoted, they are text.
  func testARedirectionOfStandardErrorIsRefused() throws {
    let r = try oesh("fiches --search 2> e.log", "echo après")
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(r.stdout, "", "the script stops there")
    XCTAssertEqual(
      r.stderr,
      "-c:1: « 2> » : oesh ne redirige pas la sortie d'erreur (colonne 17) ; les erreurs y vont déjà : redirigez "
        + "celle d'oesh dans le shell qui le lance (oesh -c … 2> erreurs.log), ou mettez « 2> » entre guillemets "
        + "pour l'écrire\n")
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("e.log").path))
    let english = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "echo a > h.txt 2>&1"], cwd: dir)
    XCTAssertEqual(english.status, 2)
    XCTAssertEqual(
      english.stderr,
      "-c:1: \"2>&1\": oesh does not redirect standard error (column 16); errors already go there: redirect "
        + "oesh's own in the shell that runs it (oesh -c … 2> errors.log), or quote \"2>&1\" to write it\n")
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("h.txt").path))
    let quoted = try oesh(#"echo a "2>" b > h.txt"#)
    XCTAssertEqual(quoted.status, 0, quoted.stderr)
    XCTAssertEqual(try file("h.txt"), "a 2> b\n")
  }

  /// `1>` and `1>>` write standard output into the file, as sh's: `1>` was refused as a redirection of
  /// standard error.
  func testOneRedirectsStandardOutput() throws {
    let r = try oesh("echo a 1> h.txt", "echo b 1>>h.txt", "selections 1> s.json")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "")
    XCTAssertEqual(try file("h.txt"), "a\nb\n")
    let json = try file("s.json")
    XCTAssertTrue(json.hasPrefix("[{\"id\": 49001"), json)
    let other = try oesh("echo a 3> h.txt")
    XCTAssertEqual(other.status, 2)
    XCTAssertTrue(
      other.stderr.hasPrefix("-c:1: « 3> » : oesh ne redirige que sa sortie standard, avec > ou >> (colonne 8)"),
      other.stderr)
  }

  /// sh's `>|` is a usage error before any file is opened: it wrote «a p.txt» into a file named `|`.
  func testAClobberingRedirectionIsRefused() throws {
    let r = try oesh("fiches --no-email >| sans.csv", "echo après")
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(r.stdout, "", "the script stops there")
    XCTAssertEqual(
      r.stderr,
      "-c:1: « >| » : oesh ne connaît que « > » et « >> » (colonne 19) ; « > » remplace déjà un fichier qui existe\n")
    let english = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "echo a >>| p.txt"], cwd: dir)
    XCTAssertEqual(english.status, 2)
    XCTAssertEqual(
      english.stderr,
      "-c:1: \">>|\": oesh takes only \">\" and \">>\" (column 8); \">\" already replaces a file that exists\n")
    for name in ["|", "sans.csv", "p.txt"] {
      XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), name)
    }
  }

  /// The workspace's own files are refused by any other name: a symlink to one of its folders (the file
  /// not made yet), a symlink that leads nowhere yet, a hard link; `record` the same.
  func testAWorkspaceFileReachedThroughALinkIsRefused() throws {
    let fm = FileManager.default
    let ws = dir.appendingPathComponent("ws")
    let export = try fm.contentsOfDirectory(atPath: ws.appendingPathComponent("snapshots").path)
      .first { $0.hasSuffix(".zip") }!
    try fm.createSymbolicLink(atPath: dir.appendingPathComponent("sn_link").path, withDestinationPath: "ws/snapshots")
    try fm.createSymbolicLink(
      atPath: dir.appendingPathComponent("plus-tard.txt").path, withDestinationPath: "ws/outbox/nouveau.eml")
    try fm.linkItem(at: ws.appendingPathComponent("state.sqlite"), to: dir.appendingPathComponent("hard.sqlite"))
    try fm.linkItem(at: ws.appendingPathComponent("snapshots/" + export), to: dir.appendingPathComponent("copie.txt"))
    let listing = { (folder: String) in
      try fm.contentsOfDirectory(atPath: ws.appendingPathComponent(folder).path).sorted()
    }
    let (snapshots, outbox) = (try listing("snapshots"), try listing("outbox"))
    let state = try Data(contentsOf: ws.appendingPathComponent("state.sqlite"))
    for (target, kept) in [
      ("sn_link/4242_20270301-0200_ZZZZZZ.txt", "snapshots/"), ("plus-tard.txt", "outbox/"),
      ("hard.sqlite", "state.sqlite"), ("copie.txt", "snapshots/"),
    ] {
      let r = try oesh("echo x > \(target)")
      XCTAssertEqual(r.status, 1, target)
      XCTAssertEqual(
        r.stderr,
        "-c:1: impossible d'écrire dans \(target) : \(kept) appartient à l'espace de travail, oesh n'y écrit pas de résultats\n"
      )
    }
    let record = try oesh("record sn_link/session.oesh")
    XCTAssertEqual(record.status, 1)
    XCTAssertTrue(
      record.stderr.hasSuffix(": snapshots/ appartient à l'espace de travail, oesh n'y écrit pas de résultats\n"),
      record.stderr)
    XCTAssertEqual(try listing("snapshots"), snapshots)
    XCTAssertEqual(try listing("outbox"), outbox)
    XCTAssertEqual(try Data(contentsOf: ws.appendingPathComponent("state.sqlite")), state)
    XCTAssertEqual(try oesh("fiches --search galibier").status, 0, "the workspace still works")
    // A file of one's own with another link stays writable.
    try "avant\n".write(to: dir.appendingPathComponent("mien.txt"), atomically: true, encoding: .utf8)
    try fm.linkItem(at: dir.appendingPathComponent("mien.txt"), to: dir.appendingPathComponent("lien.txt"))
    XCTAssertEqual(try oesh("echo après > lien.txt").status, 0)
    XCTAssertEqual(try file("mien.txt"), "après\n")
  }

  /// A `.csv` or `.json` file for a command that writes only text is a usage error naming the command,
  /// before the file is opened: no file made, none emptied; listings (and `set`'s settings) still get it.
  func testACSVOrJSONFileForACommandWithoutThatFormatIsRefusedAndNotWritten() throws {
    try "ancien\n".write(to: dir.appendingPathComponent("diff.csv"), atomically: true, encoding: .utf8)
    let r = try oesh("open campaign 1", "why 5100001 > why.json", "echo après")
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(
      r.stderr,
      demoOpened.fr + "-c:2: why : pas de format JSON, rien n'est écrit dans why.json ; pour son texte, "
        + "un fichier .txt ou sans extension : why 5100001 > why.txt\n")
    XCTAssertFalse(r.stdout.contains("après"), "the script stops there")
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("why.json").path))
    let english = try OeshProcess.run(
      [
        "-w", "ws", "--lang", "en", "--keep-going", "-c", "diff pending >> diff.csv", "-c",
        "apidae hide 5100003 > 'le masquage.JSON'",
      ],
      cwd: dir)
    XCTAssertEqual(english.status, 2)
    XCTAssertEqual(
      english.stderr,
      "-c:1: diff: no CSV format, nothing is written to diff.csv; for its text, a .txt file or no extension: "
        + "diff pending >> diff.txt\n"
        + "-c:2: apidae hide: no JSON format, nothing is written to le masquage.JSON; for its text, a .txt file "
        + "or no extension: apidae hide 5100003 > \"le masquage.txt\"\n")
    XCTAssertEqual(try file("diff.csv"), "ancien\n", "nothing added")
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("le masquage.JSON").path))
    XCTAssertTrue(try oesh("apidae fiche 5100003 --format json").stdout.contains("\"state\": \"PUBLISHED\""), "not run")
    // Their text goes to any other name; commands that have the format keep it.
    let text = try oesh("open campaign 1", "why 5100001 > why.txt", "why 5100001 > why", "diff pending > diff.csv.txt")
    XCTAssertEqual(text.status, 0, text.stderr)
    XCTAssertEqual(try file("why.txt"), try file("why"))
    XCTAssertFalse(try file("why.txt").isEmpty)
    let listings = try oesh(
      "open campaign 1", "audience > audience.json", "fiche 5100001 > fiche.csv", "apidae fiche 5100001 > a.json",
      "set > réglages.csv", "journal > journal.csv")
    XCTAssertEqual(listings.status, 0, listings.stderr)
    XCTAssertTrue(try file("audience.json").hasPrefix("[{\"fiche_id\": "))
    XCTAssertTrue(try file("fiche.csv").hasPrefix("fiche_id,name,"))
    XCTAssertTrue(try file("a.json").hasPrefix("{\"fiche_id\": 5100001"))
    XCTAssertTrue(try file("réglages.csv").hasPrefix("name,value\n"))
    XCTAssertFalse(try file("journal.csv").isEmpty)
  }

  /// A command that does not parse (a slip on its name, an option or a value) is refused before its
  /// file is opened, as a format it has not is: `fichs > fiches.csv` keeps yesterday's list, where sh
  /// would have emptied it. Help asked for still goes into the file.
  func testACommandThatDoesNotParseLeavesItsFileAsItWas() throws {
    for name in ["fiches.csv", "liste.txt", "journal.json"] {
      try "d'hier\n".write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let r = try OeshProcess.run(
      [
        "-w", "ws", "--keep-going", "-c", "fichs > fiches.csv", "-c", "fiches --no-mail >> liste.txt", "-c",
        "fiche --raw > journal.json", "-c", "new > new.txt",
      ],
      cwd: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(
      r.stderr,
      "-c:1: commande inconnue « fichs ». Vouliez-vous dire « fiches » ?\n"
        + "-c:2: fiches : option inconnue : --no-mail ; vouliez-vous dire --no-email ? (voir « help fiches »)\n"
        + "-c:3: fiche : argument manquant : <fiche> (voir « help fiche »)\n"
        + "-c:4: « new » attend une sous-commande : campaign.\n")
    for name in ["fiches.csv", "liste.txt", "journal.json"] { XCTAssertEqual(try file(name), "d'hier\n", name) }
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("new.txt").path))
    let help = try oesh("fiches --help > aide.txt")
    XCTAssertEqual(help.status, 0, help.stderr)
    XCTAssertTrue(try file("aide.txt").contains("--no-email"))
  }

  /// `set > réglages.json` lists the session's settings as they are: its format too, not the JSON the
  /// file's name gives this one command (`"format": "json"` in a session in tables).
  func testTheSettingsWrittenToAFileAreTheSessions() throws {
    let r = try OeshProcess.run(
      ["-w", "ws", "--format", "csv", "-c", "set > réglages.json", "-c", "set expanded on > r.txt", "-c", "set"],
      cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let settings = try JSONSerialization.jsonObject(with: Data(try file("réglages.json").utf8)) as? [[String: String]]
    XCTAssertEqual(settings?.first { $0["name"] == "format" }?["value"], "csv")
    XCTAssertTrue(r.stdout.hasPrefix("name,value\nformat,csv\nexpanded,on\n"), r.stdout)
    let table = try oesh("set > réglages.csv")
    XCTAssertEqual(table.status, 0, table.stderr)
    let csv = try file("réglages.csv")
    XCTAssertTrue(csv.hasPrefix("name,value\nformat,table\n"), csv)
  }

  /// A script running, at any level and by any name (`-f`, `source`, standard input's file), is no
  /// file for results, as `record` refuses it: `oesh < in.oesh` whose `fiches > in.oesh` emptied it
  /// read the table written there as its next commands («stdin:5: commande inconnue « Type »»), and
  /// a `>>` ran the lines it added; a `-f` script was lost.
  func testARunningScriptIsNoFileForResults() throws {
    let script = "echo un\nfiches > in.oesh\necho deux\n"
    try write("in.oesh", script)
    let refusal =
      "impossible d'écrire dans in.oesh : c'est un script en cours d'exécution, oesh n'y écrit pas de résultats"
    let piped = try OeshProcess.run(
      ["-w", "ws"], cwd: dir, launcher: ["/bin/sh", "-c", #"exec "$0" "$@" < in.oesh"#, try OeshProcess.binary.path])
    XCTAssertEqual(piped.stdout, "un\n")
    XCTAssertEqual(piped.stderr, "stdin:2: \(refusal)\n")
    XCTAssertEqual(piped.status, 1)
    XCTAssertEqual(try file("in.oesh"), script, "the script is as it was")
    let sourced = try oesh("source in.oesh")
    XCTAssertEqual(sourced.stderr, "in.oesh:2: \(refusal) (depuis -c:1)\n")
    XCTAssertEqual(sourced.status, 1)
    // The outer script, by another name, and appended to: in English too.
    try write("out.oesh", "echo un\nsource in.oesh\n")
    try write("in.oesh", "echo un >> ./out.oesh\n")
    let outer = try OeshProcess.run(["-w", "ws", "--lang", "en", "-f", "out.oesh"], cwd: dir)
    let running = "it is a script running now; oesh writes no results there"
    XCTAssertEqual(outer.stderr, "in.oesh:1: cannot write to ./out.oesh: \(running) (from out.oesh:2)\n")
    XCTAssertEqual(try file("out.oesh"), "echo un\nsource in.oesh\n")
    XCTAssertEqual(try oesh("echo ok > in.oesh").status, 0, "a script not running is a file as any")
    // Standard input given to -c alone is no script: oesh never reads it, and its file is one for results;
    // given to `-f -` after, it is read as one, and kept.
    let binary = try OeshProcess.binary.path
    try write("data.txt", "hier\n")
    let notRead = try OeshProcess.run(
      ["-w", "ws", "-c", "echo nouveau > data.txt"], cwd: dir,
      launcher: ["/bin/sh", "-c", #"exec "$0" "$@" < data.txt"#, binary])
    XCTAssertEqual(notRead.stderr, "")
    XCTAssertEqual(notRead.status, 0)
    XCTAssertEqual(try file("data.txt"), "nouveau\n")
    try write("in.oesh", "echo lu\n")
    let readAfter = try OeshProcess.run(
      ["-w", "ws", "-c", "echo x > in.oesh", "-f", "-"], cwd: dir,
      launcher: ["/bin/sh", "-c", #"exec "$0" "$@" < in.oesh"#, binary])
    XCTAssertEqual(readAfter.stderr, "-c:1: \(refusal)\n")
    XCTAssertEqual(try file("in.oesh"), "echo lu\n")
  }

  /// A write that fails (here the full device) fails its command, with a message naming the file.
  func testAWriteThatFailsFailsTheCommand() throws {
    let full = try oesh("fiches > /dev/full", "echo après")
    XCTAssertEqual(full.status, 1)
    XCTAssertEqual(full.stdout, "", "the script stops there")
    XCTAssertEqual(full.stderr, "-c:1: impossible d'écrire dans /dev/full : plus de place sur le disque\n")
    let appended = try oesh("echo salut >> /dev/full")
    XCTAssertEqual(appended.status, 1)
    XCTAssertEqual(appended.stderr, "-c:1: impossible d'écrire dans /dev/full : plus de place sur le disque\n")
    let help = try OeshProcess.run(["-w", "ws", "--lang", "en", "-c", "fiche --help > /dev/full"], cwd: dir)
    XCTAssertEqual(help.status, 1)
    XCTAssertEqual(help.stderr, "-c:1: cannot write to /dev/full: no space left on the disk\n")
  }

  /// Standard output that cannot be written fails the command too; a reader that stops early (`| head`)
  /// is no failure, as for other tools, even where SIGPIPE is ignored.
  func testStandardOutputThatCannotBeWrittenFailsButAClosedPipeIsQuiet() throws {
    let binary = try OeshProcess.binary.path
    /// `script` run by sh with oesh as `$0`; its standard error and status.
    func shell(_ script: String) throws -> OeshProcess.Result {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/bin/sh")
      p.arguments = ["-c", script, binary]
      p.currentDirectoryURL = dir
      p.environment = ["PATH": "/usr/bin:/bin", "HOME": dir.path, "NO_COLOR": "1", "LANG": "C.UTF-8"]
      let err = Pipe()
      p.standardError = err
      p.standardOutput = FileHandle.nullDevice
      try p.run()
      let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      p.waitUntilExit()
      return OeshProcess.Result(stdout: "", stderr: text, status: p.terminationStatus)
    }
    let full = try shell(#""$0" -w ws -c fiches -c 'echo après' > /dev/full; echo "status $?" >&2"#)
    XCTAssertEqual(
      full.stderr,
      "-c:1: impossible d'écrire les résultats sur la sortie standard : plus de place sur le disque\nstatus 1\n")
    try String(repeating: "fiches\n", count: 50).write(
      to: dir.appendingPathComponent("long.oesh"), atomically: true, encoding: .utf8)
    let closed = try shell(#"trap '' PIPE; ("$0" -w ws -f long.oesh; echo "status $?" >&2) | head -c 10"#)
    XCTAssertEqual(closed.stderr, "status 0\n")
    // A standard output closed by the caller (`>&-`) is said so, not as «Invalid argument»: the number
    // is held, so that no file or event queue oesh opens takes it.
    for (language, reason) in [
      ("fr", "-c:1: impossible d'écrire les résultats sur la sortie standard : flux fermé"),
      ("en", "-c:1: cannot write the results to standard output: stream closed"),
    ] {
      let shut = try shell(#""$0" -w ws --lang "# + language + #" -c fiches -c 'echo après' >&-; echo "status $?" >&2"#)
      XCTAssertEqual(shut.stderr, reason + "\nstatus 1\n")
    }
  }

  /// The system's reasons are said in words in both languages, never as strerror's English (LANG=C): a
  /// loop of symbolic links, a name too long, a socket where the file should be.
  func testTheSystemsReasonsAreSaidInTheSessionsLanguage() throws {
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("boucle").path, withDestinationPath: "boucle")
    let long = String(repeating: "n", count: 300) + ".txt"
    let socketPath = dir.appendingPathComponent("prise").path
    let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    XCTAssertGreaterThanOrEqual(listener, 0)
    defer { close(listener) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: socketPath.utf8.prefix($0.count - 1)) }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    XCTAssertEqual(bound, 0)
    for (language, texts) in [
      ("fr", ["trop de liens symboliques enchaînés", "nom trop long", "rien ne répond derrière ce fichier spécial"]),
      ("en", ["too many symbolic links in a row", "name too long", "nothing answers behind this special file"]),
    ] {
      let r = try OeshProcess.run(
        [
          "--lang", language, "--keep-going", "-w", "ws", "-c", "echo a > boucle", "-c", "echo b > \(long)", "-c",
          "echo c > prise",
        ],
        cwd: dir)
      XCTAssertEqual(r.status, 1)
      let into = language == "fr" ? "impossible d'écrire dans" : "cannot write to"
      let colon = language == "fr" ? " : " : ": "
      XCTAssertEqual(
        r.stderr,
        zip(["boucle", long, "prise"], texts).enumerated().map {
          "-c:\($0.offset + 1): \(into) \($0.element.0)\(colon)\($0.element.1)\n"
        }.joined())
    }
  }
}
