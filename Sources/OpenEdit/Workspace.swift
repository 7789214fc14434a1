import Apidae
import Foundation

/// A workspace directory: `oesh.toml`, `snapshots/`, `outbox/`, `scripts/`, `state.sqlite` (DESIGN.md §3).
///
/// Opening reads only `oesh.toml`, so that a shell that just quits starts fast; the store is
/// opened (created, migrated) by the first call to `store()`.
public final class Workspace: @unchecked Sendable {
  public let url: URL
  /// `oesh.toml` as last read: `rereadSettings()` reads it again when the file changed, so that a person
  /// who edits it while a shell runs (the sender an error pointed at, a redirect added) is heard.
  public var settings: WorkspaceSettings {
    lock.lock()
    defer { lock.unlock() }
    return currentSettings
  }
  private var currentSettings: WorkspaceSettings
  /// The `oesh.toml` that `currentSettings` were read from; nil for settings that come from no file.
  private var settingsStamp: SidecarStamp?
  /// How long a write waits for another shell's transaction before failing with `StoreError.locked`.
  public let busyTimeout: TimeInterval

  static let settingsFileName = "oesh.toml"
  /// The most of `oesh.toml` that is read (1 MiB): a file larger is refused unread.
  static let settingsSizeLimit = 1 << 20
  public var settingsURL: URL { url.appendingPathComponent(Workspace.settingsFileName) }
  public var snapshotsURL: URL { url.appendingPathComponent("snapshots", isDirectory: true) }
  public var outboxURL: URL { url.appendingPathComponent("outbox", isDirectory: true) }
  public var scriptsURL: URL { url.appendingPathComponent("scripts", isDirectory: true) }
  public var storeURL: URL { url.appendingPathComponent("state.sqlite") }

  private let lock = NSLock()
  private var openedStore: Store?
  /// For tests: the instant the real clock reads (a night clocks change), instead of now.
  var instant: @Sendable () -> Date = { Date() }
  /// For tests: called at each step of `import` and of `snapshots/`'s lock, on the thread taking it.
  var snapshotsSteps: ((SnapshotsStep) -> Void)?
  /// The folder's device and inode when it was opened: `checkInPlace` tells it from another folder of
  /// the same name.
  private let identity: (dev_t, ino_t)?

  init(url: URL, settings: WorkspaceSettings, busyTimeout: TimeInterval = 2, settingsStamp: SidecarStamp? = nil) {
    self.url = url
    self.currentSettings = settings
    self.settingsStamp = settingsStamp
    self.busyTimeout = busyTimeout
    identity = Workspace.identity(of: url)
  }

  private static func identity(of url: URL) -> (dev_t, ino_t)? {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    return (info.st_dev, info.st_ino)
  }

  /// Throws `WorkspaceError.moved` when the folder opened is no longer at its path (renamed, moved or
  /// removed while a shell ran): the open store would go on writing into it where it went, and every
  /// other file (`outbox/`, `snapshots/`) be looked for, or made anew, at the old path, where a send's
  /// e-mail went while its offre became «Email transmis» in the moved workspace.
  public func checkInPlace() throws {
    guard let identity else { return }
    guard let now = Workspace.identity(of: url), now == identity else { throw WorkspaceError.moved(url.path) }
  }

