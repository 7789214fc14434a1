import CEditLine
import Foundation
import Synchronization

/// Line editing in a terminal with libedit's wide API: emacs keys, history kept in a file,
/// TAB completion fed by a `CompletionProvider`, Ctrl-C that abandons the line, Ctrl-D that quits.
///
/// The prompt may carry ANSI colour codes: they are passed to libedit between `promptMarker`s
/// (`EL_PROMPT_ESC`), so they are printed but take no column.
@available(macOS 15.0, *)
final class EditLineReader: LineReader {
  /// How many lines the history keeps, in memory and in its file.
  static let historySize: Int32 = 1000

  private let editor: OpaquePointer
  private let historyEvents: OpaquePointer
  private let historyFile: URL?
  /// Why `historyFile` is not kept, once found: no line is written into it after that.
  private(set) var historyProblem: HistoryFileProblem?
  private let completion: CompletionProvider?
  /// The prompt as libedit reads it, NUL-terminated; replaced by each `readLine(prompt:)`.
  private var promptText: UnsafeMutablePointer<wchar_t>
  /// Name and help of the TAB function: libedit keeps these pointers, so they live as long as the editor.
  private let completeName: UnsafeMutablePointer<wchar_t>
  private let completeHelp: UnsafeMutablePointer<wchar_t>
  /// Names and help of oesh's other editor functions: Ctrl-R's (the search's start, and its next key), the
  /// one that gives a line back after a signal that stopped nothing, and the one that reads a paste.
  private let editorFunctionNames: [UnsafeMutablePointer<wchar_t>]
  /// The line and cursor `restoreLine` puts back.
  private var lineToRestore: (text: String, cursor: Int)?
  /// The lines of a paste after the one it ended, read at the next prompts, and how many commands Ctrl-C
  /// had stopped then (`CommandInterrupt.interruptions`): one more, and they are dropped.
  private var pastedLater: (text: String, interruptions: Int)?
  /// The prompt `readLine` set: Ctrl-R's search shows its own while it lasts.
  private var linePrompt = ""
  /// The prompt libedit shows: the line's, or the search's.
  private var shownPrompt = ""
  /// Ctrl-R's search while it lasts.
  private var search: HistorySearch?
  /// Whether the editor writes to standard error (1) rather than standard output (0).
  private let editsOnStandardError: Int32

  /// Returns nil when libedit cannot set up the terminal.
  init?(programName: String, historyFile: URL?, completion: CompletionProvider?) {
    Self.useUTF8Characters()
    // As bash: when results are piped (`oesh | tee log`), the prompt and the line typed go to the
    // terminal on standard error, where the user sees them, and only results into the pipe.
    let onStandardError: Int32 = isatty(STDOUT_FILENO) != 1 && isatty(STDERR_FILENO) == 1 ? 1 : 0
    guard let editor = cel_init_stdio(programName, onStandardError) else { return nil }
    guard let historyEvents = history_winit() else {
      el_end(editor)
      return nil
    }
    self.editor = editor
    self.historyEvents = historyEvents
    self.historyFile = historyFile
    self.completion = completion
    editsOnStandardError = onStandardError
    promptText = wideCopy("")
    completeName = wideCopy("oesh-complete")
    completeHelp = wideCopy("Complete the word before the cursor")
    editorFunctionNames = [
      "oesh-search-history", "Search the history backwards, key by key", "oesh-search-key", "Ctrl-R's next key",
      "oesh-restore-line", "The line as it was before a signal that stopped nothing",
      "oesh-paste", "Pasted text, inserted as text",
    ].map(wideCopy)

    cel_hist_setsize(historyEvents, Self.historySize)
    cel_hist_setunique(historyEvents, 1)
    if let historyFile { historyProblem = Self.load(historyFile.path, into: historyEvents) }

    cel_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
    cel_set_prompt_esc(editor, { editor in EditLineReader.owner(of: editor)?.promptText }, promptMarker)
    withWide("emacs") { _ = cel_set_editor(editor, $0) }
    cel_set_signal(editor, 1)
    cel_set_history(editor, historyEvents)
    cel_addfn(editor, completeName, completeHelp) { editor, _ in
      EditLineReader.owner(of: editor)?.complete() ?? UInt8(CC_ERROR)
    }
    cel_addfn(editor, editorFunctionNames[0], editorFunctionNames[1]) { editor, _ in
      EditLineReader.owner(of: editor)?.startSearch() ?? UInt8(CC_ERROR)
    }
    cel_addfn(editor, editorFunctionNames[2], editorFunctionNames[3]) { editor, _ in
      EditLineReader.owner(of: editor)?.searchKey() ?? UInt8(CC_ERROR)
    }
    cel_addfn(editor, editorFunctionNames[4], editorFunctionNames[5]) { editor, _ in
      EditLineReader.owner(of: editor)?.restoreLine() ?? UInt8(CC_ERROR)
    }
    cel_addfn(editor, editorFunctionNames[6], editorFunctionNames[7]) { editor, _ in
      EditLineReader.owner(of: editor)?.paste() ?? UInt8(CC_ERROR)
    }
    for (keys, function) in Self.bindings {
      for key in keys { bind(key, to: function) }
    }
    // The user's ~/.editrc (or $EDITRC) comes last, so that it can change any of the above.
    el_source(editor, nil)
  }

