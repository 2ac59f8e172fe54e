import Foundation

/// Finds a business card photographed on a background.
///
/// 1. On a copy whose long side is ~600 px, score each pixel's "cardness" (brightness minus a
///    saturation penalty) and split with Otsu's threshold.
/// 2. Clean the mask (close, then open), label connected components, and take the largest one
///    that is card-sized (4–92 % of the frame), solid (area / convex-hull area) and does not
///    run along much of the image border.
/// 3. Reduce its convex hull to an enclosing quadrilateral (drop the edge whose removal adds the
///    least area; hull edges along the image border go first, so a card cut off by the frame gets
///    its missing corner extrapolated), then fit a line to the boundary pixels along each side and
///    intersect neighbouring lines.
/// 4. Back at full resolution, move each side onto the strongest bright-to-dark step along its
///    normal (sub-pixel, robust line fit), and intersect again.
enum CardLocator {
  static let detectionSide = 600
  /// The longest image taken for a scan of one card (``looksLikeAFlatCard(_:originalLongSide:)``).
  static let flatCardMaxSide = 1400
  static let minAreaFraction = 0.04
  static let maxAreaFraction = 0.92
  static let minSolidity = 0.90
  static let maxBorderFraction = 0.25
  /// Minimum difference between the Otsu class means of the cardness map.
  static let minContrast = 25.0

  /// Every card found (see ``CardRectifier/locateCards(in:)``).
  ///
  /// Two detectors run: the brightness one (``locate(in:)``, precise when a light card lies on a
  /// darker ground) and the straight-edge one (``EdgeQuads``). The brightness result is kept when
  /// edges run along all four of its sides; otherwise the best edge quadrilateral is taken. More
  /// cards are the further edge quadrilaterals of the same size and a card's shape that overlap
  /// none already taken (a flatbed sheet, several cards on a desk).
  static func locateAll(in image: RasterImage, detectionCopy: RasterImage? = nil) -> [Quadrilateral] {
    guard image.width >= 16, image.height >= 16 else { return [] }
    let edgeCopy: RasterImage
    let scale: Double
    if let copy = detectionCopy, max(copy.width, copy.height) <= EdgeQuads.detectionSide,
      copy.channels == image.channels
    {
      edgeCopy = copy
      scale = Double(copy.width) / Double(image.width)
    } else {
      (edgeCopy, scale) = ImageOps.downscale(image, maxSide: EdgeQuads.detectionSide)
    }
    let (regionCopy, _) = ImageOps.downscale(edgeCopy, maxSide: detectionSide)
    // A scan of one card (shaped like a card, its margin the same ground as its middle) has no
    // card to find in it.
    if looksLikeAFlatCard(regionCopy, originalLongSide: max(image.width, image.height)) { return [] }
    let region = locate(in: image, detectionCopy: regionCopy)
    var (found, g) = EdgeQuads.candidates(in: edgeCopy)
    // A quadrilateral with no brightness step across its sides is a frame printed on a card,
    // unless it is small in the frame (a card on a flatbed of the same white, outlined by its
    // edge or shadow).
    func isCard(_ c: EdgeQuads.Candidate) -> Bool { c.areaFraction <= 0.45 || abs(c.step) >= 10 }
    var candidates = found.filter(isCard)
    // Nothing found in a dim frame: looked for again with the edges a dark card makes there.
    if region == nil, candidates.isEmpty, let threshold = EdgeQuads.darkFrameThreshold(g) {
      (found, g) = EdgeQuads.candidates(in: edgeCopy, threshold: threshold)
      candidates = found.filter(isCard)
    }
    var chosen: [Quadrilateral] = []
    var chosenSmall: [[Point]] = []
    /// Takes a card found in the detection copy: its edges refined in the full image.
    func take(_ corners: [Point]) {
      let full = corners.map { Point(x: $0.x / scale, y: $0.y / scale) }
      let refined = refineEdges(full, in: image, searchRadius: max(4, 2.5 / scale)) ?? full
      chosen.append(Quadrilateral(corners: orient(refined, imageWidth: image.width, imageHeight: image.height)))
      chosenSmall.append(corners)
    }
    if let region {
      let small = region.corners.map { Point(x: $0.x * scale, y: $0.y * scale) }
      var minSupport = 1.0
      for k in 0..<4 {
        let (support, _) = EdgeQuads.sideSupport(small[k], small[(k + 1) % 4], gradient: g)
        minSupport = min(minSupport, support)
      }
      let best = candidates.first
      if minSupport >= 0.5 || best == nil
        || (best.map { !overlaps($0.corners, small) } ?? true && minSupport >= 0.3)
      {
        if let whole = wholeCard(around: small, among: candidates, in: edgeCopy, gradient: g) {
          take(whole.corners)
        } else if minSupport < 0.8, let best, isWellSupportedCard(best), overlaps(best.corners, small),
          isSquarish(small, imageWidth: edgeCopy.width, imageHeight: edgeCopy.height)
        {
          // The light shape is far squarer than a card and its sides are not all edges (a card
          // lying across a sheet of paper, both found as one; a square card's sides are), and a
          // card's outline runs through it: the candidates below take that.
        } else if let whole = bandedCard(around: small, in: edgeCopy, gradient: g) {
          take(whole)
        } else {
          chosen.append(region)
          chosenSmall.append(small)
        }
      }
    }
    guard let first = candidates.first else { return chosen }
    let reference = chosenSmall.first.map { abs(Geometry.signedArea($0)) }
      ?? abs(Geometry.signedArea(first.corners))
    for c in candidates {
      let area = abs(Geometry.signedArea(c.corners))
      if !chosen.isEmpty {
        // A further card: as well supported, the same size, a business card's shape.
        guard c.score >= 0.5 * first.score, c.minSupport >= 0.7, c.aspect >= 1.45,
          c.aspect <= 1.9, area >= 0.6 * reference, area <= 1.6 * reference
        else { continue }
      }
      guard !chosenSmall.contains(where: { overlaps($0, c.corners) }) else { continue }
      var c = c
      if let card = cardWithin(c, among: candidates, in: edgeCopy) { c = card }
      if let whole = wholeCard(around: c.corners, among: candidates, in: edgeCopy, gradient: g) { c = whole }
      take(c.corners)
      if chosen.count >= 12 { break }
    }
    return chosen
  }

