import MeishiImaging
import Testing

@Suite struct CardRectifierTests {
  static func maxCornerError(_ found: Quadrilateral, _ truth: Quadrilateral) -> Double {
    zip(found.corners, truth.corners).map { distance($0, $1) }.max() ?? .infinity
  }

  @Test func locatesTiltedCardOnWood() throws {
    let scene = SyntheticPhoto(width: 800, height: 600)
    let quad = try #require(CardRectifier.locateCard(in: scene.render()))
    // Sub-pixel in practice; a pixel of slack.
    #expect(Self.maxCornerError(quad, scene.truth) < 1.0, "found \(quad), truth \(scene.truth)")
  }

  @Test func locatesCardInLargerPhoto() throws {
    // Detection runs on a ~600 px copy; corners are refined at full resolution.
    let scene = SyntheticPhoto(
      width: 1600, height: 1200, roll: -8, tilt: -40, distance: 140, supersample: 1, seed: 3)
    let quad = try #require(CardRectifier.locateCard(in: scene.render()))
    #expect(Self.maxCornerError(quad, scene.truth) < 1.5, "found \(quad), truth \(scene.truth)")
  }

  @Test func locatesGreyCardOnDarkDesk() throws {
    let scene = SyntheticPhoto(
      width: 800, height: 600, cardColour: (170, 176, 190), background: .darkGrey, roll: -15,
      tilt: 30, distance: 135)
    let quad = try #require(CardRectifier.locateCard(in: scene.render()))
    #expect(Self.maxCornerError(quad, scene.truth) < 1.0, "found \(quad), truth \(scene.truth)")
  }

  /// A black card on a black desk in dim light (the stress set's dark-gradient photos): its
  /// edge a step of a few levels, under the gradient threshold for a lit frame, found with the
  /// threshold scaled to the frame's light.
  @Test func locatesADarkCardOnADarkDeskInDimLight() throws {
    let white = (150.0, 150.0, 150.0)
    // A step of 6 levels, with the noise of a phone's denoised dim photo.
    let scene = SyntheticPhoto(
      printed: [(8, 8, 50, 13, white), (8, 30, 70, 33, white), (8, 37, 60, 40, white)],
      width: 1600, height: 1200, cardColour: (24, 24, 26), background: .plain(18, 18, 20),
      roll: 5, tilt: -25, distance: 130, supersample: 1, seed: 9, noise: 3)
    let quads = CardRectifier.locateCards(in: scene.render())
    #expect(quads.count == 1)
    let quad = try #require(quads.first)
    #expect(Self.maxCornerError(quad, scene.truth) < 4, "found \(quad), truth \(scene.truth)")
  }

  /// A square card (正方形名刺) with a rule printed across it: far squarer than a business card,
  /// with a card-shaped part above or below the rule, but its sides are all edges, so the
  /// whole square is the card.
  @Test(arguments: [nil, 20.0])
  func locatesASquareCard(rule: Double?) throws {
    let scene = SyntheticPhoto(
      width: 1600, height: 1200, background: .darkGrey, roll: 6, tilt: -20, distance: 110,
      supersample: 1, seed: 5, size: (55, 55), rule: rule)
    let quads = CardRectifier.locateCards(in: scene.render())
    #expect(quads.count == 1)
    let quad = try #require(quads.first)
    // Which corner counts as the top left is the square's to choose: nearest corners compared.
    let error = scene.truth.corners.map { t in quad.corners.map { distance($0, t) }.min()! }.max()!
    #expect(error < 8, "found \(quad), truth \(scene.truth)")
  }

  /// Cards whose light part is not a card's shape, with what lies past it (a review's scenes):
  /// a band printed along the card is found by its colour, also where it lies over the card's
  /// soft shadow, in perspective, or with something dark lying past the other side; a pen, a
  /// dark object or another card lying along a slim or square card is no band (it does not
  /// stop where the card's sides do), and the card is found alone.
  @Test(arguments: ["band over shadow", "band over shadow, object past the top", "slim card, pen past its end", "slim card, short pen", "square card, dark object"])
  func findsABandButNotWhatLiesBesideTheCard(scene name: String) throws {
    let pen = (25.0, 25.0, 30.0)
    let navy = (30.0, 40.0, 90.0)
    let band: [SyntheticPhoto.Patch] = [(0, 36, 89, 51, navy)]
    // The card's soft shadow below it: 5 mm fading from 45 % of the wood.
    let shadow: [SyntheticPhoto.Patch] = (0..<10).map { i in
      let f = 0.45 + 0.55 * Double(i) / 10
      return (-3, 51 + 0.5 * Double(i), 92, 51 + 0.5 * Double(i + 1), (165 * f, 120 * f, 75 * f))
    }
    var scene = SyntheticPhoto(width: 800, height: 600)
    switch name {
    case "band over shadow":
      (scene.tilt, scene.distance, scene.printed, scene.objects) = (-45, 140, band, shadow)
    case "band over shadow, object past the top":
      (scene.tilt, scene.distance, scene.printed, scene.objects) = (-45, 140, band, shadow + [(-30, -12, 70, 0, pen)])
    case "slim card, pen past its end":
      (scene.size, scene.objects) = ((89, 44), [(-30, 44, 70, 52, pen)])
    case "slim card, short pen":
      (scene.size, scene.objects) = ((89, 44), [(10, 44, 80, 52, pen)])
    default:
      (scene.size, scene.objects) = ((55, 55), [(5, 55, 50, 75, pen)])
    }
    let quads = CardRectifier.locateCards(in: scene.render())
    #expect(quads.count == 1)
    let quad = try #require(quads.first)
    let error = scene.truth.corners.map { t in quad.corners.map { distance($0, t) }.min()! }.max()!
    #expect(error < 3, "\(name): found \(quad), truth \(scene.truth)")
  }