  deinit {
    el_end(editor)
    history_wend(historyEvents)
    promptText.deallocate()
    completeName.deallocate()
    completeHelp.deallocate()
    for name in editorFunctionNames { name.deallocate() }
  }

  /// Keys a terminal sends, in libedit's `bind` notation, and the editor function each runs.
  private static let bindings: [([String], String)] = [
    (["\\e[1~", "\\e[7~", "\\e[H", "\\eOH"], "ed-move-to-beg"),
    (["\\e[4~", "\\e[8~", "\\e[F", "\\eOF"], "ed-move-to-end"),
    (["\\e[3~"], "ed-delete-next-char"),
    (["\\e[A", "\\eOA"], "ed-prev-history"),
    (["\\e[B", "\\eOB"], "ed-next-history"),
    (["\\e[C", "\\eOC"], "ed-next-char"),
    (["\\e[D", "\\eOD"], "ed-prev-char"),
    (["\\e[1;5C", "\\e[5C"], "em-next-word"),
    (["\\e[1;5D", "\\e[5D"], "ed-prev-word"),
    (["^R"], "oesh-search-history"),
    ([searchKeyTrigger], "oesh-search-key"),
    ([restoreLineTrigger], "oesh-restore-line"),
    (["\\e[200~"], "oesh-paste"),
    (["^W"], "ed-delete-prev-word"),
    (["^I"], "oesh-complete"),
  ]

