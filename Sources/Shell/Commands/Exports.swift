import Apidae
import ArgumentParser
import Foundation
import OpenEdit

let exportCommands: [ParsableCommand.Type] = [
  Snapshots.self, Import.self, Sync.self, Night.self, ClockCommand.self, Diff.self,
  Fiches.self, FicheCommand.self, Selections.self, SelectionCommand.self,
]

/// At most `limit` ids with their names, then «…».
func idList(_ ids: [Int], names: [Int: String], limit: Int = ChangeSet.namedPerList) -> String {
  guard !ids.isEmpty else { return "—" }  // an empty list reads as one, not as nothing after a colon
  return shortList(
    ids.map { id in names[id].map { "\(id) \(TextSafety.escapeControls($0))" } ?? String(id) }, limit: limit)
}

/// The lines that tell what a set of changes does (sync, diff).
func changeLines(_ c: ChangeSet, _ t: Catalogue, indent: String = "  ") -> [String] {
  var lines: [String] = []
  let kinds: [(String, [Int])] = [
    ("changes.created", c.created), ("changes.modified", c.modified), ("changes.hidden", c.hidden),
    ("changes.published", c.published), ("changes.deleted", c.deleted),
  ]
  for (key, ids) in kinds where !ids.isEmpty {
    // A modification says what changed of what Open Edit shows: «5100006 Hôtel Le Perce-Neige (e-mail)».
    let names =
      key != "changes.modified"
      ? c.names
      : c.names.merging(
        c.modifiedFields.compactMap { id, fields in c.names[id].map { (id, $0 + " (" + fieldList(fields, t) + ")") } },
        uniquingKeysWith: { $1 })
    lines.append(indent + t(key, ids.count) + " " + idList(ids, names: names))
  }
  for s in c.selections {
    var line = indent + t("changes.selection", s.id, s.name)  // t() escapes the name
    if s.isNew { line += " " + t("changes.selection_new") }
    if s.dropped { line += " " + t("changes.selection_dropped") }
    if !s.entered.isEmpty { line += " +" + String(s.entered.count) + " (" + idList(s.entered, names: c.names) + ")" }
    if !s.left.isEmpty { line += " −" + String(s.left.count) + " (" + idList(s.left, names: c.names) + ")" }
    lines.append(line)
  }
  for r in c.renamedSelections { lines.append(indent + t("changes.selection_renamed", r.id, r.from, r.to)) }
  if lines.isEmpty { lines.append(indent + t("changes.none")) }
  return lines
}

/// The fields a modification changed, in the session's words («nom, e-mail»), or «autres données» when
/// only the rest of the fiche's JSON changed.
func fieldList(_ fields: [FicheField], _ t: Catalogue) -> String {
  fields.isEmpty ? t("field.other") : fields.map { t("field." + $0.rawValue) }.joined(separator: ", ")
}

/// A record as `fiche ID` and `apidae fiche ID` show one: a line per field, its label padded to the widest
/// label, its value escaped (it comes from an export); at a terminal, a long value goes on under its
/// column, as in the records of a table.
func card(_ session: Session, _ lines: [(label: String, value: String)]) -> String {
  let width = lines.map { TextSafety.displayWidth($0.label) }.max() ?? 0
  return lines.map { label, value in
    session.prose(TextSafety.pad(label, to: width), TextSafety.escapeControls(value), column: width + 2) + "\n"
  }.joined()
}

/// «réinitialisation, nocturne»: the occasion only when known (`ExportReport.isNightly`).
func kindText(_ e: ExportReport, _ t: Catalogue) -> String {
  let kind = e.reinitialisation ? t("kind.reinit") : t("kind.differential")
  guard let nightly = e.isNightly else { return kind }
  return kind + ", " + (nightly ? t("kind.nightly") : t("kind.ponctuel"))
}

// MARK: snapshots

struct Snapshots: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "snapshots", abstract: "Liste les exports Apidae de snapshots/ : date, type, fiches, importés ou non.",
    subcommands: [SnapshotsPrune.self], aliases: ["exports"])
  static let group = CommandGroup.exports
  static let examples = ["snapshots", "exports --format json"]
  @OptionGroup var output: OutputOptions

  func run(_ session: Session) throws {
    let t = session.t
    let (exports, ignored) = try session.workspace().snapshots()
    // Not imported yet: due at the next sync, or held back until its time (R1).
    let now = try session.workspace().clock().now()
    var table = Table(columns: [
      Column("name", t("col.export"), whole: true), Column("project_id", t("col.project"), alignment: .right),
      Column("exported_at", t("col.date"), whole: true), Column("ponctuel", t("col.ponctuel")),
      Column("reinitialisation", t("col.reinit")), Column("objects", t("col.objects"), alignment: .right),
      Column("deleted", t("col.deleted"), alignment: .right), Column("imported", t("col.imported"), whole: true),
      Column("imported_at", t("col.imported_at"), whole: true),
    ])
    let json = (output.format ?? session.settings.format) != .table
    // What the table's «Importé» column says, as a stable code for scripts (the reason of an unreadable
    // export, and the ignored files, go to standard error).
    if json { table.columns.append(Column("status", "status")) }
    for e in exports {
      table.rows.append([
        .text(e.name.stem), .int(e.projectId), .text(e.exportedAt.minuteText),
        json ? .bool(e.ponctuel) : .text(e.ponctuel ? t("yes") : ""),
        json ? .bool(e.reinitialisation) : .text(e.reinitialisation ? t("yes") : ""),
        Cell(e.objects), Cell(e.deleted),
        json
          ? .bool(e.imported)
          : .text(
            e.imported
              ? t("yes")
              : e.problem != nil
                ? t("snapshots.unreadable_row") : e.exportedAt <= now ? t("snapshots.due") : t("snapshots.future")),
        Cell(e.importedAt?.minuteText),
      ])
      if json {
        let status = e.imported ? "imported" : e.problem != nil ? "unreadable" : e.exportedAt <= now ? "due" : "not_yet"
        table.rows[table.rows.count - 1].append(.text(status))
      }
    }
    for e in exports where e.problem != nil { table.footer.append(t("snapshots.unreadable", e.problem!.describe(t))) }
    for i in ignored { table.footer.append(t("snapshots.ignored", i.fileName, ignoredReason(i.reason, t))) }
    if exports.isEmpty { table.footer.append(t("snapshots.none")) }
    // What `snapshots prune` would take, said where one sees the exports pile up (as git suggests `gc`).
    if let reinit = exports.filter({ $0.imported && $0.reinitialisation }).map(\.name).max() {
      let before = exports.filter { $0.imported && $0.name < reinit }.count
      if before > 0 { table.footer.append(t("snapshots.prunable", before, reinit.stem)) }
    }
    // The notes under the table, said as notes are, not as a warning of the script's line.
    if json { for line in table.footer { session.inform(line) } }
    session.show(table, format: output.format)
  }
}

