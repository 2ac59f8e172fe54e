import Foundation
@testable import MeishiImaging
import Testing

@Suite struct MotionBlurTests {
  /// A card of irregular type: strokes of random length, thickness and place along lines of
  /// text (a regular grid of glyphs would put its own pitch into the cepstrum).
  static func card(width w: Int = 900, height h: Int = 560) -> RasterImage {
    var px = [UInt8](repeating: 235, count: w * h)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func random(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    for line in 0..<7 {
      let top = 30 + line * 75 + random(10)
      var x = 30 + random(20)
      while x < w - 60 {
        let size = 16 + random(14)
        for _ in 0..<(3 + random(3)) {
          let thick = 2 + random(3)
          if random(2) == 0 {
            let y = top + random(size - thick)
            let from = x + random(size / 2)
            let to = min(w - 1, from + size / 2 + random(size / 2))
            for yy in y..<(y + thick) { for xx in from..<to { px[yy * w + xx] = 25 } }
          } else {
            let xs = x + random(size - thick)
            let from = top + random(size / 2)
            let to = from + size / 2 + random(size / 2)
            for yy in from..<min(h - 1, to) { for xx in xs..<(xs + thick) { px[yy * w + xx] = 25 } }
          }
        }
        x += size + 3 + random(8)
      }
    }
    return RasterImage(width: w, height: h, channels: 1, pixels: px)
  }

  /// The transform is the discrete Fourier transform (e^−2πikx/n forward), as a direct sum
  /// gives it, for complex input of no particular shape.
  @Test func fourierTransformIsTheDirectSum() {
    let n = 8
    let fft = FFT(size: n)
    var state: UInt32 = 12345
    func random() -> Float {
      state = state &* 1_103_515_245 &+ 12345
      return Float(state >> 16 & 0x7FFF) / 32768 - 0.5
    }
    let inRe = (0..<n).map { _ in random() }
    let inIm = (0..<n).map { _ in random() }
    var re = inRe
    var im = inIm
    re.withUnsafeMutableBufferPointer { r in
      im.withUnsafeMutableBufferPointer { i in
        fft.transform(r.baseAddress!, i.baseAddress!, stride: 1, inverse: false)
      }
    }
    for k in 0..<n {
      var sumRe = 0.0
      var sumIm = 0.0
      for x in 0..<n {
        let a = -2 * Double.pi * Double(k * x) / Double(n)
        sumRe += Double(inRe[x]) * cos(a) - Double(inIm[x]) * sin(a)
        sumIm += Double(inRe[x]) * sin(a) + Double(inIm[x]) * cos(a)
      }
      #expect(abs(Double(re[k]) - sumRe) < 1e-4 && abs(Double(im[k]) - sumIm) < 1e-4, "bin \(k)")
    }
  }

  /// The transform and its inverse give back what went in; a single wave lands in one bin.
  @Test func fourierTransformRoundTrips() {
    let n = 16
    let fft = FFT(size: n)
    var re = (0..<(n * n)).map { Float(($0 * 37) % 11) }
    let original = re
    var im = [Float](repeating: 0, count: n * n)
    fft.transform2D(&re, &im, inverse: false)
    fft.transform2D(&re, &im, inverse: true)
    for i in 0..<(n * n) {
      #expect(abs(re[i] - original[i]) < 1e-3 && abs(im[i]) < 1e-3)
    }
    // cos(2π·3x/16) along the rows: half its energy at column 3, half at 13, row 0.
    var wave = (0..<(n * n)).map { Float(cos(2 * Double.pi * 3 * Double($0 % n) / Double(n))) }
    var zero = [Float](repeating: 0, count: n * n)
    fft.transform2D(&wave, &zero, inverse: false)
    #expect(abs(wave[3] - Float(n * n) / 2) < 1e-2 && abs(wave[13] - Float(n * n) / 2) < 1e-2)
    #expect(abs(wave[4]) < 1e-2 && abs(wave[n + 3]) < 1e-2)
  }

  /// A streak across, down or slanting is found with its length and direction; this sharp
  /// card shows none as clear (on a real card's type it can, which is why
  /// `Preprocess.cameraMovement` first asks for a card blurred more one way than another); a
  /// card too small for enough tiles gives no answer.
  @Test func findsTheStreakOfAMovedCamera() throws {
    let sharp = Self.card()
    let across = try #require(MotionBlur.estimate(SharpnessTests.smeared(sharp, length: 12, dx: 1, dy: 0)))
    #expect(abs(across.length - 12) <= 1.5, "\(across)")
    #expect(min(across.angle, 180 - across.angle) <= 6, "\(across)")
    #expect(across.depth < -5, "\(across)")
    let down = try #require(MotionBlur.estimate(SharpnessTests.smeared(sharp, length: 16, dx: 0, dy: 1)))
    #expect(abs(down.length - 16) <= 1.5 && abs(down.angle - 90) <= 6, "\(down)")
    // Nine steps of (1, 1): a streak about 12.7 px long at 45°.
    let slant = try #require(MotionBlur.estimate(SharpnessTests.smeared(sharp, length: 9, dx: 1, dy: 1)))
    #expect(abs(slant.length - 12.7) <= 1.5 && abs(slant.angle - 45) <= 6, "\(slant)")
    let still = try #require(MotionBlur.estimate(sharp))
    #expect(!still.isClear, "\(still)")
    #expect(across.isClear && down.isClear && slant.isClear)
    // Two tiles of print (400 × 300 px) are too few; smaller than a tile, or blank: nothing to tell.
    let small = RasterImage(
      width: 400, height: 300, channels: 1,
      pixels: (0..<300).flatMap { y in SharpnessTests.smeared(sharp, length: 12, dx: 1, dy: 0).pixels[(y * 900)..<(y * 900 + 400)] })
    #expect(MotionBlur.estimate(small) == nil)
    #expect(MotionBlur.estimate(RasterImage(width: 200, height: 900, channels: 1, fill: 128)) == nil)
    #expect(MotionBlur.estimate(RasterImage(width: 600, height: 400, channels: 1, fill: 128)) == nil)
  }

  /// The streak's kernel sums to 1, is its own mirror image and reaches half the length each way.
  @Test func theKernelIsTheStreak() {
    let taps = MotionBlur(angle: 30, length: 10, depth: -8).kernel()
    let sum = taps.reduce(Float(0)) { $0 + $1.weight }
    #expect(abs(sum - 1) < 1e-4)
    for tap in taps {
      let mirror = taps.first { $0.dx == -tap.dx && $0.dy == -tap.dy }
      #expect(mirror != nil && abs(mirror!.weight - tap.weight) < 1e-4, "\(tap)")
    }
    let reach = taps.map { (Double($0.dx * $0.dx + $0.dy * $0.dy)).squareRoot() }.max() ?? 0
    #expect(reach >= 4.5 && reach <= 6.5, "reach \(reach)")
    // 30° goes right and down the rows (y down), as `estimate` measures it.
    #expect(taps.contains { $0.dx >= 4 && $0.dy >= 2 } && !taps.contains { $0.dx >= 4 && $0.dy <= -2 }, "\(taps)")
  }

  /// Undoing the streak it was blurred by brings a moved card nearer the sharp one, with its
  /// edges steeper across the movement.
  @Test func undoesTheStreak() throws {
    let sharp = Self.card()
    let moved = SharpnessTests.smeared(sharp, length: 11, dx: 1, dy: 0)
    let found = try #require(MotionBlur.estimate(moved))
    let mended = Deconvolution.richardsonLucy(moved, motion: found, rounds: 30)
    let before = DeconvolutionTests.meanDifference(moved, sharp)
    let after = DeconvolutionTests.meanDifference(mended, sharp)
    #expect(after < 0.85 * before, "mean difference from the sharp card: \(before) → \(after)")
    let movedWidth = try #require(Sharpness.blurWidths(moved).max())
    let mendedWidth = try #require(Sharpness.blurWidths(mended).max())
    #expect(mendedWidth < movedWidth - 0.5, "edges \(movedWidth) → \(mendedWidth) px wide")
    // Slanting (nine steps of (1, 1), made without the kernel): undone with the streak's own
    // direction it comes nearer the sharp card than with the direction turned the other way
    // (a kernel turned the wrong way makes it worse).
    let slant = SharpnessTests.smeared(sharp, length: 9, dx: 1, dy: 1)
    let right = Deconvolution.richardsonLucy(slant, motion: MotionBlur(angle: 45, length: 12.7, depth: -10), rounds: 30)
    let wrong = Deconvolution.richardsonLucy(slant, motion: MotionBlur(angle: 135, length: 12.7, depth: -10), rounds: 30)
    let slantBefore = DeconvolutionTests.meanDifference(slant, sharp)
    let rightAfter = DeconvolutionTests.meanDifference(right, sharp)
    let wrongAfter = DeconvolutionTests.meanDifference(wrong, sharp)
    #expect(rightAfter < slantBefore && rightAfter < 0.8 * wrongAfter, "\(slantBefore) → \(rightAfter), turned \(wrongAfter)")
    // An even image stays as it is.
    let even = RasterImage(width: 64, height: 48, channels: 1, fill: 200)
    #expect(Deconvolution.richardsonLucy(even, motion: found, rounds: 10) == even)
  }
}
