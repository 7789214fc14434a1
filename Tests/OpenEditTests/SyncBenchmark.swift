import Apidae
import Foundation
import OpenEdit
import XCTest

/// The sync speed figures of the issue, on a synthetic export in the real format: 100,000 objects
/// of 5–21 KB built from the real HOTELLERIE sample. Runs only when `OESH_BENCH_DIR` names a
/// directory (exports are generated there once and reused); in release mode for real figures:
///
///     OESH_BENCH_DIR=/tmp/oesh-bench swift test -c release -Xswiftc -enable-testing \
///       --filter SyncBenchmark
///
/// The first run generates the exports; run again so that peak memory is the sync's alone.
final class SyncBenchmark: XCTestCase {
  var objectCount: Int { ProcessInfo.processInfo.environment["OESH_BENCH_OBJECTS"].flatMap { Int($0) } ?? 100_000 }
  let full = ExportName(projectId: 1234, year: 2024, month: 3, day: 1, hour: 2, minute: 0, code: "Bench1")
  let differential = ExportName(projectId: 1234, year: 2024, month: 3, day: 2, hour: 2, minute: 0, code: "Bench2")

  func testSyncSpeed() throws {
    guard let dirPath = ProcessInfo.processInfo.environment["OESH_BENCH_DIR"] else {
      throw XCTSkip("set OESH_BENCH_DIR to run the sync benchmark")
    }
    let dir = URL(fileURLWithPath: dirPath)
    let exports = dir.appendingPathComponent("exports-\(objectCount)")
    let fullZip = exports.appendingPathComponent(full.stem + ".zip")
    if !FileManager.default.fileExists(atPath: fullZip.path) {
      try generate(in: exports)
      print("benchmark: exports generated in \(exports.path); run again to measure")
    }

    let floor = try time { try run("/bin/sh", ["-c", "unzip -p '\(fullZip.path)' > /dev/null"]) }
    let workspaceURL = dir.appendingPathComponent("ws-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: workspaceURL) }
    let workspace = try Workspace.create(at: workspaceURL, projectId: 1234)
    for name in try FileManager.default.contentsOfDirectory(atPath: exports.path) {
      try FileManager.default.linkItem(
        at: exports.appendingPathComponent(name), to: workspace.snapshotsURL.appendingPathComponent(name))
    }
    try workspace.clock().set("2024-03-01 12:00")
    // Reading alone (what `snapshots` does to count an export's objects): the sync's other floor.
    let readTime = try time { _ = try ExportReader(url: fullZip).read { _ in } }
    var report: SyncReport?
    let fullTime = try time { report = try workspace.sync() }
    XCTAssertEqual(report?.imported.first?.changes.created.count, objectCount)
    try workspace.clock().set("2024-03-02 12:00")
    let diffTime = try time { report = try workspace.sync() }
    XCTAssertEqual(report?.imported.first?.changes.modified.count, objectCount / 100)

    var usage = rusage()
    getrusage(RUSAGE_SELF_WHO, &usage)
    let size = (try FileManager.default.attributesOfItem(atPath: fullZip.path)[.size] as? NSNumber)?.intValue ?? 0
    print(
      """
      benchmark: \(objectCount) objects, zip \(size / 1_000_000) MB
      benchmark: unzip -p floor \(format(floor)) s wall, \(format(cpu[0])) s CPU
      benchmark: reading alone \(format(readTime)) s wall = \(format(readTime / floor)) x floor; \
      \(format(cpu[1])) s CPU
      benchmark: full sync \(format(fullTime)) s wall = \(format(fullTime / floor)) x floor; \
      \(format(cpu[2])) s CPU = \(format(cpu[2] / cpu[0])) x floor
      benchmark: 1% differential sync \(format(diffTime)) s wall = \(format(100 * diffTime / fullTime)) % of the full \
      sync; \(format(cpu[3])) s CPU = \(format(100 * cpu[3] / cpu[2])) %
      benchmark: peak RSS \(usage.ru_maxrss / 1024) MB
      """)
  }

  #if os(Linux)
    private let RUSAGE_SELF_WHO = RUSAGE_SELF.rawValue
    private let RUSAGE_CHILDREN_WHO = RUSAGE_CHILDREN.rawValue
  #else
    private let RUSAGE_SELF_WHO = RUSAGE_SELF
    private let RUSAGE_CHILDREN_WHO = RUSAGE_CHILDREN
  #endif

  private func format(_ v: Double) -> String { String(format: "%.2f", v) }

  /// Wall time; CPU time (this process's threads and waited-for children) goes to `cpu`, as on a
  /// shared machine the wall time also measures the other processes.
  private func time(_ body: () throws -> Void) throws -> Double {
    let before = cpuSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    cpu.append(cpuSeconds() - before)
    return wall
  }

  private var cpu: [Double] = []

  private func cpuSeconds() -> Double {
    var total = 0.0
    for who in [RUSAGE_SELF_WHO, RUSAGE_CHILDREN_WHO] {
      var u = rusage()
      getrusage(who, &u)
      total +=
        Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec)
        + Double(u.ru_stime.tv_usec) / 1e6
    }
    return total
  }

