import Foundation
import GRDB
import OpenEdit
import XCTest

@testable import Shell

/// The times `clock set` and `import --as-of` take or refuse, through the real binary.
final class ClockTimeTests: XCTestCase {
  /// A time no clock of the zone shows, or past year 9999, is a usage error that says which and why, the
  /// clock left where it was; `+9223372036854775807min` ended the shell on an overflow (status 132), and
  /// `+3000000j` stored a time no command could read back.
  func testTimesTheClockCannotHoldAreUsageErrorsAndTheClockStays() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let set = try OeshProcess.run(["-w", "ws", "-c", "clock set \"2025-03-30 01:00\""], cwd: dir)
    XCTAssertEqual(set.status, 0, set.stderr)
    /// What `command` says on standard error, refused as a usage error (status 2).
    func refused(_ command: String, _ lang: String = "fr") throws -> String {
      let r = try OeshProcess.run(["--lang", lang, "-w", "ws", "-c", command], cwd: dir)
      XCTAssertEqual(r.status, 2, command)
      return r.stderr
    }
    XCTAssertEqual(
      try refused("clock set \"2025-03-30 02:30\""),
      "-c:1: « 2025-03-30 02:30 » n'existe pas dans le fuseau Europe/Paris : le 2025-03-30, les horloges passent "
        + "de 02:00 à 03:00 ; écrivez 03:00 ou plus tard\n")
    for far in ["+9223372036854775807min", "+3000000j"] {
      XCTAssertEqual(
        try refused("clock set \(far)"), "-c:1: heure « \(far) » hors limites : l'horloge va de l'an 0001 à l'an 9999\n"
      )
    }
    XCTAssertEqual(
      try refused("import nowhere.zip --as-of \"2025-03-30 02:00\"", "en"),
      "-c:1: \"2025-03-30 02:00\" does not exist in zone Europe/Paris: on 2025-03-30, clocks go from 02:00 to 03:00; "
        + "write 03:00 or later\n")
    let clock = try OeshProcess.run(["-w", "ws", "-c", "clock", "-c", "clock set +1h"], cwd: dir)
    XCTAssertEqual(clock.status, 0, clock.stderr)
    XCTAssertEqual(
      clock.stdout,
      "2025-03-30 01:00 (horloge simulée, fuseau Europe/Paris)\n2025-03-30 03:00 (horloge simulée, fuseau Europe/Paris)\n",
      "an hour later, that night, is 03:00")
  }

  /// On the last day a clock can show, `nuit` and `demain` are refused and the clock stays, so that every
  /// command goes on working: they stored 10000-01-01, after which each command failed on the stored
  /// time, `clock set` included.
  func testNoNightAfterTheLastDayTheClockCanShow() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let set = try OeshProcess.run(["-w", "ws", "-c", "clock set \"9999-12-31 10:00\""], cwd: dir)
    XCTAssertEqual(set.status, 0, set.stderr)
    let nuit = try OeshProcess.run(["-w", "ws", "-c", "nuit"], cwd: dir)
    XCTAssertEqual(nuit.status, 1, nuit.stderr)
    XCTAssertEqual(
      nuit.stderr, "-c:1: pas de nuit après 9999-12-31 10:00 : l'horloge va de l'an 0001 à l'an 9999 et ne bouge pas\n")
    let demain = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "clock set demain"], cwd: dir)
    XCTAssertEqual(demain.status, 2, demain.stderr)
    XCTAssertEqual(demain.stderr, "-c:1: time \"demain\" out of range: the clock goes from year 0001 to year 9999\n")
    let clock = try OeshProcess.run(["-w", "ws", "-c", "clock"], cwd: dir)
    XCTAssertEqual(clock.status, 0, clock.stderr)
    XCTAssertEqual(clock.stdout, "9999-12-31 10:00 (horloge simulée, fuseau Europe/Paris)\n")
  }

  /// A stored simulated time that cannot be read (written by hand, or by a version that let `nuit` pass
  /// 9999-12-31) is put right by `clock set` with a date and time, as its error says: the hook that lets the
  /// simulated Apidae live until the new time read the stored one first, and `clock set` failed as well.
  func testClockSetWithADateAndTimePutsRightAStoredTimeThatCannotBeRead() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    try DatabaseQueue(path: dir.appendingPathComponent("ws/state.sqlite").path).write { db in
      try db.execute(sql: "UPDATE setting SET value = '10000-01-01 08:00:00' WHERE key = 'clock.simulated'")
    }
    let broken = try OeshProcess.run(["-w", "ws", "-c", "clock"], cwd: dir)
    XCTAssertEqual(broken.status, 1, broken.stderr)
    XCTAssertEqual(
      broken.stderr,
      "-c:1: l'heure simulée enregistrée est illisible : 10000-01-01 08:00:00 ; remettez-la avec « clock set »\n")
    let set = try OeshProcess.run(["-w", "ws", "-c", "clock set \"2027-03-01 09:00\"", "-c", "clock"], cwd: dir)
    XCTAssertEqual(set.status, 0, set.stderr)
    XCTAssertEqual(set.stderr, "")
    XCTAssertEqual(
      set.stdout,
      String(repeating: "2027-03-01 09:00 (horloge simulée, fuseau Europe/Paris)\n", count: 2))
  }

  /// `aujourd'hui 14:00` typed unquoted opens a quote that the line never closes; with the typographic
  /// apostrophe a French keyboard gives, it is read as `aujourd'hui`.
  func testTodayWithATypographicApostropheNeedsNoQuotes() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let r = try OeshProcess.run(
      ["-w", "ws", "-c", "clock set \"2027-03-01 09:00\"", "-c", "clock set aujourd’hui 14:00"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      r.stdout,
      "2027-03-01 09:00 (horloge simulée, fuseau Europe/Paris)\n2027-03-01 14:00 (horloge simulée, fuseau Europe/Paris)\n"
    )
  }

  /// The simulated Apidae names its nightly export at 02:00, but on 2027-03-28 Europe/Paris's clocks go
  /// from 02:00 to 03:00: it runs at 03:00 that night, as cron runs a job of the hour skipped, and at 02:00
  /// the night after; it was named 02:00, a time no clock showed.
  func testTheNightlyExportOfTheNightClocksGoForwardIsAt0300() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let r = try OeshProcess.run(
      [
        "-w", "ws", "-c", "clock set \"2027-03-27 22:00\"", "-c", "apidae hide 5100002", "-c", "nuit",
        "-c", "apidae publish 5100002", "-c", "nuit", "-c", "snapshots --format csv",
      ], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    let names = r.stdout.split(separator: "\n").filter { $0.hasPrefix("4242_2027032") }.map { $0.prefix(19) }
    XCTAssertEqual(names, ["4242_20270328-0300_", "4242_20270329-0200_"], r.stdout)
    XCTAssertTrue(r.stdout.contains("Apidae : export nocturne 4242_20270328-0300_"), r.stdout)
  }

  /// An export named in the hour clocks jump over is announced at the time it is due, when they jump:
  /// sync said «à 2027-03-28 02:30», a time no clock showed that night.
  func testTheNextExportInTheHourSkippedIsAnnouncedWhenTheClocksJump() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let snapshots = dir.appendingPathComponent("ws/snapshots")
    try FileManager.default.copyItem(
      at: snapshots.appendingPathComponent("4242_20270215-0200_tVEQ6U.zip"),
      to: snapshots.appendingPathComponent("4242_20270328-0230_ZZZZZZ.zip"))
    let r = try OeshProcess.run(
      ["-w", "ws", "-c", "clock set \"2027-03-28 01:30\"", "-c", "sync", "-c", "sync"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("\nProchain export : 4242_20270328-0230_ZZZZZZ, à 2027-03-28 03:00.\n"), r.stdout)
    XCTAssertTrue(
      r.stdout.contains(
        "Rien à importer à 2027-03-28 01:30. Prochain export : 4242_20270328-0230_ZZZZZZ, à 2027-03-28 03:00 — "),
      r.stdout)
    // The JSON report says the same time.
    let json = try OeshProcess.run(["-w", "ws", "--format", "json", "-c", "sync"], cwd: dir)
    XCTAssertEqual(json.status, 0, json.stderr)
    XCTAssertTrue(
      json.stdout.contains(#""next": {"name": "4242_20270328-0230_ZZZZZZ", "at": "2027-03-28 03:00"}"#), json.stdout)
    // diff pending names it when it is due too, in prose and JSON, and why's next step is a sync from then:
    // they said 02:30.
    let diff = try OeshProcess.run(
      ["-w", "ws", "-c", "clock set \"2027-03-28 01:30\"", "-c", "diff pending", "-c", "diff pending --format json"],
      cwd: dir)
    XCTAssertEqual(diff.status, 0, diff.stderr)
    XCTAssertTrue(diff.stdout.contains(": 4242_20270328-0230_ZZZZZZ (2027-03-28 03:00)\n"), diff.stdout)
    XCTAssertTrue(
      diff.stdout.contains(#""not_due": [{"name": "4242_20270328-0230_ZZZZZZ", "at": "2027-03-28 03:00"}]"#),
      diff.stdout)
    let paris = try XCTUnwrap(TimeZone(identifier: "Europe/Paris"))
    let step = WhyText.syncStep(
      ["4242_20270328-0230_ZZZZZZ"], blockedBy: [],
      now: LocalDateTime(year: 2027, month: 3, day: 28, hour: 1, minute: 30),
      in: paris, Catalogue(.fr))
    XCTAssertTrue(step.hasPrefix("Étape suivante : « sync » à partir de 2027-03-28 03:00,"), step)
  }

  /// On the real clock, `nuit` cannot move it (it refuses): when nothing is due, sync names the next
  /// export and only what brings one sooner, a calcul exceptionnel asked of Apidae; a simulated clock's
  /// message still offers `nuit`.
  func testNothingDueOnTheRealClockDoesNotOfferNuit() throws {
    let dir = try plainWorkspaceWithAnExportOnTheLastNight()
    let simulated = try OeshProcess.run(
      ["-w", "plain", "-c", "clock set \"9999-12-30 09:00\"", "-c", "sync"], cwd: dir)
    XCTAssertEqual(simulated.status, 0, simulated.stderr)
    XCTAssertTrue(simulated.stdout.contains("« nuit » avance l'horloge simulée"), simulated.stdout)
    let real = try OeshProcess.run(["-w", "plain", "-c", "clock real", "-c", "sync"], cwd: dir)
    XCTAssertEqual(real.status, 0, real.stderr)
    XCTAssertTrue(
      real.stdout.contains(
        ". Prochain export : 4242_99991231-0200_ZZZZZZ, à 9999-12-31 02:00 — Apidae calcule le projet chaque nuit ; "
          + "pour l'avoir plus tôt, demandez un calcul exceptionnel du projet dans Apidae.\n"), real.stdout)
    XCTAssertFalse(real.stdout.contains("nuit »"), real.stdout)
    let nuit = try OeshProcess.run(["-w", "plain", "-c", "nuit"], cwd: dir)
    XCTAssertNotEqual(nuit.status, 0, "nuit on the real clock: \(nuit.stdout)")
  }

  /// `clock real` back to a real time before an export already imported says so, as `clock set` to that
  /// time does: Open Edit then holds data from after the clock (a trainer's workspace, years ahead).
  func testClockRealBeforeAnImportWarnsAsClockSetDoes() throws {
    let dir = try plainWorkspaceWithAnExportOnTheLastNight()
    let r = try OeshProcess.run(
      ["-w", "plain", "-c", "clock set \"9999-12-31 09:00\"", "-c", "sync", "-c", "clock real"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.hasSuffix(" (temps réel, fuseau Europe/Paris)\n"), r.stdout)
    XCTAssertTrue(r.stderr.hasPrefix("-c:3: attention : l'horloge ("), r.stderr)
    XCTAssertTrue(
      r.stderr.hasSuffix(
        ") est avant l'export 4242_99991231-0200_ZZZZZZ (9999-12-31 02:00), déjà importé : Open Edit a des données "
          + "d'après l'horloge\n"), r.stderr)
  }

  /// A folder with `plain`, a workspace of its own (a demo's simulated Apidae would export each night the
  /// clock passes), holding one export of the demo's, named for the last night a clock can show.
  private func plainWorkspaceWithAnExportOnTheLastNight() throws -> URL {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let made = try OeshProcess.run(["init", "plain"], cwd: dir)
    XCTAssertEqual(made.status, 0, made.stderr)
    try FileManager.default.copyItem(
      at: dir.appendingPathComponent("ws/snapshots/4242_20270215-0200_tVEQ6U.zip"),
      to: dir.appendingPathComponent("plain/snapshots/4242_99991231-0200_ZZZZZZ.zip"))
    return dir
  }

  /// A nightly script as cron runs it (an empty environment but PATH, SHELL and LC_ALL=POSIX, from /,
  /// standard input /dev/null, output to files): it goes on past a failing command with --keep-going and
  /// ends with status 1, the error at its FILE:LINE on standard error, accents intact in both streams.
  func testANightlyScriptUnderCronsEnvironment() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let script = dir.appendingPathComponent("nightly.oesh")
    try Data("clock set \"2027-03-02 09:00\"\nsync\nselection \"Gîtes de Bessans\"\necho Café été\n".utf8)
      .write(to: script)
    let out = dir.appendingPathComponent("out.log"), err = dir.appendingPathComponent("err.log")
    let cron = [
      "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "SHELL=/bin/sh", "LC_ALL=POSIX", "/bin/sh", "-c",
      "cd / && exec \"$0\" \"$@\" </dev/null >'\(out.path)' 2>'\(err.path)'", try OeshProcess.binary.path,
    ]
    let r = try OeshProcess.run(
      ["-w", dir.appendingPathComponent("ws").path, "-f", script.path, "--keep-going", "--echo"], cwd: dir,
      launcher: cron)
    let errors = try String(contentsOf: err, encoding: .utf8)
    XCTAssertEqual(r.status, 1, errors)
    XCTAssertEqual(
      errors,
      "\(script.path):3: pas de sélection « Gîtes de Bessans » (voir « selections »)\n")
    let output = try String(contentsOf: out, encoding: .utf8)
    XCTAssertTrue(output.contains("créations (1) : 5100063 Hôtel L'Aigle Blanc\n"), output)
    XCTAssertTrue(output.hasSuffix("oesh:ws> echo Café été\nCafé été\n"), output)
  }

  /// On the demo, whose Apidae side lives night by night, `clock set` years ahead passes only the nights
  /// a change of its scripted life is exported: it passed every night, 5 s for 2030 and hours for 9999.
  /// Run under `timeout 120` as its deadline.
  func testClockSetYearsAheadOnTheDemoPassesOnlyTheNightsThatExport() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let r = try OeshProcess.run(
      ["-w", "ws", "-c", "clock set \"9999-12-31 23:00\"", "-c", "snapshots --format csv"], cwd: dir,
      launcher: ["/usr/bin/timeout", "120", try OeshProcess.binary.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("9999-12-31 23:00 (horloge simulée, fuseau Europe/Paris)\n"), r.stdout)
    let nightly = r.stdout.split(separator: "\n").filter { $0.hasPrefix("Apidae : export nocturne") }
    XCTAssertEqual(nightly.count, 3, r.stdout)
    XCTAssertEqual(
      r.stdout.split(separator: "\n").filter { $0.hasPrefix("4242_") }.count, 2 + nightly.count,
      "the demo's two exports and the nightly ones are in snapshots/")
  }
}
