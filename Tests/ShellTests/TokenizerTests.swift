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

  /// A bare `~` or `~/` starting a word is the home folder, as sh expands it; quoted or escaped in its
  /// `~` part, elsewhere in the word, or `~user`, it stays as typed.
  func testABareTildeIsTheHomeFolder() throws {
    let home = try XCTUnwrap(Tokenizer.homeFolder())
    XCTAssertEqual(
      try Tokenizer.split(#"echo ~ ~/x ~/"Mes exports"/a.zip ~/a\ b"#),
      [["echo", home, home + "/x", home + "/Mes exports/a.zip", home + "/a b"]])
    XCTAssertEqual(
      try Tokenizer.split(#"echo "~" '~/x' \~/y ~"/z" a~/b ~root ~~ x~"#),
      [["echo", "~", "~/x", "~/y", "~/z", "a~/b", "~root", "~~", "x~"]])
    let commands = try Tokenizer.commands("fiches > ~/fiches.csv")
    XCTAssertEqual(commands, [.init(words: ["fiches"], output: .init(path: home + "/fiches.csv", append: false))])
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
    for word in ["simple", "Email à transmettre", "a\"b", "x;y", "#z", "", "back\\slash", "l'été", ">", "a>>b"] {
      XCTAssertEqual(try Tokenizer.split("echo " + Tokenizer.quote(word)), [["echo", word]], word)
    }
  }

  /// A word holding controls is quoted `$'…'` (what TAB inserts), one line of printable text read back whole;
  /// `$'…'` reads bash's escapes, and an escape it does not know keeps its backslash.
  func testANameHoldingControlsIsQuotedWithEscapesAndReadBack() throws {
    let hostile = [
      "Rouge \u{1B}[31mX\u{1B}]0;pwned\u{07}\u{1B}[2J", "Ligne\r\nBcc \u{85} \u{202E}evil \u{200B}z", "it's\t\\ \u{7F}",
      "\u{E0001}tag", "\u{2028}",
    ]
    for word in hostile {
      let quoted = Tokenizer.quote(word)
      XCTAssertTrue(quoted.hasPrefix("$'"), quoted)
      XCTAssertFalse(quoted.unicodeScalars.contains(where: ANSIQuote.isEscaped), quoted)
      XCTAssertEqual(try Tokenizer.split("selection " + quoted + " ; echo"), [["selection", word], ["echo"]], quoted)
      XCTAssertEqual(Tokenizer.partialWords("selection " + quoted).current, word, quoted)
    }
    XCTAssertEqual(Tokenizer.quote("Ligne\r\nBcc \u{85} \u{202E}evil"), #"$'Ligne\r\nBcc \u0085 \u202Eevil'"#)
    XCTAssertEqual(Tokenizer.quote("Sélection été"), #""Sélection été""#, "accents need no escape")
    XCTAssertEqual(
      try Tokenizer.split(#"echo $'\x41\u00e9\U0001F600\q\'\"' a$'b'c $'' \$'x'"#),
      [["echo", "Aé😀\\q'\"", "abc", "", "$x"]])
    XCTAssertEqual(Tokenizer.partialWords("selection $'Lig").current, "Lig")
    XCTAssertEqual(Tokenizer.partialWords("selection $'Lig").rawCurrentLength, 5)
    XCTAssertThrowsError(try Tokenizer.split(#"echo $'a\'"#)) { error in
      XCTAssertEqual(error as? Tokenizer.Failure, .init(reason: .unterminatedQuote("'"), column: 6))
    }
  }

  func testRedirectionsAsInSh() throws {
    typealias C = Tokenizer.Command
    func out(_ path: String, append: Bool = false) -> Tokenizer.Redirection { .init(path: path, append: append) }
    XCTAssertEqual(
      try Tokenizer.commands("fiches --no-email > sans.csv"),
      [C(words: ["fiches", "--no-email"], output: out("sans.csv"))])
    XCTAssertEqual(
      try Tokenizer.commands("echo a >>b.txt c"), [C(words: ["echo", "a", "c"], output: out("b.txt", append: true))])
    XCTAssertEqual(try Tokenizer.commands("echo a>b"), [C(words: ["echo", "a"], output: out("b"))])
    XCTAssertEqual(
      try Tokenizer.commands(#"echo x > "mon fichier.txt"; echo y"#),
      [C(words: ["echo", "x"], output: out("mon fichier.txt")), C(words: ["echo", "y"])])
    XCTAssertEqual(
      try Tokenizer.commands(#"echo '>' ">>" \> a\>b # > c"#), [C(words: ["echo", ">", ">>", ">", "a>b"])])
    XCTAssertEqual(try Tokenizer.split("fiches > f.csv"), [["fiches"]], "split gives the words only")
    for (line, reason, column) in [
      ("echo >", Tokenizer.Failure.Reason.redirectionWithoutFile, 6), ("echo >> ; echo b", .redirectionWithoutFile, 6),
      // An empty name names no file: not «impossible d'écrire dans  : son dossier n'existe pas».
      (#"echo > """#, .redirectionWithoutFile, 6), ("echo a >> ''; echo b", .redirectionWithoutFile, 8),
      ("> x", .redirectionWithoutCommand, 1), ("echo a > x > y", .repeatedRedirection, 12),
      ("echo a > x >> y", .repeatedRedirection, 12), ("echo a > > y", .repeatedRedirection, 10),
    ] {
      XCTAssertThrowsError(try Tokenizer.commands(line), line) {
        XCTAssertEqual($0 as? Tokenizer.Failure, .init(reason: reason, column: column), line)
      }
    }
  }

  /// sh's redirections of standard error are refused, not read as a word `2` and a `>`; quoted, or inside a
  /// word, they are text.
  func testRedirectionsOfStandardErrorAreRefused() throws {
    for (line, op, column) in [
      ("fiches --search 2> e.log", "2>", 17), ("echo a 2>> h", "2>>", 8), ("echo a 2>&1", "2>&1", 8),
      ("echo a &> h", "&>", 8), ("echo a&>h", "&>", 7), ("echo a >& h", ">&", 8), ("echo a > h 2>&1", "2>&1", 12),
      ("echo a >>&2", ">>&2", 8), ("echo 3>h", "3>", 6), ("echo a; echo b 2>h", "2>", 16),
      ("echo a 1>&2", "1>&2", 8), ("echo a 0> h", "0>", 8),
    ] {
      XCTAssertThrowsError(try Tokenizer.commands(line), line) {
        XCTAssertEqual($0 as? Tokenizer.Failure, .init(reason: .standardErrorRedirection(op), column: column), line)
      }
    }
    typealias C = Tokenizer.Command
    XCTAssertEqual(try Tokenizer.split(#"echo "2>" '&>' 2\> &\> ">&""#), [["echo", "2>", "&>", "2>", "&>", ">&"]])
    func out(_ path: String) -> Tokenizer.Redirection { .init(path: path, append: false) }
    XCTAssertEqual(try Tokenizer.commands("echo a2>h"), [C(words: ["echo", "a2"], output: out("h"))])
    XCTAssertEqual(try Tokenizer.commands(#"echo "2">h"#), [C(words: ["echo", "2"], output: out("h"))])
    XCTAssertEqual(try Tokenizer.commands("echo 2 > h"), [C(words: ["echo", "2"], output: out("h"))])
    XCTAssertEqual(try Tokenizer.commands("echo a > &h"), [C(words: ["echo", "a"], output: out("&h"))])
  }

  /// `1>` and `1>>` are standard output's `>` and `>>`, as in sh, not a refused redirection of standard
  /// error; quoted, escaped or inside a word, the `1` is text.
  func testOneRedirectsStandardOutput() throws {
    typealias C = Tokenizer.Command
    func out(_ path: String, append: Bool = false) -> Tokenizer.Redirection { .init(path: path, append: append) }
    XCTAssertEqual(
      try Tokenizer.commands("fiches --search 1> f.txt"), [C(words: ["fiches", "--search"], output: out("f.txt"))])
    XCTAssertEqual(try Tokenizer.commands("echo a 1>>h"), [C(words: ["echo", "a"], output: out("h", append: true))])
    XCTAssertEqual(try Tokenizer.commands("echo a 01> h"), [C(words: ["echo", "a"], output: out("h"))])
    XCTAssertEqual(try Tokenizer.commands(#"echo "1">h"#), [C(words: ["echo", "1"], output: out("h"))])
    XCTAssertEqual(try Tokenizer.commands(#"echo \1>h"#), [C(words: ["echo", "1"], output: out("h"))])
    XCTAssertEqual(try Tokenizer.commands("echo a1>h"), [C(words: ["echo", "a1"], output: out("h"))])
    XCTAssertEqual(try Tokenizer.split(#"echo "1>" '1>>'"#), [["echo", "1>", "1>>"]])
    for (line, reason, column) in [
      ("echo a 1>", Tokenizer.Failure.Reason.redirectionWithoutFile, 8), ("echo a > x 1> y", .repeatedRedirection, 12),
    ] {
      XCTAssertThrowsError(try Tokenizer.commands(line), line) {
        XCTAssertEqual($0 as? Tokenizer.Failure, .init(reason: reason, column: column), line)
      }
    }
  }

  /// sh's `>|` (and zsh's `>>|`) is refused, not read as a `>` into a file named `|`; quoted, or apart
  /// from the `>`, the `|` is text.
  func testAClobberingRedirectionIsRefused() throws {
    for (line, op, column) in [
      ("echo a >| p.txt", ">|", 8), ("fiches --no-email >|sans.csv", ">|", 19), ("echo a >>| p.txt", ">>|", 8),
      ("echo a>|p", ">|", 7), ("echo a; echo b >| p", ">|", 16),
    ] {
      XCTAssertThrowsError(try Tokenizer.commands(line), line) {
        XCTAssertEqual($0 as? Tokenizer.Failure, .init(reason: .unknownRedirection(op), column: column), line)
      }
    }
    typealias C = Tokenizer.Command
    func out(_ path: String) -> Tokenizer.Redirection { .init(path: path, append: false) }
    XCTAssertEqual(try Tokenizer.split(#"echo ">|" '>|' \>|"#), [["echo", ">|", ">|", ">|"]])
    XCTAssertEqual(try Tokenizer.commands("echo a | b > p"), [C(words: ["echo", "a", "|", "b"], output: out("p"))])
    XCTAssertEqual(try Tokenizer.commands(#"echo a > "|p""#), [C(words: ["echo", "a"], output: out("|p"))])
  }

  func testABackslashAtTheEndGoesOnWithTheNextLine() {
    XCTAssertTrue(Tokenizer.continues(#"new campaign "Été" \"#))
    XCTAssertFalse(Tokenizer.continues("echo a"))
    XCTAssertFalse(Tokenizer.continues(#"echo 'a \'"#), "a quoted backslash is a letter")
    XCTAssertFalse(Tokenizer.continues(#"echo a \\"#), "an escaped backslash")
    XCTAssertTrue(Tokenizer.continues(#"echo "a \"#), "inside double quotes too, as in sh")
    XCTAssertEqual(try Tokenizer.split(Tokenizer.continued(#"echo "a \"#, with: #"b""#)), [["echo", "a b"]])
    XCTAssertFalse(Tokenizer.continues(#"echo "a"#), "an unterminated quote is an error, not a continuation")
    XCTAssertEqual(Tokenizer.continued(#"echo a \"#, with: "  b"), "echo a   b")
  }

  func testPartialWordsForCompletion() {
    let p = Tokenizer.partialWords(#"audience --status "Email à tr"#)
    XCTAssertEqual(p.words, ["audience", "--status"])
    XCTAssertEqual(p.current, "Email à tr")
    XCTAssertEqual(p.rawCurrentLength, 11)
    XCTAssertEqual(Tokenizer.partialWords("echo a; hi").words, [])
    XCTAssertEqual(Tokenizer.partialWords("help ").current, "")
    let file = Tokenizer.partialWords("fiches --no-email > sa")
    XCTAssertEqual(file.words, ["fiches", "--no-email"])
    XCTAssertEqual(file.current, "sa")
    XCTAssertTrue(file.isRedirection)
    XCTAssertTrue(Tokenizer.partialWords("fiches >>").isRedirection)
    let after = Tokenizer.partialWords("fiches > f.csv --ty")
    XCTAssertEqual(after.words, ["fiches"])
    XCTAssertFalse(after.isRedirection, "the file is typed: back to the command's words")
  }
}
