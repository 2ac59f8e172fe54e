import CTesseract
import Foundation
import MeishiCore
import MeishiImaging

// Lines read badly, or set large, read again with the Japanese model alone.
extension CardReader {
  /// Han and kana characters among the letters of `text` (and its digits, unless `digits` is
  /// false: a postal code or a block number says nothing of the script).
  /// A kanji (the CJK ideographs, their extension A and the compatibility block).
  static func isKanji(_ u: Unicode.Scalar) -> Bool {
    (0x3400...0x4DBF).contains(u.value) || (0x4E00...0x9FFF).contains(u.value) || (0xF900...0xFAFF).contains(u.value)
  }

  /// A character that is a kanji (its first scalar, ``isKanji(_:)-(Unicode.Scalar)``).
  static func isKanji(_ c: Character) -> Bool {
    c.unicodeScalars.first.map { isKanji($0) } ?? false
  }

  static func japaneseShare(_ text: String, digits: Bool = true) -> Double {
    var japanese = 0
    var letters = 0
    for u in text.unicodeScalars where CharacterSet.alphanumerics.contains(u) {
      if !digits, u.properties.numericType != nil { continue }
      letters += 1
      switch u.value {
      case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: japanese += 1
      default: break
      }
    }
    return letters == 0 ? 0 : Double(japanese) / Double(letters)
  }

  /// Read as Japanese, and read well: nothing to gain from reading it again.
  static func isJapanese(_ text: String, confidence: Double) -> Bool {
    japaneseShare(text) >= 0.9 && confidence >= 0.85
  }

  /// Whether the Japanese model's reading of a line should replace the first reading: it
  /// reads Japanese (so an English line, which jpn reads as Latin or not at all, is never
  /// replaced) and is clearly more confident; or the first reading mixed Japanese with stray
  /// Latin letters (Mincho type taken for English: "丸山 HEA", "iB 達矢") and the Japanese
  /// reading is all Japanese and nearly as confident.
  static func preferReread(_ again: TesseractEngine.RawLine, over line: TesseractEngine.RawLine) -> Bool {
    let share = japaneseShare(again.text, digits: false)
    guard share >= 0.75, again.confidence >= 0.4,
      again.text.filter({ !$0.isWhitespace }).count >= 2
    else { return again.confidence > line.confidence + 0.1 }
    if again.confidence > line.confidence + 0.1 { return true }
    if scrapsReadAsKanji(again, over: line) || addsOnlyDigits(again, to: line) { return true }
    let before = japaneseShare(line.text, digits: false)
    if before < 0.75 && share >= 0.9 && again.confidence >= line.confidence - 0.2 { return true }
    return before < 0.75 && again.confidence >= 0.7
  }

  /// Whether the Japanese reading is the first one with digits it lost put back, nearly as
  /// surely: "…4丁目5番号" → "…4丁目5番11号".
  static func addsOnlyDigits(_ again: TesseractEngine.RawLine, to line: TesseractEngine.RawLine) -> Bool {
    let first = Array(line.text.filter { !$0.isWhitespace })
    let second = Array(again.text.filter { !$0.isWhitespace })
    guard second.count > first.count, !first.isEmpty, again.confidence >= line.confidence - 0.15 else { return false }
    var k = 0
    for c in second {
      if k < first.count, c == first[k] {
        k += 1
      } else if !(c.isASCII && c.isNumber) {
        return false
      }
    }
    return k == first.count
  }

