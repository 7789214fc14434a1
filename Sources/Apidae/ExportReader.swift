import Foundation

/// A piece of an export, delivered in order to the one consumer (the store writer).
public enum ExportPart: Sendable {
  /// `communes.json`, only when the export has one.
  case communes([Commune])
  /// `selections.json`, every sélection with its complete membership.
  case selections([Selection])
  /// The objects of one `objets_modifies/` entry, in file order.
  case fiches([Fiche], entry: String)
  /// `objets_supprimes.json`.
  case deleted([Int])
}

/// A whole export in memory (small exports, tests).
public struct ExportContents: Sendable, Equatable {
  public var fiches: [Fiche]
  public var deleted: [Int]
  public var selections: [Selection]
  public var communes: [Commune]

  public init(fiches: [Fiche] = [], deleted: [Int] = [], selections: [Selection] = [], communes: [Commune] = []) {
    self.fiches = fiches
    self.deleted = deleted
    self.selections = selections
    self.communes = communes
  }
}

/// Reads one Apidae project export (a zip or an unzipped folder), streaming its parts.
///
/// Zips are read entry by entry without extracting anything to disk; memory stays bounded by a few
/// entries, not the whole export. Object entries are decompressed and decoded on `workers` threads.
public struct ExportReader: Sendable {
  /// The zip or folder.
  public let url: URL
  public let name: ExportName
  /// From the `<stem>.notification.json` sidecar beside the export, if present.
  public let notification: ExportNotification?
  public let isFolder: Bool
  /// Whether zip entries are read in one piece where they can be (`WholeEntryReader`); false streams
  /// every entry through ZIPFoundation, so that tests hold both ways to the same bytes and errors.
  var readsWholeEntries = true

  public init(url: URL) throws {
    self.url = url
    let fileName = url.lastPathComponent
    guard let name = ExportName.parse(fileName) else { throw ExportError(export: fileName, reason: .badName) }
    self.name = name
    isFolder = try ExportReader.isFolder(url, export: fileName)
    let sidecarName = ExportNotification.sidecarName(for: name)
    let sidecar = url.deletingLastPathComponent().appendingPathComponent(sidecarName)
    if FileManager.default.fileExists(atPath: sidecar.path) {
      let bytes = try ExportReader.sidecarBytes(sidecar, export: fileName, entry: sidecarName)
      let parsed = try ExportNotification.parse(bytes, export: fileName, entry: sidecarName)
      // A notification of another project than the name's: which of the two is wrong cannot be known.
      if let said = parsed.projectId, said != name.projectId {
        throw ExportError(
          export: fileName, entry: sidecarName,
          reason: .wrongShape("projetId: expected \(name.projectId) (the project in the export's name), found \(said)"))
      }
      notification = parsed
    } else {
      notification = nil
    }
  }

