import Apidae
import ArgumentParser
import Foundation
import OpenEdit

/// `apidae …`: the Apidae side, simulated. Where the seed's procedure starts («ajoutez la fiche dans
/// votre sélection Apidae en modifiant le ou les filtres», «demander un calcul exceptionnel du projet»).
/// Its changes reach Open Edit only through the exports it writes into `snapshots/`.
struct ApidaeGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apidae", abstract: "Simule le côté Apidae : sélections, fiches, calcul exceptionnel.",
    subcommands: [
      ApidaeSelections.self, ApidaeSelectionCommand.self, ApidaeFiches.self, ApidaeFicheCommand.self,
      ApidaeHide.self, ApidaePublish.self, ApidaeDelete.self, ApidaeNew.self, ApidaeCalcul.self,
      ApidaeAgenda.self,
    ])
}

struct ApidaeNew: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new", abstract: "Crée dans Apidae.", subcommands: [ApidaeNewFicheCommand.self],
    aliases: ["nouvelle"])
}

extension Session {
  /// The Apidae project, current: exports read in, scheduled changes due by now applied.
  func apidae() throws -> ApidaeProject {
    let project = ApidaeProject(workspace: try workspace())
    try project.prepare(command: commandLine)
    return project
  }
}

extension ApidaeError: ShellPresentable {
  func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .unknownFiche(let id): return .failure(t("apidae.error.unknown_fiche", id))
    case .unknownFicheName(let s): return .failure(t("apidae.error.unknown_fiche_name", s))
    case .ambiguousFiche(let s, let fiches): return .failure(t("query.ambiguous_fiche", s, ficheCandidates(fiches, t)))
    case .unknownSelection(let s, let near):
      return .failure(nearly(t("apidae.error.unknown_selection", s), near, t))
    case .ambiguousSelection(let s, let names):
      return .failure(t("apidae.error.ambiguous", s, candidates(names, t)))
    case .unknownCommune(let c, let near): return .failure(nearly(t("apidae.error.unknown_commune", c), near, t))
    case .ambiguousCommune(let c, let names):
      return .failure(t("apidae.error.ambiguous", c, candidates(names, t)))
    case .unknownOwner(let o, let near): return .failure(nearly(t("apidae.error.unknown_owner", o), near, t))
    case .ambiguousOwner(let o, let names): return .failure(t("apidae.error.ambiguous", o, candidates(names, t)))
    case .unknownType(let type): return .usage(unknownTypeMessage("apidae.error.unknown_type", type, t))
    case .ficheDeleted(let id): return .failure(t("apidae.error.deleted", id))
    case .emptyName: return .usage(t("apidae.error.empty_name"))
    case .includedAndExcluded(let id): return .usage(t("apidae.error.included_and_excluded", id))
    case .textTooLong(let field, let bytes):
      return .usage(t("apidae.error.too_long", t("field.\(field.rawValue)"), bytes, ExportReader.longestText))
    case .empty: return .failure(t("apidae.error.empty"))
    case .realClock: return .failure(t("clock.real_clock"))
    case .clockBeforeExport(let name, let clock):
      return .failure(t("apidae.error.clock_before_export", clock.minuteText, name.stem, name.time.minuteText))
    }
  }
}

/// How the Apidae side's results read.
enum ApidaeView {
  /// After a change in Apidae: Open Edit will know only after the next export.
  static func notYet(_ session: Session) {
    session.say(session.t("apidae.not_yet"))
  }

  static func filterText(_ f: ApidaeFilter, communes: [Int: String], _ t: Catalogue) -> String {
    if f.isEmpty { return t("apidae.filter.none") }
    var parts: [String] = []
    if !f.types.isEmpty { parts.append(t("apidae.filter.types", f.types.joined(separator: ", "))) }
    if !f.communeIds.isEmpty {
      parts.append(t("apidae.filter.communes", f.communeIds.map { communes[$0] ?? String($0) }.joined(separator: ", ")))
    }
    if let o = f.owner { parts.append(t("apidae.filter.owner", o)) }
    if let text = f.text { parts.append(t("apidae.filter.text", text)) }
    return parts.joined(separator: t("punct.semicolon"))
  }

