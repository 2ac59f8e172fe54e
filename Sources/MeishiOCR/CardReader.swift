import CTesseract
#if canImport(Glibc)
  import Glibc
#endif
public import Foundation
public import MeishiCore
import MeishiImaging

/// How cards are read.
public struct OCROptions: Sendable {
  /// Folder of `*.traineddata`.
  public var tessdataPath: String
  /// Models for horizontal text.
  public var languages: String
  /// Models for vertical (縦書き) text. `jpn_vert` alone reads as well as `jpn+jpn_vert`,
  /// loads in half the time and memory; word breaks come from the gaps between characters.
  public var verticalLanguages: String
  /// Detect 90/180/270° rotation from the content.
  public var detectOrientation: Bool
  /// Try vertical reading when horizontal reading finds little.
  public var tryVertical: Bool
  /// Find and flatten cards photographed on a background (several on one image are read
  /// one by one).
  public var rectifyPhotos: Bool
  /// Images larger than this (long side, pixels) are scaled down before OCR.
  public var maxSide: Int

  public static let defaultTessdata = "/usr/share/tesseract-ocr/5/tessdata"

  public init(
    tessdataPath: String = OCROptions.defaultTessdata, languages: String = "jpn+eng",
    verticalLanguages: String = "jpn_vert", detectOrientation: Bool = true,
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

/// Reads card images into ``OCRResult``s. Owns its main Tesseract engine, so use one reader
/// per thread (``WorkerPool`` does), and reuse it across images; the engines needed now and
/// then (orientation, vertical text, rereads) are shared by all readers (``EngineShelf``).
///
/// For each page of a file (TIFF and PDF pages, HEIF images): find the cards on it (a photo's
/// card is found and flattened; a flatbed sheet gives one card per card on it), clean each up
/// (``Preprocess``), read it upright (the EXIF tag's turn first, then Tesseract's orientation
/// detection when the reading is poor), read vertical columns when there are any, and map every
/// line's box back to the file's own pixel coordinates.
public final class CardReader {
  public let options: OCROptions
  private let main: TesseractEngine
  private let shelf = EngineShelf.shared
  /// Receives a line per step when set (timings, decisions); for diagnosis.
  public var trace: ((String) -> Void)?

  /// Loads the horizontal models now; orientation and vertical models on first use.
  public init(options: OCROptions = OCROptions()) throws(OCRError) {
    self.options = options
    setMsgSeverity(Int32(L_SEVERITY_NONE))
    main = try shelf.checkOut(datapath: options.tessdataPath, languages: options.languages, own: true)
    // Fail now, not in the middle of a batch, when these models are missing.
    if options.detectOrientation { try Self.requireModel("osd", in: options.tessdataPath) }
    if options.tryVertical {
      for lang in options.verticalLanguages.split(separator: "+") {
        try Self.requireModel(String(lang), in: options.tessdataPath)
      }
    }
  }

  deinit {
    shelf.checkIn(main, datapath: options.tessdataPath, languages: options.languages, own: true)
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

  /// Reads a file's bytes, with an error a person can act on when it is missing,
  /// a folder, unreadable or empty.
  public static func load(path: String) throws(OCRError) -> Data {
    try ImageFile.load(path)
  }

  /// Reads one image file: its first card (see ``readAll(path:)`` for every card).
  /// - Throws: ``OCRError`` naming the file and what to do.
  public func read(path: String) throws(OCRError) -> OCRResult {
    try read(data: CardReader.load(path: path), path: path)
  }

  /// Reads an image already loaded from `path` (named in messages): its first card.
  public func read(data: Data, path: String) throws(OCRError) -> OCRResult {
    let all = try readAll(data: data, path: path)
    return all.first ?? OCRResult(lines: [])
  }

  /// Reads every card in one file: one result per card, in reading order, numbered by
  /// ``OCRResult/cardIndex``. A multi-page TIFF or PDF gives at least one result per page; a
  /// flatbed scan or photo of several cards gives one per card.
  public func readAll(path: String) throws(OCRError) -> [OCRResult] {
    try readAll(data: CardReader.load(path: path), path: path)
  }

  /// Reads every card in an image already loaded from `path` (named in messages).
  public func readAll(data: Data, path: String) throws(OCRError) -> [OCRResult] {
    let format = try ImageFile.check(data, path: path)
    let decoder = PageDecoder(data: data, format: format, path: path, maxSide: options.maxSide)
    var results: [OCRResult] = []
    while let page = try nextPage(decoder, path: path) {
      for card in page.cards {
        var r = try readCard(
          card, exifTurns: page.exifTurns, fileWidth: page.fileWidth, fileHeight: page.fileHeight)
        r.cardIndex = results.count
        r.warnings = page.warnings + r.warnings
        results.append(r)
      }
    }
    if results.isEmpty {
      throw OCRError(.decodeFailed, "\(path): the file holds no pages; export the card again")
    }
    Self.returnFreedMemory()
    return results
  }

  /// Hands memory freed by the last image back to the system. A photo's working copies take
  /// tens of megabytes, in the allocator arena of the worker thread that read it; without this,
  /// each worker's arena keeps its largest photo's worth, and the peak grows with the workers.
  static func returnFreedMemory() {
    #if canImport(Glibc)
      // glibc's malloc_trim (not in Swift's Glibc module: looked up once).
      if let trim = mallocTrim { _ = trim(0) }
    #endif
  }

  #if canImport(Glibc)
    private typealias MallocTrim = @convention(c) (Int) -> Int32
    private static let mallocTrim: MallocTrim? = {
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else {
        return nil
      }
      return unsafeBitCast(symbol, to: MallocTrim.self)
    }()
  #endif

  // MARK: Pages and cards

  /// One card image to read: 8-bit grey, and the way back to the file's pixel coordinates.
  private struct CardImage {
    var gray: PixImage
    var toFile: PointMap
    /// Its corners in the working image, for reading order; empty for a whole page (a scan).
    var outline: [Point]
  }

  /// The cards of one page, ready to read, and what is needed to report on them.
  private struct PageCards {
    var cards: [CardImage]
    var exifTurns: Int
    var fileWidth: Int
    var fileHeight: Int
    var warnings: [String]
  }

  /// Decodes the next page and takes its cards out of it. The decoded page, its scaled copies
  /// and the photo's raster are released on return, before any card is read: only the
  /// flattened cards stay in memory.
  private func nextPage(_ decoder: PageDecoder, path: String) throws(OCRError) -> PageCards? {
    var clock = Clock()
    guard let page = try decoder.nextPage() else { return nil }
    trace?("\(path): page \(page.pageNumber) decoded \(page.image.width)x\(page.image.height) ×\(String(format: "%.2f", page.scaleToFile)) \(page.exif.map(\.description) ?? "") \(clock.lap())")
    return try cards(of: page, path: path)
  }

  private func cards(of page: DecodedPage, path: String) throws(OCRError) -> PageCards {
    var clock = Clock()
    var warnings: [String] = []
    let fileW = Int((Double(page.image.width) * page.scaleToFile).rounded())
    let fileH = Int((Double(page.image.height) * page.scaleToFile).rounded())
    if max(fileW, fileH) < 500 || min(fileW, fileH) < 250 {
      warnings.append(
        "\(path): the image is small (\(fileW)x\(fileH) px); text may be unreadable — scan at 300 dpi or photograph closer"
      )
    }
    // 1. Scale down very large photos.
    var working = page.image
    var toFileScale = page.scaleToFile
    if max(working.width, working.height) > options.maxSide {
      let f = Double(options.maxSide) / Double(max(working.width, working.height))
      guard let s = working.scaled(by: f) else { throw processingError(path) }
      toFileScale *= Double(working.width) / Double(s.width)
      working = s
    }
    let scaleBack = toFileScale
    var toFile: PointMap = { p in Point(x: p.x * scaleBack, y: p.y * scaleBack) }
    // A mirrored EXIF orientation (2, 4, 5, 7; rare): flip first, then turn.
    if page.exif?.mirrored == true, let flipped = working.flippedLeftRight() {
      let w = Double(working.width)
      let unflipped = toFile
      toFile = { p in unflipped(Point(x: w - p.x, y: p.y)) }
      working = flipped
    }
    let exifTurns = page.exif?.quarterTurns ?? 0

    // 2. The cards on the page: found and flattened, or the whole page.
    var cards: [CardImage] = []
    // A copy of at most 800 px (scaled by Leptonica, fast) tells a scan of one card from a
    // photo, and is where cards are looked for.
    let long = Double(max(working.width, working.height))
    let small = (long > 800 ? working.scaled(by: 800 / long) : working)?.raster()
    if options.rectifyPhotos, let small,
      !CardRectifier.isFlatCard(small, originalLongSide: max(working.width, working.height)),
      let raster = working.raster()
    {
      let quads = CardRectifier.locateCards(in: raster, detectionCopy: small)
      trace?("  locate: \(quads.count) card(s) \(clock.lap())")
      for quad in quads {
        let card = CardRectifier.rectify(raster, quad: quad, targetLongSide: Self.flatLongSide)
        guard let flat = PixImage.make(from: card.image) else { continue }
        // Keep the transform, not the card's colour raster.
        let h = Homography(matrix: card.homography)
        cards.append(CardImage(gray: flat, toFile: { p in toFile(h.apply(p)) }, outline: quad.corners))
      }
    }
    if cards.isEmpty {
      guard let gray = working.gray() else { throw processingError(path) }
      cards = [
        CardImage(gray: gray, toFile: toFile, outline: [])
      ]
    } else if cards.count > 1 {
      // Reading order as displayed: rows by the cards' top edges, each row left to right.
      let turn = Self.rotation(quarterTurns: exifTurns, width: working.width, height: working.height)
      let boxes = cards.map { c -> (minX: Double, minY: Double, height: Double) in
        let pts = c.outline.map(turn)
        let ys = pts.map(\.y)
        return (pts.map(\.x).min() ?? 0, ys.min() ?? 0, (ys.max() ?? 0) - (ys.min() ?? 0))
      }
      let tolerance = 0.3 * (boxes.map(\.height).sorted()[boxes.count / 2])
      var order = Array(cards.indices).sorted { boxes[$0].minY < boxes[$1].minY }
      var rows: [[Int]] = []
      for i in order {
        if let first = rows.last?.first, boxes[i].minY - boxes[first].minY < tolerance {
          rows[rows.count - 1].append(i)
        } else {
          rows.append([i])
        }
      }
      order = rows.flatMap { $0.sorted { boxes[$0].minX < boxes[$1].minX } }
      cards = order.map { cards[$0] }
    }
    return PageCards(
      cards: cards, exifTurns: exifTurns, fileWidth: fileW, fileHeight: fileH, warnings: warnings)
  }

  /// The long side a found card is flattened to: about 360 dpi for a 91 mm card, whatever its
  /// size in the photo (``Preprocess`` then scales it further when its type is small).
  static let flatLongSide = 1300

  // MARK: One card

  private func readCard(
    _ card: CardImage, exifTurns: Int, fileWidth: Int, fileHeight: Int
  ) throws(OCRError) -> OCRResult {
    var clock = Clock()
    // 1. Clean-up.
    let prepared = Preprocess.prepare(card.gray, photo: !card.outline.isEmpty)
    trace?("  card \(card.gray.width)x\(card.gray.height) → \(prepared.image.width)x\(prepared.image.height) \(prepared.steps.joined(separator: ", ")) \(clock.lap())")
    let image = prepared.image

    // 2. Horizontal reading, turned as the EXIF tag says. A flattened card comes out with its
    //    long side across (see CardRectifier), which may be a quarter turn from how it lay in
    //    the photo: the first guess is the photo's own "up", as the tag makes it.
    let flatTurns = Self.orientation(
      of: { p in card.toFile(prepared.toSource(p)) }, width: image.width, height: image.height) / 90
    let firstTurns = ((exifTurns - flatTurns) % 4 + 4) % 4
    var best = read(image, quarterTurns: firstTurns)
    trace?("  read turn \(firstTurns): conf \(f2(best.meanConfidence)) score \(Int(best.score)) \(clock.lap())")

    // 3. Poor reading, or text running sideways: find the orientation from the content.
    if options.detectOrientation && !best.isConfidentlyUpright {
      var tried: Set<Int> = [firstTurns]
      // Orientation needs no more than ~1400 px: it costs in proportion to the pixels.
      let long = Double(max(best.image.width, best.image.height))
      let shown = long > 1400 ? (best.image.scaled(by: 1400 / long) ?? best.image) : best.image
      shown.setResolutionIfMissing()
      if let (deg, conf) = try shared("osd", { $0.detectOrientation(shown) }) {
        trace?("  osd: \(deg)° conf \(f2(conf)) \(clock.lap())")
        if deg != 0, conf >= 2.0 {
          let turns = (best.quarterTurns + (4 - deg / 90)) % 4
          tried.insert(turns)
          let c = read(image, quarterTurns: turns)
          trace?("  read turn \(turns): conf \(f2(c.meanConfidence)) score \(Int(c.score)) \(clock.lap())")
          if c.score > best.score { best = c }
        }
      }
      // A wrong EXIF tag: the pixels as stored may be upright.
      let stored = ((0 - flatTurns) % 4 + 4) % 4
      if !best.isConfidentlyUpright && !tried.contains(stored) {
        tried.insert(stored)
        let c = read(image, quarterTurns: stored)
        trace?("  read turn \(stored): conf \(f2(c.meanConfidence)) score \(Int(c.score)) \(clock.lap())")
        if c.score > best.score { best = c }
      }
    }

    // 4. Lines read with low confidence, and the card's large type (the name, the company),
    //    which jpn+eng often takes for Latin ("丸山 HEA" for 丸山 雅人): read each again with
    //    the Japanese model alone, and keep the better reading (``preferReread``).
    let heights = best.lines.filter { $0.text.count >= 3 }.map { $0.y2 - $0.y1 }.sorted()
    let typical = heights.isEmpty ? 0 : heights[heights.count / 2]
    var reread = 0
    for (n, line) in best.lines.enumerated() where line.x2 - line.x1 >= line.y2 - line.y1 {
      guard line.confidence < 0.6 || Self.isDisplayLine(line, typicalHeight: typical) else { continue }
      reread += 1
      guard let again = try rereadJapanese(line, in: best.image) else { continue }
      guard Self.preferReread(again, over: line) else {
        trace?("    kept: \(line.text) (\(f2(line.confidence))) over \(again.text) (\(f2(again.confidence)))")
        continue
      }
      trace?("    reread: \(line.text) (\(f2(line.confidence))) → \(again.text) (\(f2(again.confidence)))")
      best.lines[n] = again
    }
    if reread > 0 { trace?("  reread \(reread) line(s) \(clock.lap())") }

    // 4b. ㈱ and its kin, which the Japanese model cannot read (see ``readEnclosedForms``).
    try readEnclosedForms(&best)

    // 5. Columns of vertical text (縦書き) read badly, or ink no line covers: read the columns
    //    with the vertical model, and keep the horizontal lines beside them (an address block
    //    under a vertical name).
    // A landscape card read fairly well is horizontal: vertical cards stand upright.
    let landscape = best.image.width > best.image.height
    let suspectVertical =
      landscape
      ? best.meanConfidence < 0.5 || Self.uncoveredInk(best.image, lines: best.lines) > 0.4
      : best.mayHoldVerticalText || Self.uncoveredInk(best.image, lines: best.lines) > 0.3
    if options.tryVertical && suspectVertical {
      // Lines that are surely horizontal text (an e-mail, an address block) keep their ink
      // out of the columns; a scrap read across a column ("服 :") does not.
      let keep = best.lines.filter { l in
        l.x2 - l.x1 >= 2 * (l.y2 - l.y1) && l.confidence >= 0.5
          && l.text.filter { !$0.isWhitespace }.count >= 4 && !Self.isRowAcrossColumns(l)
      }
      let columns = try readVerticalColumns(best.image, excluding: keep)
      if !columns.isEmpty {
        let beside = best.lines.filter { l in
          l.x2 - l.x1 >= l.y2 - l.y1 && (l.confidence >= 0.3 || l.text.contains("@"))
            && !columns.contains { Self.overlaps($0, l) }
        }
        let c = Candidate(
          image: best.image, quarterTurns: best.quarterTurns, vertical: true, lines: columns + beside)
        trace?("  vertical: \(columns.map { "\($0.text) (\(Int($0.confidence * 100)))" }.joined(separator: " | ")) score \(Int(c.score)) vs \(Int(best.score))")
        // Columns read as garbage (sideways horizontal text) never win.
        let columnChars = columns.reduce(0) { $0 + $1.text.count }
        let columnConfidence =
          columns.reduce(0.0) { $0 + $1.confidence * Double($1.text.count) } / Double(max(1, columnChars))
        if c.score > best.score && columnConfidence >= 0.5 { best = c }
      }
      trace?("  vertical: \(columns.count) column(s) \(clock.lap())")
    }

    // 6. E-mail lines matter most and are easily spoilt by one character (a lost dot, "jP",
    //    の for @): read each again on its own, at the card's own scale, with the horizontal
    //    model and with English alone, and keep the reading that looks most like an address.
    rereadEmailLines(&best, textScale: prepared.textScale, glyphHeight: prepared.glyphHeight)
    trace?("  e-mail lines \(clock.lap())")

    // 7. Boxes back to the file's coordinates: unturn, undo the clean-up, unflatten, unscale.
    let unrotate = Self.unrotation(
      quarterTurns: best.quarterTurns, width: best.image.width, height: best.image.height)
    let toFile: PointMap = { p in card.toFile(prepared.toSource(unrotate(p))) }
    let lines = best.lines.filter { !Self.isNoise($0) }.map { raw -> OCRLine in
      let corners = [
        Point(x: Double(raw.x1), y: Double(raw.y1)), Point(x: Double(raw.x2), y: Double(raw.y1)),
        Point(x: Double(raw.x2), y: Double(raw.y2)), Point(x: Double(raw.x1), y: Double(raw.y2)),
      ].map(toFile)
      let xs = corners.map(\.x)
      let ys = corners.map(\.y)
      let minX = min(fileWidth, max(0, Int(xs.min() ?? 0)))
      let minY = min(fileHeight, max(0, Int(ys.min() ?? 0)))
      let maxX = min(fileWidth, Int((xs.max() ?? 0).rounded(.up)))
      let maxY = min(fileHeight, Int((ys.max() ?? 0).rounded(.up)))
      return OCRLine(
        text: raw.text,
        bbox: BoundingBox(x: minX, y: minY, width: max(0, maxX - minX), height: max(0, maxY - minY)),
        confidence: (raw.confidence * 1000).rounded() / 1000,
        cardBox: BoundingBox(
          x: raw.x1, y: raw.y1, width: max(0, raw.x2 - raw.x1), height: max(0, raw.y2 - raw.y1)))
    }
    return OCRResult(
      orientation: Self.orientation(of: toFile, width: best.image.width, height: best.image.height),
      vertical: best.vertical, lines: lines)
  }

  /// A "line" that is one character from each of several vertical columns, read across them
  /// ("1 伊 御 福", "かがエ 三 時"): most of its words one character long, and not read surely.
  static func isRowAcrossColumns(_ line: TesseractEngine.RawLine) -> Bool {
    let words = line.text.split(separator: " ")
    guard words.count >= 3, line.confidence < 0.85 else { return false }
    return words.filter { $0.count == 1 }.count * 5 >= words.count * 3
  }

  /// Reads `image` turned clockwise by `quarterTurns`.
  private func read(_ image: PixImage, quarterTurns: Int) -> Candidate {
    let turned = image.rotated(quarterTurns: quarterTurns) ?? image
    return Candidate(
      image: turned, quarterTurns: quarterTurns, vertical: false,
      lines: recognize(turned, main, PSM_SINGLE_COLUMN))
  }

  /// The clockwise turn, in degrees, that makes the file's pixels upright: the direction in
  /// which the card's "up" points in the file, rounded to a quarter turn.
  static func orientation(of toFile: PointMap, width: Int, height: Int) -> Int {
    let c = Point(x: Double(width) / 2, y: Double(height) / 2)
    let a = toFile(c)
    let b = toFile(Point(x: c.x, y: c.y - Double(max(width, height)) / 4))
    let dx = b.x - a.x
    let dy = b.y - a.y
    // Up in the file: (0, -1) → 0°. Pointing right (the card lies turned 90° clockwise) → 270°.
    if abs(dx) > abs(dy) { return dx > 0 ? 270 : 90 }
    return dy < 0 ? 0 : 180
  }

  /// Maps a point of an image to the same point after turning it clockwise by quarter turns
  /// (`width` and `height` are the unturned image's).
  static func rotation(quarterTurns q: Int, width w: Int, height h: Int) -> PointMap {
    switch ((q % 4) + 4) % 4 {
    case 1: { p in Point(x: Double(h) - p.y, y: p.x) }
    case 2: { p in Point(x: Double(w) - p.x, y: Double(h) - p.y) }
    case 3: { p in Point(x: p.y, y: Double(w) - p.x) }
    default: { $0 }
    }
  }

  private func f2(_ v: Double) -> String { String(format: "%.2f", v) }

  private func rereadEmailLines(_ c: inout Candidate, textScale: Double, glyphHeight: Double?) {
    var n = 0
    while n < c.lines.count {
      defer { n += 1 }
      var line = c.lines[n]
      guard EmailText.isEmailLine(line.text) else { continue }
      // Certain misreadings ("example.cojp", "EXAMPLE.JP") are mended without reading again.
      line.text = EmailText.repaired(line.text)
      c.lines[n].text = line.text
      let quality = EmailText.quality(line.text)
      guard quality < 3 || line.confidence < 0.75 || EmailText.mayHoldGluedLabel(line.text) else {
        c.lines[n].text = EmailText.repaired(line.text)
        continue
      }
      // Tesseract sometimes cuts an address into pieces on the same row: read them as one.
      let row = Self.sameRow(as: n, in: c.lines)
      var span = line
      for k in row {
        let o = c.lines[k]
        span.x1 = min(span.x1, o.x1)
        span.y1 = min(span.y1, o.y1)
        span.x2 = max(span.x2, o.x2)
        span.y2 = max(span.y2, o.y2)
      }
      // An address cut short ("harada@k", "E-Mail: h.i"): its rest is further along the row.
      if quality <= 1 { span = Self.extendAlongRow(span, in: c.image) }
      var best = line
      var webAddress: TesseractEngine.RawLine?
      var bestQuality = row.isEmpty ? quality : 0
      var bestConfidence = row.isEmpty ? line.confidence : 0
      // The card's own scale (when it was enlarged), then type of about 22 px.
      let enlarge = min(2.5, max(1.0, 22 / (glyphHeight ?? 22)))
      var scales = abs(textScale - 1) > 0.1 ? [1 / textScale] : []
      scales.append(abs(enlarge - 1) > 0.1 ? enlarge : 1.0)
      reading: for s in scales {
        guard let crop = lineCrop(span, in: c.image, scale: s) else { continue }
        for english in [false, true] {
          // A clean, confident address needs no further reading.
          if bestQuality == 3 && bestConfidence >= 0.75 && !EmailText.mayHoldGluedLabel(best.text) {
            break reading
          }
          let lines =
            english
            ? ((try? shared("eng", { $0.recognize(crop, pageSegMode: PSM_SINGLE_LINE) ?? [] })) ?? [])
            : recognize(crop, main, PSM_SINGLE_LINE)
          guard var read = lines.max(by: { $0.text.count < $1.text.count }) else { continue }
          read.text = EmailText.repaired(read.text)
          let q = EmailText.quality(read.text)
          // A web address whose "e" the first reading took for "@" ("aoi.@xample.com"):
          // read surer without it, it is no e-mail line.
          if quality == 2, q == 0, row.isEmpty, read.confidence >= line.confidence + 0.1,
            EmailText.isHostWithAtForLetter(read.text, asRead: line.text)
          {
            trace?("    email line is a web address: \(read.text) c\(f2(read.confidence))")
            webAddress = TesseractEngine.RawLine(
              text: read.text, x1: line.x1, y1: line.y1, x2: line.x2, y2: line.y2,
              confidence: read.confidence)
            break reading
          }
          trace?("    email \(english ? "eng" : "main") ×\(f2(s)): \(read.text) q\(q) c\(f2(read.confidence)) (was \(line.text) q\(quality) c\(f2(line.confidence)))")
          // Surer, and no mark lost; or the same address with a mark the best reading lost
          // ("E r.matsuzaki@…" over "Ermatsuzaki@…").
          if q > bestQuality
            || (q == bestQuality
              && ((read.confidence > bestConfidence + 0.05 && !EmailText.losesMarks(read.text, from: best.text))
                || EmailText.losesMarks(best.text, from: read.text)))
          {
            bestQuality = q
            bestConfidence = read.confidence
            best = TesseractEngine.RawLine(
              text: read.text, x1: span.x1, y1: span.y1, x2: span.x2, y2: span.y2,
              confidence: read.confidence)
          }
        }
      }
      if let webAddress {
        c.lines[n] = webAddress
        continue
      }
      best.text = EmailText.repaired(best.text)
      if row.isEmpty || bestQuality > quality {
        c.lines[n] = best
        if !row.isEmpty {
          for k in row.sorted(by: >) {
            c.lines.remove(at: k)
            if k < n { n -= 1 }
          }
        }
      }
    }
  }

  /// A line's box widened to the ink on its row, left and right, up to a gap of three line
  /// heights.
  static func extendAlongRow(_ line: TesseractEngine.RawLine, in image: PixImage)
    -> TesseractEngine.RawLine
  {
    let h = max(4, line.y2 - line.y1)
    guard let band = image.cropped(x: 0, y: line.y1, width: image.width, height: h),
      let r = band.raster(), r.channels == 1
    else { return line }
    let (otsu, _, _) = ImageOps.otsu(r.pixels)
    var ink = [Bool](repeating: false, count: r.width)
    for y in 0..<r.height {
      for x in 0..<r.width where Int(r.pixels[y * r.width + x]) <= otsu { ink[x] = true }
    }
    var out = line
    var gap = 0
    var x = line.x2
    while x < r.width && gap < 3 * h {
      if ink[x] {
        out.x2 = x + 1
        gap = 0
      } else {
        gap += 1
      }
      x += 1
    }
    gap = 0
    x = line.x1 - 1
    while x >= 0 && gap < 3 * h {
      if ink[x] {
        out.x1 = x
        gap = 0
      } else {
        gap += 1
      }
      x -= 1
    }
    return out
  }

  /// The other lines on the same row as line `n` and near it (overlapping it vertically by half
  /// the lower line's height, with gaps under four line heights): pieces of one cut line.
  static func sameRow(as n: Int, in lines: [TesseractEngine.RawLine]) -> [Int] {
    let l = lines[n]
    let h = l.y2 - l.y1
    var left = l.x1
    var right = l.x2
    var picked: [Int] = []
    var added = true
    while added {
      added = false
      for (k, o) in lines.enumerated() where k != n && !picked.contains(k) {
        let overlap = min(l.y2, o.y2) - max(l.y1, o.y1)
        guard overlap * 2 >= min(h, o.y2 - o.y1), o.x2 - o.x1 >= o.y2 - o.y1 || o.text.count <= 2
        else { continue }
        let gap = o.x1 >= right ? o.x1 - right : left - o.x2
        guard gap < 4 * max(h, 8) else { continue }
        picked.append(k)
        left = min(left, o.x1)
        right = max(right, o.x2)
        added = true
      }
    }
    return picked
  }

  /// The enclosed legal forms, by the character inside the parentheses.
  /// Only ㈱ and ㈲: the others (㈳ ㈶ ㈵ …) are rare on cards, and their inner characters
  /// are too like parts of common kanji (財 inside 購, 特 inside 特).
  static let enclosedForms: [Character: Character] = ["株": "㈱", "有": "㈲"]

  /// ㈱, ㈲ and their kin are not in the Japanese model's character set: Tesseract reads them
  /// as some other kanji ("カナリア電機綿"), and the company loses its legal form. A line's first
  /// two characters and its last are looked at, on lines that may name a company: where one
  /// has ink down both its sides (the parentheses), the character between them is read on
  /// its own, and when that is 株 or 有, the enclosed form replaces the one first read.
  private func readEnclosedForms(_ c: inout Candidate) throws(OCRError) {
    guard let raster = c.image.raster(), raster.channels == 1 else { return }
    // Lines that may name a company: no digits, not long, type no smaller than most.
    let heights = c.lines.map { $0.y2 - $0.y1 }.sorted()
    let typical = heights.isEmpty ? 0 : heights[heights.count / 2]
    var checks = 0
    for n in c.lines.indices where checks < 6 {
      let line = c.lines[n]
      let glyphs = line.glyphs
      let chars = Array(line.text.filter { !$0.isWhitespace })
      guard glyphs.count >= 3, glyphs.count == chars.count, chars.count <= 24,
        String(chars) == glyphs.map(\.text).joined(), Self.japaneseShare(line.text) >= 0.5,
        !chars.contains(where: \.isNumber), line.y2 - line.y1 >= typical
      else { continue }
      for k in Set([0, 1, glyphs.count - 1]).sorted() where checks < 6 {
        let g = glyphs[k]
        guard let u = chars[k].unicodeScalars.first, (0x4E00...0x9FFF).contains(u.value),
          let (top, bottom) = Self.inkRows(raster, x1: g.x1, x2: g.x2, y1: line.y1, y2: line.y2)
        else { continue }
        let h = bottom - top
        guard h >= 8 else { continue }
        // Tesseract's box for the character, and a square on its outer edge (its box sometimes
        // takes in a neighbour, or a logo beside it).
        var boxes = [(g.x1, g.x2)]
        let square = k == glyphs.count - 1 ? (g.x2 - h, g.x2) : (g.x1, g.x1 + h)
        if abs(square.0 - g.x1) + abs(square.1 - g.x2) > h / 5 { boxes.append(square) }
        var found: Character?
        for (x1, x2) in boxes where found == nil && checks < 6 {
          let w = x2 - x1
          guard x1 >= 0, x2 <= raster.width, w * 10 >= h * 3, w * 10 <= h * 13,
            Self.inkDownBothSides(raster, x1: x1, y1: top, x2: x2, y2: bottom)
          else { continue }
          checks += 1
          found = try readEnclosedForm(in: c.image, x1: x1, y1: top, x2: x2, y2: bottom)
          // 株 read as 株: the character itself, not one in parentheses.
          if let f = found, Self.enclosedForms.first(where: { $0.value == f })?.key == chars[k] { found = nil }
        }
        guard let form = found else { continue }
        trace?("    enclosed: \(chars[k]) → \(form) in \(line.text)")
        var seen = 0
        c.lines[n].text = String(
          c.lines[n].text.map { ch -> Character in
            guard !ch.isWhitespace else { return ch }
            defer { seen += 1 }
            return seen == k ? form : ch
          })
        c.lines[n].glyphs[k].text = String(form)
      }
    }
  }

  /// The enclosed form in a box whose sides are the parentheses: the character between them
  /// (the box less 15% each side), made square again (the enclosed forms squeeze it) and
  /// read on its own.
  private func readEnclosedForm(in image: PixImage, x1: Int, y1: Int, x2: Int, y2: Int) throws(OCRError) -> Character? {
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

  /// The top and bottom (exclusive) of the ink between `x1` and `x2`, within `y1..<y2`: the
  /// tallest run of inked rows (gaps of up to 3 rows bridged), so not a rule under the line.
  static func inkRows(_ r: RasterImage, x1: Int, x2: Int, y1: Int, y2: Int) -> (Int, Int)? {
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
    guard Int(hi) - Int(lo) >= 60 else { return nil }
    let threshold = (Int(lo) + Int(hi)) / 2
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

  /// Han and kana characters among the letters of `text`.
  static func japaneseShare(_ text: String) -> Double {
    var japanese = 0
    var letters = 0
    for u in text.unicodeScalars where CharacterSet.alphanumerics.contains(u) {
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
    let share = japaneseShare(again.text)
    guard share >= 0.75, again.confidence >= 0.4,
      again.text.filter({ !$0.isWhitespace }).count >= 2
    else { return again.confidence > line.confidence + 0.1 }
    if again.confidence > line.confidence + 0.1 { return true }
    let before = japaneseShare(line.text)
    if before < 0.75 && share >= 0.9 && again.confidence >= line.confidence - 0.2 { return true }
    return before < 0.75 && again.confidence >= 0.7
  }

  /// A short line that jpn+eng may have read partly as Latin: in large type (a name, a
  /// company) and not all Japanese read well; or Japanese with a stray Latin scrap of one to
  /// three letters beside it ("田島 fs").
  static func isDisplayLine(_ line: TesseractEngine.RawLine, typicalHeight: Int) -> Bool {
    let chars = line.text.filter { !$0.isWhitespace }
    guard chars.count <= 16, chars.filter(\.isNumber).count * 3 < chars.count,
      !isJapanese(line.text, confidence: line.confidence)
    else { return false }
    let share = japaneseShare(line.text)
    let words = line.text.split(separator: " ")
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

  /// A line's region with a margin, scaled by `scale`, with a white border.
  private func lineCrop(_ line: TesseractEngine.RawLine, in image: PixImage, scale: Double) -> PixImage? {
    let h = line.y2 - line.y1
    let margin = max(4, h / 4)
    let x = max(0, line.x1 - margin)
    let y = max(0, line.y1 - margin)
    let w = min(image.width, line.x2 + margin) - x
    let hh = min(image.height, line.y2 + margin) - y
    guard w > 4, hh > 4, let crop = image.cropped(x: x, y: y, width: w, height: hh) else { return nil }
    guard let sized = abs(scale - 1) < 0.05 ? crop : crop.scaled(by: scale),
      let framed = sized.bordered(8)
    else { return nil }
    framed.setResolutionIfMissing()
    return framed
  }

  /// Reads one line's region again, enlarged, with `jpn` alone (single-line mode).
  private func rereadJapanese(
    _ line: TesseractEngine.RawLine, in image: PixImage
  ) throws(OCRError) -> TesseractEngine.RawLine? {
    let h = line.y2 - line.y1
    let margin = max(4, h / 4)
    let x = max(0, line.x1 - margin)
    let y = max(0, line.y1 - margin)
    let w = min(image.width, line.x2 + margin) - x
    let hh = min(image.height, line.y2 + margin) - y
    guard w > 4, hh > 4, let crop = image.cropped(x: x, y: y, width: w, height: hh) else { return nil }
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
      return (pieces, pieces.reduce(0.0) { $0 + $1.confidence * Double($1.text.count) } / Double(chars))
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
        y2: min(line.y2, y + Int((Double(g.y2) / f).rounded(.up))))
    }
    return TesseractEngine.RawLine(
      text: pieces.map(\.text).joined(separator: " "), x1: line.x1, y1: line.y1, x2: line.x2, y2: line.y2,
      confidence: confidence, glyphs: glyphs)
  }

  /// Finds columns of vertical text and reads each on its own, scaled so that its characters
  /// are the size the vertical model reads best. Columns come right to left.
  ///
  /// Ink is what is darker than the image's Otsu threshold, less the lines already read and
  /// less long rules (a separator line would join every column). Columns are the runs of the
  /// ink's profile across the card; each is cut where it has a tall empty stretch (a column
  /// above a horizontal block), and a piece must be at least 1.5 times as tall as wide.
  private func readVerticalColumns(
    _ image: PixImage, excluding done: [TesseractEngine.RawLine]
  ) throws(OCRError) -> [TesseractEngine.RawLine] {
    guard let r = image.raster(), r.channels == 1 else { return [] }
    let w = r.width
    let h = r.height
    // Clearly dark pixels only: halfway between Otsu's threshold and the dark class's mean
    // (the shaded edge of a scanned card is not ink).
    let (otsu, darkMean, _) = ImageOps.otsu(r.pixels)
    let threshold = (otsu + Int(darkMean)) / 2
    var ink = [Bool](repeating: false, count: w * h)
    for i in 0..<(w * h) where Int(r.pixels[i]) <= threshold { ink[i] = true }
    for l in done {
      for y in max(0, l.y1 - 2)..<min(h, l.y2 + 2) {
        for x in max(0, l.x1 - 2)..<min(w, l.x2 + 2) { ink[y * w + x] = false }
      }
    }
    Self.eraseRules(&ink, width: w, height: h)
    // Ignore a thin frame around the card (borders, scanner edges).
    let mx = w / 40
    let my = h / 40
    var profile = [Int](repeating: 0, count: w)
    for y in my..<(h - my) {
      for x in mx..<(w - mx) where ink[y * w + x] { profile[x] += 1 }
    }
    var runs: [(Int, Int)] = []
    var x = 0
    while x < w {
      guard profile[x] > 1 else {
        x += 1
        continue
      }
      var end = x
      var gap = 0
      while end + 1 < w && gap < 4 {
        end += 1
        gap = profile[end] > 1 ? 0 : gap + 1
      }
      runs.append((x, end - gap))
      x = end + 1
    }
    var lines: [TesseractEngine.RawLine] = []
    for (x0, x1) in runs.reversed() {
      let cw = x1 - x0 + 1
      guard cw >= 8, cw * 3 < w else { continue }
      // The column's rows with ink, cut at empty stretches taller than 1.5 characters.
      var rows = [Bool](repeating: false, count: h)
      for y in my..<(h - my) {
        for xx in x0...x1 where ink[y * w + xx] {
          rows[y] = true
          break
        }
      }
      let maxGap = max(20, cw * 3 / 2)
      var pieces: [(Int, Int)] = []
      var start = -1
      var last = -1
      for y in 0..<h where rows[y] {
        if start < 0 {
          start = y
        } else if y - last > maxGap {
          pieces.append((start, last))
          start = y
        }
        last = y
      }
      if start >= 0 { pieces.append((start, last)) }
      for (y0, y1) in pieces {
        // A column is taller than wide; anything else is a logo or a stray mark.
        guard y1 - y0 + 1 >= cw * 3 / 2 else { continue }
        // Close up the column: wide gaps between characters (a name set with spaces) confuse
        // the vertical model; each is shrunk to a quarter character, and remembered as a space
        // when it was wider than 0.7 characters.
        let pad = max(4, cw / 4)
        let cx = max(0, x0 - pad)
        let cx2 = min(w, x1 + pad + 1)
        var bands: [(Int, Int)] = []
        var bandStart = -1
        for y in y0...y1 {
          var has = false
          for xx in x0...x1 where ink[y * w + xx] {
            has = true
            break
          }
          if has && bandStart < 0 { bandStart = y }
          if !has && bandStart >= 0 {
            bands.append((bandStart, y - 1))
            bandStart = -1
          }
        }
        if bandStart >= 0 { bands.append((bandStart, y1)) }
        let closeGap = max(2, cw / 4)
        var rowsOut: [Int] = []  // source row per output row; -1 = white
        var spaces: [Int] = []  // output rows where a space was
        for _ in 0..<pad { rowsOut.append(-1) }
        for (k, band) in bands.enumerated() {
          if k > 0 {
            let gap = band.0 - bands[k - 1].1 - 1
            if gap * 10 > cw * 7 { spaces.append(rowsOut.count) }
            for g in 0..<min(gap, closeGap) { rowsOut.append(bands[k - 1].1 + 1 + g) }
          }
          for y in band.0...band.1 { rowsOut.append(y) }
        }
        for _ in 0..<pad { rowsOut.append(-1) }
        let cwOut = cx2 - cx
        var pixels = [UInt8](repeating: 255, count: cwOut * rowsOut.count)
        for (oy, sy) in rowsOut.enumerated() where sy >= 0 {
          for xx in 0..<cwOut { pixels[oy * cwOut + xx] = r.pixels[sy * w + cx + xx] }
        }
        let factor = min(2.0, max(0.3, 40.0 / Double(cw)))
        guard
          let closed = PixImage.make(
            from: RasterImage(width: cwOut, height: rowsOut.count, channels: 1, pixels: pixels)),
          let sized = closed.scaled(by: factor),
          let framed = sized.bordered(12)
        else { continue }
        framed.setResolutionIfMissing()
        let words = try shared(options.verticalLanguages) {
          $0.recognize(framed, pageSegMode: PSM_SINGLE_BLOCK_VERT_TEXT, words: true) ?? []
        }.sorted { $0.y1 < $1.y1 }
        guard !words.isEmpty else { continue }
        // Characters run top to bottom; a space goes where a wide gap was closed up.
        let spaceRows = spaces.map { Int(Double($0) * factor) + 12 }
        var text = ""
        var previous: TesseractEngine.RawLine?
        for word in words {
          let t = word.text.filter { !$0.isWhitespace }
          guard !t.isEmpty else { continue }
          if let p = previous, !text.isEmpty,
            spaceRows.contains(where: { $0 >= (p.y1 + p.y2) / 2 && $0 <= (word.y1 + word.y2) / 2 })
          {
            text += " "
          }
          text += t
          previous = word
        }
        guard !text.isEmpty else { continue }
        let chars = words.reduce(0) { $0 + $1.text.count }
        let conf = words.reduce(0.0) { $0 + $1.confidence * Double($1.text.count) } / Double(max(1, chars))
        trace?("    column \(x0)-\(x1) × \(y0)-\(y1): \(text) (\(Int(conf * 100)))")
        guard conf >= 0.2 else { continue }
        lines.append(
          TesseractEngine.RawLine(
            text: text,
            x1: x0, y1: y0, x2: x1 + 1, y2: y1 + 1, confidence: conf))
      }
    }
    return lines
  }

  /// Erases long straight runs of ink (rules, frames): horizontal runs longer than a fifth of the
  /// width and vertical runs longer than a third of the height, when they are thin.
  static func eraseRules(_ ink: inout [Bool], width w: Int, height h: Int) {
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

  private static func overlaps(_ a: TesseractEngine.RawLine, _ b: TesseractEngine.RawLine) -> Bool {
    a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2
  }

  private func processingError(_ path: String) -> OCRError {
    OCRError(.decodeFailed, "\(path): the image could not be processed (out of memory or damaged data)")
  }

  /// Runs `body` with an engine for `languages` lent by ``EngineShelf``.
  private func shared<T>(_ languages: String, _ body: (TesseractEngine) -> T) throws(OCRError) -> T {
    let engine = try shelf.checkOut(datapath: options.tessdataPath, languages: languages, own: false)
    defer { shelf.checkIn(engine, datapath: options.tessdataPath, languages: languages, own: false) }
    return body(engine)
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
  private static func unrotation(quarterTurns q: Int, width w: Int, height h: Int) -> PointMap {
    // (w, h) is the size of the turned image.
    switch ((q % 4) + 4) % 4 {
    case 1: { p in Point(x: p.y, y: Double(w) - p.x) }
    case 2: { p in Point(x: Double(w) - p.x, y: Double(h) - p.y) }
    case 3: { p in Point(x: Double(h) - p.y, y: p.x) }
    default: { $0 }
    }
  }

  /// A first reading at least this confident, with its text running across, is taken as upright
  /// (turned cards read below 0.5 on the fixtures; upright photos 0.54–0.93).
  static let uprightConfidence = 0.6

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

    /// Most of the text was found in boxes taller than wide: text running sideways.
    var mostlyTall: Bool {
      let tall = lines.filter { $0.y2 - $0.y1 > 2 * ($0.x2 - $0.x1) }.reduce(0) { $0 + $1.text.count }
      let all = lines.reduce(0) { $0 + $1.text.count }
      return all > 0 && tall * 2 > all
    }

    /// Read well enough that no other orientation needs trying.
    var isConfidentlyUpright: Bool {
      meanConfidence >= CardReader.uprightConfidence && !mostlyTall && characters >= 12
    }

    /// Characters read (spaces aside); a few confident characters say little about orientation.
    var characters: Int {
      lines.reduce(0) { $0 + $1.text.filter { !$0.isWhitespace }.count }
    }

    /// Tall boxes read with low confidence, or little read at all: vertical text, perhaps.
    var mayHoldVerticalText: Bool {
      meanConfidence < 0.7
        || lines.contains { $0.y2 - $0.y1 > 2 * ($0.x2 - $0.x1) && $0.confidence < 0.6 }
    }

    /// Confident characters read: rewards reading more text, and reading it well.
    var score: Double {
      lines.reduce(0) { acc, l in
        acc + l.confidence * l.confidence * Double(l.text.filter { !$0.isWhitespace }.count)
      }
    }
  }
}

/// Elapsed time between trace lines.
struct Clock {
  private var last = DispatchTime.now().uptimeNanoseconds

  mutating func lap() -> String {
    let now = DispatchTime.now().uptimeNanoseconds
    defer { last = now }
    return "(\((now - last) / 1_000_000) ms)"
  }
}
