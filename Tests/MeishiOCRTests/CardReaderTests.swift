import CTesseract
import Foundation
import MeishiCore
import MeishiImaging
@testable import MeishiOCR
import MeishiTestSupport
import Testing

/// OCR with the real Tesseract on the committed fixture cards. Missing language data is a
/// loud failure (scripts/setup installs it), never a skip.
@Suite(.serialized) struct CardReaderTests {
  /// One engine per test instance (engines are not shared across threads).
  let reader: CardReader

  init() throws {
    reader = try CardReader()
  }

  func read(_ relative: String) throws -> OCRResult {
    try reader.read(path: Fixtures.url(relative).path)
  }

  func squashed(_ r: OCRResult) -> String {
    r.text.filter { !$0.isWhitespace }
  }

  @Test func readsAHorizontalJapaneseCard() throws {
    let r = try read("cards/01-sakura-classic.png")
    let text = squashed(r)
    #expect(text.contains("k.inoue@sakura-tech.example.co.jp"))
    #expect(text.contains("株式会社サクラテクノロジー"))
    #expect(text.contains("03-5820-4417"))
    #expect(r.orientation == 0)
    #expect(r.vertical == false)
    #expect(r.meanConfidence > 0.7)
    // Lines carry boxes inside the image and confidences in 0…1.
    for line in r.lines {
      #expect(line.bbox.x >= 0 && line.bbox.maxX <= 1050 && line.bbox.maxY <= 600)
      #expect(line.bbox.width > 0 && line.bbox.height > 0)
      #expect((0...1).contains(line.confidence))
    }
    let email = try #require(r.lines.first { $0.text.contains("@") })
    // The e-mail line is in the lower part of the card, on the left.
    #expect(email.bbox.y > 450 && email.bbox.x < 200)
  }

  /// A card in two columns (the name on the left, the address on the right) is no table:
  /// Tesseract's table finder, which TesseractEngine turns off, cut the name 谷 礼一 short.
  @Test func readsATwoColumnCardsNameWhole() throws {
    let r = try read("cards/04-hokuto-two-column.png")
    let name = try #require(r.lines.first { $0.text.hasPrefix("谷") })
    #expect(name.text.filter { !$0.isWhitespace } == "谷礼一")
  }

  @Test(arguments: [90, 180, 270])
  func fixesRotationFromTheContent(degrees: Int) throws {
    let r = try read("ocr/01-rotated-\(degrees).png")
    #expect(squashed(r).contains("k.inoue@sakura-tech.example.co.jp"))
    #expect(r.orientation != 0)
    // Boxes are in the coordinates of the rotated file as given.
    let email = try #require(r.lines.first { $0.text.contains("@") })
    let (w, h) = degrees == 180 ? (1050, 600) : (600, 1050)
    #expect(email.bbox.maxX <= w && email.bbox.maxY <= h)
  }

  @Test func readsAVerticalCard() throws {
    let r = try read("cards/07-wakaba-vertical.png")
    let text = squashed(r)
    #expect(r.vertical)
    // Columns right to left: company, department and title, name; then the horizontal lines.
    let company = try #require(r.lines.firstIndex { $0.text.contains("株式会社若") })
    let title = try #require(r.lines.firstIndex { $0.text.contains("課長") })
    let name = try #require(r.lines.firstIndex { $0.text.contains("小沢") })
    #expect(company < title && title < name)
    #expect(r.lines[name].bbox.height > r.lines[name].bbox.width)
    #expect(text.contains("03-3260-4471"))
  }

  /// Vertical cards whose horizontal reading left scraps across the columns ("番 南", "東 兵"):
  /// the scraps no longer hide the columns' ink, so the name and company columns are read.
  @Test(arguments: [
    ("eval/091-kaede-vertical.png", "山中俊男"),
    ("eval/101-minato-vertical-company-left.jpg", "吉田隆介"),
    ("eval/103-hidamari-vertical-company-left.png", "陽だまりシステムズ株式会社"),
  ])
  func readsVerticalColumnsPastHorizontalScraps(file: String, expected: String) throws {
    let r = try read(file)
    #expect(r.vertical)
    #expect(squashed(r).contains(expected), "\(file): \(r.text)")
  }

  /// A vertical name and company over a horizontal block in thin grey type, which the reading
  /// of the whole card made little of ("POG HRN" for 岐阜県中津川市): that block's rest, read
  /// downwards, is no column, so it neither hides the lines beside it nor drags the columns'
  /// reading below the horizontal one. Files 20 of `scripts/make-fixtures --only photos
  /// --photo-seed 6000` (a column over the lines kept as horizontal) and `--photo-seed 8000`
  /// (columns over lines read badly), held-out renders.
  @Test(arguments: [
    "ocr/41-vertical-over-grey-block.jpg", "ocr/42-vertical-beside-grey-block.jpg",
  ])
  func aHorizontalBlockReadDownwardsIsNoColumn(file: String) throws {
    let r = try read(file)
    let text = squashed(r)
    #expect(r.vertical)
    #expect(text.contains("中山信"), "\(file): \(r.text)")
    #expect(text.contains("ンドロボティクス株式会社"), "\(file): \(r.text)")
    #expect(text.contains("0573-46-0707"), "\(file): \(r.text)")
  }

  /// A block that the reading of the whole card passed over, read on its own: beside a dark
  /// bar down the card's edge (with the name in large type read again as a line), and a title
  /// alone between two lines, which only raw-line mode reads.
  @Test(arguments: [
    ("eval/056-iroha-designer-minimal.jpg", ["購買部", "部長", "シノハラエミ", "篠原"]),
    ("eval/074-astro-band.png", ["課長"]),
  ])
  func aBlockTheFirstReadingPassedOverIsRead(file: String, expected: [String]) throws {
    let text = squashed(try read(file))
    for e in expected {
      #expect(text.contains(e), "\(e): \(text)")
    }
  }

  /// A name's last kanji that the reading of its line lost, read on its own and joined to it;
  /// a logo beside the company, read as a kana, is not joined (eval 061: "北辰電機㈱").
  @Test(arguments: [
    ("eval/076-hotaka-band.png", "上野克幸"),
    ("eval/062-kotobuki-multi-office.jpg", "村田巧真"),
  ])
  func aKanjiTheLineLostIsJoinedToIt(file: String, name: String) throws {
    let text = squashed(try read(file))
    #expect(text.contains(name), "\(text)")
  }

  @Test func aLogoBesideTheCompanyIsNotJoinedToIt() throws {
    let lines = try read("eval/061-hokushin-designer-minimal.png").lines.map(\.text)
    #expect(!lines.contains { $0.hasPrefix("北辰電機") && $0.hasSuffix("ひ") }, "\(lines)")
  }

