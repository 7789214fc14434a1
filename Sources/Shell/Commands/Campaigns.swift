import Apidae
import ArgumentParser
import Foundation
import OpenEdit

let campaignCommands: [ParsableCommand.Type] = [
  Campaigns.self, NewGroup.self, OpenGroup.self, Close.self, CampaignGroup.self, Audience.self,
  Actualiser.self, Send.self, Why.self, JournalCommand.self,
]

extension Session {
  /// The open campaign, or a failure that says how to open one.
  func openCampaign() throws -> Campaign {
    guard let current = currentCampaign else {
      // The one campaign there is, by name, so that the line to type is there to copy.
      let titles = ((try? workspace().campaigns()) ?? []).map(\.campaign.title)
      if titles.count == 1 { throw ShellError.failure(t("campaign.none_open.one", Tokenizer.quote(titles[0]))) }
      throw ShellError.failure(t("campaign.none_open"))
    }
    return try workspace().campaign(id: current.id)
  }
}

/// The statuses, as every message lists them: « Email à transmettre », « Email transmis », …
func statusLabels(_ t: Catalogue) -> String { OffreStatus.allCases.map { t.status($0.label) }.joined(separator: ", ") }

extension OffreStatus {
  /// The status a command's argument names (`OffreStatus(parsing:)`), or the usage error that lists them.
  static func typed(_ text: String, _ t: Catalogue) throws -> OffreStatus {
    guard let status = OffreStatus(parsing: text) else {
      // A slip on a label or a key (`Email a transmetre`, `transmi`): the nearest label, as names are.
      let near = OffreStatus.nearest(text)
      let message = t("status.unknown", text, statusLabels(t))
      throw ShellError.usage(near.map { message + ". " + t("status.did_you_mean", t.status($0.label)) } ?? message)
    }
    return status
  }
}

/// Colours of statuses on a terminal.
func statusStyle(_ status: OffreStatus) -> Style {
  switch status {
  case .aTransmettre: return .yellow
  case .transmis: return .green
  case .horsSelection: return .dim
  case .supprimee: return .red
  case .masquee: return .magenta
  }
}

/// «3 « Email à transmettre », 2 « Email transmis »» (only the statuses present).
func countsLine(_ counts: OffreCounts, _ t: Catalogue) -> String {
  let parts = OffreStatus.allCases.filter { counts[$0] > 0 }.map { "\(counts[$0]) \(t.status($0.label))" }
  return parts.isEmpty ? "0" : parts.joined(separator: ", ")
}

func campaignCompletions(_ session: Session) -> [String] {
  ((try? session.workspace().campaigns()) ?? []).map(\.campaign.title)
}

// MARK: campaigns

struct Campaigns: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "campaigns", abstract: "Liste les campagnes, avec leur audience comptée par statut.",
    aliases: ["campagnes"])
  static let group = CommandGroup.campaigns
  static let examples = ["campaigns", "campagnes --format json"]
  @OptionGroup var output: OutputOptions

  func run(_ session: Session) throws {
    let t = session.t
    let list = try session.workspace().campaigns()
    let format = output.format ?? session.settings.format
    var columns = [
      Column("id", t("col.id"), alignment: .right), Column("name", t("col.title"), whole: true),
      Column("selections", t("col.selections")), Column("audience", t("col.audience"), alignment: .right),
    ]
    if format == .json {
      columns.append(Column("by_status", "by_status"))
    } else {
      columns += OffreStatus.allCases.map { Column($0.label, $0.label, alignment: .right) }
    }
    var table = Table(columns: columns)
    for s in list {
      var row: [Cell] = [
        .int(s.campaign.id), .text(s.campaign.title),
        // Ids alone in CSV, as `fiches` gives a fiche's sélections: names may hold «, » themselves.
        format == .table
          ? .text(s.campaign.selections.map { "\($0.id) \($0.name)" }.joined(separator: ", "))
          : .list(s.campaign.selectionIds.map(Cell.int)),
        .int(s.counts.total),
      ]
      if format == .json {
        row.append(.object(OffreStatus.allCases.map { ($0.label, Cell.int(s.counts[$0])) }))
      } else {
        row += OffreStatus.allCases.map { .int(s.counts[$0]) }
      }
      table.rows.append(row)
    }
    if list.isEmpty { table.footer.append(t("campaigns.none")) }
    session.show(table, format: format)
  }

  func clicks(_ session: Session) -> String? { session.t("clicks.campaigns") }
}

// MARK: new campaign

struct NewGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new", abstract: "Crée quelque chose : new campaign.", subcommands: [NewCampaign.self],
    aliases: ["nouvelle"])
}

struct NewCampaign: Report {
  static let configuration = CommandConfiguration.shell(
    commandName: "campaign",
    abstract: "Crée une campagne sur des sélections ; son audience part de ce qui est importé (R6).",
    aliases: ["campagne"])
  static let group = CommandGroup.campaigns
  static let examples = [
    "new campaign \"Été 2027\" --selection Hébergements",
    "new campaign \"Été 2027\" --selection Hébergements --format json",
  ]
  @Argument(help: "L'intitulé (unique).") var title: String
  @Option(name: .customLong("selection"), help: "Une sélection, par id ou par nom (répétable).")
  var selections: [String]
  @OptionGroup var output: ReportOptions

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    words.last == "--selection" ? session.selectionCandidates(current) : nil
  }

  func run(_ session: Session) throws {
    let t = session.t
    let json = try writesJSON(session)
    let created = try session.workspace().createCampaign(
      title: title, selections: selections, command: session.commandLine)
    let c = created.campaign
    if json {
      let counts = try session.workspace().offreCounts(campaignId: c.id)
      return session.show(json: ReportJSON.campaignCreated(created, counts: counts))
    }
    session.say(
      t(
        "campaign.created", c.id, c.title, c.selections.map { "\($0.id) \(t.quoted($0.name))" }.joined(separator: ", "),
        created.added.count))
    // R6 takes only visible fiches: the members of its sélections left out are counted and named.
    let leftOut = CampaignCreation.LeftOut.allCases.compactMap { reason in
      created.leftOut[reason].map { (reason, $0) }
    }
    if !leftOut.isEmpty {
      let names = try session.workspace().ficheNames(leftOut.flatMap { $0.1.prefix(8) })
      for (reason, ids) in leftOut {
        session.say(t(leftOutKey(reason), ids.count) + " " + idList(ids, names: names))
      }
    }
    session.say(t("campaign.created_next", Tokenizer.quote(c.title)))
  }

  func clicks(_ session: Session) -> String? { session.t("clicks.new_campaign") }

  private func leftOutKey(_ reason: CampaignCreation.LeftOut) -> String {
    switch reason {
    case .hidden: "campaign.left_out.hidden"
    case .deleted: "campaign.left_out.deleted"
    case .notImported: "campaign.left_out.not_imported"
    }
  }
}