/// Why `snapshots` ignores a file of `snapshots/`, as its note under the table says.
func ignoredReason(_ r: IgnoredEntry.Reason, _ t: Catalogue) -> String {
  switch r {
  case .badPattern: return t("ignored.bad_pattern")
  case .impossibleDate: return t("ignored.impossible_date")
  case .otherProject(let p): return t("ignored.other_project", p)
  case .duplicate(let other): return t("ignored.duplicate", other)
  case .sidecarWithoutExport: return t("ignored.sidecar")
  case .failedExport: return t("ignored.failed")
  }
}

// MARK: snapshots prune

struct SnapshotsPrune: Report {
  static let configuration = CommandConfiguration.shell(
    commandName: "prune",
    abstract: "Supprime de snapshots/ les exports importés avant la dernière réinitialisation importée.",
    aliases: ["élaguer", "elaguer"])
  static let group = CommandGroup.exports
  static let examples = ["snapshots prune --dry-run", "snapshots prune", "snapshots prune --yes --format json"]
  @Flag(name: .customLong("dry-run"), help: "Montre ce qui serait supprimé, sans rien changer.") var dryRun = false
  @Flag(help: "Ne demande pas de confirmation.") var yes = false
  @OptionGroup var output: ReportOptions

  func run(_ session: Session) throws {
    let t = session.t
    let json = try writesJSON(session)
    let ws = try session.workspace()
    var asked: Set<String>? = nil
    if !dryRun && !yes {
      // A script cannot answer: with exports that could go, it fails before reading anything more (the
      // réinitialisation, for the dry run), as send --all does.
      if session.cannotAsk, try ws.pruneCandidateCount() > 0 { throw ShellError.usage(t("prune.needs_yes")) }
      // What would go, asked about first: exports Apidae delivered do not come back; no other goes (a sync
      // in another shell while the question waits may make more removable). Nothing to remove: nothing to
      // ask (what it still does, moving pointers, loses nothing).
      let preview = try ws.pruneSnapshots(dryRun: true, command: session.commandLine)
      asked = Set(preview.removed.map(\.fileName))
      if !preview.removed.isEmpty {
        let question = t("prune.confirm", preview.removed.count, diskSize(preview.bytes, t))
        guard try session.approve(question, cancelled: t("prune.cancelled"), needsYes: t("prune.needs_yes")) else {
          return
        }
      }
    }
    let report = try ws.pruneSnapshots(dryRun: dryRun, command: session.commandLine, only: asked)
    show(report, json: json, session)
    // An export the system would not let go is a failure a nightly job must see (status 1).
    let failed = report.kept.compactMap { k -> String? in
      guard case .notRemoved(let why) = k.reason else { return nil }
      return why
    }
    if let why = failed.first { throw ShellError.failure(t("prune.not_removed", failed.count, systemText(why, t))) }
  }

  private func show(_ report: PruneReport, json: Bool, _ session: Session) {
    let t = session.t
    if json { return session.show(json: ReportJSON.pruned(report, t)) }
    guard let reinit = report.reinitialisation else { return session.say(t("prune.no_reinit")) }
    if report.removed.isEmpty && report.kept.isEmpty { return session.say(t("prune.nothing", reinit.stem)) }
    if !report.removed.isEmpty {
      let count = report.removed.count
      session.say(
        report.dryRun
          ? t("prune.would_remove", count, diskSize(report.bytes, t), reinit.stem)
          : t("prune.removed", count, diskSize(report.bytes, t), reinit.stem))
      for e in report.removed {
        session.print("  " + t("prune.row", e.fileName, e.name.time.minuteText, diskSize(e.bytes, t)))
      }
      // Where the JSON of the fiches that pointed into them is read from now.
      var moved: [String] = []
      if report.repointed > 0 {
        moved.append(t(report.dryRun ? "prune.would_repoint" : "prune.repointed", report.repointed))
      }
      if report.copied > 0 { moved.append(t(report.dryRun ? "prune.would_copy" : "prune.copied", report.copied)) }
      if !moved.isEmpty { session.say(moved.joined(separator: " ")) }
    } else {
      session.say(t("prune.none_removed", reinit.stem))
    }
    for k in report.kept { session.say(t("prune.kept", k.fileName, keptReason(k.reason, t))) }
    if report.dryRun { session.say(t("sync.dry_run")) }
  }
}

