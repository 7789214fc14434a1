import GRDB
import XCTest

@testable import OpenEdit

/// Rules R3, R4 and R6 of DESIGN.md §2, on a real store.
final class CampaignTests: XCTestCase {
  var world: CampaignWorld!

  override func setUpWithError() throws {
    world = try CampaignWorld()
    try world.fiche(101, "Hôtel du Lac", email: "lac@example.org")
    try world.fiche(102, "La Châtelleraie", email: "chatel@example.org", communeId: 14712)
    try world.fiche(103, "Refuge des Écrins", type: "HEBERGEMENT_COLLECTIF")
    try world.fiche(
      104, "Gîte caché", state: "HIDDEN", email: "gite@example.org", stateSince: "3126_20250301-0200_AAAA")
    try world.fiche(105, "Auberge fermée", state: "DELETED", stateSince: "3126_20250301-0200_AAAA")
    try world.fiche(106, "Camping des Bois", type: "HOTELLERIE_PLEIN_AIR", email: "bois@example.org")
    try world.selection(49063, "Hébergements Vallée", [101, 102, 103, 104, 105, 999])
    try world.selection(49064, "Campings", [])
  }

  override func tearDown() { world = nil }

  // R6
  func testCreateFillsTheAudienceFromTheSelectionsEveryOffreEmailATransmettre() throws {
    let creation = try world.store.write { db in
      try Campaign.create(
        db, title: "Mise à jour 2025", selectionIds: [49063, 49064], stamp: CampaignStamp(at: "2025-03-04 09:00:00"))
    }
    XCTAssertEqual(creation.added, [101, 102, 103])
    XCTAssertEqual(try world.statuses(creation.campaign), [101: .aTransmettre, 102: .aTransmettre, 103: .aTransmettre])
    XCTAssertEqual(creation.campaign.selections.map(\.name), ["Hébergements Vallée", "Campings"])
    XCTAssertEqual(creation.campaign.createdAt, "2025-03-04 09:00:00")
    let counts = try world.store.read { db in try CampaignAudience.counts(db, campaignId: creation.campaign.id) }
    XCTAssertEqual(counts[.aTransmettre], 3)
    XCTAssertEqual(counts.total, 3)
    let tokens = try world.store.read { db in try String.fetchAll(db, sql: "SELECT token FROM offre") }
    XCTAssertEqual(Set(tokens).count, 3)
    XCTAssertTrue(tokens.allSatisfy { $0.count == 32 })
  }

  // R6: the members of its sélections a new campaign leaves out are said, by reason.
  func testCreateSaysWhichMembersOfItsSelectionsItLeftOutAndWhy() throws {
    try world.selection(49064, "Campings", [998, 106])
    try world.setState(106, "TRASH", since: "3126_20250305-0200_BBBB")
    let creation = try world.store.write { db in
      try Campaign.create(
        db, title: "Mise à jour 2025", selectionIds: [49063, 49064], stamp: CampaignStamp(at: "2025-03-04 09:00:00"))
    }
    XCTAssertEqual(creation.added, [101, 102, 103])
    XCTAssertEqual(creation.leftOut, [.hidden: [104], .deleted: [105, 106], .notImported: [998, 999]])
    try world.selection(49065, "Hôtels", [101, 102])
    let full = try world.store.write { db in
      try Campaign.create(db, title: "Hôtels", selectionIds: [49065], stamp: CampaignStamp(at: "2025-03-04 09:00:00"))
    }
    XCTAssertEqual(full.leftOut, [:])
  }

