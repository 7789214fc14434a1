/// One objet touristique as Open Edit needs it, extracted from an export (DESIGN.md §2).
///
/// `raw` keeps the object's JSON bytes exactly as the export had them, so a user can see them;
/// `rawOffset` is where they start in their `objets_modifies/` entry, so that a store can point at
/// them in the export instead of keeping a second copy.
public struct Fiche: Sendable, Equatable {
  public var id: Int
  public var identifier: String?
  public var type: String
  /// `nom.libelleFr`, else another language, else "".
  public var name: String
  /// PUBLISHED, HIDDEN, NEW, TRASH or DELETED.
  public var state: String
  public var ownerId: Int?
  public var ownerName: String?
  public var dateModification: String?
  public var communeId: Int?
  /// Present when the object came in API format (commune expanded).
  public var communeName: String?
  public var communeCode: String?
  /// The e-mail by the rule of DESIGN.md §2 (object-level 204, else referent contact, else any contact).
  public var email: String?
  public var raw: [UInt8]
  public var rawOffset: Int = 0

  public init(
    id: Int, identifier: String? = nil, type: String, name: String, state: String = "PUBLISHED",
    ownerId: Int? = nil, ownerName: String? = nil, dateModification: String? = nil,
    communeId: Int? = nil, communeName: String? = nil, communeCode: String? = nil,
    email: String? = nil, raw: [UInt8] = []
  ) {
    self.id = id
    self.identifier = identifier
    self.type = type
    self.name = name
    self.state = state
    self.ownerId = ownerId
    self.ownerName = ownerName
    self.dateModification = dateModification
    self.communeId = communeId
    self.communeName = communeName
    self.communeCode = communeCode
    self.email = email
    self.raw = raw
  }

  /// Two fiches are equal when their content is: where their bytes sat in a file (`rawOffset`) is not
  /// part of it, so that a fiche written and read back compares equal.
  public static func == (a: Fiche, b: Fiche) -> Bool {
    a.id == b.id && a.identifier == b.identifier && a.type == b.type && a.name == b.name && a.state == b.state
      && a.ownerId == b.ownerId && a.ownerName == b.ownerName && a.dateModification == b.dateModification
      && a.communeId == b.communeId && a.communeName == b.communeName && a.communeCode == b.communeCode
      && a.email == b.email && a.raw == b.raw
  }
}

/// The 16 Apidae object types.
public enum FicheType: String, CaseIterable, Sendable {
  case ACTIVITE, COMMERCE_ET_SERVICE, DEGUSTATION, DOMAINE_SKIABLE, EQUIPEMENT
  case FETE_ET_MANIFESTATION, HEBERGEMENT_COLLECTIF, HEBERGEMENT_LOCATIF, HOTELLERIE
  case HOTELLERIE_PLEIN_AIR, PATRIMOINE_CULTUREL, PATRIMOINE_NATUREL, RESTAURATION
  case SEJOUR_PACKAGE, STRUCTURE, TERRITOIRE
}

/// An Apidae sélection with its complete membership, as `selections.json` gives it.
public struct Selection: Sendable, Equatable {
  public var id: Int
  public var name: String
  public var ficheIds: [Int]
  public init(id: Int, name: String, ficheIds: [Int]) {
    self.id = id
    self.name = name
    self.ficheIds = ficheIds
  }
}

/// A commune of `communes.json`.
public struct Commune: Sendable, Equatable {
  public var id: Int
  public var code: String?
  public var name: String
  public var postalCode: String?
  public init(id: Int, code: String?, name: String, postalCode: String?) {
    self.id = id
    self.code = code
    self.name = name
    self.postalCode = postalCode
  }
}
