import ArgumentParser
import Foundation
import OpenEdit

/// The root of the shell's command tree, for swift-argument-parser.
struct ShellRoot: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "", subcommands: CommandRegistry.topLevel)
}

/// Every command of the shell, and how a line's words find theirs.
enum CommandRegistry {
  /// Top-level commands and command groups (`new`, `apidae`), in `help` order.
  static let topLevel: [ParsableCommand.Type] = coreCommands + exportCommands + campaignCommands + teachingCommands

  /// Every runnable command, depth-first, with its full name (e.g. "new campaign").
  static var all: [(name: String, type: any ShellCommand.Type)] {
    var out: [(String, any ShellCommand.Type)] = []
    func walk(_ t: ParsableCommand.Type, prefix: String) {
      let name = prefix.isEmpty ? commandName(t) : prefix + " " + commandName(t)
      if let s = t as? any ShellCommand.Type { out.append((name, s)) }
      for sub in t.configuration.subcommands { walk(sub, prefix: name) }
    }
    for t in topLevel { walk(t, prefix: "") }
    return out
  }

  static func commandName(_ t: ParsableCommand.Type) -> String {
    t.configuration.commandName ?? String(describing: t).lowercased()
  }

  /// Names and aliases of the top-level commands.
  static var topLevelNames: [String] {
    topLevel.flatMap { [commandName($0)] + $0.configuration.aliases }
  }

  /// The other ways to type the command `name` («new campaign»): each of its words replaced by its
  /// aliases where it has some («nouvelle campagne», «ouvrir campagne»), kept only when `find` takes
  /// them there, so that help shows what really works (a subcommand's alias alone, «campagne», does not).
  static func aliases(of name: String) -> [String] {
    var spellings: [[String]] = [[]]
    var candidates = topLevel
    for word in name.split(separator: " ").map(String.init) {
      guard let type = candidates.first(where: { commandName($0) == word }) else { return [] }
      let aliases = type.configuration.aliases
      spellings = spellings.flatMap { prefix in (aliases.isEmpty ? [word] : aliases).map { prefix + [$0] } }
      candidates = type.configuration.subcommands
    }
    let target = find(name.split(separator: " ").map(String.init)).map { ObjectIdentifier($0.type) }
    return spellings.filter { words in
      guard let found = find(words), found.consumed == words.count else { return false }
      return ObjectIdentifier(found.type) == target
    }.map { $0.joined(separator: " ") }.filter { $0 != name }
  }

  /// The command's own name for words that may be aliases («nouvelle campagne» is «new campaign»).
  static func canonicalName(_ words: [String]) -> String {
    var names: [String] = []
    var candidates = topLevel
    for w in words {
      guard let next = candidates.first(where: { commandName($0) == w || $0.configuration.aliases.contains(w) })
      else { break }
      names.append(commandName(next))
      candidates = next.configuration.subcommands
    }
    return names.count == words.count ? names.joined(separator: " ") : words.joined(separator: " ")
  }

  /// The command type for words that start a command, following subcommands; nil if unknown.
  static func find(_ words: [String]) -> (type: ParsableCommand.Type, consumed: Int)? {
    var candidates = topLevel
    var found: ParsableCommand.Type? = nil
    var consumed = 0
    for w in words {
      guard let next = candidates.first(where: { commandName($0) == w || $0.configuration.aliases.contains(w) })
      else { break }
      found = next
      consumed += 1
      candidates = next.configuration.subcommands
      if candidates.isEmpty { break }
    }
    return found.map { ($0, consumed) }
  }

  /// Parses a command's words into a runnable command, or throws a usage error saying why.
  static func parse(_ words: [String], session: Session) throws -> any ShellCommand {
    try parse(words, found: find(words), session: session)
  }

