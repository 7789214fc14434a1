import Foundation
import XCTest

@testable import Apidae

/// Zips and folders, both object-file modes, junk and unused entries, the sidecar.
final class ExportLayoutTests: XCTestCase {
  static let selections =
    #"[{"id": 1, "nom": "Hôtels", "libelle": {"libelleFr": "Les hôtels"}, "objetsTouristiques": [{"type": "HOTELLERIE", "id": 898922}]}, {"id": 2, "nom": "Vide"}]"#
    .bytes

  private func entries() throws -> [(String, [UInt8])] {
    [
      ("__MACOSX/._selections.json", [0, 5, 22, 7]),
      ("selections.json", Self.selections),
      // One object per file, named by object id (the other mode of Apidae exports).
      (
        "objets_modifies/objets_modifies-898922.json",
        try XCTUnwrap(Fiche.parseObjects(Fixtures.bytes("hot_fr_en.json")).first).raw
      ),
      ("objets_modifies/objets_modifies-504.json", try Fixtures.bytes("structure.json")),
      ("objets_modifies/.DS_Store", [0, 0, 0, 1]),
      ("elements_reference.json", "not even JSON".bytes),
      ("criteres_internes.json", "[]".bytes),
      ("territoires.json", "{".bytes),
      ("objets_lies/objets_lies_modifies-1.json", "[".bytes),
      ("notes.txt", "hello".bytes),
    ]
  }

  private func check(_ url: URL) throws {
    let contents = try ExportReader(url: url).readAll()
    // Natural order: -504 before -898922; one object per file or an array of one, both accepted.
    XCTAssertEqual(contents.fiches.map(\.id), [504, 898922])
    XCTAssertEqual(contents.fiches.map(\.email), [nil, "chatelleraie@wanadoo.fr"])
    XCTAssertEqual(
      contents.selections,
      [Selection(id: 1, name: "Les hôtels", ficheIds: [898922]), Selection(id: 2, name: "Vide", ficheIds: [])])
    XCTAssertEqual(contents.deleted, [], "no objets_supprimes.json: nothing deleted")
    XCTAssertEqual(contents.communes, [])
  }

  func testZipWithOneObjectPerFileAndJunk() throws {
    let url = try scratchDirectory(self).appendingPathComponent("3126_20240501-0200_AbC123.zip")
    try check(writeZip(url, entries()))
    var parts: [String] = []
    try ExportReader(url: url).read { part in
      if case .communes = part { parts.append("communes") }
    }
    XCTAssertEqual(parts, [], "no communes part without communes.json")
  }

  func testBackslashSeparatedNames() throws {
    let url = try scratchDirectory(self).appendingPathComponent("3126_20240501-0200_AbC123.zip")
    try writeZip(
      url,
      [
        ("selections.json", Self.selections),
        ("objets_modifies\\objets_modifies-1.json", Fiche(id: 5, type: "ACTIVITE", name: "Win").exportJSON()),
        ("objets_modifies\\notes.txt", "x".bytes),
      ])
    XCTAssertThrowsError(try ExportReader(url: url).readAll()) { error in
      XCTAssertEqual((error as? ExportError)?.entry, "objets_modifies\\notes.txt")
    }
    let fine = try scratchDirectory(self).appendingPathComponent("3126_20240501-0200_AbC123.zip")
    try writeZip(
      fine,
      [
        ("selections.json", Self.selections),
        ("objets_modifies\\objets_modifies-1.json", Fiche(id: 5, type: "ACTIVITE", name: "Win").exportJSON()),
      ])
    XCTAssertEqual(try ExportReader(url: fine).readAll().fiches.map(\.name), ["Win"])
  }

  /// `./selections.json` and `/objets_modifies/…` (zipped from `.`, or with an absolute name, which unzip
  /// strips) are the export's entries: their objects were dropped as junk or unknown files, so that a
  /// réinitialisation removed every fiche. Two names for one entry are refused as one given twice.
  func testLeadingSlashAndDotComponentsNameTheSameEntries() throws {
    let dir = try scratchDirectory(self)
    let url = try writeZip(
      dir.appendingPathComponent("3126_20240501-0200_AbC123.zip"),
      [
        ("./selections.json", Self.selections),
        ("/objets_modifies/objets_modifies-1.json", Fiche(id: 5, type: "ACTIVITE", name: "Absolu").exportJSON()),
        ("./objets_modifies/./objets_modifies-2.json", Fiche(id: 6, type: "ACTIVITE", name: "Point").exportJSON()),
        ("./objets_supprimes.json", "[7]".bytes),
        ("./__MACOSX/._selections.json", [0, 5, 22, 7]),
        ("./objets_modifies/.DS_Store", [0, 0, 0, 1]),
      ])
    let contents = try ExportReader(url: url).readAll()
    XCTAssertEqual(contents.fiches.map(\.name), ["Absolu", "Point"])
    XCTAssertEqual(contents.selections.map(\.id), [1, 2])
    XCTAssertEqual(contents.deleted, [7])

    let twice = try writeZip(
      dir.appendingPathComponent("3126_20240502-0200_AbC123.zip"),
      [("selections.json", Self.selections), ("./selections.json", "[]".bytes)])
    XCTAssertThrowsError(try ExportReader(url: twice).readAll()) { error in
      XCTAssertEqual(
        error as? ExportError,
        ExportError(export: twice.lastPathComponent, entry: "selections.json", reason: .duplicateEntry))
    }
    let objectsTwice = try writeZip(
      dir.appendingPathComponent("3126_20240503-0200_AbC123.zip"),
      [
        ("selections.json", Self.selections),
        ("objets_modifies/objets_modifies-1.json", Fiche(id: 5, type: "ACTIVITE", name: "A").exportJSON()),
        ("/objets_modifies/objets_modifies-1.json", Fiche(id: 5, type: "ACTIVITE", name: "B").exportJSON()),
      ])
    XCTAssertThrowsError(try ExportReader(url: objectsTwice).readAll()) { error in
      XCTAssertEqual((error as? ExportError)?.reason, .duplicateEntry)
    }
  }

