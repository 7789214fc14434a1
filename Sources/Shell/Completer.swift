import ArgumentParser
import Foundation
import LineEditing
import OpenEdit

/// TAB completion: command names first, then what each command says its arguments can be
/// (campaign titles, fiche ids found by id or by name, sélection names, status labels, paths), then its
/// options.
final class Completer: CompletionProvider {
  unowned let session: Session

  init(session: Session) { self.session = session }

  func complete(lineBeforeCursor line: String) -> Completion {
    let partial = Tokenizer.partialWords(line)
    let found =
      partial.isRedirection
      ? Completer.filter(
        PathCompletion.complete(partial.current, session: session, inScripts: false), prefix: partial.current
      )
      .map { Candidate(value: $0, label: Completer.quoteIfNeeded($0)) }
      : candidates(words: partial.words, current: partial.current)
    return Completion(
      replacing: partial.rawCurrentLength, candidates: found.map { Completer.quoteIfNeeded($0.value) },
      labels: found.map(\.label), continuesWord: !found.contains(where: \.foundOtherwise),
      isFolder: found.map { $0.value.hasSuffix("/") })
  }

  /// The candidates for the word after `words` that match `current`.
  func candidates(words: [String], current: String) -> [Candidate] {
    func plain(_ values: [String]) -> [Candidate] {
      Completer.filter(values, prefix: current).map { Candidate(value: $0, label: Completer.quoteIfNeeded($0)) }
    }
    if words.isEmpty { return plain(CommandRegistry.topLevelNames) }
    guard let (type, consumed) = CommandRegistry.find(words) else { return [] }
    let subs = type.configuration.subcommands
    // A group's subcommand; after a command that runs alone too (`snapshots`), its options after a dash.
    if !subs.isEmpty && consumed == words.count && !(type is any ShellCommand.Type && current.hasPrefix("-")) {
      return plain(subs.flatMap { [CommandRegistry.commandName($0)] + $0.configuration.aliases })
    }
    let signature = CommandSignature(type)
    let given = words.dropFirst(consumed)
    if current.hasPrefix("-") {
      // An option already given is not proposed again, unless it repeats.
      return plain(Completer.options(of: type).filter { !given.contains($0) || signature.repeating.contains($0) })
    }
    guard let shell = type as? any ShellCommand.Type else { return [] }
    // The listings' option, the same for all.
    if words.last == "--format" { return plain(OutputFormat.allCases.map(\.rawValue)) }
    // A positional argument the command does not take: nothing to propose (an option's value is, though).
    if !signature.takesValue(after: given) && !signature.takesPositional(after: given) { return [] }
    if let found = shell.labelledCandidates(session, words: Array(words), current: current) { return found }
    return plain(shell.complete(session, words: Array(words), current: current))
  }

  /// The long options a command declares, read from its generated help.
  static func options(of type: ParsableCommandType) -> [String] {
    let help = ShellRoot.helpMessage(for: type, includeHidden: false, columns: 200)
    var found: [String] = []
    var seen = Set<String>()
    for word in help.split(whereSeparator: { " ,<>\n[]|".contains($0) }) where word.hasPrefix("--") {
      let w = String(word)
      if w != "--help", seen.insert(w).inserted { found.append(w) }
    }
    return found
  }

  /// Keeps the candidates that start with `prefix`, ignoring case and accents.
  static func filter(_ candidates: [String], prefix: String) -> [String] {
    let p = TextSafety.fold(prefix)
    var seen = Set<String>()
    return candidates.filter { TextSafety.fold($0).hasPrefix(p) && seen.insert($0).inserted }
  }

  static func quoteIfNeeded(_ s: String) -> String {
    // A path in the home folder keeps its `~/` bare: quoted, it would be a folder named `~`.
    if s.hasPrefix("~/") && s.count > 2 { return "~/" + quoteIfNeeded(String(s.dropFirst(2))) }
    return s.hasSuffix("/") && !s.contains(" ") ? s : Tokenizer.quote(s)
  }
}

typealias ParsableCommandType = ParsableCommand.Type

/// A command's arguments as its usage line declares them (`fiche <fiche> [--raw] [--format <format>]`): how
/// many positional arguments it takes, the options that take a value, and those that repeat (`...`).
struct CommandSignature {
  var positionals = 0
  var lastPositionalRepeats = false
  var valueOptions: Set<String> = []
  var repeating: Set<String> = []

