import Foundation
import MeishiCore
import MeishiMail
import MeishiTestSupport
import Testing

/// Delivery against the scripted loopback server (`scripts/testing/smtp-server.py`), and the
/// outbox folder. Nothing here contacts any address but 127.0.0.1.
@Suite struct TransportTests {
  func introMessage() throws -> MailMessage {
    let r = try MailRenderer().render(
      kind: .introEmail, contact: Sample.contact, event: "Japan IT Week 春",
      metDate: Sample.metDate, sender: Sample.sender, language: .ja)
    return try Sample.composer().compose(
      to: [Sample.recipient()], subject: r.subject, body: r.body, date: Sample.date)
  }

  func expectError(
    _ code: MailError.Code, _ body: () throws(MailError) -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> MailError? {
    do {
      try body()
      Issue.record("expected \(code), but it succeeded", sourceLocation: sourceLocation)
      return nil
    } catch {
      #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
      return error
    }
  }

  @Test func deliversAMessage() throws {
    let server = try TestSMTPServer()
    defer { server.stop() }
    let message = try introMessage()
    let delivery = try server.transport().send(message)
    #expect(delivery.reply == "250 2.0.0 OK: queued as 1")
    #expect(delivery.recipients == ["kazushi.inoue@sakura-tech.example"])
    #expect(delivery.messageID == message.messageID)

    let saved = try server.savedMessages()
    #expect(saved.count == 1)
    let file = try #require(saved.first)
    let bytes = try Data(contentsOf: file)
    #expect(bytes == message.rfc822())
    let envelope = try server.envelope(of: file)
    #expect(envelope["mail_from"] as? String == "taro.yamada@minato.example")
    #expect(envelope["rcpt_tos"] as? [String] == ["kazushi.inoue@sakura-tech.example"])

    let parsed = try parseWithPython(bytes)
    #expect(parsed.subject == message.subject)
    #expect(parsed.body == message.body)
    #expect(parsed.to.first?.displayName == "井上 一志 様")
  }

  @Test func envelopeCanDifferFromHeadersAndDotsAreStuffed() throws {
    let server = try TestSMTPServer()
    defer { server.stop() }
    var message = try Sample.message(body: "first\n.\n.hidden\n..two\nlast\n")
    message.transferEncoding = .quotedPrintable  // keeps the dots at line starts
    try server.transport().send(
      message, from: "bounce@minato.example",
      to: ["kazushi.inoue@sakura-tech.example", "archive@minato.example"])
    let file = try #require(try server.savedMessages().first)
    #expect(try Data(contentsOf: file) == message.rfc822())
    let envelope = try server.envelope(of: file)
    #expect(envelope["mail_from"] as? String == "bounce@minato.example")
    #expect(
      envelope["rcpt_tos"] as? [String] == [
        "kazushi.inoue@sakura-tech.example", "archive@minato.example",
      ])
    #expect(try parseWithPython(Data(contentsOf: file)).body == message.body)
  }

  @Test func a451IsTemporaryAndTheRetrySucceeds() throws {
    let server = try TestSMTPServer(["--script", "451,250"])
    defer { server.stop() }
    let message = try introMessage()
    let transport = server.transport()
    let error = expectError(.temporary) { () throws(MailError) in try transport.send(message) }
    #expect(error?.replyCode == 451)
    #expect(error?.reply == "451 4.3.0 try again")
    #expect(error?.isTemporary == true)
    #expect(try server.savedMessages().isEmpty)

    try transport.send(message)  // the same message, same Message-ID
    let saved = try server.savedMessages()
    #expect(saved.count == 1)
    #expect(try Data(contentsOf: #require(saved.first)) == message.rfc822())
  }

  @Test func a550IsPermanent() throws {
    let server = try TestSMTPServer(["--script", "550"])
    defer { server.stop() }
    let transport = server.transport()
    let message = try introMessage()
    let error = expectError(.permanent) { () throws(MailError) in try transport.send(message) }
    #expect(error?.replyCode == 550)
    #expect(error?.reply == "550 5.7.1 message refused by policy")
    #expect(error?.description.contains("550 5.7.1 message refused by policy") == true)
    #expect(try server.savedMessages().isEmpty)
  }

