import Foundation
import MeishiCore
import MeishiParsing
import Testing

/// The cases listed in the parser issue (tracker issue 4), each on OCR text.
@Suite("Parser issue cases")
struct ParserIssueTests {
  // MARK: Names

  /// Variant kanji are printed as they are, and matched folded.
  @Test(arguments: [
    ("髙橋一郎", "髙橋", "一郎"), ("山﨑 太郎", "山﨑", "太郎"), ("渡邊健", "渡邊", "健"),
    ("渡邉 健", "渡邉", "健"), ("齋藤花子", "齋藤", "花子"), ("斉藤 花子", "斉藤", "花子"),
  ])
  func variantKanjiStayAsPrinted(_ text: String, _ family: String, _ given: String) {
    let card = CardParser().parse(text: text)
    #expect(card.contact.name == family + " " + given)
    #expect(card.contact.familyName == family)
    #expect(card.contact.givenName == given)
  }

  /// Romaji in any order and spelling, mapped to family and given name.
  static let romajiVectors: [(String, String, String, String)] = [
    ("YAMADA Taro", "YAMADA Taro", "YAMADA", "Taro"),
    ("Taro YAMADA", "YAMADA Taro", "YAMADA", "Taro"),
    ("Taro Yamada", "Yamada Taro", "Yamada", "Taro"),
    ("Yamada Taro", "Yamada Taro", "Yamada", "Taro"),
    ("Kenji SATOH", "SATOH Kenji", "SATOH", "Kenji"),
    ("Kenji Satou", "Satou Kenji", "Satou", "Kenji"),
    ("Satō Kenji", "Satō Kenji", "Satō", "Kenji"),
    ("Ryo Oono", "Oono Ryo", "Oono", "Ryo"),
  ]

  @Test(arguments: romajiVectors)
  func romajiInAnyOrder(_ text: String, _ name: String, _ family: String, _ given: String) {
    let card = CardParser().parse(text: text)
    #expect(card.contact.name == name)
    #expect(card.contact.familyName == family)
    #expect(card.contact.givenName == given)
    #expect(card.contact.nameLatin == text)
  }

  @Test func romajiSplitsAnUnspacedKanjiName() {
    // 小山千希 could be cut 小/山千希 or 小山/千希: the romaji says こやま.
    let card = CardParser().parse(text: "小山千希\nChiki Koyama")
    #expect(card.contact.familyName == "小山")
    #expect(card.contact.givenName == "千希")
  }

  @Test func romajiAndReadingAgreeingMakeTheNameSure() throws {
    let agreed = CardParser().parse(text: "山田太郎\nTaro Yamada")
    let alone = CardParser().parse(text: "山田太郎")
    #expect(try #require(agreed.confidence["name"]) > alone.confidence["name"] ?? 1)
    #expect(agreed.confidence["name"] == 0.88)
  }

  @Test func derivedReadingWhenNoKanaIsPrinted() {
    // From the dictionaries.
    #expect(CardParser().parse(text: "山田 太郎").extras["name_kana_derived"] == "やまだ たろう")
    // The romaji chooses among the kanji's readings (河野: かわの / こうの).
    let kono = CardParser().parse(text: "河野 太郎\nTaro Kono")
    #expect(kono.extras["name_kana_derived"] == "こうの たろう")
    // The e-mail's local part when no romaji is printed (山崎: やまさき, not やまざき).
    let yamasaki = CardParser().parse(text: "山﨑太郎\ntaro.yamasaki@sakura.co.jp")
    #expect(yamasaki.extras["name_kana_derived"] == "やまさき たろう")
    // From the romaji alone (an English card).
    let english = CardParser().parse(text: "Yuri Kawaguchi")
    #expect(english.extras["name_kana_derived"] == "かわぐち ゆり")
    // Never in name_kana, and never when a reading is printed.
    #expect(kono.contact.nameKana == nil)
    let printed = CardParser().parse(text: "やまだ たろう\n山田 太郎")
    #expect(printed.contact.nameKana == "やまだ たろう")
    #expect(printed.extras["name_kana_derived"] == nil)
  }