  /// The name of the project's fiche `ref` names, for `explain`; what was typed when it names none.
  static func ficheName(_ session: Session, _ ref: FicheRef) -> String {
    guard let project = try? ApidaeProject(workspace: session.workspace()),
      let fiche = try? project.fiche(project.ficheId(ref))
    else { return ref.text }
    return fiche.fiche.name
  }

  static func communeNames(_ project: ApidaeProject) -> [Int: String] {
    Dictionary(((try? project.communes()) ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
  }

  /// «+2 −1» for what the next export changes in a sélection, "" when nothing.
  static func delta(_ s: ApidaeSelectionState, _ t: Catalogue) -> String {
    if s.selection.exported == nil { return t("apidae.never_exported") }
    if s.entering.isEmpty && s.leaving.isEmpty { return "" }
    return "+\(s.entering.count) −\(s.leaving.count)"
  }

  /// The columns of `apidae fiches`; a missing e-mail is said in a table, empty in CSV and null in JSON.
  static func ficheTable(_ fiches: [ApidaeFiche], communes: [Int: String], format: OutputFormat, session: Session)
    -> Table
  {
    let t = session.t
    var table = Table(columns: [
      Column("fiche_id", t("col.id"), alignment: .right), Column("name", t("col.name")),
      Column("type", t("col.type"), whole: true),
      Column("commune", t("col.commune")), Column("email", t("col.email"), email: true),
      Column("state", t("col.state"), whole: true),
      Column("pending", t("apidae.col.pending")),
    ])
    for a in fiches {
      let f = a.fiche
      table.rows.append([
        .int(f.id), .text(f.name), .text(f.type), Cell(f.communeId.flatMap { communes[$0] }),
        format == .table ? .text(f.email ?? t("email.none")) : Cell(f.email), .text(f.state),
        .bool(a.pending),
      ])
    }
    return table
  }

  /// A sélection's fiches with the columns of `apidae fiches`, by name.
  static func memberTable(
    _ s: ApidaeSelectionState, fiches: [Int: ApidaeFiche], communes: [Int: String], format: OutputFormat,
    session: Session
  ) -> Table {
    var table = ficheTable(s.members.compactMap { fiches[$0] }, communes: communes, format: format, session: session)
    // In the table, a fiche entering the sélection is to export too (the next export carries it in), whatever
    // its own data; CSV keeps the rows of `apidae fiches`.
    if format == .table, !s.entering.isEmpty {
      let entering = Set(s.entering)
      for i in table.rows.indices where table.rows[i].first.map({ entering.contains(Int($0.plain) ?? 0) }) ?? false {
        table.rows[i][table.rows[i].count - 1] = .text(session.t("apidae.fiche.entering"))
      }
    }
    table.rows.sort { ($0[1].plain.lowercased(), $0[0].plain) < ($1[1].plain.lowercased(), $1[0].plain) }
    return table
  }

  /// The project's fiches, deleted ones too, by id.
  static func fichesById(_ project: ApidaeProject) throws -> [Int: ApidaeFiche] {
    Dictionary(uniqueKeysWithValues: try project.fiches(includeDeleted: true).map { ($0.fiche.id, $0) })
  }

  static func selectionText(_ s: ApidaeSelectionState, project: ApidaeProject, session: Session) throws -> String {
    let t = session.t
    let communes = communeNames(project)
    let fiches = try fichesById(project)
    func named(_ ids: [Int]) -> String {
      idList(ids, names: fiches.mapValues(\.fiche.name), limit: 12)
    }
    var lines = [
      t("apidae.selection.title", s.selection.id, s.selection.name, s.members.count),
      t("apidae.selection.filter", filterText(s.selection.filter, communes: communes, t)),
    ]
    if !s.selection.included.isEmpty || !s.selection.excluded.isEmpty {
      lines.append(t("apidae.selection.included", named(s.selection.included)))
      lines.append(t("apidae.selection.excluded", named(s.selection.excluded)))
    }
    if s.selection.exported == nil {
      lines.append(t("apidae.selection.never_exported"))
    } else if s.pending {
      lines.append(t("apidae.selection.pending", named(s.entering), named(s.leaving)))
    } else {
      lines.append(t("apidae.selection.exported"))
    }
    // Prose above the table: broken between words at a terminal, as `say` does.
    var out = session.prose(lines.joined(separator: "\n")) + "\n"
    var r = session.renderer
    r.format = .table
    out += r.render(memberTable(s, fiches: fiches, communes: communes, format: .table, session: session))
    return out
  }

  static func selectionJSON(_ s: ApidaeSelectionState, communes: [Int: String]) -> Cell {
    let f = s.selection.filter
    return .object([
      ("id", .int(s.selection.id)), ("name", .text(s.selection.name)),
      (
        "filter",
        .object([
          ("types", .list(f.types.map(Cell.text))),
          ("communes", .list(f.communeIds.map { Cell.text(communes[$0] ?? String($0)) })),
          ("owner", Cell(f.owner)), ("text", Cell(f.text)),
        ])
      ),
      ("included", .list(s.selection.included.map(Cell.int))), ("excluded", .list(s.selection.excluded.map(Cell.int))),
      ("members", .list(s.members.map(Cell.int))), ("entering", .list(s.entering.map(Cell.int))),
      ("leaving", .list(s.leaving.map(Cell.int))), ("pending", .bool(s.pending)),
    ])
  }

  /// One line per export the Apidae side wrote.
  static func exportLine(_ r: ApidaeExportReport, _ t: Catalogue) -> String {
    var line = t(
      r.ponctuel ? "apidae.export.ponctuel" : "apidae.export.nightly", r.name.stem, r.name.time.minuteText,
      r.objects.count, r.deleted.count)
    if !r.selections.isEmpty {
      line +=
        t("punct.semicolon")
        + r.selections.map { t("apidae.export.selection", $0.selection.name, $0.entering.count, $0.leaving.count) }
        .joined(separator: ", ")
    }
    return line
  }

  /// The hook `nuit` calls before the clock moves: the Apidae side lives through the night.
  static func night(_ session: Session, _ workspace: Workspace) throws -> [String] {
    let clock = try workspace.clock()
    guard case .simulated(let now) = try clock.mode() else { return [] }
    return try live(session, workspace, until: try Clock.morning(after: now))
  }

  /// The hook `clock set` calls before a simulated clock moves forward: every night passed has its export.
  static func live(_ session: Session, _ workspace: Workspace, until time: LocalDateTime) throws -> [String] {
    guard case .simulated = try workspace.clock().mode() else { return [] }
    let life = try ApidaeProject.writeNightlyExportIfPending(
      workspace: workspace, at: time, command: session.commandLine)
    for event in life.unreadable { warnUnreadable(event, session, workspace) }
    return life.exports.map { exportLine($0, session.t) }
  }

  /// A scheduled change that cannot be read back is said, with where it is stored: it does not happen.
  static func warnUnreadable(_ event: ApidaeUnreadableEvent, _ session: Session, _ workspace: Workspace) {
    session.warn(
      session.t(
        "apidae.event_unreadable", workspace.storeURL.path, event.row, TextSafety.escapeControls(event.at),
        TextSafety.escapeControls(event.change)))
  }

  /// What the simulated project adds to `why`: a change made in Apidae that no export carried yet,
  /// with the next step it calls for (an export to ask for, not a change to make in Apidae); and a
  /// fiche that neither Open Edit, the exports nor the project know is an error.
  static func why(_ session: Session, _ ficheId: Int, _ campaign: Campaign, _ answer: WhyAnswer) throws
    -> WhyText.Apidae
  {
    guard let ws = try? session.workspace() else { return WhyText.Apidae() }
    let project = ApidaeProject(workspace: ws)
    guard (try? project.isStarted()) == true, (try? project.prepare(command: session.commandLine)) != nil else {
      return WhyText.Apidae()
    }
    let t = session.t
    guard let fiche = try? project.fiche(ficheId) else {
      if case .unknownFiche = answer { throw ShellError.failure(t("apidae.why.unknown", ficheId)) }
      return WhyText.Apidae()
    }
    var side = WhyText.Apidae(name: fiche.fiche.name)
    var entering = false
    // Hidden or deleted since the last export: that is the change, its leaving the sélections follows.
    let state = fiche.pending ? fiche.fiche.state : nil
    let setAside = state == "HIDDEN" || state == "DELETED" || state == "TRASH"
    for used in campaign.selections {
      guard let s = try? project.selection(String(used.id)) else { continue }
      let exported = s.selection.exported ?? []
      if s.members.contains(ficheId) && !exported.contains(ficheId) {
        side.lines.append(t("apidae.why.entering", s.selection.name))
        entering = true
      } else if !s.members.contains(ficheId) && exported.contains(ficheId) && !setAside {
        side.lines.append(t("apidae.why.leaving", s.selection.name))
      }
    }
    if fiche.pending {
      switch state {
      case "HIDDEN": side.lines.append(t("apidae.why.hidden_pending"))
      case "DELETED", "TRASH": side.lines.append(t("apidae.why.deleted_pending"))
      default: if side.lines.isEmpty { side.lines.append(t("apidae.why.fiche_pending")) }
      }
    }
    // Whatever Open Edit's state says, it is about to change: an export first.
    if fiche.pending || !side.lines.isEmpty {
      side.next = t(entering || setAside ? "apidae.why.next_export_actualiser" : "apidae.why.next_export")
    }
    return side
  }

  /// For an actualiser with nothing to do: the first of the campaign's sélections whose membership changed
  /// in Apidae since the last export, which Open Edit does not know yet; nil when none did.
  static func actualiserFirst(_ session: Session, _ campaign: Campaign) throws -> String? {
    guard let ws = try? session.workspace() else { return nil }
    let project = ApidaeProject(workspace: ws)
    guard (try? project.isStarted()) == true, (try? project.prepare(command: session.commandLine)) != nil else {
      return nil
    }
    for used in campaign.selections {
      guard let s = try? project.selection(String(used.id)), !s.entering.isEmpty || !s.leaving.isEmpty else {
        continue
      }
      return session.t("apidae.actualiser_first", s.selection.name, s.entering.count, s.leaving.count)
    }
    return nil
  }

  static func describe(_ change: ApidaeChange, names: [Int: String], communes: [Int: String], _ t: Catalogue)
    -> String
  {
    func name(_ id: Int) -> String { names[id].map { "\(id) \(t.quoted($0))" } ?? String(id) }
    switch change {
    case .createFiche(let n):
      return t("apidae.change.created", n.type, n.name, communes[n.communeId] ?? String(n.communeId))
    case .editFiche(let id, let newName, let email):
      var parts: [String] = []
      if let newName { parts.append(t("apidae.change.name", newName)) }
      if let email { parts.append(email.isEmpty ? t("apidae.change.no_email") : t("apidae.change.email", email)) }
      return name(id) + t("punct.colon") + parts.joined(separator: ", ")
    case .setState(let id, let state):
      let key =
        switch state {
        case "HIDDEN": "apidae.change.hidden"
        case "DELETED": "apidae.change.deleted"
        default: "apidae.change.published"
        }
      return name(id) + t("punct.colon") + t(key)
    case .editSelection(let id, _):
      return t("apidae.change.selection", id)
    }
  }
}

// MARK: selections

struct ApidaeSelections: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "selections",
    abstract: "Liste les sélections du projet Apidae : filtre, fiches, changements à exporter.",
    aliases: ["sélections"])
  static let group = CommandGroup.apidae
  static let examples = ["apidae selections"]
  @OptionGroup var output: OutputOptions

