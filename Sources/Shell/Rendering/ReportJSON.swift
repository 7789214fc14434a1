import Apidae
import OpenEdit

/// The reports of the commands that do something (`sync`, `nuit`, `diff`, `actualiser`, `import`), as one
/// JSON object each for scripts (`--format json`): the data of their prose, with stable snake_case keys,
/// every key present (an empty list is `[]`, an unknown value `null`), fiches by their ids alone (their
/// names are `fiches --format json`'s: a report lists thousands of ids and names only a few), status
/// labels in French as in every listing. The domain's report values, rendered; nothing is read here.
enum ReportJSON {
  /// A sync (`sync`, `sync --dry-run`, `nuit`); with `error`, the one that stopped it after `report`'s
  /// exports (which stay imported).
  static func sync(_ report: SyncReport, error: SyncError? = nil, _ t: Catalogue) -> Cell {
    .object([
      ("at", .text(report.at.minuteText)), ("dry_run", .bool(report.dryRun)),
      ("exports", .list(report.imported.map(export))),
      ("campaigns", .list(report.campaigns.map(campaignUse))),
      ("next", report.next.map(exportDue) ?? .null),
      ("error", error.map { syncError($0, t) } ?? .null),
    ])
  }

  /// One export a sync imported (or would): its kind, its counts, and what it changed.
  static func export(_ e: ExportReport) -> Cell {
    let occasion: Cell = e.isNightly.map { .text($0 ? "nightly" : "ponctuel") } ?? .null
    return .object(
      [
        ("name", .text(e.name.stem)), ("reinitialisation", .bool(e.reinitialisation)), ("occasion", occasion),
        ("late", .bool(e.late)), ("objects", .int(e.objects)), ("deleted_in_export", .int(e.deletedInExport)),
        ("counts", counts(e.changes, unknownDeletions: e.unknownDeletions.count)),
      ] + changes(e.changes) + [
        ("unknown_deletions", ids(e.unknownDeletions)), ("kept_newer", ids(e.keptNewer)),
      ])
  }

  /// The counts of a set of changes, with the keys of the journal's import rows (`created=N …`).
  static func counts(_ c: ChangeSet, unknownDeletions: Int? = nil) -> Cell {
    var pairs: [(String, Cell)] = [
      ("created", .int(c.created.count)), ("modified", .int(c.modified.count)), ("hidden", .int(c.hidden.count)),
      ("published", .int(c.published.count)), ("deleted", .int(c.deleted.count)),
    ]
    if let unknownDeletions { pairs.append(("unknown_deletions", .int(unknownDeletions))) }
    pairs.append(("selections_changed", .int(c.selections.count)))
    return .object(pairs)
  }

  /// The lists of a set of changes (`sync`'s exports, `diff`): fiche ids, a modification with the fields
  /// it changed as `FicheField` names them (`["other"]` when only the rest of its JSON did, as the
  /// journal's `fields=other`), each sélection's change.
  static func changes(_ c: ChangeSet) -> [(String, Cell)] {
    let modified = c.modified.map { id in
      let fields = c.modifiedFields[id] ?? []
      return Cell.object([
        ("fiche_id", .int(id)),
        ("fields", .list(fields.isEmpty ? [.text("other")] : fields.map { .text($0.rawValue) })),
      ])
    }
    let selections = c.selections.map { s in
      Cell.object([
        ("id", .int(s.id)), ("name", .text(s.name)), ("created", .bool(s.isNew)), ("dropped", .bool(s.dropped)),
        ("entered", ids(s.entered)), ("left", ids(s.left)),
      ])
    }
    return [
      ("created", ids(c.created)), ("modified", .list(modified)), ("hidden", ids(c.hidden)),
      ("published", ids(c.published)), ("deleted", ids(c.deleted)), ("selections", .list(selections)),
    ]
  }

