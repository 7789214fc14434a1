import Apidae
import Foundation
import LineEditing
import OpenEdit

/// The settings a user changes with `set NAME VALUE` (or the options of `oesh`).
struct Settings: Sendable, Equatable {
  enum ColorMode: String, Sendable, CaseIterable { case auto, on, off }
  var format: OutputFormat = .table
  var color: ColorMode = .auto
  /// Pager command; nil disables paging. Used only when interactive.
  var pager: String? = Settings.environmentPager()
  /// less, quitting at once when the text fits (`-F`), with colours (`-R`), leaving the text on the
  /// screen (`-X`), and left with Ctrl-C as with `q` (`-K`, as systemd's tools run it).
  static let defaultPager = "less -FRXK"

  /// `$PAGER` as git and psql read it: unset, the default pager; set but blank (`PAGER= oesh`), none.
  static func environmentPager() -> String? {
    guard let value = getenv("PAGER") else { return defaultPager }
    let command = String(cString: value)
    return command.allSatisfy(\.isWhitespace) ? nil : command
  }
  var echo: Bool = false
  var language: Language = .fr
  var explain: Bool = false
  /// After each command, how long it took, on standard error (as psql's `\timing`, sqlite3's `.timer`).
  var timing: Bool = false
  /// Tables as records when they would not fit the terminal whole (`auto`), always, or never.
  var expanded: ExpandedMode = .auto
  init() {}
}

/// The environment variable `name` when it is set and not empty. One `getenv`, where
/// `ProcessInfo.environment` copies the whole environment into a dictionary (measurable at start-up).
func environmentValue(_ name: String) -> String? {
  guard let value = getenv(name) else { return nil }
  let text = String(cString: value)
  return text.isEmpty ? nil : text
}

/// Everything a command may use while it runs: the workspace, the settings, the output, the
/// current campaign. One per shell process.
final class Session {
  var settings: Settings
  var t: Catalogue { Catalogue(settings.language) }
  let workspaceURL: URL
  /// True when a person types at a terminal (prompt, confirmations, pager).
  let interactive: Bool
  var reader: LineReader?
  /// The interpreter running commands (for `source`).
  weak var interpreter: Interpreter?
  /// The open campaign, shown in the prompt.
  var currentCampaign: (id: Int, title: String)?
  /// The command line being run, recorded in the journal.
  var commandLine: String = ""
  /// The current command's output as UTF-8, flushed (through the pager if needed) after it.
  var buffer: [UInt8] = []
  let stdoutIsTerminal: Bool
  /// Where results go: standard output, or the file of a `> FILE` while its command runs.
  private(set) var outputFD: Int32 = 1
  /// The file of `outputFD` as typed after `>`; nil for standard output.
  private var outputPath: String?
  /// Why results could not be written (a full disk, a failing device), until `takeOutputFailure()`.
  private var outputFailure: ShellError?
  /// Whether results reach a terminal (not when redirected to a file, nor piped).
  var outputIsTerminal: Bool { outputFD == 1 && stdoutIsTerminal }
  let stderrIsTerminal: Bool
  private var openedWorkspace: Workspace?
  /// Called after every command that succeeded (for `record`).
  var onCommandSucceeded: [(String) -> Void] = []
  /// Set by a command whose line replays otherwise than typed: `send --all` confirmed at the terminal
  /// replays as `send --all --yes` (a script cannot answer), a cancelled one not at all (empty).
  var replayedAs: String?
  /// State a command keeps for the rest of the session (a recording, a tutorial), by name.
  var attachments: [String: AnyObject] = [:]
  /// Answers confirmations when not interactive (`--yes`) or in tests.
  var confirmation: ((String) -> Bool)?

  init(workspaceURL: URL, interactive: Bool, settings: Settings = Settings()) {
    self.workspaceURL = workspaceURL
    self.interactive = interactive
    self.settings = settings
    self.stdoutIsTerminal = isTerminal(1)
    self.stderrIsTerminal = isTerminal(2)
  }

