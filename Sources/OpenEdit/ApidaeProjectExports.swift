import Apidae
import Foundation
import GRDB

/// An export the Apidae side wrote into `snapshots/`.
public struct ApidaeExportReport: Sendable, Equatable {
  public var name: ExportName
  public var fileName: String
  /// A calcul exceptionnel (`apidae calcul`) rather than the nightly export.
  public var ponctuel: Bool
  public var reinitialisation: Bool
  /// Ids in `objets_modifies/` and in `objets_supprimes.json`.
  public var objects: [Int]
  public var deleted: [Int]
  /// Sélections whose members changed since the previous export.
  public var selections: [ApidaeSelectionState]
}

/// What the Apidae side did while the clock moved (`nuit`, `clock set`).
public struct ApidaeLife: Sendable, Equatable {
  /// Scheduled changes that happened, with their times.
  public var events: [ApidaeEvent] = []
  /// Scheduled changes to come that cannot be read back, and so did not happen.
  public var unreadable: [ApidaeUnreadableEvent] = []
  /// Nightly exports written (at 02:00), in order.
  public var exports: [ApidaeExportReport] = []
  public init() {}
}

extension ApidaeProject {
  /// The hour Apidae computes the project's nightly export.
  static let nightlyHour = 2

  /// When the nightly export of `day`'s night is written: at `nightlyHour`, or, the night the zone's clocks
  /// jump over it, at the time they jump to (03:00 on 2027-03-28 in Europe/Paris), as cron runs a job of
  /// the hour skipped right after the jump. The night they go back, it is written once, at the first 02:00.
  static func nightlyExportTime(on day: LocalDateTime, in timeZone: TimeZone) -> LocalDateTime {
    let night = day.at(hour: nightlyHour, minute: 0)
    return night.skipped(in: timeZone)?.to ?? night
  }

  /// Sets up a new project from scratch (the demo): its referential, fiches and sélections. Nothing is
  /// pending afterwards except that nothing was ever exported: the first export should be a réinitialisation.
  public func start(
    projectId: Int, communes: [ApidaeCommune], fiches: [Fiche], selections: [ApidaeSelection]
  ) throws {
    try store.write { db in
      try Store.setSetting(db, ApidaeProject.startedKey, "1")
      try Store.setSetting(db, ApidaeProject.projectIdKey, String(projectId))
      for c in communes {
        try db.execute(
          sql: "INSERT INTO apidae_commune(id, code, name, postal_code, name_folded) VALUES (?, ?, ?, ?, ?)",
          arguments: [c.id, c.code, c.name, c.postalCode, folded(c.name)])
      }
      for f in fiches {
        try ApidaeProject.save(db, f, raw: f.raw.isEmpty ? f.exportJSON() : f.raw, pending: true, at: nil)
      }
      for s in selections {
        try db.execute(
          sql: """
            INSERT INTO apidae_selection(id, name, types, communes, owner, text, included, excluded, exported)
            VALUES (?, ?, '', '', NULL, NULL, '', '', NULL)
            """, arguments: [s.id, s.name])
        try ApidaeProject.saveDefinition(db, s)
      }
    }
  }

  // MARK: Reading exports in

