import CTesseract
import Foundation
import MeishiImaging

/// Maps a point of a derived image back to the image it was made from.
typealias PointMap = (Point) -> Point

/// A card image cleaned up for Tesseract, with the way back to the image it came from.
struct PreparedImage {
  var image: PixImage
  /// From `image` to the source given to ``Preprocess/prepare(_:)``.
  var toSource: PointMap
  /// What was done, for the trace.
  var steps: [String]
  /// The factor `image` was scaled by to suit its text (1 when it was not).
  var textScale: Double = 1
  /// The median glyph height in `image`, when it could be measured.
  var glyphHeight: Double?
  /// How blurred a photographed card is (``Sharpness/blurWidth(_:)`` of the source), when it
  /// could be measured; nil for a scan.
  var blurWidth: Double? = nil
}

/// Cleans up one card image (8-bit grey) before recognition:
/// 1. light text on dark ground (dark cards, coloured bands) is inverted;
/// 2. a photographed card out of focus is sharpened (``defocusSigma(_:)``), the streak of a
///    camera moved while it took the photo undone (``cameraMovement(_:estimate:)``), and uneven
///    or dim lighting is flattened (Leptonica's background normalisation);
/// 3. a small skew is removed;
/// 4. the image is scaled so that its characters are the height Tesseract reads best.
enum Preprocess {
  /// Median character height, in pixels, that the image is scaled to when its own is far off.
  static let targetTextHeight = 18.0
  /// Character heights in this range are left alone (rescaling costs time and sharpness). A
  /// photographed card is blurrier than a scan (lens, warp), and Tesseract needs its type
  /// larger: measured on Fixtures/photos and Fixtures/eval, 15 px for photos, 14 px for scans.
  static func acceptedTextHeights(photo: Bool) -> ClosedRange<Double> {
    (photo ? 15.0 : 14.0)...32.0
  }

  /// The σ (pixels) of the Gaussian a photographed card looks blurred by, when it is out of
  /// focus enough to be worth sharpening; nil otherwise. `spreads` are its edges' widths in four
  /// directions (``Sharpness/blurWidths(_:)``, those with edges enough to tell). Out of focus:
  /// two directions or more measured, the widest at least the blur warning's
  /// ``CardReader/blurredWidth`` and at most 3 px (blurrier, nothing is read either way, and
  /// the rounds cost in proportion to σ), and no more than 1.3 times the narrowest (a lens
  /// spreads every direction alike; a moving camera spreads the edges across its movement
  /// more than those along it, and a Gaussian's deconvolution makes that worse). A sharp card
  /// measures about 1 px, and a Gaussian's blur adds to it as `w² ≈ 1 + (0.75 σ)²` (stress
  /// photos out of focus by a known σ: estimates within 15 %).
  ///
  /// Measured (`scripts/stress-photos`, held-out renders; README, Accuracy): sharpening the
  /// cards over the warning's threshold brought back names, phone numbers and postal codes of
  /// defocused photos (stress fields lost 26 → 22, blur sweep 83 → 79, held-out seeds
  /// 1000–8000 2632 → 2645 fields right); below it, where Tesseract still reads the type, it
  /// costs about as much as it mends.
  static func defocusSigma(_ spreads: [Double]) -> Double? {
    guard spreads.count >= 2, let widest = spreads.max(), let narrowest = spreads.min(),
      widest >= CardReader.blurredWidth, widest <= 3, widest <= 1.3 * narrowest
    else { return nil }
    return (widest * widest - 1).squareRoot() / 0.75
  }

  /// The streak a camera moved while it took the photo left on a card, when it is worth
  /// undoing; nil otherwise. `spreads` as in ``defocusSigma(_:)``: a card blurred more one way
  /// than another (the widest direction more than 1.3 times the narrowest: blurred alike, it is
  /// the lens's) and at all (the widest 1.25 px or more) is looked into; the streak is then
  /// measured in the card's cepstrum (`estimate`, ``MotionBlur/estimate(_:)``) and undone only
  /// when it is clearly there (``MotionBlur/isClear``). The first test is what keeps sharp cards
  /// out (their type can make the cepstrum look like a streak's): none of the 380 cards of the
  /// photo fixtures and held-out renders measures more than 1.3 times.
  ///
  /// Measured (`scripts/stress-photos`; README, Accuracy): the 8 photos moved by 10–20 px lose
  /// 38 → 32 fields, the blur sweep 79 → 55; no other stress photo, photo fixture or held-out
  /// render is touched.
  static func cameraMovement(_ spreads: [Double], estimate: () -> MotionBlur?) -> MotionBlur? {
    guard spreads.count >= 2, let widest = spreads.max(), let narrowest = spreads.min(),
      widest >= 1.25, widest > 1.3 * narrowest, let found = estimate(), found.isClear
    else { return nil }
    return found
  }

