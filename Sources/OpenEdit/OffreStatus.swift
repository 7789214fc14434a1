import Foundation

/// Where an offre stands in its campaign, with Open Edit's labels, shown verbatim in every language.
///
/// The allowed moves are all in `allowedTransitions`; later issues add the socio-pro's answer
/// and the office's validation here.
public enum OffreStatus: String, CaseIterable, Sendable, Codable, Hashable {
  case aTransmettre = "a_transmettre"
  case transmis = "transmis"
  case horsSelection = "hors_selection"
  case supprimee = "supprimee"
  case masquee = "masquee"

  /// The stable key stored in the database and accepted by `--status`.
  public var key: String { rawValue }

  /// Open Edit's label, verbatim.
  public var label: String {
    switch self {
    case .aTransmettre: "Email à transmettre"
    case .transmis: "Email transmis"
    case .horsSelection: "Hors sélection"
    case .supprimee: "Fiche supprimée"
    case .masquee: "Fiche masquée"
    }
  }

  /// Set aside by actualiser (the fiche left the sélections, was deleted or hidden): nothing is
  /// sent, and the offre returns to `previous_status` once the cause is gone.
  public var isSetAside: Bool {
    switch self {
    case .horsSelection, .supprimee, .masquee: true
    case .aTransmettre, .transmis: false
    }
  }

  /// What may follow what. `send` moves «Email à transmettre» to «Email transmis»; actualiser sets
  /// offres aside and brings them back (to their previous status only, which it checks itself).
  static let allowedTransitions: [OffreStatus: Set<OffreStatus>] = [
    .aTransmettre: [.transmis, .horsSelection, .supprimee, .masquee],
    .transmis: [.horsSelection, .supprimee, .masquee],
    .horsSelection: [.aTransmettre, .transmis, .supprimee, .masquee],
    .supprimee: [.aTransmettre, .transmis, .horsSelection, .masquee],
    .masquee: [.aTransmettre, .transmis, .horsSelection, .supprimee],
  ]

  func canMove(to next: OffreStatus) -> Bool {
    Self.allowedTransitions[self]?.contains(next) ?? false
  }

  /// Reads a label or a key leniently: case, accents, spaces, `_`, `-` and «» do not matter,
  /// and the label's last word alone is enough when unambiguous (`transmis`, `masquée`).
  public init?(parsing text: String) {
    let wanted = OffreStatus.squeezed(text)
    guard !wanted.isEmpty else { return nil }
    for status in OffreStatus.allCases
    where wanted == OffreStatus.squeezed(status.key) || wanted == OffreStatus.squeezed(status.label) {
      self = status
      return
    }
    let short: [String: OffreStatus] = [
      "transmettre": .aTransmettre, "hors": .horsSelection, "supprime": .supprimee, "masque": .masquee,
      "envoye": .transmis, "envoyee": .transmis,
    ]
    guard let status = short[wanted] else { return nil }
    self = status
  }

  /// The status whose label or key is a typing slip away from `text` (`Email a transmetre`, `transmi`),
  /// the nearest, as a name not found is suggested; nil when none is, or several are as near.
  public static func nearest(_ text: String) -> OffreStatus? {
    NameLookup.nearest(text, in: allCases, parts: { [$0.label, $0.key] })
  }

  /// Lowercased, without accents, keeping only letters and digits.
  static func squeezed(_ text: String) -> String {
    let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    return String(folded.unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) })
      .lowercased()
  }
}

/// A status change that `OffreStatus.allowedTransitions` does not allow: a bug, never a user's mistake.
struct OffreStatusMoveError: Error, Equatable, Sendable {
  var from: OffreStatus
  var to: OffreStatus
}
