public import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Somewhere a message can be handed over: an SMTP server (`SMTPTransport`) or a folder
/// (`OutboxTransport`).
///
/// A transport does not remember what it sent. Exactly-once delivery is the caller's job:
/// mark the message `sending` with its Message-ID before calling `send`, and after a
/// `.temporary` failure send the *same* `MailMessage` (same Message-ID) again, so that a
/// duplicate, if the first attempt did arrive, is recognisable.
public protocol MailTransport: Sendable {
  /// Hands `message` over with the SMTP envelope `from` → `to` (which may differ from the
  /// headers, e.g. for blind copies).
  /// - Throws: `MailError` (`.temporary`: try again later; `.permanent`: do not; `.invalidAddress`,
  ///   `.invalidConfiguration`, `.outbox`: fix the input or settings).
  @discardableResult
  func send(_ message: MailMessage, from: String, to: [String]) throws(MailError) -> MailDelivery
}

extension MailTransport {
  /// Sends with the envelope taken from the headers: From, and To + Cc.
  @discardableResult
  public func send(_ message: MailMessage) throws(MailError) -> MailDelivery {
    try send(message, from: message.from.address, to: message.headerRecipients)
  }
}

/// What a transport reports after handing a message over.
public struct MailDelivery: Sendable, Equatable {
  public var messageID: MessageID
  /// The envelope recipients.
  public var recipients: [String]
  /// SMTP: the server's reply to the message (e.g. `250 2.0.0 OK: queued as 1A2B`).
  public var reply: String?
  /// Outbox: the file written.
  public var file: URL?

  public init(messageID: MessageID, recipients: [String], reply: String? = nil, file: URL? = nil) {
    self.messageID = messageID
    self.recipients = recipients
    self.reply = reply
    self.file = file
  }
}

/// Checks an SMTP envelope; returns the cleaned addresses.
func validatedEnvelope(from: String, to: [String]) throws(MailError) -> (String, [String]) {
  let sender = try MailAddress.validate(from)
  guard !to.isEmpty else {
    throw MailError(
      .invalidAddress, "The message has no recipients. Give at least one address to send to.")
  }
  var recipients: [String] = []
  for r in to { recipients.append(try MailAddress.validate(r)) }
  return (sender, recipients)
}

/// Writes each message to a folder as `<Message-ID>.eml` instead of sending it: for a dry run,
/// for review before sending, or for another program to pick up.
///
/// The file is written to a temporary name in the same folder, flushed to disk, then renamed,
/// so a reader never sees half a message. Writing the same message again replaces its file.
public struct OutboxTransport: MailTransport {
  public let directory: URL

  public init(directory: URL) {
    self.directory = directory
  }

  /// The file a message goes to: its Message-ID (without brackets) + `.eml`, with `/` and `%`
  /// percent-encoded so the name stays in the folder.
  public func fileURL(for id: MessageID) -> URL {
    var name = ""
    for ch in id.value {
      switch ch {
      case "/": name += "%2F"
      case "%": name += "%25"
      default: name.append(ch)
      }
    }
    return directory.appendingPathComponent(name + ".eml")
  }

  @discardableResult
  public func send(_ message: MailMessage, from: String, to: [String]) throws(MailError)
    -> MailDelivery
  {
    let (_, recipients) = try validatedEnvelope(from: from, to: to)
    let target = fileURL(for: message.messageID)
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try AtomicFile.write(message.rfc822(), to: target)
    } catch {
      throw MailError(
        .outbox,
        "Cannot write \(target.path): \(error). Check that the outbox folder \(directory.path) "
          + "is writable and the disk is not full.")
    }
    return MailDelivery(messageID: message.messageID, recipients: recipients, file: target)
  }
}

/// Write to a temporary file beside the target, fsync, rename over the target.
enum AtomicFile {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func write(_ data: Data, to url: URL) throws {
    let dir = url.deletingLastPathComponent()
    let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw Failure(description: "open: \(String(cString: strerror(errno)))") }
    var ok = false
    defer {
      if !ok { unlink(temp.path) }
    }
    do {
      defer { close(fd) }
      try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
        guard let base = raw.baseAddress else { return }
        var offset = 0
        while offset < raw.count {
          let n = Glibc.write(fd, base + offset, raw.count - offset)
          if n < 0 {
            if errno == EINTR { continue }
            throw Failure(description: "write: \(String(cString: strerror(errno)))")
          }
          offset += n
        }
      }
      guard fsync(fd) == 0 else {
        throw Failure(description: "fsync: \(String(cString: strerror(errno)))")
      }
    }
    guard rename(temp.path, url.path) == 0 else {
      throw Failure(description: "rename: \(String(cString: strerror(errno)))")
    }
    ok = true
  }
}
