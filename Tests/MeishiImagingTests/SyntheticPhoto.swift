import Foundation
import MeishiImaging

/// Synthetic "phone photos" of a business card lying on a desk, rendered through a pinhole
/// camera so that the true corners (and the true aspect ratio) are known exactly.
struct SyntheticPhoto {
  /// The card, in millimetres: 89 × 51 (aspect ≈ 1.745).
  static let cardWidth = 89.0
  static let cardHeight = 51.0

  /// Dark "text" bars printed on the card: (top, bottom, left, right) in card millimetres.
  /// Asymmetric, so a flipped or rotated output would not match.
  static let bars: [(top: Double, bottom: Double, left: Double, right: Double)] = [
    (8, 13, 8, 60),
    (17, 20, 8, 45),
    (24, 27, 8, 52),
    (36, 41, 30, 81),
  ]
  /// Rows (card millimetres) between the bars, blank across the whole card.
  static let blankRows: [Double] = [4, 15, 22, 31.5, 46]

  enum Background {
    /// Brown wood grain with noise.
    case wood
    /// Dark grey, slightly noisy (like a metal desk).
    case darkGrey
    /// One flat colour.
    case plain(Double, Double, Double)
  }
  /// Review: rectangles printed on the card and lying on the desk, in card millimetres
  /// (u0, v0, u1, v1, colour); desk ones may lie outside the card.
  typealias Patch = (u0: Double, v0: Double, u1: Double, v1: Double, colour: (Double, Double, Double))
  var printed: [Patch] = []
  var objects: [Patch] = []

  var width: Int
  var height: Int
  /// Card colour (RGB) and background.
  var cardColour: (Double, Double, Double) = (238, 238, 234)
  var background: Background = .wood
  /// Camera pose: roll about the optical axis, tilt of the card plane (degrees), distance (mm),
  /// sideways shift of the card (mm), focal length in pixels.
  var roll = 12.0
  var tilt = -35.0
  var distance = 150.0
  var shift = (x: 0.0, y: 0.0)
  var focal: Double? = nil
  var supersample = 2
  var seed: UInt64 = 42
  /// Sensor noise: uniform, up to this many levels either way.
  var noise = 8.0
  /// The card's size in millimetres (a square card: 55 × 55), and a printed rule across it at
  /// this many millimetres from its top, 1 mm thick.
  var size = (width: SyntheticPhoto.cardWidth, height: SyntheticPhoto.cardHeight)
  var rule: Double? = nil

  /// The card corners in the image (top left, top right, bottom right, bottom left of the card).
  var truth: Quadrilateral {
    let f = focal ?? 0.9 * Double(width)
    let r = roll * .pi / 180
    let t = tilt * .pi / 180
    func project(_ u: Double, _ v: Double) -> Point {
      // Card plane coordinates centred on the card, y down.
      let x0 = u - size.width / 2
      let y0 = v - size.height / 2
      // Roll about z, then tilt about x.
      let x1 = x0 * cos(r) - y0 * sin(r)
      let y1 = x0 * sin(r) + y0 * cos(r)
      let y2 = y1 * cos(t)
      let z2 = y1 * sin(t)
      let cx = x1 + shift.x
      let cy = y2 + shift.y
      let cz = z2 + distance
      return Point(x: f * cx / cz + Double(width) / 2, y: f * cy / cz + Double(height) / 2)
    }
    return Quadrilateral(
      topLeft: project(0, 0), topRight: project(size.width, 0),
      bottomRight: project(size.width, size.height), bottomLeft: project(0, size.height)
    )
  }

  static func isBar(u: Double, v: Double) -> Bool {
    bars.contains { v >= $0.top && v < $0.bottom && u >= $0.left && u < $0.right }
  }