// MARK: open / close

struct OpenGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "open", abstract: "Ouvre quelque chose : open campaign.", subcommands: [OpenCampaign.self],
    aliases: ["ouvrir"])
}

struct OpenCampaign: TakesManyWords {
  static let configuration = CommandConfiguration.shell(
    commandName: "campaign", abstract: "Ouvre une campagne (par intitulé ou id) : l'invite la montre.",
    aliases: ["campagne"])
  static let group = CommandGroup.campaigns
  static let examples = ["open campaign \"Mise à jour 2027\"", "open campaign 1"]
  @Argument(help: "L'intitulé ou l'id.") var campaign: [String]
  static var manyWords: WritableKeyPath<OpenCampaign, [String]> { \.campaign }

  /// A title, as the first word: the title's words may be typed unquoted, but once one is there a title
  /// proposed again would be a second one.
  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.count == 2 ? campaignCompletions(session) : []
  }

  func run(_ session: Session) throws {
    let ws = try session.workspace()
    let c = try ws.campaign(campaign.joined(separator: " "))
    session.currentCampaign = (c.id, c.title)
    let counts = try ws.offreCounts(campaignId: c.id)
    // A message, not a result (like git's «Switched to branch»): `-c "open campaign 1" -c "audience
    // --format json" | jq` reads the audience alone.
    session.inform(session.t("campaign.opened", c.title, counts.total, countsLine(counts, session.t)))
  }

  func clicks(_ session: Session) -> String? {
    session.currentCampaign.map { session.t("clicks.open_campaign", $0.title) }
  }
}

struct Close: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "close", abstract: "Ferme la campagne ouverte.", aliases: ["fermer"])
  static let group = CommandGroup.campaigns
  static let examples = ["close"]

  func run(_ session: Session) throws {
    let t = session.t
    session.inform(session.currentCampaign.map { t("campaign.closed", $0.title) } ?? t("campaign.none_to_close"))
    session.currentCampaign = nil
  }
}

// MARK: campaign set / rename

struct CampaignGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "campaign", abstract: "Règle la campagne ouverte : campaign set, campaign rename, campaign show.",
    subcommands: [CampaignShow.self, CampaignSet.self, CampaignRename.self], aliases: ["campagne"])
}

struct CampaignShow: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "show", abstract: "Montre la campagne ouverte : sélections, modèle d'e-mail, audience.",
    aliases: ["voir"])
  static let group = CommandGroup.campaigns
  static let examples = ["campaign show"]

  func run(_ session: Session) throws {
    let t = session.t
    let c = try session.openCampaign()
    let counts = try session.workspace().offreCounts(campaignId: c.id)
    let template = c.template
    session.say(t("campaign.show.title", c.id, c.title, c.createdAt))
    session.say(
      t("campaign.show.selections", c.selections.map { "\($0.id) \(t.quoted($0.name))" }.joined(separator: ", ")))
    session.say(t("campaign.show.audience", counts.total, countsLine(counts, t)))
    let defaultFrom = try session.workspace().settings.mail.from
    session.say(t("campaign.show.from", template.from ?? defaultFrom))
    session.say(t("campaign.show.subject", template.subject))
    session.say(t("campaign.show.body"))
    // Each paragraph of the body goes on under itself.
    for line in template.body.split(separator: "\n", omittingEmptySubsequences: false) {
      session.print(session.prose("  ", TextSafety.escapeControls(String(line)), column: 2))
    }
  }
}

struct CampaignSet: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "set",
    abstract:
      "Change l'objet, le corps ou l'expéditeur des e-mails ({nom}, {campagne}, {lien}, {commune}) ; \"\" remet le défaut."
  )
  static let group = CommandGroup.campaigns
  static let examples = ["campaign set subject \"{campagne} : votre fiche {nom}\""]
  @Argument(help: "subject, body ou from.") var part: String
  @Argument(help: "Le texte.") var text: String

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.count == 2 ? ["subject", "body", "from"] : []
  }

  func run(_ session: Session) throws {
    let t = session.t
    let c = try session.openCampaign()
    let ws = try session.workspace()
    let body = text.replacingOccurrences(of: "\\n", with: "\n")
    // The part said in the session's words («Objet», as French mail programs name the subject).
    let named: String
    switch part {
    case "subject", "objet", "sujet":
      _ = try ws.setCampaignTemplate(id: c.id, subject: text, command: session.commandLine)
      named = t("campaign.part.subject")
    case "body", "corps":
      _ = try ws.setCampaignTemplate(id: c.id, body: body, command: session.commandLine)
      named = t("campaign.part.body")
    case "from", "expediteur", "expéditeur":
      _ = try ws.setCampaignTemplate(id: c.id, from: text, command: session.commandLine)
      named = t("campaign.part.from")
    default: throw ShellError.usage(t("campaign.set.usage", part))
    }
    let reset = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    session.print(t(reset ? "campaign.set.reset" : "campaign.set.done", named, c.title))
  }
}

struct CampaignRename: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "rename", abstract: "Renomme la campagne ouverte.", aliases: ["renommer"])
  static let group = CommandGroup.campaigns
  static let examples = ["campaign rename \"Mise à jour 2027 (printemps)\""]
  @Argument(help: "Le nouvel intitulé.") var title: String

  func run(_ session: Session) throws {
    let c = try session.openCampaign()
    let renamed = try session.workspace().renameCampaign(id: c.id, to: title, command: session.commandLine)
    session.currentCampaign = (renamed.id, renamed.title)
    session.print(session.t("campaign.renamed", c.title, renamed.title))
  }
}

// MARK: audience