  func testTitlesAreUniqueIgnoringCaseAndAccentsAndCampaignsAreFoundByTitleOrId() throws {
    let first = try world.create("Été 2025", [49063])
    XCTAssertThrowsError(try world.create("Été 2025", [49063])) {
      XCTAssertEqual($0 as? CampaignError, .titleTaken("Été 2025"))
    }
    XCTAssertThrowsError(try world.create("  ete   2025 ", [49063])) {
      XCTAssertEqual($0 as? CampaignError, .titleTaken("Été 2025"))
    }
    XCTAssertThrowsError(try world.create("   ", [49063])) {
      XCTAssertEqual($0 as? CampaignError, .invalidTitle("   "))
    }
    XCTAssertThrowsError(try world.create("Autre", [])) { XCTAssertEqual($0 as? CampaignError, .noSelection) }
    XCTAssertThrowsError(try world.create("Autre", [777])) {
      XCTAssertEqual($0 as? CampaignError, .unknownSelection(777))
    }
    let second = try world.create("Hiver", [49064])
    try world.store.read { db in
      XCTAssertEqual(try Campaign.find(db, "Été 2025").id, first.id)
      XCTAssertEqual(try Campaign.find(db, "ETE 2025").id, first.id)
      XCTAssertEqual(try Campaign.find(db, String(second.id)).id, second.id)
      XCTAssertThrowsError(try Campaign.find(db, "Printemps")) {
        XCTAssertEqual($0 as? CampaignError, .notFound("Printemps"))
      }
      XCTAssertEqual(try Campaign.find(db, "hiv").id, second.id, "a part of one title is enough")
      XCTAssertEqual(try Campaign.find(db, "2025").id, first.id, "a whole word of a title")
      // A number that is no id matches only a whole word: a mistyped id opens nothing.
      for slip in ["5", "202", "20"] {
        XCTAssertThrowsError(try Campaign.find(db, slip), slip) {
          XCTAssertEqual($0 as? CampaignError, .notFound(slip))
        }
      }
      XCTAssertEqual(try Campaign.find(db, "e").id, first.id, "a title that starts with it beats one that contains it")
      let list = try Campaign.list(db)
      XCTAssertEqual(list.map(\.campaign.title), ["Été 2025", "Hiver"])
      XCTAssertEqual(list.map { $0.counts[.aTransmettre] }, [3, 0])
    }
    // A failed creation left nothing behind.
    XCTAssertEqual(try world.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaign") }, 2)
    _ = try world.create("Hiver 2026", [49064])
    try world.store.read { db in
      XCTAssertEqual(try Campaign.find(db, "Hiver").id, second.id, "a whole title beats one that starts with it")
      XCTAssertThrowsError(try Campaign.find(db, "hiv")) {
        XCTAssertEqual($0 as? CampaignError, .ambiguous("hiv", ["Hiver", "Hiver 2026"]))
      }
    }
  }

  func testRenameKeepsTitlesUniqueAndTemplatesRefuseUnknownPlaceholders() throws {
    let summer = try world.create("Été 2025", [49063])
    _ = try world.create("Hiver", [49064])
    let stamp = CampaignStamp(at: "2025-03-04 10:00:00", command: "rename")
    try world.store.write { db in
      XCTAssertThrowsError(try Campaign.rename(db, id: summer.id, to: "hiver", stamp: stamp)) {
        XCTAssertEqual($0 as? CampaignError, .titleTaken("Hiver"))
      }
      XCTAssertEqual(try Campaign.rename(db, id: summer.id, to: "Été 2025 bis", stamp: stamp).title, "Été 2025 bis")
      XCTAssertEqual(try Campaign.rename(db, id: summer.id, to: "été 2025 BIS", stamp: stamp).title, "été 2025 BIS")
      XCTAssertThrowsError(try Campaign.setTemplate(db, id: summer.id, subject: "{nom} {prenom}", stamp: stamp)) {
        XCTAssertEqual($0 as? CampaignError, .unknownPlaceholder("{prenom}"))
      }
      XCTAssertThrowsError(try Campaign.setTemplate(db, id: summer.id, from: "pas une adresse", stamp: stamp)) {
        XCTAssertEqual($0 as? CampaignError, .invalidFrom("pas une adresse"))
      }
      let changed = try Campaign.setTemplate(
        db, id: summer.id, subject: "Votre fiche {nom}", from: "OT Vallée <ot@example.org>", stamp: stamp)
      XCTAssertEqual(changed.template.subject, "Votre fiche {nom}")
      XCTAssertEqual(changed.template.body, CampaignTemplate.standard.body)
      XCTAssertEqual(changed.template.from, "OT Vallée <ot@example.org>")
      let reset = try Campaign.setTemplate(db, id: summer.id, subject: "", stamp: stamp)
      XCTAssertEqual(reset.template.subject, CampaignTemplate.standard.subject)
      // A body that would not give the socio-pro the form's link is refused; a blank one is the default,
      // as "" is (an e-mail of spaces was sent, its offre «Email transmis»).
      XCTAssertThrowsError(try Campaign.setTemplate(db, id: summer.id, body: "Bonjour {nom}", stamp: stamp)) {
        XCTAssertEqual($0 as? CampaignError, .bodyWithoutLink)
      }
      let blank = try Campaign.setTemplate(db, id: summer.id, subject: "   ", body: " \n ", stamp: stamp)
      XCTAssertEqual(blank.template.subject, CampaignTemplate.standard.subject)
      XCTAssertEqual(blank.template.body, CampaignTemplate.standard.body)
      XCTAssertEqual(
        try Campaign.setTemplate(db, id: summer.id, body: "Bonjour {nom} : {lien}", stamp: stamp).template.body,
        "Bonjour {nom} : {lien}")
      // A title of digits alone: `open campaign 2` names campaign 2.
      XCTAssertThrowsError(try Campaign.rename(db, id: summer.id, to: " 2 ", stamp: stamp)) {
        XCTAssertEqual($0 as? CampaignError, .numericTitle("2"))
      }
      XCTAssertEqual(try Campaign.rename(db, id: summer.id, to: "Campagne 2027", stamp: stamp).title, "Campagne 2027")
    }
  }

  // R3: what a sync does to fiches and sélections does not reach the audience.
  func testSelectionAndFicheChangesLeaveTheAudienceUntouchedUntilActualiser() throws {
    let campaign = try world.create("Été 2025", [49063])
    let before = try world.dump()
    try world.selection(49063, "Hébergements Vallée", [102, 103, 106])
    try world.setState(102, "HIDDEN", since: "3126_20250305-0200_BBBB")
    try world.setState(103, "DELETED", since: "3126_20250305-0200_BBBB")
    XCTAssertEqual(try world.dump(), before)
    XCTAssertEqual(try world.statuses(campaign), [101: .aTransmettre, 102: .aTransmettre, 103: .aTransmettre])
    // The sync report's question changes nothing either.
    let uses = try world.store.read { db in try Campaign.campaignsToActualise(db, selectionIds: [49063, 12]) }
    XCTAssertEqual(uses.map(\.campaign.id), [campaign.id])
    XCTAssertEqual(uses.first?.selectionIds, [49063])
    XCTAssertEqual(uses.first?.wouldAdd, 1)
    XCTAssertEqual(uses.first?.wouldChange, 3)
    XCTAssertEqual(try world.store.read { db in try Campaign.campaignsToActualise(db, selectionIds: [49064]) }, [])
    XCTAssertEqual(try world.dump(), before)
  }

  // R4
  func testActualiserAddsNewFichesAsATransmettreAndKeepsProgress() throws {
    let campaign = try world.create("Été 2025", [49063, 49064])
    _ = try world.mailOutbox().send(
      world.store, campaignId: campaign.id, ficheIds: [101], stamp: CampaignStamp(at: "2025-03-04 11:00:00"))
    // Of the newcomers, the hidden (104), deleted (105) and never exported (998) fiches are not added.
    try world.selection(49064, "Campings", [998, 106, 104, 105])
    let report = try world.actualiser(campaign)
    XCTAssertEqual(report.added, [106])
    XCTAssertEqual(report.changes, [])
    XCTAssertEqual(
      try world.statuses(campaign), [101: .transmis, 102: .aTransmettre, 103: .aTransmettre, 106: .aTransmettre])
    // A second actualiser finds nothing to do and sends nothing.
    XCTAssertTrue(try world.actualiser(campaign, at: "2025-03-06 09:00:00").isEmpty)
    XCTAssertEqual(world.outboxFiles().count, 1)
  }

  func testAnOffreLeavingEverySelectionIsHorsSelectionAndGetsItsStatusBackWhenItReturns() throws {
    let campaign = try world.create("Été 2025", [49063])
    _ = try world.mailOutbox().send(
      world.store, campaignId: campaign.id, ficheIds: [101], stamp: CampaignStamp(at: "2025-03-04 11:00:00"))
    try world.selection(49063, "Hébergements Vallée", [103])
    let out = try world.actualiser(campaign)
    XCTAssertEqual(
      out.changes,
      [
        OffreChange(ficheId: 101, from: .transmis, to: .horsSelection),
        OffreChange(ficheId: 102, from: .aTransmettre, to: .horsSelection),
      ])
    XCTAssertEqual(out.changesByStatus[.horsSelection]?.count, 2)
    XCTAssertEqual(try world.statuses(campaign), [101: .horsSelection, 102: .horsSelection, 103: .aTransmettre])
    // Nothing is sent to an offre hors sélection.
    XCTAssertThrowsError(
      try world.mailOutbox().send(
        world.store, campaignId: campaign.id, ficheIds: [102], stamp: CampaignStamp(at: "2025-03-05 10:00:00"))
    ) {
      XCTAssertEqual(
        $0 as? MailSendError, .refused([SendRefusal(ficheId: 102, reason: .wrongStatus(.horsSelection))]))
    }
    try world.selection(49063, "Hébergements Vallée", [101, 102, 103])
    let back = try world.actualiser(campaign, at: "2025-03-06 09:00:00")
    XCTAssertEqual(back.added, [])
    XCTAssertEqual(
      back.changes,
      [
        OffreChange(ficheId: 101, from: .horsSelection, to: .transmis),
        OffreChange(ficheId: 102, from: .horsSelection, to: .aTransmettre),
      ])
    XCTAssertEqual(try world.statuses(campaign), [101: .transmis, 102: .aTransmettre, 103: .aTransmettre])
    XCTAssertEqual(world.outboxFiles().count, 1)
  }

  func testAHiddenFicheIsMasqueeAndComesBackWhenPublishedEvenAfterLeavingTheSelection() throws {
    let campaign = try world.create("Été 2025", [49063])
    _ = try world.mailOutbox().send(
      world.store, campaignId: campaign.id, ficheIds: [102], stamp: CampaignStamp(at: "2025-03-04 11:00:00"))
    try world.setState(102, "HIDDEN", since: "3126_20250305-0200_BBBB")
    XCTAssertEqual(try world.actualiser(campaign).changes, [OffreChange(ficheId: 102, from: .transmis, to: .masquee)])
    // Hidden and then out of the sélection: the status it returns to is still the working one.
    try world.selection(49063, "Hébergements Vallée", [101, 103])
    try world.setState(102, "PUBLISHED", since: "3126_20250306-0200_CCCC")
    XCTAssertEqual(
      try world.actualiser(campaign, at: "2025-03-06 09:00:00").changes,
      [OffreChange(ficheId: 102, from: .masquee, to: .horsSelection)])
    try world.selection(49063, "Hébergements Vallée", [101, 102, 103])
    XCTAssertEqual(
      try world.actualiser(campaign, at: "2025-03-07 09:00:00").changes,
      [OffreChange(ficheId: 102, from: .horsSelection, to: .transmis)])
  }

  func testADeletedFicheIsSupprimeeEvenWhenItAlsoLeftTheSelection() throws {
    let campaign = try world.create("Été 2025", [49063])
    try world.setState(101, "DELETED", since: "3126_20250305-0200_BBBB")
    try world.setState(102, "TRASH", since: "3126_20250305-0200_BBBB")
    try world.selection(49063, "Hébergements Vallée", [102, 103])
    try world.store.write { db in try db.execute(sql: "DELETE FROM fiche WHERE id = 103") }
    let report = try world.actualiser(campaign)
    XCTAssertEqual(report.changesByStatus[.supprimee]?.map(\.ficheId), [101, 102, 103])
    XCTAssertEqual(try world.statuses(campaign), [101: .supprimee, 102: .supprimee, 103: .supprimee])
    let rows = try world.store.read { db in try CampaignAudience.rows(db, campaignId: campaign.id) }
    XCTAssertEqual(rows.first(where: { $0.ficheId == 103 })?.name, "")
  }

  func testDryRunsChangeNothing() throws {
    let campaign = try world.create("Été 2025", [49063, 49064])
    try world.selection(49063, "Hébergements Vallée", [101])
    try world.selection(49064, "Campings", [106])
    let before = try world.dump()
    let preview = try world.actualiser(campaign, dryRun: true)
    XCTAssertTrue(preview.dryRun)
    XCTAssertEqual(preview.added, [106])
    XCTAssertEqual(preview.changes.map(\.to), [.horsSelection, .horsSelection])
    let stamp = CampaignStamp(at: "2025-03-05 10:00:00", command: "send --all --dry-run")
    let all = try world.mailOutbox().sendAll(world.store, campaignId: campaign.id, stamp: stamp, dryRun: true)
    // 102 and 103 left the sélection: actualiser would set them aside, so they are not sent.
    XCTAssertEqual(all.sent.map(\.ficheId), [101])
    XCTAssertEqual(
      all.refused,
      [
        SendRefusal(ficheId: 102, reason: .actualiserFirst(.horsSelection)),
        SendRefusal(ficheId: 103, reason: .actualiserFirst(.horsSelection)),
      ])
    let one = try world.mailOutbox().send(
      world.store, campaignId: campaign.id, ficheIds: [101], stamp: stamp, dryRun: true)
    XCTAssertEqual(one.sent.map(\.to), ["lac@example.org"])
    XCTAssertEqual(try world.dump(), before)
    XCTAssertEqual(world.outboxFiles(includingHidden: true), [])
    // The real run does what the preview said.
    XCTAssertEqual(
      try world.actualiser(campaign),
      ActualiserReport(
        campaignId: campaign.id, dryRun: false, added: preview.added, changes: preview.changes))
  }

  func testTheJournalRecordsEveryOffreChangeWithItsCommandAndTime() throws {
    let campaign = try world.create("Été 2025", [49063])
    try world.selection(49063, "Hébergements Vallée", [102, 103, 106])
    _ = try world.actualiser(campaign, at: "2025-03-05 09:30:00")
    let entries = try world.store.read { db in try CampaignJournal.entries(db, ficheId: 106) }
    XCTAssertEqual(entries.map(\.kind), ["offre.created"])
    XCTAssertEqual(entries.first?.at, "2025-03-05 09:30:00")
    XCTAssertEqual(entries.first?.command, "actualiser")
    XCTAssertEqual(entries.first?.detail, "Email à transmettre")
    let lac = try world.store.read { db in try CampaignJournal.entries(db, ficheId: 101, campaignId: campaign.id) }
    XCTAssertEqual(lac.map(\.kind), ["offre.created", "offre.status"])
    XCTAssertEqual(lac.map(\.command), ["new campaign \"Été 2025\"", "actualiser"])
    XCTAssertEqual(lac.last?.detail, "Email à transmettre → Hors sélection")
    let all = try world.store.read { db in try CampaignJournal.entries(db, campaignId: campaign.id) }
    XCTAssertEqual(all.first?.kind, "campaign.created")
    XCTAssertEqual(all.count, 1 + 3 + 1 + 1)
    // One kind, or a family of kinds (`offre` is every `offre.…`, not `offrex`).
    try world.store.read { db in
      XCTAssertEqual(try CampaignJournal.entries(db, kind: "offre.status").map(\.ficheId), [101])
      XCTAssertEqual(try CampaignJournal.entries(db, kind: "offre").count, 3 + 1 + 1)
      XCTAssertEqual(try CampaignJournal.entries(db, kind: "offre.s").count, 0, "a family is a whole word")
      XCTAssertEqual(try CampaignJournal.entries(db, ficheId: 101, kind: "offre.created").count, 1)
      XCTAssertEqual(try CampaignJournal.kinds(db), ["campaign.created", "offre.created", "offre.status"])
    }
  }

  /// One offre in each of the five statuses: each is counted under its own status and `--status` keeps it
  /// alone (a «Fiche masquée» is neither counted nor listed as «Email transmis»).
  func testEachStatusIsCountedAndFilteredAsItselfAlone() throws {
    try world.fiche(107, "Chalet des Cimes", email: "cimes@example.org")
    try world.selection(49064, "Campings", [106, 107])
    let campaign = try world.create("Été 2025", [49063, 49064])
    _ = try world.mailOutbox().send(
      world.store, campaignId: campaign.id, ficheIds: [102], stamp: CampaignStamp(at: "2025-03-04 11:00:00"))
    try world.setState(101, "HIDDEN", since: "3126_20250305-0200_BBBB")
    try world.setState(103, "DELETED", since: "3126_20250305-0200_BBBB")
    try world.selection(49064, "Campings", [107])
    _ = try world.actualiser(campaign)
    let expected: [OffreStatus: Int] = [
      .masquee: 101, .transmis: 102, .supprimee: 103, .horsSelection: 106, .aTransmettre: 107,
    ]
    XCTAssertEqual(try world.statuses(campaign), Dictionary(uniqueKeysWithValues: expected.map { ($1, $0) }))
    try world.store.read { db in
      let counts = try CampaignAudience.counts(db, campaignId: campaign.id)
      for status in OffreStatus.allCases {
        XCTAssertEqual(counts[status], 1, status.label)
        XCTAssertEqual(
          try CampaignAudience.rows(db, campaignId: campaign.id, statuses: [status]).map(\.ficheId),
          [expected[status]!], status.label)
      }
      XCTAssertEqual(counts.total, 5)
      XCTAssertEqual(
        try CampaignAudience.rows(db, campaignId: campaign.id, statuses: [.transmis, .masquee]).map(\.ficheId).sorted(),
        [101, 102])
    }
  }

  func testAudienceFiltersByStatusAndSearchIgnoringCaseAndAccents() throws {
    let campaign = try world.create("Été 2025", [49063])
    _ = try world.mailOutbox().send(
      world.store, campaignId: campaign.id, ficheIds: [102], stamp: CampaignStamp(at: "2025-03-04 11:00:00"))
    try world.store.read { db in
      let all = try CampaignAudience.rows(db, campaignId: campaign.id)
      XCTAssertEqual(all.map(\.name), ["Hôtel du Lac", "La Châtelleraie", "Refuge des Écrins"])
      XCTAssertEqual(all[1].commune, "Les Houches")
      XCTAssertEqual(all[1].sentAt, "2025-03-04 11:00:00")
      XCTAssertEqual(all[2].email, nil)
      XCTAssertEqual(
        try CampaignAudience.rows(db, campaignId: campaign.id, search: "CHATELLERAIE").map(\.ficheId), [102])
      XCTAssertEqual(try CampaignAudience.rows(db, campaignId: campaign.id, search: "écrins").map(\.ficheId), [103])
      XCTAssertEqual(try CampaignAudience.rows(db, campaignId: campaign.id, search: "chamonix").count, 2)
      XCTAssertEqual(
        try CampaignAudience.rows(db, campaignId: campaign.id, statuses: [.aTransmettre]).map(\.ficheId), [101, 103])
      XCTAssertEqual(
        try CampaignAudience.rows(db, campaignId: campaign.id, statuses: [.transmis], search: "lac").map(\.ficheId), [])
      XCTAssertEqual(
        try CampaignAudience.rows(db, campaignId: campaign.id, unreachable: true).map(\.ficheId), [103],
        "no e-mail: no one to reach")
      let counts = try CampaignAudience.counts(db, campaignId: campaign.id)
      XCTAssertEqual(counts[.transmis], 1)
      XCTAssertEqual(counts[.aTransmettre], 2)
      XCTAssertEqual(counts[.masquee], 0)
      XCTAssertEqual(counts.total, 3)
    }
    // An address that is not one reaches no one either; the offre's status does not matter.
    try world.setEmail(101, "accueil(at)hotel-du-lac")
    try world.store.read { db in
      XCTAssertEqual(
        try CampaignAudience.rows(db, campaignId: campaign.id, unreachable: true).map(\.ficheId), [101, 103])
    }
    try world.setEmail(103, "refuge@ecrins.example")
    try world.store.read { db in
      XCTAssertEqual(try CampaignAudience.rows(db, campaignId: campaign.id, unreachable: true).map(\.ficheId), [101])
    }
    // A status this version does not know (a newer oesh wrote it) is an error that names it, not a miscount.
    try world.store.write { db in
      try db.execute(sql: "UPDATE offre SET status = 'en_attente' WHERE fiche_id = 103")
    }
    try world.store.read { db in
      XCTAssertThrowsError(try CampaignAudience.counts(db, campaignId: campaign.id)) { error in
        XCTAssertTrue("\(error)".contains("en_attente"), "\(error)")
      }
    }
  }
}
