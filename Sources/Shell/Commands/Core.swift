import ArgumentParser
import Foundation
import LineEditing
import OpenEdit

let coreCommands: [ParsableCommand.Type] = [
  Help.self, Quit.self, Echo.self, Source.self, History.self, SetCommand.self, Clear.self,
]

struct Help: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "help", abstract: "Liste les commandes, ou donne l'aide d'une commande.",
    aliases: ["aide", "?"])
  static let group = CommandGroup.basics
  static let examples = ["help", "help sync", "aide echo"]

  @Argument(help: "La commande (plusieurs mots pour une sous-commande).")
  var command: [String] = []

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    words.count == 1 ? CommandRegistry.all.map(\.name).filter { !$0.contains(" ") } : []
  }

  func run(_ session: Session) throws {
    let t = session.t
    if command.isEmpty {
      session.write(Help.overview(session))
      return
    }
    guard let (type, consumed) = CommandRegistry.find(command), consumed == command.count else {
      let typed = command.joined(separator: " ")
      // A slip on a subcommand (`help snapshots prun`) is near the whole name, «snapshots prune».
      let near = CommandRegistry.suggestion(for: typed) ?? CommandRegistry.suggestion(for: command[0])
      let found = Help.mentioning(typed, t)
      guard !found.isEmpty else {
        throw ShellError.usage(nearly(t("error.unknown_command", TextSafety.excerpt(typed)), near, t))
      }
      // As `apropos`: the commands whose name, abstract or arguments speak of it.
      session.print(t("help.mentions", TextSafety.excerpt(typed)))
      let width = found.map { TextSafety.displayWidth($0.name) }.max() ?? 0
      for (name, abstract) in found { session.print(session.prose("  " + name, abstract, column: width + 4)) }
      if let near { session.print(t("error.did_you_mean", near)) }
      return
    }
    session.write(Help.details(type, name: command.joined(separator: " "), session: session))
  }

  static func abstract(_ type: ParsableCommand.Type, name: String, _ t: Catalogue) -> String {
    let key = "abstract." + name.replacingOccurrences(of: " ", with: ".")
    let translated = t(key)
    return translated == key ? type.configuration.abstract : translated
  }

  static func overview(_ session: Session) -> String {
    let t = session.t
    let entries = CommandRegistry.all
    let width = entries.map { TextSafety.displayWidth($0.name) }.max() ?? 10
    var out = session.prose(t("help.intro")) + "\n"
    for group in CommandGroup.allCases {
      let members = entries.filter { $0.type.group == group }
      guard !members.isEmpty else { continue }
      out += "\n" + session.styled(t(group.titleKey), .bold) + "\n"
      for (name, type) in members {
        // At a terminal, each description goes on under itself, as `oesh --help` lays them out.
        out += session.prose("  " + name, abstract(type, name: name, t), column: width + 4) + "\n"
      }
    }
    out += "\n" + session.prose(t("help.procedure")) + "\n"
    out += session.prose(t("help.outro")) + "\n"
    return out
  }

  /// The commands whose name, aliases, abstract or arguments' help hold `text` (case and accents
  /// ignored), in `help` order, with their abstracts.
  static func mentioning(_ text: String, _ t: Catalogue) -> [(name: String, abstract: String)] {
    let key = TextSafety.fold(text.trimmingCharacters(in: .whitespaces))
    guard key.count >= 2 else { return [] }
    return CommandRegistry.all.compactMap { name, type in
      let abstract = abstract(type, name: name, t)
      let arguments = ShellRoot.helpMessage(for: type, includeHidden: false, columns: 10_000)
        .split(separator: "\n").filter { $0.hasPrefix("  ") }.map { translated(String($0), t) }
      let said = [name, abstract] + CommandRegistry.aliases(of: name) + arguments
      return said.contains { TextSafety.fold($0).contains(key) } ? (name, abstract) : nil
    }
  }

  /// The parser's own English words in a help text (headings, its flags' help, «values:»), in `t`'s language.
  static func headings(_ text: String, _ t: Catalogue) -> String {
    text.replacingOccurrences(of: "OVERVIEW: ", with: "")
      .replacingOccurrences(of: "USAGE: ", with: t("help.usage") + " ")
      .replacingOccurrences(of: "ARGUMENTS:", with: t("help.arguments"))
      .replacingOccurrences(of: "OPTIONS:", with: t("help.options"))
      .replacingOccurrences(of: "SUBCOMMANDS:", with: t("help.subcommands"))
      .replacingOccurrences(of: "Show help information.", with: t("help.help_flag"))
      .replacingOccurrences(of: "Show the version.", with: t("help.version_flag"))
      .replacingOccurrences(of: "(values: ", with: t("help.values"))
      .replacingOccurrences(of: "(default: ", with: t("help.default"))
  }

  /// An argument's help, written in French in its declaration, in the session's language.
  static func translated(_ line: String, _ t: Catalogue) -> String {
    guard t.language == .en, line.hasPrefix("  ") else { return line }
    for (french, english) in Catalogue.englishArgumentHelp where line.contains(french) {
      return line.replacingOccurrences(of: french, with: english)
    }
    return line
  }

  /// An example of `help COMMAND` as written in the session's language (the same command).
  static func example(_ example: String, _ t: Catalogue) -> String {
    t.language == .en ? Catalogue.englishExamples[example] ?? example : example
  }

  /// An argument's line cut at `width` columns, its help going on under itself (as the parser lays
  /// it out); other lines as they are.
  static func wrapped(_ line: String, width: Int = 100, indent: Int = 26) -> [String] {
    guard line.hasPrefix("  ") else { return [line] }
    return cut(line, width: width, indent: indent)
  }

  /// `line` cut between words at `width` columns, each line after the first indented by `indent`
  /// (a word is never cut within the first `indent` columns: an argument's name stays whole).
  static func cut(_ line: String, width: Int, indent: Int) -> [String] {
    guard line.count > width else { return [line] }
    var lines: [String] = []
    let words = line.split(separator: " ", omittingEmptySubsequences: false)
    var current = String(words[0])
    for word in words.dropFirst() {
      let candidate = current + " " + word
      if candidate.count > width, current.count > indent {
        lines.append(current)
        current = String(repeating: " ", count: indent) + word
      } else {
        current = candidate
      }
    }
    lines.append(current)
    return lines
  }

  /// A line of `help COMMAND` at a terminal `width` columns wide: an argument's help goes on under
  /// itself, the usage under its first word, any other line as prose.
  static func wrapped(_ line: String, atTerminal width: Int, usage: String) -> [String] {
    if line.hasPrefix(usage + " ") {
      return Help.cut(line, width: width, indent: TextSafety.displayWidth(usage) + 1)
    }
    // The parser writes an argument's name, then its help from the 27th column on (a line of prose
    // there, «Voir « help new SOUS-COMMANDE »…», quotes a command).
    let column = 26
    let label = line.prefix(column)
    if line.hasPrefix("  "), label.count == column, label.last == " ", line.dropFirst(column).first != " ",
      !label.contains("«"), !label.contains("\"")
    {
      let name = String(label.reversed().drop { $0 == " " }.reversed())
      return TextSafety.hanging(name, String(line.dropFirst(column)), column: column, width: width)
    }
    return TextSafety.prose(line, width: width)
  }

  static func details(_ type: ParsableCommand.Type, name typed: String, session: Session) -> String {
    let t = session.t
    let name = CommandRegistry.canonicalName(typed.split(separator: " ").map(String.init))
    var out = session.prose(abstract(type, name: name, t)) + "\n\n"
    // A command of the procedure says its step: its Open Edit screen, what comes before and after.
    let step = "help.procedure." + name.replacingOccurrences(of: " ", with: ".")
    if t(step) != step { out += session.prose(t(step)) + "\n\n" }
    // Unwrapped, so that each argument's help is whole on its line to be put in the user's language;
    // wrapped again after.
    var usage = ShellRoot.helpMessage(for: type, includeHidden: false, columns: 10_000)
    // The parser's own abstract line is replaced by ours; keep usage and options.
    if let r = usage.range(of: "USAGE:") { usage = String(usage[r.lowerBound...]) }
    usage = headings(usage.replacingOccurrences(of: "USAGE:  ", with: "USAGE: "), t)
    // A command that runs alone too (`snapshots`, `snapshots prune`): its subcommand is not needed.
    if type is any ShellCommand.Type, let end = usage.firstIndex(of: "\n") {
      usage.replaceSubrange(
        usage.startIndex..<end, with: usage[..<end].replacingOccurrences(of: " <subcommand>", with: ""))
    }
    for sub in type.configuration.subcommands where !sub.configuration.abstract.isEmpty {
      let subName = name + " " + CommandRegistry.commandName(sub)
      usage = usage.replacingOccurrences(of: sub.configuration.abstract, with: abstract(sub, name: subName, t))
    }
    if let see = try? Regex(#"See ' ?(.*?) <subcommand>' for detailed help\."#).firstMatch(in: usage) {
      usage.replaceSubrange(see.range, with: t("help.see_subcommand", see.output[1].substring ?? ""))
    }
    let lines = usage.trimmingCharacters(in: .whitespacesAndNewlines).split(
      separator: "\n", omittingEmptySubsequences: false)
    let terminal = session.outputIsTerminal ? min(terminalWidth(), 100) : nil
    out +=
      lines.flatMap { line in
        let line = Help.translated(String(line), t)
        return terminal.map { Help.wrapped(line, atTerminal: $0, usage: t("help.usage")) } ?? Help.wrapped(line)
      }.joined(separator: "\n") + "\n"
    let aliases = CommandRegistry.aliases(of: name)
    if !aliases.isEmpty {
      out += "\n" + session.prose(t("help.aliases") + " " + aliases.joined(separator: ", ")) + "\n"
    }
    if let s = type as? any ShellCommand.Type, !s.examples.isEmpty {
      out += "\n" + t("help.examples") + "\n"
      for e in s.examples { out += session.prose("  " + Help.example(e, t)) + "\n" }
    }
    return out
  }
}

