import Foundation
import MeishiCore
import MeishiInterchange
import Testing

/// SplitMix64: a small deterministic generator, so a failure can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Synthetic contacts (made-up people, example.com addresses) that vary everything a writer
/// could get wrong: Japanese and Latin names in both orders, readings with and without parts,
/// commas, semicolons, backslashes, line breaks, emoji and long values.
enum ContactGenerator {
  static let japaneseFamilies = [
    ("山田", "やまだ"), ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("伊藤", "いとう"),
    ("渡邊", "わたなべ"), ("中村", "なかむら"), ("小林", "こばやし"),
  ]
  static let japaneseGivens = [
    ("太郎", "たろう"), ("花子", "はなこ"), ("一郎", "いちろう"), ("美咲", "みさき"), ("健", "けん"),
    ("翔太", "しょうた"), ("陽菜", "ひな"),
  ]
  static let latinFamilies = [
    "Smith", "Lee", "García", "O'Brien", "Müller", "Nguyen", "Smith, Jr.",
  ]
  static let latinGivens = ["Avery", "Jordan", "Zoë", "Renée", "Sam"]
  static let companies = [
    "株式会社サクラテクノロジー", "Example Labs, Inc.", "A;B Trading K.K.", "Foo\\Bar GmbH", "みどり商事（株）",
  ]
  static let departments = ["営業本部 第一営業部", "R&D; Platform", "Sales, APAC"]
  static let titles = ["部長", "VP, Sales", "エンジニア 🛠️", "Lead; Design"]
  static let emails = [
    "t.yamada@example.co.jp", "avery+crm@example.com", "info@example.jp", "o'brien@example.com",
  ]
  static let phones: [(raw: String, number: String)] = [
    ("03-1234-5678", "+81312345678"), ("090-1234-5678", "+819012345678"),
    ("+1 415-555-0100", "+14155550100"), ("(03)5555-0101", "+81355550101"),
    ("+81 (0)6-6123-4567", "+81661234567"), ("0120-123-456", "+81120123456"),
    ("+44 20 7946 0958", "+442079460958"), ("555-0100", "5550100"),
    ("03-1234-5678 内線12", "+81312345678"), ("+81312345678", "+81312345678"),
  ]
  static let postalCodes = ["105-0011", "22201", "SW1A 1AA"]
  static let addresses = [
    "東京都港区芝公園4-2-8 サクラビル5F", "2-17-5 Higashi-Azabu, Minato-ku, Tokyo", "1 Main St; Suite 4",
    "大阪府大阪市北区梅田1-2-3",
  ]
  static let urls = [
    "https://www.example.co.jp", "example.jp/path?a=1,2;b=3", "https://example.com/~x",
  ]
  static let notes = [
    "展示会で名刺交換。\n来月フォロー", "a, b; c\\d", "  indented\n\ttabbed\nend\n", "🎉 絵文字 👨‍👩‍👧 and \"quotes\"",
    String(repeating: "長いメモ、", count: 30) + "終わり🎌", "one line",
  ]
  static let statuses = ["new", "contacted", "replied", "meeting; booked"]
  static let events = ["Tech Expo 2026", "名古屋ものづくり展, 2日目", "Meetup; Osaka", "展示会 🎪"]

  static func contacts(count: Int, seed: UInt64) -> [ExchangeContact] {
    var rng = SeededGenerator(state: seed)
    return (0..<count).map { contact(index: $0, rng: &rng) }
  }

  static func maybe<T>(_ values: [T], _ rng: inout SeededGenerator, nilChance: Double = 0.3) -> T? {
    Double.random(in: 0..<1, using: &rng) < nilChance ? nil : values.randomElement(using: &rng)
  }

  static func some<T>(_ values: [T], max: Int, _ rng: inout SeededGenerator) -> [T] {
    (0..<Int.random(in: 0...max, using: &rng)).compactMap { _ in values.randomElement(using: &rng) }
  }

