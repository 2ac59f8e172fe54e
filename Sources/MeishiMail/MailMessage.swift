public import Foundation
import MeishiCore

/// One plain-text e-mail, ready to be written as RFC 5322 + MIME (`rfc822()`).
///
/// Every free-text part (display names, subject, body) may come from a card and is made safe
/// when written: control characters and line breaks cannot end a header or add one, names and
/// subjects that are not plain ASCII become RFC 2047 encoded-words, header lines are folded at
/// 78 characters, the body is UTF-8 in base64 (or quoted-printable) with CRLF line ends.
/// There is never a Bcc header: blind recipients belong in the SMTP envelope only.
///
/// `Codable`, so a message can be stored as composed and sent again unchanged (same Message-ID,
/// same Date) after a temporary failure.
public struct MailMessage: Sendable, Equatable, Codable {
  /// How the body is written.
  public enum TransferEncoding: String, Sendable, Codable {
    /// Base64 in lines of 76 characters: safe for any text, opaque to the eye.
    case base64
    /// Quoted-printable: ASCII stays readable, other bytes become `=XX`.
    case quotedPrintable = "quoted-printable"
  }

  public var from: MailAddress
  public var to: [MailAddress]
  public var cc: [MailAddress]
  public var replyTo: MailAddress?
  public var subject: String
  /// The text; any line ends (`\n`, `\r\n`, `\r`) are written as CRLF.
  public var body: String
  public var date: Date
  /// The zone the Date header is written in (its offset, e.g. `+0900`).
  public var timeZone: TimeZone
  public var messageID: MessageID
  /// The Message-ID this message answers, for threading.
  public var inReplyTo: MessageID?
  /// The thread so far, oldest first (RFC 5322 §3.6.4).
  public var references: [MessageID]
  public var transferEncoding: TransferEncoding

  public init(
    from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], replyTo: MailAddress? = nil,
    subject: String, body: String, date: Date, timeZone: TimeZone = MailMessage.defaultTimeZone,
    messageID: MessageID, inReplyTo: MessageID? = nil, references: [MessageID] = [],
    transferEncoding: TransferEncoding = .base64
  ) {
    self.from = from
    self.to = to
    self.cc = cc
    self.replyTo = replyTo
    self.subject = subject
    self.body = body
    self.date = date
    self.timeZone = timeZone
    self.messageID = messageID
    self.inReplyTo = inReplyTo
    self.references = references
    self.transferEncoding = transferEncoding
  }

  /// The SMTP envelope recipients implied by the headers: To, then Cc, without repeats.
  public var headerRecipients: [String] {
    var seen = Set<String>()
    return (to + cc).map(\.address).filter { seen.insert($0.lowercased()).inserted }
  }

  /// The whole message as bytes: headers, a blank line, the encoded body; CRLF line ends.
  public func rfc822() -> Data { Data(rfc822String().utf8) }

  /// The whole message as text (pure ASCII).
  public func rfc822String() -> String {
    var out = ""
    out += "Date: " + RFC5322Date.format(date, in: timeZone) + "\r\n"
    out += Self.addressField("From", [from])
    if let replyTo { out += Self.addressField("Reply-To", [replyTo]) }
    if !to.isEmpty { out += Self.addressField("To", to) }
    if !cc.isEmpty { out += Self.addressField("Cc", cc) }
    var subjectField = HeaderFieldBuilder(name: "Subject")
    subjectField.appendText(HeaderText.clean(subject))
    out += subjectField.build()
    out += "Message-ID: " + messageID.bracketed + "\r\n"
    if let inReplyTo {
      var f = HeaderFieldBuilder(name: "In-Reply-To")
      f.append(inReplyTo.bracketed)
      out += f.build()
    }
    if !references.isEmpty {
      var f = HeaderFieldBuilder(name: "References")
      for r in references { f.append(r.bracketed) }
      out += f.build()
    }
    out += "MIME-Version: 1.0\r\n"
    out += "Content-Type: text/plain; charset=UTF-8\r\n"
    out += "Content-Transfer-Encoding: \(transferEncoding.rawValue)\r\n"
    out += "\r\n"
    var text = HeaderText.normalizedBody(body)
    if !text.hasSuffix("\r\n") { text += "\r\n" }
    switch transferEncoding {
    case .base64: out += HeaderText.base64Lines(Data(text.utf8))
    case .quotedPrintable: out += HeaderText.quotedPrintable(text)
    }
    return out
  }

  /// `Name: display-name <addr>, …`, names quoted when plain ASCII, else encoded-words.
  static func addressField(_ name: String, _ addresses: [MailAddress]) -> String {
    var f = HeaderFieldBuilder(name: name)
    for (i, a) in addresses.enumerated() {
      let comma = i < addresses.count - 1 ? "," : ""
      let display = HeaderText.clean(a.displayName ?? "")
      if display.isEmpty {
        f.append(a.address + comma)
        continue
      }
      let quoted = HeaderText.quoted(display)
      if HeaderText.isPrintableASCII(display), !display.contains("=?"),
        quoted.utf8.count < HeaderText.lineLimit - 1
      {
        f.append(quoted)
      } else {
        f.appendEncoded(display, phrase: true)
      }
      f.append("<\(a.address)>" + comma)
    }
    return f.build()
  }
}

extension MailMessage {
  /// Asia/Tokyo (or a fixed +09:00 if the zone database lacks it): the Date header's default zone.
  public static var defaultTimeZone: TimeZone {
    TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600) ?? .current
  }
}

/// The RFC 5322 date-time, computed without a locale-dependent formatter.
enum RFC5322Date {
  static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
  static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// e.g. `Sat, 05 Apr 2025 14:03:09 +0900`.
  static func format(_ date: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: date)
    let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
    var days = local / 86_400
    var seconds = local % 86_400
    if seconds < 0 {
      seconds += 86_400
      days -= 1
    }
    let civil = CivilDate(dayNumber: days)
    let weekday = ((days + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let sign = offset < 0 ? "-" : "+"
    let off = abs(offset) / 60
    return "\(weekdays[weekday]), \(two(civil.day)) \(months[civil.month - 1]) \(civil.year) "
      + "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) "
      + "\(sign)\(two(off / 60))\(two(off % 60))"
  }
}