  /// A coloured band or a dark panel along one side of a card leaves the light part as the
  /// best-found shape. The whole card is a slightly larger (5–60 %), well-supported,
  /// card-shaped candidate that holds the shape and shares one of its sides (``SharedSide``:
  /// two neighbouring corners and no more, or else the side's line), and whose added strip is
  /// neither what the card lies on (``addsGround(_:_:in:)``) nor the card's shadow
  /// (``addsAShadow(_:_:_:gradient:)``).
  ///
  /// Its two other corners are taken where the light part's sides meet the candidate's far
  /// side (``extended(_:to:_:)``): the band runs the whole length of the card, so those sides go
  /// straight on across it, and the candidate's own corners there can lie on a shadow or on
  /// what the card lies on.
  static func wholeCard(
    around corners: [Point], among candidates: [EdgeQuads.Candidate], in image: RasterImage,
    gradient g: EdgeQuads.Gradient
  ) -> EdgeQuads.Candidate? {
    let area = abs(Geometry.signedArea(corners))
    let tolerance = cornerTolerance(corners)
    // The sides of `corners` found to have the card's shadow beyond them, with how far out the
    // shadow was found to reach: no candidate reaching as far across them is the whole card
    // either (a nearer one can be a band, with the shadow past it).
    var shadowed: [Int: Double] = [:]
    for o in candidates {
      let oa = abs(Geometry.signedArea(o.corners))
      guard oa > 1.05 * area, oa <= 1.6 * area, isWellSupportedCard(o) else { continue }
      // A strip along one side: two neighbouring corners shared (more make a wedge, not a
      // band), or one side's line.
      guard abs(Geometry.signedArea(Geometry.intersectConvex(corners, o.corners))) >= 0.95 * area
      else { continue }
      sides: for side in SharedSide.options(corners, o.corners, tolerance: tolerance) {
        var whole = o
        if side.byLine {
          guard let card = extended(corners, to: o.corners, side) else { continue sides }
          whole.corners = card
        }
        guard !addsGround(corners, whole.corners, in: image) else { continue sides }
        let reach = side.stripWidth(corners, whole.corners)
        if let shadow = shadowed[side.j], reach >= 0.9 * shadow { continue sides }
        if addsAShadow(corners, whole.corners, side, gradient: g) {
          shadowed[side.j] = min(reach, shadowed[side.j] ?? reach)
          continue sides
        }
        if !side.byLine, let card = extended(corners, to: o.corners, side) { whole.corners = card }
        return whole
      }
    }
    return nil
  }

  /// A line of the ground past a card's side (a flatbed's edge, a table's) can close a larger
  /// shape around the card that scores better, its sides being longer. The card is then a
  /// smaller (60–97 %), well-supported, card-shaped candidate inside it that shares two of its
  /// corners, what lies between them being the ground (``addsGround(_:_:in:)``).
  static func cardWithin(
    _ outer: EdgeQuads.Candidate, among candidates: [EdgeQuads.Candidate], in image: RasterImage
  ) -> EdgeQuads.Candidate? {
    let area = abs(Geometry.signedArea(outer.corners))
    let tolerance = cornerTolerance(outer.corners)
    return candidates.first { o in
      let oa = abs(Geometry.signedArea(o.corners))
      guard oa >= 0.6 * area, oa <= 0.97 * area, isWellSupportedCard(o) else { return false }
      return sharedCorners(o.corners, outer.corners, tolerance: tolerance) >= 2
        && abs(Geometry.signedArea(Geometry.intersectConvex(o.corners, outer.corners))) >= 0.95 * oa
        && addsGround(o.corners, outer.corners, in: image)
    }
  }

