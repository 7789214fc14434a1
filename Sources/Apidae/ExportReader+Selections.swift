/// `selections.json` read in one pass with `JSONCursor`.
///
/// Every export repeats each sélection's complete membership, so a nightly differential of a large
/// project carries about a hundred thousand little `{type, id}` objects; `JSONDecoder` spent most of
/// such an import on them. Anything unusual (bad syntax, a wrong shape) is left to the decoder (`nil`),
/// so that what is refused, and how it is worded, stays the decoder's; but a key it reads given twice
/// in one object, which the decoder would take the first of, is refused here (`RepeatedKey`).
enum SelectionsReader {
  /// A key read given twice in one object, where it is said (`JSONCursor.keyGivenTwice`).
  struct RepeatedKey: Error {
    var failure: JSONCursor.Failure
  }

  static func selections(_ bytes: [UInt8]) throws(RepeatedKey) -> [Selection]? {
    try bytes.withUnsafeBufferPointer { b throws(RepeatedKey) -> [Selection]? in
      var c = JSONCursor(b, from: JSONScan.afterBOM(b))
      do {
        guard c.peek() == JSONScan.openBracket else { return nil }
        c.i += 1
        var selections: [Selection] = []
        var first = true
        var index = 0
        while try c.nextElement(first: &first) {
          guard let selection = try selection(&c, "[\(index)]") else { return nil }
          index += 1
          selections.append(selection)
        }
        c.skipSpace()
        return c.i == c.end ? selections : nil
      } catch let repeated as RepeatedKey {
        throw repeated
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
  private static func selection(_ c: inout JSONCursor, _ path: String) throws -> Selection? {
    guard c.peek() == JSONScan.openBrace else { return nil }
    c.i += 1
    var id: Int?
    var nom: String?
    var libelle: LibelleJSON?
    var ficheIds: [Int]?
    var seen = [Range<Int>?](repeating: nil, count: 4)
    var first = true
    while let key = try c.nextMember(first: &first) {
      if c.key(key, is: "id") {
        try once(c, key, &seen[0], path + ".id")
        guard let value = try c.integer() else { return nil }
        id = value
      } else if c.key(key, is: "nom") {
        try once(c, key, &seen[1], path + ".nom")
        guard let value = try string(&c) else { return nil }
        nom = value
      } else if c.key(key, is: "libelle") {
        try once(c, key, &seen[2], path + ".libelle")
        guard let value = try self.libelle(&c, path + ".libelle") else { return nil }
        libelle = value
      } else if c.key(key, is: "objetsTouristiques") {
        try once(c, key, &seen[3], path + ".objetsTouristiques")
        guard let value = try members(&c, path + ".objetsTouristiques") else { return nil }
        ficheIds = value
      } else {
        try c.skipValue()
      }
    }
    guard let id else { return nil }
    var selection = SelectionJSON(id: IntegerJSON(value: id), nom: nom, libelle: libelle, objetsTouristiques: nil)
      .selection
    // Refused by the decoder, at the text.
    guard selection.name.utf8.count <= ExportReader.longestText else { return nil }
    selection.ficheIds = ficheIds ?? []
    return selection
  }

  /// Notes that `key` was read, or refuses it when it was already (at `earlier`).
  private static func once(
    _ c: JSONCursor, _ key: Range<Int>, _ earlier: inout Range<Int>?, _ path: @autoclosure () -> String
  ) throws(RepeatedKey) {
    if let earlier { throw RepeatedKey(failure: c.keyGivenTwice(key, first: earlier, path: path())) }
    earlier = key
  }

  /// A string or null (`.some(nil)`); nil for any other value.
  private static func string(_ c: inout JSONCursor) throws -> String?? {
    if try c.skipNull() { return .some(nil) }
    guard let range = try c.stringRange() else { return nil }
    return .some(c.decodeString(range))
  }

  /// A traductionLibelle, or null (an empty one); nil for any other shape.
  private static func libelle(_ c: inout JSONCursor, _ path: String) throws -> LibelleJSON?? {
    if try c.skipNull() { return .some(nil) }
    guard c.peek() == JSONScan.openBrace else { return nil }
    c.i += 1
    var texts = [String?](repeating: nil, count: libelleKeys.count)
    var seen = [Range<Int>?](repeating: nil, count: libelleKeys.count)
    var first = true
    while let key = try c.nextMember(first: &first) {
      guard let k = libelleKeys.firstIndex(where: { c.key(key, is: $0) }) else {
        try c.skipValue()
        continue
      }
      try once(c, key, &seen[k], path + ".\(libelleKeys[k])")
      guard let text = try string(&c) else { return nil }
      texts[k] = text
    }
    return .some(
      LibelleJSON(
        libelleFr: texts[0], libelleEn: texts[1], libelleDe: texts[2], libelleEs: texts[3], libelleIt: texts[4],
        libelleNl: texts[5], libellePtBR: texts[6], libelleRu: texts[7], libelleZh: texts[8], libelleJa: texts[9],
        libelleKo: texts[10]))
  }

  /// The ids of `objetsTouristiques` (`[{type, id}]`), or null (`.some(nil)`); nil for any other shape.
  private static func members(_ c: inout JSONCursor, _ path: String) throws -> [Int]?? {
    if try c.skipNull() { return .some(nil) }
    guard c.peek() == JSONScan.openBracket else { return nil }
    c.i += 1
    var ids: [Int] = []
    var first = true
    while try c.nextElement(first: &first) {
      guard c.peek() == JSONScan.openBrace else { return nil }
      c.i += 1
      var id: Int?
      var idKey: Range<Int>?
      var typeKey: Range<Int>?
      var inner = true
      while let key = try c.nextMember(first: &inner) {
        if c.key(key, is: "id") {
          try once(c, key, &idKey, path + "[\(ids.count)].id")
          guard let value = try c.integer() else { return nil }
          id = value
        } else if c.key(key, is: "type") {
          // Only its shape matters: a string or null.
          try once(c, key, &typeKey, path + "[\(ids.count)].type")
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
