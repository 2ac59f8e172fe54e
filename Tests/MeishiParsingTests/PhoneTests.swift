import MeishiCore
import MeishiParsing
import Testing

@Suite("Phone numbers")
struct PhoneTests {
  /// Hand-checked E.164 vectors: printed form → number, prefix hint.
  static let e164Vectors: [(String, String, Phone.Kind?)] = [
    ("03-1234-5678", "+81312345678", nil),
    ("(03)1234-5678", "+81312345678", nil),
    ("03.1234.5678", "+81312345678", nil),
    ("03 1234 5678", "+81312345678", nil),
    ("０３－１２３４－５６７８", "+81312345678", nil),
    ("03ー1234ー5678", "+81312345678", nil),
    ("+81-3-1234-5678", "+81312345678", nil),
    ("+81 (0)3 1234 5678", "+81312345678", nil),
    ("+81 03-1234-5678", "+81312345678", nil),
    ("06-6123-4567", "+81661234567", nil),
    ("0852-32-1140", "+81852321140", nil),
    ("090-1234-5678", "+819012345678", .mobile),
    ("080-1234-5678", "+818012345678", .mobile),
    ("070-1234-5678", "+817012345678", .mobile),
    ("+81-90-1234-5678", "+819012345678", .mobile),
    ("050-1234-5678", "+815012345678", nil),
    ("0120-123-456", "+81120123456", .other),
    ("0800-123-4567", "+818001234567", .other),
    ("0570-123-456", "+81570123456", .other),
    ("+44 (0) 20 9876 5432", "+442098765432", nil),
    ("+44 (0) 7911 123456", "+447911123456", nil),
    ("+44 20 6789 2345", "+442067892345", nil),
    ("+1 (415) 555-0100", "+14155550100", nil),
    ("+39 06 1234 5678", "+390612345678", nil),  // Italy keeps its 0
    ("+65 6123 4567", "+6561234567", nil),
    ("+852 2123 4567", "+85221234567", nil),
  ]

  @Test(arguments: e164Vectors)
  func normalisesToE164(_ printed: String, _ number: String, _ hint: Phone.Kind?) {
    let parsed = PhoneNumbers.parse(printed)
    #expect(parsed?.number == number)
    #expect(parsed?.hint == hint)
  }

  /// Not phone numbers, or numbers with a digit lost: never guessed.
  @Test(arguments: [
    "03-1234-567", "090-1234-567", "150-0002", "2-21-1", "1234-5678", "", "+", "00-1234-5678",
    "+81 3 1234 567", "03-1234-5678x", "0312345678901",
  ])
  func rejectsInvalidNumbers(_ printed: String) {
    #expect(PhoneNumbers.parse(printed) == nil)
  }

