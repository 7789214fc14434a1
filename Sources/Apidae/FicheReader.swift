/// Extracts the fields of `Fiche` from objets touristiques (export or API format) in one validating
/// pass over the bytes, keeping each object's exact bytes as `raw` (unless `keepRaw` is false: then
/// only their length and hash, which is all a sync needs, and a gigabyte less copied on a full export).
struct FicheReader {
  var cursor: JSONCursor
  var keepRaw = true
  /// Where the cursor is, for messages: `[3].informations.moyensCommunication[0].type.id`.
  private var path: [Step] = []

  enum Step {
    case key(StaticString)
    case index(Int)
  }

  init(_ b: UnsafeBufferPointer<UInt8>) {
    cursor = JSONCursor(b, from: JSONScan.afterBOM(b))
  }

  /// The objects of an `objets_modifies/` entry: a JSON array of objects, or one object.
  static func fiches(in bytes: [UInt8], export: String, entry: String?, keepRaw: Bool = true) throws -> [Fiche] {
    try bytes.withUnsafeBufferPointer { b in
      // Said as the other entries say it (a file an export's writer never filled).
      if b.isEmpty {
        throw EntryDecoding(export: export, entry: entry).error(at: 0, in: b, .malformedJSON("empty entry"))
      }
      var reader = FicheReader(b)
      reader.keepRaw = keepRaw
      do {
        return try reader.entry()
      } catch let failure as JSONCursor.Failure {
        let (line, column) = JSONScan.position(of: failure.offset, in: b)
        let reason: ExportError.Reason =
          failure.isSyntax ? .malformedJSON(failure.message) : .wrongShape(failure.message)
        throw ExportError(export: export, entry: entry, line: line, column: column, reason: reason)
      }
    }
  }

  private mutating func entry() throws -> [Fiche] {
    var fiches: [Fiche] = []
    switch cursor.peek() {
    case JSONScan.openBracket:
      cursor.i += 1
      var first = true
      var index = 0
      while try cursor.nextElement(first: &first) {
        path = [.index(index)]
        fiches.append(try rawFiche())
        index += 1
      }
      path = []
    case JSONScan.openBrace:
      fiches.append(try rawFiche())
    default:
      let start = cursor.i
      try cursor.skipValue()  // a syntax error comes first
      throw JSONCursor.Failure(
        offset: start, message: "top level: expected an array of objects or one object", isSyntax: false)
    }
    cursor.skipSpace()
    if cursor.i < cursor.end { throw cursor.syntax("unexpected data after the end of the JSON value") }
    return fiches
  }

  private mutating func rawFiche() throws -> Fiche {
    guard cursor.peek() == JSONScan.openBrace else { throw mismatch("an object") }
    let start = cursor.i
    var fiche = try fiche()
    let bytes = UnsafeBufferPointer(rebasing: cursor.b[start..<cursor.i])
    if keepRaw {
      fiche.raw = Array(bytes)
    } else {
      fiche.rawLength = bytes.count
      fiche.rawHash = Fiche.rawHash(of: UnsafeRawBufferPointer(bytes))
    }
    fiche.rawOffset = start
    return fiche
  }

  // MARK: Errors

  private var pathText: String {
    var text = ""
    for step in path {
      switch step {
      case .key(let k): text += text.isEmpty ? "\(k)" : ".\(k)"
      case .index(let n): text += "[\(n)]"
      }
    }
    return text.isEmpty ? "top level" : text
  }

  private mutating func mismatch(_ expected: String) -> JSONCursor.Failure {
    // Nothing where a value should be: the file is cut there, not of the wrong shape.
    if cursor.peek() == nil { return cursor.syntax("expected a value") }
    let found = cursor.kind() == .null ? ", found null" : ""
    return JSONCursor.Failure(offset: cursor.i, message: "\(pathText): expected \(expected)\(found)", isSyntax: false)
  }

  private func missing(_ key: StaticString, at offset: Int) -> JSONCursor.Failure {
    let prefix = path.isEmpty ? "" : "\(pathText)."
    return JSONCursor.Failure(offset: offset, message: "\(prefix)\(key): missing", isSyntax: false)
  }

  // MARK: Typed values (null counts as absent)

  private mutating func string(_ key: StaticString) throws -> String? {
    path.append(.key(key))
    defer { path.removeLast() }
    if try cursor.skipNull() { return nil }
    guard let range = try cursor.stringRange() else { throw mismatch("a string") }
    let text = cursor.decodeString(range)
    if text.utf8.count > ExportReader.longestText {
      throw JSONCursor.Failure(
        offset: range.lowerBound - 1, message: ExportReader.tooLong(pathText, text.utf8.count), isSyntax: false)
    }
    return text
  }

