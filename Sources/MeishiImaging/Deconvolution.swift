import Foundation

/// Sharpening a card photographed out of focus: the blur undone, as far as it can be.
public enum Deconvolution {
  /// Richardson–Lucy deconvolution of a grey image blurred by a Gaussian of `sigma` pixels:
  /// each round divides the image by the current estimate blurred, blurs that ratio (the
  /// Gaussian is its own mirror image) and multiplies the estimate by it. Tens of rounds bring
  /// back the steep edges small type needs; each one also amplifies the noise a little more.
  public static func richardsonLucy(_ gray: RasterImage, sigma: Double, rounds: Int) -> RasterImage {
    precondition(gray.channels == 1, "grey images only")
    guard sigma > 0.3, rounds > 0 else { return gray }
    let kernel = gaussian(sigma)
    // An image no larger than the blur holds nothing to bring back.
    guard min(gray.width, gray.height) > kernel.count else { return gray }
    let w = gray.width
    let h = gray.height
    // Levels 0...255 shifted up by one: the ratio needs no zero below it.
    let observed = gray.pixels.map { Float($0) + 1 }
    var estimate = observed
    var blurred = [Float](repeating: 0, count: w * h)
    var scratch = [Float](repeating: 0, count: w * h)
    var ratio = [Float](repeating: 0, count: w * h)
    for _ in 0..<rounds {
      convolve(estimate, into: &blurred, scratch: &scratch, width: w, height: h, kernel: kernel)
      observed.withUnsafeBufferPointer { o in
        blurred.withUnsafeBufferPointer { b in
          ratio.withUnsafeMutableBufferPointer { q in
            for i in 0..<q.count { q[i] = o[i] / max(b[i], 0.5) }
          }
        }
      }
      convolve(ratio, into: &blurred, scratch: &scratch, width: w, height: h, kernel: kernel)
      blurred.withUnsafeBufferPointer { b in
        estimate.withUnsafeMutableBufferPointer { e in
          for i in 0..<e.count { e[i] *= b[i] }
        }
      }
    }
    let pixels = estimate.map { UInt8(clamping: Int(($0 - 1).rounded())) }
    return RasterImage(width: w, height: h, channels: 1, pixels: pixels)
  }

  /// Richardson–Lucy deconvolution of a grey image blurred by a moving camera (``MotionBlur``):
  /// as for a Gaussian, with the streak's taps in place of the separable kernel. Each round costs
  /// two passes over the image per tap (a streak of L pixels has about 2L of them).
  public static func richardsonLucy(_ gray: RasterImage, motion: MotionBlur, rounds: Int) -> RasterImage {
    precondition(gray.channels == 1, "grey images only")
    let taps = motion.kernel()
    let reach = taps.reduce(0) { max($0, abs($1.dx), abs($1.dy)) }
    guard rounds > 0, taps.count > 1, min(gray.width, gray.height) > 2 * reach + 1 else { return gray }
    let mirrored = taps.map { (dx: -$0.dx, dy: -$0.dy, weight: $0.weight) }
    let w = gray.width
    let h = gray.height
    let observed = gray.pixels.map { Float($0) + 1 }
    var estimate = observed
    var blurred = [Float](repeating: 0, count: w * h)
    var ratio = [Float](repeating: 0, count: w * h)
    for _ in 0..<rounds {
      correlate(estimate, into: &blurred, width: w, height: h, taps: mirrored)
      observed.withUnsafeBufferPointer { o in
        blurred.withUnsafeBufferPointer { b in
          ratio.withUnsafeMutableBufferPointer { q in
            for i in 0..<q.count { q[i] = o[i] / max(b[i], 0.5) }
          }
        }
      }
      correlate(ratio, into: &blurred, width: w, height: h, taps: taps)
      blurred.withUnsafeBufferPointer { b in
        estimate.withUnsafeMutableBufferPointer { e in
          for i in 0..<e.count { e[i] *= b[i] }
        }
      }
    }
    let pixels = estimate.map { UInt8(clamping: Int(($0 - 1).rounded())) }
    return RasterImage(width: w, height: h, channels: 1, pixels: pixels)
  }