  /// A card line → the phones read from it (kind from the label, raw as printed without the label).
  static let labelVectors: [(String, [Phone])] = [
    ("TEL 03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("Tel: 03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("T. 03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("T:03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("TEL03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("電話 03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("☎ 03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("℡03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("直通 03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("代表：03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("TEL/FAX 03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("FAX 03-1234-5679", [.fax("+81312345679", "03-1234-5679")]),
    ("Fax: 03-1234-5679", [.fax("+81312345679", "03-1234-5679")]),
    ("F 03-1234-5679", [.fax("+81312345679", "03-1234-5679")]),
    // OCR's "," for the label's "." or ":", and a bar between label and number.
    ("Fax, 052-531-1432", [.fax("+81525311432", "052-531-1432")]),
    ("F, 03.5718. 1616", [.fax("+81357181616", "03.5718. 1616")]),
    ("FAX |0550-89-9780", [.fax("+81550899780", "0550-89-9780")]),
    // The separator read as I and the trunk 0 as O (eval 057); FAX read as "777X" (eval 058),
    // its X as % (eval 046).
    ("FIO52 (801) 5558", [.fax("+81528015558", "O52 (801) 5558")]),
    ("777X:011-788-4708", [.fax("+81117884708", "011-788-4708")]),
    ("777%: 0279-87-9140", [.fax("+81279879140", "0279-87-9140")]),
    // A bar inside a number is still OCR's 1.
    ("TEL 03-5555-|024", [.tel("+81355551024", "03-5555-|024")]),
    ("TEL、03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    ("ファクス 03-1234-5679", [.fax("+81312345679", "03-1234-5679")]),
    ("ファックス：03-1234-5679", [.fax("+81312345679", "03-1234-5679")]),
    ("Mobile 090-1234-5678", [.mobile("+819012345678", "090-1234-5678")]),
    ("M: 090-1234-5678", [.mobile("+819012345678", "090-1234-5678")]),
    ("携帯 090-1234-5678", [.mobile("+819012345678", "090-1234-5678")]),
    ("Cell +81-90-1234-5678", [.mobile("+819012345678", "+81-90-1234-5678")]),
    ("mob: +44 (0) 7911 123456", [.mobile("+447911123456", "+44 (0) 7911 123456")]),
    ("tel: +44 (0) 20 9876 5432", [.tel("+442098765432", "+44 (0) 20 9876 5432")]),
    ("fax: +44 (0) 20 6789 2345", [.fax("+442067892345", "+44 (0) 20 6789 2345")]),
    // Labelled as a phone, the label wins over the prefix.
    ("TEL 090-1234-5678", [.tel("+819012345678", "090-1234-5678")]),
    // Unlabelled: the prefix decides.
    ("090-1234-5678", [.mobile("+819012345678", "090-1234-5678")]),
    ("0120-123-456", [.other("+81120123456", "0120-123-456")]),
    ("0800-123-4567", [.other("+818001234567", "0800-123-4567")]),
    ("03-1234-5678", [.tel("+81312345678", "03-1234-5678")]),
    // A label in parentheses after the number.
    ("03-1234-5678 (直通)", [.tel("+81312345678", "03-1234-5678")]),
    ("090-1234-5678（携帯）", [.mobile("+819012345678", "090-1234-5678")]),
    // Several numbers on one line.
    (
      "TEL 03-1234-5678 FAX 03-1234-5679",
      [.tel("+81312345678", "03-1234-5678"), .fax("+81312345679", "03-1234-5679")]
    ),
    (
      "T 03-1234-5678 / F 03-1234-5679 / M 090-1234-5678",
      [
        .tel("+81312345678", "03-1234-5678"), .fax("+81312345679", "03-1234-5679"),
        .mobile("+819012345678", "090-1234-5678"),
      ]
    ),
    (
      "03-1234-5678 03-1234-5679",
      [.tel("+81312345678", "03-1234-5678"), .tel("+81312345679", "03-1234-5679")]
    ),
    // Full-width digits: raw stays as printed.
    ("ＴＥＬ　０３－１２３４－５６７８", [.tel("+81312345678", "０３－１２３４－５６７８")]),
  ]

  @Test(arguments: labelVectors)
  func readsLabelledPhones(_ line: String, _ expected: [Phone]) {
    let card = CardParser().parse(text: line)
    #expect(card.contact.phones == expected)
  }

  @Test func labelsDoNotLeakIntoOtherFields() {
    let card = CardParser().parse(
      text: """
        mob: +44 (0) 7911 123456 tel: +44 (0) 20 9876 5432
        """)
    #expect(
      card.contact.phones == [
        .mobile("+447911123456", "+44 (0) 7911 123456"),
        .tel("+442098765432", "+44 (0) 20 9876 5432"),
      ])
    #expect(card.contact.name == nil)
    #expect(card.contact.title == nil)
  }

  @Test func aNumberWithALostDigitIsKeptAsUnparsed() {
    let card = CardParser().parse(text: "TEL 03-1234-567")
    #expect(card.contact.phones.isEmpty)
    #expect(card.confidence["phones"] == nil)
    #expect(card.extras["unparsed_phones"] == "03-1234-567")
  }

  @Test func postalCodesAndStreetNumbersAreNotPhones() {
    let card = CardParser().parse(text: "〒150-0002 東京都渋谷区渋谷2-21-1 渋谷ヒカリエ8F")
    #expect(card.contact.phones.isEmpty)
    #expect(card.extras.isEmpty)
  }

  @Test func phoneAfterAnAddressOnTheSameLine() {
    let card = CardParser().parse(text: "〒105-0011 東京都港区芝公園4-2-8 TEL 03-1234-5678")
    #expect(card.contact.phones == [.tel("+81312345678", "03-1234-5678")])
    #expect(card.contact.postalCode == "105-0011")
    #expect(card.contact.address == "東京都港区芝公園4-2-8")
  }

  @Test func confidenceFollowsTheLabelAndTheOCR() {
    let labelled = CardParser().parse(text: "TEL 03-1234-5678")
    let bare = CardParser().parse(text: "03-1234-5678")
    #expect(labelled.confidence["phones"] == 0.86)  // 0.9 × 0.95
    #expect(bare.confidence["phones"] == 0.77)  // 0.9 × 0.85
    let blurred = CardParser().parse(
      CardParser.ocrResult(text: "TEL 03-1234-5678", confidence: 0.5))
    #expect(blurred.confidence["phones"] == 0.48)
  }
}
