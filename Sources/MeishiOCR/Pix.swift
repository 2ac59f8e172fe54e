import CTesseract
import MeishiImaging

/// Leptonica's image handle as Swift sees it with Leptonica 1.82 (a typed pointer;
/// 1.83+ makes it opaque, which would change only this alias).
typealias PixPointer = UnsafeMutablePointer<Pix>

/// An owned Leptonica image: destroyed when the last reference goes.
/// Confined to the thread of the engine that uses it (not `Sendable`).
final class PixImage {
  private(set) var pointer: PixPointer

  /// Takes ownership of `pointer`.
  init(taking pointer: PixPointer) {
    self.pointer = pointer
  }

  deinit {
    var p: PixPointer? = pointer
    pixDestroy(&p)
  }

  var width: Int { Int(pixGetWidth(pointer)) }
  var height: Int { Int(pixGetHeight(pointer)) }
  var depth: Int { Int(pixGetDepth(pointer)) }

  /// Decodes an image held in memory; nil when Leptonica cannot decode it.
  static func decode(_ bytes: [UInt8]) -> PixImage? {
    let p = bytes.withUnsafeBufferPointer { buf in pixReadMem(buf.baseAddress, buf.count) }
    return p.map(PixImage.init(taking:))
  }

  /// A new image from a Leptonica call that returns a new Pix, or nil on failure.
  private func derive(_ make: (PixPointer) -> PixPointer?) -> PixImage? {
    make(pointer).map(PixImage.init(taking:))
  }

  /// 8-bit grey (colour maps removed).
  func gray() -> PixImage? {
    if depth == 8 && pixGetColormap(pointer) == nil { return derive { pixClone($0) } }
    return derive { pixConvertTo8($0, 0) }
  }

  /// 32-bit RGB.
  func rgb() -> PixImage? { derive { pixConvertTo32($0) } }

  /// Scaled by `factor` (area-mapped when shrinking).
  func scaled(by factor: Double) -> PixImage? {
    derive { pixScale($0, Float(factor), Float(factor)) }
  }

  /// Scaled by `x` across and `y` down.
  func scaled(x: Double, y: Double) -> PixImage? {
    derive { pixScale($0, Float(x), Float(y)) }
  }

  /// A copy of a rectangle of the image.
  func cropped(x: Int, y: Int, width: Int, height: Int) -> PixImage? {
    guard let box = boxCreate(Int32(x), Int32(y), Int32(width), Int32(height)) as UnsafeMutablePointer<Box>? else {
      return nil
    }
    defer {
      var b: UnsafeMutablePointer<Box>? = box
      boxDestroy(&b)
    }
    return derive { pixClipRectangle($0, box, nil) }
  }

  /// With a white border of `pixels` on every side.
  func bordered(_ pixels: Int) -> PixImage? {
    derive { pixAddBorder($0, Int32(pixels), 255) }
  }

  /// Rotated by `quarterTurns` clockwise quarter turns.
  func rotated(quarterTurns: Int) -> PixImage? {
    let q = ((quarterTurns % 4) + 4) % 4
    if q == 0 { return self }
    return derive { pixRotateOrth($0, Int32(q)) }
  }

  func setResolutionIfMissing() {
    if pixGetXRes(pointer) < 70 || pixGetYRes(pointer) < 70 {
      pixSetResolution(pointer, 300, 300)
    }
  }

  /// Copies the pixels out (1 channel for 8-bit grey, else 3 for RGB).
  func raster() -> RasterImage? {
    guard let src = (depth == 8 && pixGetColormap(pointer) == nil) ? self : rgb() else { return nil }
    let w = src.width, h = src.height, d = src.depth
    let wpl = Int(pixGetWpl(src.pointer))
    guard let data = pixGetData(src.pointer) else { return nil }
    let channels = d == 8 ? 1 : 3
    var out = [UInt8](repeating: 0, count: w * h * channels)
    out.withUnsafeMutableBufferPointer { dst in
      for y in 0..<h {
        let line = data + y * wpl
        if d == 8 {
          let bytes = UnsafeRawPointer(line).assumingMemoryBound(to: UInt8.self)
          // Leptonica packs bytes big-endian within 32-bit words.
          for x in 0..<w { dst[y * w + x] = bytes[x ^ 3] }
        } else {
          for x in 0..<w {
            let word = line[x]
            let o = (y * w + x) * 3
            dst[o] = UInt8((word >> 24) & 0xFF)
            dst[o + 1] = UInt8((word >> 16) & 0xFF)
            dst[o + 2] = UInt8((word >> 8) & 0xFF)
          }
        }
      }
    }
    return RasterImage(width: w, height: h, channels: channels, pixels: out)
  }

  /// An 8-bit grey Pix from a raster (RGB is converted to grey).
  static func make(from raster: RasterImage) -> PixImage? {
    let w = raster.width, h = raster.height
    guard let p = pixCreate(Int32(w), Int32(h), 8) else { return nil }
    let img = PixImage(taking: p)
    let wpl = Int(pixGetWpl(p))
    guard let data = pixGetData(p) else { return nil }
    raster.pixels.withUnsafeBufferPointer { src in
      for y in 0..<h {
        let bytes = UnsafeMutableRawPointer(data + y * wpl).assumingMemoryBound(to: UInt8.self)
        for x in 0..<w {
          let v: UInt8
          if raster.channels == 1 {
            v = src[y * w + x]
          } else {
            let o = (y * w + x) * 3
            let r = Int(src[o]) * 299
            let g = Int(src[o + 1]) * 587
            let b = Int(src[o + 2]) * 114
            v = UInt8((r + g + b) / 1000)
          }
          bytes[x ^ 3] = v
        }
      }
    }
    pixSetResolution(p, 300, 300)
    return img
  }
}