  /// A band printed along one side of a card whose far edge no straight-edge candidate follows
  /// (a navy band lying over the card's own shadow): when the light part found is not shaped
  /// like a card (over 1.95 or under 1.45 long over short), past each of its sides is looked
  /// for an even strip of one colour, unlike the card's light part and unlike what lies beyond
  /// the strip, as wide as makes the whole a card's shape. The strip ends where its colour
  /// does, measured on each half of the side (perspective narrows it); it must run the side's
  /// whole length and stop where the card's sides do (a pen, a phone or another card lying
  /// along the side does not), and be neither the ground (``addsGround(_:_:in:)``) nor a
  /// shadow (``addsAShadow(_:_:_:gradient:)``). Returns the whole card's corners.
  static func bandedCard(
    around part: [Point], in image: RasterImage, gradient g: EdgeQuads.Gradient
  ) -> [Point]? {
    guard part.count == 4, !isCardShaped(part, imageWidth: image.width, imageHeight: image.height)
    else { return nil }
    let centre = Point(x: part.map(\.x).reduce(0, +) / 4, y: part.map(\.y).reduce(0, +) / 4)
    let distance = colourDistance
    func colour(_ points: [Point]) -> [Double]? { medianColour(points, in: image, minimum: 5) }
    for k in 0..<4 {
      let (p0, p1) = (part[k], part[(k + 1) % 4])
      guard var side = Line(through: p0, p1) else { continue }
      if side.distance(centre) > 0 { side = side.flipped }
      let n = side.normal
      func onSide(_ t: Double, _ d: Double) -> Point {
        Point(x: p0.x + t * (p1.x - p0.x) + d * n.x, y: p0.y + t * (p1.y - p0.y) + d * n.y)
      }
      /// The colour `d` pixels out along the side from `t0` to `t1`.
      func along(_ d: Double, _ t0: Double = 0.15, _ t1: Double = 0.85) -> [Double]? {
        colour((0...10).map { onSide(t0 + (t1 - t0) * Double($0) / 10, d) })
      }
      let (q0, q1) = (part[(k + 2) % 4], part[(k + 3) % 4])
      let across = Geometry.distance(
        Point(x: (p0.x + p1.x) / 2, y: (p0.y + p1.y) / 2), Point(x: (q0.x + q1.x) / 2, y: (q0.y + q1.y) / 2))
      guard let light = along(-6), let band = along(3), distance(band, light) >= 60 else { continue }
      // Where the strip's colour ends, on each half of the side.
      func end(_ t0: Double, _ t1: Double) -> Double {
        var e = 3.0
        while e < 0.7 * across, let next = along(e + 1, t0, t1), distance(next, band) <= 28 { e += 1 }
        return e + 0.5
      }
      let (w0, w1) = (end(0.15, 0.45), end(0.55, 0.85))
      let width = (w0 + w1) / 2
      guard let beyond = along(max(w0, w1) + 7.5), distance(band, beyond) >= 40,
        width >= 0.05 * across, width <= 0.6 * across
      else { continue }
      // The strip's far side: through its edge found at 30 % and 70 % along the side.
      let (a, b) = (onSide(0.3, w0), onSide(0.7, w1))
      func far(_ t: Double) -> Point {
        Point(x: a.x + (t - 0.3) / 0.4 * (b.x - a.x), y: a.y + (t - 0.3) / 0.4 * (b.y - a.y))
      }
      var whole = part
      whole[k] = far(0)
      whole[(k + 1) % 4] = far(1)
      let shared = SharedSide(k: (k + 2) % 4, j: (k + 2) % 4)
      guard let card = extended(part, to: whole, shared),
        isCardShaped(card, imageWidth: image.width, imageHeight: image.height)
      else { continue }
      // Along the strip's middle: its colour just inside both ends, not just past them.
      let m0 = Point(x: (p0.x + card[k].x) / 2, y: (p0.y + card[k].y) / 2)
      let m1 = Point(x: (p1.x + card[(k + 1) % 4].x) / 2, y: (p1.y + card[(k + 1) % 4].y) / 2)
      func middle(at s: Double) -> [Double]? {
        let m = Point(x: m0.x + s * (m1.x - m0.x), y: m0.y + s * (m1.y - m0.y))
        return colour((-3...3).map { i in Point(x: m.x + Double(i) * 0.12 * width * n.x, y: m.y + Double(i) * 0.12 * width * n.y) })
      }
      let spans = [0.04, 0.96].allSatisfy { s in middle(at: s).map { distance($0, band) <= 28 } ?? false }
      let stops = [-0.05, 1.05].allSatisfy { s in middle(at: s).map { distance($0, band) >= 40 } ?? true }
      guard spans, stops, !addsGround(part, card, in: image), !addsAShadow(part, card, shared, gradient: g)
      else { continue }
      return card
    }
    return nil
  }

  /// Whether four corners are far squarer than a business card (under 1.25 long over short,
  /// perspective taken out; a card is 1.65, the estimate strays by about 0.3 in a photo).
  static func isSquarish(_ corners: [Point], imageWidth: Int, imageHeight: Int) -> Bool {
    let a = Perspective.aspectRatio(
      Quadrilateral(corners: corners), imageWidth: imageWidth, imageHeight: imageHeight)
    return max(a, 1 / a) < 1.25
  }

  /// Whether four corners have a business card's proportions: 1.45–1.95 long over short,
  /// perspective taken out (as ``isWellSupportedCard(_:)`` asks of a candidate).
  static func isCardShaped(_ corners: [Point], imageWidth: Int, imageHeight: Int) -> Bool {
    let a = Perspective.aspectRatio(
      Quadrilateral(corners: corners), imageWidth: imageWidth, imageHeight: imageHeight)
    return (1.45...1.95).contains(max(a, 1 / a))
  }

  /// A candidate for the whole card around a part of it, or for the card inside a larger
  /// shape: its sides found along at least 80 % of their length, a card's proportions.
  static func isWellSupportedCard(_ c: EdgeQuads.Candidate) -> Bool {
    c.minSupport >= 0.8 && c.aspect >= 1.45 && c.aspect <= 1.95
  }

  /// How near two corners must be to be one: 3 % of the diagonal of the shape's bounding box.
  static func cornerTolerance(_ corners: [Point]) -> Double {
    let xs = corners.map(\.x)
    let ys = corners.map(\.y)
    let w = (xs.max() ?? 0) - (xs.min() ?? 0)
    let h = (ys.max() ?? 0) - (ys.min() ?? 0)
    return 0.03 * (w * w + h * h).squareRoot()
  }

  /// How many corners of `b` lie within `tolerance` of a corner of `a`.
  static func sharedCorners(_ a: [Point], _ b: [Point], tolerance: Double) -> Int {
    b.filter { p in a.contains { Geometry.distance($0, p) < tolerance } }.count
  }

  /// A side two quadrilaterals (corners clockwise) share: `whole[k]` is at `part[j]`,
  /// `whole[k + 1]` at `part[j + 1]` (indices modulo 4), and no other corner is shared; or
  /// `whole`'s side k runs on the line of `part`'s side j (``byLine``; see ``options``).
  struct SharedSide {
    var k: Int
    var j: Int
    /// Found by the side's line, not its corners: `whole`'s corners there are not the card's
    /// (the shape ran on along the side, over the card's shadow beside it), `part`'s are.
    var byLine = false