  /// Two address columns set close together run into one; the card's other wide runs (a
  /// title beside a stray mark, the name beside its reading) made the usual column look as
  /// wide, and the pair was not split. The usual width is now that of the columns read well.
  @Test func aPairOfColumnsIsSplitWhenOtherRunsAreWide() throws {
    let r = try read("eval/088-akane-vertical.jpg")
    #expect(squashed(r).contains("兵庫県神戸市"), "\(r.text)")
  }

  @Test func readsAnEnglishCard() throws {
    let r = try read("cards/09-kitsune-english.png")
    #expect(r.text.contains("@"))
    #expect(r.orientation == 0)
  }

  @Test func blankImageIsOkWithNoLines() throws {
    let dir = try Fixtures.temporaryDirectory("ocr")
    let png = dir.appendingPathComponent("blank.png")
    try Data(Self.whitePNG).write(to: png)
    let r = try reader.read(path: png.path)
    #expect(r.lines.isEmpty)
    #expect(r.meanConfidence == 0)
    #expect(!r.warnings.isEmpty)  // 8x8 pixels is too small to read
  }

  /// A photo out of focus (a 7 × 7 px box blur of a photo fixture, about σ 2 px) is read, with
  /// a warning that says so and what to do; the same photo in focus has none; a card small in
  /// its photo is to be taken closer.
  @Test func warnsOfABlurredPhoto() throws {
    let path = Fixtures.url("photos/01-wood-cosmos.jpg").path
    let sharp = try reader.readAll(path: path)
    #expect(sharp.count == 1)
    #expect(sharp.allSatisfy { !$0.warnings.contains { $0.contains("blurred") } }, "\(sharp.map(\.warnings))")
    let photo = try #require(PixImage.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
    let blurred = try #require(pixBlockconv(photo.pointer, 3, 3).map(PixImage.init(taking:)))
    let out = try Fixtures.temporaryDirectory("ocr").appendingPathComponent("out-of-focus.png")
    #expect(pixWrite(out.path, blurred.pointer, Int32(IFF_PNG)) == 0)
    let results = try reader.readAll(path: out.path)
    #expect(results.count == 1)
    let warning = results.first?.warnings.first { $0.contains("blurred") }
    #expect(warning?.hasPrefix(out.path + ": the card looks blurred") == true, "\(results.map(\.warnings))")
    #expect(warning?.contains("photograph it again, held still and in focus") == true)
    // A soft card small in its photo (776 px long in 2400; enlarged to be flattened): nearer.
    let small = try reader.readAll(path: Fixtures.url("photos/16-wood-hotaka.jpg").path)
    #expect(small.first?.warnings.contains { $0.contains("photograph it again, closer, held still") } == true)
  }

  @Test func badFilesGetErrorsThatNameThem() throws {
    let dir = try Fixtures.temporaryDirectory("ocr")
    func expectError(_ name: String, _ bytes: [UInt8]?, _ code: OCRError.Code, _ words: String) throws {
      let url = dir.appendingPathComponent(name)
      if let bytes { try Data(bytes).write(to: url) }
      do {
        _ = try reader.read(path: url.path)
        Issue.record("\(name): expected \(code)")
      } catch {
        #expect(error.code == code, "\(name)")
        #expect(error.description.contains(url.path))
        #expect(error.description.contains(words), "\(error.description)")
      }
    }
    let jpeg = [UInt8](try Data(contentsOf: Fixtures.url("cards/13-hikari-classic.jpg")))
    try expectError("empty.jpg", [], .emptyFile, "empty")
    try expectError("truncated.jpg", Array(jpeg.prefix(jpeg.count / 2)), .truncated, "truncated")
    try expectError("notes.png", Array("just some text, not a picture\n".utf8), .notAnImage, "not an image")
    try expectError("missing.png", nil, .fileMissing, "no such file")
    if getuid() != 0 {
      // Root reads any file, so the permission case only means something for other users.
      let url = dir.appendingPathComponent("locked.png")
      try Data(Self.whitePNG).write(to: url)
      try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: url.path)
      try expectError("locked.png", nil, .fileUnreadable, "cannot be read")
    }
  }

  @Test func missingLanguageDataFailsLoudly() {
    let options = OCROptions(tessdataPath: "/nonexistent/tessdata")
    do {
      _ = try CardReader(options: options)
      Issue.record("expected an error")
    } catch {
      #expect(error.code == .tessdataMissing)
      #expect(error.description.contains("scripts/setup"))
    }
  }

  /// An 8x8 white greyscale PNG.
  static let whitePNG: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x00, 0x00, 0x00, 0x00, 0xE1, 0x64, 0xE1,
    0x57, 0x00, 0x00, 0x00, 0x0E, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xF8, 0x0F, 0x05, 0x0C,
    0x94, 0x31, 0x00, 0xF7, 0xC0, 0x3F, 0xC1, 0xAF, 0x5C, 0x0F, 0xCD, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
  ]
}

/// Names and companies in large type, which jpn+eng reads partly as Latin, and ㈱, which the
/// Japanese model cannot read at all: cards from the labelled evaluation set.
@Suite(.serialized) struct LargeTypeAndEnclosedFormTests {
  let reader: CardReader

  init() throws {
    reader = try CardReader()
  }

  func text(_ relative: String) throws -> String {
    try reader.read(path: Fixtures.url(relative).path).text.filter { !$0.isWhitespace }
  }

  /// jpn+eng reads these as "丸山 HEA", "三好 wR", "田島 fs"; the Japanese model alone reads them.
  @Test(arguments: [
    ("eval/025-fujigaoka-left.jpg", "丸山雅人"),
    ("eval/032-nagi-two-column.jpg", "三好彰映"),
    ("eval/044-matsuba-name-first.jpg", "田島伴幸"),
  ])
  func namesInLargeTypeAreReadAsJapanese(file: String, name: String) throws {
    #expect(try text(file).contains(name))
  }

  /// ㈱ at the end of the company name (read as 賜 without the check).
  @Test func anEnclosedLegalFormIsRead() throws {
    #expect(try text("eval/075-harunire-band.png").contains("ハルニレシステムズ㈱"))
  }

  /// ㈱ at the start, where Tesseract's box for it takes in more than the character.
  @Test func anEnclosedLegalFormIsReadAtTheStart() throws {
    let read = try text("eval/020-sumire-left.png")
    #expect(read.contains("㈱"))
    // 購 holds something like 財 between its sides: no ㈶ (nor anything else) for it.
    #expect(read.contains("購買部"))
  }

  /// ㈱ inside the line, a logo read after it ("北辰電機則 ぐふ"), Tesseract's box for it half
  /// a character off: framed by its own ink. File 13 of `scripts/make-fixtures --only photos
  /// --photo-seed 1000`, a held-out render (Fixtures/README.md).
  @Test func anEnclosedLegalFormIsReadBeforeALogo() throws {
    let read = try text("ocr/35-enclosed-form-before-logo.jpg")
    #expect(read.contains("北辰電機㈱"), "\(read)")
  }

