import MeishiCore
import MeishiParsing
import Testing

@Suite("Whole cards")
struct CardGoldenTests {
  @Test(arguments: CardFixtures.all)
  func readsEveryField(_ fixture: CardFixture) {
    let card = CardParser().parse(text: fixture.text)
    #expect(card.contact == fixture.expected)
  }

  @Test(arguments: CardFixtures.all)
  func hasAConfidenceForExactlyTheFieldsFound(_ fixture: CardFixture) {
    let card = CardParser().parse(text: fixture.text)
    let c = card.contact
    var found: Set<String> = []
    for key in ContactFields.settableFields where c[field: key] != nil { found.insert(key) }
    if !c.emails.isEmpty { found.insert("emails") }
    if !c.phones.isEmpty { found.insert("phones") }
    if !c.urls.isEmpty { found.insert("urls") }
    #expect(Set(card.confidence.keys) == found)
    for (key, value) in card.confidence {
      #expect((0...1).contains(value), "\(key) = \(value)")
    }
  }

  @Test func sampleCardConfidences() {
    let card = CardParser().parse(text: CardFixtures.sakuraTesseract.text)
    // OCR confidence 0.9 times the rule's clarity.
    // The local part "taro.yamada" spells the name: half the doubt of 0.9.
    #expect(card.confidence["emails"] == 0.95)
    #expect(card.confidence["name"] == 0.9)  // 山田 is in the surname list
    // A listed family name counts the line's OCR confidence only half.
    #expect(card.confidence["family_name"] == 0.95)
    #expect(card.confidence["company"] == 0.86)
    #expect(card.confidence["phones"] == 0.86)
    #expect(card.lowConfidenceFields().isEmpty)
  }

  @Test func averySmithConfidences() {
    let card = CardParser().parse(text: CardFixtures.averySmith.text)
    // The e-mail local part "avery.smith" confirms the name.
    #expect(card.confidence["name_latin"] == 0.86)
    #expect(card.confidence["name"] == 0.86)
    // "Contoso" is confirmed only by the e-mail and web domain.
    #expect(card.confidence["company"] == 0.77)
    #expect(card.lowConfidenceFields().isEmpty)
  }

  @Test func repairedValuesAreLessSure() throws {
    let noisy = CardParser().parse(text: CardFixtures.sakuraNoisy.text)
    let clean = CardParser().parse(text: CardFixtures.sakuraTesseract.text)
    #expect(try #require(noisy.confidence["emails"]) < clean.confidence["emails"] ?? 0)
    #expect(try #require(noisy.confidence["postal_code"]) < clean.confidence["postal_code"] ?? 0)
    #expect(try #require(noisy.confidence["company"]) < clean.confidence["company"] ?? 0)
  }

  @Test func emptyInput() {
    let card = CardParser().parse(text: "")
    #expect(card.contact == ContactFields())
    #expect(card.confidence.isEmpty)
    #expect(card.extras.isEmpty)
  }
}
