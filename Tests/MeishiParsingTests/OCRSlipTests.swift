import MeishiCore
@testable import MeishiParsing
import Testing

/// Cases taken from real Tesseract output of the sample cards (Fixtures/cards):
/// what OCR does to the text, and what the parser must still read from it.
@Suite("OCR slips on the sample cards")
struct OCRSlipTests {
  static func line(_ text: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int, _ conf: Double = 0.9)
    -> OCRLine
  {
    OCRLine(text: text, bbox: BoundingBox(x: x, y: y, width: w, height: h), confidence: conf)
  }

  // MARK: Logo marks before the company

  static let logoVectors: [(String, String)] = [
    ("〇 株式会社サクラテクノロジー", "株式会社サクラテクノロジー"),
    ("@ 株式会社みどり企画", "株式会社みどり企画"),
    ("O 株式会社サクラテクノロジー", "株式会社サクラテクノロジー"),
    ("@ 株式会社ソラマメ・インタラクティブ", "株式会社ソラマメ・インタラクティブ"),
    ("© Kitsune Labs K.K.", "Kitsune Labs K.K."),
    ("® Hoshizora Systems Inc.", "Hoshizora Systems Inc."),
    // Not logo marks: part of the name, or of the legal form.
    ("株式 会社 サクラ テクノロジー", "株式会社サクラテクノロジー"),
    ("ABC 株式会社", "ABC 株式会社"),
    ("AB 株式会社", "AB 株式会社"),
  ]

  @Test(arguments: logoVectors)
  func dropsALogoMarkBeforeTheCompany(_ text: String, _ company: String) {
    #expect(CardParser().parse(text: text).contact.company == company)
  }

  /// A legal form with one kanji misread (Fixtures/photos 32, 11), and words as close to
  /// several forms, or not a form at all, left alone.
  @Test(arguments: [
    ("全同会社オリオンソリューションズ", "合同会社オリオンソリューションズ"),
    ("特定非営和活動法人白鷺里山保全の会", "特定非営利活動法人白鷺里山保全の会"),
    ("サクラ合弁会社", "サクラ合弁会社"),
    ("関連会社のご案内", "関連会社のご案内"),
    ("株式会社サクラ", "株式会社サクラ"),
  ])
  func aLegalFormMisreadInOneKanjiIsTheForm(_ text: String, _ repaired: String) {
    #expect(String(OCRRepair.repair(Array(text))) == repaired)
  }

  @Test func dropsALetterBeforeALatinCompanyThatSpellsTheDomain() {
    let card = CardParser().parse(
      text: """
        O Sakura Technology Inc.
        info@sakura-tech.co.jp
        """)
    #expect(card.contact.company == "Sakura Technology Inc.")
    let kept = CardParser().parse(text: "A Sakura Technology Inc.")
    #expect(kept.contact.company == "A Sakura Technology Inc.")
  }

  // MARK: E-mail and web addresses

  static let emailVectors: [(String, [String])] = [
    ("Mailinfo@takada-koumuten.example.jp", ["info@takada-koumuten.example.jp"]),
    ("Emailtaro@sakura.jp", ["taro@sakura.jp"]),
    ("E-mailtaro@sakura.jp", ["taro@sakura.jp"]),
    ("E-Mailk.inoue@sakura-tech.example.co.jp", ["k.inoue@sakura-tech.example.co.jp"]),
    // The label's l read as t or 1 in small type, with or without its space.
    ("E-Mait hirata-a@akane.example.co.jp", ["hirata-a@akane.example.co.jp"]),
    ("E-Mai1 hirata-a@akane.example.co.jp", ["hirata-a@akane.example.co.jp"]),
    ("E-Maithirata-a@akane.example.co.jp", ["hirata-a@akane.example.co.jp"]),
    // A hyphen read as a tilde.
    ("E-Mail: hirata~a@akane.example.co.jp", ["hirata-a@akane.example.co.jp"]),
    ("メールtaro@sakura.jp", ["taro@sakura.jp"]),
    // A lower-case local part that happens to start with "mail" is kept.
    ("mailbox@sakura.jp", ["mailbox@sakura.jp"]),
    // ".cojp" and the like have one reading only.
    ("E-mail ozawa@wakaba-shoji.example.cojp", ["ozawa@wakaba-shoji.example.co.jp"]),
    ("taro@sakura.nejp", ["taro@sakura.ne.jp"]),
    ("taro@sakura.orjp", ["taro@sakura.or.jp"]),
    ("taro@sakura.acjp", ["taro@sakura.ac.jp"]),
    ("taro@sakura.gojp", ["taro@sakura.go.jp"]),
    // Spaces after the dots.
    ("E-mail koyama@aoba-tax. example. jp", ["koyama@aoba-tax.example.jp"]),
    ("E-mail c.mizutani@namiki-robotics.example.co. jp", ["c.mizutani@namiki-robotics.example.co.jp"]),
  ]

