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

  /// Runs `oesh args` in `cwd` with TZ=UTC, NO_COLOR, a temporary HOME, and optional stdin; with `typed`,
  /// standard input is a terminal (a pseudo-terminal) on which that text is typed, standard output and
  /// error still pipes: oesh is interactive, its results and messages read apart.
  static func run(
    _ args: [String], cwd: URL, stdin: String? = nil, stdinBytes: [UInt8]? = nil, typed: String? = nil,
    env extra: [String: String] = [:], launcher: [String]? = nil
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
    let group = DispatchGroup()
    if let typed {
      let terminal = try PseudoTerminal()
      p.standardInput = terminal.child
      try p.run()
      try terminal.child.close()
      terminal.type(typed)
      // The terminal echoes what is typed: read, so that it never fills; ends when oesh has exited.
      group.enter()
      DispatchQueue.global().async {
        terminal.drain()
        group.leave()
      }
    } else {
      p.standardInput = inp
      try p.run()
      if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
      if let stdinBytes { inp.fileHandleForWriting.write(Data(stdinBytes)) }
      try inp.fileHandleForWriting.close()
    }
    // Read both pipes to the end before waiting, so a large output cannot block the child.
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

  /// A pseudo-terminal: `child` is the terminal a program reads, the test types on the other side.
  final class PseudoTerminal: @unchecked Sendable {
    let child: FileHandle
    private let controller: Int32

    init() throws {
      // posix_openpt, unlockpt and ptsname, which Glibc's module leaves out: Linux's ioctls (TIOCSPTLCK,
      // TIOCGPTN, whose macros Swift does not import either).
      controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
      var unlock: Int32 = 0
      var number: UInt32 = 0
      guard controller >= 0, ioctl(controller, 0x4004_5431, &unlock) == 0,
        ioctl(controller, 0x8004_5430, &number) == 0
      else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      let fd = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
      guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      child = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Types `text`: the terminal hands it over line by line, as a person's typing ahead.
    func type(_ text: String) {
      let bytes = Array(text.utf8)
      var done = 0
      while done < bytes.count {
        let n = bytes[done...].withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
        guard n > 0 else { return }
        done += n
      }
    }

    /// Reads what the terminal shows until no program has it open any more, then closes it.
    func drain() {
      var buffer = [UInt8](repeating: 0, count: 4096)
      while buffer.withUnsafeMutableBytes({ read(controller, $0.baseAddress, $0.count) }) > 0 {}
      close(controller)
    }
  }

  /// A fresh temporary directory, removed at the end of the test.
  static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("oesh-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: u) }
    return u
  }

  /// A temporary folder (as `temporaryDirectory`) holding a workspace `ws`, made by `oesh init ws` or
  /// `oesh demo ws` (`command`).
  static func folderWithWorkspace(
    _ test: XCTestCase, _ command: String, file: StaticString = #filePath, line: UInt = #line
  ) throws -> URL {
    let dir = try temporaryDirectory(test)
    let made = try run([command, "ws"], cwd: dir)
    XCTAssertEqual(made.status, 0, made.stderr, file: file, line: line)
    return dir
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
    dir = try OeshProcess.folderWithWorkspace(self, "demo")
  }

  /// oesh on the demo, each of `commands` as a `-c`.
  func oesh(_ commands: String...) throws -> OeshProcess.Result {
    try OeshProcess.run(["-w", "ws"] + commands.flatMap { ["-c", $0] }, cwd: dir)
  }

  /// Writes `text` into the file `name` of `dir`.
  func write(_ name: String, _ text: String) throws {
    try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }

  /// A file of `dir`, as text.
  func file(_ name: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
  }
}
