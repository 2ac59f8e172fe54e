import Foundation

/// The blur of a camera moved while the picture was taken: a straight streak of `length`
/// pixels at `angle` degrees (0 = along the rows, 90 = down the columns; 0..<180).
public struct MotionBlur: Sendable, Equatable {
  public var angle: Double
  public var length: Double
  /// How far the streak stands out of the image's own structure: the depth of the cepstrum's
  /// minimum below the mean of the ring searched, in standard deviations (negative; deeper is
  /// surer).
  public var depth: Double

  public init(angle: Double, length: Double, depth: Double) {
    self.angle = angle
    self.length = length
    self.depth = depth
  }

  /// The streak stands out clearly enough to be undone: at least 5 standard deviations deep,
  /// and at least 7.5 px long. A minimum nearer the centre is more likely the slope down from
  /// the strokes' own minimum (4–5 px) than a streak: cards moved by 4 px measure 7.0–7.3 there,
  /// and deconvolving them with that streak lost fields (stress blur sweep: 4 → 8–13 lost).
  /// Depth alone does not tell a streak from a sharp card's type, which can reach −7.5 (see
  /// ``estimate(_:)``): the caller looks only at cards blurred more one way than another.
  public var isClear: Bool { depth <= -5 && length >= 7.5 }

  /// Side of the square tiles the spectrum is averaged over (a power of two).
  static let tile = 256
  /// Tiles holding print that the estimate needs (a flattened card of 1300 × 750 px has 36,
  /// fewer where it is plain; one of 512 × 384 px, 6).
  static let minimumTiles = 6

  /// Streaks this long are looked for: shorter ones are lost among the strokes of the type
  /// (whose width makes a minimum of its own at 4–5 px on every card, sharp or not), longer ones
  /// leave nothing to read anyway.
  public static let lengths: ClosedRange<Double> = 6.5...30

  /// The streak a grey image is blurred by, found in its cepstrum (the inverse Fourier transform
  /// of its log spectrum, averaged over half-overlapping tiles that hold print); nil when the
  /// image is smaller than a tile or blank.
  ///
  /// A straight streak of length L multiplies the spectrum by a sinc whose zeros are spaced 1/L
  /// apart across the streak; their logarithm makes the cepstrum's deepest minimum L pixels from
  /// the centre, in the streak's direction (Cannon, 1976), to the nearest pixel. A sharp card's
  /// deepest minimum in the same ring comes from its strokes' spacing and is usually shallower,
  /// not always: photo fixtures and held-out renders −2 to −7.5 standard deviations, stress
  /// photos moved by 6–20 px −5 to −15 (their length mostly within 10 % of the streak once
  /// flattening's scale is allowed for). Nil also when fewer than ``minimumTiles`` tiles hold
  /// print.
  public static func estimate(_ gray: RasterImage) -> MotionBlur? {
    precondition(gray.channels == 1, "grey images only")
    let n = tile
    let w = gray.width
    let h = gray.height
    guard w >= n, h >= n else { return nil }
    let fft = FFT(size: n)
    let window = (0..<n).map { i in Float(0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(n - 1))) }
    var logSpectrum = [Float](repeating: 0, count: n * n)
    var re = [Float](repeating: 0, count: n * n)
    var im = [Float](repeating: 0, count: n * n)
    var tiles = 0
    for y0 in stride(from: 0, through: h - n, by: n / 2) {
      for x0 in stride(from: 0, through: w - n, by: n / 2) {
        var sum = 0.0
        var squares = 0.0
        for y in 0..<n {
          let row = (y0 + y) * w + x0
          for x in 0..<n {
            let v = Double(gray.pixels[row + x])
            sum += v
            squares += v * v
          }
        }
        let mean = sum / Double(n * n)
        // A tile of plain card (or plain desk) holds no streak to measure.
        guard squares / Double(n * n) - mean * mean >= 64 else { continue }
        for y in 0..<n {
          let row = (y0 + y) * w + x0
          for x in 0..<n {
            re[y * n + x] = (Float(gray.pixels[row + x]) - Float(mean)) * window[x] * window[y]
            im[y * n + x] = 0
          }
        }
        fft.transform2D(&re, &im, inverse: false)
        for i in 0..<(n * n) {
          logSpectrum[i] += log(1e-3 + (re[i] * re[i] + im[i] * im[i]).squareRoot())
        }
        tiles += 1
      }
    }
    // Few tiles average too little of the card's own structure away: on small synthetic cards
    // (one or two tiles) sharp ones showed clear streaks.
    guard tiles >= minimumTiles else { return nil }
    re = logSpectrum.map { $0 / Float(tiles) }
    im = [Float](repeating: 0, count: n * n)
    fft.transform2D(&re, &im, inverse: true)
    // The ring of lengths looked for; the cepstrum is symmetric, so half of it is enough.
    let reach = Int(lengths.upperBound.rounded(.up))
    var values: [(value: Double, dx: Int, dy: Int)] = []
    for dy in 0...reach {
      for dx in -reach...reach {
        let r = (Double(dx * dx + dy * dy)).squareRoot()
        guard lengths.contains(r), dy > 0 || dx > 0 else { continue }
        // Negative offsets wrap round to the far side of the (periodic) cepstrum.
        values.append((Double(re[(dy & (n - 1)) * n + (dx & (n - 1))]), dx, dy))
      }
    }
    let mean = values.reduce(0) { $0 + $1.value } / Double(values.count)
    let spread = (values.reduce(0) { $0 + ($1.value - mean) * ($1.value - mean) } / Double(values.count)).squareRoot()
    guard spread > 0, let deepest = values.min(by: { $0.value < $1.value }) else { return nil }
    // The nearest whole pixel: placed between pixels by a parabola through its neighbours, the
    // streaks of the stress photos read worse (fields lost 32 → 34 and 34 → 40).
    let x = Double(deepest.dx)
    let y = Double(deepest.dy)
    var angle = atan2(y, x) * 180 / .pi
    if angle < 0 { angle += 180 }
    if angle >= 180 { angle -= 180 }
    return MotionBlur(angle: angle, length: (x * x + y * y).squareRoot(), depth: (deepest.value - mean) / spread)
  }

  /// The streak as a kernel of taps (offset and weight, the weights summing to 1): the segment
  /// sampled every quarter pixel, each sample shared among its four nearest pixels. Symmetric
  /// about its centre, so it is its own mirror image.
  public func kernel() -> [(dx: Int, dy: Int, weight: Float)] {
    let rad = angle * .pi / 180
    let c = cos(rad)
    let s = sin(rad)
    let samples = max(2, Int(length * 4) + 1)
    var weights: [Int: Double] = [:]
    let reach = Int((length / 2).rounded(.up)) + 1
    let side = 2 * reach + 1
    func add(_ x: Int, _ y: Int, _ v: Double) {
      guard v > 0 else { return }
      weights[(y + reach) * side + (x + reach), default: 0] += v
    }
    for i in 0..<samples {
      let u = (Double(i) / Double(samples - 1) - 0.5) * length
      let x = u * c
      let y = u * s
      let x0 = Int(x.rounded(.down))
      let y0 = Int(y.rounded(.down))
      let fx = x - Double(x0)
      let fy = y - Double(y0)
      add(x0, y0, (1 - fx) * (1 - fy))
      add(x0 + 1, y0, fx * (1 - fy))
      add(x0, y0 + 1, (1 - fx) * fy)
      add(x0 + 1, y0 + 1, fx * fy)
    }
    // Slivers of a sample on a far pixel are dropped, and the rest made to sum to 1 again.
    let kept = weights.filter { $0.value > 1e-4 * Double(samples) }
    let total = kept.values.reduce(0, +)
    return kept.keys.sorted().map { key in
      (key % side - reach, key / side - reach, Float(kept[key]! / total))
    }
  }
}

