import Foundation
import GRDB
import XCTest

@testable import OpenEdit

/// A workspace that cannot be used says why in the session's language (DESIGN.md §5: status 3), with
/// none of SQLite's, TOMLKit's or Foundation's English, and `FILE:LINE:` as compilers write it.
final class WorkspaceMessagesTests: XCTestCase {
  private func demo() throws -> (dir: URL, ws: URL) {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    return (dir, dir.appendingPathComponent("ws"))
  }

  /// A demo workspace `ws` that the user `launcher` runs oesh as (not root, who reads every file) may write.
  private func demoAnotherUserMayWrite() throws -> (dir: URL, ws: URL, launcher: [String]) {
    let (dir, ws) = try demo()
    guard let launcher = try OeshProcess.unprivilegedLauncher(in: dir) else {
      throw XCTSkip("setpriv is needed to run as another user than root")
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: ws.path)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o666], ofItemAtPath: ws.appendingPathComponent("state.sqlite").path)
    return (dir, ws, launcher)
  }

  func testADamagedDatabaseIsSaidInFrench() throws {
    let (dir, ws) = try demo()
    let store = ws.appendingPathComponent("state.sqlite")
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.path + suffix) }
    try Data(String(repeating: "pas une base ", count: 20).utf8).write(to: store)
    let r = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(r.status, 3)
    XCTAssertEqual(r.stderr, "-c:1: la base \(store.path) est illisible : ce n'est pas une base de données\n")
    let en = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(en.stderr, "-c:1: database \(store.path) cannot be read: not a database\n")
  }

  /// A database that opens well but whose pages a command finds damaged (here the campaigns' table) is the
  /// same damaged database, said so (status 3): it read «erreur inattendue (détail : GRDB.DatabaseError 11)»,
  /// and before that SQLite's English with the SQL it ran. The rest of the workspace is still read.
  func testADatabaseDamagedInsideIsSaidInFrench() throws {
    let (dir, ws) = try demo()
    let store = ws.appendingPathComponent("state.sqlite")
    let (root, pageSize): (Int, Int) = try {
      let queue = try DatabaseQueue(path: store.path)
      return try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        return (
          try XCTUnwrap(Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'campaign'")),
          try XCTUnwrap(Int.fetchOne(db, sql: "PRAGMA page_size"))
        )
      }
    }()
    let file = try FileHandle(forWritingTo: store)
    try file.seek(toOffset: UInt64((root - 1) * pageSize))
    try file.write(contentsOf: Data(repeating: 0xFF, count: pageSize))
    try file.close()
    let r = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(r.status, 3)
    XCTAssertEqual(r.stderr, "-c:1: la base \(store.path) est illisible : la base est endommagée\n")
    let en = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(en.stderr, "-c:1: database \(store.path) cannot be read: the database is damaged\n")
    let fiches = try OeshProcess.run(["-w", "ws", "-c", "fiches --format csv"], cwd: dir)
    XCTAssertEqual(fiches.status, 0, fiches.stderr)
  }

  /// A store SQLite cannot open (here a folder in its place) is said without naming SQLite.
  func testAStoreThatCannotBeOpenedIsSaidPlainly() throws {
    let (dir, ws) = try demo()
    let store = ws.appendingPathComponent("state.sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.path + suffix) }
    try FileManager.default.createDirectory(at: store, withIntermediateDirectories: false)
    let r = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(r.status, 3)
    XCTAssertEqual(r.stderr, "-c:1: la base \(store.path) est illisible : impossible de l'ouvrir\n")
    let en = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(en.stderr, "-c:1: database \(store.path) cannot be read: it cannot be opened\n")
  }

  /// A workspace a newer oesh migrated is refused with status 3, and left byte for byte as it was.
  func testAWorkspaceOfANewerOeshIsRefusedAndLeftAsItWas() throws {
    let (dir, ws) = try demo()
    let store = ws.appendingPathComponent("state.sqlite")
    do {
      let queue = try DatabaseQueue(path: store.path)
      try queue.write { db in
        try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-a-newer-oesh')")
      }
    }
    let before = try Data(contentsOf: store)
    let r = try OeshProcess.run(["-w", "ws", "-c", "sync"], cwd: dir)
    XCTAssertEqual(r.status, 3)
    let version = try XCTUnwrap(OeshProcess.run(["--version"], cwd: dir).stdout.split(separator: "\n").first)
    XCTAssertEqual(
      r.stderr,
      "-c:1: cet espace de travail a été mis à jour par une version d'oesh plus récente que celle-ci (\(version)) :"
        + " pour l'ouvrir, installez la version qui l'a mis à jour ou une plus récente ; rien n'y est changé"
        + " (détail : \(store.path), migrations inconnues v99-from-a-newer-oesh)\n"
    )
    XCTAssertEqual(r.stdout, "")
    let en = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "sync"], cwd: dir)
    XCTAssertEqual(
      en.stderr,
      "-c:1: this workspace was updated by a newer oesh than this one (\(version)): to open it, install the version"
        + " that updated it or a newer one; nothing in it is changed"
        + " (detail: \(store.path), unknown migrations v99-from-a-newer-oesh)\n")
    XCTAssertEqual(try Data(contentsOf: store), before)
  }

  func testBadSettingsAreSaidInTheSessionsLanguageWithTheirLine() throws {
    let (dir, ws) = try demo()
    let toml = ws.appendingPathComponent("oesh.toml")
    try Data("name = \"x\u{1}\"\n".utf8).write(to: toml)
    let r = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(r.status, 3)
    XCTAssertEqual(r.stderr, "oesh: \(toml.path):1: réglage illisible : ce n'est pas du TOML correct (colonne 10)\n")
    let en = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertTrue(
      en.stderr.hasPrefix("oesh: \(toml.path):1: cannot read setting: not valid TOML (column 10): "), en.stderr)

    try Data("name = \"x\"\n\ntimezone = \"Mars/Base\"\n".utf8).write(to: toml)
    XCTAssertEqual(
      try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir).stderr,
      "oesh: \(toml.path):3: réglage illisible : fuseau horaire inconnu « Mars/Base » (par exemple Europe/Paris)\n")
    // A setting given twice, the parser's commonest slip here, is said in French too, where only the column was.
    try Data("name = \"a\"\nname = \"b\"\n".utf8).write(to: toml)
    XCTAssertEqual(
      try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir).stderr,
      "oesh: \(toml.path):2: réglage illisible : « name » est déjà réglé plus haut (colonne 8) : un réglage ne se donne"
        + " qu'une fois\n")
    XCTAssertEqual(
      try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "campaigns"], cwd: dir).stderr,
      "oesh: \(toml.path):2: cannot read setting: \"name\" is set above already (column 8): a setting is given once\n")
    try Data("name = \"x\"\nproject_id = 0\n".utf8).write(to: toml)
    XCTAssertEqual(
      try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir).stderr,
      "oesh: \(toml.path):2: réglage illisible : project_id doit être un entier positif\n")
  }

  /// An `oesh.toml` that is a folder is said so, in the system's words, where it read «erreur inattendue
  /// (détail : NSCocoaErrorDomain 256)»; one that is no regular file (a FIFO, a link to /dev/zero), too.
  func testSettingsThatAreNoFileAreSaidSo() throws {
    let (dir, ws) = try demo()
    let toml = ws.appendingPathComponent("oesh.toml")
    try FileManager.default.removeItem(at: toml)
    try FileManager.default.createDirectory(at: toml, withIntermediateDirectories: false)
    let r = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(r.status, 3)
    XCTAssertEqual(r.stderr, "oesh: \(toml.path) est illisible : c'est un dossier\n")
    // A FIFO, or a link to a device, is refused unread: it said «permission refusée», which it was not.
    try FileManager.default.removeItem(at: toml)
    XCTAssertEqual(mkfifo(toml.path, 0o644), 0)
    let fifo = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(fifo.status, 3)
    XCTAssertEqual(
      fifo.stderr,
      "oesh: \(toml.path) est illisible : ce n'est pas un fichier ordinaire (un tube nommé, un périphérique…)\n")
    try FileManager.default.removeItem(at: toml)
    try FileManager.default.createSymbolicLink(atPath: toml.path, withDestinationPath: "/dev/zero")
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir).stderr, fifo.stderr)
  }

  /// An `oesh.toml` past 1 MiB is refused unread (status 3): 300 MB put there by mistake took 21 s and 600 MB of
  /// memory at each start. One of 1 MiB, comments mostly, is read.
  func testSettingsPastOneMebibyteAreRefusedUnread() throws {
    let (dir, ws) = try demo()
    let toml = ws.appendingPathComponent("oesh.toml")
    let text = try String(contentsOf: toml, encoding: .utf8)
    let comment = "# " + String(repeating: "x", count: 1 << 20) + "\n"
    let limit = 1 << 20
    try (text + String(comment.prefix(limit - text.utf8.count - 1)) + "\n").write(
      to: toml, atomically: true, encoding: .utf8)
    XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: toml.path)[.size] as? Int, limit)
    let read = try OeshProcess.run(["-w", "ws", "-c", "clock"], cwd: dir)
    XCTAssertEqual(read.status, 0, read.stderr)
    try (text + comment).write(to: toml, atomically: true, encoding: .utf8)
    let r = try OeshProcess.run(["-w", "ws", "-c", "clock"], cwd: dir)
    XCTAssertEqual(r.status, 3)
    XCTAssertEqual(
      r.stderr,
      "oesh: \(toml.path) fait \(text.utf8.count + comment.utf8.count) octets, quand des réglages en font quelques centaines"
        + " (oesh en lit 1 Mio au plus) : ce n'est pas le fichier de réglages, rien n'en est lu\n")
  }

  /// A `project_id` that is not the project of the exports imported (a typo, an edit) is said once, by the first
  /// command that uses the workspace, where `snapshots` listed every export as «d'un autre projet Apidae» and
  /// said «Aucun export dans snapshots/» while the fiches shown came from them.
  func testAProjectIdOtherThanTheImportedExportsIsSaid() throws {
    let (dir, ws) = try demo()
    let toml = ws.appendingPathComponent("oesh.toml")
    let text = try String(contentsOf: toml, encoding: .utf8)
    XCTAssertTrue(text.contains("project_id = 4242\n"))
    try text.replacingOccurrences(of: "project_id = 4242\n", with: "project_id = 4243\n").write(
      to: toml, atomically: true, encoding: .utf8)
    let r = try OeshProcess.run(["-w", "ws", "-c", "snapshots --format csv", "-c", "clock"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(
      r.stderr.hasPrefix(
        "-c:1: attention : oesh.toml suit le projet Apidae 4243 (project_id), mais les exports importés dans cet"
          + " espace de travail sont du projet 4242 : ses fiches en viennent, et ses exports sont ignorés ; corrigez"
          + " project_id, ou faites un autre espace de travail pour le projet 4243\n"), r.stderr)
    XCTAssertEqual(r.stderr.components(separatedBy: "attention").count, 2, "said once")
    try text.write(to: toml, atomically: true, encoding: .utf8)
    XCTAssertEqual(try OeshProcess.run(["-w", "ws", "-c", "snapshots --format csv"], cwd: dir).stderr, "")
  }

  /// A workspace another oesh is writing to cannot be used now: status 3 (DESIGN.md §5, «locked»), said in
  /// French, and the command changed nothing.
  func testAWorkspaceLockedByAnotherWriterIsStatus3() throws {
    let (dir, ws) = try demo()
    let path = ws.appendingPathComponent("state.sqlite").path
    let other = try Store(url: URL(fileURLWithPath: path))
    let r = try other.dryRun { db in
      try db.execute(sql: "INSERT INTO setting(key, value) VALUES ('held', '1')")
      return try OeshProcess.run(["-w", "ws", "-c", "clock set 2031-01-01"], cwd: dir)
    }
    XCTAssertEqual(r.status, 3, r.stderr)
    XCTAssertEqual(
      r.stderr,
      "-c:1: l'espace de travail est occupé par un autre oesh (base \(path) verrouillée en écriture) ; "
        + "réessayez quand il aura fini\n")
    let clock = try OeshProcess.run(["-w", "ws", "-c", "clock"], cwd: dir)
    XCTAssertFalse(clock.stdout.contains("2031"), clock.stdout)
  }

  /// A setting oesh does not know is ignored, and said so once, with the one it looks like.
  func testAnUnknownSettingIsSaidWithTheOneItLooksLike() throws {
    let (dir, ws) = try demo()
    let toml = ws.appendingPathComponent("oesh.toml")
    let text = try String(contentsOf: toml, encoding: .utf8)
    try ("projet_id = 4242\n" + text).write(to: toml, atomically: true, encoding: .utf8)
    let r = try OeshProcess.run(["-w", "ws", "-c", "campaigns", "-c", "selections"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      r.stderr,
      "attention : oesh.toml : réglage inconnu « projet_id », ignoré (réglages : name, project_id, timezone, "
        + "mail.from, mail.form_base_url, mail.transport, mail.redirect). Vouliez-vous dire « project_id » ?\n")
  }

  /// A folder this user may not enter hides its `oesh.toml`: it is unreadable, not «not a workspace».
  func testAFolderOrADatabaseThisUserMayNotReadIsSaidSo() throws {
    let (dir, ws) = try demo()
    guard let launcher = try OeshProcess.unprivilegedLauncher(in: dir) else {
      throw XCTSkip("setpriv is needed to run as another user than root")
    }
    let store = ws.appendingPathComponent("state.sqlite")
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: store.path)
    let file = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir, launcher: launcher)
    XCTAssertEqual(file.status, 3)
    XCTAssertEqual(file.stderr, "-c:1: la base \(store.path) est illisible : permission refusée\n")

    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: ws.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: ws.path) }
    let folder = try OeshProcess.run(["-w", "ws", "-c", "echo hi"], cwd: dir, launcher: launcher)
    XCTAssertEqual(folder.status, 3)
    XCTAssertEqual(folder.stderr, "oesh: \(ws.path) est illisible : permission refusée\n")
  }

  /// A scheduled change of the Apidae side that does not decode (a change this version no longer has)
  /// left the agenda in silence and stopped `nuit` with Swift's decoding error; both now say it, with the
  /// store and the row, and go on without it.
  func testAScheduledChangeThatCannotBeReadIsSaidWithItsRow() throws {
    let (dir, ws) = try demo()
    let store = ws.appendingPathComponent("state.sqlite")
    let row = try DatabaseQueue(path: store.path).write { db in
      try db.execute(
        sql: "INSERT INTO apidae_event(at, change) VALUES ('2027-03-01 20:00:00', '{\"createSelection\":{}}')")
      return db.lastInsertedRowID
    }
    let warning =
      "attention : \(store.path), table apidae_event, ligne \(row) : changement prévu illisible, laissé de côté "
      + "(à 2027-03-01 20:00:00 : {\"createSelection\":{}})"
    let agenda = try OeshProcess.run(["-w", "ws", "-c", "apidae agenda"], cwd: dir)
    XCTAssertEqual(agenda.status, 0, agenda.stderr)
    XCTAssertEqual(agenda.stderr, "-c:1: " + warning + "\n")
    XCTAssertEqual(agenda.stdout.split(separator: "\n").count, 5, "the four others: \(agenda.stdout)")
    let night = try OeshProcess.run(["-w", "ws", "-c", "nuit"], cwd: dir)
    XCTAssertEqual(night.status, 0, night.stderr)
    XCTAssertEqual(night.stderr, "-c:1: " + warning + "\n")
    let en = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "apidae agenda --all"], cwd: dir)
    XCTAssertEqual(
      en.stderr,
      "-c:1: warning: \(store.path), table apidae_event, row \(row): scheduled change unreadable, left aside "
        + "(at 2027-03-01 20:00:00: {\"createSelection\":{}})\n")
  }

  /// A demo workspace `ws` on a real file system of 4 MB (tmpfs, which only root may mount), unmounted
  /// after the test; the test is skipped elsewhere.
  private func demoOnASmallDisk() throws -> URL {
    let dir = try OeshProcess.temporaryDirectory(self)
    let disk = dir.appendingPathComponent("disk")
    try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
    func system(_ tool: String, _ arguments: [String]) throws -> Int32 {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: tool)
      p.arguments = arguments
      p.standardError = FileHandle.nullDevice
      try p.run()
      p.waitUntilExit()
      return p.terminationStatus
    }
    guard getuid() == 0, try system("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.path]) == 0 else {
      throw XCTSkip("a small file system to fill needs root (mount -t tmpfs)")
    }
    addTeardownBlock { _ = try? system("/bin/umount", [disk.path]) }
    XCTAssertEqual(try OeshProcess.run(["demo", "ws"], cwd: disk).status, 0)
    return disk
  }

  /// Fills the disk of `disk` to the last byte, as another program would, then leaves `room` bytes free.
  private func fill(_ disk: URL, leaving room: Int = 0) throws -> String {
    let filler = disk.appendingPathComponent("filler").path
    let fd = open(filler, O_WRONLY | O_CREAT, 0o644)
    XCTAssertGreaterThanOrEqual(fd, 0)
    defer { close(fd) }
    let block = [UInt8](repeating: 0, count: 4096)
    var size = 0
    while case let n = write(fd, block, block.count), n > 0 { size += n }
    XCTAssertEqual(errno, ENOSPC)
    XCTAssertEqual(ftruncate(fd, off_t(max(0, size - room))), 0)
    return filler
  }

  /// A disk that filled up while no oesh ran: SQLite cannot grow its shared-memory file there and says
  /// «I/O error», which every command, `campaigns` too, repeated as «erreur d'entrée-sortie»; it is a full
  /// disk, said so (status 1), and the workspace works again once there is room.
  func testADiskThatFilledUpIsSaidFull() throws {
    let disk = try demoOnASmallDisk()
    let store = disk.appendingPathComponent("ws/state.sqlite").path
    let filler = try fill(disk)
    let full = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: disk)
    XCTAssertEqual(full.status, 1)
    XCTAssertEqual(
      full.stderr,
      "-c:1: le disque est plein (\(store)) : rien de cette commande n'est gardé ; libérez de la place, puis recommencez\n"
    )
    try FileManager.default.removeItem(atPath: filler)
    let again = try OeshProcess.run(["-w", "ws", "-c", "campaigns --format csv"], cwd: disk)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stdout.contains(",19,14,5,0,0,0\n"), again.stdout)
  }

  /// A send whose outbox fills up halfway writes nothing and marks nothing: no e-mail is left behind,
  /// not even the one it was writing when the disk filled (that one stayed, as `.pending-….eml`, for the
  /// next session to announce as «e-mail inachevé retiré»). Room for SQLite's shared memory (32 KB) and
  /// two e-mails of the eleven.
  func testASendThatFillsTheDiskLeavesNoEmailBehind() throws {
    let disk = try demoOnASmallDisk()
    let outbox = disk.appendingPathComponent("ws/outbox")
    let before = try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted()
    let filler = try fill(disk, leaving: 40 * 1024)
    let send = try OeshProcess.run(["-w", "ws", "-c", "open campaign 1", "-c", "send --all --yes"], cwd: disk)
    XCTAssertEqual(send.status, 1)
    XCTAssertTrue(
      send.stderr.hasSuffix("-c:2: impossible d'écrire dans \(outbox.path) : plus de place sur le disque\n"),
      send.stderr)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted(), before)
    try FileManager.default.removeItem(atPath: filler)
    let after = try OeshProcess.run(["-w", "ws", "-c", "campaigns --format csv"], cwd: disk)
    XCTAssertEqual(after.stderr, "", "nothing to repair")
    XCTAssertTrue(after.stdout.contains(",19,14,5,0,0,0\n"), after.stdout)
  }

  /// `snapshots/` removed or moved away: the commands that read or write exports say so, where it was
  /// (`snapshots` said «Aucun export dans snapshots/ : déposez-y les zips…» of a workspace whose imports
  /// were there a moment before, and `import` made a new, empty one); the others go on.
  func testAMissingSnapshotsFolderIsSaidMissing() throws {
    let (dir, ws) = try demo()
    let snapshots = ws.appendingPathComponent("snapshots")
    try FileManager.default.moveItem(at: snapshots, to: dir.appendingPathComponent("ailleurs"))
    let missing =
      "le dossier snapshots/ n'est plus là (\(snapshots.path)) : remettez-le ; s'il est perdu, recréez-le vide"
      + " (les fiches importées restent dans state.sqlite, mais pas leur JSON)\n"
    let export = OeshProcess.hotentic.appendingPathComponent("json_export.zip").path
    for command in [
      "snapshots", "sync", "nuit", "diff pending", "apidae calcul", "import \(export) --as-of 2027-03-01",
    ] {
      let r = try OeshProcess.run(["-w", "ws", "-c", command], cwd: dir)
      XCTAssertEqual(r.status, 1, command)
      XCTAssertEqual(r.stderr, "-c:1: " + missing, command)
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: snapshots.path), "import made no new folder")
    let clock = try OeshProcess.run(["-w", "ws", "-c", "clock"], cwd: dir)
    XCTAssertEqual(clock.stdout, "2027-03-01 09:00 (horloge simulée, fuseau Europe/Paris)\n", "nuit moved nothing")
    let send = try OeshProcess.run(["-w", "ws", "-c", "open campaign 1", "-c", "send 5100004"], cwd: dir)
    XCTAssertEqual(send.status, 0, send.stderr)
  }

  /// A `send --all` killed between its commit and its renames, or before its commit, leaves thousands of
  /// pending e-mails: their repair is told in one line each way, counted, naming a few (it wrote a line
  /// per e-mail: 4,221 after one of 4,569 was killed).
  func testTheRepairOfAnInterruptedSendIsToldInOneLineEachWay() throws {
    let (dir, ws) = try demo()
    let outbox = ws.appendingPathComponent("outbox")
    let sent = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }.sorted()
    XCTAssertEqual(sent.count, 5)
    // Committed, not renamed yet: each under its offre's token, as a send writes it first.
    for file in sent {
      let text = try String(contentsOf: outbox.appendingPathComponent(file), encoding: .utf8)
      let link = "https://openedit.invalid/formulaire/"
      let token = try XCTUnwrap(
        text.split(whereSeparator: \.isNewline).first { $0.hasPrefix(link) }?.dropFirst(link.count))
      try FileManager.default.moveItem(
        at: outbox.appendingPathComponent(file), to: outbox.appendingPathComponent(".pending-\(token).eml"))
    }
    // Never committed.
    let unfinished = (10..<20).map { ".pending-feed\($0).eml" }
    for name in unfinished { try Data("inachevé".utf8).write(to: outbox.appendingPathComponent(name)) }

    let r = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      r.stderr,
      "outbox/ : envoi interrompu terminé pour 5 e-mails (\(sent.joined(separator: ", ")))\n"
        + "outbox/ : 10 e-mails inachevés retirés, leurs offres n'avaient pas changé ("
        + unfinished.prefix(8).joined(separator: ", ") + ", … (+2))\n")
    let left = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }.sorted()
    XCTAssertEqual(left, sent)
    let en = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(en.stderr, "", "nothing left to repair")
  }

  /// An import into a `snapshots/` this user may read but not write says that folder cannot be written
  /// (it said «copie de …/snapshots impossible», as if the folder were what was copied); nothing is left.
  func testAnImportIntoASnapshotsFolderThatCannotBeWrittenSaysSo() throws {
    let (dir, ws, launcher) = try demoAnotherUserMayWrite()
    let snapshots = ws.appendingPathComponent("snapshots")
    let delivered = try FileManager.default.contentsOfDirectory(atPath: snapshots.path).sorted()
    let zip = try XCTUnwrap(delivered.first { $0.hasSuffix(".zip") })
    let outside = dir.appendingPathComponent("4242_20270320-0200_Nouv01.zip")
    try FileManager.default.copyItem(at: snapshots.appendingPathComponent(zip), to: outside)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: snapshots.path)
    let r = try OeshProcess.run(["-w", "ws", "-c", "import \(outside.path)"], cwd: dir, launcher: launcher)
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(
      r.stderr,
      "-c:1: impossible d'écrire dans \(snapshots.path), où l'export doit être copié : permission refusée ;"
        + " rien n'est importé\n")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: snapshots.path).sorted(), delivered)
  }

  /// An empty or blank name given for a fiche or a sélection is a usage error that says so, where it said
  /// «Open Edit n'a pas de fiche «  » (voir « fiches --search "" » …)» (status 1).
  func testABlankNameIsAUsageError() throws {
    let (dir, _) = try demo()
    for (line, said) in [
      (#"fiche """#, "nom de fiche vide : donnez l'id de la fiche, ou une partie de son nom"),
      (#"journal --fiche " ""#, "nom de fiche vide : donnez l'id de la fiche, ou une partie de son nom"),
      (
        #"selection """#,
        "nom de sélection vide : donnez l'id de la sélection, ou une partie de son nom (voir « selections »)"
      ),
    ] {
      let r = try OeshProcess.run(["-w", "ws", "-c", line], cwd: dir)
      XCTAssertEqual(r.stderr, "-c:1: \(said)\n", line)
      XCTAssertEqual(r.status, 2, line)
    }
    let named = try OeshProcess.run(["-w", "ws", "-c", "fiche Nulle-part"], cwd: dir)
    XCTAssertEqual(named.status, 1, "a name that names no fiche stays a failure, not a usage error")
  }

  /// A broken notification sidecar is named as the file beside the export it is, not as an entry of it.
  func testABrokenSidecarIsNamedAsTheFileBesideTheExport() throws {
    let (dir, ws) = try demo()
    let snapshots = ws.appendingPathComponent("snapshots")
    let delivered = try XCTUnwrap(
      try FileManager.default.contentsOfDirectory(atPath: snapshots.path).sorted().last { $0.hasSuffix(".zip") })
    let stem = "4242_20270220-0200_Casse1"
    try FileManager.default.copyItem(
      at: snapshots.appendingPathComponent(delivered), to: snapshots.appendingPathComponent(stem + ".zip"))
    try Data(#"{"ponctuel": tru"#.utf8).write(to: snapshots.appendingPathComponent(stem + ".notification.json"))
    for (lang, said) in [
      ("fr", "export \(stem).zip, fichier de notification \(stem).notification.json, ligne 1, colonne 14 : "),
      ("en", "export \(stem).zip, notification file \(stem).notification.json, line 1, column 14: "),
    ] {
      let r = try OeshProcess.run(
        ["--lang", lang, "-w", "ws", "-c", "clock set \"2027-02-21 09:00\"", "-c", "sync"], cwd: dir)
      XCTAssertEqual(r.status, 1, lang)
      XCTAssertTrue(r.stderr.contains(said), r.stderr)
    }
  }

  /// A folder export this user may not list, or whose `objets_modifies/` they may not list, and a zip they
  /// may not read are refused with the system's reason, «permission refusée», as a file of the export that
  /// cannot be read is: they said «erreur inattendue (détail : cannot list)», «(détail : cannot open the
  /// file)». Nothing is copied.
  func testAnExportThisUserMayNotReadIsSaidSo() throws {
    let (dir, ws, launcher) = try demoAnotherUserMayWrite()
    let snapshots = ws.appendingPathComponent("snapshots")
    let delivered = try FileManager.default.contentsOfDirectory(atPath: snapshots.path).sorted()
    func refused(_ export: URL, _ unreadable: URL, said place: String) throws {
      try FileManager.default.setAttributes([.posixPermissions: 0o300], ofItemAtPath: unreadable.path)
      defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: unreadable.path) }
      let r = try OeshProcess.run(["-w", "ws", "-c", "import \(export.path)"], cwd: dir, launcher: launcher)
      XCTAssertEqual(r.status, 1)
      XCTAssertEqual(
        r.stderr, "-c:1: export refusé, rien n'en est appliqué — export \(place) : illisible : permission refusée\n")
    }
    let export = dir.appendingPathComponent("4242_20270320-0200_Ferme1")
    let objects = export.appendingPathComponent("objets_modifies")
    try FileManager.default.createDirectory(at: objects, withIntermediateDirectories: true)
    try Data("[]".utf8).write(to: export.appendingPathComponent("selections.json"))
    try Data("[]".utf8).write(to: objects.appendingPathComponent("objets_modifies-1.json"))
    try refused(export, objects, said: "4242_20270320-0200_Ferme1, entrée objets_modifies/")
    try refused(export, export, said: "4242_20270320-0200_Ferme1")
    let zip = dir.appendingPathComponent("4242_20270320-0200_Ferme2.zip")
    try FileManager.default.copyItem(
      at: snapshots.appendingPathComponent(try XCTUnwrap(delivered.first { $0.hasSuffix(".zip") })), to: zip)
    try refused(zip, zip, said: "4242_20270320-0200_Ferme2.zip")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: snapshots.path).sorted(), delivered)
  }

  /// The repair of an interrupted send by another user: the sends' lock file is someone else's (0644),
  /// which a repair opening it for writing took for a live send, forever; and an outbox that user may not
  /// write keeps its pending e-mail, said so, not announced as removed.
  func testAnotherUsersOutboxIsRepairedOrSaysWhyNot() throws {
    let (dir, ws) = try demo()
    guard let launcher = try OeshProcess.unprivilegedLauncher(in: dir) else {
      throw XCTSkip("setpriv is needed to run as another user than root")
    }
    let outbox = ws.appendingPathComponent("outbox")
    XCTAssertTrue(FileManager.default.fileExists(atPath: outbox.appendingPathComponent(".send.lock").path))
    let pending = outbox.appendingPathComponent(".pending-cafe.eml")
    try Data("inachevé".utf8).write(to: pending)
    // This user may read the outbox but not write it: the e-mail stays, and the message says why.
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: ws.path)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o666], ofItemAtPath: ws.appendingPathComponent("state.sqlite").path)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: outbox.path)
    let kept = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir, launcher: launcher)
    XCTAssertEqual(kept.status, 0, kept.stderr)
    XCTAssertTrue(
      kept.stderr.contains("outbox/ : e-mail inachevé laissé tel quel (.pending-cafe.eml) : le dossier ne peut pas"),
      kept.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: pending.path))
    // Once it may write there, the repair is done, the root's lock file notwithstanding.
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: outbox.path)
    let repaired = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir, launcher: launcher)
    XCTAssertTrue(
      repaired.stderr.contains("outbox/ : e-mail inachevé retiré (.pending-cafe.eml), son offre n'avait pas changé"),
      repaired.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: pending.path))
  }

  /// An outbox this user may write but not list (-wx): the names there unknown, a send took that of an
  /// e-mail already there, said «Email transmis», and its own e-mail was removed as if it were that one
  /// (R5). The send now fails, naming the outbox and why, and nothing is sent.
  func testASendIntoAnOutboxThatCannotBeListedFailsAndSendsNothing() throws {
    let (dir, ws) = try demo()
    guard let launcher = try OeshProcess.unprivilegedLauncher(in: dir) else {
      throw XCTSkip("setpriv is needed to run as another user than root")
    }
    let outbox = ws.appendingPathComponent("outbox")
    let older = outbox.appendingPathComponent("20270301-090000_c1_5100004.eml")
    try Data("an older e-mail".utf8).write(to: older)
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: ws.path)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o666], ofItemAtPath: ws.appendingPathComponent("state.sqlite").path)
    try FileManager.default.setAttributes([.posixPermissions: 0o333], ofItemAtPath: outbox.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: outbox.path) }
    let r = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 1", "-c", "send 5100004"], cwd: dir, launcher: launcher)
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(r.stdout, "")
    XCTAssertTrue(
      r.stderr.hasSuffix(
        "-c:2: rien n'est envoyé : impossible de lister \(outbox.path), où chaque e-mail doit prendre un nom libre : "
          + "permission refusée\n"), r.stderr)
    let en = try OeshProcess.run(
      ["--lang", "en", "-w", "ws", "-c", "open campaign 1", "-c", "send --all --yes"], cwd: dir, launcher: launcher)
    XCTAssertEqual(en.status, 1)
    XCTAssertTrue(
      en.stderr.hasSuffix(
        "-c:2: nothing is sent: cannot list \(outbox.path), where each e-mail must take a free name: "
          + "permission denied\n"), en.stderr)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: outbox.path)
    XCTAssertEqual(try String(contentsOf: older, encoding: .utf8), "an older e-mail")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasPrefix(".pending") }, [])
    let status = try OeshProcess.run(
      ["-w", "ws", "-c", "open campaign 1", "-c", "expect audience 5 --status \"Email transmis\""], cwd: dir)
    XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
  }

  /// The real export as a file not named like an export, in a new workspace: what to do is said (it read
  /// «oesh.toml n'a pas de project_id», while an export named by Apidae would do too).
  func testAnExportWhoseProjectNothingSaysTellsWhatToDo() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "init")
    try FileManager.default.copyItem(
      at: OeshProcess.hotentic.appendingPathComponent("json_export.zip"), to: dir.appendingPathComponent("export.zip"))
    let r = try OeshProcess.run(["-w", "ws", "-c", "import export.zip --as-of \"2019-02-16 01:56\""], cwd: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(
      r.stderr,
      "-c:1: le nom « export.zip » ne dit pas le projet Apidae, et l'espace de travail n'en suit encore aucun : "
        + "écrivez project_id dans oesh.toml, ou importez d'abord un export nommé comme Apidae les nomme "
        + "(<projetId>_<AAAAMMJJ>-<HHMM>_<code>.zip)\n")
    let toml = dir.appendingPathComponent("ws/oesh.toml")
    let settings = try String(contentsOf: toml, encoding: .utf8)
    try settings.replacingOccurrences(of: "# project_id = 1234", with: "project_id = 3126").write(
      to: toml, atomically: true, encoding: .utf8)
    let again = try OeshProcess.run(["-w", "ws", "-c", "import export.zip --as-of \"2019-02-16 01:56\""], cwd: dir)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stdout.hasPrefix("Copié dans snapshots/ : 3126_20190216-0156_"), again.stdout)
  }
}

