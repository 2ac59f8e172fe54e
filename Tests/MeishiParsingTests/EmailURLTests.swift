import MeishiCore
import MeishiParsing
import Testing

@Suite("E-mail and web addresses")
struct EmailURLTests {
  static let emailVectors: [(String, [String])] = [
    ("E-mail: taro.yamada@sakura-tech.co.jp", ["taro.yamada@sakura-tech.co.jp"]),
    ("Email taro@sakura.jp", ["taro@sakura.jp"]),
    ("e-mail:taro@sakura.jp", ["taro@sakura.jp"]),
    ("Mail: taro@sakura.jp", ["taro@sakura.jp"]),
    ("メール：taro@sakura.jp", ["taro@sakura.jp"]),
    ("✉ taro@sakura.jp", ["taro@sakura.jp"]),
    ("taro@sakura.jp", ["taro@sakura.jp"]),
    // Full-width characters.
    ("ｔａｒｏ＠ｓａｋｕｒａ．ｃｏ．ｊｐ", ["taro@sakura.co.jp"]),
    // The domain is lower-cased, the local part kept as printed.
    ("Taro.Yamada@Sakura-Tech.CO.JP", ["Taro.Yamada@sakura-tech.co.jp"]),
    // A comma read for the dot before a known top-level label.
    ("taro.yamada@sakura-tech,co.jp", ["taro.yamada@sakura-tech.co.jp"]),
    ("avery.smith@contoso,com", ["avery.smith@contoso.com"]),
    // A glued comma inside the local part (an address holds no comma).
    ("hanako,suzuki@sakura.jp", ["hanako.suzuki@sakura.jp"]),
    // Stray OCR spaces around "@" and dots.
    ("taro.yamada @ sakura-tech. co.jp", ["taro.yamada@sakura-tech.co.jp"]),
    // A label glued to the address.
    ("E-mailtaro@sakura.jp", ["taro@sakura.jp"]),
    // Two on one line.
    (
      "taro@sakura.jp / t.yamada@sakura-tech.co.jp",
      ["taro@sakura.jp", "t.yamada@sakura-tech.co.jp"]
    ),
    // Not addresses, or not repairable without guessing.
    ("taro@sakura", []),
    ("@sakura.jp", []),
    ("taro@sakura,foo", []),
    ("taro@", []),
  ]

  @Test(arguments: emailVectors)
  func readsEmails(_ line: String, _ expected: [String]) {
    let card = CardParser().parse(text: line)
    #expect(card.contact.emails == expected)
  }

  static let urlVectors: [(String, [String])] = [
    ("https://www.contoso.com/", ["https://www.contoso.com/"]),
    ("URL: https://www.sakura-tech.co.jp", ["https://www.sakura-tech.co.jp"]),
    ("URL www.sakura-tech.co.jp", ["www.sakura-tech.co.jp"]),
    ("HP sakura-tech.co.jp", ["sakura-tech.co.jp"]),
    ("ホームページ：https://sakura-tech.co.jp/recruit/", ["https://sakura-tech.co.jp/recruit/"]),
    ("sakura-tech.co.jp", ["sakura-tech.co.jp"]),
    ("http://www.sakura-tech,co.jp", ["http://www.sakura-tech.co.jp"]),
    ("ＷＷＷ．ＳＡＫＵＲＡ．ＪＰ", ["WWW.SAKURA.JP"]),
    // Not web addresses.
    ("Sakura Technology Co., Ltd.", []),
    ("Sakura K.K.", []),
    ("Dr. Avery Smith, Ph.D.", []),
    ("taro.yamada", []),
  ]

  @Test(arguments: urlVectors)
  func readsURLs(_ line: String, _ expected: [String]) {
    let card = CardParser().parse(text: line)
    #expect(card.contact.urls == expected)
  }

  @Test func emailDomainIsNotAlsoAURL() {
    let card = CardParser().parse(text: "E-mail: taro@sakura-tech.co.jp")
    #expect(card.contact.urls.isEmpty)
  }

  @Test func confidence() {
    #expect(CardParser().parse(text: "taro@sakura.jp").confidence["emails"] == 0.9)
    // Repaired addresses are less sure; a local-part repair goes to review.
    #expect(CardParser().parse(text: "taro@sakura,jp").confidence["emails"] == 0.77)
    #expect(CardParser().parse(text: "hanako,suzuki@sakura.jp").confidence["emails"] == 0.68)
    #expect(CardParser().parse(text: "www.sakura.jp").confidence["urls"] == 0.9)
    #expect(CardParser().parse(text: "sakura.jp").confidence["urls"] == 0.77)
  }
}

/// A line that is one address with OCR's spaces and commas in it.
struct SqueezedAddressTests {
  @Test(arguments: [
    ("yhi rakawa@canar ia-logi. example. jp", ["yhirakawa@canaria-logi.example.jp"]),
    ("aoyagi@clover-satoyama, example. jp", ["aoyagi@clover-satoyama.example.jp"]),
    ("Mail iida-k@hokusei-satoyama.example jp", ["iida-k@hokusei-satoyama.example.jp"]),
  ])
  func emails(_ line: String, _ expected: [String]) {
    #expect(CardParser().parse(text: "山田 太郎\n" + line).contact.emails == expected)
  }

