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
