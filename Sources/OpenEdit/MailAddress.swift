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

  /// The address trimmed, when its syntax is sensible for a header: one `@`, printable ASCII without
  /// spaces, a dot-atom local part, and a domain of two or more letter-digit-hyphen labels.
  /// Non-ASCII addresses are refused: headers are written without SMTPUTF8.
  public static func checked(_ address: String) -> String? {
    // Trimming through Foundation is slow; most addresses have nothing to trim.
    let needsTrim = address.first.map(\.isWhitespace) == true || address.last.map(\.isWhitespace) == true
    let address = needsTrim ? address.trimmingCharacters(in: .whitespacesAndNewlines) : address
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, address.utf8.count <= 254 else { return nil }
    let local = parts[0]
    let domain = parts[1]
    guard !local.isEmpty, local.utf8.count <= 64,
      local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({
        !$0.isEmpty && $0.allSatisfy(atext.contains)
      })
    else { return nil }
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, domain.utf8.count <= 253,
      labels.allSatisfy({
        (1...63).contains($0.count) && $0.allSatisfy(labelChars.contains) && $0.first != "-" && $0.last != "-"
      }),
      labels.last!.contains(where: \.isLetter)
    else { return nil }
    return address
  }

  private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-")
  private static let labelChars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

  /// The part after `@`, for the Message-ID.
  var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }
}
