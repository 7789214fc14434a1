/// Reads standard input when it is not a terminal (a pipe, a file): no prompt, no echo, and no
/// history file, so that a script never lands in the user's history.
public final class PlainLineReader: LineReader {
  /// The lines of this run, for the `history` command; never written anywhere.
  public private(set) var history: [String] = []

  public init() {}

  public func readLine(prompt: String) -> ReadResult {
    guard var line = Swift.readLine(strippingNewline: true) else { return .eof }
    if line.hasSuffix("\r") { line.removeLast() }
    return .line(line)
  }

  public func addHistory(_ line: String) {
    guard !line.allSatisfy(\.isWhitespace), history.last != line else { return }
    history.append(line)
  }

  public func saveHistory() {}
}
