import Foundation
import XCTest

@testable import Apidae

/// Extraction of the fields Open Edit needs, and the e-mail rule of DESIGN.md §2.
final class FicheTests: XCTestCase {
  func testHotelWithObjectLevelEmail() throws {
    let fiches = try Fiche.parseObjects(Fixtures.bytes("hot_fr_en.json"))
    XCTAssertEqual(fiches.count, 1)
    let hotel = try XCTUnwrap(fiches.first)
    XCTAssertEqual(hotel.id, 898922)
    XCTAssertEqual(hotel.type, "HOTELLERIE")
    XCTAssertEqual(hotel.name, "La Châtelleraie")
    XCTAssertEqual(hotel.identifier, "SITRA2_HOT_898922")
    XCTAssertEqual(hotel.state, "PUBLISHED")
    XCTAssertEqual(hotel.email, "chatelleraie@wanadoo.fr")
    XCTAssertEqual(hotel.ownerId, 1333)
    XCTAssertEqual(hotel.ownerName, "Office de Tourisme de la Châtaigneraie Cantalienne")
    XCTAssertEqual(hotel.dateModification, "2018-11-06T11:03:21.304+0000")
    XCTAssertEqual(hotel.communeId, 5430)
    XCTAssertEqual(String(decoding: hotel.raw.prefix(1), as: UTF8.self), "{")
  }

  func testStructureWithoutEmail() throws {
    let structure = try XCTUnwrap(Fiche.parseObjects(Fixtures.bytes("structure.json")).first)
    XCTAssertEqual(structure.id, 504)
    XCTAssertEqual(structure.type, "STRUCTURE")
    XCTAssertEqual(structure.name, "Société des accordéonistes aixois")
    XCTAssertEqual(structure.identifier, "73AXEVE100160_struct")
    XCTAssertEqual(structure.communeId, 30248)
    XCTAssertNil(structure.email)
  }

  private func object(_ fields: String) -> [UInt8] {
    #"{"type": "RESTAURATION", "id": 7, "nom": {"libelleFr": "Chez Paul"}"#.bytes
      + (fields.isEmpty ? "" : ", " + fields).bytes
      + "}".bytes
  }

  private func moyen(_ type: Int, _ coordonnees: String) -> String {
    #"{"type": {"elementReferenceType": "MoyenCommunicationType", "id": \#(type)}, "coordonnees": \#(coordonnees)}"#
  }

  private func email(_ fields: String) throws -> String? { try Fiche.parse(raw: object(fields)).email }

  func testEmailAtObjectLevelWinsOverContacts() throws {
    let fields = """
      "informations": {"moyensCommunication": [\(moyen(201, #"{"fr": "04 00"}"#)), \(moyen(204, #"{"fr": "obj@x.fr"}"#))]},
      "contacts": [{"referent": true, "moyensCommunication": [\(moyen(204, #"{"fr": "ref@x.fr"}"#))]}]
      """
    XCTAssertEqual(try email(fields), "obj@x.fr")
  }

  func testEmailOfTheReferentContactBeforeOtherContacts() throws {
    let fields = """
      "informations": {"moyensCommunication": [\(moyen(201, #"{"fr": "04 00"}"#))]},
      "contacts": [{"referent": false, "moyensCommunication": [\(moyen(204, #"{"fr": "other@x.fr"}"#))]},
                   {"referent": true, "moyensCommunication": [\(moyen(204, #"{"fr": "ref@x.fr"}"#))]}]
      """
    XCTAssertEqual(try email(fields), "ref@x.fr")
  }

  func testEmailOfAnyContactWhenTheReferentHasNone() throws {
    let fields = """
      "contacts": [{"referent": true, "moyensCommunication": [\(moyen(201, #"{"fr": "04 00"}"#))]},
                   {"moyensCommunication": []},
                   {"moyensCommunication": [\(moyen(204, #"{"fr": "any@x.fr"}"#))]}]
      """
    XCTAssertEqual(try email(fields), "any@x.fr")
  }

