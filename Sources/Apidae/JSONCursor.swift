/// A validating pull parser over JSON bytes: reads the values Open Edit needs and skips the rest
/// while still checking their syntax, in one pass and without building a document tree.
///
/// Exports are mostly long texts that oesh does not use; skipping them byte by byte here is several
/// times faster than Foundation's `JSONDecoder`, which builds a map of the whole object first.
struct JSONCursor {
  let b: UnsafeBufferPointer<UInt8>
  var i: Int
  let end: Int

  /// A failure at byte `offset`: bad syntax, or valid JSON of the wrong shape.
  struct Failure: Error {
    var offset: Int
    var message: String
    var isSyntax: Bool
  }

  init(_ b: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
    self.b = b
    self.i = start
    self.end = end ?? b.count
  }

  static let maxDepth = 512

  func syntax(_ message: String, at offset: Int? = nil) -> Failure {
    let at = offset ?? i
    if at >= end { return Failure(offset: end, message: "unexpected end of data, \(message)", isSyntax: true) }
    return Failure(offset: at, message: message, isSyntax: true)
  }

  @inline(__always) mutating func skipSpace() {
    while i < end {
      let c = b[i]
      guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
      i += 1
    }
  }

  /// The next byte after white space, not consumed; nil at the end.
  @inline(__always) mutating func peek() -> UInt8? {
    skipSpace()
    return i < end ? b[i] : nil
  }

  // MARK: Containers

  /// Moves to the next member of the object whose `{` was consumed; returns its key's content range
  /// (without quotes), the cursor on its value, or nil after the closing `}`.
  mutating func nextMember(first: inout Bool) throws -> Range<Int>? {
    skipSpace()
    guard i < end else { throw syntax(first ? "expected a string key or '}'" : "expected ',' or '}'") }
    if b[i] == JSONScan.closeBrace {
      i += 1
      return nil
    }
    if first {
      first = false
    } else {
      guard b[i] == JSONScan.comma else { throw syntax("expected ',' or '}'") }
      i += 1
      skipSpace()
    }
    guard i < end, b[i] == JSONScan.quote else { throw syntax("expected a string key") }
    let start = i
    try skipString()
    let key = (start + 1)..<(i - 1)
    skipSpace()
    guard i < end, b[i] == JSONScan.colon else { throw syntax("expected ':'") }
    i += 1
    skipSpace()
    return key
  }

  /// Moves to the next element of the array whose `[` was consumed; false after the closing `]`.
  mutating func nextElement(first: inout Bool) throws -> Bool {
    skipSpace()
    guard i < end else { throw syntax(first ? "expected a value or ']'" : "expected ',' or ']'") }
    if b[i] == JSONScan.closeBracket {
      i += 1
      return false
    }
    if first {
      first = false
    } else {
      guard b[i] == JSONScan.comma else { throw syntax("expected ',' or ']'") }
      i += 1
      skipSpace()
    }
    return true
  }

  /// Are the keys at `a` and `b` one name? (Keys with escapes are decoded first: `"st\u0061te"` is `state`.)
  func sameKey(_ a: Range<Int>, _ other: Range<Int>) -> Bool {
    if b[a].elementsEqual(b[other]) { return true }
    guard b[a].contains(JSONScan.backslash) || b[other].contains(JSONScan.backslash) else { return false }
    return decodeString(a) == decodeString(other)
  }

  /// A key oesh reads given twice in one object (at `key`, the first at `first`): refused, as which value
  /// Apidae meant cannot be known; said at the second, with the first's line and column.
  func keyGivenTwice(_ key: Range<Int>, first: Range<Int>, path: String) -> Failure {
    let (line, column) = JSONScan.position(of: first.lowerBound - 1, in: b)
    return Failure(
      offset: key.lowerBound - 1, message: "\(path): key given twice (first at line \(line), column \(column))",
      isSyntax: false)
  }

  /// In JSON already decoded (an array of objects, or one object, as `communes.json`): the first key among
  /// `names` given twice in one of those objects, refused as `keyGivenTwice` says (`JSONDecoder` takes the
  /// first silently).
  static func repeatedKey(in bytes: [UInt8], among names: [StaticString]) -> Failure? {
    bytes.withUnsafeBufferPointer { b in
      var c = JSONCursor(b, from: JSONScan.afterBOM(b))
      func object(_ path: String) throws -> Failure? {
        c.i += 1
        var seen = [Range<Int>?](repeating: nil, count: names.count)
        var first = true
        while let key = try c.nextMember(first: &first) {
          if let k = names.firstIndex(where: { c.key(key, is: $0) }) {
            if let earlier = seen[k] { return c.keyGivenTwice(key, first: earlier, path: path + "\(names[k])") }
            seen[k] = key
          }
          try c.skipValue()
        }
        return nil
      }
      do {
        if c.peek() == JSONScan.openBrace { return try object("") }
        guard c.peek() == JSONScan.openBracket else { return nil }
        c.i += 1
        var first = true
        var index = 0
        while try c.nextElement(first: &first) {
          if c.peek() == JSONScan.openBrace {
            if let failure = try object("[\(index)].") { return failure }
          } else {
            try c.skipValue()
          }
          index += 1
        }
      } catch {}
      return nil
    }
  }