struct Audience: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "audience", abstract: "Liste les offres de la campagne ouverte, avec leur statut (bouton Audience).")
  static let group = CommandGroup.campaigns
  static let examples = [
    "audience", "audience --status \"Email à transmettre\"", "audience --no-email", "audience --format json",
  ]
  @Option(help: "Seulement ce statut (libellé ou clé : a_transmettre, transmis…) ; répété : l'un ou l'autre.")
  var status: [String] = []
  // The word after it even when it starts with a dash (`-resa`), as `fiches --search`.
  @Option(parsing: .unconditional, help: "Texte du nom, de la commune ou de l'e-mail.") var search: String?
  @Flag(name: .customLong("no-email"), help: "Seulement les offres qu'aucun e-mail valide n'atteint.")
  var noEmail = false
  @OptionGroup var output: OutputOptions

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.last == "--status" ? OffreStatus.allCases.map(\.label) : []
  }

  func run(_ session: Session) throws {
    let t = session.t
    let c = try session.openCampaign()
    let statuses = status.isEmpty ? nil : Set(try status.map { try OffreStatus.typed($0, t) })
    let (rows, counts) = try session.workspace().audience(
      campaignId: c.id, statuses: statuses, search: search, unreachable: noEmail)
    let format = output.format ?? session.settings.format
    var table = Audience.table(rows, json: format != .table, session: session)
    table.footer.append(t("audience.footer", c.title, rows.count, countsLine(counts, t)))
    session.show(table, format: format)
  }

  /// The columns of `audience`; a missing e-mail is said in a table, empty in CSV and null in JSON.
  static func table(_ rows: [AudienceRow], json: Bool, session: Session) -> Table {
    let t = session.t
    var table = Table(
      columns: [
        Column("fiche_id", t("col.id"), alignment: .right), Column("name", t("col.name")),
        Column("type", t("col.type"), whole: true),
        Column("commune", t("col.commune")), Column("email", t("col.email"), email: true),
        Column("status", t("col.status"), whole: true),
        Column("sent_at", t("col.sent_at"), whole: true),
      ],
      style: { column, cell in
        guard column == "status", case .text(let label) = cell else { return nil }
        return OffreStatus.allCases.first { $0.label == label }.map(statusStyle)
      })
    table.rows.reserveCapacity(rows.count)
    for r in rows {
      table.rows.append([
        .int(r.ficheId), .text(r.name), .text(r.type), Cell(r.commune),
        json ? Cell(r.email) : .text(r.email ?? t("email.none")), .text(r.status.label), Cell(r.sentAt),
      ])
    }
    return table
  }

  func clicks(_ session: Session) -> String? {
    session.currentCampaign.map { session.t("clicks.audience", $0.title) }
  }
}

// MARK: actualiser

struct Actualiser: Report {
  static let configuration = CommandConfiguration.shell(
    commandName: "actualiser",
    abstract:
      "Relit les sélections de la campagne ouverte : les nouvelles fiches passent en « Email à transmettre » (R4).",
    aliases: ["refresh"])
  static let group = CommandGroup.campaigns
  static let examples = ["actualiser", "actualiser --dry-run", "actualiser --dry-run --format json"]
  @Flag(name: .customLong("dry-run"), help: "Montre ce qui changerait, sans rien changer.") var dryRun = false
  @OptionGroup var output: ReportOptions

  func run(_ session: Session) throws {
    let t = session.t
    let json = try writesJSON(session)
    let c = try session.openCampaign()
    let ws = try session.workspace()
    let report = try ws.actualiser(campaignId: c.id, dryRun: dryRun, command: session.commandLine)
    if json {
      let counts = try ws.offreCounts(campaignId: c.id)
      return session.show(json: ReportJSON.actualiser(report, campaign: c, counts: counts))
    }
    if dryRun { session.say(t("sync.dry_run")) }
    if report.isEmpty {
      session.say(t("actualiser.nothing", c.title))
      if let first = try Actualiser.whatComesFirst(session, campaign: c) { session.say(first) }
      return
    }
    // Only the few ids each line shows are named: a report may list thousands.
    let shown =
      report.added.prefix(8)
      + OffreStatus.allCases.flatMap { (report.changesByStatus[$0] ?? []).prefix(8).map(\.ficheId) }
    let names = try ws.ficheNames(Array(shown))
    if !report.added.isEmpty {
      session.say(
        t(dryRun ? "actualiser.would_add" : "actualiser.added", report.added.count, OffreStatus.aTransmettre.label)
          + " " + idList(report.added, names: names))
    }
    for status in OffreStatus.allCases {
      guard let changes = report.changesByStatus[status], !changes.isEmpty else { continue }
      let list = changes.map { "\($0.ficheId) \(names[$0.ficheId] ?? "") (\($0.from.label) → \($0.to.label))" }
      session.say(
        t("actualiser.changed", changes.count, status.label) + " " + TextSafety.escapeControls(shortList(list)))
    }
    if !dryRun {
      let counts = try ws.offreCounts(campaignId: c.id)
      session.say(t("actualiser.now", counts.total, countsLine(counts, t)))
    }
  }

  /// The simulated Apidae's part of `whatComesFirst`, set by the teaching commands (as `Why.apidaeSide`).
  nonisolated(unsafe) static var apidaeSide: ((Session, Campaign) throws -> String?)? = nil

  /// An actualiser with nothing to do right after the campaign's sélection changed in Apidae is the
  /// procedure's common slip: it re-reads the sélections as imported. What must come first when it would
  /// change this campaign: the `sync` of the exports due, else (Apidae simulated) an export of the change.
  static func whatComesFirst(_ session: Session, campaign c: Campaign) throws -> String? {
    // The sync's own dry run, so that what it announces is what the sync and actualiser will do; an export
    // it cannot read is `sync`'s to say.
    let pending: SyncReport?
    do {
      pending = try session.workspace().sync(dryRun: true)
    } catch  where Interruption.isInterruption(error) {
      throw error
    } catch {
      pending = nil
    }
    if let pending, let use = pending.campaigns.first(where: { $0.campaign.id == c.id }) {
      let names = pending.imported.map(\.name.stem)
      return session.t("actualiser.sync_first", names.count, shortList(names), use.wouldAdd, use.wouldChange)
    }
    return try apidaeSide?(session, c)
  }

  /// Actualiser's click, not for a dry run (which clicks nothing).
  func clicks(_ session: Session) -> String? {
    guard !dryRun else { return nil }
    return session.currentCampaign.map { session.t("clicks.actualiser", $0.title) }
  }
}

// MARK: send

