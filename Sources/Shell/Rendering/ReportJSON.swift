import Apidae
import OpenEdit

/// The reports of the commands that do something (`sync`, `nuit`, `diff`, `actualiser`, `import`,
/// `new campaign`, `send`), as one
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
    pairs.append(("selections_renamed", .int(c.renamedSelections.count)))
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
      (
        "renamed_selections",
        .list(
          c.renamedSelections.map { .object([("id", .int($0.id)), ("from", .text($0.from)), ("to", .text($0.to))]) })
      ),
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
    case .badExport(let name, let e, _): return badExport(name, e, message: message)
    case .interrupted(let name, _):
      return .object([
        ("kind", .text("interrupted")), ("export", .text(name.stem)), ("entry", .null), ("line", .null),
        ("column", .null), ("message", .text(message)),
      ])
    case .storeFailed(let name, _, _):
      return .object([
        ("kind", .text("store_failed")), ("export", .text(name.stem)), ("entry", .null), ("line", .null),
        ("column", .null), ("message", .text(message)),
      ])
    }
  }

  /// The export a sync (or `diff pending`) stops at, as `error`: its place in it, and the message standard
  /// error gives.
  static func badExport(_ name: ExportName, _ e: ExportError, message: String) -> Cell {
    .object([
      ("kind", .text("bad_export")), ("export", .text(name.stem)), ("entry", Cell(e.entry)), ("line", Cell(e.line)),
      ("column", Cell(e.column)), ("message", .text(message)),
    ])
  }

  /// `diff A B`, or `diff pending` (`pendingAt`, the clock time that decides which exports are due):
  /// the exports compared and what changes, with the keys of `sync`'s exports; `error`, as a sync's, the
  /// export due `diff pending` stopped at, after the exports before it.
  static func diff(_ d: ExportDiff, pendingAt: LocalDateTime?, error: Cell = .null) -> Cell {
    .object(
      [
        ("pending", .bool(pendingAt != nil)), ("at", Cell(pendingAt?.minuteText)), ("from", Cell(d.from?.stem)),
        ("to", pendingAt == nil ? Cell(d.exports.last?.stem) : .null),
        ("exports", .list(d.exports.map { .text($0.stem) })), ("counts", counts(d.changes)),
      ] + changes(d.changes) + [("not_due", .list(d.notDue.map(exportDue))), ("error", error)])
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
      ("audience", .int(counts.total)), ("by_status", byStatus(counts)),
    ])
  }

  /// `new campaign` (R6): the campaign made, its sélections by id and name, the fiches its audience was
  /// filled with, the members of its sélections left out by reason (`hidden`, `deleted`, `not_imported`),
  /// and the audience counted by status as `campaigns` counts it.
  static func campaignCreated(_ c: CampaignCreation, counts: OffreCounts) -> Cell {
    let selections = c.campaign.selections.map { Cell.object([("id", .int($0.id)), ("name", .text($0.name))]) }
    let leftOut = CampaignCreation.LeftOut.allCases.map { reason in
      let key =
        switch reason {
        case .hidden: "hidden"
        case .deleted: "deleted"
        case .notImported: "not_imported"
        }
      return (key, ids(c.leftOut[reason] ?? []))
    }
    return .object([
      (
        "campaign",
        .object([("id", .int(c.campaign.id)), ("name", .text(c.campaign.title)), ("selections", .list(selections))])
      ),
      ("added", ids(c.added)), ("left_out", .object(leftOut)), ("audience", .int(counts.total)),
      ("by_status", byStatus(counts)),
    ])
  }

  /// `send ID…` or `send --all` (R5): each e-mail written (with `dryRun`, that would be), the address it
  /// goes to, its file in `outbox/` (from the workspace) and the status its offre moves to; each offre not
  /// sent and why; the redirect address when `mail.redirect` sends everything there. `error` is `null`, or
  /// what stopped a send that wrote nothing: `refused` (`send ID` sends all or none) or `interrupted`.
  static func send(
    _ r: SendReport, campaign: Campaign, all: Bool, dryRun: Bool, at: LocalDateTime, error: SendStop? = nil,
    _ t: Catalogue
  ) -> Cell {
    let sent = r.sent.map { m in
      Cell.object([
        ("fiche_id", .int(m.ficheId)), ("to", .text(m.to)), ("redirected_from", Cell(m.redirectedFrom)),
        ("file", .text("outbox/" + m.file)), ("status", .text(OffreStatus.transmis.label)),
      ])
    }
    return .object([
      ("campaign", .object([("id", .int(campaign.id)), ("name", .text(campaign.title))])),
      ("dry_run", .bool(dryRun)), ("all", .bool(all)), ("at", .text(at.minuteText)), ("redirect", Cell(r.redirect)),
      ("sent", .list(sent)), ("refused", .list(r.refused.map { refusal($0, t) })),
      ("counts", .object([("sent", .int(r.sent.count)), ("refused", .int(r.refused.count))])),
      ("error", error.map { .object([("kind", .text($0.kind)), ("message", .text($0.message))]) } ?? .null),
    ])
  }

  /// Why a send wrote nothing, for its document: `kind` (`refused`, `interrupted`) and the message
  /// standard error gives.
  struct SendStop {
    var kind: String
    var message: String
  }

  /// An offre `send` did not write, and why: `reason` (`not_in_audience`, `wrong_status`, `no_email`,
  /// `invalid_email`, `actualiser_first`), its `status` (`null` out of the audience), the invalid address
  /// as the fiche has it, the status `actualiser` would give it, and the reason in words.
  static func refusal(_ r: SendRefusal, _ t: Catalogue) -> Cell {
    let toSend = Cell.text(OffreStatus.aTransmettre.label)
    let (reason, status, email, actualised): (String, Cell, Cell, Cell) =
      switch r.reason {
      case .notInAudience: ("not_in_audience", .null, .null, .null)
      case .wrongStatus(let s): ("wrong_status", .text(s.label), .null, .null)
      case .noEmail: ("no_email", toSend, .null, .null)
      case .invalidEmail(let e): ("invalid_email", toSend, .text(e), .null)
      case .actualiserFirst(let s): ("actualiser_first", toSend, .null, .text(s.label))
      }
    return .object([
      ("fiche_id", .int(r.ficheId)), ("reason", .text(reason)), ("status", status), ("email", email),
      ("after_actualiser", actualised), ("message", .text(refusalReason(r.ficheId, r.reason, t))),
    ])
  }

  /// An audience's offres counted by status, every status there, by its French label.
  static func byStatus(_ counts: OffreCounts) -> Cell {
    .object(OffreStatus.allCases.map { ($0.label, Cell.int(counts[$0])) })
  }

  /// An export `import` put into `snapshots/`: its row of `snapshots --format json`, whose `status` says
  /// whether the next sync takes it (`due`), its time has not come (`not_yet`), or it was imported already
  /// (`imported`: taken out of snapshots/ and given back), at the clock's `now`.
  static func imported(_ s: SnapshotSummary, now: LocalDateTime) -> Cell {
    .object([
      ("name", .text(s.name.stem)), ("file", .text(s.fileName)), ("project_id", .int(s.projectId)),
      ("exported_at", .text(s.exportedAt.minuteText)), ("ponctuel", .bool(s.ponctuel)),
      ("reinitialisation", .bool(s.reinitialisation)), ("objects", Cell(s.objects)), ("deleted", Cell(s.deleted)),
      ("status", .text(s.imported ? "imported" : s.exportedAt <= now ? "due" : "not_yet")),
      ("at", .text(now.minuteText)),
    ])
  }

  /// An export not imported yet, by its name and the time it is due, as the prose says it: `{"name", "at"}`
  /// (one named in the hour the clocks skip is due when they jump).
  static func exportDue(_ e: PendingExport) -> Cell {
    .object([("name", .text(e.name.stem)), ("at", .text(e.due.minuteText))])
  }

  /// `snapshots prune`: `{"dry_run", "reinitialisation", "removed": [{"name", "file", "exported_at", "bytes"}],
  /// "kept": [{"name", "file", "reason", "detail"}], "bytes", "repointed", "copied"}`; `reason` is a code
  /// (`not_imported`, `unreadable`, `changed`, `still_needed`, `not_removed`, `linked`), `detail` the words
  /// or null.
  static func pruned(_ r: PruneReport, _ t: Catalogue) -> Cell {
    func reason(_ k: KeptExport.Reason) -> (String, Cell) {
      switch k {
      case .notImported: ("not_imported", .null)
      case .unreadable(let e): ("unreadable", .text(e.describe(t)))
      case .changed: ("changed", .null)
      case .stillNeeded: ("still_needed", .null)
      case .notRemoved(let why): ("not_removed", .text(systemText(why, t)))
      case .linked(let through): ("linked", .text(through))
      }
    }
    return .object([
      ("dry_run", .bool(r.dryRun)), ("reinitialisation", Cell(r.reinitialisation?.stem)),
      (
        "removed",
        .list(
          r.removed.map { e in
            .object([
              ("name", .text(e.name.stem)), ("file", .text(e.fileName)), ("exported_at", .text(e.name.time.minuteText)),
              ("bytes", .int(Int(e.bytes))),
            ])
          })
      ),
      (
        "kept",
        .list(
          r.kept.map { k in
            let (code, detail) = reason(k.reason)
            return .object([
              ("name", .text(k.name.stem)), ("file", .text(k.fileName)), ("reason", .text(code)), ("detail", detail),
            ])
          })
      ),
      ("bytes", .int(Int(r.bytes))), ("repointed", .int(r.repointed)), ("copied", .int(r.copied)),
    ])
  }

  static func ids(_ list: [Int]) -> Cell { .list(list.map(Cell.int)) }
}
