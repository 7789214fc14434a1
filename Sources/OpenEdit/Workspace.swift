import Foundation

/// A workspace directory (DESIGN.md §3). Minimal version; the store branch replaces it.
public final class Workspace {
  public let root: URL
  public var name: String { root.lastPathComponent }
  private var openedStore: Store?

  init(root: URL) { self.root = root }

  public static func open(at url: URL) throws -> Workspace {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
      throw WorkspaceError.missing(url.path)
    }
    guard FileManager.default.fileExists(atPath: url.appendingPathComponent("oesh.toml").path) else {
      throw WorkspaceError.notAWorkspace(url.path)
    }
    return Workspace(root: url)
  }

  @discardableResult
  public static func create(at url: URL, name: String? = nil) throws -> Workspace {
    let fm = FileManager.default
    try fm.createDirectory(at: url, withIntermediateDirectories: true)
    for d in ["snapshots", "outbox", "scripts"] {
      try fm.createDirectory(at: url.appendingPathComponent(d), withIntermediateDirectories: true)
    }
    let toml = "name = \"\(name ?? url.lastPathComponent)\"\n"
    try toml.write(to: url.appendingPathComponent("oesh.toml"), atomically: true, encoding: .utf8)
    return Workspace(root: url)
  }

  public func store() throws -> Store {
    if let s = openedStore { return s }
    let s = try Store(url: root.appendingPathComponent("state.sqlite"))
    openedStore = s
    return s
  }
}

public enum WorkspaceError: Error, Equatable {
  case missing(String)
  case notAWorkspace(String)
}