  /// A blurred ㈱ whose inner character Tesseract reads as 練 on its own (and the whole as 帳):
  /// its glyph, parentheses and all, is nearest the pictures of ㈱. File 16 of
  /// `scripts/make-fixtures --only photos --photo-seed 2000`, a held-out render.
  @Test func aBlurredEnclosedFormIsToldByItsGlyph() throws {
    let read = try text("ocr/38-enclosed-form-blurred.jpg")
    #expect(read.contains("㈱穂高ネットワークス"), "\(read)")
  }

  /// ㈱ after a round logo, read as "6 貼" (the logo and the form): the box between two columns
  /// of least ink is the form's, and what was read within it gives way. File 2 of
  /// `scripts/make-fixtures --only photos --photo-seed 2000`, a held-out render.
  @Test func anEnclosedFormReadInPiecesIsReadWhole() throws {
    let read = try text("ocr/39-enclosed-form-split.jpg")
    #expect(read.contains("㈱瀬戸内不動産"), "\(read)")
  }

  /// ㈱ at the end of a vertical column, read as 慰: told by its glyph (the parser also knows 慰
  /// as a misreading of ㈱; the text read did not have it).
  @Test func anEnclosedFormEndsAColumn() throws {
    let read = try text("eval/106-ibuki-vertical-company-left.png")
    #expect(read.contains("伊吹ホーム㈱"), "\(read)")
  }

  /// "(株)" printed as three characters, its parentheses read as such, stays as printed, though
  /// the three together look like ㈱ (a glared photo of eval 049, `scripts/stress-photos`).
  @Test func aFormPrintedInParenthesesStaysAsPrinted() throws {
    let read = try text("ocr/40-parenthesised-form.jpg")
    #expect(read.contains("ブルーリーフ物流(株)"), "\(read)")
  }

  /// An address cut in two on a slanting row ("E-Mail: s.nakayama@northw" | "ind.example.co.jp")
  /// is read whole. File 20 of `scripts/make-fixtures --only photos --photo-seed 4000`, a
  /// held-out render (Fixtures/README.md).
  @Test func anAddressCutInTwoIsReadWhole() throws {
    let read = try text("ocr/37-address-cut-in-two.jpg")
    #expect(read.contains("s.nakayama@northwind.example.co.jp"), "\(read)")
  }

  /// Cards with no enclosed form get none: 特 and 購 have ink down both sides, 特定非営利 and
  /// 購買部 lead their lines.
  @Test(arguments: [
    "cards/01-sakura-classic.png", "cards/13-hikari-classic.jpg", "eval/032-nagi-two-column.jpg",
    "eval/009-yotsuba-classic.png", "eval/079-kohaku-dark.png", "photos/11-wood-shirasagi.jpg",
    "photos/12-fabric-iroha.jpg",
  ])
  func noEnclosedFormIsInvented(file: String) throws {
    let read = try reader.readAll(path: Fixtures.url(file).path).map(\.text).joined()
    #expect(!read.contains { "㈱㈲㈳㈴㈵㈶㈾㈫".contains($0) }, "\(file): \(read)")
  }
}

/// Characters of a line replaced by one in a box of its own: text, glyphs and box agree.
struct LineEditTests {
  func line(_ text: String) -> TesseractEngine.RawLine {
    let chars = text.filter { !$0.isWhitespace }
    let glyphs = chars.enumerated().map { k, ch in
      TesseractEngine.Glyph(text: String(ch), x1: 100 + 20 * k, y1: 10, x2: 118 + 20 * k, y2: 30)
    }
    return .init(text: text, x1: 100, y1: 10, x2: 100 + 20 * chars.count, y2: 30, confidence: 0.8, glyphs: glyphs)
  }

  @Test func aFormTakesThePlaceOfWhatWasReadWithinItsBox() {
    // Two characters and the space between them ("9 (" of "9 (瀬戸内").
    var a = line("9 (瀬戸内")
    a.replaceCharacters(0..<2, with: "㈱", x1: 100, x2: 138, y1: 8, y2: 32)
    #expect(a.text == "㈱瀬戸内")
    #expect(a.boxedCharacters == ["㈱", "瀬", "戸", "内"])
    #expect(a.glyphs.map(\.x1) == [100, 140, 160, 180])
    #expect((a.y1, a.y2) == (8, 32))
    // One character after a logo, the space before it kept.
    var b = line("6 貼瀬戸")
    b.replaceCharacters(1..<2, with: "㈱", x1: 120, x2: 138, y1: 10, y2: 30)
    #expect(b.text == "6 ㈱瀬戸")
    #expect(b.boxedCharacters == ["6", "㈱", "瀬", "戸"])
    // None: put before the first, the line's box grown to take it in.
    var c = line("瀬戸内")
    c.replaceCharacters(0..<0, with: "㈱", x1: 60, x2: 95, y1: 10, y2: 30)
    #expect(c.text == "㈱瀬戸内")
    #expect(c.glyphs.map(\.text) == ["㈱", "瀬", "戸", "内"])
    #expect(c.x1 == 60)
  }

  @Test func lettersGiveWayToTheKanjiInTheirPlace() {
    // Three letters where two kanji stand: the glyphs are the kanji's, the space kept before.
    var a = line("大山 WMA")
    a.replaceCharacters(
      2..<5,
      with: [
        .init(text: "淑", x1: 140, y1: 8, x2: 160, y2: 30), .init(text: "未", x1: 162, y1: 8, x2: 182, y2: 30),
      ])
    #expect(a.text == "大山 淑未")
    #expect(a.boxedCharacters == ["大", "山", "淑", "未"])
    #expect(a.glyphs.map(\.x1) == [100, 120, 140, 162])
    #expect(a.y1 == 8)
    // In the middle of a line, its other words as they were.
    var b = line("本町18-2 BAM 10F")
    b.replaceCharacters(
      6..<9,
      with: [
        .init(text: "葵", x1: 240, y1: 10, x2: 258, y2: 30), .init(text: "会", x1: 260, y1: 10, x2: 278, y2: 30),
        .init(text: "館", x1: 280, y1: 10, x2: 298, y2: 30),
      ])
    #expect(b.text == "本町18-2 葵会館 10F")
    #expect(b.boxedCharacters?.count == 12)
  }
}

/// Lines that may hold kanji read as Latin letters: short, horizontal, Japanese besides a word
/// of two to four letters after the first word, with a box for each character.
struct KanjiReadAsLettersTests {
  func line(_ text: String) -> TesseractEngine.RawLine {
    LineEditTests().line(text)
  }