    init(k: Int, j: Int, byLine: Bool = false) {
      self.k = k
      self.j = j
      self.byLine = byLine
    }

    /// The shared side by its corners, if two neighbouring corners (and no more) match.
    init?(_ part: [Point], _ whole: [Point], tolerance: Double) {
      guard part.count == 4, whole.count == 4 else { return nil }
      // For each corner of `whole`, the corner of `part` at the same place.
      let match = whole.map { p in part.indices.first { Geometry.distance(part[$0], p) < tolerance } }
      guard match.compactMap({ $0 }).count == 2,
        let k = (0..<4).first(where: { match[$0] != nil && match[($0 + 1) % 4] != nil }),
        let j0 = match[k], let j1 = match[(k + 1) % 4], j1 == (j0 + 1) % 4
      else { return nil }
      self.init(k: k, j: j0)
    }

    /// The ways the two can share a side: by its corners when they match; else every side of
    /// `whole` on the line of a side of `part` (each side's ends within `tolerance` of the
    /// other's line, running the same way) with a strip beyond the opposite side, the one
    /// whose ends lie nearest first. Which of those is the card's side (a band along one side,
    /// its shadow along another) is for the strip's colour to tell.
    static func options(_ part: [Point], _ whole: [Point], tolerance: Double) -> [SharedSide] {
      if let side = SharedSide(part, whole, tolerance: tolerance) { return [side] }
      guard part.count == 4, whole.count == 4 else { return [] }
      var found: [(side: SharedSide, gap: Double)] = []
      for k in 0..<4 {
        for j in 0..<4 {
          let (w0, w1) = (whole[k], whole[(k + 1) % 4])
          let (p0, p1) = (part[j], part[(j + 1) % 4])
          guard let pl = Line(through: p0, p1), let wl = Line(through: w0, w1),
            abs(pl.distance(w0)) < tolerance, abs(pl.distance(w1)) < tolerance,
            abs(wl.distance(p0)) < tolerance, abs(wl.distance(p1)) < tolerance,
            (w1.x - w0.x) * (p1.x - p0.x) + (w1.y - w0.y) * (p1.y - p0.y) > 0,
            let far = Line(through: part[(j + 2) % 4], part[(j + 3) % 4]),
            abs(far.distance(whole[(k + 2) % 4])) > tolerance, abs(far.distance(whole[(k + 3) % 4])) > tolerance
          else { continue }
          let gap = Geometry.distance(w0, p0) + Geometry.distance(w1, p1)
          found.append((SharedSide(k: k, j: j, byLine: true), gap))
        }
      }
      return found.sorted { $0.gap < $1.gap }.map(\.side)
    }

    /// The far sides: `part`'s and `whole`'s sides opposite the shared one, each from the
    /// corner past the shared side's second end to the one before its first.
    func farSides(_ part: [Point], _ whole: [Point]) -> (part: (Point, Point), whole: (Point, Point)) {
      ((part[(j + 2) % 4], part[(j + 3) % 4]), (whole[(k + 2) % 4], whole[(k + 3) % 4]))
    }

    /// How far `whole`'s far corners lie from the line of `part`'s far side, on average.
    func stripWidth(_ part: [Point], _ whole: [Point]) -> Double {
      let (inner, outer) = farSides(part, whole)
      guard let line = Line(through: inner.0, inner.1) else { return 0 }
      return (abs(line.distance(outer.0)) + abs(line.distance(outer.1))) / 2
    }
  }

  /// `whole` with its two corners off the shared side moved along `part`'s sides: to where the
  /// sides of `part` that leave the shared corners meet `whole`'s far side. Nil when a corner
  /// would move by more than a quarter of the far side's length (the lines do not describe one
  /// card) or the result is not convex.
  static func extended(_ part: [Point], to whole: [Point], _ side: SharedSide) -> [Point]? {
    let (k, j) = (side.k, side.j)
    let (_, far) = side.farSides(part, whole)
    guard let farSide = Line(through: far.0, far.1),
      let after = Line(through: part[(j + 1) % 4], part[(j + 2) % 4]),
      let before = Line(through: part[(j + 3) % 4], part[j]),
      let p2 = after.intersection(farSide), let p3 = before.intersection(farSide)
    else { return nil }
    let limit = 0.25 * Geometry.distance(far.0, far.1)
    guard Geometry.distance(p2, far.0) <= limit, Geometry.distance(p3, far.1) <= limit else { return nil }
    var corners = whole
    corners[(k + 2) % 4] = p2
    corners[(k + 3) % 4] = p3
    if side.byLine {
      corners[k] = part[j]
      corners[(k + 1) % 4] = part[(j + 1) % 4]
    }
    return Geometry.isConvex(corners) ? corners : nil
  }

