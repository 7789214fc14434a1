import Apidae
import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an offre could not be sent.
public struct SendRefusal: Sendable, Equatable {
  public enum Reason: Sendable, Equatable {
    /// The fiche has no offre in this campaign.
    case notInAudience
    /// Only «Email à transmettre» can be sent.
    case wrongStatus(OffreStatus)
    case noEmail
    /// The fiche's e-mail, as it is.
    case invalidEmail(String)
    /// Since the campaign was last actualised, the fiche was hidden or deleted, or left every sélection
    /// of the campaign: `actualiser` would give the offre this status (R4), which nothing is sent to.
    case actualiserFirst(OffreStatus)
  }
  public var ficheId: Int
  public var reason: Reason
}

/// One e-mail written (or, in a dry run, that would be).
public struct SentMail: Sendable, Equatable {
  public var ficheId: Int
  /// The address it is written to (the redirect address when one is set).
  public var to: String
  /// The fiche's own address when `mail.redirect` sent the e-mail to `to` instead (the e-mail's
  /// `X-Oesh-Redirected-From`); nil when it goes to the fiche's address.
  public var redirectedFrom: String? = nil
  /// Its file name in `outbox/`.
  public var file: String
  public var at: String
}

/// What `send` or `sendAll` wrote, or with `dryRun` would write.
public struct SendReport: Sendable, Equatable {
  public var campaignId: Int
  public var dryRun: Bool
  public var sent: [SentMail]
  /// The address `mail.redirect` sends every e-mail to instead of the fiche's, when set.
  public var redirect: String? = nil
  /// For `sendAll`: the «Email à transmettre» offres that could not be sent, and why.
  public var refused: [SendRefusal]

  public init(campaignId: Int, dryRun: Bool, sent: [SentMail], redirect: String? = nil, refused: [SendRefusal]) {
    self.campaignId = campaignId
    self.dryRun = dryRun
    self.sent = sent
    self.redirect = redirect
    self.refused = refused
  }
}

/// Why a send wrote nothing at all.
public enum MailSendError: Error, Equatable, Sendable {
  /// `send` with ids refuses all of them when one cannot be sent; nothing is written.
  case refused([SendRefusal])
  /// The campaign's own sender (`campaign set --from`) is not a valid mailbox.
  case invalidFrom(String)
  /// A `[mail]` setting of `oesh.toml` (`from`, `redirect`, `form_base_url`) is wrong: nothing is sent.
  case invalidSetting(MailSettings.Key, String)
  /// The clock time given is not 'YYYY-MM-DD HH:MM:SS'.
  case invalidTime(String)
  /// The outbox could not be written (path, reason).
  case outbox(String, String)
  /// The outbox could not be listed (path, reason): the names of its e-mails unknown, a new one could be
  /// given the name of one there, and lost in its place.
  case outboxUnlisted(String, String)
  /// `oesh.toml` names a transport oesh does not have (only `outbox`): nothing is sent.
  case unsupportedTransport(String)
}

/// What `reconcileOutbox` did with e-mails left half-written by an interrupted send.
public struct OutboxReconciliation: Sendable, Equatable {
  /// Committed sends whose file got its final name now.
  public var finished: [String]
  /// Temporary files of sends that never committed, deleted.
  public var removed: [String]
  /// Another oesh was writing: nothing was touched, it will finish its own.
  public var skipped: Bool
  /// Pending e-mails that could be neither renamed nor removed (an outbox that cannot be written).
  public var failed: [String] = []
}

/// The envelope (R5): writes each e-mail into `outbox/` and marks its offre «Email transmis», atomically.
///
/// The message goes to `.pending-<token>.eml`, the status change commits with the final file name,
/// then the file is renamed. `reconcileOutbox` finishes or removes what a crash left between those steps.
public struct MailOutbox: Sendable {
  public var directory: URL
  /// The default sender, `Name <address>` (`mail.from`); a campaign may set its own.
  public var from: String
  /// The form link is `<formBaseURL>/<offre token>` (`mail.form_base_url`).
  public var formBaseURL: String
  /// When set (`mail.redirect`), every e-mail is addressed to this one address instead of the socio-pro's.
  public var redirect: String?
  /// The workspace's offset from UTC at the time of sending, in seconds, for the Date header.
  public var utcOffset: Int

  /// Test hook: stop as if the process died after this step.
  enum Step: Sendable { case filesWritten, committed }
  struct SimulatedCrash: Error {}
  var crashAfter: Step? = nil

