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
  /// has ink down both its sides (the parentheses), its whole glyph is compared with pictures
  /// of the forms (``GlyphTemplates/enclosedForm(glyph:read:)``), and failing that the
  /// character between the parentheses is read on its own; when the one or the other says ㈱
  /// or ㈲, the form replaces the character first read. Last, a form split or left out at a
  /// line's start is looked for (``readEnclosedFormAtStart(_:line:raster:)``).
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
          guard chars.filter(\.isNumber).count <= 1, !Self.hasLegalForm(line.text),
            let k = chars.lastIndex(where: Self.isKanji), k >= 2, k < chars.count - 1
          else { continue }
          candidates = [k]
        }
        try readEnclosedForms(&c, line: n, chars: chars, at: candidates, inside: pass == 1, raster: raster, checks: &checks)
      }
    }
    // Last, a form at a line's start that Tesseract split ("6 貼瀬戸内不動産", "9 (瀬戸…") or
    // left out ("瀬戸内不動産"), told by its glyph alone.
    for n in c.lines.indices {
      let line = c.lines[n]
      guard let chars = line.boxedCharacters, chars.count >= 3, chars.count <= 24,
        Self.japaneseShare(line.text) >= 0.5, line.y2 - line.y1 >= typical,
        !Self.hasLegalForm(line.text), !chars.dropFirst(2).contains(where: \.isNumber)
      else { continue }
      readEnclosedFormAtStart(&c, line: n, raster: raster)
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
        // The whole glyph, parentheses and all, compared with pictures of the forms first:
        // no reading needed when they say so clearly. Not when the parentheses were read as
        // such: "(株)" printed as three characters is no misreading.
        let parenthesised =
          k > 0 && k + 1 < chars.count && "(（".contains(chars[k - 1]) && ")）".contains(chars[k + 1])
        if !parenthesised, let bits = GlyphTemplates.cells(raster, x1: x1, y1: top, x2: x2, y2: bottom),
          let form = GlyphTemplates.enclosedForm(glyph: GlyphTemplates.Glyph(bits), read: [chars[k]])
        {
          trace?("    enclosed by its glyph: \(x1)–\(x2) × \(top)–\(bottom)")
          found = form
          break
        }
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

  /// A legal form already in a line: an enclosed one, or one written out ("株式会社", "(株)").
  static func hasLegalForm(_ text: String) -> Bool {
    text.contains { enclosedForms.values.contains($0) }
      || ["株式会社", "有限会社", "(株", "（株", "(有", "（有"].contains { text.contains($0) }
  }

  /// ㈱ and ㈲ at either end of a column of vertical text ("構サンライズメディカル",
  /// "伊吹ホーム析"), told by the glyph alone (``GlyphTemplates/enclosedForm(glyph:read:)``):
  /// the character's cell is the rows of ink ``characterCells(_:line:count:)`` finds, or
  /// Tesseract's box for it when that is about square.
  func readEnclosedFormsInColumns(_ c: inout Candidate) {
    var raster: RasterImage?
    for n in c.lines.indices {
      let line = c.lines[n]
      // Vertical as ``characterCells(_:line:count:)`` takes it.
      guard line.y2 - line.y1 > 2 * (line.x2 - line.x1),
        let chars = line.boxedCharacters, chars.count >= 3, chars.count <= 24,
        Self.japaneseShare(line.text) >= 0.5, !Self.hasLegalForm(line.text)
      else { continue }
      if raster == nil { raster = c.image.raster() }
      guard let raster, raster.channels == 1 else { return }
      let cells = Self.characterCells(raster, line: line, count: chars.count)
      for k in Set([0, chars.count - 1]).sorted() where Self.isKanji(chars[k]) {
        guard let g = Self.characterBox(line, k, cells: cells),
          let bits = GlyphTemplates.cells(raster, x1: g.x1, y1: g.y1, x2: g.x2, y2: g.y2),
          let form = GlyphTemplates.enclosedForm(glyph: GlyphTemplates.Glyph(bits), read: [chars[k]])
        else { continue }
        trace?("    enclosed in a column: \(chars[k]) → \(form) in \(c.lines[n].text)")
        c.lines[n].replaceCharacters([k: form])
      }
    }
  }

  /// An enclosed form among line `n`'s first characters, or just before them, that Tesseract
  /// split or left out: its box runs between two columns of least ink (a blurred ㈱ touches the
  /// kanji after it, so no column between them need be empty), about as wide as the ink is
  /// high, and its glyph is compared with the forms' pictures
  /// (``GlyphTemplates/enclosedForm(glyph:read:)``). The characters read within the box give
  /// way to it.
  func readEnclosedFormAtStart(_ c: inout Candidate, line n: Int, raster: RasterImage) {
    let line = c.lines[n]
    let h0 = line.y2 - line.y1
    guard h0 >= 8,
      let (top, bottom) = Self.inkRows(raster, x1: line.x1, x2: min(line.x2, line.x1 + 4 * h0), y1: line.y1, y2: line.y2)
    else { return }
    let h = bottom - top
    let xa = max(0, line.x1 - 2 * h), xb = min(raster.width, line.x1 + 4 * h)
    guard h >= 8, xb - xa > 2 * h,
      let threshold = Self.inkThreshold(raster, x1: xa, x2: xb, y1: top, y2: bottom)
    else { return }
    let ink = (xa..<xb).map { x in (top..<bottom).count { Int(raster.pixels[$0 * raster.width + x]) < threshold } }
    // Columns of least ink: no more than their neighbours, at most a fifth of the height, and
    // beside ink (of a run of empty columns, its two ends).
    let cuts = (1..<(ink.count - 1)).filter { i in
      ink[i] <= h / 5 && ink[i] <= ink[i - 1] && ink[i] <= ink[i + 1] && ink[i - 1] + ink[i] + ink[i + 1] > 0
    }.map { $0 + xa }
    var best: (x1: Int, x2: Int, y1: Int, y2: Int, distance: Float, glyph: GlyphTemplates.Glyph)?
    for x1 in cuts {
      for x2 in cuts where x2 - x1 >= h / 3 && x2 - x1 <= h * 3 / 2 {
        // The form's own height (a logo beside it may be taller): about as wide as high.
        guard let (y1, y2) = Self.inkRows(raster, x1: x1, x2: x2 + 1, y1: line.y1, y2: line.y2),
          y2 - y1 >= 8, (x2 + 1 - x1) * 10 >= (y2 - y1) * 8, (x2 + 1 - x1) * 10 <= (y2 - y1) * 14,
          Self.inkDownBothSides(raster, x1: x1, y1: y1, x2: x2 + 1, y2: y2),
          let bits = GlyphTemplates.cells(raster, x1: x1, y1: y1, x2: x2 + 1, y2: y2)
        else { continue }
        let glyph = GlyphTemplates.Glyph(bits)
        let d = GlyphTemplates.nearestForm(glyph.blurred)?.distance ?? 1
        if d < best?.distance ?? 0.5 { best = (x1, x2 + 1, y1, y2, d, glyph) }
      }
    }
    guard let best, best.distance < GlyphTemplates.enclosedLimit else { return }
    // The characters read within the box: those from the first whose middle is past its left
    // edge, while their middles are inside it (none: the form goes before that first one).
    func centre(_ g: TesseractEngine.Glyph) -> Int { (g.x1 + g.x2) / 2 }
    let from = line.glyphs.firstIndex { centre($0) >= best.x1 } ?? line.glyphs.count
    let within = line.glyphs[from...].prefix { centre($0) < best.x2 }
    let read = within.compactMap { $0.text.count == 1 ? $0.text.first : nil }
    // "(株)" read as such is no misreading; nor is a form far before the line's first character.
    guard !(read.contains { "(（".contains($0) } && read.contains { ")）".contains($0) }),
      !within.isEmpty || best.x2 >= (line.glyphs.first?.x1 ?? 0) - h / 2,
      let form = GlyphTemplates.enclosedForm(glyph: best.glyph, read: read)
    else { return }
    c.lines[n].replaceCharacters(from..<(from + within.count), with: form, x1: best.x1, x2: best.x2, y1: best.y1, y2: best.y2)
    trace?("    enclosed at the start: \(line.text) → \(c.lines[n].text)")
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
