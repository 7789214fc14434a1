import XCTest

@testable import Apidae

final class ExportNameTests: XCTestCase {
  func testParsesZipAndFolderNames() throws {
    let zip = try XCTUnwrap(ExportName.parse("3126_20190215-0156_H8zWaD.zip"))
    XCTAssertEqual(
      zip, ExportName(projectId: 3126, year: 2019, month: 2, day: 15, hour: 1, minute: 56, code: "H8zWaD"))
    XCTAssertEqual(zip.stem, "3126_20190215-0156_H8zWaD")
    XCTAssertEqual(zip.sortKey, 2019_02_15_01_56)
    XCTAssertEqual(ExportName.parse("3126_20190215-0156_H8zWaD"), zip)
    XCTAssertNotNil(ExportName.parse("5582_20210427-0238_LK0LpW.zip"))
    XCTAssertNotNil(ExportName.parse("1_20240229-2359_a"))
  }

  func testRejectsWhatDoesNotNameAnExport() {
    for bad in [
      "export.zip", "3126_20190215-0156_", "3126_20190215-0156", "3126_20190215_0156_ABC", "3126_2019021-0156_ABC",
      "+3126_20190215-0156_ABC", "03126_20190215-0156_ABC", "0_20190215-0156_ABC", "3126_20190215-0156_H8z-aD",
      "3126_20190215-0156_H8zWaD.notification.json", "3126_20190215-0156_H8zWaD.tar", "３126_20190215-0156_ABC",
      "3126_2019O215-0156_ABC",
    ] {
      XCTAssertEqual(ExportName.parseWithReason(bad), .failure(.pattern), bad)
    }
  }

  func testRejectsDatesThatDoNotExist() {
    for bad in [
      "3126_20190230-0156_ABC", "3126_20230229-0156_ABC", "3126_19000229-0156_ABC", "3126_20191301-0156_ABC",
      "3126_20190015-0156_ABC", "3126_20190215-2456_ABC", "3126_20190215-0160_ABC", "3126_20190200-0156_ABC",
    ] {
      XCTAssertEqual(ExportName.parseWithReason(bad), .failure(.date), bad)
    }
    XCTAssertNotNil(ExportName.parse("3126_20000229-0000_ABC"))
  }

  func testOrderIsByDateThenCode() throws {
    let names = ["3126_20190216-0100_AAA", "3126_20190215-0156_ZZZ", "3126_20190215-0156_BBB", "3126_20190215-0157_A"]
      .compactMap(ExportName.parse)
    XCTAssertEqual(
      names.sorted().map(\.stem),
      ["3126_20190215-0156_BBB", "3126_20190215-0156_ZZZ", "3126_20190215-0157_A", "3126_20190216-0100_AAA"])
  }

  func testNaturalOrderOfEntries() {
    let names = [
      "objets_modifies/objets_modifies-10.json", "objets_modifies/objets_modifies-2.json",
      "objets_modifies/objets_modifies-1.json", "objets_modifies/objets_modifies-02.json",
      "objets_modifies/objets_modifies-100.json", "objets_modifies/a.json",
    ]
    XCTAssertEqual(
      names.sorted(by: naturalOrder),
      [
        "objets_modifies/a.json", "objets_modifies/objets_modifies-1.json", "objets_modifies/objets_modifies-2.json",
        "objets_modifies/objets_modifies-02.json", "objets_modifies/objets_modifies-10.json",
        "objets_modifies/objets_modifies-100.json",
      ])
  }
}