  /// Colours are used only on a terminal that shows them (not `TERM=dumb`, which prints their escape
  /// sequences as text), never with `NO_COLOR` or `--no-color`.
  var colorEnabled: Bool { colors(onTerminal: outputIsTerminal) }

  /// Whether text written to a stream, a terminal or not, is coloured.
  func colors(onTerminal: Bool) -> Bool {
    switch settings.color {
    case .on: return true
    case .off: return false
    case .auto: return onTerminal && environmentValue("NO_COLOR") == nil && environmentValue("TERM") != "dumb"
    }
  }

  /// The workspace, opened on first use (keeps start-up cheap).
  func workspace() throws -> Workspace {
    if let w = openedWorkspace {
      try w.checkInPlace()
      return w
    }
    let w = try Workspace.open(at: workspaceURL)
    openedWorkspace = w
    return w
  }

  private var reconciled = false

  func store() throws -> Store { try workspace().store() }

  private var storeOpening: DispatchGroup? = nil

  /// Starts opening the store on another core while the first command that needs it is parsed (each
  /// takes about a millisecond). Whatever fails there is met again, and reported, when the command
  /// asks for the store; `storeOpened` waits for it, so that no thread is left inside SQLite.
  func openStoreMeanwhile() {
    guard storeOpening == nil, let workspace = try? workspace() else { return }
    let group = DispatchGroup()
    storeOpening = group
    DispatchQueue.global(qos: .userInitiated).async(group: group) { _ = try? workspace.store() }
  }

  func storeOpened() { storeOpening?.wait() }

  /// Makes the next command that uses the workspace's state run `prepareState`'s repairs again.
  func stateNeedsRepair() { reconciled = false }

  /// The unknown settings of `oesh.toml` already pointed out, so that each is said once, and again only
  /// when an edit of the file brings others.
  private var toldUnknownKeys: [String] = []

  /// Before each command that uses the workspace: reads `oesh.toml` again if it was edited meanwhile; before
  /// the first, opens the store and finishes or removes the e-mails an interrupted `send` left in `outbox/`
  /// (kept off start-up, so `-c quit` stays cheap).
  func prepareState() throws {
    if try workspace().rereadSettings() { projectChecked = false }
    if !reconciled {
      reconciled = true
      let r = try workspace().reconcile()
      // One line each way, counted, naming a few: a killed `send --all` leaves thousands.
      func told(_ files: [String], _ key: String) -> String? {
        switch files.count {
        case 0: return nil
        case 1: return t(key, files[0])
        default: return t(key + "_many", files.count, shortList(files.sorted()))
        }
      }
      if let line = told(r.finished, "outbox.finished") { inform(line) }
      if let line = told(r.removed, "outbox.removed") { inform(line) }
      if let line = told(r.failed, "outbox.repair_failed") { warn(line) }
    }
    // Campaigns live only in `state.sqlite`: a new one beside sent e-mails means they are gone, unless the
    // user puts the database back before anything is written into the new one.
    if let (found, sent) = try workspace().takeSentMailWithoutStore() {
      let file = t("store.file_" + found.rawValue, try workspace().storeURL.path)
      warn(t("store.created_beside_sent_mail", file, sent))
    }
    // A setting oesh does not know is ignored: a typo (`projet_id`) should not go unseen.
    let unknown = try workspace().settings.unknownKeys
    let known = WorkspaceSettings.knownKeys
    for key in unknown where !toldUnknownKeys.contains(key) {
      let near = known.min { editDistance(key, $0) < editDistance(key, $1) }.flatMap {
        editDistance(key, $0) <= 2 ? $0 : nil
      }
      inform(nearly(t("settings.unknown_key", key, known.joined(separator: ", ")), near, t))
    }
    toldUnknownKeys = unknown
    // A project_id that is not the one of the exports imported (a typo, an edit): they are listed as another
    // project's, «Aucun export», while the fiches in the store came from them.
    if !projectChecked {
      projectChecked = true
      if let wanted = try workspace().settings.projectId, let imported = try workspace().importedProjectId(),
        imported != wanted
      {
        warn(t("settings.project_differs", wanted, imported))
      }
    }
  }

