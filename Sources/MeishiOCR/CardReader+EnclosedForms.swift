import CTesseract
import Foundation
import MeishiCore
import MeishiImaging

// ㈱ and its kin, which the Japanese model cannot read.
extension CardReader {
  /// The enclosed legal forms, by the character inside the parentheses.
  /// Only ㈱ and ㈲: the others (㈳ ㈶ ㈵ …) are rare on cards, and their inner characters
  /// are too like parts of common kanji (財 inside 購, 特 inside 特).
  static let enclosedForms: [Character: Character] = ["株": "㈱", "有": "㈲"]

  /// ㈱, ㈲ and their kin are not in the Japanese model's character set: Tesseract reads them
  /// as some other kanji ("カナリア電機綿"), and the company loses its legal form. A line's first
  /// two characters and its last are looked at, on lines that may name a company, and its last
  /// kanji when a logo was read after it ("北辰電機則 ぐふ"; one number of the logo allowed,
  /// "北辰電機坦 《⑮"), framed by its own ink (``enclosedBox``): where one
  /// has ink down both its sides (the parentheses), the character between them is read on
  /// its own, and when that is 株 or 有, the enclosed form replaces the one first read.
  func readEnclosedForms(_ c: inout Candidate) throws(OCRError) {
    guard let raster = c.image.raster(), raster.channels == 1 else { return }
    // Lines that may name a company: not long, type no smaller than most (and no number at
    // their ends; one at most before a logo).
    let heights = c.lines.map { $0.y2 - $0.y1 }.sorted()
    let typical = heights.isEmpty ? 0 : heights[heights.count / 2]
    var checks = 0
    // First the ends of lines, then (with the checks left) the last kanji before a logo.
    for pass in 0..<2 {
      for n in c.lines.indices where checks < 6 {
        let line = c.lines[n]
        let glyphs = line.glyphs
        guard let chars = line.boxedCharacters, chars.count >= 3, chars.count <= 24,
          Self.japaneseShare(line.text) >= 0.5, line.y2 - line.y1 >= typical
        else { continue }
        let candidates: [Int]
        if pass == 0 {
          guard !chars.contains(where: \.isNumber) else { continue }
          candidates = Set([0, 1, glyphs.count - 1]).sorted()
        } else {
          // One number at most (a logo's "⑮"), no form found yet, and what follows the last
          // kanji no kanji (a logo read as kana or marks).
          guard chars.filter(\.isNumber).count <= 1,
            !chars.contains(where: { Self.enclosedForms.values.contains($0) }),
            let k = chars.lastIndex(where: Self.isKanji), k >= 2, k < chars.count - 1
          else { continue }
          candidates = [k]
        }
        try readEnclosedForms(&c, line: n, chars: chars, at: candidates, inside: pass == 1, raster: raster, checks: &checks)
      }
    }
  }

  /// Looks for an enclosed form at the characters `at` of line `n` (its ``boxedCharacters``,
  /// `chars`): at a line's ends in
  /// Tesseract's box for the character (or a square on its outer edge); `inside` it, in the
  /// box its own ink gives (``enclosedBox``).
  func readEnclosedForms(
    _ c: inout Candidate, line n: Int, chars: [Character], at candidates: [Int], inside: Bool,
    raster: RasterImage, checks: inout Int
  ) throws(OCRError) {
    let line = c.lines[n]
    let glyphs = line.glyphs
    for k in candidates where checks < 6 {
      let g = glyphs[k]
      guard Self.isKanji(chars[k]),
        let (top, bottom) = Self.inkRows(raster, x1: g.x1, x2: g.x2, y1: line.y1, y2: line.y2)
      else { continue }
      let h = bottom - top
      guard h >= 8 else { continue }
      let boxes: [(Int, Int)]
      if !inside {
        // Tesseract's box for the character, and a square on its outer edge (its box
        // sometimes takes in a neighbour, or a logo beside it).
        let square = k == glyphs.count - 1 ? (g.x2 - h, g.x2) : (g.x1, g.x1 + h)
        boxes = abs(square.0 - g.x1) + abs(square.1 - g.x2) > h / 5 ? [(g.x1, g.x2), square] : [(g.x1, g.x2)]
      } else {
        // Inside the line, Tesseract's box for it may be off by half a character.
        guard let box = Self.enclosedBox(raster, near: (g.x1, g.x2), top: top, bottom: bottom) else { continue }
        boxes = [box]
      }
      var found: Character?
      for (x1, x2) in boxes where found == nil && checks < 6 {
        let w = x2 - x1
        guard x1 >= 0, x2 <= raster.width, w * 10 >= h * 3, w * 10 <= h * (inside ? 16 : 13),
          Self.inkDownBothSides(raster, x1: x1, y1: top, x2: x2, y2: bottom)
        else { continue }
        checks += 1
        found = try readEnclosedForm(in: c.image, x1: x1, y1: top, x2: x2, y2: bottom)
        // 株 read as 株: the character itself, not one in parentheses.
        if let f = found, Self.enclosedForms.first(where: { $0.value == f })?.key == chars[k] { found = nil }
      }
      guard let form = found else { continue }
      trace?("    enclosed: \(chars[k]) → \(form) in \(line.text)")
      c.lines[n].replaceCharacters([k: form])
    }
  }

