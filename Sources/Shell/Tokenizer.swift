/// Splits a line of the command language into commands and words.
///
/// `;` separates commands, `#` starts a comment (outside quotes, at the start of a word),
/// `"…"` and `'…'` quote, and a backslash escapes the next character (inside `"…"` and bare words).
/// `> FILE` (or `>> FILE`, to append; `1>` and `1>>` alike) sends a command's results to a file, as in sh;
/// sh's redirections of other streams (`2>`, `&>`, `>&`, `2>&1`) and its `>|` are refused rather than read
/// as a word and a `>`.
enum Tokenizer {
  struct Failure: Error, Equatable, Sendable {
    enum Reason: Equatable, Sendable {
      case unterminatedQuote(Character), trailingBackslash
      /// `>` with no file after it, or with no command before it.
      case redirectionWithoutFile, redirectionWithoutCommand
      /// A second `>` in one command.
      case repeatedRedirection
      /// `2>`, `2>>`, `&>`, `>&`, `2>&1`, `N>` but `1>` (as typed): oesh writes no file for standard error.
      case standardErrorRedirection(String)
      /// sh's `>|` or `>>|` (as typed): oesh has `>` and `>>` only.
      case unknownRedirection(String)
    }
    var reason: Reason
    /// 1-based column (in characters) where the problem starts.
    var column: Int
  }

  /// Where a command's results go instead of standard output.
  struct Redirection: Equatable, Sendable {
    var path: String
    var append: Bool
  }

  /// One command of a line: its words, and where its results go.
  struct Command: Equatable, Sendable {
    var words: [String]
    var output: Redirection? = nil
  }

  /// The words of each command of `line` (redirections left out).
  static func split(_ line: String) throws(Failure) -> [[String]] {
    try commands(line).map(\.words)
  }

  /// The commands of `line`, each with a non-empty list of words.
  static func commands(_ line: String) throws(Failure) -> [Command] {
    var commands: [Command] = []
    var words: [String] = []
    var word = ""
    var inWord = false
    var quote: Character? = nil
    var quoteColumn = 0
    var escaping = false
    var column = 0
    // The redirection of the current command: its column, whether it appends, and its file once read.
    var redirection: (column: Int, append: Bool, path: String?)? = nil
    var previousWasRedirection = false
    // The previous character when it was neither quoted nor escaped; whether the word so far is digits
    // neither quoted nor escaped (sh's `2` of `2>`), and where it starts.
    var previousBare: Character? = nil
    var digitsOnly = false
    var wordColumn = 0
    /// sh's redirection of another stream, from `column`: refused, whatever follows.
    func otherStream(at column: Int) -> Failure {
      let chars = Array(line)
      var i = column - 1
      while i < chars.count, chars[i].isASCII, chars[i].isWholeNumber { i += 1 }
      if i < chars.count, chars[i] == "&" { i += 1 }
      while i < chars.count, chars[i] == ">" { i += 1 }
      if i < chars.count, chars[i] == "&" {
        i += 1
        while i < chars.count, chars[i].isASCII, chars[i].isWholeNumber || chars[i] == "-" { i += 1 }
      }
      return Failure(reason: .standardErrorRedirection(String(chars[(column - 1)..<i])), column: column)
    }

    func endWord() {
      if inWord {
        if let r = redirection, r.path == nil {
          redirection = (r.column, r.append, word)
        } else {
          words.append(word)
        }
      }
      word = ""
      inWord = false
    }
    func endCommand() throws(Failure) {
      endWord()
      if let r = redirection {
        guard r.path != nil else { throw Failure(reason: .redirectionWithoutFile, column: r.column) }
        guard !words.isEmpty else { throw Failure(reason: .redirectionWithoutCommand, column: r.column) }
      }
      if !words.isEmpty {
        commands.append(
          Command(words: words, output: redirection.map { Redirection(path: $0.path!, append: $0.append) }))
      }
      words = []
      redirection = nil
    }

    for ch in line {
      column += 1
      let afterRedirection = previousWasRedirection
      previousWasRedirection = false
      let previous = previousBare
      previousBare = nil
      if !inWord { (wordColumn, digitsOnly) = (column, true) }
      if escaping {
        escaping = false
        if quote == "\"" {
          // Inside double quotes only \" \\ and \$ are escapes; others stay literal, as in sh.
          if ch != "\"" && ch != "\\" { word.append("\\") }
        }
        word.append(ch)
        inWord = true
        digitsOnly = false
        continue
      }
      if let q = quote {
        if ch == q {
          quote = nil
        } else if ch == "\\" && q == "\"" {
          escaping = true
        } else {
          word.append(ch)
        }
        continue
      }
      defer { previousBare = ch }
      switch ch {
      case "\\":
        escaping = true
        inWord = true
        digitsOnly = false
      case "\"", "'":
        quote = ch
        quoteColumn = column
        inWord = true
        digitsOnly = false
      case ";":
        try endCommand()
      case "#" where !inWord:
        try endCommand()
        return commands
      case ">":
        // `2>`, `&>`: a word of bare digits, or a bare `&`, just before; `1>` is sh's `>`, its `1` no word.
        var start = column
        if inWord && digitsOnly {
          guard Int(word) == 1 else { throw otherStream(at: wordColumn) }
          (word, inWord, start) = ("", false, wordColumn)
        }
        if previous == "&" { throw otherStream(at: column - 1) }
        if afterRedirection, let r = redirection, !r.append, r.path == nil {
          redirection = (r.column, true, nil)
          continue
        }
        endWord()
        guard redirection == nil else { throw Failure(reason: .repeatedRedirection, column: start) }
        redirection = (start, false, nil)
        previousWasRedirection = true
      case " ", "\t", "\r", "\n":
        endWord()
      case "|" where previous == ">":
        // sh's `>|` (`>>|` in zsh): the `|` would be the file, the file a word.
        let start = redirection?.column ?? column - 1
        throw Failure(reason: .unknownRedirection(String(Array(line)[(start - 1)..<column])), column: start)
      case "&" where previous == ">":
        // `>&`, `2>&1`: the file of a `>` cannot be a stream.
        throw otherStream(at: redirection?.column ?? column - 1)
      default:
        word.append(ch)
        inWord = true
        if !(ch.isASCII && ch.isWholeNumber) { digitsOnly = false }
      }
    }
    // A last backslash, even inside "…", goes on with the next line (as in sh) before a quote is missing.
    if escaping { throw Failure(reason: .trailingBackslash, column: column) }
    if let q = quote { throw Failure(reason: .unterminatedQuote(q), column: quoteColumn) }
    try endCommand()
    return commands
  }

