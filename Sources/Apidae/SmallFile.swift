import Foundation

/// A small file read whole by one `open` that neither blocks on a FIFO nor reads past a limit: a
/// notification sidecar, `oesh.toml`. What is not a regular file, or is larger than the limit, is refused
/// unread (a 2 GB sidecar took each listing 17 s and 4 GB; 300 MB of settings 21 s at each start).
public enum SmallFile {
  public enum Outcome: Equatable, Sendable {
    case bytes([UInt8])
    /// A folder, a FIFO, a device (a link to /dev/zero).
    case notARegularFile(isFolder: Bool)
    /// Its size in bytes, as large as it was found at least.
    case tooLarge(UInt64)
    /// Why, as `systemReason` codes it.
    case unreadable(String)
  }

  public static func read(_ path: String, limit: Int) -> Outcome {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return .unreadable(systemReason(errno: errno)) }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return .unreadable(systemReason(errno: errno)) }
    guard info.st_mode & S_IFMT == S_IFREG else { return .notARegularFile(isFolder: info.st_mode & S_IFMT == S_IFDIR) }
    guard info.st_size <= limit else { return .tooLarge(UInt64(info.st_size)) }
    do {
      let bytes = [UInt8](try handle.read(upToCount: limit + 1) ?? Data())
      // A file that grew since: as large as it now is, at least.
      return bytes.count <= limit ? .bytes(bytes) : .tooLarge(UInt64(bytes.count))
    } catch {
      return .unreadable(systemReason(error))
    }
  }
}