struct Send: TakesManyWords, Report {
  static let configuration = CommandConfiguration.shell(
    commandName: "send",
    abstract: "Envoie l'e-mail d'une offre « Email à transmettre » (picto enveloppe) : il est écrit dans outbox/ (R5).",
    aliases: ["envoyer"])
  static let group = CommandGroup.campaigns
  static let examples = ["send 5100010", "send --all --dry-run", "send --all --dry-run --format json"]
  @Argument(help: "Les fiches dont envoyer l'offre (id, ou nom).") var fiches: [FicheRef] = []
  static var manyWords: WritableKeyPath<Send, [FicheRef]> { \.fiches }
  @Flag(help: "Toutes les offres « Email à transmettre » qui peuvent l'être.") var all = false
  @Flag(name: .customLong("dry-run"), help: "Montre ce qui serait envoyé, sans rien écrire.") var dryRun = false
  @Flag(help: "Ne demande pas de confirmation.") var yes = false
  @OptionGroup var output: ReportOptions

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    guard let c = session.currentCampaign, let ws = try? session.workspace(),
      let rows = try? ws.audience(campaignId: c.id, statuses: [.aTransmettre]).rows,
      let sendable = try? ws.sendableFicheIds(campaignId: c.id)
    else { return [] }
    // Only what `send` would take (an address, nothing actualiser would set aside), and not twice.
    let given = Set(words.compactMap(Int.init))
    let proposed = rows.filter { sendable.contains($0.ficheId) && !given.contains($0.ficheId) }
    return Candidate.fiches(FicheCandidate.matching(current, in: proposed.map { ($0.ficheId, $0.name) }))
  }

  /// The words around `fiches[index]`, a name that names no fiche or several, that name one together,
  /// quoted: they were typed without quotes. Ids are no part of a name (`send 5100010 Camping La
  /// Buidonnière` is two fiches); nil when the words name no one fiche.
  static func oneNameUnquoted(_ fiches: [FicheRef], around index: Int, _ store: Store) throws -> String? {
    var start = index
    var end = index + 1
    while start > 0, fiches[start - 1].id == nil { start -= 1 }
    while end < fiches.count, fiches[end].id == nil { end += 1 }
    guard end - start > 1 else { return nil }
    let text = fiches[start..<end].map(\.text).joined(separator: " ")
    return (try? store.ficheId(FicheRef(text))) == nil ? nil : Tokenizer.quote(text)
  }

  func run(_ session: Session) throws {
    let t = session.t
    // Checked here rather than in `validate()`, which has no session to say it in the user's language.
    if all == !fiches.isEmpty { throw ShellError.usage(t("error.bad_arguments", "send", t("send.usage"), "help send")) }
    let json = try writesJSON(session)
    let c = try session.openCampaign()
    let ws = try session.workspace()
    // The send's document (JSON), what it wrote or would write; `dryRun` is the command's.
    func document(_ r: SendReport, stop: ReportJSON.SendStop? = nil) throws -> Cell {
      ReportJSON.send(r, campaign: c, all: all, dryRun: dryRun, at: try ws.clock().now(), error: stop, t)
    }
    let report: SendReport
    do {
      guard let sent = try deliver(campaign: c, ws, json: json, document: document, session) else { return }
      report = sent
    } catch {
      // A send that wrote nothing because an offre was refused, or Ctrl-C: its document says so (status 1).
      var refused: [SendRefusal] = []
      let kind: String
      if case MailSendError.refused(let refusals) = error {
        (kind, refused) = ("refused", refusals)
      } else if Interruption.isInterruption(error) {
        kind = "interrupted"
      } else {
        throw error
      }
      // Said alike in prose and in JSON (on standard error and as the document's error).
      let stopped = try withStepFirst(error, refused, campaign: c, ws, t)
      guard json else { throw stopped }
      let redirect = ws.settings.mail.redirect.flatMap(MailAddress.checked)
      let nothing = SendReport(campaignId: c.id, dryRun: dryRun, sent: [], redirect: redirect, refused: refused)
      let stop = ReportJSON.SendStop(kind: kind, message: Interpreter.present(stopped, t).message)
      session.show(json: try document(nothing, stop: stop))
      throw stopped
    }
    if !all || dryRun || yes { try warnPendingExports(report, campaign: c, session) }
    if json { return session.show(json: try document(report)) }
    if dryRun { session.say(t("sync.dry_run")) }
    // Once for --all (unless the question said it already); each line names both addresses anyway.
    if all, dryRun || yes, let redirect = report.redirect, !report.sent.isEmpty {
      session.say(t("send.redirect_all", redirect))
    }
    // Thousands of lines would hide the summary: the first ones, then the count (journal has them all).
    let shown = report.sent.count > 50 ? 20 : report.sent.count
    let names = try ws.ficheNames(report.sent.prefix(shown).map(\.ficheId))
    for m in report.sent.prefix(shown) {
      // The fiche named, as it may have been typed by a part of its name.
      let who = names[m.ficheId].map { "\(m.ficheId) \(t.quoted(TextSafety.escapeControls($0)))" } ?? String(m.ficheId)
      // A redirected e-mail reaches no socio-pro: both addresses are named.
      let to = m.redirectedFrom.map { t("send.redirected", m.to, $0) } ?? m.to
      session.say(t(dryRun ? "send.would" : "send.sent", who, to, m.file))
    }
    if shown < report.sent.count {
      session.say(t(dryRun ? "send.would_more" : "send.sent_more", report.sent.count - shown, report.sent.count))
    }
    if report.sent.isEmpty { session.say(t("send.nothing", c.title)) }
    try showRefusals(report.refused, campaign: c, ws, session)
  }

  /// The refusal `error` of `refused`, with the step that comes first when one has it: the address may be
  /// what an export due brings (`sync` first, rather than a fix made already), and a fiche the sync brought
  /// into the campaign's sélections is not in its audience before `actualiser` (R3); else `error` itself.
  func withStepFirst(_ error: Error, _ refused: [SendRefusal], campaign c: Campaign, _ ws: Workspace, _ t: Catalogue)
    throws -> Error
  {
    let pending = try pendingForEmail(refused, campaign: c, ws)
    var stepSaid = !pending.isEmpty
    let lines = refused.map { r in
      if case .notInAudience = r.reason,
        case .needsActualiser(let s)? = try? ws.why(campaignId: c.id, ficheId: r.ficheId).answer
      {
        stepSaid = true
        return String(r.ficheId) + t("punct.colon") + t("refusal.needs_actualiser", WhyText.sels(s, t))
      }
      return refusalText(r, t) + syncFirst(r, pending, t)
    }
    guard stepSaid else { return error }
    return ShellError.failure(t("send.refused", lines.joined(separator: t("punct.semicolon"))))
  }

  /// The exports due, not imported yet, that change the fiches refused for their e-mail (none, or not an
  /// address), by fiche: what the send says to `sync` first. Read only when there are such refusals.
  func pendingForEmail(_ refused: [SendRefusal], campaign: Campaign, _ ws: Workspace) throws -> [Int: [String]] {
    let ids = refused.compactMap { r -> Int? in
      switch r.reason {
      case .noEmail, .invalidEmail: r.ficheId
      case .notInAudience, .wrongStatus, .actualiserFirst: nil
      }
    }
    guard !ids.isEmpty else { return [:] }
    return try ws.fichesChangedByDueExports(ids, selectionIds: Set(campaign.selectionIds))
  }

  /// «, mais un export pas encore importé change la fiche (…) : « sync » d'abord» after a refusal, when
  /// `pending` names exports for its fiche.
  func syncFirst(_ r: SendRefusal, _ pending: [Int: [String]], _ t: Catalogue) -> String {
    pending[r.ficheId].map { t("refusal.sync_first", $0.joined(separator: ", "), $0.count) } ?? ""
  }

  /// Sends (or, with `dryRun`, tries) the offres asked for: `--all` after its question unless `--yes`;
  /// nil when nothing is left to show (nothing to send, said already; the question answered no).
  private func deliver(
    campaign c: Campaign, _ ws: Workspace, json: Bool, document: (SendReport, ReportJSON.SendStop?) throws -> Cell,
    _ session: Session
  ) throws -> SendReport? {
    let t = session.t
    // In JSON the lines before the question are messages: the document is the result.
    let tell = json ? session.inform : session.say
    if all {
      if !dryRun && !yes {
        let preview = try ws.sendAll(campaignId: c.id, dryRun: true, command: session.commandLine)
        if preview.sent.isEmpty {
          if json {
            session.show(json: try document(preview, nil))
            return nil
          }
          session.say(t("send.nothing", c.title))
          try showRefusals(preview.refused, campaign: c, ws, session)
          return nil
        }
        // A script cannot answer: without --yes it fails before saying anything (status 2), in JSON and in
        // prose alike (the redirect's note went to standard output before the usage error).
        if session.cannotAsk {
          throw ShellError.usage(t("send.needs_yes"))
        }
        // Said before the question: the answer is about e-mails that reach no socio-pro, or that an
        // import due would change.
        if let redirect = preview.redirect { tell(t("send.redirect_all", redirect)) }
        try warnPendingExports(preview, campaign: c, session)
        // The offres it will not write are counted in the question: they are listed after it.
        let question =
          preview.refused.isEmpty
          ? t("send.confirm", preview.sent.count, c.title)
          : t("send.confirm_refused", preview.sent.count, c.title, preview.refused.count)
        guard try session.approve(question, cancelled: t("send.cancelled"), needsYes: t("send.needs_yes")) else {
          return nil
        }
      }
      return try ws.sendAll(campaignId: c.id, dryRun: dryRun, command: session.commandLine)
    } else {
      var ids: [Int] = []
      for (i, fiche) in fiches.enumerated() {
        do {
          ids.append(try ws.store().ficheId(fiche))
        } catch let error as QueryError {
          // `send Camping La Buidonnière`: one name typed without quotes, each word taken for a fiche.
          guard let quoted = try Send.oneNameUnquoted(fiches, around: i, ws.store()) else { throw error }
          let message = error.shellError(t).message + t("parser.quote_hint", quoted)
          throw ShellError.usage(t("error.bad_arguments", "send", message, "help send"))
        }
      }
      return try ws.send(campaignId: c.id, ficheIds: ids, dryRun: dryRun, command: session.commandLine)
    }
  }

  /// R5 allows sending what the store knows, but an export due and not imported yet changes these
  /// fiches (their address, maybe): a warning names it, and `sync` first; for `--all`, one counting them.
  func warnPendingExports(_ report: SendReport, campaign: Campaign, _ session: Session) throws {
    guard !report.sent.isEmpty else { return }
    let t = session.t
    let changed = try session.workspace().fichesChangedByDueExports(
      report.sent.map(\.ficheId), selectionIds: Set(campaign.selectionIds))
    guard !changed.isEmpty else { return }
    if all {
      let ids = changed.keys.sorted()
      let exports = Set(changed.values.joined()).sorted()
      session.warn(
        t(
          "send.pending_exports_all", ids.count, shortList(ids.map(String.init)), exports.joined(separator: ", "),
          exports.count))
      return
    }
    for m in report.sent {
      guard let exports = changed[m.ficheId] else { continue }
      session.warn(t("send.pending_exports", m.ficheId, exports.joined(separator: ", "), exports.count))
    }
  }

  /// The offres `send --all` left, each named as a sent one is (the socio-pros to call instead), with why.
  func showRefusals(_ refused: [SendRefusal], campaign: Campaign, _ ws: Workspace, _ session: Session) throws {
    guard !refused.isEmpty else { return }
    let t = session.t
    let pending = try pendingForEmail(refused, campaign: campaign, ws)
    let names = try ws.ficheNames(refused.map(\.ficheId))
    session.say(t("send.refused_header", refused.count))
    for r in refused {
      let who = names[r.ficheId].map { "\(r.ficheId) \(t.quoted(TextSafety.escapeControls($0)))" } ?? String(r.ficheId)
      session.say("  " + who + t("punct.colon") + refusalReason(r.ficheId, r.reason, t) + syncFirst(r, pending, t))
    }
  }

  /// The envelope's click, when one was made: not for a dry run, nor a send cancelled at the question.
  func clicks(_ session: Session) -> String? {
    guard !dryRun, session.replayedAs != "" else { return nil }
    return session.currentCampaign.map { session.t("clicks.send", $0.title) }
  }
}