  /// A campaign a sync leaves needing `actualiser`, and what it would do there; `selections` empty when
  /// the campaign is named for its audience's fiches alone.
  static func campaignUse(_ u: CampaignUse) -> Cell {
    .object([
      ("id", .int(u.campaign.id)), ("name", .text(u.campaign.title)), ("selections", ids(u.selectionIds)),
      ("would_add", .int(u.wouldAdd)), ("would_change", .int(u.wouldChange)),
    ])
  }

  /// Where a sync stopped, and why: the export, the place in it for a bad one, and the message standard
  /// error gives, in the session's language.
  static func syncError(_ error: SyncError, _ t: Catalogue) -> Cell {
    let message = error.shellError(t).message
    switch error {
    case .badExport(let name, let e, _):
      return .object([
        ("kind", .text("bad_export")), ("export", .text(name.stem)), ("entry", Cell(e.entry)), ("line", Cell(e.line)),
        ("column", Cell(e.column)), ("message", .text(message)),
      ])
    case .interrupted(let name, _):
      return .object([
        ("kind", .text("interrupted")), ("export", .text(name.stem)), ("entry", .null), ("line", .null),
        ("column", .null), ("message", .text(message)),
      ])
    }
  }

  /// `diff A B`, or `diff pending` (`pendingAt`, the clock time that decides which exports are due):
  /// the exports compared and what changes, with the keys of `sync`'s exports.
  static func diff(_ d: ExportDiff, pendingAt: LocalDateTime?) -> Cell {
    .object(
      [
        ("pending", .bool(pendingAt != nil)), ("at", Cell(pendingAt?.minuteText)), ("from", Cell(d.from?.stem)),
        ("to", pendingAt == nil ? Cell(d.exports.last?.stem) : .null),
        ("exports", .list(d.exports.map { .text($0.stem) })), ("counts", counts(d.changes)),
      ] + changes(d.changes) + [("not_due", .list(d.notDue.map(exportDue)))])
  }

  /// `actualiser` (R4): the fiches added, the offres whose status changes, and the audience after it
  /// (as it stands, for a dry run), counted by status as `campaigns` counts it.
  static func actualiser(_ r: ActualiserReport, campaign: Campaign, counts: OffreCounts) -> Cell {
    let changed = r.changes.map { c in
      Cell.object([("fiche_id", .int(c.ficheId)), ("from", .text(c.from.label)), ("to", .text(c.to.label))])
    }
    return .object([
      ("campaign", .object([("id", .int(campaign.id)), ("name", .text(campaign.title))])),
      ("dry_run", .bool(r.dryRun)), ("added", ids(r.added)), ("changed", .list(changed)),
      ("audience", .int(counts.total)),
      ("by_status", .object(OffreStatus.allCases.map { ($0.label, Cell.int(counts[$0])) })),
    ])
  }

  /// An export `import` put into `snapshots/`: its row of `snapshots --format json`, whose `status` says
  /// whether the next sync takes it (`due`) or its time has not come (`not_yet`), at the clock's `now`.
  static func imported(_ s: SnapshotSummary, now: LocalDateTime) -> Cell {
    .object([
      ("name", .text(s.name.stem)), ("file", .text(s.fileName)), ("project_id", .int(s.projectId)),
      ("exported_at", .text(s.exportedAt.minuteText)), ("ponctuel", .bool(s.ponctuel)),
      ("reinitialisation", .bool(s.reinitialisation)), ("objects", Cell(s.objects)), ("deleted", Cell(s.deleted)),
      ("status", .text(s.exportedAt <= now ? "due" : "not_yet")), ("at", .text(now.minuteText)),
    ])
  }

  /// An export not imported yet, by its name and the time it is due, as the prose says it: `{"name", "at"}`
  /// (one named in the hour the clocks skip is due when they jump).
  static func exportDue(_ e: PendingExport) -> Cell {
    .object([("name", .text(e.name.stem)), ("at", .text(e.due.minuteText))])
  }

  static func ids(_ list: [Int]) -> Cell { .list(list.map(Cell.int)) }
}
