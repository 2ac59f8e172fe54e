/// Light text on dark ground (a dark designer card, a coloured band with white lettering) made
/// dark-on-light, the way OCR engines read best.
public enum Polarity {
  /// What ``lightenDarkRegions(_:)`` did.
  public struct Outcome: Sendable {
    /// The image with every dark region that holds light text inverted and stretched.
    public var image: RasterImage
    /// The share of the image that was inverted (0 when nothing was).
    public var invertedFraction: Double
  }

  /// Finds large, solid dark regions that hold lighter marks (text), and inverts them.
  ///
  /// The image's Otsu threshold splits dark from light. A dark component qualifies when it covers
  /// at least 1.5 % of the image and 60 % of its bounding box, and when at least 0.5 % of it (holes
  /// included) is clearly lighter than its own ground (its median): lettering. Black text on white
  /// never qualifies (each glyph is small), nor does a thin frame (not solid), a solid logo or a
  /// band with dark text (nothing lighter in it), nor a shadow over print (more pieces of print
  /// far darker than its ground than of light marks). A region lit unevenly takes in its ground where
  /// that is lighter than the threshold (``unevenlyLitGround(of:in:ground:paper:)``). Inside a
  /// region, pixels are inverted and stretched so that its ground becomes white and its lettering
  /// black.
  ///
  /// - Parameter gray: one channel.
  public static func lightenDarkRegions(_ gray: RasterImage) -> Outcome {
    precondition(gray.channels == 1, "grey images only")
    let w = gray.width
    let h = gray.height
    guard w >= 16, h >= 16 else { return Outcome(image: gray, invertedFraction: 0) }
    // Analyse a copy of at most 1600 px on its long side (thin light strokes must survive).
    let (small, scale) = ImageOps.downscale(gray, maxSide: 1600)
    let sw = small.width
    let sh = small.height
    let (threshold, lowMean, highMean) = ImageOps.otsu(small.pixels)
    guard highMean - lowMean >= 40 else { return Outcome(image: gray, invertedFraction: 0) }
    let mask = BinaryMask(
      width: sw, height: sh, bits: small.pixels.map { Int($0) <= threshold ? 1 : 0 })
    var histogram = [Int](repeating: 0, count: 256)
    for v in small.pixels { histogram[Int(v)] += 1 }
    let paper = percentile(histogram, 0.9)
    let (labels, comps) = mask.components()
    let total = Double(sw * sh)
    var region = [UInt8](repeating: 0, count: sw * sh)
    var luts: [[UInt8]] = []
    for c in comps where Double(c.area) >= 0.015 * total {
      let boxArea = Double((c.maxX - c.minX + 1) * (c.maxY - c.minY + 1))
      guard Double(c.area) >= 0.6 * boxArea else { continue }
      let filled = BinaryMask.filledComponent(c, labels: labels, width: sw, height: sh)
      var hist = [Int](repeating: 0, count: 256)
      var count = 0
      for y in c.minY...c.maxY {
        for x in c.minX...c.maxX where filled.bits[y * sw + x] != 0 {
          hist[Int(small.pixels[y * sw + x])] += 1
          count += 1
        }
      }
      let ground = percentile(hist, 0.5)
      let top = percentile(hist, 0.995)
      let markLevel = ground + max(25, (top - ground) * 2 / 5)
      var marks = 0
      var markHist = [Int](repeating: 0, count: 256)
      for v in markLevel..<256 where hist[v] > 0 {
        marks += hist[v]
        markHist[v] = hist[v]
      }
      guard Double(marks) >= 0.005 * Double(count) else { continue }
      // Print far darker than the ground (at most half its level and 40 below it), in more
      // pieces than the light marks: print in a shadow (a hand's or the phone's falling across a
      // white card; its light marks are the lit paper past the shadow's soft edge), not light
      // lettering on a dark panel, which may hold a dark logo, a QR code or a dark tagline too.
      let darkLevel = min(ground / 2, ground - 40)
      var darkPrint = 0
      if darkLevel >= 0 { for v in 0...darkLevel { darkPrint += hist[v] } }
      if Double(darkPrint) >= 0.005 * Double(count),
        pieces(of: c, filled, in: small, where: { $0 <= darkLevel })
          > pieces(of: c, filled, in: small, where: { $0 >= markLevel })
      {
        continue
      }
      // Ground → white, the lettering's typical level → black.
      let ink = max(ground + 24, percentile(markHist, 0.9))
      var lut = [UInt8](repeating: 0, count: 256)
      for v in 0..<256 {
        lut[v] = UInt8(min(255, max(0, (ink - v) * 255 / (ink - ground))))
      }
      luts.append(lut)
      let id = UInt8(luts.count)
      for y in c.minY...c.maxY {
        for x in c.minX...c.maxX where filled.bits[y * sw + x] != 0 { region[y * sw + x] = id }
      }
      for i in unevenlyLitGround(of: filled, in: small, ground: ground, paper: paper) where region[i] == 0 {
        region[i] = id
      }
      if luts.count >= 250 { break }
    }
    guard !luts.isEmpty else { return Outcome(image: gray, invertedFraction: 0) }
    // Back to full resolution (nearest), inverting each region's pixels with its own curve.
    var out = gray.pixels
    var xmap = [Int](repeating: 0, count: w)
    for x in 0..<w { xmap[x] = min(sw - 1, Int((Double(x) + 0.5) * scale)) }
    var inside = 0
    for y in 0..<h {
      let sy = min(sh - 1, Int((Double(y) + 0.5) * scale)) * sw
      for x in 0..<w {
        let id = region[sy + xmap[x]]
        guard id != 0 else { continue }
        out[y * w + x] = luts[Int(id) - 1][Int(out[y * w + x])]
        inside += 1
      }
    }
    return Outcome(
      image: RasterImage(width: w, height: h, channels: 1, pixels: out),
      invertedFraction: Double(inside) / Double(w * h))
  }

