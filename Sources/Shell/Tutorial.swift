import ArgumentParser
import Foundation
import LineEditing
import OpenEdit

/// Where a trainee stands in the tutorial, kept in the workspace's store so that leaving and coming
/// back resumes.
struct TutorialPosition: Equatable {
  var lesson: Int
  var step: Int
  var finished: Bool { lesson >= TutorialLessons.all.count }

  static let settingKey = "tutorial.position"

  static func load(_ store: Store) throws -> TutorialPosition {
    let text = try store.setting(settingKey)
    let parts = (text ?? "0.0").split(separator: ".").compactMap { Int($0) }
    return TutorialPosition(lesson: parts.first ?? 0, step: parts.count > 1 ? parts[1] : 0)
  }

  /// Whether the tutorial ever ran in the workspace of `store` (`oesh tutorial`, or `tutorial` in it).
  static func stored(_ store: Store) throws -> Bool { try store.setting(settingKey) != nil }

  func save(_ store: Store) throws {
    try store.setSetting(TutorialPosition.settingKey, "\(lesson).\(step)")
  }

  /// The next position, moving to the next lesson after its last step.
  func advanced() -> TutorialPosition {
    guard !finished else { return self }
    if step + 1 < TutorialLessons.all[lesson].steps.count { return TutorialPosition(lesson: lesson, step: step + 1) }
    return TutorialPosition(lesson: lesson + 1, step: 0)
  }
}

/// The tutorial running in a session: after every command that succeeds, it checks the workspace's state
/// for the current step and moves on when it is done (DESIGN.md §7).
final class Tutorial {
  static let key = "tutorial"
  let workspace: Workspace
  /// The command that starts it again on a fresh demo (`oesh tutorial --reset`, with its `-w`).
  var resetCommand = "oesh tutorial --reset"

  init(workspace: Workspace) { self.workspace = workspace }

  /// Starts or resumes the tutorial in `session`; its workspace must be a demo.
  @discardableResult
  static func attach(_ session: Session) throws -> Tutorial {
    if let running = session.attachments[key] as? Tutorial { return running }
    let ws = try session.workspace()
    guard try Demo.isDemo(ws) else { throw ShellError.failure(session.t("tutorial.not_demo")) }
    let tutorial = Tutorial(workspace: ws)
    // Its position is kept from the start, so that the workspace is known as the tutorial's (`hint`).
    if try !TutorialPosition.stored(ws.store()) { try TutorialPosition.load(ws.store()).save(ws.store()) }
    session.attachments[key] = tutorial
    session.onCommandSucceeded.append { [weak session, tutorial] line in
      guard let session, session.attachments[Tutorial.key] === tutorial else { return }
      tutorial.after(line, session: session)
    }
    return tutorial
  }

  static func running(_ session: Session) -> Tutorial? { session.attachments[key] as? Tutorial }

  /// The language `oesh tutorial` last ran in, kept with its progress: its messages say «oesh tutorial»
  /// to come back, and that resumes in the same language.
  static let languageKey = "tutorial.language"

  /// The language kept in the tutorial's workspace at `dir`, if any (and readable).
  static func storedLanguage(_ dir: URL) -> Language? {
    guard let text = try? Workspace.open(at: dir).store().setting(languageKey) else { return nil }
    return Language(rawValue: text)
  }

  /// Coming back past the lesson that opens the campaign: it is open again, as the trainee left it.
  func reopenCampaign(_ session: Session) throws {
    let p = try position()
    guard session.currentCampaign == nil, p.lesson > 0 || p.step > 1,
      let campaign = try? workspace.campaign(Demo.campaignTitle)
    else { return }
    session.currentCampaign = (campaign.id, campaign.title)
  }

  func position() throws -> TutorialPosition { try TutorialPosition.load(workspace.store()) }

  /// The lesson's heading (title, goal, screen) and the current step.
  func present(_ session: Session, withLesson: Bool = true) throws {
    let t = session.t
    let p = try position()
    guard !p.finished else {
      session.say(t("tutorial.finished"))
      return
    }
    let lesson = TutorialLessons.all[p.lesson]
    if withLesson {
      session.print("")
      session.say(
        session.styled(
          t("tutorial.lesson", p.lesson + 1, TutorialLessons.all.count, t(lesson.key + ".title")), .bold))
      session.say(t("tutorial.goal", t(lesson.key + ".goal")))
      session.say(t("tutorial.screen", t(lesson.key + ".screen")))
    }
    let step = lesson.steps[p.step]
    session.say(
      session.styled(t("tutorial.step", p.step + 1, lesson.steps.count), .cyan) + " " + t(step.key))
  }