  func run(_ session: Session) throws {
    let t = session.t
    let project = try session.apidae()
    let communes = ApidaeView.communeNames(project)
    let list = try project.selections()
    let format = output.format ?? session.settings.format
    if format == .json {
      session.show(
        object: .list(list.map { ApidaeView.selectionJSON($0, communes: communes) }), format: format, text: { "" })
      return
    }
    // CSV has JSON's keys and values: the ids entering and leaving, and `pending` true or false, where
    // the table says it in one cell («+2 −0», «jamais exportée»).
    let csv = format == .csv
    var table = Table(
      columns: [
        Column("id", t("col.id"), alignment: .right), Column("name", t("col.name")),
        Column("filter", t("apidae.col.filter")), Column("fiches", t("col.fiches"), alignment: .right),
      ]
        + (csv
          ? [Column("entering", "entering"), Column("leaving", "leaving"), Column("pending", "pending")]
          : [Column("pending", t("apidae.col.to_export"))]))
    for s in list {
      table.rows.append(
        [
          .int(s.selection.id), .text(s.selection.name),
          .text(ApidaeView.filterText(s.selection.filter, communes: communes, t)), .int(s.members.count),
        ]
          + (csv
            ? [.list(s.entering.map(Cell.int)), .list(s.leaving.map(Cell.int)), .bool(s.pending)]
            : [.text(ApidaeView.delta(s, t))]))
    }
    if list.isEmpty { table.footer.append(t("selections.none")) }
    session.show(table, format: format)
  }