  /// Reads in, in export order, the exports of `snapshots/` newer than any the project has seen and that
  /// it did not write itself: their fiches replace the project's, their sélections' memberships become the
  /// definitions' (a new sélection is a hand-made list of its members). Stops at an export that does not
  /// read (`sync` will say why).
  @discardableResult
  func absorbExports(command: String?) throws -> [ExportName] {
    let folder = try workspace.snapshotFolder()
    let store = try store
    let (last, known, started) = try store.read { db in
      (
        try Store.setting(db, ApidaeProject.lastExportKey).flatMap(ExportName.parse),
        Set(try String.fetchAll(db, sql: "SELECT name FROM apidae_export")),
        try ApidaeProject.isStarted(db)
      )
    }
    let candidates = folder.exports.filter { s in
      !known.contains(s.name.stem) && (last.map { s.name > $0 } ?? true)
    }
    var read: [ExportName] = []
    for snapshot in candidates {
      guard snapshot.problem == nil else { break }
      try Interruption.check()
      let contents: ExportContents
      let notification: ExportNotification?
      do {
        let reader = try ExportReader(url: snapshot.url)
        notification = reader.notification
        contents = try reader.readAll(checking: Interruption.check)
      } catch is ExportError {
        break
      }
      let reinitialisation = notification?.reinitialisation ?? (snapshot.name == folder.exports.first?.name)
      let now = try workspace.clock().now()
      try store.write { db in
        try ApidaeProject.absorb(
          db, contents, name: snapshot.name, reinitialisation: reinitialisation,
          ponctuel: notification?.ponctuel ?? false, at: now)
      }
      read.append(snapshot.name)
    }
    if !started {
      try store.write { db in try Store.setSetting(db, ApidaeProject.startedKey, "1") }
    }
    return read
  }

  static func absorb(
    _ db: Database, _ contents: ExportContents, name: ExportName, reinitialisation: Bool, ponctuel: Bool,
    at: LocalDateTime
  ) throws {
    for c in contents.communes {
      try db.execute(
        sql: """
          INSERT INTO apidae_commune(id, code, name, postal_code, name_folded) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name,
            postal_code = excluded.postal_code, name_folded = excluded.name_folded
          """, arguments: [c.id, c.code, c.name, c.postalCode, folded(c.name)])
    }
    var seen = Set<Int>()
    for f in contents.fiches {
      // Ctrl-C stops it between two fiches (20,000 take half a minute), the transaction rolled back.
      try Interruption.check()
      seen.insert(f.id)
      try save(db, f, raw: f.raw, pending: false, at: nil)
    }
    for id in contents.deleted {
      try db.execute(sql: "UPDATE apidae_fiche SET state = 'DELETED', pending = 0 WHERE id = ?", arguments: [id])
    }
    if reinitialisation {
      for id in try Int.fetchAll(db, sql: "SELECT id FROM apidae_fiche WHERE state != 'DELETED'")
      where !seen.contains(id) {
        try db.execute(sql: "UPDATE apidae_fiche SET state = 'DELETED', pending = 0 WHERE id = ?", arguments: [id])
      }
    }
    let fiches = try allFiches(db)
    let known = Dictionary(uniqueKeysWithValues: try allSelections(db).map { ($0.id, $0) })
    var inExport = Set<Int>()
    for s in contents.selections where inExport.insert(s.id).inserted {
      var def = known[s.id] ?? ApidaeSelection(id: s.id, name: s.name)
      if known[s.id] == nil {
        try db.execute(
          sql: """
            INSERT INTO apidae_selection(id, name, types, communes, owner, text, included, excluded, exported)
            VALUES (?, ?, '', '', NULL, NULL, '', '', NULL)
            """, arguments: [s.id, s.name])
      }
      // The definition keeps its filter; the hand-made lists make its members exactly the export's.
      let members = Set(s.ficheIds)
      var matched = Set<Int>()
      if !def.filter.isEmpty {
        for f in fiches.values where f.state != "DELETED" && def.filter.matches(f) { matched.insert(f.id) }
      }
      def.name = s.name
      def.included = members.subtracting(matched).sorted()
      def.excluded = matched.subtracting(members).sorted()
      try saveDefinition(db, def)
      try db.execute(
        sql: "UPDATE apidae_selection SET exported = ? WHERE id = ?", arguments: [idText(members.sorted()), s.id])
    }
    for id in known.keys where !inExport.contains(id) {
      try db.execute(sql: "DELETE FROM apidae_selection WHERE id = ?", arguments: [id])
    }
    try record(
      db, name: name, origin: "read", at: at, ponctuel: ponctuel, reinitialisation: reinitialisation,
      objects: contents.fiches.count, deleted: contents.deleted.count)
  }

