import Apidae
import Foundation
import StoryFixtures

/// Test data put into a workspace's `snapshots/` (`#! fixture NAME` in transcripts).
enum Fixtures {
  static func install(_ name: String, into workspace: URL) throws {
    let snapshots = workspace.appendingPathComponent("snapshots")
    switch name {
    case "hotentic":
      try FileManager.default.copyItem(
        at: OeshProcess.hotentic.appendingPathComponent("json_export.zip"),
        to: snapshots.appendingPathComponent("3126_20190215-0156_H8zWaD.zip"))
    case "story":
      try Story.write(into: snapshots)
    case "story-reinit":
      try Story.write(into: snapshots)
      try Story.writeReinitialisation(into: snapshots)
    case "story-broken":
      // The story with a file that is no zip among its exports, after Tuesday night's.
      try Story.write(into: snapshots)
      try Data("not a zip".utf8).write(to: snapshots.appendingPathComponent("4242_20270302-0900_BROKEN.zip"))
    default:
      throw NSError(domain: "Fixtures", code: 1, userInfo: [NSLocalizedDescriptionKey: "unknown fixture \(name)"])
    }
  }
}