  /// `output[x, y]` = the sum over the taps of `weight × input[x + dx, y + dy]`, the edges
  /// extended.
  static func correlate(
    _ input: [Float], into output: inout [Float], width w: Int, height h: Int,
    taps: [(dx: Int, dy: Int, weight: Float)]
  ) {
    input.withUnsafeBufferPointer { src in
      output.withUnsafeMutableBufferPointer { dst in
        guard let s0 = src.baseAddress, let d0 = dst.baseAddress else { return }
        for y in 0..<h {
          let d = d0 + y * w
          for x in 0..<w { d[x] = 0 }
          for tap in taps {
            let s = s0 + min(h - 1, max(0, y + tap.dy)) * w
            let k = tap.weight
            let lo = max(0, -tap.dx)
            let hi = min(w, w - tap.dx)
            // Pointers, so that the loop over the row is vectorised.
            let from = s + tap.dx
            for x in lo..<hi { d[x] += k * from[x] }
            for x in 0..<lo { d[x] += k * s[0] }
            for x in max(lo, hi)..<w { d[x] += k * s[w - 1] }
          }
        }
      }
    }
  }

  /// A grey image blurred by a Gaussian of `sigma` pixels (the edges extended).
  public static func smoothed(_ gray: RasterImage, sigma: Double) -> RasterImage {
    precondition(gray.channels == 1, "grey images only")
    let kernel = gaussian(sigma)
    guard sigma > 0.3, min(gray.width, gray.height) > kernel.count else { return gray }
    let w = gray.width
    let h = gray.height
    var out = [Float](repeating: 0, count: w * h)
    var scratch = out
    convolve(gray.pixels.map { Float($0) }, into: &out, scratch: &scratch, width: w, height: h, kernel: kernel)
    return RasterImage(width: w, height: h, channels: 1, pixels: out.map { UInt8(clamping: Int($0.rounded())) })
  }

  /// A normalised 1-D Gaussian to 3 σ each side.
  static func gaussian(_ sigma: Double) -> [Float] {
    let radius = max(1, Int((3 * sigma).rounded(.up)))
    var k = (-radius...radius).map { x -> Double in
      let d = Double(x)
      return exp(-(d * d) / (2 * sigma * sigma))
    }
    let sum = k.reduce(0, +)
    k = k.map { $0 / sum }
    return k.map(Float.init)
  }

  /// `output` = `input` convolved with `kernel` along the rows, then the columns; the edges
  /// are extended.
  static func convolve(
    _ input: [Float], into output: inout [Float], scratch: inout [Float],
    width w: Int, height h: Int, kernel: [Float]
  ) {
    let r = kernel.count / 2
    // Pointers, not array indices: the loops tap by tap over a row are then vectorised.
    input.withUnsafeBufferPointer { src in
      scratch.withUnsafeMutableBufferPointer { tmp in
        guard let s0 = src.baseAddress, let t0 = tmp.baseAddress else { return }
        for y in 0..<h {
          let s = s0 + y * w
          let t = t0 + y * w
          if w > 2 * r {
            for x in r..<(w - r) { t[x] = 0 }
            for (j, kj) in kernel.enumerated() {
              let from = s + (j - r)
              for x in r..<(w - r) { t[x] += kj * from[x] }
            }
          }
          // The ends, extended, one by one.
          for x in 0..<w where x < r || x >= w - r {
            var sum: Float = 0
            for (j, kj) in kernel.enumerated() { sum += kj * s[min(w - 1, max(0, x - r + j))] }
            t[x] = sum
          }
        }
      }
    }
    scratch.withUnsafeBufferPointer { tmp in
      output.withUnsafeMutableBufferPointer { dst in
        guard let t0 = tmp.baseAddress, let d0 = dst.baseAddress else { return }
        for y in 0..<h {
          let d = d0 + y * w
          for x in 0..<w { d[x] = 0 }
          for (j, kj) in kernel.enumerated() {
            let from = t0 + min(h - 1, max(0, y - r + j)) * w
            for x in 0..<w { d[x] += kj * from[x] }
          }
        }
      }
    }
  }
}
