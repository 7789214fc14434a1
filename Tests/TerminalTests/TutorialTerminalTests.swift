import Foundation
import XCTest

/// `oesh tutorial` at the keyboard, in a real terminal (tmux): a newcomer types the real commands, one
/// lesson after the other, to the end; a step not really done does not let the lesson go on; leaving
/// and coming back resumes.
final class TutorialTerminalTests: XCTestCase {
  private static let oesh = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/debug/oesh")
  private let prompt = "oesh:tutorial> "
  private let promptInCampaign = "oesh:tutorial[Mise à jour 2027]> "
  private var directory: URL!
  private var sessions: [TerminalSession] = []

  override func setUpWithError() throws {
    guard FileManager.default.isExecutableFile(atPath: Self.oesh.path) else {
      throw TerminalSession.Failure(description: "\(Self.oesh.path) is missing: build it first (swift build)")
    }
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("oesh-tutorial-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("home"), withIntermediateDirectories: true)
  }

  override func tearDown() {
    for session in sessions { session.close() }
    sessions = []
    if let directory { try? FileManager.default.removeItem(at: directory) }
  }

  private func startTutorial(
    _ name: String, width: Int = 160, height: Int = 50, environment: [String: String] = [:]
  ) throws -> TerminalSession {
    let session = try TerminalSession(
      name: name, command: [Self.oesh.path, "tutorial"], home: directory.appendingPathComponent("home"),
      directory: directory, environment: environment, width: width, height: height)
    sessions.append(session)
    return session
  }

  /// Types a command, presses Enter, and waits for the line the tutorial answers with.
  private func run(_ shell: TerminalSession, _ command: String, expect text: String) throws {
    try shell.type(command)
    try shell.press("Enter")
    _ = try shell.waitFor(text, timeout: 10)
  }

  func testANewcomerGoesThroughEveryLessonToTheEnd() throws {
    let shell = try startTutorial("tutorial-end")
    _ = try shell.waitFor("━━ Leçon 1/8 : Faire le tour", timeout: 10)
    _ = try shell.waitForPrompt(prompt)

    // Lesson 1: looking around. `hint` gives the step's command.
    try run(shell, "campaigns", expect: "Étape 2/3 : Ouvrez la campagne")
    try run(shell, "hint", expect: "Indice : open campaign \"Mise à jour 2027\"")
    try run(shell, "open campaign \"Mise à jour 2027\"", expect: "Étape 3/3 : Regardez son audience")
    _ = try shell.waitForPrompt(promptInCampaign)
    try run(shell, "audience", expect: "━━ Leçon 2/8 : Dans Apidae, ajouter une fiche à la sélection ━━")

    // Lesson 2: a step of doing is not passed by a command that does not do it.
    try run(shell, "why 5100021", expect: "Étape 2/2 : Dans Apidae, ajoutez le type HOTELLERIE_PLEIN_AIR")
    try run(shell, "apidae calcul", expect: "(Pas encore : dans Apidae, la sélection « Hébergements »")
    try run(shell, "tutorial next", expect: "cette étape n'est pas faite")
    try run(shell, "tutorial status", expect: "→ 2. Dans Apidae, ajouter une fiche à la sélection (étape 2/2)")
    try shell.press("C-l")
    try run(
      shell, "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR",
      expect: "━━ Leçon 3/8 : Open Edit ne le sait pas encore ━━")

    // Lessons 3 to 7: the procedure, both sides.
    try run(shell, "selection Hébergements", expect: "Étape 2/2 : Voyez ce que le prochain export emporterait")
    try run(shell, "apidae calcul --dry-run", expect: "━━ Leçon 4/8 : Calcul exceptionnel, puis synchronisation ━━")
    try run(shell, "apidae calcul", expect: "Étape 2/2 : Synchronisez Open Edit")
    try run(shell, "sync", expect: "━━ Leçon 5/8 : La campagne ne l'a toujours pas ━━")
    try shell.press("C-l")
    try run(shell, "audience --status transmettre", expect: "Étape 2/2 : Demandez pourquoi")
    try run(shell, "why 5100021", expect: "━━ Leçon 6/8 : Actualiser l'audience ━━")
    try run(shell, "actualiser", expect: "━━ Leçon 7/8 : Envoyer l'e-mail : l'enveloppe ━━")
    try run(shell, "send 5100021", expect: "━━ Leçon 8/8 : Une fiche sans e-mail ━━")

    // Lesson 8: the night does both the export and the sync.
    try shell.press("C-l")
    try run(shell, "why 5100005", expect: "Étape 2/5 : Dans Apidae, donnez une adresse à la fiche")
    try run(shell, "apidae fiche 5100005 --email accueil@auberge-ecureuil.example", expect: "Étape 3/5")
    try run(shell, "nuit", expect: "Étape 5/5 : Envoyez-lui l'e-mail")
    try run(shell, "send 5100005", expect: "Bravo, le tutoriel est fini")
    try shell.press("C-l")
    try run(shell, "tutorial status", expect: "8 leçons terminées sur 8.")
    _ = try shell.waitForPrompt(promptInCampaign)
    try shell.type("quit")
    try shell.press("Enter")
    XCTAssertEqual(try shell.waitForExit(timeout: 10), 0)
    let outbox = directory.appendingPathComponent("home/.local/share/oesh/tutorial/outbox")
    let mails = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
    XCTAssertTrue(mails.contains { $0.hasSuffix("_5100021.eml") }, "\(mails)")
    XCTAssertTrue(mails.contains { $0.hasSuffix("_5100005.eml") }, "\(mails)")
  }

  func testLeavingAndComingBackResumesTheLesson() throws {
    let first = try startTutorial("tutorial-leave")
    _ = try first.waitForPrompt(prompt, timeout: 10)
    try run(first, "campaigns", expect: "Étape 2/3")
    try run(first, "open campaign \"Mise à jour 2027\"", expect: "Étape 3/3")
    _ = try first.waitForPrompt(promptInCampaign)
    try first.type("quitter")
    try first.press("Enter")
    _ = try first.waitFor(
      "Tutoriel laissé à la leçon 1/8, étape 3/3 : sa progression est gardée ; « oesh tutorial » le reprend là.")
    XCTAssertEqual(try first.waitForExit(timeout: 10), 0)

    let second = try startTutorial("tutorial-back")
    _ = try second.waitFor("Tutoriel : reprise dans", timeout: 10)
    _ = try second.waitFor("Étape 3/3 : Regardez son audience")
    _ = try second.waitForLastLine(promptInCampaign)
    try run(second, "audience", expect: "━━ Leçon 2/8")
  }

  // MARK: Narrow terminals

  /// A step's number is in colour, and colours take no column: the step was broken some ten columns
  /// before the edge of an 80-column terminal («… (c'est cliquer sur» / «son intitulé).»).
  func testAStepInColourIsBrokenAtTheTerminalsEdge() throws {
    let shell = try startTutorial("tutorial-colour", width: 80, height: 40)
    _ = try shell.waitForPrompt(prompt)
    try shell.type("campaigns")
    try shell.press("Enter")
    let screen = try shell.waitFor(
      line: #"^Étape 2/3 : Ouvrez la campagne « Mise à jour 2027 » \(c'est cliquer sur son$"#)
    let answer = screen.components(separatedBy: prompt + "campaigns").last ?? ""
    for line in answer.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, "«\(line)»") }
  }