  func clicks(_ session: Session) -> String? { session.t("explain.apidae.selections") }
}

struct ApidaeSelectionCommand: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "selection",
    abstract: "Montre une sélection Apidae (définition et fiches) ; ses options en changent les filtres.",
    aliases: ["sélection"])
  static let group = CommandGroup.apidae
  static let examples = [
    "apidae selection Hébergements",
    "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR",
    "apidae sélection 49003 --add-commune Modane --exclude 5100039",
  ]

  @Argument(help: "L'id ou le nom de la sélection.") var selection: String
  @Option(name: .customLong("add-type"), help: "Ajoute un type au filtre (répétable).") var addType: [String] = []
  @Option(name: .customLong("remove-type"), help: "Retire un type du filtre (répétable).") var removeType: [String] = []
  @Option(name: .customLong("add-commune"), help: "Ajoute une commune au filtre (nom, code INSEE ou id ; répétable).")
  var addCommune: [String] = []
  @Option(name: .customLong("remove-commune"), help: "Retire une commune du filtre (répétable).") var removeCommune:
    [String] = []
  @Option(help: "Ajoute cette fiche à la main (id ; répétable).") var include: [Int] = []
  @Option(help: "Retire cette fiche à la main (id ; répétable).") var exclude: [Int] = []
  @Option(help: "Filtre sur le propriétaire (id ou nom ; \"\" l'enlève).") var owner: String?
  @Option(help: "Filtre sur une partie du nom (\"\" l'enlève).") var text: String?
  @OptionGroup var output: OutputOptions

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    guard let ws = try? session.workspace() else { return [] }
    let project = ApidaeProject(workspace: ws)
    switch words.last {
    case "--add-type", "--remove-type": return FicheType.allCases.map(\.rawValue)
    case "--add-commune", "--remove-commune": return ((try? project.communes()) ?? []).map(\.name)
    case "--include", "--exclude": return ((try? project.fiches()) ?? []).map { String($0.fiche.id) }
    default: return words.count == 2 ? ((try? project.selections()) ?? []).map(\.selection.name) : []
    }
  }

  var edit: ApidaeSelectionEdit {
    ApidaeSelectionEdit(
      addTypes: addType.map { $0.uppercased() }, removeTypes: removeType.map { $0.uppercased() }, include: include,
      exclude: exclude, owner: owner, text: text)
  }

  func run(_ session: Session) throws {
    let t = session.t
    let project = try session.apidae()
    var s = try project.selection(selection)
    var change = edit
    change.addCommunes = try addCommune.map { try project.commune($0).id }
    change.removeCommunes = try removeCommune.map { try project.commune($0).id }
    if !change.isEmpty {
      try project.apply(.editSelection(id: s.selection.id, edit: change), command: session.commandLine)
      let before = s
      s = try project.selection(String(s.selection.id))
      let entered = Set(s.members).subtracting(before.members).sorted()
      let left = Set(before.members).subtracting(s.members).sorted()
      session.say(t("apidae.selection.changed", s.selection.name, entered.count, left.count))
    }
    let communes = ApidaeView.communeNames(project)
    let format = output.format ?? session.settings.format
    if format == .csv {
      // Its fiches, with the columns of `apidae fiches` (as `selection ID` gives those of `fiches`).
      let fiches = try ApidaeView.fichesById(project)
      session.show(
        ApidaeView.memberTable(s, fiches: fiches, communes: communes, format: .csv, session: session), format: .csv)
    } else {
      let text = try ApidaeView.selectionText(s, project: project, session: session)
      session.show(object: ApidaeView.selectionJSON(s, communes: communes), format: format) { text }
    }
    if !change.isEmpty && s.pending { ApidaeView.notYet(session) }
  }

  func clicks(_ session: Session) -> String? {
    let name = (try? ApidaeProject(workspace: session.workspace()).selection(selection).selection.name) ?? selection
    let edited = !edit.isEmpty || !addCommune.isEmpty || !removeCommune.isEmpty
    return session.t(edited ? "explain.apidae.filters" : "explain.apidae.selection", name)
  }
}

