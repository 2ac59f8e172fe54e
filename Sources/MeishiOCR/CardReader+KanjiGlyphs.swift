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
  ///   can output (``GlyphTemplates/secondOpinion(read:glyph:)``).
  func rereadKanjiGlyphs(_ c: inout Candidate) {
    var raster: RasterImage?  // taken once, when a line needs it
    for n in c.lines.indices {
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
    guard cells.count == count else { return nil }
    return cells.map { c in
      vertical ? (across.0, c.0, across.1, c.1) : (c.0, across.0, c.1, across.1)
    }
  }
}
