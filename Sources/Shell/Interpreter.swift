import Apidae
import ArgumentParser
import Foundation
import LineEditing
import OpenEdit

/// Where a command line comes from: a file (or `-c`, or standard input) and a line number.
struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  var file: String
  var line: Int
  init(file: String, line: Int) {
    self.file = file
    self.line = line
  }
  var description: String { "\(file):\(line)" }
}

/// Runs lines of the command language: parsing, dispatch, errors, exit status, scripts.
final class Interpreter {
  let session: Session
  /// Go on after a failing command in scripts (`--keep-going`).
  var keepGoing = false
  /// The worst status met so far (DESIGN.md §5).
  private(set) var worstStatus: Int32 = 0
  /// Set by `quit`.
  var quitRequested = false
  /// The status `quit STATUS` asked for: the shell's, whatever was met before.
  var quitStatus: Int32?
  /// What a script's run exits with: the status `quit` gave, else the worst met.
  var scriptStatus: Int32 { quitStatus ?? worstStatus }
  /// Scripts being run, outermost first, to report nested errors and refuse recursion.
  var sourceStack: [SourceLocation] = []
  /// What was told of the Ctrl-C of the line being run (`Repl` resets it): the terminal's «^C» gets one
  /// line break after it, and only the innermost script it stops says so.
  var interruption = (told: false, scriptStopped: false)

  init(session: Session) {
    self.session = session
    session.interpreter = self
  }

  /// Runs one line (possibly several commands separated by `;`). Returns its status: the worst of its
  /// commands'. After a failure the rest runs only at the terminal (`location` nil) or with --keep-going.
  @discardableResult
  func run(line: String, at location: SourceLocation?) -> Int32 {
    let commands: [Tokenizer.Command]
    do {
      commands = try Tokenizer.commands(line)
    } catch {
      let m: String
      switch error.reason {
      case .unterminatedQuote(let q): m = session.t("error.unterminated_quote", String(q), error.column)
      case .trailingBackslash: m = session.t("error.trailing_backslash")
      case .redirectionWithoutFile: m = session.t("error.redirect_no_file", error.column)
      case .redirectionWithoutCommand: m = session.t("error.redirect_no_command", error.column)
      case .repeatedRedirection: m = session.t("error.redirect_twice", error.column)
      case .standardErrorRedirection(let op):
        // `2>` (and `&>`, `>&`) is standard error's; another number is another stream (`3>`), or `1>&2`.
        let number = op.prefix { $0.isASCII && $0.isWholeNumber }
        let stderr = number.isEmpty || Int(number) == 2
        m = session.t(stderr ? "error.redirect_stderr" : "error.redirect_stream", op, error.column)
      case .unknownRedirection(let op): m = session.t("error.redirect_unknown", op, error.column)
      }
      report(ShellError.usage(m), at: location)
      return ShellError.Kind.usage.rawValue
    }
    // After a failure the rest of a `;` line runs where the session goes on after one: at the terminal
    // (as in sh), and in a script with --keep-going; the line's status is the worst met.
    let goesOn = keepGoing || location == nil
    var worst: Int32 = 0
    for command in commands {
      if settingsEcho { session.print(Prompt.plain(session) + Self.text(of: command)) }
      let status: Int32
      if let output = command.output {
        do {
          try refuseBeforeOpening(command, into: output)
          status = try session.withOutput(to: output) {
            run(words: command.words, at: location, text: Self.text(of: command))
          }
        } catch {
          let shellError = Self.present(error, session.t)
          report(shellError, at: location)
          status = shellError.kind.rawValue
        }
      } else {
        status = run(words: command.words, at: location)
      }
      worst = max(worst, status)
      if quitRequested || (status != 0 && !goesOn) { return worst }
      // Ctrl-C stops the line, not only its command.
      if Interruption.requested { return worst }
    }
    return worst
  }

  var settingsEcho: Bool { session.settings.echo }

