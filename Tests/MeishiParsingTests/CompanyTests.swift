import MeishiCore
import MeishiParsing
import Testing

@Suite("Company")
struct CompanyTests {
  static let vectors: [(String, String?)] = [
    ("株式会社サクラテクノロジー", "株式会社サクラテクノロジー"),
    ("サクラテクノロジー株式会社", "サクラテクノロジー株式会社"),
    ("㈱サクラテクノロジー", "(株)サクラテクノロジー"),
    ("（株）サクラテクノロジー", "(株)サクラテクノロジー"),
    ("サクラテクノロジー(株)", "サクラテクノロジー(株)"),
    ("有限会社ヤマダ商店", "有限会社ヤマダ商店"),
    ("合同会社ミライ", "合同会社ミライ"),
    ("一般社団法人日本名刺協会", "一般社団法人日本名刺協会"),
    ("特定非営利活動法人さくら", "特定非営利活動法人さくら"),
    // OCR's stray spaces inside Japanese are removed.
    ("株式 会社 サクラ テクノロジー", "株式会社サクラテクノロジー"),
    ("サクラ テクノロジー 株式会社", "サクラテクノロジー株式会社"),
    ("ＡＢＣ株式会社", "ABC株式会社"),
    // English legal forms.
    ("Sakura Technology Co., Ltd.", "Sakura Technology Co., Ltd."),
    ("Sakura Technology Co.,Ltd.", "Sakura Technology Co.,Ltd."),
    ("Sakura Technology K.K.", "Sakura Technology K.K."),
    ("Contoso Inc.", "Contoso Inc."),
    ("Contoso, Inc.", "Contoso, Inc."),
    ("Contoso Corp.", "Contoso Corp."),
    ("Contoso Corporation", "Contoso Corporation"),
    ("Mirai G.K.", "Mirai G.K."),
    ("Mirai LLC", "Mirai LLC"),
    ("Contoso Ltd", "Contoso Ltd"),
    // Organisations without a legal form.
    ("サクラ大学", "サクラ大学"),
    ("さくら銀行", "さくら銀行"),
    ("山田法律事務所", "山田法律事務所"),
    // ㈱ misread as a kanji beside a name that ends with a trade (Fixtures/eval 005, 006, 033,
    // 062, 098, 153, 106): the legal form is restored, a logo character before it dropped.
    ("人 カナリア電機員", "カナリア電機(株)"),
    ("内瀬戸内不動産", "(株)瀬戸内不動産"),
    ("虹橋電機帆", "虹橋電機(株)"),
    ("人 内ことぶき不動産", "(株)ことぶき不動産"),
    ("はるかコンサルティング株", "はるかコンサルティング(株)"),
    ("正  ヨツバ商事山", "ヨツバ商事(株)"),
    ("伊吹ホーム慰", "伊吹ホーム(株)"),
    // The same characters where no trade precedes them, or in a name with its form: as read.
    ("サクラ山", nil),
    ("内田デザイン室", nil),
    ("株式会社山内電機", "株式会社山内電機"),
    // A round logo read as 人 or 回, or as symbols, set apart before the name; specks read
    // as Latin letters after it (photos 21, 28, 29).
    ("人 葵デザイン(株)", "葵デザイン(株)"),
    ("«OO ひまわり製作所株式会社", "ひまわり製作所株式会社"),
    ("株式会社みなと設計oO", "株式会社みなと設計"),
    // A legal form misread by one character (eval 069, 087, 147, 158), and 工 read as エ
    // beside a misread ㈱ (eval 140).
    ("@ サンライズエナジー株式全社", "サンライズエナジー株式会社"),
    ("玉川建設株式社", "玉川建設株式会社"),
    ("NP0法人葵子ども支援ネット", "NPO法人葵子ども支援ネット"),
    ("O ドPO法人ハルニレ子ども支援ネット", "NPO法人ハルニレ子ども支援ネット"),
    ("内トキワエ業", "(株)トキワ工業"),
    // and beside a ㈱ read right (eval 140 since the form is told by its glyph), or a written-out
    // form; エ業 inside a word is left.
    ("㈱トキワエ業", "(株)トキワ工業"),
    ("トキワエ業株式会社", "トキワ工業株式会社"),
    ("株式会社サクラエ業界ネット", "株式会社サクラエ業界ネット"),
    // Latin letters that are part of the name stay.
    ("株式会社ABC", "株式会社ABC"),
    ("みなと設計JP株式会社", "みなと設計JP株式会社"),
    // No legal form and no evidence: not guessed.
    ("サクラテクノロジー", nil),
    ("Contoso", nil),
  ]

  @Test(arguments: vectors)
  func readsCompany(_ line: String, _ expected: String?) {
    #expect(CardParser().parse(text: line).contact.company == expected)
  }

  @Test func japaneseWinsOverEnglish() {
    let card = CardParser().parse(
      text: """
        Sakura Technology Co., Ltd.
        株式会社サクラテクノロジー
        """)
    #expect(card.contact.company == "株式会社サクラテクノロジー")
  }