  /// `parse`, with what `find(words)` gave.
  static func parse(
    _ words: [String], found: (type: ParsableCommand.Type, consumed: Int)?, session: Session
  ) throws -> any ShellCommand {
    let t = session.t
    guard let first = words.first else { throw ShellError.usage(t("error.empty")) }
    guard let (type, consumed) = found else {
      throw ShellError.usage(
        nearly(t("error.unknown_command", TextSafety.excerpt(first)), suggestion(for: first), t))
    }
    let subcommands = type.configuration.subcommands
    let group = words.prefix(consumed).joined(separator: " ")
    /// The word after the group, when it is none of its subcommands: said so, with the nearest.
    func unknownSubcommand(near only: Bool) -> ShellError? {
      guard consumed < words.count else { return nil }
      let typed = words[consumed]
      let names = subcommands.flatMap { [commandName($0)] + $0.configuration.aliases }
      let near = names.min { editDistance(typed, $0) < editDistance(typed, $1) }
        .flatMap { editDistance(typed, $0) <= max(1, min(3, $0.count / 3)) ? $0 : nil }
      if only && near == nil { return nil }
      let subs = subcommands.map(commandName).joined(separator: ", ")
      return ShellError.usage(nearly(t("error.unknown_subcommand", TextSafety.excerpt(typed), group, subs), near, t))
    }
    guard let leaf = type as? any ShellCommand.Type else {
      // A group such as `new` without its subcommand (or with an unknown one), rather than «needs one».
      if let error = unknownSubcommand(near: false) { throw error }
      throw ShellError.usage(
        t("error.needs_subcommand", group, subcommands.map(commandName).joined(separator: ", ")))
    }
    // A command that runs alone too (`snapshots`): a slip on its subcommand (`snapshots prun`) is one, not
    // an argument too many.
    if !subcommands.isEmpty, let error = unknownSubcommand(near: true) { throw error }
    // Parsing with the leaf type alone keeps start-up cheap: the parser reflects one command, not the tree.
    let arguments = Array(words.dropFirst(consumed))
    do {
      if let many = leaf as? any TakesManyWords.Type, let command = try many.parse(many: arguments) {
        return command
      }
      return try leaf.parse(arguments)
    } catch {
      let name = words.prefix(consumed).joined(separator: " ")
      if leaf.exitCode(for: error) == .success {
        throw HelpShown(text: Help.details(type, name: name, session: session))
      }
      let raw = leaf.message(for: error)
      let message =
        translateParserMessage(TextSafety.showingInvisibles(raw), t)
        + (quotingHint(raw, arguments).map { t("parser.quote_hint", $0) } ?? "")
        + (dashHint(raw, arguments, leaf).map { t("parser.dash_hint", name + " " + $0) } ?? "")
      throw ShellError.usage(t("error.bad_arguments", name, message, "help \(name)"))
    }
  }

  /// An argument that starts with a dash (`fiche -5`, `fiche "-Vivre relié"`), read as options by the
  /// parser, which then misses the argument: the line with it after `--`, where it is text, as in sh
  /// (`--raw -- "-Vivre relié"`).
  static func dashHint(_ parserMessage: String, _ arguments: [String], _ type: ParsableCommand.Type) -> String? {
    guard parserMessage.contains("Missing expected argument") else { return nil }
    let signature = CommandSignature(type)
    let options = Set(Completer.options(of: type)).union(signature.valueOptions)
    var before: [String] = []
    var dashed: [String] = []
    var isValue = false
    for word in arguments {
      let option = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
      if isValue || !word.hasPrefix("-") || word == "-" || options.contains(option) {
        before.append(word)
        isValue = !isValue && signature.valueOptions.contains(word)
      } else {
        dashed.append(word)
      }
    }
    guard !dashed.isEmpty else { return nil }
    return (before + ["--"] + dashed).map(Tokenizer.quote).joined(separator: " ")
  }

  /// A text typed with spaces and no quotes, an option's value (`audience --status Email à transmettre`)
  /// or the first argument (`new campaign Été 2027 --selection 49001`): the words after its first are
  /// arguments too many, and the text quoted is what was meant (`--status "Email à transmettre"`).
  static func quotingHint(_ parserMessage: String, _ arguments: [String]) -> String? {
    guard
      let match = try? #/(?:Unexpected argument '(.*)'|\d+ unexpected arguments: '(.*?)'(?:,.*)?)/#.wholeMatch(
        in: parserMessage.trimmingCharacters(in: .whitespacesAndNewlines)),
      let first = match.output.1 ?? match.output.2,
      let i = arguments.firstIndex(of: String(first)), i >= 1, !arguments[i - 1].hasPrefix("-"),
      // Ids are no text: `fiche 1 2` means two fiches, not «1 2».
      !arguments[i - 1].allSatisfy(\.isNumber)
    else { return nil }
    let option: String? = i >= 2 ? arguments[i - 2] : nil
    if let option, !option.hasPrefix("--") || option.contains("=") { return nil }
    if option == nil && i != 1 { return nil }
    let text = Tokenizer.quote(arguments[(i - 1)...].prefix { !$0.hasPrefix("-") }.joined(separator: " "))
    return option.map { $0 + " " + text } ?? text
  }

  /// The nearest known name, for "did you mean …?".
  static func suggestion(for word: String) -> String? {
    if let name = otherToolsWords[word] { return name }
    let names = topLevelNames + all.map(\.name)
    let folded = TextSafety.fold(word)
    var best: (String, Int)? = nil
    for n in names {
      let name = TextSafety.fold(n)
      let limit = max(1, min(3, n.count / 3))
      // Lengths further apart than the limit are further apart in edits too: no distance to compute
      // (it costs the product of the lengths, seconds for a pasted file).
      if abs(folded.count - name.count) <= limit {
        let d = OpenEdit.editDistance(folded, name)
        if d <= limit && (best == nil || d < best!.1) { best = (n, d) }
      }
      if n.hasPrefix(word), word.count >= 3, best == nil || best!.1 > 0 { best = (n, 0) }
    }
    return best?.0
  }

  /// What other shells quit or ask for help with (psql's `\q`, sqlite3's `.quit`, vi's `:q`, less's `q`
  /// typed once too often): suggested as oesh's, never run, since `q` after a pager must not end a session.
  static let otherToolsWords = [
    "q": "quit", "\\q": "quit", ".quit": "quit", ".exit": "quit", ".q": "quit", ":q": "quit", ":wq": "quit",
    "logout": "quit", "bye": "quit", "\\?": "help", ".help": "help", "man": "help",
  ]

  /// The parser's messages in the session's language and in the catalogue's style: each form
  /// swift-argument-parser writes, matched whole; anything else stays as it is.
  static func translateParserMessage(_ m: String, _ t: Catalogue) -> String {
    ParserMessage.reworded(m, t) ?? m
  }
}

