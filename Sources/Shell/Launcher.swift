import ArgumentParser
import Foundation
import LineEditing
import OpenEdit

/// `oesh`'s own command line.
struct OeshCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "oesh",
    abstract: "Le shell des campagnes Open Edit, sur un espace de travail d'exports Apidae.",
    discussion: """
      Sans -c ni -f, lit les commandes au terminal (édition de ligne, historique, TAB, après celles de \
      ~/.oeshrc ou de $OESH_RC) ou, si l'entrée n'est pas un terminal, ligne à ligne sans invite. Codes de sortie : 0 tout a réussi, 1 une commande \
      a échoué, 2 erreur d'usage, 3 espace de travail inutilisable.
      """,
    version: oeshVersion,
    subcommands: [InitCommand.self] + launcherSubcommands)

  @Option(
    name: [.short, .long], help: "L'espace de travail (sinon $OESH_WORKSPACE, sinon le dossier courant).",
    completion: .directory)
  var workspace: String?
  @Option(name: [.customShort("c"), .long], help: "Exécute une commande (répétable).")
  var command: [String] = []
  @Option(name: [.customShort("f"), .long], help: "Exécute un script (répétable).", completion: .file())
  var file: [String] = []
  @Flag(help: "Affiche chaque commande avant son résultat.")
  var echo = false
  @Flag(help: "Continue après une commande qui échoue ; le code de sortie reste le pire rencontré.")
  var keepGoing = false
  @Option(help: "Format des listes.")
  var format: OutputFormat?
  @Flag(help: "Jamais de couleurs.")
  var noColor = false
  @Option(help: "Langue des messages.")
  var lang: Language?
  @Flag(name: [.customShort("X"), .customLong("no-rc")], help: "Ne lit pas ~/.oeshrc (ni $OESH_RC) au démarrage.")
  var noRC = false

  mutating func run() throws {}
}

extension Language: ExpressibleByArgument {}

/// `oesh init DIR`: creates the layout of DESIGN.md §3.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init", abstract: "Crée un espace de travail (snapshots/, outbox/, scripts/, oesh.toml).")
  @Argument(help: "Le dossier à créer.", completion: .directory) var directory: String
  @Option(help: "Le nom de l'espace de travail.") var name: String?
  /// `oesh`'s own options: `--lang`, written before or after `init`, is parsed there.
  @ParentCommand var oesh: OeshCommand
}

let oeshVersion = "0.1.0"

/// The door: turns `oesh`'s arguments into a session and an exit status.
public enum Launcher {
  /// Runs `oesh` with `arguments` (without the program name) and returns the exit status. `bytes` are
  /// the arguments as the system gave them, where `arguments` has U+FFFD for what is not UTF-8: a `-c`
  /// text that is not is read as a script's lines are, each refused where it is.
  public static func main(_ arguments: [String], bytes: [[UInt8]] = []) -> Int32 {
    reserveClosedStandardStreams()
    // The common forms skip swift-argument-parser, whose reflection costs a third of start-up (see
    // LaunchOptions.plain); everything else, help and errors included, goes through it.
    if let options = LaunchOptions.plain(arguments) {
      return runShell(options, arguments: arguments, bytes: bytes)
    }
    let parsed: ParsableCommand
    do {
      parsed = try OeshCommand.parseAsRoot(arguments)
    } catch {
      let code = OeshCommand.exitCode(for: error)
      let text = OeshCommand.fullMessage(for: error)
      if code == .success {
        // `--help` in the user's language; `--version` as it is.
        let help = text.hasPrefix("OVERVIEW:") || text.hasPrefix("USAGE:")
        writeFD(1, (help ? LauncherHelp.text(for: arguments) : text) + "\n")
        return 0
      }
      // The parser's own message, in the user's language, and where the options are explained.
      let t = Catalogue(LauncherHelp.language(arguments))
      let message = CommandRegistry.translateParserMessage(OeshCommand.message(for: error), t)
      writeFD(2, "oesh: " + t("launcher.bad_arguments", message) + "\n")
      return 2
    }
    switch parsed {
    case let i as InitCommand:
      let t = Catalogue(i.oesh.lang ?? .fr)
      if emptyDirectoryRefused(i.directory, "init", t) { return ShellError.Kind.usage.rawValue }
      let url = URL(fileURLWithPath: i.directory)
      do {
        _ = try Workspace.create(at: url, name: i.name)
        writeFD(1, t("init.created", i.directory) + "\n")
        return 0
      } catch {
        let e = Interpreter.present(error, t)
        writeFD(2, "oesh: " + e.message + "\n")
        return e.kind.rawValue
      }
    case let o as OeshCommand:
      return runShell(LaunchOptions(o), arguments: arguments, bytes: bytes)
    default:
      if let sub = parsed as? LauncherSubcommand { return sub.launch() }
      // `--help` (on oesh or a subcommand) comes back as the parser's help command: it throws its text.
      do {
        var command = parsed
        try command.run()
      } catch {
        if OeshCommand.exitCode(for: error) == .success {
          writeFD(1, LauncherHelp.text(for: arguments) + "\n")
          return 0
        }
      }
      writeFD(2, lastResort(parsed, arguments) + "\n")
      return 2
    }
  }