  private func run(_ tool: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
  }

  /// The full export (réinitialisation) and a differential modifying 1% of its objects.
  private func generate(in exports: URL) throws {
    try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
    let template = try SyntheticObject()
    let chunk = 500
    let selections = (0..<20).map { s in
      Selection(
        id: 1000 + s, name: "Sélection \(s)", ficheIds: Array(stride(from: s + 1, through: objectCount, by: 20)))
    }
    let writer = try ExportWriter(
      directory: exports, name: full, notification: ExportNotification(projectId: 1234, reinitialisation: true))
    var id = 1
    while id <= objectCount {
      try writer.addObjects((id..<min(id + chunk, objectCount + 1)).map { template.bytes(id: $0, name: "Hôtel \($0)") })
      id += chunk
    }
    writer.setSelections(selections)
    try writer.finish()

    let modified = Array(stride(from: 1, through: objectCount, by: 100))
    let diff = try ExportWriter(
      directory: exports, name: differential, notification: ExportNotification(projectId: 1234, reinitialisation: false)
    )
    for start in stride(from: 0, to: modified.count, by: chunk) {
      try diff.addObjects(
        modified[start..<min(start + chunk, modified.count)].map { template.bytes(id: $0, name: "Hôtel \($0) bis") })
    }
    diff.setSelections(selections)
    try diff.finish()
  }
}

/// Objects shaped like the real HOTELLERIE sample, 5 to 21 KB, pretty-printed as Apidae does.
private struct SyntheticObject {
  var sections: [(key: String, bytes: [UInt8])] = []
  var optional: [String: [UInt8]] = [:]

  init() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Tests/Data/apidae/hotentic/hot_fr_en.json")
    let array = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
    for (key, value) in array[0] where !["type", "id", "nom", "identifier", "state", "presentation"].contains(key) {
      var data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .fragmentsAllowed])
      if key == "informations" || key == "contacts" || key == "gestion" {
        // No real address in synthetic data.
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(
          of: "[A-Za-z0-9._-]+@[A-Za-z0-9.-]+", with: "contact@example.invalid", options: .regularExpression)
        data = Data(text.utf8)
      }
      if ["illustrations", "descriptionTarif", "prestations", "ouverture"].contains(key) {
        optional[key] = [UInt8](data)
      } else {
        sections.append((key, [UInt8](data)))
      }
    }
    sections.sort { $0.key < $1.key }
  }

  static let words: [[UInt8]] = """
    chambre vue lac montagne piscine chauffée petit-déjeuner terrasse parking gratuit wifi calme centre \
    village randonnée ski station famille enfants animaux acceptés restaurant cuisine régionale produits \
    locaux séminaire salle réunion accueil chaleureux jardin spa sauna hammam balcon cheminée chalet \
    bois pierre rénové confort ascenseur accès handicapés navette gare aéroport vélo location
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array(($0 + " ").utf8) }

  func bytes(id: Int, name: String) -> [UInt8] {
    var out = Array(
      "{\n  \"type\" : \"HOTELLERIE\",\n  \"id\" : \(id),\n  \"nom\" : {\n    \"libelleFr\" : \"\(name)\"\n  },\n  \"identifier\" : \"SITRA2_HOT_\(id)\",\n  \"state\" : \"PUBLISHED\""
        .utf8)
    // A fixed pseudo-random choice of the heavy sections per id: 5 to 21 KB, about 11 KB on average.
    var h = UInt64(id) &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 29
    let include: [String: Bool] = [
      "illustrations": h % 4 == 0, "descriptionTarif": (h >> 8) % 2 == 0, "prestations": (h >> 16) % 5 < 3,
      "ouverture": (h >> 24) % 5 < 3,
    ]
    for (key, bytes) in sections + optional.filter({ include[$0.key] == true }).map({ ($0.key, $0.value) }) {
      out += Array(",\n  \"\(key)\" : ".utf8)
      out += bytes
    }
    // Descriptions differ from object to object, so the zip compresses about as much as a real one.
    out += Array(",\n  \"presentation\" : {\n    \"descriptifDetaille\" : {\n      \"libelleFr\" : \"".utf8)
    var r = h | 1
    for _ in 0..<(80 + Int((h >> 32) % 200)) {
      r ^= r << 13
      r ^= r >> 7
      r ^= r << 17
      out += SyntheticObject.words[Int(r % UInt64(SyntheticObject.words.count))]
    }
    out += Array("\"\n    }\n  }\n}".utf8)
    return out
  }
}