  // MARK: Company

  @Test func englishCompanyNameIsAnAlternate() {
    let card = CardParser().parse(
      text: """
        株式会社サクラテクノロジー
        Sakura Technology Co., Ltd.
        """)
    #expect(card.contact.company == "株式会社サクラテクノロジー")
    #expect(card.extras["company_alt"] == "Sakura Technology Co., Ltd.")
  }

  @Test func certificationLinesAreNotTheCompany() {
    let card = CardParser().parse(
      text: """
        ISO 9001認証取得
        プライバシーマーク取得事業者
        サクラ商事株式会社
        山田 太郎
        """)
    #expect(card.contact.company == "サクラ商事株式会社")
    #expect(card.contact.name == "山田 太郎")
    #expect(card.contact.department == nil)
    #expect(card.contact.title == nil)
  }

  // MARK: Department and title

  static let roleVectors: [(String, String?, String?)] = [
    ("営業本部\n第一営業部\n第二課 課長", "営業本部 第一営業部 第二課", "課長"),
    ("技術開発部 次長", "技術開発部", "次長"),
    ("九州営業所 所長", "九州営業所", "所長"),
    ("総務部 係長", "総務部", "係長"),
    ("開発部\n主任", "開発部", "主任"),
    ("執行役員", nil, "執行役員"),
    ("マネージャー", nil, "マネージャー"),
    ("CEO", nil, "CEO"),
    ("Director", nil, "Director"),
    ("Manager", nil, "Manager"),
    // A licence beside the title is not the title.
    ("部長\n一級建築士", nil, "部長"),
    // Alone, it is.
    ("横浜事務所 税理士", "横浜事務所", "税理士"),
  ]

  @Test(arguments: roleVectors)
  func departmentsAndTitles(_ text: String, _ department: String?, _ title: String?) {
    let card = CardParser().parse(text: text)
    #expect(card.contact.department == department)
    #expect(card.contact.title == title)
  }

  @Test func aQualificationGoesToExtras() {
    let card = CardParser().parse(text: "部長\n一級建築士")
    #expect(card.extras["qualifications"] == "一級建築士")
  }

  @Test func titleBeforeTheNameOnOneLine() {
    let card = CardParser().parse(text: "代表取締役社長 山田太郎")
    #expect(card.contact.title == "代表取締役社長")
    #expect(card.contact.name == "山田 太郎")
  }

  // MARK: Phones