  /// Whether `project_id` was compared with the exports imported since `oesh.toml` was last read.
  private var projectChecked = false

  var renderer: Renderer {
    Renderer(
      format: settings.format, color: colorEnabled, width: outputIsTerminal ? terminalWidth() : nil,
      escapesControls: outputIsTerminal, words: Cell.Words(yes: t("yes"), no: t("no")), expanded: settings.expanded)
  }

  // MARK: Output

  /// Writes a line of results to standard output (buffered until the command ends).
  func print(_ text: String = "") {
    buffer += text.utf8
    buffer.append(UInt8(ascii: "\n"))
  }

  /// Writes a line of prose (what `why` says, the tutorial's text): at a terminal, broken between words
  /// at its width, where the terminal would cut a word in two («pas d'e-ma» / «il»); elsewhere, and
  /// for data of any kind, `print`.
  func say(_ text: String) { print(prose(text)) }

  /// `text` as `say` would write it, for prose that goes before a table in one result.
  func prose(_ text: String) -> String { Self.wrapped(text, atTerminal: outputIsTerminal) }

  /// `text` broken between words at the terminal's width when the stream it goes to is the terminal.
  private static func wrapped(_ text: String, atTerminal: Bool) -> String {
    atTerminal ? TextSafety.prose(text, width: terminalWidth()).joined(separator: "\n") : text
  }

  /// `label` and `text` after it at `column`, as `prose` would write them: at a terminal, `text` goes on
  /// under its own first column (`TextSafety.hanging`, a description in `help`); elsewhere one line.
  func prose(_ label: String, _ text: String, column: Int) -> String {
    guard outputIsTerminal else { return TextSafety.pad(label, to: column) + text }
    return TextSafety.hanging(label, text, column: column, width: terminalWidth()).joined(separator: "\n")
  }

  /// Writes raw text (already ending with newlines) to the results.
  func write(_ text: String) { buffer += text.utf8 }

  /// Writes results already encoded as UTF-8 (a long listing written as bytes), without copying them.
  func write(utf8 bytes: [UInt8]) {
    if buffer.isEmpty { buffer = bytes } else { buffer += bytes }
  }

  /// Shows a listing in the chosen format (`--format` overrides the setting).
  func show(_ table: Table, format: OutputFormat? = nil) {
    var r = renderer
    if let f = format { r.format = f }
    write(r.render(table))
  }

  /// Shows one record: `json` in JSON, `text` otherwise (CSV falls back to the text).
  func show(object json: Cell, format: OutputFormat?, text: () -> String) {
    let f = format ?? settings.format
    if f == .json { show(json: json) } else { write(text()) }
  }

  /// Writes one JSON document on a line of its own (a report, a record).
  func show(json: Cell) { write(Renderer.json(json) + "\n") }

  /// A message for the user on standard error (not a result), as git says «Switched to branch»: a
  /// campaign opened, the clicks `explain` adds, the notes under a table given in JSON or CSV.
  func inform(_ text: String) {
    flush()
    writeFD(2, wrappedForStandardError(text) + "\n")
  }

  /// A message for standard error (an error too), broken between words at the terminal's width when it
  /// is one.
  func wrappedForStandardError(_ text: String) -> String { Self.wrapped(text, atTerminal: stderrIsTerminal) }

  /// A warning on standard error; from a script's line, it names it as an error would
  /// (`w.oesh:2: attention : …`).
  func warn(_ text: String) {
    flush()
    writeFD(2, wrappedForStandardError(interpreter?.located(text) ?? text) + "\n")
  }

  /// Colours `text` when colours are on.
  func styled(_ text: String, _ style: Style) -> String { colorEnabled ? style.apply(text) : text }