  /// Richardson–Lucy rounds for a streak, and the σ of the Gaussian that smooths their speckle
  /// away. Stress photos, fields lost on the 8 moved photos / the 15 of the blur sweep moved by
  /// 6–11 px (none undone: 38 / 58): 18 rounds unsmoothed 36 / 49, 30 rounds 35 / 47, 30 and
  /// σ 0.7 35 / 43, 60 and 0.9 31 / 36, **60 and 1.2 32 / 34**, 80 and 0.9 32 / 42, 100 and 1.0
  /// 31 / 31 (at nearly twice the cost: a round takes 10–20 ms on a 1300 px card).
  static let motionRounds = 60
  static let motionSmoothing = 1.2

  /// Richardson–Lucy rounds for a card out of focus (``Deconvolution``): each costs about 20 ms
  /// on a 1300 px card (and five copies of it in floats, 20 MB, while it runs); 50 rounds read
  /// no better on the stress photos and held-out renders.
  static let sharpeningRounds = 30

  /// - Parameter photo: the image is a card found and flattened in a photo (see
  ///   ``acceptedTextHeights(photo:)``).
  static func prepare(_ source: PixImage, photo: Bool) -> PreparedImage {
    var steps: [String] = []
    var image = source
    var blurWidth: Double?
    // 1 and 2: polarity, focus and lighting, in pixel space (no geometry change).
    if let raster = source.raster(), raster.channels == 1 {
      let spreads = photo ? Sharpness.blurWidths(raster) : []
      if let blur = spreads.max(), let least = spreads.min() {
        blurWidth = blur
        steps.append("blur \(String(format: "%.2f", blur))px (least \(String(format: "%.2f", least)))")
      }
      var r = raster
      let flipped = Polarity.lightenDarkRegions(r)
      if flipped.invertedFraction > 0 {
        r = flipped.image
        steps.append("inverted \(Int(flipped.invertedFraction * 100))%")
      }
      // 2. A card out of focus is sharpened (after the polarity, so that light text on a dark
      //    band is dark on light like the rest, and the band is still found as one region).
      var sharpened = false
      if let sigma = Self.defocusSigma(spreads) {
        r = Deconvolution.richardsonLucy(r, sigma: sigma, rounds: Self.sharpeningRounds)
        sharpened = true
        steps.append("sharpened σ \(String(format: "%.2f", sigma))")
      } else if let motion = Self.cameraMovement(spreads, estimate: { MotionBlur.estimate(r) }) {
        r = Deconvolution.richardsonLucy(r, motion: motion, rounds: Self.motionRounds)
        // The rounds leave speckle (the noise and the JPEG's blocks, amplified) that a light
        // blur takes out without undoing what they brought back.
        r = Deconvolution.smoothed(r, sigma: Self.motionSmoothing)
        sharpened = true
        steps.append(String(format: "unstreaked %.1fpx at %.0f° (depth %.1f)", motion.length, motion.angle, motion.depth))
      }
      let light = Illumination.measure(r)
      if light.isUneven || light.isDim {
        if let made = PixImage.make(from: r), let flat = made.backgroundNormalized() {
          image = flat
          steps.append("background \(light.minPaper)-\(light.maxPaper)")
        }
      } else if flipped.invertedFraction > 0 || sharpened, let made = PixImage.make(from: r) {
        image = made
      }
    }
    image.setResolutionIfMissing()
    var toSource: PointMap = { $0 }
    var textScale = 1.0

    // 3 and 4: measure skew and character size on a binary copy.
    guard let binary = image.binarized(threshold: 150) else {
      return PreparedImage(image: image, toSource: toSource, steps: steps, blurWidth: blurWidth)
    }
    let skew = binary.skew()
    let textHeight = binary.medianGlyphHeight()
    steps.append("glyphs \(textHeight.map { String(Int($0)) } ?? "?")px")
    if let (angle, confidence) = skew, abs(angle) >= 0.3, abs(angle) <= 8, confidence >= 3,
      let turned = image.rotated(degrees: angle)
    {
      let w = Double(image.width)
      let h = Double(image.height)
      // Leptonica turns about the centre, clockwise for a positive angle; undo it.
      let rad = angle * .pi / 180
      let c = cos(rad)
      let s = sin(rad)
      let back = toSource
      toSource = { p in
        let dx = p.x - w / 2
        let dy = p.y - h / 2
        return back(Point(x: w / 2 + c * dx + s * dy, y: h / 2 - s * dx + c * dy))
      }
      image = turned
      steps.append("deskew \(String(format: "%.2f", angle))°")
    }
    if let textHeight, !acceptedTextHeights(photo: photo).contains(textHeight) {
      var factor = targetTextHeight / textHeight
      // Never blow a card up beyond ~3600 px, nor shrink it below ~700 px.
      let long = Double(max(image.width, image.height))
      factor = min(factor, 3600 / long, 3.0)
      factor = max(factor, 700 / long, 0.4)
      if abs(factor - 1) > 0.1, let scaled = image.scaled(by: factor) {
        let fx = Double(image.width) / Double(scaled.width)
        let fy = Double(image.height) / Double(scaled.height)
        let back = toSource
        toSource = { p in back(Point(x: p.x * fx, y: p.y * fy)) }
        image = scaled
        textScale = Double(scaled.width) / Double(max(1, Int(Double(scaled.width) * fx)))
        pixSetResolution(image.pointer, 300, 300)
        steps.append("text \(Int(textHeight))px ×\(String(format: "%.2f", factor))")
      }
    }
    return PreparedImage(
      image: image, toSource: toSource, steps: steps, textScale: textScale,
      glyphHeight: textHeight.map { $0 * textScale }, blurWidth: blurWidth)
  }
}