func refusalText(_ r: SendRefusal, _ t: Catalogue) -> String { refusalText(r.ficheId, r.reason, t) }

func refusalText(_ ficheId: Int, _ reason: SendRefusal.Reason, _ t: Catalogue) -> String {
  String(ficheId) + t("punct.colon") + refusalReason(ficheId, reason, t)
}

/// Why an offre cannot be sent, without the fiche's id in front (`why` names the fiche already).
func refusalReason(_ ficheId: Int, _ reason: SendRefusal.Reason, _ t: Catalogue) -> String {
  switch reason {
  case .notInAudience: return t("refusal.not_in_audience", ficheId)
  case .wrongStatus(let s): return t("refusal.wrong_status", ficheId, s.label)
  case .noEmail: return t("refusal.no_email", ficheId)
  case .invalidEmail(let e): return t("refusal.invalid_email", ficheId, e)
  case .actualiserFirst(let s): return t("refusal.actualiser_first", ficheId, s.label)
  }
}

// MARK: why

struct Why: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "why", abstract: "Dit où en est une fiche sur le chemin de la campagne ouverte, et l'étape suivante.",
    aliases: ["pourquoi"])
  static let group = CommandGroup.campaigns
  static let examples = ["why 5100021", "pourquoi \"hôtel du gal\""]
  @Argument(help: "La fiche : son id, ou son nom (ou son début, ou une partie).") var fiche: FicheRef

  /// What the simulated Apidae side adds (a change made in Apidae and not exported yet), set by the
  /// teaching area.
  nonisolated(unsafe) static var apidaeSide: ((Session, Int, Campaign, WhyAnswer) throws -> WhyText.Apidae)? = nil

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    session.ficheCandidates(current)
  }

  /// The id of a fiche Open Edit does not have yet, by its name in the simulated Apidae (teaching area).
  nonisolated(unsafe) static var apidaeFicheId: ((Session, FicheRef) -> Int?)? = nil

  /// The fiche `ref` names: in Open Edit, else (not imported yet) in the simulated Apidae.
  static func ficheId(_ ref: FicheRef, _ session: Session) throws -> Int {
    do {
      return try session.store().ficheId(ref)
    } catch QueryError.unknownFicheName(let name) {
      // Not in Open Edit yet: maybe in Apidae, where `why` can follow it from.
      guard let found = apidaeFicheId?(session, ref) else { throw QueryError.unknownFicheName(name) }
      return found
    }
  }

  func run(_ session: Session) throws {
    let c = try session.openCampaign()
    let id = try Why.ficheId(fiche, session)
    let ws = try session.workspace()
    let found = try ws.why(campaignId: c.id, ficheId: id)
    var facts = found.facts
    let answer = found.answer
    let clock = try ws.clock()
    let apidae = try Why.apidaeSide?(session, id, c, answer) ?? WhyText.Apidae()
    // A fiche no export brought yet is named as the simulated Apidae has it.
    if facts.fiche == nil, facts.pendingName == nil { facts.pendingName = apidae.name }
    let text = WhyText.text(answer, facts: facts, campaign: c, now: try clock.now(), in: clock.timeZone, session.t)
    for line in text.lines + apidae.lines { session.say(line) }
    // One next step: the Apidae side knows better when it has one (the change is made there already).
    if let next = apidae.next ?? text.next { session.say(next) }
  }
}