  /// Whether what `whole` adds to `part` is the ground the card lies on, not a band printed on
  /// the card: its colour is that of what lies just outside `whole` along most of the sides
  /// that bound it (the lower median of them within 16 levels), beside it and beyond it (a
  /// table's surface going on past a line of wood grain; a flatbed's white past a card's
  /// edge). A printed band stops at the card's edges, so it differs from the ground beside it;
  /// one side alone can match by chance (a card's dim end lit like the paper under it). Colours
  /// are per-channel medians (a band's white lettering, wood's grain).
  static func addsGround(_ part: [Point], _ whole: [Point], in image: RasterImage) -> Bool {
    let centre = Point(x: part.map(\.x).reduce(0, +) / 4, y: part.map(\.y).reduce(0, +) / 4)
    func outward(_ corners: [Point]) -> [Line] {
      (0..<4).compactMap { k in
        guard var l = Line(through: corners[k], corners[(k + 1) % 4]) else { return nil }
        if l.distance(centre) > 0 { l = l.flipped }
        return l
      }
    }
    let partSides = outward(part)
    let wholeSides = outward(whole)
    guard partSides.count == 4, wholeSides.count == 4 else { return false }
    /// How far `p` lies outside `part` (negative inside).
    func outsidePart(_ p: Point) -> Double { partSides.map { $0.distance(p) }.max()! }
    // Inside `whole` and outside `part`, each by 2 px, on a grid of about 60 steps across.
    let xs = whole.map(\.x)
    let ys = whole.map(\.y)
    let step = max(1, max(xs.max()! - xs.min()!, ys.max()! - ys.min()!) / 60)
    var strip: [Point] = []
    for y in stride(from: ys.min()!, through: ys.max()!, by: step) {
      for x in stride(from: xs.min()!, through: xs.max()!, by: step) {
        let p = Point(x: x, y: y)
        if outsidePart(p) >= 2, wholeSides.allSatisfy({ $0.distance(p) <= -2 }) { strip.append(p) }
      }
    }
    guard let addedColour = medianColour(strip, in: image, minimum: 10) else { return false }
    // 5 px outside each side of `whole`, where that side runs outside `part` (every pixel): how
    // far the strip's colour lies from the ground's there.
    var differences: [Double] = []
    for k in 0..<4 {
      let a = whole[k]
      let b = whole[(k + 1) % 4]
      let n = wholeSides[k].normal
      let count = max(1, Int(Geometry.distance(a, b)))
      let beside = (0..<count).compactMap { i -> Point? in
        let t = (Double(i) + 0.5) / Double(count)
        let p = Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
        return outsidePart(p) >= 3 ? Point(x: p.x + 5 * n.x, y: p.y + 5 * n.y) : nil
      }
      guard let ground = medianColour(beside, in: image, minimum: 5) else { continue }
      differences.append(colourDistance(addedColour, ground))
    }
    guard !differences.isEmpty else { return false }
    // The middle one: most of the strip's edges.
    return differences.sorted()[(differences.count - 1) / 2] <= 16
  }

  /// The per-channel median colour of the pixels under `points` (those inside the image), or
  /// nil when fewer than `minimum` are. Medians: a band's white lettering, wood's grain.
  static func medianColour(_ points: [Point], in image: RasterImage, minimum: Int) -> [Double]? {
    let c = image.channels
    var channels: [[UInt8]] = [[], [], []]
    for p in points {
      let x = Int(p.x.rounded(.down))
      let y = Int(p.y.rounded(.down))
      guard x >= 0, y >= 0, x < image.width, y < image.height else { continue }
      let i = (y * image.width + x) * c
      for k in 0..<3 { channels[k].append(image.pixels[c == 3 ? i + k : i]) }
    }
    guard channels[0].count >= minimum else { return nil }
    return channels.map { ch in Double(ch.sorted()[ch.count / 2]) }
  }

  /// The distance between two colours (Euclidean, in levels).
  static func colourDistance(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
  }

  /// Whether the strip `whole` adds to `part` (between their far sides) is the shadow the card
  /// casts on what it lies on, not a band printed on the card: near the card clearly darker
  /// than the ground beyond the strip (under 82 %), and lightening outwards (a shadow's edge is blurred and
  /// fades into the ground; a printed band is even, whatever its colour).
  static func addsAShadow(
    _ part: [Point], _ whole: [Point], _ side: SharedSide, gradient g: EdgeQuads.Gradient
  ) -> Bool {
    let (inner, outer) = side.farSides(part, whole)
    var near: Float = 0
    var far: Float = 0
    var beyond: Float = 0
    var count: Float = 0
    for t in stride(from: 0.2, through: 0.8, by: 0.1) {
      let p = Point(x: inner.0.x + t * (inner.1.x - inner.0.x), y: inner.0.y + t * (inner.1.y - inner.0.y))
      let q = Point(x: outer.0.x + t * (outer.1.x - outer.0.x), y: outer.0.y + t * (outer.1.y - outer.0.y))
      let width = Geometry.distance(p, q)
      guard width >= 3 else { continue }
      let d = Point(x: (q.x - p.x) / width, y: (q.y - p.y) / width)
      func luma(_ s: Double) -> Float? { g.lumaAt(p.x + s * d.x, p.y + s * d.y) }
      var n: Float = 0
      var f: Float = 0
      var b: Float = 0
      var ok = true
      for u in 0..<3 {
        guard let a = luma(width * (Double(u) + 0.5) / 10), let z = luma(width * (Double(u) + 7.5) / 10),
          let y = luma(width + 2 + Double(u) * 2)
        else {
          ok = false
          break
        }
        n += a
        f += z
        b += y
      }
      guard ok else { continue }
      near += n / 3
      far += f / 3
      beyond += b / 3
      count += 1
    }
    guard count >= 3 else { return false }
    (near, far, beyond) = (near / count, far / count, beyond / count)
    return near <= 0.82 * beyond && beyond - near >= 12 && far - near >= 0.3 * (beyond - near)
  }

  /// An image shaped like a card (long over short side 1.5–1.9, at most 1400 px) whose outer 3 % is uniform and
  /// of the same brightness as its middle: a scanned or cropped card, not a photo of one.
  static func looksLikeAFlatCard(_ image: RasterImage, originalLongSide: Int) -> Bool {
    let w = image.width
    let h = image.height
    let aspect = Double(max(w, h)) / Double(max(1, min(w, h)))
    // Business cards are 1.5–1.9 long; a sheet of A4 or letter (a flatbed of several cards) or a
    // 4:3 photo is not, nor is anything over 1400 px (a card scanned at more than ~400 dpi is
    // rare; such images simply take the full search).
    guard (1.5...1.9).contains(aspect), originalLongSide <= flatCardMaxSide else { return false }
    let gray = ImageOps.toGray(image)
    let band = max(2, min(w, h) * 3 / 100)
    var border = [Int](repeating: 0, count: 256)
    var middle = [Int](repeating: 0, count: 256)
    for y in 0..<h {
      for x in 0..<w {
        let v = Int(gray.pixels[y * w + x])
        if x < band || y < band || x >= w - band || y >= h - band {
          border[v] += 1
        } else if x >= w / 4 && x < w * 3 / 4 && y >= h / 4 && y < h * 3 / 4 {
          middle[v] += 1
        }
      }
    }
    let b10 = Polarity.percentile(border, 0.1)
    let b50 = Polarity.percentile(border, 0.5)
    let b90 = Polarity.percentile(border, 0.9)
    let m50 = Polarity.percentile(middle, 0.5)
    return b90 - b10 <= 40 && abs(b50 - m50) <= 30
  }

