import Foundation
import MeishiCore
import MeishiMail
import MeishiTestSupport
import Testing

@Suite struct RendererTests {
  let renderer = MailRenderer()

  @Test func japaneseIntroHasTheAddressBlockGreetingSignatureAndOptOut() throws {
    let r = try renderer.render(
      kind: .introEmail, contact: Sample.contact, event: "Japan IT Week 春",
      metDate: Sample.metDate, sender: Sample.sender, language: .ja)
    #expect(r.subject == "【御礼】Japan IT Week 春でのご挨拶（株式会社ミナト商事 山田 太郎）")
    #expect(
      r.body.hasPrefix(
        """
        株式会社サクラテクノロジー
        営業本部 第一営業部 部長
        井上 一志 様

        先日はJapan IT Week 春にてご挨拶させていただき、ありがとうございました。
        株式会社ミナト商事の山田 太郎でございます。

        """))
    // The signature.
    #expect(
      r.body.contains(
        """
        ────────────────────────
        株式会社ミナト商事
        営業部 課長
        山田 太郎
        〒105-0011 東京都港区芝公園1-2-3 ミナトビル5F
        TEL: 03-1234-5678
        E-mail: taro.yamada@minato.example
        ────────────────────────
        """))
    // 特定電子メール法: sender, address, how to refuse.
    #expect(r.body.contains("送信者：株式会社ミナト商事 山田 太郎（〒105-0011 東京都港区芝公園1-2-3 ミナトビル5F）"))
    #expect(
      r.body.hasSuffix(
        "今後このようなご連絡が不要な場合は、お手数ですがこのメールにその旨ご返信ください（taro.yamada@minato.example）。\n"))
    #expect(!r.body.contains("\n\n\n"))
    #expect(!r.body.contains("{{") && !r.body.contains("&amp;"))
  }

  @Test func japaneseIntroWithoutEventOrName() throws {
    var contact = Sample.contact
    contact.name = nil
    contact.familyName = nil
    contact.givenName = nil
    contact.department = nil
    let r = try renderer.render(
      kind: .introEmail, contact: contact, event: nil, metDate: Sample.metDate,
      sender: Sample.sender, language: .ja)
    #expect(r.subject == "【御礼】先日のご挨拶（株式会社ミナト商事 山田 太郎）")
    #expect(
      r.body.hasPrefix(
        """
        株式会社サクラテクノロジー
        部長
        ご担当者 様

        先日はご挨拶させていただき、ありがとうございました。

        """))
    #expect(r.body.contains("本メールは、名刺交換をさせていただいた方にお送りしております。"))
  }

  @Test func nameFromFamilyAndGivenWhenNoPrintedName() throws {
    var contact = Sample.contact
    contact.name = nil
    let r = try renderer.render(
      kind: .followUp, contact: contact, event: "展示会", metDate: Sample.metDate,
      sender: Sample.sender, language: .ja)
    #expect(r.body.contains("\n井上 一志 様\n"))
    #expect(r.subject == "展示会でのご挨拶の件（株式会社ミナト商事 山田 太郎）")
    #expect(r.body.contains("4月3日に展示会にてご挨拶させていただいた件で"))
  }

  @Test func englishIntroIsPoliteWithoutGenderedTitles() throws {
    let r = try renderer.render(
      kind: .introEmail, contact: Sample.englishContact, event: "Web Summit",
      metDate: Sample.metDate, sender: Sample.sender, language: .en)
    #expect(
      r.subject == "Thank you for meeting at Web Summit (Taro Yamada, Minato Trading Co., Ltd.)")
    #expect(
      r.body.hasPrefix(
        "Dear Jane Doe,\n\nThank you for taking the time to speak with me at Web Summit on April 3."
      ))
    #expect(!r.body.contains("Mr.") && !r.body.contains("Ms."))
    #expect(r.body.contains("\n--\nTaro Yamada\nSection Manager\nMinato Trading Co., Ltd.\n"))
    #expect(r.body.contains("Sender: Taro Yamada, Minato Trading Co., Ltd., Minato Bldg. 5F"))
    #expect(
      r.body.contains("If you would prefer not to receive further e-mails from us, please reply"))

    var anonymous = Sample.englishContact
    anonymous.name = nil
    let f = try renderer.render(
      kind: .followUp, contact: anonymous, event: nil, metDate: Sample.metDate,
      sender: Sample.sender, language: .en)
    #expect(f.body.hasPrefix("Dear Sir or Madam,\n"))
    #expect(f.body.contains("follow up on our meeting on April 3."))
  }

  @Test func everyBuiltInTemplateRenders() throws {
    for kind in MailKind.allCases {
      for language in MailLanguage.allCases {
        let r = try renderer.render(
          kind: kind, contact: Sample.contact, event: nil, metDate: Sample.metDate,
          sender: Sample.sender, language: language)
        #expect(!r.subject.isEmpty)
        #expect(r.body.contains("taro.yamada@minato.example"))
        #expect(!r.body.contains("{{"))
      }
    }
  }

  @Test func languageChoice() {
    #expect(MailLanguage.preferred(for: Sample.contact) == .ja)
    #expect(MailLanguage.preferred(for: Sample.englishContact) == .en)
    #expect(MailLanguage.preferred(for: ContactFields(name: "John Smith", company: "サクラ")) == .ja)
    #expect(MailLanguage.preferred(for: ContactFields(name: "やまだ たろう")) == .ja)
    #expect(MailLanguage.preferred(for: ContactFields(nameLatin: "Taro Yamada")) == .en)
    #expect(MailLanguage.preferred(for: ContactFields()) == .en)
  }

  @Test func senderWithoutPostalAddressIsRefused() throws {
    var sender = Sample.sender
    sender.address = "  "
    #expect {
      try renderer.render(
        kind: .introEmail, contact: Sample.contact, event: nil, metDate: Sample.metDate,
        sender: sender, language: .ja)
    } throws: { error in
      guard let e = error as? MailError else { return false }
      return e.code == .invalidConfiguration && e.description.contains("address")
    }
  }

  @Test func templatesFolderOverridesAndValuesAreNotHTMLEscaped() throws {
    let dir = try Fixtures.temporaryDirectory("meishi-templates")
    defer { try? FileManager.default.removeItem(at: dir) }
    try """
    Subject: ご挨拶 {{contact.company}}

    {{contact.address_block}}
    {{#event}}イベント: {{event}}{{/event}}
    {{> parts/footer}}
    """.write(
      to: dir.appendingPathComponent("intro_email.ja.mustache"), atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("parts"), withIntermediateDirectories: true)
    try "-- {{sender.name}} <{{sender.email}}>\n".write(
      to: dir.appendingPathComponent("parts/footer.mustache"), atomically: true, encoding: .utf8)

    let custom = try MailRenderer(templatesDirectory: dir)
    #expect(custom.overridden == ["intro_email.ja", "parts/footer"])
    var contact = Sample.contact
    contact.company = "R&D <Labs> \"株式会社\""
    let r = try custom.render(
      kind: .introEmail, contact: contact, event: "A&B", metDate: Sample.metDate,
      sender: Sample.sender, language: .ja)
    #expect(r.subject == "ご挨拶 R&D <Labs> \"株式会社\"")
    #expect(
      r.body
        == "R&D <Labs> \"株式会社\"\n営業本部 第一営業部 部長\n井上 一志 様\nイベント: A&B\n-- 山田 太郎 <taro.yamada@minato.example>\n"
    )
    // Kinds not in the folder keep the built-in text.
    let f = try custom.render(
      kind: .followUp, contact: Sample.contact, event: nil, metDate: Sample.metDate,
      sender: Sample.sender, language: .ja)
    #expect(f.body.contains("いつもお世話になっております。"))
  }

  @Test func brokenTemplatesAreReportedWithTheirFile() throws {
    let dir = try Fixtures.temporaryDirectory("meishi-templates")
    defer { try? FileManager.default.removeItem(at: dir) }
    try "Subject: x\n\n{{#event}}unclosed\n".write(
      to: dir.appendingPathComponent("follow_up.en.mustache"), atomically: true, encoding: .utf8)
    #expect {
      try MailRenderer(templatesDirectory: dir)
    } throws: { error in
      guard let e = error as? MailError else { return false }
      return e.code == .template && e.description.contains("follow_up.en.mustache")
    }

    try "no subject line\n".write(
      to: dir.appendingPathComponent("follow_up.en.mustache"), atomically: true, encoding: .utf8)
    let r = try MailRenderer(templatesDirectory: dir)
    #expect {
      try r.render(
        kind: .followUp, contact: Sample.englishContact, event: nil, metDate: Sample.metDate,
        sender: Sample.sender, language: .en)
    } throws: { error in
      (error as? MailError)?.code == .template
    }

    #expect(throws: MailError.self) {
      try MailRenderer(templatesDirectory: dir.appendingPathComponent("missing"))
    }
  }
}