  /// What oesh says of a command the parser gave but it cannot run (none does: the parser's `help` throws
  /// its text), named, in the language asked for.
  static func lastResort(_ parsed: ParsableCommand, _ arguments: [String]) -> String {
    let t = Catalogue(LauncherHelp.language(arguments))
    return "oesh: " + t("error.unknown_command", type(of: parsed)._commandName)
  }

  static func runShell(_ o: LaunchOptions, arguments: [String], bytes: [[UInt8]]) -> Int32 {
    var settings = Settings()
    if let f = o.format { settings.format = f }
    if o.noColor { settings.color = .off }
    if let l = o.lang { settings.language = l }
    settings.echo = o.echo
    let t = Catalogue(settings.language)
    if emptyWorkspaceRefused(o.workspace, t) { return ShellError.Kind.workspace.rawValue }

    let fromEnvironment = o.workspace == nil ? environmentValue("OESH_WORKSPACE") : nil
    let path = o.workspace ?? fromEnvironment ?? FileManager.default.currentDirectoryPath
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let scripted = o.scripted
    let interactive = !scripted && isTerminal(0)
    let session = Session(workspaceURL: url, interactive: interactive, settings: settings)
    do {
      _ = try session.workspace()
    } catch {
      // A path no option gave (a stale `export OESH_WORKSPACE=…` in a profile) is said where it came from.
      let message = Interpreter.present(error, t).message
      writeFD(2, "oesh: " + (fromEnvironment == nil ? message : t("workspace.from_environment", message)) + "\n")
      return ShellError.Kind.workspace.rawValue
    }
    let interpreter = Interpreter(session: session)
    interpreter.keepGoing = o.keepGoing

    if scripted {
      return runArguments(arguments, bytes: bytes, interpreter: interpreter)
    }
    if interactive {
      return Repl(interpreter: interpreter, startupFile: o.noRC ? nil : startupFile()).run()
    }
    return runStandardInput(interpreter)
  }

  /// `-w ''` names no folder: refused with its message, where `URL(fileURLWithPath: "")` would be the
  /// current directory.
  static func emptyWorkspaceRefused(_ path: String?, _ t: Catalogue) -> Bool {
    guard path?.isEmpty == true else { return false }
    writeFD(2, "oesh: " + t("workspace.empty_path") + "\n")
    return true
  }

  /// `oesh init ''` and `oesh demo ''` name no folder: refused, where `URL(fileURLWithPath: "")` would make
  /// the current directory a workspace.
  static func emptyDirectoryRefused(_ directory: String, _ subcommand: String, _ t: Catalogue) -> Bool {
    guard directory.isEmpty else { return false }
    writeFD(2, "oesh: " + t("launcher.empty_directory", subcommand) + "\n")
    return true
  }

  /// The commands an interactive shell runs first: `$OESH_RC`, else `~/.oeshrc`, when it exists.
  /// Scripts (`-c`, `-f`, standard input) never read it: they do the same on every machine.
  static func startupFile() -> String? {
    let path =
      environmentValue("OESH_RC")
      ?? environmentValue("HOME").map { URL(fileURLWithPath: $0).appendingPathComponent(".oeshrc").path }
    guard let path, FileManager.default.fileExists(atPath: path) else { return nil }
    return path
  }