  static let phoneVectors: [(String, [Phone])] = [
    ("TEL 03(1234)5678", [.tel("+81312345678", "03(1234)5678")]),
    ("TEL (03)1234-5678", [.tel("+81312345678", "(03)1234-5678")]),
    ("電話 〇三-一二三四-五六七八", [.tel("+81312345678", "〇三-一二三四-五六七八")]),
    // O and l read for 0 and 1, checked by the number's length.
    ("TEL O3-l234-5678", [.tel("+81312345678", "O3-l234-5678")]),
    ("TEL 03一1234一5678", [.tel("+81312345678", "03一1234一5678")]),
    // A second number on the line.
    (
      "TEL 03-1234-5678 03-1234-5679",
      [.tel("+81312345678", "03-1234-5678"), .tel("+81312345679", "03-1234-5679")]
    ),
    ("TEL/FAX 03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("Tel +81 (0)3-1234-5678", [.tel("+81312345678", "+81 (0)3-1234-5678")]),
  ]

  @Test(arguments: phoneVectors)
  func phoneFormats(_ text: String, _ phones: [Phone]) {
    #expect(CardParser().parse(text: text).contact.phones == phones)
  }

  @Test func repairedDigitsAreLessSure() throws {
    let clean = try #require(CardParser().parse(text: "TEL 03-1234-5678").confidence["phones"])
    let repaired = try #require(CardParser().parse(text: "TEL O3-l234-5678").confidence["phones"])
    #expect(repaired < clean)
  }

  // MARK: Addresses

  static let addressVectors: [(String, String?, String?)] = [
    // 〒 after the address.
    ("東京都港区芝公園4-2-8 〒105-0011", "105-0011", "東京都港区芝公園4-2-8"),
    ("東京都港区芝公園4-2-8\n〒105-0011", "105-0011", "東京都港区芝公園4-2-8"),
    // Prefecture omitted.
    ("〒530-0001 大阪市北区梅田1-1-3", "530-0001", "大阪市北区梅田1-1-3"),
    // Chome-banchi notations: kept as printed (NFKC), dashes between digits unified.
    ("〒150-0002 東京都渋谷区渋谷２丁目２１番１号", "150-0002", "東京都渋谷区渋谷2丁目21番1号"),
    ("東京都渋谷区渋谷２ー２１ー１", nil, "東京都渋谷区渋谷2-21-1"),
    ("東京都渋谷区渋谷2−21−1", nil, "東京都渋谷区渋谷2-21-1"),
    ("東京都渋谷区渋谷2丁目21-1", nil, "東京都渋谷区渋谷2丁目21-1"),
    ("東京都新宿区市谷田町一丁目四番十号", nil, "東京都新宿区市谷田町一丁目四番十号"),
    // Building and floor.
    ("〒530-0001\n大阪府大阪市北区梅田1-1-3\n梅田ビル 12F", "530-0001", "大阪府大阪市北区梅田1-1-3 梅田ビル 12F"),
    ("〒530-0001\n大阪府大阪市北区梅田1-1-3\n梅田ビル12F", "530-0001", "大阪府大阪市北区梅田1-1-3 梅田ビル12F"),
    // An address printed on two lines: the line break is a space, as printed.
    ("〒224-0063 神奈川県横浜市都筑区\n長坂2丁目18番21号\n第二銀河ビル七階", "224-0063", "神奈川県横浜市都筑区 長坂2丁目18番21号 第二銀河ビル七階"),
    // Spaces OCR put inside numbers.
    ("〒980-0012 宮城県仙台市太白区中田町3 5番29号", "980-0012", "宮城県仙台市太白区中田町35番29号"),
    ("〒980-0012 宮城県仙台市青葉区1-2-3\nサクラビル8 0 3号室", "980-0012", "宮城県仙台市青葉区1-2-3 サクラビル803号室"),
    // 〒 misread by OCR.
    ("TO095-0054 北海道士別市不動町4番地7", "095-0054", "北海道士別市不動町4番地7"),
    ("F 130-0001 東京都墨田区吾妻橋3-6-20", "130-0001", "東京都墨田区吾妻橋3-6-20"),
    ("= 003-0876 札幌市白石区 東米里3-3-5", "003-0876", "札幌市白石区東米里3-3-5"),
    ("〒150-0002 東京都渋谷区渋谷2-21-1 渋谷ヒカリエ 8階", "150-0002", "東京都渋谷区渋谷2-21-1 渋谷ヒカリエ8階"),
    // English order.
    ("Head Office: 1-2-3 Shibuya, Shibuya-ku,\nTokyo 150-0002", "150-0002", "1-2-3 Shibuya, Shibuya-ku, Tokyo"),
    ("5F Sakura Bldg., 1-2-3 Shibuya,\nShibuya-ku, Tokyo 150-0002, Japan", "150-0002", "5F Sakura Bldg., 1-2-3 Shibuya, Shibuya-ku, Tokyo, Japan"),
  ]

  @Test(arguments: addressVectors)
  func addresses(_ text: String, _ postal: String?, _ address: String?) {
    let card = CardParser().parse(text: text)
    #expect(card.contact.postalCode == postal)
    #expect(card.contact.address == address)
  }

  struct Office: Decodable, Equatable {
    var label: String?
    var postal_code: String?
    var address: String?
  }

  func offices(_ card: ParsedCard) throws -> [Office] {
    let json = try #require(card.extras["addresses"])
    return try JSONDecoder().decode([Office].self, from: Data(json.utf8))
  }

  @Test func severalOfficesTheFirstIsTheAddress() throws {
    let card = CardParser().parse(
      text: """
        本社　〒105-0011 東京都港区芝公園4-2-8
        TEL 03-1234-5678
        大阪支店
        〒530-0001 大阪府大阪市北区梅田1-1-3
        TEL 06-6123-4567
        """)
    #expect(card.contact.address == "東京都港区芝公園4-2-8")
    #expect(card.contact.postalCode == "105-0011")
    #expect(card.contact.department == nil)
    #expect(card.contact.phones.count == 2)
    #expect(
      try offices(card) == [
        Office(label: "本社", postal_code: "105-0011", address: "東京都港区芝公園4-2-8"),
        Office(label: "大阪支店", postal_code: "530-0001", address: "大阪府大阪市北区梅田1-1-3"),
      ])
  }

