import OpenEdit
import XCTest

@testable import Shell

final class RendererTests: XCTestCase {
  let table = Table(
    columns: [Column("id", "Id", alignment: .right), Column("name", "Nom"), Column("commune", "Commune")],
    rows: [
      [.int(7), .text("Hôtel"), .text("Annecy")],
      [.int(12), .text("Château"), .null],
      [.int(3), .text("Ca\u{301}fe\u{301}"), .text("Évian")],
    ])

  /// Tables say yes and no in the session's language; CSV, machine output, says `true` and `false` in every
  /// language, as JSON does (it said «oui», or «yes» with --lang en).
  func testYesAndNoInTheSessionsLanguage() {
    let t = Table(
      columns: [Column("id", "Id"), Column("done", "Fait")], rows: [[.int(1), .bool(true)], [.int(2), .bool(false)]])
    XCTAssertEqual(Renderer(format: .table).render(t), "Id  Fait\n1   oui\n2   non\n")
    let english = Cell.Words(yes: "yes", no: "no")
    XCTAssertEqual(Renderer(format: .table, words: english).render(t), "Id  Fait\n1   yes\n2   no\n")
    for words in [english, .french] {
      XCTAssertEqual(Renderer(format: .csv, words: words).render(t), "id,done\n1,true\n2,false\n")
      XCTAssertEqual(
        Renderer(format: .csv, escapesControls: true, words: words).render(t), "id,done\n1,true\n2,false\n")
    }
    XCTAssertEqual(
      Renderer(format: .json, words: english).render(t), "[{\"id\": 1, \"done\": true}, {\"id\": 2, \"done\": false}]\n"
    )
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    session.settings.language = .en
    XCTAssertEqual(session.renderer.words, english)
  }

  func testShortListsStopAtTheLimitAndCountTheRest() {
    XCTAssertEqual(shortList(["a", "b"]), "a, b")
    XCTAssertEqual(shortList((1...8).map(String.init)), "1, 2, 3, 4, 5, 6, 7, 8")
    XCTAssertEqual(shortList((1...11).map(String.init)), "1, 2, 3, 4, 5, 6, 7, 8, … (+3)")
    XCTAssertEqual(shortList(["x", "y", "z"], limit: 1), "x, … (+2)")
    XCTAssertEqual(candidates(["Été", "Hiver"], Catalogue(.fr)), "« Été », « Hiver »")
    // Names are quoted as each language quotes them; status labels keep their «…» (Open Edit's words).
    XCTAssertEqual(candidates(["Été", "Hiver"], Catalogue(.en)), "\"Été\", \"Hiver\"")
    let english = Catalogue.english.values.joined(separator: "\n")
    XCTAssertFalse(english.contains("« "), "English quotes names with \"…\"")
  }

  /// A `fiche.modified` row's data (`STEM fields=…`) in the session's words; rows written before fields
  /// were recorded, or with a field of a later version, read as they are.
  func testAModificationsJournalRowSaysItsFieldsInTheSessionsWords() {
    let stem = "4242_20270302-0200_BBBBBB"
    let fr = Catalogue(.fr)
    XCTAssertEqual(
      JournalDetail.worded(kind: "fiche.modified", stem + " fields=name,email", fr), stem + " (nom, e-mail)")
    XCTAssertEqual(JournalDetail.worded(kind: "fiche.modified", stem + " fields=other", fr), stem + " (autres données)")
    XCTAssertEqual(
      JournalDetail.worded(kind: "fiche.modified", stem + " fields=owner", Catalogue(.en)), stem + " (owner)")
    XCTAssertEqual(JournalDetail.worded(kind: "fiche.modified", stem, fr), stem)
    XCTAssertEqual(
      JournalDetail.worded(kind: "fiche.modified", stem + " fields=email,rating", fr), stem + " (email, rating)")
    XCTAssertEqual(JournalDetail.worded(kind: "fiche.hidden", stem + " fields=name", fr), stem + " fields=name")
  }

