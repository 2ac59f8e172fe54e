import Foundation
import MeishiCore
import MeishiFollowUp
import MeishiMail
import MeishiPipeline
import MeishiStore
import MeishiTestSupport
import Testing

/// `meishi send`'s engine against a real SMTP server on 127.0.0.1 (scripts/testing/smtp-server.py)
/// and a real store file: nothing lost, nothing sent twice.
@Suite(.serialized) struct FollowUpSenderTests {
  let planner = FollowUpPlanner()
  let sender = SenderProfile(
    name: "佐藤 花子", company: "株式会社ミナト商事", title: "営業部", email: "hanako@minato.example",
    address: "〒105-0011 東京都港区芝公園1-2-3")
  let ingestTime = ISOTime.parse("2026-11-27T20:00:00+09:00")!
  let sendTime = ISOTime.parse("2026-11-30T09:45:00+09:00")!
  let db: AppDatabase

  init() throws {
    let dir = try Fixtures.temporaryDirectory("send")
    db = try AppDatabase.open(path: dir.appendingPathComponent("meishi.sqlite").path)
    let fields = ContactFields(
      name: "井上 一志", familyName: "井上", givenName: "一志", company: "株式会社サクラテクノロジー",
      department: "営業本部 第一営業部", title: "部長", emails: ["k.inoue@sakura-tech.example.co.jp"])
    _ = try db.ingest(
      CardInput(
        sha256: "c1", path: "/c1.png", event: "東京SaaSエキスポ", metDate: CivilDate("2026-11-27")!,
        ocr: OCRResult(lines: []), parsed: ParsedCard(contact: fields, confidence: ["name": 0.95])),
      planner: planner, now: ingestTime)
  }

  func run(_ server: TestSMTPServer, at now: Date) throws -> [SendOutcome] {
    let transport = SMTPTransport(
      configuration: .init(host: "127.0.0.1", port: server.port, security: .none, timeout: .seconds(20), heloName: "meishi.test"))
    return try FollowUpSender(
      db: db, transport: transport, renderer: MailRenderer(), sender: sender, planner: planner
    ).run(now: now)
  }

  @Test func sendsTheIntroInJapaneseThenQueuesTheNextStep() throws {
    let server = try TestSMTPServer()
    defer { server.stop() }
    let out = try run(server, at: sendTime)
    #expect(out.map(\.result) == [.sent])
    let saved = try server.savedMessages()
    #expect(saved.count == 1)
    let text = String(decoding: try Data(contentsOf: saved[0]), as: UTF8.self)
    #expect(text.contains("Message-ID: <"))
    let uid = try #require(try db.contacts().first?.uid)
    let d = try db.contact(uid)
    #expect(d.followups.map(\.status) == ["sent", "pending"])
    #expect(d.followups[0].messageId.map { text.contains($0) } == true)
    // Nothing is sent twice.
    #expect(try run(server, at: sendTime.addingTimeInterval(60)).isEmpty)
    #expect(try server.savedMessages().count == 1)
  }

  @Test func a451IsRetriedLaterAndDeliveredOnce() throws {
    let server = try TestSMTPServer(["--script", "451,250"])
    defer { server.stop() }
    let first = try run(server, at: sendTime)
    #expect(first.map(\.result) == [.retrying])
    #expect(try server.savedMessages().isEmpty)
    // Not before the backoff (5 minutes)…
    #expect(try run(server, at: sendTime.addingTimeInterval(120)).isEmpty)
    // …then once.
    let second = try run(server, at: sendTime.addingTimeInterval(301))
    #expect(second.map(\.result) == [.sent])
    #expect(try server.savedMessages().count == 1)
    #expect(try run(server, at: sendTime.addingTimeInterval(900)).isEmpty)
  }

