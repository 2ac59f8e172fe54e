import CTesseract
import CTesseractHooks
import Foundation

/// One initialised Tesseract engine (`TessBaseAPI`), reused across images.
///
/// Not thread-safe and not `Sendable`: each worker thread owns its engines.
final class TesseractEngine {
  private let api: OpaquePointer
  let languages: String

  /// Loads the models for `languages` (for example `jpn+eng`) from `datapath`.
  ///
  /// - Parameter tryLSTMOnly: load the models LSTM-only, without the legacy engine's ambiguity
  ///   table, which LSTM never reads (Sources/CTesseractHooks/hooks.c); a model with no LSTM
  ///   part is then loaded again, the usual way. Default: yes for every model but OSD, a legacy
  ///   one (Debian's other models are the "fast" ones, LSTM only).
  init(datapath: String, languages: String, tryLSTMOnly: Bool? = nil) throws(OCRError) {
    for lang in languages.split(separator: "+") {
      let file = "\(datapath)/\(lang).traineddata"
      guard FileManager.default.fileExists(atPath: file) else {
        throw OCRError(
          .tessdataMissing,
          "Tesseract language data '\(lang)' is missing (\(file)); run scripts/setup or install tesseract-ocr-\(lang.replacingOccurrences(of: "_", with: "-"))"
        )
      }
    }
    guard let api = TessBaseAPICreate() else {
      throw OCRError(.engineFailed, "could not create a Tesseract engine")
    }
    // Quiet "Estimating resolution as …" and similar chatter before Init prints any.
    _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
    let lstm = tryLSTMOnly ?? !languages.split(separator: "+").contains("osd")
    let status =
      lstm && Self.initLSTMOnly(api, datapath, languages) ? 0 : TessBaseAPIInit3(api, datapath, languages)
    guard status == 0 else {
      TessBaseAPIDelete(api)
      throw OCRError(
        .tessdataMissing,
        "Tesseract could not load '\(languages)' from \(datapath); run scripts/setup or set TESSDATA_PREFIX")
    }
    _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
    // meishi inverts light-on-dark regions itself (Preprocess); Tesseract's own attempt reads
    // every doubtful word a second time, inverted, for nothing.
    _ = TessBaseAPISetVariable(api, "tessedit_do_invert", "0")
    // A card holds no tables. Tesseract's table finder (run in page layout) costs about 5 % of
    // the CPU on photos, and the cells it makes of a two-column card split lines that belong
    // together: without it, the fixtures read as well or better (eval 1746 → 1748 fields right,
    // cards 185 → 187, photos 338 → 338; e-mails unchanged).
    _ = TessBaseAPISetVariable(api, "textord_tabfind_find_tables", "0")
    self.api = api
    self.languages = languages
  }

  /// Inits `api` LSTM-only without the legacy ambiguity table; false (and `api` ended) when
  /// that failed, or when Tesseract fell back to its legacy engine, which would need the table.
  private static func initLSTMOnly(_ api: OpaquePointer, _ datapath: String, _ languages: String) -> Bool {
    meishi_tesseract_lstm_init_begin()
    let status = TessBaseAPIInit2(api, datapath, languages, OEM_LSTM_ONLY)
    meishi_tesseract_lstm_init_end()
    var mode: Int32 = -1
    if status == 0, TessBaseAPIGetIntVariable(api, "tessedit_ocr_engine_mode", &mode) != 0,
      mode == Int32(OEM_LSTM_ONLY.rawValue)
    {
      return true
    }
    TessBaseAPIEnd(api)
    _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
    return false
  }

  deinit {
    TessBaseAPIEnd(api)
    TessBaseAPIDelete(api)
  }

  /// A recognised line in the coordinates of the image given to `recognize`.
  struct RawLine {
    var text: String
    var x1: Int, y1: Int, x2: Int, y2: Int
    var confidence: Double
    /// The characters' boxes, in reading order (filled by ``recognize(_:pageSegMode:words:)``;
    /// empty where a line was put together otherwise).
    var glyphs: [Glyph] = []

    /// The line's characters, spaces aside, when each has its own box in `glyphs` (the n-th
    /// character the n-th glyph); nil otherwise.
    var boxedCharacters: [Character]? {
      let chars = Array(text.filter { !$0.isWhitespace })
      guard glyphs.count == chars.count, String(chars) == glyphs.map(\.text).joined() else { return nil }
      return chars
    }

    /// Puts characters in place of those at the given indices of ``boxedCharacters`` (spaces
    /// aside), in the text and in the glyphs.
    mutating func replaceCharacters(_ replacements: [Int: Character]) {
      var seen = 0
      text = String(
        text.map { ch -> Character in
          guard !ch.isWhitespace else { return ch }
          defer { seen += 1 }
          return replacements[seen] ?? ch
        })
      for (k, ch) in replacements where k < glyphs.count { glyphs[k].text = String(ch) }
    }