// MARK: fiches

struct ApidaeFiches: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "fiches", abstract: "Liste les fiches du projet Apidae (pas celles d'Open Edit).")
  static let group = CommandGroup.apidae
  static let examples = ["apidae fiches --type HOTELLERIE_PLEIN_AIR", "apidae fiches --pending"]
  @Option(help: "Type Apidae.") var type: String?
  @Option(help: "Commune : nom, code INSEE ou id.") var commune: String?
  @Option(help: "Texte du nom (casse et accents ignorés).") var search: String?
  @Flag(help: "Seulement les fiches changées depuis le dernier export.") var pending = false
  @OptionGroup var output: OutputOptions

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.last == "--type" ? FicheType.allCases.map(\.rawValue) : []
  }

  func run(_ session: Session) throws {
    let project = try session.apidae()
    let communeId = try commune.map { try project.commune($0).id }
    if let type, FicheType(rawValue: type.uppercased()) == nil { throw ApidaeError.unknownType(type) }
    let list = try project.fiches().filter { a in
      (type.map { a.fiche.type == $0.uppercased() } ?? true) && (communeId.map { a.fiche.communeId == $0 } ?? true)
        && (search.map { TextSafety.fold(a.fiche.name).contains(TextSafety.fold($0)) } ?? true)
        && (!pending || a.pending)
    }
    let format = output.format ?? session.settings.format
    var table = ApidaeView.ficheTable(
      list, communes: ApidaeView.communeNames(project), format: format, session: session)
    table.footer.append(session.t("fiches.count", list.count))
    session.show(table, format: format)
  }
}