struct Quit: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "quit", abstract: "Quitte le shell.", aliases: ["exit", "quitter"])
  static let group = CommandGroup.basics
  static let examples = ["quit", "quit 0"]

  @Argument(help: "Code de sortie (par défaut : le pire rencontré dans un script, 0 au terminal).")
  var status: Int32?

  func run(_ session: Session) throws {
    // A process exits with 8 bits: 300 would be 44.
    if let status, !(0...255).contains(status) { throw ShellError.usage(session.t("quit.bad_status", status)) }
    throw QuitRequest(status: status)
  }
}

struct Echo: TakesManyWords {
  static let configuration = CommandConfiguration.shell(
    commandName: "echo", abstract: "Affiche son texte.")
  static let group = CommandGroup.basics
  static let examples = ["echo \"Bonjour, Château-d'Œx\""]

  @Argument(parsing: .captureForPassthrough, help: "Le texte.")
  var text: [String] = []
  static var manyWords: WritableKeyPath<Echo, [String]> { \.text }

  func run(_ session: Session) throws { session.print(text.joined(separator: " ")) }
}

/// `clear`, as the shells have it (Ctrl-L does the same at the prompt): the screen emptied, the prompt
/// at its top. Only at a terminal: a pipe or a file gets nothing.
struct Clear: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "clear", abstract: "Efface l'écran (comme Ctrl-L).", aliases: ["effacer"])
  static let group = CommandGroup.basics
  static let examples = ["clear"]

  func run(_ session: Session) throws {
    guard session.outputIsTerminal else { return }
    session.write("\u{1B}[H\u{1B}[2J")
  }
}