/// `why` in plain words: where the fiche stands, and the one next step.
enum WhyText {
  /// What the simulated Apidae side says: lines of fact, and the next step when it knows it.
  struct Apidae {
    var lines: [String] = []
    var next: String? = nil
    /// The fiche's name in the project, for one Open Edit does not have yet.
    var name: String? = nil
  }

  /// The answer's lines of fact and its next step (none when there is nothing left to do).
  static func text(
    _ answer: WhyAnswer, facts: WhyFacts, campaign: Campaign, now: LocalDateTime, in timeZone: TimeZone, _ t: Catalogue
  ) -> (lines: [String], next: String?) {
    var lines = lines(answer, facts: facts, campaign: campaign, now: now, in: timeZone, t)
    let next = lines.count > 1 ? lines.removeLast() : nil
    return (lines, next)
  }

  static func sels(_ s: [CampaignSelection], _ t: Catalogue) -> String {
    s.map { "\($0.id) \(t.quoted($0.name))" }.joined(separator: ", ")
  }

  /// `sync` now when the first of these exports is due, else from the time it is due, as `sync` names it
  /// (when the clocks jump, for one named in the hour they skip); but first the unreadable export the
  /// sync would stop at before reaching it.
  static func syncStep(
    _ exports: [String], blockedBy unreadable: [String], now: LocalDateTime, in timeZone: TimeZone, _ t: Catalogue
  ) -> String {
    let first = exports.compactMap(ExportName.parse).min()
    if let bad = unreadable.compactMap(ExportName.parse).min(), first.map({ bad < $0 }) ?? true {
      return t("why.blocked", bad.stem)
    }
    guard let first, first.time > now else {
      // The sync imports those due alone: the others, named, wait for their time.
      let later = exports.compactMap(ExportName.parse).filter { $0.time > now }.sorted()
      guard let next = later.first else { return t("why.waiting.next_due", exports.count) }
      let due = exports.compactMap(ExportName.parse).filter { $0.time <= now }.sorted()
      return t(
        "why.waiting.next_some_due", due.map(\.stem).joined(separator: ", "),
        later.map(\.stem).joined(separator: ", "), next.time.onTheClock(in: timeZone).minuteText, later.count)
    }
    return t("why.waiting.next_at", first.time.onTheClock(in: timeZone).minuteText, exports.count)
  }

  /// The fact, then the next step when there is one.
  static func lines(
    _ answer: WhyAnswer, facts: WhyFacts, campaign: Campaign, now: LocalDateTime, in timeZone: TimeZone, _ t: Catalogue
  ) -> [String] {
    // A fiche not imported yet is named as the export waiting carries it.
    let who =
      (facts.fiche?.name ?? facts.pendingName).map { "\(facts.ficheId) \(t.quoted($0))" } ?? String(facts.ficheId)
    let title = campaign.title
    switch answer {
    case .unknownFiche(let s): return [t("why.unknown", who), t("why.unknown.next", sels(s, t))]
    case .waitingForSync(let exports):
      return [
        t("why.waiting", who, exports.joined(separator: ", "), exports.count),
        syncStep(exports, blockedBy: facts.unreadablePendingExports, now: now, in: timeZone, t),
      ]
    case .changedByPendingExports(let exports, let status):
      return [
        t("why.pending_change", who, status.label, exports.joined(separator: ", "), exports.count),
        syncStep(exports, blockedBy: facts.unreadablePendingExports, now: now, in: timeZone, t),
      ]
    case .ficheDeleted(let since): return [t("why.deleted", who, since ?? "?"), t("why.deleted.next")]
    case .ficheHidden(let since): return [t("why.hidden", who, since ?? "?"), t("why.hidden.next")]
    case .notInCampaignSelections(let fs, let cs):
      return [
        t("why.not_in_selections", who, fs.isEmpty ? t("fiche.no_selection") : sels(fs, t), title, sels(cs, t)),
        t("why.not_in_selections.next"),
      ]
    case .needsActualiser(let s):
      return [t("why.needs_actualiser", who, sels(s, t), title), t("why.needs_actualiser.next", title)]
    case .actualiserWouldChange(let from, let to):
      return [t("why.would_change", who, from.label, to.label), t("why.needs_actualiser.next", title)]
    case .readyToSend(let email): return [t("why.ready", who, email), t("why.ready.next", facts.ficheId)]
    case .cannotSend(let reason):
      let r = refusalReason(facts.ficheId, reason, t)
      return [t("why.cannot_send", who, r), t("why.cannot_send.next")]
    case .sent(let at, let to, let file): return [t("why.sent", who, at, to ?? "?", file ?? "?")]
    case .horsSelection(let since, let previous):
      return [t("why.hors", who, since, previous?.label ?? "—"), t("why.hors.next")]
    case .masquee(let since, let export, let previous):
      // Set aside as «Hors sélection» is: what gives the offre its status back.
      return [t("why.masquee", who, since, export ?? "?", previous?.label ?? "—"), t("why.hidden.next")]
    case .supprimee(let since, let export):
      return [t("why.supprimee", who, since, export ?? "?"), t("why.deleted.next")]
    }
  }
}

