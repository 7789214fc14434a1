import Foundation

/// Byte-level JSON helpers: a fast splitter of a top-level array into element ranges (so each
/// object's raw bytes are kept exactly), and, on the error path only, a validating parser and a
/// locator that turn a decoding failure into a line and column.
enum JSONScan {
  static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
  static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
  static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
  static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")

  /// The shape of an entry's top level, with byte ranges of the values.
  enum TopLevel: Equatable {
    case array([Range<Int>])
    case object(Range<Int>)
  }

  @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
    c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
  }

  @inline(__always) static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
    while i < b.count, isSpace(b[i]) { i += 1 }
  }

  /// Index of the first byte after a UTF-8 byte order mark, if any.
  static func afterBOM(_ b: UnsafeBufferPointer<UInt8>) -> Int {
    b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
  }

  /// Splits a top-level array into its elements' ranges, or returns the range of a top-level object.
  /// Returns nil when the bytes are not well formed at the top level or are a scalar; the caller then
  /// asks `firstSyntaxError` where. Inner well-formedness is left to the decoder of each element.
  static func splitTopLevel(_ b: UnsafeBufferPointer<UInt8>) -> TopLevel? {
    var i = afterBOM(b)
    skipSpace(b, &i)
    guard i < b.count else { return nil }
    if b[i] == openBrace {
      guard let end = skipValue(b, i) else { return nil }
      var j = end
      skipSpace(b, &j)
      return j == b.count ? .object(i..<end) : nil
    }
    guard b[i] == openBracket else { return nil }
    i += 1
    var ranges: [Range<Int>] = []
    skipSpace(b, &i)
    if i < b.count, b[i] == closeBracket {
      i += 1
    } else {
      while true {
        guard i < b.count, let end = skipValue(b, i) else { return nil }
        ranges.append(i..<end)
        i = end
        skipSpace(b, &i)
        guard i < b.count else { return nil }
        if b[i] == comma {
          i += 1
          skipSpace(b, &i)
        } else if b[i] == closeBracket {
          i += 1
          break
        } else {
          return nil
        }
      }
    }
    skipSpace(b, &i)
    return i == b.count ? .array(ranges) : nil
  }

  /// The index just after the value starting at `i`, trusting its inner structure (no validation).
  static func skipValue(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
    var i = start
    guard i < b.count else { return nil }
    let c = b[i]
    if c == quote { return skipString(b, i) }
    if c == openBrace || c == openBracket {
      var depth = 0
      while i < b.count {
        let c = b[i]
        if c == quote {
          guard let end = skipString(b, i) else { return nil }
          i = end
          continue
        }
        if c == openBrace || c == openBracket {
          depth += 1
        } else if c == closeBrace || c == closeBracket {
          depth -= 1
          if depth == 0 { return i + 1 }
        }
        i += 1
      }
      return nil
    }
    // A number or a literal: up to the next delimiter.
    while i < b.count {
      let c = b[i]
      if c == comma || c == closeBracket || c == closeBrace || isSpace(c) || c == colon { break }
      i += 1
    }
    return i > start ? i : nil
  }

  /// The index just after the string whose opening quote is at `i`.
  @inline(__always) static func skipString(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
    guard let base = b.baseAddress else { return nil }
    var j = i + 1
    while j < b.count {
      guard let p = memchr(base + j, Int32(quote), b.count - j) else { return nil }
      let q = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
      // The quote ends the string unless an odd run of backslashes precedes it.
      var k = q - 1
      while k > i, b[k] == backslash { k -= 1 }
      if (q - 1 - k) % 2 == 0 { return q + 1 }
      j = q + 1
    }
    return nil
  }
}

// MARK: - Error path: where exactly

extension JSONScan {
  /// A syntax error: byte offset and what was expected.
  struct SyntaxError: Error {
    var offset: Int
    var message: String
  }

