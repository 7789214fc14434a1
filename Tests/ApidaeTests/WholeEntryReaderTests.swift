import Foundation
import XCTest
import ZIPFoundation

@testable import Apidae

/// Entries read in one piece (libdeflate) are the bytes ZIPFoundation streams, and a zip whose
/// directory lies about an entry is refused, not read short or long.
final class WholeEntryReaderTests: XCTestCase {
  private func entries(of url: URL) throws -> [Entry] {
    try Archive(url: url, accessMode: .read, pathEncoding: nil).filter { $0.type == .file }
  }

  /// The real export (zipped by Apidae) and zips written by ZIPFoundation, deflated and stored: every
  /// entry is read whole, none falls back to streaming, and the bytes are ZIPFoundation's.
  func testEveryEntryIsReadWholeAndEqualsTheStreamedBytes() throws {
    let big = (0..<2_000).map { #"{"type": "ACTIVITE", "id": \#($0), "nom": {"libelleFr": "Fiche \#($0)"}}"# }
    let content = ("[" + big.joined(separator: ",") + "]").bytes
    let directory = try scratchDirectory(self)
    let zips = [
      Fixtures.hotentic.appendingPathComponent("json_export.zip"),
      try writeZip(directory.appendingPathComponent("deflated.zip"), [("a.json", content), ("empty.json", [])]),
      try writeZip(directory.appendingPathComponent("stored.zip"), [("a.json", content)], compression: .none),
    ]
    for url in zips {
      let reader = try XCTUnwrap(WholeEntryReader(url: url))
      let all = try entries(of: url)
      XCTAssertFalse(all.isEmpty)
      for entry in all {
        XCTAssertNotNil(WholeEntryReader.localHeaderOffset(of: entry), "\(url.lastPathComponent) \(entry.path)")
        guard case .bytes(let bytes) = reader.read(entry) else {
          XCTFail("\(url.lastPathComponent) \(entry.path) was not read whole")
          continue
        }
        XCTAssertEqual(bytes, try ZipProbe.entry(entry.path, of: url), "\(url.lastPathComponent) \(entry.path)")
      }
    }
  }

  /// The central directory's uncompressed size, one byte short or long: the export is refused with the
  /// entry named, whichever way it is read.
  func testAnEntryOfAnotherSizeThanDeclaredIsRefused() throws {
    let name = "3126_20240501-0200_BadBad.zip"
    let objects = "objets_modifies/objets_modifies-1.json"
    let fiche = #"[{"type": "ACTIVITE", "id": 1, "nom": {"libelleFr": "Une"}}]"#.bytes
    let selections = #"[{"id": 1, "nom": "S", "objetsTouristiques": [{"type": "ACTIVITE", "id": 1}]}]"#.bytes
    for compression in [CompressionMethod.deflate, .none] {
      for delta in [-1, 1] {
        let url = try writeZip(
          scratchDirectory(self).appendingPathComponent(name), [("selections.json", selections), (objects, fiche)],
          compression: compression)
        var bytes = try [UInt8](Data(contentsOf: url))
        // The central directory record of the objects' entry: signature, then its uncompressed size at 24.
        let nameAt = try XCTUnwrap(bytes.ranges(of: objects.bytes).last).lowerBound
        let record = nameAt - 46
        XCTAssertEqual(Array(bytes[record..<record + 4]), [0x50, 0x4B, 0x01, 0x02])
        let size = fiche.count + delta
        bytes.replaceSubrange(
          record + 24..<record + 28, with: withUnsafeBytes(of: UInt32(size).littleEndian, Array.init))
        try Data(bytes).write(to: url)
        let entry = try XCTUnwrap(try Archive(url: url, accessMode: .read, pathEncoding: nil)[objects])
        XCTAssertEqual(entry.uncompressedSize, UInt64(size))
        for workers in [1, 2] {
          XCTAssertThrowsError(try ExportReader(url: url).read(workers: workers) { _ in }) { error in
            XCTAssertEqual(error as? ExportError, ExportError(export: name, entry: objects, reason: .checksumMismatch))
          }
        }
      }
    }
  }
}