/// A radix-2 fast Fourier transform of one size, its twiddle factors made once.
struct FFT {
  let size: Int
  private let cosines: [Float]
  private let sines: [Float]
  private let reversed: [Int]

  init(size: Int) {
    precondition(size >= 2 && size & (size - 1) == 0, "a power of two")
    self.size = size
    cosines = (0..<(size / 2)).map { Float(cos(2 * Double.pi * Double($0) / Double(size))) }
    sines = (0..<(size / 2)).map { Float(sin(2 * Double.pi * Double($0) / Double(size))) }
    let bits = size.trailingZeroBitCount
    reversed = (0..<size).map { i in
      var r = 0
      for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
      return r
    }
  }

  /// The transform of `size` values from `re` and `im` on, `stride` apart, in place; the
  /// inverse is scaled by 1/size.
  func transform(
    _ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, stride: Int, inverse: Bool
  ) {
    let n = size
    for i in 0..<n {
      let j = reversed[i]
      if j > i {
        swap(&re[i * stride], &re[j * stride])
        swap(&im[i * stride], &im[j * stride])
      }
    }
    let sign: Float = inverse ? 1 : -1
    var half = 1
    while half < n {
      let step = n / (2 * half)
      for start in Swift.stride(from: 0, to: n, by: 2 * half) {
        for k in 0..<half {
          let wr = cosines[k * step]
          let wi = sign * sines[k * step]
          let a = (start + k) * stride
          let b = (start + k + half) * stride
          let tr = wr * re[b] - wi * im[b]
          let ti = wr * im[b] + wi * re[b]
          re[b] = re[a] - tr
          im[b] = im[a] - ti
          re[a] += tr
          im[a] += ti
        }
      }
      half *= 2
    }
    if inverse {
      let scale = 1 / Float(n)
      for i in 0..<n {
        re[i * stride] *= scale
        im[i * stride] *= scale
      }
    }
  }

  /// The 2-D transform of a `size` × `size` image (row-major), rows then columns, in place.
  func transform2D(_ re: inout [Float], _ im: inout [Float], inverse: Bool) {
    let n = size
    re.withUnsafeMutableBufferPointer { r in
      im.withUnsafeMutableBufferPointer { i in
        guard let r0 = r.baseAddress, let i0 = i.baseAddress else { return }
        for y in 0..<n { transform(r0 + y * n, i0 + y * n, stride: 1, inverse: inverse) }
        for x in 0..<n { transform(r0 + x, i0 + x, stride: n, inverse: inverse) }
      }
    }
  }
}
