import CTesseract
import Foundation
import MeishiCore
import MeishiImaging

// Columns of vertical text (縦書き).
extension CardReader {
  /// Finds columns of vertical text and reads each on its own, scaled so that its characters
  /// are the size the vertical model reads best. Columns come right to left.
  ///
  /// Columns are the runs of the ink's profile across the card (``ColumnInk``); each is cut
  /// where it has a tall empty stretch (a column above a horizontal block), and a piece must be
  /// at least 1.5 times as tall as wide.
  func readVerticalColumns(
    _ image: PixImage, excluding done: [TesseractEngine.RawLine]
  ) throws(OCRError) -> [TesseractEngine.RawLine] {
    guard let r = image.raster(), r.channels == 1 else { return [] }
    let ink = ColumnInk(r, excluding: done)
    var reads: [(x0: Int, x1: Int, lines: [TesseractEngine.RawLine])] = []
    for (x0, x1) in ink.runs(0, r.width - 1).reversed() {
      reads.append((x0, x1, try readColumn(ink, x0, x1)))
    }
    let median =
      Self.medianWidth(reads.filter { !$0.lines.isEmpty && $0.lines.meanConfidence >= 0.7 })
      ?? Self.medianWidth(reads) ?? 0
    var lines: [TesseractEngine.RawLine] = []
    for (x0, x1, read) in reads {
      // Two columns set close together (an address block) run into one: a run much wider than
      // the others, read badly, is read again as two, cut at the emptiest place in its middle,
      // and the better reading kept.
      let width = x1 - x0 + 1
      if width >= 40, width * 10 > median * 16, read.isEmpty || read.meanConfidence < 0.5,
        let valley = ((x0 + width / 4)...(x1 - width / 4)).min(by: { ink.profile[$0] < ink.profile[$1] })
      {
        // Each half's own runs: a half may hold a narrow column and a sliver of its neighbour,
        // joined by what every pixel column of the run holds: a faint or broken rule across the
        // card, a pixel or two (the least ink of a quarter of them, at most two).
        let floor = min(2, ink.profile[x0...x1].sorted()[width / 4])
        var halves: [TesseractEngine.RawLine] = []
        let pieces = ink.runs(valley + 1, x1, floor: floor) + ink.runs(x0, valley - 1, floor: floor)
        for (a, b) in pieces.sorted(by: { $0.0 > $1.0 }) {
          halves += try readColumn(ink, a, b)
        }
        let (split, whole) = (halves.meanConfidence, read.meanConfidence)
        trace?("    split column \(x0)-\(x1) at \(valley): \(Int(split * 100)) vs \(Int(whole * 100))")
        if !halves.isEmpty, split >= 0.5, split > whole {
          lines += halves
          continue
        }
      }
      lines += read
    }
    return lines
  }

  /// A column's usual width: that of the columns read well (runs of two columns joined, read
  /// badly, would make it wider), else of them all.
  private static func medianWidth(
    _ reads: [(x0: Int, x1: Int, lines: [TesseractEngine.RawLine])]
  ) -> Int? {
    let widths = reads.map { $0.x1 - $0.x0 + 1 }.filter { $0 >= 8 }.sorted()
    return widths.isEmpty ? nil : widths[widths.count / 2]
  }

  /// Reads the column between pixel columns `x0` and `x1`: its pieces, top to bottom.
  private func readColumn(
    _ ink: ColumnInk, _ x0: Int, _ x1: Int
  ) throws(OCRError) -> [TesseractEngine.RawLine] {
    let cw = x1 - x0 + 1
    guard cw >= 8, cw * 3 < ink.width else { return [] }
    var lines: [TesseractEngine.RawLine] = []
    // A column is taller than wide; anything else is a logo or a stray mark.
    for (y0, y1) in ink.pieces(x0, x1) where y1 - y0 + 1 >= cw * 3 / 2 {
      if let line = try readColumnPiece(ink, x0: x0, x1: x1, y0: y0, y1: y1) { lines.append(line) }
    }
    return lines
  }

