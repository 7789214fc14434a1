import Foundation

/// Splits a line of the command language into commands and words.
///
/// `;` separates commands, `#` starts a comment (outside quotes, at the start of a word),
/// `"…"` and `'…'` quote, and a backslash escapes the next character (inside `"…"` and bare words);
/// `$'…'` quotes with bash's escapes (`\e`, `\n`, `\u202E`…), the form TAB inserts a name holding controls in.
/// `> FILE` (or `>> FILE`, to append; `1>` and `1>>` alike) sends a command's results to a file, as in sh;
/// sh's redirections of other streams (`2>`, `&>`, `>&`, `2>&1`) and its `>|` are refused rather than read
/// as a word and a `>`. A word that is a bare `~`, or starts with a bare `~/`, is the home folder there
/// (`$HOME`), as sh expands it: `import ~/exports/x.zip`, `fiches > ~/fiches.csv`; quoted, it stays `~`.
enum Tokenizer {
  struct Failure: Error, Equatable, Sendable {
    enum Reason: Equatable, Sendable {
      case unterminatedQuote(Character), trailingBackslash
      /// `>` with no file after it (or an empty name, `> ""`), or with no command before it.
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
    // Inside `$'…'` (quote is "$"): its text so far, read whole at its closing quote.
    var ansiText = ""
    var column = 0
    // The redirection of the current command: its column, whether it appends, and its file once read.
    var redirection: (column: Int, append: Bool, path: String?)? = nil
    var previousWasRedirection = false
    // The previous character when it was neither quoted nor escaped; whether the word so far is digits
    // neither quoted nor escaped (sh's `2` of `2>`), and where it starts.
    var previousBare: Character? = nil
    var digitsOnly = false
    var wordColumn = 0
    // Whether the word starts with a bare `~`, nothing quoted or escaped before its first `/`: sh's tilde.
    var tilde = false
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
      if inWord, tilde, word == "~" || word.hasPrefix("~/"), let home = homeFolder() {
        word = home + word.dropFirst()
      }
      tilde = false
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
    /// A quote or an escape in `~`'s part of the word (`"~"/x`, `~"/x"`, `\~/x`) keeps it a `~`, as in sh.
    func quotesTilde() {
      if tilde && !word.contains("/") { tilde = false }
    }
    func endCommand() throws(Failure) {
      endWord()
      if let r = redirection {
        // An empty name (`> ""`) names no file either.
        guard r.path?.isEmpty == false else { throw Failure(reason: .redirectionWithoutFile, column: r.column) }
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
      if quote == "$" {
        if ch == "'" && !ANSIQuote.endsInEscape(ansiText) {
          word += ANSIQuote.decoded(ansiText)
          quote = nil
        } else {
          ansiText.append(ch)
        }
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
        quotesTilde()
        escaping = true
        inWord = true
        digitsOnly = false
      case "'" where previous == "$":
        quotesTilde()
        word.removeLast()
        (quote, ansiText) = ("$", "")
        quoteColumn = column - 1
      case "\"", "'":
        quotesTilde()
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
        if !inWord && ch == "~" { tilde = true }
        word.append(ch)
        inWord = true
        if !(ch.isASCII && ch.isWholeNumber) { digitsOnly = false }
      }
    }
    // A last backslash, even inside "…", goes on with the next line (as in sh) before a quote is missing.
    if escaping { throw Failure(reason: .trailingBackslash, column: column) }
    if let q = quote { throw Failure(reason: .unterminatedQuote(q == "$" ? "'" : q), column: quoteColumn) }
    try endCommand()
    return commands
  }

  /// The home folder a bare `~` names: `$HOME`, else the user's in the system's accounts.
  static func homeFolder() -> String? {
    if let home = environmentValue("HOME") { return home }
    guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return nil }
    let path = String(cString: dir)
    return path.isEmpty ? nil : path
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

  /// Quotes `word` so that `split` gives it back as one word: `$'…'` when it holds a control character, a
  /// line separator or an invisible format character (a bidirectional override, a zero-width space), so
  /// that the line stays one line and shows what it holds.
  static func quote(_ word: String) -> String {
    if word.unicodeScalars.contains(where: ANSIQuote.isEscaped) { return ANSIQuote.quoted(word) }
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
    var ansiText: String? = nil  // inside `$'…'`: its text so far
    var previousBare: Character? = nil
    for ch in line {
      let previous = previousBare
      previousBare = nil
      if let text = ansiText {
        raw += 1
        if ch == "'" && !ANSIQuote.endsInEscape(text) {
          word += ANSIQuote.decoded(text)
          ansiText = nil
        } else {
          ansiText = text + String(ch)
        }
        continue
      }
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
      previousBare = ch
      switch ch {
      case "\\": escaping = true; inWord = true; raw += 1
      case "'" where previous == "$": word.removeLast(); ansiText = ""; raw += 1
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
    return (words, word + ANSIQuote.decoded(ansiText ?? ""), raw, redirection)
  }
}

/// bash's `$'…'` quoting: the escapes a word holding controls is written with, and read back.
enum ANSIQuote {
  /// The scalars written as an escape: controls (C0, DEL, C1), line and paragraph separators, and
  /// invisible format characters (bidirectional controls, zero-width spaces, soft hyphens).
  static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
  }

  private static let named: [Unicode.Scalar: Character] = [
    "\u{07}": "a", "\u{08}": "b", "\u{1B}": "e", "\u{0C}": "f", "\n": "n", "\r": "r", "\t": "t", "\u{0B}": "v",
    "\\": "\\", "'": "'",
  ]

  /// `word` as `$'…'`: `\e`, `\n`… for the usual controls, `\uXXXX` (`\UXXXXXXXX` past U+FFFF) for the others.
  static func quoted(_ word: String) -> String {
    var out = "$'"
    for scalar in word.unicodeScalars {
      if let letter = named[scalar] {
        out += "\\" + String(letter)
      } else if isEscaped(scalar) {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out +=
          scalar.value > 0xFFFF
          ? "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
          : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out + "'"
  }

  /// Whether `text` ends with a backslash that escapes what comes next (the quote, then, is no end).
  static func endsInEscape(_ text: String) -> Bool {
    text.reversed().prefix { $0 == "\\" }.count % 2 == 1
  }

  /// The text between `$'` and `'` read as bash reads it: `\a \b \e \E \f \n \r \t \v \\ \' \"`, `\xHH`,
  /// `\uHHHH`, `\UHHHHHHHH`; any other backslash stays with the character after it.
  static func decoded(_ text: String) -> String {
    let letters: [Character: Unicode.Scalar] = [
      "a": "\u{07}", "b": "\u{08}", "e": "\u{1B}", "E": "\u{1B}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t",
      "v": "\u{0B}", "\\": "\\", "'": "'", "\"": "\"",
    ]
    let digits: [Character: Int] = ["x": 2, "u": 4, "U": 8]
    var out = String.UnicodeScalarView()
    var chars = Array(text)[...]
    while let ch = chars.popFirst() {
      guard ch == "\\", let next = chars.first else {
        out.append(contentsOf: ch.unicodeScalars)
        continue
      }
      if let scalar = letters[next] {
        chars.removeFirst()
        out.append(scalar)
      } else if let most = digits[next] {
        let hex = chars.dropFirst().prefix(most).prefix { $0.isHexDigit }
        guard !hex.isEmpty, let value = UInt32(String(hex), radix: 16) else {
          out.append("\\")
          continue
        }
        chars.removeFirst(1 + hex.count)
        out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
      } else {
        out.append("\\")
      }
    }
    return String(out)
  }
}
