import MeishiCore
import Testing

/// An OCR-text fixture and the exact contact the parser must read from it.
struct CardFixture: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String
  let expected: ContactFields

  var testDescription: String { name }
}

extension Phone {
  static func tel(_ number: String, _ raw: String) -> Phone {
    Phone(kind: .tel, number: number, raw: raw)
  }
  static func fax(_ number: String, _ raw: String) -> Phone {
    Phone(kind: .fax, number: number, raw: raw)
  }
  static func mobile(_ number: String, _ raw: String) -> Phone {
    Phone(kind: .mobile, number: number, raw: raw)
  }
  static func other(_ number: String, _ raw: String) -> Phone {
    Phone(kind: .other, number: number, raw: raw)
  }
}

/// Whole-card fixtures. Every person and company here is fictional.
enum CardFixtures {
  /// Real Tesseract (jpn+eng) output of a synthetic card; 太郎 was read as 太朗.
  static let sakuraTesseract = CardFixture(
    name: "sakura-tesseract",
    text: """
      株式会社サクラテクノロジー
      営業部 部長
      山田 太朗
      〒150-0002 東京都渋谷区渋谷2-21-1 渋谷ヒカリエ8F
      TEL 03-1234-5678
      E-mail: taro.yamada@sakura-tech.co.jp
      """,
    expected: ContactFields(
      name: "山田 太朗", familyName: "山田", givenName: "太朗", company: "株式会社サクラテクノロジー",
      department: "営業部", title: "部長", emails: ["taro.yamada@sakura-tech.co.jp"],
      phones: [.tel("+81312345678", "03-1234-5678")], postalCode: "150-0002",
      address: "東京都渋谷区渋谷2-21-1 渋谷ヒカリエ8F"))

  /// The photographed Azure sample card (azure_contoso_avery_smith.jpg), as text.
  static let averySmith = CardFixture(
    name: "avery-smith",
    text: """
      Dr. Avery Smith
      Senior Researcher
      Cloud & AI Department
      avery.smith@contoso.com
      https://www.contoso.com/
      mob: +44 (0) 7911 123456
      tel: +44 (0) 20 9876 5432
      fax: +44 (0) 20 6789 2345
      Contoso
      2 Kingdom Street
      Paddington, London, W2 6BD
      """,
    expected: averySmithContact)

  static let averySmithContact = ContactFields(
    name: "Avery Smith", familyName: "Smith", givenName: "Avery", nameLatin: "Avery Smith",
    company: "Contoso", department: "Cloud & AI Department", title: "Senior Researcher",
    emails: ["avery.smith@contoso.com"],
    phones: [
      .mobile("+447911123456", "+44 (0) 7911 123456"),
      .tel("+442098765432", "+44 (0) 20 9876 5432"),
      .fax("+442067892345", "+44 (0) 20 6789 2345"),
    ],
    address: "2 Kingdom Street, Paddington, London, W2 6BD", urls: ["https://www.contoso.com/"])

  /// OCR noise: logo junk, stray spaces inside Japanese, 〒 read as "T",
  /// full-width digits, "Email" without colon, ",co.jp" for ".co.jp".
  static let sakuraNoisy = CardFixture(
    name: "sakura-noisy",
    text: """
      ーー
      株式 会社 サクラ テクノロジー
      ae
      営業 部 部長
      山 田 太 郎
      T150-0002 東京都 渋谷区 渋谷 2−21−1 渋谷ヒカリエ 8F
      TEL:０３－１２３４－５６７８ FAX:03-1234-5679
      携帯 090-1234-5678
      Email taro.yamada@sakura-tech,co.jp
      |
      """,
    expected: ContactFields(
      name: "山田 太郎", familyName: "山田", givenName: "太郎", company: "株式会社サクラテクノロジー",
      department: "営業部", title: "部長", emails: ["taro.yamada@sakura-tech.co.jp"],
      phones: [
        .tel("+81312345678", "０３－１２３４－５６７８"), .fax("+81312345679", "03-1234-5679"),
        .mobile("+819012345678", "090-1234-5678"),
      ],
      postalCode: "150-0002", address: "東京都渋谷区渋谷2-21-1 渋谷ヒカリエ8F"))