  /// Whether the Japanese reading keeps every other word of the first reading and reads its
  /// scraps (words of one to three Latin letters or marks) as kanji, about as surely: "人事部
  /// RAR プロジェクトリーダー" → "人事部 採用課 プロジェクトリーダー", "A 川 紅葉" → "大 川 紅葉",
  /// "吉村 ®" → "吉村 静". A logo beside the company read as kana ("TY" → "ノノ") is no such
  /// reading.
  static func scrapsReadAsKanji(_ again: TesseractEngine.RawLine, over line: TesseractEngine.RawLine) -> Bool {
    let words = line.text.split(separator: " ")
    func isScrap(_ w: Substring) -> Bool {
      (1...3).contains(w.count) && w.allSatisfy { !$0.isNumber && ($0.isASCII || !$0.isLetter) }
        && japaneseShare(String(w)) == 0
    }
    guard words.contains(where: isScrap), words.contains(where: { !isScrap($0) }),
      again.confidence >= line.confidence - 0.05, japaneseShare(again.text, digits: false) == 1
    else { return false }
    var rest = Substring(again.text.filter { !$0.isWhitespace })
    var replaced = ""
    for w in words where !isScrap(w) {
      guard let r = rest.range(of: w) else { return false }
      replaced += rest[..<r.lowerBound]
      rest = rest[r.upperBound...]
    }
    replaced += rest
    return !replaced.isEmpty && replaced.unicodeScalars.allSatisfy(isKanji)
  }

  /// A short line that jpn+eng may have read partly as Latin: in large type (a name, a
  /// company) and not all Japanese read well; or Japanese with a stray Latin scrap of one to
  /// three letters beside it ("田島 fs").
  static func isDisplayLine(_ line: TesseractEngine.RawLine, typicalHeight: Int) -> Bool {
    let chars = line.text.filter { !$0.isWhitespace }
    let words = line.text.split(separator: " ")
    // A family name in kanji beside a scrap with no Japanese in it, in type no smaller than
    // the card's usual: the given name, in large type, read as "B+", "+82" or "®".
    if words.count >= 2, (1...4).contains(words[0].count), japaneseShare(String(words[0])) == 1,
      words.dropFirst().allSatisfy({ $0.count <= 3 && japaneseShare(String($0)) == 0 }),
      typicalHeight > 0, line.y2 - line.y1 >= typicalHeight
    {
      return true
    }
    // Mostly digits is a number (a short one, "合 4L", may be a name misread).
    let digits = chars.filter(\.isNumber).count
    guard chars.count <= 16, digits * 3 < chars.count || (chars.count <= 4 && digits * 2 < chars.count),
      !isJapanese(line.text, confidence: line.confidence)
    else { return false }
    let share = japaneseShare(line.text)
    // Large type with some Japanese in it, or Latin in scraps of three letters or fewer ("AB AX",
    // "Vt GZ": a Japanese name taken for English). A Latin name ("Avery Smith") is left alone.
    if (share > 0 || words.allSatisfy { $0.count <= 3 }) && typicalHeight > 0
      && Double(line.y2 - line.y1) >= 1.3 * Double(typicalHeight)
    {
      return true
    }
    let scrap = line.text.split(separator: " ").contains { word in
      (1...3).contains(word.count) && word.allSatisfy { $0.isASCII && $0.isLetter }
    }
    return share >= 0.25 && share < 0.9 && scrap
  }

  /// The digits in the longest run of `text` that a phone number could be: digits and the
  /// marks between them (- . ( ) + space), read as ASCII or full width.
  static func longestNumber(_ text: String) -> Int {
    var best = 0
    var run = 0
    for c in text {
      if c.isNumber && c.isASCII || ("０"..."９").contains(c) {
        run += 1
        best = max(best, run)
      } else if !"-.()+ ‐–—ー−".contains(c) {
        run = 0
      }
    }
    return best
  }

  /// Reads one line's region again, at type of about 48 px, with English alone.
  func rereadEnglish(
    _ line: TesseractEngine.RawLine, in image: PixImage
  ) throws(OCRError) -> TesseractEngine.RawLine? {
    let scale = min(2.0, max(0.5, 48.0 / Double(max(1, line.y2 - line.y1))))
    guard let crop = lineCrop(line, in: image, scale: scale) else { return nil }
    let pieces = try shared("eng", { $0.recognize(crop, pageSegMode: PSM_SINGLE_LINE) ?? [] }).sorted { $0.x1 < $1.x1 }
    let chars = pieces.reduce(0) { $0 + $1.text.count }
    guard chars > 0 else { return nil }
    let confidence = pieces.meanConfidence
    return TesseractEngine.RawLine(
      text: pieces.map(\.text).joined(separator: " "), x1: line.x1, y1: line.y1, x2: line.x2, y2: line.y2,
      confidence: confidence)
  }