// MARK: journal

struct JournalCommand: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "journal", abstract: "Montre ce qui a été fait, quand, par quelle commande.")
  static let group = CommandGroup.campaigns
  static let examples = [
    "journal", "journal --kind mail", "journal --fiche 5100001 --format csv", "journal --limit 20",
  ]
  @Option(help: "Seulement cette fiche (id, ou nom).") var fiche: FicheRef?
  @Option(help: "Seulement cette campagne (intitulé ou id).") var campaign: String?
  @Option(help: "Seulement ce genre d'entrée (mail.sent ; mail pour tous les mail.…).") var kind: String?
  @Option(help: "Seulement les N dernières entrées.") var limit: Int?
  @OptionGroup var output: OutputOptions

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    switch words.last {
    case "--campaign": return campaignCompletions(session)
    case "--kind":
      let kinds = (try? session.workspace().journalKinds()) ?? []
      // The families (`mail`, `offre`) and the kinds themselves.
      return Array(Set(kinds.compactMap { $0.split(separator: ".").first.map(String.init) })).sorted() + kinds
    default: return []
    }
  }

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    words.last == "--fiche" ? session.ficheCandidates(current) : nil
  }

  func run(_ session: Session) throws {
    let t = session.t
    let ws = try session.workspace()
    if let limit, limit < 1 { throw ShellError.usage(t("journal.limit", limit)) }
    let campaignId = try campaign.map { try ws.campaign($0).id }
    let ficheId = try fiche.map { try ws.store().ficheId($0) }
    let entries = try ws.journal(ficheId: ficheId, campaignId: campaignId, kind: kind, last: limit)
    // An id Open Edit never had is a slip more likely than a fiche with no story, as `fiche ID` says.
    if let ficheId, entries.isEmpty, try !ws.store().knowsFiche(ficheId) { throw QueryError.unknownFiche(ficheId) }
    // A kind the journal has never held is a typo more likely than an empty answer.
    if let kind, entries.isEmpty {
      let kinds = try ws.journalKinds()
      if !kinds.isEmpty && !kinds.contains(where: { CampaignJournal.kind($0, isKeptBy: kind) }) {
        throw ShellError.usage(t("journal.unknown_kind", kind, shortList(kinds, limit: 20)))
      }
    }
    var table = Table(columns: [
      Column("at", t("col.at"), whole: true), Column("kind", t("col.kind")),
      Column("campaign_id", t("col.campaign"), alignment: .right),
      Column("fiche_id", t("col.fiche"), alignment: .right), Column("detail", t("col.detail")),
      Column("command", t("col.command")),
    ])
    let format = output.format ?? session.settings.format
    // JSON keeps the data an import's row holds (README); a table or CSV says it in the session's words.
    // Only the table says what happened in words («Horloge réglée»): CSV and JSON keep the kind's code
    // (`clock.set`), which scripts filter on, as `--kind` takes it.
    let readable = format == .table
    for e in entries {
      let detail = format == .json ? e.detail : e.detail.map { JournalDetail.worded(kind: e.kind, $0, t) }
      table.rows.append([
        .text(e.at), .text(readable ? JournalDetail.label(e.kind, t) : e.kind), Cell(e.campaignId),
        Cell(e.ficheId), Cell(readable ? detail.map { JournalDetail.readable(kind: e.kind, $0, t) } : detail),
        Cell(e.command),
      ])
    }
    if entries.isEmpty { table.footer.append(t("journal.empty")) }
    session.show(table, format: output.format)
  }
}

/// The journal's rows of imports and of the simulated Apidae's exports hold data
/// (`4242_20270301-0200_AAAAAA reinitialisation created=4 modified=0 …`, `ExportReport.journalDetail`):
/// the table says them in the session's language, the counts that are not zero.
enum JournalDetail {
  static let countKeys = [
    "created": "journal.n.created", "modified": "journal.n.modified", "hidden": "journal.n.hidden",
    "published": "journal.n.published", "deleted": "journal.n.deleted", "unknown_deletions": "journal.n.unknown",
    "selections_changed": "journal.n.selections", "selections_renamed": "journal.n.renamed",
    "objects": "journal.n.objects",
  ]

  /// What a kind of entry is, in the session's words (`clock.set`: «Horloge réglée»); a kind of a later
  /// version, as it is.
  static func label(_ kind: String, _ t: Catalogue) -> String {
    Catalogue.french["journal.kind." + kind] != nil ? t("journal.kind." + kind) : kind
  }

