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
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
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

  /// Standard input is read as `-f` reads a file (`oesh < mac.oesh`): a lone CR ended no line there,
  /// so «echo un\recho deux» printed «un echo deux», and «sync\rcampaigns» ran one wrong command.
  func testPipedInputEndsLinesAsAFileDoes() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let mac = try OeshProcess.run(
      ["-w", "ws"], cwd: dir, stdin: "echo un\recho deux \\\r  trois\rbogus\recho jamais\r")
    XCTAssertEqual(mac.stdout, "un\ndeux trois\n", mac.stderr)
    XCTAssertTrue(mac.stderr.hasPrefix("stdin:4: commande inconnue « bogus »"), mac.stderr)
    XCTAssertEqual(mac.status, 2)
    let mixed = try OeshProcess.run(["-w", "ws"], cwd: dir, stdin: "\u{FEFF}echo a\r\n\r\necho b\recho c\necho d")
    XCTAssertEqual(mixed.stdout, "a\nb\nc\nd\n", mixed.stderr)
    XCTAssertEqual(mixed.status, 0)
  }
}

/// A `-c` text is read as a script is: each line a command, named `-c:N` (the lines of every `-c`
/// counted in turn); a line break inside quotes stays in the word, as in `bash -c`.
/// `history -n N` with a count no history has.
final class HistoryCountTests: XCTestCase {
  /// A negative count is a usage error that says so: `-n=-3` made a range start past its end and ended
  /// oesh (status 132), `-n=-9223372036854775808` overflowed; `-n 0` shows no line, as bash's `history 0`.
  func testANegativeCountIsAUsageErrorAndZeroShowsNothing() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    for n in ["-3", "-9223372036854775808"] {
      let r = try OeshProcess.run(["-w", "ws", "-c", "history -n=\(n)"], cwd: dir)
      XCTAssertEqual(r.status, 2, r.stderr)
      XCTAssertEqual(r.stderr, "-c:1: -n \(n) : le nombre de lignes à montrer ne peut pas être négatif\n")
    }
    let zero = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "history -n 0", "-c", "history -n=-1"], cwd: dir)
    XCTAssertEqual(zero.status, 2, zero.stderr)
    XCTAssertEqual(zero.stdout, "")
    XCTAssertEqual(zero.stderr, "-c:2: -n -1: the number of lines to show cannot be negative\n")
  }
}

/// `import ""` names no export.
final class ImportPathTests: XCTestCase {
  /// An empty path is a usage error that says so, as `source ""` is: Foundation took it for the current
  /// folder, which was then refused under that folder's name («le nom « tmp » ne suit pas le modèle»).
  func testAnEmptyPathNamesNoExport() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let r = try OeshProcess.run(["-w", "ws", "-c", "import \"\" --as-of \"2027-03-01 09:00\""], cwd: dir)
    XCTAssertEqual(r.status, 2, r.stderr)
    XCTAssertEqual(r.stderr, "-c:1: aucun export donné : un chemin vide n'en nomme aucun\n")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("ws/snapshots").path), [])
  }
}

final class CommandTextTests: XCTestCase {
  func testALineBreakEndsACommand() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let three = try OeshProcess.run(["-w", "ws", "-c", "echo a\necho b\nbogus"], cwd: dir)
    XCTAssertEqual(three.stdout, "a\nb\n")
    XCTAssertTrue(three.stderr.hasPrefix("-c:3: commande inconnue « bogus »"), three.stderr)
    XCTAssertEqual(three.status, 2)
    let comment = try OeshProcess.run(["-w", "ws", "-c", "echo a # un commentaire\necho b"], cwd: dir)
    XCTAssertEqual(comment.stdout, "a\nb\n", comment.stderr)
    let listings = try OeshProcess.run(["-w", "ws", "-c", "campaigns\nfiches"], cwd: dir)
    XCTAssertEqual(listings.status, 0, listings.stderr)
    XCTAssertTrue(listings.stdout.contains("Mise à jour 2027") && listings.stdout.contains("5100001"))
    // Lines are counted over every -c, in turn; a command cut by a backslash is named by its first line.
    let counted = try OeshProcess.run(
      ["-w", "ws", "-c", "echo un", "-c", "echo deux \\\ntrois\n\nbogus", "-c", "echo jamais"], cwd: dir)
    XCTAssertEqual(counted.stdout, "un\ndeux trois\n")
    XCTAssertTrue(counted.stderr.hasPrefix("-c:5: commande inconnue « bogus »"), counted.stderr)
    // Inside quotes a line break is part of the word, as it was.
    let quoted = try OeshProcess.run(["-w", "ws", "-c", "echo \"a\nb\" 'c\nd'\nbogus"], cwd: dir)
    XCTAssertEqual(quoted.stdout, "a\nb c\nd\n")
    // Lines are counted as written: «bogus» is the fourth.
    XCTAssertTrue(quoted.stderr.hasPrefix("-c:4: commande inconnue"), quoted.stderr)
  }
}