  @Test(arguments: emailVectors)
  func readsEmailsThroughOCRSlips(_ text: String, _ emails: [String]) {
    #expect(CardParser().parse(text: text).contact.emails == emails)
  }

  static let urlVectors: [(String, [String])] = [
    ("https://aoba-tax. example. jp", ["https://aoba-tax.example.jp"]),
    ("URL www.aoba-tax .example.jp", ["www.aoba-tax.example.jp"]),
    ("aoba-tax. example. jp", ["aoba-tax.example.jp"]),
    ("www.kasumigaoka-shuzo.example.cojp", ["www.kasumigaoka-shuzo.example.co.jp"]),
    // A sentence after a URL is not glued to it.
    ("www.sakura.jp. Tokyo", ["www.sakura.jp"]),
    // The scheme as small type reads ("htips", "hltps", "nttps"), a space for the last dot.
    ("HP htips://minamikaze.example jp;", ["https://minamikaze.example.jp"]),
    ("URL: hltps://www.sakura-tech.example.co.jp/", ["https://www.sakura-tech.example.co.jp/"]),
    ("nttp://aoba.example.jp", ["http://aoba.example.jp"]),
    ("https://minamikaze.example jp", ["https://minamikaze.example.jp"]),
    ("https://minamikaze.example jp/ TEL 03-1234-5678", ["https://minamikaze.example.jp/"]),
    // Not where the word after the space goes on as the host, or words follow.
    ("www.kobe tech.co.jp", ["www.kobetech.co.jp"]),
    ("URL: www.fuji in.co.jp", ["www.fujiin.co.jp"]),
    ("www.sakura.shop in Tokyo", ["www.sakura.shop"]),
    // "www" as small type reads.
    ("wwwr.setouchi-fudosan.example.com", ["www.setouchi-fudosan.example.com"]),
    ("URL https://vvww.sakura.example.jp", ["https://www.sakura.example.jp"]),
    // A space and a capital inside a label, when the host then spells the e-mail's domain.
    (
      "E-Mail: honda@himawari.example.com\nHP http://www.himawari.exam Ple.com/",
      ["http://www.himawari.example.com/"]
    ),
    // A digit read for a letter in the host, which the e-mail's domain spells with the letter;
    // not the other way round.
    ("oyama@aoi. example.com\na0i.example.com", ["aoi.example.com"]),
    ("info@a1ps.example.jp\nwww.alps.example.jp", ["www.alps.example.jp"]),
    // The scheme's colon read as a dot or a semicolon.
    ("HP https.//minamikaze.example.jp", ["https://minamikaze.example.jp"]),
    ("URL http;//www.sakura.example.jp/ TEL 03-1234-5678", ["http://www.sakura.example.jp/"]),
    // A word that only looks like one is no scheme.
    ("Ship: 3 boxes", []),
  ]

  @Test(arguments: urlVectors)
  func readsURLsThroughOCRSlips(_ text: String, _ urls: [String]) {
    #expect(CardParser().parse(text: text).contact.urls == urls)
  }

  @Test func repairedAddressesAreLessSure() throws {
    let clean = CardParser().parse(text: "https://aoba-tax.example.jp")
    let spaced = CardParser().parse(text: "https://aoba-tax. example. jp")
    #expect(try #require(spaced.confidence["urls"]) < clean.confidence["urls"] ?? 0)
    let glued = CardParser().parse(text: "Mailinfo@takada-koumuten.example.jp")
    #expect(glued.confidence["emails"] == 0.77)
  }

  // MARK: Names

  /// Card 09 as Tesseract read it: a Japanese person on an English card.
  static let kitsune = OCRResult(lines: [
    line("© Kitsune Labs K.K.", 60, 52, 304, 35, 0.91),
    line("Yuri Kawaguchi", 60, 187, 345, 49, 0.96),
    line("Senior Software Engineer", 61, 244, 295, 27, 0.97),
    line("2-17-5 Higashi-Azabu, Minato-ku,", 61, 389, 349, 25, 0.94),
    line("Tokyo 106-0044", 61, 424, 165, 25, 0.97),
    line("Tel +81 3-6435-2281 Mobile +81 80-4127-5530", 61, 459, 489, 19, 0.93),
    line("Email yuri.kawaguchi@kitsune-labs.example.com", 62, 494, 528, 25, 0.93),
    line("kitsune-labs.example.com", 62, 529, 278, 25, 0.92),
  ])

