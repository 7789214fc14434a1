import Foundation

/// Byte-level JSON helpers for the error path and the writer: a locator that turns a decoding
/// failure's coding path into a position, a line and column counter, and a non-validating skip.
enum JSONScan {
  static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
  static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
  static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
  static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")

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
    var cursor = JSONCursor(b, from: range.lowerBound == 0 ? afterBOM(b) : range.lowerBound, to: range.upperBound)
    do {
      try cursor.skipValue()
      cursor.skipSpace()
      if cursor.i < cursor.end {
        return SyntaxError(offset: cursor.i, message: "unexpected data after the end of the JSON value")
      }
      return nil
    } catch let failure as JSONCursor.Failure {
      return SyntaxError(offset: failure.offset, message: failure.message)
    } catch {
      return SyntaxError(offset: cursor.i, message: "\(error)")
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
