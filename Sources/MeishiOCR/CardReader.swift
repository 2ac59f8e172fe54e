import CTesseract
public import Foundation
public import MeishiCore
import MeishiImaging

/// How cards are read.
public struct OCROptions: Sendable {
  /// Folder of `*.traineddata`.
  public var tessdataPath: String
  /// Models for horizontal text.
  public var languages: String
  /// Models for vertical (縦書き) text.
  public var verticalLanguages: String
  /// Detect 90/180/270° rotation from the content.
  public var detectOrientation: Bool
  /// Try vertical reading when horizontal reading finds little.
  public var tryVertical: Bool
  /// Find and flatten a card photographed on a background.
  public var rectifyPhotos: Bool
  /// Images larger than this (long side, pixels) are scaled down before OCR.
  public var maxSide: Int

  public static let defaultTessdata = "/usr/share/tesseract-ocr/5/tessdata"

  public init(
    tessdataPath: String = OCROptions.defaultTessdata, languages: String = "jpn+eng",
    verticalLanguages: String = "jpn+jpn_vert", detectOrientation: Bool = true,
    tryVertical: Bool = true, rectifyPhotos: Bool = true, maxSide: Int = 2400
  ) {
    self.tessdataPath = tessdataPath
    self.languages = languages
    self.verticalLanguages = verticalLanguages
    self.detectOrientation = detectOrientation
    self.tryVertical = tryVertical
    self.rectifyPhotos = rectifyPhotos
    self.maxSide = maxSide
  }
}

/// Reads card images into ``OCRResult``s. Owns its Tesseract engines, so use one
/// reader per thread (``WorkerPool`` does), and reuse it across images.
public final class CardReader {
  public let options: OCROptions
  private let main: TesseractEngine
  private var osdEngine: TesseractEngine?
  private var verticalEngine: TesseractEngine?
  private var japaneseEngine: TesseractEngine?

  /// Loads the horizontal models now; orientation and vertical models on first use.
  public init(options: OCROptions = OCROptions()) throws(OCRError) {
    self.options = options
    setMsgSeverity(Int32(L_SEVERITY_NONE))
    main = try TesseractEngine(datapath: options.tessdataPath, languages: options.languages)
    // Fail now, not in the middle of a batch, when these models are missing.
    if options.detectOrientation { try Self.requireModel("osd", in: options.tessdataPath) }
    if options.tryVertical {
      for lang in options.verticalLanguages.split(separator: "+") {
        try Self.requireModel(String(lang), in: options.tessdataPath)
      }
    }
  }

  private static func requireModel(_ lang: String, in path: String) throws(OCRError) {
    let file = "\(path)/\(lang).traineddata"
    if !FileManager.default.fileExists(atPath: file) {
      throw OCRError(
        .tessdataMissing,
        "Tesseract language data '\(lang)' is missing (\(file)); run scripts/setup or install tesseract-ocr-\(lang.replacingOccurrences(of: "_", with: "-"))"
      )
    }
  }

  /// Reads one image file.
  /// - Throws: ``OCRError`` naming the file and what to do.
  public func read(path: String) throws(OCRError) -> OCRResult {
    try read(data: CardReader.load(path: path), path: path)
  }

  /// Reads a file's bytes, with an error a person can act on when it is missing,
  /// a folder, unreadable or empty.
  public static func load(path: String) throws(OCRError) -> Data {
    try ImageFile.load(path)
  }

  /// Reads an image already loaded from `path` (named in messages).
  public func read(data: Data, path: String) throws(OCRError) -> OCRResult {
    _ = try ImageFile.check(data, path: path)
    guard let decoded = PixImage.decode([UInt8](data)) else {
      throw OCRError(
        .decodeFailed, "\(path): the image data is damaged and cannot be decoded; copy it again")
    }
    return try read(image: decoded, path: path)
  }

  /// A mapping from the coordinates of the image given to Tesseract back to the original image.
  private typealias PointMap = (Point) -> Point

