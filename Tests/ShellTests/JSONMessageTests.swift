import Foundation
import XCTest

@testable import Shell

/// The export readers' English about bad JSON, said in French.
final class JSONMessageTests: XCTestCase {
  func testEachFormTheReadersWriteIsSaidInFrench() {
    let t = Catalogue(.fr)
    let cases = [
      "expected ':'": "« : » attendu",
      "unexpected end of data, expected a value": "fin des données inattendue, valeur attendue",
      "invalid literal (expected true)": "littéral invalide (true attendu)",
      "[0].id: expected an integer, found null": "[0].id : un entier attendu, trouvé null",
      "informations.moyensCommunication[1].coordonnees.fr: expected a string":
        "informations.moyensCommunication[1].coordonnees.fr : une chaîne attendue",
      "top level: expected an array of objects or one object":
        "niveau supérieur : un tableau d'objets ou un objet attendu",
      "[0].type: missing": "[0].type : absent",
      "[0].state: expected one of PUBLISHED, HIDDEN, NEW, TRASH, DELETED, found \"WEIRD\"":
        "[0].state : l'une des valeurs PUBLISHED, HIDDEN, NEW, TRASH, DELETED attendue, trouvé « WEIRD »",
      "[2].id: sélection 1 given twice (first at [0])": "[2].id : sélection 1 donnée deux fois (la première en [0])",
      "projetId: expected 4242 (the project in the export's name), found 9999":
        "projetId : 4242 attendu (le projet du nom de l'export), trouvé 9999",
      "[1]: expected a positive integer": "[1] : un entier positif attendu",
      "[0].nom.libelleFr: a text of 16385 bytes, longer than oesh takes (16384 at most)":
        "[0].nom.libelleFr : texte de 16385 octets, plus long qu'oesh n'en prend (16384 au plus)",
      "[0].nom: key given twice (first at line 1, column 34)":
        "[0].nom : clé donnée deux fois (la première à la ligne 1, colonne 34)",
    ]
    for (english, french) in cases { XCTAssertEqual(JSONMessage.text(english, t), french) }
    XCTAssertEqual(JSONMessage.text("expected ':'", Catalogue(.en)), "expected ':'", "English stays")
    XCTAssertEqual(JSONMessage.text("something new", t), "something new", "an unknown form is shown as it is")
  }

  /// Every fixed message of the JSON reader (`syntax("…")` in the Apidae sources, either text of
  /// `syntax(first ? "…" : "…")` too: «expected a value or ']'», what a file cut after its `[` says, was
  /// left in English) has its French, alone and after «unexpected end of data».
  func testNoSyntaxMessageOfTheReaderIsLeftInEnglish() throws {
    let folder = OeshProcess.repoRoot.appendingPathComponent("Sources/Apidae")
    var found = 0
    for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
      let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      for call in text.matches(of: #/[^.\w]syntax\(([^\n]*)/#) {
        for match in call.output.1.matches(of: #/"((?:[^"\\]|\\.)*)"/#) {
          let message = String(match.output.1).replacingOccurrences(of: "\\\\", with: "\\")
          guard !message.contains("\\(") else { continue }  // built from a value: checked above by form
          found += 1
          XCTAssertNotNil(JSONMessage.french(message), message)
          let atTheEnd = JSONMessage.french("unexpected end of data, " + message) ?? ""
          XCTAssertFalse(atTheEnd.contains(message), atTheEnd)
        }
      }
    }
    XCTAssertGreaterThan(found, 10)
  }
}
