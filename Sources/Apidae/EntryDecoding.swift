import Foundation

/// Decodes one entry's JSON with Foundation's `JSONDecoder` (about 4x faster than
/// `JSONSerialization` here), and turns its errors into an `ExportError` with line and column.
struct EntryDecoding {
  let export: String
  let entry: String?
  let decoder = JSONDecoder()

  /// Decodes `b[range]` (the whole buffer is the entry, for positions).
  func decode<T: Decodable>(_ type: T.Type, _ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> T {
    guard let base = b.baseAddress else { throw error(at: 0, in: b, .malformedJSON("empty entry")) }
    let data = Data(
      bytesNoCopy: UnsafeMutableRawPointer(mutating: base + range.lowerBound), count: range.count,
      deallocator: .none)
    do {
      return try decoder.decode(T.self, from: data)
    } catch let failure as DecodingError {
      throw exportError(failure, b, range)
    }
  }

  /// Decodes a whole entry.
  func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
    try bytes.withUnsafeBufferPointer { b in
      if b.isEmpty { throw error(at: 0, in: b, .malformedJSON("empty entry")) }
      return try decode(type, b, 0..<b.count)
    }
  }

  /// The error at the value `path` leads to in the whole entry `bytes`.
  func error(at path: [any CodingKey], in bytes: [UInt8], _ reason: ExportError.Reason) -> ExportError {
    bytes.withUnsafeBufferPointer { b in
      error(at: JSONScan.locate(path, in: b, from: JSONScan.afterBOM(b)), in: b, reason)
    }
  }

  /// The error at `offset` in the whole entry `bytes`.
  func error(at offset: Int, in bytes: [UInt8], _ reason: ExportError.Reason) -> ExportError {
    bytes.withUnsafeBufferPointer { b in error(at: offset, in: b, reason) }
  }

  func error(at offset: Int, in b: UnsafeBufferPointer<UInt8>, _ reason: ExportError.Reason) -> ExportError {
    let (line, column) = JSONScan.position(of: offset, in: b)
    return ExportError(export: export, entry: entry, line: line, column: column, reason: reason)
  }

  /// The syntax error of `b[range]`, found by the validating parser.
  func syntaxError(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, fallback: String) -> ExportError {
    if let s = JSONScan.firstSyntaxError(b, in: range) {
      return error(at: s.offset, in: b, .malformedJSON(s.message))
    }
    return error(at: range.lowerBound, in: b, .malformedJSON(fallback))
  }

  func exportError(_ failure: DecodingError, _ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> ExportError {
    switch failure {
    case .dataCorrupted(let context) where context.codingPath.isEmpty:
      return syntaxError(b, range, fallback: context.debugDescription)
    case .dataCorrupted(let context):
      let at = JSONScan.locate(context.codingPath, in: b, from: range.lowerBound)
      return error(at: at, in: b, .wrongShape("\(pathText(context.codingPath)): \(context.debugDescription)"))
    case .typeMismatch(let type, let context):
      // A syntax error may surface as a mismatch; syntax first.
      if let s = JSONScan.firstSyntaxError(b, in: range) {
        return error(at: s.offset, in: b, .malformedJSON(s.message))
      }
      let at = JSONScan.locate(context.codingPath, in: b, from: range.lowerBound)
      return error(at: at, in: b, .wrongShape("\(pathText(context.codingPath)): expected \(describe(type))"))
    case .valueNotFound(let type, let context):
      let at = JSONScan.locate(context.codingPath, in: b, from: range.lowerBound)
      return error(
        at: at, in: b, .wrongShape("\(pathText(context.codingPath)): expected \(describe(type)), found null"))
    case .keyNotFound(let key, let context):
      let at = JSONScan.locate(context.codingPath, in: b, from: range.lowerBound)
      let path = pathText(context.codingPath + [key])
      return error(at: at, in: b, .wrongShape("\(path): missing"))
    @unknown default:
      return syntaxError(b, range, fallback: "\(failure)")
    }
  }
}

/// `informations.moyensCommunication[0].type.id`, or `top level`.
func pathText(_ path: [any CodingKey]) -> String {
  var text = ""
  for key in path {
    if let index = key.intValue {
      text += "[\(index)]"
    } else {
      text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
    }
  }
  return text.isEmpty ? "top level" : text
}

private func describe(_ type: Any.Type) -> String {
  if type == Int.self { return "an integer" }
  if type == String.self { return "a string" }
  if type == Bool.self { return "true or false" }
  if type == Double.self { return "a number" }
  let name = "\(type)"
  if name.hasPrefix("Array") || name.hasPrefix("[") && !name.contains(":") { return "an array" }
  return "an object"
}

// MARK: - The shapes Apidae gives, only the fields Open Edit needs

/// A traductionLibelle: `{libelleFr, libelleEn, …}`.
struct LibelleJSON: Decodable {
  var libelleFr, libelleEn, libelleDe, libelleEs, libelleIt, libelleNl: String?
  var libellePtBR, libelleRu, libelleZh, libelleJa, libelleKo: String?