    /// Puts `ch`, in the box given, in place of the characters `range` of ``boxedCharacters``
    /// (an empty range: before its lower bound), in the text and in the glyphs; the line's
    /// box grows to take it in. Spaces within the range go with it. Nothing is done to a line
    /// whose characters have no boxes of their own, or past its end.
    mutating func replaceCharacters(
      _ range: Range<Int>, with ch: Character, x1 bx1: Int, x2 bx2: Int, y1 by1: Int, y2 by2: Int
    ) {
      replaceCharacters(range, with: [Glyph(text: String(ch), x1: bx1, y1: by1, x2: bx2, y2: by2)])
    }

    /// Puts `new` (characters with their boxes) in place of the characters `range` of
    /// ``boxedCharacters``, as ``replaceCharacters(_:with:x1:x2:y1:y2:)`` puts one.
    mutating func replaceCharacters(_ range: Range<Int>, with new: [Glyph]) {
      guard boxedCharacters != nil, range.lowerBound >= 0, range.upperBound <= glyphs.count else { return }
      let inserted = new.map(\.text).joined()
      var out = ""
      var seen = 0
      for c in text {
        if c.isWhitespace {
          if seen <= range.lowerBound || seen >= range.upperBound { out.append(c) }
          continue
        }
        if seen == range.lowerBound { out += inserted }
        if !range.contains(seen) { out.append(c) }
        seen += 1
      }
      if seen <= range.lowerBound { out += inserted }
      text = out
      glyphs.replaceSubrange(range, with: new)
      for g in new {
        x1 = min(x1, g.x1)
        y1 = min(y1, g.y1)
        x2 = max(x2, g.x2)
        y2 = max(y2, g.y2)
      }
    }
  }

  /// One recognised character and its box.
  struct Glyph {
    var text: String
    var x1: Int, y1: Int, x2: Int, y2: Int
    /// Tesseract's confidence in the character, 0–1.
    var confidence: Double = 1
  }