/// `-f` reads whatever can be read (a pipe, a FIFO, `/dev/stdin`, `/dev/null`; `-f -` is standard
/// input), and a file that cannot be read is refused with the system's reason.
final class ScriptStreamTests: XCTestCase {
  func testStreamsAreReadAsFilesAre() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let empty = try OeshProcess.run(["-w", "ws", "-f", "/dev/null"], cwd: dir)
    XCTAssertEqual(empty.status, 0, empty.stderr)
    XCTAssertEqual(empty.stderr, "")
    for name in ["-", "/dev/stdin"] {
      let piped = try OeshProcess.run(
        ["-w", "ws", "-f", name, "-c", "echo après"], cwd: dir, stdin: "echo hi\nbogus\n")
      XCTAssertEqual(piped.stdout, "hi\n", name)
      XCTAssertTrue(piped.stderr.hasPrefix(name == "-" ? "stdin:2: commande inconnue" : "/dev/stdin:2: "), piped.stderr)
      XCTAssertEqual(piped.status, 2, name)
    }
    let fifo = dir.appendingPathComponent("fifo")
    XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
    let writer = Thread {
      let fd = open(fifo.path, O_WRONLY)
      _ = "echo par la fifo\n".withCString { write(fd, $0, strlen($0)) }
      close(fd)
    }
    writer.start()
    let fromFIFO = try OeshProcess.run(["-w", "ws", "-f", "fifo"], cwd: dir)
    XCTAssertEqual(fromFIFO.stdout, "par la fifo\n", fromFIFO.stderr)
    XCTAssertEqual(fromFIFO.status, 0)
    let substituted = Process()
    substituted.executableURL = URL(fileURLWithPath: "/bin/bash")
    substituted.arguments = ["-c", "\"$0\" -w ws -f <(echo 'echo substitué')", try OeshProcess.binary.path]
    substituted.currentDirectoryURL = dir
    let out = Pipe()
    substituted.standardOutput = out
    try substituted.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    substituted.waitUntilExit()
    XCTAssertEqual(text, "substitué\n")
    XCTAssertEqual(substituted.terminationStatus, 0)

