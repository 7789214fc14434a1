import Apidae
import Foundation
import OpenEdit

// How the domain's typed errors read in the shell, and which exit status they mean.

/// At most `limit` items, then «… (+N)» for the rest: how a long list of names or ids reads in one line.
func shortList(_ items: [String], limit: Int = 8) -> String {
  var parts = Array(items.prefix(limit))
  if items.count > limit { parts.append("… (+\(items.count - limit))") }
  return parts.joined(separator: ", ")
}

/// `message`, then « Vouliez-vous dire … ? » when a name is a typing slip away from what was not found.
func nearly(_ message: String, _ near: String?, _ t: Catalogue) -> String {
  guard let near else { return message }
  return message + (message.hasSuffix(".") ? " " : ". ") + t("error.did_you_mean", near)
}

/// An unknown Apidae type's message (`key`, with the type and the list of Apidae's), and the nearest
/// type when it is a typing slip away («hotelerie»), as sélections and communes are suggested.
func unknownTypeMessage(_ key: String, _ type: String, _ t: Catalogue) -> String {
  let types = FicheType.allCases.map(\.rawValue)
  return nearly(t(key, type, types.joined(separator: ", ")), nearestName(type, among: types), t)
}

/// `word` as sh reads it back whole, for a command line a message suggests (`oesh init '/tmp/mon office'`):
/// as it is when nothing in it is special to sh, else between single quotes.
func shellWord(_ word: String) -> String {
  let special = Set(" \t\n'\"\\$`;&|<>()*?[]#~!{}")
  guard word.isEmpty || word.contains(where: special.contains) else { return word }
  return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Fiches an ambiguous name may mean: «id « name »», at most eight.
func ficheCandidates(_ fiches: [FicheName], _ t: Catalogue) -> String {
  shortList(fiches.map { "\($0.id) \(t.quoted($0.name))" })
}

/// A size in whole megabytes (10^6 bytes, as file managers count): «6700 Mo», «6700 MB».
func megabytes(_ bytes: UInt64, _ t: Catalogue) -> String {
  t("size.megabytes", (bytes + 500_000) / 1_000_000)
}

/// A size as a file manager says it: «12 ko» under a megabyte, else «6700 Mo».
func diskSize(_ bytes: Int64, _ t: Catalogue) -> String {
  bytes < 1_000_000 ? t("size.kilobytes", (max(bytes, 0) + 999) / 1000) : megabytes(UInt64(bytes), t)
}

/// The candidates of an ambiguous name, each quoted, at most eight.
func candidates(_ names: [String], _ t: Catalogue) -> String { shortList(names.map { t.quoted($0) }) }

extension WorkspaceError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .missing(let p): return ShellError(.workspace, t("workspace.missing", p, shellWord(p)))
    case .notADirectory(let p): return ShellError(.workspace, t("workspace.not_a_directory", p))
    case .notAWorkspace(let p): return ShellError(.workspace, t("workspace.not_a_workspace", p, shellWord(p)))
    case .insideAWorkspace(let p, let root):
      return ShellError(.workspace, t("workspace.inside_a_workspace", p, root, shellWord(root)))
    case .alreadyAWorkspace(let p): return ShellError(.failure, t("workspace.already", p))
    case .unreadable(let p, let why):
      return ShellError(.workspace, t("workspace.unreadable", p, systemText(why, t)))
    case .settingsNotARegularFile(let p):
      return ShellError(.workspace, t("workspace.unreadable", p, t("export.reason.not_a_regular_file")))
    case .settingsTooLarge(let p, let size): return ShellError(.workspace, t("workspace.settings_too_large", p, size))
    case .badSettings(let path, let line, let problem):
      let place = line.map { "\(path):\($0)" } ?? path
      return ShellError(.workspace, t("workspace.bad_settings", place, problem.text(t)))
    case .cannotCreate(let p, let why): return ShellError(.failure, t("workspace.cannot_create", p, systemText(why, t)))
    case .snapshotsUnusable(let p, let why):
      return ShellError(.failure, t("workspace.snapshots_unusable", p, systemText(why, t)))
    case .snapshotsMissing(let p): return ShellError(.failure, t("workspace.snapshots_missing", p))
    case .moved(let p): return ShellError(.workspace, t("workspace.moved", p))
    }
  }
}