  /// A line's region with a margin of a quarter of its height (at least 4 px), and where the
  /// region starts in `image`.
  func marginCrop(_ line: TesseractEngine.RawLine, in image: PixImage) -> (image: PixImage, x: Int, y: Int)? {
    let margin = max(4, (line.y2 - line.y1) / 4)
    let x = max(0, line.x1 - margin)
    let y = max(0, line.y1 - margin)
    let w = min(image.width, line.x2 + margin) - x
    let hh = min(image.height, line.y2 + margin) - y
    guard w > 4, hh > 4, let crop = image.cropped(x: x, y: y, width: w, height: hh) else { return nil }
    return (crop, x, y)
  }

  /// A line's region with a margin, scaled by `scale`, with a white border.
  func lineCrop(_ line: TesseractEngine.RawLine, in image: PixImage, scale: Double) -> PixImage? {
    guard let crop = marginCrop(line, in: image)?.image else { return nil }
    guard let sized = abs(scale - 1) < 0.05 ? crop : crop.scaled(by: scale),
      let framed = sized.bordered(8)
    else { return nil }
    framed.setResolutionIfMissing()
    return framed
  }

  /// Reads one line's region again, enlarged, with `jpn` alone (single-line mode).
  func rereadJapanese(
    _ line: TesseractEngine.RawLine, in image: PixImage
  ) throws(OCRError) -> TesseractEngine.RawLine? {
    let h = line.y2 - line.y1
    guard let (crop, x, y) = marginCrop(line, in: image) else { return nil }
    // Lines of about 48 px read best; big type (a name) is shrunk, small type enlarged.
    let factor = min(2.0, max(0.5, 48.0 / Double(max(h, 1))))
    guard let big = abs(factor - 1) < 0.1 ? crop : crop.scaled(by: factor) else { return nil }
    big.setResolutionIfMissing()
    // Single-line mode, then raw-line mode when that reads poorly: single-line mode sometimes
    // loses a name in large type to layout analysis ("時Eeea" for 田島 伴幸), raw-line mode
    // sometimes reads a light one with less confidence (関 瑞希).
    func readAs(_ mode: TessPageSegMode) throws(OCRError) -> (pieces: [TesseractEngine.RawLine], confidence: Double)? {
      let pieces = try shared("jpn", { $0.recognize(big, pageSegMode: mode) ?? [] }).sorted { $0.x1 < $1.x1 }
      // The pieces of one line (a name's family and given names stand far apart, and
      // ``TesseractEngine/recognize`` splits a line at wide gaps), joined again.
      let chars = pieces.reduce(0) { $0 + $1.text.count }
      guard chars > 0 else { return nil }
      return (pieces, pieces.meanConfidence)
    }
    var reading = try readAs(PSM_SINGLE_LINE)
    if (reading?.confidence ?? 0) < 0.7, let raw = try readAs(PSM_RAW_LINE),
      raw.confidence > reading?.confidence ?? 0
    {
      reading = raw
    }
    guard let (pieces, confidence) = reading else { return nil }
    // The characters' boxes, back in the image's coordinates (raw-line mode gives them the
    // height of the whole crop: they take the line's).
    let f = abs(factor - 1) < 0.1 ? 1 : factor
    let glyphs = pieces.flatMap(\.glyphs).map { g in
      TesseractEngine.Glyph(
        text: g.text, x1: x + Int(Double(g.x1) / f), y1: max(line.y1, y + Int(Double(g.y1) / f)),
        x2: x + Int((Double(g.x2) / f).rounded(.up)),
        y2: min(line.y2, y + Int((Double(g.y2) / f).rounded(.up))), confidence: g.confidence)
    }
    return TesseractEngine.RawLine(
      text: pieces.map(\.text).joined(separator: " "), x1: line.x1, y1: line.y1, x2: line.x2, y2: line.y2,
      confidence: confidence, glyphs: glyphs)
  }
}
