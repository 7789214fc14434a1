import XCTest

@testable import OpenEdit

final class OffreStatusTests: XCTestCase {
  func testLabelsAreOpenEditsVerbatim() {
    XCTAssertEqual(
      OffreStatus.allCases.map(\.label),
      ["Email à transmettre", "Email transmis", "Hors sélection", "Fiche supprimée", "Fiche masquée"])
  }

  func testStatusesParseFromLabelsAndShortKeysIgnoringCaseAndAccents() {
    let cases: [(String, OffreStatus?)] = [
      ("Email à transmettre", .aTransmettre), ("email a transmettre", .aTransmettre),
      ("«Email à transmettre»", .aTransmettre), ("a_transmettre", .aTransmettre), ("à-transmettre", .aTransmettre),
      ("Email transmis", .transmis), ("TRANSMIS", .transmis),
      ("Hors sélection", .horsSelection), ("hors_selection", .horsSelection), ("HORS SELECTION", .horsSelection),
      ("Fiche supprimée", .supprimee), ("supprimee", .supprimee), ("supprimée", .supprimee),
      ("Fiche masquée", .masquee), ("masquee", .masquee), ("fiche masquee", .masquee),
      ("", nil), ("envoyer", nil), ("email", nil), ("fiche", nil),
    ]
    for (text, expected) in cases {
      XCTAssertEqual(OffreStatus(parsing: text), expected, text)
    }
  }

  func testOnlySendLeadsToEmailTransmisAndNothingLeadsBackToATransmettreButARestore() {
    XCTAssertTrue(OffreStatus.aTransmettre.canMove(to: .transmis))
    XCTAssertFalse(OffreStatus.transmis.canMove(to: .aTransmettre))
    XCTAssertFalse(OffreStatus.transmis.canMove(to: .transmis))
    for status in OffreStatus.allCases where status.isSetAside {
      XCTAssertTrue(OffreStatus.transmis.canMove(to: status))
      XCTAssertTrue(status.canMove(to: .transmis))
      XCTAssertTrue(status.canMove(to: .aTransmettre))
    }
    XCTAssertEqual(OffreStatus.allCases.filter(\.isSetAside), [.horsSelection, .supprimee, .masquee])
  }

  func testActualiserRulePrecedenceDeletedThenHiddenThenOutOfTheSelections() {
    typealias S = OffreStatus
    XCTAssertEqual(
      Campaign.actualisedStatus(of: .transmis, previous: nil, standing: .deleted, isMember: false), S.supprimee)
    XCTAssertEqual(
      Campaign.actualisedStatus(of: .transmis, previous: nil, standing: .hidden, isMember: false), S.masquee)
    XCTAssertEqual(
      Campaign.actualisedStatus(of: .transmis, previous: nil, standing: .active, isMember: false), S.horsSelection)
    XCTAssertEqual(
      Campaign.actualisedStatus(of: .masquee, previous: .transmis, standing: .active, isMember: true), S.transmis)
    XCTAssertEqual(
      Campaign.actualisedStatus(of: .aTransmettre, previous: nil, standing: .active, isMember: true), S.aTransmettre)
  }
}