  /// Whether `line` ends with a backslash that goes on with the next line, as in sh: the two are one
  /// command, the backslash and the line break removed (`continued(_:with:)`).
  static func continues(_ line: String) -> Bool {
    do {
      _ = try commands(line)
      return false
    } catch {
      return error.reason == .trailingBackslash
    }
  }

  /// `line`, whose last backslash `continues` it, joined with the next one.
  static func continued(_ line: String, with next: String) -> String {
    String(line.dropLast()) + next
  }

  /// `first` with the lines `next` gives while it ends with a continuing backslash (or, when
  /// `quotesSpanLines`, inside quotes: the line break is then part of the word, as in `bash -c`), and
  /// how many lines were taken (for the line numbers of what follows).
  static func logicalLine(_ first: String, quotesSpanLines: Bool = false, next: () -> String?) -> (
    line: String, extraLines: Int
  ) {
    var line = first
    var extra = 0
    while true {
      var insideQuotes = false
      do {
        _ = try commands(line)
        return (line, extra)
      } catch {
        switch error.reason {
        case .trailingBackslash: break
        case .unterminatedQuote where quotesSpanLines: insideQuotes = true
        default: return (line, extra)
        }
      }
      guard let following = next() else { return (line, extra) }
      line = insideQuotes ? line + "\n" + following : continued(line, with: following)
      extra += 1
    }
  }

  /// Quotes `word` so that `split` gives it back as one word.
  static func quote(_ word: String) -> String {
    if !word.isEmpty && !word.contains(where: { " \t\"'\\;#>\n\r".contains($0) }) { return word }
    var out = "\""
    for ch in word {
      if ch == "\"" || ch == "\\" { out.append("\\") }
      out.append(ch)
    }
    out.append("\"")
    return out
  }

  /// The words of a partial line, for completion: the finished words, the one being typed
  /// (unquoted), how many characters it takes in the raw line (quotes and escapes included), and
  /// whether it is the file of a `>`.
  static func partialWords(_ line: String) -> (
    words: [String], current: String, rawCurrentLength: Int, isRedirection: Bool
  ) {
    var words: [String] = []
    var word = ""
    var inWord = false
    var quote: Character? = nil
    var escaping = false
    var raw = 0
    var redirection = false
    for ch in line {
      if escaping {
        escaping = false
        word.append(ch)
        raw += 1
        inWord = true
        continue
      }
      if let q = quote {
        raw += 1
        if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaping = true } else { word.append(ch) }
        continue
      }
      switch ch {
      case "\\": escaping = true; inWord = true; raw += 1
      case "\"", "'": quote = ch; inWord = true; raw += 1
      case ";": words = []; word = ""; inWord = false; raw = 0; redirection = false
      case ">":
        if inWord && !redirection { words.append(word) }
        redirection = true
        word = ""
        inWord = false
        raw = 0
      case " ", "\t":
        if inWord {
          if redirection { redirection = false } else { words.append(word) }
        }
        word = ""
        inWord = false
        raw = 0
      default: word.append(ch); inWord = true; raw += 1
      }
    }
    return (words, word, raw, redirection)
  }
}
