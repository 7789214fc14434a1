import Foundation
import ZIPFoundation

/// Checks that ZIPFoundation listed every entry of a zip's central directory.
///
/// Its listing ends in silence at the first entry it cannot make: an encrypted one, a record or a local
/// header that is not where the directory says. The entries after it would then be missing from the
/// export, and a réinitialisation without its objects removes the fiches it no longer holds. So the
/// directory, as the archive's end record declares it (read from ZIPFoundation by reflection, as
/// `WholeEntryReader` reads an entry's offset), is walked record by record and compared with the listing.
enum ZipDirectory {
  /// What the end record says: how many entries, and where the directory lies.
  struct Declared {
    var count: UInt64
    var offset: UInt64
    var size: UInt64
  }

  /// The declared directory, from the zip64 end record when there is one; nil if ZIPFoundation's layout
  /// is not the one expected (the check is then skipped: the tests that build such zips would fail).
  static func declared(by archive: Archive) -> Declared? {
    let mirror = Mirror(reflecting: archive)
    if let zip64 = mirror.descendant("zip64EndOfCentralDirectory", "some", "record") {
      let record = Mirror(reflecting: zip64)
      guard let count = record.descendant("totalNumberOfEntriesInCentralDirectory") as? UInt64,
        let offset = record.descendant("offsetToStartOfCentralDirectory") as? UInt64,
        let size = record.descendant("sizeOfCentralDirectory") as? UInt64
      else { return nil }
      return Declared(count: count, offset: offset, size: size)
    }
    guard let end = mirror.descendant("endOfCentralDirectoryRecord") else { return nil }
    let record = Mirror(reflecting: end)
    guard let count = record.descendant("totalNumberOfEntriesInCentralDirectory") as? UInt16,
      let offset = record.descendant("offsetToStartOfCentralDirectory") as? UInt32,
      let size = record.descendant("sizeOfCentralDirectory") as? UInt32
    else { return nil }
    return Declared(count: UInt64(count), offset: UInt64(offset), size: UInt64(size))
  }

  /// Why the `listed` entries are not the whole directory of the zip at `url`, with the entry to name
  /// when there is one; nil when they are.
  static func problem(in url: URL, declared: Declared, listed: Int) -> (entry: String?, reason: ExportError.Reason)? {
    let damaged: (entry: String?, reason: ExportError.Reason) = (nil, .damagedDirectory)
    let handle: FileHandle
    do {
      handle = try FileHandle(forReadingFrom: url)
    } catch {
      return (nil, .unreadable(systemReason(error)))
    }
    defer { try? handle.close() }
    guard let fileSize = try? handle.seekToEnd(), declared.size <= fileSize, declared.offset <= fileSize - declared.size
    else { return damaged }
    guard (try? handle.seek(toOffset: declared.offset)) != nil,
      let data = try? handle.read(upToCount: Int(declared.size)), data.count == Int(declared.size)
    else { return damaged }
    let directory = [UInt8](data)
    func le16(_ at: Int) -> Int { Int(directory[at]) | Int(directory[at + 1]) << 8 }
    // Each central record: signature, flags at 8, name length at 28, extra and comment lengths at 30
    // and 32, then the name from 46.
    var at = 0
    var records: UInt64 = 0
    while records < declared.count {
      guard at + 46 <= directory.count, directory[at..<at + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) else {
        return damaged
      }
      let nameEnd = at + 46 + le16(at + 28)
      guard nameEnd <= directory.count else { return damaged }
      if le16(at + 8) & 1 != 0 {
        return (String(decoding: directory[at + 46..<nameEnd], as: UTF8.self), .encryptedEntry)
      }
      at = nameEnd + le16(at + 30) + le16(at + 32)
      records += 1
    }
    return at == directory.count && records == UInt64(listed) ? nil : damaged
  }
}