struct ApidaeFicheCommand: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "fiche", abstract: "Montre une fiche dans Apidae ; --email, --no-email, --name la modifient.")
  static let group = CommandGroup.apidae
  static let examples = ["apidae fiche 5100001", "apidae fiche 5100001 --email accueil@hotel-du-lac.example"]
  @Argument(help: "La fiche : son id, ou son nom (ou son début, ou une partie).") var fiche: FicheRef
  @Option(help: "La nouvelle adresse e-mail (« Mél »).") var email: String?
  @Flag(name: .customLong("no-email"), help: "Retire l'e-mail de la fiche.") var noEmail = false
  @Option(help: "Le nouveau nom.") var name: String?
  @OptionGroup var output: OutputOptions

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    words.count == 2 ? session.apidaeFicheCandidates(current) : nil
  }

  func run(_ session: Session) throws {
    let t = session.t
    if noEmail && email != nil {
      throw ShellError.usage(
        t("error.bad_arguments", "apidae fiche", t("apidae.fiche.email_conflict"), "help apidae fiche"))
    }
    let project = try session.apidae()
    let id = try project.ficheId(fiche)
    let newEmail = noEmail ? "" : email
    var changed = false
    if name != nil || newEmail != nil {
      let before = try project.fiche(id).fiche
      try project.apply(.editFiche(id: id, name: name, email: newEmail), command: session.commandLine)
      // Given what it had already, the fiche is left as it was, byte for byte (as `apidae hide` of a hidden one).
      changed = try project.fiche(id).fiche.raw != before.raw
      if changed {
        session.say(t("apidae.fiche.changed", id))
      } else {
        // What it has already, as it was given: «a déjà ce nom», «n'a déjà pas d'e-mail»…
        let had = (name != nil ? "name" : "") + (newEmail == "" ? "_no_email" : newEmail != nil ? "_email" : "")
        let key = "apidae.fiche.unchanged." + (had.hasPrefix("_") ? String(had.dropFirst()) : had)
        session.say(t("apidae.fiche.unchanged", id, before.name, t(key)))
      }
    }
    let a = try project.fiche(id)
    let f = a.fiche
    let communes = ApidaeView.communeNames(project)
    let holding = try project.selections(holding: id)
    let format = output.format ?? session.settings.format
    if format == .csv {
      // One row, with the columns of `apidae fiches` (as `fiche ID` gives those of `fiches`).
      session.show(ApidaeView.ficheTable([a], communes: communes, format: .csv, session: session), format: .csv)
      if changed { ApidaeView.notYet(session) }
      return
    }
    session.show(
      object: .object([
        ("fiche_id", .int(f.id)), ("name", .text(f.name)), ("type", .text(f.type)),
        ("commune", Cell(f.communeId.flatMap { communes[$0] })), ("email", Cell(f.email)), ("state", .text(f.state)),
        ("owner", Cell(f.ownerName)), ("selections", .list(holding.map { Cell.int($0.selection.id) })),
        ("pending", .bool(a.pending)),
      ]),
      format: format
    ) {
      card(
        session,
        [
          (t("col.id"), String(f.id)), (t("col.name"), f.name), (t("col.type"), f.type),
          (t("col.commune"), f.communeId.flatMap { communes[$0] } ?? ""),
          (t("col.email"), f.email ?? t("email.none_long")), (t("col.state"), f.state),
          (t("col.owner"), f.ownerName ?? ""),
          (
            t("col.selections"),
            holding.isEmpty
              ? t("fiche.no_selection")
              : holding.map { "\($0.selection.id) \(t.quoted($0.selection.name))" }.joined(separator: ", ")
          ),
          (t("apidae.col.pending"), a.pending ? t("apidae.fiche.pending") : t("apidae.fiche.exported")),
        ])
    }
    if changed { ApidaeView.notYet(session) }
  }

  func clicks(_ session: Session) -> String? {
    let n = ApidaeView.ficheName(session, fiche)
    if email != nil || noEmail { return session.t("explain.apidae.fiche_email", n) }
    if name != nil { return session.t("explain.apidae.fiche_edit", n) }
    return session.t("explain.apidae.fiche", n)
  }
}

