import Apidae
import Foundation

extension Workspace {
  /// One fiche with its JSON, read from the export in `snapshots/` that the current version came from
  /// (or from the copy older versions kept). The bytes are checked against the hash taken at import,
  /// so a replaced export is said, never shown as the fiche's JSON.
  public func fiche(_ id: Int) throws -> FicheDetail {
    var detail = try store().fiche(id)
    guard let source = detail.rawSource else { return detail }
    guard let snapshot = snapshot(stem: source.export) else {
      throw QueryError.rawExportMissing(ficheId: id, export: source.export)
    }
    let bytes: [UInt8]
    do {
      bytes = try ExportReader(url: snapshot.url).entry(source.entry)
    } catch let error as ExportError {
      throw QueryError.rawExportUnreadable(ficheId: id, error)
    }
    guard source.offset >= 0, source.length >= 0, source.offset + source.length <= bytes.count else {
      throw QueryError.rawExportChanged(ficheId: id, export: snapshot.fileName)
    }
    let raw = Array(bytes[source.offset..<(source.offset + source.length)])
    guard rawHash(raw) == source.hash else { throw QueryError.rawExportChanged(ficheId: id, export: snapshot.fileName) }
    detail.raw = raw
    return detail
  }
}