  @Test func japaneseNameOnAnEnglishCardIsFamilyNameFirst() {
    let card = CardParser().parse(Self.kitsune)
    #expect(
      card.contact
        == ContactFields(
          name: "Kawaguchi Yuri", familyName: "Kawaguchi", givenName: "Yuri",
          nameLatin: "Yuri Kawaguchi", company: "Kitsune Labs K.K.",
          title: "Senior Software Engineer",
          emails: ["yuri.kawaguchi@kitsune-labs.example.com"],
          phones: [
            .tel("+81364352281", "+81 3-6435-2281"), .mobile("+818041275530", "+81 80-4127-5530"),
          ],
          postalCode: "106-0044", address: "2-17-5 Higashi-Azabu, Minato-ku, Tokyo",
          urls: ["kitsune-labs.example.com"]))
    // No kana is printed: a reading derived from the romaji, outside the contract's fields.
    #expect(card.extras["name_kana_derived"] == "かわぐち ゆり")
  }

  @Test func westernNamesKeepThePrintedOrder() {
    let card = CardParser().parse(text: "Avery Smith\navery.smith@contoso.com")
    #expect(card.contact.name == "Avery Smith")
    #expect(card.extras["name_kana_derived"] == nil)
  }

  @Test func theEmailTellsWhichWordIsTheFamilyName() {
    // Both words are in both name lists; "t.yamada" settles it.
    let card = CardParser().parse(text: "Taro Yamada\nt.yamada@sakura.co.jp")
    #expect(card.contact.familyName == "Yamada")
    #expect(card.contact.name == "Yamada Taro")
    let murayama = CardParser().parse(text: "Yosuke Murayama\nmurayama@hikari.co.jp")
    #expect(murayama.contact.name == "Murayama Yosuke")
  }

  @Test(arguments: [
    ("上野 湘夏", "上野", "湘夏"), ("杉山 茉礼", "杉山", "茉礼"), ("杉山茉礼", "杉山", "茉礼"),
    // A given name missing from the list (rare kanji) is still a given name.
    ("上野 龘靐", "上野", "龘靐"),
  ])
  func aSurnameThenRareKanjiIsAFullName(_ text: String, _ family: String, _ given: String) {
    let card = CardParser().parse(text: text)
    #expect(card.contact.name == family + " " + given)
    #expect(card.contact.familyName == family)
    #expect(card.contact.givenName == given)
  }

  @Test func anUnlistedGivenNameIsLessSure() throws {
    let listed = try #require(CardParser().parse(text: "上野 太郎").confidence["given_name"])
    let unlisted = try #require(CardParser().parse(text: "上野 龘靐").confidence["given_name"])
    #expect(unlisted < listed)
    #expect(unlisted == 0.61)
  }

  @Test func aSurnameAloneStaysASurname() {
    // Card 12: OCR read 湘夏 as "WE"; the parser does not invent a given name.
    let card = CardParser().parse(text: "上野 WE\nShoka UENO")
    #expect(card.contact.name == "上野")
    #expect(card.contact.familyName == "上野")
    #expect(card.contact.givenName == nil)
    #expect(card.contact.nameLatin == "Shoka UENO")
  }

  /// Card 06: the katakana reading came back as two boxes on one row.
  @Test func aReadingSplitOverTwoBoxes() {
    let ocr = OCRResult(lines: [
      Self.line("あおば税理士法人", 63, 48, 237, 43, 0.96),
      Self.line("コヤマ", 447, 153, 72, 18, 0.96),
      Self.line("チキ", 545, 153, 48, 18, 0.95),
      Self.line("小山  千希", 361, 180, 327, 83, 0.78),
    ])
    let card = CardParser().parse(ocr)
    #expect(card.contact.nameKana == "コヤマ チキ")
    #expect(card.contact.name == "小山 千希")
  }

  @Test func boxesOnDifferentRowsAreNotJoined() {
    let ocr = OCRResult(lines: [
      Self.line("コヤマ", 447, 153, 72, 18),
      Self.line("チキ", 545, 260, 48, 18),
      Self.line("小山  千希", 361, 180, 327, 83),
    ])
    #expect(CardParser().parse(ocr).contact.nameKana == "コヤマ")
  }

  /// Card 13: a speck before the reading was read as お.
  @Test func aStrayKanaBeforeTheReadingIsDroppedWhenTheRestMatches() throws {
    let card = CardParser().parse(text: "おむらやま ようすけ\n村山 洋介")
    #expect(card.contact.nameKana == "むらやま ようすけ")
    // Repaired: less sure than a clean reading.
    let clean = CardParser().parse(text: "むらやま ようすけ\n村山 洋介")
    #expect(try #require(card.confidence["name_kana"]) < clean.confidence["name_kana"] ?? 0)
    // Without the evidence nothing is dropped.
    let other = CardParser().parse(text: "おむらやま ようすけ\n山田 洋介")
    #expect(other.contact.nameKana != "むらやま ようすけ")
  }
}
