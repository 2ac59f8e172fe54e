import MeishiImaging

// Kanji read again from their glyphs: those of names that the Japanese models cannot output
// (variants: 﨑, 髙, 邉, 靜 …; rare kanji: 侑, 紘, 颯, 菫 …), and those Tesseract doubted.
extension CardReader {
  /// Names keep their variant kanji as printed (宮﨑, 髙橋, 渡邉), but Debian's Japanese
  /// models have no such characters: Tesseract reads the common form (宮崎, 高橋, 渡邊). Nor do
  /// they have some kanji that names use (侑, 紘, 颯, 澪, 菫 …), which Tesseract reads as
  /// anything (谷, 統, 毅, 清, 董). And in large or faint type it misreads kanji it does have,
  /// with some doubt (慶 as 鹿, 霧 as 杉, 楓 as 舞). The glyphs are compared with pictures of
  /// characters (``GlyphTemplates``):
  /// - each character read as a common form that has such a variant, in any line;
  /// - each kanji of a short Japanese line (a name, a company, a title), with the rare kanji;
  /// - each kanji of such a line read with a confidence under 0.97, with every kanji the model
  ///   can output (``GlyphTemplates/secondOpinion(read:glyph:)``);
  /// - before those, kanji of a name that jpn+eng read as Latin letters (``kanjiReadAsLetters(_:_:)``).
  func rereadKanjiGlyphs(_ c: inout Candidate) {
    var raster: RasterImage?  // taken once, when a line needs it
    for n in c.lines.indices {
      if Self.mayHoldKanjiReadAsLetters(c.lines[n]) {
        if raster == nil { raster = c.image.raster() }
        if let raster, raster.channels == 1, let mended = kanjiReadAsLetters(c.lines[n], raster) {
          trace?("    kanji read as letters: \(c.lines[n].text) → \(mended.text)")
          c.lines[n] = mended
        }
      }
      let line = c.lines[n]
      guard let chars = line.boxedCharacters else { continue }
      let short = chars.count <= 16 && Self.japaneseShare(line.text) >= 0.5
      let looked = chars.indices.filter { k in
        GlyphTemplates.variantOf[chars[k]] != nil
          || (short && chars[k].unicodeScalars.count == 1 && Self.isKanji(chars[k].unicodeScalars.first!))
      }
      guard !looked.isEmpty else { continue }
      if raster == nil { raster = c.image.raster() }
      guard let raster, raster.channels == 1 else { return }
      // Tesseract's boxes for single characters are often wrong (one spans three characters):
      // the line's own character cells are used when they can be found.
      let cells = Self.characterCells(raster, line: line, count: chars.count)
      var found: [Int: Character] = [:]
      for k in looked {
        guard let g = Self.characterBox(line, k, cells: cells),
          let bits = GlyphTemplates.cells(raster, x1: g.x1, y1: g.y1, x2: g.x2, y2: g.y2)
        else { continue }
        let glyph = GlyphTemplates.Glyph(bits)
        found[k] = GlyphTemplates.variant(of: chars[k], glyph: glyph)
        if found[k] == nil && short { found[k] = GlyphTemplates.rareKanji(read: chars[k], glyph: glyph) }
        if found[k] == nil && short && line.glyphs[k].confidence < 0.97 {
          found[k] = GlyphTemplates.secondOpinion(read: chars[k], glyph: glyph)
        }
      }
      guard !found.isEmpty else { continue }
      c.lines[n].replaceCharacters(found)
      trace?("    kanji glyphs: \(line.text) → \(c.lines[n].text)")
    }
  }

  /// The box of a line's `k`-th character: its cell among `cells` (``characterCells(_:line:count:)``),
  /// else Tesseract's box for it when that is about square; nil when it is not.
  static func characterBox(
    _ line: TesseractEngine.RawLine, _ k: Int, cells: [(x1: Int, y1: Int, x2: Int, y2: Int)]?
  ) -> TesseractEngine.Glyph? {
    var g = line.glyphs[k]
    if let cells {
      (g.x1, g.y1, g.x2, g.y2) = cells[k]
    } else if max(g.x2 - g.x1, g.y2 - g.y1) > min(g.x2 - g.x1, g.y2 - g.y1) * 5 / 4 {
      return nil
    }
    return g
  }

