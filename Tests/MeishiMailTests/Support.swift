import Foundation
import MeishiCore
import MeishiMail
import MeishiTestSupport
import Testing

/// The repository's root, from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct TestFailure: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}

/// Runs `/usr/bin/python3 -c script args…`; returns stdout, throws with stderr on failure.
func runPython(_ script: String, _ args: [String]) throws -> Data {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
  p.arguments = ["-c", script] + args
  let out = Pipe()
  let err = Pipe()
  p.standardOutput = out
  p.standardError = err
  p.standardInput = FileHandle.nullDevice
  try p.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  guard p.terminationStatus == 0 else {
    throw TestFailure("python3 failed: \(String(decoding: errData, as: UTF8.self))")
  }
  return data
}

/// A message decoded by Python's `email` package (policy=default): an independent decoder.
struct PythonParsed: Decodable {
  struct Mailbox: Decodable {
    var displayName: String
    var addrSpec: String
  }
  var headerNames: [String]
  var subject: String?
  var from: [Mailbox]
  var to: [Mailbox]
  var replyTo: [Mailbox]
  var messageId: String?
  var inReplyTo: String?
  var references: String?
  var date: String?
  var contentType: String
  var charset: String?
  var transferEncoding: String?
  var body: String
  var defects: [String]
  var maxLineLength: Int
  var headerLines: [String]
  /// The raw To header decoded by the legacy `email.header.decode_header`, which follows
  /// RFC 2047 §6.2 (whitespace between encoded-words dropped) also in display names.
  var toLegacy: String?
}

private let pythonDecoder = #"""
  import email, email.header, email.policy, json, sys
  raw = open(sys.argv[1], "rb").read()
  msg = email.message_from_bytes(raw, policy=email.policy.default)
  def boxes(name):
      h = msg[name]
      if h is None:
          return []
      return [{"display_name": a.display_name, "addr_spec": a.addr_spec} for a in h.addresses]
  defects = [repr(d) for d in msg.defects]
  for k, v in msg.items():
      defects += ["%s: %r" % (k, d) for d in getattr(v, "defects", ())]
  head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
  body = msg.get_content()
  out = {
      "header_names": list(msg.keys()),
      "subject": None if msg["subject"] is None else str(msg["subject"]),
      "from": boxes("from"), "to": boxes("to"), "reply_to": boxes("reply-to"),
      "message_id": msg["message-id"], "in_reply_to": msg["in-reply-to"],
      "references": msg["references"], "date": msg["date"],
      "content_type": msg.get_content_type(), "charset": msg.get_content_charset(),
      "transfer_encoding": msg["content-transfer-encoding"],
      "body": body.replace("\r\n", "\n"),
      "defects": defects,
      "max_line_length": max(len(l) for l in raw.split(b"\r\n")),
      "header_lines": head.split("\r\n"),
      "to_legacy": None,
  }
  raw_to = email.message_from_bytes(raw)["To"]
  if raw_to is not None:
      out["to_legacy"] = str(email.header.make_header(email.header.decode_header(raw_to)))
  json.dump(out, sys.stdout)
  """#

/// Writes the message to a file and parses it back with Python.
func parseWithPython(_ data: Data) throws -> PythonParsed {
  let dir = try Fixtures.temporaryDirectory("meishi-mail-parse")
  defer { try? FileManager.default.removeItem(at: dir) }
  let file = dir.appendingPathComponent("m.eml")
  try data.write(to: file)
  let decoder = JSONDecoder()
  decoder.keyDecodingStrategy = .convertFromSnakeCase
  return try decoder.decode(PythonParsed.self, from: try runPython(pythonDecoder, [file.path]))
}

extension TestSMTPServer {
  func transport(
    username: String? = nil, password: String? = nil,
    security: SMTPTransport.Configuration.Security = .none, caCertificate: URL? = nil
  ) -> SMTPTransport {
    SMTPTransport(
      configuration: .init(
        host: "127.0.0.1", port: port, security: security, username: username,
        password: password, timeout: .seconds(20), connectTimeout: .seconds(10),
        heloName: "meishi.test", caCertificatePath: caCertificate?.path))
  }
}

// MARK: - Sample data (synthetic people and companies)

enum Sample {
  static let contact = ContactFields(
    name: "井上 一志", familyName: "井上", givenName: "一志", company: "株式会社サクラテクノロジー",
    department: "営業本部 第一営業部", title: "部長", emails: ["kazushi.inoue@sakura-tech.example"])

  static let englishContact = ContactFields(
    name: "Jane Doe", company: "Acme Widgets Inc.", title: "Head of Partnerships",
    emails: ["jane.doe@acme.example"])

  static let sender = SenderProfile(
    name: "山田 太郎", company: "株式会社ミナト商事", department: "営業部", title: "課長",
    email: "taro.yamada@minato.example", phone: "03-1234-5678", postalCode: "105-0011",
    address: "東京都港区芝公園1-2-3 ミナトビル5F", nameLatin: "Taro Yamada",
    companyLatin: "Minato Trading Co., Ltd.", titleLatin: "Section Manager",
    addressLatin: "Minato Bldg. 5F, 1-2-3 Shibakoen, Minato-ku, Tokyo")

  static let metDate = CivilDate(year: 2025, month: 4, day: 3)
  static let date = Date(timeIntervalSince1970: 1_743_829_389)  // 2025-04-05 14:03:09 JST

  static func composer() throws -> MessageComposer {
    MessageComposer(from: try sender.mailAddress(language: .ja))
  }

  static func recipient() throws -> MailAddress {
    try MailAddress("kazushi.inoue@sakura-tech.example", displayName: "井上 一志 様")
  }

  static func message(subject: String = "テスト", body: String = "本文です。\n") throws -> MailMessage {
    try composer().compose(to: [recipient()], subject: subject, body: body, date: date)
  }
}
