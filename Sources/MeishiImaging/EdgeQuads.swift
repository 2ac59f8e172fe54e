import Foundation

/// Finds card-shaped quadrilaterals from straight edges: the second way of finding cards, for
/// the photos that defeat brightness alone (a white card touching a white sheet, a card with a
/// coloured band or a dark card, cards on a flatbed whose only edge is a thin line or shadow).
///
/// 1. On a copy of at most ``detectionSide`` px, take the colour gradient (per pixel, the channel
///    with the strongest Sobel response), thin it to edge pixels (non-maximum suppression).
/// 2. A Hough transform, each edge pixel voting only near its own gradient direction, gives the
///    strongest straight lines.
/// 3. Two roughly parallel pairs of lines that cross make a quadrilateral. It is kept when it is
///    convex, card-sized, shaped like a card once the perspective is taken out (long/short side
///    1.3–2.1), and when edge pixels running along it cover most of each of its four sides.
/// 4. Quads are ranked by the edge length that supports them.
enum EdgeQuads {
  static let detectionSide = 800

  struct Candidate {
    /// Corners in the detection copy's coordinates, clockwise from the top left.
    var corners: [Point]
    /// Supported edge length (pixels of the detection copy).
    var score: Double
    /// The least-supported side's share of its length.
    var minSupport: Double
    /// Mean brightness difference across the sides (inside − outside).
    var step: Double
    /// Long over short side, perspective taken out.
    var aspect: Double
    /// Share of the frame.
    var areaFraction: Double
  }

  /// The gradient of an image, and its thinned edge pixels.
  struct Gradient {
    var width: Int
    var height: Int
    var gx: [Float]
    var gy: [Float]
    var magnitude: [Float]
    var edge: [Bool]
    var luma: [Float]
    /// The frame's 70th percentile of brightness (at least 120): paper is brighter.
    var brightLevel: Float = 128
    /// The frame's 70th percentile of brightness as it is.
    var lightLevel = 128

    /// Bilinear luma at continuous coordinates (nil outside).
    func lumaAt(_ x: Double, _ y: Double) -> Float? {
      let fx = x - 0.5
      let fy = y - 0.5
      guard fx >= 0, fy >= 0, fx <= Double(width - 1), fy <= Double(height - 1) else { return nil }
      let x0 = min(Int(fx), width - 2)
      let y0 = min(Int(fy), height - 2)
      let ax = Float(fx - Double(x0))
      let ay = Float(fy - Double(y0))
      let i = y0 * width + x0
      let top = luma[i] * (1 - ax) + luma[i + 1] * ax
      let bottom = luma[i + width] * (1 - ax) + luma[i + width + 1] * ax
      return top * (1 - ay) + bottom * ay
    }
  }

  /// Card-like quadrilaterals in a detection copy (at most ``detectionSide`` px), best first, in
  /// its coordinates, with its gradient.
  static func candidates(in small: RasterImage, threshold: Float = 36) -> (candidates: [Candidate], gradient: Gradient) {
    let g = gradient(small, threshold: threshold)
    let lines = houghLines(g, maxLines: 48, minVotes: max(24, max(g.width, g.height) / 14))
    let quads = quadrilaterals(from: lines, gradient: g)
    return (quads, g)
  }

  /// The gradient threshold for a dark card on a dark desk in dim light (the whole frame under
  /// 60 at its 70th percentile), where a card's edge is a step of a few levels: scaled to the
  /// light (9 at a level of 20). Nil for a frame lit as usual.
  static func darkFrameThreshold(_ g: Gradient) -> Float? {
    let level = g.lightLevel
    guard level < 60 else { return nil }
    // Above the frame's noise (most of a frame is flat): the gradient of noise is spread like
    // Rayleigh's distribution, its median 1.18 σ; 2 σ leaves out six noise pixels in seven.
    var magnitudes = [Int](repeating: 0, count: 256)
    for m in g.magnitude { magnitudes[min(255, Int(m))] += 1 }
    let sigma = (Float(Polarity.percentile(magnitudes, 0.5)) + 0.5) / 1.18
    return max(36 * Float(max(level, 20)) / 80, 2 * sigma)
  }

  // MARK: Gradient

