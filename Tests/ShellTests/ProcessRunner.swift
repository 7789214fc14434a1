import Foundation
import XCTest

/// Runs the real `oesh` binary as a user would, with a hermetic environment.
enum OeshProcess {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The debug build of `oesh` (scripts/test builds it before the tests run).
  static var binary: URL {
    get throws {
      let env = ProcessInfo.processInfo.environment
      if let p = env["OESH_BINARY"] { return URL(fileURLWithPath: p) }
      for dir in [".build/debug", ".build/x86_64-unknown-linux-gnu/debug", ".build/aarch64-unknown-linux-gnu/debug"] {
        let u = repoRoot.appendingPathComponent(dir).appendingPathComponent("oesh")
        if FileManager.default.isExecutableFile(atPath: u.path) { return u }
      }
      throw MissingBinary(path: repoRoot.appendingPathComponent(".build/debug/oesh").path)
    }
  }

  struct MissingBinary: Error, CustomStringConvertible {
    var path: String
    var description: String { "oesh binary not found at \(path): run `swift build` first (scripts/test does)" }
  }

  static func locateBinary() throws -> URL { try binary }

  struct Result {
    var stdout: String
    var stderr: String
    var status: Int32
  }

  /// Runs `oesh args` in `cwd` with TZ=UTC, NO_COLOR, a temporary HOME, and optional stdin.
  static func run(
    _ args: [String], cwd: URL, stdin: String? = nil, stdinBytes: [UInt8]? = nil, env extra: [String: String] = [:],
    launcher: [String]? = nil
  ) throws -> Result {
    let p = Process()
    if let launcher {
      p.executableURL = URL(fileURLWithPath: launcher[0])
      p.arguments = Array(launcher.dropFirst()) + args
    } else {
      p.executableURL = try locateBinary()
      p.arguments = args
    }
    p.currentDirectoryURL = cwd
    var env = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "TZ": "UTC", "NO_COLOR": "1", "HOME": cwd.appendingPathComponent(".home").path, "LANG": "C.UTF-8",
    ]
    env.merge(extra) { $1 }
    p.environment = env
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
    if let stdinBytes { inp.fileHandleForWriting.write(Data(stdinBytes)) }
    try inp.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return Result(
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
      status: p.terminationStatus)
  }

  /// For permission tests, the `launcher` of `run` that runs oesh as a user who is not root (root reads
  /// every file): as root, `nobody` through setpriv, from a copy of the binary in `dir` (the repository's
  /// folders need not be open to that user); otherwise the binary as it is. Nil when setpriv is missing.
  static func unprivilegedLauncher(in dir: URL) throws -> [String]? {
    guard getuid() == 0 else { return [try binary.path] }
    let setpriv = "/usr/bin/setpriv"
    guard FileManager.default.isExecutableFile(atPath: setpriv) else { return nil }
    let copy = dir.appendingPathComponent("oesh-bin")
    try FileManager.default.copyItem(at: try binary, to: copy)
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", copy.path]
  }

  /// A fresh temporary directory, removed at the end of the test.
  static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("oesh-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: u) }
    return u
  }

  /// Real Apidae data, kept as is in `Tests/Data/apidae/hotentic`.
  static var hotentic: URL {
    repoRoot.appendingPathComponent("Tests/Data/apidae/hotentic")
  }
}

/// Tests that run oesh on a fresh demo workspace, `ws` in `dir`, one per test.
class DemoWorkspaceTestCase: XCTestCase {
  var dir: URL!

  override func setUpWithError() throws {
    dir = try OeshProcess.temporaryDirectory(self)
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: dir).status, 0)
  }

  /// oesh on the demo, each of `commands` as a `-c`.
  func oesh(_ commands: String...) throws -> OeshProcess.Result {
    try OeshProcess.run(["-w", "ws"] + commands.flatMap { ["-c", $0] }, cwd: dir)
  }

  /// A file of `dir`, as text.
  func file(_ name: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
  }
}