  /// What a command with `> FILE` is refused for before the file is opened, so that a slip empties no
  /// file (sh empties it first): a command that does not parse, with its usage error (`fichs > fiches.csv`
  /// keeps yesterday's list), and a `.csv` or `.json` for a command that writes only text (`why`,
  /// `diff`, `sync`…). Help asked for (`fiche --help > aide.txt`) goes into the file, as any result.
  func refuseBeforeOpening(_ command: Tokenizer.Command, into output: Tokenizer.Redirection) throws {
    let found = CommandRegistry.find(command.words)
    let parsed: any ShellCommand
    do {
      parsed = try CommandRegistry.parse(command.words, found: found, session: session)
    } catch let error as ShellError where error.kind == .usage {
      throw error
    } catch {
      return
    }
    guard let format = Session.format(ofFile: output.path), let found, !parsed.writes(format) else { return }
    let name = command.words.prefix(found.consumed).joined(separator: " ")
    var text = command
    text.output?.path = (output.path as NSString).deletingPathExtension + ".txt"
    throw ShellError.usage(
      session.t("redirect.no_format", name, format.rawValue.uppercased(), output.path, Self.text(of: text)))
  }

  /// «12,3 ms», «2,41 s»: three significant figures, the language's decimal mark.
  static func duration(_ nanoseconds: UInt64, _ t: Catalogue) -> String {
    let ms = Double(nanoseconds) / 1_000_000
    let (value, unit) = ms < 1000 ? (ms, "ms") : (ms / 1000, "s")
    let digits = value < 10 ? 2 : value < 100 ? 1 : 0
    let text = String(format: "%.\(digits)f", value)
    return (t.language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text) + " " + unit
  }

  /// A command as a line that gives it back: its words quoted where needed, and its redirection.
  static func text(of command: Tokenizer.Command) -> String {
    let words = command.words.map(Tokenizer.quote).joined(separator: " ")
    guard let output = command.output else { return words }
    return words + (output.append ? " >> " : " > ") + Tokenizer.quote(output.path)
  }

  /// Runs one command's words; `text` is the line recorded for it (the words, by default).
  func run(words: [String], at location: SourceLocation?, text: String? = nil) -> Int32 {
    let status = runCommand(words: words, at: location, text: text)
    // Results written after the command's end (by a failing command, or its help) that could not be.
    guard let failure = session.takeOutputFailure() else { return status }
    report(failure, at: location)
    return max(status, failure.kind.rawValue)
  }

  private func runCommand(words: [String], at location: SourceLocation?, text: String?) -> Int32 {
    let line = text ?? words.map(Tokenizer.quote).joined(separator: " ")
    session.commandLine = line
    let started = DispatchTime.now().uptimeNanoseconds
    // `set timing on` and `set timing off` are not timed themselves.
    let timed = session.settings.timing
    defer {
      session.storeOpened()
      session.flush()
      if timed && session.settings.timing {
        writeFD(
          2, session.t("timing.took", Self.duration(DispatchTime.now().uptimeNanoseconds - started, session.t)) + "\n")
      }
    }
    session.replayedAs = nil
    do {
      let found = CommandRegistry.find(words)
      if let leaf = found?.type as? any ShellCommand.Type, leaf.group != .basics { session.openStoreMeanwhile() }
      let command = try CommandRegistry.parse(words, found: found, session: session)
      if type(of: command).group != .basics { try session.prepareState() }
      try command.run(session)
      session.commandLine = line  // `source` ran other lines meanwhile
      // The clicks teach; they are not results: a `> FILE` or a pipe gets the JSON or CSV alone.
      if session.settings.explain, let clicks = command.clicks(session) {
        let text = session.t("explain.prefix") + clicks
        session.inform(session.colors(onTerminal: session.stderrIsTerminal) ? Style.cyan.apply(text) : text)
      }
      // Results that could not be written (a full disk): the command failed, and `record` leaves it out.
      session.flush()
      if let failure = session.takeOutputFailure() { throw failure }
      let replayed = session.replayedAs ?? line
      session.replayedAs = nil
      if !replayed.isEmpty { for hook in session.onCommandSucceeded { hook(replayed) } }
      return 0
    } catch let error as QuitRequest {
      quitRequested = true
      quitStatus = error.status
      return 0
    } catch let help as HelpShown {
      session.write(help.text + "\n")
      return 0
    } catch let error as NestedScriptFailure {
      // Already reported at its innermost level.
      note(error.status)
      return error.status
    } catch {
      let shellError = Self.present(error, session.t)
      if Interruption.isInterruption(error) {
        // An interrupted `send` may have left e-mails half-written: repaired before the next command.
        session.stateNeedsRepair()
        tellInterruption(shellError, at: location)
      } else {
        report(shellError, at: location)
      }
      return shellError.kind.rawValue
    }
  }

