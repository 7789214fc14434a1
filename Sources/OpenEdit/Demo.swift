import Apidae
import Foundation
import GRDB

/// `oesh demo DIR`: a workspace with a story (DESIGN.md §7). The territory's Apidae project writes a
/// réinitialisation, Open Edit imports it, a campaign «Mise à jour 2027» is created on the accommodation
/// sélection and a few e-mails are sent; a week later an owner's e-mail changes and the nightly export
/// brings it. The clock then stands on Monday 2027-03-01 09:00, and the territory's next days are
/// scheduled in Apidae: each change happens at its time and reaches Open Edit only through an export.
///
/// Everything is derived from the simulated clock and fixed data: two runs give the same bytes.
public enum Demo {
  public static let campaignTitle = "Mise à jour 2027"
  /// Where the demo leaves the clock: a Monday morning.
  public static let start = LocalDateTime(year: 2027, month: 3, day: 1, hour: 9)
  /// Marks a workspace made by `oesh demo` (the tutorial runs on those).
  static let markerSetting = "demo.version"
  static let command = "oesh demo"

  /// The fiches already sent an e-mail when the demo starts.
  static let sentBefore = [5_100_001, 5_100_002, 5_100_003, 5_100_009, 5_100_017]

  /// The territory's life after `start`, each change at its time.
  static var life: [(LocalDateTime, ApidaeChange)] {
    [
      (
        LocalDateTime(year: 2027, month: 3, day: 1, hour: 15, minute: 30),
        .createFiche(
          ApidaeNewFiche(
            id: DemoTerritory.aigleBlanc, type: "HOTELLERIE", name: "Hôtel L'Aigle Blanc", communeId: 30102,
            email: "contact@aigleblanc.example", ownerId: 80101, ownerName: "Office de tourisme de Valloire"))
      ),
      (
        LocalDateTime(year: 2027, month: 3, day: 2, hour: 11),
        .editFiche(id: DemoTerritory.galibier, name: nil, email: "direction@hotel-galibier.example")
      ),
      (
        LocalDateTime(year: 2027, month: 3, day: 2, hour: 16),
        .setState(id: DemoTerritory.vieuxFour, state: "HIDDEN")
      ),
      (
        LocalDateTime(year: 2027, month: 3, day: 3, hour: 10),
        .setState(id: DemoTerritory.carrettes, state: "DELETED")
      ),
    ]
  }

  /// Creates the demo workspace at `url` (which must not be a workspace yet).
  @discardableResult
  public static func create(at url: URL) throws -> Workspace {
    let ws = try Workspace.create(at: url, name: "demo", projectId: DemoTerritory.projectId)
    let store = try ws.store()
    let clock = try ws.clock()
    let project = ApidaeProject(workspace: ws)
    try store.write { db in
      try Store.setSetting(db, markerSetting, "1")
      try Store.setSetting(db, Campaign.tokenSeedSetting, "demo")
    }

    // 15 February: the project's réinitialisation, imported in the morning.
    try clock.set(LocalDateTime(year: 2027, month: 2, day: 15, hour: 1), command: command)
    try project.start(
      projectId: DemoTerritory.projectId, communes: DemoTerritory.communes, fiches: DemoTerritory.fiches,
      selections: DemoTerritory.selections)
    try project.writeExport(
      at: LocalDateTime(year: 2027, month: 2, day: 15, hour: ApidaeProject.nightlyHour), ponctuel: false,
      reinitialisation: true, command: command)
    try clock.set(LocalDateTime(year: 2027, month: 2, day: 15, hour: 9), command: command)
    try ws.sync(command: command)

    // The campaign, created at 10:00; five e-mails sent the next morning.
    let created = LocalDateTime(year: 2027, month: 2, day: 15, hour: 10)
    try clock.set(created, command: command)
    let campaign = try store.write { db in
      try Campaign.create(
        db, title: campaignTitle, selectionIds: [DemoTerritory.hebergements],
        stamp: CampaignStamp(at: created.description, command: command))
    }.campaign
    let sending = LocalDateTime(year: 2027, month: 2, day: 16, hour: 10, minute: 30)
    try clock.set(sending, command: command)
    _ = try ws.outbox(at: sending).send(
      store, campaignId: campaign.id, ficheIds: sentBefore,
      stamp: CampaignStamp(at: sending.description, command: command))

    // A week later: an owner changes e-mail in Apidae; the nightly export brings it.
    try project.schedule(
      .editFiche(id: DemoTerritory.perceNeige, name: nil, email: "accueil@perce-neige.example"),
      at: LocalDateTime(year: 2027, month: 2, day: 18, hour: 14))
    let friday = LocalDateTime(year: 2027, month: 2, day: 19, hour: 8)
    try project.live(until: friday, command: command)
    try clock.set(friday, command: command)
    try ws.sync(command: command)

    // Monday morning, and the days to come.
    try project.live(until: start, command: command)
    try clock.set(start, command: command)
    for (at, change) in life { try project.schedule(change, at: at) }
    try writeScripts(ws)
    return ws
  }

  static func writeScripts(_ ws: Workspace) throws {
    for (name, text) in DemoScripts.all {
      try Data(text.utf8).write(to: ws.scriptsURL.appendingPathComponent(name))
    }
  }

  /// Whether the workspace was made by `oesh demo`.
  public static func isDemo(_ ws: Workspace) throws -> Bool {
    try ws.store().setting(markerSetting) != nil
  }
}