/// swift-argument-parser's messages (its `UsageGenerator`), as the catalogue words them (`parser.*`):
/// one table of the forms it writes, each with the catalogue's keys for its parts.
enum ParserMessage {
  static func reworded(_ m: String, _ t: Catalogue) -> String? {
    let text = m.trimmingCharacters(in: .whitespacesAndNewlines)
    for (pattern, make) in forms {
      if let match = try? pattern.wholeMatch(in: text) {
        return make(match.output.map { $0.substring.map(String.init) }, t)
      }
    }
    return nil
  }

  /// 'a', 'b' or 'c' (or one per line after «the following:») as a, b, c.
  private static func values(_ list: String) -> String {
    list.replacingOccurrences(of: "\n  - ", with: ", ").replacingOccurrences(of: " or ", with: ", ")
      .replacingOccurrences(of: " and ", with: ", ").replacingOccurrences(of: "'", with: "")
      .trimmingCharacters(in: CharacterSet(charactersIn: ", \n-"))
  }

  /// The first eight, quoted, and how many more (a line of 20,000 words gave an error of 180 KB).
  private static func quoted(_ list: String, _ t: Catalogue) -> String {
    shortList(
      list.split(separator: "', '").map { t.quoted($0.trimmingCharacters(in: CharacterSet(charactersIn: "'"))) })
  }

  nonisolated(unsafe) private static let forms: [(Regex<AnyRegexOutput>, ([String?], Catalogue) -> String)] = [
    (
      try! Regex(
        #"The value '(.*)' is invalid for '(.*?)'(?:: (.*?))?(?:\. Please provide one of (?:the following:\n)?([\s\S]*?)\.?)?"#
      ),
      { g, t in
        t("parser.invalid_value", g[1]!, g[2]!) + (g[3].map { t("parser.reason", $0) } ?? "")
          + (g[4].map { t("parser.values", values($0)) } ?? "")
      }
    ),
    (try! Regex(#"Missing expected argument '(.*)'"#), { g, t in t("parser.missing_argument", g[1]!) }),
    (try! Regex(#"Missing one of: (.*)"#), { g, t in t("parser.missing_one_of", values(g[1]!)) }),
    (try! Regex(#"Unexpected argument '(.*)'"#), { g, t in t("parser.unexpected_argument", g[1]!) }),
    (
      try! Regex(#"(\d+) unexpected arguments: (.*)"#),
      { g, t in t("parser.unexpected_arguments", g[1]!, quoted(g[2]!, t)) }
    ),
    (
      // `-n5`, a value glued to its short option, which the parser reads as flags `-n` and `-5`.
      try! Regex(#"Unknown option '(.*?)'\n\s*or: Missing value for '(.*?)' in '.*'"#),
      { g, t in
        let option = String(g[2]!.prefix { $0 != " " })
        return t("parser.unknown_option", g[1]!)
          + t("parser.glued_value", option + " " + g[1]!.dropFirst(option.count))
      }
    ),
    (
      try! Regex(#"Unknown option '(.*?)'(?:\. Did you mean '(.*)'\?)?"#),
      { g, t in t("parser.unknown_option", g[1]!) + (g[2].map { t("parser.did_you_mean", $0) } ?? "") }
    ),
    (try! Regex(#"Missing value for '(.*)'"#), { g, t in t("parser.missing_value", g[1]!) }),
    (
      try! Regex(#"The option '(.*)' does not take any value, but '(.*)' was specified\."#),
      { g, t in t("parser.takes_no_value", g[1]!, g[2]!) }
    ),
    (try! Regex(#"Invalid option: (.*)"#), { g, t in t("parser.invalid_option", g[1]!) }),
    (try! Regex(#"Missing required subcommand\."#), { _, t in t("parser.missing_subcommand") }),
  ]
}

/// `COMMAND --help` was typed: the help text to show.
struct HelpShown: Error { var text: String }
