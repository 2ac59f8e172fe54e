import MeishiCore
import MeishiParsing
import Testing

/// Tests that use line geometry and per-line OCR confidence.
@Suite("Layout and OCR confidence")
struct LayoutTests {
  static func line(_ text: String, y: Int, height: Int, conf: Double = 0.9, x: Int = 100) -> OCRLine
  {
    OCRLine(
      text: text, bbox: BoundingBox(x: x, y: y, width: 40 * max(1, text.count / 2), height: height),
      confidence: conf)
  }

  /// The Avery Smith photo as OCR might return it: logo junk, the big "Contoso"
  /// logo text, the name larger than the rest, reading order by columns.
  static let averyOCR = OCRResult(lines: [
    line("ーー", y: 80, height: 30, conf: 0.31),
    line("Dr. Avery Smith", y: 1000, height: 125, conf: 0.93),
    line("Senior Researcher", y: 1250, height: 80, conf: 0.95),
    line("Cloud & AI Department", y: 1350, height: 85, conf: 0.92),
    line("ae", y: 1500, height: 40, conf: 0.22),
    line("avery.smith@contoso.com", y: 800, height: 62, conf: 0.96, x: 2100),
    line("https://www.contoso.com/", y: 880, height: 68, conf: 0.95, x: 2100),
    line("mob: +44 (0) 7911 123456", y: 960, height: 72, conf: 0.94, x: 2400),
    line("tel: +44 (0) 20 9876 5432", y: 1040, height: 72, conf: 0.94, x: 2400),
    line("fax: +44 (0) 20 6789 2345", y: 1120, height: 72, conf: 0.93, x: 2400),
    line("Contoso", y: 1800, height: 170, conf: 0.88, x: 1200),
    line("|", y: 1900, height: 60, conf: 0.4),
    line("2 Kingdom Street", y: 2100, height: 90, conf: 0.9, x: 1250),
    line("Paddington, London, W2 6BD", y: 2200, height: 90, conf: 0.89, x: 1250),
  ])

  @Test func averySmithFromOCRLines() {
    let card = CardParser().parse(Self.averyOCR)
    #expect(card.contact == CardFixtures.averySmithContact)
    // The largest text that matches the e-mail domain: surer than from text alone.
    #expect(card.confidence["company"] == 0.84)
    // contoso.com is also the web address: half the doubt of 0.96.
    #expect(card.confidence["emails"] == 0.98)
    #expect(card.confidence["phones"] == 0.88)
    #expect(card.lowConfidenceFields().isEmpty)
  }

  @Test func theTallestUnconfirmedCandidateIsTheName() {
    let ocr = OCRResult(lines: [
      Self.line("株式会社サクラ", y: 50, height: 40),
      Self.line("小鳥遊翔", y: 150, height: 90),
      Self.line("月見里葵", y: 300, height: 40),
    ])
    let card = CardParser().parse(ocr)
    #expect(card.contact.name == "小鳥遊翔")
    // Still a guess by position: goes to review.
    #expect(card.confidence["name"] == 0.45)
    #expect(card.lowConfidenceFields() == ["name"])
  }

  @Test func aKnownSurnameBeatsSize() {
    let ocr = OCRResult(lines: [
      Self.line("小鳥遊翔", y: 150, height: 90),
      Self.line("山田太郎", y: 300, height: 50),
    ])
    #expect(CardParser().parse(ocr).contact.name == "山田 太郎")
  }

  @Test func lowOCRConfidenceLowersTheField() {
    let ocr = OCRResult(lines: [
      Self.line("山田 太郎", y: 100, height: 60, conf: 0.55),
      Self.line("taro@sakura.jp", y: 200, height: 30, conf: 0.98),
    ])
    let card = CardParser().parse(ocr)
    #expect(card.contact.name == "山田 太郎")
    #expect(card.confidence["name"] == 0.55)
    #expect(card.confidence["emails"] == 0.98)
    #expect(card.lowConfidenceFields() == ["name"])
  }

  /// On a photo the image's boxes are slanted (a long address line is as tall as two);
  /// the card's own boxes decide which line continues which (photos 08: the building line).
  @Test func theCardsOwnBoxesDecideTheLayout() {
    func line(_ text: String, image: BoundingBox, card: BoundingBox) -> OCRLine {
      OCRLine(text: text, bbox: image, confidence: 0.9, cardBox: card)
    }
    let ocr = OCRResult(lines: [
      line(
        "山田 太郎", image: BoundingBox(x: 362, y: 653, width: 177, height: 84),
        card: BoundingBox(x: 60, y: 300, width: 200, height: 50)),
      line(
        "静岡県伊東市竹の台3丁目26番15号", image: BoundingBox(x: 775, y: 613, width: 447, height: 123),
        card: BoundingBox(x: 600, y: 380, width: 520, height: 36)),
      line(
        "山吹センタービル5F", image: BoundingBox(x: 987, y: 657, width: 240, height: 66),
        card: BoundingBox(x: 840, y: 425, width: 280, height: 34)),
    ])
    #expect(CardParser().parse(ocr).contact.address == "静岡県伊東市竹の台3丁目26番15号 山吹センタービル5F")
    // The same lines with the image's boxes only: the building is not taken for the next line.
    let imageOnly = OCRResult(lines: ocr.lines.map { OCRLine(text: $0.text, bbox: $0.bbox, confidence: 0.9) })
    #expect(CardParser().parse(imageOnly).contact.address == "静岡県伊東市竹の台3丁目26番15号")
  }

