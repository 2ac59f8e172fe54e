/// An 8-bit image in memory, row-major, `channels` bytes per pixel (1 = grey, 3 = RGB).
///
/// The imaging stage works on this plain value so that its algorithms (finding
/// the card in a photo, flattening it) are testable without any C library.
public struct RasterImage: Sendable, Equatable {
  public var width: Int
  public var height: Int
  public var channels: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
    precondition(channels == 1 || channels == 3, "channels must be 1 or 3")
    precondition(pixels.count == width * height * channels, "pixel count does not match the size")
    self.width = width
    self.height = height
    self.channels = channels
    self.pixels = pixels
  }

  /// A blank image filled with `value` in every channel.
  public init(width: Int, height: Int, channels: Int, fill value: UInt8) {
    self.init(
      width: width, height: height, channels: channels,
      pixels: [UInt8](repeating: value, count: width * height * channels))
  }
}

/// A point in image coordinates (x to the right, y down).
///
/// Coordinates are continuous: pixel `(i, j)` covers the square `[i, i+1) × [j, j+1)`, so its
/// centre is `(i + 0.5, j + 0.5)` and an image of width `w` spans `0...w`. Scaling an image by a
/// factor `s` therefore scales every point by exactly `s`.
public struct Point: Sendable, Equatable {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// Four corners of a card in an image: top left, top right, bottom right, bottom left.
public struct Quadrilateral: Sendable, Equatable {
  public var topLeft: Point
  public var topRight: Point
  public var bottomRight: Point
  public var bottomLeft: Point

  public init(topLeft: Point, topRight: Point, bottomRight: Point, bottomLeft: Point) {
    self.topLeft = topLeft
    self.topRight = topRight
    self.bottomRight = bottomRight
    self.bottomLeft = bottomLeft
  }

  /// The corners in order: top left, top right, bottom right, bottom left.
  public var corners: [Point] { [topLeft, topRight, bottomRight, bottomLeft] }

  /// Builds a quadrilateral from four corners given as top left, top right, bottom right, bottom left.
  public init(corners c: [Point]) {
    precondition(c.count == 4, "a quadrilateral has four corners")
    self.init(topLeft: c[0], topRight: c[1], bottomRight: c[2], bottomLeft: c[3])
  }

  /// The enclosed area (shoelace formula; absolute value).
  public var area: Double { abs(Geometry.signedArea(corners)) }
  /// The length of its longest side.
  public var longestSide: Double {
    let c = corners
    return (0..<4).map { Geometry.distance(c[$0], c[($0 + 1) % 4]) }.max()!
  }
}

extension RasterImage: CustomStringConvertible {
  /// A short summary (size and channels), not the pixels.
  public var description: String { "RasterImage(\(width)x\(height), \(channels) channel(s))" }
}