struct Source: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "source", abstract: "Exécute un script de commandes (*.oesh).", aliases: ["run"])
  static let group = CommandGroup.basics
  static let examples = ["source matin.oesh"]

  @Argument(help: "Le fichier ; un chemin relatif est cherché ici, puis dans scripts/ de l'espace de travail.")
  var file: String

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    PathCompletion.complete(current, session: session, extensions: ["oesh"])
  }

  func run(_ session: Session) throws {
    guard let interpreter = session.interpreter else { return }
    let status = try interpreter.runScript(path: file)
    if status != 0 { throw NestedScriptFailure(status: status) }
  }
}

struct History: ShellCommand {
  static let configuration = CommandConfiguration.shell(
    commandName: "history", abstract: "Montre les lignes déjà tapées.", aliases: ["historique"])
  static let group = CommandGroup.basics
  static let examples = ["history"]

  @Option(name: .short, help: "Les N dernières seulement.")
  var n: Int?

  func run(_ session: Session) throws {
    // `-n=-3` reached the range below as a start past its end, and `-n=-9223372036854775808` overflowed.
    if let n, n < 0 { throw ShellError.usage(session.t("history.count", n)) }
    let lines = session.reader?.history ?? []
    let start = lines.count - min(n ?? lines.count, lines.count)
    for i in start..<lines.count {
      session.print(
        TextSafety.pad(String(i + 1), to: 5, alignment: .right) + "  " + TextSafety.escapeControls(lines[i]))
    }
  }
}

