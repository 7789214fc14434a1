import Foundation
import ZIPFoundation

/// Writes an export in exactly the format `ExportReader` reads: a zip (deflate) or a folder, plus the
/// optional notification sidecar. Streams: each `addObjects` call becomes one
/// `objets_modifies/objets_modifies-N.json` entry, so a large export never sits whole in memory.
///
/// The export is written under a hidden temporary name and renamed into place by `finish()`, after
/// its sidecar, so that a reader watching the directory never sees half an export.
public final class ExportWriter {
  public let name: ExportName
  public let asZip: Bool
  private let directory: URL
  private let notification: ExportNotification?
  private let temporaryURL: URL
  private let finalURL: URL
  private var archive: Archive?
  private var chunks = 0
  private var deleted: [Int] = []
  private var selections: [Selection] = []
  private var communes: [Commune]?
  /// Types of the objects written, for the members of `selections.json`.
  private var types: [Int: String] = [:]
  private var finished = false
  /// The date stamped on zip entries; a simulation passes its clock's time so that two runs write the same bytes.
  private let entryDate: Date?

  public init(
    directory: URL, name: ExportName, asZip: Bool = true, notification: ExportNotification? = nil,
    entryDate: Date? = nil
  ) throws {
    self.entryDate = entryDate
    self.directory = directory
    self.name = name
    self.asZip = asZip
    self.notification = notification
    let fileName = asZip ? name.stem + ".zip" : name.stem
    finalURL = directory.appendingPathComponent(fileName)
    temporaryURL = directory.appendingPathComponent(".\(fileName).writing")
    let files = FileManager.default
    guard !files.fileExists(atPath: finalURL.path) else { throw failure("EEXIST") }
    try? files.removeItem(at: temporaryURL)
    do {
      if asZip {
        archive = try Archive(url: temporaryURL, accessMode: .create, pathEncoding: nil)
      } else {
        try files.createDirectory(
          at: temporaryURL.appendingPathComponent("objets_modifies"), withIntermediateDirectories: true)
      }
    } catch let error as ExportError {
      throw error
    } catch {
      throw failure(systemReason(error))
    }
  }

  /// An export abandoned before `finish()` leaves nothing behind.
  deinit {
    guard !finished else { return }
    archive = nil
    try? FileManager.default.removeItem(at: temporaryURL)
  }

  private func failure(_ why: String, entry: String? = nil) -> ExportError {
    ExportError(export: finalURL.lastPathComponent, entry: entry, reason: .unwritable(why))
  }

  /// Adds one `objets_modifies/objets_modifies-N.json` entry holding these raw objects as an array.
  public func addObjects(_ raws: [[UInt8]]) throws {
    chunks += 1
    let body = JSONWriter()
    body.beginArray()
    for raw in raws {
      body.raw(raw)
      raw.withUnsafeBufferPointer { b in
        if let id = JSONScan.topLevelInt("id", in: b), let type = JSONScan.topLevelString("type", in: b) {
          types[id] = type
        }
      }
    }
    body.endArray()
    try write("objets_modifies/objets_modifies-\(chunks).json", body.bytes)
  }

  /// The ids of `objets_supprimes.json`.
  public func setDeleted(_ ids: [Int]) { deleted = ids }

  /// `selections.json`. Member types come from the objects written, else from `memberTypes`.
  public func setSelections(_ s: [Selection], memberTypes: [Int: String] = [:]) {
    selections = s
    types.merge(memberTypes) { written, _ in written }
  }

  /// `communes.json`; without a call the export has none.
  public func setCommunes(_ c: [Commune]) { communes = c }

