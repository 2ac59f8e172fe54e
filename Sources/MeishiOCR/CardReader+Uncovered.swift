import CTesseract
import MeishiCore
import MeishiImaging

// Blocks of text that the reading of the whole card passed over.
extension CardReader {
  /// Tesseract's layout analysis sometimes leaves a whole block of a card unread: beside a dark
  /// bar down the card's edge, the department, title, reading and family name of eval 056
  /// ("篠原 永麻" came out as "永 麻"). On a horizontal card, ink that no line covers is
  /// gathered into blocks (``uncoveredBlocks``), and each block is read on its own;
  /// its confident lines join the card's.
  func readUncoveredBlocks(_ c: inout Candidate, glyphHeight: Int) throws(OCRError) {
    let margin = max(4, glyphHeight / 2)
    for b in Self.uncoveredBlocks(c.image, lines: c.lines, glyph: glyphHeight) {
      let x = max(0, b.x1 - margin)
      let y = max(0, b.y1 - margin)
      let w = min(c.image.width, b.x2 + margin) - x
      let h = min(c.image.height, b.y2 + margin) - y
      guard let crop = c.image.cropped(x: x, y: y, width: w, height: h), let framed = crop.bordered(8) else {
        continue
      }
      framed.setResolutionIfMissing()
      // The lines in the card's coordinates.
      let dx = x - 8
      let dy = y - 8
      var read = recognize(framed, main, PSM_SINGLE_BLOCK).map { l in
        var line = l
        line.x1 += dx
        line.x2 += dx
        line.y1 += dy
        line.y2 += dy
        line.glyphs = l.glyphs.map { g in
          TesseractEngine.Glyph(
            text: g.text, x1: g.x1 + dx, y1: g.y1 + dy, x2: g.x2 + dx, y2: g.y2 + dy, confidence: g.confidence)
        }
        return line
      }
      // A word or two alone ("課長" between two lines) that block mode does not read at all:
      // read as one line with the Japanese model (raw-line mode reads it).
      if read.isEmpty, b.y2 - b.y1 <= glyphHeight * 5 / 2,
        let again = try rereadJapanese(
          TesseractEngine.RawLine(text: "", x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, confidence: 0), in: c.image)
      {
        trace?("    uncovered \(b.x1)-\(b.x2) × \(b.y1)-\(b.y2): as a line \(again.text) (\(f2(again.confidence)))")
        if Self.japaneseShare(again.text) == 1 { read = [again] }
      }
      let before = c.lines
      trace?("    uncovered \(b.x1)-\(b.x2) × \(b.y1)-\(b.y2): read \(read.map { "\($0.text) (\(f2($0.confidence)))" }.joined(separator: " | "))")
      for var line in read {
        // Large type read poorly or not as Japanese (a name, or a kanji of it read as "="): read
        // again as one line with the Japanese model.
        let large = line.y2 - line.y1 >= glyphHeight * 3 / 2
        if large, line.confidence < 0.7 || Self.japaneseShare(line.text) < 1,
          let again = try rereadJapanese(line, in: c.image),
          again.confidence > line.confidence || (Self.japaneseShare(again.text) == 1 && again.confidence >= 0.7)
        {
          line = again
        }
        let chars = line.text.filter { !$0.isWhitespace }
        // One kanji in large type, on the row of a line beside it: the end (or start) of that
        // line that its reading lost ("上野克" and 幸, "村田巧" and 真). Not a kana: a logo beside
        // the company reads as one ("ひ").
        if large, chars.count == 1, line.confidence >= 0.8,
          let u = chars.unicodeScalars.first, Self.isKanji(u),
          let k = Self.lineBeside(line, in: c.lines)
        {
          trace?("    uncovered \(line.text) (\(f2(line.confidence))) joins \(c.lines[k].text)")
          c.lines[k] = Self.joined(c.lines[k], line)
          continue
        }
        guard line.confidence >= 0.7, chars.count >= 2, !Self.isNoise(line) else {
          trace?("    uncovered \(b.x1)-\(b.x2) × \(b.y1)-\(b.y2): dropped \(line.text) (\(f2(line.confidence)))")
          continue
        }
        // A line already read there, however badly, stays: a large name read poorly is read
        // again in its own way (``rereadJapanese``), and a block cut from it reads worse.
        if let o = before.first(where: { !Self.isNoise($0) && Self.sharesInk($0, line) }) {
          trace?("    uncovered \(line.text): kept \(o.text) (\(f2(o.confidence)))")
          continue
        }
        trace?("    uncovered \(b.x1)-\(b.x2) × \(b.y1)-\(b.y2): \(line.text) (\(f2(line.confidence)))")
        // In reading order: before the first line that starts below it.
        let at = c.lines.firstIndex { $0.y1 > line.y1 } ?? c.lines.count
        c.lines.insert(line, at: at)
      }
    }
  }