    try Data("notes".utf8).write(to: dir.appendingPathComponent("notes"))
    let notFolder = try OeshProcess.run(["-w", "ws", "-f", "notes/x.oesh"], cwd: dir)
    XCTAssertEqual(
      notFolder.stderr,
      "erreur : impossible de lire le script notes/x.oesh : un élément du chemin n'est pas un dossier\n")
    XCTAssertEqual(notFolder.status, 1)
    let missing = try OeshProcess.run(["-w", "ws", "-f", "absent.oesh"], cwd: dir)
    XCTAssertEqual(missing.stderr, "erreur : script introuvable : absent.oesh\n")
    XCTAssertEqual(missing.status, 1)
    // A script that cannot be read is a failing step: the steps after it do not run (DESIGN.md §5).
    let stopped = try OeshProcess.run(["-w", "ws", "-f", "absent.oesh", "-c", "echo après"], cwd: dir)
    XCTAssertEqual(stopped.stdout, "")
    XCTAssertEqual(stopped.status, 1)
    let goesOn = try OeshProcess.run(["-w", "ws", "--keep-going", "-f", "absent.oesh", "-c", "echo après"], cwd: dir)
    XCTAssertEqual(goesOn.stdout, "après\n")
    XCTAssertEqual(goesOn.status, 1)
  }

  /// A stream without end given as a script (`-f /dev/zero`, a device, a video by mistake) is refused past
  /// 64 MB, thousands of times a real script, where oesh read it until the memory ran out and crashed;
  /// on standard input, a line past 64 MB.
  func testAScriptPastSixtyFourMegabytesIsRefused() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    for (arguments, stderr) in [
      (
        ["-f", "/dev/zero", "-c", "echo après"],
        "erreur : le script /dev/zero dépasse 64 Mo : ce n'est pas un script de commandes, rien n'en est exécuté\n"
      ),
      (
        ["--lang", "en", "-c", "source /dev/zero"],
        "-c:1: script /dev/zero is larger than 64 MB: it is not a command script; none of it is run\n"
      ),
    ] {
      let r = try OeshProcess.run(["-w", "ws"] + arguments, cwd: dir)
      XCTAssertEqual(r.stderr, stderr, "\(arguments)")
      XCTAssertEqual(r.stdout, "", "\(arguments)")
      XCTAssertEqual(r.status, 1, "\(arguments)")
    }
    // Standard input, read line by line, stops at a line past 64 MB, where it read on for ever.
    let piped = try OeshProcess.run(
      ["-w", "ws"], cwd: dir,
      launcher: ["/bin/sh", "-c", #"echo 'echo avant' | cat - /dev/zero | "$0" "$@""#, try OeshProcess.binary.path])
    XCTAssertEqual(piped.stdout, "avant\n")
    XCTAssertEqual(
      piped.stderr,
      "stdin:2: cette ligne dépasse 64 Mo sans fin de ligne : ce n'est pas un script de commandes, rien n'en est "
        + "exécuté\n")
    XCTAssertEqual(piped.status, 1)
  }

  /// A line that is not UTF-8 is refused where it is, with its `FILE:LINE:`, in `-f` and `source` as
  /// on standard input: the lines before it have run, nothing after it runs.
  func testALineThatIsNotUTF8IsRefusedWhereItIs() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let bytes = Array("echo x\n".utf8) + [0xFF, 0xFE] + Array(" bad\necho y\n".utf8)
    try Data(bytes).write(to: dir.appendingPathComponent("nonutf.oesh"))
    let refusal = "cette ligne n'est pas en UTF-8 : rien n'en est exécuté (enregistrez le script en UTF-8)"
    let runs: [([String], [UInt8]?, String)] = [
      (["-f", "nonutf.oesh"], nil, "nonutf.oesh:2: \(refusal)\n"),
      (["-c", "source nonutf.oesh"], nil, "nonutf.oesh:2: \(refusal) (depuis -c:1)\n"),
      (["--keep-going", "-f", "nonutf.oesh"], nil, "nonutf.oesh:2: \(refusal)\n"),
      ([], bytes, "stdin:2: \(refusal)\n"),
    ]
    for (arguments, stdin, stderr) in runs {
      let r = try OeshProcess.run(["-w", "ws"] + arguments, cwd: dir, stdinBytes: stdin)
      XCTAssertEqual(r.stdout, "x\n", "\(arguments)")
      XCTAssertEqual(r.stderr, stderr, "\(arguments)")
      XCTAssertEqual(r.status, 1, "\(arguments)")
    }
    // A -c text too, which the program's arguments had mended with U+FFFD (`echo caf\u{fffd}` ran, a
    // search for «é» typed in Latin-1 found nothing, a `> liste-été.csv` wrote another file): its
    // lines are read as a script's, by sh here, which passes the bytes as they are.
    let binary = try OeshProcess.binary.path
    let mended = try OeshProcess.run(
      [], cwd: dir,
      launcher: ["/bin/sh", "-c", #""$0" -w ws -c 'echo x' -c "$(printf 'echo caf\351\necho y')" -c 'echo z'"#, binary])
    XCTAssertEqual(mended.stdout, "x\n")
    // No script file to save again: the text came so from the terminal, or the program that ran oesh.
    XCTAssertEqual(
      mended.stderr,
      "-c:2: cette ligne n'est pas en UTF-8 : rien n'en est exécuté (elle vient ainsi du terminal, ou du "
        + "programme qui a lancé oesh : réglez-le en UTF-8)\n")
    XCTAssertEqual(mended.status, 1)
    // A script named in Latin-1 is read by its name's bytes, not said «introuvable» as «caf\u{fffd}.oesh».
    let latin = try OeshProcess.run(
      [], cwd: dir,
      launcher: [
        "/bin/sh", "-c",
        #"name=$(printf 'caf\351.oesh'); echo 'echo lu' > "$name"; "$0" -w ws -f "$name" -c 'echo après'"#,
        binary,
      ])
    XCTAssertEqual(latin.stdout, "lu\naprès\n", latin.stderr)
    XCTAssertEqual(latin.status, 0)
    // The line a backslash continues is read as carefully as the first.
    let continued = Array("echo a \\\n".utf8) + [0xE9] + Array("\necho b\n".utf8)
    try Data(continued).write(to: dir.appendingPathComponent("suite.oesh"))
    for (arguments, stdin, name) in [(["-f", "suite.oesh"], nil, "suite.oesh"), ([], continued, "stdin")] {
      let r = try OeshProcess.run(["-w", "ws"] + arguments, cwd: dir, stdinBytes: stdin)
      XCTAssertEqual(r.stdout, "", name)
      XCTAssertEqual(r.stderr, "\(name):2: \(refusal)\n", name)
      XCTAssertEqual(r.status, 1, name)
    }
  }
}

/// Standard input that cannot be read (a folder, a closed descriptor) is no empty script: a cron job
/// whose input was lost fails, status 1, with the system's reason, as `-f` of such a file fails.
final class UnreadableStandardInputTests: XCTestCase {
  func testStandardInputThatCannotBeReadFails() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let binary = try OeshProcess.locateBinary().path
    for (arguments, language, reason) in [
      ([String](), "fr", "impossible de lire l'entrée standard : c'est un dossier ; rien de plus n'est exécuté"),
      (["-f", "-"], "en", "cannot read standard input: it is a folder; nothing more is run"),
    ] {
      let r = try OeshProcess.run(
        ["-w", "ws", "--lang", language] + arguments, cwd: dir,
        launcher: ["/bin/sh", "-c", "exec \"$0\" \"$@\" < /", binary])
      XCTAssertEqual(r.stdout, "", "\(arguments)")
      XCTAssertEqual(r.stderr, "stdin:1: \(reason)\n", "\(arguments)")
      XCTAssertEqual(r.status, 1, "\(arguments)")
    }
    let closed = try OeshProcess.run(
      ["-w", "ws"], cwd: dir, launcher: ["/bin/sh", "-c", "exec \"$0\" \"$@\" <&-", binary])
    XCTAssertEqual(closed.stdout, "")
    XCTAssertTrue(closed.stderr.hasPrefix("stdin:1: impossible de lire l'entrée standard : "), closed.stderr)
    XCTAssertEqual(closed.status, 1)
  }
}