/// Why `snapshots prune` leaves an export, in words.
func keptReason(_ r: KeptExport.Reason, _ t: Catalogue) -> String {
  switch r {
  case .notImported: return t("prune.kept.not_imported")
  case .unreadable(let e): return t("prune.kept.unreadable", e.describe(t))
  case .changed: return t("prune.kept.changed")
  case .stillNeeded: return t("prune.kept.still_needed")
  case .notRemoved(let reason): return t("prune.kept.not_removed", systemText(reason, t))
  case .linked(let through): return t("prune.kept.linked", through)
  }
}

// MARK: import

struct Import: Report {
  static let configuration = CommandConfiguration.shell(
    commandName: "import", abstract: "Copie un export dans snapshots/ après avoir vérifié qu'il se lit.")
  static let group = CommandGroup.exports
  static let examples = ["import 4242_20270302-0200_Nv7Kq2.zip", "import export.zip --as-of \"demain 02:00\""]
  @Argument(help: "Le zip ou le dossier de l'export.") var path: String
  @Option(
    name: .customLong("as-of"), parsing: .unconditional,
    help: "Le nommer à cette date : AAAA-MM-JJ HH:MM, ou lue comme clock set la lit (10:30, demain, +2h).")
  var asOf: String?
  @OptionGroup var output: ReportOptions

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    PathCompletion.complete(current, session: session, extensions: ["zip"])
  }

  func run(_ session: Session) throws {
    let t = session.t
    // An empty path is the current folder to Foundation: it would be imported under its name.
    if path.isEmpty { throw ShellError.usage(t("import.no_path")) }
    let json = try writesJSON(session)
    let clock = try session.workspace().clock()
    let when = try asOf.map { try clock.time($0) }
    let s = try session.workspace().importExport(path: URL(fileURLWithPath: path), asOf: when)
    // As `snapshots` tells it (R1): the next sync takes it, or its time has not come.
    let now = try clock.now()
    if json { return session.show(json: ReportJSON.imported(s, now: now)) }
    session.say(t("import.done", s.fileName, s.objects ?? 0, s.deleted ?? 0))
    // Taken out of snapshots/ (by hand, or by `snapshots prune`) and given back: no sync takes it again.
    if let importedAt = s.importedAt { return session.say(t("import.imported_already", importedAt.minuteText)) }
    session.say(s.exportedAt <= now ? t("import.due") : t("import.not_due", s.exportedAt.minuteText, now.minuteText))
  }

  func clicks(_ session: Session) -> String? { session.t("clicks.import") }
}

// MARK: sync

struct Sync: Report {
  static let configuration = CommandConfiguration.shell(
    commandName: "sync", abstract: "Importe chaque export dont l'heure est venue (la synchronisation nocturne).",
    aliases: ["synchroniser", "calcul"])
  static let group = CommandGroup.exports
  static let examples = ["sync", "sync --dry-run", "sync --dry-run --format json"]
  @Flag(name: .customLong("dry-run"), help: "Montre ce qui serait importé, sans rien changer.") var dryRun = false
  @OptionGroup var output: ReportOptions

  func run(_ session: Session) throws {
    let json = try writesJSON(session)
    let ws = try session.workspace()
    try SyncReportView.sync(ws, dryRun: dryRun, json: json, session: session)
  }

  func clicks(_ session: Session) -> String? { session.t("clicks.sync") }
}

/// How a sync's report reads (shared by `sync` and `nuit`).
enum SyncReportView {
  /// Whether the workspace simulates Apidae (set by the teaching area).
  nonisolated(unsafe) static var simulatesApidae: ((Session) -> Bool)? = nil

  /// Syncs and shows the report, in prose or as one JSON document; a sync stopped by a bad export or by
  /// Ctrl-C shows what it imported before it stopped (those exports stay imported), the JSON with the
  /// error, then fails.
  static func sync(_ ws: Workspace, dryRun: Bool = false, json: Bool = false, session: Session) throws {
    do {
      // On a real clock, `nuit` is not there to move it: the message says only what can bring an export.
      let realClock = if case .real = try ws.clock().mode() { true } else { false }
      let report = try ws.sync(dryRun: dryRun, command: session.commandLine)
      if json { return session.show(json: ReportJSON.sync(report, session.t)) }
      show(report, session: session, realClock: realClock)
    } catch let error as SyncError {
      switch error {
      case .badExport(_, _, let report), .interrupted(_, let report), .storeFailed(_, _, let report):
        if json {
          session.show(json: ReportJSON.sync(report, error: error, session.t))
        } else if !report.imported.isEmpty {
          show(report, session: session, stopped: true)
        }
      }
      throw error
    }
  }

