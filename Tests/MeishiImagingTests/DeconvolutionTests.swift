import Foundation
@testable import MeishiImaging
import Testing

@Suite struct DeconvolutionTests {
  /// The mean difference, in levels, between two images of the same size.
  static func meanDifference(_ a: RasterImage, _ b: RasterImage) -> Double {
    zip(a.pixels, b.pixels).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(a.pixels.count)
  }

  /// A card out of focus (a 7 px box across and down, σ 2 px) sharpened with the σ it was
  /// blurred by comes out nearer the sharp card, with steeper edges.
  @Test func bringsBackTheEdgesOfACardOutOfFocus() throws {
    let sharp = SharpnessTests.card()
    let soft = SharpnessTests.smeared(SharpnessTests.smeared(sharp, length: 7, dx: 1, dy: 0), length: 7, dx: 0, dy: 1)
    let mended = Deconvolution.richardsonLucy(soft, sigma: 2, rounds: 30)
    let before = Self.meanDifference(soft, sharp)
    let after = Self.meanDifference(mended, sharp)
    #expect(after < 0.85 * before, "mean difference from the sharp card: \(before) → \(after)")
    let softWidth = try #require(Sharpness.blurWidth(soft))
    let mendedWidth = try #require(Sharpness.blurWidth(mended))
    #expect(mendedWidth < softWidth - 0.3, "edges \(softWidth) → \(mendedWidth) px wide")
  }

  /// An even image stays as it is: the rounds change nothing where there is nothing to mend;
  /// nor is an image no larger than the blur's kernel touched.
  @Test func leavesAnEvenImageAlone() {
    let even = RasterImage(width: 64, height: 48, channels: 1, fill: 200)
    #expect(Deconvolution.richardsonLucy(even, sigma: 2, rounds: 10) == even)
    let tiny = RasterImage(width: 12, height: 12, channels: 1, pixels: (0..<144).map { UInt8($0) })
    #expect(Deconvolution.richardsonLucy(tiny, sigma: 3, rounds: 10) == tiny)
  }

  /// Out of focus, the edges spread alike in every direction; a moving camera spreads those
  /// across its movement only.
  @Test func tellsAMovedCameraFromALensOutOfFocus() {
    let card = SharpnessTests.card()
    let defocus = Sharpness.blurWidths(
      SharpnessTests.smeared(SharpnessTests.smeared(card, length: 7, dx: 1, dy: 0), length: 7, dx: 0, dy: 1))
    let moved = Sharpness.blurWidths(SharpnessTests.smeared(card, length: 10, dx: 1, dy: 0))
    #expect(defocus.count >= 2 && moved.count >= 2)
    #expect(defocus.max()! <= 1.3 * defocus.min()!, "out of focus: \(defocus)")
    #expect(moved.max()! > 1.5 * moved.min()!, "moved: \(moved)")
  }
}