  /// Asks a yes/no question when interactive; `confirmation` answers otherwise.
  /// Whether to go on with a command that asks `question` unless given `--yes` (`send --all`, `snapshots
  /// prune`): at a terminal, the answer (no: `cancelled` said, not as a result); a script cannot answer, so it
  /// fails with `needsYes` (status 2), unless a test answers through `confirmation`. A yes is replayed, by
  /// `record`, as the command with `--yes`; a no, not at all (nothing was done).
  func approve(_ question: String, cancelled: String, needsYes: String) throws -> Bool {
    if interactive {
      guard confirm(question) else {
        // Not a result: `oesh | tee log` and `> file` keep results alone.
        inform(cancelled)
        replayedAs = ""
        return false
      }
    } else if cannotAsk {
      throw ShellError.usage(needsYes)
    } else if !confirm(question) {
      replayedAs = ""
      return false
    }
    replayedAs = commandLine + " --yes"
    return true
  }

  /// Whether no one can answer a question: a script without --yes (and no test answering).
  var cannotAsk: Bool { !interactive && confirmation == nil }

  func confirm(_ question: String) -> Bool {
    if let answer = confirmation { return answer(question) }
    guard interactive, let reader else { return false }
    flush()
    let prompt = Self.questionLines(question + " " + t("confirm.choices"), width: terminalWidth())
    if case .line(let l) = reader.readLine(prompt: prompt.joined(separator: "\n") + " ") {
      let a = TextSafety.fold(l.trimmingCharacters(in: .whitespaces))
      return t("confirm.yes").split(separator: ",").contains { $0 == a }
    }
    return false
  }

  /// A question as prose broken between words at `width` (the terminal cut a long one, libedit's prompt,
  /// in the middle of its words), its last line short enough to leave room for the answer after it.
  static func questionLines(_ question: String, width: Int) -> [String] {
    var lines = TextSafety.prose(question, width: width)
    let room = 5  // a space, « oui » and the cursor
    if let last = lines.last, TextSafety.displayWidth(last) + room > width, width > 2 * room {
      lines.removeLast()
      lines += TextSafety.prose(last, width: width - room)
    }
    return lines
  }

  /// The pager last found not to start, said so then.
  private var pagerNotStarted: String?

  /// Sends the buffered output to standard output, through the pager when it would not fit.
  func flush() {
    guard !buffer.isEmpty else { return }
    let text = buffer
    buffer = []
    if interactive, outputIsTerminal, let pager = settings.pager,
      text.reduce(0, { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }) > terminalHeight() - 2
    {
      if Pager.show(text, through: pagerCommand(pager)) { return }
      // Said once for each pager: a session that goes on with one it cannot start need not hear it again.
      if pagerNotStarted != pager {
        pagerNotStarted = pager
        warn(t("pager.not_started", TextSafety.escapeControls(pager)))
      }
    }
    // A reader that stopped (`| head`) is no failure, as for other tools; anything else is the command's.
    if let code = writeFD(outputFD, text), code != EPIPE, outputFailure == nil {
      outputFailure = .failure(
        outputPath.map { t("redirect.cannot_open", $0, writeReason(code)) }
          ?? t("output.cannot_write", writeReason(code)))
    }
  }

  /// The default pager says its keys in its prompt, in the session's language (less's own is a bare
  /// «:», which a beginner met in the tutorial's first lesson without knowing what to type), in fewer
  /// words when the terminal is narrower than the prompt (less then showed only its end, «te   b :
  /// retour…»); a pager the user set is run as it is.
  func pagerCommand(_ pager: String) -> String {
    guard pager == Settings.defaultPager else { return pager }
    let prompt = t("pager.prompt")
    let fits = TextSafety.displayWidth(Self.shownPrompt(prompt)) < terminalWidth()
    return pager + " '-Ps" + (fits ? prompt : t("pager.prompt.short")) + "'"
  }

