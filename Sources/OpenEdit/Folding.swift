import Foundation

/// Search text folding: lowercased, diacritics removed, so that "hotel" finds «Hôtel»; typographic
/// apostrophes and quotes made ASCII (`l’essentiel` finds «l'essentiel» and the other way round), no-break
/// spaces made spaces.
///
/// Names are mostly ASCII or Latin-1, handled by a table; only other scripts go through
/// Foundation's compatibility decomposition, which is slower. Stored folded names are refolded by the
/// migration `v11-fold-compatibility` when this folding changes for other scripts.
public func folded(_ text: String) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(text.utf8.count)
  var isASCII = true
  for byte in text.utf8 {
    if byte >= 0x80 {
      isASCII = false
      break
    }
    out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
  }
  if isASCII { return String(decoding: out, as: UTF8.self) }
  var result = String.UnicodeScalarView()
  for scalar in text.unicodeScalars {
    let v = scalar.value
    if v < 0x80 {
      result.append(Unicode.Scalar(UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v)))
    } else if v >= 0xC0, v <= 0x17F, let mapped = latinFold[Int(v - 0xC0)] {
      result.append(contentsOf: mapped.unicodeScalars)
    } else if (0x300...0x36F).contains(v) {
      continue  // a combining accent
    } else if let ascii = punctuationFold[v] {
      result.append(Unicode.Scalar(ascii))
    } else {
      // Compatibility forms too: ligatures (ﬁ), full-width letters, ẞ lowercased to ß then spelled out.
      let decomposed = String(scalar).decomposedStringWithCompatibilityMapping.lowercased()
      for s in decomposed.unicodeScalars where !(0x300...0x36F).contains(s.value) {
        if s.value >= 0xC0, s.value <= 0x17F, let mapped = latinFold[Int(s.value - 0xC0)] {
          result.append(contentsOf: mapped.unicodeScalars)
        } else {
          result.append(s)
        }
      }
    }
  }
  return String(result)
}

/// Apostrophes (’ ‘ ʼ), double quotes (« » “ ” „) and no-break spaces as the ASCII a keyboard types.
/// Stored folded names are refolded by the migration `v7-fold-punctuation` when this table changes.
let punctuationFold: [UInt32: UInt8] = [
  0x2019: 0x27, 0x2018: 0x27, 0x02BC: 0x27, 0x00AB: 0x22, 0x00BB: 0x22, 0x201C: 0x22, 0x201D: 0x22, 0x201E: 0x22,
  0x00A0: 0x20, 0x202F: 0x20,
]

/// U+00C0…U+017F folded, computed once; letters that do not decompose are spelled out.
private let latinFold: [String?] = (0xC0...0x17F).map { v -> String? in
  let special: [UInt32: String] = [
    0xC6: "ae", 0xE6: "ae", 0xD0: "d", 0xF0: "d", 0xD8: "o", 0xF8: "o", 0xDE: "th", 0xFE: "th",
    0xDF: "ss", 0x110: "d", 0x111: "d", 0x126: "h", 0x127: "h", 0x131: "i", 0x132: "ij", 0x133: "ij",
    0x138: "k", 0x13F: "l", 0x140: "l", 0x141: "l", 0x142: "l", 0x149: "n", 0x14A: "n", 0x14B: "n",
    0x152: "oe", 0x153: "oe", 0x166: "t", 0x167: "t", 0x17F: "s",
  ]
  if let s = special[UInt32(v)] { return s }
  guard let scalar = Unicode.Scalar(UInt32(v)) else { return nil }
  let base = String(scalar).decomposedStringWithCanonicalMapping.lowercased().unicodeScalars
    .filter { !(0x300...0x36F).contains($0.value) }
  return base.count == 1 && base.first!.isASCII ? String(String.UnicodeScalarView(base)) : nil
}
