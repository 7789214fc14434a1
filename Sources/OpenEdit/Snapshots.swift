import Apidae
import Foundation
import GRDB

/// One export found in `snapshots/` (a zip or a folder named like Apidae names them).
struct Snapshot: Sendable {
  var name: ExportName
  /// The file or folder name in `snapshots/`.
  var fileName: String
  var url: URL
  var isFolder: Bool
  /// From the `<stem>.notification.json` sidecar, when there is one.
  var notification: ExportNotification?
  /// The sidecar could not be read: the export cannot be imported until it is fixed.
  var problem: ExportError?
}

/// A file of `snapshots/` that is not an export, with why; it is never imported.
public struct IgnoredEntry: Sendable, Equatable {
  public var fileName: String
  public var reason: Reason

  public enum Reason: Sendable, Equatable {
    /// The name does not look like `<projetId>_<YYYYMMDD>-<HHMM>_<code>` (.zip or folder).
    case badPattern
    /// The name has the pattern but its date or time does not exist.
    case impossibleDate
    /// An export of another Apidae project than the workspace's `project_id`.
    case otherProject(Int)
    /// The same export is there twice (as a zip and as a folder): the other one is used.
    case duplicate(of: String)
    /// A `.notification.json` sidecar with no export of that name beside it.
    case sidecarWithoutExport
    /// Apidae notified this export as failed (`statut` ERROR in its sidecar).
    case failedExport
  }
}

/// What `snapshots/` holds: the exports in export order, and the ignored entries by name.
struct SnapshotFolder: Sendable {
  var exports: [Snapshot]
  var ignored: [IgnoredEntry]
}

/// One line of the `snapshots` listing.
public struct SnapshotSummary: Sendable {
  public var name: ExportName
  public var fileName: String
  public var projectId: Int { name.projectId }
  public var exportedAt: LocalDateTime { name.time }
  public var ponctuel: Bool
  public var reinitialisation: Bool
  /// Objects in `objets_modifies/` and ids in `objets_supprimes.json`; nil when the export cannot be read.
  public var objects: Int?
  public var deleted: Int?
  public var importedAt: LocalDateTime?
  public var imported: Bool { importedAt != nil }
  /// Why the export cannot be read (it will stop `sync` there).
  public var problem: ExportError?
}

extension Workspace {
  /// Lists `snapshots/` without reading any export (only sidecars): cheap, used by `sync`. Under the
  /// folder's shared lock: an import puts an export and its sidecar in place under its exclusive one.
  /// The sidecar of an imported export is read again only when its file changed since it was last read
  /// (`export_sidecar`), so that a year of nightly exports does not make each listing read a year of them.
  func snapshotFolder() throws -> SnapshotFolder {
    let (folder, read) = try withSnapshotsLock(exclusive: false) { try listSnapshotFolder() }
    if !read.isEmpty {
      // A cache: when another shell holds the store's lock, these sidecars are simply read again next time,
      // with no wait for that lock (a listing waited up to the busy timeout behind another shell's sync).
      (try? store())?.writeIfFree { db in
        for (stem, sidecar) in read { try sidecar.save(db, stem: stem) }
      }
    }
    return folder
  }

