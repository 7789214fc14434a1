import Foundation

/// A mailbox: an optional display name and an address whose syntax was checked.
public struct MailAddress: Sendable, Equatable {
  public var name: String?
  public var address: String

  /// `address` must pass `MailAddress.checked`; nil otherwise.
  public init?(name: String?, address: String) {
    guard let address = MailAddress.checked(address) else { return nil }
    self.name = name
    self.address = address
  }

  /// Reads `Name <address>`, `"Name" <address>` or a bare address, as `mail.from` is written.
  public init?(parsing text: String) {
    let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
      var name = text[..<open].trimmingCharacters(in: .whitespaces)
      if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
      self.init(
        name: name.isEmpty ? nil : name,
        address: String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
    } else {
      self.init(name: nil, address: text)
    }
  }

  /// The address trimmed, when its syntax is sensible for a header: one `@`, a dot-atom local part of
  /// printable ASCII without spaces, and a domain of two or more labels of letters (of any script),
  /// digits and inner hyphens. A local part that is not ASCII is refused (headers are written without
  /// SMTPUTF8); an internationalised domain is written in its ASCII form (`asciiForm`).
  public static func checked(_ address: String) -> String? {
    // Trimming through Foundation is slow; most addresses have nothing to trim.
    var address = address
    if let first = address.utf8.first, let last = address.utf8.last,
      first <= 0x20 || first >= 0x80 || last <= 0x20 || last >= 0x80
    {
      address = address.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return asciiForm(address) == nil ? nil : address
  }

  /// The address as a header carries it: an internationalised domain mapped as IDNA (UTS #46) maps it,
  /// then each label that is not ASCII in Punycode (RFC 3492), written `xn--…` (`contact@hôtel-été.example`
  /// → `contact@xn--htel-t-fvab6g.example`); nil when the address is not valid. The mapping is Unicode's
  /// compatibility normalisation (NFKC), lowercase, then NFC, with the ideographic full stop `。` a dot:
  /// full-width `ｅｘａｍｐｌｅ．com` is `example.com`, as for IDNA (and Python's `idna` codec).
  static func asciiForm(_ address: String) -> String? {
    var ascii = address
    if !address.utf8.allSatisfy({ $0 < 0x80 }) {
      guard let at = address.firstIndex(of: "@"), address[..<at].utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
      let domain = address[address.index(after: at)...].precomposedStringWithCompatibilityMapping.lowercased()
        .precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\u{3002}", with: ".")
      var labels: [String] = []
      for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
        if label.utf8.allSatisfy({ $0 < 0x80 }) {
          labels.append(String(label))
          continue
        }
        // Letters of any script (with their marks), digits and inner hyphens; the ASCII check below does
        // the rest (lengths, the labels' count).
        guard label.first != "-", label.last != "-",
          label.unicodeScalars.allSatisfy({ scalar in
            scalar == "-" || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
              || scalar.properties.generalCategory == .nonspacingMark
              || scalar.properties.generalCategory == .spacingMark
          }), let encoded = Punycode.encode(String(label))
        else { return nil }
        labels.append("xn--" + encoded)
      }
      ascii = address[...at] + labels.joined(separator: ".")
    }
    var copy = ascii
    let valid = copy.withUTF8 { isValid(UnsafeBufferPointer(rebasing: $0[...])) }
    return valid ? ascii : nil
  }

  /// The address in its ASCII form, for the header (`checked` made sure it has one).
  public var headerAddress: String { MailAddress.asciiForm(address) ?? address }

  /// The syntax check on the address's bytes: ASCII only, so bytes and characters agree.
  private static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
    let local = UnsafeBufferPointer(rebasing: bytes[..<at])
    let domain = UnsafeBufferPointer(rebasing: bytes[(at + 1)...])
    guard !local.isEmpty, local.count <= 64, domain.count <= 253 else { return false }
    // The local part: dot-separated non-empty runs of atext.
    var previous = UInt8(ascii: ".")
    for byte in local {
      if byte == UInt8(ascii: ".") {
        if previous == byte { return false }
      } else if !isAtext(byte) {
        return false
      }
      previous = byte
    }
    guard previous != UInt8(ascii: ".") else { return false }
    // The domain: two or more labels of 1–63 letters, digits and inner hyphens; the last has a letter.
    var labels = 0
    var labelLength = 0
    var labelHasLetter = false
    previous = UInt8(ascii: ".")
    for byte in domain {
      if byte == UInt8(ascii: ".") {
        guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
        labels += 1
        labelLength = 0
        labelHasLetter = false
      } else {
        let letter = isLetter(byte)
        guard letter || isDigit(byte) || byte == UInt8(ascii: "-") else { return false }
        if labelLength == 0, byte == UInt8(ascii: "-") { return false }
        labelLength += 1
        guard labelLength <= 63 else { return false }
        labelHasLetter = labelHasLetter || letter
      }
      previous = byte
    }
    guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
    return labels + 1 >= 2 && labelHasLetter
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
  }

  private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

  /// RFC 5322 atext: letters, digits and ``!#$%&'*+/=?^_`{|}~-``.
  private static func isAtext(_ byte: UInt8) -> Bool {
    if isLetter(byte) || isDigit(byte) { return true }
    switch byte {
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
      UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="),
      UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"),
      UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"), UInt8(ascii: "-"):
      return true
    default:
      return false
    }
  }

  /// The part after `@` in its ASCII form, for the Message-ID.
  var domain: String {
    let ascii = headerAddress
    return String(ascii[ascii.index(after: ascii.lastIndex(of: "@")!)...])
  }
}