  /// A prompt of several lines (a question broken between words at the terminal's width): libedit
  /// redraws its prompt as one line, so the lines before the last are written once before it, where it
  /// shows its prompt (nowhere when its stream is no terminal: `oesh > out 2> err` typed at one).
  func readLine(prompt: String) -> ReadResult {
    if let lastBreak = prompt.lastIndex(of: "\n") {
      if showsPrompt {
        cel_write_output(editsOnStandardError, String(prompt[...lastBreak]))
      }
      setPrompt(String(prompt[prompt.index(after: lastBreak)...]))
    } else {
      setPrompt(prompt)
    }
    search = nil
    if let later = pastedLater.take(), later.interruptions == CommandInterrupt.interruptions {
      withWide("\u{1B}[200~" + later.text + Self.pasteEnd) { el_wpush(editor, $0) }
    }
    // Bracketed paste: the terminal marks what is pasted, which `paste` reads as text.
    let bracketsPastes = showsPrompt && getenv("TERM").map { String(cString: $0) } != "dumb"
    if bracketsPastes { cel_write_output(editsOnStandardError, "\u{1B}[?2004h") }
    defer { if bracketsPastes { cel_write_output(editsOnStandardError, "\u{1B}[?2004l") } }
    SigintFlag.raised.store(false, ordering: .relaxed)
    var previous = sigaction()
    cel_install_sigint({ _ in SigintFlag.raised.store(true, ordering: .relaxed) }, 0, &previous)
    defer { cel_restore_sigint(&previous) }

    var count: Int32 = 0
    errno = 0
    var read = el_wgets(editor, &count)
    while read == nil && count == -1 && signalStoppedNothing {
      resumeLine()
      errno = 0
      read = el_wgets(editor, &count)
    }
    guard let wide = read else {
      let interrupted = SigintFlag.raised.load(ordering: .relaxed) || (count == -1 && errno == EINTR)
      // libedit leaves the cursor after the abandoned text or the prompt: where it shows them, never
      // among the results (`oesh > out 2> err` typed at a terminal). Ctrl-C leaves «^C» there, as bash
      // and psql do: the text it abandoned was not entered («[o/N] o», then «Rien n'est supprimé.»,
      // read as an «o» given and not heeded).
      if showsPrompt { cel_write_output(editsOnStandardError, toLineEnd() + (interrupted ? "^C\n" : "\n")) }
      return interrupted ? .interrupted : .eof
    }
    var line = string(fromWide: wide, count: Int(count))
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  /// Whether the read libedit gave up on was cut by a signal other than Ctrl-C's that stopped nothing: Ctrl-Z
  /// where no shell does job control (`ssh host oesh`, `docker run -it`), as the kernel does not stop an
  /// orphaned process group. libedit takes any signal for the end of the line; bash and psql go on there.
  private var signalStoppedNothing: Bool { errno == EINTR && !SigintFlag.raised.load(ordering: .relaxed) }

  /// After such a signal, has the next `el_wgets` edit the line as it was: libedit draws its prompt again
  /// where the terminal's cursor is, so the cursor goes back to where the prompt starts, and the text and
  /// cursor come back with the first key it reads, the same characters drawn over themselves.
  private func resumeLine() {
    guard let info = el_wline(editor)?.pointee, let buffer = info.buffer, let cursor = info.cursor,
      let last = info.lastchar
    else { return }
    lineToRestore = (string(fromWide: buffer, count: last - buffer), cursor - buffer)
    if showsPrompt, let drawn = drawnLine() {
      cel_write_output(editsOnStandardError, "\r" + (drawn.cursorRow > 0 ? "\u{1B}[\(drawn.cursorRow)A" : ""))
    }
    withWide(Self.restoreLineTrigger.replacingOccurrences(of: "\\e", with: "\u{1B}")) { el_wpush(editor, $0) }
  }

  /// Where libedit drew the line, counted from its prompt's start: the row its cursor is on,
  /// and the row and column its text ends at (libedit goes to the next row once one is full).
  private func drawnLine() -> (cursorRow: Int, endRow: Int, endColumn: Int)? {
    guard let info = el_wline(editor)?.pointee, let buffer = info.buffer, let cursor = info.cursor,
      let last = info.lastchar
    else { return nil }
    let width = max(1, terminalWidth())
    let prompt = visibleWidth(ofPrompt: shownPrompt)
    let end = prompt + displayWidth(string(fromWide: buffer, count: last - buffer))
    return ((prompt + displayWidth(string(fromWide: buffer, count: cursor - buffer))) / width, end / width, end % width)
  }

  /// Moves the terminal's cursor from libedit's to the end of the line it drew, so that what is written
  /// next (`^C` and the next prompt, a TAB's list) comes after the whole line, not over its text.
  private func toLineEnd() -> String {
    guard let drawn = drawnLine() else { return "" }
    let down = drawn.endRow - drawn.cursorRow
    return (down > 0 ? "\u{1B}[\(down)B" : "") + "\r" + (drawn.endColumn > 0 ? "\u{1B}[\(drawn.endColumn)C" : "")
  }

  /// The key pushed by `resumeLine`: the line it kept comes back.
  private func restoreLine() -> UInt8 {
    guard let (text, cursor) = lineToRestore else { return UInt8(CC_NORM) }
    lineToRestore = nil
    replaceLine(with: text, cursor: cursor)
    return UInt8(CC_REFRESH)
  }

  /// What the terminal sends after a pasted text.
  private static let pasteEnd = "\u{1B}[201~"

  /// A paste (between the terminal's ESC [200~ and ESC [201~) goes into the line as text: a TAB is no
  /// completion there, nor any other character a key. A line break ends the line as Enter does, and the
  /// lines after it come at the next prompts, as if typed, unless Ctrl-C stops a command meanwhile.
  private func paste() -> UInt8 {
    let text = pastedText()
    let lineBreak = text.firstIndex(of: "\n")
    let line = String(text[..<(lineBreak ?? text.endIndex)])
    if !line.isEmpty { withWide(line) { _ = el_winsertstr(editor, $0) } }
    if let lineBreak {
      let rest = String(text[text.index(after: lineBreak)...])
      if !rest.isEmpty { pastedLater = (rest, CommandInterrupt.interruptions) }
      withWide("\r") { el_wpush(editor, $0) }
    }
    return UInt8(CC_REFRESH)
  }

  /// The text pasted, read up to the terminal's mark of its end, its line breaks as "\n".
  private func pastedText() -> String {
    let end = Array(Self.pasteEnd.unicodeScalars)
    var scalars: [Unicode.Scalar] = []
    var key: wchar_t = 0
    while el_wgetc(editor, &key) == 1 {
      scalars.append(Unicode.Scalar(UInt32(bitPattern: key)) ?? "\u{FFFD}")
      if scalars.count >= end.count && scalars.suffix(end.count).elementsEqual(end) {
        scalars.removeLast(end.count)
        break
      }
    }
    return String(String.UnicodeScalarView(scalars)).replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n")
  }

  /// After an ESC, whether the keys that follow are the rest of the terminal's mark of a paste (`[200~`);
  /// when they are not, they are given back to libedit with the ESC, to do what they do.
  private func readsPasteStart() -> Bool {
    var read = "\u{1B}"
    var key: wchar_t = 0
    for expected in "[200~".unicodeScalars {
      guard el_wgetc(editor, &key) == 1 else { break }
      let scalar = Unicode.Scalar(UInt32(bitPattern: key)) ?? "\u{FFFD}"
      read.unicodeScalars.append(scalar)
      guard scalar == expected else { break }
      if expected == "~" { return true }
    }
    withWide(read) { el_wpush(editor, $0) }
    return false
  }

  /// Whether the editor's stream is a terminal: libedit shows no prompt on a file or a pipe.
  private var showsPrompt: Bool { isatty(editsOnStandardError == 1 ? STDERR_FILENO : STDOUT_FILENO) == 1 }

  /// Records a non-blank line and adds it to the file at once, so that a crash keeps it; the same line
  /// again is dropped (H_SETUNIQUE). `readLine` records nothing: the shell records a command once whole
  /// (its continuation lines joined), and never the answer to a question. Accents are recorded composed
  /// (NFC): libedit redraws a recalled line a character a cell, and drops a combining mark (e + U+0301).
  func addHistory(_ typed: String) {
    guard !typed.allSatisfy(\.isWhitespace) else { return }
    let line = typed.precomposedStringWithCanonicalMapping
    withWide(line) { _ = cel_hist_enter(historyEvents, $0) }
    guard let historyFile, historyProblem == nil else { return }
    historyProblem = Self.append(line, to: historyFile.path)
  }

  var history: [String] {
    var lines: [String] = []
    var entry = cel_hist_oldest(historyEvents)
    while let current = entry {
      lines.append(string(fromWide: current, count: nil))
      entry = cel_hist_newer(historyEvents)
    }
    return lines
  }

  /// Reads the history file into `events`, under a shared lock so that it is never read half written.
  /// A missing or empty file is a history yet to begin; a file that is not one is left alone.
  private static func load(_ path: String, into events: OpaquePointer) -> HistoryFileProblem? {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { return errno == ENOENT ? nil : .unreadable(path: path, errno: errno) }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { return .unreadable(path: path, errno: errno) }
    if status.st_mode & S_IFMT == S_IFDIR { return .unreadable(path: path, errno: EISDIR) }
    guard status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 else { return nil }
    guard lock(fd, LOCK_SH) else { return .locked(path: path, atStart: true) }
    return cel_hist_load(events, path) < 0 ? .notAHistory(path: path) : nil
  }

  /// Adds `line` to the file as it is now, under an exclusive lock: the lines another shell on the
  /// workspace wrote since this one read it stay, as psql and bash's `histappend` keep them; the oldest
  /// go beyond `historySize`. Anything but a plain file (a link to /dev/null, to keep no history, as
  /// bash users do) is not written: libedit would make it private to its owner.
  private static func append(_ line: String, to path: String) -> HistoryFileProblem? {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0o600)
    guard fd >= 0 else { return .unwritable(path: path, errno: errno) }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    guard lock(fd, LOCK_EX) else { return .locked(path: path, atStart: false) }
    guard let events = history_winit() else { return .unwritable(path: path, errno: ENOMEM) }
    defer { history_wend(events) }
    cel_hist_setsize(events, historySize)
    cel_hist_setunique(events, 1)
    if status.st_size > 0 && cel_hist_load(events, path) < 0 { return .notAHistory(path: path) }
    withWide(line) { _ = cel_hist_enter(events, $0) }
    errno = 0
    guard cel_hist_save(events, path) >= 0 else { return .unwritable(path: path, errno: errno == 0 ? EIO : errno) }
    return nil
  }

