import Foundation
import MeishiCore
import MeishiInterchange
import Testing

@Suite struct ContactsCSVTests {
  @Test func googleExportInTheCurrentLayout() throws {
    let bytes = try fixtureBytes("csv/google-contacts.csv")
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "the fixture starts with a BOM")
    let contacts = try ContactsCSV.parse(bytes: bytes)
    try #require(contacts.count == 3)

    let yamada = contacts[0]
    #expect(yamada.fields.name == "山田 太郎")
    #expect(yamada.fields.familyName == "山田")
    #expect(yamada.fields.givenName == "太郎")
    #expect(yamada.nameKanaFamily == "やまだ")
    #expect(yamada.nameKanaGiven == "たろう")
    #expect(yamada.fields.nameKana == "やまだ たろう")
    #expect(yamada.fields.company == "株式会社サクラテクノロジー")
    #expect(yamada.fields.title == "部長")
    #expect(yamada.fields.department == "営業本部 第一営業部")
    #expect(yamada.note == "展示会で名刺交換。\n\"至急\"の案件あり, 来月フォロー")
    #expect(yamada.fields.emails == ["t.yamada@example.co.jp", "taro@example.co.jp"])
    #expect(
      yamada.fields.phones == [
        phone(.tel, "+81312345678", "03-1234-5678"),
        phone(.mobile, "+819012345678", "090-1234-5678"),
        phone(.fax, "+81312345679", "03-1234-5679"),
      ])
    #expect(yamada.fields.address == "東京都港区芝公園4-2-8")
    #expect(yamada.fields.postalCode == "105-0011")
    #expect(yamada.fields.urls == ["https://www.example.co.jp"])

    let smith = contacts[1]
    #expect(smith.fields.name == "Avery Smith")
    #expect(smith.fields.nameLatin == "Avery Smith")
    #expect(smith.fields.company == "Example Labs, Inc.")
    #expect(smith.fields.phones == [phone(.mobile, "+14155550100", "+1 415-555-0100")])
    #expect(smith.fields.address == "1 Main St, Arlington, VA, US")
    #expect(smith.fields.postalCode == "22201")

    // Only "Formatted": the address without its postal code, which comes from the text.
    let sato = contacts[2]
    #expect(sato.fields.name == "佐藤 花子")
    #expect(sato.fields.nameKana == "サトウ ハナコ")
    #expect(sato.fields.phones == [phone(.other, "+81120123456", "0120-123-456")])
    #expect(sato.fields.address == "大阪府大阪市北区梅田1-2-3")
    #expect(sato.fields.postalCode == "530-0001")
  }

  @Test func googleExportInTheOlderLayout() throws {
    let contacts = try ContactsCSV.parse(bytes: fixtureBytes("csv/google-legacy.csv"))
    try #require(contacts.count == 1)
    let suzuki = contacts[0]
    #expect(suzuki.fields.name == "鈴木 一郎")
    #expect(suzuki.fields.nameKana == "すずき いちろう")
    #expect(suzuki.nameKanaGiven == "いちろう")
    #expect(suzuki.fields.company == "横浜物産株式会社")
    #expect(suzuki.fields.department == "購買部")
    #expect(suzuki.fields.title == "主任")
    #expect(suzuki.fields.emails == ["ichiro.suzuki@example.jp"])
    #expect(
      suzuki.fields.phones == [
        phone(.mobile, "+818022223333", "080-2222-3333"),
        phone(.tel, "+81451234567", "045-123-4567"),
      ])
    #expect(suzuki.note == "旧形式のエクスポート")
  }

  @Test func googleHeaderWritten() {
    let text = ContactsCSV.serialize([ExchangeContact()], layout: .google)
    let header = text.components(separatedBy: "\r\n")[0]
    let expected =
      "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
      + "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
      + "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
      + "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,"
      + "Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,"
      + "Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
      + "Address 1 - Extended Address,Website 1 - Label,Website 1 - Value"
    #expect(header == expected)
  }

  @Test func googleRowsForMeishiContacts() throws {
    let c = VCardWriteTests.yamada
    let text = ContactsCSV.serialize([c], layout: .google)
    #expect(text.contains(",Mobile,090-1234-5678,"))
    #expect(text.contains(",Work Fax,03-1234-5679,"))
    #expect(text.contains(",meishi:uid,c-0001"))
    #expect(text.contains(",meishi:event,Tech Expo 2026"))
    #expect(try ContactsCSV.parse(text) == [c])
  }

  @Test func plainLayout() throws {
    let contacts = try ContactsCSV.parse(bytes: fixtureBytes("csv/plain.csv"))
    try #require(contacts.count == 1)
    let c = contacts[0]
    #expect(c.uid == "c-0001")
    #expect(c.fields.name == "山田 太郎")
    #expect(c.fields.nameKana == "やまだ たろう")
    #expect(c.nameKanaFamily == nil)
    #expect(c.fields.nameLatin == "Taro Yamada")
    #expect(c.fields.emails == ["t.yamada@example.co.jp", "taro@example.co.jp"])
    #expect(
      c.fields.phones == [
        phone(.tel, "+81312345678", "03-1234-5678"),
        phone(.mobile, "+819012345678", "090-1234-5678"),
        phone(.fax, "+81312345679", "+81312345679"),
      ])
    #expect(c.note == "複数行の\nメモ, \"引用\"つき")
    #expect(c.status == "contacted")
    #expect(c.events == ["Tech Expo 2026", "名古屋ものづくり展"])

    let written = ContactsCSV.serialize(contacts, layout: .plain)
    #expect(written.hasPrefix("uid,name,family_name,given_name,name_kana,"))
    #expect(
      written.contains(
        ",tel:+81312345678 (03-1234-5678) | mobile:+819012345678 (090-1234-5678) | fax:+81312345679,"
      ))
    #expect(try ContactsCSV.parse(written) == contacts)
  }

  @Test func plainLayoutWithOtherColumnNames() throws {
    let c = try ContactsCSV.parse(
      "Name,Company,Email,Phone,Notes\nJordan Lee,Example,j@example.com,090-1234-5678,hi\n")
    #expect(c.count == 1)
    #expect(c.first?.fields.name == "Jordan Lee")
    #expect(c.first?.fields.emails == ["j@example.com"])
    #expect(c.first?.fields.phones == [phone(.tel, "+819012345678", "090-1234-5678")])
    #expect(c.first?.note == "hi")
  }

  @Test func plainPhoneWithAnUnknownKind() {
    let error = thrown {
      try ContactsCSV.parse("name,phones\nA,tel:03-1111-2222\nB,home:03-1111-2222\n")
    }
    #expect(error?.code == .invalidValue)
    #expect(error?.line == 3)
    #expect(error?.description.contains("home") == true)
  }

  @Test func rfc4180Fields() throws {
    let text =
      "name,note,emails\r\n"
      + "\"Lee, Jordan\",\"says \"\"hi\"\"\r\nand, bye\",a@example.com\r\n"
      + "Plain,,\n"
      + "\n"
      + "\"Last\",\"x\""
    let contacts = try ContactsCSV.parse(text)
    #expect(contacts.map(\.fields.name) == ["Lee, Jordan", "Plain", "Last"])
    #expect(contacts[0].note == "says \"hi\"\r\nand, bye")
    #expect(contacts[0].fields.emails == ["a@example.com"])
    #expect(contacts[1].note == nil)
    #expect(contacts[2].note == "x")
  }

  @Test func byteOrderMarkAndLineEnds() throws {
    let lf = "name,company\nJordan Lee,Example\n"
    let variants = [
      lf, lf.replacingOccurrences(of: "\n", with: "\r\n"), "\u{FEFF}" + lf,
      "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n"),
    ]
    for text in variants {
      let c = try ContactsCSV.parse(text)
      #expect(c.count == 1)
      #expect(c.first?.fields.name == "Jordan Lee")
      #expect(c.first?.fields.company == "Example")
    }
    // As bytes: UTF-8 with a BOM, UTF-16 with one, Shift_JIS from Japanese Excel.
    let japanese = "name,company\n山田 太郎,株式会社サクラ\n"
    let utf8BOM = [0xEF, 0xBB, 0xBF] + Array(japanese.utf8)
    var utf16: [UInt8] = [0xFF, 0xFE]
    for unit in japanese.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let sjis = [UInt8](try #require(japanese.data(using: .shiftJIS)))
    for bytes in [utf8BOM, utf16, sjis] {
      #expect(try ContactsCSV.parse(bytes: bytes).first?.fields.company == "株式会社サクラ")
    }
    let bom = ContactsCSV.serialize([ExchangeContact()], layout: .plain, byteOrderMark: true)
    #expect(bom.unicodeScalars.first == "\u{FEFF}")
    #expect(try ContactsCSV.parse(bom) == [])  // an empty contact is an empty row, which is skipped
  }

  @Test func errors() throws {
    let unclosed = thrown { try ContactsCSV.parse("name,note\nA,ok\nB,\"never closed\nC,x\n") }
    #expect(unclosed?.code == .unterminatedQuote)
    #expect(unclosed?.line == 3)

    let unknown = thrown { try ContactsCSV.parse("Vorname,Nachname\nA,B\n") }
    #expect(unknown?.code == .unknownHeader)
    #expect(unknown?.line == 1)
    #expect(unknown?.description.contains("Vorname") == true)

    let extra = thrown { try ContactsCSV.parse("name,company\nLee, Jordan,Example\n") }
    #expect(extra?.code == .extraFields)
    #expect(extra?.line == 2)

    #expect(try ContactsCSV.parse("") == [])
    #expect(try ContactsCSV.parse("name,company\r\n") == [])
    // Trailing empty values are harmless.
    #expect((try? ContactsCSV.parse("name,company\nA,B,,\n"))?.count == 1)
  }
}
