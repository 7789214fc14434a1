import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// Rule R5 (the envelope), the outbox's atomicity, and the e-mails as a mail reader sees them.
final class MailTests: XCTestCase {
  var world: CampaignWorld!
  var campaign: Campaign!
  let stamp = CampaignStamp(at: "2025-03-04 10:15:00", command: "send")

  override func setUpWithError() throws {
    world = try CampaignWorld()
    try world.fiche(101, "Hôtel du Lac", email: "lac@example.org")
    try world.fiche(102, "La Châtelleraie", email: " chatel@example.org ", communeId: 14712)
    try world.fiche(103, "Refuge des Écrins")
    try world.selection(49063, "Hébergements Vallée", [101, 102, 103])
    campaign = try world.create("Été 2025", [49063])
  }

  override func tearDown() { world = nil }

  private func status(_ ficheId: Int) throws -> OffreStatus? { try world.statuses(campaign)[ficheId] }

  // R5
  func testSendWritesOneEmailAndMovesTheOffreToEmailTransmis() throws {
    let report = try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [102], stamp: stamp)
    XCTAssertEqual(report.sent.map(\.to), ["chatel@example.org"])
    XCTAssertEqual(world.outboxFiles(includingHidden: true), [report.sent[0].file])
    XCTAssertEqual(report.sent[0].file, "20250304-101500_c\(campaign.id)_102.eml")
    XCTAssertEqual(try status(102), .transmis)
    let row = try world.store.read { db in
      try Row.fetchOne(db, sql: "SELECT sent_at, sent_to, message_file, status_since FROM offre WHERE fiche_id = 102")!
    }
    XCTAssertEqual(row["sent_at"], "2025-03-04 10:15:00")
    XCTAssertEqual(row["sent_to"], "chatel@example.org")
    XCTAssertEqual(row["message_file"], report.sent[0].file)
    XCTAssertEqual(row["status_since"], "2025-03-04 10:15:00")
    let journal = try world.store.read { db in try CampaignJournal.entries(db, ficheId: 102, campaignId: campaign.id) }
    XCTAssertEqual(journal.map(\.kind), ["offre.created", "offre.status", "mail.sent"])
    XCTAssertEqual(journal[1].detail, "Email à transmettre → Email transmis")
  }

  func testSendingTwiceIsRefusedAndLeavesOneEmail() throws {
    let outbox = world.mailOutbox()
    _ = try outbox.send(world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp)
    XCTAssertThrowsError(try outbox.send(world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp)) {
      XCTAssertEqual($0 as? MailSendError, .refused([SendRefusal(ficheId: 101, reason: .wrongStatus(.transmis))]))
    }
    let again = try outbox.sendAll(world.store, campaignId: campaign.id, stamp: stamp)
    XCTAssertFalse(again.sent.contains { $0.ficheId == 101 })
    XCTAssertEqual(world.outboxFiles().filter { $0.hasSuffix("_101.eml") }.count, 1)
  }

  func testAnEmailIsNeverWrittenOverAnotherFileOfTheOutbox() throws {
    try FileManager.default.createDirectory(at: world.outbox, withIntermediateDirectories: true)
    let old = world.outbox.appendingPathComponent("20250304-101500_c\(campaign.id)_101.eml")
    try Data("an older e-mail".utf8).write(to: old)
    let report = try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp)
    XCTAssertEqual(report.sent.map(\.file), ["20250304-101500_c\(campaign.id)_101-2.eml"])
    XCTAssertEqual(try String(contentsOf: old, encoding: .utf8), "an older e-mail")
    XCTAssertEqual(world.outboxFiles().count, 2)
  }

  /// An e-mail that cannot be written names the outbox and the system's reason (by its POSIX name, which
  /// the shell words), not a temporary file; nothing is sent.
  func testAnEmailThatCannotBeWrittenNamesTheOutbox() throws {
    let token = try world.store.read { db in
      try String.fetchOne(db, sql: "SELECT token FROM offre WHERE fiche_id = 101")!
    }
    // Where the e-mail's temporary file goes, a folder: the system refuses to write it (EISDIR).
    try FileManager.default.createDirectory(
      at: world.outbox.appendingPathComponent(".pending-\(token).eml"), withIntermediateDirectories: true)
    XCTAssertThrowsError(
      try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp)
    ) {
      XCTAssertEqual($0 as? MailSendError, .outbox(world.outbox.path, "EISDIR"))
    }
    XCTAssertEqual(try status(101), .aTransmettre)
  }

  func testTheSameIdTwiceInOneCommandIsOneEmail() throws {
    let report = try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [101, 101], stamp: stamp)
    XCTAssertEqual(report.sent.count, 1)
    XCTAssertEqual(world.outboxFiles().count, 1)
  }

  func testSendRefusesAFicheWithoutOrWithAnInvalidEmailAndThenSendsNone() throws {
    try world.setEmail(102, "chatel @example.org")
    XCTAssertThrowsError(
      try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [101, 103, 102, 999], stamp: stamp)
    ) {
      XCTAssertEqual(
        $0 as? MailSendError,
        .refused([
          SendRefusal(ficheId: 103, reason: .noEmail),
          SendRefusal(ficheId: 102, reason: .invalidEmail("chatel @example.org")),
          SendRefusal(ficheId: 999, reason: .notInAudience),
        ]))
    }
    XCTAssertEqual(world.outboxFiles(includingHidden: true), [])
    XCTAssertEqual(try status(101), .aTransmettre)
    try world.store.read { db in
      XCTAssertEqual(try MailOutbox.refusal(db, campaignId: campaign.id, ficheId: 103), .noEmail)
      XCTAssertNil(try MailOutbox.refusal(db, campaignId: campaign.id, ficheId: 101))
    }
  }

  func testAnOffreActualiserWouldSetAsideIsNotSentUntilActualiser() throws {
    // Since the campaign was made, an import deleted 101, hid 102 and took 104 out of the sélection:
    // R3 leaves their offres «Email à transmettre», but R4 would set them aside, so none is sent.
    try world.fiche(104, "Chalet", email: "chalet@example.org")
    try world.selection(49063, "Hébergements Vallée", [101, 102, 103, 104])
    _ = try world.actualiser(campaign)
    try world.setState(101, "DELETED", since: "3126_20250305-0200_BBBB")
    try world.setState(102, "HIDDEN", since: "3126_20250305-0200_BBBB")
    try world.selection(49063, "Hébergements Vallée", [101, 102, 103])
    let expected = [
      SendRefusal(ficheId: 101, reason: .actualiserFirst(.supprimee)),
      SendRefusal(ficheId: 102, reason: .actualiserFirst(.masquee)),
      SendRefusal(ficheId: 104, reason: .actualiserFirst(.horsSelection)),
    ]
    XCTAssertThrowsError(
      try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [101, 102, 104], stamp: stamp)
    ) { XCTAssertEqual($0 as? MailSendError, .refused(expected)) }
    try world.store.read { db in
      for refusal in expected {
        XCTAssertEqual(try MailOutbox.refusal(db, campaignId: campaign.id, ficheId: refusal.ficheId), refusal.reason)
      }
    }
    let all = try world.mailOutbox().sendAll(world.store, campaignId: campaign.id, stamp: stamp)
    XCTAssertEqual(all.sent, [])
    XCTAssertEqual(all.refused, expected.prefix(2) + [SendRefusal(ficheId: 103, reason: .noEmail), expected[2]])
    XCTAssertEqual(world.outboxFiles(includingHidden: true), [])
    // Once actualised they are set aside, and a fiche back in the sélection can be sent again.
    _ = try world.actualiser(campaign)
    XCTAssertEqual(try status(101), .supprimee)
    XCTAssertEqual(try status(104), .horsSelection)
    try world.selection(49063, "Hébergements Vallée", [101, 102, 103, 104])
    XCTAssertThrowsError(
      try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [104], stamp: stamp)
    ) {
      XCTAssertEqual($0 as? MailSendError, .refused([SendRefusal(ficheId: 104, reason: .wrongStatus(.horsSelection))]))
    }
    _ = try world.actualiser(campaign)
    XCTAssertEqual(
      try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [104], stamp: stamp).sent.count, 1)
  }

  func testSendAllSendsEverySendableOfferAndListsTheOthersWithTheirReason() throws {
    try world.fiche(104, "Chalet", email: "chalet@example")
    try world.selection(49063, "Hébergements Vallée", [101, 102, 103, 104])
    _ = try world.actualiser(campaign)
    let report = try world.mailOutbox().sendAll(world.store, campaignId: campaign.id, stamp: stamp)
    XCTAssertEqual(report.sent.map(\.ficheId), [101, 102])
    XCTAssertEqual(
      report.refused,
      [SendRefusal(ficheId: 103, reason: .noEmail), SendRefusal(ficheId: 104, reason: .invalidEmail("chalet@example"))])
    XCTAssertEqual(world.outboxFiles().count, 2)
    let second = try world.mailOutbox().sendAll(world.store, campaignId: campaign.id, stamp: stamp)
    XCTAssertEqual(second.sent, [])
    XCTAssertEqual(second.refused.map(\.ficheId), [103, 104])
    XCTAssertEqual(world.outboxFiles().count, 2)
  }

  func testACrashBetweenWritingAndCommittingLeavesNoEmailAndNoStatusAfterReconcile() throws {
    var outbox = world.mailOutbox()
    outbox.crashAfter = .filesWritten
    XCTAssertThrowsError(try outbox.sendAll(world.store, campaignId: campaign.id, stamp: stamp)) {
      XCTAssertTrue($0 is MailOutbox.SimulatedCrash)
    }
    XCTAssertEqual(world.outboxFiles(includingHidden: true).count, 2)
    XCTAssertEqual(world.outboxFiles(), [])
    XCTAssertEqual(try status(101), .aTransmettre)
    let repair = try reconcileOutbox(store: world.store, outbox: world.outbox)
    XCTAssertEqual(repair.finished, [])
    XCTAssertEqual(repair.removed.count, 2)
    XCTAssertEqual(world.outboxFiles(includingHidden: true), [])
    // Sending again works, once.
    let report = try world.mailOutbox().sendAll(world.store, campaignId: campaign.id, stamp: stamp)
    XCTAssertEqual(report.sent.count, 2)
    XCTAssertEqual(world.outboxFiles().count, 2)
  }

  func testACrashBetweenCommittingAndRenamingIsFinishedByReconcile() throws {
    var outbox = world.mailOutbox()
    outbox.crashAfter = .committed
    XCTAssertThrowsError(try outbox.send(world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp))
    XCTAssertEqual(try status(101), .transmis)
    XCTAssertEqual(world.outboxFiles(), [])
    let file = try world.store.read { db in
      try String.fetchOne(db, sql: "SELECT message_file FROM offre WHERE fiche_id = 101")!
    }
    let repair = try reconcileOutbox(store: world.store, outbox: world.outbox)
    XCTAssertEqual(repair, OutboxReconciliation(finished: [file], removed: [], skipped: false))
    XCTAssertEqual(world.outboxFiles(includingHidden: true), [file])
    let data = try Data(contentsOf: world.outbox.appendingPathComponent(file))
    XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("To: =?UTF-8?B?"))
    // Nothing left to do, and the offre cannot be sent again.
    XCTAssertEqual(
      try reconcileOutbox(store: world.store, outbox: world.outbox),
      OutboxReconciliation(finished: [], removed: [], skipped: false))
    XCTAssertThrowsError(
      try world.mailOutbox().send(world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp))
    XCTAssertEqual(world.outboxFiles().count, 1)
  }

  /// A send still running in another shell, between its commit and its renames, holds the outbox's
  /// lock: a repair leaves its pending e-mails alone (it took them for an interrupted send's and said so
  /// for each); once that send is gone, its lock with it, the repair finishes them.
  func testARepairLeavesALiveSendsPendingEMailsAlone() throws {
    var outbox = world.mailOutbox()
    outbox.crashAfter = .committed
    XCTAssertThrowsError(try outbox.send(world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp))
    let pending = world.outboxFiles(includingHidden: true)
    XCTAssertEqual(pending.count, 1)
    XCTAssertTrue(pending[0].hasPrefix(".pending-"), "\(pending)")
    // The other shell, still sending: its lock, on a descriptor of its own.
    let live = try XCTUnwrap(OutboxLock.sending(in: world.outbox))
    XCTAssertEqual(
      try reconcileOutbox(store: world.store, outbox: world.outbox),
      OutboxReconciliation(finished: [], removed: [], skipped: true))
    XCTAssertEqual(world.outboxFiles(includingHidden: true), pending, "left to the live send")
    live.release()
    let file = try world.store.read { db in
      try String.fetchOne(db, sql: "SELECT message_file FROM offre WHERE fiche_id = 101")!
    }
    XCTAssertEqual(
      try reconcileOutbox(store: world.store, outbox: world.outbox),
      OutboxReconciliation(finished: [file], removed: [], skipped: false))
    XCTAssertEqual(world.outboxFiles(includingHidden: true), [file])
  }

  /// Reconciles, through another connection, an outbox holding only `file`, while this one holds the
  /// write lock (another shell importing); the file is left as it was.
  private func reconcileWhileLocked(holding file: String) throws -> OutboxReconciliation {
    let other = try Store(url: world.store.url, busyTimeout: 0.05)
    try FileManager.default.createDirectory(at: world.outbox, withIntermediateDirectories: true)
    try Data().write(to: world.outbox.appendingPathComponent(file))
    let result = try world.store.write { _ in try reconcileOutbox(store: other, outbox: world.outbox) }
    XCTAssertEqual(world.outboxFiles(includingHidden: true), [file])
    return result
  }

  func testReconcileWaitsForNobodyWhenAnotherProcessHoldsTheWriteLock() throws {
    XCTAssertEqual(
      try reconcileWhileLocked(holding: ".pending-abc.eml"),
      OutboxReconciliation(finished: [], removed: [], skipped: true))
  }

  /// The usual case, nothing left half-written: no write transaction at all, so a command that starts
  /// while another shell imports is not held back (skipped would mean it waited for the lock).
  func testReconcileWithNothingPendingTakesNoLock() throws {
    XCTAssertEqual(
      try reconcileWhileLocked(holding: "sent.eml"), OutboxReconciliation(finished: [], removed: [], skipped: false))
  }

  func testRedirectSendsEveryEmailToOneAddressAndKeepsTheFichesAddressAside() throws {
    let outbox = world.mailOutbox(redirect: "essai@example.org")
    let report = try outbox.send(world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp)
    XCTAssertEqual(report.sent.map(\.to), ["essai@example.org"])
    let text = try String(contentsOf: world.outbox.appendingPathComponent(report.sent[0].file), encoding: .utf8)
    XCTAssertTrue(text.contains("<essai@example.org>\r\n"))
    XCTAssertTrue(text.contains("X-Oesh-Redirected-From: <lac@example.org>\r\n"))
    XCTAssertThrowsError(
      try world.mailOutbox(redirect: "nope").send(
        world.store, campaignId: campaign.id, ficheIds: [102], stamp: stamp)
    ) { XCTAssertEqual($0 as? MailSendError, .invalidSetting(.redirect, "nope")) }
  }

  /// The e-mails, read back by Python's `email` package: no defects, the right text, nothing injected.
  func testEmailsReadBackByPythonHaveNoDefectsAndNothingInjected() throws {
    let evil = "Hôtel\r\nBcc: evil@example.com\u{1b}[31m rouge\u{7}\nCc: x@example.com"
    let longName = String(repeating: "Résidence « Les Édelweiss » ", count: 4) + "et spa"
    try world.fiche(201, evil, email: "evil-target@example.org")
    try world.fiche(202, "Plain ASCII Inn", email: "plain@example.org")
    try world.fiche(203, "O'Neil \"Le Pub\" (bar), Annecy", email: "pub@example.org")
    try world.fiche(204, longName, email: "edelweiss@example.org")
    try world.fiche(205, "Très\u{1b}]0;titre\u{7} long sujet", email: "titre@example.org")
    try world.selection(49064, "Divers", [201, 202, 203, 204, 205])
    let other = try world.create("Printemps à Chamonix — édition spéciale 2025, relance n°1", [49064])
    try world.store.write { db in
      _ = try Campaign.setTemplate(
        db, id: other.id, subject: "{campagne} : « {nom} » ({commune})",
        from: "Office de Tourisme du Mont-Blanc <ot@example.org>",
        stamp: stamp)
    }
    let report = try world.mailOutbox(formBaseURL: "https://forms.example.org/f/")
      .sendAll(world.store, campaignId: other.id, stamp: stamp)
    XCTAssertEqual(report.sent.count, 5)
    let title = "Printemps à Chamonix — édition spéciale 2025, relance n°1"
    let names: [Int: String] = [
      201: "Hôtel Bcc: evil@example.com rouge Cc: x@example.com", 202: "Plain ASCII Inn",
      203: "O'Neil \"Le Pub\" (bar), Annecy", 204: longName.trimmingCharacters(in: .whitespaces),
      205: "Très long sujet",
    ]
    let tokens = try world.store.read { db in
      try Dictionary(
        uniqueKeysWithValues: Row.fetchAll(
          db, sql: "SELECT fiche_id, token FROM offre WHERE campaign_id = ?",
          arguments: [other.id]
        ).map { ($0["fiche_id"] as Int, $0["token"] as String) })
    }
    let manifest: [[String: Any]] = report.sent.map { mail in
      let name = names[mail.ficheId]!
      let expected: [String: Any] = [
        "to_addr": mail.to, "to_name": name, "from_addr": "ot@example.org",
        "subject": "\(title) : « \(name) » (Chamonix-Mont-Blanc)",
        "date": "2025-03-04T10:15:00+01:00",
        "body_contains": ["https://forms.example.org/f/\(tokens[mail.ficheId]!)", "« \(name) »", "Bonjour,"],
        // The form link's secret is not the Message-ID (which it was), nor in any other header.
        "link_token": tokens[mail.ficheId]!,
      ]
      return ["file": world.outbox.appendingPathComponent(mail.file).path, "expected": expected]
    }
    let manifestURL = world.directory.appendingPathComponent("manifest.json")
    try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
    let output = try python("check_eml.py", manifestURL.path)
    XCTAssertEqual(output.status, 0, output.text)
    let evilFile = try String(
      contentsOf: world.outbox.appendingPathComponent(report.sent.first { $0.ficheId == 201 }!.file), encoding: .utf8)
    XCTAssertFalse(evilFile.contains("\nBcc"))
    XCTAssertFalse(evilFile.contains("\u{1b}"))
  }

  func testAddressesAreCheckedSensibly() {
    for good in ["a@example.org", "first.last+tag@sub.example.fr", " spaced@example.org\n", "o'neil@x-y.example.com"] {
      XCTAssertNotNil(MailAddress.checked(good), good)
    }
    for bad in [
      "", "plain", "a@b", "a@@example.org", "a@b@example.org", "a b@example.org", "a@exa mple.org",
      "a@example.org; b@example.org", "a.@example.org", ".a@example.org", "a..b@example.org", "a@-x.org",
      "a@example..org", "a@example.org.", "é@example.org", "a@ex\u{0}ämple.org", "a\r\n@example.org",
      "a@example.123", "<a@example.org>", "mailto:a@example.org",
    ] {
      XCTAssertNil(MailAddress.checked(bad), bad)
    }
    XCTAssertEqual(
      MailAddress(parsing: "OT Vallée <ot@example.org>"), MailAddress(name: "OT Vallée", address: "ot@example.org"))
    XCTAssertEqual(MailAddress(parsing: "\"OT, Vallée\" <ot@example.org>")?.name, "OT, Vallée")
    XCTAssertEqual(MailAddress(parsing: "ot@example.org")?.name, nil)
    XCTAssertNil(MailAddress(parsing: "OT <ot@example>"))
  }

  /// RFC 3492's sample strings (7.1: A, B, L, M) and a French domain, as Python's codec gives them.
  func testPunycodeEncodesTheRFCsSamples() {
    for (label, encoded) in [
      (
        "\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}",
        "egbpdaj6bu4bxfgehfvwxn"
      ),
      ("\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"),
      ("3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}", "3B-ww4c5e180e575a65lsy2b"),
      ("\u{5B89}\u{5BA4}\u{5948}\u{7F8E}\u{6075}-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
      ("hôtel-été", "htel-t-fvab6g"), ("bücher", "bcher-kva"),
    ] {
      XCTAssertEqual(Punycode.encode(label), encoded, label)
    }
  }

  /// An internationalised domain is valid (letters of any script, per label) and goes into headers in its
  /// ASCII form, lowercased and in NFC first; the local part stays ASCII.
  func testInternationalisedDomainsAreValidAndWrittenInTheirASCIIForm() {
    for (address, ascii) in [
      ("contact@hôtel-été.example", "contact@xn--htel-t-fvab6g.example"),
      ("contact@HÔTEL-ÉTÉ.example", "contact@xn--htel-t-fvab6g.example"),
      ("contact@ho\u{302}tel-e\u{301}te\u{301}.example", "contact@xn--htel-t-fvab6g.example"),
      ("a@bücher.example.de", "a@xn--bcher-kva.example.de"), ("a@例え.テスト", "a@xn--r8jz45g.xn--zckzah"),
      ("a@example.org", "a@example.org"),
      // IDNA's mapping (UTS #46), as Python's codec: 'ｅｘａｍｐｌｅ'.encode('idna') == b'example'.
      ("x@ｅｘａｍｐｌｅ.com", "x@example.com"), ("x@ＥＸＡＭＰＬＥ．ｃｏｍ", "x@example.com"),
      ("a@ｂüｃｈｅｒ.example.de", "a@xn--bcher-kva.example.de"), ("a@例え。テスト", "a@xn--r8jz45g.xn--zckzah"),
      ("a@ｈｏ\u{302}tel-été.example", "a@xn--htel-t-fvab6g.example"),
    ] {
      XCTAssertEqual(MailAddress.checked(address), address, address)
      XCTAssertEqual(MailAddress.asciiForm(address), ascii, address)
    }
    for bad in [
      "é@hôtel.example", "a@hôtel_été.example", "a@hôtel été.example", "a@-hôtel.example", "a@hôtel-.example",
      "a@hô\u{202e}tel.example", "a@hô\u{0}tel.example", "a@hôtel,b@x.example", "a@hôtel", "a@☃.example",
    ] {
      XCTAssertNil(MailAddress.checked(bad), bad)
    }
  }

  /// Sent to an internationalised domain, the e-mail's `To:` carries the Punycode form, which Python reads
  /// back and decodes to the address as written; a redirect follows the same rule.
  func testAnEmailToAnInternationalisedDomainIsReadBackByPython() throws {
    try world.fiche(301, "Hôtel Été", email: "contact@hôtel-été.example")
    try world.selection(49065, "IDN", [301])
    let other = try world.create("IDN", [49065])
    try world.store.write { db in
      _ = try Campaign.setTemplate(
        db, id: other.id, subject: "« {nom} »", from: "OT <ot@office-été.example>", stamp: stamp)
    }
    let report = try world.mailOutbox().sendAll(world.store, campaignId: other.id, stamp: stamp)
    XCTAssertEqual(report.sent.map(\.to), ["contact@hôtel-été.example"])
    let file = world.outbox.appendingPathComponent(report.sent[0].file)
    let text = try String(contentsOf: file, encoding: .utf8)
    XCTAssertTrue(text.contains("<contact@xn--htel-t-fvab6g.example>\r\n"), text)
    XCTAssertTrue(text.contains("@xn--office-t-h1ab.example>"), text)
    XCTAssertTrue(text.utf8.allSatisfy { $0 < 0x80 }, text)
    let manifest: [[String: Any]] = [
      [
        "file": file.path,
        "expected": [
          "to_addr": "contact@xn--htel-t-fvab6g.example", "to_domain_unicode": "hôtel-été.example",
          "to_name": "Hôtel Été", "from_addr": "ot@xn--office-t-h1ab.example", "subject": "« Hôtel Été »",
        ] as [String: Any],
      ]
    ]
    let manifestURL = world.directory.appendingPathComponent("idn.json")
    try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
    let output = try python("check_eml.py", manifestURL.path)
    XCTAssertEqual(output.status, 0, output.text)

    try world.fiche(302, "Gîte", email: "gite@example.org")
    try world.selection(49065, "IDN", [301, 302])
    _ = try world.actualiser(other)
    let redirected = try world.mailOutbox(redirect: "essai@accueil-été.example")
      .send(world.store, campaignId: other.id, ficheIds: [302], stamp: stamp)
    XCTAssertEqual(redirected.sent.map(\.to), ["essai@accueil-été.example"])
    let second = try String(
      contentsOf: world.outbox.appendingPathComponent(redirected.sent[0].file), encoding: .utf8)
    XCTAssertTrue(second.contains("<essai@xn--accueil-t-i4ab.example>\r\n"), second)
  }

  func testHostileTextNeverBreaksAHeaderLine() {
    XCTAssertEqual(
      MailEncoding.singleLine("Hôtel\r\nBcc: evil@example.com\u{1b}[31m\u{85}x\u{2028}y\u{1b}]8;;http://e\u{1b}\\z"),
      "Hôtel Bcc: evil@example.com x yz")
    // C1 controls (U+0080–U+009F) are control characters too: a space each, never inside an encoded-word.
    XCTAssertEqual(MailEncoding.singleLine("Gîte\u{80}du\u{9a}Lac\u{8d}"), "Gîte du Lac")
    let subject = String(repeating: "Élan ", count: 40)
    let header = MailEncoding.fold("Subject", MailEncoding.unstructured(subject))
    for line in header.components(separatedBy: "\r\n") {
      XCTAssertLessThanOrEqual(line.utf8.count, 78)
      XCTAssertTrue(line.allSatisfy { $0.isASCII && !$0.isNewline })
    }
    XCTAssertEqual(MailEncoding.fold("Subject", MailEncoding.unstructured("Hello  world\n")), "Subject: Hello world")
    // Text that looks like an encoded-word is encoded itself, so a reader does not decode it.
    XCTAssertEqual(MailEncoding.unstructured("=?UTF-8?B?QmNjOg==?=").first?.hasPrefix("=?UTF-8?B?PT9"), true)
    let body = MailEncoding.quotedPrintable(String(repeating: "é=à ", count: 50) + "\nfin \n")
    for line in body.components(separatedBy: "\r\n") {
      XCTAssertLessThanOrEqual(line.count, 76)
      XCTAssertFalse(line.hasSuffix(" "))
    }
  }

  func testDateHeaderUsesTheWorkspacesOffset() {
    XCTAssertEqual(
      MailEncoding.dateHeader(local: "2025-03-04 10:15:00", utcOffset: 3600), "Tue, 04 Mar 2025 10:15:00 +0100")
    XCTAssertEqual(
      MailEncoding.dateHeader(local: "2024-02-29 23:59:59", utcOffset: -5 * 3600), "Thu, 29 Feb 2024 23:59:59 -0500")
    XCTAssertEqual(
      MailEncoding.dateHeader(local: "2025-07-14 08:00", utcOffset: 19800), "Mon, 14 Jul 2025 08:00:00 +0530")
    XCTAssertNil(MailEncoding.dateHeader(local: "demain", utcOffset: 0))
  }

  private func python(_ script: String, _ arguments: String...) throws -> (status: Int32, text: String) {
    let scriptURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("python").appendingPathComponent(script)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", scriptURL.path] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
