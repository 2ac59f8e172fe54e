import Foundation
@testable import MeishiImaging
import Testing

@Suite struct SharpnessTests {
  /// A white 900 x 500 card with rows of black "glyphs" (boxes of 6 px strokes, some crossed:
  /// large type, a name's or a company's).
  static func card() -> RasterImage {
    let w = 900
    let h = 500
    var px = [UInt8](repeating: 240, count: w * h)
    for row in 0..<6 {
      let top = 40 + row * 70
      for g in 0..<30 {
        let left = 40 + g * 27
        for y in top..<(top + 24) {
          for x in left..<(left + 18) {
            let stroke = y < top + 6 || y >= top + 18 || x < left + 6 || x >= left + 12 || (g % 3 == 0 && abs(x - y + top - left) < 3)
            if stroke { px[y * w + x] = 30 }
          }
        }
      }
    }
    return RasterImage(width: w, height: h, channels: 1, pixels: px)
  }

  /// Each pixel the mean of a run of `length` pixels along (dx, dy): a moving camera's blur, or
  /// applied across and down in turn, a lens out of focus.
  static func smeared(_ image: RasterImage, length: Int, dx: Int, dy: Int) -> RasterImage {
    let w = image.width
    var out = image.pixels
    for y in 0..<image.height {
      for x in 0..<w {
        var sum = 0
        for k in 0..<length {
          let t = k - length / 2
          let xx = min(w - 1, max(0, x + t * dx))
          let yy = min(image.height - 1, max(0, y + t * dy))
          sum += Int(image.pixels[yy * w + xx])
        }
        out[y * w + x] = UInt8(sum / length)
      }
    }
    return RasterImage(width: w, height: image.height, channels: 1, pixels: out)
  }

  @Test func measuresHowFarEdgesAreSpread() throws {
    let sharp = try #require(Sharpness.blurWidth(Self.card()))
    #expect(sharp < 1.2, "sharp: \(sharp)")
    // Out of focus: a 7 px box across and down (σ about 2 px).
    let soft = Self.smeared(Self.smeared(Self.card(), length: 7, dx: 1, dy: 0), length: 7, dx: 0, dy: 1)
    let defocus = try #require(Sharpness.blurWidth(soft))
    #expect(defocus > 1.8, "out of focus: \(defocus)")
    // Moved sideways by 10 px: only the edges across the movement are spread, and they count.
    let moved = try #require(Sharpness.blurWidth(Self.smeared(Self.card(), length: 10, dx: 1, dy: 0)))
    #expect(moved > 1.8, "moved: \(moved)")
  }

  @Test func tellsNothingWithoutEdges() {
    let blank = RasterImage(width: 600, height: 400, channels: 1, pixels: [UInt8](repeating: 250, count: 600 * 400))
    #expect(Sharpness.blurWidth(blank) == nil)
  }
}