  /// The line on the same row as `piece` (sharing most of its height, of about its size) that
  /// ends or starts within a character's width of it.
  static func lineBeside(_ piece: TesseractEngine.RawLine, in lines: [TesseractEngine.RawLine]) -> Int? {
    let h = piece.y2 - piece.y1
    return lines.indices.first { k in
      let l = lines[k]
      let lh = l.y2 - l.y1
      let shared = min(l.y2, piece.y2) - max(l.y1, piece.y1)
      let gap = max(piece.x1 - l.x2, l.x1 - piece.x2)
      return shared * 10 >= min(h, lh) * 6 && lh * 10 >= h * 6 && lh <= h * 2 && gap >= -h / 4 && gap <= h
        && !isNoise(l)
    }
  }

  /// Two pieces of one line, left to right, as one (spaced as ``TesseractEngine/joinWords``
  /// spaces words).
  static func joined(_ a: TesseractEngine.RawLine, _ b: TesseractEngine.RawLine) -> TesseractEngine.RawLine {
    let (left, right) = a.x1 <= b.x1 ? (a, b) : (b, a)
    let n1 = Double(left.text.count)
    let n2 = Double(right.text.count)
    return TesseractEngine.RawLine(
      text: TesseractEngine.joinWords([left, right]), x1: left.x1, y1: min(left.y1, right.y1), x2: right.x2,
      y2: max(left.y2, right.y2), confidence: (left.confidence * n1 + right.confidence * n2) / (n1 + n2),
      glyphs: left.glyphs + right.glyphs)
  }

  /// Whether two lines' boxes overlap by a third of the smaller one or more (boxes of lines
  /// one above the other often touch).
  static func sharesInk(_ a: TesseractEngine.RawLine, _ b: TesseractEngine.RawLine) -> Bool {
    let w = min(a.x2, b.x2) - max(a.x1, b.x1)
    let h = min(a.y2, b.y2) - max(a.y1, b.y1)
    guard w > 0, h > 0 else { return false }
    let smaller = min((a.x2 - a.x1) * (a.y2 - a.y1), (b.x2 - b.x1) * (b.y2 - b.y1))
    return w * h * 3 >= smaller
  }

