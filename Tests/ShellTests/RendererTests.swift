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

  func testDisplayWidthCountsAccentsAsOneColumn() {
    XCTAssertEqual(TextSafety.displayWidth("Hôtel"), 5)
    XCTAssertEqual(TextSafety.displayWidth("Ca\u{301}fe\u{301}"), 4)
    XCTAssertEqual(TextSafety.displayWidth("東京"), 4)
    XCTAssertEqual(TextSafety.displayWidth("«Email à transmettre»"), 21)
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

  func testFoldIgnoresCaseAndAccents() {
    XCTAssertEqual(TextSafety.fold("Hôtel du Lac"), "hotel du lac")
    XCTAssertEqual(TextSafety.fold("ÉCOLE Œuvre"), "ecole oeuvre")
    XCTAssertEqual(TextSafety.fold("Ca\u{301}fe\u{301}"), "cafe")
  }
}
