import Apidae
import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// Shared test data paths.
enum OpenEditFixtures {
  /// The repository root (this file is Tests/OpenEditTests/WorkspaceFixtures.swift).
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// Real Apidae data (MIT, see its LICENSE and SOURCES.md), kept as is in `Tests/Data/apidae/hotentic`.
  static let hotentic = repoRoot.appendingPathComponent("Tests/Data/apidae/hotentic")
  static let projectId = 1234
}

/// A fresh directory removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("openedit-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
  return url
}

/// A workspace in a temporary directory, with a simulated clock, and a way to drop exports into it.
struct TestWorkspace {
  let workspace: Workspace
  var url: URL { workspace.url }

  init(_ test: XCTestCase, projectId: Int? = OpenEditFixtures.projectId, clock: String? = "2024-03-31 12:00")
    throws
  {
    let dir = try temporaryDirectory(test).appendingPathComponent("ws")
    workspace = try Workspace.create(at: dir, name: "test", projectId: projectId)
    if let clock { try workspace.clock().set(clock) }
  }

  var store: Store { get throws { try workspace.store() } }

  /// The export name of March `day`, 2024 at `hour`:`minute` (local time).
  static func name(day: Int, hour: Int = 2, minute: Int = 0, code: String = "AbC123") -> ExportName {
    ExportName(
      projectId: OpenEditFixtures.projectId, year: 2024, month: 3, day: day, hour: hour, minute: minute, code: code)
  }

  /// Writes an export into `snapshots/` with ExportWriter (objects in chunks of `chunk`).
  @discardableResult
  func export(
    _ name: ExportName, fiches: [Fiche] = [], deleted: [Int] = [], selections: [Selection] = [],
    communes: [Commune]? = nil, notification: ExportNotification? = nil, asZip: Bool = true, chunk: Int = 3
  ) throws -> URL {
    let writer = try ExportWriter(
      directory: workspace.snapshotsURL, name: name, asZip: asZip, notification: notification)
    var start = 0
    while start < fiches.count {
      try writer.addObjects(fiches[start..<min(start + chunk, fiches.count)].map { $0.exportJSON() })
      start += chunk
    }
    writer.setDeleted(deleted)
    writer.setSelections(selections)
    if let communes { writer.setCommunes(communes) }
    return try writer.finish()
  }

  /// Every fiche row: id → (name, state), deleted included.
  func ficheStates() throws -> [Int: String] {
    try store.read { db in
      try Dictionary(
        uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, state FROM fiche").map {
          ($0[0] as Int, $0[1] as String)
        }
      )
    }
  }

  /// Every sélection's members, by id.
  func memberships() throws -> [Int: [Int]] {
    try store.read { db in
      var result: [Int: [Int]] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id FROM selection") { result[row[0]] = [] }
      for row in try Row.fetchAll(db, sql: "SELECT selection_id, fiche_id FROM selection_member ORDER BY fiche_id") {
        result[row[0], default: []].append(row[1])
      }
      return result
    }
  }
}

/// A fiche as the tests build them: hotel by default, with an e-mail and a commune.
func fiche(
  _ id: Int, _ name: String, type: String = "HOTELLERIE", state: String = "PUBLISHED", commune: Int? = 1,
  email: String? = "contact@example.invalid", modified: String = "2024-03-01T10:00:00.000+0000"
) -> Fiche {
  Fiche(
    id: id, identifier: "SITRA2_HOT_\(id)", type: type, name: name, state: state, ownerId: 80,
    ownerName: "Office de tourisme", dateModification: modified, communeId: commune, email: email)
}

let testCommunes = [
  Commune(id: 1, code: "73008", name: "Aix-les-Bains", postalCode: "73100"),
  Commune(id: 2, code: "74010", name: "Annecy", postalCode: "74000"),
  Commune(id: 3, code: "73065", name: "Chambéry", postalCode: "73000"),
]
