import Foundation
import XCTest

/// The Apidae side's listings in CSV, on the demo: the data as a file would want it, with the columns of
/// `apidae fiches`.
final class ApidaeListingTests: DemoWorkspaceTestCase {
  /// A fiche without e-mail has an empty field, as in `fiches --format csv`: the table's «— pas d'e-mail»
  /// is the table's (it came when the session's format was the table's, whatever `--format` said).
  func testAFicheWithoutEMailHasAnEmptyFieldInCSV() throws {
    let r = try oesh("apidae fiches --format csv")
    XCTAssertEqual(r.status, 0, r.stderr)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "fiche_id,name,type,commune,email,state,pending")
    XCTAssertTrue(
      lines.contains("5100011,Appartement Les Aiguilles,HEBERGEMENT_LOCATIF,Valmeinier,,PUBLISHED,false"), r.stdout)
    XCTAssertFalse(r.stdout.contains("e-mail"), r.stdout)
    XCTAssertTrue(try oesh("apidae fiches").stdout.contains("— pas d'e-mail"), "the table says it")
  }

  /// `apidae fiche ID` and `apidae selection ID` in CSV, asked for or inferred from `> FILE.csv`: the rows of
  /// `apidae fiches` (they gave the card, and the sentences and the table); their JSON keeps its shape.
  func testOneFicheOrOneSelectionInCSVHasTheRowsOfApidaeFiches() throws {
    let all = try oesh("apidae fiches --format csv").stdout.split(separator: "\n").map(String.init)
    let header = all[0]
    let galibier = try XCTUnwrap(all.first { $0.hasPrefix("5100001,") })
    let fiche = try oesh("apidae fiche 5100001 --format csv")
    XCTAssertEqual(fiche.status, 0, fiche.stderr)
    XCTAssertEqual(fiche.stdout, header + "\n" + galibier + "\n")
    XCTAssertEqual(try oesh("apidae fiche \"hôtel du galibier\" > galibier.csv").status, 0)
    XCTAssertEqual(try file("galibier.csv"), fiche.stdout)

    let json = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(try oesh("apidae selection 49001 --format json").stdout.utf8))
        as? [String: Any])
    let members = try XCTUnwrap(json["members"] as? [Int])
    XCTAssertGreaterThan(members.count, 10)
    let selection = try oesh("apidae selection 49001 --format csv")
    XCTAssertEqual(selection.status, 0, selection.stderr)
    let rows = selection.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(rows.first, header)
    XCTAssertEqual(rows.dropFirst().compactMap { Int($0.prefix { $0 != "," }) }.sorted(), members.sorted())
    XCTAssertEqual(Set(rows.dropFirst()), Set(all.filter { members.contains(Int($0.prefix { $0 != "," }) ?? 0) }))
    XCTAssertEqual(try oesh("apidae sélection Hébergements > membres.csv").status, 0)
    XCTAssertEqual(try file("membres.csv"), selection.stdout)
  }

}