  /// Opens the workspace at `url`. Throws `WorkspaceError` when the directory is missing, is not a
  /// workspace (no `oesh.toml`), cannot be read, or its settings are wrong (with the line).
  public static func open(at url: URL, busyTimeout: TimeInterval = 2) throws -> Workspace {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw WorkspaceError.missing(url.path)
    }
    guard isDirectory.boolValue else { throw WorkspaceError.notADirectory(url.path) }
    let (settings, stamp) = try readSettings(in: url)
    return Workspace(url: url, settings: settings, busyTimeout: busyTimeout, settingsStamp: stamp)
  }

  /// Reads `oesh.toml` again if it changed since it was last read (written, replaced, its link retargeted),
  /// as git reads its config at each command: a shell kept open all day follows the file. Returns whether
  /// it was read; throws as `open` does (the file removed, or now wrong), the settings read before kept.
  @discardableResult
  public func rereadSettings() throws -> Bool {
    lock.lock()
    let stamp = settingsStamp
    lock.unlock()
    guard let stamp, SidecarStamp(path: settingsURL.path) != stamp else { return false }
    let (settings, newStamp) = try Workspace.readSettings(in: url)
    lock.lock()
    currentSettings = settings
    settingsStamp = newStamp
    lock.unlock()
    return true
  }

  /// `oesh.toml` of the folder `url`, parsed, with its stamp taken before it was read: a write after the
  /// read gives another stamp, seen by the next `rereadSettings`.
  private static func readSettings(in url: URL) throws -> (WorkspaceSettings, SidecarStamp?) {
    let settingsURL = url.appendingPathComponent(settingsFileName)
    var info = stat()
    if stat(settingsURL.path, &info) != 0 {
      // A folder that cannot be searched hides its `oesh.toml`: that is not «no workspace here».
      let code = errno
      guard code == ENOENT else {
        throw WorkspaceError.unreadable(url.path, systemReason(POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)))
      }
      if let root = enclosingWorkspace(of: url) { throw WorkspaceError.insideAWorkspace(url.path, root.path) }
      throw WorkspaceError.notAWorkspace(url.path)
    }
    let stamp = SidecarStamp(path: settingsURL.path)
    let text: String
    switch SmallFile.read(settingsURL.path, limit: settingsSizeLimit) {
    case .bytes(let bytes):
      guard let s = String(validating: bytes, as: UTF8.self) else {
        throw WorkspaceError.badSettings(path: settingsURL.path, line: nil, problem: .notUTF8)
      }
      text = s
    // Foundation read a folder as «NSCocoaErrorDomain 256»: the system's word is EISDIR.
    case .notARegularFile(isFolder: true):
      throw WorkspaceError.unreadable(settingsURL.path, systemReason(errno: EISDIR))
    // A FIFO, or a link to /dev/zero, is refused unread, where Foundation said «permission denied».
    case .notARegularFile(isFolder: false): throw WorkspaceError.settingsNotARegularFile(settingsURL.path)
    case .tooLarge(let size): throw WorkspaceError.settingsTooLarge(settingsURL.path, Int64(size))
    case .unreadable(let reason): throw WorkspaceError.unreadable(settingsURL.path, reason)
    }
    return (try WorkspaceSettings.parse(text, path: settingsURL.path), stamp)
  }

  /// The nearest folder above `url` that is a workspace: oesh run in its `scripts/` or `snapshots/` is told
  /// where the workspace is, rather than to make another one in there.
  private static func enclosingWorkspace(of url: URL) -> URL? {
    var folder = url.standardizedFileURL
    while folder.path != "/" && !folder.path.isEmpty {
      folder = folder.deletingLastPathComponent()
      if SidecarStamp(path: folder.appendingPathComponent(settingsFileName).path) != nil { return folder }
    }
    return nil
  }

  /// Creates a workspace (for `oesh init DIR`): the directory if needed, `oesh.toml` with the
  /// default settings, and the empty folders. A directory that already is a workspace is refused;
  /// other files already there are left alone.
  public static func create(at url: URL, name: String? = nil, projectId: Int? = nil) throws -> Workspace {
    let fm = FileManager.default
    let settingsURL = url.appendingPathComponent(settingsFileName)
    if fm.fileExists(atPath: settingsURL.path) { throw WorkspaceError.alreadyAWorkspace(url.path) }
    let settings = WorkspaceSettings(name: name ?? url.standardizedFileURL.lastPathComponent, projectId: projectId)
    let workspace = Workspace(url: url, settings: settings)
    do {
      for dir in [url, workspace.snapshotsURL, workspace.outboxURL, workspace.scriptsURL] {
        try makeDirectory(dir)
      }
      try Data(settings.tomlText().utf8).write(to: settingsURL, options: .withoutOverwriting)
    } catch {
      throw WorkspaceError.cannotCreate(url.path, systemReason(error))
    }
    return workspace
  }

  /// `mkdir -p` with the system's reason when it fails: Foundation's `createDirectory` gave «NSCocoaErrorDomain
  /// 512» for a path through a file (`oesh init notes.txt/ws`), where the system says ENOTDIR. A file where the
  /// folder should be is EEXIST.
  private static func makeDirectory(_ url: URL) throws {
    if mkdir(url.path, 0o777) == 0 { return }
    var code = errno
    let parent = url.deletingLastPathComponent()
    if code == ENOENT, parent.path != url.path {
      try makeDirectory(parent)
      if mkdir(url.path, 0o777) == 0 { return }
      code = errno
    }
    var isDirectory: ObjCBool = false
    if code == EEXIST, FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      return
    }
    throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
  }

  /// The workspace's store, opened (and created or migrated) on first use, then shared.
  public func store() throws -> Store {
    lock.lock()
    defer { lock.unlock() }
    if let openedStore { return openedStore }
    // An empty file (a copy that failed, `> state.sqlite`) is a new database to SQLite, as a missing one.
    var info = stat()
    let found: StoreFile? =
      stat(storeURL.path, &info) != 0 ? .missing : info.st_mode & S_IFMT == S_IFREG && info.st_size == 0 ? .empty : nil
    let store = try Store(url: storeURL, busyTimeout: busyTimeout)
    openedStore = store
    if let found {
      let sent = (try? FileManager.default.contentsOfDirectory(atPath: outboxURL.path))?.filter { $0.hasSuffix(".eml") }
      if let sent, !sent.isEmpty { sentMailWithoutStore = (found, sent.count) }
    }
    return store
  }

  /// How `store()` found `state.sqlite` when it made a new, empty database.
  public enum StoreFile: String, Sendable {
    case missing, empty
  }

  /// The e-mails of `outbox/` when `store()` had to make a new, empty `state.sqlite` beside them: the
  /// database that sent them is gone (deleted, moved), and with it the campaigns, which no export brings
  /// back. Given once, for the shell to say.
  private var sentMailWithoutStore: (StoreFile, Int)?

  /// How `state.sqlite` was found and how many e-mails `outbox/` held when `store()` made a new database
  /// beside them (nil when it found one, or an empty outbox); then nil.
  public func takeSentMailWithoutStore() -> (StoreFile, Int)? {
    lock.lock()
    defer { lock.unlock() }
    defer { sentMailWithoutStore = nil }
    return sentMailWithoutStore
  }

  /// The workspace's clock (R1): real time, or the simulated time kept in the store.
  public func clock() throws -> Clock {
    Clock(store: try store(), timeZone: settings.timeZone, instant: instant)
  }
}