  /// In `journal`'s table, what the code wrote in its own words reads in the session's: an Apidae-side
  /// change's fields, a campaign's parts; names and addresses as they are, the rest unchanged.
  func testAJournalTablesDetailsSayTheCodesWordsInTheSessionsWords() {
    let fr = Catalogue(.fr), en = Catalogue(.en)
    // A name may hold «; email: »: the e-mail's part is the last.
    let change = "nom: Gîte; email: x → Chalet; email: a@x.example → -"
    XCTAssertEqual(
      JournalDetail.readable(kind: "apidae.fiche.changed", change, fr),
      "nom : Gîte; email: x → Chalet ; e-mail : a@x.example → -")
    XCTAssertEqual(
      JournalDetail.readable(kind: "apidae.fiche.changed", "email: a@x.example → b@x.example", en),
      "e-mail: a@x.example → b@x.example")
    XCTAssertEqual(JournalDetail.readable(kind: "apidae.fiche.changed", "nom: A → B", fr), "nom : A → B")
    XCTAssertEqual(
      JournalDetail.readable(kind: "campaign.template", "subject, body, mail_from", fr), "objet, corps, expéditeur")
    XCTAssertEqual(JournalDetail.readable(kind: "campaign.template", "mail_from", en), "sender")
    XCTAssertEqual(JournalDetail.readable(kind: "campaign.template", "subject, signature", fr), "subject, signature")
    XCTAssertEqual(JournalDetail.readable(kind: "fiche.hidden", "nom: A → B", fr), "nom: A → B")
    // A scheduled change skipped: the error that skipped it, as Apidae's side says it; also from the rows of
    // earlier versions, Swift's printout; a code of a later version as it is.
    for detail in ["fiche_deleted 5100012", "ficheDeleted(5100012)"] {
      XCTAssertEqual(
        JournalDetail.readable(kind: "apidae.event.skipped", detail, fr), "la fiche 5100012 est supprimée dans Apidae")
    }
    XCTAssertEqual(
      JournalDetail.readable(kind: "apidae.event.skipped", "unknownCommune(\"30999\", near: nil)", fr),
      "commune inconnue du projet : « 30999 »")
    XCTAssertEqual(JournalDetail.readable(kind: "apidae.event.skipped", "empty_name", en), "a fiche needs a name")
    XCTAssertEqual(JournalDetail.readable(kind: "apidae.event.skipped", "fiche_moved 5", fr), "fiche_moved 5")
    // An e-mail written: where its file is.
    XCTAssertEqual(
      JournalDetail.readable(kind: "mail.sent", "a@x.example 20270216-103000_c1_5100001.eml", fr),
      "a@x.example (outbox/20270216-103000_c1_5100001.eml)")
  }

  func testDisplayWidthCountsAccentsAsOneColumn() {
    XCTAssertEqual(TextSafety.displayWidth("Hôtel"), 5)
    XCTAssertEqual(TextSafety.displayWidth("Ca\u{301}fe\u{301}"), 4)
    XCTAssertEqual(TextSafety.displayWidth("東京"), 4)
    XCTAssertEqual(TextSafety.displayWidth("«Email à transmettre»"), 21)
  }

  /// The fast paths (ASCII, precomposed Latin) give what the character-by-character count gives, for
  /// every string of up to three scalars from the edges of those paths.
  func testDisplayWidthFastPathsAgreeWithTheGraphemeCount() {
    let scalars: [Unicode.Scalar] = [
      "a", " ", "~", "\u{7f}", "\u{1f}", "\r", "\n", "\u{9f}", "\u{a0}", "é", "\u{ad}", "\u{2ff}", "\u{300}",
      "\u{301}", "\u{200b}", "東", "\u{fe0f}", "😀",
    ]
    var level = [""]
    var strings = level
    for _ in 0..<3 {
      level = level.flatMap { s in scalars.map { s + String($0) } }
      strings += level
    }
    XCTAssertEqual(strings.count, 1 + 18 + 18 * 18 + 18 * 18 * 18)
    for s in strings {
      XCTAssertEqual(TextSafety.displayWidth(s), TextSafety.graphemeWidth(s), "\(s.unicodeScalars.map(\.value))")
    }
    XCTAssertEqual(TextSafety.displayWidth("Crêperie «Le Blé Noir»"), 22)
  }

