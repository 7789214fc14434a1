// Interim plain reader until the libedit branch lands (removed at merge).
public final class PlainLineReader: LineReader {
  public private(set) var history: [String] = []
  public init() {}
  public func readLine(prompt: String) -> ReadResult {
    guard var line = Swift.readLine(strippingNewline: true) else { return .eof }
    if line.hasSuffix("\r") { line.removeLast() }
    return .line(line)
  }
  public func addHistory(_ line: String) { history.append(line) }
  public func saveHistory() {}
}
public func makeLineReader(historyFile: Any?, completion: CompletionProvider?) -> LineReader { PlainLineReader() }
