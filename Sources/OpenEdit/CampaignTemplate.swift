import Foundation

/// A campaign's e-mail: subject and body with placeholders, and an optional sender.
///
/// Placeholders: `{nom}` the fiche's name, `{campagne}` the campaign's title, `{lien}` the
/// offre's form link, `{commune}` the fiche's commune. Other text in braces is refused when set,
/// so that a typo does not reach a socio-pro.
public struct CampaignTemplate: Sendable, Equatable {
  public var subject: String
  public var body: String
  /// `Name <address>` or `address`; nil: the workspace's `mail.from`.
  public var from: String?

  public init(subject: String, body: String, from: String? = nil) {
    self.subject = subject
    self.body = body
    self.from = from
  }

  public static let placeholders = ["nom", "campagne", "lien", "commune"]

  /// The default template, in French as the socio-pros read it.
  static let standard = CampaignTemplate(
    subject: "{campagne} : mettez à jour votre fiche « {nom} »",
    body: """
      Bonjour,

      Dans le cadre de la campagne « {campagne} », nous vous invitons à vérifier et à mettre à jour \
      les informations de votre fiche « {nom} » ({commune}).

      Il vous suffit de suivre ce lien personnel :
      {lien}

      Vos modifications seront relues par l'office de tourisme avant publication.

      Merci de votre collaboration,
      L'office de tourisme
      """)

  /// Throws `CampaignError.unknownPlaceholder` for `{word}` outside the four known placeholders.
  static func checkPlaceholders(_ text: String) throws {
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: "}") else { return }
      let word = after[..<close]
      if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0 == "_" }), !placeholders.contains(String(word)) {
        throw CampaignError.unknownPlaceholder("{\(word)}")
      }
      rest = after[after.index(after: close)...]
    }
  }

  /// Replaces the placeholders with `values` (keys without braces), in one pass so that a value
  /// holding `{lien}` is not expanded again.
  static func fill(_ text: String, _ values: [String: String]) -> String {
    var out = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      out += rest[..<open]
      let after = rest[rest.index(after: open)...]
      if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
        out += value
        rest = after[after.index(after: close)...]
      } else {
        out += "{"
        rest = after
      }
    }
    out += rest
    return out
  }
}
