import Foundation
import MeishiImaging

/// Pictures of characters the Japanese models cannot output, and of the common forms they
/// output instead, to tell the two apart by the printed glyph.
///
/// A picture is a glyph's ink cropped to its box and resampled to ``size`` × ``size`` cells,
/// then blurred, so that a stroke a cell off still mostly overlaps. The templates are drawn
/// from the fixture fonts by `scripts/gen-glyph-templates` (Generated/GlyphPictures.swift),
/// which computes them as ``cells(_:x1:y1:x2:y2:)`` and ``blur(_:)`` do here.
enum GlyphTemplates {
  static let size = 32

  /// The variant for each common form (崎 → 﨑, 邊 → 邉, 辺 → 邉).
  static let variantOf: [Character: Character] = Dictionary(
    variantPairs.map { ($0.common, $0.variant) }, uniquingKeysWith: { a, _ in a })

  /// Each character's pictures as drawn, one per font: ``size`` × ``size`` cells, ink or not.
  static func drawn(_ ch: Character) -> [[Bool]] {
    let bytes = [UInt8](Data(base64Encoded: encoded[ch] ?? "") ?? Data())
    let perFont = size * size / 8
    return stride(from: 0, to: bytes.count - perFont + 1, by: perFont).map { start in
      (0..<(size * size)).map { i in bytes[start + i / 8] & (0x80 >> UInt8(i % 8)) != 0 }
    }
  }

  /// Each character's blurred pictures, one per font.
  static let pictures: [Character: [[Float]]] = Dictionary(
    uniqueKeysWithValues: encoded.keys.map { ch in (ch, drawn(ch).map(blur)) })

  /// The glyph in a box of a grey image (dark ink on a light ground): its ink's own box,
  /// resampled to ``size`` × ``size`` cells (each the mean of 3 × 3 bilinear samples) and
  /// thresholded half way between the box's darkest and lightest pixel. Nil when the box
  /// holds no ink, too little contrast, or fewer than 8 pixels of ink across and down.
  static func cells(_ r: RasterImage, x1: Int, y1: Int, x2: Int, y2: Int) -> [Bool]? {
    let x1 = max(0, x1), y1 = max(0, y1), x2 = min(r.width, x2), y2 = min(r.height, y2)
    guard r.channels == 1, x2 - x1 >= 8, y2 - y1 >= 8,
      let threshold = CardReader.inkThreshold(r, x1: x1, x2: x2, y1: y1, y2: y2)
    else { return nil }
    var inkX0 = Int.max, inkX1 = -1, inkY0 = Int.max, inkY1 = -1
    for y in y1..<y2 {
      for x in x1..<x2 where Int(r.pixels[y * r.width + x]) < threshold {
        inkX0 = min(inkX0, x)
        inkX1 = max(inkX1, x)
        inkY0 = min(inkY0, y)
        inkY1 = max(inkY1, y)
      }
    }
    guard inkX1 - inkX0 + 1 >= 8, inkY1 - inkY0 + 1 >= 8 else { return nil }
    let w = Double(inkX1 + 1 - inkX0), h = Double(inkY1 + 1 - inkY0)
    func sample(_ fx: Double, _ fy: Double) -> Double {
      let fx = min(max(fx, 0), Double(r.width - 1)), fy = min(max(fy, 0), Double(r.height - 1))
      let ix = Int(fx), iy = Int(fy)
      let ix1 = min(ix + 1, r.width - 1), iy1 = min(iy + 1, r.height - 1)
      let dx = fx - Double(ix), dy = fy - Double(iy)
      func p(_ x: Int, _ y: Int) -> Double { Double(r.pixels[y * r.width + x]) }
      return (p(ix, iy) * (1 - dx) + p(ix1, iy) * dx) * (1 - dy) + (p(ix, iy1) * (1 - dx) + p(ix1, iy1) * dx) * dy
    }
    var out = [Bool](repeating: false, count: size * size)
    for cy in 0..<size {
      for cx in 0..<size {
        var total = 0.0
        for sy in 0..<3 {
          for sx in 0..<3 {
            let fy = Double(inkY0) + (Double(cy) + (Double(sy) + 0.5) / 3) * h / Double(size) - 0.5
            let fx = Double(inkX0) + (Double(cx) + (Double(sx) + 0.5) / 3) * w / Double(size) - 0.5
            total += sample(fx, fy)
          }
        }
        out[cy * size + cx] = total / 9 < Double(threshold)
      }
    }
    return out
  }

  /// A binomial 1-4-6-4-1 blur across and then down, the edges clamped.
  static func blur(_ bits: [Bool]) -> [Float] {
    let n = size
    let k: [Float] = [1, 4, 6, 4, 1].map { $0 / 16 }
    let a = bits.map { $0 ? Float(1) : 0 }
    var across = [Float](repeating: 0, count: n * n)
    for y in 0..<n {
      for x in 0..<n {
        var s: Float = 0
        for i in 0..<5 { s += k[i] * a[y * n + min(max(x + i - 2, 0), n - 1)] }
        across[y * n + x] = s
      }
    }
    var out = [Float](repeating: 0, count: n * n)
    for y in 0..<n {
      for x in 0..<n {
        var s: Float = 0
        for i in 0..<5 { s += k[i] * across[min(max(y + i - 2, 0), n - 1) * n + x] }
        out[y * n + x] = s
      }
    }
    return out
  }

  /// The mean cell difference between a blurred glyph and the nearest of a character's pictures.
  static func distance(_ glyph: [Float], to ch: Character) -> Float? {
    guard let pictures = pictures[ch] else { return nil }
    return pictures.map { p in
      var s: Float = 0
      for i in p.indices { s += abs(p[i] - glyph[i]) }
      return s / Float(p.count)
    }.min()
  }

  /// The variant a glyph read as `common` is printed in, if it is one: nearer the variant's
  /// pictures than the common form's by a tenth, and near enough (under 0.14) to be that
  /// character at all. Calibrated on both forms of every pair drawn in fonts the pictures do
  /// not come from (`scripts/gen-glyph-templates --heldout`): of 483 common forms none was
  /// taken for its variant, and about half of the variants were found.
  static func variant(of common: Character, glyph bits: [Bool]) -> Character? {
    guard let variant = variantOf[common] else { return nil }
    let glyph = blur(bits)
    guard let dc = distance(glyph, to: common), let dv = distance(glyph, to: variant) else { return nil }
    return dv < 0.14 && dv < dc * 0.9 ? variant : nil
  }
}