  static func record(
    _ db: Database, name: ExportName, origin: String, at: LocalDateTime, ponctuel: Bool, reinitialisation: Bool,
    objects: Int, deleted: Int
  ) throws {
    try db.execute(
      sql: """
        INSERT OR REPLACE INTO apidae_export(name, origin, at, ponctuel, reinitialisation, objects, deleted)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """, arguments: [name.stem, origin, at.description, ponctuel, reinitialisation, objects, deleted])
    let last = try Store.setting(db, lastExportKey).flatMap(ExportName.parse)
    if last.map({ name > $0 }) ?? true { try Store.setSetting(db, lastExportKey, name.stem) }
    try Store.setSetting(db, projectIdKey, String(name.projectId))
  }

  // MARK: Writing exports

  /// `apidae calcul`: the calcul exceptionnel, a ponctuel differential export dated at the clock's time.
  /// Nil when nothing changed since the last export (Apidae would have nothing to send).
  public func calcul(command: String? = nil) throws -> ApidaeExportReport? {
    try prepare(command: command)
    let now = try workspace.clock().now()
    return try writeExport(at: now, ponctuel: true, reinitialisation: false, onlyIfPending: true, command: command)
  }

  /// What `calcul` would export now, written nowhere: the pending changes, or `calcul`'s error when the clock
  /// is before an export taken (`clockBeforeExport`), so that its dry run says what it would do.
  public func calculPreview() throws -> ApidaePending {
    let now = try workspace.clock().now()
    return try store.read { db in
      try ApidaeProject.checkClock(db, at: now)
      return try ApidaeProject.pending(db)
    }
  }

  /// Apidae dates its exports in time order (the same minute sorts after, `exportCode`): none at `at` when
  /// an export taken is newer.
  static func checkClock(_ db: Database, at: LocalDateTime) throws {
    if let newer = try newestTaken(db), newer.time > at.withSecond(0) {
      throw ApidaeError.clockBeforeExport(newer, clock: at)
    }
  }