  /// Checks the current step after a command; moves on as far as the workspace's state allows.
  func after(_ line: String, session: Session) {
    guard let typed = try? Tokenizer.split(line).first, let found = CommandRegistry.find(typed) else { return }
    if found.type is TutorialCommand.Type || found.type is Hint.Type { return }
    let name = Tutorial.registryName(found.type)
    do {
      var p = try position()
      var command: String? = name
      var words = typed
      var moved = false
      while !p.finished {
        let step = TutorialLessons.all[p.lesson].steps[p.step]
        let context = TutorialContext(session: session, workspace: workspace, command: command, words: words)
        guard try step.check(context) else { break }
        session.say(session.styled("✓ " + session.t(try step.doneKey(context)), .green))
        let next = p.advanced()
        try next.save(workspace.store())
        moved = true
        command = nil
        words = []
        let newLesson = next.lesson != p.lesson
        p = next
        if p.finished { break }
        try present(session, withLesson: newLesson)
      }
      if p.finished {
        if moved { session.say(session.t("tutorial.finished")) }
        return
      }
      if !moved {
        let step = TutorialLessons.all[p.lesson].steps[p.step]
        let context = TutorialContext(session: session, workspace: workspace, command: nil)
        if let stuck = stuck(context, lesson: p.lesson) {
          session.say(session.t("tutorial.not_yet_plain", stuck))
        } else if !step.looking {
          session.say(session.t("tutorial.not_yet", session.t(step.key + ".not_yet")))
        } else if step.command == name {
          // The step's command, of another fiche or sélection than the one it looks at.
          session.say(session.t("tutorial.look_at", step.hint))
        }
      }
    } catch {
      session.say(session.t("tutorial.check_failed", Interpreter.present(error, session.t).message))
    }
  }

  /// What says the tutorial cannot go on from here (a fiche it needs deleted in Apidae), and how to start
  /// again; nil when it can.
  func stuck(_ context: TutorialContext, lesson: Int) -> String? {
    guard let f = TutorialLessons.deletedAhead(context, lesson: lesson) else { return nil }
    let t = context.session.t
    return t("tutorial.fiche_deleted", "\(f.id) " + t.quoted(f.name), resetCommand)
  }

  /// `tutorial next`: goes on past a step of looking; refuses while a step of doing is not done.
  func next(_ session: Session) throws {
    let t = session.t
    let p = try position()
    guard !p.finished else {
      session.say(t("tutorial.finished"))
      return
    }
    let step = TutorialLessons.all[p.lesson].steps[p.step]
    if !step.looking {
      let context = TutorialContext(session: session, workspace: workspace, command: nil)
      guard try step.check(context) else {
        if let stuck = stuck(context, lesson: p.lesson) { throw ShellError.failure(stuck) }
        throw ShellError.failure(t("tutorial.refused", t(step.key + ".not_yet"), try step.hint(context)))
      }
    }
    let next = p.advanced()
    try next.save(workspace.store())
    try present(session, withLesson: next.lesson != p.lesson)
  }

  /// The full name a command type has in the registry («apidae calcul», «open campaign»).
  static func registryName(_ type: Any.Type) -> String {
    CommandRegistry.all.first { ObjectIdentifier($0.type) == ObjectIdentifier(type) }?.name ?? ""
  }

  /// Where `oesh tutorial` keeps its workspace: `$XDG_DATA_HOME/oesh/tutorial`, else
  /// `~/.local/share/oesh/tutorial`.
  static func defaultDirectory() -> URL {
    let env = ProcessInfo.processInfo.environment
    if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty {
      return URL(fileURLWithPath: xdg).appendingPathComponent("oesh/tutorial")
    }
    let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".local/share/oesh/tutorial")
  }
}

// MARK: Commands

struct TutorialCommand: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "tutorial",
    abstract:
      "Lance le tutoriel de la procédure « Ajouter une fiche dans une campagne en cours », ou le reprend à sa leçon ; status, next.",
    aliases: ["tutoriel"])
  static let group = CommandGroup.teaching
  static let examples = ["tutorial", "tutorial status"]
  @Argument(help: "status (la progression) ou next (passer une étape d'observation).") var action: String?

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.count == 1 ? ["status", "next"] : []
  }

  func run(_ session: Session) throws {
    let t = session.t
    let tutorial = try Tutorial.attach(session)
    switch action {
    case nil:
      try tutorial.present(session)
    case "status", "progression":
      let p = try tutorial.position()
      session.say(t("tutorial.status.title", tutorial.workspace.url.path))
      for (i, lesson) in TutorialLessons.all.enumerated() {
        let mark = i < p.lesson ? "✓" : (i == p.lesson ? "→" : " ")
        var line = " \(mark) \(i + 1). " + t(lesson.key + ".title")
        if i == p.lesson { line += " " + t("tutorial.status.step", p.step + 1, lesson.steps.count) }
        session.say(line)
      }
      session.say(t("tutorial.status.count", min(p.lesson, TutorialLessons.all.count), TutorialLessons.all.count))
    case "next", "suivant":
      try tutorial.next(session)
    default:
      throw ShellError.usage(t("tutorial.usage", action ?? ""))
    }
  }
}