  /// The listing, and the sidecars of imported exports it had to read, to be kept with their stamps.
  private func listSnapshotFolder() throws -> (SnapshotFolder, [(String, ReadSidecar)]) {
    let fm = FileManager.default
    let names: [String]
    do {
      names = try fm.contentsOfDirectory(atPath: snapshotsURL.path)
    } catch {
      // Removed or moved away: not «no export yet», which `snapshots` said of a workspace whose imports
      // were all there a moment before, and `import` made a new, empty one.
      if !fm.fileExists(atPath: snapshotsURL.path) { throw WorkspaceError.snapshotsMissing(snapshotsURL.path) }
      throw WorkspaceError.snapshotsUnusable(snapshotsURL.path, systemReason(error))
    }
    var exports: [String: Snapshot] = [:]
    var ignored: [IgnoredEntry] = []
    var sidecars: [String] = []
    // The workspace follows one Apidae project: `project_id`, else the one its imports came from
    // (else, further down, the one of its earliest export).
    let followed = try settings.projectId ?? importedProjectId()
    let importedSidecars = try store().read { db in try ReadSidecar.ofImportedExports(db) }
    var read: [(String, ReadSidecar)] = []
    for fileName in names.sorted() where !fileName.hasPrefix(".") {
      if fileName.hasSuffix(".notification.json") {
        sidecars.append(fileName)
        continue
      }
      let name: ExportName
      switch ExportName.parseWithReason(fileName) {
      case .failure(.pattern):
        ignored.append(IgnoredEntry(fileName: fileName, reason: .badPattern))
        continue
      case .failure(.date):
        ignored.append(IgnoredEntry(fileName: fileName, reason: .impossibleDate))
        continue
      case .success(let n): name = n
      }
      let url = snapshotsURL.appendingPathComponent(fileName)
      var isDirectory: ObjCBool = false
      // A link that leads nowhere is listed as an export, which says why it is unreadable: it may be one
      // to a folder export.
      let leadsNowhere =
        !fm.fileExists(atPath: url.path, isDirectory: &isDirectory)
        && (try? fm.destinationOfSymbolicLink(atPath: url.path)) != nil
      if !isDirectory.boolValue && !fileName.hasSuffix(".zip") && !leadsNowhere {
        ignored.append(IgnoredEntry(fileName: fileName, reason: .badPattern))
        continue
      }
      if let followed, name.projectId != followed {
        ignored.append(IgnoredEntry(fileName: fileName, reason: .otherProject(name.projectId)))
        continue
      }
      if let other = exports[name.stem] {
        ignored.append(IgnoredEntry(fileName: fileName, reason: .duplicate(of: other.fileName)))
        continue
      }
      var snapshot = Snapshot(name: name, fileName: fileName, url: url, isFolder: isDirectory.boolValue)
      do {
        if let known = importedSidecars[name.stem] {
          let sidecar = snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: name))
          // Taken before the read: a sidecar written after it has another stamp, and is read again.
          let stamp = SidecarStamp(path: sidecar.path)
          if let stamp, let known, known.stamp == stamp {
            // What the read would say of the export itself (a link that now leads nowhere, a FIFO).
            _ = try ExportReader.isFolder(url, export: fileName)
            snapshot.notification = known.notification
          } else {
            snapshot.notification = try ExportReader(url: url).notification
            if let stamp, stamp.isSettled, let notification = snapshot.notification {
              read.append((name.stem, ReadSidecar(stamp: stamp, notification: notification)))
            }
          }
        } else {
          snapshot.notification = try ExportReader(url: url).notification
        }
      } catch let error as ExportError {
        snapshot.problem = error
      }
      if snapshot.notification?.statut?.uppercased() == "ERROR" {
        ignored.append(IgnoredEntry(fileName: fileName, reason: .failedExport))
        continue
      }
      exports[name.stem] = snapshot
    }
    for sidecar in sidecars {
      let stem = String(sidecar.dropLast(".notification.json".count))
      if exports[stem] == nil, !ignored.contains(where: { ExportName.parse($0.fileName)?.stem == stem }) {
        ignored.append(IgnoredEntry(fileName: sidecar, reason: .sidecarWithoutExport))
      }
    }
    var sorted = exports.values.sorted { $0.name < $1.name }
    if followed == nil, let first = sorted.first?.name.projectId {
      for other in sorted where other.name.projectId != first {
        ignored.append(IgnoredEntry(fileName: other.fileName, reason: .otherProject(other.name.projectId)))
      }
      sorted.removeAll { $0.name.projectId != first }
    }
    ignored.sort { $0.fileName < $1.fileName }
    return (SnapshotFolder(exports: sorted, ignored: ignored), read)
  }

  /// The export named `stem` in `snapshots/`, found by its name as the listing finds it (the folder
  /// before the zip when both are there) without listing the folder: a fiche's JSON is read from one
  /// export, not after the sidecars of a year of them. Nil when neither is there.
  func snapshot(stem: String) -> Snapshot? {
    guard let name = ExportName.parse(stem) else { return nil }
    return withSnapshotsLock(exclusive: false) {
      for fileName in [stem, stem + ".zip"] {
        let url = snapshotsURL.appendingPathComponent(fileName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
          isDirectory.boolValue || fileName.hasSuffix(".zip")
        else { continue }
        return Snapshot(name: name, fileName: fileName, url: url, isFolder: isDirectory.boolValue)
      }
      return nil
    }
  }

  /// The Apidae project of the exports imported, when any was.
  public func importedProjectId() throws -> Int? {
    try store().read { db in
      try String.fetchOne(db, sql: "SELECT name FROM export ORDER BY exported_at, name LIMIT 1")
    }.flatMap(ExportName.parse)?.projectId
  }

  /// The `snapshots` listing: every export with its kind and counts, imported or not, and the ignored
  /// entries. Counts of exports not imported yet come from reading them once; they are then kept in
  /// the store (by file name, size and modification time) so that the next listing is cheap.
  public func snapshots() throws -> (exports: [SnapshotSummary], ignored: [IgnoredEntry]) {
    removeAbandonedImports()
    let folder = try snapshotFolder()
    let store = try store()
    let imported = try store.read { db in try ImportedExport.all(db) }
    let first = firstExport(folder: folder, imported: imported)
    var summaries: [SnapshotSummary] = []
    var newCounts: [(String, FileStamp, Int, Int)] = []
    let cached = try store.read { db in
      try Row.fetchAll(db, sql: "SELECT name, size, mtime, objects, deleted FROM export_count").reduce(
        into: [String: (FileStamp, Int, Int)]()
      ) { $0[$1[0]] = (FileStamp(size: $1[1], mtime: $1[2]), $1[3], $1[4]) }
    }
    for snapshot in folder.exports {
      var summary = SnapshotSummary(
        name: snapshot.name, fileName: snapshot.fileName, ponctuel: snapshot.notification?.ponctuel ?? false,
        reinitialisation: snapshot.notification?.reinitialisation ?? (snapshot.name == first),
        problem: snapshot.problem)
      if let done = imported[snapshot.name.stem] {
        summary.importedAt = done.importedAt
        summary.objects = done.objects
        summary.deleted = done.deleted
        summary.reinitialisation = done.reinitialisation
        summary.ponctuel = done.ponctuel
      } else if snapshot.problem == nil {
        let stamp = FileStamp(snapshot.url)
        if let (s, objects, deleted) = cached[snapshot.fileName], s == stamp {
          summary.objects = objects
          summary.deleted = deleted
        } else {
          do {
            let (objects, deleted) = try ExportReader(url: snapshot.url).counts()
            summary.objects = objects
            summary.deleted = deleted
            newCounts.append((snapshot.fileName, stamp, objects, deleted))
          } catch let error as ExportError {
            summary.problem = error
          }
        }
      }
      summaries.append(summary)
    }
    if !newCounts.isEmpty {
      // A cache: when another shell holds the lock, the counts are simply computed again next time, with
      // no wait for that lock (`snapshots` waited up to the busy timeout behind another shell's sync).
      store.writeIfFree { db in
        for (name, stamp, objects, deleted) in newCounts {
          try db.execute(
            sql: """
              INSERT INTO export_count(name, size, mtime, objects, deleted) VALUES (?, ?, ?, ?, ?)
              ON CONFLICT(name) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,
                objects = excluded.objects, deleted = excluded.deleted
              """, arguments: [name, stamp.size, stamp.mtime, objects, deleted])
        }
      }
    }
    return (summaries, folder.ignored)
  }

  /// The workspace's first export, which counts as a réinitialisation when no sidecar says otherwise:
  /// the earliest imported once the workspace has imported any, so that an older export dropped in
  /// late is a differential and does not delete every fiche it does not carry.
  func firstExport(folder: SnapshotFolder, imported: [String: ImportedExport]) -> ExportName? {
    imported.values.map(\.name).min() ?? folder.exports.map(\.name).min()
  }
}

