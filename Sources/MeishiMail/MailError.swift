/// Why composing, rendering or delivering a message failed. The text names the offending value
/// and says what to do; `code` is the stable part to branch on.
///
/// Delivery failures are split by what a retry would do: `.temporary` (a 4xx reply, a refused,
/// dropped or timed-out connection: try again later, the same message with the same Message-ID)
/// and `.permanent` (a 5xx reply: retrying the same message to the same server will fail again).
public struct MailError: Error, CustomStringConvertible, Sendable, Equatable {
  /// Stable codes; the human text may change.
  public enum Code: String, Sendable, Equatable {
    /// An e-mail address is not a plain `local@domain` (ASCII, no spaces or brackets).
    case invalidAddress
    /// A Message-ID (given for In-Reply-To/References) is not `<left@right>`.
    case invalidMessageID
    /// The SMTP settings cannot work (bad host, port, credentials over plain text, TLS setup).
    case invalidConfiguration
    /// A template is missing or cannot be parsed.
    case template
    /// Delivery failed for now: 4xx reply, connection refused or dropped, timeout. Retry later.
    case temporary
    /// Delivery was refused for good: 5xx reply (or a TLS/authentication failure). Do not retry.
    case permanent
    /// The outbox folder could not be written.
    case outbox
  }

  public var code: Code
  public var description: String
  /// The SMTP server's last reply code (e.g. 451, 550), when there was one.
  public var replyCode: Int?
  /// The SMTP server's last reply, as sent (e.g. `451 4.3.0 try again`), when there was one.
  public var reply: String?

  public init(_ code: Code, _ description: String, replyCode: Int? = nil, reply: String? = nil) {
    self.code = code
    self.description = description
    self.replyCode = replyCode
    self.reply = reply
  }

  /// Whether sending the same message again later may succeed.
  public var isTemporary: Bool { code == .temporary }
}
