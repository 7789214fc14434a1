import ArgumentParser
import OpenEdit

/// A command of the shell: its name, aliases, abstract and arguments are declared with
/// swift-argument-parser, beside its examples (run by the tests, so help can never lie).
protocol ShellCommand: ParsableCommand {
  /// Where `help` lists it.
  static var group: CommandGroup { get }
  /// Whole command lines shown by `help COMMAND`; the test suite runs each on a demo workspace.
  static var examples: [String] { get }
  /// Candidates for the word being typed (`current`), after the command's words `words`; those that
  /// start with `current` (case and accents ignored) are proposed.
  static func complete(_ session: Session, words: [String], current: String) -> [String]
  /// Candidates the command matches with `current` itself, with what the list shows for each (fiche ids
  /// found by name); nil leaves the word to `complete`.
  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]?
  /// Runs the command; throws `ShellError` or a domain error the shell knows how to present.
  func run(_ session: Session) throws
  /// The Open Edit (or Apidae) clicks this command stands for, printed after it when `explain on`.
  func clicks(_ session: Session) -> String?
  /// Whether its results can be written in `format`: a `> FILE.csv` or `.json` asks for that format, and
  /// is refused where the command writes only text. Listings (`Listing`) write every format.
  func writes(_ format: OutputFormat) -> Bool
}

extension ShellCommand {
  static var examples: [String] { [] }
  static func complete(_ session: Session, words: [String], current: String) -> [String] { [] }
  static func labelledCandidates(_ session: Session, words: [String], current: String) -> [Candidate]? {
    nil
  }
  func clicks(_ session: Session) -> String? { nil }
  func writes(_ format: OutputFormat) -> Bool { format == .table }
}

/// A command whose results are a listing or one record: it takes `--format` and writes each format.
protocol Listing: ShellCommand {
  var output: OutputOptions { get }
}

extension Listing {
  func writes(_ format: OutputFormat) -> Bool { true }
}

/// A command that does something and reports it: in prose, or with `--format json` (or the session's
/// JSON) as one JSON document (`ReportJSON`) for scripts. A report has no rows to give CSV: `--format csv`
/// is a usage error, and a session's CSV (`set format csv`) leaves it in prose, as it does `fiche --raw`.
protocol Report: ShellCommand {
  var output: ReportOptions { get }
}

extension Report {
  func writes(_ format: OutputFormat) -> Bool { format != .csv }

  /// Whether the report is written as JSON; `--format csv` is refused before anything is done.
  func writesJSON(_ session: Session) throws -> Bool {
    if output.format == .csv {
      // The command's whole name: «new campaign», not its last word.
      let name = CommandRegistry.all.first { ObjectIdentifier($0.type) == ObjectIdentifier(Self.self) }?.name
      throw ShellError.usage(session.t("report.no_csv", name ?? CommandRegistry.commandName(Self.self)))
    }
    return (output.format ?? session.settings.format) == .json
  }
}

/// The option of every report command.
struct ReportOptions: ParsableArguments {
  @Option(name: .long, help: "Format du rapport ; un rapport n'a pas de CSV.")
  var format: OutputFormat?
  init() {}
}

/// A command whose last argument takes any number of words (echo's text, send's fiches).
/// swift-argument-parser spends time in the square of the words one argument gathers (for each word,
/// `SplitArguments.removeAll(in:)` shifts the rest and `ParsedValues.update` copies the set of positions
/// gathered so far): 5 s for `echo` and 4,000 words. The registry gives the parser a few words of each
/// run and puts the others back itself (`parse(many:)`). Its options take one word at most.
protocol TakesManyWords: ShellCommand {
  associatedtype Word: ExpressibleByArgument & Equatable
  /// The last argument, the one that takes the words no other argument takes.
  static var manyWords: WritableKeyPath<Self, [Word]> { get }
}

extension TakesManyWords {
  /// Parses `arguments` as the parser would. In a run of words between options, only the first may be an
  /// option's value, and the rest are positional: past the first few, the parser sees a marker in their
  /// place, and once the last argument has taken it, the run's words replace it. Nil when the parser
  /// must see every word: short runs, a word it would refuse, a marker not in the last argument, an
  /// error (its message names the words as they were typed).
  static func parse(many arguments: [String]) throws -> Self? {
    let marker = "\u{1}words"
    guard !arguments.contains(where: { $0.hasPrefix(marker) }) else { return nil }
    var head: [String] = []
    var runs: [[Word]] = []
    var i = arguments.startIndex
    while i < arguments.endIndex {
      let end = arguments[i...].firstIndex { $0.hasPrefix("-") } ?? arguments.endIndex
      if end == i {
        head.append(arguments[i])
        i += 1
        continue
      }
      let kept = min(end, i + 4)
      head += arguments[i..<kept]
      if kept < end {
        var run: [Word] = []
        run.reserveCapacity(end - kept)
        for word in arguments[kept..<end] {
          guard let value = Word(argument: word) else { return nil }
          run.append(value)
        }
        head.append(marker + String(runs.count))
        runs.append(run)
      }
      i = end
    }
    guard !runs.isEmpty, var command = try? parse(head) else { return nil }
    var words = command[keyPath: manyWords]
    for (n, run) in runs.enumerated().reversed() {
      guard let placeholder = Word(argument: marker + String(n)), let at = words.lastIndex(of: placeholder)
      else { return nil }
      words.replaceSubrange(at...at, with: run)
    }
    command[keyPath: manyWords] = words
    try command.validate()
    return command
  }
}

extension CommandConfiguration {
  /// A command of the shell's language. Naming `oesh` as its super-command tells swift-argument-parser
  /// that it is a command inside another program, so that parsing skips the search for
  /// `--generate-completion-script`, which reflected two more types and cost a fifth of `oesh -c quit`
  /// (scripts/bench). Help is unchanged: `help` renders from the shell's root, which has no super-command.
  static func shell(
    commandName: String, abstract: String = "", subcommands: [ParsableCommand.Type] = [], aliases: [String] = []
  ) -> CommandConfiguration {
    CommandConfiguration(
      commandName: commandName, _superCommandName: "oesh", abstract: abstract, subcommands: subcommands,
      aliases: aliases)
  }
}

/// The purposes `help` groups commands by, in this order.
enum CommandGroup: String, CaseIterable, Sendable {
  case basics, exports, fiches, campaigns, apidae, teaching
  var titleKey: String { "group.\(rawValue)" }
}

/// The options every listing command takes.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Format des résultats.")
  var format: OutputFormat?
  init() {}
}

extension OutputFormat: ExpressibleByArgument {}

/// A fiche argument: its id, or its name (or a start or a part of it), looked up when the command runs.
extension FicheRef: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }
  public var defaultValueDescription: String { text }
}

/// An error the shell shows: what went wrong, in the user's language, and which exit status it means.
struct ShellError: Error, Equatable, Sendable {
  enum Kind: Int32, Sendable, Comparable {
    case failure = 1, usage = 2, workspace = 3
    static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
  }
  var kind: Kind
  var message: String
  init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }
  static func failure(_ m: String) -> ShellError { ShellError(.failure, m) }
  static func usage(_ m: String) -> ShellError { ShellError(.usage, m) }
}

/// A domain error that knows how the shell should present it.
protocol ShellPresentable: Error {
  func shellError(_ t: Catalogue) -> ShellError
}