  /// Reads one piece of a column with the vertical model, closed up (``ClosedColumn``); large
  /// type that model reads badly is read again as a row (``readCellsAsRow``).
  private func readColumnPiece(
    _ ink: ColumnInk, x0: Int, x1: Int, y0: Int, y1: Int
  ) throws(OCRError) -> TesseractEngine.RawLine? {
    let column = ClosedColumn(ink, x0: x0, x1: x1, y0: y0, y1: y1)
    guard
      let closed = PixImage.make(from: column.image),
      let sized = closed.scaled(by: column.factor),
      let framed = sized.bordered(ClosedColumn.border)
    else { return nil }
    framed.setResolutionIfMissing()
    let words = try shared(options.verticalLanguages) {
      $0.recognize(framed, pageSegMode: PSM_SINGLE_BLOCK_VERT_TEXT, words: true) ?? []
    }.sorted { $0.y1 < $1.y1 }
    // Characters run top to bottom; a space goes where a wide gap was closed up.
    let spaceRows = column.spaces.map { Int(Double($0) * column.factor) + ClosedColumn.border }
    var text = ""
    var glyphs: [TesseractEngine.Glyph] = []
    var previous: TesseractEngine.RawLine?
    for word in words {
      let t = word.text.filter { !$0.isWhitespace }
      guard !t.isEmpty else { continue }
      glyphs += word.glyphs.map(column.unclosed)
      if let p = previous, !text.isEmpty,
        spaceRows.contains(where: { $0 >= (p.y1 + p.y2) / 2 && $0 <= (word.y1 + word.y2) / 2 })
      {
        text += " "
      }
      text += t
      previous = word
    }
    var conf = words.meanConfidence
    trace?("    column \(x0)-\(x1) × \(y0)-\(y1): \(text) (\(Int(conf * 100)))")
    // Large type the vertical model reads badly or not at all (a name in Mincho: 堤 聡太):
    // its characters, set side by side, read with the horizontal model.
    if conf < 0.5,
      let row = try readCellsAsRow(
        ink.raster, x0: x0, x1: x1, from: column.cx, to: column.cx2, bands: column.bands),
      row.confidence > max(conf, 0.5)
    {
      trace?("    column \(x0)-\(x1) as a row: \(row.text) (\(Int(row.confidence * 100)))")
      text = row.text
      conf = row.confidence
      glyphs = row.glyphs
    }
    guard !text.isEmpty, conf >= 0.2 else { return nil }
    return TesseractEngine.RawLine(
      text: text, x1: x0, y1: y0, x2: x1 + 1, y2: y1 + 1, confidence: conf, glyphs: glyphs)
  }

