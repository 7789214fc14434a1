/// Why an export was refused, with where: the export, the entry inside it and, for JSON, the position.
///
/// The shell localises by `reason`; `description` is a plain English technical text.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The export's file or folder name (never a full path, so messages stay short).
  public var export: String
  /// The entry inside the export (`objets_modifies/objets_modifies-1.json`), or the sidecar's name.
  public var entry: String?
  /// 1-based line within the entry, for JSON errors.
  public var line: Int?
  /// 1-based column within the line, counted in characters, for JSON errors.
  public var column: Int?
  public var reason: Reason

  /// Whether `entry` is the export's notification sidecar, a file beside it rather than in it.
  public var entryIsSidecar: Bool {
    guard let entry else { return false }
    let stem = export.hasSuffix(".zip") ? String(export.dropLast(4)) : export
    return entry == stem + ".notification.json"
  }

  public enum Reason: Sendable, Equatable {
    /// The name does not follow `<projetId>_<YYYYMMDD>-<HHMM>_<code>`.
    case badName
    /// Nothing at the export's path.
    case notFound
    /// The file is not a zip archive at all.
    case notAZip
    /// The file starts like a zip but its end (the central directory) is missing.
    case truncated
    /// An entry's content does not match its CRC-32: the archive is corrupted.
    case checksumMismatch
    /// An entry's compressed data cannot be inflated, or its archive's records are damaged.
    case damagedData
    /// An entry compressed otherwise than with Deflate (or stored): bzip2, LZMA… (re-zipped by hand).
    case unsupportedCompression
    /// The archive or a file could not be read (an I/O error…).
    case unreadable(String)
    /// The export has no `selections.json`.
    case missingSelections
    /// The export has no `selections.json` at its top, but one in this folder of it (`3126_…/`): the
    /// export was zipped as its folder, not as that folder's content.
    case selectionsInFolder(String)
    /// Two entries of the export have the same name.
    case duplicateEntry
    /// A file that cannot be part of the export where it is (e.g. not JSON inside `objets_modifies/`).
    case unexpectedEntry
    /// Not JSON: the message says what was expected.
    case malformedJSON(String)
    /// Valid JSON, but not the shape Apidae gives (a string where an id should be…).
    case wrongShape(String)
    /// Writing an export failed.
    case unwritable(String)
    /// An entry that inflates to more than oesh reads (`ExportSource.largestEntry`), or to more than its
    /// archive says: a «zip bomb», refused before memory runs out. The size in bytes, as declared or as
    /// far as it was inflated.
    case tooLarge(UInt64)
    /// A symbolic link in a folder export or stored in a zip: its content would lie outside the export
    /// (and the copy `import` makes would point there).
    case symbolicLink
    /// A notification sidecar larger than an Apidae notification can be (its size in bytes), refused unread.
    case sidecarTooLarge(UInt64)
    /// A sidecar, a zip export or a folder export's file that is not a regular file (a FIFO, a device):
    /// reading it could block or never end.
    case notARegularFile
    /// A symbolic link given as an export, whose target (as the link says it) does not exist.
    case danglingLink(String)
    /// Symbolic links that lead to one another, never to a file.
    case linkLoop
    /// A symbolic link given as an export that leads to a folder holding the link (`..`, the workspace):
    /// the export would hold itself.
    case linkToEnclosingFolder
    /// A zip entry encrypted with a password: oesh cannot read it, nor Apidae's exports hold one.
    case encryptedEntry
    /// A zip whose central directory does not lead to its entries (records not where its end record says,
    /// local headers not where its records say, fewer records counted than it holds).
    case damagedDirectory
  }

  public init(export: String, entry: String? = nil, line: Int? = nil, column: Int? = nil, reason: Reason) {
    self.export = export
    self.entry = entry
    self.line = line
    self.column = column
    self.reason = reason
  }

  public var description: String {
    var place = "export \(export)"
    if let entry { place += ", entry \(entry)" }
    if let line { place += ", line \(line)" }
    if let column { place += ", column \(column)" }
    return "\(place): \(reason.text)"
  }
}

extension ExportError.Reason {
  var text: String {
    switch self {
    case .badName: return "the name does not follow <projetId>_<YYYYMMDD>-<HHMM>_<code>"
    case .notFound: return "no such file or folder"
    case .notAZip: return "not a zip archive"
    case .truncated: return "truncated zip archive (its central directory is missing)"
    case .checksumMismatch: return "corrupted entry (CRC-32 mismatch)"
    case .damagedData: return "damaged compressed data"
    case .unsupportedCompression: return "unsupported compression method (neither Deflate nor stored)"
    case .unreadable(let why): return "unreadable: \(why)"
    case .missingSelections: return "selections.json is missing"
    case .selectionsInFolder(let folder):
      return
        "selections.json belongs at the export's top, not in folder \(folder): the export is what that folder holds"
    case .duplicateEntry: return "the entry occurs twice"
    case .unexpectedEntry: return "unexpected file (only .json files belong in objets_modifies/)"
    case .malformedJSON(let why): return "malformed JSON: \(why)"
    case .wrongShape(let why): return "unexpected JSON shape: \(why)"
    case .unwritable(let why): return "cannot write: \(why)"
    case .tooLarge(let size): return "entry too large (\(size) bytes once inflated; oesh reads at most 1 GiB)"
    case .symbolicLink: return "symbolic link (an export holds its own files)"
    case .sidecarTooLarge(let size):
      return "notification of \(size) bytes (Apidae's are a few hundred; oesh reads at most 64 KiB)"
    case .notARegularFile: return "not a regular file"
    case .danglingLink(let target): return "symbolic link to \(target), which does not exist"
    case .linkLoop: return "symbolic links that lead to one another, never to a file"
    case .linkToEnclosingFolder: return "symbolic link to a folder that holds it: the export would hold itself"
    case .encryptedEntry: return "encrypted entry (an export's entries are not)"
    case .damagedDirectory: return "damaged zip directory (its entries are not all where it says)"
    }
  }
}
