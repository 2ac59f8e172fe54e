import MeishiCore
import MeishiParsing
import Testing

@Suite("Robustness")
struct RobustnessTests {
  /// SplitMix64, so that the random cards are the same on every run.
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

  static let pieces: [String] = [
    "0", "1", "3", "9", "03", "090", "0120", "-", "−", "ー", "－", ".", ",", " ", "　", "(", ")", "（",
    "+", "+81", "+44", "(0)", "@", "＠", "〒", "T", "7", "TEL", "FAX", "M", "mob:", "E-mail:", "www.",
    "https://", ".co.jp", ",com", "株式会社", "㈱", "(株)", "Co., Ltd.", "Inc.", "部", "部長", "営業部",
    "取締役", "山田", "太郎", "山", "やまだ", "ヤマダ", "Taro", "YAMADA", "Dr.", "Street", "W2 6BD",
    "東京都", "渋谷区", "2-21-1", "ビル", "8F", "号", "|", "ーー", "ae", "\n", "\n", "\n", "・", "ﾀﾞ",
    "é", "👍", "\u{301}", "𠮷",
  ]

  @Test func randomCardsNeverCrashAndStayInContract() {
    var rng = SeededGenerator(state: 20_261_129)
    let parser = CardParser()
    for _ in 0..<1500 {
      let count = Int.random(in: 0...40, using: &rng)
      let text = (0..<count).map { _ in Self.pieces.randomElement(using: &rng) ?? "" }.joined()
      let card = parser.parse(text: text)
      for (key, value) in card.confidence {
        #expect(ContactFields.CodingKeys(rawValue: key) != nil, "\(key)")
        #expect((0...1).contains(value))
      }
      for phone in card.contact.phones {
        #expect(phone.number.hasPrefix("+"))
        #expect(phone.number.dropFirst().allSatisfy { $0.isNumber })
        #expect((9...16).contains(phone.number.count))
      }
      for email in card.contact.emails {
        #expect(email.filter { $0 == "@" }.count == 1)
      }
      if let name = card.contact.name {
        #expect(!name.isEmpty)
        #expect(!name.hasPrefix(" ") && !name.hasSuffix(" "))
      }
    }
  }

  @Test func degenerateOCRResults() {
    let parser = CardParser()
    let empty = OCRLine(text: "", bbox: BoundingBox(x: 0, y: 0, width: 0, height: 0), confidence: 0)
    let weird = OCRLine(
      text: "山田 太郎", bbox: BoundingBox(x: -5, y: -5, width: 0, height: 0), confidence: 7)
    let card = parser.parse(OCRResult(lines: [empty, weird, empty]))
    #expect(card.contact.name == "山田 太郎")
    #expect(card.confidence["name"] == 1)
    #expect(parser.parse(OCRResult(lines: [])).contact == ContactFields())
  }
}