  /// Whether two convex quadrilaterals overlap by more than a tenth of the smaller one.
  static func overlaps(_ a: [Point], _ b: [Point]) -> Bool {
    let shared = abs(Geometry.signedArea(Geometry.intersectConvex(a, b)))
    let smaller = min(abs(Geometry.signedArea(a)), abs(Geometry.signedArea(b)))
    return shared > 0.1 * smaller
  }

  /// Moves each side onto the strongest colour step (either polarity) within `searchRadius`
  /// pixels along its normal, at full resolution, with a robust line fit; nil when implausible.
  static func refineEdges(_ quad: [Point], in image: RasterImage, searchRadius: Double) -> [Point]? {
    let w = image.width
    let h = image.height
    let ch = image.channels
    func value(_ x: Double, _ y: Double, _ k: Int) -> Float? {
      let fx = x - 0.5
      let fy = y - 0.5
      guard fx >= 0, fy >= 0, fx <= Double(w - 1), fy <= Double(h - 1) else { return nil }
      let x0 = min(Int(fx), w - 2)
      let y0 = min(Int(fy), h - 2)
      let ax = Float(fx - Double(x0))
      let ay = Float(fy - Double(y0))
      let i = (y0 * w + x0) * ch + k
      let p = image.pixels
      let top = Float(p[i]) * (1 - ax) + Float(p[i + ch]) * ax
      let bottom = Float(p[i + w * ch]) * (1 - ax) + Float(p[i + w * ch + ch]) * ax
      return top * (1 - ay) + bottom * ay
    }
    let reach = Int(searchRadius.rounded(.up))
    let samples = 40
    return refitSides(
      quad, samples: samples, minFound: samples / 3, minInliers: samples / 4, band: searchRadius * 1.5
    ) { base, n, _ in
      var bestS = 0.0
      var best: Float = 0
      var profile: [Float] = []
      for s in -reach...reach {
        var m: Float = 0
        for k in 0..<ch {
          guard
            let u = value(base.x + Double(s + 1) * n.x, base.y + Double(s + 1) * n.y, k),
            let v = value(base.x + Double(s - 1) * n.x, base.y + Double(s - 1) * n.y, k)
          else { continue }
          m = max(m, abs(u - v))
        }
        profile.append(m)
        if m > best {
          best = m
          bestS = Double(s)
        }
      }
      guard best >= 12 else { return nil }
      let j = Int(bestS) + reach
      if j > 0, j < profile.count - 1 {
        let l = profile[j - 1]
        let r = profile[j + 1]
        let denom = l - 2 * best + r
        if denom < 0 { bestS += Double(max(-0.5, min(0.5, 0.5 * (l - r) / denom))) }
      }
      return bestS
    }
  }

  /// What both refinements share. Each side of `quad` is sampled at `samples` points over the
  /// middle 80 % of its length; `edgeOffset` finds, for one point (`base`, the side's outward
  /// unit `normal` and its unit direction `along`), how far along the normal the card's edge
  /// lies, or nil. A robust line through the points found replaces the side when at least
  /// `minFound` were found and `minInliers` agree, and when it stays within `band` of both of
  /// the side's ends; else the side stays. The corners are where the sides meet; nil when they
  /// do not meet or do not make a convex shape.
  static func refitSides(
    _ quad: [Point], samples: Int, minFound: Int, minInliers: Int, band: Double,
    edgeOffset: (_ base: Point, _ normal: Point, _ along: Point) -> Double?
  ) -> [Point]? {
    let centre = Point(x: quad.map(\.x).reduce(0, +) / 4, y: quad.map(\.y).reduce(0, +) / 4)
    var lines: [Line] = []
    for side in 0..<4 {
      let a = quad[side]
      let b = quad[(side + 1) % 4]
      guard var coarse = Line(through: a, b) else { return nil }
      if coarse.distance(centre) > 0 { coarse = coarse.flipped }
      let n = coarse.normal
      let len = Geometry.distance(a, b)
      let d = Point(x: (b.x - a.x) / len, y: (b.y - a.y) / len)
      var found: [Point] = []
      for i in 0..<samples {
        let t = 0.1 + 0.8 * (Double(i) + 0.5) / Double(samples)
        let base = Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
        guard let s = edgeOffset(base, n, d) else { continue }
        found.append(Point(x: base.x + s * n.x, y: base.y + s * n.y))
      }
      guard found.count >= minFound,
        let (fit, inliers) = Line.robustFit(found, minimumTolerance: 1.5), inliers >= minInliers
      else {
        lines.append(coarse)
        continue
      }
      var line = fit
      if line.distance(centre) > 0 { line = line.flipped }
      // Keep only corrections within the band at both ends.
      if abs(line.distance(a)) <= band, abs(line.distance(b)) <= band {
        lines.append(line)
      } else {
        lines.append(coarse)
      }
    }
    var corners: [Point] = []
    for k in 0..<4 {
      guard let p = lines[(k + 3) % 4].intersection(lines[k]) else { return nil }
      corners.append(p)
    }
    guard Geometry.isConvex(corners) else { return nil }
    return corners
  }