struct SetCommand: TakesManyWords {
  static let configuration = CommandConfiguration.shell(
    commandName: "set",
    abstract: "Montre ou change un réglage : format, expanded, color, pager, echo, lang, explain, timing.",
    aliases: ["régler"])
  static let group = CommandGroup.basics
  static let examples = ["set", "set format json", "set expanded on", "set pager off", "set echo on", "set timing on"]

  static let names = ["format", "expanded", "color", "pager", "echo", "lang", "explain", "timing"]

  @Argument(help: "Le réglage.") var name: String?
  @Argument(help: "La nouvelle valeur.") var value: [String] = []
  static var manyWords: WritableKeyPath<SetCommand, [String]> { \.value }

  static func complete(_ session: Session, words: [String], current: String) -> [String] {
    switch words.count {
    case 1: return names
    case 2:
      switch canonical(words[1]) {
      case "format": return OutputFormat.allCases.map(\.rawValue)
      case "expanded": return ExpandedMode.allCases.map(\.rawValue)
      case "color": return Settings.ColorMode.allCases.map(\.rawValue)
      case "pager", "echo", "explain", "timing": return ["on", "off"]
      case "lang": return Language.allCases.map(\.rawValue)
      default: return []
      }
    default: return []
    }
  }

  /// French and spelling variants of the setting names.
  static func canonical(_ name: String) -> String {
    switch name {
    case "colour", "couleur": return "color"
    case "langue": return "lang"
    case "étendu", "etendu": return "expanded"
    case "durée", "duree", "timer": return "timing"
    default: return name
    }
  }

  /// Without a name, the settings: a listing.
  func writes(_ format: OutputFormat) -> Bool { format == .table || name == nil }

  func run(_ session: Session) throws {
    let t = session.t
    guard let typed = name else {
      let s = session.settings
      let rows: [[Cell]] = [
        [.text("format"), .text(session.sessionFormat.rawValue)],
        [.text("expanded"), .text(s.expanded.rawValue)],
        [.text("color"), .text(s.color.rawValue)],
        [.text("pager"), .text(s.pager ?? "off")],
        [.text("echo"), .text(s.echo ? "on" : "off")],
        [.text("lang"), .text(s.language.rawValue)],
        [.text("explain"), .text(s.explain ? "on" : "off")],
        [.text("timing"), .text(s.timing ? "on" : "off")],
      ]
      session.show(Table(columns: [Column("name", t("col.setting")), Column("value", t("col.value"))], rows: rows))
      return
    }
    let name = SetCommand.canonical(typed)
    let v = value.joined(separator: " ")
    func bad() -> ShellError {
      let values = SetCommand.complete(session, words: ["set", name], current: "").joined(separator: ", ")
      return .usage(v.isEmpty ? t("set.missing_value", name, values) : t("set.bad_value", v, name, values))
    }
    func onOff() throws -> Bool {
      switch v {
      case "on", "oui", "true", "1": return true;
      case "off", "non", "false", "0": return false;
      default: throw bad()
      }
    }
    switch name {
    case "format":
      guard let f = OutputFormat(rawValue: v) else { throw bad() }
      session.settings.format = f
    case "expanded":
      guard let e = ExpandedMode(rawValue: v == "oui" ? "on" : v == "non" ? "off" : v) else { throw bad() }
      session.settings.expanded = e
    case "color":
      guard let c = Settings.ColorMode(rawValue: v) else { throw bad() }
      session.settings.color = c
    case "pager":
      if v == "off" || v == "non" {
        session.settings.pager = nil
      } else if v == "on" || v == "oui" {
        session.settings.pager = Settings.environmentPager() ?? Settings.defaultPager
      } else if !v.isEmpty {
        session.settings.pager = v
      } else {
        throw bad()
      }
    case "echo": session.settings.echo = try onOff()
    case "explain": session.settings.explain = try onOff()
    case "timing": session.settings.timing = try onOff()
    case "lang":
      guard let l = Language(rawValue: v) else { throw bad() }
      session.settings.language = l
    default:
      let near = SetCommand.names.filter { editDistance(name, $0) <= 2 }
        .min { editDistance(name, $0) < editDistance(name, $1) }
      throw ShellError.usage(nearly(t("set.unknown", name, SetCommand.names.joined(separator: ", ")), near, t))
    }
  }
}
