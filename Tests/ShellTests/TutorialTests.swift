import Foundation
import XCTest

@testable import Shell

/// `oesh tutorial` with its commands piped in: the lessons check the workspace's state, not the typed text.
final class TutorialTests: XCTestCase {
  /// The tutorial with `lines` on standard input, its workspace under a temporary HOME.
  func tutorial(_ lines: [String], home: URL, extra: [String] = []) throws -> OeshProcess.Result {
    try OeshProcess.run(
      ["tutorial"] + extra, cwd: home.deletingLastPathComponent(), stdin: lines.joined(separator: "\n") + "\n",
      env: ["HOME": home.path, "XDG_DATA_HOME": ""])
  }

  /// The command of every step, in order, as `hint` gives them.
  static var hints: [String] { TutorialLessons.all.flatMap { $0.steps.map(\.hint) } }

  func testEveryHintLeadsToTheEnd() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let hints = Self.hints.map {
      $0.replacingOccurrences(of: "ADRESSE", with: "accueil@auberge-ecureuil.example")
    }
    let r = try tutorial(hints + ["tutorial status"], home: home)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("Tutoriel : nouvel espace de démonstration"), r.stdout)
    for lesson in 1...8 { XCTAssertTrue(r.stdout.contains("━━ Leçon \(lesson)/8 : "), "lesson \(lesson)") }
    XCTAssertEqual(r.stdout.components(separatedBy: "\n✓ ").count - 1, Self.hints.count, "one ✓ per step")
    XCTAssertTrue(r.stdout.contains("Bravo, le tutoriel est fini"), r.stdout)
    XCTAssertFalse(r.stdout.contains("Tutoriel laissé"), "a tutorial at its end is not left:\n\(r.stdout)")
    XCTAssertTrue(r.stdout.contains("8 leçons terminées sur 8."), r.stdout)
    XCTAssertFalse(r.stdout.contains("Pas encore"), "no step was refused:\n\(r.stdout)")
    // The workspace really went through the procedure: both e-mails are in its outbox.
    let outbox = home.appendingPathComponent(".local/share/oesh/tutorial/outbox")
    let mails = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
    XCTAssertTrue(mails.contains { $0.hasSuffix("_5100021.eml") }, "\(mails)")
    XCTAssertTrue(mails.contains { $0.hasSuffix("_5100005.eml") }, "\(mails)")
  }

  func testALessonRefusesToGoOnUntilItsStepIsReallyDone() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let r = try tutorial(
      [
        "campaigns", "open campaign \"Mise à jour 2027\"", "audience", "why 5100021",
        // Lesson 2, step 2: the sélection must hold the camping in Apidae.
        "tutorial next",
        "apidae selection Hébergements --add-type HOTELLERIE",  // already there: nothing changes
        "apidae calcul",
        "hint",
        "tutorial status",
        // The same state by another way than the hint: the camping added by hand.
        "apidae selection 49001 --include 5100021",
        "tutorial status",
      ], home: home)
    XCTAssertEqual(r.status, 1, "tutorial next failed")
    XCTAssertTrue(
      r.stderr.contains("stdin:5: cette étape n'est pas faite : dans Apidae, la sélection « Hébergements »"), r.stderr)
    let notYet = "(Pas encore : dans Apidae, la sélection « Hébergements » ne contient pas encore le Camping"
    XCTAssertEqual(r.stdout.components(separatedBy: notYet).count - 1, 2, r.stdout)
    XCTAssertTrue(r.stdout.contains("Indice : apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR"))
    let statuses = r.stdout.components(separatedBy: "Tutoriel (").dropFirst().map { String($0) }
    XCTAssertEqual(statuses.count, 2)
    XCTAssertTrue(statuses[0].contains("→ 2. Dans Apidae, ajouter une fiche à la sélection (étape 2/2)"), statuses[0])
    XCTAssertTrue(statuses[1].contains("→ 3. Open Edit ne le sait pas encore (étape 1/2)"), statuses[1])
  }

  /// `hint` gives a command that works from where the trainee is: with the campaign closed, opening it
  /// comes before `actualiser`; an address `send` would refuse does not pass lesson 8's step 2, and the
  /// hint is to fix it in Apidae, not `send`.
  func testAHintGivesFirstWhatItsCommandNeeds() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let lesson6 = Self.hints.firstIndex(of: "actualiser")!
    let first = try tutorial(Array(Self.hints.prefix(lesson6)) + ["close", "hint", "actualiser"], home: home)
    XCTAssertTrue(first.stdout.contains("━━ Leçon 6/8 : Actualiser l'audience ━━"), first.stdout)
    XCTAssertTrue(
      first.stdout.contains("Indice : open campaign \"Mise à jour 2027\"\nTutoriel laissé à la leçon 6/8"), first.stdout
    )
    XCTAssertTrue(first.stderr.contains("stdin:\(lesson6 + 3): aucune campagne ouverte"), first.stderr)

    let lesson8 = Self.hints.firstIndex(of: "why 5100005")!
    let second = try tutorial(
      ["open campaign \"Mise à jour 2027\""] + Array(Self.hints[lesson6...lesson8])
        + ["apidae fiche 5100005 --email ecureuil-at-example", "hint", "apidae calcul", "sync", "hint"], home: home)
    XCTAssertEqual(second.status, 0, second.stderr)
    XCTAssertFalse(second.stdout.contains("La fiche a une adresse valide dans Apidae"), second.stdout)
    XCTAssertEqual(
      second.stdout.components(separatedBy: "Indice : apidae fiche 5100005 --email accueil@auberge-ecureuil.example\n")
        .count - 1, 2, second.stdout)
    XCTAssertFalse(second.stdout.contains("Indice : send"), second.stdout)
  }

  /// What a step says when it passes is true of what the trainee has on screen: a filtered audience is
  /// said to be a part of it; a change already exported, or an audience already refreshed, by a trainee
  /// who ran ahead is not said to wait.
  func testAStepSaysWhatIsTrueOfTheScreen() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let r = try tutorial(
      [
        "campaigns", "open campaign \"Mise à jour 2027\"", "audience --status \"Email transmis\"", "why 5100021",
        "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR", "apidae calcul", "selection Hébergements",
        "apidae calcul --dry-run", "sync", "actualiser", "audience --status \"Email à transmettre\"", "why 5100021",
      ], home: home)
    XCTAssertEqual(r.status, 0, r.stderr)
    for text in [
      "✓ Ce n'est qu'une partie de l'audience, filtrée. Sans option",
      "✓ Côté Open Edit, la sélection n'a pas bougé : pas de camping.",
      "✓ Le changement de la sélection est déjà dans un export (votre « apidae calcul »)",
      "✓ Le camping est déjà dans l'audience : vous avez actualisé la campagne.",
      "✓ La fiche est dans la sélection et dans l'audience : c'est « actualiser », déjà fait",
      "✓ Les nouvelles fiches sont dans l'audience",
    ] {
      XCTAssertTrue(r.stdout.contains(text), "«\(text)» in:\n\(r.stdout)")
    }
    for text in [
      "✓ Chaque fiche de la sélection est une offre", "✓ Le changement attend un export", "✓ Pas de camping",
    ] {
      XCTAssertFalse(r.stdout.contains(text), "«\(text)» in:\n\(r.stdout)")
    }
  }

  /// A step of looking at one fiche or one sélection passes when that one is looked at: `why` of another
  /// fiche answered of that one, and the step's ✓ said the camping's answer («Open Edit connaît la fiche,
  /// mais aucune sélection de la campagne ne la contient») of a fiche in the audience. The step stays and
  /// says which it asks for; the camping asked by its name passes.
  func testAStepOfLookingAtOneFicheWantsThatOne() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let r = try tutorial(
      Array(Self.hints.prefix(3)) + [
        "why 5100012", "why \"Camping La Buid\"", "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR",
        "selection Restaurants", "selection 49001",
      ], home: home)
    XCTAssertEqual(r.status, 0, r.stderr)
    let afterOther = r.stdout.components(separatedBy: "5100012 « Gîte du Pré Clos » est dans l'audience")
    XCTAssertEqual(afterOther.count, 2, r.stdout)
    XCTAssertTrue(
      afterOther[1].hasPrefix(
        ", « Email à transmettre », e-mail preclos@example.org.\nÉtape suivante : send 5100012 (picto enveloppe de "
          + "l'offre).\n(Pas encore : cette étape regarde « why 5100021 ».)\n5100021 « Camping La Buidonnière »"),
      afterOther[1])
    XCTAssertEqual(r.stdout.components(separatedBy: "✓ Open Edit connaît la fiche").count, 2, r.stdout)
    let afterRestaurants = r.stdout.components(separatedBy: "Sélection 49002 « Restaurants et dégustation »")
    XCTAssertEqual(afterRestaurants.count, 2, r.stdout)
    let restaurants = afterRestaurants[1].components(separatedBy: "Sélection 49001 « Hébergements » : 19 fiches")[0]
    XCTAssertFalse(restaurants.contains("✓"), restaurants)
    XCTAssertTrue(
      restaurants.hasSuffix("(Pas encore : cette étape regarde « selection Hébergements ».)\n"), restaurants)
    XCTAssertEqual(r.stdout.components(separatedBy: "✓ Côté Open Edit, la sélection n'a pas bougé").count, 2)
    XCTAssertTrue(r.stdout.contains("Étape 2/2 : Voyez ce que le prochain export emporterait"), r.stdout)
  }

  /// A trainee who hid the camping in Apidae brings it into the sélection hidden, and actualiser adds only
  /// visible fiches: `why`'s step does not say it needs actualiser, and the hint of lesson 6 is to publish
  /// it, export and sync it, then actualiser, where it said «actualiser» for ever.
  func testACampingHiddenInApidaeIsPublishedBeforeActualiser() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let lesson6 = Self.hints.firstIndex(of: "actualiser")!
    let r = try tutorial(
      Array(Self.hints.prefix(4)) + ["apidae hide 5100021"] + Array(Self.hints[4..<lesson6]) + [
        "actualiser", "hint", "apidae publish 5100021", "hint", "apidae calcul", "hint", "sync", "hint", "actualiser",
      ], home: home)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("✓ La fiche est dans la sélection, mais masquée"), r.stdout)
    XCTAssertFalse(r.stdout.contains("✓ La fiche est dans la sélection, pas dans l'audience"), r.stdout)
    let hints = r.stdout.split(separator: "\n").filter { $0.hasPrefix("Indice : ") }
    XCTAssertEqual(
      hints, ["Indice : apidae publish 5100021", "Indice : apidae calcul", "Indice : sync", "Indice : actualiser"])
    XCTAssertTrue(r.stdout.contains("━━ Leçon 7/8 : "), r.stdout)
  }

  /// A trainee who deleted the camping in Apidae cannot bring it into the campaign: no step gives it back,
  /// and `hint` says so and how to start again, where it gave the sélection's change over and over.
  func testACampingDeletedInApidaeIsSaidToNeedAFreshStart() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let r = try tutorial(
      Array(Self.hints.prefix(4)) + ["apidae delete 5100021", Self.hints[4], "hint", "tutorial next"], home: home,
      extra: ["-w", "formation"])
    XCTAssertEqual(r.status, 1, r.stderr)
    let folder = home.deletingLastPathComponent().appendingPathComponent("formation").standardizedFileURL.path
    let deleted =
      "5100021 « Camping La Buidonnière » est supprimée dans Apidae : aucune étape ne la ramène. Quittez (Ctrl-D) "
      + "et recommencez sur une démo neuve : « oesh tutorial -w \(folder) --reset »."
    XCTAssertTrue(r.stdout.contains("(Pas encore : \(deleted))\n"), r.stdout)
    XCTAssertTrue(r.stdout.contains("Indice : \(deleted)\n"), r.stdout)
    XCTAssertFalse(r.stdout.contains("Indice : apidae selection"), r.stdout)
    XCTAssertTrue(r.stderr.hasSuffix("stdin:8: \(deleted)\n"), r.stderr)
  }

  func testLeavingAndComingBackResumes() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let first = try tutorial(Array(Self.hints.prefix(5)), home: home)
    XCTAssertEqual(first.status, 0, first.stderr)
    XCTAssertTrue(first.stdout.contains("━━ Leçon 3/8 : Open Edit ne le sait pas encore ━━"), first.stdout)
    // The end of its input leaves it: said last, with where it stands and the command that resumes it.
    XCTAssertTrue(
      first.stdout.hasSuffix(
        "\nTutoriel laissé à la leçon 3/8, étape 1/2 : sa progression est gardée ; « oesh tutorial » le reprend là.\n"),
      first.stdout)

    let second = try tutorial(["tutorial status", "audience --status transmis"], home: home)
    XCTAssertEqual(second.status, 0, second.stderr)
    XCTAssertTrue(second.stdout.hasPrefix("Tutoriel : reprise dans "), second.stdout)
    XCTAssertTrue(second.stdout.contains("━━ Leçon 3/8 : Open Edit ne le sait pas encore ━━"))
    XCTAssertTrue(second.stdout.contains("→ 3. Open Edit ne le sait pas encore (étape 1/2)"), second.stdout)
    XCTAssertTrue(second.stdout.contains("« Mise à jour 2027 » : 5 offres"), "the campaign is open again")

    let reset = try tutorial(["tutorial status"], home: home, extra: ["--reset"])
    XCTAssertTrue(reset.stdout.contains("→ 1. Faire le tour"), reset.stdout)
  }

  /// A tutorial in a folder of its own (-w) is resumed with that folder: `oesh tutorial` alone would start
  /// another in the default one.
  func testLeavingATutorialOfAnotherFolderSaysHowToComeBackToIt() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let left = try tutorial(["campaigns"], home: home, extra: ["-w", "ma formation", "--lang", "en"])
    XCTAssertEqual(left.status, 0, left.stderr)
    // Its whole path, which resumes it from any folder.
    let folder = home.deletingLastPathComponent().appendingPathComponent("ma formation").standardizedFileURL.path
    XCTAssertTrue(left.stdout.contains("Ctrl-D to leave, \"oesh tutorial -w '\(folder)'\" to come back."), left.stdout)
    XCTAssertTrue(
      left.stdout.hasSuffix(
        "\nTutorial left at lesson 1/8, step 2/3: its progress is kept; \"oesh tutorial -w '\(folder)'\" resumes it there.\n"
      ), left.stdout)
    let back = try tutorial(["hint"], home: home, extra: ["-w", "ma formation"])
    XCTAssertTrue(back.stdout.contains("Hint: open campaign"), back.stdout)
  }

  func testEveryLessonHasItsTextsInBothLanguages() {
    for language in Language.allCases {
      let table = Catalogue.table(for: language)
      for lesson in TutorialLessons.all {
        for part in ["title", "goal", "screen"] { XCTAssertNotNil(table[lesson.key + "." + part], lesson.key + part) }
        for step in lesson.steps {
          XCTAssertNotNil(table[step.key], step.key)
          XCTAssertNotNil(table[step.key + ".done"], step.key)
          for variant in step.variants { XCTAssertNotNil(table[step.key + ".done." + variant.suffix], step.key) }
          if !step.looking { XCTAssertNotNil(table[step.key + ".not_yet"], step.key) }
        }
      }
    }
  }

  /// scripts/oesh opens the demo when `oesh demo --help` succeeds.
  func testDemoAndTutorialAnswerHelp() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    for sub in ["demo", "tutorial"] {
      let r = try OeshProcess.run([sub, "--help"], cwd: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(r.stdout.contains("Usage : oesh \(sub)"), r.stdout)
    }
    XCTAssertEqual(try OeshProcess.run(["--help"], cwd: dir).status, 0)
    // `-w DIR` chooses the tutorial's folder: its help says so.
    let tutorial = try OeshProcess.run(["tutorial", "--help"], cwd: dir).stdout
    XCTAssertTrue(tutorial.contains("Usage : oesh tutorial [--reset] [--workspace <dir>]"), tutorial)
    XCTAssertTrue(tutorial.contains("-w, --workspace <dir>   Le dossier du tutoriel"), tutorial)
  }

  /// `--lang` and `--workspace` are oesh's own options: before or after the subcommand, they count.
  func testTheSubcommandsTakeOeshsLanguageAndWorkspaceWhereverTheyAreWritten() throws {
    let dir = try OeshProcess.temporaryDirectory(self)
    for (arguments, expected) in [
      (["demo", "d1", "--lang", "en"], "Demo workspace created: d1"),
      (["--lang", "en", "demo", "d2"], "Demo workspace created: d2"),
      (["demo", "d3"], "Espace de démonstration créé : d3"), (["init", "i1", "--lang", "en"], "Workspace created: i1"),
      (["--lang", "en", "init", "i2", "--name", "Atelier"], "Workspace created: i2"),
    ] {
      let r = try OeshProcess.run(arguments, cwd: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertTrue(r.stdout.hasPrefix(expected + "\n"), "\(arguments): \(r.stdout)")
    }
    let home = dir.appendingPathComponent("home")
    let r = try OeshProcess.run(
      ["tutorial", "--workspace", "atelier-tuto", "--lang", "en"], cwd: dir, stdin: "tutorial status\n",
      env: ["HOME": home.path, "XDG_DATA_HOME": ""])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.hasPrefix("Tutorial: new demo workspace "), r.stdout)
    XCTAssertTrue(r.stdout.contains("/atelier-tuto\n"), r.stdout)
    XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("atelier-tuto/oesh.toml").path))
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: home.appendingPathComponent(".local/share/oesh/tutorial").path))
  }

  /// The tutorial resumes in the language it was left in: the English one says «oesh tutorial» to come
  /// back, and that is enough; an explicit --lang still wins, and is kept in turn.
  func testTheTutorialResumesInItsLanguage() throws {
    let home = try OeshProcess.temporaryDirectory(self).appendingPathComponent("home")
    let english = try tutorial(["campaigns"], home: home, extra: ["--lang", "en"])
    XCTAssertTrue(english.stdout.hasPrefix("Tutorial: new demo workspace "), english.stdout)
    let resumed = try tutorial(["hint"], home: home)
    XCTAssertTrue(resumed.stdout.hasPrefix("Tutorial: resuming in "), resumed.stdout)
    XCTAssertTrue(resumed.stdout.contains("Hint: open campaign"), resumed.stdout)
    let french = try tutorial(["hint"], home: home, extra: ["--lang", "fr"])
    XCTAssertTrue(french.stdout.hasPrefix("Tutoriel : reprise dans "), french.stdout)
    let again = try tutorial(["hint"], home: home)
    XCTAssertTrue(again.stdout.hasPrefix("Tutoriel : reprise dans "), again.stdout)
  }

  /// `explain` says the clicks of what was done: `apidae calcul --dry-run` requests no calcul exceptionnel
  /// (as `actualiser --dry-run` clicks no Actualiser), `apidae calcul` does.
  func testTheCalculsDryRunExplainsNoClick() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let r = try OeshProcess.run(
      [
        "-w", "ws", "-c", "explain on", "-c", "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR",
        "-c", "apidae calcul --dry-run", "-c", "apidae calcul",
      ], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("Le calcul exceptionnel exporterait :"), r.stdout)
    let clicks = r.stderr.split(separator: "\n").filter { $0.hasPrefix("↳") }
    XCTAssertEqual(
      clicks,
      [
        "↳ Apidae › Sélections › « Hébergements » › modifier le ou les filtres associés",
        "↳ Apidae › Projet › demander un calcul exceptionnel du projet",
      ])
  }

  func testTheTutorialInTheShellNeedsADemo() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    let r = try OeshProcess.run(["-w", "ws", "-c", "tutorial"], cwd: dir)
    XCTAssertEqual(r.status, 1)
    XCTAssertTrue(r.stderr.contains("oesh tutorial"), r.stderr)
  }
}
