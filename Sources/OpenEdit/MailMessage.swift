import Foundation

/// An e-mail as written to `outbox/`: RFC 5322 with MIME, UTF-8 text in quoted-printable, CRLF lines.
///
/// Every header value built from data (names, subject) goes through `MailEncoding`: control
/// characters and escape sequences are removed and non-ASCII text becomes RFC 2047 encoded-words,
/// so nothing from an export can start or break a header line (DESIGN.md §6).
struct MailMessage: Sendable, Equatable {
  /// The Date header's value, e.g. `Tue, 04 Mar 2025 10:15:00 +0100`.
  var date: String
  /// `<token@domain>`.
  var messageId: String
  var from: MailAddress
  var to: MailAddress
  var subject: String
  var body: String
  /// The fiche's own address when `mail.redirect` sent the message elsewhere.
  var redirectedFrom: String?

  /// The message's bytes, headers then body, every line ending in CRLF.
  func rendered() -> [UInt8] {
    var lines = [
      "Date: \(date)",
      MailEncoding.fold("From", MailEncoding.mailbox(from)),
      MailEncoding.fold("To", MailEncoding.mailbox(to)),
      MailEncoding.fold("Subject", MailEncoding.unstructured(subject)),
      "Message-ID: \(messageId)",
    ]
    if let redirectedFrom {
      lines.append("X-Oesh-Redirected-From: <\(MailAddress.asciiForm(redirectedFrom) ?? redirectedFrom)>")
    }
    lines += [
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      MailEncoding.quotedPrintable(body),
    ]
    return Array(lines.joined(separator: "\r\n").utf8)
  }
}

/// The encodings an e-mail needs, kept apart so that each can be tested on hostile text.
enum MailEncoding {
  /// Longest encoded-word written: short enough to follow `Subject: ` on a line under 78 characters.
  static let encodedWordLimit = 60

  /// One line of plain text: escape sequences removed, other control characters and line
  /// separators turned into spaces, runs of whitespace collapsed, ends trimmed.
  static func singleLine(_ text: String) -> String {
    cleaned(text, keepNewlines: false)
      .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// Text of several lines (a template's body): like `singleLine` but newlines (any convention) are kept
  /// as `\n` and tabs are kept.
  static func multiLine(_ text: String) -> String {
    cleaned(text, keepNewlines: true)
  }

  private static func cleaned(_ text: String, keepNewlines: Bool) -> String {
    let text = keepNewlines ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    var out = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
      if let p = pending {
        pending = nil
        return p
      }
      return scalars.next()
    }
    while let s = next() {
      switch s.value {
      case 0x1B:  // ESC: drop the whole sequence
        guard let kind = next() else { break }
        if kind == "[" {
          skipControlSequence(next)
        } else if kind == "]" || kind == "P" || kind == "_" || kind == "^" {
          skipString(next)
        }
      case 0x9B: skipControlSequence(next)
      case 0x9D, 0x90, 0x9E, 0x9F: skipString(next)
      case 0x0A, 0x0D:
        out.append(keepNewlines ? "\n" : " ")
      case 0x09: out.append(keepNewlines ? "\t" : " ")
      case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029:
        out.append(" ")
      default:
        out.append(s)
      }
    }
    return String(out)
  }

  /// CSI: parameter and intermediate bytes up to a final byte in 0x40–0x7E.
  private static func skipControlSequence(_ next: () -> Unicode.Scalar?) {
    while let c = next() {
      if (0x40...0x7E).contains(c.value) || c.value < 0x20 || c.value > 0x7E { return }
    }
  }

  /// OSC, DCS and the like: up to BEL or ST (`ESC \` or 0x9C).
  private static func skipString(_ next: () -> Unicode.Scalar?) {
    while let c = next() {
      if c.value == 0x07 || c.value == 0x9C { return }
      if c.value == 0x1B {
        _ = next()
        return
      }
    }
  }

  /// The tokens of an unstructured header (Subject): plain ASCII words as they are, runs of other words
  /// as encoded-words. Whitespace between two encoded-words is dropped by readers, so a run keeps its
  /// spaces inside the encoding.
  static func unstructured(_ text: String) -> [String] {
    var tokens: [String] = []
    var run: [Substring] = []
    func flush() {
      if !run.isEmpty { tokens += encodedWords(run.joined(separator: " ")) }
      run = []
    }
    for word in singleLine(text).split(separator: " ") {
      if isPlain(word) {
        flush()
        tokens.append(String(word))
      } else {
        run.append(word)
      }
    }
    flush()
    return tokens
  }

  /// A mailbox's tokens: the display name (atoms, a quoted-string, or encoded-words) then `<address>`.
  static func mailbox(_ box: MailAddress) -> [String] {
    let name = singleLine(box.name ?? "")
    let address = "<\(box.headerAddress)>"
    if name.isEmpty { return [address] }
    if name.allSatisfy({ $0 == " " || atext.contains($0) }), name.split(separator: " ").allSatisfy(isPlain) {
      return name.split(separator: " ").map(String.init) + [address]
    }
    if name.allSatisfy({ $0.isASCII && !$0.isNewline }), name.utf8.count <= encodedWordLimit - 2, !name.contains("=?") {
      let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      return ["\"\(quoted)\"", address]
    }
    return phrase(name) + [address]
  }

  /// A display name's tokens: atoms as they are, runs of other words as encoded-words. Encoded-words are
  /// split at spaces, the space kept at the end of the first one: readers differ on the whitespace between
  /// two encoded-words in a phrase (RFC 2047 drops it, Python keeps it), so splits are avoided where a run fits.
  private static func phrase(_ name: String) -> [String] {
    var tokens: [String] = []
    var run: [Substring] = []
    func flush() {
      if !run.isEmpty { tokens += encodedWords(run.joined(separator: " "), splittingAtSpaces: true) }
      run = []
    }
    for word in name.split(separator: " ") {
      if isPlain(word), word.allSatisfy(atext.contains) {
        flush()
        tokens.append(String(word))
      } else {
        run.append(word)
      }
    }
    flush()
    return tokens
  }