  /// The enclosed form in a box whose sides are the parentheses: the character between them
  /// (the box less 15% each side), made square again (the enclosed forms squeeze it) and
  /// read on its own.
  func readEnclosedForm(in image: PixImage, x1: Int, y1: Int, x2: Int, y2: Int) throws(OCRError) -> Character? {
    let w = x2 - x1
    let h = y2 - y1
    let inner = max(1, w * 15 / 100)
    let cw = w - 2 * inner
    let y = max(0, y1 - 2)
    guard cw >= 3, h >= 3,
      let crop = image.cropped(x: x1 + inner, y: y, width: cw, height: min(image.height, y2 + 2) - y),
      let square = crop.scaled(x: 48.0 / Double(cw), y: 48.0 / Double(h)),
      let framed = square.bordered(12)
    else { return nil }
    framed.setResolutionIfMissing()
    let read = try shared("jpn", { $0.recognize(framed, pageSegMode: PSM_RAW_LINE) ?? [] })
      .map(\.text).joined().filter { !$0.isWhitespace }
    trace?("    enclosed? \(x1)–\(x2) × \(y1)–\(y2): \(read)")
    guard read.count == 1, let form = Self.enclosedForms[read.first!] else { return nil }
    return form
  }

  /// Half way between the darkest and the lightest pixel of a box (clipped to the image): ink
  /// is darker. Nil when the box is empty or holds too little contrast (under 60) for ink.
  static func inkThreshold(_ r: RasterImage, x1: Int, x2: Int, y1: Int, y2: Int) -> Int? {
    let x1 = max(0, x1), y1 = max(0, y1), x2 = min(r.width, x2), y2 = min(r.height, y2)
    guard x2 > x1, y2 > y1 else { return nil }
    var lo = UInt8.max
    var hi = UInt8.min
    for y in y1..<y2 {
      for x in x1..<x2 {
        lo = min(lo, r.pixels[y * r.width + x])
        hi = max(hi, r.pixels[y * r.width + x])
      }
    }
    return Int(hi) - Int(lo) >= 60 ? (Int(lo) + Int(hi)) / 2 : nil
  }

  /// The top and bottom (exclusive) of the ink between `x1` and `x2`, within `y1..<y2`: the
  /// tallest run of inked rows (gaps of up to 3 rows bridged), so not a rule under the line.
  static func inkRows(_ r: RasterImage, x1: Int, x2: Int, y1: Int, y2: Int) -> (Int, Int)? {
    let x1 = max(0, x1), y1 = max(0, y1), x2 = min(r.width, x2), y2 = min(r.height, y2)
    guard let threshold = inkThreshold(r, x1: x1, x2: x2, y1: y1, y2: y2) else { return nil }
    let rows = (y1..<y2).filter { y in (x1..<x2).contains { Int(r.pixels[y * r.width + $0]) < threshold } }
    var best: (Int, Int)?
    var start = rows.first ?? 0
    for (i, y) in rows.enumerated() {
      let next = i + 1 < rows.count ? rows[i + 1] : Int.max
      guard next - y > 4 else { continue }
      if best.map({ y + 1 - start > $0.1 - $0.0 }) ?? true { best = (start, y + 1) }
      start = next
    }
    return best
  }

  /// The box of an enclosed form near Tesseract's box `near` for it: a run of columns between
  /// two empty ones (the parentheses are the form's outer edges), 1 to 1.6 times as wide as
  /// the ink is high, with ink down both its sides; the nearest such run, nil when none.
  static func enclosedBox(_ r: RasterImage, near g: (Int, Int), top: Int, bottom: Int) -> (Int, Int)? {
    let h = bottom - top
    let top = max(0, top), bottom = min(r.height, bottom)
    guard h >= 8, bottom > top,
      let threshold = inkThreshold(r, x1: max(0, g.0 - h), x2: min(r.width, g.1 + h), y1: top, y2: bottom)
    else { return nil }
    func empty(_ x: Int) -> Bool {
      x < 0 || x >= r.width || !(top..<bottom).contains { Int(r.pixels[$0 * r.width + x]) < threshold }
    }
    let centre = (g.0 + g.1) / 2
    var best: (Int, Int)?
    for x1 in max(1, g.0 - h)...max(1, g.0 + h / 2) where empty(x1 - 1) && !empty(x1) {
      for w in h...(h * 8 / 5) where x1 + w < r.width && empty(x1 + w) && !empty(x1 + w - 1) {
        guard inkDownBothSides(r, x1: x1, y1: top, x2: x1 + w, y2: bottom) else { continue }
        if best.map({ abs(x1 + w / 2 - centre) < abs(($0.0 + $0.1) / 2 - centre) }) ?? true {
          best = (x1, x1 + w)
        }
      }
    }
    return best
  }

  /// Ink in most rows of both the left and the right quarter of a box: the parentheses of
  /// ㈱ (and the sides of 間 or 門, which reading then tells apart).
  static func inkDownBothSides(_ r: RasterImage, x1: Int, y1: Int, x2: Int, y2: Int) -> Bool {
    let x1 = max(0, x1), y1 = max(0, y1), x2 = min(r.width, x2), y2 = min(r.height, y2)
    guard x2 - x1 >= 4, y2 - y1 >= 6 else { return false }
    var lo = UInt8.max
    var hi = UInt8.min
    for y in y1..<y2 {
      for x in x1..<x2 {
        let v = r.pixels[y * r.width + x]
        lo = min(lo, v)
        hi = max(hi, v)
      }
    }
    guard Int(hi) - Int(lo) >= 60 else { return false }
    let threshold = (Int(lo) + Int(hi)) / 2
    let band = max(1, (x2 - x1) / 4)
    func coverage(_ xs: Range<Int>) -> Double {
      var rows = 0
      for y in y1..<y2 where xs.contains(where: { Int(r.pixels[y * r.width + $0]) < threshold }) {
        rows += 1
      }
      return Double(rows) / Double(y2 - y1)
    }
    return coverage(x1..<(x1 + band)) >= 0.6 && coverage((x2 - band)..<x2) >= 0.6
  }
}
