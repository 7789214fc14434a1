import Apidae
import Foundation
import GRDB

/// What `snapshots prune` removed from `snapshots/`, or would remove with `dryRun`.
public struct PruneReport: Sendable, Equatable {
  public var dryRun: Bool
  /// The newest réinitialisation imported: the exports imported before it are what it replaced. Nil when
  /// none is imported (then nothing can go).
  public var reinitialisation: ExportName?
  /// In export order.
  public var removed: [PrunedExport] = []
  /// Exports before the réinitialisation that stay, with why, in export order.
  public var kept: [KeptExport] = []
  /// Fiches whose JSON is now read from the réinitialisation, which holds the same bytes.
  public var repointed = 0
  /// Fiches whose JSON is now kept in the store: not in the réinitialisation as they are stored (deleted
  /// or removed before it, or given there otherwise), their bytes copied from the export that goes.
  public var copied = 0

  /// Bytes freed in `snapshots/` (the exports and their sidecars).
  public var bytes: Int64 { removed.reduce(0) { $0 + $1.bytes } }
}

/// An export `snapshots prune` removes.
public struct PrunedExport: Sendable, Equatable {
  public var name: ExportName
  /// Its file or folder name in `snapshots/`.
  public var fileName: String
  /// What it took on disk, its sidecar included.
  public var bytes: Int64
}

/// An export before the réinitialisation that `snapshots prune` leaves, and why.
public struct KeptExport: Sendable, Equatable {
  public var name: ExportName
  public var fileName: String
  public var reason: Reason

  public enum Reason: Sendable, Equatable {
    /// Not imported yet (dropped in late, or unreadable): the next sync takes it, or says why it cannot.
    case notImported
    /// Fiches' JSON lies in it and cannot be copied out: the export no longer reads.
    case unreadable(ExportError)
    /// Fiches' JSON lies in it and its bytes there are not those imported (the export was replaced).
    case changed
    /// Fiches' JSON still lies in it when it was to go (a version given since by another shell's import).
    case stillNeeded
    /// Its removal failed (permissions): the system's reason.
    case notRemoved(String)
    /// An export that stays reaches its bytes through it by a symbolic link (this file name): removing it
    /// would break that one.
    case linked(String)
  }
}

/// `snapshots prune` cannot be done as the workspace stands.
public enum PruneError: Error, Equatable, Sendable {
  /// The réinitialisation the pruned exports came before is no longer in `snapshots/`: it is what the
  /// fiches' JSON would be read from, and what a store rebuilt by `sync` would start from.
  case reinitialisationMissing(String)
  /// The réinitialisation no longer reads: its fiches could not be matched, nor a store rebuilt from it.
  case reinitialisationUnreadable(String, ExportError)
  /// The réinitialisation in `snapshots/` is not the one imported (replaced since): another count of
  /// fiches, or fiches whose JSON lies in it not there as imported.
  case reinitialisationChanged(String)
}