extension SettingsProblem {
  func text(_ t: Catalogue) -> String {
    switch self {
    case .syntax(let column, let detail):
      let column = column.map(String.init) ?? "?"
      // A setting given twice, the parser's commonest slip here, said in the session's language (French had
      // only the column).
      if let range = detail.range(of: "cannot redefine existing "),
        let key = detail[range.upperBound...].split(separator: "'").dropFirst().first
      {
        return t("settings.syntax_redefined", column, String(key))
      }
      return t("settings.syntax", column, detail)
    case .notUTF8: return t("settings.not_utf8")
    case .notAString(let key): return t("settings.not_a_string", key)
    case .notAPositiveInteger(let key): return t("settings.not_a_positive_integer", key)
    case .notATable(let key): return t("settings.not_a_table", key)
    case .unknownTimeZone(let zone): return t("settings.unknown_time_zone", t.quoted(zone))
    }
  }
}

extension StoreError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .locked(let p): return ShellError(.workspace, t("store.locked", p))
    case .unreadable(let p, let why): return ShellError(.workspace, t("store.unreadable", p, systemText(why, t)))
    case .diskFull(let p): return .failure(t("store.disk_full", p))
    case .readOnly(let p): return ShellError(.workspace, t("store.read_only", p))
    case .ioError(let p): return .failure(t("store.io_error", p))
    case .newerVersion(let p, let unknown):
      // For a user, which oesh to install; the migrations' names, after «détail», for a developer.
      return ShellError(.workspace, t("store.newer_version", p, unknown.joined(separator: ", "), oeshVersion))
    case .unexpected(let p, let code): return .failure(t("store.unexpected", p, code))
    }
  }
}

extension ClockError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .badTime(let s): return .usage(t("clock.bad_time", s))
    case .realClock: return .failure(t("clock.real_clock"))
    case .corruptSetting(let s): return .failure(t("clock.corrupt", s))
    case .outOfRange(let s): return .usage(t("clock.out_of_range", s))
    case .noMorningAfter(let when): return .failure(t("clock.no_morning_after", when.minuteText))
    case .skipped(let s, let zone, let from, let to):
      return .usage(
        t(
          "clock.skipped", s, zone, String(to.minuteText.prefix(10)), String(from.minuteText.suffix(5)),
          String(to.minuteText.suffix(5))))
    }
  }
}

extension ExportError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError { .failure(t("export.refused", describe(t))) }

  /// «export X, entrée Y, ligne L, colonne C : raison» («…, column C: reason» in English).
  func describe(_ t: Catalogue) -> String {
    var place = t("export.place.export", export)
    if let entry { place += t(entryIsSidecar ? "export.place.sidecar" : "export.place.entry", entry) }
    if let line { place += t("export.place.line", line) }
    if let column { place += t("export.place.column", column) }
    return place + t("punct.colon") + reasonText(t)
  }

  func reasonText(_ t: Catalogue) -> String {
    switch reason {
    case .badName: return t("export.reason.bad_name")
    case .notFound: return t("export.reason.not_found")
    case .notAZip: return t("export.reason.not_a_zip")
    case .truncated: return t("export.reason.truncated")
    case .checksumMismatch: return t("export.reason.checksum")
    case .damagedData: return t("export.reason.damaged")
    case .unsupportedCompression: return t("export.reason.unsupported_compression")
    case .unreadable(let why): return t("export.reason.unreadable", systemText(why, t))
    case .missingSelections: return t("export.reason.missing_selections")
    case .selectionsInFolder(let folder): return t("export.reason.selections_in_folder", folder)
    case .duplicateEntry: return t("export.reason.duplicate_entry")
    case .unexpectedEntry: return t("export.reason.unexpected_entry")
    case .malformedJSON(let why): return t("export.reason.malformed", JSONMessage.text(why, t))
    case .wrongShape(let why): return t("export.reason.wrong_shape", JSONMessage.text(why, t))
    case .unwritable(let why): return t("export.reason.unwritable", systemText(why, t))
    case .tooLarge(let size): return t("export.reason.too_large", megabytes(size, t))
    case .symbolicLink: return t("export.reason.symbolic_link")
    case .encryptedEntry: return t("export.reason.encrypted")
    case .sidecarTooLarge(let size): return t("export.reason.sidecar_too_large", size)
    case .notARegularFile: return t("export.reason.not_a_regular_file")
    case .danglingLink(let target): return t("export.reason.dangling_link", target)
    case .linkLoop: return t("export.reason.link_loop")
    case .linkToEnclosingFolder: return t("export.reason.link_to_enclosing_folder")
    case .damagedDirectory: return t("export.reason.damaged_directory")
    }
  }
}

