import Foundation

/// Sharpening a card photographed out of focus, or with the camera moving: the blur undone, as
/// far as it can be.
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
    var scratch = [Float](repeating: 0, count: w * h)
    // The Gaussian is its own mirror image: the same blur both ways.
    return richardsonLucy(gray, rounds: rounds) { input, output in
      convolve(input, into: &output, scratch: &scratch, width: w, height: h, kernel: kernel)
    } mirrored: { input, output in
      convolve(input, into: &output, scratch: &scratch, width: w, height: h, kernel: kernel)
    }
  }

  /// Richardson–Lucy deconvolution of a grey image blurred by a moving camera (``MotionBlur``):
  /// as for a Gaussian, with the streak's taps in place of the separable kernel. Each round
  /// takes two passes over the image per tap (a streak of L pixels has L + 1 or L + 2 of them
  /// along a row or column, 2.5–3 L slanting).
  public static func richardsonLucy(_ gray: RasterImage, motion: MotionBlur, rounds: Int) -> RasterImage {
    precondition(gray.channels == 1, "grey images only")
    let taps = motion.kernel()
    let reach = taps.reduce(0) { max($0, abs($1.dx), abs($1.dy)) }
    guard rounds > 0, taps.count > 1, min(gray.width, gray.height) > 2 * reach + 1 else { return gray }
    let mirror = taps.map { (dx: -$0.dx, dy: -$0.dy, weight: $0.weight) }
    let w = gray.width
    let h = gray.height
    // Blurring is the sum of the image under the kernel turned about its centre.
    return richardsonLucy(gray, rounds: rounds) { input, output in
      correlate(input, into: &output, width: w, height: h, taps: mirror)
    } mirrored: { input, output in
      correlate(input, into: &output, width: w, height: h, taps: taps)
    }
  }

  /// The rounds of Richardson–Lucy, given the blur and its mirror image (`output` = `input`
  /// blurred): each round divides the image by the current estimate blurred, blurs that ratio
  /// by the mirror image and multiplies the estimate by it.
  static func richardsonLucy(
    _ gray: RasterImage, rounds: Int,
    blur: (_ input: [Float], _ output: inout [Float]) -> Void,
    mirrored: (_ input: [Float], _ output: inout [Float]) -> Void
  ) -> RasterImage {
    let w = gray.width
    let h = gray.height
    // Levels 0...255 shifted up by one: the ratio needs no zero below it.
    let observed = gray.pixels.map { Float($0) + 1 }
    var estimate = observed
    var blurred = [Float](repeating: 0, count: w * h)
    var ratio = [Float](repeating: 0, count: w * h)
    for _ in 0..<rounds {
      blur(estimate, &blurred)
      observed.withUnsafeBufferPointer { o in
        blurred.withUnsafeBufferPointer { b in
          ratio.withUnsafeMutableBufferPointer { q in
            for i in 0..<q.count { q[i] = o[i] / max(b[i], 0.5) }
          }
        }
      }
      mirrored(ratio, &blurred)
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
    precondition(taps.allSatisfy { abs($0.dx) < w }, "a tap wider than the image")
    input.withUnsafeBufferPointer { src in
      output.withUnsafeMutableBufferPointer { dst in
        guard let s0 = src.baseAddress, let d0 = dst.baseAddress else { return }
        for y in 0..<h {
          let d = d0 + y * w
          for x in 0..<w { d[x] = 0 }
          for tap in taps {
            let s = s0 + min(h - 1, max(0, y + tap.dy)) * w
            let k = tap.weight
            // x + dx stays on the row for x in lo..<hi; the rest take the row's end.
            let lo = max(0, -tap.dx)
            let hi = min(w, w - tap.dx)
            // Pointers, so that the loop over the row is vectorised.
            let to = d + lo
            let from = s + lo + tap.dx
            for x in 0..<(hi - lo) { to[x] += k * from[x] }
            for x in 0..<lo { d[x] += k * s[0] }
            for x in hi..<w { d[x] += k * s[w - 1] }
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