  /// Whether `url` is a folder export (else a zip), following a symbolic link there as `cp -L` and
  /// `rsync -L` do: a link to an export elsewhere is that export. Refused, saying why: a link that leads
  /// nowhere (its target missing, or links in a loop), one to a folder holding it (`snapshots/x -> ..`), and
  /// what is neither a regular file nor a folder (a FIFO, whose read would block, a device).
  public static func isFolder(_ url: URL, export: String) throws -> Bool {
    func failure(_ reason: ExportError.Reason) -> ExportError { ExportError(export: export, reason: reason) }
    var info = stat()
    guard stat(url.path, &info) == 0 else {
      let error = errno
      if error == ELOOP { throw failure(.linkLoop) }
      if error == ENOENT, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) {
        throw failure(.danglingLink(target))
      }
      if error == ENOENT || error == ENOTDIR { throw failure(.notFound) }
      throw failure(.unreadable(systemReason(POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO))))
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return false
    case S_IFDIR:
      let folder = url.resolvingSymlinksInPath().path
      let holder = url.deletingLastPathComponent().resolvingSymlinksInPath().path
      if holder == folder || holder.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
        throw failure(.linkToEnclosingFolder)
      }
      return true
    default: throw failure(.notARegularFile)
    }
  }

  /// The export's file or folder name, as errors name it.
  public var fileName: String { url.lastPathComponent }

  /// A notification sidecar at `url`, read as an export's is (at most `largestSidecar` bytes of a regular
  /// file), with its bytes: `import --as-of` reads the sidecar of a file not named like an export so.
  public static func sidecar(at url: URL, export: String) throws -> (bytes: [UInt8], notification: ExportNotification) {
    let entry = url.lastPathComponent
    let bytes = try sidecarBytes(url, export: export, entry: entry)
    return (bytes, try ExportNotification.parse(bytes, export: export, entry: entry))
  }

  /// The most a notification sidecar may hold: Apidae's are a few hundred bytes.
  static let largestSidecar = 64 << 10

  /// A sidecar's bytes, read only from a regular file of at most `largestSidecar` bytes.
  private static func sidecarBytes(_ url: URL, export: String, entry: String) throws -> [UInt8] {
    func failure(_ reason: ExportError.Reason) -> ExportError {
      ExportError(export: export, entry: entry, reason: reason)
    }
    switch SmallFile.read(url.path, limit: largestSidecar) {
    case .bytes(let bytes): return bytes
    case .notARegularFile: throw failure(.notARegularFile)
    case .tooLarge(let size): throw failure(.sidecarTooLarge(size))
    case .unreadable(let reason): throw failure(.unreadable(reason))
    }
  }

  /// The longest text (in UTF-8 bytes) oesh takes from an export into its store: a name, an e-mail, an
  /// identifier… Apidae's are a few hundred bytes at most; a 200 MB name inside a 200 KB zip made each
  /// import and each listing take a minute and gigabytes, and `state.sqlite` grow by 800 MB.
  public static let longestText = 16 << 10

  static func tooLong(_ path: String, _ bytes: Int) -> String {
    "\(path): a text of \(bytes) bytes, longer than oesh takes (\(longestText) at most)"
  }

  /// Streams the whole export to `sink` on the calling thread: communes first, then selections, then
  /// fiches batches (one per `objets_modifies/` entry, in natural name order), then deleted ids.
  /// Any error stops the read and is thrown (sink errors are rethrown). `communes.json`,
  /// `objets_supprimes.json` and `selections.json` are read and checked before the first objects are
  /// delivered; workers decode the objects meanwhile, and while the sink takes the sélections.
  /// With `keepRaw` false, fiches come without their bytes (`raw` empty), with their length and hash.
  public func read(workers: Int = 2, keepRaw: Bool = true, _ sink: (ExportPart) throws -> Void) throws {
    try read(workers: workers, keepRaw: keepRaw, budget: EntryBudget(), sink)
  }

  /// `read`, the threads holding entries' bytes within `budget` (`EntryBudget`; tests give their own).
  func read(workers: Int, keepRaw: Bool, budget: EntryBudget, _ sink: (ExportPart) throws -> Void) throws {
    let source = try ExportSource(url: url, isFolder: isFolder, export: fileName, wholeEntries: readsWholeEntries)
    let layout = try ExportLayout(source.entryNames, duplicates: source.duplicateNames, export: fileName)
    var deleted: [Int]? = nil
    // The small entries, read on this thread: while workers already decode the objects, when there are.
    func readSmallEntries() throws {
      let communes = try layout.communes.map { entry in
        try budget.spending(source.bytesToRead(entry)) {
          let decoding = EntryDecoding(export: fileName, entry: entry)
          let bytes = try source.read(entry)
          let communes = try decoding.decode([CommuneJSON].self, bytes)
          if let repeated = JSONCursor.repeatedKey(in: bytes, among: ["id", "code", "nom", "codePostal"]) {
            throw decoding.error(at: repeated.offset, in: bytes, .wrongShape(repeated.message))
          }
          for (index, commune) in communes.enumerated() {
            for (key, text) in [("nom", commune.nom), ("code", commune.code), ("codePostal", commune.codePostal)] {
              guard let text, text.utf8.count > ExportReader.longestText else { continue }
              throw decoding.error(
                at: [IndexKey(index), TextKey(key)], in: bytes,
                .wrongShape(ExportReader.tooLong("[\(index)].\(key)", text.utf8.count)))
            }
          }
          return communes.map(\.commune)
        }
      }
      deleted = try layout.deleted.map { entry in
        try budget.spending(source.bytesToRead(entry)) {
          let decoding = EntryDecoding(export: fileName, entry: entry)
          let bytes = try source.read(entry)
          let ids = try decoding.decode([IntegerJSON].self, bytes).map(\.value)
          if let index = ids.firstIndex(where: { $0 <= 0 }) {
            throw decoding.error(
              at: [IndexKey(index)], in: bytes, .wrongShape("[\(index)]: expected a positive integer"))
          }
          return ids
        }
      }
      if let communes { try sink(.communes(communes)) }
      // "Every entry's CRC-32 is checked": the ones oesh does not read too.
      for entry in layout.unused { try source.check(entry) }
    }

    if workers <= 1 || layout.fiches.isEmpty {
      try readSmallEntries()
      try sink(.selections(readSelections(source.read(layout.selections), entry: layout.selections)))
      for entry in layout.fiches {
        let fiches = try FicheReader.fiches(
          in: source.read(entry), export: fileName, entry: entry, keepRaw: keepRaw)
        if !fiches.isEmpty { try sink(.fiches(fiches, entry: entry)) }
      }
    } else {
      try readInParallel(layout, workers: workers, keepRaw: keepRaw, budget: budget, first: readSmallEntries, sink)
    }
    try sink(.deleted(deleted ?? []))
  }

  private func readSelections(_ bytes: [UInt8], entry: String) throws -> [Selection] {
    let decoding = EntryDecoding(export: fileName, entry: entry)
    let read: [Selection]?
    do {
      read = try SelectionsReader.selections(bytes)
    } catch {
      throw decoding.error(at: error.failure.offset, in: bytes, .wrongShape(error.failure.message))
    }
    let selections = try read ?? decodedSelections(bytes, decoding)
    // A sélection given twice has two memberships: which one Apidae meant cannot be known.
    var first: [Int: Int] = [:]
    for (index, selection) in selections.enumerated() {
      if let earlier = first[selection.id] {
        throw decoding.error(
          at: [IndexKey(index), TextKey("id")], in: bytes,
          .wrongShape("[\(index)].id: sélection \(selection.id) given twice (first at [\(earlier)])"))
      }
      first[selection.id] = index
      if selection.id <= 0 {
        throw decoding.error(
          at: [IndexKey(index), TextKey("id")], in: bytes, .wrongShape("[\(index)].id: expected a positive integer"))
      }
      if let member = selection.ficheIds.firstIndex(where: { $0 <= 0 }) {
        throw decoding.error(
          at: [IndexKey(index), TextKey("objetsTouristiques"), IndexKey(member), TextKey("id")], in: bytes,
          .wrongShape("[\(index)].objetsTouristiques[\(member)].id: expected a positive integer"))
      }
    }
    return selections
  }

  /// `selections.json` read by the decoder (`SelectionsReader` leaves it what is unusual, a name longer than
  /// oesh takes among it), such a name refused at its text.
  private func decodedSelections(_ bytes: [UInt8], _ decoding: EntryDecoding) throws -> [Selection] {
    let decoded = try decoding.decode([SelectionJSON].self, bytes)
    for (index, selection) in decoded.enumerated() {
      let name = selection.name
      guard name.text.utf8.count > ExportReader.longestText else { continue }
      let keys: [any CodingKey] = [IndexKey(index)] + name.keys.map { TextKey($0) }
      let path = "[\(index)]" + name.keys.map { ".\($0)" }.joined()
      throw decoding.error(at: keys, in: bytes, .wrongShape(ExportReader.tooLong(path, name.text.utf8.count)))
    }
    return decoded.map(\.selection)
  }

  /// What one worker job gives: the objects of one `objets_modifies/` entry, or the sélections.
  private enum Decoded: Sendable {
    case fiches([Fiche])
    case selections([Selection])
  }

  /// Workers each open their own source, claim jobs in order (`selections.json`, then the object
  /// entries) and deliver what they decoded, each entry's bytes held within `budget` while it is read
  /// and decoded; the calling thread runs `first`, then hands the sélections and the objects to `sink`
  /// in that order.
  private func readInParallel(
    _ layout: ExportLayout, workers: Int, keepRaw: Bool, budget: EntryBudget, first: () throws -> Void,
    _ sink: (ExportPart) throws -> Void
  ) throws {
    let entries = [layout.selections] + layout.fiches
    let queue = OrderedResults<Decoded>(count: entries.count, window: 2 * workers, export: fileName)
    let fileName = fileName
    for _ in 0..<min(workers, entries.count) {
      let (url, isFolder, whole) = (url, isFolder, readsWholeEntries)
      let thread = Thread {
        defer { queue.workerFinished() }
        let source: ExportSource
        do {
          source = try ExportSource(url: url, isFolder: isFolder, export: fileName, wholeEntries: whole)
        } catch {
          // Every job this worker would have done fails the same way; the consumer reports the first.
          while let index = queue.claim() { queue.deliver(index, .failure(asExportError(error, fileName))) }
          return
        }
        while let index = queue.claim() {
          let entry = entries[index]
          do {
            // The entry's bytes are gone once decoded: only what was decoded waits for the consumer.
            let decoded = try budget.spending(source.bytesToRead(entry)) { () throws -> Decoded in
              let bytes = try source.read(entry)
              if index == 0 { return .selections(try readSelections(bytes, entry: entry)) }
              return .fiches(try FicheReader.fiches(in: bytes, export: fileName, entry: entry, keepRaw: keepRaw))
            }
            queue.deliver(index, .success(decoded))
          } catch is EntryBudget.Stopped {
            return
          } catch {
            queue.deliver(index, .failure(asExportError(error, fileName)))
          }
        }
      }
      thread.stackSize = 4 << 20
      queue.workerStarted()
      thread.start()
    }
    defer {
      queue.stop()
      budget.stop()
      queue.waitForWorkers()
    }
    try first()
    for index in entries.indices {
      switch try queue.take(index).get() {
      case .selections(let selections): try sink(.selections(selections))
      case .fiches(let fiches): if !fiches.isEmpty { try sink(.fiches(fiches, entry: entries[index])) }
      }
    }
  }

  /// Whether the zip or folder at `url` is laid out as an export (its listing readable, `selections.json`
  /// there, no entry out of place), without reading any entry: what `import` checks before copying, so
  /// that a folder given by mistake (`import ~ --as-of …`) is refused before a byte of it is copied.
  /// `export` names it in the error.
  public static func checkLayout(of url: URL, export: String) throws {
    let source = try ExportSource(
      url: url, isFolder: isFolder(url, export: export), export: export, wholeEntries: false)
    _ = try ExportLayout(source.entryNames, duplicates: source.duplicateNames, export: export)
  }

  /// The bytes of one entry (`objets_modifies/objets_modifies-1.json`), decompressed and checked
  /// like any entry the export is read with.
  public func entry(_ name: String) throws -> [UInt8] {
    try ExportSource(url: url, isFolder: isFolder, export: fileName, wholeEntries: readsWholeEntries).read(name)
  }

  /// Reads everything into memory (small exports, tests).
  /// `check` runs before each part is taken (a batch of objects, the deleted ids…): its error stops the read
  /// there, as Ctrl-C stops a command.
  public func readAll(checking check: () throws -> Void = {}) throws -> ExportContents {
    var contents = ExportContents()
    try read { part in
      try check()
      switch part {
      case .fiches(let f, _): contents.fiches += f
      case .deleted(let d): contents.deleted = d
      case .selections(let s): contents.selections = s
      case .communes(let c): contents.communes = c
      }
    }
    return contents
  }
}