  /// Two offices printed side by side, the row of both postal codes read as one line (eval
  /// 066): the second code ends the first address and goes to the second office.
  @Test func aSecondOfficesCodeOnTheRowStartsItsOwnOffice() throws {
    let card = CardParser().parse(
      text: """
        本社
        〒847-0325 佐賀県唐津市鎮西町加倉5-18-19 。 〒534-0013
        碧海センタービル 11F
        大阪支店
        大阪府大阪市都島区内代町41番21号
        """)
    #expect(card.contact.address == "佐賀県唐津市鎮西町加倉5-18-19 碧海センタービル 11F")
    #expect(card.contact.postalCode == "847-0325")
    let list = try offices(card)
    #expect(list.map(\.postal_code) == ["847-0325", "534-0013"])
    #expect(list.map(\.address) == ["佐賀県唐津市鎮西町加倉5-18-19 碧海センタービル 11F", "大阪府大阪市都島区内代町41番21号"])
  }

  @Test func severalEnglishOffices() throws {
    let card = CardParser().parse(
      text: """
        Head Office: 1-2-3 Shibuya, Shibuya-ku,
        Tokyo 150-0002
        Osaka Branch
        4-5-6 Umeda, Kita-ku,
        Osaka 530-0001
        """)
    #expect(card.contact.address == "1-2-3 Shibuya, Shibuya-ku, Tokyo")
    #expect(card.contact.department == nil)
    #expect(
      try offices(card) == [
        Office(label: "Head Office", postal_code: "150-0002", address: "1-2-3 Shibuya, Shibuya-ku, Tokyo"),
        Office(label: "Osaka Branch", postal_code: "530-0001", address: "4-5-6 Umeda, Kita-ku, Osaka"),
      ])
  }

  @Test func oneOfficeHasNoList() {
    #expect(CardParser().parse(text: "〒105-0011 東京都港区芝公園4-2-8").extras["addresses"] == nil)
  }

  // MARK: OCR confusions, repaired only with evidence

  static let confusionVectors: [(String, String)] = [
    ("株式会社サクラ マ一ケティング部", "マーケティング部"),
    ("株式会社サクラ 口ボット事業部", "ロボット事業部"),
    ("株式会社サクラ 第ニ営業部", "第二営業部"),
    ("株式会社サクラ 第ー営業部", "第一営業部"),
    ("株式会社サクラ ソフトウエア開発部", "ソフトウエア開発部"),
    // No evidence: kanji between kanji stay (一 in 第一, 工 in 工場).
    ("株式会社サクラ 第一工場", "第一工場"),
  ]

  @Test(arguments: confusionVectors)
  func ocrConfusionsInDepartments(_ text: String, _ department: String) {
    #expect(CardParser().parse(text: text).contact.department == department)
  }

  @Test(arguments: [
    ("株式会社サクラ力ンパニー", "株式会社サクラカンパニー"),
    ("エ藤建設株式会社", "工藤建設株式会社"),
  ])
  func ocrConfusionsInCompanies(_ text: String, _ company: String) {
    #expect(CardParser().parse(text: text).contact.company == company)
  }

  @Test func ocrConfusionsInNames() {
    #expect(CardParser().parse(text: "エ藤 健一").contact.familyName == "工藤")
    // 一ノ瀬: the kanji 一 before ノ stays.
    #expect(CardParser().parse(text: "一ノ瀬 健").contact.familyName == "一ノ瀬")
  }
}