  init(_ type: ParsableCommandType) {
    let help = ShellRoot.helpMessage(for: type, includeHidden: false, columns: 10_000)
    guard let usage = help.split(separator: "\n").first(where: { $0.hasPrefix("USAGE:") }) else { return }
    // Brackets kept as words: an option's value is in the same brackets as its name.
    let tokens = usage.dropFirst("USAGE:".count).replacingOccurrences(of: "[", with: " [ ")
      .replacingOccurrences(of: "]", with: " ] ").split(separator: " ").map(String.init)
    var option: String? = nil  // the option the last token belongs to; nil after a positional argument
    var awaitingValue = false
    for token in tokens {
      if token == "[" || token == "]" {
        awaitingValue = false
      } else if token == "..." {
        if let option { repeating.insert(option) } else if positionals > 0 { lastPositionalRepeats = true }
      } else if token.hasPrefix("-") {
        option = token
        awaitingValue = true
      } else if token.hasPrefix("<") && awaitingValue, let option {
        valueOptions.insert(option)
        awaitingValue = false
      } else if token.hasPrefix("<") {
        option = nil
        positionals += 1
        lastPositionalRepeats = false
      } else {
        option = nil  // the command's own words
      }
    }
  }

  /// Whether the word after `given` (the words after the command's name) is an option's value.
  func takesValue(after given: ArraySlice<String>) -> Bool {
    given.last.map(valueOptions.contains) ?? false
  }

  /// Whether the command takes one more positional argument after `given`.
  func takesPositional(after given: ArraySlice<String>) -> Bool {
    var count = 0
    var skip = false
    for word in given {
      if skip {
        skip = false
      } else if word.hasPrefix("-") && word.count > 1 {
        skip = valueOptions.contains(word)
      } else {
        count += 1
      }
    }
    return count < positionals || (positionals > 0 && lastPositionalRepeats)
  }
}

/// One TAB proposal: what replaces the word, and what a list of several shows for it.
struct Candidate: Equatable, Sendable {
  var value: String
  var label: String
  /// Found by something else than the start of `value`: a fiche id by a part of the fiche's name.
  var foundOtherwise = false

  /// Fiches for an id argument: by the first digits of the id, or by a part of the name (case and
  /// accents ignored), listed with their names.
  static func fiches(_ found: [FicheCandidate]) -> [Candidate] {
    found.map { Candidate(value: String($0.id), label: "\($0.id) \($0.name)", foundOtherwise: $0.byName) }
  }
}

extension Candidate {
  /// Names for a name argument, each once: found otherwise when it does not start with what is typed.
  static func names(_ names: [String], typed: String) -> [Candidate] {
    let start = TextSafety.fold(typed)
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }.map {
      Candidate(value: $0, label: Completer.quoteIfNeeded($0), foundOtherwise: !TextSafety.fold($0).hasPrefix(start))
    }
  }
}

/// File paths for arguments such as `source FILE` and `import PATH`.
enum PathCompletion {
  /// Files and folders of the current directory (and of the workspace's `scripts/` when `inScripts`).
  static func complete(
    _ current: String, session: Session, extensions: [String] = [], inScripts: Bool = true
  ) -> [String] {
    let fm = FileManager.default
    let (dirPart, _) = split(current)
    // `~/…` is listed in the home folder, as the command will read it (`Tokenizer`), and shown as typed.
    var listed = dirPart
    if dirPart.hasPrefix("~/"), let home = Tokenizer.homeFolder() { listed = home + dirPart.dropFirst() }
    var roots = [listed.isEmpty ? "." : listed]
    if inScripts && !current.hasPrefix("/") && dirPart.isEmpty {
      roots.append(session.workspaceURL.appendingPathComponent("scripts").path)
    }
    var out: [String] = []
    for (i, root) in roots.enumerated() {
      guard let entries = try? fm.contentsOfDirectory(atPath: root) else { continue }
      for e in entries.sorted() where !e.hasPrefix(".") {
        var isDir: ObjCBool = false
        _ = fm.fileExists(atPath: (root as NSString).appendingPathComponent(e), isDirectory: &isDir)
        let shown = (i == 0 ? dirPart : "") + e
        if isDir.boolValue {
          out.append(shown + "/")
        } else if extensions.isEmpty || extensions.contains((e as NSString).pathExtension) {
          out.append(shown)
        }
      }
    }
    return out
  }

  static func split(_ path: String) -> (String, String) {
    guard let slash = path.lastIndex(of: "/") else { return ("", path) }
    return (String(path[...slash]), String(path[path.index(after: slash)...]))
  }
}
