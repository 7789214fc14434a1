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
    // A number without a name here: the system's text; no number at all: Foundation's.
    XCTAssertEqual(systemReason(POSIXError(.ENOLCK)), String(cString: strerror(ENOLCK)))
    XCTAssertEqual(
      systemReason(NSError(domain: "other", code: 1)), NSError(domain: "other", code: 1).localizedDescription)
  }

  func testARealFailureIsNamed() throws {
    XCTAssertThrowsError(
      try FileManager.default.createDirectory(atPath: "/proc/oesh-no/such", withIntermediateDirectories: false)
    ) { XCTAssertEqual(systemReason($0), "ENOENT") }
    XCTAssertThrowsError(try Data("x".utf8).write(to: URL(fileURLWithPath: "/proc/oesh-no/x.json"))) {
      XCTAssertEqual(systemReason($0), "ENOENT")
    }
  }
}