  private func read(image original: PixImage, path: String) throws(OCRError) -> OCRResult {
    var warnings: [String] = []
    let ow = original.width, oh = original.height
    if max(ow, oh) < 500 || min(ow, oh) < 250 {
      warnings.append(
        "\(path): the image is small (\(ow)x\(oh) px); text may be unreadable — scan at 300 dpi or photograph closer"
      )
    }
    // 1. Scale down very large photos.
    var working = original
    var scale = 1.0
    if max(ow, oh) > options.maxSide {
      scale = Double(options.maxSide) / Double(max(ow, oh))
      guard let s = original.scaled(by: scale) else { throw decodeError(path) }
      working = s
    }
    var toOriginal: PointMap = { p in Point(x: p.x / scale, y: p.y / scale) }

    // 2. Find and flatten a card photographed on a background.
    if options.rectifyPhotos, let raster = working.raster(),
      let card = CardRectifier.rectify(raster, targetLongSide: 2000),
      let flat = PixImage.make(from: card.image)
    {
      let back = toOriginal
      toOriginal = { p in back(card.mapToSource(p)) }
      working = flat
    }
    guard let gray = working.gray() else { throw decodeError(path) }
    gray.setResolutionIfMissing()

    // 3. Horizontal reading, upright.
    var best = Candidate(
      image: gray, quarterTurns: 0, vertical: false, lines: recognize(gray, main, PSM_SINGLE_COLUMN))

    // 4. Low confidence, or text running sideways: maybe the card is rotated.
    if options.detectOrientation && (best.meanConfidence < 0.75 || best.mostlyTall) {
      let osd = try engine(&osdEngine, "osd")
      if let (deg, conf) = osd.detectOrientation(gray), deg != 0, conf >= 1.0 {
        let turns = (4 - deg / 90) % 4
        if let turned = gray.rotated(quarterTurns: turns) {
          let c = Candidate(
            image: turned, quarterTurns: turns, vertical: false,
            lines: recognize(turned, main, PSM_SINGLE_COLUMN))
          if c.score > best.score { best = c }
        }
      }
    }

    // 5. Columns of vertical text (縦書き) read badly: read them with the vertical model and
    //    keep the horizontal lines that were read well (an e-mail line under a vertical name).
    if options.tryVertical
      && (best.mayHoldVerticalText || Self.uncoveredInk(best.image, lines: best.lines) > 0.3)
    {
      let vert = try engine(&verticalEngine, options.verticalLanguages)
      let keep = best.lines.filter { l in l.x2 - l.x1 >= l.y2 - l.y1 && l.confidence >= 0.6 }
      let columns = readVerticalColumns(best.image, excluding: keep, engine: vert)
      if !columns.isEmpty {
        let c = Candidate(
          image: best.image, quarterTurns: best.quarterTurns, vertical: true,
          lines: columns + keep.filter { l in !columns.contains { Self.overlaps($0, l) } })
        if c.score > best.score { best = c }
      }
    }

    // 6. Lines read with low confidence (often Mincho type taken for Latin): read each
    //    again, enlarged, with the Japanese model alone, and keep the better reading.
    if !best.vertical {
      for (n, line) in best.lines.enumerated() where line.confidence < 0.6 {
        guard let again = try rereadJapanese(line, in: best.image), again.confidence > line.confidence + 0.1
        else { continue }
        best.lines[n] = again
      }
    }

    // 6. Boxes back to the original image's coordinates.
    let rotatedW = best.image.width, rotatedH = best.image.height
    let unrotate = Self.unrotation(quarterTurns: best.quarterTurns, width: rotatedW, height: rotatedH)
    let lines = best.lines.filter { !Self.isNoise($0) }.map { raw -> OCRLine in
      let corners = [
        Point(x: Double(raw.x1), y: Double(raw.y1)), Point(x: Double(raw.x2), y: Double(raw.y1)),
        Point(x: Double(raw.x2), y: Double(raw.y2)), Point(x: Double(raw.x1), y: Double(raw.y2)),
      ].map { toOriginal(unrotate($0)) }
      let xs = corners.map(\.x), ys = corners.map(\.y)
      let minX = max(0, Int(xs.min() ?? 0)), minY = max(0, Int(ys.min() ?? 0))
      let maxX = min(ow, Int((xs.max() ?? 0).rounded(.up)))
      let maxY = min(oh, Int((ys.max() ?? 0).rounded(.up)))
      return OCRLine(
        text: raw.text,
        bbox: BoundingBox(x: minX, y: minY, width: max(0, maxX - minX), height: max(0, maxY - minY)),
        confidence: (raw.confidence * 1000).rounded() / 1000)
    }
    return OCRResult(
      orientation: (360 - best.quarterTurns * 90) % 360, vertical: best.vertical, lines: lines,
      warnings: warnings)
  }

