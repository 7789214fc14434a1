/// What the shell needs from a line source: a terminal with libedit, or plain standard input.
public protocol LineReader: AnyObject {
  /// Reads one line. `prompt` is shown only by interactive readers.
  func readLine(prompt: String) -> ReadResult
  /// Records a line in the history (interactive readers keep it, and write it to their file at once);
  /// `readLine` records nothing itself.
  func addHistory(_ line: String)
  /// The history, oldest first.
  var history: [String] { get }
  /// Why the history file is not kept, when it is not: found reading it at the start, or writing a line.
  var historyProblem: HistoryFileProblem? { get }
}

/// Why the history file is not kept: the file is then left as it is for the rest of the session, and the
/// shell says so once.
public enum HistoryFileProblem: Equatable, Sendable {
  /// It cannot be opened or read; `errno` says why (EISDIR: a folder, EACCES).
  case unreadable(path: String, errno: Int32)
  /// It holds something other than a history (no `_HiStOrY_V2_` line first): written over, it would be lost.
  case notAHistory(path: String)
  /// A line could not be written into it; `errno` says why (ENOSPC, EACCES, EROFS).
  case unwritable(path: String, errno: Int32)
  /// Another program kept it locked longer than a line's write takes (`EditLineReader.historyLockWait`),
  /// when it was read at the start (`atStart`) or when a line was added.
  case locked(path: String, atStart: Bool)
}

public enum ReadResult: Equatable, Sendable {
  case line(String)
  /// Ctrl-C: the line was abandoned; the shell goes on.
  case interrupted
  /// Ctrl-D on an empty line, or the end of the input.
  case eof

  /// The line read; nil at the end of input or after Ctrl-C.
  public var text: String? {
    if case .line(let text) = self { return text }
    return nil
  }
}

/// Completion candidates for the text before the cursor.
///
/// `line` is the whole line up to the cursor; the provider returns the word being completed
/// (`replacing`: how many characters before the cursor it replaces, counted as Swift `Character`s)
/// and the candidates, each a full replacement for that word (already quoted when it contains
/// spaces), in the order they should be listed.
public struct Completion: Sendable, Equatable {
  public var replacing: Int
  public var candidates: [String]
  /// What the list of several candidates shows for each: the candidate itself, or more (a fiche id
  /// with the fiche's name).
  public var labels: [String]
  /// Whether the candidates go on from the word typed, so that their common beginning may replace it;
  /// not when a name typed finds ids.
  public var continuesWord: Bool
  /// Whether each candidate is a folder, which a further TAB goes into: no space is added after it, even
  /// when it is quoted (`"Mes exports/"`).
  public var isFolder: [Bool]

  public init(
    replacing: Int, candidates: [String], labels: [String]? = nil, continuesWord: Bool = true,
    isFolder: [Bool]? = nil
  ) {
    self.replacing = replacing
    self.candidates = candidates
    self.labels = labels ?? candidates
    self.continuesWord = continuesWord
    self.isFolder = isFolder ?? candidates.map { $0.hasSuffix("/") }
  }
}

/// The hook through which the shell feeds TAB completion.
public protocol CompletionProvider: AnyObject {
  func complete(lineBeforeCursor: String) -> Completion
}
