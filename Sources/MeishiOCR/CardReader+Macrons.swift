import MeishiCore
import MeishiImaging

// Long vowels with a macron (Satō, ŌNISHI), which the English model cannot read.
extension CardReader {
  /// The vowels Hepburn romaji marks long with a macron on names (Satō, Yūki), and what they
  /// become. ā ē ī are left alone: rare in names, and the dot of an i is a bar at low resolution.
  static let macronVowels: [Character: Character] = ["o": "ō", "O": "Ō", "u": "ū", "U": "Ū"]

  /// The English model has no ō or ū: it reads "Satō" as "Sato", and the name on the card is
  /// lost. In words of Latin letters, each o and u whose box has a macron above it
  /// (``hasMacron``) is given one.
  func readMacrons(_ c: inout Candidate) {
    var raster: RasterImage?  // taken once, when a word needs it
    for n in c.lines.indices {
      let line = c.lines[n]
      guard let chars = line.boxedCharacters else { continue }
      // Which word each character is in: only words of letters (and - or ') take a macron, not
      // an address or a domain ("example.co.jp").
      var wordOf: [Int] = []
      var words: [Substring] = []
      for word in line.text.split(whereSeparator: \.isWhitespace) {
        wordOf += Array(repeating: words.count, count: word.count)
        words.append(word)
      }
      func isName(_ word: Substring) -> Bool {
        let core = word.reversed().drop { ",.;:".contains($0) }.reversed()
        return core.count >= 2 && core.allSatisfy { ($0.isASCII && $0.isLetter) || "-'".contains($0) }
      }
      var marked: [Int: Character] = [:]
      for (k, ch) in chars.enumerated() {
        guard let long = Self.macronVowels[ch], isName(words[wordOf[k]]) else { continue }
        if raster == nil { raster = c.image.raster() }
        guard let raster, raster.channels == 1 else { return }
        let g = line.glyphs[k]
        if Self.hasMacron(raster, x1: g.x1, y1: g.y1, x2: g.x2, y2: g.y2) { marked[k] = long }
      }
      guard !marked.isEmpty else { continue }
      c.lines[n].replaceCharacters(marked)
      trace?("    macron: \(line.text) → \(c.lines[n].text)")
    }
  }

  /// Whether a letter's box has a macron over it: above the letter's ink (its lowest run of
  /// inked rows), past a gap, one thin bar with nothing just above it; the bar a solid run of
  /// ink across a quarter of the letter's width or more (a blurred macron at low resolution
  /// keeps only its middle), centred on it. Dark ink on a light ground.
  static func hasMacron(_ r: RasterImage, x1: Int, y1: Int, x2: Int, y2: Int) -> Bool {
    let x1 = max(0, x1), x2 = min(r.width, x2), y2 = min(r.height, y2)
    let boxHeight = y2 - y1
    guard x2 - x1 >= 3, boxHeight >= 6 else { return false }
    let top = max(0, y1 - boxHeight * 4 / 5)
    guard top < y2, let threshold = inkThreshold(r, x1: x1, x2: x2, y1: top, y2: y2) else { return false }
    // Each row's inked span (first, last) and how many pixels are inked, from the bottom up.
    struct Row { var first: Int, last: Int, count: Int }
    var rows: [Row?] = []
    for y in stride(from: y2 - 1, through: top, by: -1) {
      var row: Row?
      for x in x1..<x2 where Int(r.pixels[y * r.width + x]) < threshold {
        if var s = row {
          s.last = x
          s.count += 1
          row = s
        } else {
          row = Row(first: x, last: x, count: 1)
        }
      }
      rows.append(row)
    }
    var i = 0
    while i < rows.count, rows[i] == nil { i += 1 }
    let bodyStart = i
    while i < rows.count, rows[i] != nil { i += 1 }
    let body = rows[bodyStart..<i].compactMap { $0 }
    guard body.count >= 8, boxHeight * 5 <= body.count * 9 else { return false }
    let bodyFirst = body.map(\.first).min()!
    let bodyLast = body.map(\.last).max()!
    let bodyWidth = bodyLast - bodyFirst + 1
    let gapStart = i
    while i < rows.count, rows[i] == nil { i += 1 }
    let gap = i - gapStart
    guard gap >= 1, gap * 5 <= body.count * 3, i < rows.count else { return false }
    let barStart = i
    while i < rows.count, rows[i] != nil { i += 1 }
    let bar = rows[barStart..<i].compactMap { $0 }
    // Clear above the bar (to the region's top, or for two rows: the line above may be near),
    // the bar thin, its widest row solid, and no row of it wider.
    let clear = rows[i...].prefix(2)
    guard clear.allSatisfy({ $0 == nil }), bar.count * 5 <= max(10, body.count),
      let widest = bar.max(by: { $0.count < $1.count }),
      (widest.last - widest.first + 1) * 4 <= widest.count * 5,
      bar.allSatisfy({ $0.first >= widest.first - 1 && $0.last <= widest.last + 1 }),
      widest.count >= 3, widest.count * 4 >= bodyWidth, widest.count * 10 <= bodyWidth * 13
    else { return false }
    let centre = Double(widest.first + widest.last) / 2
    return abs(centre - Double(bodyFirst + bodyLast) / 2) <= 0.3 * Double(bodyWidth)
  }
}
