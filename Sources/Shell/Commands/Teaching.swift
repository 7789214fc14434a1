import Apidae
import ArgumentParser
import Foundation
import OpenEdit

/// The teaching area's commands: the Apidae side, `explain`, `record`, `expect`, `tutorial`, `hint`.
/// Building this list also installs the hooks other areas' commands call (`nuit` lets the simulated
/// Apidae live through the night, `why` tells what Apidae has not exported yet), so they are in place
/// before any command runs.
let teachingCommands: [ParsableCommand.Type] = {
  Night.beforeNight = { session, workspace in try ApidaeView.night(session, workspace) }
  ClockCommand.beforeSet = { session, workspace, time in try ApidaeView.live(session, workspace, until: time) }
  SyncReportView.simulatesApidae = { session in
    (try? session.workspace()).map { (try? ApidaeProject(workspace: $0).isStarted()) == true } ?? false
  }
  Why.apidaeFicheId = { session, ref in
    guard let ws = try? session.workspace() else { return nil }
    let project = ApidaeProject(workspace: ws)
    guard (try? project.isStarted()) == true else { return nil }
    return try? project.ficheId(ref)
  }
  Why.apidaeSide = { session, ficheId, campaign, answer in
    try ApidaeView.why(session, ficheId, campaign, answer)
  }
  Actualiser.apidaeSide = { session, campaign in try ApidaeView.actualiserFirst(session, campaign) }
  return [
    ApidaeGroup.self, Explain.self, Record.self, ExpectGroup.self, TutorialCommand.self, Hint.self,
  ]
}()

/// `oesh demo DIR` and `oesh tutorial`.
let launcherSubcommands: [ParsableCommand.Type] = [DemoLauncher.self, TutorialLauncher.self]

// MARK: oesh demo

/// `oesh demo DIR`: a workspace with a realistic story, to explore every rule (DESIGN.md §7).
struct DemoLauncher: LauncherSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Crée un espace de travail de démonstration : un territoire, une campagne en cours, des jours à venir.")
  @Argument(help: "Le dossier à créer.", completion: .directory) var directory: String
  /// `oesh`'s own options: `--lang`, written before or after `demo`, is parsed there.
  @ParentCommand var oesh: OeshCommand

  func launch() -> Int32 {
    let t = Catalogue(oesh.lang ?? .fr)
    if Launcher.emptyDirectoryRefused(directory, "demo", t) { return ShellError.Kind.usage.rawValue }
    do {
      try Demo.create(at: URL(fileURLWithPath: directory))
      writeFD(1, t("demo.created", directory, Demo.campaignTitle, Demo.start.minuteText, shellWord(directory)) + "\n")
      return 0
    } catch {
      let e = Interpreter.present(error, t)
      writeFD(2, "oesh: " + e.message + "\n")
      // As `oesh init`: a folder that is a workspace already fails the command (1), it is no unusable
      // workspace (3).
      return e.kind.rawValue
    }
  }
}

// MARK: explain

struct Explain: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "explain",
    abstract: "Montre, après chaque commande, les clics Open Edit (ou Apidae) qu'elle représente : on ou off.",
    aliases: ["expliquer"])
  static let group = CommandGroup.teaching
  static let examples = ["explain on", "explain off"]
  @Argument(help: "on ou off (sans rien : l'état actuel).") var value: String?

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.count == 1 ? ["on", "off"] : []
  }

  func run(_ session: Session) throws {
    let t = session.t
    switch value?.lowercased() {
    case nil: break
    case "on", "oui", "true", "1": session.settings.explain = true
    case "off", "non", "false", "0": session.settings.explain = false
    default: throw ShellError.usage(t("set.bad_value", value ?? "", "explain", "on, off"))
    }
    session.inform(t(session.settings.explain ? "explain.on" : "explain.off"))
  }
}

// MARK: record

/// A recording in progress: the file, and the script depth it records at.
final class Recording {
  let url: URL
  /// The file written, which `source` refuses to read meanwhile: it would be recorded into itself.
  let file: FileIdentity?
  let depth: Int
  var commands = 0
  init(url: URL, depth: Int) {
    self.url = url
    self.file = FileIdentity(path: url.path)
    self.depth = depth
  }
  static let key = "record"

