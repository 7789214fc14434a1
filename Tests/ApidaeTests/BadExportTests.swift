import Foundation
import XCTest
import ZIPFoundation

@testable import Apidae

/// Bad exports are refused with the export, the entry and, for JSON, the line and column.
final class BadExportTests: XCTestCase {
  static let name = "3126_20240501-0200_BadBad"
  static let selections = #"[{"id": 1, "nom": "S", "objetsTouristiques": [{"type": "ACTIVITE", "id": 1}]}]"#.bytes
  static let fiche = #"{"type": "ACTIVITE", "id": 1, "nom": {"libelleFr": "Une"}}"#.bytes

  private func zip(_ entries: [(String, [UInt8])], compression: CompressionMethod = .deflate) throws -> URL {
    try writeZip(scratchDirectory(self).appendingPathComponent(Self.name + ".zip"), entries, compression: compression)
  }

  /// Reads with 1 and 2 workers, zip entries read whole and streamed; all must fail the same way.
  private func failure(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> ExportError {
    var errors: [ExportError] = []
    for workers in [1, 2] {
      for whole in [true, false] {
        do {
          var reader = try ExportReader(url: url)
          reader.readsWholeEntries = whole
          try reader.read(workers: workers) { _ in }
          XCTFail("the export was accepted", file: file, line: line)
        } catch let error as ExportError {
          errors.append(error)
        }
      }
    }
    XCTAssertEqual(errors.count, 4, file: file, line: line)
    for error in errors.dropFirst() { XCTAssertEqual(error, errors.first, file: file, line: line) }
    let error = try XCTUnwrap(errors.first)
    XCTAssertEqual(error.export, Self.name + (url.pathExtension == "zip" ? ".zip" : ""), file: file, line: line)
    return error
  }

  /// A zip of `entry` holding `json`, with a good `selections.json` unless `entry` is that one.
  private func zipWith(_ entry: String, _ json: String) throws -> URL {
    let entries = entry == "selections.json" ? [] : [("selections.json", Self.selections)]
    return try zip(entries + [(entry, json.bytes)])
  }

  private func assertShape(
    _ error: ExportError, contains text: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    guard case .wrongShape(let why) = error.reason else { return XCTFail("\(error)", file: file, line: line) }
    XCTAssertTrue(why.contains(text), why, file: file, line: line)
  }

  func testNotAZip() throws {
    let url = try scratchDirectory(self).appendingPathComponent(Self.name + ".zip")
    try "selections.json? no, a text file".write(to: url, atomically: true, encoding: .utf8)
    let error = try failure(url)
    XCTAssertEqual(error, ExportError(export: Self.name + ".zip", reason: .notAZip))
    XCTAssertEqual(error.description, "export 3126_20240501-0200_BadBad.zip: not a zip archive")
    try Data().write(to: url)
    XCTAssertEqual(try failure(url).reason, .notAZip)
  }

  func testTruncatedZip() throws {
    let url = try zip([("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche)])
    let bytes = try Data(contentsOf: url)
    try bytes.prefix(bytes.count * 2 / 3).write(to: url)
    XCTAssertEqual(try failure(url), ExportError(export: Self.name + ".zip", reason: .truncated))
  }

  func testBadName() throws {
    let url = try scratchDirectory(self).appendingPathComponent("export.zip")
    XCTAssertThrowsError(try ExportReader(url: url)) { error in
      XCTAssertEqual(error as? ExportError, ExportError(export: "export.zip", reason: .badName))
    }
    let missing = try scratchDirectory(self).appendingPathComponent(Self.name + ".zip")
    XCTAssertThrowsError(try ExportReader(url: missing)) { error in
      XCTAssertEqual((error as? ExportError)?.reason, .notFound)
    }
  }

  func testMissingSelections() throws {
    let url = try zip([("objets_modifies/objets_modifies-1.json", Self.fiche), ("objets_supprimes.json", "[]".bytes)])
    XCTAssertEqual(try failure(url), ExportError(export: Self.name + ".zip", reason: .missingSelections))
  }

  /// An export zipped as its folder (Windows' «Envoyer vers › Dossier compressé» on the unzipped export):
  /// every entry under `3126_…/`. «selections.json manque» sent the user looking for a file that is there;
  /// the refusal says where it is. Two such folders, or junk, are only a missing selections.json.
  func testAnExportZippedInsideAFolderSaysWhereSelectionsAre() throws {
    let folder = "3126_20240501-0200_BadBad"
    let url = try zip([
      ("__MACOSX/\(folder)/._selections.json", [0, 5, 22, 7]),
      ("\(folder)/selections.json", Self.selections), ("\(folder)/objets_modifies/objets_modifies-1.json", Self.fiche),
    ])
    XCTAssertEqual(
      try failure(url),
      ExportError(
        export: Self.name + ".zip", entry: folder + "/selections.json", reason: .selectionsInFolder(folder + "/")))
    let folderExport = try writeFolder(
      scratchDirectory(self).appendingPathComponent(Self.name), [("Export/selections.json", Self.selections)])
    XCTAssertEqual(try failure(folderExport).reason, .selectionsInFolder("Export/"))
    let two = try zip([("a/selections.json", Self.selections), ("b/selections.json", Self.selections)])
    XCTAssertEqual(try failure(two).reason, .missingSelections)
  }

  func testMalformedObjectEntryGivesLineAndColumn() throws {
    let entry = """
      [
        {"type": "ACTIVITE", "id": 1,
         "nom": {"libelleFr": "Été"}
        },
        {"type": "STRUCTURE" "id": 2}
      ]
      """
    let url = try zip([
      ("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche),
      ("objets_modifies/objets_modifies-2.json", entry.bytes),
      ("objets_modifies/objets_modifies-10.json", "[{".bytes),
    ])
    let error = try failure(url)
    // The first bad entry in natural order (-2 before -10) is reported, whichever worker saw what first.
    XCTAssertEqual(error.entry, "objets_modifies/objets_modifies-2.json")
    XCTAssertEqual(error.line, 5)
    XCTAssertEqual(error.column, 24)
    XCTAssertEqual(error.reason, .malformedJSON("expected ',' or '}'"))
    XCTAssertEqual(
      error.description,
      "export 3126_20240501-0200_BadBad.zip, entry objets_modifies/objets_modifies-2.json, line 5, column 24: "
        + "malformed JSON: expected ',' or '}'")
  }

  func testMalformedJSONColumnsCountCharacters() throws {
    let url = try zip([("selections.json", #"[{"id": 1, "nom": "Sélection été" "libelle": {}}]"#.bytes)])
    let error = try failure(url)
    XCTAssertEqual(error.entry, "selections.json")
    XCTAssertEqual(error.line, 1)
    XCTAssertEqual(error.column, 35)
    guard case .malformedJSON = error.reason else { return XCTFail("\(error)") }
  }

  /// With objects to decode, a worker decodes `selections.json` too: its error is the same, and comes
  /// before any object is delivered.
  func testBadSelectionsBesideObjectsNamesSelections() throws {
    var url = try zip([
      ("objets_modifies/objets_modifies-1.json", "[\(String(decoding: Self.fiche, as: UTF8.self))]".bytes),
      ("selections.json", #"[{"id": 1, "nom": "Sélection été" "libelle": {}}]"#.bytes),
    ])
    for workers in [1, 2] {
      var objects = 0
      XCTAssertThrowsError(
        try ExportReader(url: url).read(workers: workers) { part in
          if case .fiches = part { objects += 1 }
        })
      XCTAssertEqual(objects, 0, "\(workers) workers")
    }
    var error = try failure(url)
    XCTAssertEqual(error.entry, "selections.json")
    XCTAssertEqual([error.line, error.column], [1, 35])
    guard case .malformedJSON = error.reason else { return XCTFail("\(error)") }

    url = try zip([
      ("objets_modifies/objets_modifies-1.json", Self.fiche),
      ("selections.json", #"[{"id": 1, "objetsTouristiques": [{"type": "A", "id": "12"}]}]"#.bytes),
    ])
    error = try failure(url)
    XCTAssertEqual(error.entry, "selections.json")
    assertShape(error, contains: "[0].objetsTouristiques[0].id: expected an integer")
  }

  func testTruncatedJSONIsMalformedAtTheEnd() throws {
    let url = try zip([
      ("selections.json", Self.selections),
      ("objets_modifies/objets_modifies-1.json", "[\n{\"type\": \"ACTIVITE\", \"id\": 1},\n{\"type\": \"ACT".bytes),
    ])
    let error = try failure(url)
    XCTAssertEqual(error.entry, "objets_modifies/objets_modifies-1.json")
    XCTAssertEqual(error.line, 3)
    XCTAssertEqual(error.column, 10, "at the unterminated string")
    XCTAssertEqual(error.reason, .malformedJSON("unterminated string"))
  }

  /// A file cut where a value should come (after a comma, a colon) is malformed there, not of the wrong
  /// shape: «[1] : un objet attendu» and «[0].type : une chaîne attendue» sent one looking for a bad value
  /// in a download cut short.
  func testJSONCutWhereAValueShouldComeIsMalformedAtTheEnd() throws {
    let fiche = #"{"type": "ACTIVITE", "id": 1}"#
    for cut in [
      "[\(fiche),", "[\(fiche), \n", #"[{"type": "ACTIVITE", "id": "#, #"{"id": 1, "type":  "#, #"[{"id": 1, "nom": "#,
    ] {
      let error = try failure(try zipWith("objets_modifies/objets_modifies-1.json", cut))
      XCTAssertEqual(error.reason, .malformedJSON("unexpected end of data, expected a value"), cut)
      let lines = cut.split(separator: "\n", omittingEmptySubsequences: false)
      XCTAssertEqual([error.line, error.column], [lines.count, lines.last!.count + 1], cut)
    }
  }

  func testStrictJSONInsideValuesOeshDoesNotRead() throws {
    // A trailing comma, a bad escape and a lone surrogate, each in a text oesh skips: still refused.
    let cases: [(String, Int, String)] = [
      ("{\"type\": \"ACTIVITE\", \"id\": 1, \"presentation\": {\"a\": 1,}}", 55, "expected a string key"),
      ("{\"type\": \"ACTIVITE\", \"id\": 1, \"presentation\": \"\\x\"}", 48, "invalid escape in string"),
      (
        "{\"type\": \"ACTIVITE\", \"id\": 1, \"presentation\": \"\\ud83d!\"}", 48,
        "invalid \\u escape (lone high surrogate)"
      ),
    ]
    for (entry, column, message) in cases {
      let url = try zip([("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", entry.bytes)])
      let error = try failure(url)
      XCTAssertEqual([error.line, error.column], [1, column], entry)
      XCTAssertEqual(error.reason, .malformedJSON(message), entry)
    }
  }

  func testStringWhereAnIdShouldBe() throws {
    let entry = "[\n  {\"type\": \"ACTIVITE\", \"id\": 1},\n  {\"type\": \"ACTIVITE\",\n   \"id\": \"4826137\"}\n]"
    let url = try zip([("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", entry.bytes)])
    let error = try failure(url)
    XCTAssertEqual(error.entry, "objets_modifies/objets_modifies-1.json")
    XCTAssertEqual(error.line, 4)
    XCTAssertEqual(error.column, 10)
    assertShape(error, contains: "id: expected an integer")
  }

  func testWrongShapeDeepInside() throws {
    let entry = """
      {"type": "ACTIVITE", "id": 1, "informations": {"moyensCommunication": [
        {"type": {"id": 204}, "coordonnees": {"fr": "a@x.fr"}},
        {"type": {"id": 204}, "coordonnees": {"fr": 12}}]}}
      """
    let url = try zip([("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", entry.bytes)])
    let error = try failure(url)
    XCTAssertEqual(error.line, 3)
    XCTAssertEqual(error.column, 47)
    assertShape(error, contains: "informations.moyensCommunication[1].coordonnees.fr: expected a string")
  }

  func testValuesOutsideWhatApidaeGivesAreWrongShapes() throws {
    // A state R2 could not classify, an id that is no fiche's.
    var url = try zip([
      ("selections.json", Self.selections),
      ("objets_modifies/objets_modifies-1.json", "[{\"type\": \"ACTIVITE\", \"id\": 7,\n \"state\": \"WEIRD\"}]".bytes),
    ])
    var error = try failure(url)
    XCTAssertEqual([error.line, error.column], [2, 11])
    assertShape(error, contains: "[0].state: expected one of PUBLISHED, HIDDEN, NEW, TRASH, DELETED, found \"WEIRD\"")
    url = try zip([
      ("selections.json", Self.selections),
      ("objets_modifies/objets_modifies-1.json", "[{\"type\": \"ACTIVITE\", \"id\": -5}]".bytes),
    ])
    error = try failure(url)
    XCTAssertEqual([error.line, error.column], [1, 29])
    assertShape(error, contains: "[0].id: expected a positive integer")
    // No id of Apidae is zero or negative: not a deletion, a sélection, nor a member.
    url = try zip([("selections.json", Self.selections), ("objets_supprimes.json", "[12, -3]".bytes)])
    error = try failure(url)
    XCTAssertEqual([error.line, error.column], [1, 6])
    assertShape(error, contains: "[1]: expected a positive integer")
    url = try zip([("selections.json", #"[{"id": 0, "objetsTouristiques": []}]"#.bytes)])
    error = try failure(url)
    XCTAssertEqual([error.line, error.column], [1, 9])
    assertShape(error, contains: "[0].id: expected a positive integer")
    url = try zip([
      (
        "selections.json",
        #"[{"id": 1, "objetsTouristiques": [{"type": "A", "id": 2}, {"type": "A", "id": -7}]}]"#.bytes
      )
    ])
    error = try failure(url)
    XCTAssertEqual([error.line, error.column], [1, 79])
    assertShape(error, contains: "[0].objetsTouristiques[1].id: expected a positive integer")
    // A sélection given twice: which membership Apidae meant cannot be known.
    let twice = "[{\"id\": 1, \"objetsTouristiques\": []},\n {\"id\": 2}, {\"id\": 1, \"nom\": \"B\"}]"
    url = try zip([("selections.json", twice.bytes)])
    error = try failure(url)
    XCTAssertEqual(error.entry, "selections.json")
    XCTAssertEqual([error.line, error.column], [2, 20])
    assertShape(error, contains: "[2].id: sélection 1 given twice (first at [0])")
  }

  /// A notification sidecar of another project than the export's name is refused, naming the sidecar.
  func testASidecarOfAnotherProjectIsRefused() throws {
    let url = try zip([("selections.json", Self.selections)])
    let sidecar = url.deletingLastPathComponent().appendingPathComponent(Self.name + ".notification.json")
    try Data(#"{"projetId": 9999, "statut": "SUCCESS", "ponctuel": false, "reinitialisation": false}"#.utf8)
      .write(to: sidecar)
    let error = try failure(url)
    XCTAssertEqual(error.entry, Self.name + ".notification.json")
    assertShape(error, contains: "projetId: expected 3126 (the project in the export's name), found 9999")
  }

  /// A notification sidecar is a few hundred bytes: a larger file is refused unread (one of 2 GB took
  /// `snapshots` 17 s and 4 GB each time it listed), and so is what is not a regular file (a FIFO, which
  /// Foundation's read called «permission denied»).
  func testASidecarThatIsNoNotificationIsRefusedUnread() throws {
    let url = try zip([("selections.json", Self.selections)])
    let entry = Self.name + ".notification.json"
    let sidecar = url.deletingLastPathComponent().appendingPathComponent(entry)
    XCTAssertTrue(FileManager.default.createFile(atPath: sidecar.path, contents: nil))
    let handle = try FileHandle(forWritingTo: sidecar)
    try handle.truncate(atOffset: 1 << 20)
    try handle.close()
    XCTAssertEqual(
      try failure(url), ExportError(export: Self.name + ".zip", entry: entry, reason: .sidecarTooLarge(1 << 20)))
    try FileManager.default.removeItem(at: sidecar)
    XCTAssertEqual(mkfifo(sidecar.path, 0o644), 0)
    XCTAssertEqual(try failure(url), ExportError(export: Self.name + ".zip", entry: entry, reason: .notARegularFile))
  }

  func testMissingIdAndNonObjectElements() throws {
    var url = try zip([
      ("selections.json", Self.selections),
      ("objets_modifies/objets_modifies-1.json", "[{\"type\": \"ACTIVITE\"}]".bytes),
    ])
    var error = try failure(url)
    XCTAssertEqual([error.line, error.column], [1, 2])
    assertShape(error, contains: "id: missing")

    url = try zip([("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", "[\n 12\n]".bytes)])
    error = try failure(url)
    XCTAssertEqual([error.line, error.column], [2, 2])
    assertShape(error, contains: "[0]: expected an object")

    url = try zip([
      ("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", "  \"text\"".bytes),
    ])
    error = try failure(url)
    XCTAssertEqual([error.line, error.column], [1, 3])
    assertShape(error, contains: "expected an array of objects or one object")
  }

  func testWrongShapesOfTheSmallEntries() throws {
    var url = try zip([("selections.json", Self.selections), ("objets_supprimes.json", "[ 123, \"124\" ]".bytes)])
    var error = try failure(url)
    XCTAssertEqual(error.entry, "objets_supprimes.json")
    XCTAssertEqual([error.line, error.column], [1, 8])
    assertShape(error, contains: "[1]: expected an integer")

    url = try zip([("selections.json", #"[{"id": 1, "objetsTouristiques": [{"type": "A", "id": "12"}]}]"#.bytes)])
    error = try failure(url)
    XCTAssertEqual(error.entry, "selections.json")
    XCTAssertEqual([error.line, error.column], [1, 55])
    assertShape(error, contains: "[0].objetsTouristiques[0].id: expected an integer")

    url = try zip([("selections.json", #"{"id": 1}"#.bytes)])
    error = try failure(url)
    XCTAssertEqual([error.line, error.column], [1, 1])
    assertShape(error, contains: "top level: expected an array")

    url = try zip([
      ("selections.json", Self.selections), ("communes.json", #"[{"id": 1, "nom": null, "code": 1001}]"#.bytes),
    ])
    error = try failure(url)
    XCTAssertEqual(error.entry, "communes.json")
    XCTAssertEqual([error.line, error.column], [1, 33])
    assertShape(error, contains: "[0].code: expected a string")
  }

  /// An entry of no bytes (a file an export's writer never filled) is said empty, whichever it is: an object
  /// file said «fin des données inattendue, valeur attendue» where objets_supprimes.json said «entrée vide».
  func testAnEmptyEntryIsSaidEmptyWhicheverItIs() throws {
    for entry in [
      "objets_modifies/objets_modifies-1.json", "objets_supprimes.json", "communes.json", "selections.json",
    ] {
      let error = try failure(try zipWith(entry, ""))
      XCTAssertEqual(
        error,
        ExportError(export: Self.name + ".zip", entry: entry, line: 1, column: 1, reason: .malformedJSON("empty entry"))
      )
    }
  }

  /// A number no id can be (a fraction, past 64 bits; `12.0` is 12, as JSONDecoder reads it) is valid JSON in the wrong place:
  /// it is said so at that number, as a string there is. Foundation's decoder called such an entry
  /// «The given data was not valid JSON.», at line 1, column 1, in English.
  func testANumberNoIdCanBeIsAWrongShapeAtItsPlace() throws {
    let cases: [(entry: String, json: String, at: [Int?], path: String)] = [
      ("objets_supprimes.json", "[101,\n 1.5]", [2, 2], "[1]"),
      ("objets_supprimes.json", "[18446744073709551616]", [1, 2], "[0]"),
      ("communes.json", #"[{"id": 1, "nom": "A"}, {"id": 2e400, "nom": "B"}]"#, [1, 32], "[1].id"),
      (
        "selections.json", #"[{"id": 1, "objetsTouristiques": [{"id": 2}, {"id": 99999999999999999999}]}]"#,
        [1, 53], "[0].objetsTouristiques[1].id"
      ),
      ("selections.json", #"[{"id": 1.5, "objetsTouristiques": []}]"#, [1, 9], "[0].id"),
    ]
    for (entry, json, at, path) in cases {
      let error = try failure(zipWith(entry, json))
      XCTAssertEqual(error.entry, entry, json)
      XCTAssertEqual([error.line, error.column], at, json)
      assertShape(error, contains: "\(path): expected an integer")
    }
  }

  /// A key oesh reads given twice in one object is refused at the second, which says where the first is:
  /// which value Apidae meant cannot be known (RFC 8259 leaves it to each reader; I-JSON, RFC 7493, forbids
  /// it), and fiches took the last while sélections and communes took the first. Keys oesh skips may repeat.
  func testAKeyOeshReadsGivenTwiceIsRefusedAtTheSecond() throws {
    let objects = "objets_modifies/objets_modifies-1.json"
    let email =
      #"{"moyensCommunication": [{"type": {"id": 204}, "coordonnees": {"fr": "a@x.example"}, "#
      + #""coordonnees": {"fr": "b@x.example"}}]}"#
    let cases: [(entry: String, json: String, at: [Int?], path: String, first: String)] = [
      (
        objects, #"[{"id": 1, "type": "HOTELLERIE", "nom": {"libelleFr": "A"},\#n "nom": {"libelleFr": "B"}}]"#,
        [2, 2], "[0].nom", "line 1, column 34"
      ),
      (
        objects, #"[{"id": 1, "type": "HOTELLERIE", "nom": {"libelleFr": "A", "libelleFr": "B"}}]"#, [1, 60],
        "[0].nom.libelleFr", "line 1, column 42"
      ),
      (objects, #"{"id": 1, "type": "HOTELLERIE", "id": 2}"#, [1, 33], "id", "line 1, column 2"),
      (
        objects, #"[{"id": 1, "type": "HOTELLERIE", "state": "HIDDEN", "st\u0061te": "PUBLISHED"}]"#, [1, 53],
        "[0].state", "line 1, column 34"
      ),
      (
        objects, #"[{"id": 1, "type": "HOTELLERIE", "informations": \#(email)}]"#, [1, 135],
        "[0].informations.moyensCommunication[0].coordonnees", "line 1, column 97"
      ),
      (
        "selections.json", #"[{"id": 1, "nom": "A", "nom": "B", "objetsTouristiques": []}]"#, [1, 24], "[0].nom",
        "line 1, column 12"
      ),
      (
        "selections.json", #"[{"id": 1, "objetsTouristiques": [{"id": 2, "id": 3}]}]"#, [1, 45],
        "[0].objetsTouristiques[0].id", "line 1, column 36"
      ),
      (
        "selections.json", #"[{"id": 1, "libelle": {"libelleFr": "A", "libelleFr": "B"}, "objetsTouristiques": []}]"#,
        [1, 42], "[0].libelle.libelleFr", "line 1, column 24"
      ),
      ("communes.json", #"[{"id": 1, "nom": "A", "nom": "B"}]"#, [1, 24], "[0].nom", "line 1, column 12"),
    ]
    for (entry, json, at, path, first) in cases {
      let error = try failure(zipWith(entry, json))
      XCTAssertEqual(error.entry, entry, json)
      XCTAssertEqual([error.line, error.column], at, json)
      XCTAssertEqual(error.reason, .wrongShape("\(path): key given twice (first at \(first))"), json)
    }
    let url = try zip([
      ("selections.json", #"[{"id": 1, "x": 1, "x": 2, "objetsTouristiques": [{"id": 1, "y": 1, "y": 2}]}]"#.bytes),
      (
        objects,
        #"[{"id": 1, "type": "HOTELLERIE", "descriptif": "a", "descriptif": "b", "nom": {"libelleFr": "Un"}}]"#.bytes
      ),
      ("communes.json", #"[{"id": 1, "nom": "A", "z": 1, "z": 2}]"#.bytes),
    ])
    let export = try ExportReader(url: url).readAll()
    XCTAssertEqual(export.fiches.map(\.name), ["Un"])
    XCTAssertEqual(export.selections.map(\.ficheIds), [[1]])
    XCTAssertEqual(export.communes.map(\.name), ["A"])
  }

  /// A text oesh keeps (a fiche's name or e-mail, a sélection's or a commune's name) longer than it takes
  /// is refused at that text: a 200 MB name in a 200 KB zip made the import and every listing after it
  /// take a minute and gigabytes, and the store grow by 800 MB. A text oesh does not keep (a description)
  /// is skipped whatever its length, and one at the limit is taken whole.
  func testATextLongerThanOeshTakesIsRefusedAtItsPlace() throws {
    let long = String(repeating: "A", count: ExportReader.longestText + 1)
    let objects = "objets_modifies/objets_modifies-1.json"
    let email = #"{"moyensCommunication": [{"type": {"id": 204}, "coordonnees": {"fr": "\#(long)"}}]}"#
    let cases: [(entry: String, json: String, at: [Int?], path: String)] = [
      (
        objects, #"[{"id": 1, "type": "HOTELLERIE",\#n "nom": {"libelleFr": "\#(long)"}}]"#, [2, 23],
        "[0].nom.libelleFr"
      ),
      (
        objects, #"[{"id": 1, "type": "HOTELLERIE", "informations": \#(email)}]"#, [1, 119],
        "[0].informations.moyensCommunication[0].coordonnees.fr"
      ),
      (
        "selections.json", #"[{"id": 1, "objetsTouristiques": []},\#n {"id": 2, "nom": "\#(long)"}]"#, [2, 19],
        "[1].nom"
      ),
      (
        "selections.json",
        #"[{"id": 1, "objetsTouristiques": []},\#n {"id": 2, "libelle": {"libelleEn": "\#(long)"}}]"#,
        [2, 37], "[1].libelle.libelleEn"
      ),
      ("communes.json", #"[{"id": 1, "nom": "\#(long)"}]"#, [1, 19], "[0].nom"),
    ]
    for (entry, json, at, path) in cases {
      let error = try failure(zipWith(entry, json))
      XCTAssertEqual(error.entry, entry, path)
      XCTAssertEqual([error.line, error.column], at, path)
      assertShape(error, contains: "\(path): a text of \(long.utf8.count) bytes, longer than oesh takes")
    }
    let fits = String(repeating: "é", count: ExportReader.longestText / 2)
    let url = try zip([
      ("selections.json", Self.selections),
      (
        objects,
        #"[{"id": 1, "type": "HOTELLERIE", "nom": {"libelleFr": "\#(fits)"}, "descriptif": "\#(long)\#(long)"}]"#.bytes
      ),
    ])
    XCTAssertEqual(try ExportReader(url: url).readAll().fiches.map(\.name), [fits])
  }

  func testCorruptedStoredEntry() throws {
    let url = try zip(
      [("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche)], compression: .none
    )
    var bytes = try [UInt8](Data(contentsOf: url))
    // Change one letter of the stored object: still valid JSON, but no longer what the CRC says.
    let at = try XCTUnwrap(bytes.firstRange(of: "Une".bytes)).lowerBound
    bytes[at] = UInt8(ascii: "X")
    try Data(bytes).write(to: url)
    let error = try failure(url)
    XCTAssertEqual(
      error,
      ExportError(
        export: Self.name + ".zip", entry: "objets_modifies/objets_modifies-1.json", reason: .checksumMismatch))
  }

  /// Every entry's CRC-32 is checked, the reference files oesh does not read too; junk is not read.
  func testACorruptedEntryOeshDoesNotReadRefusesTheExportToo() throws {
    let url = try zip(
      [
        ("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche),
        ("elements_reference.json", #"[{"id": 1, "libelleFr": "Hôtel"}]"#.bytes),
        ("__MACOSX/._elements_reference.json", "Mac junk".bytes),
        // Under `__MACOSX/`, a name without a dot is junk too.
        ("__MACOSX/objets_modifies/objets_modifies-1.json", "Mac copy".bytes),
      ], compression: .none)
    var bytes = try [UInt8](Data(contentsOf: url))
    let at = try XCTUnwrap(bytes.firstRange(of: "Hôtel".bytes)).lowerBound
    bytes[at] = UInt8(ascii: "X")
    // Damaged junk changes nothing: it is never read.
    for text in ["Mac junk", "Mac copy"] {
      let junk = try XCTUnwrap(bytes.firstRange(of: text.bytes)).lowerBound
      bytes[junk] = UInt8(ascii: "X")
    }
    try Data(bytes).write(to: url)
    XCTAssertEqual(
      try failure(url),
      ExportError(export: Self.name + ".zip", entry: "elements_reference.json", reason: .checksumMismatch))
  }

  func testCorruptedDeflatedEntry() throws {
    let big = (0..<200).map { #"{"type": "ACTIVITE", "id": \#($0), "nom": {"libelleFr": "Fiche \#($0)"}}"# }
    let url = try zip([
      ("selections.json", Self.selections),
      ("objets_modifies/objets_modifies-1.json", ("[" + big.joined(separator: ",") + "]").bytes),
    ])
    let archive = try Archive(url: url, accessMode: .read, pathEncoding: nil)
    let entry = try XCTUnwrap(archive["objets_modifies/objets_modifies-1.json"])
    let original = try [UInt8](Data(contentsOf: url))
    // The local header (30 bytes, then name and extra field) comes before the central directory's copy of the name.
    let nameAt = try XCTUnwrap(original.firstRange(of: "objets_modifies/objets_modifies-1.json".bytes)).lowerBound
    let extraLength = Int(original[nameAt - 2]) | Int(original[nameAt - 1]) << 8
    let dataOffset = nameAt + "objets_modifies/objets_modifies-1.json".utf8.count + extraLength
    // Flip bytes inside the compressed data until one still inflates (or fails to): either way it is refused.
    var refused = 0
    for delta in stride(from: 40, to: Int(entry.compressedSize) - 8, by: 97) {
      var bytes = original
      bytes[dataOffset + delta] ^= 0x10
      try Data(bytes).write(to: url)
      let error = try failure(url)
      XCTAssertEqual(error.entry, "objets_modifies/objets_modifies-1.json")
      switch error.reason {
      case .checksumMismatch, .damagedData: refused += 1
      default: XCTFail("\(error)")
      }
    }
    XCTAssertGreaterThan(refused, 3)
  }

  /// Sets the uncompressed size an archive gives `entry`, in its local header and its central record.
  private func declare(size: UInt32, of entry: String, in url: URL) throws {
    // The size is at 22 in a local header, at 24 in a central record.
    try patchHeaders(of: entry, in: url) { bytes, header, isLocal in
      let at = header + (isLocal ? 22 : 24)
      withUnsafeBytes(of: size.littleEndian) { bytes.replaceSubrange(at..<at + 4, with: $0) }
    }
  }

  /// Applies `edit` to the entry's local header and to its central directory record, each found before
  /// its name (a local header's 30 bytes, a central record's 46).
  private func patchHeaders(
    of entry: String, in url: URL, _ edit: (_ bytes: inout [UInt8], _ header: Int, _ isLocal: Bool) -> Void
  ) throws {
    var bytes = try [UInt8](Data(contentsOf: url))
    let name = entry.bytes
    var searchFrom = 0
    var patched = 0
    while let range = bytes[searchFrom...].firstRange(of: name) {
      let local = range.lowerBound - 30
      let central = range.lowerBound - 46
      if local >= 0, bytes[local..<local + 4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) {
        edit(&bytes, local, true)
        patched += 1
      } else if central >= 0, bytes[central..<central + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
        edit(&bytes, central, false)
        patched += 1
      }
      searchFrom = range.upperBound
    }
    XCTAssertEqual(patched, 2)
    try Data(bytes).write(to: url)
  }

  /// ZIPFoundation's listing ends in silence at the first entry it cannot open: an encrypted one (oesh
  /// cannot read it either) took every entry after it out of the export, a réinitialisation's objects
  /// with them, which the sync then removed. It is refused and named, wherever it lies.
  func testAnEncryptedEntryIsRefusedNotDropped() throws {
    for entry in ["criteres_internes.json", "objets_modifies/objets_modifies-1.json"] {
      let url = try zip([
        ("criteres_internes.json", "[]".bytes), ("selections.json", Self.selections),
        ("objets_modifies/objets_modifies-1.json", Self.fiche),
      ])
      // Bit 0 of the general purpose flags: at 6 in a local header, at 8 in a central record.
      try patchHeaders(of: entry, in: url) { bytes, header, isLocal in bytes[header + (isLocal ? 6 : 8)] |= 1 }
      XCTAssertEqual(
        try failure(url), ExportError(export: Self.name + ".zip", entry: entry, reason: .encryptedEntry), entry)
    }
  }

  /// A symbolic link stored in a zip is no file of the export: refused as a folder export's is, not
  /// skipped (a link named `selections.json` was «selections.json manque», one among the objects vanished).
  func testASymbolicLinkEntryIsRefusedNotSkipped() throws {
    for link in ["selections.json", "objets_modifies/objets_modifies-2.json"] {
      let url = try zip(
        [("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche)]
          .filter { $0.0 != link })
      let archive = try Archive(url: url, accessMode: .update, pathEncoding: nil)
      let target = Data("/etc/passwd".utf8)
      try archive.addEntry(with: link, type: .symlink, uncompressedSize: Int64(target.count)) { position, size in
        target[Int(position)..<Int(position) + size]
      }
      XCTAssertEqual(
        try failure(url), ExportError(export: Self.name + ".zip", entry: link, reason: .symbolicLink), link)
    }
  }

  /// A zip whose directory does not lead to its entries is refused as damaged, not read as an export
  /// with fewer files: a self-extracting stub in front shifts every offset («selections.json manque»
  /// before), an end record counting fewer entries than its directory holds hid the last ones.
  func testAZipDirectoryThatDoesNotLeadToItsEntriesIsRefused() throws {
    let entries = [("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche)]
    let stubbed = try zip(entries)
    let stub: [UInt8] = [0x4D, 0x5A] + [UInt8](repeating: 0x90, count: 4094)
    try Data(stub + [UInt8](Data(contentsOf: stubbed))).write(to: stubbed)
    XCTAssertEqual(try failure(stubbed), ExportError(export: Self.name + ".zip", reason: .damagedDirectory))

    let miscounted = try zip(entries)
    var bytes = try [UInt8](Data(contentsOf: miscounted))
    let end = try XCTUnwrap(
      (0...bytes.count - 4).reversed().first { bytes[$0..<$0 + 4].elementsEqual([0x50, 0x4B, 0x05, 0x06]) })
    // The entries on this disk (at 8) and in all (at 10): 1 instead of 2.
    bytes.replaceSubrange(end + 8..<end + 12, with: [1, 0, 1, 0])
    try Data(bytes).write(to: miscounted)
    XCTAssertEqual(try failure(miscounted), ExportError(export: Self.name + ".zip", reason: .damagedDirectory))
  }

  /// `ZipDirectory` reads the declared directory from ZIPFoundation's internals by reflection, and skips
  /// its check when they are not laid out as it expects: this fails when they change. A zip whose end
  /// record leaves its counts to a zip64 end record (0xFFFF, as zips of more than 65,535 entries or past
  /// 4 GiB have it) is read from that one: from the classic record, its 65,535 entries were «damaged».
  func testTheDeclaredDirectoryIsReadFromBothEndRecords() throws {
    let entries = [("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche)]
    let url = try zip(entries)
    var bytes = try [UInt8](Data(contentsOf: url))
    let end = try XCTUnwrap(
      (0...bytes.count - 22).reversed().first { bytes[$0..<$0 + 4].elementsEqual([0x50, 0x4B, 0x05, 0x06]) })
    func le(_ at: Int, _ width: Int) -> UInt64 { (0..<width).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) } }
    let classic = ZipDirectory.Declared(count: le(end + 10, 2), offset: le(end + 16, 4), size: le(end + 12, 4))
    let declared = try XCTUnwrap(ZipDirectory.declared(by: Archive(url: url, accessMode: .read, pathEncoding: nil)))
    XCTAssertEqual([declared.count, declared.offset, declared.size], [2, classic.offset, classic.size])

    func little(_ value: UInt64, _ width: Int) -> [UInt8] {
      (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
    // The zip64 end record (56 bytes) and its locator (20) between the directory and the end record.
    let zip64 =
      [0x50, 0x4B, 0x06, 0x06] + little(44, 8) + little(45, 2) + little(45, 2) + little(0, 4) + little(0, 4)
      + little(2, 8) + little(2, 8) + little(classic.size, 8) + little(classic.offset, 8)
    let locator = [0x50, 0x4B, 0x06, 0x07] + little(0, 4) + little(UInt64(end), 8) + little(1, 4)
    var record = Array(bytes[end...])
    record.replaceSubrange(8..<20, with: [UInt8](repeating: 0xFF, count: 12))
    bytes = Array(bytes[..<end]) + zip64 + locator + record
    try Data(bytes).write(to: url)
    let archive = try Archive(url: url, accessMode: .read, pathEncoding: nil)
    let fromZip64 = try XCTUnwrap(ZipDirectory.declared(by: archive))
    XCTAssertEqual([fromZip64.count, fromZip64.offset, fromZip64.size], [2, classic.offset, classic.size])
    for workers in [1, 2] {
      for whole in [true, false] {
        var reader = try ExportReader(url: url)
        reader.readsWholeEntries = whole
        var fiches: [Int] = []
        try reader.read(workers: workers) { if case .fiches(let batch, _) = $0 { fiches += batch.map(\.id) } }
        XCTAssertEqual(fiches, [1])
      }
    }
  }

  /// A «zip bomb»: an entry that says it inflates to 2 GB is refused before anything is inflated, a
  /// reference file oesh does not read as well as `selections.json`.
  func testAnEntryLargerThanOeshReadsIsRefusedUnread() throws {
    for entry in ["criteres_internes.json", "selections.json"] {
      let url = try zip([
        ("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche),
        ("criteres_internes.json", [UInt8](repeating: 32, count: 4096)),
      ])
      try declare(size: 1 << 31, of: entry, in: url)
      XCTAssertEqual(
        try failure(url), ExportError(export: Self.name + ".zip", entry: entry, reason: .tooLarge(1 << 31)), entry)
    }
  }

  /// An entry that inflates past the size its archive declares is stopped there, and refused.
  func testAnEntryThatInflatesPastItsDeclaredSizeIsRefused() throws {
    let url = try zip([
      ("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche),
      ("elements_reference.json", [UInt8](repeating: 32, count: 1 << 20)),
    ])
    try declare(size: 1000, of: "elements_reference.json", in: url)
    XCTAssertEqual(
      try failure(url),
      ExportError(export: Self.name + ".zip", entry: "elements_reference.json", reason: .checksumMismatch))
  }

  /// A folder export's files are its own: a symbolic link (to a file outside, to a folder) is refused.
  func testASymbolicLinkInAFolderExportIsRefused() throws {
    let scratch = try scratchDirectory(self)
    let outside = scratch.appendingPathComponent("outside.json")
    try Data(#"[{"type": "ACTIVITE", "id": 7777, "nom": {"libelleFr": "Dehors"}}]"#.utf8).write(to: outside)
    for link in ["objets_modifies/objets_modifies-9.json", "selections.json", "objets_modifies"] {
      let url = scratch.appendingPathComponent(UUID().uuidString).appendingPathComponent(Self.name)
      try writeFolder(
        url,
        [("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche)]
          .filter { !$0.0.hasPrefix(link) })
      let target = link == "objets_modifies" ? scratch.path : outside.path
      try FileManager.default.createSymbolicLink(
        atPath: url.appendingPathComponent(link).path, withDestinationPath: target)
      XCTAssertEqual(try failure(url), ExportError(export: Self.name, entry: link, reason: .symbolicLink), link)
    }
  }

  /// A folder export's file is read only if it is a regular file: a FIFO is refused with its name, not
  /// waited on.
  func testAFIFOInAFolderExportIsRefused() throws {
    let url = try writeFolder(
      scratchDirectory(self).appendingPathComponent(Self.name),
      [("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche)])
    let entry = "objets_modifies/objets_modifies-2.json"
    XCTAssertEqual(mkfifo(url.appendingPathComponent(entry).path, 0o644), 0)
    XCTAssertEqual(try failure(url), ExportError(export: Self.name, entry: entry, reason: .notARegularFile))
  }

  /// An export given through a symbolic link (dropped into `snapshots/` by a user) is read where the link
  /// leads, as `cp -L` would copy it; a link that leads nowhere, a loop, one to a folder that holds it and
  /// what is no file nor folder (a FIFO, read by nothing) are refused with why.
  func testAnExportThroughASymbolicLink() throws {
    let scratch = try scratchDirectory(self)
    let links = scratch.appendingPathComponent("snapshots")
    try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
    let entries = [("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche)]
    let zip = try writeZip(scratch.appendingPathComponent("3126_20240501-0200_Origin.zip"), entries)
    let folder = try writeFolder(scratch.appendingPathComponent("3126_20240501-0200_Origin"), entries)
    func link(_ name: String, _ target: String) throws -> URL {
      let url = links.appendingPathComponent(name)
      try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
      return url
    }
    for (name, target, isFolder) in [
      (Self.name + ".zip", zip.path, false), ("3126_20240502-0200_Folder", "../3126_20240501-0200_Origin", true),
    ] {
      let reader = try ExportReader(url: link(name, target))
      XCTAssertEqual(reader.isFolder, isFolder, name)
      XCTAssertEqual(try reader.readAll(), try ExportReader(url: isFolder ? folder : zip).readAll(), name)
    }
    func refusal(_ url: URL) -> ExportError.Reason? {
      do {
        _ = try ExportReader(url: url)
        return nil
      } catch {
        return (error as? ExportError)?.reason
      }
    }
    XCTAssertEqual(refusal(try link("3126_20240503-0200_Gone.zip", "/nowhere/x.zip")), .danglingLink("/nowhere/x.zip"))
    XCTAssertEqual(refusal(try link("3126_20240504-0200_Gone", "nowhere")), .danglingLink("nowhere"))
    _ = try link("3126_20240505-0200_LoopBb.zip", "3126_20240505-0200_LoopAa.zip")
    XCTAssertEqual(refusal(try link("3126_20240505-0200_LoopAa.zip", "3126_20240505-0200_LoopBb.zip")), .linkLoop)
    XCTAssertEqual(refusal(try link("3126_20240506-0200_Parent", "..")), .linkToEnclosingFolder)
    XCTAssertEqual(refusal(try link("3126_20240507-0200_Itself", ".")), .linkToEnclosingFolder)
    XCTAssertEqual(refusal(try link("3126_20240508-0200_Zero.zip", "/dev/zero")), .notARegularFile)
    let fifo = scratch.appendingPathComponent("fifo")
    XCTAssertEqual(mkfifo(fifo.path, 0o644), 0)
    XCTAssertEqual(refusal(try link("3126_20240509-0200_Fifo.zip", fifo.path)), .notARegularFile)
    let placed = links.appendingPathComponent("3126_20240510-0200_Pipe.zip")
    XCTAssertEqual(mkfifo(placed.path, 0o644), 0)
    XCTAssertEqual(refusal(placed), .notARegularFile)
    XCTAssertEqual(refusal(links.appendingPathComponent("3126_20240511-0200_Absent.zip")), .notFound)
  }

  func testNonJSONFileAmongObjects() throws {
    let url = try zip([
      ("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", Self.fiche),
      ("objets_modifies/readme.txt", "hello".bytes),
    ])
    XCTAssertEqual(
      try failure(url),
      ExportError(export: Self.name + ".zip", entry: "objets_modifies/readme.txt", reason: .unexpectedEntry))
    let nested = try zip([
      ("selections.json", Self.selections), ("objets_modifies/sub/objets_modifies-1.json", Self.fiche),
    ])
    XCTAssertEqual(try failure(nested).entry, "objets_modifies/sub/objets_modifies-1.json")
  }

  func testDuplicateEntry() throws {
    let url = try zip([("selections.json", Self.selections), ("selections.json", "[]".bytes)])
    XCTAssertEqual(
      try failure(url), ExportError(export: Self.name + ".zip", entry: "selections.json", reason: .duplicateEntry))
  }

  func testFolderErrorsNameTheEntryToo() throws {
    let url = try writeFolder(
      scratchDirectory(self).appendingPathComponent(Self.name),
      [("selections.json", Self.selections), ("objets_modifies/objets_modifies-1.json", "[{\"id\": true}]".bytes)])
    let error = try failure(url)
    XCTAssertEqual(error.entry, "objets_modifies/objets_modifies-1.json")
    XCTAssertEqual([error.line, error.column], [1, 9])
    assertShape(error, contains: "[0].id: expected an integer")
  }

  func testSinkErrorsStopTheReadAndAreRethrown() throws {
    struct Stop: Error {}
    let dir = try scratchDirectory(self)
    let writer = try ExportWriter(directory: dir, name: XCTUnwrap(ExportName.parse("1_20240101-0000_S")))
    for n in 1...20 { try writer.addObjects([Fiche(id: n, type: "ACTIVITE", name: "F").exportJSON()]) }
    let url = try writer.finish()
    var batches = 0
    XCTAssertThrowsError(
      try ExportReader(url: url).read(workers: 2) { part in
        if case .fiches = part {
          batches += 1
          if batches == 3 { throw Stop() }
        }
      }
    ) { error in XCTAssertTrue(error is Stop) }
    XCTAssertEqual(batches, 3)
  }
}