  func note(_ status: Int32) { worstStatus = max(worstStatus, status) }

  /// Reports what a Ctrl-C stopped. The terminal echoed ^C where the cursor was: the first message
  /// goes on a line of its own.
  func tellInterruption(_ error: ShellError, at location: SourceLocation?) {
    if !interruption.told && session.stderrIsTerminal { writeFD(2, "\n") }
    interruption.told = true
    report(error, at: location)
  }

  /// Shows an error on standard error, as `FILE:LINE: message (from OUTER:LINE)` in scripts.
  func report(_ error: ShellError, at location: SourceLocation?) {
    note(error.kind.rawValue)
    let text = location.map { located(error.message, at: $0) } ?? session.t("error.prefix") + error.message
    session.flush()
    let line = session.wrappedForStandardError(TextSafety.escapeControls(text, keepNewlines: true))
    writeFD(2, (session.colors(onTerminal: session.stderrIsTerminal) ? Style.red.apply(line) : line) + "\n")
  }

  /// `message` as said of a script's line: `FILE:LINE: message`, then the `source` lines that led there,
  /// nearest first (`(depuis outer.oesh:3)`); of a long chain, the two nearest and the one it started at.
  func located(_ message: String, at location: SourceLocation) -> String {
    let t = session.t
    var text = "\(location): \(message)"
    let outer = Array(sourceStack.dropLast().reversed())
    let cut = outer.count > 4
    for o in cut ? Array(outer.prefix(2)) : outer { text += " (" + t("error.from", o) + ")" }
    if cut, let first = outer.last {
      text += " (" + t("error.levels_skipped", outer.count - 3) + ") (" + t("error.from", first) + ")"
    }
    return text
  }

  /// A message of the command running, as its errors are placed: `FILE:LINE:` in a script, `-c` or
  /// standard input, nothing at the terminal.
  func located(_ message: String) -> String {
    guard let here = sourceStack.last else { return message }
    return located(message, at: here)
  }

  /// Turns any error into what the user sees.
  static func present(_ error: Error, _ t: Catalogue) -> ShellError {
    switch error {
    case let e as ShellError: return e
    case let e as ShellPresentable: return e.shellError(t)
    case _ where Interruption.isInterruption(error): return .failure(t("command.interrupted"))
    // Nothing of the domain gets here but a bug's or the system's error: worded, never dumped (an
    // error's printout is English, and may hold a whole SQL statement or NSError).
    default: return .failure(systemText(systemReason(error), t))
    }
  }

  // MARK: Scripts

  /// How many scripts may run inside one another (`source` in a sourced script…): deeper, `source`
  /// fails instead of exhausting the stack (sqlite3's `.read` stops at 25).
  static let nestingLimit = 64

  /// Runs the lines of `text` as a script named `name`. Stops at the first failing command
  /// unless `keepGoing`. Returns the script's status (the worst met).
  @discardableResult
  func runScript(text: String, name: String) -> Int32 {
    var lines = Self.lines(of: text)[...]
    return runScript(name: name) { lines.popFirst().map(ScriptLine.text) }
  }