/// `state.sqlite` deleted (or moved) in a workspace whose `outbox/` holds sent e-mails: the new, empty base
/// is said once, with what a sync brings back and what it cannot (campaigns, offres, the journal), where
/// `campaigns` said «Aucune campagne» as if there had never been one. A new workspace's first base is not.
final class MissingStoreTests: XCTestCase {
  func testANewBaseBesideSentMailIsSaidOnce() throws {
    let dir = try OeshProcess.folderWithWorkspace(self, "demo")
    let store = dir.appendingPathComponent("ws/state.sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.path + suffix) }
    let r = try OeshProcess.run(["-w", "ws", "-c", "campaigns", "-c", "selections"], cwd: dir)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(
      r.stderr,
      "-c:1: attention : \(store.path) manquait : une base neuve, vide, est créée, alors que outbox/ garde 5 e-mails"
        + " envoyés. « sync » réimporte les fiches et les sélections des exports de snapshots/, mais les campagnes,"
        + " leurs offres, l'horloge simulée et le journal n'étaient que dans l'ancienne base : si elle a été déplacée"
        + " ou sauvegardée, quittez et remettez-la à sa place\n")
    let again = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(again.stderr, "")

    // Emptied (a copy that failed, `> state.sqlite`), it is a new database to SQLite: said as well.
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.path + suffix) }
    try Data().write(to: store)
    let emptied = try OeshProcess.run(["--lang", "en", "-w", "ws", "-c", "campaigns"], cwd: dir)
    XCTAssertEqual(emptied.status, 0, emptied.stderr)
    XCTAssertTrue(
      emptied.stderr.hasPrefix(
        "-c:1: warning: \(store.path) was empty: a new, empty database is made, while outbox/ keeps 5 sent e-mails."),
      emptied.stderr)

    let fresh = try OeshProcess.folderWithWorkspace(self, "init")
    let first = try OeshProcess.run(["-w", "ws", "-c", "campaigns"], cwd: fresh)
    XCTAssertEqual(first.status, 0)
    XCTAssertEqual(first.stderr, "")
  }
}