  /// How many pieces (4-connected, of 3 px or more) the pixels of a region whose level passes
  /// `test` make.
  static func pieces(
    of c: BinaryMask.Component, _ filled: BinaryMask, in small: RasterImage, where test: (Int) -> Bool
  ) -> Int {
    let bw = c.maxX - c.minX + 1
    let bh = c.maxY - c.minY + 1
    var mask = BinaryMask(width: bw, height: bh)
    for y in 0..<bh {
      for x in 0..<bw {
        let i = (y + c.minY) * small.width + x + c.minX
        if filled.bits[i] != 0, test(Int(small.pixels[i])) { mask.bits[y * bw + x] = 1 }
      }
    }
    return mask.components().components.filter { $0.area >= 3 }.count
  }

  /// The part of a dark region that one threshold leaves out when the light falls unevenly
  /// across it: its ground, lit up towards a corner, is as light as the threshold or lighter, so
  /// the region ends raggedly there, and lettering on that part is never turned.
  ///
  /// On a copy of 4 × 4 px cells (their mean: grain and thin strokes averaged out), the region
  /// spreads from its cells to each neighbour that differs by at most 4 levels and stays darker
  /// than 60 % of the way from its ground to the paper (the card's 90th percentile): a gradual
  /// change of light, never the step to the paper at the region's edge nor into lettering, whose
  /// cells the spread then holds as holes and takes too. Returns the pixel indices added (within
  /// `small`, row-major), none when the region's edge is a step all round.
  static func unevenlyLitGround(
    of filled: BinaryMask, in small: RasterImage, ground: Int, paper: Int
  ) -> [Int] {
    let cell = 4
    let w = small.width
    let h = small.height
    let cw = w / cell
    let ch = h / cell
    guard cw >= 3, ch >= 3 else { return [] }
    var sum = [Int](repeating: 0, count: cw * ch)
    var inside = [Int](repeating: 0, count: cw * ch)
    for y in 0..<(ch * cell) {
      for x in 0..<(cw * cell) {
        let k = (y / cell) * cw + x / cell
        sum[k] += Int(small.pixels[y * w + x])
        inside[k] += Int(filled.bits[y * w + x])
      }
    }
    let area = cell * cell
    let cap = ground + (paper - ground) * 3 / 5
    // 0 outside, 1 in the region (its own cells), 2 reached by the spread.
    var state = [UInt8](repeating: 0, count: cw * ch)
    var queue: [Int] = []
    for k in 0..<(cw * ch) where inside[k] * 2 >= area {
      state[k] = 1
      queue.append(k)
    }
    guard !queue.isEmpty else { return [] }
    let own = queue.count
    var head = 0
    while head < queue.count {
      let k = queue[head]
      head += 1
      let x = k % cw
      let y = k / cw
      for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] {
        guard nx >= 0, ny >= 0, nx < cw, ny < ch else { continue }
        let n = ny * cw + nx
        guard state[n] == 0, sum[n] <= cap * area, abs(sum[n] - sum[k]) <= 4 * area else { continue }
        state[n] = 2
        queue.append(n)
      }
    }
    guard queue.count > own else { return [] }
    // Cells the region now encloses (lettering on the newly reached ground) belong to it.
    let taken = BinaryMask(width: cw, height: ch, bits: state.map { $0 == 0 ? 0 : 1 })
    let (labels, comps) = taken.components()
    var whole = BinaryMask(width: cw, height: ch)
    for c in comps {
      let f = BinaryMask.filledComponent(c, labels: labels, width: cw, height: ch)
      for i in 0..<(cw * ch) where f.bits[i] != 0 { whole.bits[i] = 1 }
    }
    var added: [Int] = []
    for y in 0..<(ch * cell) {
      for x in 0..<(cw * cell) {
        let k = (y / cell) * cw + x / cell
        // The region's own cells stay as they were.
        if whole.bits[k] != 0, state[k] != 1 { added.append(y * w + x) }
      }
    }
    return added
  }

  /// The value below which `fraction` of the histogram's mass lies.
  public static func percentile(_ hist: [Int], _ fraction: Double) -> Int {
    let total = hist.reduce(0, +)
    guard total > 0 else { return 0 }
    let target = Int(Double(total) * fraction)
    var acc = 0
    for (v, n) in hist.enumerated() {
      acc += n
      if acc > target { return v }
    }
    return 255
  }
}

