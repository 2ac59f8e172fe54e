import Foundation
import MeishiImaging
import MeishiTestSupport
import Testing

@Suite struct ExifOrientationTests {
  /// A minimal JPEG head: SOI, an APP0, an APP1 with a TIFF IFD0 holding the orientation tag,
  /// then SOS.
  static func jpeg(orientation: Int, bigEndian: Bool, extraEntries: Int = 0) -> [UInt8] {
    func u16(_ v: Int) -> [UInt8] {
      bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)]
    }
    func u32(_ v: Int) -> [UInt8] {
      bigEndian
        ? [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        : [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }
    var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
    tiff += u16(42) + u32(8)
    let count = extraEntries + 1
    tiff += u16(count)
    // Other tags first (ImageWidth, type LONG), then Orientation (type SHORT).
    for k in 0..<extraEntries { tiff += u16(0x0100 + k) + u16(4) + u32(1) + u32(1000) }
    tiff += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0]
    tiff += u32(0)
    let app1 = Array("Exif".utf8) + [0, 0] + tiff
    let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
    return [0xFF, 0xD8] + app0 + [0xFF, 0xE1] + u16be(app1.count + 2) + app1
      + [0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6]
  }

  static func u16be(_ v: Int) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }

  @Test(arguments: [1, 3, 6, 8])
  func readsTheTagInEitherByteOrder(value: Int) {
    #expect(ExifOrientation.read(jpeg: Self.jpeg(orientation: value, bigEndian: false))?.value == value)
    #expect(
      ExifOrientation.read(jpeg: Self.jpeg(orientation: value, bigEndian: true, extraEntries: 3))?
        .value == value)
  }

  @Test func quarterTurnsDisplayTheImageUpright() {
    #expect(ExifOrientation(1)?.quarterTurns == 0)
    #expect(ExifOrientation(6)?.quarterTurns == 1)  // phone held upright: turn 90° clockwise
    #expect(ExifOrientation(3)?.quarterTurns == 2)
    #expect(ExifOrientation(8)?.quarterTurns == 3)
    #expect(ExifOrientation(2)?.mirrored == true && ExifOrientation(6)?.mirrored == false)
    // Transpose (5) is a flip and three quarter turns, transverse (7) a flip and one.
    #expect(ExifOrientation(5)?.quarterTurns == 3 && ExifOrientation(7)?.quarterTurns == 1)
    #expect(ExifOrientation(0) == nil && ExifOrientation(9) == nil)
  }

  @Test func damagedOrMissingDataGivesNoTag() {
    let good = Self.jpeg(orientation: 6, bigEndian: false)
    // Cut anywhere inside the APP1 segment: no tag, no trap.
    for n in stride(from: 0, to: good.count - 10, by: 3) {
      #expect(ExifOrientation.read(jpeg: Array(good.prefix(n))) == nil)
    }
    #expect(ExifOrientation.read(jpeg: Self.jpeg(orientation: 0, bigEndian: false)) == nil)
    #expect(ExifOrientation.read(jpeg: Array("not a jpeg".utf8)) == nil)
    // A PNG file's bytes.
    #expect(ExifOrientation.read(jpeg: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == nil)
  }

  @Test func readsThePhotoFixtures() throws {
    func tag(_ file: String) throws -> Int? {
      let bytes = [UInt8](try Data(contentsOf: Fixtures.url("photos/\(file)")))
      return ExifOrientation.read(jpeg: bytes)?.value
    }
    #expect(try tag("30-exif6-correct-astro.jpg") == 6)
    #expect(try tag("31-exif8-correct-kohaku.jpg") == 8)
    #expect(try tag("01-wood-cosmos.jpg") == nil)
  }
}

@Suite struct PolarityTests {
  /// A white 600x300 card; `band` rows are filled with `ground`, and "letters" (6 px strokes)
  /// of `ink` are drawn in rows 20…40 and 220…240.
  static func card(band: Range<Int>?, ground: UInt8 = 40, bandInk: UInt8 = 250) -> RasterImage {
    let w = 600
    let h = 300
    var px = [UInt8](repeating: 255, count: w * h)
    if let band {
      for y in band { for x in 0..<w { px[y * w + x] = ground } }
    }
    for y in 0..<h {
      let inBand = band?.contains(y) ?? false
      let inText = (20..<40).contains(y) || (220..<240).contains(y)
      guard inText else { continue }
      for x in stride(from: 40, to: 560, by: 16) {
        for dx in 0..<6 { px[y * w + x + dx] = inBand ? bandInk : 20 }
      }
    }
    return RasterImage(width: w, height: h, channels: 1, pixels: px)
  }