  static func show(_ report: SyncReport, session: Session, stopped: Bool = false, realClock: Bool = false) {
    let t = session.t
    if report.dryRun { session.say(t("sync.dry_run")) }
    for e in report.imported {
      session.say(
        t(
          report.dryRun ? "sync.would_import" : "sync.imported", e.name.stem,
          kindText(e, t), e.objects, e.deletedInExport))
      if let reinit = e.supersededBy {
        session.say("  " + t("sync.late_superseded", reinit.stem, idList(e.keptNewer, names: e.changes.names)))
      } else if e.late {
        session.say("  " + t("sync.late", idList(e.keptNewer, names: e.changes.names)))
      }
      for line in changeLines(e.changes, t) { session.say(line) }
      if !e.unknownDeletions.isEmpty {
        session.say(
          "  " + t("sync.unknown_deletions", e.unknownDeletions.count, idList(e.unknownDeletions, names: [:])))
      }
    }
    // A stopped sync's error says where it stopped: what comes next is not known yet.
    if !stopped, report.imported.isEmpty {
      if let next = report.next {
        session.say(
          t(
            realClock ? "sync.nothing_due_next_real" : "sync.nothing_due_next", report.at.minuteText, next.name.stem,
            next.due.minuteText))
      } else {
        session.say(t("sync.nothing_pending", report.at.minuteText))
      }
      // Asking Apidae for an export is a command where Apidae is simulated.
      if simulatesApidae?(session) == true { session.say(t("sync.simulated_hint")) }
    } else if !stopped, let next = report.next {
      session.say(t("sync.next", next.name.stem, next.due.minuteText))
    }
    for line in campaignSyncNotes(session, report) { session.say(line) }
  }
}

// MARK: nuit

struct Night: Report {
  static let configuration = CommandConfiguration.shell(
    commandName: "nuit",
    abstract: "Avance l'horloge simulée au matin (08:00) après la nuit et lance la synchronisation nocturne.",
    aliases: ["night"])
  static let group = CommandGroup.exports
  static let examples = ["nuit"]
  @OptionGroup var output: ReportOptions

  /// Runs before the clock moves on, e.g. to write the simulated Apidae's nightly export (teaching area).
  nonisolated(unsafe) static var beforeNight: ((Session, Workspace) throws -> [String])? = nil

  func run(_ session: Session) throws {
    let json = try writesJSON(session)
    let ws = try session.workspace()
    // In JSON, the night's lines are messages: the document's `at` is the morning.
    let tell = json ? session.inform : session.say
    for line in try Night.beforeNight?(session, ws) ?? [] { tell(line) }
    let morning = try ws.clock().night(command: session.commandLine)
    tell(session.t("night.morning", morning.minuteText))
    try SyncReportView.sync(ws, json: json, session: session)
  }

  func clicks(_ session: Session) -> String? { session.t("clicks.night") }
}

// MARK: clock

struct ClockCommand: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "clock",
    abstract: "Montre l'horloge ; « clock set QUAND » la simule, « clock real » revient au temps réel.",
    aliases: ["horloge"])
  static let group = CommandGroup.exports
  static let examples = [
    "clock", "clock set \"2027-03-01 09:00\"", "clock set 10:30", "clock set demain", "clock real",
  ]
  /// Every word, those with a leading '-' too: `clock set -1j` moves the clock back a day.
  @Argument(parsing: .allUnrecognized, help: "set QUAND, ou real.") var words: [String] = []

  /// Runs before a simulated clock moves forward to the given time (the simulated Apidae lives until then).
  nonisolated(unsafe) static var beforeSet: ((Session, Workspace, LocalDateTime) throws -> [String])? = nil

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.count == 1 ? ["set", "real"] : []
  }

  func run(_ session: Session) throws {
    let t = session.t
    let clock = try session.workspace().clock()
    var moved = true
    switch words.first {
    case nil:
      moved = false
    case "set":
      let text = words.dropFirst().joined(separator: " ")
      guard !text.isEmpty else { throw ShellError.usage(t("clock.set_needs_time")) }
      let when = try clock.time(text)
      do {
        for line in try ClockCommand.beforeSet?(session, try session.workspace(), when) ?? [] { session.print(line) }
      } catch ClockError.corruptSetting {
        // A stored time that cannot be read gives no time to live on from: a date and time puts the clock
        // right (as its error says to), and what comes before it waits for the clock's next move.
      }
      try clock.set(when, command: session.commandLine)
    case "real", "réelle", "reelle":
      try clock.setReal(command: session.commandLine)
    default:
      throw ShellError.usage(t("clock.usage", words[0]))
    }
    let now = try clock.now()
    switch try clock.mode() {
    case .real: session.print(t("clock.real", now.minuteText, clock.timeZone.identifier))
    case .simulated: session.print(t("clock.simulated", now.minuteText, clock.timeZone.identifier))
    }
    // Done as asked (a trainer may replay a morning, or give back a real time), but said: Open Edit has
    // data from after the clock.
    if moved, let last = try clock.latestImport(), now < last.time {
      session.warn(t("clock.before_import", now.minuteText, last.stem, last.time.minuteText))
    }
  }
}

// MARK: diff