private func asExportError(_ error: any Error, _ export: String) -> ExportError {
  error as? ExportError ?? ExportError(export: export, reason: .unreadable(systemReason(error)))
}

/// Which entries of an export are used, and for what.
struct ExportLayout {
  var selections: String
  var deleted: String?
  var communes: String?
  /// `objets_modifies/*.json`, in natural order.
  var fiches: [String]
  /// The export's other files that oesh does not read (`elements_reference.json`…), junk aside: read
  /// only so that a damaged one refuses the export as a damaged used one does.
  var unused: [String] = []

  enum Role { case selections, deleted, communes, fiches, ignored, unexpected }

  init(_ names: [String], duplicates: Set<String>, export: String) throws {
    var selections: String?
    var fiches: [String] = []
    // Entries by the name they stand for: `./selections.json` is `selections.json` given again.
    var used: Set<String> = []
    let canonical = Dictionary(names.map { ($0, ExportLayout.parts(of: $0).joined(separator: "/")) }) { a, _ in a }
    let ordered = names.sorted {
      canonical[$0] == canonical[$1] ? naturalOrder($0, $1) : naturalOrder(canonical[$0]!, canonical[$1]!)
    }
    for name in ordered {
      let role = ExportLayout.role(of: name)
      if role == .ignored {
        if !ExportLayout.isJunk(name) { unused.append(name) }
        continue
      }
      if role == .unexpected { throw ExportError(export: export, entry: name, reason: .unexpectedEntry) }
      guard !duplicates.contains(name), used.insert(canonical[name]!).inserted
      else { throw ExportError(export: export, entry: name, reason: .duplicateEntry) }
      switch role {
      case .selections: selections = name
      case .deleted: deleted = name
      case .communes: communes = name
      case .fiches: fiches.append(name)
      case .ignored, .unexpected: break
      }
    }
    guard let selections else {
      // Zipped as its folder (every entry under `3126_…/`): said where it is, not only missing.
      let inFolders = names.filter { name in
        let parts = ExportLayout.parts(of: name)
        return parts.count == 2 && parts[1] == "selections.json" && !ExportLayout.isJunk(name)
      }
      guard inFolders.count == 1, let inFolder = inFolders.first else {
        throw ExportError(export: export, reason: .missingSelections)
      }
      let folder = String(ExportLayout.parts(of: inFolder)[0]) + "/"
      throw ExportError(export: export, entry: inFolder, reason: .selectionsInFolder(folder))
    }
    self.selections = selections
    self.fiches = fiches
  }