  /// What less shows of a prompt `?e(end):more.`: the longer of its two texts, unescaped (`\:` is `:`).
  static func shownPrompt(_ prompt: String) -> String {
    var texts = [""]
    var escaped = false
    for ch in prompt.dropFirst(2) {
      if escaped {
        texts[texts.count - 1].append(ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else if ch == ":" || ch == "." {
        texts.append("")
      } else {
        texts[texts.count - 1].append(ch)
      }
    }
    return texts.max { TextSafety.displayWidth($0) < TextSafety.displayWidth($1) } ?? ""
  }

  /// The failure of a write of results since the last call, if any: the command that wrote them failed.
  func takeOutputFailure() -> ShellError? {
    defer { outputFailure = nil }
    return outputFailure
  }

  /// Why a file could not be opened or written, in the user's language: a missing file here means its
  /// folder is missing (results are written, never read), the rest is the system's reason.
  func writeReason(_ code: Int32) -> String {
    if code == ENOENT { return t("redirect.no_folder") }
    return systemText(errno: code, t)
  }

  /// What of the workspace `path` would overwrite, if anything: its state, settings, history, exports or
  /// e-mails are never a command's output (a script of `scripts/` may be). Reached by any name: a symlink
  /// (to the file, or to a folder on its way, the file not made yet) is followed as `open` would follow it,
  /// and a hard link is known by its device and inode.
  func keptFile(_ path: String) -> String? {
    let ws = Self.realPath(workspaceURL.path) ?? workspaceURL.standardizedFileURL.path
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    if let target = Self.openedPath(absolute), target.hasPrefix(ws + "/"),
      let kept = Self.keptName(String(target.dropFirst(ws.count + 1)))
    {
      return kept
    }
    // Another name of an existing file: only a file with several links can be one of the workspace's.
    var file = stat()
    guard stat(absolute, &file) == 0, file.st_mode & S_IFMT == S_IFREG, file.st_nlink > 1 else { return nil }
    return Self.keptFile(sameAs: file, in: ws)
  }

  /// The workspace's own file a path inside it names (`state.sqlite-wal`, `snapshots/…`), if any.
  static func keptName(_ inside: String) -> String? {
    let first = inside.split(separator: "/").first.map(String.init) ?? inside
    if first.hasPrefix("state.sqlite") || first == "oesh.toml" || first == ".oesh_history" { return first }
    if first == "snapshots" || first == "outbox" { return first + "/" }
    return nil
  }

  /// The real path of the file `open` would write for `path`: the path's own, or, for a file not made
  /// yet, its folder's followed by its name; a symlink that leads nowhere yet is followed to where `open`
  /// would create the file. Nil when the folder does not exist either (nothing can be written there).
  static func openedPath(_ path: String, hops: Int = 0) -> String? {
    if let real = realPath(path) { return real }
    let folder = (path as NSString).deletingLastPathComponent
    if hops < 40, let link = symlinkTarget(path) {
      return openedPath(link.hasPrefix("/") ? link : folder + "/" + link, hops: hops + 1)
    }
    guard let realFolder = realPath(folder) else { return nil }
    return (realFolder == "/" ? "" : realFolder) + "/" + (path as NSString).lastPathComponent
  }

  /// `realpath(3)`: every symlink followed, `.` and `..` resolved; nil when the path does not exist.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// What the symlink `path` points to, as written; nil when `path` is no symlink.
  static func symlinkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The workspace's own file that is `file` under another name (a hard link), if any: the files at its
  /// top and everything under `snapshots/` and `outbox/`, compared by device and inode.
  static func keptFile(sameAs file: stat, in ws: String) -> String? {
    func same(_ path: String) -> Bool {
      var other = stat()
      return lstat(path, &other) == 0 && other.st_dev == file.st_dev && other.st_ino == file.st_ino
    }
    let fm = FileManager.default
    for name in (try? fm.contentsOfDirectory(atPath: ws)) ?? [] {
      guard let kept = keptName(name) else { continue }
      if same(ws + "/" + name) { return kept }
      guard kept.hasSuffix("/"), let inside = fm.enumerator(atPath: ws + "/" + name) else { continue }
      for case let sub as String in inside where same(ws + "/" + name + "/" + sub) { return kept }
    }
    return nil
  }

  /// The format a file's name asks for: CSV for `.csv`, JSON for `.json`, none otherwise.
  static func format(ofFile path: String) -> OutputFormat? {
    switch (path as NSString).pathExtension.lowercased() {
    case "csv": .csv
    case "json": .json
    default: nil
    }
  }

  /// The session's own format (`set format`, `--format`), which `set` lists: `settings.format` is the
  /// one a `> FILE.json` gives its command meanwhile.
  var sessionFormat: OutputFormat { formatOutsideRedirection ?? settings.format }
  /// The format before the outermost `> FILE.csv|json` running, if one is.
  private(set) var formatOutsideRedirection: OutputFormat?

  /// Runs `body` with the results going to `redirection`'s file (created, emptied unless appending;
  /// a relative path is from the current directory, as in sh). A file named `.csv` or `.json` gets
  /// that format unless the command is given another.
  func withOutput<T>(to redirection: Tokenizer.Redirection, _ body: () throws -> T) throws -> T {
    flush()
    if let kept = keptFile(redirection.path) {
      throw ShellError.failure(t("redirect.cannot_open", redirection.path, t("redirect.workspace_file", kept)))
    }
    // Nor a script running, by any name: emptied, it would be lost (standard input's, read as it runs,
    // would read the results as its next commands).
    if let target = FileIdentity(path: redirection.path), interpreter?.isScript(target) == true {
      throw ShellError.failure(t("redirect.cannot_open", redirection.path, t("redirect.running_script")))
    }
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (redirection.append ? O_APPEND : O_TRUNC)
    let fd = open(redirection.path, flags, 0o644)
    guard fd >= 0 else { throw ShellError.failure(t("redirect.cannot_open", redirection.path, writeReason(errno))) }
    let saved = settings.format
    let inferred = Session.format(ofFile: redirection.path)
    let outerFormat = formatOutsideRedirection
    if let inferred {
      if formatOutsideRedirection == nil { formatOutsideRedirection = saved }
      settings.format = inferred
    }
    defer { formatOutsideRedirection = outerFormat }
    // A script's command may have its own `>` inside a `source … > FILE`: back to the outer file after.
    let outer = (outputFD, outputPath)
    (outputFD, outputPath) = (fd, redirection.path)
    let result = Result { try body() }
    flush()
    // What the command's own check did not see; and a file system may tell of a failed write only here.
    var failure = takeOutputFailure()
    if close(fd) != 0, errno != EINTR, failure == nil {
      failure = .failure(t("redirect.cannot_open", redirection.path, writeReason(errno)))
    }
    (outputFD, outputPath) = outer
    // Unless the command changed the format itself (`set format …`).
    if let inferred, settings.format == inferred { settings.format = saved }
    if let failure { throw failure }
    return try result.get()
  }

}

/// Writes all of `text` to a file descriptor; returns the `errno` of a write that failed, else nil.
@discardableResult
func writeFD(_ fd: Int32, _ text: String) -> Int32? {
  var t = text
  return t.withUTF8 { writeFD(fd, $0) }
}

/// Writes all of `bytes` to a file descriptor; returns the `errno` of a write that failed, else nil.
@discardableResult
func writeFD(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
  bytes.withUnsafeBufferPointer { writeFD(fd, $0) }
}

private func writeFD(_ fd: Int32, _ buf: UnsafeBufferPointer<UInt8>) -> Int32? {
  var off = 0
  while off < buf.count {
    let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
    if n < 0 && errno == EINTR { continue }
    if n < 0 { return errno }
    if n == 0 { return EIO }
    off += n
  }
  return nil
}