  /// Kana reading, romaji name, ㈱ after the name, two department lines, 〒 read
  /// as "7" with the address on the next lines, single-letter phone labels.
  static let sakuraBilingual = CardFixture(
    name: "sakura-bilingual",
    text: """
      サクラテクノロジー㈱
      営業本部 第一営業部
      部長
      やまだ たろう
      山田太郎
      Taro Yamada
      7150-0002
      東京都渋谷区渋谷2-21-1
      渋谷ヒカリエ8F
      T 03-1234-5678 F 03-1234-5679 M 090-1234-5678
      メール：t.yamada@sakura-tech.co.jp
      URL www.sakura-tech.co.jp
      """,
    expected: ContactFields(
      name: "山田 太郎", familyName: "山田", givenName: "太郎", nameKana: "やまだ たろう",
      nameLatin: "Taro Yamada", company: "サクラテクノロジー(株)", department: "営業本部 第一営業部",
      title: "部長", emails: ["t.yamada@sakura-tech.co.jp"],
      phones: [
        .tel("+81312345678", "03-1234-5678"), .fax("+81312345679", "03-1234-5679"),
        .mobile("+819012345678", "090-1234-5678"),
      ],
      postalCode: "150-0002", address: "東京都渋谷区渋谷2-21-1 渋谷ヒカリエ8F",
      urls: ["www.sakura-tech.co.jp"]))

  /// The English side of a Japanese card: Co., Ltd., a name in capitals,
  /// "Title, Department", a romanised address with a Japanese postal code.
  static let sakuraEnglish = CardFixture(
    name: "sakura-english",
    text: """
      Sakura Technology Co., Ltd.
      YAMADA Taro
      General Manager, Sales Division
      1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002 Japan
      Tel +81 (0)3 1234 5678
      Mobile +81-90-1234-5678
      taro.yamada@sakura-tech.co.jp
      """,
    expected: ContactFields(
      name: "YAMADA Taro", familyName: "YAMADA", givenName: "Taro", nameLatin: "YAMADA Taro",
      company: "Sakura Technology Co., Ltd.", department: "Sales Division",
      title: "General Manager",
      emails: ["taro.yamada@sakura-tech.co.jp"],
      phones: [
        .tel("+81312345678", "+81 (0)3 1234 5678"), .mobile("+819012345678", "+81-90-1234-5678"),
      ],
      postalCode: "150-0002", address: "1-2-3 Shibuya, Shibuya-ku, Tokyo Japan"))

  /// (株) before the name, title and name on one line, toll-free numbers.
  static let abcSolutions = CardFixture(
    name: "abc-solutions",
    text: """
      (株)ABCソリューションズ
      代表取締役社長 佐藤 健一
      フリーダイヤル 0120-123-456
      直通 03.1234.5678
      0800-123-4567
      """,
    expected: ContactFields(
      name: "佐藤 健一", familyName: "佐藤", givenName: "健一", company: "(株)ABCソリューションズ",
      title: "代表取締役社長",
      phones: [
        .other("+81120123456", "0120-123-456"), .tel("+81312345678", "03.1234.5678"),
        .other("+818001234567", "0800-123-4567"),
      ]))

  /// 一般社団法人, a "〒 NNN-NNNN" line with the address on the next line.
  static let association = CardFixture(
    name: "association",
    text: """
      一般社団法人 日本名刺協会
      事務局長
      鈴木花子
      〒 100-0001
      東京都千代田区千代田1-1
      TEL (03)1234-5678
      """,
    expected: ContactFields(
      name: "鈴木 花子", familyName: "鈴木", givenName: "花子", company: "一般社団法人日本名刺協会",
      title: "事務局長", phones: [.tel("+81312345678", "(03)1234-5678")], postalCode: "100-0001",
      address: "東京都千代田区千代田1-1"))