struct Diff: Report {
  static let configuration = CommandConfiguration.shell(
    commandName: "diff",
    abstract: "Montre ce qui change entre deux exports, ou ce que le prochain sync changerait (diff pending).")
  static let group = CommandGroup.exports
  static let examples = ["diff pending", "diff pending --format json"]
  @Argument(help: "Deux exports (A plus ancien que B), ou « pending ».") var exports: [String] = []
  @OptionGroup var output: ReportOptions

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    guard words.count <= 2, words.last != "pending" else { return [] }  // two exports, or «pending»
    var names = (try? session.workspace().snapshots().exports.map(\.name.stem)) ?? []
    if words.count == 1 { names.insert("pending", at: 0) }
    return names
  }

  func run(_ session: Session) throws {
    let t = session.t
    let json = try writesJSON(session)
    let ws = try session.workspace()
    let diff: ExportDiff
    // «pending» is a word of diff's, no export: with another word after it, the line means neither.
    let pending = exports.map { ["pending", "attente", "en-attente"].contains($0.lowercased()) }
    switch exports.count {
    case 1 where pending[0]:
      let now = try ws.clock().now()
      do {
        diff = try ws.diffPending()
      } catch DiffError.badExport(let name, let error, let before) {
        // As `sync --dry-run`: what the exports before it would change, then where the sync would stop; in
        // JSON, one document with the error.
        let stop = DiffError.badExport(name: name, error: error, diff: before)
        if json {
          let message = stop.shellError(t).message
          session.show(
            json: ReportJSON.diff(before, pendingAt: now, error: ReportJSON.badExport(name, error, message: message)))
        } else if !before.exports.isEmpty {
          session.say(t("diff.pending", before.exports.map(\.stem).joined(separator: ", ")))
          for line in changeLines(before.changes, t) { session.say(line) }
        }
        throw stop
      }
      if json { return session.show(json: ReportJSON.diff(diff, pendingAt: now)) }
      if diff.exports.isEmpty {
        session.say(diff.notDue.isEmpty ? t("diff.pending_none") : t("diff.pending_none_due", now.minuteText))
      } else {
        session.say(t("diff.pending", diff.exports.map(\.stem).joined(separator: ", ")))
        for line in changeLines(diff.changes, t) { session.say(line) }
      }
      // What the next sync leaves for later (R1), as `sync --dry-run` does.
      if !diff.notDue.isEmpty {
        session.say(
          t(
            "diff.pending_not_due",
            diff.notDue.map { "\($0.name.stem) (\($0.due.minuteText))" }.joined(separator: ", "),
            diff.notDue.count))
      }
      return
    case 2 where !pending.contains(true):
      diff = try ws.diff(from: exports[0], to: exports[1])
      if json { return session.show(json: ReportJSON.diff(diff, pendingAt: nil)) }
      // The exports found, not what was typed (a part of their names may be).
      session.say(
        t("diff.between", diff.from?.stem ?? exports[0], diff.exports.last?.stem ?? exports[1]))
    default:
      throw ShellError.usage(t("diff.usage"))
    }
    for line in changeLines(diff.changes, t) { session.say(line) }
  }
}

// MARK: fiches

struct Fiches: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "fiches",
    abstract: "Liste les fiches telles qu'Open Edit les a (filtres : type, commune, texte, sélection)."
  )
  static let group = CommandGroup.fiches
  static let examples = [
    "fiches", "fiches --search hotel", "fiches --no-email --format csv",
    "fiches --type HOTELLERIE --type RESTAURATION --commune Valloire --commune Aussois",
    "fiches --search col --search galibier",
  ]
  @Option(help: "Type Apidae (HOTELLERIE, RESTAURATION…) ; répété : l'un ou l'autre.") var type: [String] = []
  @Option(help: "Commune : nom, code INSEE ou id ; répétée : l'une ou l'autre.") var commune: [String] = []
  // The word after it even when it starts with a dash («A ciel ouvert -Vivre…»), as `import --as-of -2h`.
  @Option(
    parsing: .unconditionalSingleValue,
    help: "Texte du nom (casse et accents ignorés) ; répété : chacun, comme des mots dans une recherche.")
  var search: [String] = []
  @Flag(name: .customLong("no-email"), help: "Seulement les fiches qu'aucun e-mail valide n'atteint.") var noEmail =
    false
  @Option(help: "Seulement les membres de cette sélection (id ou nom) ; répétée : de l'une ou l'autre.")
  var selection: [String] = []
  @OptionGroup var output: OutputOptions

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    switch words.last {
    case "--type": return FicheType.allCases.map(\.rawValue)
    case "--commune": return session.workspaceCandidates(.communeName, current)
    default: return []
    }
  }

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    // The search and a sélection find any part of a name: so does TAB.
    switch words.last {
    case "--search": return session.ficheNameCandidates(current)
    case "--selection": return session.selectionCandidates(current)
    default: return nil
    }
  }

  func run(_ session: Session) throws {
    let filter = FicheFilter(
      types: type, communes: commune, searches: search, noEmail: noEmail, selections: selection)
    try FicheRows.show(filter, format: output.format ?? session.settings.format, session)
  }
}

/// The columns of fiche listings.
enum FicheRows {
  /// The keys of a listed fiche in JSON and CSV, in order.
  static let keys = ["fiche_id", "name", "type", "commune", "email", "state", "owner", "selections"]

  /// The fiches `filter` keeps, in `format` (`fiches`, and `selection ID` in CSV).
  static func show(_ filter: FicheFilter, format: OutputFormat, _ session: Session) throws {
    let ws = try session.workspace()
    if format == .json {
      session.write(utf8: try json(ws.store(), filter))
      return
    }
    if format == .csv && !session.renderer.escapesControls {
      session.write(utf8: try csv(ws.store(), filter))
      return
    }
    if format == .table && writesPlainTable(session) {
      session.write(utf8: try plainTable(ws.store(), filter, session: session).text)
      return
    }
    let fiches = try ws.store().fiches(filter, withSelections: format != .table)
    session.show(table(fiches, session: session, full: format != .table), format: format)
  }

