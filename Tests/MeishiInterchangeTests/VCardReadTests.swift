import Foundation
import MeishiCore
import MeishiInterchange
import Testing

@Suite struct VCardReadTests {
  @Test func iosCardWithPhoneticNamesAndGroups() throws {
    let contacts = try VCard.parse(bytes: fixtureBytes("vcf/ios-phonetic.vcf"))
    try #require(contacts.count == 2)

    let yamada = contacts[0]
    #expect(yamada.fields.name == "山田 太郎")
    #expect(yamada.fields.familyName == "山田")
    #expect(yamada.fields.givenName == "太郎")
    #expect(yamada.nameKanaFamily == "やまだ")
    #expect(yamada.nameKanaGiven == "たろう")
    #expect(yamada.fields.nameKana == "やまだ たろう")
    #expect(yamada.fields.nameLatin == nil)
    #expect(yamada.fields.company == "株式会社サクラテクノロジー")
    #expect(yamada.fields.department == "営業本部 第一営業部")
    #expect(yamada.fields.title == "部長")
    #expect(yamada.fields.emails == ["t.yamada@example.co.jp"])
    #expect(
      yamada.fields.phones == [
        phone(.tel, "+81312345678", "03-1234-5678"),
        phone(.mobile, "+819012345678", "090-1234-5678"),
        phone(.fax, "+81312345679", "03-1234-5679"),
        // item2.TEL has no TYPE; its item2.X-ABLabel "携帯(会社)" says mobile.
        phone(.mobile, "+818022223333", "080-2222-3333"),
      ])
    #expect(yamada.fields.postalCode == "105-0011")
    #expect(yamada.fields.address == "東京都港区芝公園4-2-8 サクラビル5F")
    #expect(yamada.fields.urls == ["https://www.example.co.jp"])
    #expect(yamada.note == "展示会で名刺交換\n次回は来月, 資料を送る")