  @Test func aDroppedConnectionAfterTheDataIsNeverResentOnItsOwn() throws {
    let server = try TestSMTPServer(["--script", "drop,250"])
    defer { server.stop() }
    let first = try run(server, at: sendTime)
    #expect(first.map(\.result) == [.uncertain])
    // The server did store it; meishi does not know. Later runs leave it alone.
    #expect(try server.savedMessages().count == 1)
    #expect(try run(server, at: sendTime.addingTimeInterval(3600)).isEmpty)
    #expect(try server.savedMessages().count == 1)
    let uncertain = try db.uncertainSends()
    #expect(uncertain.count == 1)
    // The user checks the Sent folder and confirms: the cadence moves on, nothing is resent.
    try db.resolveUncertain(uncertain[0].id, delivered: true, planner: planner, now: sendTime)
    #expect(try db.uncertainSends().isEmpty)
    #expect(try run(server, at: sendTime.addingTimeInterval(7200)).isEmpty)
    #expect(try server.savedMessages().count == 1)
  }

  @Test func aCrashBetweenAcceptanceAndBookkeepingDoesNotSendTwice() throws {
    let server = try TestSMTPServer()
    defer { server.stop() }
    // Simulate the crash: claim and deliver by hand, but never record the result.
    let mail = try #require(try db.dueMail(now: sendTime).first)
    let s = FollowUpSender(
      db: db, transport: SMTPTransport(configuration: .init(host: "127.0.0.1", port: server.port, security: .none)),
      renderer: MailRenderer(), sender: sender, planner: planner)
    let message = try s.compose(mail, now: sendTime)
    #expect(try db.claimForSending(mail.followUpId, messageId: message.messageID.bracketed, subject: message.subject, now: sendTime))
    _ = try s.transport.send(message)
    // meishi restarts: nothing is sent, the agenda shows the uncertain one.
    #expect(try run(server, at: sendTime.addingTimeInterval(60)).isEmpty)
    #expect(try server.savedMessages().count == 1)
    #expect(try db.problemFollowUps().map(\.status) == ["sending"])
  }

  @Test func a550FailsForGoodAndShowsInTheAgenda() throws {
    let server = try TestSMTPServer(["--script", "550"])
    defer { server.stop() }
    #expect(try run(server, at: sendTime).map(\.result) == [.failed])
    #expect(try db.problemFollowUps().map(\.status) == ["failed"])
    #expect(try run(server, at: sendTime.addingTimeInterval(86_400)).isEmpty)
  }

  @Test func nothingIsSentAtNightOrOnAHoliday() throws {
    let server = try TestSMTPServer()
    defer { server.stop() }
    let night = ISOTime.parse("2026-11-30T23:10:00+09:00")!
    let out = try run(server, at: night)
    #expect(out.map(\.result) == [.waiting])
    #expect(out.first?.detail?.contains("2026-12-01T09:00:00+09:00") == true)
    #expect(try server.savedMessages().isEmpty)
  }
}

@Suite struct FollowUpSenderConfigTests {
  @Test func aBadSenderAddressStopsTheRunAndFailsNothing() throws {
    let dir = try Fixtures.temporaryDirectory("send-config")
    let db = try AppDatabase.open(path: dir.appendingPathComponent("meishi.sqlite").path)
    let planner = FollowUpPlanner()
    _ = try db.ingest(
      CardInput(
        sha256: "c1", path: "/c1.png", event: nil, metDate: CivilDate("2026-11-27")!, ocr: OCRResult(lines: []),
        parsed: ParsedCard(contact: ContactFields(name: "井上 一志", emails: ["k@s.example.jp"]), confidence: ["name": 0.95])),
      planner: planner, now: ISOTime.parse("2026-11-27T20:00:00+09:00")!)
    let bad = SenderProfile(name: "佐藤 花子", email: "hanako@example..co.jp", address: "東京都港区芝公園1-2-3")
    let sender = FollowUpSender(
      db: db, transport: OutboxTransport(directory: dir), renderer: MailRenderer(), sender: bad, planner: planner)
    let t = ISOTime.parse("2026-11-30T09:40:00+09:00")!
    #expect(throws: MailError.self) { try sender.run(now: t) }
    #expect(try db.problemFollowUps().isEmpty)
    #expect(try db.dueMail(now: t).count == 1)
  }
}