  @Test func whichLinesMayHoldKanjiReadAsLetters() {
    #expect(CardReader.mayHoldKanjiReadAsLetters(line("大山 WA")))
    #expect(CardReader.mayHoldKanjiReadAsLetters(line("大山 WMA")))
    #expect(CardReader.mayHoldKanjiReadAsLetters(line("大山\u{3000}WA")))
    // A long line (an address) is not looked at, nor letters first (a logo before a company).
    #expect(!CardReader.mayHoldKanjiReadAsLetters(line("東京都北区王子本町18-2 BAM 10F")))
    #expect(!CardReader.mayHoldKanjiReadAsLetters(line("QD ブルーリーフ物流")))
    #expect(!CardReader.mayHoldKanjiReadAsLetters(line("Yoshimi OYAMA")))
    #expect(!CardReader.mayHoldKanjiReadAsLetters(line("営業部 Sales Department")))
    #expect(!CardReader.mayHoldKanjiReadAsLetters(line("大山 淑未")))
    // One letter alone is left as read (T is nearest 丁).
    #expect(!CardReader.mayHoldKanjiReadAsLetters(line("高木二 T 目")))
    // Without a box per character there is nothing to compare.
    var unboxed = line("大山 WA")
    unboxed.glyphs = []
    #expect(!CardReader.mayHoldKanjiReadAsLetters(unboxed))
  }
}

/// Which lines are read again with the Japanese model, and which reading is kept.
struct RereadChoiceTests {
  func line(_ text: String, _ confidence: Double, height: Int = 20) -> TesseractEngine.RawLine {
    .init(text: text, x1: 0, y1: 0, x2: 200, y2: height, confidence: confidence)
  }