  /// Reads the text lines of an image. A line whose words stand far apart (two columns
  /// that Tesseract joined) is split at the gap, so each column's text stays on its own.
  ///
  /// With `words`, returns Tesseract's words as they are, without grouping them into lines.
  func recognize(
    _ image: PixImage, pageSegMode: TessPageSegMode, words wordsOnly: Bool = false
  ) -> [RawLine]? {
    defer { TessBaseAPIClear(api) }
    TessBaseAPISetPageSegMode(api, pageSegMode)
    TessBaseAPISetImage2(api, image.pointer)
    guard TessBaseAPIRecognize(api, nil) == 0 else { return nil }
    guard let ri = TessBaseAPIGetIterator(api) else { return [] }
    defer { TessResultIteratorDelete(ri) }
    let pi = TessResultIteratorGetPageIterator(ri)
    var lines: [RawLine] = []
    var words: [RawLine] = []
    var lineText = ""
    func flush() {
      if wordsOnly {
        lines.append(contentsOf: words)
      } else {
        lines.append(contentsOf: Self.splitAtGaps(words, lineText: lineText))
      }
      words.removeAll()
    }
    // Walks the characters; a word's text, box and confidence are taken at its first one.
    var inWord = false
    repeat {
      if TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE) != 0 {
        if !words.isEmpty { flush() }
        if let t = TessResultIteratorGetUTF8Text(ri, RIL_TEXTLINE) {
          lineText = String(cString: t).trimmingCharacters(in: .whitespacesAndNewlines)
          TessDeleteText(t)
        } else {
          lineText = ""
        }
      }
      var x1: Int32 = 0, y1: Int32 = 0, x2: Int32 = 0, y2: Int32 = 0
      if TessPageIteratorIsAtBeginningOf(pi, RIL_WORD) != 0 {
        inWord = false
        guard let t = TessResultIteratorGetUTF8Text(ri, RIL_WORD) else { continue }
        let text = String(cString: t).trimmingCharacters(in: .whitespacesAndNewlines)
        TessDeleteText(t)
        if text.isEmpty { continue }
        inWord = true
        let conf = Double(TessResultIteratorConfidence(ri, RIL_WORD)) / 100
        _ = TessPageIteratorBoundingBox(pi, RIL_WORD, &x1, &y1, &x2, &y2)
        words.append(
          RawLine(
            text: text, x1: Int(x1), y1: Int(y1), x2: Int(x2), y2: Int(y2),
            confidence: max(0, min(1, conf))))
      }
      guard inWord, !words.isEmpty else { continue }
      guard let t = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL) else { continue }
      let symbol = String(cString: t)
      TessDeleteText(t)
      _ = TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &x1, &y1, &x2, &y2)
      words[words.count - 1].glyphs.append(
        Glyph(
          text: symbol, x1: Int(x1), y1: Int(y1), x2: Int(x2), y2: Int(y2),
          confidence: max(0, min(1, Double(TessResultIteratorConfidence(ri, RIL_SYMBOL)) / 100))))
    } while TessResultIteratorNext(ri, RIL_SYMBOL) != 0
    if !words.isEmpty { flush() }
    return lines
  }

  /// Splits a line where the gap between two words is wider than 2.5 times the line's
  /// height (two columns that Tesseract joined). Each part keeps Tesseract's own spacing
  /// from `lineText` (which runs Japanese words together).
  static func splitAtGaps(_ words: [RawLine], lineText: String) -> [RawLine] {
    guard let first = words.first else { return [] }
    let heights = words.map { $0.y2 - $0.y1 }.sorted()
    let height = max(8, heights[heights.count / 2])
    var groups: [[RawLine]] = [[first]]
    for w in words.dropFirst() {
      if let prev = groups[groups.count - 1].last, w.x1 - prev.x2 > height * 5 / 2 {
        groups.append([w])
      } else {
        groups[groups.count - 1].append(w)
      }
    }
    // Where each word stands in the line text.
    var ranges: [Range<String.Index>] = []
    var cursor = lineText.startIndex
    for w in words {
      guard let r = lineText.range(of: w.text, range: cursor..<lineText.endIndex) else { break }
      ranges.append(r)
      cursor = r.upperBound
    }
    let located = ranges.count == words.count
    var index = 0
    return groups.map { g in
      let conf = g.meanConfidence
      let text =
        located
        ? String(lineText[ranges[index].lowerBound..<ranges[index + g.count - 1].upperBound])
        : joinWords(g)
      index += g.count
      return RawLine(
        text: text,
        x1: g.map(\.x1).min() ?? 0, y1: g.map(\.y1).min() ?? 0,
        x2: g.map(\.x2).max() ?? 0, y2: g.map(\.y2).max() ?? 0,
        confidence: conf, glyphs: g.flatMap(\.glyphs))
    }
  }

  /// Joins a line's words, splitting where the gap between two words is wider than
  /// 2.5 times the line's height.
  static func splitAtGaps(_ words: [RawLine]) -> [RawLine] {
    guard !words.isEmpty else { return [] }
    let heights = words.map { $0.y2 - $0.y1 }.sorted()
    let height = max(8, heights[heights.count / 2])
    var groups: [[RawLine]] = [[words[0]]]
    for w in words.dropFirst() {
      let prev = groups[groups.count - 1].last!
      if w.x1 - prev.x2 > height * 5 / 2 {
        groups.append([w])
      } else {
        groups[groups.count - 1].append(w)
      }
    }
    return groups.map { g in
      let conf = g.meanConfidence
      return RawLine(
        text: joinWords(g),
        x1: g.map(\.x1).min()!, y1: g.map(\.y1).min()!, x2: g.map(\.x2).max()!, y2: g.map(\.y2).max()!,
        confidence: conf, glyphs: g.flatMap(\.glyphs))
    }
  }

  /// Joins words as Tesseract's own line text does: Latin words with a space; Japanese
  /// words only where the gap between them is wide (Tesseract splits CJK text into many
  /// small words that are printed as one run).
  static func joinWords(_ words: [RawLine]) -> String {
    var out = ""
    for (i, w) in words.enumerated() {
      if i > 0 {
        let prev = words[i - 1]
        let height = max(1, min(prev.y2 - prev.y1, w.y2 - w.y1))
        let latin = { (c: Character?) in c.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0.isPunctuation) } ?? false }
        let gap = w.x1 - prev.x2
        if latin(prev.text.last) || latin(w.text.first) || gap * 2 > height {
          out.append(" ")
        }
      }
      out.append(w.text)
    }
    return out
  }

  /// Orientation detection; only meaningful on an engine initialised with `osd`.
  /// Returns how far the page is rotated (0, 90, 180, 270) and the confidence.
  func detectOrientation(_ image: PixImage) -> (degrees: Int, confidence: Double)? {
    defer { TessBaseAPIClear(api) }
    TessBaseAPISetPageSegMode(api, PSM_OSD_ONLY)
    TessBaseAPISetImage2(api, image.pointer)
    var deg: Int32 = 0
    var conf: Float = 0
    var script: UnsafePointer<CChar>? = nil  // points into Tesseract's tables: never free it
    var scriptConf: Float = 0
    guard TessBaseAPIDetectOrientationScript(api, &deg, &conf, &script, &scriptConf) != 0 else {
      return nil
    }
    return (Int(deg), Double(conf))
  }
}

extension [TesseractEngine.RawLine] {
  /// The characters' mean confidence: each line's confidence weighted by its length; 0 when
  /// there are no characters.
  var meanConfidence: Double {
    let chars = reduce(0) { $0 + $1.text.count }
    return reduce(0.0) { $0 + $1.confidence * Double($1.text.count) } / Double(Swift.max(1, chars))
  }
}