  /// Runs the lines `next` gives as the script `name`, the first numbered `firstLine`: each, with the
  /// lines a backslash at its end continues (and, when `quotesSpanLines`, those an open quote goes on
  /// to, as `-c` allows), one line of commands, named by its first line. A line that is not UTF-8, or
  /// input that cannot be read, is refused where it is and ends the script, --keep-going or not: what it
  /// says cannot be known. Stops
  /// at the first failing command unless `keepGoing`. Returns the script's status (the worst met).
  func runScript(name: String, firstLine: Int = 1, quotesSpanLines: Bool = false, next: () -> ScriptLine?) -> Int32 {
    var status: Int32 = 0
    var lineNumber = firstLine - 1
    while let first = next() {
      lineNumber += 1
      let location = SourceLocation(file: name, line: lineNumber)
      var taken = 0
      var refused: (line: Int, why: ScriptLine)?
      var line = ""
      switch first {
      case .notUTF8, .unreadable, .tooLong: refused = (lineNumber, first)
      case .text(let text):
        line =
          Tokenizer.logicalLine(text, quotesSpanLines: quotesSpanLines) {
            guard let following = next() else { return nil }
            taken += 1
            guard case .text(let text) = following else {
              refused = (lineNumber + taken, following)
              return nil
            }
            return text
          }.line
      }
      lineNumber += taken
      if let refused {
        let bad = SourceLocation(file: name, line: refused.line)
        let t = session.t
        let message =
          switch refused.why {
          case .unreadable(let code): t("script.input_unreadable", systemText(errno: code, t))
          case .tooLong: t("script.line_too_long", PlainLineReader.lineLimit >> 20)
          // A -c text has no file to save again: it came so from the terminal or the program running oesh.
          default: t(name == "-c" ? "script.command_not_utf8" : "script.line_not_utf8")
          }
        sourceStack.append(bad)
        report(.failure(message), at: bad)
        sourceStack.removeLast()
        return max(status, ShellError.Kind.failure.rawValue)
      }
      sourceStack.append(location)
      var s = run(line: line, at: location)
      // Ctrl-C at the terminal stops the whole script, in a command or between two, --keep-going or not.
      let interrupted = Interruption.requested
      if interrupted {
        if !interruption.scriptStopped {
          interruption.scriptStopped = true
          tellInterruption(.failure(session.t("script.interrupted")), at: location)
        }
        s = max(s, ShellError.Kind.failure.rawValue)
      }
      sourceStack.removeLast()
      status = max(status, s)
      if quitRequested || interrupted { break }
      if s != 0 && !keepGoing { break }
    }
    return status
  }

  /// The lines of a script, whatever ended them: LF, Windows' CRLF or a lone CR. Split on the scalars:
  /// as a Swift `Character`, "\r\n" is one grapheme that is neither "\r" nor "\n".
  static func lines(of text: String) -> [String] {
    var lines: [String] = []
    var line = String.UnicodeScalarView()
    var afterCR = false
    for scalar in text.unicodeScalars {
      defer { afterCR = scalar == "\r" }
      if scalar == "\n" && afterCR { continue }
      if scalar == "\n" || scalar == "\r" {
        lines.append(String(line))
        line = String.UnicodeScalarView()
      } else {
        line.append(scalar)
      }
    }
    lines.append(String(line))
    return lines
  }

  /// The lines of a script file's bytes, ended as `lines(of:)` ends them, a byte order mark at its start
  /// dropped; each decoded on its own, so that a line that is not UTF-8 is refused where it is, as
  /// standard input refuses it, after the lines before it have run.
  static func lines(of bytes: [UInt8]) -> [ScriptLine] {
    let cr = UInt8(ascii: "\r")
    let lf = UInt8(ascii: "\n")
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    var lines: [ScriptLine] = []
    func add(_ line: ArraySlice<UInt8>) {
      lines.append(String(validating: line, as: UTF8.self).map(ScriptLine.text) ?? .notUTF8)
    }
    var start = body.startIndex
    var i = start
    while i < body.endIndex {
      let byte = body[i]
      if byte == lf || byte == cr {
        add(body[start..<i])
        if byte == cr, i + 1 < body.endIndex, body[i + 1] == lf { i += 1 }
        start = i + 1
      }
      i += 1
    }
    add(body[start...])
    return lines
  }

  /// Runs a script file (for `-f`, `source` and the start-up file). It is read whole first, from
  /// whatever can be read (a FIFO, a pipe such as `<(…)` or `/dev/stdin`); it is refused when it is
  /// running already, whatever path names it (a script never runs inside itself), when it is the file
  /// `record` writes, and beyond `nestingLimit` levels. A path whose bytes are not UTF-8 (`-f` of a
  /// file named in Latin-1) is opened by `pathBytes`, as given: `path` has U+FFFD in their place.
  func runScript(path: String, pathBytes: [UInt8]? = nil) throws -> Int32 {
    let t = session.t
    guard !path.isEmpty else { throw ShellError.usage(t("source.no_file")) }
    func unreadable(_ code: Int32) -> ShellError {
      .failure(code == ENOENT ? t("source.missing", path) : t("source.unreadable", path, systemText(errno: code, t)))
    }
    let fd =
      pathBytes.map { bytes in
        (bytes + [0]).withUnsafeBytes { open($0.bindMemory(to: CChar.self).baseAddress!, O_RDONLY | O_CLOEXEC) }
      } ?? open(resolveScript(path).path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let code = errno
      // A relative path was looked for in the workspace's `scripts/` too: a workspace renamed under the
      // shell is said gone (status 3), as by every other command, not its script «introuvable».
      if code == ENOENT && !path.hasPrefix("/") { _ = try session.workspace() }
      throw unreadable(code)
    }
    defer { close(fd) }
    guard let file = FileIdentity(descriptor: fd) else { throw unreadable(errno) }
    if file.isFolder { throw ShellError.failure(t("source.folder", path)) }
    if runningScripts.contains(file) { throw ShellError.failure(t("source.recursive", path)) }
    if let recording = session.attachments[Recording.key] as? Recording, recording.file == file {
      throw ShellError.failure(t("record.source_refused", path))
    }
    guard runningScripts.count < Self.nestingLimit else {
      throw ShellError.failure(t("source.too_deep", Self.nestingLimit))
    }
    guard let bytes = readToEnd(fd) else { throw unreadable(errno) }
    guard bytes.count <= Self.scriptSizeLimit else {
      throw ShellError.failure(t("source.too_large", path, Self.scriptSizeLimit >> 20))
    }
    runningScripts.append(file)
    defer { runningScripts.removeLast() }
    var lines = Self.lines(of: bytes)[...]
    return runScript(name: path) { lines.popFirst() }
  }

