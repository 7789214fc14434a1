import XCTest

@testable import Shell

final class TokenizerTests: XCTestCase {
  func testWordsQuotesAndEscapes() throws {
    XCTAssertEqual(try Tokenizer.split("echo  a   b"), [["echo", "a", "b"]])
    XCTAssertEqual(
      try Tokenizer.split(#"open campaign "Mise à jour 2027""#), [["open", "campaign", "Mise à jour 2027"]])
    XCTAssertEqual(try Tokenizer.split(#"echo 'l\' x"#), [["echo", #"l\"#, "x"]])
    XCTAssertEqual(try Tokenizer.split(#"echo a\ b "c\"d" "e\nf""#), [["echo", "a b", "c\"d", #"e\nf"#]])
    XCTAssertEqual(try Tokenizer.split(#"echo """#), [["echo", ""]])
  }

  func testSemicolonsAndComments() throws {
    XCTAssertEqual(try Tokenizer.split("echo a; echo b ;; echo c"), [["echo", "a"], ["echo", "b"], ["echo", "c"]])
    XCTAssertEqual(try Tokenizer.split("echo a # b ; echo c"), [["echo", "a"]])
    XCTAssertEqual(try Tokenizer.split("# only a comment"), [])
    XCTAssertEqual(try Tokenizer.split("echo a#b \"#c\" ';'"), [["echo", "a#b", "#c", ";"]])
    XCTAssertEqual(try Tokenizer.split("   "), [])
  }

  func testErrorsSayWhere() {
    XCTAssertThrowsError(try Tokenizer.split(#"echo "abc"#)) { error in
      XCTAssertEqual(error as? Tokenizer.Failure, .init(reason: .unterminatedQuote("\""), column: 6))
    }
    XCTAssertThrowsError(try Tokenizer.split(#"echo abc\"#)) { error in
      XCTAssertEqual((error as? Tokenizer.Failure)?.reason, .trailingBackslash)
    }
  }

  func testQuoteRoundTrips() throws {
    for word in ["simple", "Email à transmettre", "a\"b", "x;y", "#z", "", "back\\slash", "l'été"] {
      XCTAssertEqual(try Tokenizer.split("echo " + Tokenizer.quote(word)), [["echo", word]], word)
    }
  }

  func testPartialWordsForCompletion() {
    let p = Tokenizer.partialWords(#"audience --status "Email à tr"#)
    XCTAssertEqual(p.words, ["audience", "--status"])
    XCTAssertEqual(p.current, "Email à tr")
    XCTAssertEqual(p.rawCurrentLength, 11)
    XCTAssertEqual(Tokenizer.partialWords("echo a; hi").words, [])
    XCTAssertEqual(Tokenizer.partialWords("help ").current, "")
  }
}