extension ExportReader {
  /// The objects in `objets_modifies/` and the ids in `objets_supprimes.json`, counted by reading (and
  /// so checking) the whole export; Ctrl-C stops it.
  func counts() throws -> (objects: Int, deleted: Int) {
    var objects = 0
    var deleted = 0
    try read(keepRaw: false) { part in
      try Interruption.check()
      switch part {
      case .fiches(let f, _): objects += f.count
      case .deleted(let d): deleted = d.count
      default: break
      }
    }
    return (objects, deleted)
  }
}

/// A row of the `export` table: an export already imported.
struct ImportedExport: Sendable {
  var name: ExportName
  var ponctuel: Bool
  var reinitialisation: Bool
  var objects: Int
  var deleted: Int
  var importedAt: LocalDateTime?

  /// Every imported export, by stem.
  static func all(_ db: Database) throws -> [String: ImportedExport] {
    var result: [String: ImportedExport] = [:]
    let rows = try Row.fetchCursor(
      db, sql: "SELECT name, ponctuel, reinitialisation, objects, deleted, imported_at FROM export")
    while let row = try rows.next() {
      guard let name = ExportName.parse(row[0]) else { continue }
      result[name.stem] = ImportedExport(
        name: name, ponctuel: row[1], reinitialisation: row[2], objects: row[3], deleted: row[4],
        importedAt: LocalDateTime.parse(row[5]))
    }
    return result
  }
}