  /// The files of the scripts running, outermost first.
  private var runningScripts: [FileIdentity] = []

  /// Whether standard input is a script of this run (`oesh < x.oesh`, or `-f -`); not when `-c` and `-f
  /// FILE` alone are given, which never read it. The launcher says.
  var standardInputIsScript = true

  /// Whether `file` is a script running now, at any level, or the file standard input is redirected
  /// from when it is a script (`oesh < x.oesh`, read as it runs, or to be read by `-f -`): `record` and
  /// `>` must not write over it.
  func isScript(_ file: FileIdentity) -> Bool {
    if runningScripts.contains(file) { return true }
    guard standardInputIsScript, let input = FileIdentity(descriptor: 0), input.isRegularFile else { return false }
    return input == file
  }

  /// All the bytes `fd` gives until its end; nil when a read fails (`errno` says why).
  /// A stream without end (`-f /dev/zero`) stops there, past `scriptSizeLimit`.
  private func readToEnd(_ fd: Int32) -> [UInt8]? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= Self.scriptSizeLimit {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 { return nil }
      if n == 0 { return bytes }
      bytes += chunk.prefix(n)
    }
    return bytes
  }

  /// The most a script file may hold, thousands of times a real script: a device or a stream without
  /// end given by mistake (`-f /dev/zero`) is refused, not read until the memory runs out.
  static let scriptSizeLimit = PlainLineReader.lineLimit

  /// A relative script path is taken from the current directory, else from the workspace's `scripts/`.
  func resolveScript(_ path: String) -> URL {
    let direct = URL(fileURLWithPath: path)
    if path.hasPrefix("/") || FileManager.default.fileExists(atPath: direct.path) { return direct }
    let inWorkspace = session.workspaceURL.appendingPathComponent("scripts").appendingPathComponent(path)
    if FileManager.default.fileExists(atPath: inWorkspace.path) { return inWorkspace }
    return direct
  }
}

/// A line of a script as read: its text, or bytes that are not UTF-8 (refused where they are, rather
/// than run with U+FFFD in their place), or standard input failing there (`errno`'s code), which ends
/// the script as a failure rather than as its end.
enum ScriptLine: Equatable {
  case text(String)
  case notUTF8
  case unreadable(Int32)
  /// Standard input's line without end past `PlainLineReader.lineLimit` (`oesh < /dev/zero`).
  case tooLong
}

/// Which file a path names, whatever the path (a symbolic link, `./`, another hard link): its device
/// and inode.
struct FileIdentity: Equatable {
  var device: UInt64
  var inode: UInt64
  var isFolder: Bool
  var isRegularFile: Bool

  init?(descriptor fd: Int32) {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    self.init(info)
  }

  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    self.init(info)
  }

  private init(_ info: stat) {
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
    isFolder = info.st_mode & S_IFMT == S_IFDIR
    isRegularFile = info.st_mode & S_IFMT == S_IFREG
  }
}

/// Thrown by `quit` to end the session.
struct QuitRequest: Error { var status: Int32? }

/// Thrown by `source` when its script failed: the error was reported inside.
struct NestedScriptFailure: Error { var status: Int32 }