  private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-")

  /// An ASCII word that can stand as it is in a header: printable, short, not looking like an encoded-word.
  private static func isPlain(_ word: Substring) -> Bool {
    word.utf8.count <= encodedWordLimit && word.utf8.allSatisfy { (0x21...0x7E).contains($0) }
      && !word.contains("=?")
  }

  /// `=?UTF-8?B?…?=` words of at most `encodedWordLimit` characters, each holding whole characters;
  /// with `splittingAtSpaces`, a word ends after a space when it can.
  static func encodedWords(_ text: String, splittingAtSpaces: Bool = false) -> [String] {
    let maxBytes = (encodedWordLimit - "=?UTF-8?B??=".count) / 4 * 3
    var words: [String] = []
    var chunk: [Unicode.Scalar] = []
    var size = 0
    func emit(_ scalars: ArraySlice<Unicode.Scalar>) {
      let bytes = Array(String(String.UnicodeScalarView(scalars)).utf8)
      if !bytes.isEmpty { words.append("=?UTF-8?B?\(Data(bytes).base64EncodedString())?=") }
    }
    for scalar in text.unicodeScalars {
      let length = String(scalar).utf8.count
      if size + length > maxBytes {
        if splittingAtSpaces, let space = chunk.lastIndex(of: " "), space > 0 {
          emit(chunk[...space])
          chunk = Array(chunk[(space + 1)...])
          size = chunk.reduce(0) { $0 + String($1).utf8.count }
        }
        if size + length > maxBytes {
          emit(chunk[...])
          chunk = []
          size = 0
        }
      }
      chunk.append(scalar)
      size += length
    }
    emit(chunk[...])
    return words
  }

  /// `Name: tokens`, folded with CRLF and a space so that lines stay under 78 characters when tokens allow.
  static func fold(_ name: String, _ tokens: [String]) -> String {
    var out = "\(name):"
    var lineLength = out.count
    for token in tokens {
      if lineLength + 1 + token.count > 77, lineLength > name.count + 1 {
        out += "\r\n"
        lineLength = 0
      }
      out += " " + token
      lineLength += 1 + token.count
    }
    return out
  }

  /// Quoted-printable (RFC 2045) of UTF-8 text; lines end in CRLF, none longer than 76 characters.
  static func quotedPrintable(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count * 2)
    for line in multiLine(text).split(separator: "\n", omittingEmptySubsequences: false) {
      let bytes = Array(line.utf8)
      var length = 0
      for (i, byte) in bytes.enumerated() {
        let literal =
          ((byte == 0x20 || byte == 0x09) && i < bytes.count - 1) || ((0x21...0x7E).contains(byte) && byte != 0x3D)
        let width = literal ? 1 : 3
        if length + width > 75 {
          out += [UInt8(ascii: "="), 0x0D, 0x0A]
          length = 0
        }
        if literal {
          out.append(byte)
        } else {
          out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
        length += width
      }
      out += [0x0D, 0x0A]
    }
    if text.hasSuffix("\n") || text.hasSuffix("\r") { out.removeLast(2) }
    return String(decoding: out, as: UTF8.self)
  }

  /// RFC 5322 date of a clock time ('YYYY-MM-DD HH:MM[:SS]', local) at `utcOffset` seconds east of UTC.
  static func dateHeader(local: String, utcOffset: Int) -> String? {
    guard let t = LocalTime(local) else { return nil }
    let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let weekday = days[((t.daysSinceEpoch % 7) + 7) % 7]
    let sign = utcOffset < 0 ? "-" : "+"
    let minutes = abs(utcOffset) / 60
    let zone = sign + String(minutes / 60).leftPadded(2) + String(minutes % 60).leftPadded(2)
    return
      "\(weekday), \(String(t.day).leftPadded(2)) \(months[t.month - 1]) \(t.year) "
      + "\(String(t.hour).leftPadded(2)):\(String(t.minute).leftPadded(2)):\(String(t.second).leftPadded(2)) \(zone)"
  }

  /// A clock time read from 'YYYY-MM-DD HH:MM[:SS]'.
  struct LocalTime {
    var year, month, day, hour, minute, second: Int

    init?(_ text: String) {
      let parts = text.split(whereSeparator: { "- :T".contains($0) }).map { Int($0) }
      guard parts.count == 5 || parts.count == 6, !parts.contains(nil) else { return nil }
      let v = parts.map { $0! }
      (year, month, day, hour, minute) = (v[0], v[1], v[2], v[3], v[4])
      second = v.count == 6 ? v[5] : 0
      guard (1...12).contains(month), (1...31).contains(day), (0..<24).contains(hour), (0..<60).contains(minute),
        (0...60).contains(second), (1000...9999).contains(year)
      else { return nil }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    var daysSinceEpoch: Int {
      let y = month <= 2 ? year - 1 : year
      let era = (y >= 0 ? y : y - 399) / 400
      let yoe = y - era * 400
      let mp = (month + 9) % 12
      let doy = (153 * mp + 2) / 5 + day - 1
      let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
      return era * 146097 + doe - 719468
    }

    /// `YYYYMMDD-HHMMSS`, for file names.
    var compact: String {
      String(year).leftPadded(4) + String(month).leftPadded(2) + String(day).leftPadded(2) + "-"
        + String(hour).leftPadded(2) + String(minute).leftPadded(2) + String(second).leftPadded(2)
    }
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: "0", count: Swift.max(0, width - count)) + self
  }
}