  func render() -> RasterImage {
    let cardToImage = Homography(
      mapping: [
        Point(x: 0, y: 0), Point(x: size.width, y: 0),
        Point(x: size.width, y: size.height), Point(x: 0, y: size.height),
      ], to: truth.corners)!
    let imageToCard = cardToImage.inverse!
    var rng = SplitMix(seed: seed)
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    let n = max(1, supersample)
    for y in 0..<height {
      for x in 0..<width {
        var acc = (0.0, 0.0, 0.0)
        let noise = rng.nextDouble() * 2 * self.noise - self.noise
        for sy in 0..<n {
          for sx in 0..<n {
            let px = Double(x) + (Double(sx) + 0.5) / Double(n)
            let py = Double(y) + (Double(sy) + 0.5) / Double(n)
            let c = imageToCard.apply(Point(x: px, y: py))
            let colour: (Double, Double, Double)
            if c.x >= 0, c.y >= 0, c.x < size.width, c.y < size.height {
              let printed =
                (Self.isBar(u: c.x, v: c.y) && c.x < size.width - 6)
                || rule.map { c.y >= $0 && c.y < $0 + 1 } ?? false
              if let p = self.printed.first(where: { c.x >= $0.u0 && c.x < $0.u1 && c.y >= $0.v0 && c.y < $0.v1 }) {
                colour = p.colour
              } else {
                colour = printed ? (30, 30, 35) : cardColour
              }
            } else if let o = objects.first(where: { c.x >= $0.u0 && c.x < $0.u1 && c.y >= $0.v0 && c.y < $0.v1 }) {
              colour = o.colour
            } else {
              colour = backgroundColour(px, py)
            }
            acc.0 += colour.0
            acc.1 += colour.1
            acc.2 += colour.2
          }
        }
        let k = Double(n * n)
        let o = (y * width + x) * 3
        pixels[o] = clamp(acc.0 / k + noise)
        pixels[o + 1] = clamp(acc.1 / k + noise)
        pixels[o + 2] = clamp(acc.2 / k + noise)
      }
    }
    return RasterImage(width: width, height: height, channels: 3, pixels: pixels)
  }

  private func backgroundColour(_ x: Double, _ y: Double) -> (Double, Double, Double) {
    switch background {
    case .wood:
      // Grain: wavy stripes, light and dark.
      let grain = sin(y * 0.21 + 4 * sin(x * 0.013) + 0.6 * sin(x * 0.07)) * 22
      let knots = sin(x * 0.031 + y * 0.017) * 10
      return (172 + grain + knots, 124 + grain * 0.8 + knots, 78 + grain * 0.5)
    case .darkGrey:
      let shade = 70 + 20 * sin(x * 0.004 + y * 0.003)
      return (shade, shade + 2, shade - 3)
    case .plain(let r, let g, let b):
      return (r, g, b)
    }
  }

  private func clamp(_ v: Double) -> UInt8 { UInt8(max(0, min(255, v.rounded()))) }
}

/// A flat scan: the card fills the whole frame.
func flatScan(width: Int, height: Int) -> RasterImage {
  var rng = SplitMix(seed: 7)
  var pixels = [UInt8](repeating: 0, count: width * height * 3)
  for y in 0..<height {
    for x in 0..<width {
      let u = Double(x) / Double(width) * SyntheticPhoto.cardWidth
      let v = Double(y) / Double(height) * SyntheticPhoto.cardHeight
      let base = SyntheticPhoto.isBar(u: u, v: v) ? 30.0 : 240.0
      let value = UInt8(max(0, min(255, base + rng.nextDouble() * 12 - 6)))
      let o = (y * width + x) * 3
      pixels[o] = value
      pixels[o + 1] = value
      pixels[o + 2] = value
    }
  }
  return RasterImage(width: width, height: height, channels: 3, pixels: pixels)
}

/// Deterministic pseudo-random numbers.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Whether the printed bars appear where they belong in a flattened card: each bar's middle row
/// dark along the bar, each blank row light across the card. `rotated` checks for the card
/// turned by 180° instead.
func barsInPlace(_ image: RasterImage, rotated: Bool = false) -> Bool {
  let gray = ImageOps.toGray(image)
  let w = gray.width
  let h = gray.height
  func dark(_ u0: Double, _ u1: Double, _ v: Double) -> Double {
    var (a, b, r) = (u0, u1, v)
    if rotated {
      (a, b, r) = (
        SyntheticPhoto.cardWidth - u1, SyntheticPhoto.cardWidth - u0, SyntheticPhoto.cardHeight - v
      )
    }
    let y = min(h - 1, Int(r / SyntheticPhoto.cardHeight * Double(h)))
    let x0 = Int(a / SyntheticPhoto.cardWidth * Double(w))
    let x1 = Int(b / SyntheticPhoto.cardWidth * Double(w))
    var n = 0
    for x in x0..<x1 where gray.pixels[y * w + x] < 128 { n += 1 }
    return Double(n) / Double(max(1, x1 - x0))
  }
  for bar in SyntheticPhoto.bars {
    if dark(bar.left + 2, bar.right - 2, (bar.top + bar.bottom) / 2) < 0.9 { return false }
  }
  for v in SyntheticPhoto.blankRows where dark(2, SyntheticPhoto.cardWidth - 2, v) > 0.02 {
    return false
  }
  return true
}

func distance(_ a: Point, _ b: Point) -> Double {
  ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
}