extension SyncError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .badExport(let name, let error, let report):
      let key =
        report.dryRun
        ? "sync.bad_export.dry_run" : report.imported.isEmpty ? "sync.bad_export.first" : "sync.bad_export"
      return .failure(t(key, name.stem, error.describe(t), report.imported.count))
    case .interrupted(let name, let report):
      // Nothing imported before it: no «0 imported by this sync» to say.
      if report.imported.isEmpty { return .failure(t("sync.interrupted.first", name.stem)) }
      return .failure(t("sync.interrupted", name.stem, report.imported.count))
    case .storeFailed(let name, let error, let report):
      // The store's own status (3 for a workspace that cannot be written), its words, and what stays.
      let store = error.shellError(t)
      // «Nothing of this command is kept» is not true of a sync: what it imported before stays.
      let reason = if case .diskFull(let p) = error { t("sync.disk_full", p) } else { store.message }
      return ShellError(store.kind, t("sync.store_failed", name.stem, reason, report.imported.count))
    }
  }
}

extension ImportError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .needsAsOf(let n): return .usage(t("import.needs_as_of", n))
    case .impossibleDate(let n): return .usage(t("import.impossible_date", n))
    case .unknownProjectId(let n): return .usage(t("import.unknown_project", n))
    case .otherProject(let theirs, let ours): return .failure(t("import.other_project", theirs, ours))
    case .alreadyPresent(let n): return .failure(t("import.already", n))
    case .presentWithOtherContent(let n): return .failure(t("import.already_other", n))
    case .unreadable(let e): return .failure(t("export.refused", e.describe(t)))
    case .copyFailed(let p, let why): return .failure(t("import.copy_failed", p, systemText(why, t)))
    case .cannotWrite(let p, let why): return .failure(t("import.cannot_write", p, systemText(why, t)))
    }
  }
}

extension PruneError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .reinitialisationMissing(let stem): return .failure(t("prune.reinit_missing", stem))
    case .reinitialisationUnreadable(let stem, let error):
      return .failure(t("prune.reinit_unreadable", stem, error.describe(t)))
    case .reinitialisationChanged(let stem): return .failure(t("prune.reinit_changed", stem))
    }
  }
}

extension DiffError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .badExport(let name, let error, let diff):
      return .failure(t("sync.bad_export.dry_run", name.stem, error.describe(t), diff.exports.count))
    case .unreadableExport(let name, let error, let to) where name == to:
      return .failure(t("diff.unreadable_target", name.stem, error.describe(t)))
    case .unreadableExport(let name, let error, let to):
      return .failure(t("diff.unreadable_export", name.stem, error.describe(t), to.stem))
    }
  }
}