  static func contact(index: Int, rng: inout SeededGenerator) -> ExchangeContact {
    var f = ContactFields()
    var kanaFamily: String? = nil
    var kanaGiven: String? = nil
    switch index % 8 {
    case 0, 1:  // Japanese, family name first
      let family = japaneseFamilies.randomElement(using: &rng)!
      let given = japaneseGivens.randomElement(using: &rng)!
      f.name = "\(family.0) \(given.0)"
      f.familyName = family.0
      f.givenName = given.0
      switch Int.random(in: 0..<6, using: &rng) {
      case 0:  // parts known, reading from them
        kanaFamily = family.1
        kanaGiven = given.1
        f.nameKana = "\(family.1) \(given.1)"
      case 1: f.nameKana = "\(family.1) \(given.1)"  // only the full reading
      case 2: f.nameKana = family.1 + given.1  // a reading printed without a space
      case 3:  // parts known, the full reading in katakana
        kanaFamily = family.1
        kanaGiven = given.1
        f.nameKana = "ヤマダ タロウ"
      case 4: kanaFamily = family.1  // only the family reading
      default: break
      }
      f.nameLatin = maybe(["Taro Yamada", "YAMADA Taro"], &rng, nilChance: 0.5)
    case 2, 3:  // Latin, given name first
      let family = latinFamilies.randomElement(using: &rng)!
      let given = latinGivens.randomElement(using: &rng)!
      f.name = "\(given) \(family)"
      f.familyName = family
      f.givenName = given
      f.nameLatin = [f.name, f.name, nil, "A. \(family)"].randomElement(using: &rng)!
      if Bool.random(using: &rng) {
        kanaGiven = "エイヴリー"
        kanaFamily = "スミス"
        f.nameKana = "エイヴリー スミス"
      }
    case 4:  // a Japanese person on an English card: romaji, family name first
      f.name = "Kawaguchi Yuri"
      f.familyName = "Kawaguchi"
      f.givenName = "Yuri"
      f.nameLatin = "Yuri Kawaguchi"
      f.nameKana = maybe(["かわぐち ゆり"], &rng)
    case 5:  // a name without parts
      f.name = ["山田 太郎", "Jordan Lee", "山田太郎"].randomElement(using: &rng)!
      f.nameKana = maybe(["やまだ たろう"], &rng)
    case 6:  // no person's name: a company's card
      f.nameLatin = maybe(["Example Labs"], &rng, nilChance: 0.7)
    default:  // parts without a name
      f.familyName = maybe(["佐藤", "Smith"], &rng)
      f.givenName = maybe(["花子", "Avery"], &rng)
      if Bool.random(using: &rng) { kanaGiven = "はなこ" }
      f.nameKana = maybe(["さとう はなこ"], &rng)
    }
    f.company = maybe(companies, &rng, nilChance: index % 8 == 6 ? 0 : 0.3)
    f.department = maybe(departments, &rng, nilChance: 0.5)
    f.title = maybe(titles, &rng)
    f.emails = some(emails, max: 3, &rng)
    f.phones = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
      let p = phones.randomElement(using: &rng)!
      return Phone(
        kind: Phone.Kind.allCases.randomElement(using: &rng)!, number: p.number, raw: p.raw)
    }
    f.postalCode = maybe(postalCodes, &rng)
    f.address = maybe(addresses, &rng)
    f.urls = some(urls, max: 2, &rng)
    return ExchangeContact(
      uid: maybe(["c-\(index)", "urn:uuid:4fbe8971-0bc3-424c-9c26-\(1000 + index)"], &rng),
      fields: f, nameKanaFamily: kanaFamily, nameKanaGiven: kanaGiven,
      note: maybe(notes, &rng), status: maybe(statuses, &rng), events: some(events, max: 3, &rng))
  }
}

@Suite struct RoundTripTests {
  static let contacts = ContactGenerator.contacts(count: 400, seed: 20_261_129)

  enum Format: String, CaseIterable, CustomTestStringConvertible {
    case vcard4, vcard3, googleCSV, plainCSV
    var testDescription: String { rawValue }

    func write(_ contacts: [ExchangeContact]) -> String {
      switch self {
      case .vcard4: VCard.serialize(contacts, version: .v4)
      case .vcard3: VCard.serialize(contacts, version: .v3)
      case .googleCSV: ContactsCSV.serialize(contacts, layout: .google)
      case .plainCSV: ContactsCSV.serialize(contacts, layout: .plain)
      }
    }

    func read(_ text: String) throws(InterchangeError) -> [ExchangeContact] {
      switch self {
      case .vcard4, .vcard3: try VCard.parse(text)
      case .googleCSV, .plainCSV: try ContactsCSV.parse(text)
      }
    }
  }

  @Test(arguments: Format.allCases)
  func generatedContactsOneByOne(format: Format) throws {
    for (i, contact) in Self.contacts.enumerated() {
      let text = format.write([contact])
      let back = try format.read(text)
      #expect(back == [contact], "contact \(i) through \(format):\n\(text)")
      if back != [contact] { break }
    }
  }

  @Test(arguments: Format.allCases)
  func generatedContactsInOneFile(format: Format) throws {
    #expect(try format.read(format.write(Self.contacts)) == Self.contacts)
  }

  @Test func generatorCoversTheHardCases() {
    let all = Self.contacts
    #expect(all.contains { $0.note?.contains("\n") == true })
    #expect(all.contains { $0.note?.contains("👨‍👩‍👧") == true })
    #expect(all.contains { $0.fields.company?.contains(";") == true })
    #expect(all.contains { $0.fields.name?.contains(",") == true })
    #expect(all.contains { $0.fields.name == nil && $0.fields.familyName != nil })
    #expect(all.contains { $0.nameKanaFamily == nil && $0.fields.nameKana != nil })
    #expect(all.contains { $0.nameKanaFamily != nil && $0.fields.nameKana == "ヤマダ タロウ" })
    for kind in Phone.Kind.allCases {
      #expect(all.contains { $0.fields.phones.contains { $0.kind == kind } })
    }
  }

  /// Files from other programs: what meishi reads, writes back and reads again stays the same.
  @Test(arguments: [
    "vcf/ios-phonetic.vcf", "vcf/android-qp21.vcf", "vcf/folded-multibyte.vcf",
    "vcf/v4-sort-as.vcf", "csv/google-contacts.csv", "csv/google-legacy.csv", "csv/plain.csv",
  ])
  func fixturesThroughEveryFormat(fixture: String) throws {
    let bytes = try fixtureBytes(fixture)
    let contacts =
      fixture.hasSuffix(".vcf")
      ? try VCard.parse(bytes: bytes) : try ContactsCSV.parse(bytes: bytes)
    #expect(!contacts.isEmpty)
    for format in Format.allCases {
      #expect(try format.read(format.write(contacts)) == contacts, "\(fixture) through \(format)")
    }
  }
}
