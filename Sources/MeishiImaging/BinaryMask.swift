/// A binary image (1 = set) used by card detection.
struct BinaryMask: Sendable, Equatable {
  var width: Int
  var height: Int
  var bits: [UInt8]

  init(width: Int, height: Int, bits: [UInt8]) {
    self.width = width
    self.height = height
    self.bits = bits
  }

  init(width: Int, height: Int) {
    self.init(width: width, height: height, bits: [UInt8](repeating: 0, count: width * height))
  }

  subscript(x: Int, y: Int) -> Bool { bits[y * width + x] != 0 }

  var count: Int { bits.reduce(0) { $0 + Int($1) } }

  /// Square max (dilate) or min (erode) filter of the given radius; pixels outside the image are
  /// ignored, so shapes touching the border are not eaten away.
  func filtered(radius r: Int, dilate: Bool) -> BinaryMask {
    guard r > 0 else { return self }
    let w = width
    let h = height
    var tmp = [UInt8](repeating: 0, count: w * h)
    var out = [UInt8](repeating: 0, count: w * h)
    bits.withUnsafeBufferPointer { src in
      tmp.withUnsafeMutableBufferPointer { tmp in
        for y in 0..<h {
          let row = y * w
          for x in 0..<w {
            var v: UInt8 = dilate ? 0 : 1
            for xx in max(0, x - r)...min(w - 1, x + r) {
              let s = src[row + xx]
              if dilate ? s != 0 : s == 0 {
                v = dilate ? 1 : 0
                break
              }
            }
            tmp[row + x] = v
          }
        }
      }
    }
    tmp.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { out in
        for y in 0..<h {
          for x in 0..<w {
            var v: UInt8 = dilate ? 0 : 1
            for yy in max(0, y - r)...min(h - 1, y + r) {
              let s = src[yy * w + x]
              if dilate ? s != 0 : s == 0 {
                v = dilate ? 1 : 0
                break
              }
            }
            out[y * w + x] = v
          }
        }
      }
    }
    return BinaryMask(width: w, height: h, bits: out)
  }

  func closed(radius r: Int) -> BinaryMask {
    filtered(radius: r, dilate: true).filtered(radius: r, dilate: false)
  }

  func opened(radius r: Int) -> BinaryMask {
    filtered(radius: r, dilate: false).filtered(radius: r, dilate: true)
  }

  /// A 4-connected component.
  struct Component: Sendable {
    var label: Int32
    var area: Int
    var minX: Int
    var minY: Int
    var maxX: Int
    var maxY: Int
    /// Pixels of the component lying on the outermost rows/columns of the image.
    var borderPixels: Int
  }

  /// Labels 4-connected components of set pixels (labels start at 1; 0 = background).
  func components() -> (labels: [Int32], components: [Component]) {
    let w = width
    let h = height
    var labels = [Int32](repeating: 0, count: w * h)
    var comps: [Component] = []
    var stack: [Int] = []
    stack.reserveCapacity(1024)
    bits.withUnsafeBufferPointer { bits in
      labels.withUnsafeMutableBufferPointer { labels in
        for start in 0..<(w * h) where bits[start] != 0 && labels[start] == 0 {
          let label = Int32(comps.count + 1)
          var c = Component(
            label: label, area: 0, minX: w, minY: h, maxX: -1, maxY: -1, borderPixels: 0)
          labels[start] = label
          stack.append(start)
          while let i = stack.popLast() {
            let x = i % w
            let y = i / w
            c.area += 1
            c.minX = min(c.minX, x)
            c.maxX = max(c.maxX, x)
            c.minY = min(c.minY, y)
            c.maxY = max(c.maxY, y)
            if x == 0 || y == 0 || x == w - 1 || y == h - 1 { c.borderPixels += 1 }
            if x > 0 && bits[i - 1] != 0 && labels[i - 1] == 0 {
              labels[i - 1] = label
              stack.append(i - 1)
            }
            if x < w - 1 && bits[i + 1] != 0 && labels[i + 1] == 0 {
              labels[i + 1] = label
              stack.append(i + 1)
            }
            if y > 0 && bits[i - w] != 0 && labels[i - w] == 0 {
              labels[i - w] = label
              stack.append(i - w)
            }
            if y < h - 1 && bits[i + w] != 0 && labels[i + w] == 0 {
              labels[i + w] = label
              stack.append(i + w)
            }
          }
          comps.append(c)
        }
      }
    }
    return (labels, comps)
  }

  /// The mask of one component with its holes filled (everything not reachable from outside the
  /// component's bounding box without crossing it).
  static func filledComponent(
    _ c: Component, labels: [Int32], width w: Int, height h: Int
  ) -> BinaryMask {
    // Work in the bounding box grown by one pixel, so the outside is connected around it.
    let x0 = c.minX - 1
    let y0 = c.minY - 1
    let bw = c.maxX - c.minX + 3
    let bh = c.maxY - c.minY + 3
    var outside = [UInt8](repeating: 0, count: bw * bh)
    func inComponent(_ bx: Int, _ by: Int) -> Bool {
      let x = bx + x0
      let y = by + y0
      guard x >= 0, y >= 0, x < w, y < h else { return false }
      return labels[y * w + x] == c.label
    }
    var stack = [0]
    outside[0] = 1
    while let i = stack.popLast() {
      let bx = i % bw
      let by = i / bw
      for (nx, ny) in [(bx - 1, by), (bx + 1, by), (bx, by - 1), (bx, by + 1)] {
        guard nx >= 0, ny >= 0, nx < bw, ny < bh else { continue }
        let j = ny * bw + nx
        if outside[j] == 0 && !inComponent(nx, ny) {
          outside[j] = 1
          stack.append(j)
        }
      }
    }
    var mask = BinaryMask(width: w, height: h)
    for by in 1..<(bh - 1) {
      for bx in 1..<(bw - 1) where outside[by * bw + bx] == 0 {
        mask.bits[(by + y0) * w + (bx + x0)] = 1
      }
    }
    return mask
  }
}