struct Hint: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "hint", abstract: "Donne la commande de l'étape en cours du tutoriel.", aliases: ["indice"])
  static let group = CommandGroup.teaching
  static let examples = ["hint"]

  func run(_ session: Session) throws {
    let t = session.t
    let ws = try session.workspace()
    guard try Demo.isDemo(ws) else { throw ShellError.failure(t("tutorial.not_demo")) }
    // A demo the tutorial never ran on has no step to hint at.
    let started = try Tutorial.running(session) != nil || TutorialPosition.stored(ws.store())
    guard started else {
      throw ShellError.failure(t("tutorial.none_here"))
    }
    let tutorial = try Tutorial.attach(session)
    let p = try tutorial.position()
    guard !p.finished else {
      session.say(t("tutorial.finished"))
      return
    }
    let step = TutorialLessons.all[p.lesson].steps[p.step]
    let context = TutorialContext(session: session, workspace: tutorial.workspace, command: nil)
    session.say(t("tutorial.hint", try tutorial.stuck(context, lesson: p.lesson) ?? step.hint(context)))
  }
}

/// `oesh tutorial [--reset]`: the tutorial on its own demo workspace, kept between sessions.
struct TutorialLauncher: LauncherSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "tutorial",
    abstract:
      "Lance le tutoriel : la procédure des deux côtés, pas à pas, sur une démo à part (reprend où on l'a laissé).")
  @Flag(help: "Recommence à zéro sur une démo neuve.") var reset = false
  /// `oesh`'s own options, written before or after `tutorial`, are parsed there: `--lang`, and
  /// `--workspace`, the tutorial's folder (else `$XDG_DATA_HOME/oesh/tutorial`).
  @ParentCommand var oesh: OeshCommand
  /// The tutorial's folder. `oesh` takes `-w` wherever it is written, so the value is mostly found in
  /// `oesh.workspace`; declared here too so that `oesh tutorial --help` shows it.
  @Option(
    name: [.short, .long],
    help: ArgumentHelp("Le dossier du tutoriel (sinon $XDG_DATA_HOME/oesh/tutorial).", valueName: "dir"),
    completion: .directory)
  var workspace: String?

  func launch() -> Int32 {
    var settings = Settings()
    if let lang = oesh.lang { settings.language = lang }
    let chosen = workspace ?? oesh.workspace
    if Launcher.emptyWorkspaceRefused(chosen, Catalogue(settings.language)) {
      return ShellError.Kind.workspace.rawValue
    }
    let dir = chosen.map { URL(fileURLWithPath: $0) } ?? Tutorial.defaultDirectory()
    let fm = FileManager.default
    let kept = fm.fileExists(atPath: dir.appendingPathComponent("oesh.toml").path) && !reset
    // Resumed in the language it was left in, unless --lang says another.
    if kept, oesh.lang == nil, let stored = Tutorial.storedLanguage(dir) { settings.language = stored }
    let t = Catalogue(settings.language)
    do {
      if reset, fm.fileExists(atPath: dir.appendingPathComponent("oesh.toml").path) {
        try fm.removeItem(at: dir)
      }
      if !fm.fileExists(atPath: dir.appendingPathComponent("oesh.toml").path) {
        try fm.createDirectory(at: dir.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Demo.create(at: dir)
        writeFD(1, t("tutorial.created", dir.path) + "\n")
      } else {
        writeFD(1, t("tutorial.resumed", dir.path) + "\n")
      }
    } catch {
      writeFD(2, "oesh: " + Interpreter.present(error, t).message + "\n")
      return ShellError.Kind.workspace.rawValue
    }
    let interactive = isTerminal(0)
    let session = Session(workspaceURL: dir.standardizedFileURL, interactive: interactive, settings: settings)
    let interpreter = Interpreter(session: session)
    interpreter.keepGoing = true
    let tutorial: Tutorial
    let resume = resumeCommand(chosen == nil ? nil : dir)
    do {
      tutorial = try Tutorial.attach(session)
      tutorial.resetCommand = resume + " --reset"
      try tutorial.workspace.store().setSetting(Tutorial.languageKey, settings.language.rawValue)
      try tutorial.reopenCampaign(session)
      session.say(t("tutorial.welcome", resume))
      try tutorial.present(session)
      session.flush()
    } catch {
      writeFD(2, "oesh: " + Interpreter.present(error, t).message + "\n")
      return ShellError.Kind.workspace.rawValue
    }
    let status = interactive ? Repl(interpreter: interpreter).run() : Launcher.runStandardInput(interpreter)
    tutorial.sayWhereLeft(session, resume: resume)
    session.flush()
    return status
  }

  /// The command that comes back to this tutorial from any folder: `oesh tutorial`, with `-w` and the
  /// whole path of a folder given (`chosen`) rather than the default one; its language is kept with it.
  func resumeCommand(_ chosen: URL?) -> String {
    "oesh tutorial" + (chosen.map { " -w " + shellWord($0.standardizedFileURL.path) } ?? "")
  }
}

extension Tutorial {
  /// Leaving before the end (Ctrl-D, `quit`, the end of piped input): where the tutorial stands, kept,
  /// and the command that resumes it there.
  func sayWhereLeft(_ session: Session, resume: String) {
    guard let p = try? position(), !p.finished else { return }
    let steps = TutorialLessons.all[p.lesson].steps.count
    session.say(session.t("tutorial.left", p.lesson + 1, TutorialLessons.all.count, p.step + 1, steps, resume))
  }
}