  /// The table of `fiches` where nothing is cut nor coloured and no row is a record (a pipe, a file): the
  /// same text as `Renderer.renderTable`'s, written from the rows as SQLite holds them, as `csv` is
  /// (100,000 fiches through a pipe: 0.4 s and 70 MB instead of 0.95 s and 189 MB). A first pass keeps each
  /// row's cells escaped, with their widths; the second pads them to the widest of each column.
  /// With the number of fiches listed; `footer` gives the notes under the table for that number
  /// (`fiches`: the count).
  static func plainTable(
    _ store: Store, _ filter: FicheFilter, session: Session, split: ListingSplit = .automatic,
    footer: ((Int) -> [String])? = nil
  ) throws -> (text: [UInt8], count: Int) {
    var shape = table([], session: session, full: false)
    let columns = shape.columns.count
    let noEmail = session.t("email.none")
    // Each cell: its display width and its byte count (4 bytes each), then its bytes, escaped.
    var cells: [UInt8] = []
    cells.reserveCapacity(4 << 20)
    try store.ficheListing(filter, into: &cells, separator: [], split: split) { out, row in
      func cell(_ text: String) {
        let safe = TextSafety.escapeControls(text)
        withUnsafeBytes(of: UInt32(TextSafety.displayWidth(safe)).littleEndian) { out += $0 }
        withUnsafeBytes(of: UInt32(safe.utf8.count).littleEndian) { out += $0 }
        out += safe.utf8
      }
      cell(String(row.id))
      cell(String(decoding: row.name, as: UTF8.self))
      cell(String(decoding: row.type, as: UTF8.self))
      cell(row.commune.map { String(decoding: $0, as: UTF8.self) } ?? "")
      cell(row.email.map { String(decoding: $0, as: UTF8.self) } ?? noEmail)
      cell(String(decoding: row.state, as: UTF8.self))
    }
    /// Calls `body` with each cell's column, width and bytes, in order.
    func eachCell(_ body: (Int, Int, UnsafeBufferPointer<UInt8>) -> Void) {
      cells.withUnsafeBufferPointer { p in
        var (i, column) = (0, 0)
        while i < p.count {
          let raw = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: p[i..<(i + 8)]))
          let width = Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
          let count = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
          body(column, width, UnsafeBufferPointer(rebasing: p[(i + 8)..<(i + 8 + count)]))
          i += 8 + count
          column = (column + 1) % columns
        }
      }
    }
    var widths = shape.columns.map { TextSafety.displayWidth($0.header) }
    var rows = 0
    eachCell { column, width, _ in
      widths[column] = max(widths[column], width)
      if column == 0 { rows += 1 }
    }
    var out: [UInt8] = []
    out.reserveCapacity(cells.count + rows * columns * 8)
    /// One cell of a line as `Renderer.renderTable` writes it: padded, but for a last column aligned left.
    func write(_ column: Int, _ width: Int, _ bytes: some Sequence<UInt8>) {
      if column > 0 { out += "  ".utf8 }
      let fill = widths[column] - width
      let alignment = shape.columns[column].alignment
      if alignment == .right { out += repeatElement(UInt8(ascii: " "), count: fill) }
      out += bytes
      if alignment == .left && column < columns - 1 { out += repeatElement(UInt8(ascii: " "), count: fill) }
      if column == columns - 1 { out.append(UInt8(ascii: "\n")) }
    }
    for (column, c) in shape.columns.enumerated() { write(column, TextSafety.displayWidth(c.header), c.header.utf8) }
    eachCell { column, width, bytes in write(column, width, bytes) }
    shape.footer = footer?(rows) ?? [session.t("fiches.count", rows)]
    out += session.renderer.footer(shape).utf8
    return (out, rows)
  }

  /// Whether a table of fiches goes where nothing is cut nor coloured and no row is a record (`plainTable`).
  static func writesPlainTable(_ session: Session) -> Bool {
    let renderer = session.renderer
    return renderer.width == nil && !renderer.color && renderer.expanded != .on
  }

  static func table(_ fiches: [FicheSummary], session: Session, full: Bool) -> Table {
    let t = session.t
    let titles = [
      "col.id", "col.name", "col.type", "col.commune", "col.email", "col.state", "col.owner", "col.selections",
    ]
    let columns = zip(keys, titles).prefix(full ? keys.count : 6).map { key, title in
      Column(
        key, t(title), alignment: key == "fiche_id" ? .right : .left, whole: key == "state" || key == "type",
        email: key == "email")
    }
    var table = Table(columns: columns)
    table.rows.reserveCapacity(fiches.count)
    for f in fiches {
      var row: [Cell] = [
        .int(f.id), .text(f.name), .text(f.type), Cell(f.communeName ?? f.communeCode),
        full ? Cell(f.email) : .text(f.email ?? t("email.none")), .text(f.state),
      ]
      if full { row += [Cell(f.ownerName), .list((f.selectionIds ?? []).map(Cell.int))] }
      table.rows.append(row)
    }
    if !full { table.footer.append(t("fiches.count", fiches.count)) }
    return table
  }

  /// The listing in JSON, the same text as the full table's, written from the rows as SQLite holds
  /// them (`fiches --search hotel --format json` lists 9,375 of 100,000 fiches: no value is made), on
  /// two cores for a big workspace (`Store.ficheListing`).
  static func json(_ store: Store, _ filter: FicheFilter, split: ListingSplit = .automatic) throws -> [UInt8] {
    var out = JSONBytes()
    // Untouched capacity costs no memory; growing 2.4 MB (9,375 fiches) by doubling would copy it.
    out.bytes.reserveCapacity(4 << 20)
    out.literal("[")
    try store.ficheListing(filter, into: &out.bytes, separator: Array(", ".utf8), split: split) { bytes, row in
      // Written through JSONBytes, the buffer moved in and back out (a copy would be quadratic).
      var out = JSONBytes()
      swap(&out.bytes, &bytes)
      defer { swap(&out.bytes, &bytes) }
      json(row, &out)
    }
    out.literal("]\n")
    return out.bytes
  }

  /// The listing in CSV for a file or a pipe, the same text as the full table's (`Renderer.csv`), written
  /// from the rows as SQLite holds them like `json` (100,000 fiches: 0.13 s instead of 1.1 s through the
  /// table). A terminal gets the table's CSV, its control characters escaped. Its texts are kept from being
  /// read as formulas as `Renderer.csv` keeps them (`Renderer.csvText`; a valid address as `Renderer.csvEmail`).
  static func csv(_ store: Store, _ filter: FicheFilter, split: ListingSplit = .automatic) throws -> [UInt8] {
    var out = Array((keys.joined(separator: ",") + "\n").utf8)
    out.reserveCapacity(4 << 20)
    try store.ficheListing(filter, into: &out, separator: [], split: split) { out, row in
      let comma = UInt8(ascii: ",")
      out += String(row.id).utf8
      out.append(comma)
      Renderer.csvText(row.name, into: &out)
      out.append(comma)
      Renderer.csvText(row.type, into: &out)
      out.append(comma)
      if let commune = row.commune { Renderer.csvText(commune, into: &out) }
      out.append(comma)
      if let email = row.email { Renderer.csvEmail(email, into: &out) }
      out.append(comma)
      Renderer.csvText(row.state, into: &out)
      out.append(comma)
      if let owner = row.owner { Renderer.csvText(owner, into: &out) }
      out.append(comma)
      // Sélection ids as the table shows them, "1, 2": quoted when there are several.
      let quoted = row.selectionIds.count > 1
      if quoted { out.append(UInt8(ascii: "\"")) }
      for (i, id) in row.selectionIds.enumerated() {
        if i > 0 { out += ", ".utf8 }
        out += String(id).utf8
      }
      if quoted { out.append(UInt8(ascii: "\"")) }
      out.append(UInt8(ascii: "\n"))
    }
    return out
  }

  /// One fiche of `json`: the keys of `keys`, as literals (ListingTests holds them to the table's).
  private static func json(_ row: FicheRowBytes, _ out: inout JSONBytes) {
    out.literal("{\"fiche_id\": ")
    out.int(row.id)
    out.literal(", \"name\": ")
    out.string(utf8: row.name)
    out.literal(", \"type\": ")
    out.string(utf8: row.type)
    out.literal(", \"commune\": ")
    out.string(orNull: row.commune)
    out.literal(", \"email\": ")
    out.string(orNull: row.email)
    out.literal(", \"state\": ")
    out.string(utf8: row.state)
    out.literal(", \"owner\": ")
    out.string(orNull: row.owner)
    out.literal(", \"selections\": [")
    for (i, id) in row.selectionIds.enumerated() {
      if i > 0 { out.literal(", ") }
      out.int(id)
    }
    out.literal("]}")
  }
}

