/// The EXIF orientation tag (0x0112) of a JPEG, read from its APP1 segment.
///
/// Values 1–8 as in the TIFF/EXIF specification: how the stored pixels must be turned (and
/// perhaps mirrored) to be displayed upright. Phones write 6 for a photo taken with the phone
/// held upright (the stored pixels are turned 90° counter-clockwise).
public struct ExifOrientation: Sendable, Equatable, CustomStringConvertible {
  public var value: Int

  public init?(_ value: Int) {
    guard (1...8).contains(value) else { return nil }
    self.value = value
  }

  /// Clockwise quarter turns that display the stored pixels upright, applied after
  /// ``mirrored`` (a left-right flip of the stored pixels).
  public var quarterTurns: Int {
    // 5 (transpose) is a flip then three quarter turns; 7 (transverse) a flip then one.
    switch value {
    case 3, 4: 2
    case 6, 7: 1
    case 5, 8: 3
    default: 0
    }
  }

  /// Whether the stored pixels must also be flipped left to right (values 2, 4, 5, 7; rare).
  public var mirrored: Bool { [2, 4, 5, 7].contains(value) }

  public var description: String { "EXIF orientation \(value)" }

  /// The orientation tag of a JPEG file's bytes; nil when there is none (or it is not 1–8).
  ///
  /// Walks the JPEG markers up to the start of scan, finds the `Exif\0\0` APP1 segment and
  /// reads IFD0 of its TIFF structure (either byte order). Damaged data gives nil, never a trap.
  public static func read(jpeg bytes: [UInt8]) -> ExifOrientation? {
    bytes.withUnsafeBufferPointer { read(jpeg: $0) }
  }

  static func read(jpeg b: UnsafeBufferPointer<UInt8>) -> ExifOrientation? {
    guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
    var i = 2
    while i + 4 <= b.count {
      guard b[i] == 0xFF else { return nil }
      let marker = b[i + 1]
      if marker == 0xFF {  // fill byte
        i += 1
        continue
      }
      // Markers without a length.
      if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
        i += 2
        continue
      }
      if marker == 0xDA || marker == 0xD9 { return nil }  // start of scan / end: no EXIF before
      let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
      guard length >= 2, i + 2 + length <= b.count else { return nil }
      let start = i + 4
      let end = i + 2 + length
      if marker == 0xE1, end - start >= 14,
        b[start] == 0x45, b[start + 1] == 0x78, b[start + 2] == 0x69, b[start + 3] == 0x66,
        b[start + 4] == 0, b[start + 5] == 0
      {
        if let o = tiffOrientation(b, from: start + 6, to: end) { return o }
      }
      i = end
    }
    return nil
  }

  /// IFD0's orientation entry of the TIFF structure in `b[base..<end]`.
  private static func tiffOrientation(_ b: UnsafeBufferPointer<UInt8>, from base: Int, to end: Int)
    -> ExifOrientation?
  {
    guard end - base >= 8 else { return nil }
    let little: Bool
    switch (b[base], b[base + 1]) {
    case (0x49, 0x49): little = true
    case (0x4D, 0x4D): little = false
    default: return nil
    }
    func u16(_ o: Int) -> Int? {
      guard o >= base, o + 2 <= end else { return nil }
      return little ? Int(b[o]) | Int(b[o + 1]) << 8 : Int(b[o]) << 8 | Int(b[o + 1])
    }
    func u32(_ o: Int) -> Int? {
      guard let a = u16(o), let c = u16(o + 2) else { return nil }
      return little ? a | c << 16 : a << 16 | c
    }
    guard u16(base + 2) == 42, let ifd = u32(base + 4), let count = u16(base + ifd) else {
      return nil
    }
    for k in 0..<min(count, 512) {
      let entry = base + ifd + 2 + 12 * k
      guard let tag = u16(entry) else { return nil }
      guard tag == 0x0112 else { continue }
      // Type SHORT (3), count 1: the value sits in the first two bytes of the value field.
      guard u16(entry + 2) == 3, let v = u16(entry + 8) else { return nil }
      return ExifOrientation(v)
    }
    return nil
  }
}
