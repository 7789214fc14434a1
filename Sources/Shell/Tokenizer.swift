/// Splits a line of the command language into commands and words.
///
/// `;` separates commands, `#` starts a comment (outside quotes, at the start of a word),
/// `"…"` and `'…'` quote, and a backslash escapes the next character (inside `"…"` and bare words).
public enum Tokenizer {
  public struct Failure: Error, Equatable, Sendable {
    public enum Reason: Equatable, Sendable { case unterminatedQuote(Character), trailingBackslash }
    public var reason: Reason
    /// 1-based column (in characters) where the problem starts.
    public var column: Int
  }

  /// The commands of `line`, each a non-empty list of words.
  public static func split(_ line: String) throws(Failure) -> [[String]] {
    var commands: [[String]] = []
    var words: [String] = []
    var word = ""
    var inWord = false
    var quote: Character? = nil
    var quoteColumn = 0
    var escaping = false
    var column = 0

    func endWord() {
      if inWord { words.append(word) }
      word = ""
      inWord = false
    }
    func endCommand() {
      endWord()
      if !words.isEmpty { commands.append(words) }
      words = []
    }

    for ch in line {
      column += 1
      if escaping {
        escaping = false
        if quote == "\"" {
          // Inside double quotes only \" \\ and \$ are escapes; others stay literal, as in sh.
          if ch != "\"" && ch != "\\" { word.append("\\") }
        }
        word.append(ch)
        inWord = true
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
      switch ch {
      case "\\":
        escaping = true
        inWord = true
      case "\"", "'":
        quote = ch
        quoteColumn = column
        inWord = true
      case ";":
        endCommand()
      case "#" where !inWord:
        endCommand()
        return commands
      case " ", "\t", "\r", "\n":
        endWord()
      default:
        word.append(ch)
        inWord = true
      }
    }
    if let q = quote { throw Failure(reason: .unterminatedQuote(q), column: quoteColumn) }
    if escaping { throw Failure(reason: .trailingBackslash, column: column) }
    endCommand()
    return commands
  }

  /// Quotes `word` so that `split` gives it back as one word.
  public static func quote(_ word: String) -> String {
    if !word.isEmpty && !word.contains(where: { " \t\"'\\;#\n\r".contains($0) }) { return word }
    var out = "\""
    for ch in word {
      if ch == "\"" || ch == "\\" { out.append("\\") }
      out.append(ch)
    }
    out.append("\"")
    return out
  }

  /// The words of a partial line, for completion: the finished words, the one being typed
  /// (unquoted), and how many characters it takes in the raw line (quotes and escapes included).
  public static func partialWords(_ line: String) -> (words: [String], current: String, rawCurrentLength: Int) {
    var words: [String] = []
    var word = ""
    var inWord = false
    var quote: Character? = nil
    var escaping = false
    var raw = 0
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
      case ";": words = []; word = ""; inWord = false; raw = 0
      case " ", "\t":
        if inWord { words.append(word) }
        word = ""
        inWord = false
        raw = 0
      default: word.append(ch); inWord = true; raw += 1
      }
    }
    return (words, word, raw)
  }
}
