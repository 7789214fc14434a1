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
  /// The states an export may give (DESIGN.md §2).
  static let states = ["PUBLISHED", "HIDDEN", "NEW", "TRASH", "DELETED"]
  public var ownerId: Int?
  public var ownerName: String?
  public var dateModification: String?
  public var communeId: Int?
  /// Present when the object came in API format (commune expanded).
  public var communeName: String?
  public var communeCode: String?
  /// The e-mail by the rule of DESIGN.md §2 (object-level 204, else referent contact, else any contact).
  public var email: String?
  /// Empty when the reader was asked not to keep the bytes (a sync only needs where they are and their hash).
  public var raw: [UInt8] {
    didSet {
      rawLength = raw.count
      rawHash = raw.withUnsafeBytes(Fiche.rawHash(of:))
    }
  }
  public var rawOffset: Int = 0
  /// The length and hash of the raw JSON, kept or not.
  public internal(set) var rawLength: Int
  public internal(set) var rawHash: Int64

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
    self.rawLength = raw.count
    self.rawHash = raw.withUnsafeBytes(Fiche.rawHash(of:))
  }

  /// Two fiches are equal when their content is: where their bytes sat in a file (`rawOffset`) is not
  /// part of it, so that a fiche written and read back compares equal.
  public static func == (a: Fiche, b: Fiche) -> Bool {
    a.id == b.id && a.identifier == b.identifier && a.type == b.type && a.name == b.name && a.state == b.state
      && a.ownerId == b.ownerId && a.ownerName == b.ownerName && a.dateModification == b.dateModification
      && a.communeId == b.communeId && a.communeName == b.communeName && a.communeCode == b.communeCode
      && a.email == b.email && a.raw == b.raw && a.rawHash == b.rawHash
  }
}

extension Fiche {
  /// A 64-bit hash of raw JSON bytes (xxHash64-style rounds): a re-sent unchanged object is not
  /// reported as modified. Stable across runs, unlike `Hasher`.
  public static func rawHash(of buf: UnsafeRawBufferPointer) -> Int64 {
    let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    let p3: UInt64 = 0x1656_67B1_9E37_79F9
    @inline(__always) func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
      let a = acc &+ input &* p2
      return ((a << 31) | (a >> 33)) &* p1
    }
    let n = buf.count
    var v1 = p1 &+ p2
    var v2 = p2
    var v3: UInt64 = 0
    var v4 = 0 &- p1
    var i = 0
    while i + 32 <= n {
      v1 = round(v1, buf.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      v2 = round(v2, buf.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
      v3 = round(v3, buf.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
      v4 = round(v4, buf.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
      i += 32
    }
    var h =
      ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52))
      &+ ((v4 << 18) | (v4 >> 46))
    h = h &+ UInt64(n)
    while i + 8 <= n {
      h ^= round(0, buf.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      h = ((h << 27) | (h >> 37)) &* p1 &+ p3
      i += 8
    }
    while i < n {
      h ^= UInt64(buf[i]) &* p3
      h = ((h << 11) | (h >> 53)) &* p1
      i += 1
    }
    h ^= h >> 33
    h = h &* p2
    h ^= h >> 29
    h = h &* p3
    h ^= h >> 32
    return Int64(bitPattern: h)
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