extension Workspace {
  /// Removes from `snapshots/` the exports imported before the newest réinitialisation imported: that
  /// one carries every fiche and every sélection, so that deleting `state.sqlite` and syncing again still
  /// gives the same fiches and sélections back. Before anything is removed, the fiches whose JSON lies in
  /// those exports point at the same bytes in the réinitialisation, or, not being there as they are stored
  /// (deleted or removed before it), keep a copy of their JSON in the store; an export whose bytes cannot
  /// be copied stays. Exports not imported yet stay. Each step is its own transaction, each conditional
  /// on the fiche still pointing where it was read: a sync in another shell meanwhile loses nothing, and
  /// Ctrl-C leaves every export either there or no longer needed. The store is written nothing with `dryRun`.
  /// With `only`, the file names a question was answered about, no other export goes (one that another
  /// shell's sync made removable since was not asked about).
  public func pruneSnapshots(dryRun: Bool, command: String?, only: Set<String>? = nil) throws -> PruneReport {
    let store = try store()
    let (folder, imported, reinit, before) = try pruneScope(store)
    var report = PruneReport(dryRun: dryRun)
    guard let reinit else { return report }
    report.reinitialisation = reinit
    for snapshot in before where imported[snapshot.name.stem] == nil {
      report.kept.append(KeptExport(name: snapshot.name, fileName: snapshot.fileName, reason: .notImported))
    }
    var candidates = before.filter { imported[$0.name.stem] != nil && only?.contains($0.fileName) != false }
    guard !candidates.isEmpty else { return report }
    guard let reinitSnapshot = folder.exports.first(where: { $0.name == reinit }) else {
      throw PruneError.reinitialisationMissing(reinit.stem)
    }

    let stems = candidates.map(\.name.stem)
    var pointing = try store.read { db in try RawPointer.into(stems, db) }
    // Read once, always: it must be the réinitialisation imported (as many fiches, and those whose JSON
    // lies in it there as imported), else it is not what a rebuilt store would start from.
    let own = try store.read { db in try RawPointer.into([reinit.stem], db) }
    var unmatched = Dictionary(own.map { ($0.ficheId, $0) }, uniquingKeysWith: { a, _ in a })
    let wanted = Dictionary(pointing.map { ($0.ficheId, $0) }, uniquingKeysWith: { a, _ in a })
    var found: [Int: RawPointer] = [:]
    var count = 0
    do {
      try ExportReader(url: reinitSnapshot.url).read(keepRaw: false) { part in
        try Interruption.check()
        guard case .fiches(let fiches, let entry) = part else { return }
        count += fiches.count
        for fiche in fiches {
          if let mine = unmatched[fiche.id], mine.entry == entry, mine.offset == fiche.rawOffset,
            mine.hash == fiche.rawHash
          {
            unmatched[fiche.id] = nil
          }
          // The fiches the réinitialisation holds with the bytes stored: their JSON is read from there.
          guard let old = wanted[fiche.id], old.hash == fiche.rawHash else { continue }
          found[fiche.id] = RawPointer(
            ficheId: fiche.id, export: reinit.stem, entry: entry, offset: fiche.rawOffset, length: fiche.rawLength,
            hash: fiche.rawHash)
        }
      }
    } catch let error as ExportError {
      throw PruneError.reinitialisationUnreadable(reinit.stem, error)
    }
    guard count == imported[reinit.stem]?.objects, unmatched.isEmpty else {
      throw PruneError.reinitialisationChanged(reinit.stem)
    }
    let repoints = pointing.compactMap { old in found[old.ficheId].map { (old, $0) } }
    if !dryRun {
      report.repointed = try store.write { db in try RawPointer.repoint(repoints, db) }
    } else {
      report.repointed = repoints.count
    }
    pointing.removeAll { found[$0.ficheId] != nil }

    // The others' JSON copied into the store, entry by entry: the memory of one entry at a time.
    var unusable: [String: KeptExport.Reason] = [:]
    let byExport = Dictionary(grouping: pointing, by: \.export)
    for snapshot in candidates {
      guard let fiches = byExport[snapshot.name.stem] else { continue }
      do {
        let reader = try ExportReader(url: snapshot.url)
        for (entry, inEntry) in Dictionary(grouping: fiches, by: \.entry).sorted(by: { $0.key < $1.key }) {
          try Interruption.check()
          let bytes = try reader.entry(entry)
          var copies: [(RawPointer, [UInt8])] = []
          for pointer in inEntry {
            guard pointer.offset >= 0, pointer.length >= 0, pointer.offset + pointer.length <= bytes.count else {
              throw RawPointer.Changed()
            }
            let raw = Array(bytes[pointer.offset..<(pointer.offset + pointer.length)])
            guard rawHash(raw) == pointer.hash else { throw RawPointer.Changed() }
            copies.append((pointer, raw))
          }
          if dryRun {
            report.copied += copies.count
          } else {
            report.copied += try store.write { db in try RawPointer.copy(copies, db) }
          }
        }
      } catch let error as ExportError {
        unusable[snapshot.name.stem] = .unreadable(error)
      } catch is RawPointer.Changed {
        unusable[snapshot.name.stem] = .changed
      }
    }
    for snapshot in candidates {
      if let reason = unusable[snapshot.name.stem] {
        report.kept.append(KeptExport(name: snapshot.name, fileName: snapshot.fileName, reason: reason))
      }
    }
    candidates.removeAll { unusable[$0.name.stem] != nil }
    for (snapshot, through) in linkedFrom(candidates, among: folder.exports) {
      report.kept.append(KeptExport(name: snapshot.name, fileName: snapshot.fileName, reason: .linked(through)))
      candidates.removeAll { $0.fileName == snapshot.fileName }
    }

    if dryRun {
      report.removed = candidates.map {
        PrunedExport(name: $0.name, fileName: $0.fileName, bytes: diskBytes($0))
      }
    } else {
      try remove(candidates, reinit: reinit, into: &report, command: command)
    }
    report.kept.sort { $0.name < $1.name }
    return report
  }

