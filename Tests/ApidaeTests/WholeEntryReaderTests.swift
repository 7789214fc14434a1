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

  /// Zips as other writers make them: Python's `zipfile` writing entries as streams (sizes in a data
  /// descriptor after the data, ZIP64 extra fields in the local headers), stored, and with an archive
  /// comment. Each entry is read whole, equal to ZIPFoundation's bytes, and the export reads the same.
  func testZipsFromOtherWritersAreReadWhole() throws {
    let directory = try scratchDirectory(self)
    let source = directory.appendingPathComponent("source")
    let real = Fixtures.hotentic.appendingPathComponent("json_export.zip")
    let names = try entries(of: real).map(\.path)
    for name in names {
      let file = source.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(ZipProbe.entry(name, of: real)).write(to: file)
    }
    let script = """
      import os, sys, zipfile
      source, target = sys.argv[1], sys.argv[2]
      names = sorted(os.path.relpath(os.path.join(r, f), source) for r, _, fs in os.walk(source) for f in fs)
      class Unseekable:  # as when writing to a pipe: zipfile then puts sizes in data descriptors
          def __init__(self, f): self.f = f
          def write(self, b): return self.f.write(b)
          def flush(self): self.f.flush()
      def write(name, compression, streamed, comment=b""):
          out = open(os.path.join(target, name), "wb")
          with zipfile.ZipFile(Unseekable(out) if streamed else out, "w", compression=compression) as z:
              z.comment = comment
              for n in names:
                  data = open(os.path.join(source, n), "rb").read()
                  if streamed:
                      with z.open(n, "w", force_zip64=True) as w:
                          w.write(data)
                  else:
                      z.writestr(n, data)
          out.close()
      write("3126_20190215-0156_Stream.zip", zipfile.ZIP_DEFLATED, True)
      write("3126_20190215-0156_Stored.zip", zipfile.ZIP_STORED, True)
      write("3126_20190215-0156_Commnt.zip", zipfile.ZIP_DEFLATED, False, b"made by a script")
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, source.path, directory.path]
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    // Bit 3 of the general purpose flags (sizes in a data descriptor) in the streamed zips' local headers.
    for stem in ["Stream", "Stored"] {
      let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("3126_20190215-0156_\(stem).zip")))
      XCTAssertEqual(bytes[6] & 0x08, 0x08, stem)
    }
    let expected = try ExportReader(url: Fixtures.realExport(in: directory)).readAll()
    for stem in ["Stream", "Stored", "Commnt"] {
      let url = directory.appendingPathComponent("3126_20190215-0156_\(stem).zip")
      let reader = try XCTUnwrap(WholeEntryReader(url: url))
      let all = try entries(of: url)
      XCTAssertEqual(Set(all.map(\.path)), Set(names), stem)
      for entry in all {
        guard case .bytes(let bytes) = reader.read(entry) else {
          XCTFail("\(stem) \(entry.path) was not read whole")
          continue
        }
        XCTAssertEqual(bytes, try ZipProbe.entry(entry.path, of: url), "\(stem) \(entry.path)")
      }
      XCTAssertEqual(try ExportReader(url: url).readAll(), expected, stem)
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