  @Test func japaneseReadingReplacesLatinScraps() {
    #expect(CardReader.preferReread(line("丸山 雅人", 0.80), over: line("丸山 HEA", 0.77)))
    #expect(CardReader.preferReread(line("家垣 達矢", 0.60), over: line("iB 達矢", 0.67)))
    #expect(CardReader.preferReread(line("鈴木 峰華", 0.72), over: line("i 7K ie He", 0.49)))
    // Digits say nothing of the script: an address whose words were read as Latin (photos 15).
    #expect(
      CardReader.preferReread(
        line("〒 152-0013 東京都目黒区南 5-23一6", 0.67), over: line("= 152.0013 RRBAREBS —23— 6", 0.58)))
    // Latin scraps read as kanji, the rest kept (photos 33, eval 150).
    #expect(CardReader.preferReread(line("大 川 紅葉", 0.92), over: line("A 川 紅葉", 0.82)))
    #expect(
      CardReader.preferReread(
        line("人事部 採用課 プロジェクトリーダー", 0.93), over: line("人事部 RAR プロジェクトリーダー", 0.93)))
    // A mark read for the given name (eval 084: 黎, which the model lacks, read as ®).
    #expect(CardReader.preferReread(line("吉村 静", 0.59), over: line("吉村 ®", 0.61)))
    #expect(!CardReader.preferReread(line("吉村 静", 0.50), over: line("吉村 ®", 0.61)))
    // Digits the first reading lost, put back (eval 070).
    #expect(
      CardReader.preferReread(
        line("秋田県湯沢市杉沢新所4丁 目5番11号", 0.73), over: line("秋田県湯沢市杉沢新所4丁目5番号", 0.86)))
    // Anything else added is no such reading.
    #expect(!CardReader.preferReread(line("秋田県湯沢市杉沢新所4丁目5番地号", 0.80), over: line("秋田県湯沢市杉沢新所4丁目5番号", 0.86)))
  }

  /// A logo read as two letters beside the company, and as kana by the Japanese model (eval 060):
  /// the first reading stays, and the parser drops the Latin scrap.
  @Test func aLogoBesideTheCompanyIsNotTakenForKana() {
    #expect(!CardReader.preferReread(line("(株)みのりデータ ノノ", 0.81), over: line("(株)みのりデータ TY", 0.85)))
  }

  @Test func firstReadingIsKeptWhenItIsBetter() {
    // English stays English: jpn reads it as Latin, not as Japanese.
    #expect(!CardReader.preferReread(line("AverySmith", 0.80), over: line("Avery Smith", 0.75)))
    // A Japanese reading far less sure than a Japanese first reading.
    #expect(!CardReader.preferReread(line("(細ぁo9テータ クン", 0.40), over: line("(株)みのりデータ TY", 0.85)))
    #expect(!CardReader.preferReread(line("東京者板橋区", 0.52), over: line("東京都板橋区", 0.91)))
  }

  /// An address cut short whose rest was read as a line of its own just after it on the row
  /// (held-out render: the row slants, and reading it again gives noise) is the two readings
  /// side by side; not a piece further off, one of several words, one with an `@`, or one
  /// that makes no clean address.
  @Test func theRestOfACutAddressIsJoinedToIt() throws {
    func piece(_ text: String, _ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int) -> TesseractEngine.RawLine {
      .init(text: text, x1: x1, y1: y1, x2: x2, y2: y2, confidence: 0.8)
    }
    let cut = piece("E-Mail: s.nakayama@northw", 131, 1656, 595, 1713)
    let lines = [cut, piece("ind.example.co.jp", 597, 1635, 885, 1681)]
    let row = CardReader.sameRow(as: 0, in: lines)
    #expect(row == [1])
    let joined = try #require(CardReader.restOfAddress(after: 0, among: row, in: lines))
    #expect(joined.piece == 1)
    #expect(joined.whole.text == "E-Mail: s.nakayama@northwind.example.co.jp")
    #expect(joined.whole.x1 == 131 && joined.whole.x2 == 885 && joined.whole.y1 == 1635 && joined.whole.y2 == 1713)
    for other in [
      piece("ind.example.co.jp", 700, 1635, 985, 1681),  // two characters' height away
      piece("x@ind.example.jp", 597, 1635, 885, 1681),  // another address
      piece("indexample", 597, 1635, 885, 1681),  // no dot
      piece("ind.example.c0jp", 597, 1635, 885, 1681),  // no clean address
    ] {
      #expect(CardReader.restOfAddress(after: 0, among: [1], in: [cut, other]) == nil, "\(other.text)")
    }
    // A web address after an address with a stray dot, or after a cut one, is no rest of it;
    // nor is a piece after a line whose last word is not the address.
    let whole = piece("info@example.jp.", 131, 1656, 595, 1713)
    for web in ["www.example.jp", "https://example.jp", "example.jp/"] {
      #expect(CardReader.restOfAddress(after: 0, among: [1], in: [whole, piece(web, 597, 1656, 885, 1713)]) == nil, "\(web)")
    }
    // Words: the address would be clean, with "Tel" glued after it.
    let atEnd = piece("E-Mail: s.nakayama@", 131, 1656, 595, 1713)
    #expect(CardReader.restOfAddress(after: 0, among: [1], in: [atEnd, piece("northwind.example.co.jp Tel", 597, 1656, 985, 1713)]) == nil)
    let trailing = piece("E-Mail: s.nakayama@northw x", 131, 1656, 595, 1713)
    #expect(CardReader.restOfAddress(after: 0, among: [1], in: [trailing, lines[1]]) == nil)
  }

  /// A second reading of an e-mail line that lost a dot is not taken for a better one.
  @Test func emailRereadThatLosesADotIsNoBetter() {
    #expect(EmailText.losesMarks("Ermatsuzaki@kohaku.example.jp", from: "E r.matsuzaki@kohaku.example.jp"))
    #expect(EmailText.losesMarks("taroyamada@sakura.jp", from: "Mail: taro.yamada@sakura.jp"))
    #expect(EmailText.losesMarks("t-sato@sakura.jp", from: "t-sato@sakura-tech.jp") == false)
    #expect(EmailText.losesMarks("r.matsuzaki@kohaku.example.jp", from: "E rmatsuzaki@kohaku.example.jp") == false)
    #expect(EmailText.losesMarks("hanako@sakura.jp", from: "taro.y@sakura.jp") == false)
  }

  /// An address that starts with a capital before lower-case letters may hold a glued label
  /// (read again); an all-lower-case or all-capital one does not.
  @Test func anAddressWithAGluedLabelIsReadAgain() {
    #expect(EmailText.mayHoldGluedLabel("Ermatsuzaki@kohaku.example.jp"))
    #expect(EmailText.mayHoldGluedLabel("Mail: Efomori@tamagawa.example.co.jp"))
    #expect(!EmailText.mayHoldGluedLabel("r.matsuzaki@kohaku.example.jp"))
    #expect(!EmailText.mayHoldGluedLabel("E r.matsuzaki@kohaku.example.jp"))
    #expect(!EmailText.mayHoldGluedLabel("TARO@SAKURA.JP"))
    // The reading with the label apart and the dot kept is the better one.
    #expect(EmailText.losesMarks("Ermatsuzaki@kohaku.example.jp", from: "E r.matsuzaki@kohaku.example.jp"))
  }

  /// A web address read once with "@" for its "e" is known by a surer reading without it.
  @Test func webAddressWithAnAtForALetterIsKnown() {
    #expect(EmailText.isHostWithAtForLetter("aoi. example. com", asRead: "aoi.@xamp le.com"))
    #expect(EmailText.isHostWithAtForLetter("www.sakura.co.jp", asRead: "www.s@kura.co.jp"))
    // An address that lost its "@" in the second reading is no web address read wrongly.
    #expect(!EmailText.isHostWithAtForLetter("tarosakura.jp", asRead: "taro@sakura.jp"))
    #expect(!EmailText.isHostWithAtForLetter("taro.sakura.jp", asRead: "taro@sakura.jp"))
    #expect(!EmailText.isHostWithAtForLetter("03-1234-5678", asRead: "03-1234@5678"))
  }

  /// A row read across the tops of vertical columns is no sure horizontal line (its ink must
  /// stay in the columns); a letter-spaced name read surely, or an ordinary line, is one.
  @Test func aRowAcrossVerticalColumnsIsKnown() {
    #expect(CardReader.isRowAcrossColumns(line("1  伊 御 福", 0.84)))
    #expect(CardReader.isRowAcrossColumns(line("かがエ 三 時", 0.61)))
    #expect(!CardReader.isRowAcrossColumns(line("山 田 太 郎", 0.93)))
    #expect(!CardReader.isRowAcrossColumns(line("TEL 078-911-1090", 0.70)))
    #expect(!CardReader.isRowAcrossColumns(line("営業部 部長", 0.60)))
  }

  /// A column read badly across a line of text twice its width, or across a line kept as surely
  /// horizontal, is a piece of a horizontal block; beside a row read across columns, under a
  /// line it only grazes, or read well, it is a column.
  @Test func aPieceOfAHorizontalBlockIsToldFromAColumn() {
    func box(_ text: String, _ c: Double, _ x1: Int, _ x2: Int, _ y1: Int, _ y2: Int) -> TesseractEngine.RawLine {
      .init(text: text, x1: x1, y1: y1, x2: x2, y2: y2, confidence: c)
    }
    let piece = box("wwリリ中ソノご", 0.36, 144, 186, 898, 1032)
    let address = box("誕川生年八番二十九号", 0.42, 57, 341, 968, 995)
    #expect(CardReader.isPieceOfHorizontalBlock(piece, kept: [], lines: [address]))
    #expect(!CardReader.isPieceOfHorizontalBlock(piece, kept: [], lines: []))
    var wellRead = piece
    wellRead.confidence = 0.6
    #expect(!CardReader.isPieceOfHorizontalBlock(wellRead, kept: [], lines: [address]))
    // A line kept as horizontal counts whatever its width.
    let phone = box("T 0573-46-0706", 0.89, 135, 535, 1000, 1046)
    let wide = box("県 ma沼中年呈 ニニ川深町十の選航の", 0.32, 38, 448, 58, 2020)
    #expect(CardReader.isPieceOfHorizontalBlock(wide, kept: [phone], lines: [phone]))
    #expect(!CardReader.isPieceOfHorizontalBlock(wide, kept: [], lines: [phone]))
    // Rows across columns: a title column stays one, beside a scrap ("<2 A", three characters
    // over five line heights) or a row of one-character words.
    let title = box("ジニアココンサルタント", 0.31, 815, 860, 251, 765)
    #expect(!CardReader.isPieceOfHorizontalBlock(title, kept: [], lines: [box("<2 A", 0.54, 712, 1073, 348, 421)]))
    let row = box("1  伊 御 福", 0.84, 790, 890, 348, 373)
    #expect(!CardReader.isPieceOfHorizontalBlock(title, kept: [], lines: [row]))
    // A line the column's box only grazes is not across it.
    #expect(!CardReader.isPieceOfHorizontalBlock(piece, kept: [], lines: [box("誕川生年八番二十九号", 0.42, 57, 341, 1025, 1050)]))
  }

  @Test func displayLinesAreShortNonJapaneseOrMixed() {
    #expect(CardReader.isDisplayLine(line("田島 fs", 0.65), typicalHeight: 40))
    #expect(CardReader.isDisplayLine(line("丸山 HEA", 0.77, height: 50), typicalHeight: 30))
    #expect(CardReader.isDisplayLine(line("AB AX", 0.78, height: 50), typicalHeight: 30))
    // A short name misread with a digit in it (Fixtures/cards 04: 谷 礼一).
    #expect(CardReader.isDisplayLine(line("合           4L", 0.76, height: 48), typicalHeight: 24))
    #expect(!CardReader.isDisplayLine(line("3F 12", 0.76, height: 48), typicalHeight: 24))
    // A family name beside a given name read as a scrap (Fixtures/eval 073 古谷 駿斗, 023 渡邊 生麗),
    // in type no smaller than the card's usual; in small type it is left alone.
    #expect(CardReader.isDisplayLine(line("古谷 B+", 0.69, height: 44), typicalHeight: 35))
    #expect(CardReader.isDisplayLine(line("渡邊 +82", 0.68, height: 43), typicalHeight: 38))
    #expect(!CardReader.isDisplayLine(line("渡邊 +82", 0.68, height: 20), typicalHeight: 38))
    // Large Latin type (an English name) is left to the first reading.
    #expect(!CardReader.isDisplayLine(line("Avery Smith", 0.62, height: 60), typicalHeight: 30))
    // Read well as Japanese, an address, a phone number, an e-mail line: not read again.
    #expect(!CardReader.isDisplayLine(line("渡邊 和仁", 0.93, height: 60), typicalHeight: 30))
    #expect(!CardReader.isDisplayLine(line("Tel. 092-514-8806", 0.96), typicalHeight: 20))
    #expect(!CardReader.isDisplayLine(line("Mail kwatan@canaria.example.jp", 0.8), typicalHeight: 20))
    #expect(!CardReader.isDisplayLine(line("福岡県福岡市博多区雀居3-4-16 カナリアビル7F", 0.7), typicalHeight: 20))
  }
}