  /// Writes an export into `snapshots/` dated `at`, with its notification sidecar, in one transaction with
  /// the project's bookkeeping (pending changes cleared, exported memberships recorded). A réinitialisation
  /// carries every fiche; a differential one the fiches changed here and the deletions. `selections.json`
  /// always has every sélection, complete.
  @discardableResult
  func writeExport(
    at: LocalDateTime, ponctuel: Bool, reinitialisation: Bool, onlyIfPending: Bool = false, command: String? = nil
  ) throws -> ApidaeExportReport? {
    let workspace = self.workspace
    let existing = try workspace.snapshotFolder().exports.map(\.name)
    return try store.write { db -> ApidaeExportReport? in
      try ApidaeProject.checkClock(db, at: at)
      let pending = try ApidaeProject.pending(db)
      if onlyIfPending && pending.isEmpty && !reinitialisation { return nil }
      let fiches = try ApidaeProject.allFiches(db)
      let objects =
        reinitialisation
        ? fiches.values.filter { $0.state != "DELETED" }.sorted { $0.id < $1.id } : pending.changed
      let deleted = reinitialisation ? [] : pending.deleted
      let selections = try ApidaeProject.allSelections(db).map { ApidaeProject.state($0, fiches: fiches) }
      let projectId = try projectId(db)
      let sequence = try Int.fetchOne(db, sql: "SELECT count(*) FROM apidae_export WHERE origin = 'written'") ?? 0
      let name = ExportName(
        projectId: projectId, year: at.year, month: at.month, day: at.day, hour: at.hour, minute: at.minute,
        code: ApidaeProject.exportCode(at: at, sequence: sequence, existing: existing))
      let writer = try ExportWriter(
        directory: workspace.snapshotsURL, name: name, asZip: true,
        notification: ExportNotification(
          projectId: projectId, statut: "SUCCESS", ponctuel: ponctuel, reinitialisation: reinitialisation),
        entryDate: ApidaeProject.zipEntryDate(at))
      let rawOf = try db.makeStatement(sql: "SELECT raw FROM apidae_fiche WHERE id = ?")
      var start = 0
      while start < objects.count {
        let chunk = objects[start..<min(start + ApidaeProject.objectsPerFile, objects.count)]
        try writer.addObjects(chunk.map { [UInt8](try Data.fetchOne(rawOf, arguments: [$0.id]) ?? Data()) })
        start += ApidaeProject.objectsPerFile
      }
      if objects.isEmpty { try writer.addObjects([]) }
      writer.setDeleted(deleted)
      writer.setSelections(
        selections.map { Selection(id: $0.selection.id, name: $0.selection.name, ficheIds: $0.members) },
        memberTypes: fiches.mapValues(\.type))
      let communes = try Row.fetchAll(db, sql: "SELECT id, code, name, postal_code FROM apidae_commune ORDER BY id")
        .map { Commune(id: $0[0], code: $0[1], name: $0[2], postalCode: $0[3]) }
      writer.setCommunes(communes)

      try db.execute(sql: "UPDATE apidae_fiche SET pending = 0 WHERE pending = 1")
      for s in selections {
        try db.execute(
          sql: "UPDATE apidae_selection SET exported = ? WHERE id = ?",
          arguments: [ApidaeProject.idText(s.members), s.selection.id])
      }
      try ApidaeProject.record(
        db, name: name, origin: "written", at: at, ponctuel: ponctuel, reinitialisation: reinitialisation,
        objects: objects.count, deleted: deleted.count)
      try Journal.add(
        db, at: at, command: command, kind: "apidae.export",
        detail:
          "\(name.stem) \(reinitialisation ? "reinitialisation" : "differential")\(ponctuel ? " ponctuel" : "")"
          + " objects=\(objects.count) deleted=\(deleted.count)")
      // Sidecar and zip put in place under `snapshots/`'s lock, as an import's: another shell's listing
      // (its sync's) sees both or neither, never the sidecar alone.
      let url = try workspace.withSnapshotsLock(exclusive: true) { try writer.finish() }
      return ApidaeExportReport(
        name: name, fileName: url.lastPathComponent, ponctuel: ponctuel, reinitialisation: reinitialisation,
        objects: objects.map(\.id), deleted: deleted, selections: selections.filter(\.pending))
    }
  }

  /// The newest export Apidae may date none before: the newest Open Edit imported (one dated before it
  /// comes late to the sync, which keeps none of a late export's sélections) or the project wrote.
  static func newestTaken(_ db: Database) throws -> ExportName? {
    let sql = "SELECT name FROM export UNION SELECT name FROM apidae_export WHERE origin = 'written'"
    return try String.fetchAll(db, sql: sql).compactMap(ExportName.parse).max()
  }

  /// The date to give `ExportWriter` for entries stamped `at`: a zip's entries hold a local time with no
  /// zone, as Apidae's name does (`unzip -l` shows 02:00 for the export of 02:00); ZIPFoundation writes
  /// the date's UTC fields, so the wall-clock time goes in as if it were UTC.
  static func zipEntryDate(_ at: LocalDateTime) -> Date { at.date(in: TimeZone(identifier: "UTC") ?? .current) }

  /// Objects per `objets_modifies-N.json` file, as Apidae splits them.
  static let objectsPerFile = 25