/// `apidae hide|publish|delete ID`: a change of the fiche's state in Apidae.
protocol ApidaeStateCommand: ShellCommand {
  var fiche: FicheRef { get }
  static var state: String { get }
  static var doneKey: String { get }
  static var clicksKey: String { get }
}

extension ApidaeStateCommand {
  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    words.count == 2 ? session.apidaeFicheCandidates(current) : nil
  }

  func run(_ session: Session) throws {
    let project = try session.apidae()
    let id = try project.ficheId(self.fiche)
    let fiche = try project.fiche(id).fiche
    let name = fiche.name
    if fiche.state == Self.state {
      session.say(session.t("apidae.already", id, name))
      return
    }
    try project.apply(.setState(id: id, state: Self.state), command: session.commandLine)
    session.say(session.t(Self.doneKey, id, name))
    ApidaeView.notYet(session)
  }

  func clicks(_ session: Session) -> String? {
    session.t(Self.clicksKey, ApidaeView.ficheName(session, fiche))
  }
}

struct ApidaeHide: ApidaeStateCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "hide", abstract: "Masque une fiche dans Apidae (masquage).", aliases: ["masquer"])
  static let group = CommandGroup.apidae
  static let examples = ["apidae hide 5100003"]
  static let state = "HIDDEN"
  static let doneKey = "apidae.hidden"
  static let clicksKey = "explain.apidae.hide"
  @Argument(help: "La fiche : son id, ou son nom (ou son début, ou une partie).") var fiche: FicheRef
}

struct ApidaePublish: ApidaeStateCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "publish", abstract: "Publie de nouveau une fiche masquée dans Apidae.", aliases: ["publier"])
  static let group = CommandGroup.apidae
  static let examples = ["apidae publish 5100003"]
  static let state = "PUBLISHED"
  static let doneKey = "apidae.published"
  static let clicksKey = "explain.apidae.publish"
  @Argument(help: "La fiche : son id, ou son nom (ou son début, ou une partie).") var fiche: FicheRef
}

struct ApidaeDelete: ApidaeStateCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "delete", abstract: "Supprime une fiche dans Apidae.", aliases: ["supprimer"])
  static let group = CommandGroup.apidae
  static let examples = ["apidae delete 5100003"]
  static let state = "DELETED"
  static let doneKey = "apidae.deleted"
  static let clicksKey = "explain.apidae.delete"
  @Argument(help: "La fiche : son id, ou son nom (ou son début, ou une partie).") var fiche: FicheRef
}