/// What is wrong in `oesh.toml`, as data: the shell words it in the session's language.
public enum SettingsProblem: Equatable, Sendable {
  /// Not TOML: the column, and the TOML parser's own words (English).
  case syntax(column: Int?, detail: String)
  case notUTF8
  /// `key` (e.g. `mail.from`) must be a string.
  case notAString(String)
  /// `key` must be a positive integer.
  case notAPositiveInteger(String)
  /// `key` must be a table (`[mail]`).
  case notATable(String)
  /// No such time zone.
  case unknownTimeZone(String)
}

/// Why a workspace cannot be opened, made or used; the shell says which exit status each means (3, the
/// workspace cannot be used, for most; 1 for a failed `init`, or a `snapshots/` missing or unusable).
public enum WorkspaceError: Error, Equatable, Sendable {
  /// No such directory.
  case missing(String)
  case notADirectory(String)
  /// The directory has no `oesh.toml`.
  case notAWorkspace(String)
  /// The directory has no `oesh.toml`, but is inside the workspace of the second path.
  case insideAWorkspace(String, String)
  /// `oesh.toml` is neither a regular file nor a folder (a FIFO, a device through a link).
  case settingsNotARegularFile(String)
  /// `oesh.toml` is larger than `Workspace.settingsSizeLimit`: its path and size in bytes.
  case settingsTooLarge(String, Int64)
  /// `oesh init` on a directory that already has an `oesh.toml`.
  case alreadyAWorkspace(String)
  /// A file of the workspace cannot be read: path, system message.
  case unreadable(String, String)
  /// `oesh.toml` is not valid TOML or holds a wrong value; `line` is 1-based when known.
  case badSettings(path: String, line: Int?, problem: SettingsProblem)
  case cannotCreate(String, String)
  /// `snapshots/` cannot be listed or written.
  case snapshotsUnusable(String, String)
  /// The folder opened is no longer at its path (renamed, moved or removed while a shell ran).
  case moved(String)
  /// `snapshots/` is not there (removed, moved away while a shell ran).
  case snapshotsMissing(String)
}
