import Foundation

/// Why a file operation failed, as the POSIX name of its error number («ENOSPC»): stable, and worded
/// by the shell in the user's language. Foundation's own text (English, and for some errors a dump of
/// the whole `NSError`) is kept only when no error number can be found.
public func systemReason(_ error: any Error) -> String {
  if let code = errorNumber(error), let name = errnoNames[code] { return name }
  if let code = errorNumber(error) { return String(cString: strerror(code)) }
  return (error as NSError).localizedDescription
}

/// The error numbers whose name `systemReason` gives; the shell has words for each.
public let errnoNames: [Int32: String] = [
  ENOENT: "ENOENT", EACCES: "EACCES", EPERM: "EPERM", ENOSPC: "ENOSPC", EROFS: "EROFS", EEXIST: "EEXIST",
  EISDIR: "EISDIR", ENOTDIR: "ENOTDIR", EIO: "EIO", EDQUOT: "EDQUOT", ENAMETOOLONG: "ENAMETOOLONG",
  ENOTEMPTY: "ENOTEMPTY", EXDEV: "EXDEV", EBADF: "EBADF",
]

private func errorNumber(_ error: any Error) -> Int32? {
  if let posix = error as? POSIXError { return posix.code.rawValue }
  let ns = error as NSError
  if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
  if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, let code = errorNumber(underlying) {
    return code
  }
  guard ns.domain == NSCocoaErrorDomain else { return nil }
  switch ns.code {
  case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return ENOENT
  case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return EACCES
  case NSFileWriteOutOfSpaceError: return ENOSPC
  case NSFileWriteVolumeReadOnlyError: return EROFS
  case NSFileWriteFileExistsError: return EEXIST
  default: return nil
  }
}
