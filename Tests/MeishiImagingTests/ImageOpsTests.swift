import MeishiImaging
import Testing

@Suite struct ImageOpsTests {
  @Test func grayUsesLumaWeights() {
    let rgb = RasterImage(
      width: 3, height: 1, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 10, 20, 30])
    let gray = ImageOps.toGray(rgb)
    #expect(gray.channels == 1)
    #expect(gray.pixels == [76, 150, 18])
    #expect(ImageOps.toGray(gray) == gray)
  }

  @Test func downscaleAveragesBlocks() {
    let image = RasterImage(
      width: 4, height: 4, channels: 1,
      pixels: [
        0, 10, 100, 100,
        20, 30, 100, 100,
        50, 50, 0, 0,
        50, 50, 0, 255,
      ])
    let (small, scale) = ImageOps.downscale(image, maxSide: 2)
    #expect(scale == 0.5)
    #expect(small.width == 2 && small.height == 2)
    #expect(small.pixels == [15, 100, 50, 64])
  }

  @Test func downscaleWithFractionalFactorKeepsFlatColour() {
    let image = RasterImage(width: 1000, height: 750, channels: 3, fill: 77)
    let (small, scale) = ImageOps.downscale(image, maxSide: 600)
    #expect(small.width == 600 && small.height == 450)
    #expect(abs(scale - 0.6) < 1e-12)
    #expect(small.pixels.allSatisfy { $0 == 77 })
  }

  @Test func downscaleSplitsPixelsByArea() {
    // Three pixels into two: each output pixel covers 1.5 inputs.
    let image = RasterImage(width: 3, height: 1, channels: 1, pixels: [0, 90, 180])
    let (small, _) = ImageOps.downscale(image, maxSide: 2)
    #expect(small.pixels == [30, 150])
  }

  @Test func smallImagesAreNotScaled() {
    let image = RasterImage(width: 10, height: 5, channels: 1, fill: 3)
    let (same, scale) = ImageOps.downscale(image, maxSide: 600)
    #expect(same == image)
    #expect(scale == 1)
  }
}