  /// Six letters and digits like Apidae's, but derived from the time and a sequence number so that a
  /// simulation writes the same names twice; sorted after any export of the same minute.
  static func exportCode(at: LocalDateTime, sequence: Int, existing: [ExportName]) -> String {
    let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    var state = UInt64(bitPattern: Int64(at.year * 100_000_000 + at.month * 1_000_000 + at.day * 10_000))
    state = state &+ UInt64(at.hour * 100 + at.minute) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(sequence) &* 0xBF58_476D
    var code = ""
    for _ in 0..<6 {
      state = state &+ 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      code.append(alphabet[Int(z % UInt64(alphabet.count))])
    }
    let sameMinute = existing.filter { LocalDateTime($0) == at.withSecond(0) }.map(\.code)
    if let highest = sameMinute.max(), highest >= code {
      // Same minute as another export: keep export order by sorting after it.
      code = highest + String(alphabet[Int(UInt64(sequence) % UInt64(alphabet.count))])
    }
    return code
  }

  // MARK: The nights

  /// Lets the Apidae side live until `time` (for `nuit` and `clock set`, before the clock moves): the
  /// scheduled changes happen at their times and, at 02:00 of each night passed (`nightlyExportTime`), the
  /// nightly export is written when changes are pending. Does nothing for a project never started (no `apidae` command, no
  /// demo) or when `time` is not after the clock.
  @discardableResult
  func live(until time: LocalDateTime, command: String? = nil) throws -> ApidaeLife {
    var life = ApidaeLife()
    guard try isStarted() else { return life }
    try absorbExports(command: command)
    let now = try workspace.clock().now()
    guard time > now else { return life }
    let schedule = try events()
    let before = schedule.events.filter { !$0.done }
    // Those whose time has come by `time`, or whose time cannot be read either.
    life.unreadable = schedule.unreadable.filter { !$0.done && LocalDateTime.parse($0.at).map { $0 <= time } ?? true }
    let zone = workspace.settings.timeZone
    var night = ApidaeProject.nightlyExportTime(on: now, in: zone)
    if night <= now { night = ApidaeProject.nightlyExportTime(on: now.addingDays(1), in: zone) }
    // The clock set back before an export imported or written: the nights before it wrote their exports
    // (or had none to write); the changes made since wait for the first night after it (`writeExport`).
    if let newest = try store.read(ApidaeProject.newestTaken)?.time, night < newest {
      night = ApidaeProject.nightlyExportTime(on: newest, in: zone)
      if night < newest { night = ApidaeProject.nightlyExportTime(on: newest.addingDays(1), in: zone) }
    }
    while night <= time {
      try applyEvents(upTo: night, command: command)
      if let report = try writeExport(
        at: night, ponctuel: false, reinitialisation: false, onlyIfPending: true, command: command)
      {
        life.exports.append(report)
      }
      // Nothing is pending after a night: the next export is the first night at or after the next
      // scheduled change, so that `clock set` years ahead does not pass every night in between.
      guard let next = before.first(where: { $0.at > night })?.at else { break }
      night = ApidaeProject.nightlyExportTime(on: next, in: zone)
      if night < next { night = ApidaeProject.nightlyExportTime(on: next.addingDays(1), in: zone) }
    }
    try applyEvents(upTo: time, command: command)
    life.events = before.filter { $0.at <= time }
    return life
  }

  /// What `nuit` and `clock set` let happen before the clock moves: `live(until:)`, the nightly export of
  /// each night passed written when Apidae-side changes are pending, the scheduled changes at their times.
  @discardableResult
  public static func writeNightlyExportIfPending(
    workspace: Workspace, at time: LocalDateTime, command: String? = nil
  ) throws -> ApidaeLife {
    try ApidaeProject(workspace: workspace).live(until: time, command: command)
  }
}

extension LocalDateTime {
  /// The instant this wall-clock time is in `timeZone` (for dates written into zip entries).
  func date(in timeZone: TimeZone) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let c = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    return calendar.date(from: c) ?? Date(timeIntervalSince1970: 0)
  }

  func withSecond(_ s: Int) -> LocalDateTime {
    var copy = self
    copy.second = s
    return copy
  }
}