  func testTableAlignsByDisplayWidth() {
    let text = Renderer(format: .table).render(table)
    let lines = text.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines[0], "Id  Nom      Commune")
    XCTAssertEqual(lines[1], " 7  Hôtel    Annecy")
    XCTAssertEqual(lines[2], "12  Château  ")
    XCTAssertEqual(lines[3], " 3  Ca\u{301}fe\u{301}     Évian")
    // Every "Commune" cell starts at the same display column.
    for l in lines.dropFirst() { XCTAssertEqual(TextSafety.displayWidth(String(l.prefix(13))), 13) }
  }

  func testCSVQuotesWhatNeedsIt() {
    let t = Table(
      columns: [Column("a", "A"), Column("b", "B")],
      rows: [[.text("x,y"), .text("say \"hi\"")], [.text("l1\nl2"), .int(2)]])
    XCTAssertEqual(Renderer.csv(t), "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"l1\nl2\",2\n")
    // "\r\n" is one Character, equal to neither "\r" nor "\n": the field is quoted all the same (and one that
    // starts with "\r" is kept from being a formula).
    let crlf = Table(columns: [Column("a", "A")], rows: [[.text("l1\r\nl2")], [.text("\r")]])
    XCTAssertEqual(Renderer.csv(crlf), "a\n\"l1\r\nl2\"\n\"'\r\"\n")
  }

  /// At a terminal, CSV shows control characters escaped, as tables do (a line break then needs no quotes).
  func testCSVForATerminalEscapesControls() {
    let t = Table(columns: [Column("a", "A")], rows: [[.text("Chez \u{1b}[31mBob\r\nBcc: x@y.org, «é»")]])
    XCTAssertEqual(
      Renderer(format: .csv, escapesControls: true).render(t), "a\n\"Chez \\e[31mBob\\r\\nBcc: x@y.org, «é»\"\n")
    XCTAssertEqual(Renderer(format: .csv).render(t), "a\n\"Chez \u{1b}[31mBob\r\nBcc: x@y.org, «é»\"\n")
  }

  func testJSONIsStableAndEscaped() {
    let cell = Cell.list([
      .object([
        ("fiche_id", .int(1)), ("name", .text("Hôtel \"A\"\n\u{1b}[31m")), ("sent_at", .null), ("ok", .bool(true)),
      ])
    ])
    XCTAssertEqual(
      Renderer.json(cell), #"[{"fiche_id": 1, "name": "Hôtel \"A\"\n\u001b[31m", "sent_at": null, "ok": true}]"#)
    let parsed = try? JSONSerialization.jsonObject(with: Data(Renderer.json(table.objects).utf8)) as? [[String: Any]]
    XCTAssertEqual(parsed?.count, 3)
    XCTAssertEqual(parsed?[1]["name"] as? String, "Château")
    XCTAssertTrue(parsed?[1]["commune"] is NSNull)
  }

  /// A listing is written row by row, without its tree of objects: the text is the same.
  func testListingJSONIsTheJSONOfItsObjects() {
    var escaped = table
    escaped.rows.append([.int(-12), .text("tab\there \u{2028} «é»"), .list([.int(3), .text("x")])])
    for t in [table, escaped, Table(columns: table.columns)] {
      XCTAssertEqual(Renderer(format: .json).render(t), Renderer.json(t.objects) + "\n")
    }
    XCTAssertEqual(Renderer(format: .json).render(Table(columns: table.columns)), "[]\n")
  }

  /// Texts without anything to escape are copied whole; every escape still happens inside longer texts.
  func testJSONStringsWithAndWithoutEscapes() {
    for (text, json) in [
      ("L’Hôtel « Belle Vue » 😀", #""L’Hôtel « Belle Vue » 😀""#),
      ("a\u{85}b", #""a\u0085b""#), ("a\u{9f}", #""a\u009f""#), ("x\u{a0}y", "\"x\u{a0}y\""),
      ("p\u{2028}q\u{2029}", #""p\u2028q\u2029""#), ("\u{2027}", "\"\u{2027}\""), ("del\u{7f}", #""del\u007f""#),
      ("back\\slash", #""back\\slash""#), ("", #""""#),
    ] {
      XCTAssertEqual(Renderer.json(.text(text)), json, text)
    }
  }

  /// The bidirectional controls are escaped the JSON way, at a terminal and through a pipe alike, as C1
  /// controls and U+2028 are: a JSON reader gets the same text, a terminal never sees U+202E raw.
  func testJSONEscapesTheBidirectionalControls() {
    let bidi: [Unicode.Scalar] = [
      "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}",
      "\u{2068}", "\u{2069}",
    ]
    for scalar in bidi {
      let text = "Hôtel \(scalar)lataH"
      let json = Renderer.json(.text(text))
      XCTAssertEqual(json, "\"Hôtel \\u\(String(scalar.value, radix: 16))lataH\"")
      XCTAssertFalse(json.unicodeScalars.contains(scalar))
      XCTAssertEqual(
        try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String, text)
      XCTAssertEqual(TextSafety.escapeControls(text), "Hôtel \\u{\(String(scalar.value, radix: 16))}lataH")
    }
    for neighbour in ["\u{200D}", "\u{202F}", "\u{2065}", "\u{206A}"] {
      XCTAssertEqual(Renderer.json(.text(neighbour)), "\"\(neighbour)\"")
    }
  }

  /// `fiche ID --raw` at a terminal: the JSON's control characters escaped the JSON way, inside its strings
  /// (an escaped quote does not end one), so that the text still parses to the same value.
  func testControlCharactersOfJSONAreEscapedAsJSON() throws {
    let json = "{\"a\": \"x\u{7f}y\u{2028}\\\"\u{9b}[31m\u{1b}\\n\",\r\n\t\"b\": [\"\u{202e}\", 1]}"
    let escaped = TextSafety.escapeControls(inJSON: json)
    XCTAssertEqual(escaped, #"{"a": "x\u007fy\u2028\"\u009b[31m\u001b\n","# + "\n\t" + #""b": ["\u202e", 1]}"#)
    XCTAssertFalse(escaped.unicodeScalars.contains { TextSafety.isControl($0) && $0 != "\n" && $0 != "\t" })
    let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(escaped.utf8)) as? [String: Any])
    XCTAssertEqual(parsed["a"] as? String, "x\u{7f}y\u{2028}\"\u{9b}[31m\u{1b}\n")
    XCTAssertEqual(parsed["b"] as? [AnyHashable], ["\u{202e}", 1])
    XCTAssertEqual(TextSafety.escapeControls(inJSON: "{\"a\": \"é\"}\n"), "{\"a\": \"é\"}\n", "nothing to escape")
  }

  /// OWASP's rule against CSV injection: a text a spreadsheet would take for a formula gets a leading `'`,
  /// inside the quotes when the field has some, at a terminal too; numbers, JSON and tables are unchanged.
  func testATextThatWouldBeAFormulaIsKeptTextInCSV() {
    let texts = ["=SUM(1+1)", "+33 4 79", "-x", "@cmd, a", "\tt", "\rr", "a=b", " =c", "'d", ""]
    let t = Table(
      columns: [Column("n", "N"), Column("name", "Nom")],
      rows: texts.map { [.int(-5), .text($0)] } + [[.null, .list([.text("=A1"), .int(2)])]])
    XCTAssertEqual(
      Renderer.csv(t),
      "n,name\n-5,'=SUM(1+1)\n-5,'+33 4 79\n-5,'-x\n-5,\"'@cmd, a\"\n-5,'\tt\n-5,\"'\rr\"\n-5,a=b\n-5, =c\n-5,'d\n-5,\n"
        + ",\"'=A1, 2\"\n")
    XCTAssertEqual(
      Renderer.csv(
        Table(columns: [Column("name", "Nom")], rows: [[.text("\tt")], [.text("=\u{1b}")]]), escapingControls: true),
      "name\n'\\tt\n'=\\e\n", "decided on the data, before the terminal's escapes")
    XCTAssertEqual(Renderer.json(t.objects).contains(#""name": "=SUM(1+1)""#), true)
    XCTAssertTrue(Renderer(format: .table).render(t).contains("-5  =SUM(1+1)\n"))
  }

  /// In an e-mail column, a valid address made of letters, digits, `.`, `_`, `-` and `+` is written as it is:
  /// it calls no function; any other text keeps OWASP's `'`, an address too when it may hold a call.
  func testAValidAddressInAnEmailColumnIsNotGuarded() {
    let texts = [
      "-resa@lasetaz.example", "+info@x.example", "-contact@hôtel-été.example", "=a@x.example",
      "+cmd|'/Ccalc'!A0@x.example", "-x@y.example\n", "-not an address", "@x.example", "-a@b",
    ]
    let t = Table(
      columns: [Column("email", "E-mail", email: true), Column("name", "Nom")],
      rows: texts.map { [.text($0), .text($0)] })
    XCTAssertEqual(
      Renderer.csv(t),
      "email,name\n-resa@lasetaz.example,'-resa@lasetaz.example\n+info@x.example,'+info@x.example\n"
        + "-contact@hôtel-été.example,'-contact@hôtel-été.example\n'=a@x.example,'=a@x.example\n"
        + "'+cmd|'/Ccalc'!A0@x.example,'+cmd|'/Ccalc'!A0@x.example\n\"'-x@y.example\n\",\"'-x@y.example\n\"\n"
        + "'-not an address,'-not an address\n'@x.example,'@x.example\n'-a@b,'-a@b\n")
    for text in texts {
      var out: [UInt8] = []
      var copy = text
      copy.withUTF8 { Renderer.csvEmail($0, into: &out) }
      let field = String(decoding: out, as: UTF8.self)
      XCTAssertTrue(Renderer.csv(t).contains("\n" + field + ","), "the fast writer as the table: \(field)")
    }
  }

  /// An Apidae type is a whole column in every listing that shows one (`fiches`, `selection ID`,
  /// `audience`, `apidae fiches`): at 60 columns `fiches` cut HOTELLERIE and HOTELLERIE_PLEIN_AIR alike
  /// to «HOTELLER…», both PATRIMOINE types to «PATRIMOI…»; a table that cannot fit shows records.
  func testApidaeTypesAreNeverCutInAListing() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let session = Session(workspaceURL: dir.appendingPathComponent("ws"), interactive: false)
    let fiches = try session.store().fiches(FicheFilter())
    let types = Set(fiches.map(\.type))
    XCTAssertTrue(types.isSuperset(of: ["HOTELLERIE", "HOTELLERIE_PLEIN_AIR", "PATRIMOINE_CULTUREL"]), "\(types)")
    let tables = [
      ("fiches", FicheRows.table(fiches, session: session, full: false)),
      ("audience", Audience.table(try session.workspace().audience(campaignId: 1).rows, json: false, session: session)),
      (
        "apidae fiches",
        ApidaeView.ficheTable(try session.apidae().fiches(), communes: [:], format: .table, session: session)
      ),
    ]
    for (name, table) in tables {
      for width in stride(from: 40, through: 120, by: 5) {
        let text = Renderer(format: .table, width: width).render(table)
        for type in types {
          for length in 1..<type.count {
            XCTAssertFalse(
              text.contains("  " + type.prefix(length) + "…"), "\(name) at \(width) cuts \(type):\n\(text)")
          }
        }
      }
    }
  }

  func testControlCharactersNeverReachTheTerminalRaw() {
    let evil = Table(columns: [Column("name", "Nom")], rows: [[.text("A\u{1b}]0;pwned\u{7}B\r\nC\u{9b}D")]])
    let text = Renderer(format: .table).render(evil)
    XCTAssertFalse(
      text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 || $0.value == 0x9b || $0 == "\r" })
    XCTAssertTrue(text.contains(#"A\e]0;pwned\u{7}B\r\nC\u{9b}D"#))
  }

  func testTruncatesToWidth() {
    let wide = Table(
      columns: [Column("a", "A"), Column("b", "B")], rows: [[.text(String(repeating: "é", count: 50)), .text("fin")]])
    let text = Renderer(format: .table, width: 30).render(wide)
    for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(TextSafety.displayWidth(String(line)), 30) }
    XCTAssertTrue(text.contains("…"))
  }

  /// An audience as `audience` lists it: the id, the status and the date are whole columns.
  let audience = Table(
    columns: [
      Column("fiche_id", "Id", alignment: .right), Column("name", "Nom"), Column("commune", "Commune"),
      Column("status", "Statut", whole: true), Column("sent_at", "Envoyé le", whole: true),
    ],
    rows: [
      [
        .int(5_100_017), .text("Centre de vacances Les Carrettes"), .text("Saint-Michel-de-Maurienne"),
        .text("Email transmis"), .text("2027-02-16 10:30"),
      ],
      [.int(5_100_005), .text("Auberge de l'Écureuil"), .text("Orelle"), .text("Email à transmettre"), .null],
    ],
    footer: ["2 offre(s)"])

  /// Lines of expected output, each ending with a line break (trailing blanks kept visible).
  func lines(_ lines: String...) -> String { lines.map { $0 + "\n" }.joined() }

  /// A table that fits is left as it is, at a terminal or not; narrower, only the columns that may be
  /// cut are: the status labels, the id and the date stay whole.
  func testANarrowTableCutsOnlyTheColumnsThatMayBeCut() {
    // (An empty last cell leaves its separator, as it always did.)
    let whole = lines(
      "     Id  Nom                               Commune                    Statut               Envoyé le",
      "5100017  Centre de vacances Les Carrettes  Saint-Michel-de-Maurienne  Email transmis       2027-02-16 10:30",
      "5100005  Auberge de l'Écureuil             Orelle                     Email à transmettre  ",
      "2 offre(s)")
    XCTAssertEqual(Renderer(format: .table).render(audience), whole)
    XCTAssertEqual(Renderer(format: .table, width: 107).render(audience), whole)
    XCTAssertEqual(
      Renderer(format: .table, width: 80).render(audience),
      lines(
        "     Id  Nom               Commune         Statut               Envoyé le",
        "5100017  Centre de vacan…  Saint-Michel-…  Email transmis       2027-02-16 10:30",
        "5100005  Auberge de l'Éc…  Orelle          Email à transmettre  ",
        "2 offre(s)"))
  }

  /// Too narrow for the whole columns and eight columns of each other one: one block per row, every
  /// value whole, wrapped under itself at the terminal's width; the footer after an empty line.
  func testATableThatWouldCutAWholeColumnIsShownAsRecords() {
    XCTAssertEqual(
      Renderer(format: .table, width: 40).render(audience),
      """
      Id         5100017
      Nom        Centre de vacances Les
                 Carrettes
      Commune    Saint-Michel-de-Maurienne
      Statut     Email transmis
      Envoyé le  2027-02-16 10:30

      Id         5100005
      Nom        Auberge de l'Écureuil
      Commune    Orelle
      Statut     Email à transmettre
      Envoyé le

      2 offre(s)

      """)
    // Export names and dates, where the table cut them all alike («4242_20…», «2027-02…»).
    let snapshots = Table(
      columns: [
        Column("name", "Export", whole: true), Column("project_id", "Projet", alignment: .right),
        Column("exported_at", "Date", whole: true), Column("objects", "Objets", alignment: .right),
      ],
      rows: [
        [.text("4242_20270215-0200_tVEQ6U"), .int(4242), .text("2027-02-15 02:00"), .int(62)],
        [.text("4242_20270219-0200_2FYSbb"), .int(4242), .text("2027-02-19 02:00"), .int(1)],
      ])
    XCTAssertEqual(
      Renderer(format: .table, width: 50).render(snapshots),
      """
      Export  4242_20270215-0200_tVEQ6U
      Projet  4242
      Date    2027-02-15 02:00
      Objets  62

      Export  4242_20270219-0200_2FYSbb
      Projet  4242
      Date    2027-02-19 02:00
      Objets  1

      """)
    // Colours as in the table: the labels bold, a status in its colour, line by line.
    var styled = audience
    styled.rows = [audience.rows[0]]
    styled.style = { key, _ in key == "status" ? .green : nil }
    let colored = Renderer(format: .table, color: true, width: 40).render(styled)
    XCTAssertTrue(colored.contains("\u{1b}[1mStatut\u{1b}[0m     \u{1b}[32mEmail transmis\u{1b}[0m\n"), colored)
    XCTAssertTrue(
      colored.contains("\u{1b}[1mNom\u{1b}[0m        Centre de vacances Les\n           Carrettes\n"), colored)
  }

  /// Prose is broken between words; an indented item of a list hangs under a deeper indent.
  func testProseIsBrokenBetweenWordsAndListItemsHang() {
    XCTAssertEqual(
      TextSafety.prose(
        "pas d'e-mail (à ajouter dans Apidae)\n  sélection 49001 : +2 (5100020 Camping de l'Arc)", width: 24),
      ["pas d'e-mail (à ajouter", "dans Apidae)", "  sélection 49001 : +2", "    (5100020 Camping de", "    l'Arc)"])
  }

  /// A description goes on under its own first column, as `--help` lays it out; a label too wide for the
  /// column takes a line of its own; with too few columns left there, the text goes on 4 columns in.
  func testADescriptionHangsUnderItsOwnColumn() {
    XCTAssertEqual(
      TextSafety.hanging("  help", "La liste des commandes, ou l'aide d'une commande.", column: 21, width: 40),
      [
        "  help               La liste des", "                     commandes, ou", "                     l'aide d'une",
        "                     commande.",
      ])
    XCTAssertEqual(
      TextSafety.hanging("  --selection <selection>", "Une sélection, par id ou par nom.", column: 26, width: 60),
      ["  --selection <selection>", "                          Une sélection, par id ou par nom."])
    XCTAssertEqual(
      TextSafety.hanging("  --yes", "Ne demande pas de confirmation.", column: 26, width: 40),
      ["  --yes", "    Ne demande pas de confirmation."])
    // A word the column has no room for (an export's name) goes under the label, whole.
    XCTAssertEqual(
      TextSafety.hanging("Créée par", "4242_20270215-0200_tVEQ6U", column: 19, width: 40),
      ["Créée par", "    4242_20270215-0200_tVEQ6U"])
  }

  /// Colours take no column: a styled line (the tutorial's steps, its ✓) was broken some ten columns
  /// before the terminal's edge.
  func testColoursTakeNoColumnInProse() {
    let step = Style.cyan.apply("Étape 2/3 :") + " Ouvrez la campagne (c'est cliquer sur son intitulé)."
    XCTAssertEqual(
      TextSafety.prose(step, width: 60),
      [Style.cyan.apply("Étape 2/3 :") + " Ouvrez la campagne (c'est cliquer sur son", "intitulé)."])
  }

  /// French typography: a guillemet stays with its word and «:» with the one before it (the tutorial
  /// ended a line with «« why» and began the next with «5100021 ».», or with «» (ou…»); a quoted text
  /// no wider than half a line, or than a status label, is kept whole, a longer one is broken between
  /// its words.
  func testProseKeepsGuillemetsWithTheirWords() {
    XCTAssertEqual(
      TextSafety.prose("Demandez où en est le camping : « why 5100021 ».", width: 40),
      ["Demandez où en est le camping :", "« why 5100021 »."])
    XCTAssertEqual(
      TextSafety.prose("Demandez un calcul : « apidae calcul » (ou « nuit »).", width: 35),
      ["Demandez un calcul :", "« apidae calcul » (ou « nuit »)."])
    XCTAssertEqual(
      TextSafety.prose("la procédure « Ajouter une fiche dans une campagne en cours », côté Apidae", width: 30),
      ["la procédure « Ajouter une", "fiche dans une campagne en", "cours », côté Apidae"])
    XCTAssertEqual(
      TextSafety.prose("5 «Email transmis», 14 «Email à transmettre».", width: 30),
      ["5 «Email transmis», 14", "«Email à transmettre»."])
    // A quoted text wider than a line is broken between its words, never inside one.
    XCTAssertEqual(TextSafety.prose("« a bb ccc »", width: 6), ["« a bb", "ccc »"])
    // «:» stays with the quote before it when the two are wider than a line (the card of a fiche began
    // a line with «: Email à transmettre» at 40 columns).
    XCTAssertEqual(
      TextSafety.prose("« Mise à jour 2027 » : Email à transmettre", width: 21),
      ["« Mise à jour", "2027 » : Email à", "transmettre"])
  }

  /// A name is cut no shorter than 16 columns: four «Hôtel L…» of one audience could not be told apart;
  /// a table that would need it shorter shows records.
  func testANameIsNeverCutShorterThanSixteenColumns() {
    let hotels = Table(
      columns: [
        Column("fiche_id", "Id", alignment: .right), Column("name", "Nom"), Column("type", "Type", whole: true),
      ],
      rows: ["Hôtel Les Glaciers", "Hôtel La Sétaz", "Hôtel Le Galibier"].enumerated().map { i, name in
        [.int(5_100_000 + i), .text(name), .text("HOTELLERIE")]
      })
    let fits = Renderer(format: .table, width: 37).render(hotels)
    XCTAssertTrue(fits.contains("5100000  Hôtel Les Glaci…  HOTELLERIE\n"), fits)
    let records = Renderer(format: .table, width: 36).render(hotels)
    XCTAssertTrue(records.hasPrefix("Id    5100000\nNom   Hôtel Les Glaciers\n"), records)
  }

  /// `set expanded on` shows records wherever a table would be (a pipe too, unwrapped); `off` keeps the
  /// table, whole columns whole, wider than the terminal if it must; CSV and JSON are never concerned.
  func testExpandedOnAndOff() {
    XCTAssertEqual(
      Renderer(format: .table, expanded: .on).render(audience).split(separator: "\n", omittingEmptySubsequences: false)
        .prefix(3),
      ["Id         5100017", "Nom        Centre de vacances Les Carrettes", "Commune    Saint-Michel-de-Maurienne"])
    XCTAssertEqual(
      Renderer(format: .table, width: 40, expanded: .off).render(audience),
      lines(
        "     Id  Nom               Commune   Statut               Envoyé le",
        "5100017  Centre de vacan…  Saint-M…  Email transmis       2027-02-16 10:30",
        "5100005  Auberge de l'Éc…  Orelle    Email à transmettre  ",
        "2 offre(s)"))
    XCTAssertEqual(
      Renderer(format: .table, width: 40, expanded: .on).render(
        Table(columns: audience.columns, footer: ["0 offre(s)"])),
      "0 offre(s)\n")
    for format in [OutputFormat.csv, .json] {
      for expanded in ExpandedMode.allCases {
        XCTAssertEqual(
          Renderer(format: format, width: 40, expanded: expanded).render(audience),
          Renderer(format: format).render(audience))
      }
    }
  }

  /// `set expanded` (`étendu`): `on` shows records through a pipe too, `off` the table again.
  func testSetExpandedChoosesRecordsOrTheTable() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let run = try OeshProcess.run(
      ["-w", "ws", "-c", "set expanded on", "-c", "selections", "-c", "set étendu off", "-c", "selections"], cwd: dir)
    XCTAssertEqual(
      run.stdout,
      lines(
        "Id      49001", "Nom     Hébergements", "Fiches  19", "", "Id      49002",
        "Nom     Restaurants et dégustation",
        "Fiches  11", "", "Id      49003", "Nom     Sites et activités", "Fiches  17",
        "   Id  Nom                         Fiches", "49001  Hébergements                    19",
        "49002  Restaurants et dégustation      11", "49003  Sites et activités              17"))
    XCTAssertEqual(
      try OeshProcess.run(["-w", "ws", "-c", "set expanded peut-être"], cwd: dir).stderr,
      "-c:1: valeur « peut-être » impossible pour expanded (valeurs : auto, on, off)\n")
    let session = Session(workspaceURL: URL(fileURLWithPath: "/nowhere"), interactive: false)
    session.settings.expanded = .on
    XCTAssertEqual(session.renderer.expanded, .on)
  }

  func testWrapBreaksAtSpacesAndInsideWordsLongerThanALine() {
    XCTAssertEqual(
      TextSafety.wrap("Centre de vacances Les Carrettes", to: 29), ["Centre de vacances Les", "Carrettes"])
    XCTAssertEqual(TextSafety.wrap("court", to: 29), ["court"])
    XCTAssertEqual(
      TextSafety.wrap("glaciers@bonneval-hotel.example", to: 10), ["glaciers@b", "onneval-ho", "tel.exampl", "e"])
    XCTAssertEqual(TextSafety.wrap("Hôtel 東京東京 x", to: 5), ["Hôtel", "東京", "東京", "x"])
    XCTAssertEqual(TextSafety.wrap("a  b", to: 3), ["a ", "b"])
  }

  func testFoldIgnoresCaseAndAccents() {
    XCTAssertEqual(TextSafety.fold("Hôtel du Lac"), "hotel du lac")
    XCTAssertEqual(TextSafety.fold("ÉCOLE Œuvre"), "ecole oeuvre")
    XCTAssertEqual(TextSafety.fold("Ca\u{301}fe\u{301}"), "cafe")
  }

  /// Integers are written digit by digit in place: every width, both signs, both ends of Int.
  func testJSONIntegersAreTheirDecimalText() {
    var values = [0, 1, 9, 10, 99, 100, 4_800_003, Int.max, Int.min, Int.min + 1, -1, -10]
    var power = 1
    for _ in 0..<18 {
      power *= 10
      values += [power - 1, power, power + 1, -power]
    }
    for value in values {
      var out = JSONBytes()
      out.literal("[")
      out.int(value)
      XCTAssertEqual(out.text, "[\(value)", "\(value)")
    }
  }

  /// The eight-bytes-at-a-time test of `needsEscape` says what the byte-by-byte one says, for every
  /// character that needs an escape (and look-alikes that do not) at every place of a text.
  func testNeedsEscapeFindsEveryEscapeAnywhere() {
    func byByte(_ b: [UInt8]) -> Bool {
      for (i, c) in b.enumerated() {
        if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F { return true }
        if c == 0xC2, i + 1 < b.count, b[i + 1] < 0xA0 { return true }
        if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return true }
        if c == 0xE2, i + 2 < b.count,
          let scalar = String(decoding: b[i...(i + 2)], as: UTF8.self).unicodeScalars.first,
          TextSafety.isBidiControl(scalar)
        {
          return true
        }
      }
      return false
    }
    var pieces: [[UInt8]] = [[0x00], [0x1F], [0x22], [0x5C], [0x7F], [0x0A], [0x20], [0x7E], [0x21], [0x5B]]
    for text in [
      "é", "\u{85}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{2027}", "€", "\u{200D}", "\u{200E}", "\u{200F}",
      "\u{2029}", "\u{202A}", "\u{202E}", "\u{202F}", "\u{2065}", "\u{2066}", "\u{2069}", "\u{206A}",
    ] { pieces.append(Array(text.utf8)) }
    var checked = 0
    for length in 0..<20 {
      for piece in pieces {
        for at in 0...length {
          var text = Array(repeating: UInt8(ascii: "a"), count: length)
          text.insert(contentsOf: piece, at: at)
          let fast = text.withUnsafeBufferPointer { JSONBytes.needsEscape($0) }
          XCTAssertEqual(fast, byByte(text), "\(text)")
          checked += 1
        }
      }
    }
    XCTAssertGreaterThan(checked, 3000)
  }
}