  @Test func verticalCardUsesColumnWidth() {
    // 縦書き: each line is a column; its width is the glyph size.
    func column(_ text: String, x: Int, width: Int) -> OCRLine {
      OCRLine(
        text: text, bbox: BoundingBox(x: x, y: 50, width: width, height: 60 * text.count),
        confidence: 0.9)
    }
    let ocr = OCRResult(
      vertical: true,
      lines: [
        column("株式会社サクラテクノロジー", x: 900, width: 40),
        column("営業部長", x: 800, width: 40),
        column("小鳥遊翔", x: 600, width: 110),
        column("月見里葵", x: 400, width: 40),
      ])
    let card = CardParser().parse(ocr)
    #expect(card.contact.company == "株式会社サクラテクノロジー")
    #expect(card.contact.title == "営業部長")
    #expect(card.contact.name == "小鳥遊翔")
  }

  static func ocr(_ text: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int, _ conf: Double) -> OCRLine
  {
    OCRLine(text: text, bbox: BoundingBox(x: x, y: y, width: w, height: h), confidence: conf)
  }

  /// Real Tesseract 5.3 (jpn+eng, PSM 3) word boxes of a synthetic 1050×600
  /// card rendered with Noto CJK, words joined with spaces: stray spaces in
  /// every Japanese line, 部長 read as "BR", 太郎 as 太朗, the address cut in two,
  /// the URL's last letter in a box of its own (".co.j" can only be ".co.jp"),
  /// the dot of "t.yamada" lost.
  static let sakuraTesseractWords = OCRResult(lines: [
    ocr("株 式 会 社 サ クラ テク ノロ ジー", 61, 51, 434, 32, 0.943),
    ocr("営業 本 部 第 一 営業 部 BR", 62, 138, 295, 26, 0.879),
    ocr("や まだ た ろう", 61, 198, 131, 20, 0.966),
    ocr("山田 太朗", 67, 241, 263, 59, 0.741),
    ocr("Taro Yamada", 61, 309, 141, 19, 0.924),
    ocr("〒105-0011 東京 都 港 区 芝 公 園", 64, 408, 288, 21, 0.802),
    ocr("4-2-8 サク ラビ ル 3F", 356, 408, 191, 20, 0.92),
    ocr("TEL 03-1234-5678 FAX 03-1234-5679", 61, 450, 367, 16, 0.928),
    ocr("携帯 090-1234-5678", 61, 482, 196, 22, 0.935),
    ocr("E-mail: tyamada@sakura-tech.co.jp", 62, 518, 366, 23, 0.92),
    ocr("https://www.sakura-tech.co.j", 62, 553, 293, 23, 0.734),
    ocr("p", 359, 559, 10, 17, 0.76),
  ])

  @Test func tesseractWordsOfAJapaneseCard() {
    let card = CardParser().parse(Self.sakuraTesseractWords)
    #expect(
      card.contact
        == ContactFields(
          name: "山田 太朗", familyName: "山田", givenName: "太朗", nameKana: "やまだ たろう",
          nameLatin: "Taro Yamada", company: "株式会社サクラテクノロジー", department: "営業本部 第一営業部",
          emails: ["tyamada@sakura-tech.co.jp"],
          phones: [
            .tel("+81312345678", "03-1234-5678"), .fax("+81312345679", "03-1234-5679"),
            .mobile("+819012345678", "090-1234-5678"),
          ],
          postalCode: "105-0011", address: "東京都港区芝公園4-2-8 サクラビル3F",
          urls: ["https://www.sakura-tech.co.jp"]))
    // The name line itself was read with confidence 0.74.
    #expect(card.confidence["name"] == 0.74)
  }

  /// The same, for a second synthetic card (the company in the corner was not read at all).
  static let miraiTesseractWords = OCRResult(lines: [
    ocr("代表 取締 役 社長", 61, 127, 166, 24, 0.916),
    ocr("佐藤 健一", 63, 191, 292, 66, 0.961),
    ocr("Kenichi Sato / CEO", 62, 279, 203, 23, 0.912),
    ocr("〒530-0001 大 阪 府 大 阪 市 北 区 梅田 1-1-3", 64, 387, 387, 22, 0.933),
    ocr("大 阪 駅 前 第 3 ビル 12 階", 61, 422, 216, 22, 0.945),
    ocr("T. 06-6123-4567 / F. 06-6123-4568", 61, 469, 334, 21, 0.916),
    ocr("Mail: k-sato@mirai-shoji.jp", 62, 508, 269, 23, 0.913),
    ocr("‘tt", 866, 52, 13, 23, 0.419),
  ])

  @Test func tesseractWordsOfASecondCard() {
    let card = CardParser().parse(Self.miraiTesseractWords)
    #expect(
      card.contact
        == ContactFields(
          name: "佐藤 健一", familyName: "佐藤", givenName: "健一", nameLatin: "Kenichi Sato",
          title: "代表取締役社長", emails: ["k-sato@mirai-shoji.jp"],
          phones: [.tel("+81661234567", "06-6123-4567"), .fax("+81661234568", "06-6123-4568")],
          postalCode: "530-0001", address: "大阪府大阪市北区梅田1-1-3 大阪駅前第3ビル12階"))
  }

  @Test func textConvenienceBuildsEqualStackedLines() {
    let ocr = CardParser.ocrResult(text: "a\n\nb\n")
    #expect(ocr.lines.map(\.text) == ["a", "b"])
    #expect(ocr.lines.map(\.bbox.y) == [0, 50])
    #expect(Set(ocr.lines.map(\.bbox.height)).count == 1)
    #expect(ocr.lines.allSatisfy { $0.confidence == 0.9 })
  }
}
