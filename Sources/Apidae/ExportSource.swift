import Foundation
import SystemZlib
import ZIPFoundation

/// One open view on an export's entries: a zip read entry by entry, never extracted to disk, or a folder.
///
/// Not thread-safe (a ZIPFoundation `Archive` wraps one `FILE*`): open one per worker.
/// Entry names are only compared as strings; they never become paths on disk.
final class ExportSource {
  private enum Backing {
    case zip(Archive, [String: Entry], WholeEntryReader?)
    case folder(URL, Set<String>)
  }

  let export: String
  /// The file names of the export, in no particular order ("objets_modifies/objets_modifies-1.json").
  let entryNames: [String]
  /// Names that occur more than once in a zip.
  let duplicateNames: Set<String>
  /// Whether the entries carry a checksum to check (a zip's do; a folder's files have none).
  var hasChecksums: Bool {
    if case .zip = backing { return true }
    return false
  }
  private let backing: Backing
  /// When an entry is streamed (`WholeEntryReader` declined it), ZIPFoundation reads and inflates it in
  /// chunks of this size, each a new buffer: 64 KB ones come from malloc's heap, hot in the cache, where
  /// 1 MB ones were fresh mappings.
  static let bufferSize = 1 << 16
  /// The most an entry may inflate to: an Apidae export splits its objects into many files of a few
  /// megabytes; more is a «zip bomb» (a few megabytes that inflate to gigabytes), refused before the
  /// memory it would take is asked for.
  static let largestEntry: UInt64 = 1 << 30

  /// With `wholeEntries` false, zip entries are always streamed through ZIPFoundation (tests compare both).
  init(url: URL, isFolder: Bool, export: String, wholeEntries: Bool = true) throws {
    self.export = export
    if isFolder {
      var names: [String] = []
      var links: [String] = []
      try ExportSource.listFolder(url, prefix: "", depth: 0, into: &names, links: &links, export: export)
      if let link = links.first {
        // A folder that is no export (a home folder given by mistake, which holds links) is said so first:
        // «selections.json manque», not a link it would refuse as an export's file.
        _ = try ExportLayout(names + links, duplicates: [], export: export)
        throw ExportError(export: export, entry: link, reason: .symbolicLink)
      }
      backing = .folder(url, Set(names))
      entryNames = names
      duplicateNames = []
      return
    }
    let archive: Archive
    do {
      archive = try Archive(url: url, accessMode: .read, pathEncoding: nil)
    } catch {
      throw ExportError(export: export, reason: ExportSource.whyNotOpened(url))
    }
    var entries: [String: Entry] = [:]
    var names: [String] = []
    var duplicates: Set<String> = []
    var listed = 0
    for entry in archive {
      listed += 1
      // A link stored in the zip is no file of the export, as in a folder export.
      if entry.type == .symlink { throw ExportError(export: export, entry: entry.path, reason: .symbolicLink) }
      guard entry.type == .file else { continue }
      let name = entry.path
      if entries[name] != nil {
        duplicates.insert(name)
        continue
      }
      entries[name] = entry
      names.append(name)
    }
    if let declared = ZipDirectory.declared(by: archive),
      let problem = ZipDirectory.problem(in: url, declared: declared, listed: listed)
    {
      throw ExportError(export: export, entry: problem.entry, reason: problem.reason)
    }
    backing = .zip(archive, entries, wholeEntries ? WholeEntryReader(url: url) : nil)
    entryNames = names
    duplicateNames = duplicates
  }

