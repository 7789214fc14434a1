import Foundation
import OpenEdit

/// What a step's check may look at: the workspace's state, and the command that just succeeded (only
/// on the first check after it, so that looking steps are not skipped by a later step's command).
struct TutorialContext {
  let session: Session
  let workspace: Workspace
  /// The registry name of the command that just ran («open campaign», «apidae calcul»), nil on re-checks.
  let command: String?
  /// The words of the command that just ran, as typed; empty on re-checks.
  var words: [String] = []

  /// Whether the command that just ran showed only part of its listing (`audience --status …`).
  var filtered: Bool {
    words.contains { word in
      ["--status", "--search", "--no-email"].contains { word == $0 || word.hasPrefix($0 + "=") }
    }
  }

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

  /// The command that just ran, parsed again from its words; nil on re-checks.
  var parsed: (any ShellCommand)? { words.isEmpty ? nil : try? CommandRegistry.parse(words, session: session) }

  /// Whether the command that just ran was `why` of `ficheId`, named by its id or its name.
  func askedWhy(_ ficheId: Int) -> Bool {
    guard let why = parsed as? Why else { return false }
    return (try? Why.ficheId(why.fiche, session)) == ficheId
  }

  /// Whether the command that just ran showed Open Edit's sélection `selectionId`, by its id or its name.
  func showedSelection(_ selectionId: Int) -> Bool {
    guard let shown = parsed as? SelectionCommand else { return false }
    return (try? store.selection(shown.selection).id) == selectionId
  }
}

/// What a step's command needs of the workspace's state to work, and the command that brings it about,
/// itself needing others first: `send 5100005` needs the address in Open Edit, which needs `sync`, which
/// needs an export of it, which needs a valid address in Apidae.
struct TutorialNeed {
  let hint: String
  var needs: [TutorialNeed] = []
  let holds: (TutorialContext) throws -> Bool

  /// The command to run first, if this need does not hold: that of the first of its own needs that does
  /// not hold, else its own.
  func unmet(_ context: TutorialContext) throws -> String? {
    for need in needs { if let hint = try need.unmet(context) { return hint } }
    return try holds(context) ? nil : hint
  }
}

/// One step: what to do (a catalogue key), the command that does it (`hint`), and how the workspace shows
/// it is done. `looking` steps ask to look at something: they pass when that command runs.
struct TutorialStep {
  /// `tutorial.L.S` keys: the task, and `…done` said when it passes, `…not_yet` when another command ran.
  let key: String
  let hint: String
  let looking: Bool
  /// A step of looking: the command it asks for, by its registry name; `hint` is that command as typed.
  var command: String? = nil
  /// What the step's command needs (an open campaign, a valid address…): `hint` gives what is missing
  /// first, so that its command works from where the trainee is.
  var needs: [TutorialNeed] = []
  /// What is said when the step passes, when the screen calls for other words than `…done`: the first
  /// variant whose condition holds says `…done.SUFFIX` (the trainee ran ahead, or looked at a part only).
  var variants: [(suffix: String, when: (TutorialContext) throws -> Bool)] = []
  let check: (TutorialContext) throws -> Bool

  /// The key of what is said when the step passes, true of what the trainee has on screen.
  func doneKey(_ context: TutorialContext) throws -> String {
    for variant in variants where try variant.when(context) { return key + ".done." + variant.suffix }
    return key + ".done"
  }

  /// The same step, saying `…done.SUFFIX` instead of `…done` when `condition` holds.
  func saying(_ suffix: String, when condition: @escaping (TutorialContext) throws -> Bool) -> TutorialStep {
    var step = self
    step.variants.append((suffix, condition))
    return step
  }

  /// The command that moves the trainee on from here: the step's own, or what it needs first.
  func hint(_ context: TutorialContext) throws -> String {
    try TutorialNeed(hint: hint, needs: needs) { _ in false }.unmet(context) ?? hint
  }

