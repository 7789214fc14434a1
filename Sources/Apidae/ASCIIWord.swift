/// Tests on eight bytes at once (one unaligned 64-bit load), for scanning text that is mostly plain
/// ASCII: exact when they say no, and then the byte loop needs not look.
public enum ASCIIWord {
  /// Whether any of the eight bytes in `x` is a quote, a backslash, a control character or not ASCII
  /// (exact when false; the byte loop then decides).
  @inlinable @inline(__always) public static func mayEndPlainRun(_ x: UInt64) -> Bool {
    let belowSpace = (x &- 0x2020_2020_2020_2020) & ~x & 0x8080_8080_8080_8080
    return x & 0x8080_8080_8080_8080 != 0 || belowSpace != 0 || has(x, 0x22) || has(x, 0x5C)
  }

  /// Whether one of the eight bytes in `x` is `byte`.
  @inlinable @inline(__always) public static func has(_ x: UInt64, _ byte: UInt8) -> Bool {
    let v = x ^ (0x0101_0101_0101_0101 &* UInt64(byte))
    return (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 != 0
  }
}