  /// Boxes of ink that no line covers (a stray mark aside, ``isNoise``), gathered on a grid of
  /// half-glyph cells (cells with ink, joined across one empty cell), that look like text: at
  /// least a glyph high, two glyphs wide and six cells of ink; not a bar down the card (four
  /// times as high as wide, three glyphs or more), nor a quarter of the card or more (a dark
  /// ground, a picture), nor touching the image's border. Blocks on one row a few glyphs apart
  /// are joined.
  static func uncoveredBlocks(_ image: PixImage, lines: [TesseractEngine.RawLine], glyph: Int)
    -> [(x1: Int, y1: Int, x2: Int, y2: Int)]
  {
    guard glyph >= 6, let r = image.raster(), r.channels == 1 else { return [] }
    let w = r.width
    let h = r.height
    let cell = max(3, glyph / 2)
    let cols = (w + cell - 1) / cell
    let rows = (h + cell - 1) / cell
    var covered = [Bool](repeating: false, count: w * h)
    for l in lines where !isNoise(l) {
      let m = max(2, (l.y2 - l.y1) / 4)
      for y in max(0, l.y1 - m)..<min(h, l.y2 + m) {
        for x in max(0, l.x1 - m)..<min(w, l.x2 + m) { covered[y * w + x] = true }
      }
    }
    let (threshold, _, _) = ImageOps.otsu(r.pixels)
    // Ink pixels per cell, outside the lines.
    var counts = [Int](repeating: 0, count: cols * rows)
    for y in 0..<h {
      for x in 0..<w where Int(r.pixels[y * w + x]) <= threshold && !covered[y * w + x] {
        counts[(y / cell) * cols + x / cell] += 1
      }
    }
    let minInk = max(2, cell * cell / 20)
    let inked = counts.map { $0 >= minInk }
    // Regions of inked cells, 8-connected across one empty cell.
    var label = [Int](repeating: -1, count: cols * rows)
    var blocks: [(x1: Int, y1: Int, x2: Int, y2: Int)] = []
    for start in inked.indices where inked[start] && label[start] < 0 {
      var stack = [start]
      label[start] = blocks.count
      var cells = 0
      var (cx1, cy1, cx2, cy2) = (cols, rows, -1, -1)
      while let i = stack.popLast() {
        cells += 1
        let cx = i % cols
        let cy = i / cols
        cx1 = min(cx1, cx)
        cy1 = min(cy1, cy)
        cx2 = max(cx2, cx)
        cy2 = max(cy2, cy)
        for ny in max(0, cy - 2)...min(rows - 1, cy + 2) {
          for nx in max(0, cx - 2)...min(cols - 1, cx + 2) {
            let j = ny * cols + nx
            if inked[j] && label[j] < 0 {
              label[j] = blocks.count
              stack.append(j)
            }
          }
        }
      }
      let box = (x1: cx1 * cell, y1: cy1 * cell, x2: min(w, (cx2 + 1) * cell), y2: min(h, (cy2 + 1) * cell))
      let bw = box.x2 - box.x1
      let bh = box.y2 - box.y1
      // Ink in the outermost cells is the card's edge, a shadow or the table beyond a loose
      // crop: printed text keeps a margin of a glyph or more. On the fixtures such blocks were
      // read (up to a quarter of a second each on a photo) and always dropped.
      let atEdge = cx1 == 0 || cy1 == 0 || cx2 == cols - 1 || cy2 == rows - 1
      let textLike =
        cells >= 6 && bh >= glyph && bw >= 2 * glyph && !(bw * 4 <= bh && bh >= 3 * glyph)
        && bw * bh * 4 <= w * h && !atEdge
      // Labels are per region; a region that is not text still takes its label.
      blocks.append(textLike ? box : (0, 0, 0, 0))
    }
    // Blocks side by side on one row, a few glyphs apart (a reading set with a wide space:
    // "シノハラ　エミ"), are read as one.
    var merged = blocks.filter { $0.x2 > $0.x1 }.sorted { $0.x1 < $1.x1 }
    var k = 0
    while k < merged.count {
      let a = merged[k]
      if let j = merged.indices.first(where: { j in
        let b = merged[j]
        let overlap = min(a.y2, b.y2) - max(a.y1, b.y1)
        return j != k && overlap * 2 >= min(a.y2 - a.y1, b.y2 - b.y1)
          && max(a.x1, b.x1) - min(a.x2, b.x2) <= 4 * glyph
      }) {
        let b = merged[j]
        merged[k] = (min(a.x1, b.x1), min(a.y1, b.y1), max(a.x2, b.x2), max(a.y2, b.y2))
        merged.remove(at: j)
        if j < k { k -= 1 }
        continue
      }
      k += 1
    }
    return merged
  }
}