/// Engines lent one user at a time: an occasional model has one engine for the process, which
/// a second user waits for; readers' own engines are made as needed.
struct EngineShelfTests {
  let tessdata = OCROptions.defaultTessdata

  @Test func anOccasionalModelHasOneEngineThatUsersTakeInTurn() throws {
    let shelf = EngineShelf()
    let first = try shelf.checkOut(datapath: tessdata, languages: "eng", own: false)
    let waiter = Thread {
      guard let e = try? shelf.checkOut(datapath: tessdata, languages: "eng", own: false) else { return }
      shelf.checkIn(e, datapath: tessdata, languages: "eng", own: false)
    }
    let done = NSCondition()
    nonisolated(unsafe) var got: TesseractEngine?
    let second = Thread {
      let e = try? shelf.checkOut(datapath: tessdata, languages: "eng", own: false)
      done.lock()
      got = e
      done.signal()
      done.unlock()
      if let e { shelf.checkIn(e, datapath: tessdata, languages: "eng", own: false) }
    }
    waiter.start()
    second.start()
    // Both wait while the one engine is out.
    Thread.sleep(forTimeInterval: 0.3)
    done.lock()
    #expect(got == nil)
    done.unlock()
    shelf.checkIn(first, datapath: tessdata, languages: "eng", own: false)
    done.lock()
    while got == nil { _ = done.wait(until: Date().addingTimeInterval(10)) }
    done.unlock()
    #expect(got === first)
  }

  @Test func readersOwnEnginesAreMadeAsNeededAndReused() throws {
    let shelf = EngineShelf()
    let a = try shelf.checkOut(datapath: tessdata, languages: "eng", own: true)
    let b = try shelf.checkOut(datapath: tessdata, languages: "eng", own: true)
    #expect(a !== b)
    shelf.checkIn(a, datapath: tessdata, languages: "eng", own: true)
    let c = try shelf.checkOut(datapath: tessdata, languages: "eng", own: true)
    #expect(c === a)
    // The two pools are apart: a reader's own engine is never lent for one call.
    let lent = try shelf.checkOut(datapath: tessdata, languages: "eng", own: false)
    #expect(lent !== a && lent !== b)
  }
}

/// ō and ū, which the English model cannot read: found from the bar over the letter.
@Suite(.serialized) struct MacronTests {
  let reader: CardReader

  init() throws {
    reader = try CardReader()
  }

  /// Read as "ONISHI", "Kato", "KUDO" and "Sudo" without the check: low resolution, a bold
  /// face, a dark card, lower case.
  @Test(arguments: [
    ("eval/137-hokusei-bilingual.png", "Maki ŌNISHI"),
    ("eval/152-wakatake-bilingual-split.jpg", "Katō Shingo"),
    ("eval/163-kaede-bilingual-dark.png", "KUDŌ Tatsuya"),
    ("eval/112-koharu-western.jpg", "Sudō Riku"),
  ])
  func aMacronOverAVowelIsRead(file: String, name: String) throws {
    let read = try reader.read(path: Fixtures.url(file).path)
    #expect(read.lines.contains { $0.text == name }, "\(file): \(read.lines.map(\.text))")
  }

  /// English and bilingual cards full of o and u, and a flatbed sheet whose e-mail line sits
  /// close under another line ("example.co.jp" took a bar from it before domains were left out).
  @Test(arguments: [
    "cards/10-toyo-seiki-english.png", "eval/118-aoba-western-centred.jpg", "photos/36-flatbed-3cards.jpg",
    "eval/136-himawari-bilingual.jpg",
  ])
  func noMacronIsInvented(file: String) throws {
    let read = try reader.readAll(path: Fixtures.url(file).path).map(\.text).joined()
    #expect(!read.contains { "ōŌūŪ".contains($0) }, "\(file): \(read)")
  }

  /// An "o" drawn as a ring 12 px high, in a box 40 px high, with what stands above it.
  func letter(above: (inout RasterImage) -> Void) -> RasterImage {
    var r = RasterImage(width: 30, height: 40, channels: 1, fill: 255)
    func ink(_ x: Int, _ y: Int) { r.pixels[y * r.width + x] = 0 }
    for y in 26..<38 {
      for x in 9..<21 {
        let dx = Double(x) - 14.5
        let dy = Double(y) - 31.5
        let d = (dx * dx + dy * dy).squareRoot()
        if d >= 3.5 && d <= 6.2 { ink(x, y) }
      }
    }
    above(&r)
    return r
  }

  func fill(_ r: inout RasterImage, x: Range<Int>, y: Range<Int>) {
    for yy in y { for xx in x { r.pixels[yy * r.width + xx] = 0 } }
  }

  @Test func theBarMustBeThinSolidCentredAndAlone() {
    func check(_ r: RasterImage) -> Bool { CardReader.hasMacron(r, x1: 8, y1: 18, x2: 22, y2: 39) }
    // A bar of 8 px, two rows thick, three rows over the ring: ō.
    #expect(check(letter { fill(&$0, x: 11..<19, y: 21..<23) }))
    // No bar; two dots (ö); a bar off to one side; a thick block; a bar with ink just above it.
    #expect(!check(letter { _ in }))
    #expect(!check(letter { fill(&$0, x: 10..<12, y: 21..<23); fill(&$0, x: 17..<19, y: 21..<23) }))
    #expect(!check(letter { fill(&$0, x: 17..<22, y: 21..<23) }))
    #expect(!check(letter { fill(&$0, x: 11..<19, y: 19..<24) }))
    #expect(!check(letter { fill(&$0, x: 11..<19, y: 21..<23); fill(&$0, x: 13..<16, y: 19..<20) }))
  }
}