  @Test func locatesCardCutOffByTheFrame() throws {
    // The bottom-right corner lies outside the photo; it is found by extending the two sides.
    let scene = SyntheticPhoto(
      width: 800, height: 600, roll: 10, distance: 125, shift: (x: 22, y: 8))
    let truth = scene.truth
    #expect(truth.bottomRight.x > 800)
    let quad = try #require(CardRectifier.locateCard(in: scene.render()))
    #expect(Self.maxCornerError(quad, truth) < 1.5, "found \(quad), truth \(truth)")
  }

  @Test func rectifiedCardIsUprightWithTheTrueAspectRatio() throws {
    let scene = SyntheticPhoto(width: 800, height: 600)
    let card = try #require(CardRectifier.rectify(scene.render(), targetLongSide: 890))
    #expect(card.image.width == 890)
    #expect(card.image.channels == 3)
    // The perspective-aware estimate recovers 89:51 (the mean side lengths would not).
    let aspect = Double(card.image.width) / Double(card.image.height)
    #expect(
      abs(aspect - SyntheticPhoto.cardWidth / SyntheticPhoto.cardHeight) < 0.03, "aspect \(aspect)")
    #expect(barsInPlace(card.image), "text bars are not horizontal where expected")
  }

  @Test func homographyMapsOutputCornersOntoTheQuad() throws {
    let scene = SyntheticPhoto(width: 800, height: 600)
    let card = try #require(CardRectifier.rectify(scene.render(), targetLongSide: 1000))
    let w = Double(card.image.width)
    let h = Double(card.image.height)
    let mapped = [
      card.mapToSource(Point(x: 0, y: 0)), card.mapToSource(Point(x: w, y: 0)),
      card.mapToSource(Point(x: w, y: h)), card.mapToSource(Point(x: 0, y: h)),
    ]
    for (m, c) in zip(mapped, card.quad.corners) {
      #expect(distance(m, c) < 1e-6)
    }
  }

  @Test func cardTurnedSidewaysComesOutLandscape() throws {
    // Rolled by ~100°: the card's long side runs roughly vertically in the photo.
    let scene = SyntheticPhoto(width: 600, height: 800, roll: 100, tilt: -25, distance: 110)
    let card = try #require(CardRectifier.rectify(scene.render(), targetLongSide: 890))
    #expect(card.image.width > card.image.height)
    // Quarter turns are left to OCR's orientation detection; here the card is upright or upside down.
    #expect(barsInPlace(card.image) || barsInPlace(card.image, rotated: true))
  }

  @Test func flatScanIsLeftAlone() {
    let scan = flatScan(width: 700, height: 400)
    #expect(CardRectifier.locateCard(in: scan) == nil)
    #expect(CardRectifier.rectify(scan) == nil)
  }

  @Test func cardFillingNearlyTheWholeFrameIsLeftAlone() {
    // A tight crop: a thin strip of desk around an almost frame-filling card.
    let scene = SyntheticPhoto(width: 800, height: 470, roll: 0, tilt: 0, distance: 84, focal: 740)
    #expect(CardRectifier.locateCard(in: scene.render()) == nil)
  }

  @Test func emptyDeskHasNoCard() {
    // The card is far outside the frame.
    let scene = SyntheticPhoto(width: 600, height: 450, shift: (x: 500, y: 0))
    #expect(CardRectifier.locateCard(in: scene.render()) == nil)
  }

  @Test func greyImageIsSupported() throws {
    let scene = SyntheticPhoto(width: 800, height: 600, roll: 5, seed: 9)
    let gray = ImageOps.toGray(scene.render())
    let card = try #require(CardRectifier.rectify(gray, targetLongSide: 600))
    #expect(card.image.channels == 1)
    #expect(Self.maxCornerError(card.quad, scene.truth) < 1.0)
  }

  @Test func warpOfAnAxisAlignedRectangleIsACrop() {
    // A horizontal gradient; the rectangle [100, 300] × [50, 150] warped at its own size.
    let w = 400
    let h = 200
    var pixels = [UInt8](repeating: 0, count: w * h)
    for y in 0..<h { for x in 0..<w { pixels[y * w + x] = UInt8(x / 2) } }
    let image = RasterImage(width: w, height: h, channels: 1, pixels: pixels)
    let quad = Quadrilateral(
      topLeft: Point(x: 100, y: 50), topRight: Point(x: 300, y: 50),
      bottomRight: Point(x: 300, y: 150), bottomLeft: Point(x: 100, y: 150))
    let out = CardRectifier.warp(image, quad: quad, targetLongSide: 200)
    #expect(out.width == 200 && out.height == 100)
    for x in stride(from: 0, to: 200, by: 17) {
      #expect(out.pixels[40 * 200 + x] == UInt8((100 + x) / 2))
    }
  }
}