  /// The folders and file of an entry's name. Some Windows zip tools separate folders with `\`; a
  /// leading `/` (an absolute name, which unzip strips) and `.` folders (`./selections.json`, zipped
  /// from `.`) name the same entry as without them.
  static func parts(of name: String) -> [Substring] {
    var parts = name.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
    while parts.count > 1 && parts[0].isEmpty { parts.removeFirst() }
    parts.removeAll { $0 == "." }
    return parts
  }

  /// `__MACOSX/`, dot files and folders: not the export's content.
  static func isJunk(_ name: String) -> Bool {
    let parts = parts(of: name)
    return parts.first == "__MACOSX" || parts.last == "" || parts.isEmpty
      || parts.contains(where: { $0.hasPrefix(".") && $0 != ".." })
  }

  /// Junk (`__MACOSX/`, dot files) and files oesh does not use are ignored; inside
  /// `objets_modifies/` only JSON files belong.
  static func role(of name: String) -> Role {
    if isJunk(name) { return .ignored }
    let parts = parts(of: name)
    if parts.count == 1 {
      switch parts[0] {
      case "selections.json": return .selections
      case "objets_supprimes.json": return .deleted
      case "communes.json": return .communes
      default: return .ignored
      }
    }
    guard parts[0] == "objets_modifies" else { return .ignored }
    if parts.count == 2 && parts[1].lowercased().hasSuffix(".json") { return .fiches }
    return .unexpected
  }
}

