import Foundation

/// How blurred a photographed card is: out of focus, or moved while the picture was taken.
public enum Sharpness {
  /// The blur of a grey image, as the width (the σ of a Gaussian, in pixels) that its sharpest
  /// edges are spread over, in the direction where they are spread most; nil when it holds too
  /// few strong edges to tell.
  ///
  /// A step of contrast `C` blurred by a Gaussian of σ rises at most `C / (σ √(2π))` per pixel,
  /// so each edge (a local maximum of the Sobel gradient where the 9 × 9 neighbourhood spans at
  /// least 60 levels) gives `σ = C / (√(2π) · gradient)`. Print on a card has sharp edges; the
  /// sharpest quarter of them measure the blur (soft print reads wider; a stroke thinner than
  /// the blur reads narrower, its contrast lost with its steepness, so a card of small type
  /// only is measured sharper than it is).
  /// Edges are grouped by their gradient's direction (four, 45° apart): moving the camera
  /// blurs only the edges across the movement, so the widest direction is the one taken.
  ///
  /// On cards flattened to 1300 px from 2000 px photos: the photo fixtures (rendered with a
  /// lens blur of σ 0.6–1.4) 1.04–1.73, and 2.01 for a card 776 px long in its photo, its blur
  /// doubled by flattening; out of focus by σ 2 px 1.57–1.86, by σ 2.5 1.92–2.26; moved by
  /// 8 px 1.45–2.01, by 4 px 1.22–1.34 (not told from sharp).
  public static func blurWidth(_ gray: RasterImage) -> Double? {
    blurWidths(gray).max()
  }

  /// The blur measured in each of the four directions (0, 45, 90, 135°) that holds enough
  /// edges to tell, as in ``blurWidth(_:)``: about the same in every direction when the card is
  /// out of focus, wider across the movement when the camera moved.
  public static func blurWidths(_ gray: RasterImage) -> [Double] {
    precondition(gray.channels == 1, "grey images only")
    let w = gray.width
    let h = gray.height
    guard w >= 32, h >= 32 else { return [] }
    var widths: [[Double]] = [[], [], [], []]
    gray.pixels.withUnsafeBufferPointer { buffer in
      guard let p = buffer.baseAddress else { return }
      /// The Sobel gradient at `i` (scaled to levels per pixel).
      func sobel(_ i: Int) -> (Double, Double) {
        let (sx, sy) = ImageOps.sobel(p, i, step: 1, row: w)
        return (Double(sx) / 8, Double(sy) / 8)
      }
      func magnitude(_ i: Int) -> Double {
        let (x, y) = sobel(i)
        return (x * x + y * y).squareRoot()
      }
      // Every other pixel of every other row is enough to sample the edges.
      for y in stride(from: 5, to: h - 5, by: 2) {
        for x in stride(from: 5, to: w - 5, by: 2) {
          let i = y * w + x
          let (gx, gy) = sobel(i)
          let m = (gx * gx + gy * gy).squareRoot()
          // No edge of 60 levels spread over less than 3 px is this faint.
          guard m >= 8 else { continue }
          var peak = true
          for j in [i - w - 1, i - w, i - w + 1, i - 1, i + 1, i + w - 1, i + w, i + w + 1] where magnitude(j) > m {
            peak = false
            break
          }
          guard peak else { continue }
          var lo = 255
          var hi = 0
          for yy in (y - 4)...(y + 4) {
            for xx in (x - 4)...(x + 4) {
              let v = Int(p[yy * w + xx])
              lo = min(lo, v)
              hi = max(hi, v)
            }
          }
          let contrast = Double(hi - lo)
          guard contrast >= 60 else { continue }
          // Direction of the gradient, 0..<180°, into four groups centred on 0, 45, 90, 135.
          var angle = atan2(gy, gx) * 180 / .pi
          if angle < 0 { angle += 180 }
          let group = Int((angle + 22.5) / 45) % 4
          widths[group].append(contrast / ((2 * Double.pi).squareRoot() * m))
        }
      }
    }
    return widths.filter { $0.count >= 50 }.map { group -> Double in
      let sorted = group.sorted()
      return sorted[sorted.count / 4]
    }
  }
}
