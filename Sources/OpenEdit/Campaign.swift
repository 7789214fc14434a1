import Foundation
import GRDB

/// A campaign («campagne»): the sélections it targets, its e-mail template, and (in `offre`) its audience.
public struct Campaign: Sendable, Equatable, Identifiable {
  public var id: Int
  public var title: String
  /// Clock time of its creation, 'YYYY-MM-DD HH:MM:SS'.
  public var createdAt: String
  public var selections: [CampaignSelection]
  /// The campaign's own subject, body and sender; nil parts fall back to the defaults.
  public var subject: String?
  public var body: String?
  public var mailFrom: String?

  /// The template its e-mails use, defaults filled in (with no sender of its own, `MailOutbox.from` is used).
  public var template: CampaignTemplate {
    CampaignTemplate(
      subject: subject ?? CampaignTemplate.standard.subject, body: body ?? CampaignTemplate.standard.body,
      from: mailFrom)
  }

  public var selectionIds: [Int] { selections.map(\.id) }
}

/// A sélection named by a campaign, with its name as the campaign last knew it.
public struct CampaignSelection: Sendable, Equatable, Hashable {
  public var id: Int
  public var name: String
  public init(id: Int, name: String) {
    self.id = id
    self.name = name
  }
}

/// When, and by which command line, a change is made: what the journal records.
public struct CampaignStamp: Sendable, Equatable {
  /// Clock time (local time of the workspace), 'YYYY-MM-DD HH:MM:SS'.
  public var at: String
  /// The command line that did it, as typed.
  public var command: String?
  public init(at: String, command: String? = nil) {
    self.at = at
    self.command = command
  }
}

/// A campaign operation the user asked wrongly; the shell words each case.
public enum CampaignError: Error, Equatable, Sendable {
  /// The title is empty once trimmed, or holds control characters.
  case invalidTitle(String)
  /// Another campaign has this title (or the same one but for case and accents).
  case titleTaken(String)
  /// A campaign needs at least one sélection.
  case noSelection
  /// No sélection with this id has been imported.
  case unknownSelection(Int)
  /// No campaign has this title or id.
  case notFound(String, near: String? = nil)
  /// Several campaigns match once case and accents are ignored.
  case ambiguous(String, [String])
  /// A template names a placeholder other than {nom}, {campagne}, {lien}, {commune}.
  case unknownPlaceholder(String)
  /// A body without `{lien}`: the e-mail would not give the socio-pro the form's link.
  case bodyWithoutLink
  /// A title of digits alone, which `open campaign N` would take for an id.
  case numericTitle(String)
  /// The sender is not `Name <address>` or `address` with a valid address.
  case invalidFrom(String)
}

/// A campaign with its audience counted by status, for `campaigns`.
public struct CampaignSummary: Sendable, Equatable {
  public var campaign: Campaign
  public var counts: OffreCounts
}

/// A created campaign and the fiches R6 put into its audience.
public struct CampaignCreation: Sendable, Equatable {
  /// Why a fiche of the campaign's sélections is not in its new audience.
  public enum LeftOut: Sendable, Equatable, Hashable, CaseIterable {
    /// HIDDEN as last imported (`actualiser` adds it once an import publishes it again).
    case hidden
    /// DELETED or TRASH as last imported.
    case deleted
    /// In a sélection, but no imported export had the fiche itself.
    case notImported
  }
  public var campaign: Campaign
  public var added: [Int]
  /// The members of its sélections it was not filled with, by reason, each list by id.
  public var leftOut: [LeftOut: [Int]] = [:]
}