  func testNoEmailWhenAbsentOrEmpty() throws {
    XCTAssertNil(try email(""))
    XCTAssertNil(try email(#""informations": {}, "contacts": []"#))
    XCTAssertNil(try email(#""informations": {"moyensCommunication": []}, "contacts": [{"moyensCommunication": []}]"#))
    XCTAssertNil(try email(#""informations": {"moyensCommunication": [\#(moyen(205, #"{"fr": "http://x.fr"}"#))]}"#))
    XCTAssertNil(try email(#""informations": null, "contacts": null"#))
  }

  func testEmailInAnotherLanguageAndSkippingEmptyEntries() throws {
    let fields = """
      "informations": {"moyensCommunication": [\(moyen(204, "{}")), \(moyen(204, #"{"fr": "  "}"#)),
                                               \(moyen(204, #"{"en": " en@x.fr "}"#))]}
      """
    XCTAssertEqual(try email(fields), "en@x.fr")
  }

  func testNameFallsBackToAnotherLanguage() throws {
    let noFrench = #"{"type": "ACTIVITE", "id": 1, "nom": {"libelleFr": "", "libelleEn": "Walk"}}"#
    XCTAssertEqual(try Fiche.parse(raw: noFrench.bytes).name, "Walk")
    let noName = #"{"type": "ACTIVITE", "id": 1}"#
    let fiche = try Fiche.parse(raw: noName.bytes)
    XCTAssertEqual(fiche.name, "")
    XCTAssertEqual(fiche.state, "PUBLISHED")
    XCTAssertNil(fiche.identifier)
    XCTAssertNil(fiche.ownerId)
  }

  func testStateIsPassedThrough() throws {
    let hidden = #"{"type": "ACTIVITE", "id": 1, "state": "HIDDEN"}"#
    XCTAssertEqual(try Fiche.parse(raw: hidden.bytes).state, "HIDDEN")
  }

  func testApiFormatCommune() throws {
    let api = """
      {"type": "RESTAURATION", "id": 9, "nom": {"libelleFr": "Bistro"},
       "localisation": {"adresse": {"commune": {"id": 30287, "code": "73151", "nom": "La Motte-Servolex",
         "pays": {"elementReferenceType": "Pays", "id": 532, "libelleFr": "France"}, "codePostal": "73290"}}},
       "informations": {"moyensCommunication": [{"type": {"elementReferenceType": "MoyenCommunicationType",
         "id": 204, "libelleFr": "Mél", "ordre": 2}, "coordonnees": {"fr": "bistro@x.fr"}}]}}
      """
    let fiche = try Fiche.parse(raw: api.bytes)
    XCTAssertEqual(fiche.communeId, 30287)
    XCTAssertEqual(fiche.communeName, "La Motte-Servolex")
    XCTAssertEqual(fiche.communeCode, "73151")
    XCTAssertEqual(fiche.email, "bistro@x.fr")
  }

  func testParseWantsOneObject() throws {
    XCTAssertThrowsError(try Fiche.parse(raw: Fixtures.bytes("structure.json"))) { error in
      XCTAssertEqual((error as? ExportError)?.reason, .wrongShape("top level: expected one object"))
    }
  }

  func testExportJSONParsesBackToTheFiche() throws {
    let fiche = Fiche(
      id: 42, identifier: "SITRA2_RES_42", type: "RESTAURATION", name: "L'\"Auberge\"\n", state: "HIDDEN",
      ownerId: 80, ownerName: "OT Aix", dateModification: "2024-05-01T10:00:00.000+0000", communeId: 30287,
      email: "auberge@x.fr")
    let raw = fiche.exportJSON()
    var expected = fiche
    expected.raw = raw
    XCTAssertEqual(try Fiche.parse(raw: raw), expected)
    let bare = Fiche(id: 1, type: "ACTIVITE", name: "Bare")
    var parsed = try Fiche.parse(raw: bare.exportJSON())
    parsed.raw = []
    XCTAssertEqual(parsed, bare)
  }

  func testEditRawObject() throws {
    let raw = try XCTUnwrap(Fiche.parseObjects(Fixtures.bytes("hot_fr_en.json")).first).raw
    let renamed = try Fiche.parse(raw: Fiche.edit(raw: raw, [.name("Le Château"), .state("HIDDEN")]))
    XCTAssertEqual(renamed.name, "Le Château")
    XCTAssertEqual(renamed.state, "HIDDEN")
    XCTAssertEqual(renamed.email, "chatelleraie@wanadoo.fr")
    XCTAssertEqual(renamed.ownerId, 1333)

    // Removing the e-mail also removes the referent contact's, so the fiche really has none.
    let noEmail = try Fiche.parse(raw: Fiche.edit(raw: raw, [.email(nil)]))
    XCTAssertNil(noEmail.email)
    XCTAssertEqual(noEmail.name, "La Châtelleraie")

    let changed = try Fiche.parse(raw: Fiche.edit(raw: raw, [.email("new@x.fr"), .communeId(12)]))
    XCTAssertEqual(changed.email, "new@x.fr")
    XCTAssertEqual(changed.communeId, 12)
  }
}