  /// How many exports `snapshots prune` would consider removing, read from the store and the folder's
  /// names only (not the réinitialisation): whether there is anything to ask about.
  public func pruneCandidateCount() throws -> Int {
    let (_, imported, _, before) = try pruneScope(try store())
    return before.filter { imported[$0.name.stem] != nil }.count
  }

  /// The exports in `snapshots/`, those imported, the newest réinitialisation imported, and the exports
  /// before it in the folder.
  private func pruneScope(_ store: Store) throws -> (
    SnapshotFolder, [String: ImportedExport], ExportName?, [Snapshot]
  ) {
    let folder = try snapshotFolder()
    let imported = try store.read { db in try ImportedExport.all(db) }
    let reinit = imported.values.filter(\.reinitialisation).map(\.name).max()
    let before = reinit.map { r in folder.exports.filter { $0.name < r } } ?? []
    return (folder, imported, reinit, before)
  }

  /// Removes the exports no fiche's JSON lies in any more, under the lock of `snapshots/` and in the
  /// transaction that checks it and journals them: an export a fiche still needs stays, said why.
  private func remove(
    _ candidates: [Snapshot], reinit: ExportName, into report: inout PruneReport, command: String?
  ) throws {
    let now = try clock().now()
    try withSnapshotsLock(exclusive: true) {
      try store().write { db in
        let still = Set(try RawPointer.into(candidates.map(\.name.stem), db).map(\.export))
        for snapshot in candidates {
          if still.contains(snapshot.name.stem) {
            report.kept.append(KeptExport(name: snapshot.name, fileName: snapshot.fileName, reason: .stillNeeded))
            continue
          }
          // Gone since it was listed: another shell's prune removed it, with its sidecar (it held this lock).
          var info = stat()
          if lstat(snapshot.url.path, &info) != 0 && errno == ENOENT { continue }
          let bytes = diskBytes(snapshot)
          do {
            try FileManager.default.removeItem(at: snapshot.url)
          } catch {
            report.kept.append(
              KeptExport(name: snapshot.name, fileName: snapshot.fileName, reason: .notRemoved(systemReason(error))))
            continue
          }
          let sidecar = snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: snapshot.name))
          try? FileManager.default.removeItem(at: sidecar)
          try db.execute(sql: "DELETE FROM export_sidecar WHERE name = ?", arguments: [snapshot.name.stem])
          try db.execute(sql: "DELETE FROM export_count WHERE name = ?", arguments: [snapshot.fileName])
          report.removed.append(PrunedExport(name: snapshot.name, fileName: snapshot.fileName, bytes: bytes))
        }
        guard !report.removed.isEmpty else { return }
        let names = report.removed.map(\.name.stem).joined(separator: " ")
        try Journal.add(
          db, at: now, command: command, kind: "snapshots.pruned",
          detail:
            "\(reinit.stem) removed=\(report.removed.count) repointed=\(report.repointed) copied=\(report.copied) "
            + "bytes=\(report.bytes): \(names)")
      }
    }
  }

  /// The candidates that an export staying in `snapshots/` reaches its bytes through by symbolic links (the
  /// réinitialisation a link to an older export's zip, a link into an export's folder), each with the first
  /// such export's file name: removing them would break it. Until none is found, a candidate kept being one
  /// that stays too.
  private func linkedFrom(_ candidates: [Snapshot], among exports: [Snapshot]) -> [(Snapshot, String)] {
    var linked: [(Snapshot, String)] = []
    var going = candidates
    while true {
      let staying = exports.filter { e in !going.contains { $0.fileName == e.fileName } }
      let chains = staying.map { ($0.fileName, linkChain($0.url.path).dropFirst()) }
      let found = going.compactMap { candidate -> (Snapshot, String)? in
        let place = linkChain(candidate.url.path)[0]
        let through = chains.first { $0.1.contains { $0 == place || $0.hasPrefix(place + "/") } }
        return through.map { (candidate, $0.0) }
      }
      if found.isEmpty { return linked }
      linked += found
      going.removeAll { c in found.contains { $0.0.fileName == c.fileName } }
    }
  }

  /// What an export takes on disk: its file or its folder's files (a link's own size), and its sidecar.
  private func diskBytes(_ snapshot: Snapshot) -> Int64 {
    let fm = FileManager.default
    func size(_ path: String) -> Int64 {
      var info = stat()
      guard lstat(path, &info) == 0 else { return 0 }
      return Int64(info.st_size)
    }
    var total = size(snapshotsURL.appendingPathComponent(ExportNotification.sidecarName(for: snapshot.name)).path)
    var info = stat()
    let link = lstat(snapshot.url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    // A link goes alone: what it frees is the link, not its target's files.
    if snapshot.isFolder && !link {
      if let files = fm.enumerator(atPath: snapshot.url.path) {
        for case let file as String in files { total += size(snapshot.url.appendingPathComponent(file).path) }
      }
    } else {
      total += size(snapshot.url.path)
    }
    return total
  }
}