/// `source` inside `source`: a script never runs again inside itself, whatever path names it, and a
/// chain of scripts stops at 64 levels with a message instead of exhausting the stack.
final class NestedScriptTests: XCTestCase {
  func testAScriptNamedAnotherWayIsStillItself() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    try "echo s\nsource ./self2.oesh\n".write(
      to: dir.appendingPathComponent("self2.oesh"), atomically: true, encoding: .utf8)
    try "echo l\nsource lien.oesh\n".write(
      to: dir.appendingPathComponent("cible.oesh"), atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("lien.oesh").path, withDestinationPath: "cible.oesh")
    for (script, said, line) in [
      ("self2.oesh", "s", "self2.oesh:2: le script ./self2.oesh s'appelle lui-même\n"),
      ("cible.oesh", "l", "cible.oesh:2: le script lien.oesh s'appelle lui-même\n"),
      ("lien.oesh", "l", "lien.oesh:2: le script lien.oesh s'appelle lui-même\n"),
    ] {
      let r = try OeshProcess.run(["-w", "ws", "-f", script], cwd: dir)
      XCTAssertEqual(r.stdout, said + "\n", script)
      XCTAssertEqual(r.stderr, line, script)
      XCTAssertEqual(r.status, 1, script)
    }
  }

  func testNestingStopsAtSixtyFourLevels() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    for i in 0..<200 {
      try Data("source s\(i + 1).oesh\n".utf8).write(to: dir.appendingPathComponent("s\(i).oesh"))
    }
    let r = try OeshProcess.run(["-w", "ws", "-f", "s0.oesh"], cwd: dir)
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(r.stdout, "")
    XCTAssertEqual(
      r.stderr,
      "s63.oesh:1: trop de scripts imbriqués : plus de 64 niveaux de source (depuis s62.oesh:1) (depuis s61.oesh:1) "
        + "(… 60 autres niveaux) (depuis s0.oesh:1)\n")
    // 64 levels are allowed.
    try Data("echo fond\n".utf8).write(to: dir.appendingPathComponent("s63.oesh"))
    let deepest = try OeshProcess.run(["-w", "ws", "-f", "s0.oesh"], cwd: dir)
    XCTAssertEqual(deepest.stdout, "fond\n", deepest.stderr)
    XCTAssertEqual(deepest.status, 0)
  }

  /// `source` without a file is a usage error, not the current folder.
  func testSourceWithoutAFileIsAUsageError() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let r = try OeshProcess.run(["-w", "ws", "-c", "source \"\"", "-c", "echo jamais"], cwd: dir)
    XCTAssertEqual(r.stderr, "-c:1: aucun fichier de script donné : un chemin vide n'en nomme aucun\n")
    XCTAssertEqual(r.status, 2)
    let f = try OeshProcess.run(["-w", "ws", "-f", "", "-c", "echo jamais"], cwd: dir)
    XCTAssertEqual(f.stderr, "erreur : aucun fichier de script donné : un chemin vide n'en nomme aucun\n")
    XCTAssertEqual(f.status, 2)
  }

  /// A workspace renamed under the shell: `source` of a script of its `scripts/` says the workspace gone
  /// (status 3), as every other command does, not «script introuvable» (status 1), which sent the user
  /// looking for a file that was there. A script given by its whole path is not the workspace's.
  func testSourceInAWorkspaceRenamedUnderTheShellSaysItGone() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let session = Session(workspaceURL: dir.appendingPathComponent("ws"), interactive: false)
    let interpreter = Interpreter(session: session)
    XCTAssertEqual(interpreter.run(line: "clock", at: nil), 0)
    XCTAssertEqual(interpreter.run(line: "source absent.oesh", at: nil), 1, "in place: a script not found")
    try FileManager.default.moveItem(at: dir.appendingPathComponent("ws"), to: dir.appendingPathComponent("moved"))
    XCTAssertEqual(interpreter.run(line: "source procedure.oesh", at: nil), 3)
    XCTAssertEqual(interpreter.run(line: "source absent.oesh", at: nil), 3)
    XCTAssertEqual(interpreter.run(line: "source \(dir.appendingPathComponent("absent.oesh").path)", at: nil), 1)
  }
}

/// The demo's scripts say in their first lines how to run them: those lines work from any folder.
final class DemoScriptCommentTests: XCTestCase {
  func testTheCommandsInTheDemoScriptsCommentsWork() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    let elsewhere = dir.appendingPathComponent("ailleurs")
    try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    XCTAssertEqual(try OeshProcess.run(["demo", "demo"], cwd: dir).status, 0)
    let scripts = dir.appendingPathComponent("demo/scripts")
    var tried = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: scripts.path).sorted() {
      let text = try String(contentsOf: scripts.appendingPathComponent(name), encoding: .utf8)
      for line in text.split(separator: "\n") where line.hasPrefix("#") {
        let command = line.drop { $0 == "#" || $0 == " " }
        guard command.hasPrefix("oesh ") else { continue }
        let words = try XCTUnwrap(Tokenizer.split(String(command.dropFirst(5))).first)
        let r = try OeshProcess.run(words.map { $0.replacingOccurrences(of: "DEMO", with: "../demo") }, cwd: elsewhere)
        XCTAssertEqual(r.status, 0, "\(name): \(command)\n\(r.stderr)")
        tried += 1
      }
    }
    XCTAssertGreaterThan(tried, 0)
  }
}