  static func locate(in image: RasterImage, detectionCopy: RasterImage? = nil) -> Quadrilateral? {
    guard image.width >= 16, image.height >= 16 else { return nil }
    let small = detectionCopy ?? ImageOps.downscale(image, maxSide: detectionSide).0
    let w = small.width
    let h = small.height
    let card = ImageOps.cardness(small)
    let (t, lowMean, highMean) = ImageOps.otsu(card)
    guard highMean - lowMean >= minContrast else { return nil }

    var mask = BinaryMask(width: w, height: h, bits: card.map { Int($0) > t ? 1 : 0 })
    let radius = max(1, Int((Double(max(w, h)) / 300).rounded()))
    mask = mask.closed(radius: radius).opened(radius: radius)
    let (labels, comps) = mask.components()
    let total = Double(w * h)
    let ranked = comps.sorted { $0.area > $1.area }
    guard let largest = ranked.first else { return nil }
    // The bright class is (nearly) everything: a flat scan, or no card standing out.
    if Double(largest.area) > maxAreaFraction * total { return nil }

    for c in ranked.prefix(3) where Double(c.area) >= minAreaFraction * total {
      guard let quad = quadrilateral(of: c, labels: labels, width: w, height: h) else { continue }
      // Back to full-resolution coordinates (continuous coordinates scale exactly).
      let sx = Double(image.width) / Double(w)
      let sy = Double(image.height) / Double(h)
      let coarse = quad.map { Point(x: $0.x * sx, y: $0.y * sy) }
      let lowResPixel = max(sx, sy)
      let refined =
        refine(
          coarse, in: image, searchRadius: max(6, 2.5 * lowResPixel),
          smoothing: max(2, Int(lowResPixel.rounded())), contrast: highMean - lowMean) ?? coarse
      let ordered = orient(refined, imageWidth: image.width, imageHeight: image.height)
      let q = Quadrilateral(corners: ordered)
      let frame = Double(image.width * image.height)
      guard q.area <= maxAreaFraction * frame, q.area >= minAreaFraction * frame else { continue }
      return q
    }
    return nil
  }

  /// The card quadrilateral of one component, in the small image's coordinates, or nil when the
  /// component does not look like a card.
  static func quadrilateral(
    of c: BinaryMask.Component, labels: [Int32], width w: Int, height h: Int
  ) -> [Point]? {
    let perimeter = Double(2 * (w + h) - 4)
    guard Double(c.borderPixels) <= maxBorderFraction * perimeter else { return nil }
    let filled = BinaryMask.filledComponent(c, labels: labels, width: w, height: h)
    let area = Double(filled.count)
    let total = Double(w * h)
    guard area >= minAreaFraction * total, area <= maxAreaFraction * total else { return nil }

    // Boundary pixels (centres) and the corners of their squares for the hull.
    var boundary: [Point] = []
    var squareCorners: [Point] = []
    for y in c.minY...c.maxY {
      for x in c.minX...c.maxX where filled[x, y] {
        let edge =
          x == 0 || y == 0 || x == w - 1 || y == h - 1 || !filled[x - 1, y] || !filled[x + 1, y]
          || !filled[x, y - 1] || !filled[x, y + 1]
        guard edge else { continue }
        boundary.append(Point(x: Double(x) + 0.5, y: Double(y) + 0.5))
        let fx = Double(x)
        let fy = Double(y)
        squareCorners += [
          Point(x: fx, y: fy), Point(x: fx + 1, y: fy), Point(x: fx, y: fy + 1),
          Point(x: fx + 1, y: fy + 1),
        ]
      }
    }
    let hull = Geometry.convexHull(squareCorners)
    let hullArea = Geometry.signedArea(hull)
    let fw = Double(w)
    let fh = Double(h)
    // A hull edge running along the image border is where the frame cuts the card off.
    func alongFrame(_ p: Point, _ q: Point) -> Bool {
      (p.x <= 0.5 && q.x <= 0.5) || (p.y <= 0.5 && q.y <= 0.5)
        || (p.x >= fw - 0.5 && q.x >= fw - 0.5) || (p.y >= fh - 0.5 && q.y >= fh - 0.5)
    }
    guard hullArea > 0, area / hullArea >= minSolidity,
      let rough = Geometry.reduceToQuadrilateralEnclosing(hull, isFree: alongFrame)
    else { return nil }

    // Refit each side to the boundary pixels along it (away from the corners and the frame).
    var lines: [Line] = []
    let centre = Point(x: rough.map(\.x).reduce(0, +) / 4, y: rough.map(\.y).reduce(0, +) / 4)
    for k in 0..<4 {
      let a = rough[k]
      let b = rough[(k + 1) % 4]
      guard var line = Line(through: a, b) else { return nil }
      if line.distance(centre) > 0 { line = line.flipped }  // normal points outwards
      let len = Geometry.distance(a, b)
      let dir = Point(x: (b.x - a.x) / len, y: (b.y - a.y) / len)
      let support = boundary.filter { p in
        let t = ((p.x - a.x) * dir.x + (p.y - a.y) * dir.y) / len
        let d = line.distance(p)
        return t > 0.1 && t < 0.9 && d > -3 && d < 1
          && p.x > 1 && p.y > 1 && p.x < fw - 1 && p.y < fh - 1
      }
      if support.count >= 8, var fitted = Line.robustFit(support, minimumTolerance: 1.0)?.line {
        if fitted.distance(centre) > 0 { fitted = fitted.flipped }
        // Pixel centres sit half a pixel inside the edge.
        fitted.offset += 0.5
        // Accept only a modest correction.
        if abs(fitted.distance(a)) < 3, abs(fitted.distance(b)) < 3 { line = fitted }
      }
      lines.append(line)
    }
    var corners: [Point] = []
    for k in 0..<4 {
      guard let p = lines[(k + 3) % 4].intersection(lines[k]) else { return nil }
      corners.append(p)
    }
    guard Geometry.isConvex(corners) else { return nil }
    // The corners may not fly off (nearly parallel neighbours).
    for k in 0..<4 where Geometry.distance(corners[k], rough[k]) > 0.1 * Double(max(w, h)) {
      return nil
    }
    // The component must fill the quadrilateral (the part of it inside the frame), and most of
    // the quadrilateral must be inside the frame.
    let quadArea = abs(Geometry.signedArea(corners))
    let visible = abs(Geometry.signedArea(Geometry.clip(corners, width: fw, height: fh)))
    guard quadArea > 0, visible >= 0.75 * quadArea, area / visible >= 0.85, area / visible <= 1.08
    else { return nil }
    return corners
  }