  func testFolderExport() throws {
    let url = try scratchDirectory(self).appendingPathComponent("3126_20240501-0200_AbC123")
    try check(writeFolder(url, entries().filter { !$0.0.hasPrefix("__MACOSX") }))
  }

  func testSidecar() throws {
    let dir = try scratchDirectory(self)
    let url = try writeZip(dir.appendingPathComponent("3030_20240501-0200_X.zip"), [("selections.json", "[]".bytes)])
    XCTAssertNil(try ExportReader(url: url).notification)

    let sidecar = dir.appendingPathComponent("3030_20240501-0200_X.notification.json")
    try
      #"{"projetId": "3030", "statut": "SUCCESS", "ponctuel": "false", "reinitialisation": "true", "urlConfirmation": ""}"#
      .write(to: sidecar, atomically: true, encoding: .utf8)
    XCTAssertEqual(
      try ExportReader(url: url).notification,
      ExportNotification(projectId: 3030, statut: "SUCCESS", ponctuel: false, reinitialisation: true))

    try #"{"projetId": 3030, "ponctuel": true, "reinitialisation": false}"#.write(
      to: sidecar, atomically: true, encoding: .utf8)
    XCTAssertEqual(
      try ExportReader(url: url).notification,
      ExportNotification(projectId: 3030, statut: nil, ponctuel: true, reinitialisation: false))

    try #"{"statut": "ERROR"}"#.write(to: sidecar, atomically: true, encoding: .utf8)
    XCTAssertEqual(
      try ExportReader(url: url).notification,
      ExportNotification(projectId: nil, statut: "ERROR", ponctuel: false, reinitialisation: nil))

    try "{\n  \"ponctuel\": \"maybe\"\n}".write(to: sidecar, atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try ExportReader(url: url)) { error in
      let e = error as? ExportError
      XCTAssertEqual(e?.entry, "3030_20240501-0200_X.notification.json")
      XCTAssertEqual(e?.export, "3030_20240501-0200_X.zip")
      XCTAssertEqual(e?.line, 2)
      XCTAssertEqual(e?.column, 15)
      guard case .wrongShape = e?.reason else { return XCTFail("\(error)") }
    }
  }

  func testSequentialAndParallelReadsDeliverTheSameParts() throws {
    let dir = try scratchDirectory(self)
    let writer = try ExportWriter(directory: dir, name: XCTUnwrap(ExportName.parse("1_20240101-0000_P")))
    var id = 0
    for chunk in 0..<12 {
      // Chunks of varied sizes, some empty, so that workers finish out of order.
      let objects = (0..<(chunk % 4 == 0 ? 0 : chunk * 7)).map { _ -> [UInt8] in
        id += 1
        return Fiche(id: id, type: "ACTIVITE", name: "Fiche \(id)", email: "f\(id)@x.fr").exportJSON()
      }
      try writer.addObjects(objects)
    }
    writer.setSelections([Selection(id: 1, name: "S", ficheIds: [1, 2])])
    let url = try writer.finish()
    func parts(_ workers: Int) throws -> [String] {
      var log: [String] = []
      try ExportReader(url: url).read(workers: workers) { part in
        switch part {
        case .fiches(let f, let entry): log.append("\(entry): \(f.map(\.id))")
        case .deleted(let d): log.append("deleted \(d)")
        case .selections(let s): log.append("selections \(s.map(\.id))")
        case .communes(let c): log.append("communes \(c.count)")
        }
      }
      return log
    }
    let sequential = try parts(1)
    XCTAssertEqual(sequential.count, 9 + 2)
    XCTAssertEqual(
      sequential.prefix(2), ["selections [1]", "objets_modifies/objets_modifies-2.json: [1, 2, 3, 4, 5, 6, 7]"])
    for workers in [2, 3, 8] { XCTAssertEqual(try parts(workers), sequential) }
  }
}