  public init(directory: URL, from: String, formBaseURL: String, redirect: String? = nil, utcOffset: Int) {
    self.directory = directory
    self.from = from
    self.formBaseURL = formBaseURL
    self.redirect = redirect
    self.utcOffset = utcOffset
  }

  /// Sends the offres of these fiches, all or none: if one cannot be sent, throws `MailSendError.refused`
  /// listing every refusal, and writes nothing.
  public func send(
    _ store: Store, campaignId: Int, ficheIds: [Int], stamp: CampaignStamp, dryRun: Bool = false
  ) throws -> SendReport {
    var seen = Set<Int>()
    return try deliver(
      store, campaignId: campaignId, only: ficheIds.filter { seen.insert($0).inserted }, stamp: stamp, dryRun: dryRun)
  }

  /// Sends every «Email à transmettre» offre that can be sent; the others are listed in `refused`.
  public func sendAll(_ store: Store, campaignId: Int, stamp: CampaignStamp, dryRun: Bool = false) throws
    -> SendReport
  {
    try deliver(store, campaignId: campaignId, only: nil, stamp: stamp, dryRun: dryRun)
  }

  /// The fiches whose offre `sendAll` would send now (R5, and nothing `actualiser` would set aside):
  /// what TAB proposes after `send`.
  public static func sendableFicheIds(_ db: Database, campaignId: Int) throws -> Set<Int> {
    let members = try Campaign.members(db, campaignId: campaignId)
    var ids = Set<Int>()
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT o.fiche_id, f.email, o.previous_status, f.state FROM offre o LEFT JOIN fiche f ON f.id = o.fiche_id
        WHERE o.campaign_id = ? AND o.status = ?
        """, arguments: [campaignId, OffreStatus.aTransmettre.key])
    while let row = try rows.next() {
      let ficheId: Int = row[0]
      let actualised = Campaign.actualisedStatus(
        of: .aTransmettre, previousKey: row[2], ficheState: row[3], isMember: members.contains(ficheId))
      if case .to = sendable(status: .aTransmettre, email: row.wholeText(1), actualised: actualised) {
        ids.insert(ficheId)
      }
    }
    return ids
  }

  /// Whether the offre of this fiche could be sent now; nil when it can.
  static func refusal(_ db: Database, campaignId: Int, ficheId: Int) throws -> SendRefusal.Reason? {
    let row = try Row.fetchOne(
      db,
      sql: """
        SELECT o.status, CAST(f.email AS BLOB), o.previous_status, f.state, EXISTS (
          SELECT 1 FROM selection_member sm JOIN campaign_selection cs ON cs.selection_id = sm.selection_id
          WHERE cs.campaign_id = o.campaign_id AND sm.fiche_id = o.fiche_id)
        FROM offre o LEFT JOIN fiche f ON f.id = o.fiche_id WHERE o.campaign_id = ? AND o.fiche_id = ?
        """, arguments: [campaignId, ficheId])
    guard let row else { return .notInAudience }
    let status = try Campaign.storedStatus(row[0])
    // The same rule as `send`: nothing actualiser would set aside.
    let actualised = Campaign.actualisedStatus(of: status, previousKey: row[2], ficheState: row[3], isMember: row[4])
    if case .refused(let reason) = sendable(status: status, email: row.wholeText(1), actualised: actualised) {
      return reason
    }
    return nil
  }

  static func refusal(status: OffreStatus, email: String?) -> SendRefusal.Reason? {
    if case .refused(let reason) = sendable(status: status, email: email) { return reason }
    return nil
  }

  /// What a send does with one offre: the address it goes to, or why it is refused.
  enum Sendability {
    case to(String)
    case refused(SendRefusal.Reason)
  }

  /// `actualised` is the status `actualiser` would give the offre now, when known: an offre it would
  /// set aside (fiche hidden, deleted or out of the campaign's sélections since) is not sent, so that
  /// no socio-pro is asked to update a fiche the campaign no longer wants.
  static func sendable(status: OffreStatus, email: String?, actualised: OffreStatus? = nil) -> Sendability {
    guard status == .aTransmettre else { return .refused(.wrongStatus(status)) }
    if let actualised, actualised != status { return .refused(.actualiserFirst(actualised)) }
    guard let email, !isBlank(email) else { return .refused(.noEmail) }
    guard let address = MailAddress.checked(email) else { return .refused(.invalidEmail(email)) }
    return .to(address)
  }

  /// Empty or only white space; Foundation's trimming only when a byte is not ASCII.
  private static func isBlank(_ text: String) -> Bool {
    var ascii = true
    for byte in text.utf8 {
      if byte >= 0x80 {
        ascii = false
        break
      }
      if byte != 0x20 && !(0x09...0x0D).contains(byte) { return false }
    }
    return ascii || text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
  }

  private struct OffreRow {
    var ficheId: Int
    var status: OffreStatus
    /// What `actualiser` would make of it now.
    var actualised: OffreStatus
    var token: String
    var name: String
    var email: String?
    var commune: String?
  }

  private struct Candidate {
    var ficheId: Int
    var name: String
    var commune: String?
    var email: String
    var token: String
  }

  private func deliver(
    _ store: Store, campaignId: Int, only: [Int]?, stamp: CampaignStamp, dryRun: Bool
  ) throws -> SendReport {
    guard let time = MailEncoding.LocalTime(stamp.at) else { throw MailSendError.invalidTime(stamp.at) }
    var redirect: String? = nil
    if let wanted = self.redirect {
      guard let address = MailAddress.checked(wanted) else { throw MailSendError.invalidSetting(.redirect, wanted) }
      redirect = address
    }
    // Each e-mail's link is the base and the offre's token: a base that is no web address sends a dead link.
    guard MailSettings.isFormBaseURL(formBaseURL) else {
      throw MailSendError.invalidSetting(.formBaseURL, formBaseURL)
    }
    var written: [(pending: URL, final: URL)] = []
    // Held from before the first pending e-mail is written until the last is renamed: another shell's
    // `reconcileOutbox` leaves a live send's files alone (the kernel drops the lock if this one dies).
    var sending: OutboxLock? = nil
    defer { sending?.release() }
    let report: SendReport
    do {
      report = try store.write { db in
        let campaign = try Campaign.fetch(db, id: campaignId)
        let fromText = campaign.mailFrom ?? self.from
        guard let from = MailAddress(parsing: fromText) else {
          throw campaign.mailFrom == nil ? MailSendError.invalidSetting(.from, fromText) : .invalidFrom(fromText)
        }
        let offres = try MailOutbox.offres(db, campaignId: campaignId, everyStatus: only != nil, composing: !dryRun)
        let (candidates, refused) = MailOutbox.triage(offres, only: only)
        if only != nil && !refused.isEmpty { throw MailSendError.refused(refused) }
        if !dryRun && !candidates.isEmpty {
          try makeOutbox()
          sending = OutboxLock.sending(in: directory)
        }
        // Each e-mail named, then (unless a dry run) written under its temporary name; `written` holds
        // those written so far, for a failure to remove.
        var sent: [SentMail] = []
        // The outbox is listed once: a file check per offre dominated a dry run of 50,000.
        var taken = candidates.isEmpty ? [] : try takenNames()
        let prefix = "\(time.compact)_c\(campaignId)_"
        for candidate in candidates {
          try Interruption.check()
          let to = redirect ?? candidate.email
          let file = MailOutbox.freeName(taken: taken, prefix + String(candidate.ficheId))
          taken.insert(file)
          sent.append(
            SentMail(
              ficheId: candidate.ficheId, to: to, redirectedFrom: redirect == nil ? nil : candidate.email, file: file,
              at: stamp.at))
          guard !dryRun else { continue }
          let messageToken = try Campaign.newMessageToken(
            db, campaignId: campaignId, ficheId: candidate.ficheId, at: stamp.at)
          let message = try compose(
            campaign: campaign, from: from, candidate: candidate, to: to, time: stamp.at,
            messageId: "<\(messageToken)@\(from.domain)>", redirectedFrom: redirect == nil ? nil : candidate.email)
          let pending = directory.appendingPathComponent(".pending-\(candidate.token).eml")
          try MailOutbox.writePending(message.rendered(), to: pending)
          written.append((pending, directory.appendingPathComponent(file)))
        }
        try MailOutbox.flush(written.map(\.pending))
        if !dryRun { try MailOutbox.markSent(sent, db, campaignId: campaignId, stamp: stamp) }
        if crashAfter == .filesWritten { throw SimulatedCrash() }
        return SendReport(campaignId: campaignId, dryRun: dryRun, sent: sent, redirect: redirect, refused: refused)
      }
    } catch let error as SimulatedCrash {
      throw error
    } catch {
      for file in written { try? FileManager.default.removeItem(at: file.pending) }
      throw error
    }
    if crashAfter == .committed { throw SimulatedCrash() }
    for file in written { MailOutbox.finish(pending: file.pending, final: file.final) }
    if !written.isEmpty { MailOutbox.syncDirectory(directory) }
    return report
  }

  /// The campaign's offres (with `everyStatus`, else those «Email à transmettre» alone), in fiche order,
  /// with what `actualiser` would make of each now. Columns by position: named lookups cost more than the
  /// rest of a dry run of 50,000. Without `composing` (a dry run), neither the token, nor the name, nor
  /// the commune is read.
  private static func offres(_ db: Database, campaignId: Int, everyStatus: Bool, composing: Bool) throws -> [OffreRow] {
    var offres: [OffreRow] = []
    let members = try Campaign.members(db, campaignId: campaignId)
    let columns = composing ? "o.token, COALESCE(f.name, ''), COALESCE(c.name, f.commune_name)" : "'', '', NULL"
    let communes = composing ? "LEFT JOIN commune c ON c.id = f.commune_id" : ""
    let cursor = try Row.fetchCursor(
      db,
      sql: """
        SELECT o.fiche_id, o.status, f.email, \(columns), o.previous_status, f.state
        FROM offre o LEFT JOIN fiche f ON f.id = o.fiche_id \(communes)
        WHERE o.campaign_id = ? AND (? OR o.status = ?) ORDER BY o.fiche_id
        """, arguments: [campaignId, everyStatus, OffreStatus.aTransmettre.key])
    while let row = try cursor.next() {
      let ficheId: Int = row[0]
      let status = try Campaign.storedStatus(row[1])
      let actualised = Campaign.actualisedStatus(
        of: status, previousKey: row[6], ficheState: row[7], isMember: members.contains(ficheId))
      offres.append(
        OffreRow(
          ficheId: ficheId, status: status, actualised: actualised, token: row[3], name: row.wholeText(4) ?? "",
          email: row.wholeText(2), commune: row.wholeText(5)))
    }
    return offres
  }

  /// The offres of `only` these fiches (in that order), else all of `offres`, each to send to its
  /// address, or refused with why (R5).
  private static func triage(_ offres: [OffreRow], only: [Int]?) -> (candidates: [Candidate], refused: [SendRefusal]) {
    var byFiche: [Int: Int] = [:]
    for (index, offre) in offres.enumerated() { byFiche[offre.ficheId] = index }
    var candidates: [Candidate] = []
    var refused: [SendRefusal] = []
    for ficheId in only ?? offres.map(\.ficheId) {
      guard let index = byFiche[ficheId] else {
        refused.append(SendRefusal(ficheId: ficheId, reason: .notInAudience))
        continue
      }
      let offre = offres[index]
      switch MailOutbox.sendable(status: offre.status, email: offre.email, actualised: offre.actualised) {
      case .refused(let reason):
        refused.append(SendRefusal(ficheId: ficheId, reason: reason))
      case .to(let address):
        candidates.append(
          Candidate(ficheId: ficheId, name: offre.name, commune: offre.commune, email: address, token: offre.token))
      }
    }
    return (candidates, refused)
  }

  /// Makes `outbox/` when it is not there: it alone, never the workspace's folder (one that is gone is
  /// not made anew for an e-mail).
  private func makeOutbox() throws {
    do {
      if !FileManager.default.fileExists(atPath: directory.path) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
      }
    } catch {
      throw MailSendError.outbox(directory.path, systemReason(error))
    }
  }

  /// The names in `outbox/`, for each e-mail to get one that is free; none when there is no outbox yet (a
  /// dry run). A listing that fails (a folder this user may write but not read) fails the send: an e-mail
  /// given the name of one already there would be taken for it, and lost.
  private func takenNames() throws -> Set<String> {
    do {
      return Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
    } catch {
      let reason = systemReason(error)
      if reason == "ENOENT" && !FileManager.default.fileExists(atPath: directory.path) { return [] }
      throw MailSendError.outboxUnlisted(directory.path, reason)
    }
  }

  /// Records the e-mails written, in the send's transaction: each offre «Email transmis», with when, to
  /// whom and which file, and the journal's row.
  private static func markSent(_ sent: [SentMail], _ db: Database, campaignId: Int, stamp: CampaignStamp) throws {
    for mail in sent {
      try db.cachedStatement(
        sql: """
          UPDATE offre SET sent_at = ?, sent_to = ?, message_file = ?
          WHERE campaign_id = ? AND fiche_id = ? AND status = ?
          """
      ).execute(arguments: [stamp.at, mail.to, mail.file, campaignId, mail.ficheId, OffreStatus.aTransmettre.key])
      try Campaign.moveOffre(
        db, campaignId: campaignId, change: OffreChange(ficheId: mail.ficheId, from: .aTransmettre, to: .transmis),
        previous: nil, stamp: stamp)
      try CampaignJournal.record(
        db, stamp: stamp, kind: "mail.sent", campaignId: campaignId, ficheId: mail.ficheId,
        detail: "\(mail.to) \(mail.file)")
    }
  }

  /// The e-mail of one offre. Its time and address were checked before (`invalidTime`, `sendable`): were
  /// they not, the send is refused rather than the shell stopped.
  private func compose(
    campaign: Campaign, from: MailAddress, candidate: Candidate, to: String, time: String, messageId: String,
    redirectedFrom: String?
  ) throws -> MailMessage {
    let template = campaign.template
    let base = formBaseURL.hasSuffix("/") ? String(formBaseURL.dropLast()) : formBaseURL
    let values = [
      "nom": MailEncoding.singleLine(candidate.name),
      "campagne": MailEncoding.singleLine(campaign.title),
      "lien": "\(base)/\(candidate.token)",
      "commune": MailEncoding.singleLine(candidate.commune ?? ""),
    ]
    guard let date = MailEncoding.dateHeader(local: time, utcOffset: utcOffset) else {
      throw MailSendError.invalidTime(time)
    }
    guard let recipient = MailAddress(name: candidate.name, address: to) else {
      throw MailSendError.refused([SendRefusal(ficheId: candidate.ficheId, reason: .invalidEmail(to))])
    }
    return MailMessage(
      date: date,
      messageId: messageId,
      from: from,
      to: recipient,
      subject: CampaignTemplate.fill(MailEncoding.singleLine(template.subject), values),
      body: CampaignTemplate.fill(template.body, values),
      redirectedFrom: redirectedFrom)
  }

  /// Writes one e-mail under its temporary name (its send has not committed yet); a failure names the
  /// outbox (the temporary file is nobody's business) with the system's reason, and removes what it
  /// wrote: the send's other e-mails are removed by its caller, this one was not in its list yet (on a full
  /// disk it stayed, for the next session to announce as an unfinished e-mail).
  private static func writePending(_ bytes: [UInt8], to url: URL) throws {
    let outbox = url.deletingLastPathComponent().path
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw MailSendError.outbox(outbox, systemReason(POSIXError(errnoCode))) }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      guard n > 0 else {
        let reason = systemReason(POSIXError(errnoCode))
        unlink(url.path)
        throw MailSendError.outbox(outbox, reason)
      }
      offset += n
    }
  }

  /// `errno` as Foundation's code.
  private static var errnoCode: POSIXErrorCode { POSIXErrorCode(rawValue: errno) ?? .EIO }

  /// Forces the written e-mails to disk before the transaction that names them commits. One fsync costs
  /// about 5 ms on ext4, so a large batch is flushed by one `sync()` (which waits for the disk on Linux).
  private static func flush(_ urls: [URL]) throws {
    #if os(Linux)
      if urls.count > 8 {
        sync()
        return
      }
    #endif
    for url in urls {
      let fd = open(url.path, O_RDONLY)
      guard fd >= 0, fsync(fd) == 0 else {
        let reason = systemReason(POSIXError(errnoCode))
        if fd >= 0 { close(fd) }
        throw MailSendError.outbox(url.deletingLastPathComponent().path, reason)
      }
      close(fd)
    }
  }

  /// `<stem>.eml`, or `<stem>-2.eml`… when a file of that name is already there (an outbox kept across a
  /// restored state): an e-mail is never written over another.
  static func freeName(taken: Set<String>, _ stem: String) -> String {
    var name = "\(stem).eml"
    var n = 2
    while taken.contains(name) {
      name = "\(stem)-\(n).eml"
      n += 1
    }
    return name
  }

  /// Gives a committed e-mail its final name; someone else may have done it already. False when the
  /// file could not be renamed (an outbox that cannot be written).
  @discardableResult
  static func finish(pending: URL, final: URL) -> Bool {
    if FileManager.default.fileExists(atPath: final.path) {
      try? FileManager.default.removeItem(at: pending)
      return true
    }
    return rename(pending.path, final.path) == 0
  }

  static func syncDirectory(_ url: URL) {
    let fd = open(url.path, O_RDONLY)
    if fd >= 0 {
      _ = fsync(fd)
      close(fd)
    }
  }
}

/// Finishes or rolls back the sends a crash interrupted, at workspace open: a `.pending-<token>.eml` whose
/// offre committed its `message_file` is renamed to it; one whose send never committed is deleted.
func reconcileOutbox(store: Store, outbox: URL) throws -> OutboxReconciliation {
  var result = OutboxReconciliation(finished: [], removed: [], skipped: false)
  let names = ((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []).filter {
    $0.hasPrefix(".pending-") && $0.hasSuffix(".eml")
  }
  // Nearly always none: then no write transaction, which would wait for another shell's.
  guard !names.isEmpty else { return result }
  // A send still running in another shell (between its commit and its renames) finishes its own.
  guard let repairing = OutboxLock.repairing(in: outbox) else {
    return OutboxReconciliation(finished: [], removed: [], skipped: true)
  }
  defer { repairing.release() }
  do {
    try store.write { db in
      for name in names.sorted() {
        let token = String(name.dropFirst(".pending-".count).dropLast(".eml".count))
        let pending = outbox.appendingPathComponent(name)
        let file = try String.fetchOne(
          db, sql: "SELECT message_file FROM offre WHERE token = ? AND message_file IS NOT NULL", arguments: [token])
        // Only what was done is told: in an outbox that cannot be written, the files stay as they are.
        if let file, !file.contains("/") {
          if MailOutbox.finish(pending: pending, final: outbox.appendingPathComponent(file)) {
            result.finished.append(file)
          } else {
            result.failed.append(name)
          }
        } else if (try? FileManager.default.removeItem(at: pending)) != nil {
          result.removed.append(name)
        } else {
          result.failed.append(name)
        }
      }
    }
  } catch StoreError.locked {
    return OutboxReconciliation(finished: [], removed: [], skipped: true)
  }
  if !result.finished.isEmpty { MailOutbox.syncDirectory(outbox) }
  return result
}

/// `outbox/.send.lock`, locked with `flock`: shared by each send while its e-mails are pending, alone by
/// `reconcileOutbox`, which repairs only the files of sends no live process holds (a second shell took
/// another's pending e-mails for an interrupted send and announced each as repaired). The kernel releases
/// a dead process's lock: a crashed send is still repaired.
struct OutboxLock {
  static let fileName = ".send.lock"
  private let descriptor: Int32

  /// The lock of a send; nil if the file cannot be opened (the send goes on: only the repair's care is
  /// lost).
  static func sending(in outbox: URL) -> OutboxLock? {
    guard let descriptor = openFile(outbox, creating: true) else { return nil }
    guard lock(descriptor, LOCK_SH) == 0 else {
      close(descriptor)
      return nil
    }
    return OutboxLock(descriptor: descriptor)
  }

  /// The lock of a repair; nil only when a send holds it now. A file that does not exist (no send of this
  /// version ran) or cannot be opened (another user's, and no way to learn more) does not stop a repair.
  static func repairing(in outbox: URL) -> OutboxLock? {
    guard let descriptor = openFile(outbox, creating: false) else { return OutboxLock(descriptor: -1) }
    let failure = lock(descriptor, LOCK_EX | LOCK_NB)
    if failure == 0 { return OutboxLock(descriptor: descriptor) }
    close(descriptor)
    return failure == EWOULDBLOCK ? nil : OutboxLock(descriptor: -1)
  }

  /// Read-only: `flock` needs no more, and a file another user made (0644) opens so too.
  private static func openFile(_ outbox: URL, creating: Bool) -> Int32? {
    let flags = O_RDONLY | O_CLOEXEC | (creating ? O_CREAT : 0)
    let descriptor = open(outbox.appendingPathComponent(fileName).path, flags, 0o644)
    return descriptor >= 0 ? descriptor : nil
  }

  /// 0, or the error number of `flock`; the caller closes the descriptor (closing it twice could close
  /// one another thread has just opened: the store opens on the second core).
  private static func lock(_ descriptor: Int32, _ operation: Int32) -> Int32 {
    while flock(descriptor, operation) != 0 {
      if errno != EINTR { return errno }
    }
    return 0
  }

  func release() { if descriptor >= 0 { close(descriptor) } }
}
