/// `selections.json` read in one pass with `JSONCursor`.
///
/// Every export repeats each sélection's complete membership, so a nightly differential of a large
/// project carries about a hundred thousand little `{type, id}` objects; `JSONDecoder` spent most of
/// such an import on them. Anything unusual (bad syntax, a wrong shape, a key given twice) is left to
/// the decoder (`nil`), so that what is refused, and how it is worded, stays the decoder's.
enum SelectionsReader {
  static func selections(_ bytes: [UInt8]) -> [Selection]? {
    bytes.withUnsafeBufferPointer { b -> [Selection]? in
      var c = JSONCursor(b, from: JSONScan.afterBOM(b))
      do {
        guard c.peek() == JSONScan.openBracket else { return nil }
        c.i += 1
        var selections: [Selection] = []
        var first = true
        while try c.nextElement(first: &first) {
          guard let selection = try selection(&c) else { return nil }
          selections.append(selection)
        }
        c.skipSpace()
        return c.i == c.end ? selections : nil
      } catch {
        return nil
      }
    }
  }

  private static let libelleKeys: [StaticString] = [
    "libelleFr", "libelleEn", "libelleDe", "libelleEs", "libelleIt", "libelleNl", "libellePtBR", "libelleRu",
    "libelleZh", "libelleJa", "libelleKo",
  ]

  /// One sélection, named by `SelectionJSON`'s rule; nil to leave the entry to the decoder.
  private static func selection(_ c: inout JSONCursor) throws -> Selection? {
    guard c.peek() == JSONScan.openBrace else { return nil }
    c.i += 1
    var id: Int?
    var nom: String?
    var libelle: LibelleJSON?
    var ficheIds: [Int]?
    var seen = Set<Int>()
    var first = true
    while let key = try c.nextMember(first: &first) {
      if c.key(key, is: "id") {
        guard seen.insert(0).inserted, let value = try c.integer() else { return nil }
        id = value
      } else if c.key(key, is: "nom") {
        guard seen.insert(1).inserted, let value = try string(&c) else { return nil }
        nom = value
      } else if c.key(key, is: "libelle") {
        guard seen.insert(2).inserted, let value = try self.libelle(&c) else { return nil }
        libelle = value
      } else if c.key(key, is: "objetsTouristiques") {
        guard seen.insert(3).inserted, let value = try members(&c) else { return nil }
        ficheIds = value
      } else {
        try c.skipValue()
      }
    }
    guard let id else { return nil }
    var selection = SelectionJSON(id: IntegerJSON(value: id), nom: nom, libelle: libelle, objetsTouristiques: nil)
      .selection
    selection.ficheIds = ficheIds ?? []
    return selection
  }

  /// A string or null (`.some(nil)`); nil for any other value.
  private static func string(_ c: inout JSONCursor) throws -> String?? {
    if try c.skipNull() { return .some(nil) }
    guard let range = try c.stringRange() else { return nil }
    return .some(c.decodeString(range))
  }

  /// A traductionLibelle, or null (an empty one); nil for any other shape.
  private static func libelle(_ c: inout JSONCursor) throws -> LibelleJSON?? {
    if try c.skipNull() { return .some(nil) }
    guard c.peek() == JSONScan.openBrace else { return nil }
    c.i += 1
    var texts = [String?](repeating: nil, count: libelleKeys.count)
    var seen = Set<Int>()
    var first = true
    while let key = try c.nextMember(first: &first) {
      guard let k = libelleKeys.firstIndex(where: { c.key(key, is: $0) }) else {
        try c.skipValue()
        continue
      }
      guard seen.insert(k).inserted, let text = try string(&c) else { return nil }
      texts[k] = text
    }
    return .some(
      LibelleJSON(
        libelleFr: texts[0], libelleEn: texts[1], libelleDe: texts[2], libelleEs: texts[3], libelleIt: texts[4],
        libelleNl: texts[5], libellePtBR: texts[6], libelleRu: texts[7], libelleZh: texts[8], libelleJa: texts[9],
        libelleKo: texts[10]))
  }

  /// The ids of `objetsTouristiques` (`[{type, id}]`), or null (`.some(nil)`); nil for any other shape.
  private static func members(_ c: inout JSONCursor) throws -> [Int]?? {
    if try c.skipNull() { return .some(nil) }
    guard c.peek() == JSONScan.openBracket else { return nil }
    c.i += 1
    var ids: [Int] = []
    var first = true
    while try c.nextElement(first: &first) {
      guard c.peek() == JSONScan.openBrace else { return nil }
      c.i += 1
      var id: Int?
      var sawType = false
      var inner = true
      while let key = try c.nextMember(first: &inner) {
        if c.key(key, is: "id") {
          guard id == nil, let value = try c.integer() else { return nil }
          id = value
        } else if c.key(key, is: "type") {
          // Only its shape matters: a string or null.
          guard !sawType else { return nil }
          sawType = true
          if try !c.skipNull() {
            guard try c.stringRange() != nil else { return nil }
          }
        } else {
          try c.skipValue()
        }
      }
      guard let id else { return nil }
      ids.append(id)
    }
    return .some(ids)
  }
}
