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
  let main: TesseractEngine
  let shelf = EngineShelf.shared
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

  static func requireModel(_ lang: String, in path: String) throws(OCRError) {
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
  /// ``OCRResult/cardIndex``. A multi-page TIFF or PDF gives a result per page; a flatbed scan
  /// or photo of several cards gives one per card. Where nothing is read (a blank back page, a
  /// sheet of paper found beside a card) there is no result, and a warning on the others says
  /// so; the others keep their index, their place among all the shapes found, so that a card
  /// is the same card whatever is left out. When nothing is read in the whole file, the file
  /// gives its first result, empty.
  public func readAll(path: String) throws(OCRError) -> [OCRResult] {
    try readAll(data: CardReader.load(path: path), path: path)
  }

  /// Reads every card in an image already loaded from `path` (named in messages).
  public func readAll(data: Data, path: String) throws(OCRError) -> [OCRResult] {
    let format = try ImageFile.check(data, path: path)
    let decoder = PageDecoder(data: data, format: format, path: path, maxSide: options.maxSide)
    var results: [OCRResult] = []
    var largest = 0
    while let page = try nextPage(decoder, path: path) {
      largest = max(largest, page.fileWidth * page.fileHeight)
      for card in page.cards {
        var r = try readCard(
          card, exifTurns: page.exifTurns, fileWidth: page.fileWidth, fileHeight: page.fileHeight)
        r.cardIndex = results.count
        r.warnings = page.warnings + r.warnings.map { "\(path): \($0)" }
        results.append(r)
      }
    }
    if results.isEmpty {
      throw OCRError(.decodeFailed, "\(path): the file holds no pages; export the card again")
    }
    let blank = results.filter(\.readsNothing).map(\.cardIndex)
    if blank.count == results.count {
      results = [results[0]]  // nothing read anywhere: the file is reported once
    } else if !blank.isEmpty {
      results.removeAll(where: \.readsNothing)
      let which = blank.map { "\($0 + 1)" }.joined(separator: ", ")
      results[0].warnings.append(
        "\(path): nothing was read on shape \(which) of \(results.count + blank.count) found (a blank side, or no card): left out"
      )
    }
    // A card-sized scan's copies are small enough to keep for the next file; handing them
    // back and taking them again costs page faults (about 5 % of the CPU time of a scan of
    // flat cards).
    if largest > Self.trimAfterPixels { Self.returnFreedMemory() }
    return results
  }

  /// Files with more pixels than this hand their freed memory back (``returnFreedMemory()``).
  static let trimAfterPixels = 1_500_000

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
  struct CardImage {
    var gray: PixImage
    var toFile: PointMap
    /// Its corners in the working image, for reading order; empty for a whole page (a scan).
    var outline: [Point]
  }

  /// The cards of one page, ready to read, and what is needed to report on them.
  struct PageCards {
    var cards: [CardImage]
    var exifTurns: Int
    var fileWidth: Int
    var fileHeight: Int
    var warnings: [String]
  }

  /// Decodes the next page and takes its cards out of it. The decoded page, its scaled copies
  /// and the photo's raster are released on return, before any card is read: only the
  /// flattened cards stay in memory.
  func nextPage(_ decoder: PageDecoder, path: String) throws(OCRError) -> PageCards? {
    var clock = Clock()
    guard let page = try decoder.nextPage() else { return nil }
    trace?("\(path): page \(page.pageNumber) decoded \(page.image.width)x\(page.image.height) ×\(String(format: "%.2f", page.scaleToFile)) \(page.exif.map(\.description) ?? "") \(clock.lap())")
    return try cards(of: page, path: path)
  }

  func cards(of page: DecodedPage, path: String) throws(OCRError) -> PageCards {
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
        trace?("    corners " + quad.corners.map { "\(Int($0.x.rounded())),\(Int($0.y.rounded()))" }.joined(separator: " "))
        let card = CardRectifier.rectify(raster, quad: quad, targetLongSide: Self.flatLongSide)
        guard let flat = PixImage.make(from: card.image) else { continue }
        // Keep the transform, not the card's colour raster.
        let h = Homography(matrix: card.homography)
        cards.append(CardImage(gray: flat, toFile: { p in toFile(h.apply(p)) }, outline: quad.corners))
      }
      trace?("  flatten: \(cards.count) card(s) \(clock.lap())")
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

  func readCard(
    _ card: CardImage, exifTurns: Int, fileWidth: Int, fileHeight: Int
  ) throws(OCRError) -> OCRResult {
    var clock = Clock()
    // 1. Clean-up.
    let prepared = Preprocess.prepare(card.gray, photo: !card.outline.isEmpty)
    trace?("  card \(card.gray.width)x\(card.gray.height) → \(prepared.image.width)x\(prepared.image.height) \(prepared.steps.joined(separator: ", ")) \(clock.lap())")
    var warnings: [String] = []
    // A blurred photo loses its small type (dots and hyphens of e-mail addresses first); only
    // taking it again mends that. A card small in its photo was enlarged to be flattened, its
    // blur with it: nearer.
    if let blur = prepared.blurWidth, blur >= Self.blurredWidth {
      let closer = Quadrilateral(corners: card.outline).longestSide < 1000 ? "closer, " : ""
      warnings.append(
        "the card looks blurred (its edges spread over about \(String(format: "%.1f", blur)) px): small type may be misread; photograph it again, \(closer)held still and in focus"
      )
    }
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
      // The turn OSD suggests, however unsure: the first to try when nothing else reads.
      var suggested: Int?
      if let (deg, conf) = try shared("osd", { $0.detectOrientation(shown) }) {
        trace?("  osd: \(deg)° conf \(f2(conf)) \(clock.lap())")
        if deg != 0 { suggested = (best.quarterTurns + (4 - deg / 90)) % 4 }
        if let turns = suggested, conf >= 2.0 {
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
      // Next to nothing read the ways tried (OSD unsure, as on a card of little text): the
      // other turns, OSD's suggestion first, until one reads confidently upright.
      if best.score < Self.nothingReadScore {
        for turns in [suggested].compactMap({ $0 }) + [0, 1, 2, 3]
        where !tried.contains(turns) && !best.isConfidentlyUpright {
          tried.insert(turns)
          let c = read(image, quarterTurns: turns)
          trace?("  read turn \(turns): conf \(f2(c.meanConfidence)) score \(Int(c.score)) \(clock.lap())")
          if c.score > best.score { best = c }
        }
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
      // A number read badly (a phone line in a light face, jpn+eng reading "TELOD79—87—9 139"):
      // English alone reads digits best, and the Japanese model takes them for kana. Its reading
      // wins when it holds a whole number (nine digits or more) that the first reading broke up;
      // a line with a Japanese label (ファクス) is left to the Japanese model, which keeps it.
      if line.confidence < 0.6, (6..<9).contains(Self.longestNumber(line.text)),
        Self.japaneseShare(line.text) == 0,
        let english = try rereadEnglish(line, in: best.image), Self.longestNumber(english.text) >= 9
      {
        trace?("    reread as English: \(line.text) (\(f2(line.confidence))) → \(english.text) (\(f2(english.confidence)))")
        best.lines[n] = english
        continue
      }
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
    trace?("  enclosed forms \(clock.lap())")
    // 4c. ō and ū, which the English model cannot read (see ``readMacrons``).
    readMacrons(&best)

    // A landscape card read fairly well is horizontal: vertical cards stand upright.
    let landscape = best.image.width > best.image.height
    // 4d. Blocks the reading of the whole card passed over (see ``readUncoveredBlocks``).
    if landscape, best.meanConfidence >= 0.5 {
      try readUncoveredBlocks(&best, glyphHeight: Int(prepared.glyphHeight ?? 0))
      trace?("  uncovered blocks \(clock.lap())")
    }

    // 5. Columns of vertical text (縦書き) read badly, or ink no line covers: read the columns
    //    with the vertical model, and keep the horizontal lines beside them (an address block
    //    under a vertical name).
    let suspectVertical =
      landscape
      ? best.meanConfidence < 0.5 || Self.uncoveredInk(best.image, lines: best.lines) > 0.4
      : best.mayHoldVerticalText || Self.uncoveredInk(best.image, lines: best.lines) > 0.3
    if options.tryVertical && suspectVertical {
      // Lines that are surely horizontal text (an e-mail, an address block) keep their ink
      // out of the columns; a scrap read across a column ("服 :") does not.
      let keep = best.lines.filter { l in
        l.x2 - l.x1 >= 2 * (l.y2 - l.y1) && (l.confidence >= 0.5 || EmailText.isEmailLine(l.text))
          && l.text.filter { !$0.isWhitespace }.count >= 4 && !Self.isRowAcrossColumns(l)
      }
      let columns = try readVerticalColumns(best.image, excluding: keep).filter { c in
        guard Self.isPieceOfHorizontalBlock(c, kept: keep, lines: best.lines) else { return true }
        trace?("    not a column: \(c.text) (\(Int(c.confidence * 100))), across horizontal lines")
        return false
      }
      if !columns.isEmpty {
        let beside = best.lines.filter { l in
          l.x2 - l.x1 >= l.y2 - l.y1 && (l.confidence >= 0.3 || l.text.contains("@"))
            && !columns.contains { Self.overlaps($0, l) }
        }
        let c = Candidate(
          image: best.image, quarterTurns: best.quarterTurns, vertical: true, lines: columns + beside)
        trace?("  vertical: \(columns.map { "\($0.text) (\(Int($0.confidence * 100)))" }.joined(separator: " | ")) score \(Int(c.score)) vs \(Int(best.score))")
        // Columns read as garbage (sideways horizontal text) never win.
        if c.score > best.score && columns.meanConfidence >= 0.5 { best = c }
      }
      trace?("  vertical: \(columns.count) column(s) \(clock.lap())")
    }

    // 5a. ㈱ at either end of a column (see ``readEnclosedFormsInColumns``).
    if best.vertical { readEnclosedFormsInColumns(&best) }

    // 5b. Kanji read again from their glyphs: those of names that the Japanese models cannot
    //     output (﨑, 髙, 侑, 菫), and those read with doubt (see ``rereadKanjiGlyphs``).
    rereadKanjiGlyphs(&best)
    trace?("  kanji glyphs \(clock.lap())")

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
      vertical: best.vertical, lines: lines, warnings: warnings)
  }

  /// Whether `column`, read with the vertical model, is a piece of a horizontal block read
  /// downwards (lines in thin grey type that the reading of the whole card made little of, "POG
  /// HRN" for 岐阜県中津川市) rather than a column: read badly, and across a line kept as surely
  /// horizontal, or across a line of text at least twice as wide as itself (four characters or
  /// more, at least twice as wide as high, about a character per line height, not a row across
  /// columns). Across: the line's middle row within the column's rows, and the column's middle
  /// within the line.
  static func isPieceOfHorizontalBlock(
    _ column: TesseractEngine.RawLine, kept: [TesseractEngine.RawLine], lines: [TesseractEngine.RawLine]
  ) -> Bool {
    guard column.confidence < 0.5 else { return false }
    func across(_ l: TesseractEngine.RawLine) -> Bool {
      let (midX, midY) = ((column.x1 + column.x2) / 2, (l.y1 + l.y2) / 2)
      return l.x1 <= midX && midX < l.x2 && column.y1 <= midY && midY < column.y2
    }
    if kept.contains(where: across) { return true }
    return lines.contains { l in
      let (w, h) = (l.x2 - l.x1, l.y2 - l.y1)
      let chars = l.text.filter { !$0.isWhitespace }.count
      return chars >= 4 && across(l) && w >= 2 * (column.x2 - column.x1) && w >= 2 * h
        && 2 * w <= 3 * chars * h && !isRowAcrossColumns(l)
    }
  }

  /// A "line" that is one character from each of several vertical columns, read across them
  /// ("1 伊 御 福", "かがエ 三 時"): most of its words one character long, and not read surely.
  static func isRowAcrossColumns(_ line: TesseractEngine.RawLine) -> Bool {
    let words = line.text.split(separator: " ")
    guard words.count >= 3, line.confidence < 0.85 else { return false }
    return words.filter { $0.count == 1 }.count * 5 >= words.count * 3
  }

  /// Reads `image` turned clockwise by `quarterTurns`.
  func read(_ image: PixImage, quarterTurns: Int) -> Candidate {
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

  func f2(_ v: Double) -> String { String(format: "%.2f", v) }

  static func overlaps(_ a: TesseractEngine.RawLine, _ b: TesseractEngine.RawLine) -> Bool {
    a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2
  }

  func processingError(_ path: String) -> OCRError {
    OCRError(.decodeFailed, "\(path): the image could not be processed (out of memory or damaged data)")
  }

  /// Runs `body` with an engine for `languages` lent by ``EngineShelf``.
  func shared<T>(_ languages: String, _ body: (TesseractEngine) -> T) throws(OCRError) -> T {
    let engine = try shelf.checkOut(datapath: options.tessdataPath, languages: languages, own: false)
    defer { shelf.checkIn(engine, datapath: options.tessdataPath, languages: languages, own: false) }
    return body(engine)
  }

  func recognize(
    _ image: PixImage, _ engine: TesseractEngine, _ mode: TessPageSegMode
  ) -> [TesseractEngine.RawLine] {
    engine.recognize(image, pageSegMode: mode) ?? []
  }

  /// Lines that are only punctuation or a single stray glyph with low confidence.
  static func isNoise(_ line: TesseractEngine.RawLine) -> Bool {
    let meaningful = line.text.unicodeScalars.filter {
      CharacterSet.alphanumerics.contains($0)
    }.count
    return meaningful == 0 || (meaningful <= 2 && line.confidence < 0.5)
  }

  /// Maps a point in an image turned `quarterTurns` clockwise back to the unturned image.
  static func unrotation(quarterTurns q: Int, width w: Int, height h: Int) -> PointMap {
    // (w, h) is the size of the turned image.
    switch ((q % 4) + 4) % 4 {
    case 1: { p in Point(x: p.y, y: Double(w) - p.x) }
    case 2: { p in Point(x: Double(w) - p.x, y: Double(h) - p.y) }
    case 3: { p in Point(x: Double(h) - p.y, y: p.x) }
    default: { $0 }
    }
  }

  /// A card flattened from a photo whose edges are spread wider than this (``Sharpness``, in
  /// pixels of the 1300 px card) is warned of as blurred. Photos out of focus by σ 2 px or
  /// more, or moved by 6 px or more, lose e-mails and phones (a stress set of 90 photos: 5 of
  /// 5 fields lost on most); they measure 1.57–2.7. Of the 41 photo fixture cards only one
  /// measures more (2.01: small in its photo and soft, its company misread).
  static let blurredWidth = 1.8

  /// A first reading at least this confident, with its text running across, is taken as upright
  /// (turned cards read below 0.5 on the fixtures; upright photos 0.54–0.93).
  static let uprightConfidence = 0.6

  /// A reading scoring under this read next to nothing (``Reading/score``: a card read upright
  /// scores 40 and more; one read a wrong way round, 0).
  static let nothingReadScore = 5.0

  struct Candidate {
    var image: PixImage
    var quarterTurns: Int
    var vertical: Bool
    var lines: [TesseractEngine.RawLine]

    var meanConfidence: Double { lines.meanConfidence }

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
  var last = DispatchTime.now().uptimeNanoseconds

  mutating func lap() -> String {
    let now = DispatchTime.now().uptimeNanoseconds
    defer { last = now }
    return "(\((now - last) / 1_000_000) ms)"
  }
}
