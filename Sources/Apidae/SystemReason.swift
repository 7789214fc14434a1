import Foundation

/// Why a file operation failed, as a stable code the shell words in the user's language: the POSIX name
/// of its error number («ENOSPC»); for a number without a name here, «errno N»; for an error with no
/// number at all, its type and case (`ZIPFoundation.Archive.ArchiveError.unreadableArchive`) or its
/// domain and code. Never the system's or Foundation's text: it is English (strerror under LANG=C), and
/// for some errors a dump of the whole `NSError`.
public func systemReason(_ error: any Error) -> String {
  if let code = errorNumber(error) { return systemReason(errno: code) }
  return errorCode(error)
}

/// The code of an error number: its name («ENOSPC») or, without one here, «errno N».
public func systemReason(errno code: Int32) -> String {
  errnoNames[code] ?? "errno \(code)"
}

/// The error numbers whose name `systemReason` gives; the shell has words for each.
public let errnoNames: [Int32: String] = [
  ENOENT: "ENOENT", EACCES: "EACCES", EPERM: "EPERM", ENOSPC: "ENOSPC", EROFS: "EROFS", EEXIST: "EEXIST",
  EISDIR: "EISDIR", ENOTDIR: "ENOTDIR", EIO: "EIO", EDQUOT: "EDQUOT", ENAMETOOLONG: "ENAMETOOLONG",
  ENOTEMPTY: "ENOTEMPTY", EXDEV: "EXDEV", EBADF: "EBADF", EBUSY: "EBUSY", ELOOP: "ELOOP", EMFILE: "EMFILE",
  ENFILE: "ENFILE", EFBIG: "EFBIG", ETXTBSY: "ETXTBSY", ENXIO: "ENXIO", ENOMEM: "ENOMEM", EPIPE: "EPIPE",
  ESTALE: "ESTALE", EAGAIN: "EAGAIN", EINVAL: "EINVAL",
]

/// An error without an error number, named for a developer: `NSCocoaErrorDomain 256` for Foundation's,
/// the type (and an enum's case, without its values) for Swift's.
public func errorCode(_ error: any Error) -> String {
  if type(of: error) is NSError.Type || error is CustomNSError {
    let ns = error as NSError
    return "\(ns.domain) \(ns.code)"
  }
  let name = String(reflecting: type(of: error))
  let mirror = Mirror(reflecting: error)
  guard mirror.displayStyle == .enum else { return name }
  // A case with values is one child, labelled with the case's name; one without is its description.
  let caseName = mirror.children.first?.label ?? "\(error)"
  return caseName.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? name + "." + caseName : name
}

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
  case NSFileReadTooLargeError: return EFBIG
  default: return nil
  }
}