  @Test func invertsADarkBandWithLightLettering() {
    let image = Self.card(band: 200..<260)
    let out = Polarity.lightenDarkRegions(image)
    #expect(out.invertedFraction > 0.15 && out.invertedFraction < 0.3)
    let w = image.width
    // The band's ground is now light, its lettering dark; the rest is untouched.
    #expect(out.image.pixels[205 * w + 10] > 200)
    #expect(out.image.pixels[230 * w + 42] < 60)
    #expect(out.image.pixels[30 * w + 42] == 20)
    #expect(out.image.pixels[100 * w + 300] == 255)
  }

  @Test func invertsAWholeDarkCard() {
    let image = Self.card(band: 0..<300)
    let out = Polarity.lightenDarkRegions(image)
    #expect(out.invertedFraction > 0.95)
    #expect(out.image.pixels[150 * 600 + 300] > 200)
  }

  @Test func leavesDarkTextOnWhiteAlone() {
    let image = Self.card(band: nil)
    let out = Polarity.lightenDarkRegions(image)
    #expect(out.invertedFraction == 0)
    #expect(out.image == image)
  }

  @Test func leavesABandWithDarkLetteringAlone() {
    // A light grey band whose lettering is darker than it: nothing to invert.
    let image = Self.card(band: 200..<260, ground: 190, bandInk: 20)
    #expect(Polarity.lightenDarkRegions(image).invertedFraction == 0)
  }

  /// A grey panel over the left 60 % of a white card, lit towards its top-left corner (its ground
  /// 150 at the bottom right, 212 at the top left, lighter there than one threshold takes for
  /// dark), white lettering in its lit corner and in its dark part, black lettering on the paper.
  static func unevenlyLitPanel() -> RasterImage {
    // Sides that are not multiples of the spread's 4 px cells.
    let w = 603
    let h = 301
    var px = [UInt8](repeating: 245, count: w * h)
    for y in 0..<h {
      for x in 0..<361 {
        px[y * w + x] = UInt8(150 + 62 * (360 - x) * (h - 1 - y) / (360 * (h - 1)))
      }
    }
    func letters(rows: Range<Int>, columns: StrideTo<Int>, ink: UInt8) {
      for y in rows { for x in columns { for dx in 0..<6 { px[y * w + x + dx] = ink } } }
    }
    letters(rows: 20..<40, columns: stride(from: 20, to: 120, by: 16), ink: 252)
    letters(rows: 220..<240, columns: stride(from: 200, to: 340, by: 16), ink: 252)
    letters(rows: 120..<140, columns: stride(from: 400, to: 560, by: 16), ink: 20)
    return RasterImage(width: w, height: h, channels: 1, pixels: px)
  }

  @Test func turnsLetteringWhereThePanelIsLitUnevenly() {
    let image = Self.unevenlyLitPanel()
    let out = Polarity.lightenDarkRegions(image)
    let w = image.width
    // Lettering in the lit corner is turned dark like the rest of the panel's.
    #expect(out.image.pixels[30 * w + 22] < 100, "lit corner: \(out.image.pixels[30 * w + 22])")
    #expect(out.image.pixels[230 * w + 202] < 100)
    // The ground between the lit corner's letters is far lighter than they are (grey: the
    // panel's curve turns its median ground white).
    #expect(Int(out.image.pixels[30 * w + 32]) - Int(out.image.pixels[30 * w + 22]) >= 100)
    // The paper and its black lettering are untouched: the spread stops at the panel's edge.
    for y in stride(from: 0, to: 301, by: 10) {
      for x in 365..<603 where out.image.pixels[y * w + x] != image.pixels[y * w + x] {
        Issue.record("paper changed at \(x),\(y)")
        return
      }
    }
    #expect(out.invertedFraction > 0.55 && out.invertedFraction < 0.62)
  }

