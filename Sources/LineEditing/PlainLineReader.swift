import Foundation

/// Reads standard input when it is not a terminal (a pipe, a file): no prompt, no echo, and no
/// history file, so that a script never lands in the user's history.
public final class PlainLineReader: LineReader {
  /// The lines of this run, for the `history` command; never written anywhere.
  public private(set) var history: [String] = []

  /// The last line read was not UTF-8 (it is returned repaired, U+FFFD for each bad byte): the caller
  /// refuses it, as `-f` refuses such a file, rather than storing the damage.
  public private(set) var lastLineIsNotUTF8 = false
  private var firstLine = true

  /// Why standard input stopped, when a read failed (`errno`'s code: a folder, a closed descriptor);
  /// the lines read before it are returned, then the end, which is no script's end then.
  public private(set) var readError: Int32?

  /// The last line read ran past `lineLimit` without an end (`oesh < /dev/zero`, a binary file): it is
  /// returned cut there, and the input is read no further, rather than until the memory runs out.
  public private(set) var lastLineIsTooLong = false
  /// The most a line may hold, as much as a whole script file may (`Interpreter.scriptSizeLimit`).
  public static let lineLimit = 64 << 20

  public init() {}

  public func readLine(prompt: String) -> ReadResult {
    guard var bytes = nextLine() else { return .eof }
    // Cut, and refused by the caller: not decoded.
    if lastLineIsTooLong { return .line("") }
    // A byte order mark opens some files saved on Windows: it is no part of the first command.
    if firstLine, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    firstLine = false
    let valid = String(validating: bytes, as: UTF8.self)
    lastLineIsNotUTF8 = valid == nil
    return .line(valid ?? String(decoding: bytes, as: UTF8.self))
  }

  /// Standard input's bytes read, 64 KB at a time, from `start` on not returned yet.
  private var pending: [UInt8] = []
  private var start = 0
  private var ended = false

  /// The index of the first LF or CR of `bytes` from `start` on, by `memchr`: a line of megabytes is
  /// searched at the memory's pace, not one closure call a byte (12 s for 64 MB in a debug build).
  private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int? {
    bytes.withUnsafeBufferPointer { buffer -> Int? in
      guard start < buffer.count, let base = buffer.baseAddress else { return nil }
      let origin = UnsafeRawPointer(base)
      let lf = memchr(origin + start, 0x0A, buffer.count - start).map { UnsafeRawPointer($0) - origin }
      // A CR before the LF (or before the end when there is none), searched up to there only.
      let cr = memchr(origin + start, 0x0D, (lf ?? buffer.count) - start).map { UnsafeRawPointer($0) - origin }
      return cr ?? lf
    }
  }

  /// The next line's bytes without its line end (LF, CRLF or a lone CR, as `-f` reads a file); nil at
  /// the end of input. A CR last in what was read waits for the next byte: it may be a CRLF's half.
  private func nextLine() -> [UInt8]? {
    var searched = start
    while true {
      if let end = Self.lineEnd(in: pending, from: searched),
        pending[end] == UInt8(ascii: "\n") || end + 1 < pending.count || ended
      {
        let line = Array(pending[start..<end])
        let crlf =
          pending[end] == UInt8(ascii: "\r") && end + 1 < pending.count && pending[end + 1] == UInt8(ascii: "\n")
        start = end + (crlf ? 2 : 1)
        return line
      }
      if !ended && pending.count - start > Self.lineLimit {
        lastLineIsTooLong = true
        ended = true
      }
      if ended {
        guard start < pending.count else { return nil }
        defer { start = pending.count }
        return Array(pending[start...])
      }
      // What is left is moved to the front before more is read: each byte moves at most once per read.
      // A CR last is searched again once the byte after it is there.
      let crLast = pending.last == UInt8(ascii: "\r") && pending.count > start
      pending.removeSubrange(..<start)
      start = 0
      searched = crLast ? pending.count - 1 : pending.count
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let n = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 { readError = errno }
      if n <= 0 {
        ended = true
      } else {
        pending += chunk.prefix(n)
      }
    }
  }

  public func addHistory(_ line: String) {
    guard !line.allSatisfy(\.isWhitespace), history.last != line else { return }
    history.append(line)
  }

  /// No file, so never a problem with it.
  public var historyProblem: HistoryFileProblem? { nil }
}
