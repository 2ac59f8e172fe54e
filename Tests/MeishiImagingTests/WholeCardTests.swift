@testable import MeishiImaging
import Testing

/// How a card found in part (its light part, or the card with a strip of what lies around it)
/// is told from the whole card: a band printed on the card belongs to it, the ground and the
/// card's shadow do not.
@Suite struct WholeCardTests {
  typealias RGB = (UInt8, UInt8, UInt8)
  static let wood: RGB = (150, 110, 70)
  static let white: RGB = (238, 238, 234)

  /// A 200 × 150 picture of `ground`, with `rows` painted: each a range of rows, x 40..<160,
  /// a colour per row.
  static func picture(ground: RGB = wood, _ rows: [(Range<Int>, (Int) -> RGB)]) -> RasterImage {
    let w = 200
    let h = 150
    var px = [UInt8](repeating: 0, count: w * h * 3)
    for y in 0..<h {
      for x in 0..<w {
        var c = ground
        if (40..<160).contains(x), let row = rows.first(where: { $0.0.contains(y) }) { c = row.1(y) }
        px[(y * w + x) * 3] = c.0
        px[(y * w + x) * 3 + 1] = c.1
        px[(y * w + x) * 3 + 2] = c.2
      }
    }
    return RasterImage(width: w, height: h, channels: 3, pixels: px)
  }

  static func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Point] {
    [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)]
  }

  /// The card's light part (rows 30–110) and a shape reaching 15 rows further down.
  static let part = box(40, 30, 160, 110)
  static let whole = box(40, 30, 160, 125)

  @Test func aBandPrintedAlongTheCardBelongsToIt() throws {
    let orange: RGB = (230, 120, 30)
    let image = Self.picture([(30..<110, { _ in Self.white }), (110..<125, { _ in orange })])
    #expect(!CardLocator.addsGround(Self.part, Self.whole, in: image))
    let side = try #require(CardLocator.SharedSide(Self.part, Self.whole, tolerance: 5))
    let g = EdgeQuads.gradient(image, threshold: 36)
    #expect(!CardLocator.addsAShadow(Self.part, Self.whole, side, gradient: g))
  }

  @Test func aDarkBandIsNotTakenForAShadow() throws {
    let navy: RGB = (30, 40, 90)
    let image = Self.picture([(30..<110, { _ in Self.white }), (110..<125, { _ in navy })])
    let side = try #require(CardLocator.SharedSide(Self.part, Self.whole, tolerance: 5))
    let g = EdgeQuads.gradient(image, threshold: 36)
    #expect(!CardLocator.addsGround(Self.part, Self.whole, in: image))
    #expect(!CardLocator.addsAShadow(Self.part, Self.whole, side, gradient: g))
  }

  @Test func theGroundPastTheCardIsNotPartOfIt() {
    // Wood past the card's lower side, up to a darker line of grain.
    let grain: RGB = (120, 85, 50)
    let image = Self.picture([(30..<110, { _ in Self.white }), (125..<127, { _ in grain })])
    #expect(CardLocator.addsGround(Self.part, Self.whole, in: image))
  }

  @Test func aFlatbedsWhiteBesideAWhiteCardIsNotPartOfIt() {
    let flatbed: RGB = (242, 242, 240)
    let image = Self.picture(ground: flatbed, [(30..<110, { _ in Self.white })])
    #expect(CardLocator.addsGround(Self.part, Self.whole, in: image))
  }

  @Test func theCardsShadowIsNotPartOfIt() throws {
    // Darkest under the card's edge, fading into the wood over 15 rows.
    let shadow = { (y: Int) -> RGB in
      let f = 0.45 + 0.55 * Double(y - 110) / 15
      return (UInt8(150 * f), UInt8(110 * f), UInt8(70 * f))
    }
    let image = Self.picture([(30..<110, { _ in Self.white }), (110..<125, shadow)])
    let side = try #require(CardLocator.SharedSide(Self.part, Self.whole, tolerance: 5))
    let g = EdgeQuads.gradient(image, threshold: 36)
    #expect(CardLocator.addsAShadow(Self.part, Self.whole, side, gradient: g))
  }

  @Test func theWholeCardGoesOnAlongThePartsSides() throws {
    // The part leans; the candidate's far corners lie off the lines of its sides (on a shadow),
    // the whole card's are where those lines meet the candidate's far side.
    let part = [Point(x: 40, y: 30), Point(x: 160, y: 20), Point(x: 165, y: 100), Point(x: 45, y: 110)]
    let candidate = [Point(x: 40, y: 31), Point(x: 160, y: 21), Point(x: 175, y: 130), Point(x: 30, y: 130)]
    let side = try #require(CardLocator.SharedSide(part, candidate, tolerance: 5))
    #expect(side.k == 0 && side.j == 0)
    let whole = try #require(CardLocator.extended(part, to: candidate, side))
    #expect(whole[0] == candidate[0] && whole[1] == candidate[1])
    // On the far side (y = 130) and on the part's right and left sides.
    #expect(abs(whole[2].y - 130) < 1e-9 && abs(whole[3].y - 130) < 1e-9)
    #expect(abs(whole[2].x - (160 + 5 * 110.0 / 80)) < 1e-9)
    #expect(abs(whole[3].x - (40 + 5 * 100.0 / 80)) < 1e-9)
  }

  @Test func noSharedSideWhenOppositeCornersMatch() {
    let a = Self.box(0, 0, 100, 60)
    let b = [Point(x: 0, y: 0), Point(x: 120, y: -10), Point(x: 100, y: 60), Point(x: -10, y: 70)]
    #expect(CardLocator.SharedSide(a, b, tolerance: 3) == nil)
  }
}
