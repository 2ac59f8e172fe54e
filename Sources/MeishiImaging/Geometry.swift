import Foundation

/// A line `normal · p = offset` with a unit normal.
struct Line: Sendable, Equatable {
  var normal: Point
  var offset: Double

  /// The line through two distinct points.
  init?(through a: Point, _ b: Point) {
    let dx = b.x - a.x
    let dy = b.y - a.y
    let len = (dx * dx + dy * dy).squareRoot()
    guard len > 1e-12 else { return nil }
    normal = Point(x: -dy / len, y: dx / len)
    offset = normal.x * a.x + normal.y * a.y
  }

  init(normal: Point, offset: Double) {
    self.normal = normal
    self.offset = offset
  }

  /// Signed distance of `p` from the line (positive on the side the normal points to).
  func distance(_ p: Point) -> Double { normal.x * p.x + normal.y * p.y - offset }

  /// The same line with its normal pointing the other way.
  var flipped: Line { Line(normal: Point(x: -normal.x, y: -normal.y), offset: -offset) }

  /// The intersection with another line, or nil when (nearly) parallel.
  func intersection(_ other: Line) -> Point? {
    let det = normal.x * other.normal.y - normal.y * other.normal.x
    guard abs(det) > 1e-9 else { return nil }
    let x = (offset * other.normal.y - normal.y * other.offset) / det
    let y = (normal.x * other.offset - offset * other.normal.x) / det
    return Point(x: x, y: y)
  }

  /// Total-least-squares fit (the line minimising perpendicular distances); nil for fewer than
  /// two distinct points.
  static func fit(_ points: [Point]) -> Line? {
    guard points.count >= 2 else { return nil }
    var mx = 0.0
    var my = 0.0
    for p in points {
      mx += p.x
      my += p.y
    }
    let n = Double(points.count)
    mx /= n
    my /= n
    var sxx = 0.0
    var syy = 0.0
    var sxy = 0.0
    for p in points {
      let dx = p.x - mx
      let dy = p.y - my
      sxx += dx * dx
      syy += dy * dy
      sxy += dx * dy
    }
    guard sxx + syy > 1e-12 else { return nil }
    // Direction of largest spread: angle of the principal axis.
    let theta = 0.5 * atan2(2 * sxy, sxx - syy)
    let normal = Point(x: -sin(theta), y: cos(theta))
    return Line(normal: normal, offset: normal.x * mx + normal.y * my)
  }

  /// A fit that drops outliers: fits, discards points farther than a robust residual bound, refits.
  static func robustFit(_ points: [Point], minimumTolerance: Double) -> (line: Line, inliers: Int)?
  {
    guard var line = fit(points) else { return nil }
    var kept = points
    for _ in 0..<3 {
      let residuals = points.map { abs(line.distance($0)) }
      let sorted = residuals.sorted()
      let median = sorted[sorted.count / 2]
      let bound = max(minimumTolerance, 2.5 * 1.4826 * median)
      let inliers = zip(points, residuals).filter { $0.1 <= bound }.map(\.0)
      guard inliers.count >= 2, let refit = fit(inliers) else { break }
      line = refit
      kept = inliers
    }
    return (line, kept.count)
  }
}

enum Geometry {
  /// Shoelace signed area; positive for corners listed clockwise on screen (y pointing down).
  static func signedArea(_ p: [Point]) -> Double {
    guard p.count >= 3 else { return 0 }
    var s = 0.0
    for i in 0..<p.count {
      let a = p[i]
      let b = p[(i + 1) % p.count]
      s += a.x * b.y - b.x * a.y
    }
    return s / 2
  }