  @Test func leavesPrintInAShadowAlone() {
    // A soft shadow (55 % of the light, its edge a 40 px ramp) over the right half of a white
    // card with black lettering: darker ground, darker print, lit paper beyond its edge.
    var image = Self.card(band: nil)
    let w = image.width
    for y in 0..<image.height {
      for x in 260..<w {
        let light = 1 - 0.45 * min(1, Double(x - 260) / 40)
        image.pixels[y * w + x] = UInt8(Double(image.pixels[y * w + x]) * light)
      }
    }
    let out = Polarity.lightenDarkRegions(image)
    #expect(out.invertedFraction == 0)
    #expect(out.image == image)
  }

  @Test func invertsABandThatHoldsADarkLogoOrTagline() {
    // Black print on a band with white lettering (a logo, a tagline) is no shadow: one blob, or
    // fewer pieces than the white lettering; the band is still turned.
    var logo = Self.card(band: 200..<260)
    let w = logo.width
    for y in 205..<255 { for x in 570..<595 { logo.pixels[y * w + x] = 0 } }
    var tagline = Self.card(band: 200..<260)
    for y in 246..<254 { for x in stride(from: 100, to: 220, by: 12) { for dx in 0..<4 { tagline.pixels[y * w + x + dx] = 0 } } }
    for image in [logo, tagline] {
      let out = Polarity.lightenDarkRegions(image)
      #expect(out.invertedFraction > 0.15 && out.invertedFraction < 0.3, "\(out.invertedFraction)")
      #expect(out.image.pixels[230 * w + 42] < 60)
    }
  }

  @Test func leavesAThinFrameAlone() {
    var image = Self.card(band: nil)
    let w = image.width
    for y in 0..<image.height {
      for x in 0..<w where y < 3 || y >= image.height - 3 || x < 3 || x >= w - 3 {
        image.pixels[y * w + x] = 10
      }
    }
    #expect(Polarity.lightenDarkRegions(image).invertedFraction == 0)
  }
}

@Suite struct MultiCardTests {
  /// A flatbed sheet: `count` white cards (89:51) on a near-white bed, told apart only by a thin
  /// grey edge, each with dark text bars.
  static func sheet(slots: [(Int, Int)], cardWidth: Int = 445, edges: Bool = true) -> RasterImage {
    let w = 1100
    let h = 760
    let ch = cardWidth * 51 / 89
    var px = [UInt8](repeating: 246, count: w * h * 3)
    func set(_ x: Int, _ y: Int, _ v: UInt8) {
      guard x >= 0, y >= 0, x < w, y < h else { return }
      for k in 0..<3 { px[(y * w + x) * 3 + k] = v }
    }
    for (x0, y0) in slots {
      for y in y0..<(y0 + ch) {
        for x in x0..<(x0 + cardWidth) {
          let edge = x < x0 + 2 || y < y0 + 2 || x >= x0 + cardWidth - 2 || y >= y0 + ch - 2
          set(x, y, edge && edges ? 200 : 251)
        }
      }
      for (top, left, right) in [(30, 30, 260), (70, 30, 200), (150, 120, 400), (190, 30, 330)] {
        for y in (y0 + top)..<(y0 + top + 12) {
          for x in (x0 + left)..<(x0 + right) { set(x, y, 40) }
        }
      }
    }
    return RasterImage(width: w, height: h, channels: 3, pixels: px)
  }

  @Test func findsEveryCardOnAFlatbedSheet() {
    let slots = [(40, 40), (560, 50), (50, 400), (570, 410)]
    let quads = CardRectifier.locateCards(in: Self.sheet(slots: slots))
    #expect(quads.count == 4)
    for (x0, y0) in slots {
      let match = quads.first { q in
        abs(q.topLeft.x - Double(x0)) < 6 && abs(q.topLeft.y - Double(y0)) < 6
      }
      #expect(match != nil, "no card found at (\(x0), \(y0)): \(quads)")
    }
  }

  @Test func aScannedCardIsNotACardOnADesk() {
    // A card scan fills its frame: nothing to find, and it is recognised as such.
    let one = Self.sheet(slots: [(0, 0)], cardWidth: 1100, edges: false)
    let cropped = RasterImage(
      width: 1100, height: 630, channels: 3, pixels: Array(one.pixels.prefix(1100 * 630 * 3)))
    #expect(CardRectifier.isFlatCard(cropped))
    #expect(CardRectifier.locateCards(in: cropped).isEmpty)
  }
}