  /// An English name without a legal form under the Japanese company is its alternate name
  /// when it starts with the domain's name (eval 143), not a department.
  @Test func englishNameBesideTheCompanyThatSpellsTheDomain() {
    let card = CardParser().parse(
      text: "特定非営利活動法人東雲地域福祉センター\nShinonome Community Welfare Center\n理事長\n須藤 晃浩\nsudo@shinonome-fukushi.example.jp")
    #expect(card.contact.company == "特定非営利活動法人東雲地域福祉センター")
    #expect(card.extras["company_alt"] == "Shinonome Community Welfare Center")
    #expect(card.contact.department == nil)
    // Not spelling the domain: a department, as before.
    let other = CardParser().parse(
      text: "特定非営利活動法人東雲地域福祉センター\nCommunity Welfare Center\n理事長\n須藤 晃浩\nsudo@shinonome-fukushi.example.jp")
    #expect(other.extras["company_alt"] == nil)
  }

  /// A kana name misread by one character (a doubled one, or a stray ン before it) is repaired
  /// when the domain spells the result (eval 068, 081); without the domain, as read.
  @Test(arguments: [
    ("株式会社トキキワロボティクス\nt.sasaki@tokiwa.example.jp", "株式会社トキワロボティクス"),
    ("ンヨッツバ化学有限会社\nk.nomura@yotsuba-chem.example.jp", "ヨツバ化学有限会社"),
    ("株式会社トキキワロボティクス\nt.sasaki@example.jp", "株式会社トキキワロボティクス"),
  ])
  func kanaNameMendedByTheDomain(_ text: String, _ company: String) {
    #expect(CardParser().parse(text: text).contact.company == company)
  }

  /// A trade misread by one kanji is mended when the domain spells it (eval 010, 034, 073, 094);
  /// with another domain, as read.
  @Test(arguments: [
    ("紫苑精審株式会社\namatsu@shion-seimitsu.example.com", "紫苑精密株式会社"),
    ("株式会社コスモス設語\nkotani@cosmos-sekkei.example.co.jp", "株式会社コスモス設計"),
    ("回 内伊吹不動導\nktakah@ibuki-fudosan.example.co.jp", "(株)伊吹不動産"),
    ("紫苑精審株式会社\namatsu@shion.example.com", "紫苑精審株式会社"),
  ])
  func tradeMendedByTheDomain(_ text: String, _ company: String) {
    #expect(CardParser().parse(text: text).contact.company == company)
  }

  @Test func departmentAfterTheCompanyOnOneLine() {
    let card = CardParser().parse(text: "株式会社サクラテクノロジー 営業部 部長")
    #expect(card.contact.company == "株式会社サクラテクノロジー")
    #expect(card.contact.department == "営業部")
    #expect(card.contact.title == "部長")
  }

  @Test func universityDepartmentAndTitle() {
    for text in ["サクラ大学 工学部 教授", "サクラ大学工学部\n教授"] {
      let card = CardParser().parse(text: text)
      #expect(card.contact.company == "サクラ大学")
      #expect(card.contact.department == "工学部")
      #expect(card.contact.title == "教授")
      #expect(card.confidence["company"] == 0.72)
    }
  }

  @Test func companyFromTheEmailDomain() {
    let card = CardParser().parse(
      text: """
        Contoso
        avery.smith@contoso.com
        """)
    #expect(card.contact.company == "Contoso")
    #expect(card.confidence["company"] == 0.77)
  }

  /// A kana name and a trade that the domain spells, with no legal form (Fixtures/eval 090: its
  /// ㈱ lost in a vertical column); not a line whose name the domain does not spell.
  @Test func japaneseCompanyFromTheDomain() {
    let card = CardParser().parse(text: "ミライエ不動産\n小倉 泰正\nogura@miraie-fudosan.example.co.jp")
    #expect(card.contact.company == "ミライエ不動産")
    #expect(card.confidence["company"].map { $0 < 0.9 } == true)
    let other = CardParser().parse(text: "ひまわり不動産\n小倉 泰正\nogura@miraie-fudosan.example.co.jp")
    #expect(other.contact.company != "ひまわり不動産")
  }

  @Test func companyFromTheWebDomain() {
    let card = CardParser().parse(
      text: """
        Sakura Tech
        www.sakura-tech.co.jp
        """)
    #expect(card.contact.company == "Sakura Tech")
  }

  @Test func freeMailSaysNothingAboutTheCompany() {
    let card = CardParser().parse(
      text: """
        Gmail
        taro.yamada@gmail.com
        """)
    #expect(card.contact.company == nil)
  }

  @Test func confidence() {
    #expect(CardParser().parse(text: "株式会社サクラ").confidence["company"] == 0.86)
    #expect(CardParser().parse(text: "株式 会社 サクラ").confidence["company"] == 0.81)
    #expect(CardParser().parse(text: "Contoso Inc.").confidence["company"] == 0.81)
  }
}

/// A logo read as one character glued to the company name, outside its legal form.
@Test(arguments: [
  ("人(株)碧海観光\n営業部 部長\n山田 太郎", "(株)碧海観光"),
  ("陽だまりシステムズ株式会社人\n営業部 部長\n山田 太郎", "陽だまりシステムズ株式会社"),
  // Inside the name, or a form at both ends: kept.
  ("株式会社さくら人材\n営業部 部長\n山田 太郎", "株式会社さくら人材"),
  ("日本酒造株式会社\n営業部 部長\n山田 太郎", "日本酒造株式会社"),
])
func aGluedLogoCharacterIsDropped(_ text: String, _ company: String) {
  #expect(CardParser().parse(text: text).contact.company == company)
}
