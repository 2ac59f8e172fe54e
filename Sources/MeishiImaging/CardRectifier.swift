import Foundation

/// A card found in a photo and flattened to an upright rectangle.
public struct RectifiedCard: Sendable {
  /// The flattened card, same channel count as the photo.
  public var image: RasterImage
  /// The card's corners in the photo.
  public var quad: Quadrilateral
  /// 3x3 row-major homography mapping `image` (card) coordinates to photo coordinates.
  public var homography: [Double]

  public init(image: RasterImage, quad: Quadrilateral, homography: [Double]) {
    self.image = image
    self.quad = quad
    self.homography = homography
  }

  /// Maps a point of the flattened card back into the photo.
  public func mapToSource(_ p: Point) -> Point {
    Homography(matrix: homography).apply(p)
  }
}

/// Finds a business card in a photo (a card lying on a desk, with perspective) and flattens it.
public enum CardRectifier {
  /// Finds the card's four corners in a photo; nil when the image is already a flat card/scan
  /// (the card fills nearly the whole frame, or no card-like quadrilateral stands out).
  ///
  /// Corners are in the photo's continuous coordinates, ordered so that top left → top right is
  /// the card's longer side.
  public static func locateCard(in image: RasterImage) -> Quadrilateral? {
    CardLocator.locate(in: image)
  }

  /// Finds every card in a photo or flatbed scan: none for a flat scan of one card (it fills the
  /// frame), one for a photo of a card on a desk, several for several cards side by side.
  /// Each quadrilateral is ordered like ``locateCard(in:)``'s; the list is in no particular order.
  ///
  /// - Parameter detectionCopy: the same image already scaled down to at most 800 px on its long
  ///   side (made by a faster scaler than this module's), or nil to make one here.
  public static func locateCards(in image: RasterImage, detectionCopy: RasterImage? = nil)
    -> [Quadrilateral]
  {
    CardLocator.locateAll(in: image, detectionCopy: detectionCopy)
  }

  /// Whether an image (best a copy of at most 800 px) is a scan or crop of one card rather than a
  /// photo of a card on something: shaped like a card (1.5–1.9 long, at most 1400 px), with a
  /// margin as uniform as paper and as bright as its middle. ``locateCards(in:detectionCopy:)`` finds nothing in such an image.
  ///
  /// - Parameter originalLongSide: the long side of the image this is a copy of (nil: this one).
  public static func isFlatCard(_ image: RasterImage, originalLongSide: Int? = nil) -> Bool {
    let long = originalLongSide ?? max(image.width, image.height)
    // Nothing over 1400 px is taken for one (a photo): no copy to make.
    guard long <= CardLocator.flatCardMaxSide else { return false }
    let (small, _) = ImageOps.downscale(image, maxSide: CardLocator.detectionSide)
    return CardLocator.looksLikeAFlatCard(small, originalLongSide: long)
  }

  /// Flattens a quadrilateral found by ``locateCards(in:)``.
  public static func rectify(_ image: RasterImage, quad: Quadrilateral, targetLongSide: Int)
    -> RectifiedCard
  {
    let (flat, h) = warpWithHomography(image, quad: quad, targetLongSide: targetLongSide)
    return RectifiedCard(image: flat, quad: quad, homography: h.matrix)
  }

  /// Warps the quadrilateral to an upright rectangle (bilinear sampling). The output keeps the
  /// card's aspect ratio (estimated with the perspective taken into account), with its longer side
  /// `targetLongSide` pixels. The quadrilateral's top edge becomes the output's top edge.
  public static func warp(_ image: RasterImage, quad: Quadrilateral, targetLongSide: Int)
    -> RasterImage
  {
    warpWithHomography(image, quad: quad, targetLongSide: targetLongSide).image
  }

  /// Convenience: locate + warp, or nil when no card was found.
  public static func rectify(_ image: RasterImage, targetLongSide: Int = 2000) -> RectifiedCard? {
    guard let quad = locateCard(in: image) else { return nil }
    let (flat, h) = warpWithHomography(image, quad: quad, targetLongSide: targetLongSide)
    return RectifiedCard(image: flat, quad: quad, homography: h.matrix)
  }