extension Campaign {
  /// Creates a campaign on the given sélections and fills its audience from them as last imported,
  /// every offre «Email à transmettre» (R6). Hidden and deleted fiches are not added, nor members no
  /// imported export had (as actualiser adds only active fiches): `leftOut` lists them.
  public static func create(
    _ db: Database, title: String, selectionIds: [Int], stamp: CampaignStamp
  ) throws -> CampaignCreation {
    let title = try checkedTitle(title)
    guard !selectionIds.isEmpty else { throw CampaignError.noSelection }
    try ensureTitleFree(db, title, except: nil)
    var selections: [CampaignSelection] = []
    for id in selectionIds where !selections.contains(where: { $0.id == id }) {
      guard
        let row = try Row.fetchOne(db, sql: "SELECT CAST(name AS BLOB) FROM selection WHERE id = ?", arguments: [id])
      else { throw CampaignError.unknownSelection(id) }
      let name = row.wholeText(0) ?? ""
      selections.append(CampaignSelection(id: id, name: name))
    }
    try db.execute(
      sql: "INSERT INTO campaign (title, title_folded, created_at) VALUES (?, ?, ?)",
      arguments: [title, folded(title), stamp.at])
    let id = Int(db.lastInsertedRowID)
    for selection in selections {
      let insert = try db.cachedStatement(
        sql: "INSERT INTO campaign_selection (campaign_id, selection_id, selection_name) VALUES (?, ?, ?)")
      insert.setWholeTextArguments([id, selection.id, selection.name])
      try insert.execute()
    }
    try CampaignJournal.record(
      db, stamp: stamp, kind: "campaign.created", campaignId: id, ficheId: nil,
      detail: "\(title) [\(selections.map { String($0.id) }.joined(separator: ", "))]")
    let report = try actualiser(db, campaignId: id, stamp: stamp, dryRun: false)
    let missing = try members(db, campaignId: id).subtracting(report.added).sorted()
    var leftOut: [CampaignCreation.LeftOut: [Int]] = [:]
    if !missing.isEmpty {
      var states: [Int: String] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT id, state FROM fiche WHERE id IN (SELECT value FROM json_each(?))",
        arguments: ["[" + missing.map(String.init).joined(separator: ",") + "]"])
      {
        states[row[0]] = row[1]
      }
      for ficheId in missing {
        let reason: CampaignCreation.LeftOut
        if let state = states[ficheId] {
          reason = FicheStanding(state: state) == .hidden ? .hidden : .deleted
        } else {
          reason = .notImported
        }
        leftOut[reason, default: []].append(ficheId)
      }
    }
    return CampaignCreation(campaign: try fetch(db, id: id), added: report.added, leftOut: leftOut)
  }

  /// Renames a campaign; the new title must be free like at creation.
  @discardableResult
  static func rename(_ db: Database, id: Int, to newTitle: String, stamp: CampaignStamp) throws -> Campaign {
    let old = try fetch(db, id: id)
    let title = try checkedTitle(newTitle)
    try ensureTitleFree(db, title, except: id)
    try db.execute(
      sql: "UPDATE campaign SET title = ?, title_folded = ? WHERE id = ?", arguments: [title, folded(title), id])
    try CampaignJournal.record(
      db, stamp: stamp, kind: "campaign.renamed", campaignId: id, ficheId: nil, detail: "\(old.title) → \(title)")
    return try fetch(db, id: id)
  }

  /// Sets the campaign's subject, body or sender; nil leaves a part as it is, "" returns it to the default.
  @discardableResult
  static func setTemplate(
    _ db: Database, id: Int, subject: String? = nil, body: String? = nil, from: String? = nil, stamp: CampaignStamp
  ) throws -> Campaign {
    _ = try fetch(db, id: id)
    // Blank is the default, as "" is: a subject or body of spaces would send nothing readable.
    func given(_ text: String?) -> String? {
      text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "" : $0 }
    }
    let (subject, body, from) = (given(subject), given(body), given(from))
    for text in [subject, body].compactMap({ $0 }) { try CampaignTemplate.checkPlaceholders(text) }
    if let body, !body.isEmpty, !body.contains("{lien}") { throw CampaignError.bodyWithoutLink }
    if let from, !from.isEmpty, MailAddress(parsing: from) == nil { throw CampaignError.invalidFrom(from) }
    var parts: [String] = []
    for (column, value) in [("subject", subject), ("body", body), ("mail_from", from)] {
      guard let value else { continue }
      try db.execute(
        sql: "UPDATE campaign SET \(column) = ? WHERE id = ?", arguments: [value.isEmpty ? nil : value, id])
      parts.append(column)
    }
    if !parts.isEmpty {
      try CampaignJournal.record(
        db, stamp: stamp, kind: "campaign.template", campaignId: id, ficheId: nil,
        detail: parts.joined(separator: ", "))
    }
    return try fetch(db, id: id)
  }

  static func fetch(_ db: Database, id: Int) throws -> Campaign {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT id, title, created_at, subject, body, mail_from FROM campaign WHERE id = ?", arguments: [id])
    else { throw CampaignError.notFound(String(id)) }
    return try campaign(db, row)
  }

  /// Every campaign, oldest first.
  static func all(_ db: Database) throws -> [Campaign] {
    try Row.fetchAll(db, sql: "SELECT id, title, created_at, subject, body, mail_from FROM campaign ORDER BY id")
      .map { try campaign(db, $0) }
  }

  /// Every campaign with its audience counts by status.
  static func list(_ db: Database) throws -> [CampaignSummary] {
    try all(db).map { CampaignSummary(campaign: $0, counts: try CampaignAudience.counts(db, campaignId: $0.id)) }
  }

  /// Finds a campaign by title as `NameLookup` matches names, the id coming after the whole title
  /// (a title made of digits, «2027», is a title first) and before a part of one. A number that is
  /// neither an id nor a title matches only a whole word of a title («2027» in «Mise à jour 2027»): a
  /// mistyped id («2») must not open the campaign whose title holds that digit.
  static func find(_ db: Database, _ key: String) throws -> Campaign {
    let all = try Row.fetchAll(db, sql: "SELECT id, title FROM campaign ORDER BY id").map {
      (id: $0[0] as Int, title: $0[1] as String)
    }
    let number = !key.isEmpty && key.allSatisfy(\.isASCII) && key.allSatisfy(\.isNumber)
    let steps: [NameLookup.Step<(id: Int, title: String)>] =
      number ? [.exact, .folded, .id(\.id)] : [.exact, .folded, .id(\.id), .prefix, .contains]
    var outcome = NameLookup.find(key, in: all, name: \.title, steps: steps)
    if number, case .notFound = outcome {
      let holding = all.filter { c in
        c.title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { $0 == key }
      }
      outcome = holding.count == 1 ? .found(holding[0]) : holding.isEmpty ? .notFound(near: nil) : .ambiguous(holding)
    }
    switch outcome {
    case .found(let c): return try fetch(db, id: c.id)
    case .ambiguous(let cs): throw CampaignError.ambiguous(key, cs.map(\.title))
    case .notFound(let near): throw CampaignError.notFound(key, near: near?.title)
    }
  }

  /// The store's search folding with whitespace collapsed: how titles and searches compare, the same
  /// as `fiche.name_folded`.
  static func folded(_ text: String) -> String {
    OpenEdit.folded(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  static func checkedTitle(_ title: String) throws -> String {
    let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    else { throw CampaignError.invalidTitle(title) }
    // `open campaign 2` names campaign 2: a title of digits alone would take that over.
    if trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) { throw CampaignError.numericTitle(trimmed) }
    return trimmed
  }

  static func ensureTitleFree(_ db: Database, _ title: String, except id: Int?) throws {
    let clash = try String.fetchOne(
      db, sql: "SELECT title FROM campaign WHERE title_folded = ? AND id IS NOT ?", arguments: [folded(title), id])
    if let clash { throw CampaignError.titleTaken(clash) }
  }

  private static func campaign(_ db: Database, _ row: Row) throws -> Campaign {
    let id: Int = row["id"]
    let selections = try Row.fetchAll(
      db,
      sql: """
        SELECT cs.selection_id AS id, CAST(COALESCE(s.name, cs.selection_name) AS BLOB) AS name
        FROM campaign_selection cs LEFT JOIN selection s ON s.id = cs.selection_id
        WHERE cs.campaign_id = ? ORDER BY cs.rowid
        """, arguments: [id]
    ).map { CampaignSelection(id: $0["id"], name: $0.wholeText(1) ?? "") }
    return Campaign(
      id: id, title: row["title"], createdAt: row["created_at"], selections: selections, subject: row["subject"],
      body: row["body"], mailFrom: row["mail_from"])
  }
}