  /// A detail that holds the code's words, in the session's for a table: the Apidae side's change
  /// (`nom: A → B; email: C → D`, «nom : A → B ; e-mail : C → D»), a scheduled change skipped
  /// (`fiche_deleted 5100012`, «la fiche 5100012 est supprimée dans Apidae»), an e-mail's file
  /// («… (outbox/20270216-103000_c1_5100001.eml)») and a campaign's parts (`subject, body`, «objet, corps»).
  /// Names and addresses stay as they are; CSV keeps these details as they are written.
  static func readable(kind: String, _ detail: String, _ t: Catalogue) -> String {
    switch kind {
    case "apidae.fiche.changed":
      // The e-mail's part comes last: its «; email: » is the last one, whatever a name holds.
      var text = detail
      if let email = text.range(of: "; email: ", options: .backwards) {
        text.replaceSubrange(email, with: t("punct.semicolon") + t("field.email") + t("punct.colon"))
      }
      for (code, field) in [("nom: ", "field.name"), ("email: ", "field.email")] where text.hasPrefix(code) {
        return t(field) + t("punct.colon") + text.dropFirst(code.count)
      }
      return text
    case "apidae.event.skipped":
      // `fiche_deleted 5100012`: the error that skipped the change, as Apidae's side says it.
      return ApidaeError(journalDetail: detail).map { $0.shellError(t).message } ?? detail
    case "mail.sent":
      // `ADDRESS FILE`: the address, and the file where it is, in outbox/.
      guard let space = detail.lastIndex(of: " ") else { return detail }
      return t("journal.mail_sent", String(detail[..<space]), String(detail[detail.index(after: space)...]))
    case "snapshots.pruned":
      // `REINIT removed=N repointed=R copied=C bytes=B: STEM STEM…`
      let halves = detail.components(separatedBy: ": ")
      let words = halves[0].split(separator: " ")
      var counts: [String: Int64] = [:]
      for word in words.dropFirst() {
        let pair = word.split(separator: "=", maxSplits: 1)
        if pair.count == 2, let n = Int64(pair[1]) { counts[String(pair[0])] = n }
      }
      guard halves.count == 2, let reinit = words.first, let removed = counts["removed"], let bytes = counts["bytes"]
      else { return detail }
      return t(
        "journal.pruned", removed, diskSize(bytes, t), String(reinit),
        halves[1].split(separator: " ").joined(separator: ", "))
    case "campaign.template":
      let parts = detail.components(separatedBy: ", ")
      let keys = ["subject": "journal.part.subject", "body": "journal.part.body", "mail_from": "journal.part.from"]
      guard parts.allSatisfy({ keys[$0] != nil }) else { return detail }
      return parts.compactMap { keys[$0].map { t($0) } }.joined(separator: ", ")
    default: return detail
    }
  }

  static func worded(kind: String, _ detail: String, _ t: Catalogue) -> String {
    if kind == "fiche.modified" { return modification(detail, t) }
    guard kind == "import" || kind == "apidae.export" else { return detail }
    let words = detail.split(separator: " ").map(String.init)
    guard let stem = words.first, ExportName.parse(stem) != nil else { return detail }
    var reinitialisation: Bool?
    var ponctuel = false
    var parts: [String] = []
    for word in words.dropFirst() {
      switch word {
      case "reinitialisation": reinitialisation = true
      case "differential": reinitialisation = false
      case "ponctuel": ponctuel = true
      default:
        let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
        // An export's deleted ids are not fiches deleted in Open Edit.
        let key =
          kind == "apidae.export" && pair.first == "deleted"
          ? "journal.n.deleted_ids" : pair.first.flatMap { countKeys[$0] }
        if pair.count == 2, let key, let n = Int(pair[1]) {
          if n != 0 || kind == "apidae.export" { parts.append(t(key, n)) }
        } else {
          parts.append(word)  // a word of a later version, as it is
        }
      }
    }
    guard let reinitialisation else { return detail }
    let what =
      (reinitialisation ? t("kind.reinit") : t("kind.differential")) + (ponctuel ? ", " + t("kind.ponctuel") : "")
    return t("journal.import", stem, what, parts.isEmpty ? t("changes.none") : parts.joined(separator: ", "))
  }

  /// `STEM fields=name,email` as «STEM (nom, e-mail)»; a field of a later version as it is.
  private static func modification(_ detail: String, _ t: Catalogue) -> String {
    let words = detail.split(separator: " ", maxSplits: 1).map(String.init)
    guard words.count == 2, words[1].hasPrefix("fields=") else { return detail }
    let names = words[1].dropFirst("fields=".count).split(separator: ",").map(String.init)
    let fields = names == ["other"] ? [] : names.map { FicheField(rawValue: $0) }
    let text =
      fields.contains(nil)
      ? names.joined(separator: ", ") : fieldList(fields.compactMap { $0 }, t)
    return words[0] + " (" + text + ")"
  }
}

extension Session {
  /// Completion candidates read from the workspace, or none when it cannot be read.
  func workspaceCandidates(_ kind: CandidateKind, _ prefix: String) -> [String] {
    (try? workspace().completionCandidates(kind, prefix: prefix)) ?? []
  }

  /// The fiches Open Edit has, for an id argument: by id, or by a part of the name.
  func ficheCandidates(_ typed: String) -> [Candidate] {
    Candidate.fiches((try? workspace().ficheCandidates(typed)) ?? [])
  }

  /// The names of the fiches Open Edit has that hold `typed` (case and accents ignored), for a search:
  /// each name once, found otherwise when it does not start with what is typed.
  func ficheNameCandidates(_ typed: String) -> [Candidate] {
    Candidate.names(((try? workspace().ficheCandidates(named: typed)) ?? []).map(\.name), typed: typed)
  }

  /// The sélections whose name holds `typed`, as a sélection argument finds them.
  func selectionCandidates(_ typed: String) -> [Candidate] {
    Candidate.names((try? workspace().selectionNames(holding: typed)) ?? [], typed: typed)
  }

  /// The fiches of the Apidae project, for an id argument: by id, or by a part of the name.
  func apidaeFicheCandidates(_ typed: String) -> [Candidate] {
    let fiches = (try? ApidaeProject(workspace: workspace()).fiches()) ?? []
    return Candidate.fiches(FicheCandidate.matching(typed, in: fiches.map { ($0.fiche.id, $0.fiche.name) }))
  }
}

// MARK: hooks into other commands

/// After a sync: each campaign using a changed sélection or holding a fiche the sync hid, deleted or
/// changed, and what actualiser would do there (R3: nothing changed).
func campaignSyncNotes(_ session: Session, _ report: SyncReport) -> [String] {
  report.campaigns.map { u in
    u.selectionIds.isEmpty
      ? session.t("sync.campaign_note.audience", u.campaign.title, u.wouldAdd, u.wouldChange)
      : session.t("sync.campaign_note", u.campaign.title, u.wouldAdd, u.wouldChange)
  }
}

/// In `fiche ID`: the campaigns the fiche is in, with its status in each.
func ficheCampaignLines(_ session: Session, _ id: Int) -> [String] {
  ((try? session.workspace().offres(ofFiche: id)) ?? []).map {
    "\(session.t.quoted($0.campaign))" + session.t("punct.colon") + $0.status.label
  }
}