// MARK: fiche

struct FicheCommand: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "fiche",
    abstract: "Montre une fiche : champs, e-mail, sélections, campagnes ; --raw, le JSON de l'export.")
  static let group = CommandGroup.fiches
  static let examples = ["fiche 5100001", "fiche \"hôtel du galibier\"", "fiche sétaz --raw"]
  @Argument(help: "La fiche : son id, ou son nom (ou son début, ou une partie).") var fiche: FicheRef
  @Flag(help: "Le JSON de la fiche tel que l'export l'a donné.") var raw = false
  @OptionGroup var output: OutputOptions

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    session.ficheCandidates(current)
  }

  func run(_ session: Session) throws {
    let t = session.t
    let ws = try session.workspace()
    // The JSON is read from snapshots/ only when asked for: without it the fiche shows even when its
    // export is gone.
    let id = try ws.store().ficheId(fiche)
    let d = raw ? try ws.fiche(id) : try ws.store().fiche(id)
    let f = d.summary
    let format = output.format ?? session.settings.format
    // The export's JSON as it gave it; at a terminal, its control characters escaped the JSON way, so
    // that it stays JSON (DESIGN.md §6).
    let exported = String(decoding: d.raw, as: UTF8.self)
    let rawText = session.outputIsTerminal ? TextSafety.escapeControls(inJSON: exported) : exported
    // The export's JSON has no CSV; a CSV of the session's or of a `> FILE.csv` yields to --raw.
    if raw && output.format == .csv { throw ShellError.usage(t("fiche.raw_csv")) }
    if raw && format != .json {
      session.print(rawText)
      return
    }
    var pairs: [(String, Cell)] = [
      ("fiche_id", .int(f.id)), ("name", .text(f.name)), ("type", .text(f.type)),
      ("commune", Cell(f.communeName ?? f.communeCode)), ("email", Cell(f.email)), ("state", .text(f.state)),
      ("owner", Cell(f.ownerName)), ("selections", .list(d.selections.map { Cell.int($0.id) })),
    ]
    // Its offres, as the card shows them (DESIGN §4: «fields, e-mail, sélections, campaigns»).
    if format == .json {
      let offres = try ws.offres(ofFiche: id).map { o in
        Cell.object([("id", .int(o.campaignId)), ("name", .text(o.campaign)), ("status", .text(o.status.label))])
      }
      pairs.append(("campaigns", .list(offres)))
    }
    if raw { pairs.append(("raw", .rawJSON(rawText))) }
    if format == .csv {
      // One row, with the columns of `fiches`.
      var summary = f
      summary.selectionIds = d.selections.map(\.id)
      session.show(FicheRows.table([summary], session: session, full: true), format: .csv)
      return
    }
    session.show(object: .object(pairs), format: format) {
      var lines: [(label: String, value: String)] = [
        (t("col.id"), String(f.id)), (t("col.name"), f.name), (t("col.type"), f.type),
        (t("col.identifier"), f.identifier ?? ""),
        (t("col.state"), f.state + (d.stateSince.map { " (" + t("fiche.since", $0) + ")" } ?? "")),
        (t("col.commune"), communeText(f, t)),
        // An address `send` would refuse is said so, as none is: the card is where staff look.
        (
          t("col.email"),
          f.email.map { MailAddress.checked($0) == nil ? t("email.invalid_long", $0) : $0 } ?? t("email.none_long")
        ),
        (t("col.owner"), f.ownerName ?? ""),
        // Apidae's timestamp read as the workspace's wall-clock time, as every other date here.
        (
          t("col.modified"),
          d.dateModification.map { LocalDateTime.apidae($0, in: ws.settings.timeZone)?.minuteText ?? $0 } ?? ""
        ),
        (t("col.created_in"), d.createdIn),
        (t("col.updated_in"), d.updatedIn),
        (
          t("col.selections"),
          d.selections.isEmpty
            ? t("fiche.no_selection") : d.selections.map { "\($0.id) \(t.quoted($0.name))" }.joined(separator: ", ")
        ),
      ]
      for extra in ficheCampaignLines(session, id) { lines.append((t("col.campaigns"), extra)) }
      return card(session, lines)
    }
  }

  /// The card's commune: its name and INSEE code, else the Apidae id the fiche carries, said to be named
  /// by no `communes.json` imported (an export may leave that file out), else nothing.
  private func communeText(_ f: FicheSummary, _ t: Catalogue) -> String {
    let named = [f.communeName, f.communeCode].compactMap { $0 }.joined(separator: " ")
    guard named.isEmpty, let id = f.communeId else { return named }
    return t("fiche.commune_unnamed", id)
  }
}

