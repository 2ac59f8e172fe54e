import Foundation
import MeishiCore
import MeishiMail
import Testing

@Suite struct MessageTests {
  /// The header block of a message, as lines.
  func headerLines(_ m: MailMessage) -> [String] {
    let text = m.rfc822String()
    let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
    return head.components(separatedBy: "\r\n")
  }

  /// Header field names, continuation lines skipped.
  func headerNames(_ m: MailMessage) -> [String] {
    headerLines(m).filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }
      .map { String($0.prefix(while: { $0 != ":" })) }
  }

  @Test func japaneseIntroParsesBackWithPython() throws {
    let rendered = try MailRenderer().render(
      kind: .introEmail, contact: Sample.contact, event: "Japan IT Week 春",
      metDate: Sample.metDate, sender: Sample.sender, language: .ja)
    let message = try Sample.composer().compose(
      to: [Sample.recipient()], subject: rendered.subject, body: rendered.body, date: Sample.date)
    let parsed = try parseWithPython(message.rfc822())

    #expect(parsed.defects.isEmpty)
    #expect(parsed.subject == rendered.subject)
    #expect(parsed.subject == "【御礼】Japan IT Week 春でのご挨拶（株式会社ミナト商事 山田 太郎）")
    #expect(parsed.from.map(\.displayName) == ["山田 太郎"])
    #expect(parsed.from.map(\.addrSpec) == ["taro.yamada@minato.example"])
    #expect(parsed.to.map(\.displayName) == ["井上 一志 様"])
    #expect(parsed.to.map(\.addrSpec) == ["kazushi.inoue@sakura-tech.example"])
    #expect(parsed.body == rendered.body)
    #expect(parsed.contentType == "text/plain")
    #expect(parsed.charset == "utf-8")
    #expect(parsed.transferEncoding == "base64")
    #expect(parsed.date == "Sat, 05 Apr 2025 14:03:09 +0900")
    #expect(parsed.messageId == message.messageID.bracketed)
    #expect(parsed.maxLineLength <= 78)
    #expect(
      parsed.headerNames == [
        "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding",
      ])
    // The body is base64 in lines of exactly 76 characters (the last may be shorter).
    let raw = message.rfc822String()
    let bodyLines = raw.components(separatedBy: "\r\n\r\n")[1].components(separatedBy: "\r\n")
      .filter { !$0.isEmpty }
    #expect(bodyLines.dropLast().allSatisfy { $0.count == 76 })
    #expect(raw.utf8.allSatisfy { $0 < 0x80 })
    // CRLF only: no bare LF or CR.
    #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
  }

  @Test func companyNameCannotInjectABccHeader() throws {
    var contact = Sample.contact
    contact.company = "株式会社サクラ\r\nBcc: evil@example.com"
    contact.name = "井上\n\nX-Evil: 1"
    contact.title = "部長\u{0}\u{1B}[31m"
    let rendered = try MailRenderer().render(
      kind: .introEmail, contact: contact, event: "展示会\r\nBcc: evil2@example.com",
      metDate: Sample.metDate, sender: Sample.sender, language: .ja)
    let to = try MailAddress(
      "kazushi.inoue@sakura-tech.example",
      displayName: "\(contact.name ?? "") 様 (\(contact.company ?? ""))")
    let message = try Sample.composer().compose(
      to: [to], subject: rendered.subject + "\r\nBcc: evil3@example.com", body: rendered.body,
      date: Sample.date)

    let names = headerNames(message)
    #expect(
      names == [
        "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding",
      ])
    let raw = message.rfc822String()
    #expect(!raw.lowercased().contains("\nbcc"))
    #expect(!raw.contains("\0"))

    let parsed = try parseWithPython(message.rfc822())
    #expect(parsed.defects.isEmpty)
    #expect(!parsed.headerNames.contains { $0.lowercased() == "bcc" || $0 == "X-Evil" })
    #expect(parsed.to.count == 1)
    #expect(parsed.to.first?.addrSpec == "kazushi.inoue@sakura-tech.example")
    // The name is longer than one encoded-word. Python's modern parser keeps the whitespace
    // between encoded-words inside a display name (RFC 2047 §6.2 says to drop it), so it shows
    // an extra space where the words split; the RFC-conformant legacy decoder is exact.
    let name = "井上 X-Evil: 1 様 (株式会社サクラ Bcc: evil@example.com)"
    #expect(parsed.toLegacy == "\(name) <kazushi.inoue@sakura-tech.example>")
    #expect(
      parsed.to.first?.displayName.split(separator: " ").joined(separator: " ") == name)
    #expect(parsed.subject?.contains("\n") == false)
    #expect(parsed.subject?.hasSuffix(" Bcc: evil3@example.com") == true)
    // In the body the company stays on one line of the address block.
    #expect(
      parsed.body.hasPrefix(
        "株式会社サクラ Bcc: evil@example.com\n営業本部 第一営業部 部長 [31m\n井上 X-Evil: 1 様\n"))
    #expect(!parsed.body.contains("\u{1B}"))
    #expect(!parsed.body.contains("\0"))
  }

  @Test func invisibleAndBidiCharactersAreRemovedFromHeaders() throws {
    let to = try MailAddress(
      "a@example.com", displayName: "\u{202E}moc.live\u{202C} 山田\u{2028}太郎\u{200B}\u{FEFF}")
    let m = try Sample.composer().compose(
      to: [to], subject: "件名\u{85}です\u{7F}", body: "x", date: Sample.date)
    let parsed = try parseWithPython(m.rfc822())
    #expect(parsed.to.first?.displayName == "moc.live 山田 太郎")
    #expect(parsed.subject == "件名 です")
  }

  @Test(arguments: [
    String(repeating: "株式会社サクラテクノロジー営業本部のご担当者様へのご挨拶", count: 4),
    "【御礼】" + String(repeating: "🎉👨‍👩‍👧‍👦ｶﾀｶﾅ", count: 20),
    String(repeating: "A fairly long English subject line that must fold at spaces ", count: 4),
    "Tokens " + String(repeating: "x", count: 120) + " end",
    "ASCII that looks like an =?UTF-8?B?encoded?= word",
  ])
  func longSubjectsFoldAndDecode(subject: String) throws {
    let m = try Sample.message(subject: subject)
    let lines = headerLines(m)
    #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines)")
    let subjectLines = lines.drop(while: { !$0.hasPrefix("Subject:") })
      .prefix(while: { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") })
    #expect(subjectLines.count > 1)
    #expect(subjectLines.dropFirst().allSatisfy { $0.hasPrefix(" ") && $0.count > 1 })
    // Every encoded-word is at most 75 characters.
    let words = subjectLines.joined(separator: " ").split(separator: " ")
      .filter { $0.hasPrefix("=?") }
    #expect(words.allSatisfy { $0.count <= 75 })
    let parsed = try parseWithPython(m.rfc822())
    #expect(parsed.defects.isEmpty)
    #expect(parsed.subject == subject.trimmingCharacters(in: .whitespaces))
  }

  @Test func dateHeaderIsInTheGivenZone() throws {
    var m = try Sample.message()
    #expect(m.rfc822String().hasPrefix("Date: Sat, 05 Apr 2025 14:03:09 +0900\r\n"))
    m.timeZone = try #require(TimeZone(identifier: "America/New_York"))
    #expect(m.rfc822String().hasPrefix("Date: Sat, 05 Apr 2025 01:03:09 -0400\r\n"))
    m.timeZone = try #require(TimeZone(identifier: "UTC"))
    m.date = Date(timeIntervalSince1970: -86_400 * 365 - 1)
    #expect(m.rfc822String().hasPrefix("Date: Tue, 31 Dec 1968 23:59:59 +0000\r\n"))
  }

  @Test func messageIDsAreRandomAtTheSenderDomain() throws {
    let a = try Sample.message()
    let b = try Sample.message()
    #expect(a.messageID != b.messageID)
    #expect(a.messageID.value.hasSuffix("@minato.example"))
    #expect(a.messageID.bracketed.hasPrefix("<") && a.messageID.bracketed.hasSuffix(">"))
    #expect(a.messageID.value.count == 32 + "@minato.example".count)
  }

  @Test func followUpsAreThreaded() throws {
    let composer = try Sample.composer()
    let first = try Sample.message(subject: "【御礼】先日のご挨拶")
    let second = composer.compose(
      to: first.to, subject: "先日のご挨拶の件", body: "続き", date: Sample.date, replyingTo: first)
    let third = composer.compose(
      to: first.to, subject: "再送", body: "さらに", date: Sample.date, replyingTo: second)
    #expect(second.inReplyTo == first.messageID)
    #expect(second.references == [first.messageID])
    #expect(third.inReplyTo == second.messageID)
    #expect(third.references == [first.messageID, second.messageID])

    let parsed = try parseWithPython(third.rfc822())
    #expect(parsed.defects.isEmpty)
    #expect(parsed.inReplyTo == second.messageID.bracketed)
    #expect(parsed.references == "\(first.messageID.bracketed) \(second.messageID.bracketed)")

    // From stored IDs, as the store will do it.
    let stored = try MessageID(first.messageID.value)
    let again = composer.compose(
      to: first.to, subject: "x", body: "y", inReplyTo: stored, references: [stored])
    #expect(again.references == [stored])
  }

  @Test func quotedPrintableBodyDecodes() throws {
    var m = try Sample.message(
      body: "日本語の本文 = 等号\n末尾に空白 \n.\n.dot\n" + String(repeating: "長い行", count: 40) + "\n")
    m.transferEncoding = .quotedPrintable
    let raw = m.rfc822String()
    let body = raw.components(separatedBy: "\r\n\r\n")[1]
    #expect(body.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
    let parsed = try parseWithPython(m.rfc822())
    #expect(parsed.transferEncoding == "quoted-printable")
    #expect(parsed.body == m.body)
    #expect(parsed.defects.isEmpty)
  }

  @Test func replyToAndAsciiNamesAreQuoted() throws {
    var m = try Sample.message()
    m.from = try MailAddress("taro@minato.example", displayName: #"Taro "T" Yamada, \Sales"#)
    m.replyTo = try MailAddress("sales@minato.example", displayName: "Sales")
    m.to.append(try MailAddress("b@example.com"))
    let raw = m.rfc822String()
    #expect(raw.contains(#"From: "Taro \"T\" Yamada, \\Sales" <taro@minato.example>"#))
    let parsed = try parseWithPython(m.rfc822())
    #expect(parsed.from.first?.displayName == #"Taro "T" Yamada, \Sales"#)
    #expect(parsed.replyTo.map(\.addrSpec) == ["sales@minato.example"])
    #expect(parsed.to.map(\.addrSpec) == ["kazushi.inoue@sakura-tech.example", "b@example.com"])
    #expect(m.headerRecipients == ["kazushi.inoue@sakura-tech.example", "b@example.com"])
  }

  @Test(arguments: [
    "", "taro", "taro@@example.jp", "taro yamada@example.jp", "<taro@example.jp>",
    "taro@example.jp\r\nBcc: evil@example.com", "山田@example.jp", "taro@exa_mple.jp",
    ".taro@example.jp", "taro..y@example.jp", "taro@-example.jp", "taro@example..jp",
  ])
  func invalidAddressesAreRejected(address: String) {
    #expect(throws: MailError.self) { try MailAddress(address) }
    do {
      _ = try MailAddress(address)
    } catch {
      #expect(error.code == .invalidAddress)
      #expect(error.description.contains("local@domain"))
    }
  }

  @Test(arguments: [
    "taro@example.jp", "taro.yamada+meishi@sub.example.co.jp", " padded@example.com ",
    "o'brien@example.ie", "x@localhost",
  ])
  func validAddressesAreAccepted(address: String) throws {
    let a = try MailAddress(address)
    #expect(a.address == address.trimmingCharacters(in: .whitespaces))
  }

  @Test func messageIDsAreChecked() throws {
    #expect(try MessageID("<abc.def@example.com>").value == "abc.def@example.com")
    #expect(try MessageID("abc@example.com").bracketed == "<abc@example.com>")
    for bad in ["", "abc", "<a b@example.com>", "abc@example.com>\r\nBcc: x@y", "<@x>"] {
      #expect(throws: MailError.self) { try MessageID(bad) }
    }
  }

  @Test func storedMessagesAreSentUnchanged() throws {
    var m = try Sample.message(subject: "件名", body: "本文\n")
    m.inReplyTo = try MessageID("<parent@minato.example>")
    m.references = [
      try MessageID("<root@minato.example>"), try MessageID("<parent@minato.example>"),
    ]
    m.replyTo = try MailAddress("sales@minato.example", displayName: "営業部")
    let json = try JSONEncoder().encode(m)
    let back = try JSONDecoder().decode(MailMessage.self, from: json)
    #expect(back == m)
    #expect(back.rfc822() == m.rfc822())
  }

  @Test func mailAddressCodableChecks() throws {
    let a = try MailAddress("a@example.com", displayName: "A")
    let data = try JSONEncoder().encode(a)
    #expect(try JSONDecoder().decode(MailAddress.self, from: data) == a)
    let bad = Data(#"{"address":"a@b\r\nBcc: c@d"}"#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(MailAddress.self, from: bad) }
  }
}
