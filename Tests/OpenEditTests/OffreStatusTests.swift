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

  /// Actualiser reads statuses and fiche states as SQLite's bytes: they mean what the strings mean, and an
  /// unknown stored status is an error, not a guess.
  func testStoredKeysAndStatesReadAsBytesMeanWhatTheStringsMean() throws {
    func withBytes<T>(_ text: String?, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
      guard let text else { return try body(nil) }
      return try Array(text.utf8).withUnsafeBufferPointer { try body($0) }
    }
    for key in OffreStatus.allCases.map(\.rawValue) + ["", "A_TRANSMETTRE", "transmis ", "envoye"] {
      XCTAssertEqual(withBytes(key) { OffreStatus(key: $0!) }, OffreStatus(rawValue: key), key)
      XCTAssertEqual(try? withBytes(key) { try Campaign.storedStatus($0) }, OffreStatus(rawValue: key), key)
    }
    XCTAssertThrowsError(try withBytes("gone") { try Campaign.storedStatus($0) }) { error in
      XCTAssertTrue("\(error)".contains("unknown offre status gone"), "\(error)")
    }
    XCTAssertThrowsError(try withBytes(nil) { try Campaign.storedStatus($0) })
    let standings: [(String?, FicheStanding)] = [
      ("PUBLISHED", .active), ("HIDDEN", .hidden), ("DELETED", .deleted), ("TRASH", .deleted), ("DRAFT", .active),
      ("", .active), ("hidden", .active), (nil, .deleted),
    ]
    for (state, standing) in standings {
      XCTAssertEqual(withBytes(state) { FicheStanding(state: $0) }, standing, state ?? "NULL")
      XCTAssertEqual(FicheStanding(state: state), standing, state ?? "NULL")
    }
  }
}