  /// How long a shell waits for another program's lock on the history file before it gives the file up:
  /// another shell holds it the time of one line's write; a program that keeps it (a shell stopped in
  /// that write, `flock .oesh_history …`) would otherwise leave the prompt waiting for good.
  static let historyLockWait: Duration = .seconds(2)

  /// Takes `operation`'s lock on `fd`, waiting at most `historyLockWait`; false when it could not.
  private static func lock(_ fd: Int32, _ operation: Int32) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + historyLockWait
    while flock(fd, operation | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR, clock.now < deadline else { return false }
      usleep(10_000)
    }
    return true
  }

  // MARK: Completion

  /// TAB: one candidate replaces the word; several insert their common prefix, or are listed (by their
  /// labels) when that adds nothing to what is typed or when they do not go on from it.
  private func complete() -> UInt8 {
    guard let completion, let info = el_wline(editor)?.pointee, let buffer = info.buffer,
      let cursor = info.cursor
    else { return UInt8(CC_ERROR) }
    let beforeCursor = string(fromWide: buffer, count: cursor - buffer)
    let proposal = completion.complete(lineBeforeCursor: beforeCursor)
    let word = String(beforeCursor.suffix(max(0, proposal.replacing)))
    let candidates = proposal.candidates
    switch candidates.count {
    case 0:
      return UInt8(CC_ERROR)
    case 1:
      let candidate = candidates[0]
      replace(word, with: proposal.isFolder[0] ? candidate : candidate + " ")
      return UInt8(CC_REFRESH)
    default:
      let prefix = commonPrefix(of: candidates)
      if proposal.continuesWord && prefix.count > word.count {
        replace(word, with: prefix)
        return UInt8(CC_REFRESH)
      }
      // The screen keeps the line typed above the list (the whole line, wherever the cursor is in it),
      // and the line drawn again under it.
      let rows = cel_terminal_rows(editsOnStandardError == 1 ? STDERR_FILENO : STDOUT_FILENO)
      let list = listing(proposal.labels.map(printable), width: terminalWidth(), rows: Int(rows > 0 ? rows : 24) - 2)
      cel_write_output(editsOnStandardError, toLineEnd() + "\n" + list)
      return UInt8(CC_REDISPLAY)
    }
  }

  private func replace(_ word: String, with text: String) {
    el_deletestr(editor, Int32(word.unicodeScalars.count))
    withWide(text) { _ = el_winsertstr(editor, $0) }
  }

  // MARK: History search

  /// The keys that make libedit call `searchKey`, pushed back as its input after each key of a search,
  /// so that libedit draws the line between two keys. No terminal sends them.
  private static let searchKeyTrigger = "\\e[9999~"
  /// The keys that make libedit call `restoreLine`; no terminal sends them either.
  private static let restoreLineTrigger = "\\e[9998~"

  /// Ctrl-R: searches the history backwards, key by key, for the text typed, as libedit's
  /// em-inc-search-prev does, but with each character taken as text: libedit looked each up in its key
  /// map by its low byte, so that ’ (U+2019) was ^Y, — (U+2014) ^T, “ ^\\, and ended the search, the ’
  /// put into the line (`echo l’hôte’hl`).
  private func startSearch() -> UInt8 {
    guard let info = el_wline(editor)?.pointee, let buffer = info.buffer, let cursor = info.cursor,
      let last = info.lastchar
    else { return UInt8(CC_ERROR) }
    search = HistorySearch(
      entries: Array(history.reversed()), line: string(fromWide: buffer, count: last - buffer), cursor: cursor - buffer)
    return showSearch()
  }

  /// The next key of a search: text to look for, Ctrl-R for an older line, Backspace, Ctrl-G to give up;
  /// any other key ends the search on the line found and does what it does (Enter runs the line).
  private func searchKey() -> UInt8 {
    guard var current = search else { return UInt8(CC_NORM) }
    var key: wchar_t = 0
    guard el_wgetc(editor, &key) == 1 else {
      // Ctrl-Z where no shell does job control stops nothing: the search goes on.
      if signalStoppedNothing { return showSearch() }
      // The search's prompt stays on the screen: the next `readLine` puts the line's back.
      search = nil
      return UInt8(CC_EOF)
    }
    switch key {
    case 0x12: current.find(from: (current.index ?? -1) + 1)
    case 0x7F, 0x08:
      if !current.pattern.isEmpty { current.pattern.removeLast() }
      current.find(from: 0)
    case 0x07:
      endSearch()
      replaceLine(with: current.line, cursor: current.cursor)
      return UInt8(CC_REFRESH)
    case 0x1B where readsPasteStart():
      // A paste is looked for as typed text, up to its first line break.
      current.pattern += pastedText().prefix { $0 != "\n" }
      current.find(from: current.index ?? 0)
    case 0x1B:
      endSearch()
      return UInt8(CC_REFRESH)
    case 0..<0x20:
      endSearch()
      withWide(String(Character(Unicode.Scalar(UInt8(key))))) { el_wpush(editor, $0) }
      return UInt8(CC_REFRESH)
    default:
      current.pattern.unicodeScalars.append(Unicode.Scalar(UInt32(bitPattern: key)) ?? "\u{FFFD}")
      current.find(from: current.index ?? 0)
    }
    search = current
    return showSearch()
  }

  /// Shows the search and the line it found, and has libedit call `searchKey` for the next key.
  private func showSearch() -> UInt8 {
    guard let current = search else { return UInt8(CC_ERROR) }
    setPrompt((current.found ? "bck:" : "bck?") + current.pattern + " ", keeping: false)
    if let index = current.index {
      let entry = current.entries[index]
      let start = entry.range(of: current.pattern).map { entry.unicodeScalars[..<$0.lowerBound].count } ?? 0
      replaceLine(with: entry, cursor: start)
    } else {
      replaceLine(with: current.line, cursor: current.cursor)
    }
    withWide(Self.searchKeyTrigger.replacingOccurrences(of: "\\e", with: "\u{1B}")) { el_wpush(editor, $0) }
    return UInt8(CC_REFRESH)
  }

  /// Ends the search: the line's own prompt back, the line found left to edit.
  private func endSearch() {
    search = nil
    setPrompt(linePrompt)
  }

  /// Puts `text` in place of the line, the cursor `cursor` characters into it.
  private func replaceLine(with text: String, cursor: Int) {
    guard let info = el_wline(editor)?.pointee, let buffer = info.buffer, let last = info.lastchar else { return }
    let length = Int32(last - buffer)
    el_cursor(editor, length)
    el_deletestr(editor, length)
    if !text.isEmpty { withWide(text) { _ = el_winsertstr(editor, $0) } }
    el_cursor(editor, Int32(cursor - text.unicodeScalars.count))
  }

  // MARK: Setup

  /// `keeping`: the prompt of the line, put back after a search.
  private func setPrompt(_ prompt: String, keeping: Bool = true) {
    if keeping { linePrompt = prompt }
    shownPrompt = prompt
    let copy = wideCopy(promptForEditLine(prompt))
    promptText.deallocate()
    promptText = copy
  }

  private func bind(_ key: String, to function: String) {
    withWide(key) { key in withWide(function) { _ = cel_bind(editor, key, $0) } }
  }

  private static func owner(of editor: OpaquePointer?) -> EditLineReader? {
    guard let editor, let data = cel_get_clientdata(editor) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
  }

  /// libedit decodes input with the C locale's LC_CTYPE, which the Swift runtime leaves at "C":
  /// there, every non-ASCII byte is silently dropped. Only LC_CTYPE changes, so numbers keep their dot.
  private static func useUTF8Characters() {
    setlocale(LC_CTYPE, "")
    for fallback in ["C.UTF-8", "UTF-8", "en_US.UTF-8"] where !codesetIsUTF8() {
      setlocale(LC_CTYPE, fallback)
    }
  }

  private static func codesetIsUTF8() -> Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }
}