  /// The cells of a line's characters in reading order, found from the ink: runs of inked
  /// columns (rows, in a vertical line), each joined to the next while together they stay no
  /// longer than the ink is high (wide): a kanji's parts, 山 and 奇 of 崎, make one cell. Each
  /// cell is a box (x1, y1, x2, y2). Nil unless there are as many cells as `count` characters.
  static func characterCells(
    _ r: RasterImage, line: TesseractEngine.RawLine, count: Int
  ) -> [(x1: Int, y1: Int, x2: Int, y2: Int)]? {
    guard let cells = inkCells(r, line: line), cells.count == count else { return nil }
    return cells
  }

  /// The cells of ``characterCells(_:line:count:)``, however many there are; nil when the
  /// line's ink cannot be told from its ground.
  static func inkCells(
    _ r: RasterImage, line: TesseractEngine.RawLine
  ) -> [(x1: Int, y1: Int, x2: Int, y2: Int)]? {
    let vertical = line.y2 - line.y1 > 2 * (line.x2 - line.x1)
    let x1 = max(0, line.x1), x2 = min(r.width, line.x2), y1 = max(0, line.y1), y2 = min(r.height, line.y2)
    guard x2 > x1, y2 > y1 else { return nil }
    // The ink across the line: the tallest run of inked rows (a rule under it left out), or
    // in a vertical line every inked column.
    let across: (Int, Int)
    let threshold: Int
    if vertical {
      guard let t = inkThreshold(r, x1: x1, x2: x2, y1: y1, y2: y2) else { return nil }
      let inked = (x1..<x2).filter { x in (y1..<y2).contains { Int(r.pixels[$0 * r.width + x]) < t } }
      guard let first = inked.first, let last = inked.last else { return nil }
      (across, threshold) = ((first, last + 1), t)
    } else {
      guard let rows = inkRows(r, x1: x1, x2: x2, y1: y1, y2: y2),
        let t = inkThreshold(r, x1: x1, x2: x2, y1: rows.0, y2: rows.1)
      else { return nil }
      (across, threshold) = (rows, t)
    }
    let size = across.1 - across.0
    guard size >= 8 else { return nil }
    func inked(_ along: Int) -> Bool {
      (across.0..<across.1).contains { a in
        Int(vertical ? r.pixels[along * r.width + a] : r.pixels[a * r.width + along]) < threshold
      }
    }
    var runs: [(Int, Int)] = []
    for u in vertical ? y1..<y2 : x1..<x2 where inked(u) {
      if let last = runs.last, last.1 == u {
        runs[runs.count - 1].1 = u + 1
      } else {
        runs.append((u, u + 1))
      }
    }
    var cells: [(Int, Int)] = []
    for run in runs {
      if let last = cells.last, (run.1 - last.0) * 20 <= size * 21 {
        cells[cells.count - 1].1 = run.1
      } else {
        cells.append(run)
      }
    }
    return cells.map { c in
      vertical ? (across.0, c.0, across.1, c.1) : (c.0, across.0, c.1, across.1)
    }
  }

  /// A short horizontal line, Japanese but for a word of two to four Latin letters after its
  /// first word: jpn+eng reads kanji of a name in large type so ("大山 WA" for 大山 淑未, "本田
  /// AM" for 本田 利文) when the Japanese model has not the kanji or doubts it. The rest of the
  /// line is mostly Japanese and at most ``lettersLineLimit`` characters (a name, a title).
  static func mayHoldKanjiReadAsLetters(_ line: TesseractEngine.RawLine) -> Bool {
    guard line.x2 - line.x1 > line.y2 - line.y1, line.boxedCharacters != nil else { return false }
    let words = line.text.split(whereSeparator: \.isWhitespace)
    let rest = words.filter { !isLetterWord($0) }
    return words.dropFirst().contains(where: isLetterWord) && rest.reduce(0) { $0 + $1.count } <= lettersLineLimit
      && japaneseShare(rest.joined(separator: " ")) >= 0.5
  }