  /// A file that ZIPFoundation cannot open: not a zip at all, or one whose end is missing.
  private static func whyNotOpened(_ url: URL) -> ExportError.Reason {
    let handle: FileHandle
    do {
      handle = try FileHandle(forReadingFrom: url)
    } catch {
      return .unreadable(systemReason(error))
    }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 4)) ?? Data()
    // A local file header starts every non-empty zip.
    return head.elementsEqual([0x50, 0x4B, 0x03, 0x04]) ? .truncated : .notAZip
  }

  private static func listFolder(
    _ url: URL, prefix: String, depth: Int, into names: inout [String], links: inout [String], export: String
  ) throws {
    let children: [String]
    do {
      children = try FileManager.default.contentsOfDirectory(atPath: url.path)
    } catch {
      throw ExportError(export: export, entry: prefix.isEmpty ? nil : prefix, reason: .unreadable(systemReason(error)))
    }
    for child in children {
      var isDirectory: ObjCBool = false
      let childURL = url.appendingPathComponent(child)
      let name = prefix + child
      // A link would make the export's content lie elsewhere, and `import` copy the link, not the file.
      if (try? FileManager.default.destinationOfSymbolicLink(atPath: childURL.path)) != nil {
        links.append(name)
        continue
      }
      guard FileManager.default.fileExists(atPath: childURL.path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        // Only `objets_modifies/` matters; deeper folders show as one name so that they can be refused there.
        if depth == 0 {
          try listFolder(childURL, prefix: name + "/", depth: 1, into: &names, links: &links, export: export)
        } else {
          names.append(name + "/")
        }
      } else {
        names.append(name)
      }
    }
  }

  /// The entry's bytes. In a zip, read whole when it can be (`WholeEntryReader`), and its CRC-32 is
  /// checked (with zlib's `crc32`, not ZIPFoundation's byte-by-byte loop).
  func read(_ name: String) throws -> [UInt8] {
    switch backing {
    case .folder(let url, let names):
      let components = name.split(separator: "/").map(String.init)
      guard !components.contains(".."), names.contains(name) else {
        throw ExportError(export: export, entry: name, reason: .unreadable("no such entry"))
      }
      let fileURL = components.reduce(url) { $0.appendingPathComponent($1) }
      do {
        // Read into an array of the file's size: through `Data` a 600 MB file was held twice. Opened
        // without blocking, so that a FIFO there is refused rather than waited on.
        let descriptor = open(fileURL.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        guard info.st_mode & S_IFMT == S_IFREG else {
          throw ExportError(export: export, entry: name, reason: .notARegularFile)
        }
        let size = UInt64(max(0, info.st_size))
        if size > ExportSource.largestEntry {
          throw ExportError(export: export, entry: name, reason: .tooLarge(size))
        }
        return try readBytes(descriptor, count: Int(size), at: 0)
      } catch let error as ExportError {
        throw error
      } catch {
        throw ExportError(export: export, entry: name, reason: .unreadable(systemReason(error)))
      }
    case .zip(let archive, let entries, let whole):
      let entry = try zipEntry(name, in: entries)
      switch whole?.read(entry) {
      case .bytes(let bytes):
        let crc = bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        guard UInt32(truncatingIfNeeded: crc) == entry.checksum else {
          throw ExportError(export: export, entry: name, reason: .checksumMismatch)
        }
        return bytes
      case .wrongSize: throw ExportError(export: export, entry: name, reason: .checksumMismatch)
      case .damaged: throw ExportError(export: export, entry: name, reason: .damagedData)
      case nil: return try stream(entry, of: archive, named: name)
      }
    }
  }

  /// The most that reading `name` holds at once, as far as the export says before it is read: the
  /// inflated bytes, with a zip entry's compressed ones while it is inflated whole (`EntryBudget`).
  func bytesToRead(_ name: String) -> UInt64 {
    switch backing {
    case .folder(let url, _):
      let file = name.split(separator: "/").reduce(url) { $0.appendingPathComponent(String($1)) }
      let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.uint64Value
      return min(size ?? 0, ExportSource.largestEntry)
    case .zip(_, let entries, _):
      guard let entry = entries[name], entry.uncompressedSize <= ExportSource.largestEntry else { return 0 }
      return entry.uncompressedSize + (entry.isCompressed ? min(entry.compressedSize, ExportSource.largestEntry) : 0)
    }
  }

  /// Checks an entry oesh does not use against its CRC-32 ("every entry's CRC-32 is checked") without
  /// keeping it: streamed, in constant memory, however large it inflates. A folder's files have no
  /// checksum: nothing to do.
  func check(_ name: String) throws {
    guard case .zip(let archive, let entries, _) = backing else { return }
    _ = try stream(try zipEntry(name, in: entries), of: archive, named: name, keeping: false)
  }

  /// The entry called `name`, if it may be read: one that says it inflates to more than `largestEntry`
  /// is refused before anything is inflated.
  private func zipEntry(_ name: String, in entries: [String: Entry]) throws -> Entry {
    guard let entry = entries[name] else {
      throw ExportError(export: export, entry: name, reason: .unreadable("no such entry"))
    }
    guard entry.uncompressedSize <= ExportSource.largestEntry else {
      throw ExportError(export: export, entry: name, reason: .tooLarge(entry.uncompressedSize))
    }
    return entry
  }

  /// Inflates the entry chunk by chunk through ZIPFoundation: entries that `WholeEntryReader` leaves
  /// (over 256 MB, or not laid out as expected), and those only checked (`keeping` false: nothing kept).
  /// It stops as soon as the data inflates past the size the archive declares.
  private func stream(_ entry: Entry, of archive: Archive, named name: String, keeping: Bool = true) throws
    -> [UInt8]
  {
    var bytes: [UInt8] = []
    // The declared size, at most `largestEntry`: an array grown as the chunks come held 1.7 times a
    // 600 MB entry (a buffer of 512 MB copied into one of 1 GB); the data stops at that size, and pages
    // reserved but never written take no memory.
    if keeping { bytes.reserveCapacity(Int(entry.uncompressedSize)) }
    var crc: UInt = crc32(0, nil, 0)
    var inflated: UInt64 = 0
    do {
      _ = try archive.extract(entry, bufferSize: ExportSource.bufferSize, skipCRC32: true) { data in
        inflated += UInt64(data.count)
        guard inflated <= entry.uncompressedSize else { throw InflatedPastItsSize() }
        data.withUnsafeBytes { raw in
          let chunk = raw.bindMemory(to: UInt8.self)
          if let base = chunk.baseAddress { crc = crc32(crc, base, UInt32(chunk.count)) }
          if keeping { bytes.append(contentsOf: chunk) }
        }
      }
    } catch is InflatedPastItsSize {
      throw ExportError(export: export, entry: name, reason: .checksumMismatch)
    } catch {
      throw ExportError(export: export, entry: name, reason: ExportSource.reason(for: error))
    }
    guard UInt32(truncatingIfNeeded: crc) == entry.checksum, inflated == entry.uncompressedSize else {
      throw ExportError(export: export, entry: name, reason: .checksumMismatch)
    }
    return bytes
  }

  private struct InflatedPastItsSize: Error {}

  /// Why ZIPFoundation could not extract an entry.
  private static func reason(for error: any Error) -> ExportError.Reason {
    switch error {
    case Archive.ArchiveError.unreadableArchive: return .damagedData
    case Archive.ArchiveError.invalidCompressionMethod: return .unsupportedCompression
    default:
      // zlib's stream errors, from ZIPFoundation's Data extension.
      let text = "\(error)"
      return text == "corruptedData" || text == "invalidStream" ? .damagedData : .unreadable(systemReason(error))
    }
  }
}

/// Compares names with their digit runs as numbers: `objets_modifies-2` before `objets_modifies-10`.
func naturalOrder(_ a: String, _ b: String) -> Bool {
  var i = a.utf8.makeIterator()
  var j = b.utf8.makeIterator()
  var x = i.next()
  var y = j.next()
  func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 48 && $0 <= 57 } ?? false }
  while let cx = x, let cy = y {
    if isDigit(cx) && isDigit(cy) {
      var dx: [UInt8] = []
      var dy: [UInt8] = []
      while isDigit(x), let c = x {
        dx.append(c)
        x = i.next()
      }
      while isDigit(y), let c = y {
        dy.append(c)
        y = j.next()
      }
      let tx = dx.drop { $0 == 48 }
      let ty = dy.drop { $0 == 48 }
      if tx.count != ty.count { return tx.count < ty.count }
      if !tx.elementsEqual(ty) { return tx.lexicographicallyPrecedes(ty) }
      if dx.count != dy.count { return dx.count < dy.count }
      continue
    }
    if cx != cy { return cx < cy }
    x = i.next()
    y = j.next()
  }
  return x == nil && y != nil
}
