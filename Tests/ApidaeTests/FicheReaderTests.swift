import Foundation
import XCTest

@testable import Apidae

/// FicheReader (one validating pass, no document tree) agrees with the JSONDecoder reference
/// reading on real objects and on many generated ones.
final class FicheReaderTests: XCTestCase {
  func testAgreesOnRealObjects() throws {
    var raws = try Fiche.parseObjects(Fixtures.bytes("hot_fr_en.json")).map(\.raw)
    raws += try Fiche.parseObjects(Fixtures.bytes("structure.json")).map(\.raw)
    for entry in ["objets_modifies/objets_modifies-1.json", "objets_modifies/objets_modifies-2.json"] {
      let bytes = try ZipProbe.entry(entry, of: Fixtures.hotentic.appendingPathComponent("json_export.zip"))
      raws += try Fiche.parseObjects(bytes).map(\.raw)
    }
    XCTAssertEqual(raws.count, 7)
    for raw in raws { XCTAssertEqual(try Fiche.parse(raw: raw), try FicheJSON.fiche(raw)) }
  }

  /// A tiny deterministic generator (the same objects on every run).
  final class Generator {
    init(state: UInt64) { self.state = state }
    var state: UInt64
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    func chance(_ percent: Int) -> Bool { next(100) < percent }
    func space() -> String { ["", " ", "\n  ", "\r\n\t", "  "][next(5)] }

    func text() -> String {
      let pieces = ["a", "é", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "@x.fr", " ", "\\/", "Ω", "😀", "\\t"]
      return (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
    }

    func junk(_ depth: Int = 0) -> String {
      switch next(depth > 2 ? 4 : 6) {
      case 0: return "\"\(text())\""
      case 1: return ["-12", "0", "3.25", "1e5", "-0.5E-3"][next(5)]
      case 2: return ["true", "false", "null"][next(3)]
      case 3: return "\"\""
      case 4: return "[" + (0..<next(3)).map { _ in space() + junk(depth + 1) }.joined(separator: ",") + "]"
      default:
        return "{"
          + (0..<next(3)).map { n in "\"k\(n)\"\(space()):\(space())\(junk(depth + 1))" }.joined(separator: ",")
          + "}"
      }
    }

    /// An object whose members are given in a random order, with junk members mixed in.
    func object(_ members: [(String, String)]) -> String {
      var all = members
      for n in 0..<next(3) { all.append(("x\(n)", junk())) }
      for k in stride(from: all.count - 1, to: 0, by: -1) { all.swapAt(k, next(k + 1)) }
      return "{" + all.map { "\(space())\"\($0.0)\"\(space()):\(space())\($0.1)" }.joined(separator: ",") + space()
        + "}"
    }

    func maybe(_ key: String, _ value: () -> String, into members: inout [(String, String)]) {
      switch next(5) {
      case 0: return
      case 1: members.append((key, "null"))
      default: members.append((key, value()))
      }
    }

    func translations(_ keys: [String]) -> String {
      var members: [(String, String)] = []
      for key in keys where chance(30) { members.append((key, chance(10) ? "null" : "\"\(text())\"")) }
      return object(members)
    }

    func moyens() -> String {
      "["
        + (0..<next(4)).map { _ in
          var m: [(String, String)] = []
          maybe("type", { object([("id", ["201", "204", "204", "205", "null"][next(5)])]) }, into: &m)
          maybe(
            "coordonnees", { translations(["fr", "en", "de", "es", "it", "nl", "ptBR", "ru", "zh", "ja", "ko"]) },
            into: &m)
          return object(m)
        }.joined(separator: ",") + "]"
    }

    func fiche() -> String {
      var m: [(String, String)] = [
        ("type", "\"\(["HOTELLERIE", "ACTIVITE", "STRUCTURE"][next(3)])\""), ("id", "\(next(1_000_000))"),
      ]
      maybe("identifier", { "\"SITRA2_\(text())\"" }, into: &m)
      maybe("state", { "\"\(["PUBLISHED", "HIDDEN", "DELETED"][next(3)])\"" }, into: &m)
      maybe("nom", { translations(["libelleFr", "libelleEn", "libelleDe", "libelleIt", "libelleKo"]) }, into: &m)
      maybe(
        "gestion",
        {
          var g: [(String, String)] = []
          maybe("dateModification", { "\"2024-05-01T10:00:00.000+0000\"" }, into: &g)
          maybe(
            "membreProprietaire",
            {
              var o: [(String, String)] = []
              maybe("id", { "\(next(5000))" }, into: &o)
              maybe("nom", { "\"\(text())\"" }, into: &o)
              return object(o)
            }, into: &g)
          return object(g)
        }, into: &m)
      maybe("informations", { object(chance(80) ? [("moyensCommunication", moyens())] : []) }, into: &m)
      maybe(
        "localisation",
        {
          object([
            (
              "adresse",
              object([
                (
                  "commune",
                  object(
                    chance(50)
                      ? [("id", "\(next(40000))")] : [("id", "12"), ("nom", "\"\(text())\""), ("code", "\"73151\"")])
                )
              ])
            )
          ])
        }, into: &m)
      maybe(
        "contacts",
        {
          "["
            + (0..<next(4)).map { _ in
              var c: [(String, String)] = []
              maybe("referent", { ["true", "false"][next(2)] }, into: &c)
              maybe("moyensCommunication", { moyens() }, into: &c)
              return object(c)
            }.joined(separator: ",") + "]"
        }, into: &m)
      return object(m)
    }
  }