// MARK: selections

struct Selections: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "selections", abstract: "Liste les sélections Apidae telles qu'importées, avec leur nombre de fiches.",
    aliases: ["sélections"])
  static let group = CommandGroup.fiches
  static let examples = ["selections", "sélections --format json"]
  @OptionGroup var output: OutputOptions

  func run(_ session: Session) throws {
    let t = session.t
    let list = try session.store().selections()
    // «Fiches» counts the members `selection ID` lists and a campaign takes: those Open Edit has. The
    // others the export lists (deleted here, or never received) are counted apart; a table shows that
    // column only when a sélection has some, CSV and JSON always.
    let anyAbsent = list.contains { $0.membersDeletedOrUnknown > 0 }
    let withAbsent = anyAbsent || (output.format ?? session.settings.format) != .table
    var columns = [
      Column("id", t("col.id"), alignment: .right), Column("name", t("col.name")),
      Column("fiches", t("col.fiches"), alignment: .right),
    ]
    if withAbsent { columns.append(Column("absent", t("col.absent"), alignment: .right)) }
    var table = Table(columns: columns)
    for s in list {
      let present: [Cell] = [.int(s.id), .text(s.name), .int(s.members - s.membersDeletedOrUnknown)]
      table.rows.append(withAbsent ? present + [.int(s.membersDeletedOrUnknown)] : present)
    }
    if list.isEmpty { table.footer.append(t("selections.none")) }
    if anyAbsent { table.footer.append(t("selections.absent")) }
    session.show(table, format: output.format)
  }
}

struct SelectionCommand: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "selection", abstract: "Montre une sélection et ses fiches (par id ou par nom).",
    aliases: ["sélection"])
  static let group = CommandGroup.fiches
  static let examples = ["selection Hébergements", "sélection 49002 --format csv"]
  @Argument(help: "L'id ou le nom de la sélection.") var selection: String
  @OptionGroup var output: OutputOptions

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    session.selectionCandidates(current)
  }

  func run(_ session: Session) throws {
    let t = session.t
    let format = output.format ?? session.settings.format
    if format == .csv {
      // Its fiches, with the columns of `fiches`, read as `fiches` reads them: the sélection found, not read.
      let id = try session.store().resolveSelection(selection).id
      return try FicheRows.show(FicheFilter(selections: [String(id)]), format: .csv, session)
    }
    if format == .table && FicheRows.writesPlainTable(session) {
      // Written as `fiches --selection` writes its table, under the sélection's title.
      let store = try session.store()
      let ref = try store.resolveSelection(selection)
      let missing = try store.selectionMissing(ref.id)
      let (text, count) = try FicheRows.plainTable(store, FicheFilter(selections: [String(ref.id)]), session: session) {
        _ in missing.isEmpty ? [] : [t("selection.missing", idList(missing, names: [:]))]
      }
      session.write(t("selection.title", ref.id, TextSafety.escapeControls(ref.name), count) + "\n")
      session.write(utf8: text)
      return
    }
    let d = try session.store().selection(selection)
    let fiches = Cell.list(
      d.fiches.map { f -> Cell in
        Cell.object([
          ("fiche_id", .int(f.id)), ("name", .text(f.name)), ("type", .text(f.type)), ("email", Cell(f.email)),
        ])
      })
    session.show(object: .object([("id", .int(d.id)), ("name", .text(d.name)), ("fiches", fiches)]), format: format) {
      var out = t("selection.title", d.id, TextSafety.escapeControls(d.name), d.fiches.count) + "\n"
      var table = FicheRows.table(d.fiches, session: session, full: false)
      table.footer = []
      if !d.missing.isEmpty { table.footer.append(t("selection.missing", idList(d.missing, names: [:]))) }
      var r = session.renderer
      r.format = .table
      out += r.render(table)
      return out
    }
  }
}
