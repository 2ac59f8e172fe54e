import Foundation
import MeishiCore
import MeishiInterchange
import Testing

@Suite struct VCardWriteTests {
  static let yamada = ExchangeContact(
    uid: "c-0001",
    fields: ContactFields(
      name: "山田 太郎", familyName: "山田", givenName: "太郎", nameKana: "やまだ たろう",
      nameLatin: "Taro Yamada", company: "株式会社サクラテクノロジー", department: "営業本部 第一営業部",
      title: "部長", emails: ["t.yamada@example.co.jp"],
      phones: [
        Phone(kind: .tel, number: "+81312345678", raw: "03-1234-5678"),
        Phone(kind: .fax, number: "+81312345679", raw: "03-1234-5679"),
        Phone(kind: .mobile, number: "+819012345678", raw: "090-1234-5678"),
        Phone(kind: .other, number: "+81120123456", raw: "0120-123-456"),
      ], postalCode: "105-0011", address: "東京都港区芝公園4-2-8", urls: ["https://www.example.co.jp"]),
    nameKanaFamily: "やまだ", nameKanaGiven: "たろう",
    note: "展示会で名刺交換。資料を送る, 来月; 再訪\\予定\n二行目 🎉🎉🎉 " + String(repeating: "長い", count: 40),
    status: "contacted", events: ["Tech Expo 2026", "名古屋ものづくり展"])

  /// The physical lines, split on CRLF.
  static func physicalLines(_ text: String) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    let bytes = Array(text.utf8)
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
        lines.append(current)
        current = []
        i += 2
      } else {
        current.append(bytes[i])
        i += 1
      }
    }
    #expect(current.isEmpty, "the text ends with CRLF")
    return lines
  }

  @Test(arguments: VCard.Version.allCases)
  func crlfAndFoldingAt75Octets(version: VCard.Version) throws {
    let text = VCard.serialize([Self.yamada], version: version)
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
    let lines = Self.physicalLines(text)
    #expect(lines.contains { $0.first == 0x20 }, "the long note is folded")
    for line in lines {
      #expect(line.count <= 75)
      // Folding never splits a UTF-8 sequence: every physical line is valid UTF-8 by itself.
      #expect(String(validating: line, as: UTF8.self) != nil)
    }
    #expect(try VCard.parse(text) == [Self.yamada])
  }

  @Test func escapesText() {
    var c = ExchangeContact(
      fields: ContactFields(name: "Sam O;Brien, Jr.", company: "Foo;Bar, Inc."))
    c.note = "a,b;c\\d\ne"
    let text = VCard.serialize([c])
    #expect(text.contains("\r\nFN:Sam O\\;Brien\\, Jr.\r\n"))
    #expect(text.contains("\r\nNOTE:a\\,b\\;c\\\\d\\ne\r\n"))
    #expect(text.contains("\r\nORG:Foo\\;Bar\\, Inc.\r\n"))
  }

  @Test func version4Properties() {
    let text = VCard.serialize([Self.yamada], version: .v4)
    let lines = text.components(separatedBy: "\r\n")
    #expect(lines.prefix(2) == ["BEGIN:VCARD", "VERSION:4.0"])
    #expect(lines.contains("UID:c-0001"))
    #expect(lines.contains("FN:山田 太郎"))
    #expect(lines.contains("N;SORT-AS=\"やまだ,たろう\":山田;太郎;;;"))
    #expect(lines.contains("X-PHONETIC-LAST-NAME:やまだ"))
    #expect(lines.contains("X-PHONETIC-FIRST-NAME:たろう"))
    #expect(!text.contains("X-MEISHI-NAME-KANA"), "the reading follows from the parts")
    #expect(lines.contains("X-MEISHI-NAME-LATIN:Taro Yamada"))
    #expect(lines.contains("ORG:株式会社サクラテクノロジー;営業本部 第一営業部"))
    #expect(lines.contains("TEL;TYPE=work,voice:03-1234-5678"))
    #expect(lines.contains("TEL;TYPE=work,fax:03-1234-5679"))
    #expect(lines.contains("TEL;TYPE=cell:090-1234-5678"))
    #expect(lines.contains("TEL;TYPE=other,voice:0120-123-456"))
    #expect(lines.contains("ADR;TYPE=work:;;東京都港区芝公園4-2-8;;;105-0011;"))
    #expect(lines.contains("X-MEISHI-STATUS:contacted"))
    #expect(lines.contains("X-MEISHI-EVENT:Tech Expo 2026"))
    #expect(lines.suffix(2) == ["END:VCARD", ""])
  }

  @Test func version3Properties() {
    let text = VCard.serialize([Self.yamada], version: .v3)
    let lines = text.components(separatedBy: "\r\n")
    #expect(lines.prefix(2) == ["BEGIN:VCARD", "VERSION:3.0"])
    #expect(lines.contains("N:山田;太郎;;;"))
    #expect(lines.contains("X-PHONETIC-LAST-NAME:やまだ"))
    #expect(lines.contains("EMAIL;TYPE=INTERNET,WORK:t.yamada@example.co.jp"))
    #expect(lines.contains("TEL;TYPE=CELL:090-1234-5678"))
    #expect(!text.contains("SORT-AS"))
  }

  @Test func everyPhoneHasAType() {
    for version in VCard.Version.allCases {
      let tels = VCard.serialize([Self.yamada], version: version).components(separatedBy: "\r\n")
        .filter { $0.hasPrefix("TEL") }
      #expect(tels.count == 4)
      #expect(tels.allSatisfy { $0.hasPrefix("TEL;TYPE=") })
    }
  }

  @Test func readingWithoutPartsIsWrittenForOtherApps() throws {
    let c = ExchangeContact(
      fields: ContactFields(name: "山田 太郎", familyName: "山田", givenName: "太郎", nameKana: "やまだ たろう"))
    let text = VCard.serialize([c])
    // Other apps get the parts; meishi reads back a reading without known parts.
    #expect(text.contains("X-PHONETIC-LAST-NAME:やまだ\r\n"))
    #expect(text.contains("X-PHONETIC-FIRST-NAME:たろう\r\n"))
    #expect(text.contains("X-MEISHI-NAME-KANA:やまだ たろう\r\n"))
    #expect(try VCard.parse(text) == [c])
  }

  @Test func contactWithoutANameShowsTheCompany() throws {
    let c = ExchangeContact(
      fields: ContactFields(company: "みどり商事株式会社", emails: ["info@example.jp"]))
    let text = VCard.serialize([c], version: .v3)
    #expect(text.contains("\r\nFN:みどり商事株式会社\r\n"))
    #expect(text.contains("\r\nN:;;;;\r\n"))
    #expect(try VCard.parse(text) == [c])
  }

  @Test func nothingToWrite() throws {
    #expect(VCard.serialize([]) == "")
    #expect(try VCard.parse(VCard.serialize([ExchangeContact()])) == [ExchangeContact()])
  }
}
