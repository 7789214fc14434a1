import Apidae
import ArgumentParser
import OpenEdit
import XCTest

@testable import Shell

/// The catalogue's spelling and grammar conventions, checked over every message so that they hold for
/// the ones written later too.
final class CatalogueWordingTests: XCTestCase {
  /// A count agrees with its noun: French puts 0 and 1 in the singular, English 1 only; no «fiche(s)».
  func testCountedWordsAgreeWithTheirCount() {
    let fr = Catalogue(.fr), en = Catalogue(.en)
    XCTAssertEqual([0, 1, 2, 10].map { fr("fiches.count", $0) }, ["0 fiche", "1 fiche", "2 fiches", "10 fiches"])
    XCTAssertEqual([0, 1, 2].map { en("fiches.count", $0) }, ["0 fiches", "1 fiche", "2 fiches"])
    XCTAssertEqual(fr("actualiser.now", 1, "x"), "Audience : 1 offre — x.")
    XCTAssertEqual(fr("actualiser.now", 0, "x"), "Audience : 0 offre — x.")
    XCTAssertEqual(fr("actualiser.now", 2, "x"), "Audience : 2 offres — x.")
    XCTAssertTrue(
      fr("campaign.left_out.deleted", 1).hasPrefix("1 fiche de ses sélections laissée de côté, supprimée dans"))
    XCTAssertTrue(
      fr("campaign.left_out.deleted", 2).hasPrefix("2 fiches de ses sélections laissées de côté, supprimées dans"))
    XCTAssertEqual(
      fr("apidae.selection.changed", "H", 1, 2), "Sélection « H » modifiée dans Apidae : 1 fiche entre, 2 sortent.")
    XCTAssertEqual(
      fr("apidae.selection.changed", "H", 2, 0), "Sélection « H » modifiée dans Apidae : 2 fiches entrent, 0 sort.")
    XCTAssertEqual(fr("audience.footer", "C", 1, "y"), "« C » : 1 offre affichée ; audience : y.")
    XCTAssertEqual(fr("audience.footer", "C", 3, "y"), "« C » : 3 offres affichées ; audience : y.")
    XCTAssertEqual(
      fr("send.confirm_refused", 1, "C", 1),
      "Écrire 1 e-mail pour « C » (1 autre offre ne peut pas l'être, la liste suivra) ?")
    XCTAssertEqual(fr("tutorial.status.count", 0, 8), "0 leçon terminée sur 8.")
    XCTAssertEqual(en("tutorial.status.count", 0, 8), "0 of 8 lessons done.")
    // `diff pending`'s exports not due yet: one is «dû», said «le», "it".
    XCTAssertEqual(fr("diff.pending_not_due", "A (d)", 1), "Pas encore dû (le prochain « sync » le laisse) : A (d)")
    XCTAssertEqual(fr("diff.pending_not_due", "A, B", 2), "Pas encore dus (le prochain « sync » les laisse) : A, B")
    XCTAssertEqual(en("diff.pending_not_due", "A (d)", 1), "Not due yet (the next \"sync\" leaves it): A (d)")
    XCTAssertEqual(en("diff.pending_not_due", "A, B", 2), "Not due yet (the next \"sync\" leaves them): A, B")
    // `why` of a fiche several pending exports change names them all: «ces exports», not «cet export».
    XCTAssertEqual(
      fr("why.pending_change", "7 « H »", "Email transmis", "A, B", 2),
      "7 « H » est dans l'audience (« Email transmis »), mais des exports pas encore importés changent la fiche : A, B."
    )
    XCTAssertEqual(
      en("why.pending_change", "7 \"H\"", "Email transmis", "A", 1),
      "7 \"H\" is in the audience («Email transmis»), but an export not imported yet changes the fiche: A.")
    XCTAssertEqual(fr("why.waiting", "7", "A, B", 2), "7 est dans des exports pas encore importés : A, B.")
    XCTAssertTrue(
      fr("send.pending_exports", 7, "A, B", 2).hasPrefix(
        "attention : des exports pas encore importés changent la fiche 7 : A, B ; son e-mail suit ce qu'Open Edit en sait avant eux"
      ))
    XCTAssertTrue(
      fr("send.pending_exports", 7, "A", 1).hasPrefix(
        "attention : un export pas encore importé change la fiche 7 : A ; son e-mail suit ce qu'Open Edit en sait avant lui"
      ))
    XCTAssertEqual(fr("why.waiting", "7", "A", 1), "7 est dans un export pas encore importé : A.")
    // `send --all`'s warning agrees with its count of fiches and its count of exports, each alone.
    XCTAssertEqual(
      fr("send.pending_exports_all", 1, "7", "A", 1),
      "attention : un export pas encore importé change 1 fiche de cet envoi (7) : A ; son e-mail suit ce qu'Open Edit"
        + " en sait avant lui (adresse comprise). « sync » d'abord pour l'envoyer à jour.")
    XCTAssertTrue(
      fr("send.pending_exports_all", 2, "7, 8", "A, B", 2).hasPrefix(
        "attention : des exports pas encore importés changent"
          + " 2 fiches de cet envoi (7, 8) : A, B ; leurs e-mails suivent ce qu'Open Edit en sait avant eux (adresses"))
    XCTAssertEqual(
      en("send.pending_exports_all", 2, "7, 8", "A", 1),
      "warning: an export not imported yet changes 2 fiches of this send (7, 8): A; their e-mails follow what Open Edit"
        + " knew before it (addresses included). \"sync\" first to send them up to date.")
    // A send refused for its e-mail, whose fiche two exports due change: «des exports», not «un export».
    XCTAssertEqual(
      fr("refusal.sync_first", "A, B", 2),
      ", mais des exports pas encore importés changent la fiche (A, B) : « sync » d'abord")
    XCTAssertEqual(
      fr("refusal.sync_first", "A", 1), ", mais un export pas encore importé change la fiche (A) : « sync » d'abord")
    XCTAssertEqual(
      en("refusal.sync_first", "A, B", 2), ", but exports not imported yet change the fiche (A, B): \"sync\" first")
    XCTAssertEqual(
      en("refusal.sync_first", "A", 1), ", but an export not imported yet changes the fiche (A): \"sync\" first")
    let paris = TimeZone(identifier: "Europe/Paris")!
    let now = LocalDateTime(year: 2027, month: 3, day: 2, hour: 9, minute: 0)
    let (a, b) = ("4242_20270302-0200_AAAAAA", "4242_20270303-0200_BBBBBB")
    XCTAssertEqual(
      WhyText.syncStep([a, "4242_20270302-0900_AAAAAB"], blockedBy: [], now: now, in: paris, fr),
      "Étape suivante : « sync » (l'heure de ces exports est venue).")
    XCTAssertEqual(
      WhyText.syncStep([a], blockedBy: [], now: now, in: paris, fr),
      "Étape suivante : « sync » (l'heure de cet export est venue).")
    // Of two exports, one due and one not: the sync now imports the first alone, and says so («ces exports»
    // said both were due).
    XCTAssertEqual(
      WhyText.syncStep([a, b], blockedBy: [], now: now, in: paris, fr),
      "Étape suivante : « sync » (l'heure de \(a) est venue ; \(b) n'est dû qu'à partir de 2027-03-03 02:00).")
    XCTAssertEqual(
      WhyText.syncStep([a, b], blockedBy: [], now: now, in: paris, en),
      "Next step: \"sync\" (the time of \(a) has come; \(b) is due only from 2027-03-03 02:00).")
    XCTAssertEqual(
      WhyText.syncStep([a, b, "4242_20270304-0200_CCCCCC"], blockedBy: [], now: now, in: paris, fr),
      "Étape suivante : « sync » (l'heure de \(a) est venue ; \(b), 4242_20270304-0200_CCCCCC ne sont dus"
        + " qu'à partir de 2027-03-03 02:00).")
    XCTAssertTrue(
      WhyText.syncStep([b, "4242_20270304-0200_CCCCCC"], blockedBy: [], now: now, in: paris, fr).hasPrefix(
        "Étape suivante : « sync » à partir de 2027-03-03 02:00, quand le premier d'entre eux est dû"))
    XCTAssertTrue(
      WhyText.syncStep([b], blockedBy: [], now: now, in: paris, en).hasPrefix(
        "Next step: \"sync\" from 2027-03-03 02:00, when that export is due"))
    // A choice whose argument is no whole number takes the plural; one that is no choice stays as written.
    XCTAssertEqual(fr.format("{0} {0|fiche|fiches}", ["beaucoup"]), "beaucoup fiches")
    XCTAssertEqual(fr.format("{0|a|b|c} {5|a|b} {x|a|b}", [1]), "{0|a|b|c} {5|a|b} {x|a|b}")
    for language in Language.allCases {
      for (key, template) in Catalogue.table(for: language) {
        for hedge in ["(s)", "(es)", "(x)"] {
          XCTAssertFalse(template.contains(hedge), "\(language) \(key): «\(hedge)» in «\(template)»")
        }
        // Every choice is well formed: filled with counts, none is left as written.
        let filled = Catalogue(language).format(template, Array(repeating: 1, count: 10))
        XCTAssertNil(filled.range(of: #"\{[0-9]+\|"#, options: .regularExpression), "\(language) \(key): \(filled)")
      }
    }
  }

  /// French guillemets have a space inside, « comme ceci », status labels too (« Email transmis »); English
  /// keeps its status labels in «…» without one, and quotes the rest "like this".
  func testGuillemetsAreSpacedInFrenchOnly() {
    for (key, template) in Catalogue.french {
      XCTAssertNil(template.range(of: "«[^ ]|[^ ]»", options: .regularExpression), "\(key): «\(template)»")
    }
    XCTAssertEqual(
      Catalogue(.fr)("why.sent", "5100001", "d", "a", "f"), "5100001 : « Email transmis » le d à a (outbox/f).")
    XCTAssertEqual(Catalogue(.fr).status("Fiche masquée"), "« Fiche masquée »")
    XCTAssertEqual(Catalogue(.en).status("Fiche masquée"), "«Fiche masquée»")
    XCTAssertEqual(statusLabels(Catalogue(.fr)).components(separatedBy: "« ").count, 6)
    // English quotes in «…» only what Open Edit or Apidae label so (a status, «Mél», the procedure's title)
    // or a status given as argument; a command, as any other name, goes in "…" («sync» was said so).
    let labels = Set(OffreStatus.allCases.map(\.label) + ["Mél", "Ajouter une fiche dans une campagne en cours"])
    for (key, template) in Catalogue.english {
      XCTAssertNil(template.range(of: "« | »", options: .regularExpression), template)
      for match in template.matches(of: /«([^»]*)»/) {
        let inside = String(match.1)
        XCTAssertTrue(
          labels.contains(inside) || inside.wholeMatch(of: /\{[0-9]+\}/) != nil, "\(key): «\(inside)» in «\(template)»")
      }
    }
  }

  /// A user meets no word of the machinery: not SQLite (the store is «la base»), its WAL or its
  /// transactions, nor a system error's name (ENOSPC is «plus de place sur le disque»); the system's reason
  /// is said in words. File names (`state.sqlite`) are no such word.
  func testNoMessageNamesTheMachinery() {
    let names = Set(errnoNames.values).union(["SQLite", "SQLITE", "WAL", "transaction", "transactions", "errno"])
    for language in Language.allCases {
      for (key, template) in Catalogue.table(for: language) {
        let words = template.split { !$0.isLetter && $0 != "_" }.map(String.init)
        let technical = words.filter { names.contains($0) || $0.hasPrefix("SQLITE_") }
        XCTAssertEqual(technical, [], "\(language) \(key): «\(template)»")
      }
    }
    XCTAssertEqual(Catalogue(.fr)("system.SQLITE_CANTOPEN"), "impossible de l'ouvrir")
  }

  /// Every code the lower layers give for a system's or the store's failure (an errno's name, the store's
  /// reasons) has its own words in each language, and one they do not know is an unexpected error whose
  /// code is kept after «détail», for a developer; so is a store's failure that says nothing of its file.
  func testEverySystemCodeHasWordsInEachLanguage() {
    for language in Language.allCases {
      let table = Catalogue.table(for: language)
      for code in errnoNames.values.sorted() + StoreError.reasons {
        XCTAssertNotNil(table["system." + code], "\(language) \(code)")
      }
    }
    XCTAssertEqual(systemText("SQLite 26", Catalogue(.fr)), "erreur inattendue (détail : SQLite 26)")
    XCTAssertEqual(
      Interpreter.present(StoreError.unexpected("/ws/state.sqlite", "SQLite 2067"), Catalogue(.fr)).message,
      "erreur inattendue de la base /ws/state.sqlite (détail : SQLite 2067)")
    XCTAssertEqual(
      Interpreter.present(StoreError.unexpected("/ws/state.sqlite", "SQLite 2067"), Catalogue(.en)).message,
      "unexpected error of database /ws/state.sqlite (detail: SQLite 2067)")
    XCTAssertEqual(
      Interpreter.present(Unknown(), Catalogue(.fr)).message,
      "erreur inattendue (détail : ShellTests.CatalogueWordingTests.Unknown)")
    XCTAssertEqual(
      Interpreter.present(POSIXError(.EMFILE), Catalogue(.fr)).message, "trop de fichiers ouverts par oesh")
  }

  struct Unknown: Error { var text = "English words" }

  /// `diff A B` across an export that cannot be read says which, and why diff stops there: it said «export
  /// refusé, rien n'en est appliqué — …», as `import` refuses one, though diff applies nothing anyway.
  func testADiffAcrossAnUnreadableExportSaysWhyItCannotGoOn() throws {
    let broken = try XCTUnwrap(ExportName.parse("4242_20270302-0900_BROKEN"))
    let to = try XCTUnwrap(ExportName.parse("4242_20270303-0200_CCCCCC"))
    let error = DiffError.unreadableExport(
      name: broken, error: ExportError(export: "4242_20270302-0900_BROKEN.zip", reason: .notAZip), to: to)
    XCTAssertEqual(
      Interpreter.present(error, Catalogue(.fr)).message,
      "4242_20270302-0900_BROKEN ne se lit pas : export 4242_20270302-0900_BROKEN.zip : ce n'est pas une archive zip."
        + " « diff » rejoue les exports dans leur ordre jusqu'à 4242_20270303-0200_CCCCCC et ne peut pas passer"
        + " celui-ci ; corrigez-le ou retirez-le de snapshots/.")
    XCTAssertEqual(Interpreter.present(error, Catalogue(.fr)).kind, .failure)
    // B itself unreadable: diff has nothing to get past, it cannot compare B («jusqu'à BROKEN et ne peut pas
    // passer celui-ci» was said of B).
    let itself = DiffError.unreadableExport(
      name: broken, error: ExportError(export: "4242_20270302-0900_BROKEN.zip", reason: .notAZip), to: broken)
    XCTAssertEqual(
      Interpreter.present(itself, Catalogue(.fr)).message,
      "4242_20270302-0900_BROKEN ne se lit pas : export 4242_20270302-0900_BROKEN.zip : ce n'est pas une archive zip."
        + " « diff » ne peut pas le comparer ; corrigez-le, ou comparez un autre export (voir « snapshots »).")
    XCTAssertEqual(
      Interpreter.present(itself, Catalogue(.en)).message,
      "4242_20270302-0900_BROKEN cannot be read: export 4242_20270302-0900_BROKEN.zip: not a zip archive."
        + " \"diff\" cannot compare it; fix it, or compare another export (see \"snapshots\").")
  }

  /// `diff` naming a file `snapshots` ignores says it is there and why oesh does not take it: it said «pas
  /// d'export « FAILED » dans snapshots/ (voir « snapshots »)» of a file in snapshots/.
  func testADiffOfAFileSnapshotsIgnoresSaysWhy() {
    let error = QueryError.ignoredExport("FAILED", fileName: "4242_20270302-1100_FAILED.zip", reason: .failedExport)
    XCTAssertEqual(
      Interpreter.present(error, Catalogue(.fr)).message,
      "4242_20270302-1100_FAILED.zip est dans snapshots/, mais ce n'est pas un export qu'oesh prend : "
        + Catalogue(.fr)("ignored.failed"))
  }

  /// Every kind of entry the code writes into the journal has a label in each language for `journal`'s table
  /// («Horloge réglée» for `clock.set`), and no label is left for a kind no code writes. The kinds are read
  /// where they are written in Sources/OpenEdit: a write's `kind: "…"`, or a `let kind = switch …` before one.
  func testEveryJournalKindTheCodeWritesHasALabelInEachLanguage() throws {
    let folder = OeshProcess.repoRoot.appendingPathComponent("Sources/OpenEdit")
    var written = Set<String>()
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
      let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      for match in source.matches(of: /kind:\s*"([a-z.]+)"/) { written.insert(String(match.1)) }
      for block in source.matches(of: /let kind =\s*switch[^}]*\}/) {
        for match in block.0.matches(of: /:\s*"([a-z.]+)"/) { written.insert(String(match.1)) }
      }
    }
    // Those read in both ways, so that a reading that finds nothing cannot pass.
    XCTAssertTrue(written.isSuperset(of: ["clock.set", "selection.entered", "mail.sent", "apidae.fiche.hidden"]))
    let prefix = "journal.kind."
    for language in Language.allCases {
      let labelled = Catalogue.table(for: language).keys.filter { $0.hasPrefix(prefix) }.map {
        $0.dropFirst(prefix.count)
      }
      XCTAssertEqual(labelled.map(String.init).sorted(), written.sorted(), "\(language)")
      for kind in written {
        let label = JournalDetail.label(kind, Catalogue(language))
        XCTAssertNotEqual(label, kind)
        XCTAssertTrue(label.first?.isUppercase == true, "\(language) \(kind): «\(label)»")
        XCTAssertFalse(label.contains(".") || label.contains("_"), "\(language) \(kind): «\(label)»")
      }
    }
    // A kind of a later version reads as it is written.
    XCTAssertEqual(JournalDetail.label("offre.answered", Catalogue(.fr)), "offre.answered")
  }

  /// A late export a réinitialisation replaced: the relative clause comes next to the export it is said of
  /// («rien de cet export n'est appliqué, qu'elle a remplacé» read as if the réinitialisation replaced «rien»).
  func testALateExportsRelativeClauseFollowsTheExport() {
    XCTAssertEqual(
      Catalogue(.fr)("sync.late_superseded", "R", "7 « H »"),
      "(arrivé en retard : la réinitialisation R, plus récente, était déjà importée ; rien n'est appliqué de cet"
        + " export, qu'elle a remplacé : 7 « H »)")
  }

  /// A sentence after a full stop starts with a capital, a quote or a placeholder, never with a command's
  /// bare name: help open campaign said «… intitulé de la campagne. audience, actualiser, send et why
  /// travaillent …».
  func testEverySentenceStartsWithACapital() {
    for language in Language.allCases {
      for (key, template) in Catalogue.table(for: language) {
        let lower = template.firstMatch(of: /[\w»)"\]]\. \p{Ll}/).map { String($0.0) }
        XCTAssertNil(lower, "\(language) \(key): «\(template)»")
      }
    }
    XCTAssertTrue(
      Catalogue(.fr)("help.procedure.open.campaign").contains(
        "intitulé de la campagne. Les commandes « audience », « actualiser », « send » et « why » travaillent"))
  }

  /// English is not the French word for word: what a thing is not is said «it is not a» («it is no command
  /// script» followed «ce n'est pas un script de commandes»), a state since a date «has been … since» («is
  /// «Fiche masquée» since» followed «est « Fiche masquée » depuis»).
  func testEnglishIsNotTheFrenchWordForWord() {
    for (key, template) in Catalogue.english {
      let found = template.firstMatch(of: /\b(is|are) no (?!longer\b)\w+/).map { String($0.0) }
      XCTAssertNil(found, "\(key): «\(template)»")
    }
    // A state that lasts since a date is said in the present perfect («is «Fiche masquée» since», «est … depuis»
    // word for word).
    for (key, template) in Catalogue.english {
      XCTAssertNil(template.firstMatch(of: /\bis \S+( \S+)? since\b/).map { String($0.0) }, "\(key): «\(template)»")
    }
    XCTAssertEqual(
      Catalogue(.en)("why.supprimee", "7 \"H\"", "2027-03-01 09:00:00", "E"),
      "7 \"H\" has been «Fiche supprimée» since 2027-03-01 09:00:00 (deleted by export E).")
    XCTAssertEqual(
      Catalogue(.en)("source.too_large", "/dev/zero", 64),
      "script /dev/zero is larger than 64 MB: it is not a command script; none of it is run")
  }

  /// An option's help says what the option does as its French does, a verb in the third person («Filtre sur
  /// le propriétaire», "Filters on the owner"; «Affiche l'aide.», "Shows help."), never the imperative
  /// ("Filter on the owner", "Show help.") beside "Adds", "Removes".
  func testEnglishOptionHelpSaysWhatTheOptionDoes() {
    let imperatives = ["Add", "Remove", "Filter", "Show", "Run", "Start", "Go", "Do", "Continue"]
    let helps = Array(Catalogue.englishArgumentHelp.values) + [Catalogue(.en)("help.help_flag")]
    for help in helps {
      let first = String(help.prefix { $0.isLetter })
      XCTAssertFalse(imperatives.contains(first), "«\(help)»")
    }
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    session.settings.language = .en
    let shown = Help.details(ApidaeSelectionCommand.self, name: "apidae selection", session: session)
    XCTAssertTrue(shown.contains("Filters on the owner (id or name; \"\" removes it)."), shown)
    XCTAssertTrue(shown.contains("Shows help."), shown)
  }

  /// Every command's abstract says what the command does, as French man pages do: a verb in the present,
  /// third person («Liste les campagnes…», «Crée une fiche…»; English «Lists», «Creates»), never a bare
  /// noun phrase («Les campagnes…») nor an imperative; and it ends with a full stop.
  func testEveryHelpAbstractStartsWithAVerbAndEndsWithAFullStop() {
    let named = RegistryTests.everyCommand()
    XCTAssertGreaterThan(named.count, 40)
    var abstracts = named.map { name, type in
      (name, type.configuration.abstract, Catalogue(.en)("abstract." + name.replacingOccurrences(of: " ", with: ".")))
    }
    // oesh's own subcommands (`oesh --help`).
    for type in OeshCommand.configuration.subcommands {
      let name = CommandRegistry.commandName(type)
      abstracts.append(("oesh " + name, type.configuration.abstract, Catalogue(.en)("abstract.launcher." + name)))
    }
    let determiners: Set = ["Le", "La", "Les", "Un", "Une", "Ce", "Cet", "Cette", "The", "A", "An", "One"]
    for (name, french, english) in abstracts {
      XCTAssertFalse(english.hasPrefix("abstract."), "\(name): no English abstract")
      for (abstract, endings) in [(french, ["e", "t"]), (english, ["s"])] {
        let first = String(abstract.prefix { $0.isLetter || $0 == "-" })
        XCTAssertTrue(abstract.hasSuffix("."), "\(name): «\(abstract)»")
        XCTAssertTrue(first.first?.isUppercase == true, "\(name): «\(abstract)»")
        XCTAssertFalse(determiners.contains(first), "\(name): «\(abstract)» starts with a noun phrase")
        XCTAssertTrue(endings.contains { first.hasSuffix($0) }, "\(name): «\(abstract)» starts with no verb")
      }
    }
  }
}