extension Fiche {
  /// Parses one object (export or API format); errors give the line and column within `raw`.
  public static func parse(raw: [UInt8]) throws -> Fiche {
    let fiches = try FicheReader.fiches(in: raw, export: "", entry: nil)
    let isObject = raw.withUnsafeBufferPointer { b in
      var cursor = JSONCursor(b, from: JSONScan.afterBOM(b))
      return cursor.peek() == JSONScan.openBrace
    }
    guard isObject, let fiche = fiches.first else {
      throw ExportError(export: "", line: 1, column: 1, reason: .wrongShape("top level: expected one object"))
    }
    return fiche
  }

  /// Parses the objects of an `objets_modifies/` file: a JSON array of objects, or one object.
  static func parseObjects(_ json: [UInt8]) throws -> [Fiche] {
    try FicheReader.fiches(in: json, export: "", entry: nil)
  }
}

/// Results of numbered jobs, produced by worker threads and taken in order by one consumer.
///
/// Workers may run at most `window` jobs ahead of the consumer, which bounds memory.
final class OrderedResults<T: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var results: [Int: Result<T, ExportError>] = [:]
  private var nextToClaim = 0
  private var nextToTake = 0
  private var stopped = false
  private var running = 0
  private let count: Int
  private let window: Int
  private let export: String

  init(count: Int, window: Int, export: String) {
    self.count = count
    self.window = max(1, window)
    self.export = export
  }

  /// The next job for a worker, or nil when there is none left or the read stopped.
  func claim() -> Int? {
    condition.lock()
    defer { condition.unlock() }
    while !stopped && nextToClaim < count && nextToClaim >= nextToTake + window { condition.wait() }
    guard !stopped, nextToClaim < count else { return nil }
    nextToClaim += 1
    return nextToClaim - 1
  }

  func deliver(_ index: Int, _ result: Result<T, ExportError>) {
    condition.lock()
    results[index] = result
    condition.broadcast()
    condition.unlock()
  }

  /// Waits for job `index`'s result. Workers deliver a result (or an error) for every job they claim,
  /// so the fallback error only guards against a worker thread vanishing.
  func take(_ index: Int) -> Result<T, ExportError> {
    condition.lock()
    defer { condition.unlock() }
    while results[index] == nil {
      if running == 0 && nextToClaim <= index {
        return .failure(ExportError(export: export, reason: .unreadable("no worker left")))
      }
      condition.wait()
    }
    nextToTake = index + 1
    condition.broadcast()
    return results.removeValue(forKey: index)!
  }

  func stop() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }

  func workerStarted() {
    condition.lock()
    running += 1
    condition.unlock()
  }

  func workerFinished() {
    condition.lock()
    running -= 1
    condition.broadcast()
    condition.unlock()
  }

  func waitForWorkers() {
    condition.lock()
    while running > 0 { condition.wait() }
    condition.unlock()
  }
}