  /// 合同会社, two titles on one line.
  static let mirai = CardFixture(
    name: "mirai",
    text: """
      合同会社ミライ
      取締役 営業本部長
      高橋 一郎
      """,
    expected: ContactFields(
      name: "高橋 一郎", familyName: "高橋", givenName: "一郎", company: "合同会社ミライ",
      title: "取締役 営業本部長"))

  /// Inc., an unlabelled US number, a name confirmed by nothing but the e-mail.
  static let contosoInc = CardFixture(
    name: "contoso-inc",
    text: """
      Contoso Inc.
      Chris Smith
      Software Engineer
      chris@contoso.com
      +1 (415) 555-0100
      """,
    expected: ContactFields(
      name: "Chris Smith", familyName: "Smith", givenName: "Chris", nameLatin: "Chris Smith",
      company: "Contoso Inc.", title: "Software Engineer", emails: ["chris@contoso.com"],
      phones: [.tel("+14155550100", "+1 (415) 555-0100")]))

  /// Lines holding both scripts; an address with a label and a phone after it.
  static let mixedScripts = CardFixture(
    name: "mixed-scripts",
    text: """
      株式会社サクラテクノロジー Sakura Technology Co., Ltd.
      営業部 Sales Department
      部長 General Manager
      山田 太郎 Taro Yamada
      本社：東京都港区芝公園4-2-8 TEL 03-1234-5678
      """,
    expected: ContactFields(
      name: "山田 太郎", familyName: "山田", givenName: "太郎", nameLatin: "Taro Yamada",
      company: "株式会社サクラテクノロジー", department: "営業部", title: "部長",
      phones: [.tel("+81312345678", "03-1234-5678")], address: "東京都港区芝公園4-2-8"))

  /// A katakana reading above the name; a company name without a legal form
  /// is neither the company nor the reading.
  static let katakanaReading = CardFixture(
    name: "katakana-reading",
    text: """
      サクラテクノロジー
      ヤマダ タロウ
      山田 太郎
      """,
    expected: ContactFields(
      name: "山田 太郎", familyName: "山田", givenName: "太郎", nameKana: "ヤマダ タロウ"))

  /// A reading in parentheses on the name line; a title glued to a name.
  static let readingInParentheses = CardFixture(
    name: "reading-in-parentheses",
    text: """
      サクラ商事株式会社
      常務取締役
      佐々木 健（ささき けん）
      """,
    expected: ContactFields(
      name: "佐々木 健", familyName: "佐々木", givenName: "健", nameKana: "ささき けん",
      company: "サクラ商事株式会社", title: "常務取締役"))

  /// English "Title, Department" and a free-form e-mail local part.
  static let englishTitleDepartment = CardFixture(
    name: "english-title-department",
    text: """
      Sakura Technology, Inc.
      Senior Manager, Sales Department
      Hanako Suzuki
      h-suzuki@sakura.com
      """,
    expected: ContactFields(
      name: "Suzuki Hanako", familyName: "Suzuki", givenName: "Hanako", nameLatin: "Hanako Suzuki",
      company: "Sakura Technology, Inc.", department: "Sales Department", title: "Senior Manager",
      emails: ["h-suzuki@sakura.com"]))

  /// Nothing but logo fragments: nothing may be invented.
  static let junkOnly = CardFixture(
    name: "junk-only",
    text: """
      ーー
      ae
      |
      —g
      ‘©
      """,
    expected: ContactFields())

  static let all: [CardFixture] = [
    sakuraTesseract, averySmith, sakuraNoisy, sakuraBilingual, sakuraEnglish, abcSolutions,
    association, mirai, contosoInc, mixedScripts, katakanaReading, readingInParentheses,
    englishTitleDepartment, junkOnly,
  ]
}