  /// Does the key at `range` equal `name`? (Keys with escapes are decoded first.)
  func key(_ range: Range<Int>, is name: StaticString) -> Bool {
    let n = name.utf8CodeUnitCount
    if range.count == n {
      let p = name.utf8Start
      var k = 0
      while k < n, b[range.lowerBound + k] == p[k] { k += 1 }
      if k == n { return true }
    }
    guard b[range].contains(JSONScan.backslash) else { return false }
    return decodeString(range) == name.description
  }

  // MARK: Skipping, with validation

  /// Skips one value, checking its syntax.
  mutating func skipValue(depth: Int = 0) throws {
    guard depth < JSONCursor.maxDepth else { throw syntax("nested too deeply") }
    skipSpace()
    guard i < end else { throw syntax("expected a value") }
    switch b[i] {
    case JSONScan.quote:
      try skipString()
    case JSONScan.openBrace:
      i += 1
      var first = true
      while try nextMember(first: &first) != nil { try skipValue(depth: depth + 1) }
    case JSONScan.openBracket:
      i += 1
      var first = true
      while try nextElement(first: &first) { try skipValue(depth: depth + 1) }
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try number()
    default: throw syntax("expected a value")
    }
  }

  mutating func literal(_ word: StaticString) throws {
    let n = word.utf8CodeUnitCount
    let p = word.utf8Start
    guard end - i >= n else { throw syntax("invalid literal (expected \(word))") }
    for k in 0..<n where b[i + k] != p[k] { throw syntax("invalid literal (expected \(word))") }
    i += n
  }

  @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

  /// Skips a number; returns whether it is a plain integer (no fraction, no exponent).
  mutating func number() throws -> Bool {
    let start = i
    if b[i] == UInt8(ascii: "-") { i += 1 }
    guard i < end, isDigit(b[i]) else { throw syntax("invalid number", at: start) }
    if b[i] == UInt8(ascii: "0") {
      i += 1
    } else {
      while i < end, isDigit(b[i]) { i += 1 }
    }
    var integer = true
    if i < end, b[i] == UInt8(ascii: ".") {
      i += 1
      guard i < end, isDigit(b[i]) else { throw syntax("invalid number", at: start) }
      while i < end, isDigit(b[i]) { i += 1 }
      integer = false
    }
    if i < end, b[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      if i < end, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
      guard i < end, isDigit(b[i]) else { throw syntax("invalid number", at: start) }
      while i < end, isDigit(b[i]) { i += 1 }
      integer = false
    }
    if i < end {
      let c = b[i]
      guard c == JSONScan.comma || c == JSONScan.closeBrace || c == JSONScan.closeBracket || JSONScan.isSpace(c)
      else { throw syntax("invalid number", at: start) }
    }
    return integer
  }

  /// Skips the string whose opening quote is at the cursor, checking escapes, control characters and UTF-8.
  mutating func skipString() throws {
    let start = i
    i += 1
    while true {
      // Plain ASCII runs: neither a quote, a backslash, a control character nor a non-ASCII byte;
      // eight bytes at a time while they last (long descriptions are most of an export).
      if let base = b.baseAddress {
        while i + 8 <= end, !ASCIIWord.mayEndPlainRun(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
          i += 8
        }
      }
      while i < end {
        let c = b[i]
        guard c &- 0x20 < 0x60, c != JSONScan.quote, c != JSONScan.backslash else { break }
        i += 1
      }
      guard i < end else { throw syntax("unterminated string", at: start) }
      let c = b[i]
      if c == JSONScan.quote {
        i += 1
        return
      }
      if c == JSONScan.backslash {
        guard i + 1 < end else { throw syntax("unterminated string", at: start) }
        switch b[i + 1] {
        case JSONScan.quote, JSONScan.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
          UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          i += 2
        case UInt8(ascii: "u"):
          guard let v = hex4(i + 2) else { throw syntax("invalid \\u escape") }
          if (0xDC00..<0xE000).contains(v) { throw syntax("invalid \\u escape (lone low surrogate)") }
          if (0xD800..<0xDC00).contains(v) {
            guard i + 12 <= end, b[i + 6] == JSONScan.backslash, b[i + 7] == UInt8(ascii: "u"),
              let low = hex4(i + 8), (0xDC00..<0xE000).contains(low)
            else { throw syntax("invalid \\u escape (lone high surrogate)") }
            i += 6
          }
          i += 6
        default:
          throw syntax("invalid escape in string")
        }
      } else if c < 0x20 {
        throw syntax("control character in string (must be escaped)")
      } else {
        try skipUTF8Scalar()
      }
    }
  }