extension PixImage {
  /// Mirrored left to right.
  func flippedLeftRight() -> PixImage? {
    pixFlipLR(nil, pointer).map(PixImage.init(taking:))
  }

  /// Leptonica's background normalisation: the paper becomes a uniform light grey, stretched
  /// back to white.
  func backgroundNormalized() -> PixImage? {
    guard
      let norm = pixBackgroundNorm(pointer, nil, nil, 16, 16, 80, 40, 230, 2, 2)
    else { return nil }
    let out = PixImage(taking: norm)
    // Stretch 0…230 to 0…255 in place.
    _ = pixGammaTRC(out.pointer, out.pointer, 1.0, 0, 230)
    pixSetResolution(out.pointer, 300, 300)
    return out
  }

  /// A 1-bit copy: pixels darker than `threshold` are set.
  func binarized(threshold: Int) -> PixImage? {
    guard depth == 8 else { return gray()?.binarized(threshold: threshold) }
    return pixThresholdToBinary(pointer, Int32(threshold)).map(PixImage.init(taking:))
  }

  /// The skew angle in degrees (positive: the text runs down to the right) and Leptonica's
  /// confidence; 1-bit images only.
  func skew() -> (angle: Double, confidence: Double)? {
    var angle: Float = 0
    var conf: Float = 0
    guard depth == 1, pixFindSkew(pointer, &angle, &conf) == 0 else { return nil }
    return (Double(angle), Double(conf))
  }

  /// Turned clockwise by a small angle about the centre, same size, white brought in.
  func rotated(degrees: Double) -> PixImage? {
    let rad = Float(degrees * .pi / 180)
    return pixRotate(
      pointer, rad, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0
    ).map(PixImage.init(taking:))
  }

  /// The median height of glyph-sized connected components of a 1-bit image: about the height
  /// of the text's characters. Nil when there are too few.
  func medianGlyphHeight() -> Double? {
    guard depth == 1, let boxa = pixConnCompBB(pointer, 8) else { return nil }
    defer {
      var b: UnsafeMutablePointer<Boxa>? = boxa
      boxaDestroy(&b)
    }
    let n = boxaGetCount(boxa)
    let maxH = Int32(height / 4)
    var heights: [Int32] = []
    for i in 0..<n {
      var x: Int32 = 0
      var y: Int32 = 0
      var bw: Int32 = 0
      var bh: Int32 = 0
      boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh)
      // Characters and their parts: not specks, not rules or frames, not huge pictures.
      if bh >= 6, bh <= maxH, bw <= 3 * bh, bw * bh >= 30 { heights.append(bh) }
    }
    guard heights.count >= 12 else { return nil }
    heights.sort()
    return Double(heights[heights.count / 2])
  }
}