/// Kanji read from the printed glyph: those of names that the Japanese models cannot output,
/// variants (﨑, 髙, 邉, 靜) and rare kanji (侑, 紘, 颯, 黎, 茉); and those Tesseract doubted.
@Suite(.serialized) struct KanjiGlyphTests {
  let reader: CardReader

  init() throws {
    reader = try CardReader()
  }

  /// Read without the check as the common form (宮崎, 高橋, 渡邊, 静), 008 and 018 with
  /// Tesseract's box for the character three characters wide; and as some other kanji (谷真,
  /// 統衣, 毅, 得明, 業礼), 092 and 097 in vertical columns (097's read as a row of cells).
  @Test(arguments: [
    ("eval/008-wakatake-classic.jpg", "山﨑"), ("eval/018-miraie-centred.jpg", "髙橋"),
    ("eval/015-tamagawa-centred.png", "渡邉"), ("eval/024-northwind-left.jpg", "角田 靜"),
    ("eval/034-ibuki-two-column.jpg", "髙橋"), ("eval/003-harunire-classic.png", "飯塚 侑真"),
    ("eval/022-forest-left.jpg", "紘衣"), ("eval/052-sakuragawa-designer-logo.jpg", "畠山颯"),
    ("eval/063-reimei-multi-office.png", "黎明酒造"), ("cards/15-hinode-two-column.jpg", "杉山 茉礼"),
    ("eval/084-orion-dark.png", "吉村 黎"), ("eval/092-sumire-vertical.jpg", "有限会社菫テクノロジー"),
    ("eval/097-fujigaoka-vertical-bottom.png", "丹羽 愛渚"),
  ])
  func aKanjiTheModelLacksIsRead(file: String, name: String) throws {
    try expectLine(in: file, containing: name)
  }

  /// Read with doubt as another kanji without the second opinion: 慶 as 鹿 (a faint scan), 霧
  /// as 杉, 輝 as 将 (in a vertical column), 陽 as 喝 (a photo), 蘭 as 毅.
  @Test(arguments: [
    ("eval/148-hotaka-bilingual-left.jpg", "古田 慶"), ("eval/072-asagiri-band.png", "朝霧ソリューションズ"),
    ("eval/089-tachibana-vertical.png", "松尾 晃輝"), ("photos/07-fabric-hidamari.jpg", "陽だまり建設"),
    ("eval/099-sakurazaka-vertical-bottom.png", "宇蘭"),
  ])
  func aDoubtfulKanjiIsReadFromItsGlyph(file: String, name: String) throws {
    try expectLine(in: file, containing: name)
  }

  /// Kanji of a name in large type that jpn+eng read as Latin letters ("大山 WA", "大山 WMA",
  /// "本田 AM"), the Japanese model's reading not kept (洲未, 激示: 淑 is not in it): the ink's
  /// cells where the letters stand are told by the pictures, the rare kanji 淑 and the model's
  /// 未, 利, 文. `ocr/43-name-read-as-letters.jpg` is file 28 of `scripts/make-fixtures --only
  /// photos --photo-seed 7000`, a held-out render.
  @Test(arguments: [
    ("eval/141-aoi-bilingual.png", "大山 淑未"), ("photos/29-rot90-paper-aoi.jpg", "大山 淑未"),
    ("ocr/43-name-read-as-letters.jpg", "本田 利文"),
  ])
  func kanjiReadAsLettersAreToldByTheirGlyphs(file: String, name: String) throws {
    try expectLine(in: file, containing: name)
  }

  /// Letters that are letters stay: a logo before a company read as "A" (its cell far from
  /// every kanji), "ISO" in a line of kanji and "BF" of a building (letters narrower than a
  /// kanji's cell, or two of them far from every kanji).
  @Test(arguments: [
    ("ocr/29-rot90-osd-unsure.jpg", "A 葵デザイン(株)"),
    ("eval/071-shinonome-band.png", "第61234号 / ISO 9001 / ISO 14001 認証取得"),
    ("eval/027-sakurazaka-two-column.png", "さくら坂センタービル BF"),
  ])
  func lettersThatAreLettersStay(file: String, text: String) throws {
    try expectLine(in: file, containing: text)
  }

  func expectLine(in file: String, containing name: String) throws {
    let read = try reader.read(path: Fixtures.url(file).path)
    #expect(read.lines.contains { $0.text.contains(name) }, "\(file): \(read.lines.map(\.text))")
  }

  /// Names and companies printed in the common forms, in Gothic and Mincho; 渡邊 (a variant
  /// the model can read); and cards full of kanji, none of them one the model lacks.
  @Test(arguments: [
    ("eval/047-sasanami-name-first.png", "高田"), ("eval/050-kamome-designer-logo.jpg", "川崎"),
    ("eval/005-canaria-classic.png", "渡邊"), ("eval/138-hekikai-bilingual.jpg", "徳男"),
    ("eval/160-akane-bilingual-band.png", "高野"), ("eval/151-kohaku-bilingual-split.png", "松崎"),
    ("eval/004-hotaka-classic.jpg", "穂高"), ("eval/041-yakumo-right.png", "藤川英恵"),
    ("eval/103-hidamari-vertical-company-left.png", "寿明"), ("cards/01-sakura-classic.png", "井上 一志"),
    ("eval/085-clover-vertical.png", "篠崎"),
    // 士 read with doubt, and 土 and 上 nearly as near it as 士: no second opinion.
    ("photos/05-cluttered-chigusa.jpg", "中小企業診断士"),
  ])
  func aKanjiTheModelHasStaysAsRead(file: String, name: String) throws {
    let read = try reader.read(path: Fixtures.url(file).path)
    let text = read.lines.map(\.text).joined(separator: "\n")
    let lacking = Set(GlyphTemplates.variantPairs.map(\.variant) + GlyphTemplates.rareKanji.map(\.kanji))
    #expect(text.contains(name), "\(file): \(text)")
    #expect(!text.contains { lacking.contains($0) }, "\(file): \(text)")
  }

