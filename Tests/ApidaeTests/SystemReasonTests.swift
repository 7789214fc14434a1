import Foundation
import XCTest

@testable import Apidae

/// File failures are named by their error number, whatever form Foundation gave them.
final class SystemReasonTests: XCTestCase {
  func testTheErrorNumberIsFoundInEachFormFoundationGives() {
    XCTAssertEqual(systemReason(POSIXError(.ENOSPC)), "ENOSPC")
    XCTAssertEqual(systemReason(NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS))), "EROFS")
    XCTAssertEqual(systemReason(NSError(domain: NSCocoaErrorDomain, code: NSFileWriteOutOfSpaceError)), "ENOSPC")
    XCTAssertEqual(
      systemReason(
        NSError(
          domain: NSCocoaErrorDomain, code: NSFileWriteUnknownError,
          userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))])), "EACCES")
    // A number without a name here is said by its number, never strerror's English; no number at all: the
    // error's domain and code, or its type and case, without its values.
    XCTAssertEqual(systemReason(POSIXError(.ENOLCK)), "errno \(ENOLCK)")
    XCTAssertEqual(systemReason(errno: ENOLCK), "errno \(ENOLCK)")
    XCTAssertEqual(systemReason(errno: ELOOP), "ELOOP")
    XCTAssertEqual(systemReason(NSError(domain: "other", code: 1)), "other 1")
    XCTAssertEqual(systemReason(CocoaError(.fileReadCorruptFile)), "NSCocoaErrorDomain 259")
    XCTAssertEqual(systemReason(Broken.lost(path: "/secret/path")), "ApidaeTests.SystemReasonTests.Broken.lost")
    XCTAssertEqual(systemReason(Broken.gone), "ApidaeTests.SystemReasonTests.Broken.gone")
    XCTAssertEqual(systemReason(Plain(text: "English words")), "ApidaeTests.SystemReasonTests.Plain")
  }

  enum Broken: Error { case lost(path: String), gone }
  struct Plain: Error { var text: String }

  func testARealFailureIsNamed() throws {
    XCTAssertThrowsError(
      try FileManager.default.createDirectory(atPath: "/proc/oesh-no/such", withIntermediateDirectories: false)
    ) { XCTAssertEqual(systemReason($0), "ENOENT") }
    XCTAssertThrowsError(try Data("x".utf8).write(to: URL(fileURLWithPath: "/proc/oesh-no/x.json"))) {
      XCTAssertEqual(systemReason($0), "ENOENT")
    }
  }
}