  /// Runs `-c` and `-f` in the order they were given (`-f -` is standard input). The lines of the `-c`
  /// texts are named `-c:N`, counted over all of them in turn (the N-th `-c` when each is one line). A
  /// `-c` text whose `bytes` are not UTF-8 has its lines read from them, as `-f` reads a file's; a `-f`
  /// path so is opened by them.
  static func runArguments(_ arguments: [String], bytes: [[UInt8]] = [], interpreter: Interpreter) -> Int32 {
    var steps: [(isFile: Bool, value: String, notUTF8: [UInt8]?)] = []
    /// Argument `index`'s bytes after its `prefix` (`--command=`), when they are not UTF-8.
    func notUTF8(_ index: Int, after prefix: Int = 0) -> [UInt8]? {
      guard index < bytes.count else { return nil }
      let raw = Array(bytes[index].dropFirst(prefix))
      return String(validating: raw, as: UTF8.self) == nil ? raw : nil
    }
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if a == "--" { break }
      if (a == "-c" || a == "--command" || a == "-f" || a == "--file"), i + 1 < arguments.count {
        steps.append((a == "-f" || a == "--file", arguments[i + 1], notUTF8(i + 1)))
        i += 2
        continue
      }
      for prefix in ["--command=", "--file="] where a.hasPrefix(prefix) {
        steps.append((prefix == "--file=", String(a.dropFirst(prefix.count)), notUTF8(i, after: prefix.utf8.count)))
      }
      if a.hasPrefix("-c"), a.count > 2, !a.hasPrefix("--") {
        steps.append((false, String(a.dropFirst(2)), notUTF8(i, after: 2)))
      }
      if a.hasPrefix("-f"), a.count > 2, !a.hasPrefix("--") {
        steps.append((true, String(a.dropFirst(2)), notUTF8(i, after: 2)))
      }
      i += 1
    }
    // Standard input is read only by `-f -` (or `-f /dev/stdin`): otherwise its file is none of this run's
    // scripts, and `-c 'fiches > liste.csv' < liste.csv` writes it.
    let input = FileIdentity(descriptor: 0)
    interpreter.standardInputIsScript = steps.contains {
      $0.isFile && ($0.value == "-" || (input != nil && FileIdentity(path: $0.value) == input))
    }
    var commandLines = 0
    for step in steps {
      var status: Int32
      if step.isFile && step.value == "-" {
        status = runStandardInputScript(interpreter)
      } else if step.isFile {
        do {
          status = try interpreter.runScript(path: step.value, pathBytes: step.notUTF8)
        } catch {
          let e = Interpreter.present(error, interpreter.session.t)
          interpreter.report(e, at: nil)
          status = e.kind.rawValue
        }
      } else {
        // A -c text is read as a script is, its lines numbered after those of the -c before it.
        let lines = step.notUTF8.map(Interpreter.lines(of:)) ?? Interpreter.lines(of: step.value).map(ScriptLine.text)
        var rest = lines[...]
        status = interpreter.runScript(name: "-c", firstLine: commandLines + 1, quotesSpanLines: true) {
          rest.popFirst()
        }
        commandLines += lines.count
      }
      if interpreter.quitRequested { break }
      if status != 0 && !interpreter.keepGoing { break }
    }
    return interpreter.scriptStatus
  }

  /// A standard stream the caller closed (`>&-`, `<&-`, `2>&-`) is held by /dev/null opened the other
  /// way, as GNU tools do: the first file oesh opens would otherwise take its number, and results or
  /// errors would go into it (a kernel's event queue, which refused them as «Invalid argument»; a
  /// script read from a workspace's file). Reading or writing it then fails as a closed stream does.
  static func reserveClosedStandardStreams() {
    for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
      let held = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY)
      if held >= 0 && held != fd {
        dup2(held, fd)
        close(held)
      }
    }
  }

  /// Standard input that is not a terminal: lines read plainly, no prompt, run as a script.
  static func runStandardInput(_ interpreter: Interpreter) -> Int32 {
    _ = runStandardInputScript(interpreter)
    return interpreter.scriptStatus
  }

  /// Standard input's lines run as the script `stdin` (piped, or `-f -`), as `-f` runs a file: a line
  /// that is not UTF-8 refused where it is, and so is input that cannot be read (a folder, a closed
  /// descriptor), rather than taken for an empty script. Returns the script's status.
  static func runStandardInputScript(_ interpreter: Interpreter) -> Int32 {
    let reader = PlainLineReader()
    interpreter.session.reader = reader
    return interpreter.runScript(name: "stdin") {
      guard case .line(let line) = reader.readLine(prompt: "") else {
        return reader.readError.map(ScriptLine.unreadable)
      }
      return reader.lastLineIsTooLong ? .tooLong : reader.lastLineIsNotUTF8 ? .notUTF8 : .text(line)
    }
  }
}