  @Test func aRejectedRecipientIsPermanentAndA4xxRecipientTemporary() throws {
    let server = try TestSMTPServer(["--rcpt-script", "550 5.1.1 no such user,450"])
    defer { server.stop() }
    let transport = server.transport()
    let message = try introMessage()
    let e1 = expectError(.permanent) { () throws(MailError) in try transport.send(message) }
    #expect(e1?.reply == "550 5.1.1 no such user")
    let e2 = expectError(.temporary) { () throws(MailError) in try transport.send(message) }
    #expect(e2?.replyCode == 450)
    #expect(try server.savedMessages().isEmpty)
  }

  /// The server takes the data and hangs up without answering: the client cannot know whether
  /// the message arrived. It is `.temporary` (send again), and the server may well have stored
  /// it — as this one did. Exactly-once is the store's job: it records `sending` with the
  /// Message-ID before sending, so a second copy is recognisable (same Message-ID).
  @Test func connectionDroppedAfterDataIsTemporaryAndMayHaveArrived() throws {
    let server = try TestSMTPServer(["--drop-after-data"])
    defer { server.stop() }
    let transport = server.transport()
    let message = try introMessage()
    let error = expectError(.temporary) { () throws(MailError) in try transport.send(message) }
    #expect(error?.replyCode == 354)
    #expect(error?.description.contains("may already have it") == true)
    let saved = try server.savedMessages()
    #expect(saved.count == 1)  // it did arrive
    #expect(try Data(contentsOf: #require(saved.first)) == message.rfc822())

    // The retry is accepted, and both copies carry the same Message-ID.
    try transport.send(message)
    let ids = try server.savedMessages().map { try parseWithPython(Data(contentsOf: $0)).messageId }
    #expect(ids == [message.messageID.bracketed, message.messageID.bracketed])
  }

  @Test func aRefusedConnectionIsTemporary() throws {
    let server = try TestSMTPServer()
    server.stop()  // the port is now closed
    let transport = server.transport()
    let message = try introMessage()
    let error = expectError(.temporary) { () throws(MailError) in try transport.send(message) }
    #expect(error?.replyCode == nil)
    #expect(error?.description.contains("127.0.0.1:\(server.port)") == true)
  }

  @Test func authenticationOverLoopback() throws {
    let server = try TestSMTPServer(["--auth", "meishi:s3cret"])
    defer { server.stop() }
    let message = try introMessage()
    try server.transport(username: "meishi", password: "s3cret").send(message)
    #expect(try server.savedMessages().count == 1)

    let wrong = server.transport(username: "meishi", password: "wrong")
    let error = expectError(.permanent) { () throws(MailError) in try wrong.send(message) }
    #expect(error?.replyCode == 535)
    #expect(error?.description.contains("password") == true)
    #expect(try server.savedMessages().count == 1)
  }