  /// Validates `b[range]` as one complete JSON text; returns the first error, or nil when valid.
  static func firstSyntaxError(_ b: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> SyntaxError? {
    var p = Validator(b: b, i: range.lowerBound, end: range.upperBound)
    do {
      if p.i == 0 { p.i = afterBOM(b) }
      p.space()
      try p.value(depth: 0)
      p.space()
      if p.i < p.end { throw SyntaxError(offset: p.i, message: "unexpected data after the end of the JSON value") }
      return nil
    } catch let error as SyntaxError {
      return error
    } catch {
      return SyntaxError(offset: p.i, message: "\(error)")
    }
  }

  private struct Validator {
    let b: UnsafeBufferPointer<UInt8>
    var i: Int
    let end: Int

    mutating func space() { while i < end, JSONScan.isSpace(b[i]) { i += 1 } }

    func fail(_ message: String, at offset: Int? = nil) -> SyntaxError {
      let at = offset ?? i
      if at >= end { return SyntaxError(offset: end, message: "unexpected end of data, \(message)") }
      return SyntaxError(offset: at, message: message)
    }

    mutating func value(depth: Int) throws {
      guard depth < 512 else { throw fail("nested too deeply") }
      guard i < end else { throw fail("expected a value") }
      switch b[i] {
      case openBrace:
        i += 1
        space()
        if i < end, b[i] == closeBrace {
          i += 1
          return
        }
        while true {
          space()
          guard i < end, b[i] == quote else { throw fail("expected a string key") }
          try string()
          space()
          guard i < end, b[i] == colon else { throw fail("expected ':'") }
          i += 1
          space()
          try value(depth: depth + 1)
          space()
          guard i < end else { throw fail("expected ',' or '}'") }
          if b[i] == comma {
            i += 1
          } else if b[i] == closeBrace {
            i += 1
            return
          } else {
            throw fail("expected ',' or '}'")
          }
        }
      case openBracket:
        i += 1
        space()
        if i < end, b[i] == closeBracket {
          i += 1
          return
        }
        while true {
          space()
          try value(depth: depth + 1)
          space()
          guard i < end else { throw fail("expected ',' or ']'") }
          if b[i] == comma {
            i += 1
          } else if b[i] == closeBracket {
            i += 1
            return
          } else {
            throw fail("expected ',' or ']'")
          }
        }
      case quote:
        try string()
      case UInt8(ascii: "t"): try literal("true")
      case UInt8(ascii: "f"): try literal("false")
      case UInt8(ascii: "n"): try literal("null")
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
      default: throw fail("expected a value")
      }
    }

    mutating func literal(_ word: String) throws {
      let start = i
      let expected = Array(word.utf8)
      let n = expected.count
      guard end - i >= n, (0..<n).allSatisfy({ b[i + $0] == expected[$0] }) else {
        throw fail("invalid literal (expected \(word))", at: start)
      }
      i += n
    }

    mutating func digits() -> Int {
      let start = i
      while i < end, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
      return i - start
    }

    mutating func number() throws {
      let start = i
      if b[i] == UInt8(ascii: "-") { i += 1 }
      guard i < end, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else {
        throw fail("invalid number", at: start)
      }
      if b[i] == UInt8(ascii: "0") {
        i += 1
      } else {
        _ = digits()
      }
      if i < end, b[i] == UInt8(ascii: ".") {
        i += 1
        guard digits() > 0 else { throw fail("invalid number", at: start) }
      }
      if i < end, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
        i += 1
        if i < end, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() > 0 else { throw fail("invalid number", at: start) }
      }
      if i < end, !JSONScan.isSpace(b[i]), ![comma, closeBrace, closeBracket, colon].contains(b[i]) {
        throw fail("invalid number", at: start)
      }
    }

    mutating func string() throws {
      let start = i
      i += 1
      while i < end {
        let c = b[i]
        switch c {
        case quote:
          i += 1
          return
        case backslash:
          guard i + 1 < end else { throw fail("unterminated string", at: start) }
          let e = b[i + 1]
          if e == UInt8(ascii: "u") {
            guard i + 6 <= end, (2..<6).allSatisfy({ isHex(b[i + $0]) }) else { throw fail("invalid \\u escape") }
            i += 6
          } else if [
            quote, backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
            UInt8(ascii: "r"), UInt8(ascii: "t"),
          ].contains(e) {
            i += 2
          } else {
            throw fail("invalid escape in string")
          }
        case 0..<0x20:
          throw fail("control character in string (must be escaped)")
        case 0x80...:
          let n: Int
          switch c {
          case 0xC2...0xDF: n = 1
          case 0xE0...0xEF: n = 2
          case 0xF0...0xF4: n = 3
          default: throw fail("invalid UTF-8")
          }
          guard i + n < end, (1...n).allSatisfy({ b[i + $0] & 0xC0 == 0x80 }) else { throw fail("invalid UTF-8") }
          i += n + 1
        default:
          i += 1
        }
      }
      throw fail("unterminated string", at: start)
    }

    func isHex(_ c: UInt8) -> Bool {
      (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
        || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
    }
  }

  /// The offset of the value at `path` inside the value starting at `start` (skipping leading space),
  /// or of the deepest value reached. Used to place a decoding error.
  static func locate(_ path: [any CodingKey], in b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var i = start
    skipSpace(b, &i)
    for key in path {
      guard i < b.count else { return i }
      if let index = key.intValue, b[i] == openBracket {
        var j = i + 1
        skipSpace(b, &j)
        var n = 0
        while n < index {
          guard let after = skipValue(b, j) else { return i }
          j = after
          skipSpace(b, &j)
          guard j < b.count, b[j] == comma else { return i }
          j += 1
          skipSpace(b, &j)
          n += 1
        }
        i = j
      } else if b[i] == openBrace {
        var j = i + 1
        var found = false
        while !found {
          skipSpace(b, &j)
          guard j < b.count, b[j] == quote, let keyEnd = skipString(b, j) else { return i }
          let name = decodeString(b, j..<keyEnd)
          j = keyEnd
          skipSpace(b, &j)
          guard j < b.count, b[j] == colon else { return i }
          j += 1
          skipSpace(b, &j)
          if name == key.stringValue {
            found = true
          } else {
            guard let after = skipValue(b, j) else { return i }
            j = after
            skipSpace(b, &j)
            guard j < b.count, b[j] == comma else { return i }
            j += 1
          }
        }
        i = j
      } else {
        return i
      }
    }
    return i
  }

  /// The Swift string of the JSON string literal at `range` (quotes included).
  static func decodeString(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
    let inner = UnsafeBufferPointer(rebasing: b[(range.lowerBound + 1)..<(range.upperBound - 1)])
    if !inner.contains(backslash) { return String(decoding: inner, as: UTF8.self) }
    return try? JSONDecoder().decode(String.self, from: Data(UnsafeBufferPointer(rebasing: b[range])))
  }

  /// 1-based line and column (in characters) of byte `offset`.
  static func position(of offset: Int, in b: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
    let offset = min(max(offset, 0), b.count)
    var line = 1
    var lineStart = 0
    for k in 0..<offset where b[k] == 0x0A {
      line += 1
      lineStart = k + 1
    }
    var column = 1
    for k in lineStart..<offset where b[k] & 0xC0 != 0x80 { column += 1 }
    return (line, column)
  }
}