  /// Moves each side onto the strongest inside-bright/outside-dark step within `searchRadius`
  /// pixels along its normal, sampled at full resolution; nil when the result is implausible.
  ///
  /// The step detector compares the means of `smoothing` samples on either side, so it also
  /// responds to edges blurred by a shallow depth of field.
  static func refine(
    _ quad: [Point], in image: RasterImage, searchRadius: Double, smoothing: Int, contrast: Double
  ) -> [Point]? {
    let sampler = CardnessSampler(image: image)
    let reach = Int(searchRadius.rounded(.up))
    let k = max(1, smoothing)
    // Profile index j ↔ offset s = j - reach - k along the outward normal.
    let count = 2 * (reach + k) + 1
    var profile = [Float](repeating: 0, count: count)
    var steps = [Float](repeating: 0, count: count)
    let samples = 48
    let refitted = refitSides(
      quad, samples: samples, minFound: samples / 4, minInliers: samples / 5, band: searchRadius
    ) { base, n, d in
      // Inside (negative s) to outside (positive s), averaged over three taps along the side.
      for j in 0..<count {
        let s = Double(j - reach - k)
        var v: Float = 0
        for tap in [-2.0, 0.0, 2.0] {
          guard
            let c = sampler.value(
              x: base.x + s * n.x + tap * d.x, y: base.y + s * n.y + tap * d.y)
          else { return nil }
          v += c
        }
        profile[j] = v / 3
      }
      var bestJ = -1
      var best: Float = 0
      for j in k..<(count - k) {
        var inside: Float = 0
        var outside: Float = 0
        for o in 1...k {
          inside += profile[j - o]
          outside += profile[j + o]
        }
        let step = (inside - outside) / Float(k)
        steps[j] = step
        if step > best {
          best = step
          bestJ = j
        }
      }
      guard bestJ > k, bestJ < count - k - 1, Double(best) >= 0.3 * contrast else { return nil }
      // Parabolic sub-sample peak.
      let l = steps[bestJ - 1]
      let r = steps[bestJ + 1]
      let denom = l - 2 * best + r
      let delta = denom < 0 ? Double(0.5 * (l - r) / denom) : 0
      return Double(bestJ - reach - k) + max(-0.5, min(0.5, delta))
    }
    guard let corners = refitted else { return nil }
    for k in 0..<4 where Geometry.distance(corners[k], quad[k]) > 4 * searchRadius { return nil }
    return corners
  }

  /// Orders corners as top left, top right, bottom right, bottom left, with the card's longer
  /// side horizontal and the least rotation needed to get there.
  static func orient(_ corners: [Point], imageWidth: Int, imageHeight: Int) -> [Point] {
    var p = corners
    if Geometry.signedArea(p) < 0 { p.reverse() }  // clockwise on screen
    // Start at the top edge: the one whose outward normal points most upwards.
    func upness(_ k: Int) -> Double {
      let a = p[k]
      let b = p[(k + 1) % 4]
      let dx = b.x - a.x
      let dy = b.y - a.y
      let len = max(1e-12, (dx * dx + dy * dy).squareRoot())
      return dx / len  // outward normal (dy, -dx) / len; upness = -normal.y = dx / len
    }
    let top = (0..<4).max { upness($0) < upness($1) } ?? 0
    p = Array(p[top...] + p[..<top])
    let aspect = Perspective.aspectRatio(
      Quadrilateral(corners: p), imageWidth: imageWidth, imageHeight: imageHeight)
    if aspect < 1 {
      // Long sides are left/right: make whichever of them faces more upwards the top.
      let start = upness(1) >= upness(3) ? 1 : 3
      p = Array(p[start...] + p[..<start])
    }
    return p
  }
}

/// Bilinear cardness at continuous coordinates of a full-resolution image.
struct CardnessSampler {
  let image: RasterImage

  func value(x: Double, y: Double) -> Float? {
    let fx = x - 0.5
    let fy = y - 0.5
    let w = image.width
    let h = image.height
    guard fx >= 0, fy >= 0, fx <= Double(w - 1), fy <= Double(h - 1) else { return nil }
    let x0 = min(Int(fx), max(0, w - 2))
    let y0 = min(Int(fy), max(0, h - 2))
    let ax = Float(fx - Double(x0))
    let ay = Float(fy - Double(y0))
    let x1 = min(x0 + 1, w - 1)
    let y1 = min(y0 + 1, h - 1)
    func at(_ x: Int, _ y: Int) -> Float {
      if image.channels == 1 { return Float(image.pixels[y * w + x]) }
      let o = (y * w + x) * 3
      return ImageOps.cardness(
        r: Float(image.pixels[o]), g: Float(image.pixels[o + 1]), b: Float(image.pixels[o + 2]))
    }
    let top = at(x0, y0) * (1 - ax) + at(x1, y0) * ax
    let bottom = at(x0, y1) * (1 - ax) + at(x1, y1) * ax
    return top * (1 - ay) + bottom * ay
  }
}