  /// A column of large characters read as a row: the ink's bands (rows with ink between `x0`
  /// and `x1`) grouped into cells about as tall as the column is wide, each cell's strip of
  /// the image (columns `from..<to`) set beside the one before, and the row read with the
  /// Japanese model in single-line mode, its type at two sizes. Nil unless every cell is shaped
  /// like one character (there are 2 to 10), or when the row reads as nothing. A wide gap
  /// between cells (over 0.7 characters and twice the narrowest: family and given name) is
  /// kept as a space when the reading has one character per cell.
  func readCellsAsRow(
    _ r: RasterImage, x0: Int, x1: Int, from cx: Int, to cx2: Int, bands: [(Int, Int)]
  ) throws(OCRError) -> (text: String, confidence: Double, glyphs: [TesseractEngine.Glyph])? {
    let cw = x1 - x0 + 1
    var cells: [(Int, Int)] = []
    // A kanji's parts join, and so do the pieces of a thin glyph that came apart (the bar and
    // the stem of a 7): a piece under 0.3 of a character joins across a wider gap.
    func joins(_ last: (Int, Int), _ band: (Int, Int)) -> Bool {
      let small = Double(min(band.1 - band.0, last.1 - last.0) + 1) < 0.3 * Double(cw)
      return Double(band.1 - last.0 + 1) <= 1.15 * Double(cw)
        && Double(band.0 - last.1) < (small ? 0.6 : 0.3) * Double(cw)
    }
    for band in bands {
      if let last = cells.last, joins(last, band) {
        cells[cells.count - 1].1 = band.1
      } else {
        cells.append(band)
      }
    }
    guard (2...10).contains(cells.count),
      cells.allSatisfy({ c in
        let ch = Double(c.1 - c.0 + 1)
        return ch >= 0.5 * Double(cw) && ch <= 1.3 * Double(cw)
      })
    else { return nil }
    let cellWidth = cx2 - cx
    let gap = max(4, cw / 5)
    let tallest = cells.map { $0.1 - $0.0 + 1 }.max() ?? 0
    let width = gap + cells.count * (cellWidth + gap)
    var pixels = [UInt8](repeating: 255, count: width * tallest)
    for (k, cell) in cells.enumerated() {
      let left = gap + k * (cellWidth + gap)
      let top = (tallest - (cell.1 - cell.0 + 1)) / 2
      for y in cell.0...cell.1 {
        for xx in 0..<cellWidth {
          pixels[(top + y - cell.0) * width + left + xx] = r.pixels[y * r.width + cx + xx]
        }
      }
    }
    guard let row = PixImage.make(from: RasterImage(width: width, height: tallest, channels: 1, pixels: pixels))
    else { return nil }
    var best: (text: String, confidence: Double, glyphs: [TesseractEngine.Glyph])?
    // Characters of about 24 px, then of about 48 px when that reads poorly.
    for size in [24.0, 48.0] where (best?.confidence ?? 0) < 0.6 {
      guard let sized = row.scaled(by: min(3, max(0.2, size / Double(cw)))), let framed = sized.bordered(12)
      else { continue }
      framed.setResolutionIfMissing()
      let pieces = try shared("jpn", { $0.recognize(framed, pageSegMode: PSM_SINGLE_LINE) ?? [] })
      var text = pieces.map { $0.text.filter { !$0.isWhitespace } }.joined()
      let chars = pieces.reduce(0) { $0 + $1.text.count }
      guard !text.isEmpty, chars > 0 else { continue }
      let conf = pieces.meanConfidence
      // One character per cell: each has the cell's box in the column.
      var glyphs: [TesseractEngine.Glyph] = []
      if text.count == cells.count {
        glyphs = zip(text, cells).map { ch, cell in
          TesseractEngine.Glyph(text: String(ch), x1: cx, y1: cell.0, x2: cx2, y2: cell.1 + 1)
        }
        var spaced = ""
        let gaps = zip(cells.dropFirst(), cells).map { $0.0 - $1.1 }
        let space = max(0.7 * Double(cw), 2.0 * Double(gaps.min() ?? 0))
        for (k, ch) in text.enumerated() {
          if k > 0, Double(gaps[k - 1]) > space { spaced += " " }
          spaced.append(ch)
        }
        text = spaced
      }
      if conf > best?.confidence ?? -1 { best = (text, conf, glyphs) }
    }
    return best
  }

  /// The share of dark pixels that lie outside every line box: text Tesseract did not find.
  static func uncoveredInk(_ image: PixImage, lines: [TesseractEngine.RawLine]) -> Double {
    guard let r = image.raster(), r.channels == 1 else { return 0 }
    let w = r.width
    let h = r.height
    var covered = [Bool](repeating: false, count: w * h)
    for l in lines where l.confidence >= 0.5 {
      for y in max(0, l.y1)..<min(h, l.y2) {
        for x in max(0, l.x1)..<min(w, l.x2) { covered[y * w + x] = true }
      }
    }
    var dark = 0
    var outside = 0
    // Every other pixel is plenty for a ratio.
    for y in stride(from: 0, to: h, by: 2) {
      for x in stride(from: 0, to: w, by: 2) where r.pixels[y * w + x] < 128 {
        dark += 1
        if !covered[y * w + x] { outside += 1 }
      }
    }
    return dark == 0 ? 0 : Double(outside) / Double(dark)
  }
}

/// The ink of a card image, where columns of vertical text are looked for: what is clearly
/// darker than the image's Otsu threshold, less the lines already read and less long rules (a
/// separator line would join every column), and its profile across the card.
struct ColumnInk {
  let raster: RasterImage
  let ink: [Bool]
  /// Dark pixels per pixel column, a thin frame around the card (borders, scanner edges) aside.
  let profile: [Int]
  let marginX: Int
  let marginY: Int
  var width: Int { raster.width }
  var height: Int { raster.height }

