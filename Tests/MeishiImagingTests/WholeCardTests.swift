@testable import MeishiImaging
import Testing

/// How a card found in part (its light part, or the card with a strip of what lies around it)
/// is told from the whole card: a band printed on the card belongs to it, the ground and the
/// card's shadow do not.
@Suite struct WholeCardTests {
  typealias RGB = (UInt8, UInt8, UInt8)
  static let wood: RGB = (150, 110, 70)
  static let white: RGB = (238, 238, 234)

  /// A 200 × 150 picture of `ground`, with `rows` painted: each a range of rows, across
  /// `columns`, a colour per row.
  static func picture(
    ground: RGB = wood, columns: Range<Int> = 40..<160, _ rows: [(Range<Int>, (Int) -> RGB)]
  ) -> RasterImage {
    let w = 200
    let h = 150
    var px = [UInt8](repeating: 0, count: w * h * 3)
    for y in 0..<h {
      for x in 0..<w {
        var c = ground
        if columns.contains(x), let row = rows.first(where: { $0.0.contains(y) }) { c = row.1(y) }
        px[(y * w + x) * 3] = c.0
        px[(y * w + x) * 3 + 1] = c.1
        px[(y * w + x) * 3 + 2] = c.2
      }
    }
    return RasterImage(width: w, height: h, channels: 3, pixels: px)
  }

  /// The card's shadow on the wood, from row `top`: darkest there, fading into the wood over
  /// `rows` rows.
  static func fading(from top: Int, over rows: Int) -> (Int) -> RGB {
    { y in
      let f = 0.45 + 0.55 * Double(y - top) / Double(rows)
      return (UInt8(150 * f), UInt8(110 * f), UInt8(70 * f))
    }
  }

