import Foundation
import OpenEdit

/// What a step's check may look at: the workspace's state, and the command that just succeeded (only
/// on the first check after it, so that looking steps are not skipped by a later step's command).
struct TutorialContext {
  let session: Session
  let workspace: Workspace
  /// The registry name of the command that just ran («open campaign», «apidae calcul»), nil on re-checks.
  let command: String?

  var store: Store { get throws { try workspace.store() } }

  /// The demo campaign's id, if it exists.
  func campaignId() throws -> Int? {
    try? workspace.campaign(Demo.campaignTitle).id
  }

  /// The status of the fiche's offre in the demo campaign.
  func status(_ ficheId: Int) throws -> OffreStatus? {
    guard let id = try campaignId() else { return nil }
    return try workspace.audience(campaignId: id).rows.first { $0.ficheId == ficheId }?.status
  }

  func openEditHas(_ ficheId: Int, inSelection selectionId: Int) throws -> Bool {
    try store.selection(String(selectionId)).fiches.contains { $0.id == ficheId }
  }

  func openEditEmail(_ ficheId: Int) throws -> String? {
    try? store.fiche(ficheId).summary.email
  }

  var apidae: ApidaeProject { ApidaeProject(workspace: workspace) }
}

/// One step: what to do (a catalogue key), the command that does it (`hint`), and how the workspace shows
/// it is done. `looking` steps ask to look at something: they pass when that command runs.
struct TutorialStep {
  /// `tutorial.L.S` keys: the task, and `…done` said when it passes, `…not_yet` when another command ran.
  let key: String
  let hint: String
  let looking: Bool
  let check: (TutorialContext) throws -> Bool

  /// A step passed by running the command named `name` (looking at a screen).
  static func look(_ key: String, _ hint: String, command name: String) -> TutorialStep {
    TutorialStep(key: key, hint: hint, looking: true) { $0.command == name }
  }

  /// A step passed when the workspace's state says it is done, whatever command did it.
  static func act(_ key: String, _ hint: String, _ check: @escaping (TutorialContext) throws -> Bool) -> TutorialStep {
    TutorialStep(key: key, hint: hint, looking: false, check: check)
  }
}

/// A lesson: its title, goal and the Open Edit (or Apidae) screen it stands for, and its steps.
struct TutorialLesson {
  /// `tutorial.lN`: `.title`, `.goal`, `.screen`.
  let key: String
  let steps: [TutorialStep]
}

/// The lessons of `oesh tutorial`: the seed's procedure, both sides, on the demo (DESIGN.md §1, §7).
enum TutorialLessons {
  static let camping = DemoTerritory.camping
  static let noEmail = DemoTerritory.noEmailHotel
  static let hebergements = DemoTerritory.hebergements

  static var all: [TutorialLesson] {
    [
      TutorialLesson(
        key: "tutorial.l1",
        steps: [
          .look("tutorial.l1.s1", "campaigns", command: "campaigns"),
          .act("tutorial.l1.s2", "open campaign \"\(Demo.campaignTitle)\"") {
            $0.session.currentCampaign?.title == Demo.campaignTitle
          },
          .look("tutorial.l1.s3", "audience", command: "audience"),
        ]),
      TutorialLesson(
        key: "tutorial.l2",
        steps: [
          .look("tutorial.l2.s1", "why \(camping)", command: "why"),
          .act("tutorial.l2.s2", "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR") {
            try $0.apidae.selection(String(hebergements)).members.contains(camping)
          },
        ]),
      TutorialLesson(
        key: "tutorial.l3",
        steps: [
          .look("tutorial.l3.s1", "selection Hébergements", command: "selection"),
          .look("tutorial.l3.s2", "apidae calcul --dry-run", command: "apidae calcul"),
        ]),
      TutorialLesson(
        key: "tutorial.l4",
        steps: [
          .act("tutorial.l4.s1", "apidae calcul") {
            try ($0.apidae.selection(String(hebergements)).selection.exported ?? []).contains(camping)
          },
          .act("tutorial.l4.s2", "sync") { try $0.openEditHas(camping, inSelection: hebergements) },
        ]),
      TutorialLesson(
        key: "tutorial.l5",
        steps: [
          .look("tutorial.l5.s1", "audience --status \"Email à transmettre\"", command: "audience"),
          .look("tutorial.l5.s2", "why \(camping)", command: "why"),
        ]),
      TutorialLesson(
        key: "tutorial.l6",
        steps: [
          .act("tutorial.l6.s1", "actualiser") { try $0.status(camping) != nil }
        ]),
      TutorialLesson(
        key: "tutorial.l7",
        steps: [
          .act("tutorial.l7.s1", "send \(camping)") { try $0.status(camping) == .transmis }
        ]),
      TutorialLesson(
        key: "tutorial.l8",
        steps: [
          .look("tutorial.l8.s1", "why \(noEmail)", command: "why"),
          .act("tutorial.l8.s2", "apidae fiche \(noEmail) --email accueil@auberge-ecureuil.example") {
            !(try $0.apidae.fiche(noEmail).fiche.email ?? "").isEmpty
          },
          .act("tutorial.l8.s3", "apidae calcul") { try !$0.apidae.fiche(noEmail).pending },
          .act("tutorial.l8.s4", "sync") { !(try $0.openEditEmail(noEmail) ?? "").isEmpty },
          .act("tutorial.l8.s5", "send \(noEmail)") { try $0.status(noEmail) == .transmis },
        ]),
    ]
  }
}