    let smith = contacts[1]
    #expect(smith.fields.name == "Avery Smith")
    #expect(smith.fields.familyName == "Smith")
    #expect(smith.fields.givenName == "Avery")
    #expect(smith.fields.nameLatin == "Avery Smith")
    #expect(smith.fields.company == "Example Labs, Inc.")
    #expect(smith.fields.department == nil)
    #expect(
      smith.fields.phones == [
        phone(.mobile, "+14155550100", "+1 415-555-0100"),
        phone(.other, "+14155550199", "+1 415-555-0199"),
      ])
    #expect(smith.fields.address == "1 Main St, Suite 4, Arlington, VA, USA")
    #expect(smith.fields.postalCode == "22201")
  }

  @Test func quotedPrintableVCard21() throws {
    let contacts = try VCard.parse(bytes: fixtureBytes("vcf/android-qp21.vcf"))
    try #require(contacts.count == 2)

    let sato = contacts[0]
    #expect(sato.fields.name == "佐藤 花子")
    #expect(sato.fields.nameKana == "サトウ ハナコ")
    #expect(sato.nameKanaFamily == "サトウ")
    #expect(sato.fields.company == "みどり商事株式会社")
    #expect(sato.fields.department == "大阪支店")
    #expect(sato.fields.title == "課長")
    #expect(sato.fields.emails == ["hanako.sato@example.jp"])
    #expect(
      sato.fields.phones == [
        phone(.mobile, "+819087654321", "090-8765-4321"),
        phone(.tel, "+81661234567", "06-6123-4567"),
        phone(.fax, "+81661234568", "06-6123-4568"),
      ])
    #expect(sato.fields.address == "大阪府大阪市北区梅田1-2-3")
    #expect(sato.fields.postalCode == "530-0001")
    // Soft line breaks joined, =0D=0A decoded to a line break.
    #expect(sato.note == "大阪の展示会で名刺交換。\n来週、見積もりを送ること。")

    // A feature phone's Shift_JIS card: no FN, reading in SOUND;X-IRMC-N (half-width kana).
    let suzuki = contacts[1]
    #expect(suzuki.fields.name == "鈴木 一郎")
    #expect(suzuki.fields.nameKana == "スズキ イチロウ")
    #expect(suzuki.fields.phones == [phone(.mobile, "+817011112222", "070-1111-2222")])
  }

  @Test func foldsInsideMultiByteCharacters() throws {
    let bytes = try fixtureBytes("vcf/folded-multibyte.vcf")
    // The file really splits characters across lines: line by line it is not UTF-8.
    let lines = bytes.split(separator: 0x0A)
    #expect(lines.contains { String(validating: $0, as: UTF8.self) == nil })

    let contacts = try VCard.parse(bytes: bytes)
    try #require(contacts.count == 1)
    #expect(contacts[0].fields.name == "高橋 美咲")
    #expect(contacts[0].fields.company == "株式会社ミライ・デザイン研究所")
    #expect(contacts[0].note == "長いメモ：" + String(repeating: "あいうえお", count: 8) + " 🎉 終わり")
    #expect(contacts[0].fields.phones == [phone(.tel, "+81355550101", "03-5555-0101")])
  }

  @Test func foldedLinesWithCRLFAndLF() throws {
    let crlf = card("FN:Jordan", " Lee", "NOTE:first", "\tsecond  and", "  third")
    let lf = crlf.replacingOccurrences(of: "\r\n", with: "\n")
    for text in [crlf, lf] {
      let c = try VCard.parse(text)
      #expect(c.first?.fields.name == "JordanLee")
      #expect(c.first?.note == "firstsecond  and third")
    }
  }

  @Test func escapes() throws {
    let c = try VCard.parse(
      card(
        #"N:O\;Brien\, Jr.;Sam;;;"#, #"FN:Sam O\;Brien\, Jr."#,
        #"NOTE:one\ntwo\Nthree\, four\; five\\six\:seven"#,
        #"ORG:Foo\;Bar\, Inc.;R&D\;Platform;Tools"#))[0]
    #expect(c.fields.familyName == "O;Brien, Jr.")
    #expect(c.fields.name == "Sam O;Brien, Jr.")
    #expect(c.note == "one\ntwo\nthree, four; five\\six:seven")
    #expect(c.fields.company == "Foo;Bar, Inc.")
    #expect(c.fields.department == "R&D;Platform Tools")
  }

  @Test func groupedProperties() throws {
    let c = try VCard.parse(
      card(
        "N:Lee;Jordan;;;", "item1.EMAIL;type=INTERNET:jordan@example.com",
        "item1.X-ABLabel:_$!<Work>!$_", "item2.TEL:+81 90 1111 2222",
        "item2.X-ABLabel:_$!<Mobile>!$_", "ITEM3.TEL;type=WORK:03-1111-2222",
        "item3.X-ABLabel:FAX", "item4.TEL:03-1111-3333"))[0]
    #expect(c.fields.emails == ["jordan@example.com"])
    #expect(
      c.fields.phones == [
        phone(.mobile, "+819011112222", "+81 90 1111 2222"),
        phone(.fax, "+81311112222", "03-1111-2222"),
        phone(.tel, "+81311113333", "03-1111-3333"),
      ])
  }

  @Test func nestingErrorNamesTheLines() throws {
    let bytes = try fixtureBytes("vcf/nesting-error.vcf")
    let error = thrown { try VCard.parse(bytes: bytes) }
    #expect(error?.code == .nestedBegin)
    #expect(error?.line == 5)
    #expect(error?.description.contains("line 5") == true)
    #expect(error?.description.contains("line 1") == true)
    #expect(error?.description.contains("END:VCARD") == true)
  }

  @Test func otherStructureErrors() {
    let endFirst = thrown { try VCard.parse("BEGIN:VCARD\nFN:A\nEND:VCARD\nEND:VCARD\n") }
    #expect(endFirst?.code == .endWithoutBegin)
    #expect(endFirst?.line == 4)

    let unclosed = thrown { try VCard.parse("BEGIN:VCARD\nFN:A\nEND:VCARD\n\nBEGIN:VCARD\nFN:B\n") }
    #expect(unclosed?.code == .missingEnd)
    #expect(unclosed?.line == 5)

    let outside = thrown { try VCard.parse("FN:Loose\nBEGIN:VCARD\nEND:VCARD\n") }
    #expect(outside?.code == .outsideCard)
    #expect(outside?.line == 1)

    let calendar = thrown { try VCard.parse("BEGIN:VCALENDAR\nEND:VCALENDAR\n") }
    #expect(calendar?.code == .outsideCard)

    let noColon = thrown {
      try VCard.parse("BEGIN:VCARD\nFN:A\nthis line has no colon\nEND:VCARD\n")
    }
    #expect(noColon?.code == .malformedLine)
    #expect(noColon?.line == 3)
    #expect(noColon?.description.contains("this line has no colon") == true)
  }

  @Test func undecodableText() {
    let latin1: [UInt8] = Array("BEGIN:VCARD\nFN:Ren".utf8) + [0xE9] + Array("e\nEND:VCARD\n".utf8)
    let error = thrown { try VCard.parse(bytes: latin1) }
    #expect(error?.code == .invalidText)
    #expect(error?.line == 2)

    let declared: [UInt8] =
      Array("BEGIN:VCARD\nFN;CHARSET=ISO-8859-1:Ren".utf8) + [0xE9] + Array("e\nEND:VCARD\n".utf8)
    #expect((try? VCard.parse(bytes: declared))?.first?.fields.name == "Renée")

    let euc = thrown {
      try VCard.parse(
        "BEGIN:VCARD\nFN;CHARSET=EUC-JP;ENCODING=QUOTED-PRINTABLE:=BB=B3\nEND:VCARD\n")
    }
    #expect(euc?.code == .unsupportedCharset)
  }

  @Test func vCard4SortAsUidAndMeishiProperties() throws {
    let contacts = try VCard.parse(bytes: fixtureBytes("vcf/v4-sort-as.vcf"))
    try #require(contacts.count == 2)
    let ito = contacts[0]
    #expect(ito.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
    #expect(ito.fields.name == "伊藤 健")
    #expect(ito.nameKanaFamily == "いとう")
    #expect(ito.nameKanaGiven == "けん")
    #expect(ito.fields.nameKana == "いとう けん")
    #expect(ito.fields.emails == ["ken.ito@example.co.jp", "ken@example.com"])
    #expect(
      ito.fields.phones == [
        phone(.tel, "+81521234567", "+81-52-123-4567"),
        phone(.mobile, "+819033334444", "+81 (0)90-3333-4444"),
      ])
    #expect(ito.status == "contacted")
    #expect(ito.events == ["名古屋ものづくり展 2026", "Tech Expo, Tokyo"])
    #expect(contacts[1].fields.name == "Jordan Lee")
    #expect(contacts[1].uid == nil)
  }

  @Test func nameOrder() throws {
    let latin = try VCard.parse(card("N:Smith;Avery;;;"))[0]
    #expect(latin.fields.name == "Avery Smith")
    #expect(latin.fields.nameLatin == "Avery Smith")

    let japanese = try VCard.parse(card("N:山田;太郎;;;"))[0]
    #expect(japanese.fields.name == "山田 太郎")
    #expect(japanese.fields.nameLatin == nil)

    let noSpace = try VCard.parse(card("N:山田;太郎;;;", "FN:山田太郎"))[0]
    #expect(noSpace.fields.name == "山田 太郎")

    let wideSpace = try VCard.parse(card("N:山田;太郎;;;", "FN:山田　太郎"))[0]
    #expect(wideSpace.fields.name == "山田 太郎")

    // vCard 4 alternate names: a Latin FN beside the Japanese one becomes name_latin.
    let alt = try VCard.parse(
      card("N:山田;太郎;;;", "FN;ALTID=1;LANGUAGE=ja:山田 太郎", "FN;ALTID=1;LANGUAGE=en:Taro Yamada"))[0]
    #expect(alt.fields.nameLatin == "Taro Yamada")
  }

  @Test func readingsFromOtherProperties() throws {
    // vCard 3.0 SORT-STRING in kana: the full reading, parts unknown.
    let sortString = try VCard.parse(card("N:山田;太郎;;;", "SORT-STRING:やまだたろう"))[0]
    #expect(sortString.fields.nameKana == "やまだたろう")
    #expect(sortString.nameKanaFamily == nil)
    // A romanized SORT-AS is a sort key, not a reading.
    let romaji = try VCard.parse(
      "BEGIN:VCARD\r\nVERSION:4.0\r\nN;SORT-AS=\"Yamada,Taro\":山田;太郎;;;\r\nEND:VCARD\r\n")[0]
    #expect(romaji.fields.nameKana == nil)
    // A Japanese person's romaji name written family name first: the reading follows that order.
    let romajiName = try VCard.parse(
      card(
        "N:Kawaguchi;Yuri;;;", "FN:Kawaguchi Yuri", "X-PHONETIC-LAST-NAME:かわぐち",
        "X-PHONETIC-FIRST-NAME:ゆり"))[0]
    #expect(romajiName.fields.nameKana == "かわぐち ゆり")
  }

  @Test func byteOrderMarkAndSeveralCards() throws {
    let text = "\u{FEFF}" + card("FN:One") + "\r\n" + card("FN:Two") + card("FN:Three")
    #expect(try VCard.parse(text).map(\.fields.name) == ["One", "Two", "Three"])
    #expect(try VCard.parse("").isEmpty)
    #expect(try VCard.parse("\r\n\r\n").isEmpty)
  }

  @Test(arguments: [
    ("TEL;TYPE=CELL:090-1234-5678", Phone.Kind.mobile),
    ("TEL;type=fax:03-1234-5678", .fax),
    ("TEL;TYPE=work,voice:03-1234-5678", .tel),
    ("TEL;TYPE=\"work,fax\":03-1234-5678", .fax),
    ("TEL;CELL;PREF:090-1234-5678", .mobile),
    ("TEL;HOME;FAX:03-1234-5678", .fax),
    ("TEL;TYPE=pager:03-1234-5678", .other),
    ("TEL;type=OTHER;type=VOICE:03-1234-5678", .other),
    ("TEL;TYPE=iPhone:090-1234-5678", .mobile),
    ("TEL:090-1234-5678", .tel),
  ])
  func phoneKinds(line: String, kind: Phone.Kind) throws {
    #expect(try VCard.parse(card(line))[0].fields.phones.first?.kind == kind)
  }

  @Test(arguments: [
    ("03-1234-5678", "+81312345678"),
    ("０３（１２３４）５６７８", "+81312345678"),
    ("090.1234.5678", "+819012345678"),
    ("+81 3-1234-5678", "+81312345678"),
    ("+81 (0)3-1234-5678", "+81312345678"),
    ("+81 03 1234 5678", "+81312345678"),
    ("+44 (0) 20 7946 0958", "+442079460958"),
    ("+39 06 1234 5678", "+390612345678"),
    ("+1 (415) 555-0100", "+14155550100"),
    ("010-1-415-555-0100", "+14155550100"),
    ("03-1234-5678 内線 12", "+81312345678"),
    ("555-0100", "5550100"),
  ])
  func e164Numbers(raw: String, number: String) throws {
    #expect(try VCard.parse(card("TEL:\(raw)"))[0].fields.phones.first?.number == number)
  }

  @Test func postalCodes() throws {
    func postal(_ code: String) throws -> String? {
      try VCard.parse(card("ADR:;;1-2-3;;;\(code);"))[0].fields.postalCode
    }
    #expect(try postal("1050011") == "105-0011")
    #expect(try postal("〒105-0011") == "105-0011")
    #expect(try postal("１０５－００１１") == "105-0011")
    #expect(try postal("SW1A 1AA") == "SW1A 1AA")
    #expect(try postal("94105-1234") == "94105-1234")
  }
}