  static func gradient(_ image: RasterImage, threshold: Float) -> Gradient {
    let w = image.width
    let h = image.height
    let c = image.channels
    var gx = [Float](repeating: 0, count: w * h)
    var gy = [Float](repeating: 0, count: w * h)
    var mag = [Float](repeating: 0, count: w * h)
    var luma = [Float](repeating: 0, count: w * h)
    // Raw pointers: this runs on every photo, also in debug builds (the tests).
    image.pixels.withUnsafeBufferPointer { pb in
      gx.withUnsafeMutableBufferPointer { gxb in
        gy.withUnsafeMutableBufferPointer { gyb in
          mag.withUnsafeMutableBufferPointer { mb in
            luma.withUnsafeMutableBufferPointer { lb in
              guard let p = pb.baseAddress, let gxp = gxb.baseAddress, let gyp = gyb.baseAddress,
                let mp = mb.baseAddress, let lp = lb.baseAddress
              else { return }
              for i in 0..<(w * h) {
                if c == 1 {
                  lp[i] = Float(p[i])
                } else {
                  lp[i] = 0.299 * Float(p[3 * i]) + 0.587 * Float(p[3 * i + 1]) + 0.114 * Float(p[3 * i + 2])
                }
              }
              guard w >= 3, h >= 3 else { return }
              // Three channels (every photo) as a constant, so that the channel loop unrolls.
              if c == 3 {
                sobelRows(p, width: w, height: h, channels: 3, gx: gxp, gy: gyp, magnitude: mp)
              } else {
                sobelRows(p, width: w, height: h, channels: c, gx: gxp, gy: gyp, magnitude: mp)
              }
            }
          }
        }
      }
    }
    // Non-maximum suppression along the gradient (four directions).
    var edge = [Bool](repeating: false, count: w * h)
    if w >= 3, h >= 3 {
      gx.withUnsafeBufferPointer { gx in
        gy.withUnsafeBufferPointer { gy in
          mag.withUnsafeBufferPointer { mag in
            edge.withUnsafeMutableBufferPointer { edge in
              for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                  let i = y * w + x
                  let m = mag[i]
                  guard m >= threshold else { continue }
                  let ax = abs(gx[i])
                  let ay = abs(gy[i])
                  let (a, b): (Int, Int)
                  if ay * 2.414 < ax {
                    (a, b) = (i - 1, i + 1)
                  } else if ax * 2.414 < ay {
                    (a, b) = (i - w, i + w)
                  } else if (gx[i] > 0) == (gy[i] > 0) {
                    (a, b) = (i - w - 1, i + w + 1)
                  } else {
                    (a, b) = (i - w + 1, i + w - 1)
                  }
                  if m >= mag[a] && m > mag[b] { edge[i] = true }
                }
              }
            }
          }
        }
      }
    }
    var hist = [Int](repeating: 0, count: 256)
    for v in luma { hist[min(255, max(0, Int(v)))] += 1 }
    let level = Polarity.percentile(hist, 0.7)
    return Gradient(
      width: w, height: h, gx: gx, gy: gy, magnitude: mag, edge: edge, luma: luma,
      brightLevel: Float(max(120, level)), lightLevel: level)
  }

  /// The Sobel step of ``gradient(_:threshold:)``: per pixel, the channel with the largest step,
  /// the first of equals. In integers (exact: the same values as in floating point, a sum of
  /// squares at most 2 · 1020²).
  @inline(__always)
  private static func sobelRows(
    _ p: UnsafePointer<UInt8>, width w: Int, height h: Int, channels c: Int,
    gx: UnsafeMutablePointer<Float>, gy: UnsafeMutablePointer<Float>, magnitude: UnsafeMutablePointer<Float>
  ) {
    let stride = w * c
    for y in 1..<(h - 1) {
      var o = (y * w + 1) * c
      var i = y * w + 1
      for _ in 1..<(w - 1) {
        var bestX: Int32 = 0
        var bestY: Int32 = 0
        var bestM: Int32 = -1
        for k in 0..<c {
          let (sx, sy) = ImageOps.sobel(p, o + k, step: c, row: stride)
          let m = sx &* sx &+ sy &* sy
          if m > bestM {
            bestM = m
            bestX = sx
            bestY = sy
          }
        }
        gx[i] = Float(bestX)
        gy[i] = Float(bestY)
        magnitude[i] = Float(bestM).squareRoot()
        o += c
        i += 1
      }
    }
  }

  // MARK: Hough

  /// The strongest lines (`normal · p = offset`), each edge pixel voting within ±3° of its own
  /// gradient direction, in offset bins of 2 px. At most `maxLines`, and at most a quarter of
  /// them within any 10° of direction (so that wood grain or lines of text cannot crowd out a
  /// card's sides).
  static func houghLines(_ g: Gradient, maxLines: Int, minVotes: Int) -> [Line] {
    let w = g.width
    let h = g.height
    let binSize = 2.0
    let diag = Int((Double(w * w + h * h)).squareRoot() / binSize) + 2
    let nTheta = 180
    let nRho = 2 * diag + 1
    var acc = [Int32](repeating: 0, count: nTheta * nRho)
    var cosT = [Double](repeating: 0, count: nTheta)
    var sinT = [Double](repeating: 0, count: nTheta)
    for t in 0..<nTheta {
      cosT[t] = cos(Double(t) * .pi / 180) / binSize
      sinT[t] = sin(Double(t) * .pi / 180) / binSize
    }
    for y in 0..<h {
      for x in 0..<w where g.edge[y * w + x] {
        let i = y * w + x
        var phi = atan2(Double(g.gy[i]), Double(g.gx[i])) * 180 / .pi
        if phi < 0 { phi += 180 }
        if phi >= 180 { phi -= 180 }
        let t0 = Int(phi.rounded())
        let px = Double(x) + 0.5
        let py = Double(y) + 0.5
        for dt in -3...3 {
          let t = ((t0 + dt) % nTheta + nTheta) % nTheta
          let rho = Int((px * cosT[t] + py * sinT[t]).rounded()) + diag
          acc[t * nRho + rho] += 1
        }
      }
    }
    // Peaks: local maxima over ±3° and ±3 bins, strongest first.
    var peaks: [(votes: Int32, t: Int, r: Int)] = []
    for t in 0..<nTheta {
      for r in 0..<nRho {
        let v = acc[t * nRho + r]
        guard v >= minVotes else { continue }
        var isMax = true
        search: for dt in -3...3 {
          var tt = t + dt
          var flip = false
          if tt < 0 {
            tt += nTheta
            flip = true
          } else if tt >= nTheta {
            tt -= nTheta
            flip = true
          }
          for dr in -3...3 {
            let rr = flip ? (2 * diag - r) + dr : r + dr
            guard rr >= 0, rr < nRho, !(dt == 0 && dr == 0) else { continue }
            let o = acc[tt * nRho + rr]
            if o > v || (o == v && (dt < 0 || (dt == 0 && dr < 0))) {
              isMax = false
              break search
            }
          }
        }
        if isMax { peaks.append((v, t, r)) }
      }
    }
    peaks.sort { $0.votes > $1.votes }
    var perBucket = [Int](repeating: 0, count: 18)
    var lines: [Line] = []
    for p in peaks {
      let bucket = p.t / 10
      guard perBucket[bucket] < max(4, maxLines / 4) else { continue }
      perBucket[bucket] += 1
      let rad = Double(p.t) * .pi / 180
      lines.append(Line(normal: Point(x: cos(rad), y: sin(rad)), offset: Double(p.r - diag) * binSize))
      if lines.count >= maxLines { break }
    }
    return lines
  }

  // MARK: Quadrilaterals

  static func quadrilaterals(from lines: [Line], gradient g: Gradient) -> [Candidate] {
    let w = Double(g.width)
    let h = Double(g.height)
    let minSide = 0.12 * min(w, h)
    func angle(_ l: Line) -> Double {
      var a = atan2(l.normal.y, l.normal.x) * 180 / .pi
      if a < 0 { a += 180 }
      if a >= 180 { a -= 180 }
      return a
    }
    func angleDiff(_ a: Double, _ b: Double) -> Double {
      let d = abs(a - b).truncatingRemainder(dividingBy: 180)
      return min(d, 180 - d)
    }
    let angles = lines.map(angle)
    let centre = Point(x: w / 2, y: h / 2)
    // Pairs of roughly parallel lines far enough apart.
    var pairs: [(Int, Int, Double)] = []
    for i in 0..<lines.count {
      for j in (i + 1)..<lines.count where angleDiff(angles[i], angles[j]) <= 25 {
        let same = lines[j].normal.x * lines[i].normal.x + lines[j].normal.y * lines[i].normal.y >= 0
        let dj = lines[j].distance(centre)
        guard abs(lines[i].distance(centre) - (same ? dj : -dj)) >= minSide else { continue }
        // Mean direction of two axes: average the doubled angles.
        let ai = angles[i] * .pi / 90
        let aj = angles[j] * .pi / 90
        var mean = atan2(sin(ai) + sin(aj), cos(ai) + cos(aj)) * 90 / .pi
        if mean < 0 { mean += 180 }
        pairs.append((i, j, mean))
      }
    }
    var shapes: [[Point]] = []
    for p in 0..<pairs.count {
      for q in (p + 1)..<pairs.count {
        let (a, b, ma) = pairs[p]
        let (c, d, mc) = pairs[q]
        guard a != c, a != d, b != c, b != d, angleDiff(ma, mc) >= 45 else { continue }
        guard let p1 = lines[a].intersection(lines[c]), let p2 = lines[c].intersection(lines[b]),
          let p3 = lines[b].intersection(lines[d]), let p4 = lines[d].intersection(lines[a])
        else { continue }
        shapes.append([p1, p2, p3, p4])
      }
    }
    shapes += regionQuadrilaterals(g)
    var out: [Candidate] = []
    for corners in shapes {
      if let c = evaluate(corners, gradient: g, minSide: minSide) { out.append(c) }
    }
    out.sort { $0.score > $1.score }
    return out
  }

  /// Quadrilaterals of the regions that edges enclose: each region of non-edge pixels (edges
  /// thickened by a pixel) is filled and reduced to its enclosing quadrilateral. This finds cards
  /// whose sides line up with other cards' (a flatbed sheet), which a line detector merges.
  static func regionQuadrilaterals(_ g: Gradient) -> [[Point]] {
    let w = g.width
    let h = g.height
    var walls = BinaryMask(width: w, height: h, bits: g.edge.map { $0 ? 1 : 0 })
    walls = walls.filtered(radius: 1, dilate: true)
    let open = BinaryMask(width: w, height: h, bits: walls.bits.map { 1 - $0 })
    let (labels, comps) = open.components()
    var out: [[Point]] = []
    for c in comps where Double(c.area) >= 0.02 * Double(w * h) {
      if let quad = CardLocator.quadrilateral(of: c, labels: labels, width: w, height: h) {
        // The region lies inside its walls: grow it by the wall's half width.
        let cx = quad.map(\.x).reduce(0, +) / 4
        let cy = quad.map(\.y).reduce(0, +) / 4
        out.append(
          quad.map { p in
            let dx = p.x - cx
            let dy = p.y - cy
            let d = max(1e-6, (dx * dx + dy * dy).squareRoot())
            return Point(x: p.x + 1.5 * dx / d, y: p.y + 1.5 * dy / d)
          })
      }
    }
    return out
  }

  /// Checks and scores one four-cornered shape (in any order around it).
  static func evaluate(_ shape: [Point], gradient g: Gradient, minSide: Double) -> Candidate? {
    let w = Double(g.width)
    let h = Double(g.height)
    let frame = w * h
    var corners = shape
    // Corners may lie a little outside the frame, not far.
    guard
      corners.allSatisfy({
        $0.x > -0.05 * w && $0.y > -0.05 * h && $0.x < 1.05 * w && $0.y < 1.05 * h
      })
    else { return nil }
    if Geometry.signedArea(corners) < 0 { corners.reverse() }
    guard Geometry.isConvex(corners) else { return nil }
    let area = abs(Geometry.signedArea(corners))
    guard area >= 0.03 * frame, area <= 0.97 * frame else { return nil }
    for k in 0..<4 where Geometry.distance(corners[k], corners[(k + 1) % 4]) < minSide {
      return nil
    }
    corners = CardLocator.orient(corners, imageWidth: g.width, imageHeight: g.height)
    let aspectRaw = Perspective.aspectRatio(
      Quadrilateral(corners: corners), imageWidth: g.width, imageHeight: g.height)
    let aspect = max(aspectRaw, 1 / aspectRaw)
    guard aspect >= 1.3, aspect <= 2.1 else { return nil }
    var supported = 0.0
    var minSupport = 1.0
    var steps: [Double] = []
    for k in 0..<4 {
      let s0 = corners[k]
      let s1 = corners[(k + 1) % 4]
      let (support, step) = sideSupport(s0, s1, gradient: g)
      if support < 0.55 { return nil }
      minSupport = min(minSupport, support)
      supported += support * Geometry.distance(s0, s1)
      steps.append(step)
    }
    let meanStep = steps.reduce(0, +) / 4
    // The four sides of one object have the same side brighter (a light card on a dark
    // desk, or a dark card on a light one); a patch of desk between other objects does not.
    let sign = meanStep >= 0 ? 1.0 : -1.0
    let consistent = steps.allSatisfy { $0 * sign > -2 }
    // Cards are mostly paper: light. A dark card still wins where nothing light competes.
    let paper = lightShare(corners, gradient: g)
    // Prefer quadrilaterals supported all along: a large one spanning several cards or joining
    // a card to a sheet behind it has gaps.
    let m2 = minSupport * minSupport
    return Candidate(
      corners: corners, score: supported * m2 * m2 * (consistent ? 1 : 0.5) * (0.4 + paper),
      minSupport: minSupport, step: meanStep, aspect: aspect, areaFraction: area / frame)
  }

  /// The share of a quadrilateral's inside (sampled on a grid, away from its sides) brighter
  /// than most of the frame: paper.
  static func lightShare(_ corners: [Point], gradient g: Gradient) -> Double {
    let bright = g.brightLevel
    var inside = 0
    var light = 0
    let c = Point(x: corners.map(\.x).reduce(0, +) / 4, y: corners.map(\.y).reduce(0, +) / 4)
    for i in 1..<10 {
      for j in 1..<10 {
        // Bilinear point in the quadrilateral, shrunk towards its centre by 10 %.
        let u = Double(i) / 10
        let v = Double(j) / 10
        let top = Point(
          x: corners[0].x + u * (corners[1].x - corners[0].x),
          y: corners[0].y + u * (corners[1].y - corners[0].y))
        let bottom = Point(
          x: corners[3].x + u * (corners[2].x - corners[3].x),
          y: corners[3].y + u * (corners[2].y - corners[3].y))
        var p = Point(x: top.x + v * (bottom.x - top.x), y: top.y + v * (bottom.y - top.y))
        p = Point(x: c.x + 0.9 * (p.x - c.x), y: c.y + 0.9 * (p.y - c.y))
        guard let l = g.lumaAt(p.x, p.y) else { continue }
        inside += 1
        if l >= bright { light += 1 }
      }
    }
    return inside == 0 ? 0 : Double(light) / Double(inside)
  }

  /// The share of a side (from 6 % to 94 % of its length) that runs along edge pixels whose
  /// gradient is across the side, and the mean brightness step across it (inside minus outside,
  /// with the corners clockwise so that the inside is on the right).
  static func sideSupport(_ a: Point, _ b: Point, gradient g: Gradient) -> (Double, Double) {
    let len = Geometry.distance(a, b)
    guard len > 1 else { return (0, 0) }
    let dx = (b.x - a.x) / len
    let dy = (b.y - a.y) / len
    // Clockwise on screen (y down): the inside is on the right, (-dy, dx).
    let nx = -dy
    let ny = dx
    let n = max(8, Int(len / 2))
    var counted = 0
    var hits = 0
    var stepSum = 0.0
    var stepCount = 0
    let w = g.width
    let h = g.height
    for s in 0..<n {
      let t = 0.06 + 0.88 * (Double(s) + 0.5) / Double(n)
      let px = a.x + t * (b.x - a.x)
      let py = a.y + t * (b.y - a.y)
      guard px >= 2, py >= 2, px < Double(w - 2), py < Double(h - 2) else { continue }
      counted += 1
      var hit = false
      for o in -2...2 {
        let x = Int(px + Double(o) * nx)
        let y = Int(py + Double(o) * ny)
        guard x >= 0, y >= 0, x < w, y < h else { continue }
        let i = y * w + x
        guard g.edge[i] else { continue }
        let m = g.magnitude[i]
        // The gradient must be across the side (within ~25°).
        let cosA = abs(Double(g.gx[i]) * nx + Double(g.gy[i]) * ny) / Double(max(m, 1e-6))
        if cosA > 0.9 {
          hit = true
          break
        }
      }
      if hit { hits += 1 }
      if let inside = g.lumaAt(px + 4 * nx, py + 4 * ny), let outside = g.lumaAt(px - 4 * nx, py - 4 * ny) {
        stepSum += Double(inside - outside)
        stepCount += 1
      }
    }
    guard counted >= n / 3 else { return (0, 0) }
    return (Double(hits) / Double(counted), stepCount > 0 ? stepSum / Double(stepCount) : 0)
  }
}