  /// `raster`: one channel.
  init(_ raster: RasterImage, excluding done: [TesseractEngine.RawLine]) {
    let w = raster.width
    let h = raster.height
    // Clearly dark pixels only: halfway between Otsu's threshold and the dark class's mean
    // (the shaded edge of a scanned card is not ink).
    let (otsu, darkMean, _) = ImageOps.otsu(raster.pixels)
    let threshold = (otsu + Int(darkMean)) / 2
    var ink = [Bool](repeating: false, count: w * h)
    for i in 0..<(w * h) where Int(raster.pixels[i]) <= threshold { ink[i] = true }
    for l in done {
      for y in max(0, l.y1 - 2)..<min(h, l.y2 + 2) {
        for x in max(0, l.x1 - 2)..<min(w, l.x2 + 2) { ink[y * w + x] = false }
      }
    }
    Self.eraseRules(&ink, width: w, height: h)
    let mx = w / 40
    let my = h / 40
    var profile = [Int](repeating: 0, count: w)
    for y in my..<(h - my) {
      for x in mx..<(w - mx) where ink[y * w + x] { profile[x] += 1 }
    }
    (self.raster, self.ink, self.profile, marginX, marginY) = (raster, ink, profile, mx, my)
  }

  /// Erases long straight runs of ink (rules, frames): horizontal runs longer than a fifth of the
  /// width and vertical runs longer than a third of the height, when they are thin.
  private static func eraseRules(_ ink: inout [Bool], width w: Int, height h: Int) {
    let minH = max(40, w / 5)
    for y in 0..<h {
      var x = 0
      while x < w {
        guard ink[y * w + x] else {
          x += 1
          continue
        }
        var end = x
        while end + 1 < w && ink[y * w + end + 1] { end += 1 }
        if end - x + 1 >= minH {
          // Thin: the rows a few pixels above and below are mostly clear along the run.
          for xx in x...end { ink[y * w + xx] = false }
        }
        x = end + 1
      }
    }
    let minV = max(40, h / 3)
    for x in 0..<w {
      var y = 0
      while y < h {
        guard ink[y * w + x] else {
          y += 1
          continue
        }
        var end = y
        while end + 1 < h && ink[(end + 1) * w + x] { end += 1 }
        if end - y + 1 >= minV {
          for yy in y...end { ink[yy * w + x] = false }
        }
        y = end + 1
      }
    }
  }

  /// Whether row `y` has ink between pixel columns `x0` and `x1`.
  func hasInk(row y: Int, _ x0: Int, _ x1: Int) -> Bool {
    (x0...x1).contains { ink[y * width + $0] }
  }

  /// The runs of ink across `lo...hi`: columns, with gaps of under four empty pixels inside
  /// (a pixel column is empty with `floor` dark pixels or fewer, plus one).
  func runs(_ lo: Int, _ hi: Int, floor: Int = 0) -> [(Int, Int)] {
    var out: [(Int, Int)] = []
    var x = lo
    while x <= hi {
      guard profile[x] > floor + 1 else {
        x += 1
        continue
      }
      var end = x
      var gap = 0
      while end + 1 <= hi && gap < 4 {
        end += 1
        gap = profile[end] > floor + 1 ? 0 : gap + 1
      }
      out.append((x, end - gap))
      x = end + 1
    }
    return out
  }

  /// The rows of the column `x0...x1` that have ink, the frame aside, cut into pieces at empty
  /// stretches taller than 1.5 characters (the column's width).
  func pieces(_ x0: Int, _ x1: Int) -> [(Int, Int)] {
    let maxGap = max(20, (x1 - x0 + 1) * 3 / 2)
    var pieces: [(Int, Int)] = []
    var start = -1
    var last = -1
    for y in marginY..<(height - marginY) where hasInk(row: y, x0, x1) {
      if start < 0 {
        start = y
      } else if y - last > maxGap {
        pieces.append((start, last))
        start = y
      }
      last = y
    }
    if start >= 0 { pieces.append((start, last)) }
    return pieces
  }