  /// A step passed by running the command named `name` (looking at a screen); when it looks at one fiche
  /// or one sélection, `at` says whether the command named that one: `why` of another fiche answers of
  /// another, not what the step then says.
  static func look(
    _ key: String, _ hint: String, command name: String, needs: [TutorialNeed] = [],
    at target: @escaping (TutorialContext) -> Bool = { _ in true }
  ) -> TutorialStep {
    TutorialStep(key: key, hint: hint, looking: true, command: name, needs: needs) {
      $0.command == name && target($0)
    }
  }

  /// A step passed when the workspace's state says it is done, whatever command did it.
  static func act(
    _ key: String, _ hint: String, needs: [TutorialNeed] = [], _ check: @escaping (TutorialContext) throws -> Bool
  ) -> TutorialStep {
    TutorialStep(key: key, hint: hint, looking: false, needs: needs, check: check)
  }
}

extension TutorialNeed {
  static var campaignOpen: TutorialNeed {
    TutorialNeed(hint: "open campaign \"\(Demo.campaignTitle)\"") {
      $0.session.currentCampaign?.title == Demo.campaignTitle
    }
  }
  /// An address `send` takes (R5's own check), in Apidae; then in an export; then in Open Edit.
  static var addressInApidae: TutorialNeed {
    TutorialNeed(hint: "apidae fiche \(TutorialLessons.noEmail) --email accueil@auberge-ecureuil.example") {
      MailAddress.checked(try $0.apidae.fiche(TutorialLessons.noEmail).fiche.email ?? "") != nil
    }
  }
  static var addressExported: TutorialNeed {
    TutorialNeed(hint: "apidae calcul", needs: [addressInApidae]) {
      try !$0.apidae.fiche(TutorialLessons.noEmail).pending
    }
  }
  /// The camping published (not hidden) in Apidae; then in an export; then in Open Edit: `actualiser` adds
  /// only visible fiches, and a trainee may have hidden it.
  static var campingPublishedInApidae: TutorialNeed {
    TutorialNeed(hint: "apidae publish \(TutorialLessons.camping)") {
      try $0.apidae.fiche(TutorialLessons.camping).fiche.state == "PUBLISHED"
    }
  }
  static var campingPublishedExported: TutorialNeed {
    TutorialNeed(hint: "apidae calcul", needs: [campingPublishedInApidae]) {
      try !$0.apidae.fiche(TutorialLessons.camping).pending
    }
  }
  static var campingPublishedInOpenEdit: TutorialNeed {
    TutorialNeed(hint: "sync", needs: [campingPublishedExported]) { !(try TutorialLessons.campingHidden($0)) }
  }
  static var addressInOpenEdit: TutorialNeed {
    TutorialNeed(hint: "sync", needs: [addressExported]) {
      MailAddress.checked(try $0.openEditEmail(TutorialLessons.noEmail) ?? "") != nil
    }
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

  /// The camping's way, each state implying the ones before: in an export of Apidae's sélection, in
  /// Open Edit's sélection, in the campaign's audience.
  static func campingExported(_ context: TutorialContext) throws -> Bool {
    try (context.apidae.selection(String(hebergements)).selection.exported ?? []).contains(camping)
  }
  static func campingSynced(_ context: TutorialContext) throws -> Bool {
    try context.openEditHas(camping, inSelection: hebergements)
  }
  static func campingInAudience(_ context: TutorialContext) throws -> Bool { try context.status(camping) != nil }
  /// Hidden in Open Edit (a trainee hid it in Apidae): `actualiser` leaves it out.
  static func campingHidden(_ context: TutorialContext) throws -> Bool {
    try context.store.fiche(camping).summary.state == "HIDDEN"
  }

  /// The fiche lesson `lesson` (0-based) still has to bring on: the camping until it is in the audience
  /// (lessons 2 to 6), the auberge until its address is fixed (lesson 8).
  static func ficheAhead(lesson: Int) -> Int? {
    (1...5).contains(lesson) ? camping : lesson == 7 ? noEmail : nil
  }

  /// That fiche, when the trainee deleted it in Apidae: no step brings it back.
  static func deletedAhead(_ context: TutorialContext, lesson: Int) -> (id: Int, name: String)? {
    guard let id = ficheAhead(lesson: lesson), let f = try? context.apidae.fiche(id).fiche, f.state == "DELETED"
    else { return nil }
    return (id, f.name)
  }

  static var all: [TutorialLesson] {
    [
      TutorialLesson(
        key: "tutorial.l1",
        steps: [
          .look("tutorial.l1.s1", "campaigns", command: "campaigns"),
          .act("tutorial.l1.s2", "open campaign \"\(Demo.campaignTitle)\"") {
            $0.session.currentCampaign?.title == Demo.campaignTitle
          },
          .look("tutorial.l1.s3", "audience", command: "audience", needs: [.campaignOpen])
            .saying("filtered") { $0.filtered },
        ]),
      TutorialLesson(
        key: "tutorial.l2",
        steps: [
          .look("tutorial.l2.s1", "why \(camping)", command: "why", needs: [.campaignOpen]) { $0.askedWhy(camping) },
          .act("tutorial.l2.s2", "apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR") {
            try $0.apidae.selection(String(hebergements)).members.contains(camping)
          },
        ]),
      TutorialLesson(
        key: "tutorial.l3",
        steps: [
          .look("tutorial.l3.s1", "selection Hébergements", command: "selection") {
            $0.showedSelection(hebergements)
          }
          .saying("synced", when: campingSynced),
          .look("tutorial.l3.s2", "apidae calcul --dry-run", command: "apidae calcul")
            .saying("synced", when: campingSynced).saying("exported", when: campingExported),
        ]),
      TutorialLesson(
        key: "tutorial.l4",
        steps: [
          .act("tutorial.l4.s1", "apidae calcul", campingExported),
          .act("tutorial.l4.s2", "sync", campingSynced),
        ]),
      TutorialLesson(
        key: "tutorial.l5",
        steps: [
          .look(
            "tutorial.l5.s1", "audience --status \"Email à transmettre\"", command: "audience", needs: [.campaignOpen]
          ).saying("actualised", when: campingInAudience),
          .look("tutorial.l5.s2", "why \(camping)", command: "why", needs: [.campaignOpen]) { $0.askedWhy(camping) }
            .saying("actualised", when: campingInAudience).saying("hidden", when: campingHidden),
        ]),
      TutorialLesson(
        key: "tutorial.l6",
        steps: [
          .act("tutorial.l6.s1", "actualiser", needs: [.campaignOpen, .campingPublishedInOpenEdit]) {
            try $0.status(camping) != nil
          }
        ]),
      TutorialLesson(
        key: "tutorial.l7",
        steps: [
          .act("tutorial.l7.s1", "send \(camping)", needs: [.campaignOpen]) { try $0.status(camping) == .transmis }
        ]),
      TutorialLesson(
        key: "tutorial.l8",
        steps: [
          .look("tutorial.l8.s1", "why \(noEmail)", command: "why", needs: [.campaignOpen]) { $0.askedWhy(noEmail) },
          .act("tutorial.l8.s2", TutorialNeed.addressInApidae.hint, TutorialNeed.addressInApidae.holds),
          .act("tutorial.l8.s3", "apidae calcul", needs: [.addressInApidae]) { try !$0.apidae.fiche(noEmail).pending },
          .act("tutorial.l8.s4", "sync", needs: [.addressExported], TutorialNeed.addressInOpenEdit.holds),
          .act("tutorial.l8.s5", "send \(noEmail)", needs: [.campaignOpen, .addressInOpenEdit]) {
            try $0.status(noEmail) == .transmis
          },
        ]),
    ]
  }
}
