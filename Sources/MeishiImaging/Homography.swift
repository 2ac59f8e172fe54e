import Foundation

/// A projective transform of the plane: a 3x3 matrix, row-major, acting on `(x, y, 1)`.
public struct Homography: Sendable, Equatable {
  /// Nine entries, row-major.
  public var matrix: [Double]

  public init(matrix: [Double]) {
    precondition(matrix.count == 9, "a homography has nine entries")
    self.matrix = matrix
  }

  public static let identity = Homography(matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1])

  /// The homography mapping each of the four `source` points onto the matching `destination`
  /// point; nil when the points are degenerate (three of them collinear).
  public init?(mapping source: [Point], to destination: [Point]) {
    guard source.count == 4, destination.count == 4 else { return nil }
    // Normalise both point sets for conditioning (Hartley), solve, then undo.
    guard let ts = Homography.normalizing(source), let td = Homography.normalizing(destination),
      let tdInv = td.inverse
    else { return nil }
    let s = source.map(ts.apply)
    let d = destination.map(td.apply)
    // Unknowns h0…h7 with h8 = 1:  x' = (h0 x + h1 y + h2) / (h6 x + h7 y + 1), same for y'.
    var a = [[Double]](repeating: [Double](repeating: 0, count: 9), count: 8)
    for i in 0..<4 {
      let x = s[i].x
      let y = s[i].y
      let u = d[i].x
      let v = d[i].y
      a[2 * i] = [x, y, 1, 0, 0, 0, -x * u, -y * u, u]
      a[2 * i + 1] = [0, 0, 0, x, y, 1, -x * v, -y * v, v]
    }
    guard let h = Homography.solve(&a) else { return nil }
    let core = Homography(matrix: h + [1])
    // In normalised coordinates the entries are O(1): a tiny determinant means the points were
    // degenerate (e.g. collinear), and the map would collapse the plane.
    let scale = core.matrix.map(abs).max() ?? 0
    guard abs(core.determinant) > 1e-9 * scale * scale * scale else { return nil }
    self = tdInv.compose(core).compose(ts).normalized()
  }

  /// Maps a point; points on the line at infinity come out as non-finite values.
  public func apply(_ p: Point) -> Point {
    let m = matrix
    let w = m[6] * p.x + m[7] * p.y + m[8]
    return Point(x: (m[0] * p.x + m[1] * p.y + m[2]) / w, y: (m[3] * p.x + m[4] * p.y + m[5]) / w)
  }

  /// `self ∘ other`: first `other`, then `self`.
  public func compose(_ other: Homography) -> Homography {
    let a = matrix
    let b = other.matrix
    var r = [Double](repeating: 0, count: 9)
    for i in 0..<3 {
      for j in 0..<3 {
        r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j]
      }
    }
    return Homography(matrix: r)
  }

  var determinant: Double {
    let m = matrix
    return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
      + m[2] * (m[3] * m[7] - m[4] * m[6])
  }

  /// The inverse transform, or nil when singular.
  public var inverse: Homography? {
    let m = matrix
    let c00 = m[4] * m[8] - m[5] * m[7]
    let c01 = m[5] * m[6] - m[3] * m[8]
    let c02 = m[3] * m[7] - m[4] * m[6]
    let det = m[0] * c00 + m[1] * c01 + m[2] * c02
    let scale = m.map(abs).max() ?? 0
    guard abs(det) > 1e-14 * scale * scale * scale, det.isFinite else { return nil }
    let inv = [
      c00, m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
      c01, m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
      c02, m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3],
    ].map { $0 / det }
    return Homography(matrix: inv).normalized()
  }

  /// Scaled so that the bottom-right entry is 1 (when it is not ~0).
  func normalized() -> Homography {
    let d = matrix[8]
    guard abs(d) > 1e-12 else { return self }
    return Homography(matrix: matrix.map { $0 / d })
  }

  /// Similarity moving the centroid to the origin with mean distance √2.
  private static func normalizing(_ pts: [Point]) -> Homography? {
    let n = Double(pts.count)
    let cx = pts.map(\.x).reduce(0, +) / n
    let cy = pts.map(\.y).reduce(0, +) / n
    let mean = pts.map { Geometry.distance($0, Point(x: cx, y: cy)) }.reduce(0, +) / n
    guard mean > 1e-12, mean.isFinite else { return nil }
    let s = 2.0.squareRoot() / mean
    return Homography(matrix: [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1])
  }

  /// Gaussian elimination with partial pivoting on an n × (n+1) augmented matrix.
  private static func solve(_ a: inout [[Double]]) -> [Double]? {
    let n = a.count
    for col in 0..<n {
      var pivot = col
      for r in (col + 1)..<n where abs(a[r][col]) > abs(a[pivot][col]) { pivot = r }
      guard abs(a[pivot][col]) > 1e-10 else { return nil }
      a.swapAt(col, pivot)
      let p = a[col][col]
      for r in 0..<n where r != col {
        let f = a[r][col] / p
        if f == 0 { continue }
        for c in col...n { a[r][c] -= f * a[col][c] }
      }
    }
    return (0..<n).map { a[$0][n] / a[$0][$0] }
  }
}