  /// French first, then the other languages in a fixed order, with the key it lies under (where an error
  /// about it points); empty texts count as absent.
  var best: (key: String, text: String)? {
    let texts: [(String, String?)] = [
      ("libelleFr", libelleFr), ("libelleEn", libelleEn), ("libelleDe", libelleDe), ("libelleEs", libelleEs),
      ("libelleIt", libelleIt), ("libelleNl", libelleNl), ("libellePtBR", libellePtBR), ("libelleRu", libelleRu),
      ("libelleZh", libelleZh), ("libelleJa", libelleJa), ("libelleKo", libelleKo),
    ]
    for case (let key, let text?) in texts where !text.isEmpty { return (key, text) }
    return nil
  }
}

/// «Mél» in the MoyenCommunicationType thesaurus.
let emailTypeId = 204

/// An id: an integer. Foundation's decoder, given a number `Int` cannot hold (`1.5`, `2e400`, past 64
/// bits), throws an error of its own (`JSONError.numberIsNotRepresentableInSwift`), which its `decode`
/// turns into «The given data was not valid JSON.» with no coding path, of a valid JSON text; here it is
/// a type mismatch at the number's path, as a string there is.
struct IntegerJSON: Decodable {
  var value: Int

  init(value: Int) { self.value = value }

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    do {
      value = try container.decode(Int.self)
    } catch let error as DecodingError {
      throw error
    } catch {
      throw DecodingError.typeMismatch(
        Int.self, .init(codingPath: container.codingPath, debugDescription: "not an integer Int can hold"))
    }
  }
}

struct SelectionMemberJSON: Decodable {
  var type: String?
  var id: IntegerJSON
}

struct SelectionJSON: Decodable {
  var id: IntegerJSON
  var nom: String?
  var libelle: LibelleJSON?
  var objetsTouristiques: [SelectionMemberJSON]?

  var selection: Selection {
    Selection(id: id.value, name: name.text, ficheIds: (objetsTouristiques ?? []).map(\.id.value))
  }

  /// `libelle.libelleFr`, else `nom`, else another language, with the keys it lies under (none without a
  /// name), where an error about it points.
  var name: (text: String, keys: [String]) {
    if let fr = libelle?.libelleFr, !fr.isEmpty { return (fr, ["libelle", "libelleFr"]) }
    if let nom, !nom.isEmpty { return (nom, ["nom"]) }
    if let other = libelle?.best { return (other.text, ["libelle", other.key]) }
    return ("", [])
  }
}

struct CommuneJSON: Decodable {
  var id: IntegerJSON
  var code: String?
  var nom: String?
  var codePostal: String?

  var commune: Commune { Commune(id: id.value, code: code, name: nom ?? "", postalCode: codePostal) }
}

/// The notification sidecar; Apidae's values are strings, a hand-written sidecar may use JSON types.
struct NotificationJSON: Decodable {
  var projetId: Flexible<Int>?
  var statut: String?
  var ponctuel: Flexible<Bool>?
  var reinitialisation: Flexible<Bool>?
}

/// A value given either as itself or as its text (`"true"`, `"3126"`).
struct Flexible<T: Decodable & LosslessStringConvertible>: Decodable {
  var value: T
  init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let v = try? c.decode(T.self) {
      value = v
    } else if let s = try? c.decode(String.self), let v = T(s.lowercased()) {
      value = v
    } else {
      throw DecodingError.typeMismatch(T.self, .init(codingPath: c.codingPath, debugDescription: "expected \(T.self)"))
    }
  }
}
