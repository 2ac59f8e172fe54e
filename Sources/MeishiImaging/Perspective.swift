import Foundation

enum Perspective {
  /// The physical width / height (TL→TR over TL→BL) of the rectangle that `quad` images.
  ///
  /// Uses Zhang & He's whiteboard method: with the principal point at the image centre, the
  /// focal length follows from the two vanishing points, and the aspect ratio from it. When the
  /// perspective is too weak to estimate the focal length (or the estimate is implausible, e.g.
  /// for a cropped image), falls back to the ratio of the mean opposite side lengths.
  static func aspectRatio(_ quad: Quadrilateral, imageWidth: Int, imageHeight: Int) -> Double {
    let tl = quad.topLeft
    let tr = quad.topRight
    let br = quad.bottomRight
    let bl = quad.bottomLeft
    let width = (Geometry.distance(tl, tr) + Geometry.distance(bl, br)) / 2
    let height = (Geometry.distance(tl, bl) + Geometry.distance(tr, br)) / 2
    guard width > 0, height > 0 else { return 1 }
    let fallback = width / height

    let cx = Double(imageWidth) / 2
    let cy = Double(imageHeight) / 2
    let scale = Double(max(imageWidth, imageHeight))
    guard scale > 0 else { return fallback }
    // Centred, scaled homogeneous coordinates (keeps the numbers near 1).
    func h(_ p: Point) -> [Double] { [(p.x - cx) / scale, (p.y - cy) / scale, 1] }
    let m1 = h(tl)
    let m2 = h(tr)
    let m3 = h(bl)
    let m4 = h(br)
    func cross(_ a: [Double], _ b: [Double]) -> [Double] {
      [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    }
    func dot(_ a: [Double], _ b: [Double]) -> Double { a[0] * b[0] + a[1] * b[1] + a[2] * b[2] }
    let c14 = cross(m1, m4)
    let d2 = dot(cross(m2, m4), m3)
    let d3 = dot(cross(m3, m4), m2)
    guard abs(d2) > 1e-12, abs(d3) > 1e-12 else { return fallback }
    let k2 = dot(c14, m3) / d2
    let k3 = dot(c14, m2) / d3
    let n2 = [k2 * m2[0] - m1[0], k2 * m2[1] - m1[1], k2 * m2[2] - m1[2]]
    let n3 = [k3 * m3[0] - m1[0], k3 * m3[1] - m1[1], k3 * m3[2] - m1[2]]
    // Both vanishing points must be finite (clear perspective in both directions) to get f.
    let norm2 = (n2[0] * n2[0] + n2[1] * n2[1]).squareRoot()
    let norm3 = (n3[0] * n3[0] + n3[1] * n3[1]).squareRoot()
    guard norm2 > 0, norm3 > 0, abs(n2[2]) > 0.02 * norm2, abs(n3[2]) > 0.02 * norm3 else {
      return fallback
    }
    let f2 = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2])
    // Plausible cameras: focal length between 0.3 and 4 image long sides.
    guard f2.isFinite, f2 > 0.09, f2 < 16 else { return fallback }
    let num = n2[0] * n2[0] + n2[1] * n2[1] + f2 * n2[2] * n2[2]
    let den = n3[0] * n3[0] + n3[1] * n3[1] + f2 * n3[2] * n3[2]
    guard num > 0, den > 0 else { return fallback }
    let aspect = (num / den).squareRoot()
    // A wild disagreement with the plain side ratio means the model does not apply.
    guard aspect.isFinite, aspect / fallback < 1.6, fallback / aspect < 1.6 else { return fallback }
    return aspect
  }
}
