import Foundation

/// The fields of Apidae's export notification, kept in the `<stem>.notification.json` sidecar.
///
/// Apidae posts them as strings (`"true"`/`"false"`); a sidecar may hold JSON booleans too.
public struct ExportNotification: Sendable, Equatable {
  public var projectId: Int?
  /// `SUCCESS` or `ERROR`.
  public var statut: String?
  /// `true` for a calcul exceptionnel (one-off export), `false` for the nightly one.
  public var ponctuel: Bool
  /// `true` for a réinitialisation, `false` for a differential export, nil when absent.
  public var reinitialisation: Bool?

  public init(projectId: Int? = nil, statut: String? = nil, ponctuel: Bool = false, reinitialisation: Bool? = nil) {
    self.projectId = projectId
    self.statut = statut
    self.ponctuel = ponctuel
    self.reinitialisation = reinitialisation
  }

  /// The sidecar's file name for an export.
  public static func sidecarName(for name: ExportName) -> String { "\(name.stem).notification.json" }

  /// Parses a sidecar; `export` and `entry` name it in errors.
  static func parse(_ bytes: [UInt8], export: String, entry: String) throws -> ExportNotification {
    let json = try EntryDecoding(export: export, entry: entry).decode(NotificationJSON.self, bytes)
    return ExportNotification(
      projectId: json.projetId?.value, statut: json.statut, ponctuel: json.ponctuel?.value ?? false,
      reinitialisation: json.reinitialisation?.value)
  }

  /// The sidecar's bytes, values as JSON booleans and number.
  func sidecarJSON() -> [UInt8] {
    let w = JSONWriter()
    w.beginObject()
    if let projectId { w.key("projetId").int(projectId) }
    if let statut { w.key("statut").string(statut) }
    w.key("ponctuel").bool(ponctuel)
    if let reinitialisation { w.key("reinitialisation").bool(reinitialisation) }
    w.endObject()
    return w.bytes
  }
}