  private mutating func integer(_ key: StaticString) throws -> Int? {
    path.append(.key(key))
    defer { path.removeLast() }
    if try cursor.skipNull() { return nil }
    guard let value = try cursor.integer() else { throw mismatch("an integer") }
    return value
  }

  private mutating func boolean(_ key: StaticString) throws -> Bool? {
    path.append(.key(key))
    defer { path.removeLast() }
    if try cursor.skipNull() { return nil }
    guard let value = try cursor.boolean() else { throw mismatch("true or false") }
    return value
  }

  /// Calls `member` for each key of the object under `key` (null or absent: never); `member`
  /// returns false for keys it did not consume, which are skipped (and checked). A key it consumes
  /// given again in the object is refused (`JSONCursor.keyGivenTwice`).
  private mutating func object(
    _ key: StaticString?, _ member: (inout FicheReader, Range<Int>) throws -> Bool
  ) throws {
    if let key { path.append(.key(key)) }
    defer { if key != nil { path.removeLast() } }
    if try cursor.skipNull() { return }
    guard cursor.peek() == JSONScan.openBrace else { throw mismatch("an object") }
    cursor.i += 1
    var first = true
    // The keys consumed so far, on the stack: an object has a few that oesh reads, each once.
    try withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: FicheReader.keysRead) { taken in
      var count = 0
      while let name = try cursor.nextMember(first: &first) {
        guard try member(&self, name) else {
          try cursor.skipValue()
          continue
        }
        if let earlier = taken[..<count].first(where: { cursor.sameKey($0, name) }) {
          let prefix = path.isEmpty ? "" : "\(pathText)."
          throw cursor.keyGivenTwice(name, first: earlier, path: prefix + cursor.decodeString(name))
        }
        if count < taken.count {
          taken[count] = name
          count += 1
        }
      }
    }
  }

  /// The most keys oesh reads in one object (a fiche's nine, a name's eleven languages).
  private static let keysRead = 16

  private mutating func array(_ key: StaticString, _ element: (inout FicheReader) throws -> Void) throws {
    path.append(.key(key))
    defer { path.removeLast() }
    if try cursor.skipNull() { return }
    guard cursor.peek() == JSONScan.openBracket else { throw mismatch("an array") }
    cursor.i += 1
    var first = true
    var index = 0
    while try cursor.nextElement(first: &first) {
      path.append(.index(index))
      try element(&self)
      path.removeLast()
      index += 1
    }
  }

  // MARK: The objet touristique

  private mutating func fiche() throws -> Fiche {
    let start = cursor.i
    var type: String?
    var id: Int?
    var identifier: String?
    var name: String?
    var state: String?
    var dateModification: String?
    var ownerId: Int?
    var ownerName: String?
    var commune: (id: Int?, nom: String?, code: String?) = (nil, nil, nil)
    var objectEmail: String?
    var referentEmail: String?
    var contactEmail: String?
    try object(nil) { r, key in
      let c = r.cursor
      if c.key(key, is: "type") {
        r.path.append(.key("type"))
        guard let range = try r.cursor.stringRange() else { throw r.mismatch("a string") }
        type = r.cursor.decodeString(range)
        r.path.removeLast()
      } else if c.key(key, is: "id") {
        r.path.append(.key("id"))
        let at = r.cursor.i
        guard let value = try r.cursor.integer() else { throw r.mismatch("an integer") }
        guard value > 0 else {
          throw JSONCursor.Failure(offset: at, message: "\(r.pathText): expected a positive integer", isSyntax: false)
        }
        id = value
        r.path.removeLast()
      } else if c.key(key, is: "identifier") {
        identifier = try r.string("identifier")
      } else if c.key(key, is: "nom") {
        name = try r.libelle("nom")
      } else if c.key(key, is: "state") {
        let at = r.cursor.i
        state = try r.string("state")
        // R2 classifies by state: one it does not know could be neither kept nor set aside.
        if let s = state, !Fiche.states.contains(s) {
          r.path.append(.key("state"))
          defer { r.path.removeLast() }
          throw JSONCursor.Failure(
            offset: at,
            message: "\(r.pathText): expected one of \(Fiche.states.joined(separator: ", ")), found \"\(s)\"",
            isSyntax: false)
        }
      } else if c.key(key, is: "gestion") {
        dateModification = nil
        (ownerId, ownerName) = (nil, nil)
        try r.object("gestion") { r, key in
          if r.cursor.key(key, is: "dateModification") {
            dateModification = try r.string("dateModification")
          } else if r.cursor.key(key, is: "membreProprietaire") {
            (ownerId, ownerName) = (nil, nil)
            try r.object("membreProprietaire") { r, key in
              if r.cursor.key(key, is: "id") {
                ownerId = try r.integer("id")
              } else if r.cursor.key(key, is: "nom") {
                ownerName = try r.string("nom")
              } else {
                return false
              }
              return true
            }
          } else {
            return false
          }
          return true
        }
      } else if c.key(key, is: "informations") {
        objectEmail = nil
        try r.object("informations") { r, key in
          guard r.cursor.key(key, is: "moyensCommunication") else { return false }
          objectEmail = try r.email(in: "moyensCommunication")
          return true
        }
      } else if c.key(key, is: "localisation") {
        commune = (nil, nil, nil)
        try r.object("localisation") { r, key in
          guard r.cursor.key(key, is: "adresse") else { return false }
          commune = (nil, nil, nil)
          try r.object("adresse") { r, key in
            guard r.cursor.key(key, is: "commune") else { return false }
            commune = (nil, nil, nil)
            try r.object("commune") { r, key in
              if r.cursor.key(key, is: "id") {
                commune.id = try r.integer("id")
              } else if r.cursor.key(key, is: "nom") {
                commune.nom = try r.string("nom")
              } else if r.cursor.key(key, is: "code") {
                commune.code = try r.string("code")
              } else {
                return false
              }
              return true
            }
            return true
          }
          return true
        }
      } else if c.key(key, is: "contacts") {
        (referentEmail, contactEmail) = (nil, nil)
        try r.array("contacts") { r in
          var referent = false
          var email: String?
          try r.object(nil) { r, key in
            if r.cursor.key(key, is: "referent") {
              referent = try r.boolean("referent") ?? false
            } else if r.cursor.key(key, is: "moyensCommunication") {
              email = try r.email(in: "moyensCommunication")
            } else {
              return false
            }
            return true
          }
          if referent, referentEmail == nil { referentEmail = email }
          if contactEmail == nil { contactEmail = email }
        }
      } else {
        return false
      }
      return true
    }
    guard let type else { throw missing("type", at: start) }
    guard let id else { throw missing("id", at: start) }
    return Fiche(
      id: id, identifier: identifier, type: type, name: name ?? "", state: state ?? "PUBLISHED", ownerId: ownerId,
      ownerName: ownerName, dateModification: dateModification, communeId: commune.id, communeName: commune.nom,
      communeCode: commune.code, email: objectEmail ?? referentEmail ?? contactEmail)
  }

  /// A contact or object element of `moyensCommunication[]`: the first «Mél» (204) with an address.
  private mutating func email(in key: StaticString) throws -> String? {
    var found: String?
    try array(key) { r in
      var typeId: Int?
      var address: String?
      try r.object(nil) { r, key in
        if r.cursor.key(key, is: "type") {
          typeId = nil
          try r.object("type") { r, key in
            guard r.cursor.key(key, is: "id") else { return false }
            typeId = try r.integer("id")
            return true
          }
        } else if r.cursor.key(key, is: "coordonnees") {
          address = try r.coordonnees()
        } else {
          return false
        }
        return true
      }
      if found == nil, typeId == emailTypeId, let address { found = address }
    }
    return found
  }

  private static let coordonneesKeys: [StaticString] = [
    "fr", "en", "de", "es", "it", "nl", "ptBR", "ru", "zh", "ja", "ko",
  ]
  private static let libelleKeys: [StaticString] = [
    "libelleFr", "libelleEn", "libelleDe", "libelleEs", "libelleIt", "libelleNl", "libellePtBR", "libelleRu",
    "libelleZh", "libelleJa", "libelleKo",
  ]

  /// `coordonnees`: the French address, else another language's, trimmed; empty ones count as absent.
  private mutating func coordonnees() throws -> String? {
    let texts = try translations("coordonnees", keys: FicheReader.coordonneesKeys)
    return texts.lazy.compactMap { $0?.trimmingSpace }.first { !$0.isEmpty }
  }

  /// A traductionLibelle: French first, then the other languages; empty texts count as absent.
  private mutating func libelle(_ key: StaticString) throws -> String? {
    try translations(key, keys: FicheReader.libelleKeys).lazy.compactMap { $0 }.first { !$0.isEmpty }
  }

  private mutating func translations(_ key: StaticString, keys: [StaticString]) throws -> [String?] {
    var texts = [String?](repeating: nil, count: keys.count)
    try object(key) { r, name in
      guard let k = keys.firstIndex(where: { r.cursor.key(name, is: $0) }) else { return false }
      texts[k] = try r.string(keys[k])
      return true
    }
    return texts
  }
}

extension String {
  /// Without leading and trailing white space (spaces, tabs, newlines), without Foundation.
  var trimmingSpace: String {
    let isSpace: (Character) -> Bool = { $0.isWhitespace }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}
