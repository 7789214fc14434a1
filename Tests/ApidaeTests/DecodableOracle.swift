import Foundation

@testable import Apidae

// The reference reading of an objet touristique with Foundation's JSONDecoder: slower, but
// obviously right. FicheReader must agree with it on every object.

/// `coordonnees` of a moyen de communication: short locale keys.
struct CoordonneesJSON: Decodable {
  var fr, en, de, es, it, nl, ptBR, ru, zh, ja, ko: String?

  var best: String? {
    [fr, en, de, es, it, nl, ptBR, ru, zh, ja, ko].lazy
      .compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
  }
}

struct ReferenceJSON: Decodable {
  var id: Int?
}

struct MoyenCommunicationJSON: Decodable {
  var type: ReferenceJSON?
  var coordonnees: CoordonneesJSON?
}

extension [MoyenCommunicationJSON] {
  /// The address of the first e-mail entry that has one.
  var email: String? {
    lazy.filter { $0.type?.id == emailTypeId }.compactMap { $0.coordonnees?.best }.first
  }
}

struct ContactJSON: Decodable {
  var referent: Bool?
  var moyensCommunication: [MoyenCommunicationJSON]?
}

struct MembreJSON: Decodable {
  var id: Int?
  var nom: String?
}

struct GestionJSON: Decodable {
  var dateModification: String?
  var membreProprietaire: MembreJSON?
}

struct InformationsJSON: Decodable {
  var moyensCommunication: [MoyenCommunicationJSON]?
}

/// `{id}` in exports; API-format objects add `nom`, `code`…
struct CommuneRefJSON: Decodable {
  var id: Int?
  var nom: String?
  var code: String?
}

struct AdresseJSON: Decodable {
  var commune: CommuneRefJSON?
}

struct LocalisationJSON: Decodable {
  var adresse: AdresseJSON?
}

/// One objet touristique, in export or API format.
struct FicheJSON: Decodable {
  var type: String
  var id: Int
  var identifier: String?
  var nom: LibelleJSON?
  var state: String?
  var gestion: GestionJSON?
  var informations: InformationsJSON?
  var localisation: LocalisationJSON?
  var contacts: [ContactJSON]?

  /// DESIGN.md §2: object-level 204, else the referent contact's, else any contact's.
  var email: String? {
    if let e = informations?.moyensCommunication?.email { return e }
    let contacts = contacts ?? []
    for contact in contacts where contact.referent == true {
      if let e = contact.moyensCommunication?.email { return e }
    }
    for contact in contacts {
      if let e = contact.moyensCommunication?.email { return e }
    }
    return nil
  }

  func fiche(raw: [UInt8]) -> Fiche {
    let commune = localisation?.adresse?.commune
    return Fiche(
      id: id, identifier: identifier, type: type, name: nom?.best?.text ?? "", state: state ?? "PUBLISHED",
      ownerId: gestion?.membreProprietaire?.id, ownerName: gestion?.membreProprietaire?.nom,
      dateModification: gestion?.dateModification, communeId: commune?.id, communeName: commune?.nom,
      communeCode: commune?.code, email: email, raw: raw)
  }
}

extension FicheJSON {
  struct OutsideApidae: Error {}

  /// The oracle's reading, with the values Apidae gives checked as the reader checks them (DESIGN.md
  /// §2: a positive id, one of five states).
  static func fiche(_ raw: [UInt8]) throws -> Fiche {
    let json = try JSONDecoder().decode(FicheJSON.self, from: Data(raw))
    guard json.id > 0, json.state.map(Fiche.states.contains) ?? true else { throw OutsideApidae() }
    return json.fiche(raw: raw)
  }
}
