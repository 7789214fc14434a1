import Foundation
import XCTest

@testable import Apidae

/// What `ExportWriter` writes, `ExportReader` reads back unchanged.
final class WriterTests: XCTestCase {
  private func roundTrip(asZip: Bool) throws {
    let dir = try scratchDirectory(self)
    let name = try XCTUnwrap(ExportName.parse("3126_20240501-0156_RtRip1"))
    let notification = ExportNotification(projectId: 3126, statut: "SUCCESS", ponctuel: true, reinitialisation: false)
    let writer = try ExportWriter(directory: dir, name: name, asZip: asZip, notification: notification)
    let hotel = try Fixtures.bytes("hot_fr_en.json")
    let made = [
      Fiche(
        id: 1, identifier: "SITRA2_ACT_1", type: "ACTIVITE", name: "Randonnée « Les Crêtes »", ownerId: 80,
        ownerName: "OT", communeId: 1, email: "a@x.fr"),
      Fiche(id: 2, type: "RESTAURATION", name: "Chez \"Jo\"\\", state: "HIDDEN"),
    ]
    try writer.addObjects(made.map { $0.exportJSON() })
    let hotelRaw = try XCTUnwrap(Fiche.parseObjects(hotel).first).raw
    let structureRaw = try XCTUnwrap(Fiche.parseObjects(Fixtures.bytes("structure.json")).first).raw
    try writer.addObjects([hotelRaw, structureRaw])
    writer.setDeleted([123, 456])
    let selections = [Selection(id: 9, name: "Été", ficheIds: [1, 898922, 777])]
    writer.setSelections(selections, memberTypes: [777: "HOTELLERIE"])
    let communes = [
      Commune(id: 1, code: "01001", name: "L'Abergement", postalCode: "01400"),
      Commune(id: 2, code: nil, name: "X", postalCode: nil),
    ]
    writer.setCommunes(communes)
    let url = try writer.finish()
    XCTAssertEqual(url.lastPathComponent, asZip ? "3126_20240501-0156_RtRip1.zip" : "3126_20240501-0156_RtRip1")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(),
      [url.lastPathComponent, "3126_20240501-0156_RtRip1.notification.json"].sorted(), "no temporary file left")

    let reader = try ExportReader(url: url)
    XCTAssertEqual(reader.notification, notification)
    let contents = try reader.readAll()
    XCTAssertEqual(contents.fiches.map(\.id), [1, 2, 898922, 504])
    for (read, expected) in zip(contents.fiches.prefix(2), made) {
      var expected = expected
      expected.raw = expected.exportJSON()
      XCTAssertEqual(read, expected)
    }
    XCTAssertEqual(contents.fiches[2].raw, hotelRaw, "raw bytes travel unchanged")
    XCTAssertEqual(contents.fiches[2], try Fiche.parse(raw: hotelRaw))
    XCTAssertEqual(contents.deleted, [123, 456])
    XCTAssertEqual(contents.selections, selections)
    XCTAssertEqual(contents.communes, communes)

    // Member types come from the objects written, else from memberTypes.
    let selectionsJSON: [UInt8]
    if asZip {
      selectionsJSON = try ZipProbe.entry("selections.json", of: url)
    } else {
      selectionsJSON = [UInt8](try Data(contentsOf: url.appendingPathComponent("selections.json")))
    }
    let members = try XCTUnwrap(
      (try JSONSerialization.jsonObject(with: Data(selectionsJSON)) as? [[String: Any]])?.first?["objetsTouristiques"]
        as? [[String: Any]])
    XCTAssertEqual(members.map { $0["type"] as? String }, ["ACTIVITE", "HOTELLERIE", "HOTELLERIE"])
  }

  func testZipRoundTrip() throws { try roundTrip(asZip: true) }
  func testFolderRoundTrip() throws { try roundTrip(asZip: false) }

  func testAnAbandonedExportLeavesNothing() throws {
    let dir = try scratchDirectory(self)
    do {
      let writer = try ExportWriter(directory: dir, name: XCTUnwrap(ExportName.parse("1_20240101-0000_A")))
      try writer.addObjects([Fiche(id: 1, type: "ACTIVITE", name: "A").exportJSON()])
      XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [".1_20240101-0000_A.zip.writing"])
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
  }

  func testRefusesToOverwriteAnExport() throws {
    let dir = try scratchDirectory(self)
    let name = try XCTUnwrap(ExportName.parse("1_20240101-0000_A"))
    let first = try ExportWriter(directory: dir, name: name)
    first.setSelections([])
    try first.finish()
    XCTAssertThrowsError(try ExportWriter(directory: dir, name: name)) { error in
      guard case .unwritable = (error as? ExportError)?.reason else { return XCTFail("\(error)") }
    }
  }
}