extension QueryError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .unknownFiche(let id): return .failure(t("query.unknown_fiche", id))
    // A blank name names nothing: it is what was typed that is wrong, as an empty file after `>` is.
    case .unknownSelection(let s, _) where s.allSatisfy(\.isWhitespace): return .usage(t("query.blank_selection"))
    case .unknownSelection(let s, let near): return .failure(nearly(t("query.unknown_selection", s), near, t))
    case .ambiguousSelection(let s, let candidates):
      return .failure(t("query.ambiguous_selection", s, shortList(candidates.map { "\($0.id) \(t.quoted($0.name))" })))
    case .unknownType(let s): return .usage(unknownTypeMessage("query.unknown_type", s, t))
    case .unknownExport(let s, let near): return .failure(nearly(t("query.unknown_export", s), near, t))
    case .ignoredExport(_, let file, let reason):
      return .failure(t("query.ignored_export", file, ignoredReason(reason, t)))
    case .ambiguousExport(let s, let names): return .failure(t("query.ambiguous_export", s, shortList(names)))
    case .unknownCommune(let s, let near): return .failure(nearly(t("query.unknown_commune", s), near, t))
    case .unknownFicheName(let s) where s.allSatisfy(\.isWhitespace): return .usage(t("query.blank_fiche"))
    case .unknownFicheName(let s): return .failure(t("query.unknown_fiche_name", s, Tokenizer.quote(s)))
    case .ambiguousFiche(let s, let fiches): return .failure(t("query.ambiguous_fiche", s, ficheCandidates(fiches, t)))
    case .ambiguousCommune(let s, let names): return .failure(t("query.ambiguous_commune", s, candidates(names, t)))
    case .exportsOutOfOrder(let a, let b): return .usage(t("query.out_of_order", a, b))
    case .sameExport(let a, let b, let stem): return .usage(t("query.same_export", a, b, stem))
    case .rawExportMissing(let id, let export): return .failure(t("query.raw_missing", id, export))
    case .rawExportChanged(let id, let export): return .failure(t("query.raw_changed", id, export))
    case .rawExportUnreadable(let id, let error): return .failure(t("query.raw_unreadable", id, error.describe(t)))
    }
  }
}

extension CampaignError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .invalidTitle(let s): return .usage(t("campaign.invalid_title", s))
    case .titleTaken(let s): return .failure(t("campaign.title_taken", s))
    case .noSelection: return .usage(t("campaign.needs_selection"))
    case .unknownSelection(let id): return .failure(t("query.unknown_selection", id))
    case .notFound(let s, let near): return .failure(nearly(t("campaign.not_found", s), near, t))
    case .ambiguous(let s, let titles): return .failure(t("campaign.ambiguous", s, candidates(titles, t)))
    case .unknownPlaceholder(let p):
      return .usage(
        t("campaign.unknown_placeholder", p, CampaignTemplate.placeholders.map { "{\($0)}" }.joined(separator: ", ")))
    case .invalidFrom(let s): return .usage(t("campaign.invalid_from", s))
    case .bodyWithoutLink: return .usage(t("campaign.body_without_link"))
    case .numericTitle(let s): return .usage(t("campaign.numeric_title", s))
    }
  }
}

extension MailSendError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .refused(let refusals):
      return .failure(t("send.refused", refusals.map { refusalText($0, t) }.joined(separator: t("punct.semicolon"))))
    case .invalidFrom(let s): return .failure(t("campaign.invalid_from", s))
    case .invalidSetting(let key, let s): return .failure(t("send.invalid_setting." + key.rawValue, s))
    case .invalidTime(let s): return .failure(t("clock.corrupt", s))
    case .outbox(let path, let why): return .failure(t("send.outbox", path, systemText(why, t)))
    case .outboxUnlisted(let path, let why): return .failure(t("send.outbox_unlisted", path, systemText(why, t)))
    case .unsupportedTransport(let name):
      return .failure(t("send.unsupported_transport", name, MailSettings.defaultTransport))
    }
  }
}

/// A system failure's reason in the user's words: `systemReason` gives a code, the POSIX name of the
/// error («ENOSPC») or the store's (`SQLITE_CORRUPT`), worded here; a code without words («errno 71»,
/// `SQLite 19`, an error's type) is an unexpected error, the code kept after «détail» for a developer.
func systemText(_ why: String, _ t: Catalogue) -> String {
  let key = "system." + why
  return Catalogue.table(for: t.language)[key] != nil || Catalogue.french[key] != nil
    ? t(key) : t("system.unexpected", why)
}

/// The reason of a failed system call, from its error number, in the user's words.
func systemText(errno code: Int32, _ t: Catalogue) -> String {
  systemText(systemReason(errno: code), t)
}
