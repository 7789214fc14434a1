/// A compact JSON writer with keys in the order written, as Apidae's own files have them.
final class JSONWriter {
  private(set) var bytes: [UInt8] = []
  /// One flag per open container: does the next member need a comma first?
  private var needsComma: [Bool] = []
  private var afterKey = false

  init() {}

  private func beforeValue() {
    if afterKey {
      afterKey = false
      return
    }
    if let last = needsComma.last {
      if last { bytes.append(UInt8(ascii: ",")) }
      needsComma[needsComma.count - 1] = true
    }
  }

  @discardableResult func beginObject() -> JSONWriter {
    beforeValue()
    bytes.append(UInt8(ascii: "{"))
    needsComma.append(false)
    return self
  }

  @discardableResult func endObject() -> JSONWriter {
    needsComma.removeLast()
    bytes.append(UInt8(ascii: "}"))
    return self
  }

  @discardableResult func beginArray() -> JSONWriter {
    beforeValue()
    bytes.append(UInt8(ascii: "["))
    needsComma.append(false)
    return self
  }

  @discardableResult func endArray() -> JSONWriter {
    needsComma.removeLast()
    bytes.append(UInt8(ascii: "]"))
    return self
  }

  @discardableResult func key(_ k: String) -> JSONWriter {
    beforeValue()
    appendString(k)
    bytes.append(UInt8(ascii: ":"))
    afterKey = true
    return self
  }

  @discardableResult func string(_ s: String) -> JSONWriter {
    beforeValue()
    appendString(s)
    return self
  }

  @discardableResult func int(_ v: Int) -> JSONWriter {
    beforeValue()
    bytes.append(contentsOf: String(v).utf8)
    return self
  }

  @discardableResult func bool(_ v: Bool) -> JSONWriter {
    beforeValue()
    bytes.append(contentsOf: (v ? "true" : "false").utf8)
    return self
  }

  /// Already serialised JSON, written as one value.
  @discardableResult func raw(_ json: [UInt8]) -> JSONWriter {
    beforeValue()
    bytes.append(contentsOf: json)
    return self
  }

  private func appendString(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    for c in s.utf8 {
      switch c {
      case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
      case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
      case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
        bytes.append(hex[Int(c >> 4)])
        bytes.append(hex[Int(c & 0xF)])
      default: bytes.append(c)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