/// `oesh --help` (and `oesh init|demo|tutorial --help`) in the language `--lang` asks for, laid out as the
/// parser lays it out, with the headings, abstracts and arguments' help of `help COMMAND` in the shell.
enum LauncherHelp {
  static func text(for arguments: [String], width: Int? = nil) -> String {
    let t = Catalogue(language(arguments))
    let width = width ?? (isTerminal(1) ? min(terminalWidth(), 100) : 80)
    let subcommand = OeshCommand.configuration.subcommands.first { type in
      arguments.contains(CommandRegistry.commandName(type))
    }
    let type = subcommand ?? OeshCommand.self
    var text = OeshCommand.helpMessage(for: type, includeHidden: false, columns: 10_000)
    func translated(_ french: String, _ key: String) {
      guard !french.isEmpty, t.language == .en else { return }
      text = text.replacingOccurrences(of: french, with: t(key))
    }
    translated(
      type.configuration.abstract, "abstract.launcher." + (subcommand.map(CommandRegistry.commandName) ?? "oesh"))
    translated(type.configuration.discussion, "abstract.launcher.discussion")
    for sub in OeshCommand.configuration.subcommands where subcommand == nil {
      translated(sub.configuration.abstract, "abstract.launcher." + CommandRegistry.commandName(sub))
    }
    text = Help.headings(text, t)
      .replacingOccurrences(
        of: "See 'oesh help <subcommand>' for detailed help.", with: t("help.see_subcommand", "oesh help"))
    return text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false)
      .flatMap { line -> [String] in
        let line = Help.translated(String(line), t)
        if line.hasPrefix(t("help.usage")) { return [line] }  // the parser does not cut it either
        return line.hasPrefix("  ") ? Help.wrapped(line, width: width) : Help.cut(line, width: width, indent: 0)
      }.joined(separator: "\n")
  }

  /// `--lang en` or `--lang=en` anywhere among the arguments; French otherwise.
  static func language(_ arguments: [String]) -> Language {
    for (i, a) in arguments.enumerated() {
      if a == "--lang", i + 1 < arguments.count, let l = Language(rawValue: arguments[i + 1]) { return l }
      if a.hasPrefix("--lang="), let l = Language(rawValue: String(a.dropFirst(7))) { return l }
    }
    return .fr
  }
}

/// A subcommand of `oesh` itself beyond `init` (`demo`, `tutorial`), added by later areas.
protocol LauncherSubcommand: ParsableCommand {
  func launch() -> Int32
}

/// What `oesh`'s options ask of a shell session, whichever way they were parsed.
struct LaunchOptions: Equatable {
  var workspace: String?
  var scripted = false
  var echo = false
  var keepGoing = false
  var noColor = false
  var format: OutputFormat?
  var lang: Language?
  var noRC = false

  init() {}

  init(_ o: OeshCommand) {
    workspace = o.workspace
    scripted = !o.command.isEmpty || !o.file.isEmpty
    echo = o.echo
    keepGoing = o.keepGoing
    noColor = o.noColor
    format = o.format
    lang = o.lang
    noRC = o.noRC
  }

  /// The options when `arguments` use only the plain forms (`-w W`, `--workspace=W`, `-c CMD`, `-f FILE`,
  /// the flags, `--format`/`--lang` with a known value, each given once except `-c` and `-f`); nil for
  /// anything else (a subcommand, `--help`, a value that starts with `-`, an unknown option, a bad value),
  /// which is left to swift-argument-parser so that help and errors stay its own. A test checks that both
  /// parsers agree wherever this one answers.
  static func plain(_ arguments: [String]) -> LaunchOptions? {
    var o = LaunchOptions()
    var seen: [String] = []  // the options given once at most (an array: a Set costs more at start-up)
    var i = 0
    while i < arguments.count {
      var name = arguments[i]
      var value: String?
      if name.hasPrefix("--"), let eq = name.firstIndex(of: "=") {
        value = String(name[name.index(after: eq)...])
        name = String(name[..<eq])
      }
      let takesValue = ["-w", "--workspace", "-c", "--command", "-f", "--file", "--format", "--lang"].contains(name)
      if takesValue && value == nil {
        guard i + 1 < arguments.count else { return nil }
        value = arguments[i + 1]
        i += 1
      }
      if !takesValue && value != nil { return nil }
      if let v = value, v.hasPrefix("-") { return nil }
      func once(_ option: String) -> Bool {
        if seen.contains(option) { return false }
        seen.append(option)
        return true
      }
      switch name {
      case "-w", "--workspace":
        guard once("-w") else { return nil }
        o.workspace = value
      case "-c", "--command", "-f", "--file": o.scripted = true
      case "--echo":
        guard once(name) else { return nil }
        o.echo = true
      case "--keep-going":
        guard once(name) else { return nil }
        o.keepGoing = true
      case "--no-color":
        guard once(name) else { return nil }
        o.noColor = true
      case "-X", "--no-rc":
        guard once("-X") else { return nil }
        o.noRC = true
      case "--format":
        guard once(name), let f = value.flatMap(OutputFormat.init(rawValue:)) else { return nil }
        o.format = f
      case "--lang":
        guard once(name), let l = value.flatMap(Language.init(rawValue:)) else { return nil }
        o.lang = l
      default: return nil
      }
      i += 1
    }
    return o
  }
}