  /// Checks one multi-byte UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF).
  private mutating func skipUTF8Scalar() throws {
    let c = b[i]
    var n = 0
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch c {
    case 0xC2...0xDF: n = 1
    case 0xE0:
      n = 2
      low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: n = 2
    case 0xED:
      n = 2
      high = 0x9F
    case 0xF0:
      n = 3
      low = 0x90
    case 0xF1...0xF3: n = 3
    case 0xF4:
      n = 3
      high = 0x8F
    default: throw syntax("invalid UTF-8")
    }
    guard i + n < end, b[i + 1] >= low, b[i + 1] <= high else { throw syntax("invalid UTF-8") }
    for k in stride(from: 2, through: n, by: 1) where b[i + k] & 0xC0 != 0x80 { throw syntax("invalid UTF-8") }
    i += n + 1
  }

  /// The 4 hex digits at `k`, if they are.
  private func hex4(_ k: Int) -> UInt32? {
    guard k + 4 <= end, let a = hex(k), let b = hex(k + 1), let c = hex(k + 2), let d = hex(k + 3) else { return nil }
    return a << 12 | b << 8 | c << 4 | d
  }

  private func hex(_ k: Int) -> UInt32? {
    let c = b[k]
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  // MARK: Reading values

  /// The kind of the value at the cursor, for shape errors.
  enum Kind { case string, number, object, array, bool, null, invalid }

  mutating func kind() -> Kind {
    guard let c = peek() else { return .invalid }
    switch c {
    case JSONScan.quote: return .string
    case JSONScan.openBrace: return .object
    case JSONScan.openBracket: return .array
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
    case UInt8(ascii: "n"): return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
    default: return .invalid
    }
  }

  /// Consumes a `null` if one is at the cursor.
  mutating func skipNull() throws -> Bool {
    guard peek() == UInt8(ascii: "n") else { return false }
    try literal("null")
    return true
  }

  /// The content range (without quotes) of the string at the cursor, or nil if it is not a string.
  mutating func stringRange() throws -> Range<Int>? {
    guard peek() == JSONScan.quote else { return nil }
    let start = i
    try skipString()
    return (start + 1)..<(i - 1)
  }

  /// The integer at the cursor, or nil if the value is not an integer number (the value is then not consumed).
  /// Like JSONDecoder, `12.0` and `5531e7` count as integers.
  mutating func integer() throws -> Int? {
    guard let c = peek(), c == UInt8(ascii: "-") || isDigit(c) else { return nil }
    let start = i
    guard try number() else {
      let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
      if let d = Double(text), let v = Int(exactly: d) { return v }
      i = start
      return nil
    }
    var value = 0
    var k = start
    let negative = b[k] == UInt8(ascii: "-")
    if negative { k += 1 }
    while k < i {
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (s, o2) =
        negative ? m.subtractingReportingOverflow(Int(b[k] - 48)) : m.addingReportingOverflow(Int(b[k] - 48))
      if o1 || o2 {
        i = start
        return nil
      }
      value = s
      k += 1
    }
    return value
  }

  /// The boolean at the cursor, or nil if it is not a boolean.
  mutating func boolean() throws -> Bool? {
    switch peek() {
    case UInt8(ascii: "t"):
      try literal("true")
      return true
    case UInt8(ascii: "f"):
      try literal("false")
      return false
    default: return nil
    }
  }

  /// Decodes a validated string's content (escapes resolved).
  func decodeString(_ range: Range<Int>) -> String {
    let raw = UnsafeBufferPointer(rebasing: b[range])
    guard raw.contains(JSONScan.backslash) else { return String(decoding: raw, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var k = range.lowerBound
    func appendScalar(_ v: UInt32) {
      let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
      out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
    while k < range.upperBound {
      let c = b[k]
      guard c == JSONScan.backslash else {
        out.append(c)
        k += 1
        continue
      }
      let e = b[k + 1]
      switch e {
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var v = hex4(k + 2) ?? 0xFFFD
        k += 6
        if (0xD800..<0xDC00).contains(v), k + 6 <= range.upperBound, b[k] == JSONScan.backslash,
          b[k + 1] == UInt8(ascii: "u")
        {
          if let low = hex4(k + 2), (0xDC00..<0xE000).contains(low) {
            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
            k += 6
          }
        }
        appendScalar(v)
        continue
      default: out.append(e)
      }
      k += 2
    }
    return String(decoding: out, as: UTF8.self)
  }
}
