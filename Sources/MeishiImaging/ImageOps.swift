/// Small, dependency-free pixel operations.
public enum ImageOps {
  /// Converts to one 8-bit grey channel (Rec. 601 luma); grey images are returned unchanged.
  public static func toGray(_ image: RasterImage) -> RasterImage {
    guard image.channels == 3 else { return image }
    let n = image.width * image.height
    var out = [UInt8](repeating: 0, count: n)
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for i in 0..<n {
          let r = Int(src[3 * i])
          let g = Int(src[3 * i + 1])
          let b = Int(src[3 * i + 2])
          dst[i] = UInt8((r * 299 + g * 587 + b * 114 + 500) / 1000)
        }
      }
    }
    return RasterImage(width: image.width, height: image.height, channels: 1, pixels: out)
  }

  /// Shrinks the image so that its longer side is at most `maxSide`, averaging each output pixel
  /// over the exact area it covers. `scale` is the factor applied (output size / input size, ≤ 1):
  /// a point `p` of the input is at `p * scale` in the output. Images already small enough are
  /// returned unchanged with `scale == 1`.
  public static func downscale(_ image: RasterImage, maxSide: Int) -> (RasterImage, scale: Double) {
    let long = max(image.width, image.height)
    guard maxSide > 0, long > maxSide else { return (image, 1) }
    let scale = Double(maxSide) / Double(long)
    let ow = min(image.width, max(1, Int((Double(image.width) * scale).rounded())))
    let oh = min(image.height, max(1, Int((Double(image.height) * scale).rounded())))
    return (resizeArea(image, width: ow, height: oh), scale)
  }

  /// The 3 × 3 Sobel sums (across, down) at index `q` of pixels whose neighbours lie `step`
  /// apart along a row (3 for one channel of RGB) and `row` apart between rows.
  @inline(__always)
  static func sobel(_ p: UnsafePointer<UInt8>, _ q: Int, step: Int, row: Int) -> (x: Int32, y: Int32) {
    let a = Int32(p[q - row - step])
    let b = Int32(p[q - row])
    let c = Int32(p[q - row + step])
    let d = Int32(p[q - step])
    let f = Int32(p[q + step])
    let g = Int32(p[q + row - step])
    let h = Int32(p[q + row])
    let i = Int32(p[q + row + step])
    return ((c &+ 2 &* f &+ i) &- (a &+ 2 &* d &+ g), (g &+ 2 &* h &+ i) &- (a &+ 2 &* b &+ c))
  }

  /// Area-average resize to exactly `width` × `height` (each no larger than the input's).
  static func resizeArea(_ image: RasterImage, width ow: Int, height oh: Int) -> RasterImage {
    let w = image.width
    let h = image.height
    let c = image.channels
    precondition(ow >= 1 && oh >= 1 && ow <= w && oh <= h, "resizeArea only shrinks")
    // Along an axis of n source pixels mapped to m output pixels, source pixel i spans
    // [i·m, (i+1)·m) and output pixel j spans [j·n, (j+1)·n): integer overlaps, exact weights.
    struct Split {
      var first: Int
      var w0: Float
      var w1: Float
    }
    func splits(_ n: Int, _ m: Int) -> [Split] {
      (0..<n).map { i in
        let start = i * m
        let end = start + m
        let j = start / n
        let boundary = (j + 1) * n
        let a = min(end, boundary) - start
        return Split(first: j, w0: Float(a), w1: Float(m - a))
      }
    }
    let xs = splits(w, ow)
    let ys = splits(h, oh)
    var acc = [Float](repeating: 0, count: ow * oh * c)
    var row = [Float](repeating: 0, count: ow * c)
    image.pixels.withUnsafeBufferPointer { src in
      acc.withUnsafeMutableBufferPointer { acc in
        row.withUnsafeMutableBufferPointer { row in
          xs.withUnsafeBufferPointer { xs in
            for y in 0..<h {
              for k in 0..<(ow * c) { row[k] = 0 }
              let base = y * w * c
              if c == 1 {
                for x in 0..<w {
                  let s = xs[x]
                  let v = Float(src[base + x])
                  row[s.first] += s.w0 * v
                  if s.w1 > 0 { row[s.first + 1] += s.w1 * v }
                }
              } else {
                for x in 0..<w {
                  let s = xs[x]
                  let o = base + 3 * x
                  let d = 3 * s.first
                  let r = Float(src[o])
                  let g = Float(src[o + 1])
                  let b = Float(src[o + 2])
                  row[d] += s.w0 * r
                  row[d + 1] += s.w0 * g
                  row[d + 2] += s.w0 * b
                  if s.w1 > 0 {
                    row[d + 3] += s.w1 * r
                    row[d + 4] += s.w1 * g
                    row[d + 5] += s.w1 * b
                  }
                }
              }
              let sy = ys[y]
              let o0 = sy.first * ow * c
              for k in 0..<(ow * c) { acc[o0 + k] += sy.w0 * row[k] }
              if sy.w1 > 0 {
                let o1 = o0 + ow * c
                for k in 0..<(ow * c) { acc[o1 + k] += sy.w1 * row[k] }
              }
            }
          }
        }
      }
    }
    let norm = 1 / (Float(w) * Float(h))
    let out = acc.map { UInt8(min(255, max(0, ($0 * norm).rounded()))) }
    return RasterImage(width: ow, height: oh, channels: c, pixels: out)
  }

  /// Per-pixel "cardness": brightness minus a saturation penalty, so that white/grey paper
  /// scores high and wood, skin or coloured backgrounds score low. For grey images it is the grey
  /// value itself.
  static func cardness(_ image: RasterImage) -> [UInt8] {
    let n = image.width * image.height
    guard image.channels == 3 else { return image.pixels }
    var out = [UInt8](repeating: 0, count: n)
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for i in 0..<n {
          dst[i] = UInt8(
            min(
              255,
              max(0, cardness(r: Int(src[3 * i]), g: Int(src[3 * i + 1]), b: Int(src[3 * i + 2])))))
        }
      }
    }
    return out
  }

  @inline(__always)
  static func cardness(r: Int, g: Int, b: Int) -> Int {
    let mx = max(r, g, b)
    let mn = min(r, g, b)
    return (r + g + b) / 3 - 2 * (mx - mn)
  }

  @inline(__always)
  static func cardness(r: Float, g: Float, b: Float) -> Float {
    let mx = max(r, g, b)
    let mn = min(r, g, b)
    return (r + g + b) / 3 - 2 * (mx - mn)
  }

  /// Otsu's threshold of 8-bit values: the `t` maximising between-class variance of `≤ t` / `> t`,
  /// with the two class means.
  public static func otsu(_ values: [UInt8]) -> (threshold: Int, lowMean: Double, highMean: Double) {
    var hist = [Double](repeating: 0, count: 256)
    for v in values { hist[Int(v)] += 1 }
    let total = Double(values.count)
    var sumAll = 0.0
    for i in 0..<256 { sumAll += Double(i) * hist[i] }
    var wB = 0.0
    var sumB = 0.0
    var best = 0
    var bestVar = -1.0
    var lowMean = 0.0
    var highMean = 0.0
    for t in 0..<255 {
      wB += hist[t]
      sumB += Double(t) * hist[t]
      let wF = total - wB
      if wB == 0 || wF == 0 { continue }
      let mB = sumB / wB
      let mF = (sumAll - sumB) / wF
      let between = wB * wF * (mB - mF) * (mB - mF)
      if between > bestVar {
        bestVar = between
        best = t
        lowMean = mB
        highMean = mF
      }
    }
    return (best, lowMean, highMean)
  }
}