/// The places a path leads through to its file, each with its folder's links resolved: the path itself,
/// then each symbolic link's destination in turn (40 at most, as the system follows; a loop stops it).
func linkChain(_ path: String) -> [String] {
  var chain: [String] = []
  var next = URL(fileURLWithPath: path)
  while chain.count < 40 {
    let folder = next.deletingLastPathComponent().path
    let resolved = realpath(folder, nil).map { p in
      defer { free(p) }
      return String(cString: p)
    }
    let here = URL(fileURLWithPath: resolved ?? folder).appendingPathComponent(next.lastPathComponent)
    guard !chain.contains(here.path) else { break }
    chain.append(here.path)
    guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: here.path) else { break }
    next =
      target.hasPrefix("/")
      ? URL(fileURLWithPath: target) : here.deletingLastPathComponent().appendingPathComponent(target)
  }
  return chain
}

/// Where a fiche's JSON lies in `snapshots/` (the `raw_*` columns of `fiche`).
struct RawPointer: Sendable {
  var ficheId: Int
  var export: String
  var entry: String
  var offset: Int
  var length: Int
  var hash: Int64

  /// The bytes in the export are not those imported.
  struct Changed: Error {}

  /// The fiches whose JSON lies in one of the exports `stems`.
  static func into(_ stems: [String], _ db: Database) throws -> [RawPointer] {
    var result: [RawPointer] = []
    // By slices: a year of exports is more than SQLite takes as arguments of one statement on older builds.
    for slice in stride(from: 0, to: stems.count, by: 500).map({ Array(stems[$0..<min($0 + 500, stems.count)]) }) {
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT id, raw_export, raw_entry, raw_offset, raw_length, raw_hash FROM fiche
          WHERE raw_export IN (\(databaseQuestionMarks(count: slice.count)))
          """, arguments: StatementArguments(slice))
      while let row = try rows.next() {
        result.append(
          RawPointer(
            ficheId: row[0], export: row[1], entry: row[2], offset: row[3], length: row[4], hash: row[5]))
      }
    }
    return result
  }

  /// Points each fiche at its new place, if it still points at the old one with the same bytes (an import
  /// in another shell since may have given it another version). How many were.
  static func repoint(_ moves: [(old: RawPointer, new: RawPointer)], _ db: Database) throws -> Int {
    let statement = try db.makeStatement(
      sql: """
        UPDATE fiche SET raw_export = ?, raw_entry = ?, raw_offset = ?, raw_length = ?
        WHERE id = ? AND raw_export = ? AND raw_entry = ? AND raw_offset = ? AND raw_hash = ?
        """)
    var count = 0
    for (old, new) in moves {
      statement.setUncheckedArguments([
        new.export, new.entry, new.offset, new.length, old.ficheId, old.export, old.entry, old.offset, old.hash,
      ])
      try statement.execute()
      count += db.changesCount
    }
    return count
  }

  /// Keeps each fiche's JSON in the store (`fiche_raw`, read when `raw_export` is NULL), if it still points
  /// where its bytes were read. How many were.
  static func copy(_ copies: [(RawPointer, [UInt8])], _ db: Database) throws -> Int {
    let detach = try db.makeStatement(
      sql: """
        UPDATE fiche SET raw_export = NULL, raw_entry = NULL, raw_offset = NULL, raw_length = NULL
        WHERE id = ? AND raw_export = ? AND raw_entry = ? AND raw_offset = ? AND raw_hash = ?
        """)
    let keep = try db.makeStatement(sql: "INSERT OR REPLACE INTO fiche_raw(fiche_id, raw) VALUES (?, ?)")
    var count = 0
    for (old, raw) in copies {
      detach.setUncheckedArguments([old.ficheId, old.export, old.entry, old.offset, old.hash])
      try detach.execute()
      guard db.changesCount == 1 else { continue }
      keep.setUncheckedArguments([old.ficheId, Data(raw)])
      try keep.execute()
      count += 1
    }
    return count
  }
}
