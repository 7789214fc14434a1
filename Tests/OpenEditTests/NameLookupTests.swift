import XCTest

@testable import OpenEdit

/// The one rule by which a typed name finds a sélection, a campaign or a commune.
final class NameLookupTests: XCTestCase {
  private struct Thing: Equatable {
    var id: Int
    var name: String
  }

  private let things = [
    Thing(id: 1, name: "Hôtels"), Thing(id: 2, name: "hotels"), Thing(id: 3, name: "Hôtels de charme"),
    Thing(id: 4, name: "Gîtes  et chambres"), Thing(id: 5, name: "2027"), Thing(id: 2027, name: "Été"),
  ]

  private func find(_ text: String, _ steps: [NameLookup.Step<Thing>]? = nil) -> [Int]? {
    switch NameLookup.find(text, in: things, name: \.name, steps: steps ?? NameLookup.byName()) {
    case .found(let t): return [t.id]
    case .ambiguous(let ts): return ts.map(\.id)
    case .notFound: return nil
    }
  }

  func testEachStepInItsOrder() {
    XCTAssertEqual(find("Hôtels"), [1], "the exact name first, though another is equal once folded")
    XCTAssertEqual(find("HOTELS"), [1, 2], "equal once folded: both, ambiguous")
    XCTAssertEqual(find("  gites ET   chambres "), [4], "spaces, case and accents ignored")
    XCTAssertEqual(find("gîtes-et-chambres"), [4], "hyphens as spaces")
    XCTAssertEqual(NameLookup.fold("L’Aigle-Blanc d'Or"), "l aigle blanc d or")
    XCTAssertEqual(find("gîtes"), [4], "the start of a name")
    XCTAssertEqual(find("charme"), [3], "a part of a name")
    XCTAssertEqual(find("hôtels de"), [3], "a longer start beats the shorter names")
    XCTAssertEqual(find("tel"), [1, 2, 3], "several names contain it: ambiguous")
    XCTAssertNil(find("camping"))
    XCTAssertNil(find("   "), "nothing typed finds nothing")
  }

  /// Not found, the name a typing slip away comes with the answer, for «did you mean».
  func testANameASlipAwayIsSuggested() {
    func near(_ text: String) -> Int? {
      guard case .notFound(let near) = NameLookup.find(text, in: things, name: \.name) else { return -1 }
      return near?.id
    }
    XCTAssertEqual(near("hôtles de charme"), 3, "two letters swapped")
    XCTAssertEqual(near("gites et chambrs"), 4, "a letter missing")
    XCTAssertEqual(near("camping"), nil, "nothing near")
    XCTAssertEqual(near("ete"), -1, "found: no suggestion")
    XCTAssertEqual(near("zte"), 2027, "one slip from «Été»")
    XCTAssertEqual(near("zze"), nil, "a short name allows one slip only")
  }

  func testIdsTakeTheirPlaceAsTheCallerSays() {
    XCTAssertEqual(find("2027", [.id(\.id)] + NameLookup.byName()), [2027], "an id first")
    XCTAssertEqual(find("2027", [.exact, .folded, .id(\.id), .prefix, .contains]), [5], "a whole name first")
    XCTAssertEqual(find("4", [.exact, .folded, .id(\.id), .prefix, .contains]), [4], "an id before a part of a name")
    XCTAssertEqual(find("20", [.exact, .folded, .id(\.id), .prefix, .contains]), [5], "no such id: the names")
    XCTAssertEqual(find("Hôtels", [.code { $0.name.uppercased() }] + NameLookup.byName()), [1])
    XCTAssertEqual(find("HÔTELS", [.code { $0.name.uppercased() }] + NameLookup.byName()), [1], "a code is exact")
  }
}