  @Test(arguments: [
    ("www, sei ran-satoyama. example. jp", ["www.seiran-satoyama.example.jp"]),
    ("www. mizuki, example. com", ["www.mizuki.example.com"]),
    // An address cut at OCR's comma before its last label (eval 008).
    ("http://www.wakatake-tech.example.co, JP/", ["http://www.wakatake-tech.example.co.jp/"]),
  ])
  func webAddresses(_ line: String, _ expected: [String]) {
    #expect(CardParser().parse(text: "山田 太郎\n" + line).contact.urls == expected)
  }

  /// Something else on the line, or no known top-level label: no address is made up.
  @Test(arguments: [
    "yamada@sakura 03-1234-5678",
    "www sakura example",
    "sakura, example. jp",
  ])
  func nothingIsInvented(_ line: String) {
    let contact = CardParser().parse(text: "山田 太郎\n" + line).contact
    #expect(contact.emails.isEmpty)
    #expect(contact.urls.isEmpty)
  }

  /// One OCR slip in the local part that hides the person's own name is undone; the card's
  /// name (its readings, printed kana or romaji) is the evidence.
  @Test(arguments: [
    ("上野 克幸\nveno@hotaka-net.example.jp", "ueno@hotaka-net.example.jp"),
    ("山田 太郎\nyarnada@sakura.jp", "yamada@sakura.jp"),
    ("山田 太郎\nt.yarnada@sakura.jp", "t.yamada@sakura.jp"),
    ("YAMADA Taro\nhiro.yarnada@sakura.jp", "hiro.yamada@sakura.jp"),
    ("木村 健\nki1mura@sakura.jp", "ki1mura@sakura.jp"),
    ("木村 健\nkirnura@sakura.jp", "kimura@sakura.jp"),
  ])
  func localPartSlipHidingTheNameIsUndone(_ text: String, _ expected: String) {
    #expect(CardParser().parse(text: text).contact.emails == [expected])
  }

  /// Without the name as evidence nothing is changed: another person's address, a part that
  /// spells no name, an address that already spells the name.
  @Test(arguments: [
    "上野 克幸\nvenom@hotaka-net.example.jp",
    "上野 克幸\ninfo@hotaka-net.example.jp",
    "山田 太郎\nvermont@sakura.jp",
    "上野 克幸\nueno@hotaka-net.example.jp",
    "佐藤 花子\nveno@hotaka-net.example.jp",
  ])
  func addressesWithoutEvidenceStayAsRead(_ text: String) {
    let read = String(text.split(separator: "\n")[1])
    #expect(CardParser().parse(text: text).contact.emails == [read])
  }

  /// The dot between a local part's name words read as a space or a comma (a blurred photo):
  /// the word before the address, after the mail label, is joined back when the two spell the
  /// person's name, a name or an initial with a name.
  @Test(arguments: [
    ("Yuri Kawaguchi\nEmail yuri kawaguchi@kitsune-labs.example.com", "yuri.kawaguchi@kitsune-labs.example.com"),
    ("Yuri Kawaguchi\nEmail yuri, kawaguchi@kitsune-labs.example.com", "yuri.kawaguchi@kitsune-labs.example.com"),
    ("Mika Nemoto\nE-mail m nemoto@kaede.example.jp", "m.nemoto@kaede.example.jp"),
  ])
  func aDotReadAsASpaceBetweenNameWordsIsMended(_ text: String, _ expected: String) {
    let card = CardParser().parse(text: text)
    #expect(card.contact.emails == [expected])
    // The separator might have been "_" or "-": the person checks it.
    #expect(card.lowConfidenceFields().contains("emails"))
    #expect(card.extras["emails_as_read"] == String(expected.split(separator: ".", maxSplits: 1)[1]))
  }

  /// The word before is the label, or no part of the person's name: the address stays as read.
  @Test(arguments: [
    ("Yuri Kawaguchi\nE kawaguchi@kitsune-labs.example.com", "kawaguchi@kitsune-labs.example.com"),
    ("Yuri Kawaguchi\nEmail sales kawaguchi@kitsune-labs.example.com", "kawaguchi@kitsune-labs.example.com"),
    ("Yuri Kawaguchi\nEmail t kawaguchi@kitsune-labs.example.com", "kawaguchi@kitsune-labs.example.com"),
    ("Yuri Kawaguchi\nOffice yuri kawaguchi@kitsune-labs.example.com", "kawaguchi@kitsune-labs.example.com"),
    ("Yuri Kawaguchi\nEmail info@kitsune-labs.example.com", "info@kitsune-labs.example.com"),
  ])
  func aWordBeforeTheAddressThatIsNoNameStays(_ text: String, _ expected: String) {
    #expect(CardParser().parse(text: text).contact.emails == [expected])
  }
}