  /// Convex hull (Andrew's monotone chain), listed clockwise on screen (positive signed area),
  /// without collinear points.
  static func convexHull(_ points: [Point]) -> [Point] {
    let pts = points.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
    guard pts.count >= 3 else { return pts }
    func cross(_ o: Point, _ a: Point, _ b: Point) -> Double {
      (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
    }
    var lower: [Point] = []
    for p in pts {
      while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 {
        lower.removeLast()
      }
      lower.append(p)
    }
    var upper: [Point] = []
    for p in pts.reversed() {
      while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 {
        upper.removeLast()
      }
      upper.append(p)
    }
    lower.removeLast()
    upper.removeLast()
    let hull = lower + upper
    // Monotone chain gives counter-clockwise in y-up terms, i.e. negative shoelace area here.
    return signedArea(hull) < 0 ? Array(hull.reversed()) : hull
  }

  /// Reduces a convex polygon (clockwise on screen) to four vertices by repeatedly removing the
  /// edge whose removal — extending its two neighbours until they meet — adds the least area.
  /// The result encloses the polygon, so rounded or chamfered corners come out sharp. Edges for
  /// which `isFree` is true (e.g. lying along the image border, where the card is cut off by the
  /// frame) are removed first, their added area counting for little.
  static func reduceToQuadrilateralEnclosing(
    _ polygon: [Point], isFree: (Point, Point) -> Bool = { _, _ in false }
  ) -> [Point]? {
    var poly = polygon
    guard poly.count >= 4 else { return nil }
    func cross(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
      ax * by - ay * bx
    }
    while poly.count > 4 {
      let n = poly.count
      var best: (index: Int, point: Point)? = nil
      var bestCost = Double.infinity
      for i in 0..<n {
        let a = poly[(i + n - 1) % n]
        let b = poly[i]
        let c = poly[(i + 1) % n]
        let d = poly[(i + 2) % n]
        // Lines a→b and d→c, extended beyond b and c respectively.
        let ux = b.x - a.x
        let uy = b.y - a.y
        let vx = c.x - d.x
        let vy = c.y - d.y
        let den = cross(ux, uy, vx, vy)
        guard abs(den) > 1e-12 else { continue }
        // b + s·u = c + t·v
        let s = cross(c.x - b.x, c.y - b.y, vx, vy) / den
        let t = cross(c.x - b.x, c.y - b.y, ux, uy) / den
        guard s >= 0, t >= 0 else { continue }
        let x = Point(x: b.x + s * ux, y: b.y + s * uy)
        var cost = abs(cross(x.x - b.x, x.y - b.y, c.x - b.x, c.y - b.y)) / 2
        if isFree(b, c) { cost *= 0.01 }
        if cost < bestCost {
          bestCost = cost
          best = (i, x)
        }
      }
      guard let (i, x) = best else { return nil }
      let j = (i + 1) % n
      poly[i] = x
      poly.remove(at: j)
    }
    return poly
  }

  /// The part of a convex polygon inside the rectangle `[0, width] × [0, height]`
  /// (Sutherland–Hodgman).
  static func clip(_ polygon: [Point], width: Double, height: Double) -> [Point] {
    var poly = polygon
    let planes: [(Point) -> Double] = [
      { $0.x }, { width - $0.x }, { $0.y }, { height - $0.y },
    ]
    for inside in planes {
      guard !poly.isEmpty else { break }
      var out: [Point] = []
      for i in 0..<poly.count {
        let p = poly[i]
        let q = poly[(i + 1) % poly.count]
        let dp = inside(p)
        let dq = inside(q)
        if dp >= 0 { out.append(p) }
        if (dp >= 0) != (dq >= 0) {
          let t = dp / (dp - dq)
          out.append(Point(x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y)))
        }
      }
      poly = out
    }
    return poly
  }

  /// True when the four corners form a strictly convex polygon in the given order.
  /// The intersection of two convex polygons (Sutherland–Hodgman, clipping `subject` by each
  /// edge of `clip`); empty when they do not meet.
  static func intersectConvex(_ subject: [Point], _ clip: [Point]) -> [Point] {
    var output = subject
    let orientation = signedArea(clip) >= 0 ? 1.0 : -1.0
    for k in 0..<clip.count {
      let a = clip[k]
      let b = clip[(k + 1) % clip.count]
      func inside(_ p: Point) -> Bool {
        orientation * ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)) >= 0
      }
      func crossing(_ p: Point, _ q: Point) -> Point {
        let d1 = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
        let d2 = (b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x)
        let t = d1 / (d1 - d2)
        return Point(x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y))
      }
      let input = output
      output = []
      guard !input.isEmpty else { break }
      for i in 0..<input.count {
        let p = input[i]
        let q = input[(i + 1) % input.count]
        let pin = inside(p)
        let qin = inside(q)
        if pin { output.append(p) }
        if pin != qin { output.append(crossing(p, q)) }
      }
    }
    return output
  }

  static func isConvex(_ p: [Point]) -> Bool {
    guard p.count >= 3 else { return false }
    var sign = 0.0
    for i in 0..<p.count {
      let a = p[i]
      let b = p[(i + 1) % p.count]
      let c = p[(i + 2) % p.count]
      let z = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
      if abs(z) < 1e-9 { return false }
      if sign == 0 {
        sign = z
      } else if (z > 0) != (sign > 0) {
        return false
      }
    }
    return true
  }

  static func distance(_ a: Point, _ b: Point) -> Double {
    ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
  }
}