/// How evenly a card is lit, from the paper's brightness over a grid of tiles.
public struct Illumination: Sendable {
  public var minPaper: Int
  public var maxPaper: Int
  public var medianPaper: Int

  /// The paper is much brighter in some places than in others (a shadow, a lamp's falloff).
  public var isUneven: Bool { maxPaper - minPaper > 28 }
  /// The paper is grey: the photo is under-exposed, or the scan is low in contrast.
  public var isDim: Bool { medianPaper < 185 }

  /// The 90th percentile of each tile of an 8 × 8 grid is that tile's paper; tiles that are
  /// mostly dark (a band, a logo) do not count.
  public static func measure(_ gray: RasterImage) -> Illumination {
    let w = gray.width
    let h = gray.height
    let n = 8
    var papers: [Int] = []
    for ty in 0..<n {
      for tx in 0..<n {
        let x0 = tx * w / n
        let x1 = (tx + 1) * w / n
        let y0 = ty * h / n
        let y1 = (ty + 1) * h / n
        var hist = [Int](repeating: 0, count: 256)
        var count = 0
        var y = y0
        while y < y1 {
          var x = x0
          while x < x1 {
            hist[Int(gray.pixels[y * w + x])] += 1
            count += 1
            x += 2
          }
          y += 2
        }
        guard count > 0 else { continue }
        let p90 = Polarity.percentile(hist, 0.9)
        let p50 = Polarity.percentile(hist, 0.5)
        // A tile whose middle is dark is a band or a picture, not paper.
        if p50 >= 90 { papers.append(p90) }
      }
    }
    guard !papers.isEmpty else { return Illumination(minPaper: 255, maxPaper: 255, medianPaper: 255) }
    papers.sort()
    // Ignore the extreme tiles on each side (a card edge, a glare spot).
    let lo = papers[papers.count / 10]
    let hi = papers[papers.count - 1 - papers.count / 10]
    return Illumination(minPaper: lo, maxPaper: hi, medianPaper: papers[papers.count / 2])
  }
}

