import ArgumentParser
import Foundation

/// The root of the shell's command tree, for swift-argument-parser.
struct ShellRoot: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "", subcommands: CommandRegistry.topLevel)
}

/// Every command of the shell, and how a line's words find theirs.
public enum CommandRegistry {
  /// Top-level commands and command groups (`new`, `apidae`), in `help` order.
  static let topLevel: [ParsableCommand.Type] = coreCommands + exportCommands + campaignCommands + teachingCommands

  /// Every runnable command, depth-first, with its full name (e.g. "new campaign").
  public static var all: [(name: String, type: any ShellCommand.Type)] {
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
      var message = t("error.unknown_command", first)
      if let near = suggestion(for: first) { message += " " + t("error.did_you_mean", near) }
      throw ShellError.usage(message)
    }
    guard let leaf = type as? any ShellCommand.Type else {
      // A group such as `new` without its subcommand (or with an unknown one).
      let subs = type.configuration.subcommands.map(commandName).joined(separator: ", ")
      throw ShellError.usage(t("error.needs_subcommand", words.prefix(consumed).joined(separator: " "), subs))
    }
    // Parsing with the leaf type alone keeps start-up cheap: the parser reflects one command, not the tree.
    let arguments = Array(words.dropFirst(consumed))
    do {
      return try leaf.parse(arguments)
    } catch {
      let name = words.prefix(consumed).joined(separator: " ")
      if leaf.exitCode(for: error) == .success {
        throw HelpShown(text: Help.details(type, name: name, session: session))
      }
      let message = translateParserMessage(leaf.message(for: error), t)
      throw ShellError.usage(t("error.bad_arguments", name, message, "help \(name)"))
    }
  }

  /// The nearest known name, for "did you mean …?".
  public static func suggestion(for word: String) -> String? {
    let names = topLevelNames + all.map(\.name)
    let folded = TextSafety.fold(word)
    var best: (String, Int)? = nil
    for n in names {
      let d = editDistance(folded, TextSafety.fold(n))
      let limit = max(1, min(3, n.count / 3))
      if d <= limit && (best == nil || d < best!.1) { best = (n, d) }
      if n.hasPrefix(word), word.count >= 3, best == nil || best!.1 > 0 { best = (n, 0) }
    }
    return best?.0
  }

  /// Levenshtein distance with adjacent transpositions ("sycn" is one edit from "sync").
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    var cur = prev
    for i in 1...a.count {
      cur[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
      }
      before = prev
      prev = cur
    }
    return prev[b.count]
  }

  /// The parser's English messages, in the session's language for the common cases.
  static func translateParserMessage(_ m: String, _ t: Catalogue) -> String {
    guard t.language == .fr else { return m }
    let pairs: [(String, String)] = [
      ("Missing expected argument", "Argument attendu manquant"),
      ("Unknown option", "Option inconnue"),
      ("Unexpected argument", "Argument inattendu"),
      ("Unexpected arguments", "Arguments inattendus"),
      ("Missing value for", "Valeur manquante pour"),
      ("The value", "La valeur"),
      ("is invalid for", "n'est pas valable pour"),
      ("Did you mean", "Vouliez-vous dire"),
      ("Please provide one of", "Valeurs possibles :"),
    ]
    var out = m
    for (en, fr) in pairs { out = out.replacingOccurrences(of: en, with: fr) }
    return out
  }
}

/// `COMMAND --help` was typed: the help text to show.
struct HelpShown: Error { var text: String }