/// Ctrl-R's search: what is looked for, the history entry it found (newest first), and the line and
/// cursor from before it.
private struct HistorySearch {
  var entries: [String]
  var line: String
  var cursor: Int
  var pattern = ""
  var index: Int? = nil
  /// Whether the pattern was found (`index` is then the entry that holds it).
  var found = true

  init(entries: [String], line: String, cursor: Int) {
    (self.entries, self.line, self.cursor) = (entries, line, cursor)
  }

  /// Looks for the pattern from entry `start` on, towards the oldest: nothing typed shows the line as it was.
  mutating func find(from start: Int) {
    guard !pattern.isEmpty else { (index, found) = (nil, true); return }
    let pattern = self.pattern
    if let hit = entries.indices.dropFirst(max(0, start)).first(where: { entries[$0].contains(pattern) }) {
      (index, found) = (hit, true)
    } else {
      found = false
    }
  }
}

/// Set by the SIGINT handler while a line is read: a C signal handler cannot reach an instance.
@available(macOS 15.0, *)
private enum SigintFlag {
  static let raised = Atomic<Bool>(false)
}

/// Brackets libedit's prompt escapes: what lies between two of them is printed but takes no column.
private let promptMarker: wchar_t = 1

/// The columns `prompt` takes on the screen: its ANSI escape sequences take none.
func visibleWidth(ofPrompt prompt: String) -> Int {
  let marker = Character(Unicode.Scalar(UInt32(promptMarker))!)
  return promptForEditLine(prompt).split(separator: marker, omittingEmptySubsequences: false).enumerated()
    .reduce(0) { width, part in part.offset % 2 == 0 ? width + displayWidth(String(part.element)) : width }
}