  /// At 40 columns, a guillemet stays with its word and a command to type is whole on its line: the
  /// tutorial ended lines with «« » («… : « why» / «5100021 ».») and began others with «» ».
  func testGuillemetsStayWithTheirWordsAtFortyColumns() throws {
    let shell = try startTutorial("tutorial-narrow", width: 40, height: 60)
    _ = try shell.waitForPrompt(prompt)
    try shell.type("campaigns")
    try shell.press("Enter")
    let screen = try shell.waitFor(line: "^Étape 2/3 : Ouvrez la campagne$")
    XCTAssertTrue(screen.contains("\n« Mise à jour 2027 » (c'est cliquer sur\n"), screen)
    XCTAssertTrue(screen.contains("\nÉtape 1/3 : Listez les campagnes :\n« campaigns ».\n"), screen)
    XCTAssertTrue(screen.contains("\nquitter.\n" + prompt), screen)
    let welcome = screen.components(separatedBy: "Bienvenue").last ?? ""
    for line in welcome.split(separator: "\n") {
      XCTAssertFalse(line.hasSuffix("«") || line.hasPrefix("»") || line.hasPrefix(":"), "«\(line)»\n\(screen)")
    }
  }

  /// The lesson's heading and `tutorial status` are prose too: at 40 columns the terminal cut the
  /// heading's «campagne» in two («… : la campag» / «ne et son audience ━━»).
  func testTheLessonsHeadingAndTheProgressAreBrokenBetweenWords() throws {
    let shell = try startTutorial("tutorial-heading", width: 40, height: 60)
    let screen = try shell.waitForLastLine(prompt)
    XCTAssertTrue(screen.contains("\n━━ Leçon 1/8 : Faire le tour : la\ncampagne et son audience ━━\n"), screen)
    try shell.type("tutorial status")
    try shell.press("Enter")
    let status = try shell.waitFor(line: "^0 leçon terminée sur 8\\.$")
    XCTAssertTrue(status.contains("\n   4. Calcul exceptionnel, puis\n     synchronisation\n"), status)
  }
}
