import Foundation
import XCTest

/// The Apidae side's listings in CSV, on the demo: the data as a file would want it, with the columns of
/// `apidae fiches`.
final class ApidaeListingTests: DemoWorkspaceTestCase {
  /// A fiche without e-mail has an empty field, as in `fiches --format csv`: the table's «— pas d'e-mail»
  /// is the table's (it came when the session's format was the table's, whatever `--format` said).
  func testAFicheWithoutEMailHasAnEmptyFieldInCSV() throws {
    let r = try oesh("apidae fiches --format csv")
    XCTAssertEqual(r.status, 0, r.stderr)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "fiche_id,name,type,commune,email,state,pending")
    XCTAssertTrue(
      lines.contains("5100011,Appartement Les Aiguilles,HEBERGEMENT_LOCATIF,Valmeinier,,PUBLISHED,false"), r.stdout)
    XCTAssertFalse(r.stdout.contains("e-mail"), r.stdout)
    XCTAssertTrue(try oesh("apidae fiches").stdout.contains("— pas d'e-mail"), "the table says it")
  }

  /// `apidae fiche ID` and `apidae selection ID` in CSV, asked for or inferred from `> FILE.csv`: the rows of
  /// `apidae fiches` (they gave the card, and the sentences and the table); their JSON keeps its shape.
  func testOneFicheOrOneSelectionInCSVHasTheRowsOfApidaeFiches() throws {
    let all = try oesh("apidae fiches --format csv").stdout.split(separator: "\n").map(String.init)
    let header = all[0]
    let galibier = try XCTUnwrap(all.first { $0.hasPrefix("5100001,") })
    let fiche = try oesh("apidae fiche 5100001 --format csv")
    XCTAssertEqual(fiche.status, 0, fiche.stderr)
    XCTAssertEqual(fiche.stdout, header + "\n" + galibier + "\n")
    XCTAssertEqual(try oesh("apidae fiche \"hôtel du galibier\" > galibier.csv").status, 0)
    XCTAssertEqual(try file("galibier.csv"), fiche.stdout)

    let json = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(try oesh("apidae selection 49001 --format json").stdout.utf8))
        as? [String: Any])
    let members = try XCTUnwrap(json["members"] as? [Int])
    XCTAssertGreaterThan(members.count, 10)
    let selection = try oesh("apidae selection 49001 --format csv")
    XCTAssertEqual(selection.status, 0, selection.stderr)
    let rows = selection.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(rows.first, header)
    XCTAssertEqual(rows.dropFirst().compactMap { Int($0.prefix { $0 != "," }) }.sorted(), members.sorted())
    XCTAssertEqual(Set(rows.dropFirst()), Set(all.filter { members.contains(Int($0.prefix { $0 != "," }) ?? 0) }))
    XCTAssertEqual(try oesh("apidae sélection Hébergements > membres.csv").status, 0)
    XCTAssertEqual(try file("membres.csv"), selection.stdout)
  }

  /// A fiche that has just entered the sélection in Apidae, named above the table as «entrent …», was «À
  /// exporter : non» in it, as its own data had not changed: the newcomer read that the camping would not
  /// go. The table now says «oui (entre)» for it; CSV keeps the rows of `apidae fiches`.
  func testAFicheEnteringTheSelectionIsToExportInItsTable() throws {
    let csv = try oesh("apidae selection 49001 --format csv").stdout
    let r = try oesh("apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR")
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = r.stdout.split(separator: "\n").map(String.init)
    let camping = try XCTUnwrap(rows.first { $0.hasPrefix("5100021 ") })
    XCTAssertTrue(camping.hasSuffix("PUBLISHED  oui (entre)"), camping)
    let galibier = try XCTUnwrap(rows.first { $0.hasPrefix("5100001 ") })
    XCTAssertTrue(galibier.hasSuffix("PUBLISHED  non"), galibier)
    let english = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "apidae selection 49001"], cwd: dir)
    let enCamping = try XCTUnwrap(english.stdout.split(separator: "\n").first { $0.hasPrefix("5100021 ") })
    XCTAssertTrue(enCamping.hasSuffix("PUBLISHED  yes (enters)"), String(enCamping))
    let after = try oesh("apidae selection 49001 --format csv").stdout
    let campingCSV = try XCTUnwrap(after.split(separator: "\n").first { $0.hasPrefix("5100021,") })
    XCTAssertTrue(campingCSV.hasSuffix(",PUBLISHED,false"), String(campingCSV))
    XCTAssertFalse(csv.contains("5100021,"), csv)
  }

  /// A fiche put in or kept out of a sélection by hand is one of the project's: `--include=-5` (or 0, or an id
  /// the project has no fiche for) was taken, went into the next export's selections.json, and the sync
  /// then refused that export («un entier positif attendu»). Now refused, the sélection left as it was.
  func testASelectionTakesByHandOnlyTheProjectsFiches() throws {
    let before = try oesh("apidae selection 49001 --format json")
    XCTAssertEqual(before.status, 0, before.stderr)
    for option in ["--include=-5", "--include 0", "--exclude 99999"] {
      let r = try oesh("apidae selection 49001 \(option)")
      XCTAssertEqual(r.status, 1, option)
      XCTAssertTrue(r.stderr.hasPrefix("-c:1: Apidae n'a pas de fiche "), r.stderr)
    }
    XCTAssertEqual(try oesh("apidae selection 49001 --format json").stdout, before.stdout)
    let calcul = try oesh("apidae selection 49001 --include 5100021", "apidae calcul", "sync")
    XCTAssertEqual(calcul.status, 0, calcul.stderr)
  }

  /// Runs `command` alone, which must be a usage error (status 2) saying `message` on standard error and
  /// nothing on standard output.
  func assertUsageError(_ command: String, _ message: String, line: UInt = #line) throws {
    let r = try oesh(command)
    XCTAssertEqual(r.status, 2, r.stderr, line: line)
    XCTAssertEqual(r.stderr, "-c:1: \(message)\n", line: line)
    XCTAssertEqual(r.stdout, "", line: line)
  }

  /// A name or an e-mail longer than an export carries is refused when typed, said as such (status 2), and
  /// nothing is changed: `apidae new fiche --name` of 17,000 bytes was taken, and the sync then refused
  /// the export it went into; `apidae fiche ID --name` said «export refusé … export , ligne 1» of no export.
  func testANameLongerThanAnExportCarriesIsRefusedWhenTyped() throws {
    let long = String(repeating: "A", count: 17000)
    for command in [
      "apidae new fiche --type HOTELLERIE --name \(long) --commune Valloire",
      "apidae fiche 5100002 --name \(long)", "apidae fiche 5100002 --email \(long)@example.invalid",
    ] {
      let field = command.contains("--email") ? "e-mail de 17016 octets" : "nom de 17000 octets"
      try assertUsageError(
        command,
        "\(field) : oesh ne lit pas de texte de plus de 16384 octets dans un export (ceux d'Apidae en font "
          + "quelques centaines), et le prochain « sync » refuserait l'export qui le porterait ; rien n'est changé")
    }
    let after = try oesh("apidae calcul", "sync")
    XCTAssertEqual(after.status, 0, after.stderr)
    XCTAssertTrue(after.stdout.contains("Rien à exporter"), after.stdout)
  }

  /// With the clock set back before an export, `apidae calcul` writes nothing and says why and what to do
  /// (status 1); the change waits, and the next night after that export brings it to Open Edit. The
  /// calcul was written, dated before, came late to the sync, which kept none of its sélections: the
  /// fiche stayed in Open Edit's sélection, and Apidae said the sélection exported.
  func testACalculWithTheClockSetBackBeforeAnExportWritesNothingAndSaysWhy() throws {
    XCTAssertEqual(try oesh("clock set \"2027-03-02 10:00\"", "sync").status, 0)
    let calcul = try oesh(
      "clock set \"2027-03-01 10:00\"", "apidae selection 49001 --exclude 5100002", "apidae calcul")
    XCTAssertEqual(calcul.status, 1, calcul.stderr)
    XCTAssertTrue(
      calcul.stderr.hasSuffix(
        "-c:3: l'horloge (2027-03-01 10:00) est avant l'export 4242_20270302-0200_Y0BSDB (2027-03-02 02:00) : "
          + "Apidae ne date pas un export d'avant le dernier (le « sync » n'en prendrait pas les sélections) ; "
          + "rien n'est écrit, les changements attendent. Avancez l'horloge jusqu'à lui : "
          + "clock set \"2027-03-02 02:00\"\n"), calcul.stderr)
    // Its dry run says the same, where it said what the export would carry, status 0.
    let dryRun = try oesh("apidae calcul --dry-run")
    XCTAssertEqual(dryRun.status, 1, dryRun.stdout)
    XCTAssertEqual(dryRun.stdout, "")
    XCTAssertTrue(
      dryRun.stderr.hasPrefix("-c:1: l'horloge (2027-03-01 10:00) est avant l'export 4242_20270302-0200_Y0BSDB"),
      dryRun.stderr)
    let night = try oesh("nuit")
    XCTAssertEqual(night.status, 0, night.stderr)
    XCTAssertTrue(night.stdout.contains("sélection 49001 « Hébergements » : −1 (5100002 Hôtel La Sétaz)"), night.stdout)
  }

  /// A fiche both put in and kept out by hand in one command is a usage error that names it and changes
  /// nothing: it was listed under both «Ajoutées à la main» and «Retirées à la main», kept out, and the
  /// change journalled.
  func testAFicheIncludedAndExcludedAtOnceIsRefused() throws {
    let before = try oesh("apidae selection 49001 --format json")
    try assertUsageError(
      "apidae selection 49001 --include 5100002 --exclude 5100003 --exclude 5100002",
      "la fiche 5100002 est à la fois dans --include et dans --exclude : ajoutée ou retirée à la main, "
        + "elle ne peut être les deux ; rien n'est changé")
    XCTAssertEqual(try oesh("apidae selection 49001 --format json").stdout, before.stdout)
    XCTAssertFalse(try oesh("journal --format csv").stdout.contains("apidae.selection.changed"))
  }

  /// `--remove-type` of a type Apidae does not have is refused as `--add-type`'s is, with the nearest type
  /// (status 2): `--remove-type HOTELERIE` was taken, said «modifiée dans Apidae : 0 fiche entre, 0 sort»
  /// and journalled, HOTELLERIE left in the filter.
  func testRemovingATypeApidaeDoesNotHaveIsRefused() throws {
    let r = try oesh("apidae selection 49001 --remove-type HOTELERIE")
    XCTAssertEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stderr.hasPrefix("-c:1: type Apidae inconnu « HOTELERIE » (types : ACTIVITE, "), r.stderr)
    XCTAssertTrue(r.stderr.hasSuffix("Vouliez-vous dire « HOTELLERIE » ?\n"), r.stderr)
    XCTAssertEqual(r.stdout, "")
    XCTAssertFalse(try oesh("journal --format csv").stdout.contains("apidae.selection.changed"))
  }

  /// `apidae fiche ID --email E --no-email` is a usage error, nothing changed: `--no-email` won silently,
  /// the address given dropped along with the fiche's.
  func testEmailAndNoEmailTogetherAreRefused() throws {
    try assertUsageError(
      "apidae fiche 5100002 --email accueil@setaz.example --no-email",
      "apidae fiche : --email et --no-email ensemble : l'un donne une adresse, l'autre la retire ; donnez "
        + "l'un ou l'autre (voir « help apidae fiche »)")
    let fiche = try oesh("apidae fiche 5100002 --format csv")
    XCTAssertTrue(fiche.stdout.contains(",false\n"), "not changed: \(fiche.stdout)")
  }

  /// `apidae calcul --dry-run` says what the export would carry as the export then does: a fiche deleted in
  /// Apidae goes into its deletions, not its fiches. It said «fiches (2)» where the export was «1 fiche, 1
  /// suppression».
  func testACalculsDryRunCountsAsTheExportDoes() throws {
    XCTAssertEqual(try oesh("apidae delete 5100004", "apidae hide 5100005").status, 0)
    let dryRun = try oesh("apidae calcul --dry-run")
    XCTAssertEqual(dryRun.status, 0, dryRun.stderr)
    XCTAssertEqual(
      dryRun.stdout,
      """
      Le calcul exceptionnel exporterait :
        fiches (1) : 5100005 Auberge de l'Écureuil
        suppressions (1) : 5100004 Hôtel Le Crêt Rond
        sélection « Hébergements » : entrent — ; sortent 5100004 Hôtel Le Crêt Rond

      """)
    let calcul = try oesh("apidae calcul")
    XCTAssertTrue(calcul.stdout.contains(" : 1 fiche, 1 suppression ; « Hébergements » +0 −1\n"), calcul.stdout)
  }

  /// `--owner` takes an owner of the project's fiches, by id or by name as names are found elsewhere (its
  /// start, accents and case aside), and keeps its whole name; one no fiche has is an error with the
  /// nearest name, nothing changed: a slip was taken and emptied the sélection of every fiche its filter
  /// held (all 11 leaving «Restaurants et dégustation»).
  func testAnOwnerNoFicheHasIsRefusedAndOneFoundIsKeptWhole() throws {
    let slip = try oesh("apidae selection 49002 --owner \"Haute Maurienne Vanoize Tourisme\"")
    XCTAssertEqual(slip.status, 1, slip.stderr)
    XCTAssertEqual(
      slip.stderr,
      "-c:1: aucune fiche du projet n'a pour propriétaire « Haute Maurienne Vanoize Tourisme » : le filtre n'en "
        + "retiendrait aucune (« apidae fiche ID » montre le propriétaire d'une fiche). Vouliez-vous dire "
        + "« Haute Maurienne Vanoise Tourisme » ?\n")
    XCTAssertEqual(try oesh("apidae selection 49002 --owner 99999").status, 1)
    XCTAssertFalse(try oesh("journal --format csv").stdout.contains("apidae.selection.changed"))
    let found = try oesh("apidae selection 49002 --owner \"haute maurienne\"")
    XCTAssertEqual(found.status, 0, found.stderr)
    XCTAssertTrue(found.stdout.contains("propriétaire Haute Maurienne Vanoise Tourisme\n"), found.stdout)
    XCTAssertTrue(found.stdout.contains(" : 0 fiche entre, 3 sortent."), found.stdout)
    let byId = try oesh("apidae selection 49002 --owner 80102")
    XCTAssertTrue(byId.stdout.contains("propriétaire 80102\n"), byId.stdout)
    XCTAssertTrue(byId.stdout.contains(" : 0 fiche entre, 0 sort."), "the same owner: \(byId.stdout)")
  }

  /// `apidae fiche ID --name N --email E` giving what the fiche has already changes nothing and says so, as
  /// `apidae hide` of a hidden fiche does: it was journalled («nom : Hôtel La Sétaz → Hôtel La Sétaz»),
  /// exported, and the sync reported a modification nobody made. Of a name and an e-mail, only the one that
  /// differs is a change.
  func testAnEditGivingWhatTheFicheHasChangesNothing() throws {
    let same = try oesh("apidae fiche 5100002 --name \"Hôtel La Sétaz\" --email reception@lasetaz.example")
    XCTAssertEqual(same.status, 0, same.stderr)
    XCTAssertTrue(
      same.stdout.hasPrefix(
        "Rien à faire : dans Apidae, la fiche 5100002 « Hôtel La Sétaz » a déjà ce nom et cette adresse e-mail.\n"),
      same.stdout)
    // What it has already is said as it was given («est déjà ainsi», "is already so", said none of it).
    let said = [
      ("5100002 --name \"Hôtel La Sétaz\"", "a déjà ce nom", "already has that name"),
      ("5100002 --email reception@lasetaz.example", "a déjà cette adresse e-mail", "already has that e-mail address"),
      ("5100011 --no-email", "n'a déjà pas d'e-mail", "already has no e-mail"),
      (
        "5100011 --no-email --name \"Appartement Les Aiguilles\"", "a déjà ce nom, et pas d'e-mail",
        "already has that name, and no e-mail"
      ),
    ]
    for (edit, fr, en) in said {
      let name = edit.hasPrefix("5100002") ? "Hôtel La Sétaz" : "Appartement Les Aiguilles"
      let id = edit.prefix(7)
      XCTAssertEqual(
        try oesh("apidae fiche \(edit)").stdout.split(separator: "\n").first,
        "Rien à faire : dans Apidae, la fiche \(id) « \(name) » \(fr).")
      let english = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "apidae fiche \(edit)"], cwd: dir)
      XCTAssertEqual(
        english.stdout.split(separator: "\n").first, "Nothing to do: in Apidae, fiche \(id) \"\(name)\" \(en).")
    }
    XCTAssertFalse(same.stdout.contains("Open Edit ne le saura"), same.stdout)
    XCTAssertTrue(try oesh("apidae calcul").stdout.hasPrefix("Rien à exporter"))
    XCTAssertFalse(try oesh("journal --kind apidae.fiche.changed --format csv").stdout.contains(",5100002,"))

    let one = try oesh("apidae fiche 5100002 --name \"Hôtel La Sétaz\" --email accueil@lasetaz.example")
    XCTAssertTrue(one.stdout.hasPrefix("Fiche 5100002 modifiée dans Apidae.\n"), one.stdout)
    let journal = try oesh("journal --kind apidae.fiche.changed --format csv")
    XCTAssertTrue(
      journal.stdout.contains(",5100002,email: reception@lasetaz.example → accueil@lasetaz.example,"), journal.stdout)
  }

  /// `apidae selections` in CSV says what its JSON says: `pending` true or false, and the ids entering and
  /// leaving, where the table has them in one cell; CSV's `pending` was the table's «'+4 −1» (guarded as
  /// a formula) or empty, where JSON said true and false.
  func testApidaeSelectionsInCSVAgreeWithJSON() throws {
    XCTAssertEqual(try oesh("apidae selection 49001 --add-type HOTELLERIE_PLEIN_AIR --exclude 5100001").status, 0)
    let json = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(try oesh("apidae selections --format json").stdout.utf8))
        as? [[String: Any]])
    let csv = try oesh("apidae selections --format csv")
    XCTAssertEqual(csv.status, 0, csv.stderr)
    let lines = csv.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "id,name,filter,fiches,entering,leaving,pending")
    XCTAssertEqual(lines.count, json.count + 1)
    for s in json {
      let id = try XCTUnwrap(s["id"] as? Int)
      let row = try XCTUnwrap(lines.first { $0.hasPrefix("\(id),") })
      let ids = { (key: String) in ((s[key] as? [Int]) ?? []).map(String.init).joined(separator: ", ") }
      let list = { (text: String) in text.contains(",") ? "\"\(text)\"" : text }
      let pending = try XCTUnwrap(s["pending"] as? Bool)
      XCTAssertTrue(
        row.hasSuffix(
          ",\((s["members"] as? [Int])?.count ?? -1),\(list(ids("entering"))),\(list(ids("leaving"))),\(pending)"),
        row)
    }
    XCTAssertTrue(
      lines.contains { $0.hasPrefix("49001,") && $0.hasSuffix(",\"5100020, 5100021, 5100022, 5100023\",5100001,true") },
      csv.stdout)
    XCTAssertTrue(lines.contains { $0.hasPrefix("49002,") && $0.hasSuffix(",,,false") }, csv.stdout)
    XCTAssertTrue(try oesh("apidae selections").stdout.contains("+4 −1"), "the table keeps its cell")
  }

  /// A scheduled change whose fiche was deleted meanwhile is journalled with a stable code, worded in the
  /// table: it read Swift's printout of the error, `ficheDeleted(5100001)`, in the table and in JSON. The
  /// e-mails written say where their file is.
  func testASkippedChangeAndAnEmailWrittenReadInWordsInTheJournal() throws {
    let r = try oesh(
      "apidae delete 5100001", "clock set \"2027-03-02 12:00\"",
      "journal --kind apidae.event.skipped --format csv", "journal --kind apidae.event.skipped --format json")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(
      r.stdout.hasSuffix(
        "2027-03-02 11:00:00,apidae.event.skipped,,,fiche_deleted 5100001,\"clock set \"\"2027-03-02 12:00\"\"\"\n"
          + "[{\"at\": \"2027-03-02 11:00:00\", \"kind\": \"apidae.event.skipped\", \"campaign_id\": null,"
          + " \"fiche_id\": null, \"detail\": \"fiche_deleted 5100001\", \"command\": \"clock set \\\"2027-03-02 12:00\\\"\"}]\n"
      ),
      r.stdout)
    let fr = try oesh("journal --kind apidae.event.skipped")
    XCTAssertTrue(
      fr.stdout.contains("Changement prévu non appliqué                   la fiche 5100001 est supprimée dans Apidae"),
      fr.stdout)
    let en = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "journal --kind apidae.event.skipped"], cwd: dir)
    XCTAssertTrue(en.stdout.contains("fiche 5100001 is deleted in Apidae"), en.stdout)
    let mail = try oesh("journal --kind mail.sent --fiche 5100001")
    XCTAssertTrue(
      mail.stdout.contains("contact@hotel-galibier.example (outbox/20270216-103000_c1_5100001.eml)"), mail.stdout)
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: dir.appendingPathComponent("ws/outbox/20270216-103000_c1_5100001.eml").path))
  }
}
