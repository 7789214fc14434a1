import Foundation
import XCTest

@testable import Apidae

/// The real export of apidae-engine-rails' test data, copied under a proper export name.
final class RealExportTests: XCTestCase {
  private func realExport() throws -> URL {
    try Fixtures.realExport(in: scratchDirectory(self))
  }

  func testReadsTheRealExport() throws {
    let reader = try ExportReader(url: realExport())
    XCTAssertEqual(reader.name.projectId, 3126)
    XCTAssertEqual(reader.name.stem, Fixtures.realExportName)
    XCTAssertNil(reader.notification)
    let contents = try reader.readAll()

    XCTAssertEqual(contents.fiches.count, 5)
    XCTAssertTrue(contents.fiches.allSatisfy { $0.type == "FETE_ET_MANIFESTATION" })
    // Entry order is natural (-1 before -2), objects in file order.
    XCTAssertEqual(Set(contents.fiches.map(\.id)), [4826137, 4826282, 4826186, 4828422, 4833997])
    XCTAssertEqual(contents.fiches.last?.id, 4833997)
    XCTAssertTrue(contents.fiches.allSatisfy { $0.email == nil }, "none of the real objects has an e-mail")

    let specimens = try XCTUnwrap(contents.fiches.first { $0.id == 4833997 })
    XCTAssertEqual(specimens.name, "Les Spécimens - Spectacle familial")
    XCTAssertEqual(specimens.identifier, "SITRA2_EVE_4833997")
    XCTAssertEqual(specimens.state, "PUBLISHED")
    XCTAssertEqual(specimens.ownerId, 80)
    XCTAssertEqual(specimens.ownerName, "Office de Tourisme intercommunal Aix-les-Bains Riviera des Alpes")
    XCTAssertEqual(specimens.dateModification, "2017-09-21T09:51:57.288+0000")
    XCTAssertEqual(specimens.communeId, 30287)
    XCTAssertNil(specimens.communeName)

    XCTAssertEqual(
      contents.selections,
      [
        Selection(id: 49063, name: "Sélection 1", ficheIds: [4826137, 4826282]),
        Selection(id: 49073, name: "Sélection 2", ficheIds: [4826186, 4828422, 4833997]),
      ])
    XCTAssertEqual(contents.deleted, [123])
    XCTAssertEqual(
      contents.communes,
      [
        Commune(id: 1, code: "01001", name: "L'Abergement-Clémenciat", postalCode: "01400"),
        Commune(id: 2, code: "01002", name: "L'Abergement-de-Varey", postalCode: "01640"),
        Commune(id: 3, code: "01004", name: "Ambérieu-en-Bugey", postalCode: "01500"),
      ])
    // Streamed through ZIPFoundation rather than read whole: the same export.
    var streamed = reader
    streamed.readsWholeEntries = false
    XCTAssertEqual(try streamed.readAll(), contents)
  }

  func testRawIsTheExactSliceOfTheEntry() throws {
    let contents = try ExportReader(url: realExport()).readAll()
    let entry = try ZipProbe.entry(
      "objets_modifies/objets_modifies-2.json", of: Fixtures.hotentic.appendingPathComponent("json_export.zip"))
    let fiche = try XCTUnwrap(contents.fiches.first { $0.id == 4833997 })
    XCTAssertEqual(fiche.raw.first, UInt8(ascii: "{"))
    XCTAssertEqual(fiche.raw.last, UInt8(ascii: "}"))
    XCTAssertNotNil(entry.firstRange(of: fiche.raw), "raw must be a slice of the entry's bytes")
    // And it parses back to the same fiche.
    XCTAssertEqual(try Fiche.parse(raw: fiche.raw), fiche)
  }

  /// A sync reads without copying the bytes out: each fiche still has where they are, their length and hash.
  func testWithoutRawTheLengthHashAndOffsetAreThoseOfTheBytes() throws {
    let url = try realExport()
    let kept = try ExportReader(url: url).readAll().fiches
    var bare: [Fiche] = []
    try ExportReader(url: url).read(keepRaw: false) { part in
      if case .fiches(let fiches, _) = part { bare += fiches }
    }
    XCTAssertEqual(bare.map(\.id), kept.map(\.id))
    for (b, k) in zip(bare, kept) {
      XCTAssertEqual(b.raw, [])
      XCTAssertGreaterThan(k.raw.count, 0)
      XCTAssertEqual(b.rawLength, k.raw.count)
      XCTAssertEqual(b.rawOffset, k.rawOffset)
      XCTAssertEqual(b.rawHash, k.raw.withUnsafeBytes(Fiche.rawHash(of:)))
      XCTAssertEqual(b.name, k.name)
    }
    // Changing the bytes changes the hash and length kept with them.
    var edited = kept[0]
    let before = edited.rawHash
    edited.raw += Array(" ".utf8)
    XCTAssertNotEqual(edited.rawHash, before)
    XCTAssertEqual(edited.rawLength, kept[0].raw.count + 1)
  }

  func testPartsComeInOrder() throws {
    var kinds: [String] = []
    try ExportReader(url: realExport()).read { part in
      switch part {
      case .communes: kinds.append("communes")
      case .fiches(_, let entry): kinds.append(entry)
      case .deleted: kinds.append("deleted")
      case .selections: kinds.append("selections")
      }
    }
    XCTAssertEqual(
      kinds,
      [
        "communes", "selections", "objets_modifies/objets_modifies-1.json", "objets_modifies/objets_modifies-2.json",
        "deleted",
      ])
  }
}
