import Foundation
import XCTest

/// What `new campaign` and `send` say about where fiches and e-mails go, on a demo workspace: what a
/// tester read wrong (a redirected e-mail, fiches left out of a new audience, a send before a sync).
final class CampaignMessagesTests: XCTestCase {
  private func demo() throws -> (dir: URL, ws: URL) {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    return (dir, dir.appendingPathComponent("ws"))
  }

  private func oesh(_ dir: URL, _ lines: String..., lang: String? = nil) throws -> OeshProcess.Result {
    try OeshProcess.run(
      ["-w", "ws"] + (lang.map { ["--lang", $0] } ?? []) + lines.flatMap { ["-c", $0] }, cwd: dir)
  }

  /// `send Camping La Buidonnière`, a name typed without quotes, took each word for a fiche and said
  /// «« Camping » désigne plusieurs fiches»; it now says to quote the words, which name one together, as
  /// arguments too many do elsewhere (status 2, nothing written). Words that name no one fiche, or two
  /// fiches given by name, keep the lookup's message.
  func testSendOfANameTypedWithoutQuotesSaysToQuoteIt() throws {
    let (dir, ws) = try demo()
    let sent = try oesh(dir, "open campaign 1", "send Camping La Buidonnière")
    XCTAssertEqual(sent.status, 2, sent.stderr)
    XCTAssertTrue(
      sent.stderr.contains(
        "send : « Camping » désigne plusieurs fiches : 5100020 « Camping de l'Arc », 5100021 « Camping La "
          + "Buidonnière », 5100023 « Camping Les Fontanettes » ; donnez l'id ; un texte avec des espaces se met "
          + "entre guillemets : \"Camping La Buidonnière\" (voir « help send »)"), sent.stderr)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: ws.path + "/outbox").filter { $0.hasSuffix(".eml") }.count, 5)
    // An id is a fiche of its own; the hint quotes the name after it.
    let english = try oesh(dir, "open campaign 1", "send --dry-run 5100010 Camping La", lang: "en")
    XCTAssertEqual(english.status, 2, english.stderr)
    XCTAssertTrue(
      english.stderr.contains("; a text with spaces goes in quotes: \"Camping La\" (see \"help send\")"), english.stderr
    )
    for words in ["galibier sétaz", "Camping Buidonnière"] {
      let two = try oesh(dir, "open campaign 1", "send --dry-run " + words)
      XCTAssertEqual(two.status, 1, two.stderr)
      XCTAssertFalse(two.stderr.contains("guillemets"), two.stderr)
    }
    let quoted = try oesh(dir, "open campaign 1", "send --dry-run \"Camping La Buidonnière\"")
    // Quoted, it names the camping (which the tutorial brings into the campaign).
    XCTAssertTrue(quoted.stderr.contains("5100021 : pas dans l'audience de cette campagne"), quoted.stderr)
  }

  /// `send --all` asked at a terminal (standard input) whose results and messages both go to files
  /// (`oesh > out 2> err`): libedit shows no prompt there, so no line of the question either, which
  /// is no result.
  func testTheQuestionIsWrittenNowhereWhenNeitherOutputIsATerminal() throws {
    let (dir, ws) = try demo()
    let r = try OeshProcess.run(["-X", "-w", "ws"], cwd: dir, typed: "open campaign 1\nsend --all\nn\nquit\n")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertFalse(r.stdout.contains("Écrire"), r.stdout)
    XCTAssertFalse(r.stderr.contains("Écrire"), r.stderr)
    XCTAssertTrue(r.stderr.contains("Campagne « Mise à jour 2027 » ouverte"), r.stderr)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: ws.path + "/outbox").filter { $0.hasSuffix(".eml") }.count, 5)
  }

  /// Ctrl-D at `send --all`'s question, then at the prompt, when neither output is a terminal
  /// (`oesh > out 2> err` typed at one): the line libedit leaves is ended where its prompt goes, which is
  /// nowhere there; it was ended on standard output, among the results.
  func testCtrlDWritesNoLineAmongTheResultsWhenNeitherOutputIsATerminal() throws {
    let (dir, ws) = try demo()
    let r = try OeshProcess.run(["-X", "-w", "ws"], cwd: dir, typed: "open campaign 1\nsend --all\n\u{04}\u{04}")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "")
    XCTAssertTrue(r.stderr.hasSuffix("\nEnvoi annulé.\n"), r.stderr)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: ws.path + "/outbox").filter { $0.hasSuffix(".eml") }.count, 5)
  }

  /// «Envoi annulé.», after the answer no to `send --all`'s question, is a message about the
  /// session, not a result: on standard error, as «Campagne … ouverte», so that `> file` and a pipe
  /// keep results alone.
  func testACancelledSendSaysSoOnStandardError() throws {
    let (dir, ws) = try demo()
    for answer in ["n", "non", "N"] {
      let r = try OeshProcess.run(
        ["-X", "-w", "ws"], cwd: dir, typed: "open campaign 1\nsend --all\n\(answer)\nquit\n")
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertEqual(r.stdout, "", answer)
      XCTAssertTrue(r.stderr.hasSuffix("\nEnvoi annulé.\n"), answer + ": " + r.stderr)
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: ws.path + "/outbox").filter { $0.hasSuffix(".eml") }.count, 5)
  }

  /// With `mail.redirect`, every send line names the address written to and the fiche's it replaces;
  /// `send --all` says once that oesh.toml redirects every e-mail.
  func testARedirectedSendNamesBothAddresses() throws {
    let (dir, ws) = try demo()
    let settings = ws.appendingPathComponent("oesh.toml")
    try (String(contentsOf: settings, encoding: .utf8) + "redirect = \"moi@office-ete.example\"\n")
      .write(to: settings, atomically: true, encoding: .utf8)
    let one = try oesh(dir, "open campaign 1", "send 5100004")
    XCTAssertEqual(one.status, 0, one.stderr)
    XCTAssertTrue(
      one.stdout.contains(
        "E-mail écrit pour 5100004 « Hôtel Le Crêt Rond » → moi@office-ete.example (redirigé, au lieu de "
          + "hotel@cretrond.example) (outbox/20270301-090000_c1_5100004.eml) : « Email transmis ».\n"), one.stdout)
    XCTAssertFalse(one.stdout.contains("oesh.toml redirige"), one.stdout)

    let note =
      "oesh.toml redirige chaque e-mail vers moi@office-ete.example ([mail] redirect) : aucun ne part "
      + "à l'adresse de sa fiche.\n"
    let dry = try oesh(dir, "open campaign 1", "send --all --dry-run")
    XCTAssertEqual(dry.status, 0, dry.stderr)
    XCTAssertEqual(dry.stdout.components(separatedBy: note).count - 1, 1, dry.stdout)
    XCTAssertTrue(
      dry.stdout.contains(
        "Écrirait l'e-mail de 5100006 « Hôtel Le Perce-Neige » → moi@office-ete.example (redirigé, au lieu de "
          + "accueil@perce-neige.example) (outbox/"), dry.stdout)
    let dryOne = try oesh(dir, "open campaign 1", "send --dry-run 5100007", lang: "en")
    XCTAssertTrue(
      dryOne.stdout.contains(
        "→ moi@office-ete.example (redirected, instead of glaciers@bonneval-hotel.example) (outbox/"), dryOne.stdout)

    // Without --yes a script cannot answer: a usage error, and nothing on standard output, the note neither.
    let unanswered = try oesh(dir, "open campaign 1", "send --all")
    XCTAssertEqual(unanswered.status, 2)
    XCTAssertFalse(unanswered.stdout.contains("redirige"), unanswered.stdout)
    XCTAssertTrue(unanswered.stderr.hasSuffix("send --all hors d'un terminal demande --yes (ou --dry-run pour voir)\n"))

    let all = try oesh(dir, "open campaign 1", "send --all --yes")
    XCTAssertEqual(all.status, 0, all.stderr)
    XCTAssertEqual(all.stdout.components(separatedBy: note).count - 1, 1, all.stdout)
    let lines = all.stdout.split(separator: "\n").filter { $0.hasPrefix("E-mail écrit pour") }
    XCTAssertEqual(lines.count, 10, all.stdout)
    XCTAssertTrue(lines.allSatisfy { $0.contains("→ moi@office-ete.example (redirigé, au lieu de ") }, all.stdout)
  }

  /// `new campaign` counts and names the fiches of its sélections R6 left out, with why: `selections`
  /// counting one more than the audience is no longer a riddle.
  func testANewCampaignSaysTheHiddenFichesItLeftOut() throws {
    let (dir, _) = try demo()
    let r = try oesh(
      dir, "apidae hide 5100012", "apidae calcul", "sync", "new campaign \"Après masquage\" --selection 49001")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(
      r.stdout.contains(
        "Campagne 2 « Après masquage » créée sur 49001 « Hébergements » : 18 fiches dans son audience, "
          + "« Email à transmettre ».\n1 fiche de ses sélections laissée de côté, masquée (R6 ne prend que "
          + "les fiches visibles ; « actualiser » les ajoute une fois publiées de nouveau) : 5100012 Gîte du Pré Clos\n"
          + "Pour y travailler : open campaign \"Après masquage\"\n"), r.stdout)
    let plain = try oesh(dir, "new campaign Restos --selection 49002", lang: "en")
    XCTAssertEqual(plain.status, 0, plain.stderr)
    XCTAssertFalse(plain.stdout.contains("left out"), plain.stdout)
  }

  /// Standard error without `open campaign`'s «Campagne … ouverte».
  private func warnings(_ stderr: String) -> String {
    stderr.split(separator: "\n").filter { !$0.hasPrefix("Campagne « ") }.map { $0 + "\n" }.joined()
  }

  /// R5 sends what the store knows, but an export due and not imported yet that changes the fiche is
  /// warned about on standard error, naming it, with `sync` first; `send --all` warns once, counting.
  func testASendBeforeTheSyncOfAnExportChangingTheFicheWarns() throws {
    let (dir, _) = try demo()
    let before = try oesh(dir, "open campaign 1", "send --dry-run 5100004")
    XCTAssertEqual(warnings(before.stderr), "")
    let export = "4242_20270301-0900_8VSv0k"
    let r = try oesh(
      dir, "apidae fiche 5100004 --email neuf@cretrond.example", "apidae fiche 5100006 --email neuf@pn.example",
      "apidae calcul", "open campaign 1", "send --all --dry-run", "send 5100004")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      warnings(r.stderr),
      "-c:5: attention : un export pas encore importé change 2 fiches de cet envoi (5100004, 5100006) : "
        + "\(export) ; leurs e-mails suivent ce qu'Open Edit en sait avant lui (adresses comprises). « sync » "
        + "d'abord pour les envoyer à jour.\n"
        + "-c:6: attention : un export pas encore importé change la fiche 5100004 : \(export) ; son e-mail suit ce "
        + "qu'Open Edit en sait avant lui (adresse comprise). « sync » d'abord pour l'envoyer à jour.\n")
    XCTAssertTrue(r.stdout.contains("5100004 « Hôtel Le Crêt Rond » → hotel@cretrond.example"), r.stdout)
    // Once imported, nothing is pending: no warning, the new address.
    let after = try oesh(dir, "sync", "open campaign 1", "send --all --yes")
    XCTAssertEqual(warnings(after.stderr), "")
    XCTAssertTrue(after.stdout.contains("→ neuf@pn.example"), after.stdout)
  }

  /// `actualiser` right after a change of the campaign's sélection in Apidae, the newcomer's slip the
  /// procedure is about, said «Rien à actualiser : l'audience … suit déjà ses sélections.» and nothing
  /// more: it now says what comes first, an export of that change, then a `sync` of the export due (with
  /// what `actualiser` will then do), and nothing more once the audience follows the sélections imported.
  func testAnActualiserWithNothingToDoSaysWhatComesFirst() throws {
    let (dir, _) = try demo()
    let nothing = "Rien à actualiser : l'audience de « Mise à jour 2027 » suit déjà ses sélections.\n"
    let changed = try oesh(
      dir, "open campaign 1", "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR > /dev/null", "actualiser")
    XCTAssertEqual(changed.status, 0, changed.stderr)
    XCTAssertEqual(
      changed.stdout,
      nothing
        + "Dans Apidae, la sélection « Hébergements » a changé depuis le dernier export (4 fiches entrent, 0 sort) : "
        + "Open Edit ne le sait pas encore. Un export d'abord (« apidae calcul », le calcul exceptionnel, ou "
        + "« nuit »), puis « sync » et « actualiser ».\n")
    let exported = try oesh(dir, "open campaign 1", "apidae calcul > /dev/null", "actualiser", "actualiser --dry-run")
    XCTAssertEqual(exported.status, 0, exported.stderr)
    let syncFirst =
      "Mais 1 export arrivé n'est pas encore importé (4242_20270301-0900_8VSv0k) : « actualiser » relit les "
      + "sélections telles qu'importées. « sync » d'abord ; « actualiser » y ajoutera ensuite 4 fiches et changera "
      + "0 offre.\n"
    XCTAssertEqual(exported.stdout, nothing + syncFirst + "(simulation : rien n'est changé)\n" + nothing + syncFirst)
    let english = try oesh(dir, "open campaign 1", "actualiser", lang: "en")
    XCTAssertTrue(
      english.stdout.hasSuffix(
        "But 1 export that has arrived is not imported yet (4242_20270301-0900_8VSv0k): \"actualiser\" re-reads the "
          + "sélections as imported. \"sync\" first; \"actualiser\" will then add 4 fiches and change 0 offres.\n"),
      english.stdout)
    let synced = try oesh(dir, "open campaign 1", "sync > /dev/null", "actualiser > /dev/null", "actualiser")
    XCTAssertEqual(synced.status, 0, synced.stderr)
    XCTAssertEqual(synced.stdout, nothing)
  }

  /// A status typed with a slip (`--status "Email a transmetre"`) listed the statuses and suggested none,
  /// where a campaign, a sélection or a type a slip away is suggested; the nearest label is now, by its
  /// label or its key (`transmi`), in each command that takes one (status 2).
  func testAStatusTypedWithASlipIsSuggested() throws {
    let (dir, _) = try demo()
    let labels =
      "statuts : « Email à transmettre », « Email transmis », « Hors sélection », « Fiche supprimée », « Fiche masquée »"
    for (line, near) in [
      ("audience --status \"Email a transmetre\"", "Email à transmettre"),
      ("audience --status transmi", "Email transmis"),
      ("expect status 5100001 \"Email transmi\"", "Email transmis"),
      ("expect audience 1 --status \"Hors selections\"", "Hors sélection"),
    ] {
      let r = try oesh(dir, "open campaign 1", line)
      XCTAssertEqual(r.status, 2, line)
      XCTAssertTrue(r.stderr.hasSuffix(labels + ". Vouliez-vous dire « \(near) » ?\n"), r.stderr)
    }
    let english = try oesh(dir, "open campaign 1", "audience --status \"Email a transmetre\"", lang: "en")
    XCTAssertTrue(english.stderr.hasSuffix("«Fiche masquée». Did you mean «Email à transmettre»?\n"), english.stderr)
    // Far from every label, nothing is suggested.
    let far = try oesh(dir, "open campaign 1", "audience --status validée")
    XCTAssertTrue(far.stderr.hasSuffix(labels + "\n"), far.stderr)
  }

  /// A newcomer who added the missing address in Apidae and asked for the export, then sent before
  /// `sync`, was told «pas d'e-mail (à ajouter dans Apidae, puis calcul du projet et sync)», the two steps
  /// done already: a refusal for the e-mail now says when an export due changes the fiche, `sync` first,
  /// for `send ID` and in `send --all`'s list; without such an export it says what it said.
  func testASendRefusedForTheEmailBeforeTheSyncOfTheFixSaysSyncFirst() throws {
    let (dir, _) = try demo()
    let fix = "apidae fiche 5100005 --email auberge@ecureuil.example > /dev/null"
    let before = try oesh(dir, "open campaign 1", fix, "send 5100005")
    XCTAssertEqual(before.status, 1, before.stderr)
    XCTAssertTrue(
      before.stderr.hasSuffix(
        "-c:3: rien n'est envoyé — 5100005 : pas d'e-mail (à ajouter dans Apidae, puis calcul du projet et sync)\n"),
      before.stderr)
    let exported = try oesh(dir, "open campaign 1", "apidae calcul > /dev/null", "send 5100005")
    XCTAssertEqual(exported.status, 1, exported.stderr)
    XCTAssertTrue(
      exported.stderr.hasSuffix(
        "-c:3: rien n'est envoyé — 5100005 : pas d'e-mail (à ajouter dans Apidae, puis calcul du projet et sync), "
          + "mais un export pas encore importé change la fiche (4242_20270301-0900_8VSv0k) : « sync » d'abord\n"),
      exported.stderr)
    let all = try oesh(dir, "open campaign 1", "send --all --dry-run")
    XCTAssertEqual(all.status, 0, all.stderr)
    XCTAssertTrue(
      all.stdout.contains(
        "  5100005 « Auberge de l'Écureuil » : pas d'e-mail (à ajouter dans Apidae, puis calcul du projet et sync), mais "
          + "un export pas encore importé change la fiche (4242_20270301-0900_8VSv0k) : « sync » d'abord\n"
          + "  5100011 « Appartement Les Aiguilles » : pas d'e-mail (à ajouter dans Apidae, puis calcul du projet et sync)\n"
      ),
      all.stdout)
    let english = try oesh(dir, "open campaign 1", "send 5100005", lang: "en")
    XCTAssertTrue(
      english.stderr.hasSuffix(
        "then the project's export and sync), but an export not imported yet changes the fiche "
          + "(4242_20270301-0900_8VSv0k): \"sync\" first\n"), english.stderr)
    // A second export due that changes the fiche too: both are named, and said in the plural.
    let rename = "apidae fiche 5100005 --name \"Auberge de l'Écureuil d'Orelle\" > /dev/null"
    let twice = try oesh(
      dir, "clock set \"2027-03-01 10:00\" > /dev/null", rename, "apidae calcul > /dev/null", "open campaign 1",
      "send 5100005")
    XCTAssertEqual(twice.status, 1, twice.stderr)
    let both = "(4242_20270301-0900_8VSv0k, 4242_20270301-1000_hzp1SD)"
    XCTAssertTrue(
      twice.stderr.hasSuffix(
        "sync), mais des exports pas encore importés changent la fiche \(both) : « sync » d'abord\n"), twice.stderr)
    let twiceAll = try oesh(dir, "open campaign 1", "send --all --dry-run")
    XCTAssertTrue(
      twiceAll.stdout.contains(
        "sync), mais des exports pas encore importés changent la fiche \(both) : « sync » d'abord\n"),
      twiceAll.stdout)
    let twiceEnglish = try oesh(dir, "open campaign 1", "send 5100005", lang: "en")
    XCTAssertTrue(
      twiceEnglish.stderr.hasSuffix("sync), but exports not imported yet change the fiche \(both): \"sync\" first\n"),
      twiceEnglish.stderr)
    let synced = try oesh(dir, "open campaign 1", "sync > /dev/null", "send 5100005")
    XCTAssertEqual(synced.status, 0, synced.stderr)
  }

  /// `send --all`'s list of the offres it could not send gave their ids alone («5100005 : pas d'e-mail …»),
  /// where the e-mails written name their fiches: those are the socio-pros to call, by name. Named now.
  func testSendAllNamesTheOffresItCouldNotSend() throws {
    let (dir, _) = try demo()
    let reason = "pas d'e-mail (à ajouter dans Apidae, puis calcul du projet et sync)"
    let r = try oesh(dir, "open campaign 1", "send --all --dry-run")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(
      r.stdout.hasSuffix(
        "Non envoyés (3) :\n  5100005 « Auberge de l'Écureuil » : \(reason)\n"
          + "  5100011 « Appartement Les Aiguilles » : \(reason)\n  5100016 « Refuge du Thabor » : \(reason)\n"),
      r.stdout)
    let english = try oesh(dir, "open campaign 1", "send --all --yes", lang: "en")
    XCTAssertEqual(english.status, 0, english.stderr)
    XCTAssertTrue(
      english.stdout.hasSuffix(
        "  5100016 \"Refuge du Thabor\": no e-mail (add one in Apidae, then the project's export and sync)\n"),
      english.stdout)
  }

  /// `why` of an offre set aside as «Fiche masquée» or «Fiche supprimée» said its status and no next step,
  /// where «Hors sélection» says what gives it back: a masquée one now says, as for a hidden fiche out of the
  /// audience, to publish it in Apidae, then the export, `sync` and `actualiser`; a supprimée one that it is out.
  func testWhyOfAnOffreSetAsideSaysWhatComesNext() throws {
    let (dir, _) = try demo()
    let r = try oesh(
      dir, "open campaign 1", "nuit > /dev/null", "nuit > /dev/null", "nuit > /dev/null",
      "actualiser > /dev/null", "why 5100015", "why 5100017")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      r.stdout,
      "5100015 « Gîte Le Vieux Four » est « Fiche masquée » depuis 2027-03-04 08:00:00 (masquée par l'export "
        + "4242_20270303-0200_jbJtlB ; statut d'avant : « Email à transmettre »).\n"
        + "Étape suivante : la publier dans Apidae ; après le prochain export du projet (la nuit, ou un calcul "
        + "exceptionnel), sync et actualiser.\n"
        + "5100017 « Centre de vacances Les Carrettes » est « Fiche supprimée » depuis 2027-03-04 08:00:00 "
        + "(supprimée par l'export 4242_20270304-0200_87c1ko).\n"
        + "Elle ne peut plus entrer dans une campagne.\n")
    let english = try oesh(dir, "open campaign 1", "why 5100015", lang: "en")
    XCTAssertTrue(
      english.stdout.hasSuffix(
        "Next step: publish it in Apidae; after the project's next export (the night, or a calcul exceptionnel), sync "
          + "and actualiser.\n"), english.stdout)
  }

  /// `why` of a fiche Open Edit has not imported yet names it as the export waiting carries it (the new
  /// hotel of the demo's first night), where it gave its id alone, «5100063 est dans un export pas encore
  /// importé : …», what no other answer of `why` does.
  func testWhyOfAFicheOnlyInAnExportNamesIt() throws {
    let (dir, _) = try demo()
    let r = try oesh(dir, "open campaign 1", "clock set \"2027-03-02 09:00\" > /dev/null", "why 5100063")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      r.stdout,
      "5100063 « Hôtel L'Aigle Blanc » est dans un export pas encore importé : 4242_20270302-0200_Y0BSDB.\n"
        + "Étape suivante : « sync » (l'heure de cet export est venue).\n")
  }

  /// `why` of a fiche created in the simulated Apidae and not exported yet names it as Apidae has it, where
  /// it gave the bare id («Aucun export importé ni en attente ne contient la fiche 5100064.»).
  func testWhyOfAFicheOnlyInApidaeNamesIt() throws {
    let (dir, _) = try demo()
    let r = try oesh(
      dir, "open campaign 1", "apidae new fiche --type HOTELLERIE --name \"Hôtel Neuf\" --commune Modane > /dev/null",
      "why \"Hôtel Neuf\"")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(
      r.stdout.hasPrefix("Aucun export importé ni en attente ne contient la fiche 5100064 « Hôtel Neuf ».\n"), r.stdout)
  }

  /// `close` with no campaign open said nothing at all, as if it had closed one; it says so now, on standard
  /// error as `close` says what it closed, and succeeds (nothing is left open either way).
  func testCloseWithNoCampaignOpenSaysSo() throws {
    let (dir, _) = try demo()
    let r = try oesh(dir, "open campaign 1", "close", "close")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "")
    XCTAssertTrue(
      r.stderr.hasSuffix(
        "Campagne « Mise à jour 2027 » fermée.\nAucune campagne n'est ouverte : rien à fermer.\n"), r.stderr)
    let english = try oesh(dir, "close", lang: "en")
    XCTAssertEqual(english.stderr, "No campaign is open: nothing to close.\n")
  }

  /// `send` of a fiche the sync brought into the campaign's sélection, before `actualiser` (the newcomer's
  /// slip the procedure warns of), said «pas dans l'audience de cette campagne (voir « why 5100021 »)»: it
  /// now says the step itself, `actualiser` first; a fiche in none of its sélections keeps the pointer to
  /// `why`, which says what to do in Apidae.
  func testASendBeforeActualiserSaysActualiserFirst() throws {
    let (dir, _) = try demo()
    let change = "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR > /dev/null"
    let r = try oesh(dir, "open campaign 1", change, "apidae calcul > /dev/null", "sync > /dev/null", "send 5100021")
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(
      r.stderr.hasSuffix(
        "-c:5: rien n'est envoyé — 5100021 : pas encore dans l'audience de cette campagne, mais dans ses sélections "
          + "(49001 « Hébergements ») : « actualiser » d'abord (la synchronisation ne touche pas aux campagnes)\n"),
      r.stderr)
    let english = try oesh(dir, "open campaign 1", "send 5100021", lang: "en")
    XCTAssertTrue(
      english.stderr.hasSuffix(
        "5100021: not in this campaign's audience yet, but in its sélections (49001 \"Hébergements\"): "
          + "\"actualiser\" first (a sync never touches campaigns)\n"), english.stderr)
    // In JSON too: standard error, and the document's error, say the step, as the prose does.
    let json = try oesh(dir, "open campaign 1", "send 5100021 --format json")
    XCTAssertEqual(json.status, 1, json.stderr)
    let step = "« actualiser » d'abord (la synchronisation ne touche pas aux campagnes)"
    XCTAssertTrue(json.stderr.hasSuffix(step + "\n"), json.stderr)
    let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let message = (document?["error"] as? [String: Any])?["message"] as? String
    XCTAssertTrue(message?.hasSuffix(step) ?? false, json.stdout)
    let elsewhere = try oesh(dir, "open campaign 1", "send 5100030")
    XCTAssertTrue(
      elsewhere.stderr.hasSuffix(
        "5100030 : pas dans l'audience de cette campagne (voir « why 5100030 »)\n"), elsewhere.stderr)
    XCTAssertEqual(try oesh(dir, "open campaign 1", "actualiser > /dev/null", "send 5100021").status, 0)
  }
}