/// The prompt with each ANSI escape sequence between `promptMarker`s, so that libedit does not count
/// it in the prompt's width.
func promptForEditLine(_ prompt: String) -> String {
  let marker = Unicode.Scalar(UInt32(promptMarker))!
  var result = String.UnicodeScalarView()
  var scalars = prompt.unicodeScalars.makeIterator()
  while let scalar = scalars.next() {
    if scalar == marker { continue }
    guard scalar == "\u{1B}" else {
      result.append(scalar)
      continue
    }
    result.append(marker)
    result.append(scalar)
    // CSI (ESC [ … final byte in @…~); otherwise ESC and the one character after it.
    if let next = scalars.next() {
      result.append(next)
      if next == "[" {
        while let body = scalars.next() {
          result.append(body)
          if (0x40...0x7E).contains(body.value) { break }
        }
      }
    }
    result.append(marker)
  }
  return String(result)
}

// MARK: Wide strings (wchar_t is a Unicode scalar on Linux and macOS)

private func wideScalars(_ text: String) -> [wchar_t] {
  text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
}

private func withWide<Result>(_ text: String, _ body: (UnsafePointer<wchar_t>) -> Result) -> Result {
  wideScalars(text).withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// A NUL-terminated copy the caller deallocates.
private func wideCopy(_ text: String) -> UnsafeMutablePointer<wchar_t> {
  let scalars = wideScalars(text)
  let copy = UnsafeMutablePointer<wchar_t>.allocate(capacity: scalars.count)
  copy.initialize(from: scalars, count: scalars.count)
  return copy
}

/// `count` wide characters, or up to the NUL when nil.
private func string(fromWide wide: UnsafePointer<wchar_t>, count: Int?) -> String {
  var scalars = String.UnicodeScalarView()
  var index = 0
  while count.map({ index < $0 }) ?? (wide[index] != 0) {
    scalars.append(Unicode.Scalar(UInt32(bitPattern: wide[index])) ?? "\u{FFFD}")
    index += 1
  }
  return String(scalars)
}

// MARK: Listing candidates

func commonPrefix(of candidates: [String]) -> String {
  guard var prefix = candidates.first else { return "" }
  for candidate in candidates.dropFirst() {
    prefix = String(zip(prefix, candidate).prefix { $0 == $1 }.map(\.0))
  }
  return prefix
}

/// The labels in columns, at most `limit` of them then «…», and no more than `rows` lines of the screen
/// (a label wider than the terminal wraps onto more than one): a TAB on a big workspace lists what a
/// screen holds, not every fiche, and the line typed stays on the screen.
func listing(_ labels: [String], width: Int, rows: Int, limit: Int = 60) -> String {
  var count = min(labels.count, limit)
  let cells = max(1, width)
  while true {
    let text = columns(count < labels.count ? Array(labels.prefix(count)) + ["…"] : labels, width: width)
    let shown = text.split(separator: "\n").reduce(0) { $0 + max(1, (displayWidth(String($1)) + cells - 1) / cells) }
    if count <= 1 || shown <= rows { return text }
    count -= 1
  }
}

/// Candidates come from exports, which are untrusted: control characters are never written raw, nor
/// line separators and bidirectional controls (U+202E would turn the rest of the list's line around).
func printable(_ text: String) -> String {
  String(
    String.UnicodeScalarView(
      text.unicodeScalars.map { isUnprintable($0) ? "?" : $0 }))
}

func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
  let v = scalar.value
  return scalar.properties.generalCategory == .control || v == 0x2028 || v == 0x2029 || v == 0x200e || v == 0x200f
    || (0x202a...0x202e).contains(v) || (0x2066...0x2069).contains(v)
}

/// Columns a terminal gives `text`: an accented letter, precomposed or not, takes one; a wide CJK one two.
func displayWidth(_ text: String) -> Int {
  text.unicodeScalars.reduce(0) { width, scalar in
    let columns = cel_wcwidth(wchar_t(bitPattern: scalar.value))
    return width + (columns < 0 ? 1 : Int(columns))
  }
}

/// Items in columns filled top to bottom, then left to right, like `ls`; each line ends with "\n".
func columns(_ items: [String], width: Int) -> String {
  guard !items.isEmpty else { return "" }
  let gap = 2
  let widths = items.map(displayWidth)
  let cell = widths.max()! + gap
  let perLine = max(1, min(items.count, (width + gap) / cell))
  let lines = (items.count + perLine - 1) / perLine
  var text = ""
  for line in 0..<lines {
    var row = ""
    for column in 0..<perLine {
      let index = column * lines + line
      guard index < items.count else { break }
      let isLast = column == perLine - 1 || index + lines >= items.count
      row += items[index] + (isLast ? "" : String(repeating: " ", count: cell - widths[index]))
    }
    text += row + "\n"
  }
  return text
}