  /// The output size for a quadrilateral: aspect ratio preserved, long side `targetLongSide`.
  static func outputSize(
    for quad: Quadrilateral, imageWidth: Int, imageHeight: Int, targetLongSide: Int
  ) -> (width: Int, height: Int) {
    let aspect = Perspective.aspectRatio(quad, imageWidth: imageWidth, imageHeight: imageHeight)
    let long = max(1, targetLongSide)
    if aspect >= 1 {
      return (long, max(1, Int((Double(long) / aspect).rounded())))
    }
    return (max(1, Int((Double(long) * aspect).rounded())), long)
  }

  static func warpWithHomography(
    _ image: RasterImage, quad: Quadrilateral, targetLongSide: Int
  ) -> (image: RasterImage, homography: Homography) {
    let (ow, oh) = outputSize(
      for: quad, imageWidth: image.width, imageHeight: image.height, targetLongSide: targetLongSide)
    let outW = Double(ow)
    let outH = Double(oh)
    let h =
      Homography(
        mapping: [
          Point(x: 0, y: 0), Point(x: outW, y: 0), Point(x: outW, y: outH), Point(x: 0, y: outH),
        ],
        to: quad.corners) ?? Homography.identity
    return (sample(image, through: h, width: ow, height: oh), h)
  }

  /// Inverse mapping: each output pixel centre goes through `h` into the source, sampled
  /// bilinearly; outside the source is white.
  static func sample(_ image: RasterImage, through h: Homography, width ow: Int, height oh: Int)
    -> RasterImage
  {
    let c = image.channels
    let w = image.width
    let ih = image.height
    var out = [UInt8](repeating: 255, count: ow * oh * c)
    let m = h.matrix
    let (m0, m1, m2, m3, m4, m5, m6, m7, m8) = (
      m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]
    )
    let maxX = Double(w - 1)
    let maxY = Double(ih - 1)
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for j in 0..<oh {
          let v = Double(j) + 0.5
          // Homogeneous coordinates at u = 0.5, stepping linearly along the row.
          var hx = m0 * 0.5 + m1 * v + m2
          var hy = m3 * 0.5 + m4 * v + m5
          var hz = m6 * 0.5 + m7 * v + m8
          for i in 0..<ow {
            defer {
              hx += m0
              hy += m3
              hz += m6
            }
            // Source index coordinates (pixel centres at integers).
            let iz = 1 / hz
            var fx = hx * iz - 0.5
            var fy = hy * iz - 0.5
            guard fx > -1, fy > -1, fx < maxX + 1, fy < maxY + 1 else { continue }
            fx = min(max(fx, 0), maxX)
            fy = min(max(fy, 0), maxY)
            let x0 = Int(fx)
            let y0 = Int(fy)
            let x1 = min(x0 + 1, w - 1)
            let y1 = min(y0 + 1, ih - 1)
            let ax = Float(fx - Double(x0))
            let ay = Float(fy - Double(y0))
            let w00 = (1 - ax) * (1 - ay)
            let w10 = ax * (1 - ay)
            let w01 = (1 - ax) * ay
            let w11 = ax * ay
            let o = (j * ow + i) * c
            let p00 = (y0 * w + x0) * c
            let p10 = (y0 * w + x1) * c
            let p01 = (y1 * w + x0) * c
            let p11 = (y1 * w + x1) * c
            if c == 3 {
              dst[o] = blend(src[p00], src[p10], src[p01], src[p11], w00, w10, w01, w11)
              dst[o + 1] = blend(
                src[p00 + 1], src[p10 + 1], src[p01 + 1], src[p11 + 1], w00, w10, w01, w11)
              dst[o + 2] = blend(
                src[p00 + 2], src[p10 + 2], src[p01 + 2], src[p11 + 2], w00, w10, w01, w11)
            } else {
              for k in 0..<c {
                dst[o + k] = blend(
                  src[p00 + k], src[p10 + k], src[p01 + k], src[p11 + k], w00, w10, w01, w11)
              }
            }
          }
        }
      }
    }
    return RasterImage(width: ow, height: oh, channels: c, pixels: out)
  }

  @inline(__always)
  private static func blend(
    _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ wa: Float, _ wb: Float, _ wc: Float,
    _ wd: Float
  ) -> UInt8 {
    let v = wa * Float(a) + wb * Float(b) + wc * Float(c) + wd * Float(d)
    return UInt8(min(255, max(0, v + 0.5)))
  }
}