  /// Writes the small entries and the sidecar, then moves the export into place.
  @discardableResult public func finish() throws -> URL {
    guard !finished else { return finalURL }
    if let communes {
      let w = JSONWriter().beginArray()
      for c in communes {
        w.beginObject().key("id").int(c.id)
        if let code = c.code { w.key("code").string(code) }
        w.key("nom").string(c.name)
        if let postalCode = c.postalCode { w.key("codePostal").string(postalCode) }
        w.endObject()
      }
      try write("communes.json", w.endArray().bytes)
    }
    let d = JSONWriter().beginArray()
    for id in deleted { d.int(id) }
    try write("objets_supprimes.json", d.endArray().bytes)
    let s = JSONWriter().beginArray()
    for selection in selections {
      s.beginObject().key("id").int(selection.id)
      s.key("libelle").beginObject().key("libelleFr").string(selection.name).endObject()
      s.key("nom").string(selection.name)
      s.key("objetsTouristiques").beginArray()
      for id in selection.ficheIds {
        s.beginObject()
        if let type = types[id] { s.key("type").string(type) }
        s.key("id").int(id).endObject()
      }
      s.endArray().endObject()
    }
    try write("selections.json", s.endArray().bytes)
    archive = nil  // closes the file

    do {
      if let notification {
        let sidecar = directory.appendingPathComponent(ExportNotification.sidecarName(for: name))
        try Data(notification.sidecarJSON()).write(to: sidecar, options: .atomic)
      }
      try FileManager.default.moveItem(at: temporaryURL, to: finalURL)
    } catch {
      throw failure(systemReason(error))
    }
    finished = true
    return finalURL
  }

  private func write(_ entry: String, _ bytes: [UInt8]) throws {
    guard !finished else { throw failure("the export is already finished", entry: entry) }
    do {
      if let archive {
        try archive.addEntry(
          with: entry, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: entryDate ?? Date(),
          compressionMethod: .deflate,
          bufferSize: ExportSource.bufferSize
        ) { position, size in
          let start = Int(position)
          return bytes.withUnsafeBufferPointer { Data(buffer: UnsafeBufferPointer(rebasing: $0[start..<start + size])) }
        }
      } else {
        let components = entry.split(separator: "/").map(String.init)
        try Data(bytes).write(to: components.reduce(temporaryURL) { $0.appendingPathComponent($1) })
      }
    } catch {
      throw failure(systemReason(error), entry: entry)
    }
  }
}

extension JSONScan {
  /// The value of a top-level key of the object in `b`, as an integer.
  static func topLevelInt(_ key: String, in b: UnsafeBufferPointer<UInt8>) -> Int? {
    let start = locate([TextKey(key)], in: b, from: 0)
    guard let end = skipValue(b, start), end > start, b[start] != openBrace, b[start] != quote else { return nil }
    return Int(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
  }

  /// The value of a top-level key of the object in `b`, as a string.
  static func topLevelString(_ key: String, in b: UnsafeBufferPointer<UInt8>) -> String? {
    let start = locate([TextKey(key)], in: b, from: 0)
    guard start < b.count, b[start] == quote, let end = skipString(b, start) else { return nil }
    return decodeString(b, start..<end)
  }
}

struct IndexKey: CodingKey {
  var intValue: Int?
  var stringValue: String { "\(intValue!)" }
  init(_ n: Int) { intValue = n }
  init?(stringValue: String) { nil }
  init?(intValue: Int) { self.intValue = intValue }
}

struct TextKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ s: String) { stringValue = s }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension Fiche {
  /// This fiche as a raw export-format object: the fields oesh reads, commune as `{id}`, the e-mail as
  /// an object-level «Mél» (204) entry.
  public func exportJSON() -> [UInt8] {
    let w = JSONWriter().beginObject()
    w.key("type").string(type).key("id").int(id)
    w.key("nom").beginObject().key("libelleFr").string(name).endObject()
    if let identifier { w.key("identifier").string(identifier) }
    w.key("state").string(state)
    if dateModification != nil || ownerId != nil || ownerName != nil {
      w.key("gestion").beginObject()
      if let dateModification { w.key("dateModification").string(dateModification) }
      if ownerId != nil || ownerName != nil {
        w.key("membreProprietaire").beginObject()
        if let ownerName { w.key("nom").string(ownerName) }
        if let ownerId { w.key("id").int(ownerId) }
        w.endObject()
      }
      w.endObject()
    }
    w.key("informations").beginObject().key("moyensCommunication").beginArray()
    if let email { Fiche.writeEmail(email, to: w) }
    w.endArray().endObject()
    if let communeId {
      w.key("localisation").beginObject().key("adresse").beginObject()
      w.key("commune").beginObject().key("id").int(communeId).endObject()
      w.endObject().endObject()
    }
    return w.endObject().bytes
  }

