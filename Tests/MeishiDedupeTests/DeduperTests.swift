import MeishiCore
import MeishiDedupe
import Testing

@Suite struct DeduperTests {
  let yamada = DedupeCandidate(
    uid: "yamada", nameKey: Normalization.nameKey("山田 太郎"),
    companyKey: Normalization.companyKey("株式会社サクラテクノロジー"),
    emails: ["t.yamada@sakura.example.co.jp"], mobiles: ["+819012345678"])

  @Test func sameEmailMerges() {
    let card = ContactFields(name: "山田 太郎", company: "サクラテクノロジー株式会社", emails: ["T.Yamada@sakura.example.co.jp"])
    let r = Deduper.decide(card, candidates: [yamada])
    #expect(r.decision == .merged)
    #expect(r.target == "yamada")
  }

  @Test func sameMobileMergesEvenAfterAJobChange() {
    let card = ContactFields(
      name: "山田 太郎", company: "株式会社ミドリ商事",
      phones: [Phone(kind: .mobile, number: "+819012345678", raw: "090-1234-5678")])
    #expect(Deduper.decide(card, candidates: [yamada]).decision == .merged)
  }

  @Test func sameNameSameCompanyGoesToReview() {
    let card = ContactFields(name: "山田太郎", company: "(株)サクラテクノロジー", emails: ["taro@other.example.jp"])
    let r = Deduper.decide(card, candidates: [yamada])
    #expect(r.decision == .review)
    #expect(r.candidates.map(\.contactUID) == ["yamada"])
  }

  @Test func colleagueWithTheSameSurnameIsNew() {
    let card = ContactFields(name: "山田 花子", company: "株式会社サクラテクノロジー", emails: ["h.yamada@sakura.example.co.jp"])
    #expect(Deduper.decide(card, candidates: [yamada]).decision == .new)
  }

  @Test func sameNameAtAnotherCompanyIsNew() {
    let card = ContactFields(name: "山田 太郎", company: "東洋精機株式会社")
    #expect(Deduper.decide(card, candidates: [yamada]).decision == .new)
  }

  @Test func sharedRoleAddressNeverMerges() {
    let shared = DedupeCandidate(
      uid: "sato", nameKey: Normalization.nameKey("佐藤 一郎"), companyKey: "x",
      emails: ["info@sakura.example.co.jp"], mobiles: [])
    let card = ContactFields(name: "鈴木 次郎", company: "X", emails: ["info@sakura.example.co.jp"])
    #expect(Deduper.isRoleAddress("info@sakura.example.co.jp"))
    #expect(Deduper.decide(card, candidates: [shared]).decision == .new)
  }

  @Test func sharedSwitchboardIsNotAMobile() {
    let card = ContactFields(
      name: "鈴木 次郎", company: "株式会社サクラテクノロジー",
      phones: [Phone(kind: .tel, number: "+819012345678", raw: "090-1234-5678")])
    #expect(Deduper.decide(card, candidates: [yamada]).decision == .new)
  }
}

/// Issue 5's rules, each both ways.
@Suite struct DeduperRulesTests {
  func candidate(
    _ uid: String, name: String? = nil, kana: String? = nil, latin: String? = nil, company: String? = nil,
    emails: [String] = [], mobiles: [String] = [], direct: [String] = []
  ) -> DedupeCandidate {
    let k = Deduper.keys(for: ContactFields(name: name, nameKana: kana, nameLatin: latin, company: company))
    return DedupeCandidate(
      uid: uid, nameKey: k.nameKey ?? "", kanaKey: k.kanaKey ?? "", latinKey: k.latinKey ?? "",
      companyKey: k.companyKey ?? "", emails: emails, mobiles: mobiles, directLines: direct)
  }

  @Test func theEnglishSideOfACardJoinsTheJapaneseSide() {
    let ja = candidate("ja", name: "山田 太郎", company: "株式会社サクラテクノロジー", emails: ["t.yamada@sakura.example.co.jp"])
    let en = ContactFields(
      name: "Taro Yamada", nameLatin: "Taro Yamada", company: "Sakura Technology Co., Ltd.",
      emails: ["t.yamada@sakura.example.co.jp"])
    #expect(Deduper.decide(en, candidates: [ja]).decision == .merged)
  }

  @Test func romajiInAnyOrderAndSpellingIsTheSameName() {
    let c = candidate("c", latin: "Kenji SATOH", company: "Acme K.K.", emails: ["kenji@acme.example.com"])
    let card = ContactFields(nameLatin: "Sato Kenji", company: "ACME", emails: ["k.sato@acme.example.com"])
    // Same name, same company, no shared address: a person decides.
    #expect(Deduper.decide(card, candidates: [c]).decision == .review)
    let other = ContactFields(nameLatin: "Sato Kenji", company: "Globex Inc.", emails: ["k.sato@globex.example.com"])
    #expect(Deduper.decide(other, candidates: [c]).decision == .new)
  }

  @Test func theSameReadingAtTheSameCompanyDomainGoesToReview() {
    let c = candidate("c", name: "渡邊 健", kana: "わたなべ けん", company: "東洋精機株式会社", emails: ["ken@toyo.example.jp"])
    let card = ContactFields(name: "渡辺 健", nameKana: "ワタナベ ケン", company: "東洋精機", emails: ["watanabe@toyo.example.jp"])
    #expect(Deduper.decide(card, candidates: [c]).decision == .review)
  }

  @Test func aDirectLineConfirmsTheSameNameAtTheSameCompany() {
    let c = candidate("c", name: "佐藤 健", company: "東洋精機", direct: ["+81352001234"])
    var card = ContactFields(name: "佐藤 健", company: "東洋精機株式会社", phones: [Phone(kind: .tel, number: "+81352001234", raw: "03-5200-1234")])
    #expect(Deduper.decide(card, candidates: [c]).decision == .merged)
    // A switchboard (the store lists it as nobody's direct line) does not.
    let board = candidate("c", name: "佐藤 健", company: "東洋精機", direct: [])
    #expect(Deduper.decide(card, candidates: [board]).decision == .review)
    card.name = "佐藤 花子"
    #expect(Deduper.decide(card, candidates: [c]).decision == .new)
  }

  @Test func aJobChangeKeepsThePersonalAddress() {
    let c = candidate("c", name: "山田 太郎", company: "株式会社サクラ", emails: ["taro.yamada@gmail.com"])
    let card = ContactFields(name: "山田 太郎", company: "株式会社ミドリ", emails: ["taro.yamada@gmail.com"])
    #expect(Deduper.decide(card, candidates: [c]).decision == .merged)
  }

  @Test func aSharedAddressWithAnotherNameIsNotAMerge() {
    // An assistant's card with the manager's address: same address, different person.
    let c = candidate("c", name: "山田 太郎", company: "株式会社サクラ", emails: ["yamada-office@sakura.example.jp"])
    let card = ContactFields(name: "鈴木 花子", company: "株式会社サクラ", emails: ["yamada-office@sakura.example.jp"])
    let r = Deduper.decide(card, candidates: [c])
    #expect(r.decision == .review)
    #expect(r.target == nil)
  }

  @Test func freeMailDomainsSayNothingAboutTheCompany() {
    let c = candidate("c", name: "山田 太郎", company: "A社", emails: ["x@gmail.com"])
    let card = ContactFields(name: "山田 太郎", company: "B社", emails: ["y@gmail.com"])
    #expect(Deduper.decide(card, candidates: [c]).decision == .new)
  }
}