  /// The bands of rows with ink in the column `x0...x1` between rows `y0` and `y1`: its
  /// characters, or their parts.
  func bands(_ x0: Int, _ x1: Int, _ y0: Int, _ y1: Int) -> [(Int, Int)] {
    var bands: [(Int, Int)] = []
    var bandStart = -1
    for y in y0...y1 {
      let has = hasInk(row: y, x0, x1)
      if has && bandStart < 0 { bandStart = y }
      if !has && bandStart >= 0 {
        bands.append((bandStart, y - 1))
        bandStart = -1
      }
    }
    if bandStart >= 0 { bands.append((bandStart, y1)) }
    return bands
  }
}

/// A piece of a column of vertical text, closed up for the vertical model: wide gaps between
/// characters (a name set with spaces) confuse it, so each is shrunk to a quarter character,
/// and remembered as a space when it was wider than 0.7 characters. It keeps where each of its
/// rows came from, to put the characters' boxes back in the card's coordinates.
struct ClosedColumn {
  /// White added around the scaled column before it is read.
  static let border = 12
  /// The image's columns in the card: the ink's column and a margin either side.
  let cx: Int
  let cx2: Int
  /// The card's row for each of the image's rows; -1 for white.
  let rows: [Int]
  /// The image's rows where a space was.
  let spaces: [Int]
  let bands: [(Int, Int)]
  let image: RasterImage
  /// The scale that makes the characters the size the vertical model reads best.
  let factor: Double
  /// The piece's first row in the card.
  let top: Int

  init(_ ink: ColumnInk, x0: Int, x1: Int, y0: Int, y1: Int) {
    let cw = x1 - x0 + 1
    let pad = max(4, cw / 4)
    cx = max(0, x0 - pad)
    cx2 = min(ink.width, x1 + pad + 1)
    bands = ink.bands(x0, x1, y0, y1)
    let closeGap = max(2, cw / 4)
    var rows: [Int] = Array(repeating: -1, count: pad)
    var spaces: [Int] = []
    for (k, band) in bands.enumerated() {
      if k > 0 {
        let gap = band.0 - bands[k - 1].1 - 1
        if gap * 10 > cw * 7 { spaces.append(rows.count) }
        for g in 0..<min(gap, closeGap) { rows.append(bands[k - 1].1 + 1 + g) }
      }
      for y in band.0...band.1 { rows.append(y) }
    }
    rows += Array(repeating: -1, count: pad)
    let cwOut = cx2 - cx
    var pixels = [UInt8](repeating: 255, count: cwOut * rows.count)
    for (oy, sy) in rows.enumerated() where sy >= 0 {
      for xx in 0..<cwOut { pixels[oy * cwOut + xx] = ink.raster.pixels[sy * ink.width + cx + xx] }
    }
    image = RasterImage(width: cwOut, height: rows.count, channels: 1, pixels: pixels)
    factor = min(2.0, max(0.3, 40.0 / Double(cw)))
    (self.rows, self.spaces, top) = (rows, spaces, y0)
  }

  /// The card's row for a row of the scaled, bordered image: unscaled, and looked up in the
  /// column before it was closed up (the nearest row that was not white).
  func sourceRow(_ framedY: Int) -> Int {
    let oy = min(max(0, Int(Double(framedY - Self.border) / factor)), rows.count - 1)
    let near = (0..<rows.count).lazy.flatMap { d in [oy - d, oy + d] }
      .first { $0 >= 0 && $0 < rows.count && rows[$0] >= 0 }
    return near.map { rows[$0] } ?? top
  }

  /// A character's box, back in the card's coordinates.
  func unclosed(_ g: TesseractEngine.Glyph) -> TesseractEngine.Glyph {
    var g = g
    g.x1 = cx + Int(Double(g.x1 - Self.border) / factor)
    g.x2 = cx + Int((Double(g.x2 - Self.border) / factor).rounded(.up))
    (g.y1, g.y2) = (sourceRow(g.y1), sourceRow(g.y2 - 1) + 1)
    return g
  }
}
