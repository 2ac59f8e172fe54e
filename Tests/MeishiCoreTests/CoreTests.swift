import Foundation
import MeishiCore
import Testing

@Suite struct CivilDateTests {
  @Test func parsesAndPrints() throws {
    let d = try #require(CivilDate("2026-11-27"))
    #expect(d == CivilDate(year: 2026, month: 11, day: 27))
    #expect(d.description == "2026-11-27")
    #expect(CivilDate("2026/1/5")?.description == "2026-01-05")
  }

  @Test(arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "26-01-01", "tomorrow", ""])
  func rejectsNonDates(_ s: String) {
    #expect(CivilDate(s) == nil)
  }

  @Test func weekdaysAndArithmetic() throws {
    let d = try #require(CivilDate("2026-11-27"))
    #expect(d.weekday == 5)  // Friday
    #expect(d.adding(days: 1).isWeekend)
    #expect(d.adding(days: 3).description == "2026-11-30")
    #expect(CivilDate("2024-02-28")?.adding(days: 1).description == "2024-02-29")
    #expect(CivilDate("2023-12-31")?.adding(days: 1).description == "2024-01-01")
    #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
    for n in [-800_000, -1, 0, 1, 20_000, 60_000] {
      #expect(CivilDate(dayNumber: n).dayNumber == n)
    }
  }

  @Test func dateInTokyo() throws {
    // 2026-11-27T16:00:00Z is already the 28th in Tokyo.
    let instant = Date(timeIntervalSince1970: 1_795_795_200)
    let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
    #expect(CivilDate(instant, in: tokyo).description == "2026-11-28")
  }
}

@Suite struct ContactFieldsTests {
  @Test func encodesEveryContractKeyEvenWhenUnknown() throws {
    let data = try JSONEncoder().encode(ContactFields(name: "山田 太郎"))
    let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(Set(obj.keys) == Set(ContactFields.CodingKeys.allCases.map(\.rawValue)))
    #expect(obj["company"] is NSNull)
    #expect((obj["emails"] as? [Any])?.isEmpty == true)
    #expect(obj["name"] as? String == "山田 太郎")
  }

  @Test func roundTrips() throws {
    let f = ContactFields(
      name: "山田 太郎", familyName: "山田", givenName: "太郎", company: "株式会社サクラ",
      emails: ["t@example.jp"], phones: [Phone(kind: .mobile, number: "+819012345678", raw: "090-1234-5678")],
      postalCode: "105-0011")
    let back = try JSONDecoder().decode(ContactFields.self, from: JSONEncoder().encode(f))
    #expect(back == f)
  }

  @Test func boundingBoxIsAnArray() throws {
    let line = OCRLine(text: "x", bbox: BoundingBox(x: 60, y: 180, width: 260, height: 60), confidence: 0.95)
    let s = String(decoding: try JSONEncoder().encode(line), as: UTF8.self)
    #expect(s.contains("\"bbox\":[60,180,260,60]"))
  }

  @Test func readsNothingWithoutALetterOrDigit() {
    func result(_ texts: [String]) -> OCRResult {
      OCRResult(lines: texts.map { OCRLine(text: $0, bbox: BoundingBox(x: 0, y: 0, width: 9, height: 9), confidence: 0.5) })
    }
    #expect(result([]).readsNothing)
    #expect(result(["ーーーーー", "| — .", " "]).readsNothing)
    #expect(!result(["ーー", "山"]).readsNothing)
    #expect(!result(["〒1"]).readsNothing)
    #expect(!result(["x"]).readsNothing)
  }
}

@Suite struct NormalizationTests {
  @Test func nameKeyFoldsVariantsSpacesAndKana() {
    #expect(Normalization.nameKey("髙橋 一郎") == Normalization.nameKey("高橋一郎"))
    #expect(Normalization.nameKey("渡邊　健") == Normalization.nameKey("渡辺 健"))
    #expect(Normalization.nameKey("ヤマダ") == Normalization.nameKey("やまだ"))
    #expect(Normalization.nameKey("Taro YAMADA") == "taroyamada")
    #expect(Normalization.nameKey("山田 太郎") != Normalization.nameKey("山田 花子"))
  }

  @Test func companyKeyDropsLegalForms() {
    let k = Normalization.companyKey("株式会社サクラテクノロジー")
    #expect(k == Normalization.companyKey("サクラテクノロジー株式会社"))
    #expect(k == Normalization.companyKey("(株)サクラテクノロジー"))
    #expect(k == Normalization.companyKey("㈱サクラテクノロジー"))
    #expect(Normalization.companyKey("Kitsune Labs K.K.") == Normalization.companyKey("KITSUNE LABS"))
    #expect(k != Normalization.companyKey("株式会社サクラ商事"))
  }

  @Test func nfkcFoldsWidthAndSpaces() {
    #expect(Normalization.nfkc("ＴＥＬ　０３−１２３４") == "TEL 03−1234")
    #expect(Normalization.nfkc("  a \t b  ") == "a b")
  }
}

@Suite struct ReviewThresholdTests {
  /// Name and company go to review under 0.65, the other key fields under 0.6; a threshold
  /// given applies to every field.
  @Test func nameAndCompanyHaveAHigherThreshold() {
    let card = ParsedCard(confidence: [
      "name": 0.62, "company": 0.64, "title": 0.62, "emails": 0.59, "phones": 0.9, "address": 0.1,
    ])
    #expect(card.lowConfidenceFields() == ["name", "company", "emails"])
    #expect(card.lowConfidenceFields(threshold: 0.6) == ["emails"])
    #expect(ParsedCard.reviewThreshold(for: "title") == ParsedCard.reviewThreshold)
  }
}