  /// Reads one line's region again, enlarged, with `jpn` alone (single-line mode).
  private func rereadJapanese(
    _ line: TesseractEngine.RawLine, in image: PixImage
  ) throws(OCRError) -> TesseractEngine.RawLine? {
    let h = line.y2 - line.y1
    let margin = max(4, h / 4)
    let x = max(0, line.x1 - margin), y = max(0, line.y1 - margin)
    let w = min(image.width, line.x2 + margin) - x
    let hh = min(image.height, line.y2 + margin) - y
    guard w > 4, hh > 4, let crop = image.cropped(x: x, y: y, width: w, height: hh) else { return nil }
    let factor = h < 48 ? 2.0 : 1.5
    guard let big = crop.scaled(by: factor) else { return nil }
    big.setResolutionIfMissing()
    let jpn = try engine(&japaneseEngine, "jpn")
    guard let read = recognize(big, jpn, PSM_SINGLE_LINE).max(by: { $0.text.count < $1.text.count })
    else { return nil }
    return TesseractEngine.RawLine(
      text: read.text, x1: line.x1, y1: line.y1, x2: line.x2, y2: line.y2, confidence: read.confidence)
  }

  /// Finds columns of vertical text by the ink's profile across the card (outside the
  /// lines already read), and reads each column on its own, scaled so that its characters
  /// are the size the vertical model reads best. Columns come right to left.
  private func readVerticalColumns(
    _ image: PixImage, excluding done: [TesseractEngine.RawLine], engine: TesseractEngine
  ) -> [TesseractEngine.RawLine] {
    guard let r = image.raster(), r.channels == 1 else { return [] }
    let w = r.width, h = r.height
    var ink = [Bool](repeating: false, count: w * h)
    for i in 0..<(w * h) where r.pixels[i] < 128 { ink[i] = true }
    for l in done {
      for y in max(0, l.y1 - 2)..<min(h, l.y2 + 2) {
        for x in max(0, l.x1 - 2)..<min(w, l.x2 + 2) { ink[y * w + x] = false }
      }
    }
    // Ignore a thin frame around the card (borders, scanner edges).
    let mx = w / 40, my = h / 40
    var profile = [Int](repeating: 0, count: w)
    for y in my..<(h - my) {
      for x in mx..<(w - mx) where ink[y * w + x] { profile[x] += 1 }
    }
    var runs: [(Int, Int)] = []
    var x = 0
    while x < w {
      guard profile[x] > 0 else {
        x += 1
        continue
      }
      var end = x
      var gap = 0
      while end + 1 < w && gap < 4 {
        end += 1
        gap = profile[end] > 0 ? 0 : gap + 1
      }
      runs.append((x, end - gap))
      x = end + 1
    }
    var lines: [TesseractEngine.RawLine] = []
    for (x0, x1) in runs.reversed() {
      let cw = x1 - x0 + 1
      guard cw >= 8 else { continue }
      var y0 = h, y1 = -1
      for y in my..<(h - my) {
        for xx in x0...x1 where ink[y * w + xx] {
          y0 = min(y0, y)
          y1 = max(y1, y)
          break
        }
      }
      // A column is taller than wide; anything else is a logo or a stray mark.
      guard y1 - y0 > cw * 2, cw * 3 < w else { continue }
      let pad = max(4, cw / 4)
      let cx = max(0, x0 - pad), cy = max(0, y0 - pad)
      guard
        let crop = image.cropped(
          x: cx, y: cy, width: min(w, x1 + pad + 1) - cx, height: min(h, y1 + pad + 1) - cy),
        let sized = crop.scaled(by: min(2.0, max(0.3, 36.0 / Double(cw)))),
        let framed = sized.bordered(12)
      else { continue }
      framed.setResolutionIfMissing()
      let read = recognize(framed, engine, PSM_SINGLE_BLOCK_VERT_TEXT)
      let text = read.map(\.text).joined().filter { !$0.isWhitespace }
      guard !text.isEmpty else { continue }
      let chars = read.reduce(0) { $0 + $1.text.count }
      let conf = read.reduce(0.0) { $0 + $1.confidence * Double($1.text.count) } / Double(max(1, chars))
      // Keep the reading's own word breaks (a name printed with a gap: 小沢 悠).
      let spaced = read.map(\.text).joined(separator: " ")
      lines.append(
        TesseractEngine.RawLine(
          text: spaced.contains(" ") && read.count == 1 ? spaced : (read.count == 1 ? read[0].text : text),
          x1: x0, y1: y0, x2: x1 + 1, y2: y1 + 1, confidence: conf))
    }
    return lines
  }