  func testAgreesOnGeneratedObjects() throws {
    let generator = Generator(state: 42)
    var withEmail = 0
    for _ in 0..<3000 {
      let raw = generator.fiche().bytes
      let expected = try FicheJSON.fiche(raw)
      XCTAssertEqual(try Fiche.parse(raw: raw), expected, String(decoding: raw, as: UTF8.self))
      if expected.email != nil { withEmail += 1 }
    }
    XCTAssertGreaterThan(withEmail, 300, "the generator must exercise the e-mail rule")
  }

  /// Strings are skipped eight bytes at a time while no byte needs a look: any byte that ends a plain
  /// run (quote, backslash, control, not ASCII), at any of the eight places, stops the fast path.
  func testEightBytesAtATimeNeverSkipAByteThatMatters() {
    func word(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }
    for byte in UInt8.min...UInt8.max {
      let matters = byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
      for place in 0..<8 {
        var bytes = [UInt8](repeating: UInt8(ascii: "e"), count: 8)
        bytes[place] = byte
        XCTAssertEqual(ASCIIWord.mayEndPlainRun(word(bytes)), matters, "byte \(byte) at \(place)")
      }
    }
    // Escapes and accents on each side of an eight-byte boundary.
    for prefix in 0..<17 {
      let text = String(repeating: "a", count: prefix) + #"\"é\\ \u00e9"# + String(repeating: "b", count: 9)
      let json = Array(#"{"id": 7, "type": "HOTELLERIE", "nom": {"libelleFr": "\#(text)"}}"#.utf8)
      XCTAssertEqual(
        try Fiche.parse(raw: json).name,
        String(repeating: "a", count: prefix) + "\"é\\ é" + String(repeating: "b", count: 9))
    }
  }

  func testRefusesWhatIsNotJSON() throws {
    let generator = Generator(state: 7)
    var refused = 0
    for _ in 0..<1500 {
      var raw = generator.fiche().bytes
      // Damage one byte.
      let at = generator.next(raw.count)
      // Not ',': Foundation accepts a trailing comma in an object, FicheReader (like RFC 8259) does not.
      let damage = Array("{}[]\":\\ x0e\u{01}".utf8) + [0xC3, 0xFF]
      raw[at] = damage[generator.next(damage.count)]
      let reference = Result { try FicheJSON.fiche(raw) }
      let ours = Result { try Fiche.parse(raw: raw) }
      switch (reference, ours) {
      case (.success(let a), .success(let b)): XCTAssertEqual(a, b)
      case (.failure, .failure): refused += 1
      case (.success, .failure):
        // JSONDecoder does not check the values it does not decode; FicheReader does. The JSON must
        // then really be invalid: JSONSerialization, which reads every value, refuses it too.
        XCTAssertThrowsError(try JSONSerialization.jsonObject(with: Data(raw)), String(decoding: raw, as: UTF8.self))
        refused += 1
      default:
        XCTFail("disagreement on \(String(decoding: raw, as: UTF8.self)): \(reference) vs \(ours)")
      }
    }
    XCTAssertGreaterThan(refused, 500)
  }
}