/// A notification sidecar's file as `stat` gives it (following a link): what says that the sidecar read
/// before is the one still there. Written again, replaced, moved over or touched, it has another.
struct SidecarStamp: Equatable {
  var size: Int64
  var inode: Int64
  /// Nanoseconds since 1970.
  var mtime: Int64
  var ctime: Int64

  /// Nil unless `path` is, or leads to, a regular file: anything else is read, and refused, as before.
  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    self.init(
      size: Int64(info.st_size), inode: Int64(info.st_ino),
      mtime: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
      ctime: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
  }

  init(size: Int64, inode: Int64, mtime: Int64, ctime: Int64) {
    self.size = size
    self.inode = inode
    self.mtime = mtime
    self.ctime = ctime
  }

  /// Modified a second or more ago: a file's times move by the clock's tick (milliseconds), so one written
  /// again in the same tick as the stamp could keep it; once settled, any write gives it a newer mtime.
  var isSettled: Bool { Double(mtime) / 1e9 <= Date().timeIntervalSince1970 - 1 }
}

/// A sidecar as last read (`export_sidecar`), kept for imported exports only.
struct ReadSidecar: Sendable {
  var stamp: SidecarStamp
  var notification: ExportNotification

  /// Every imported export by stem, with its sidecar as last read when it was kept (nil otherwise).
  static func ofImportedExports(_ db: Database) throws -> [String: ReadSidecar?] {
    var result: [String: ReadSidecar?] = [:]
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT e.name, s.size, s.inode, s.mtime, s.ctime, s.project_id, s.statut, s.ponctuel, s.reinitialisation
        FROM export e LEFT JOIN export_sidecar s ON s.name = e.name
        """)
    while let row = try rows.next() {
      let name: String = row[0]
      guard let size: Int64 = row[1] else {
        result[name] = .some(nil)
        continue
      }
      result[name] = ReadSidecar(
        stamp: SidecarStamp(size: size, inode: row[2], mtime: row[3], ctime: row[4]),
        notification: ExportNotification(
          projectId: row[5], statut: row[6], ponctuel: row[7], reinitialisation: row[8]))
    }
    return result
  }

  func save(_ db: Database, stem: String) throws {
    try db.execute(
      sql: """
        INSERT OR REPLACE INTO export_sidecar
          (name, size, inode, mtime, ctime, project_id, statut, ponctuel, reinitialisation)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        stem, stamp.size, stamp.inode, stamp.mtime, stamp.ctime, notification.projectId, notification.statut,
        notification.ponctuel, notification.reinitialisation,
      ])
  }
}

/// Size and modification time of a zip, or of a folder's files: what says a cached count is stale.
struct FileStamp: Equatable {
  var size: Int
  var mtime: Double

  init(size: Int, mtime: Double) {
    self.size = size
    self.mtime = mtime
  }

  init(_ url: URL) {
    let fm = FileManager.default
    func stamp(_ path: String) -> (Int, Double) {
      let a = (try? fm.attributesOfItem(atPath: path)) ?? [:]
      let size = (a[.size] as? NSNumber)?.intValue ?? 0
      let mtime = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
      return (size, mtime)
    }
    var (size, mtime) = stamp(url.path)
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
      let files = fm.enumerator(atPath: url.path)
    {
      size = 0
      while let file = files.nextObject() as? String {
        let (s, m) = stamp(url.appendingPathComponent(file).path)
        size += s
        mtime = max(mtime, m)
      }
    }
    self.init(size: size, mtime: mtime)
  }
}