  /// The share of dark pixels that lie outside every line box: text Tesseract did not find.
  static func uncoveredInk(_ image: PixImage, lines: [TesseractEngine.RawLine]) -> Double {
    guard let r = image.raster(), r.channels == 1 else { return 0 }
    let w = r.width, h = r.height
    var covered = [Bool](repeating: false, count: w * h)
    for l in lines where l.confidence >= 0.5 {
      for y in max(0, l.y1)..<min(h, l.y2) {
        for x in max(0, l.x1)..<min(w, l.x2) { covered[y * w + x] = true }
      }
    }
    var dark = 0, outside = 0
    // Every other pixel is plenty for a ratio.
    for y in stride(from: 0, to: h, by: 2) {
      for x in stride(from: 0, to: w, by: 2) where r.pixels[y * w + x] < 128 {
        dark += 1
        if !covered[y * w + x] { outside += 1 }
      }
    }
    return dark == 0 ? 0 : Double(outside) / Double(dark)
  }

  private static func overlaps(_ a: TesseractEngine.RawLine, _ b: TesseractEngine.RawLine) -> Bool {
    a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2
  }

  private func decodeError(_ path: String) -> OCRError {
    OCRError(.decodeFailed, "\(path): the image could not be processed (out of memory or damaged data)")
  }

  private func engine(_ slot: inout TesseractEngine?, _ langs: String) throws(OCRError) -> TesseractEngine {
    if let e = slot { return e }
    let e = try TesseractEngine(datapath: options.tessdataPath, languages: langs)
    slot = e
    return e
  }

  private func recognize(
    _ image: PixImage, _ engine: TesseractEngine, _ mode: TessPageSegMode
  ) -> [TesseractEngine.RawLine] {
    engine.recognize(image, pageSegMode: mode) ?? []
  }

  /// Lines that are only punctuation or a single stray glyph with low confidence.
  private static func isNoise(_ line: TesseractEngine.RawLine) -> Bool {
    let meaningful = line.text.unicodeScalars.filter {
      CharacterSet.alphanumerics.contains($0)
    }.count
    return meaningful == 0 || (meaningful <= 2 && line.confidence < 0.5)
  }

  /// Maps a point in an image turned `quarterTurns` clockwise back to the unturned image.
  private static func unrotation(quarterTurns q: Int, width w: Int, height h: Int) -> (Point) -> Point {
    // (w, h) is the size of the turned image.
    switch q {
    case 1: { p in Point(x: p.y, y: Double(w) - p.x) }
    case 2: { p in Point(x: Double(w) - p.x, y: Double(h) - p.y) }
    case 3: { p in Point(x: Double(h) - p.y, y: p.x) }
    default: { $0 }
    }
  }

  private struct Candidate {
    var image: PixImage
    var quarterTurns: Int
    var vertical: Bool
    var lines: [TesseractEngine.RawLine]

    var meanConfidence: Double {
      let total = lines.reduce(0) { $0 + $1.text.count }
      guard total > 0 else { return 0 }
      return lines.reduce(0) { $0 + $1.confidence * Double($1.text.count) } / Double(total)
    }

    /// Confident characters read: rewards reading more text, and reading it well.
    /// Most of the text was found in boxes taller than wide: text running sideways.
    var mostlyTall: Bool {
      let tall = lines.filter { $0.y2 - $0.y1 > 2 * ($0.x2 - $0.x1) }.reduce(0) { $0 + $1.text.count }
      let all = lines.reduce(0) { $0 + $1.text.count }
      return all > 0 && tall * 2 > all
    }

    /// Tall boxes read with low confidence, or little read at all: vertical text, perhaps.
    var mayHoldVerticalText: Bool {
      meanConfidence < 0.7
        || lines.contains { $0.y2 - $0.y1 > 2 * ($0.x2 - $0.x1) && $0.confidence < 0.6 }
    }

    var score: Double {
      lines.reduce(0) { acc, l in
        acc + l.confidence * l.confidence * Double(l.text.filter { !$0.isWhitespace }.count)
      }
    }
  }
}
