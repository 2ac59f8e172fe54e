public import Foundation

/// Makes `MailMessage`s from one sender: a fresh Message-ID at the sender's domain, the date in
/// the sender's time zone, threading headers for follow-ups.
///
/// ```swift
/// let composer = MessageComposer(from: try MailAddress("taro@example.co.jp", displayName: "山田 太郎"))
/// let intro = composer.compose(
///   to: [try MailAddress("inoue@sakura.example", displayName: "井上 一志 様")],
///   subject: rendered.subject, body: rendered.body)
/// // later, in the same thread:
/// let next = composer.compose(to: intro.to, subject: …, body: …, replyingTo: intro)
/// ```
public struct MessageComposer: Sendable {
  public var from: MailAddress
  public var replyTo: MailAddress?
  /// The zone of the Date header; Asia/Tokyo by default.
  public var timeZone: TimeZone
  /// The right-hand side of new Message-IDs; the sender's domain by default.
  public var messageIDDomain: String
  public var transferEncoding: MailMessage.TransferEncoding

  public init(
    from: MailAddress, replyTo: MailAddress? = nil,
    timeZone: TimeZone = MailMessage.defaultTimeZone, messageIDDomain: String? = nil,
    transferEncoding: MailMessage.TransferEncoding = .base64
  ) {
    self.from = from
    self.replyTo = replyTo
    self.timeZone = timeZone
    self.messageIDDomain = messageIDDomain ?? from.domain
    self.transferEncoding = transferEncoding
  }

  /// A new message with a new Message-ID.
  ///
  /// When `inReplyTo` is given, References becomes `references` followed by `inReplyTo`
  /// (RFC 5322 §3.6.4: the parent's References, then the parent's own Message-ID).
  public func compose(
    to: [MailAddress], cc: [MailAddress] = [], subject: String, body: String,
    date: Date = Date(), inReplyTo: MessageID? = nil, references: [MessageID] = []
  ) -> MailMessage {
    var refs = references
    if let inReplyTo, refs.last != inReplyTo {
      refs.removeAll { $0 == inReplyTo }
      refs.append(inReplyTo)
    }
    return MailMessage(
      from: from, to: to, cc: cc, replyTo: replyTo, subject: subject, body: body, date: date,
      timeZone: timeZone, messageID: .random(domain: messageIDDomain), inReplyTo: inReplyTo,
      references: refs, transferEncoding: transferEncoding)
  }

  /// A follow-up in the thread of `parent`: In-Reply-To is the parent's Message-ID, References
  /// the parent's References plus its Message-ID.
  public func compose(
    to: [MailAddress], cc: [MailAddress] = [], subject: String, body: String,
    date: Date = Date(), replyingTo parent: MailMessage
  ) -> MailMessage {
    compose(
      to: to, cc: cc, subject: subject, body: body, date: date, inReplyTo: parent.messageID,
      references: parent.references)
  }
}