  /// STARTTLS and implicit TLS with the server's self-signed certificate for 127.0.0.1.
  @Test func tlsDeliveryAndCertificateFailures() throws {
    let tlsDir = try Fixtures.temporaryDirectory("meishi-smtp-tls")
    defer { try? FileManager.default.removeItem(at: tlsDir) }
    let ca = tlsDir.appendingPathComponent("cert.pem")
    let message = try introMessage()

    let starttls = try TestSMTPServer(["--tls-dir", tlsDir.path, "--auth", "meishi:s3cret"])
    defer { starttls.stop() }
    let delivery = try starttls.transport(
      username: "meishi", password: "s3cret", security: .startTLS, caCertificate: ca
    ).send(message)
    #expect(delivery.reply?.hasPrefix("250 ") == true)
    #expect(try starttls.savedMessages().count == 1)

    // The system does not trust the self-signed certificate: a settings problem, not a retry.
    let untrusted = starttls.transport(security: .startTLS)
    let e1 = expectError(.permanent) { () throws(MailError) in try untrusted.send(message) }
    #expect(e1?.description.contains("not trusted") == true)
    // Plain text to a server that requires STARTTLS: 530.
    let plain = starttls.transport(security: .none)
    let e2 = expectError(.permanent) { () throws(MailError) in try plain.send(message) }
    #expect(e2?.replyCode == 530)
    #expect(try starttls.savedMessages().count == 1)

    let implicit = try TestSMTPServer(["--tls-dir", tlsDir.path, "--implicit-tls"])
    defer { implicit.stop() }
    try implicit.transport(security: .tls, caCertificate: ca).send(message)
    #expect(try implicit.savedMessages().count == 1)
    let parsed = try parseWithPython(Data(contentsOf: #require(implicit.savedMessages().first)))
    #expect(parsed.subject == message.subject)

    // A server without STARTTLS when STARTTLS is required.
    let noTLS = try TestSMTPServer()
    defer { noTLS.stop() }
    let e3 = expectError(.permanent) { () throws(MailError) in
      try noTLS.transport(security: .startTLS, caCertificate: ca).send(message)
    }
    #expect(e3?.description.contains("STARTTLS") == true)
    #expect(try noTLS.savedMessages().isEmpty)
  }

  /// Checked before any connection is made: these hosts are never contacted.
  @Test func badSettingsAreRefusedBeforeConnecting() throws {
    let message = try introMessage()
    let plain = SMTPTransport(
      host: "smtp.example.invalid", port: 25, security: .none, username: "u", password: "p")
    let e1 = expectError(.invalidConfiguration) { () throws(MailError) in try plain.send(message) }
    #expect(e1?.description.contains("without TLS") == true)
    #expect(plain.configuration.description.contains("***"))
    #expect(!plain.configuration.description.contains("password=p"))

    let badPort = SMTPTransport(host: "127.0.0.1", port: 0, security: .none)
    _ = expectError(.invalidConfiguration) { () throws(MailError) in try badPort.send(message) }
    let badHost = SMTPTransport(host: "127.0.0.1/evil", port: 25, security: .none)
    _ = expectError(.invalidConfiguration) { () throws(MailError) in try badHost.send(message) }
    let noCA = SMTPTransport(
      configuration: .init(
        host: "127.0.0.1", port: 25, caCertificatePath: "/nonexistent/meishi-ca.pem"))
    _ = expectError(.invalidConfiguration) { () throws(MailError) in try noCA.send(message) }
    let badEnvelope = SMTPTransport(host: "127.0.0.1", port: 25, security: .none)
    _ = expectError(.invalidAddress) { () throws(MailError) in
      try badEnvelope.send(message, from: "a@b.example", to: ["x@y.example\r\nRCPT TO:<z@w>"])
    }
    _ = expectError(.invalidAddress) { () throws(MailError) in
      try badEnvelope.send(message, from: "a@b.example", to: [])
    }
    #expect(SMTPTransport.Configuration(host: "h.example", security: .tls).port == 465)
    #expect(SMTPTransport.Configuration(host: "h.example").port == 587)
  }

  @Test func outboxWritesTheMessageAtomically() throws {
    let dir = try Fixtures.temporaryDirectory("meishi-outbox")
    defer { try? FileManager.default.removeItem(at: dir) }
    let outbox = OutboxTransport(directory: dir.appendingPathComponent("outbox"))
    let message = try introMessage()
    let delivery = try outbox.send(message)
    let file = try #require(delivery.file)
    #expect(file.lastPathComponent == "\(message.messageID.value).eml")
    #expect(try Data(contentsOf: file) == message.rfc822())
    // Sending again replaces the same file; no temporary files are left.
    try outbox.send(message)
    let names = try FileManager.default.contentsOfDirectory(atPath: outbox.directory.path)
    #expect(names == ["\(message.messageID.value).eml"])

    let parsed = try parseWithPython(Data(contentsOf: file))
    #expect(parsed.subject == message.subject)

    // A Message-ID with a slash cannot leave the folder.
    var odd = message
    odd.messageID = try MessageID("<x/y/z@example.com>")
    let oddFile = try #require(try outbox.send(odd).file)
    #expect(oddFile.deletingLastPathComponent().path == outbox.directory.path)
    #expect(oddFile.lastPathComponent == "x%2Fy%2Fz@example.com.eml")
  }

  @Test func outboxReportsAnUnwritableFolder() throws {
    let dir = try Fixtures.temporaryDirectory("meishi-outbox")
    defer { try? FileManager.default.removeItem(at: dir) }
    let blocker = dir.appendingPathComponent("file")
    try Data("x".utf8).write(to: blocker)
    let outbox = OutboxTransport(directory: blocker.appendingPathComponent("outbox"))
    let message = try introMessage()
    let error = expectError(.outbox) { () throws(MailError) in try outbox.send(message) }
    #expect(error?.description.contains("outbox") == true)
  }
}
