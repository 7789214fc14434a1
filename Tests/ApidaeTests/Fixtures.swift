import Foundation
import XCTest
import ZIPFoundation

@testable import Apidae

/// Shared test data and scratch directories.
enum Fixtures {
  /// The repository root (this file is Tests/ApidaeTests/Fixtures.swift).
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// Real Apidae data (MIT, see its LICENSE and SOURCES.md), kept as is in `Tests/Data/apidae/hotentic`.
  static let hotentic = repoRoot.appendingPathComponent("Tests/Data/apidae/hotentic")

  static func bytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: hotentic.appendingPathComponent(name)))
  }

  static let realExportName = "3126_20190215-0156_H8zWaD"

  /// The real export copied into `directory` under a proper export name.
  static func realExport(in directory: URL) throws -> URL {
    let url = directory.appendingPathComponent(realExportName + ".zip")
    try FileManager.default.copyItem(at: hotentic.appendingPathComponent("json_export.zip"), to: url)
    return url
  }
}

/// A fresh directory removed when the test ends.
func scratchDirectory(_ test: XCTestCase) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("apidae-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
  return url
}

/// Writes a zip whose entries are given as name → content, in the given order.
@discardableResult
func writeZip(
  _ url: URL, _ entries: [(String, [UInt8])], compression: CompressionMethod = .deflate
) throws -> URL {
  let archive = try Archive(url: url, accessMode: .create, pathEncoding: nil)
  for (name, content) in entries {
    try archive.addEntry(
      with: name, type: .file, uncompressedSize: Int64(content.count), compressionMethod: compression
    ) { position, size in
      Data(content[Int(position)..<Int(position) + size])
    }
  }
  return url
}

/// Writes a folder export whose files are given as relative name → content.
@discardableResult
func writeFolder(_ url: URL, _ entries: [(String, [UInt8])]) throws -> URL {
  for (name, content) in entries {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(content).write(to: file)
  }
  return url
}

extension String {
  var bytes: [UInt8] { Array(utf8) }
}

/// Reads one entry of a zip in the plainest way, to compare against the reader.
enum ZipProbe {
  static func entry(_ name: String, of url: URL) throws -> [UInt8] {
    let archive = try Archive(url: url, accessMode: .read, pathEncoding: nil)
    guard let entry = archive[name] else { throw CocoaError(.fileNoSuchFile) }
    var bytes: [UInt8] = []
    _ = try archive.extract(entry) { bytes += $0 }
    return bytes
  }
}