  static func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Point] {
    [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)]
  }

  static func candidate(_ corners: [Point]) -> EdgeQuads.Candidate {
    let xs = corners.map(\.x)
    let ys = corners.map(\.y)
    let (w, h) = (xs.max()! - xs.min()!, ys.max()! - ys.min()!)
    return EdgeQuads.Candidate(
      corners: corners, score: 1, minSupport: 0.9, step: 50, aspect: max(w, h) / min(w, h), areaFraction: 0.3)
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
    // Wood past the card's lower side, up to a darker line of grain where the larger shape
    // ends: the wood beside the strip is the strip's colour, the line beyond it is not.
    let grain: RGB = (90, 62, 35)
    let image = Self.picture(ground: Self.wood, [(30..<110, { _ in Self.white }), (125..<135, { _ in grain })])
    let lineEverywhere = Self.picture(ground: grain, [(30..<110, { _ in Self.white }), (110..<125, { _ in Self.wood })])
    #expect(CardLocator.addsGround(Self.part, Self.whole, in: image))
    // Wood that differs from what lies beside it and beyond it is not the ground.
    #expect(!CardLocator.addsGround(Self.part, Self.whole, in: lineEverywhere))
  }

  @Test func aCardsDimEndLikeThePaperPastItIsTheCard() {
    // The card's lower end, in less light, has the grey of the paper beyond it; beside it lies
    // the wood. One side alike is not enough.
    let grey: RGB = (180, 185, 181)
    var image = Self.picture([(30..<110, { _ in Self.white }), (110..<125, { _ in grey })])
    for y in 125..<150 {
      for x in 0..<200 { for k in 0..<3 { image.pixels[(y * 200 + x) * 3 + k] = [grey.0, grey.1, grey.2][k] } }
    }
    #expect(!CardLocator.addsGround(Self.part, Self.whole, in: image))
  }

  @Test func aTablesSurfacePastItsEdgeIsNotPartOfTheCard() {
    // The larger shape ends at the table's edge, the floor beyond: beside the strip, the table.
    let floor: RGB = (60, 60, 60)
    var image = Self.picture([(30..<110, { _ in Self.white })])
    for y in 125..<150 {
      for x in 0..<200 { for k in 0..<3 { image.pixels[(y * 200 + x) * 3 + k] = [floor.0, floor.1, floor.2][k] } }
    }
    #expect(CardLocator.addsGround(Self.part, Self.whole, in: image))
  }

  @Test func aBlackBandOnADarkDeskIsNotTheDesk() {
    let desk: RGB = (35, 33, 30)
    let band: RGB = (22, 22, 24)
    let image = Self.picture(ground: desk, [(30..<110, { _ in Self.white }), (110..<125, { _ in band })])
    #expect(!CardLocator.addsGround(Self.part, Self.whole, in: image))
  }

  @Test func aRulePrintedNearTheEdgeDoesNotCutTheCard() {
    // A hairline across the card 10 px above its lower edge closes a smaller shape; the strip
    // below it is the card's white, not the wood around the card.
    let rule: RGB = (90, 90, 90)
    let image = Self.picture([(99..<101, { _ in rule }), (30..<110, { _ in Self.white })])
    let outer = Self.candidate(Self.box(40, 30, 160, 110))
    let inner = Self.candidate(Self.box(40, 30, 160, 100))
    #expect(CardLocator.cardWithin(outer, among: [inner], in: image) == nil)
    // A line of the ground closing a shape around the card: the card inside it is taken.
    let larger = Self.candidate(Self.whole)
    let card = Self.candidate(Self.part)
    let onWood = Self.picture([(30..<110, { _ in Self.white })])
    #expect(CardLocator.cardWithin(larger, among: [card], in: onWood)?.corners == Self.part)
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

  @Test func aBandWithTheCardsShadowPastItIsStillFound() throws {
    // A card 160 px wide: white rows 30–110, a navy band 110–125, then its shadow 125–135
    // fading into the wood. The shape that takes the shadow too is ranked first; the band's
    // is still the whole card.
    let navy: RGB = (30, 40, 90)
    let wide = 20..<180
    let image = Self.picture(
      columns: wide, [(30..<110, { _ in Self.white }), (110..<125, { _ in navy }), (125..<135, Self.fading(from: 125, over: 10))])
    let part = Self.box(20, 30, 180, 110)
    let withShadow = Self.candidate(Self.box(20, 30, 180, 135))
    let band = Self.candidate(Self.box(20, 30, 180, 125))
    let whole = CardLocator.wholeCard(
      around: part, among: [withShadow, band], in: image, gradient: EdgeQuads.gradient(image, threshold: 36))
    #expect(whole?.corners == band.corners)
    // The shadow alone past the light part: no whole card beyond it.
    let plain = Self.picture(columns: wide, [(30..<110, { _ in Self.white }), (110..<125, Self.fading(from: 110, over: 15))])
    #expect(
      CardLocator.wholeCard(
        around: part, among: [band], in: plain, gradient: EdgeQuads.gradient(plain, threshold: 36)) == nil)
    // The band alone: the whole card.
    let banded = Self.picture(columns: wide, [(30..<110, { _ in Self.white }), (110..<125, { _ in navy })])
    #expect(
      CardLocator.wholeCard(
        around: part, among: [band], in: banded, gradient: EdgeQuads.gradient(banded, threshold: 36))?.corners
        == band.corners)
  }

  /// A light part too long for a card (160 × 70), a navy band past its lower side and the
  /// card's shadow past the band, with no straight-edge shape along the band's far side: the
  /// band is found by its colour, and the whole card (160 × 90) is the light part and the band.
  @Test func aBandIsFoundByItsColourWhenNoEdgeFollowsIt() throws {
    let navy: RGB = (30, 40, 90)
    let wide = 20..<180
    let part = Self.box(20, 30, 180, 100)
    func card(_ image: RasterImage) -> [Point]? {
      CardLocator.bandedCard(around: part, in: image, gradient: EdgeQuads.gradient(image, threshold: 36))
    }
    let banded = Self.picture(
      columns: wide,
      [(30..<100, { _ in Self.white }), (100..<120, { _ in navy }), (120..<130, Self.fading(from: 120, over: 10))])
    let found = try #require(card(banded))
    let truth = Self.box(20, 30, 180, 120)
    for (p, t) in zip(found, truth) {
      #expect(Geometry.distance(p, t) <= 1.5, "found \(found)")
    }
    // The shadow alone past the light part, or the ground: no band.
    #expect(card(Self.picture(columns: wide, [(30..<100, { _ in Self.white }), (100..<115, Self.fading(from: 100, over: 15))])) == nil)
    #expect(card(Self.picture(columns: wide, [(30..<100, { _ in Self.white })])) == nil)
    // A light part already shaped like a card is not looked past.
    let cardShaped = Self.box(20, 30, 180, 120)
    let whole = Self.picture(columns: wide, [(30..<120, { _ in Self.white }), (120..<135, { _ in navy })])
    #expect(CardLocator.bandedCard(around: cardShaped, in: whole, gradient: EdgeQuads.gradient(whole, threshold: 36)) == nil)
  }

  /// The shape with the band runs on along the card's top side over the card's shadow on its
  /// left (fading into the wood): its top-left corner is not the card's. The card is the light
  /// part's sides down to the shape's lower side, whichever strip is the wider.
  @Test(arguments: [(shadow: 15, band: 15), (shadow: 17, band: 15), (shadow: 15, band: 10)])
  func aBandIsFoundWhenTheShapeRunsOnOverAShadowBesideTheCard(shadow: Int, band: Int) throws {
    let navy: RGB = (30, 40, 90)
    let left = 30 - shadow
    let bottom = 110 + band
    var image = Self.picture(columns: 30..<190, [(30..<110, { _ in Self.white }), (110..<bottom, { _ in navy })])
    for y in 30..<bottom {
      for x in left..<30 {
        // Darkest beside the card, fading out into the wood.
        let f = 0.45 + 0.55 * Double(30 - 1 - x) / Double(shadow)
        let c = [150 * f, 110 * f, 70 * f]
        for k in 0..<3 { image.pixels[(y * 200 + x) * 3 + k] = UInt8(c[k]) }
      }
    }
    let part = Self.box(30, 30, 190, 110)
    let shape = Self.candidate(Self.box(Double(left), 30, 190, Double(bottom)))
    let options = CardLocator.SharedSide.options(part, shape.corners, tolerance: CardLocator.cornerTolerance(part))
    #expect(options.contains { $0.byLine && $0.k == 0 && $0.j == 0 })
    let whole = CardLocator.wholeCard(
      around: part, among: [shape], in: image, gradient: EdgeQuads.gradient(image, threshold: 36))
    #expect(whole?.corners == Self.box(30, 30, 190, Double(bottom)))
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