  /// Every picture of a common form is judged the common form, and every picture of its
  /// variant the variant; every picture of a rare kanji is that kanji, and no picture of its
  /// rivals is: the decoded pictures and the rules agree.
  @Test func eachPictureIsJudgedItsOwnCharacter() {
    for (common, variant) in GlyphTemplates.variantPairs {
      let commons = GlyphTemplates.drawn(common)
      let variants = GlyphTemplates.drawn(variant)
      #expect(commons.count == GlyphTemplates.fontCount && variants.count == GlyphTemplates.fontCount)
      for bits in commons { #expect(GlyphTemplates.variant(of: common, glyph: .init(bits)) == nil, "\(common)") }
      for bits in variants where GlyphTemplates.variantOf[common] == variant {
        #expect(GlyphTemplates.variant(of: common, glyph: .init(bits)) == variant, "\(variant)")
      }
    }
    for (kanji, rivals) in GlyphTemplates.rareKanji {
      for bits in GlyphTemplates.drawn(kanji) {
        #expect(GlyphTemplates.rareKanji(read: rivals.first ?? "一", glyph: .init(bits)) == kanji, "\(kanji)")
      }
      for rival in rivals {
        for bits in GlyphTemplates.drawn(rival) {
          #expect(GlyphTemplates.rareKanji(read: rival, glyph: .init(bits)) == nil, "\(rival) for \(kanji)")
        }
      }
    }
  }
  /// The second opinion takes a kanji's own picture for it over a look-alike that was read,
  /// and leaves the look-alike's own picture alone.
  @Test func aSecondOpinionIsClearOrNone() throws {
    func drawn(_ k: Character) throws -> [[Bool]] {
      GlyphTemplates.modelDrawn(try #require(GlyphTemplates.modelKanjiIndex[k]))
    }
    for (read, printed) in [("鹿", "慶"), ("杉", "霧"), ("喝", "陽"), ("舞", "楓")] as [(Character, Character)] {
      for bits in try drawn(printed) { #expect(GlyphTemplates.secondOpinion(read: read, glyph: .init(bits)) == printed) }
      for bits in try drawn(read) { #expect(GlyphTemplates.secondOpinion(read: read, glyph: .init(bits)) == nil) }
    }
  }

  /// Each picture of ㈱ and ㈲, moved a cell or its strokes a cell thicker (as a glyph of a
  /// photo is never the picture itself), is judged that form, whatever Tesseract read; so
  /// changed, the pictures of 株 and 有 and of the kanji nearest ㈱ (味, 昧, 咲, 朴) are not.
  @Test func anEnclosedFormIsToldByItsPictures() throws {
    let n = GlyphTemplates.size
    func moved(_ bits: [Bool]) -> [Bool] { (0..<(n * n)).map { i in i % n > 0 && bits[i - 1] } }
    func thicker(_ bits: [Bool]) -> [Bool] { (0..<(n * n)).map { i in bits[i] || (i % n > 0 && bits[i - 1]) } }
    for form in ["㈱", "㈲"] as [Character] {
      let pictures = GlyphTemplates.drawn(form)
      #expect(pictures.count == GlyphTemplates.fontCount)
      for bits in pictures {
        for changed in [moved(bits), thicker(bits)] {
          #expect(GlyphTemplates.enclosedForm(glyph: .init(changed), read: ["練"]) == form)
          #expect(GlyphTemplates.enclosedForm(glyph: .init(changed), read: []) == form)
        }
      }
    }
    for kanji in ["株", "有", "味", "昧", "咲", "朴"] as [Character] {
      let index = try #require(GlyphTemplates.modelKanjiIndex[kanji])
      for bits in GlyphTemplates.modelDrawn(index) {
        for changed in [moved(bits), thicker(bits)] {
          #expect(GlyphTemplates.enclosedForm(glyph: .init(changed), read: [kanji]) == nil, "\(kanji)")
          #expect(GlyphTemplates.enclosedForm(glyph: .init(changed), read: []) == nil, "\(kanji)")
        }
      }
    }
  }

  /// A line's character cells from its columns of ink (rows, set vertically): a kanji in two
  /// parts (山 and 奇) is one cell; a count that does not match finds none.
  @Test func characterCellsJoinAKanjisParts() {
    var r = RasterImage(width: 80, height: 30, channels: 1, fill: 255)
    func fill(_ x: Range<Int>) { for y in 5..<25 { for xx in x { r.pixels[y * r.width + xx] = 0 } } }
    fill(4..<10)  // 山
    fill(12..<23)  // 奇
    fill(27..<46)  // a second kanji, 19 px wide
    fill(50..<70)  // a third
    let line = TesseractEngine.RawLine(text: "崎陽江", x1: 0, y1: 0, x2: 80, y2: 30, confidence: 0.9)
    let cells = CardReader.characterCells(r, line: line, count: 3)
    #expect(cells.map { $0.map { [$0.x1, $0.y1, $0.x2, $0.y2] } } == [[4, 5, 23, 25], [27, 5, 46, 25], [50, 5, 70, 25]])
    #expect(CardReader.characterCells(r, line: line, count: 4) == nil)
    // The same, set vertically: rows of ink.
    var v = RasterImage(width: 30, height: 80, channels: 1, fill: 255)
    for y in 0..<80 {
      for x in 0..<30 where r.pixels[x * r.width + y] == 0 { v.pixels[y * v.width + x] = 0 }
    }
    let column = TesseractEngine.RawLine(text: "崎陽江", x1: 0, y1: 0, x2: 30, y2: 80, confidence: 0.9)
    let rows = CardReader.characterCells(v, line: column, count: 3)
    #expect(rows.map { $0.map { [$0.x1, $0.y1, $0.x2, $0.y2] } } == [[5, 4, 25, 23], [5, 27, 25, 46], [5, 50, 25, 70]])
  }
}

struct UncoveredBlockTests {
  /// Ink that no line covers is gathered into blocks to read again, unless it touches the
  /// image's border (a card's edge or the table beyond a loose crop, never printed text).
  @Test func uncoveredBlocksLeaveTheBorderAlone() throws {
    // Three "words" of 16 px glyphs: one inside the card, one against its bottom edge, one
    // across a line that was read.
    var r = RasterImage(width: 600, height: 300, channels: 1, fill: 255)
    func word(x: Int, y: Int) {
      for k in 0..<4 {
        for yy in y..<(y + 16) { for xx in (x + k * 20)..<(x + k * 20 + 14) { r.pixels[yy * r.width + xx] = 0 } }
      }
    }
    word(x: 100, y: 100)
    word(x: 300, y: 284)
    word(x: 400, y: 40)
    let image = try #require(PixImage.make(from: r))
    let read = TesseractEngine.RawLine(text: "読んだ行", x1: 396, y1: 36, x2: 480, y2: 60, confidence: 0.9)
    let blocks = CardReader.uncoveredBlocks(image, lines: [read], glyph: 16)
    #expect(blocks.count == 1)
    let b = try #require(blocks.first)
    #expect(b.x1 <= 100 && b.x2 >= 174 && b.y1 <= 100 && b.y2 >= 116 && b.y2 < 150)
  }
}
