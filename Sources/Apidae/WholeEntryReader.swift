import CDeflate
import Foundation
import ZIPFoundation

/// Reads a zip entry in one piece: its compressed bytes with one `pread`, inflated by libdeflate
/// straight into an array of the entry's size (ZIPFoundation's chunked zlib stream inflates at about
/// 40% of that speed and copies every chunk once more).
///
/// ZIPFoundation still opens the archive and lists its entries; only where an entry's data starts is
/// not public there. It is taken from the entry's central directory record by reflection and checked
/// against the local header found at that offset (signature, name, method): whenever anything does not
/// match, or the entry is too big to read whole, `read` returns nil and the caller streams the entry
/// through ZIPFoundation instead. Not thread-safe: one per worker, like `Archive`.
final class WholeEntryReader {
  /// Larger entries are streamed: the sizes in a zip are untrusted until the data is checked.
  static let largestWholeEntry: UInt64 = 256 << 20

  private let descriptor: Int32
  private let decompressor: OpaquePointer

  init?(url: URL) {
    let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    guard let decompressor = libdeflate_alloc_decompressor() else {
      close(descriptor)
      return nil
    }
    self.descriptor = descriptor
    self.decompressor = decompressor
  }

  deinit {
    libdeflate_free_decompressor(decompressor)
    close(descriptor)
  }

  /// What an entry holds once inflated, before its checksum is compared; nil when the entry is to be
  /// streamed instead.
  enum Outcome {
    case bytes([UInt8])
    /// The data inflates to more or fewer bytes than the directory says.
    case wrongSize
    case damaged
  }

  func read(_ entry: Entry) -> Outcome? {
    let size = entry.uncompressedSize
    let compressedSize = entry.compressedSize
    guard size <= WholeEntryReader.largestWholeEntry, compressedSize <= WholeEntryReader.largestWholeEntry,
      let headerOffset = WholeEntryReader.localHeaderOffset(of: entry),
      let dataOffset = dataOffset(of: entry, headerAt: headerOffset)
    else { return nil }
    guard let compressed = bytes(count: Int(compressedSize), at: dataOffset) else { return .damaged }
    guard entry.isCompressed else { return compressed.count == Int(size) ? .bytes(compressed) : .wrongSize }
    var result = LIBDEFLATE_SUCCESS
    let bytes = [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, count in
      var written = 0
      result = compressed.withUnsafeBytes { input in
        libdeflate_deflate_decompress(
          decompressor, input.baseAddress, input.count, buffer.baseAddress, buffer.count, &written)
      }
      count = result == LIBDEFLATE_SUCCESS ? written : 0
    }
    switch result {
    case LIBDEFLATE_SUCCESS: return bytes.count == Int(size) ? .bytes(bytes) : .wrongSize
    case LIBDEFLATE_INSUFFICIENT_SPACE, LIBDEFLATE_SHORT_OUTPUT: return .wrongSize
    default: return .damaged
    }
  }

  /// Where the entry's local header is, from its central directory record; nil for ZIP64 offsets
  /// (exports are far smaller than 4 GB) and if ZIPFoundation's layout is not the one expected.
  static func localHeaderOffset(of entry: Entry) -> UInt64? {
    guard
      let offset = Mirror(reflecting: entry).descendant("centralDirectoryStructure", "relativeOffsetOfLocalHeader")
        as? UInt32, offset != .max
    else { return nil }
    return UInt64(offset)
  }

  /// The offset of the entry's data, if a local header for this very entry (same name, a method that
  /// ZIPFoundation agrees on, not encrypted) starts at `headerOffset`.
  private func dataOffset(of entry: Entry, headerAt headerOffset: UInt64) -> UInt64? {
    let name = Array(entry.path.utf8)
    let fixedSize = 30
    guard let header = bytes(count: fixedSize + name.count, at: headerOffset) else { return nil }
    func le16(_ at: Int) -> Int { Int(header[at]) | Int(header[at + 1]) << 8 }
    let signature = le16(0) | le16(2) << 16
    let method = le16(8)
    guard signature == 0x0403_4B50, le16(6) & 1 == 0, method == 0 || method == 8,
      (method == 8) == entry.isCompressed, le16(26) == name.count, header[fixedSize...].elementsEqual(name)
    else { return nil }
    return headerOffset + UInt64(fixedSize + name.count + le16(28))
  }

  /// Exactly `count` bytes from `offset`, or nil when the file ends before (a truncated or damaged zip).
  private func bytes(count: Int, at offset: UInt64) -> [UInt8]? {
    guard let bytes = try? readBytes(descriptor, count: count, at: offset), bytes.count == count else { return nil }
    return bytes
  }
}

/// Up to `count` bytes of a file from `offset`, fewer only where it ends, read with `pread` straight into
/// the array (nothing copied on the way); a failing read throws its error number.
func readBytes(_ descriptor: Int32, count: Int, at offset: UInt64) throws -> [UInt8] {
  var failure: Int32 = 0
  let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
    var done = 0
    while done < count {
      let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
      if n < 0 && errno == EINTR { continue }
      if n < 0 { failure = errno }
      if n <= 0 { break }
      done += n
    }
    initialized = done
  }
  if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
  return bytes
}