  /// Adds one command to the script; throws the system's error when it could not (a full disk, the file
  /// removed), so that the recording is not taken for whole.
  func append(_ line: String) throws {
    if let code = Self.write(line + "\n", to: url, flags: O_APPEND) {
      throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
    commands += 1
  }

  /// Writes `text` into the script at `url`, opened with `flags` (`O_APPEND` for a command, `O_CREAT |
  /// O_TRUNC` for the header); the `errno` of what failed, else nil, that the system's reason is said.
  static func write(_ text: String, to url: URL, flags: Int32) -> Int32? {
    let fd = open(url.path, O_WRONLY | O_CLOEXEC | flags, 0o644)
    guard fd >= 0 else { return errno }
    defer { close(fd) }
    return writeFD(fd, text)
  }
}

struct Record: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "record",
    abstract: "Enregistre les commandes qui réussissent dans un script rejouable ; « record stop » l'arrête.",
    aliases: ["enregistrer"])
  static let group = CommandGroup.teaching
  static let examples = ["record ma-session.oesh", "record stop"]
  @Argument(help: "Le fichier du script (*.oesh), ou stop.") var file: String

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.count == 1 ? ["stop"] + PathCompletion.complete(current, session: session, extensions: ["oesh"]) : []
  }

  func run(_ session: Session) throws {
    let t = session.t
    if file == "stop" || file == "arrêt" {
      guard let recording = session.attachments[Recording.key] as? Recording else {
        session.inform(t("record.none"))
        return
      }
      session.attachments[Recording.key] = nil
      session.inform(t("record.stopped", recording.commands, recording.url.path))
      return
    }
    guard !file.isEmpty else { throw ShellError.usage(t("record.no_file")) }
    if let current = session.attachments[Recording.key] as? Recording {
      throw ShellError.failure(t("record.already", current.url.path))
    }
    let url = URL(fileURLWithPath: file).standardizedFileURL
    // The workspace's own files are never a script: `record state.sqlite` would end the workspace.
    if let kept = session.keptFile(file) {
      throw ShellError.failure(t("record.cannot_write", url.path, t("redirect.workspace_file", kept)))
    }
    // Nor a script running now, at any level, or standard input's file: it would be erased while it runs.
    if let target = FileIdentity(path: url.path), session.interpreter?.isScript(target) == true {
      throw ShellError.failure(t("record.script_running", file))
    }
    let ws = try session.workspace()
    let clock = try ws.clock()
    let clockText: String
    switch try clock.mode() {
    case .real: clockText = t("record.clock_real", try clock.now().minuteText)
    case .simulated(let when): clockText = t("record.clock_simulated", when.minuteText)
    }
    let header = [
      t("record.header", LocalDateTime.now(in: ws.settings.timeZone).minuteText),
      t("record.header_workspace", ws.url.path), t("record.header_clock", clockText),
      t("record.header_replay", shellWord(ws.url.path), shellWord(url.path)),
    ].map { "# " + $0 }.joined(separator: "\n")
    if let code = Recording.write(header + "\n", to: url, flags: O_CREAT | O_TRUNC) {
      throw ShellError.failure(t("record.cannot_write", url.path, session.writeReason(code)))
    }
    let recording = Recording(url: url, depth: session.interpreter?.sourceStack.count ?? 0)
    session.attachments[Recording.key] = recording
    session.onCommandSucceeded.append { [weak session, recording] line in
      guard let session, session.attachments[Recording.key] === recording,
        session.interpreter?.sourceStack.count ?? 0 == recording.depth,
        let words = try? Tokenizer.split(line).first, let found = CommandRegistry.find(words),
        !(found.type is Record.Type || found.type is TutorialCommand.Type || found.type is Hint.Type)
      else { return }
      do {
        try recording.append(line)
      } catch {
        // Said once, and the recording stopped: a script missing lines would replay something else.
        session.attachments[Recording.key] = nil
        let t = session.t
        // A script removed (or moved) keeps nothing: not «the commands before», which went with it.
        let key = FileManager.default.fileExists(atPath: recording.url.path) ? "record.broken" : "record.gone"
        session.warn(t(key, recording.url.path, systemText(systemReason(error), t), recording.commands))
      }
    }
    session.inform(t("record.started", url.path))
  }
}

// MARK: expect

struct ExpectGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "expect", abstract: "Vérifie l'état, dans un script ou un exercice : sinon, échec (code 1).",
    subcommands: [ExpectStatus.self, ExpectAudience.self, ExpectOutbox.self, ExpectFails.self],
    aliases: ["attendre"])
}

/// The options of the expectations about a campaign.
struct CampaignChoice: ParsableArguments {
  @Option(help: "La campagne (sinon la campagne ouverte, ou la seule qui existe).") var campaign: String?