  private static func writeEmail(_ email: String, to w: JSONWriter) {
    w.beginObject()
    w.key("type").beginObject().key("elementReferenceType").string("MoyenCommunicationType")
    w.key("id").int(emailTypeId).endObject()
    w.key("coordonnees").beginObject().key("fr").string(email).endObject()
    w.endObject()
  }

  /// A change to a raw object, for simulating Apidae's side.
  public enum RawEdit: Sendable, Equatable {
    /// `nom.libelleFr`.
    case name(String)
    /// `state` (PUBLISHED, HIDDEN, DELETED…).
    case state(String)
    /// The object-level «Mél»: replaced, added, or (nil) removed with every contact's e-mail,
    /// so that the fiche ends with exactly this e-mail by the rule of DESIGN.md §2.
    case email(String?)
    /// `localisation.adresse.commune` as `{id}`.
    case communeId(Int)
    /// `gestion.dateModification`, as Apidae stamps a change (`2027-03-01T09:00:00.000+0100`).
    case dateModification(String)
  }

  /// Returns `raw` with `edits` applied and every other field kept (key order may change).
  public static func edit(raw: [UInt8], _ edits: [RawEdit]) throws -> [UInt8] {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: Data(raw))
    } catch {
      _ = try parse(raw: raw)  // throws with the position
      throw ExportError(export: "", reason: .malformedJSON("\(error)"))
    }
    guard var object = parsed as? [String: Any] else {
      throw ExportError(export: "", line: 1, column: 1, reason: .wrongShape("top level: expected one object"))
    }
    for edit in edits {
      switch edit {
      case .name(let name):
        var nom = object["nom"] as? [String: Any] ?? [:]
        nom["libelleFr"] = name
        object["nom"] = nom
      case .state(let state):
        object["state"] = state
      case .dateModification(let stamp):
        var gestion = object["gestion"] as? [String: Any] ?? [:]
        gestion["dateModification"] = stamp
        object["gestion"] = gestion
      case .communeId(let id):
        var localisation = object["localisation"] as? [String: Any] ?? [:]
        var adresse = localisation["adresse"] as? [String: Any] ?? [:]
        adresse["commune"] = ["id": id]
        localisation["adresse"] = adresse
        object["localisation"] = localisation
      case .email(let email):
        var informations = object["informations"] as? [String: Any] ?? [:]
        var moyens = (informations["moyensCommunication"] as? [Any] ?? []).filter { !isEmail($0) }
        if let email {
          let entry: [String: Any] = [
            "type": ["elementReferenceType": "MoyenCommunicationType", "id": emailTypeId],
            "coordonnees": ["fr": email],
          ]
          moyens.insert(entry, at: 0)
        }
        informations["moyensCommunication"] = moyens
        object["informations"] = informations
        if email == nil, let contacts = object["contacts"] as? [Any] {
          object["contacts"] = contacts.map { contact -> Any in
            guard var c = contact as? [String: Any], let m = c["moyensCommunication"] as? [Any] else { return contact }
            c["moyensCommunication"] = m.filter { !isEmail($0) }
            return c
          }
        }
      }
    }
    do {
      let data = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
      return [UInt8](data)
    } catch {
      throw ExportError(export: "", reason: .unwritable(systemReason(error)))
    }
  }

  private static func isEmail(_ moyen: Any) -> Bool {
    guard let m = moyen as? [String: Any], let type = m["type"] as? [String: Any] else { return false }
    return (type["id"] as? Int ?? (type["id"] as? NSNumber)?.intValue) == emailTypeId
  }
}