  /// The most characters a line may hold besides its letter words to be looked at for kanji
  /// read as letters.
  static let lettersLineLimit = 10

  /// Two to four Latin letters. One alone is left as read: a letter's glyph may be nearest a
  /// kanji's (T is nearest 丁), and a label ("T 03-…") is one.
  static func isLetterWord(_ w: Substring) -> Bool {
    (2...4).contains(w.count) && w.allSatisfy { $0.isASCII && $0.isLetter }
  }

  /// The line with each word of Latin letters that stands where kanji are printed read again
  /// from the glyphs: the ink's cells under the letters' own boxes (a cell's middle within a
  /// quarter of the line's height of them, none in a neighbour's box, the first and last
  /// reaching the letters' ends), two to four of them, each about square (a kanji's shape;
  /// letters are narrower, and two together far from every kanji), each told by the pictures
  /// (a rare kanji, ``GlyphTemplates/rareKanji(read:glyph:)``, else the model's kanji nearest
  /// it, ``GlyphTemplates/nearestKanji(_:)``). The line's ink must be no taller than its
  /// Japanese characters by 1/0.7 (the ink of a name under a line of its reading, このは, a scrap
  /// of the name read as "ji"). A word is mended only when every cell is a kanji; the kanji
  /// take the letters' least confidence. Nil when no word is mended.
  func kanjiReadAsLetters(_ line: TesseractEngine.RawLine, _ r: RasterImage) -> TesseractEngine.RawLine? {
    guard let chars = line.boxedCharacters, let cells = Self.inkCells(r, line: line), let first = cells.first
    else { return nil }
    let h = first.y2 - first.y1  // every cell of a horizontal line has the line's ink height
    let heights = zip(chars, line.glyphs).filter { Self.japaneseShare(String($0.0)) > 0 }.map { $0.1.y2 - $0.1.y1 }
    guard !heights.isEmpty, 10 * heights.sorted()[heights.count / 2] >= 7 * h else { return nil }
    var out = line
    var k = chars.count
    // Right to left, so that the indices of the words still to do stay as they were.
    for word in line.text.split(whereSeparator: \.isWhitespace).reversed() {
      k -= word.count
      guard k > 0, Self.isLetterWord(word) else { continue }
      let letters = line.glyphs[k..<(k + word.count)]
      let (wx1, wx2) = (letters.map(\.x1).min() ?? 0, letters.map(\.x2).max() ?? 0)
      let neighbours = [line.glyphs[k - 1]] + (k + word.count < chars.count ? [line.glyphs[k + word.count]] : [])
      let inside = cells.filter { c in
        let mid = (c.x1 + c.x2) / 2
        return mid >= wx1 - h / 4 && mid <= wx2 + h / 4 && !neighbours.contains { $0.x1 <= mid && mid < $0.x2 }
      }
      guard (2...4).contains(inside.count), let a = inside.first, let b = inside.last,
        a.x1 <= wx1 + h / 2, b.x2 >= wx2 - h / 2
      else { continue }
      let confidence = letters.map(\.confidence).min() ?? 0
      let kanji = inside.compactMap { c -> TesseractEngine.Glyph? in
        guard 10 * (c.x2 - c.x1) >= 7 * h, 10 * (c.x2 - c.x1) <= 13 * h,
          let bits = GlyphTemplates.cells(r, x1: c.x1, y1: c.y1, x2: c.x2, y2: c.y2)
        else { return nil }
        let glyph = GlyphTemplates.Glyph(bits)
        guard let ch = GlyphTemplates.rareKanji(read: "?", glyph: glyph) ?? GlyphTemplates.nearestKanji(glyph)
        else { return nil }
        return TesseractEngine.Glyph(text: String(ch), x1: c.x1, y1: c.y1, x2: c.x2, y2: c.y2, confidence: confidence)
      }
      guard kanji.count == inside.count else { continue }
      out.replaceCharacters(k..<(k + word.count), with: kanji)
    }
    return out.text == line.text ? nil : out
  }
}