  /// The campaign meant: `--campaign`, else the open one, else the only one.
  func resolve(_ session: Session) throws -> Campaign {
    let t = session.t
    let workspace = try session.workspace()
    if let campaign { return try workspace.campaign(campaign) }
    if let open = session.currentCampaign { return try workspace.campaign(id: open.id) }
    let all = try workspace.campaigns().map(\.campaign)
    guard all.count == 1 else { throw ShellError.failure(t("expect.no_campaign")) }
    return all[0]
  }
}

struct ExpectStatus: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "status", abstract: "Vérifie le statut de l'offre d'une fiche dans la campagne.")
  static let group = CommandGroup.teaching
  static let examples = ["expect status 5100001 \"Email transmis\"", "expect status 5100005 transmettre"]
  @Argument(help: "La fiche : son id, ou son nom (ou son début, ou une partie).") var fiche: FicheRef
  @Argument(help: "Le statut attendu (« Email transmis », « Email à transmettre »…).") var label: String
  @OptionGroup var choice: CampaignChoice

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.count == 3 ? OffreStatus.allCases.map(\.label) : []
  }

  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    words.count == 2 ? session.ficheCandidates(current) : nil
  }

  func run(_ session: Session) throws {
    let t = session.t
    let wanted = try OffreStatus.typed(label, t)
    let campaign = try choice.resolve(session)
    let id = try session.store().ficheId(fiche)
    let row = try session.workspace().audience(campaignId: campaign.id).rows.first { $0.ficheId == id }
    guard let row else {
      throw ShellError.failure(t("expect.status.absent", id, wanted.label, campaign.title))
    }
    guard row.status == wanted else {
      throw ShellError.failure(t("expect.status.failed", id, wanted.label, row.status.label))
    }
    session.print(t("expect.ok.status", id, row.name, wanted.label))
  }
}

struct ExpectAudience: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "audience", abstract: "Vérifie le nombre d'offres de la campagne (d'un statut, avec --status).")
  static let group = CommandGroup.teaching
  static let examples = ["expect audience 19", "expect audience 5 --status \"Email transmis\""]
  @Argument(help: "Le nombre attendu.") var count: Int
  @Option(help: "Seulement les offres de ce statut.") var status: String?
  @OptionGroup var choice: CampaignChoice

  func run(_ session: Session) throws {
    let t = session.t
    let wanted = try status.map { try OffreStatus.typed($0, t) }
    let campaign = try choice.resolve(session)
    let found = try session.workspace().audience(campaignId: campaign.id, statuses: wanted.map { [$0] }).rows.count
    let what = wanted.map { t("expect.with_status", $0.label) } ?? ""
    guard found == count else { throw ShellError.failure(t("expect.audience.failed", count, what, found)) }
    session.print(t("expect.ok.audience", found, what))
  }
}

struct ExpectOutbox: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "outbox", abstract: "Vérifie le nombre d'e-mails écrits dans outbox/.")
  static let group = CommandGroup.teaching
  static let examples = ["expect outbox 5"]
  @Argument(help: "Le nombre attendu.") var count: Int

  func run(_ session: Session) throws {
    let t = session.t
    let files = (try? FileManager.default.contentsOfDirectory(atPath: session.workspace().outboxURL.path)) ?? []
    let found = files.filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }.count
    guard found == count else { throw ShellError.failure(t("expect.outbox.failed", count, found)) }
    session.print(t("expect.ok.outbox", found))
  }
}

struct ExpectFails: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "fails", abstract: "Vérifie qu'une commande échoue (sans arrêter le script).")
  static let group = CommandGroup.teaching
  static let examples = ["expect fails apidae fiche 1"]
  @Argument(parsing: .captureForPassthrough, help: "La commande et ses arguments.") var command: [String] = []

  func run(_ session: Session) throws {
    let t = session.t
    guard !command.isEmpty else { throw ShellError.usage(t("expect.fails.empty")) }
    // A command that does not parse is a mistake in the script, not the failure it expects.
    let inner = try CommandRegistry.parse(command, session: session)
    let line = command.map(Tokenizer.quote).joined(separator: " ")
    do {
      try inner.run(session)
    } catch is HelpShown {
      throw ShellError.usage(t("expect.fails.help", line))
    } catch is QuitRequest {
      // Leaving the shell is no failure to expect.
      throw ShellError.usage(t("expect.fails.quit", line))
    } catch {
      let shown = Interpreter.present(error, t)
      guard shown.kind == .failure else { throw shown }
      session.print(t("expect.ok.fails", line, shown.message))
      return
    }
    throw ShellError.failure(t("expect.fails.succeeded", line))
  }
}
