import Apidae
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

public enum ImportError: Error, Equatable, Sendable {
  /// The file's name is not an Apidae export name: say when it was exported with `--as-of`.
  case needsAsOf(String)
  /// The file is named as Apidae names exports, but its date or time does not exist (`20250231`): say
  /// when it was exported with `--as-of`.
  case impossibleDate(String)
  /// With `--as-of` on a file not named like an export, the project id comes from the export's sidecar
  /// or the project the workspace follows; neither is there.
  case unknownProjectId(String)
  /// The export is of another Apidae project than the workspace's `project_id`: (export's, workspace's).
  case otherProject(Int, Int)
  /// `snapshots/` already has an export of that name.
  case alreadyPresent(String)
  /// `snapshots/` already has an export of that name, whose content differs from this one's.
  case presentWithOtherContent(String)
  /// The export does not read: nothing was copied.
  case unreadable(ExportError)
  /// The copy failed (disk full, permissions…): path, system message.
  case copyFailed(String, String)
  /// `snapshots/` cannot be written (its copy cannot even start there): path, system message.
  case cannotWrite(String, String)
}

extension Workspace {
  /// `import PATH [--as-of WHEN]`: copies an export (zip or folder, with its notification sidecar if
  /// one is beside it) into `snapshots/` under the Apidae name pattern, after checking that it reads.
  /// `asOf` names the copy with that date and time, keeping the project id and code of the original
  /// name when it has them. Nothing is imported into the store: `sync` does that when its time comes.
  @discardableResult
  public func importExport(path: URL, asOf: LocalDateTime? = nil) throws -> SnapshotSummary {
    let fm = FileManager.default
    let fileName = path.lastPathComponent
    let isFolder: Bool
    do {
      // Named by the whole path: the folder may be what is wrong. A FIFO is refused before the copy
      // waits on it, a link that leads nowhere with its target.
      isFolder = try ExportReader.isFolder(path, export: path.path)
    } catch let error as ExportError {
      throw ImportError.unreadable(error)
    }
    let original = ExportName.parse(fileName)
    let baseStem = fileName.hasSuffix(".zip") ? String(fileName.dropLast(4)) : fileName
    let sidecar = path.deletingLastPathComponent().appendingPathComponent(
      original.map(ExportNotification.sidecarName(for:)) ?? "\(baseStem).notification.json")
    // Read once, within the limit every sidecar has, before anything is copied: one of 2 GB was read
    // whole for its project, and a FIFO blocked the shell; the staged copy is these bytes.
    let sidecarBytes: [UInt8]?
    let sidecarProject: Int?
    if fm.fileExists(atPath: sidecar.path) {
      do {
        let read = try ExportReader.sidecar(at: sidecar, export: fileName)
        (sidecarBytes, sidecarProject) = (read.bytes, read.notification.projectId)
      } catch let error as ExportError {
        throw ImportError.unreadable(error)
      }
    } else {
      (sidecarBytes, sidecarProject) = (nil, nil)
    }

    let name: ExportName
    let existing = try snapshotFolder().exports
    // The project the workspace follows: `project_id`, else its imports', else its earliest export's.
    let followed = { [self] in try settings.projectId ?? importedProjectId() ?? existing.first?.name.projectId }
    if let asOf {
      // The export's own project (its name's, its sidecar's), else the one the workspace follows.
      guard let projectId = try original?.projectId ?? sidecarProject ?? followed() else {
        throw ImportError.unknownProjectId(fileName)
      }
      name = ExportName(
        projectId: projectId, year: asOf.year, month: asOf.month, day: asOf.day, hour: asOf.hour,
        minute: asOf.minute, code: original?.code ?? Workspace.randomCode())
    } else {
      guard let original else {
        if case .failure(.date) = ExportName.parseWithReason(fileName) { throw ImportError.impossibleDate(fileName) }
        throw ImportError.needsAsOf(fileName)
      }
      name = original
    }
    if let projectId = try followed(), name.projectId != projectId {
      throw ImportError.otherProject(name.projectId, projectId)
    }
    let targetName = isFolder ? name.stem : name.stem + ".zip"
    // Whether an export of `snapshots/` is this file (or folder), byte for byte.
    let source = path.resolvingSymlinksInPath().path
    func sameContent(_ s: Snapshot) -> Bool {
      s.isFolder == isFolder && fm.contentsEqual(atPath: source, andPath: s.url.resolvingSymlinksInPath().path)
    }
    if let there = existing.first(where: { $0.name.stem == name.stem }) {
      // Another file of that name (downloaded again): the one in `snapshots/` stays, said so.
      let other = there.isFolder == isFolder && !sameContent(there)
      throw other ? ImportError.presentWithOtherContent(name.stem) : ImportError.alreadyPresent(name.stem)
    }
    // A code made up for a file not named like an export: the same file (or folder) given again at that
    // time is the export already there, not a second one the next sync would import again.
    if original == nil,
      let same = existing.first(where: {
        $0.name.projectId == name.projectId && $0.name.sortKey == name.sortKey && sameContent($0)
      })
    {
      throw ImportError.alreadyPresent(same.name.stem)
    }

    // Laid out as an export before anything is copied: a folder given by mistake (a home, `/`) is not
    // copied whole into snapshots/ to be refused after.
    do {
      try ExportReader.checkLayout(of: path, export: fileName)
    } catch let error as ExportError {
      throw ImportError.unreadable(error)
    }
    // Copied under a hidden name (ignored by listings) and checked there, then renamed into place.
    // The folder's lock is held while it is in use: what an import killed on the way left, nobody holds.
    removeAbandonedImports()
    let staging = snapshotsURL.appendingPathComponent(".importing-\(UUID().uuidString)", isDirectory: true)
    // Made and locked under `snapshots/`'s lock, which a cleanup takes too: another shell's cleanup
    // never meets this folder without its lock held, which it would take for one an import left.
    let lock = try withSnapshotsLock(exclusive: true) { () throws -> Int32 in
      var lock: Int32 = -1
      do {
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        snapshotsSteps?(.stagingMade)
        lock = Glibc.open(
          staging.appendingPathComponent(Workspace.stagingLock).path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        return lock
      } catch {
        if lock >= 0 { close(lock) }
        try? fm.removeItem(at: staging)
        throw ImportError.cannotWrite(snapshotsURL.path, systemReason(error))
      }
    }
    defer {
      try? fm.removeItem(at: staging)
      close(lock)
    }
    let staged = staging.appendingPathComponent(targetName)
    let stagedSidecar = staging.appendingPathComponent(ExportNotification.sidecarName(for: name))
    do {
      // The export itself, not a link to it: `snapshots/` keeps what it imported, whatever becomes of
      // the file or folder the link pointed at.
      try fm.copyItem(at: path.resolvingSymlinksInPath(), to: staged)
      if let sidecarBytes { try Data(sidecarBytes).write(to: stagedSidecar) }
    } catch {
      throw ImportError.copyFailed(path.path, systemReason(error))
    }
    let counts: (objects: Int, deleted: Int)
    let notification: ExportNotification?
    do {
      let reader = try ExportReader(url: staged)
      notification = reader.notification
      counts = try reader.counts()
    } catch var error as ExportError {
      error.export = fileName
      throw ImportError.unreadable(error)
    }
    snapshotsSteps?(.exportChecked)
    let target = snapshotsURL.appendingPathComponent(targetName)
    let placedSidecar = snapshotsURL.appendingPathComponent(stagedSidecar.lastPathComponent)
    // Both put in place under `snapshots/`'s lock, which a listing (sync's) shares: it sees the export
    // with its sidecar or neither, never the sidecar alone, nor the export without its kind, which a sync
    // would import as a differential. The sidecar goes first all the same, for a reader without the lock.
    try withSnapshotsLock(exclusive: true) {
      // Another shell may have imported an export of that name since the check above.
      let taken = [name.stem, name.stem + ".zip"].contains {
        fm.fileExists(atPath: snapshotsURL.appendingPathComponent($0).path)
      }
      if taken { throw ImportError.alreadyPresent(name.stem) }
      var sidecarPlaced = false
      do {
        if sidecarBytes != nil {
          do {
            try fm.moveItem(at: stagedSidecar, to: placedSidecar)
          } catch {
            // Named as it is: a sidecar already there alone is what is in the way, not the export.
            throw ImportError.copyFailed(placedSidecar.path, systemReason(error))
          }
          sidecarPlaced = true
          snapshotsSteps?(.sidecarPlaced)
        }
        try fm.moveItem(at: staged, to: target)
      } catch let error as ImportError {
        throw error
      } catch {
        // Not a sidecar without its export.
        if sidecarPlaced { try? fm.removeItem(at: placedSidecar) }
        throw ImportError.copyFailed(target.path, systemReason(error))
      }
    }
    let imported = try store().read { db in try ImportedExport.all(db) }
    let first = firstExport(folder: try snapshotFolder(), imported: imported)
    return SnapshotSummary(
      name: name, fileName: targetName, ponctuel: notification?.ponctuel ?? false,
      reinitialisation: notification?.reinitialisation ?? (name == first), objects: counts.objects,
      deleted: counts.deleted, importedAt: imported[name.stem]?.importedAt)
  }

  static let stagingLock = ".lock"

  /// Removes the staging folders of imports that died on the way (killed, power cut): those whose lock
  /// no process holds. An import running in another oesh keeps its own: it makes its folder and takes
  /// its lock under `snapshots/`'s lock, which this holds.
  func removeAbandonedImports() {
    let fm = FileManager.default
    withSnapshotsLock(exclusive: true) {
      let names = (try? fm.contentsOfDirectory(atPath: snapshotsURL.path)) ?? []
      for name in names where name.hasPrefix(".importing-") {
        let folder = snapshotsURL.appendingPathComponent(name, isDirectory: true)
        let fd = Glibc.open(folder.appendingPathComponent(Workspace.stagingLock).path, O_RDWR | O_CLOEXEC)
        // No lock file: the import died between making the folder and its lock.
        if fd < 0 || flock(fd, LOCK_EX | LOCK_NB) == 0 { try? fm.removeItem(at: folder) }
        if fd >= 0 { close(fd) }
      }
    }
  }

  /// Runs `body` with `snapshots/` itself locked (`flock` on the folder): exclusively to make a staging
  /// folder, to put an export and its sidecar in place, or to remove what dead imports left; shared to
  /// list it. Without the folder (gone), `body` runs unlocked, and says so as it finds it.
  func withSnapshotsLock<T>(exclusive: Bool, _ body: () throws -> T) rethrows -> T {
    let fd = Glibc.open(snapshotsURL.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return try body() }
    defer { close(fd) }
    let operation = exclusive ? LOCK_EX : LOCK_SH
    if flock(fd, operation | LOCK_NB) != 0 {
      snapshotsSteps?(.waitingForLock)
      // Held by another shell for a moment (a rename, a folder made); a signal only makes it wait again.
      while flock(fd, operation) != 0 && errno == EINTR {}
    }
    return try body()
  }

  /// Where `import` and the lock of `snapshots/` are, for tests that run another shell's work there.
  enum SnapshotsStep: Sendable { case stagingMade, exportChecked, sidecarPlaced, waitingForLock }

  /// Six letters and digits, like the codes Apidae puts in export names.
  static func randomCode() -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    return String((0..<6).map { _ in alphabet.randomElement()! })
  }
}
