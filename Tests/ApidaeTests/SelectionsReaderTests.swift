import Foundation
import XCTest

@testable import Apidae

/// The one-pass reader of `selections.json` must give what the decoder gives, and leave to the decoder
/// whatever it should judge.
final class SelectionsReaderTests: XCTestCase {
  private func decoded(_ json: String) throws -> [Selection] {
    try JSONDecoder().decode([SelectionJSON].self, from: Data(json.utf8)).map(\.selection)
  }

  private func read(_ json: String) throws -> [Selection]? { try SelectionsReader.selections(Array(json.utf8)) }

  func testAgreesWithTheDecoder() throws {
    var samples: [String] = []
    for name in ["selections.json", "update_selections.json", "shared_selections.json"] {
      samples.append(String(decoding: try Fixtures.bytes("selections/" + name), as: UTF8.self))
    }
    for json in samples + [
      #"[ ]"#,
      "\u{FEFF}[{\"id\":1}]",
      #"""
      [ {"id":1,"libelle":{"libelleEn":"Only English","libelleFr":""},"objetsTouristiques":[{"id":5},{"type":null,"id":6,"x":[1,{"y":null}]}]},
        {"id":2,"nom":"N","libelle":null,"objetsTouristiques":null, "other":{"a":"\u00e9"}},
        {"id":3,"nom":"","libelle":{"libelleKo":"K","libelleZh":"Z"}},
        {"id":4,"nom":"Caf\u00e9 \"des\" Sports","objetsTouristiques":[{"id":7,"type":"HOTELLERIE"},{"id":-8}]},
        {"id":5e0,"objetsTouristiques":[{"id":12.0}]} ]
      """#,
    ] {
      let fast = try XCTUnwrap(try read(json), json)
      XCTAssertEqual(fast, try decoded(json), json)
    }
    XCTAssertEqual(try read(#"[{"id":4,"nom":"Caf\u00e9"}]"#)?.first?.name, "Café")
  }

  func testLeavesAnythingUnusualToTheDecoder() throws {
    for json in [
      #"{"id":1}"#, #"[{"id":1}"#, #"[{"id":1}] x"#, #"[{"id":1},]"#, #"[1]"#, #"[{"nom":"no id"}]"#,
      #"[{"id":"1"}]"#, #"[{"id":1,"nom":3}]"#, #"[{"id":1,"libelle":"L"}]"#,
      #"[{"id":1,"libelle":{"libelleFr":1}}]"#,
      #"[{"id":1,"objetsTouristiques":{}}]"#, #"[{"id":1,"objetsTouristiques":[{"type":"X"}]}]"#,
      #"[{"id":1,"objetsTouristiques":[{"id":1,"type":2}]}]"#, #"[{"id":1,"objetsTouristiques":[null]}]"#,
      #"[{"id":1,"objetsTouristiques":[{"id":1.5}]}]"#, #"[{"id":1,"x":tru}]"#, "[{\"id\":1,\"nom\":\"a\u{1}\"}]",
    ] {
      XCTAssertNil(try read(json), json)
    }
  }

  /// A key it reads given twice, which the decoder would take the first of, it refuses itself, at the second.
  func testRefusesAKeyItReadsGivenTwice() {
    for (json, offset) in [
      (#"[{"id":1,"id":2}]"#, 9), (#"[{"id":1,"libelle":{"libelleFr":"a","libelleFr":"b"}}]"#, 36),
      (#"[{"id":1,"objetsTouristiques":[{"type":"A","t\u0079pe":"B","id":1}]}]"#, 43),
    ] {
      XCTAssertThrowsError(try read(json), json) { error in
        XCTAssertEqual((error as? SelectionsReader.RepeatedKey)?.failure.offset, offset, json)
      }
    }
  }

  /// A bad `selections.json` is still refused with the decoder's message and position.
  func testBadEntryStillRefusedWithPosition() throws {
    let folder = try scratchDirectory(self)
    let zip = folder.appendingPathComponent("3126_20190215-0156_H8zWaD.zip")
    let selections = Array("[{\"id\":1,\n \"objetsTouristiques\":[{\"id\":\"x\"}]}]".utf8)
    try writeZip(zip, [("selections.json", selections)])
    XCTAssertThrowsError(try ExportReader(url: zip).readAll()) { error in
      let e = error as? ExportError
      XCTAssertEqual(e?.entry, "selections.json")
      XCTAssertEqual(e?.line, 2)
    }
  }
}