struct ApidaeNewFicheCommand: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "fiche", abstract: "Crée une fiche dans Apidae.")
  static let group = CommandGroup.apidae
  static let examples = [
    "apidae new fiche --type HOTELLERIE --name \"Hôtel Beau Séjour\" --commune Valloire --email contact@beausejour.example"
  ]
  @Option(help: "Type Apidae (HOTELLERIE, RESTAURATION…).") var type: String
  @Option(help: "Le nom.") var name: String
  @Option(help: "La commune : nom, code INSEE ou id.") var commune: String
  @Option(help: "L'adresse e-mail (« Mél »).") var email: String?

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    switch words.last {
    case "--type": return FicheType.allCases.map(\.rawValue)
    case "--commune": return ((try? ApidaeProject(workspace: session.workspace()).communes()) ?? []).map(\.name)
    default: return []
    }
  }

  func run(_ session: Session) throws {
    let t = session.t
    let project = try session.apidae()
    let c = try project.commune(commune)
    let id = try project.apply(
      .createFiche(ApidaeNewFiche(type: type.uppercased(), name: name, communeId: c.id, email: email)),
      command: session.commandLine)
    session.say(t("apidae.created", id, name, type.uppercased(), c.name))
    for s in try project.selections(holding: id) {
      session.say("  " + t("apidae.created.enters", s.selection.name))
    }
    ApidaeView.notYet(session)
  }

  func clicks(_ session: Session) -> String? { session.t("explain.apidae.new_fiche") }
}

// MARK: calcul

struct ApidaeCalcul: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "calcul",
    abstract: "Demande un calcul exceptionnel du projet : un export ponctuel, daté de l'horloge, dans snapshots/.")
  static let group = CommandGroup.apidae
  static let examples = ["apidae calcul --dry-run", "apidae calcul"]
  @Flag(name: .customLong("dry-run"), help: "Montre ce que l'export emporterait, sans l'écrire.") var dryRun = false

  func run(_ session: Session) throws {
    let t = session.t
    let project = try session.apidae()
    if dryRun {
      // As the calcul would: refused when the clock is before an export taken.
      let p = try project.calculPreview()
      if p.isEmpty {
        session.say(t("apidae.calcul.nothing"))
        return
      }
      let names = Dictionary(
        uniqueKeysWithValues: try project.fiches(includeDeleted: true).map { ($0.fiche.id, $0.fiche.name) })
      session.say(t("apidae.calcul.would"))
      // As the export carries them: the fiches in `objets_modifies/`, the deleted ones in `objets_supprimes`.
      if !p.changed.isEmpty {
        session.say("  " + t("apidae.calcul.fiches", p.changed.count, idList(p.changed.map(\.id), names: names)))
      }
      if !p.deleted.isEmpty {
        session.say("  " + t("apidae.calcul.deleted", p.deleted.count, idList(p.deleted, names: names)))
      }
      for s in p.selections {
        session.say(
          "  "
            + t(
              "apidae.calcul.selection", s.selection.name, idList(s.entering, names: names),
              idList(s.leaving, names: names)))
      }
      return
    }
    guard let report = try project.calcul(command: session.commandLine) else {
      session.say(t("apidae.calcul.nothing"))
      return
    }
    session.say(ApidaeView.exportLine(report, t))
    session.say(t("apidae.calcul.next"))
  }

  /// The calcul's request, not for a dry run (which requests nothing), as `actualiser --dry-run`.
  func clicks(_ session: Session) -> String? { dryRun ? nil : session.t("explain.apidae.calcul") }
}

// MARK: agenda

struct ApidaeAgenda: Listing {
  static let configuration = CommandConfiguration.shell(
    commandName: "agenda", abstract: "Montre la vie prévue du territoire : ce qui arrivera dans Apidae, et quand.")
  static let group = CommandGroup.apidae
  static let examples = ["apidae agenda"]
  @Flag(help: "Aussi ce qui est déjà arrivé.") var all = false
  @OptionGroup var output: OutputOptions

  func run(_ session: Session) throws {
    let t = session.t
    let project = try session.apidae()
    let names = Dictionary(
      uniqueKeysWithValues: try project.fiches(includeDeleted: true).map { ($0.fiche.id, $0.fiche.name) })
    let communes = ApidaeView.communeNames(project)
    let schedule = try project.events()
    let events = schedule.events.filter { all || !$0.done }
    let ws = try session.workspace()
    for event in schedule.unreadable where all || !event.done { ApidaeView.warnUnreadable(event, session, ws) }
    var table = Table(columns: [
      Column("at", t("apidae.col.at"), whole: true), Column("change", t("apidae.col.change")),
      Column("done", t("apidae.col.done")),
    ])
    for e in events {
      table.rows.append([
        .text(e.at.minuteText), .text(ApidaeView.describe(e.change, names: names, communes: communes, t)),
        .bool(e.done),
      ])
    }
    if events.isEmpty { table.footer.append(t("apidae.agenda.none")) }
    session.show(table, format: output.format)
  }
}
