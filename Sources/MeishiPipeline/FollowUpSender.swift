public import Foundation
import MeishiCore
public import MeishiFollowUp
public import MeishiMail
public import MeishiStore

/// What one `meishi send` run did with each due e-mail.
public struct SendOutcome: Sendable {
  public enum Result: String, Sendable {
    /// Accepted by the server (or written to the outbox).
    case sent
    /// A temporary failure before the message was handed over: retried later.
    case retrying
    /// A permanent failure: shown in the agenda.
    case failed
    /// The connection was lost after the message was handed over: it may have arrived; the
    /// user decides (`meishi send --confirm ID` or `--retry ID`).
    case uncertain
    /// Due, but outside the contact's sending window (night, lunch, a holiday).
    case waiting
    /// Printed only (`--dry-run`).
    case preview
  }

  public var followUpId: Int64
  public var contactUID: String
  public var to: String
  public var kind: String
  public var subject: String
  public var result: Result
  public var detail: String?
  /// The whole message, for `--dry-run`.
  public var message: String?
}

/// Writes and delivers the e-mail follow-ups that are due, exactly once each.
///
/// Before the SMTP conversation starts, the follow-up is marked `sending` with its Message-ID
/// in its own transaction. If meishi dies after the server accepted the message but before
/// recording it, the follow-up stays `sending`, and it is never sent again without the user's
/// say. A temporary failure before the data went out (4xx, a refused connection) is retried
/// with backoff inside the sending windows; a permanent one (5xx) marks the follow-up failed.
public struct FollowUpSender: Sendable {
  public var db: AppDatabase
  public var transport: any MailTransport
  public var renderer: MailRenderer
  public var sender: SenderProfile
  public var planner: FollowUpPlanner
  public var rules: CadenceRules
  /// Ignore the sending windows (`--ignore-windows`): send everything due.
  public var ignoreWindows: Bool

  public init(
    db: AppDatabase, transport: any MailTransport, renderer: MailRenderer, sender: SenderProfile,
    planner: FollowUpPlanner, rules: CadenceRules = CadenceRules(), ignoreWindows: Bool = false
  ) {
    self.db = db
    self.transport = transport
    self.renderer = renderer
    self.sender = sender
    self.planner = planner
    self.rules = rules
    self.ignoreWindows = ignoreWindows
  }

  /// Reply codes that mean the settings are wrong (login refused, TLS required), not the message.
  static let configurationReplies: Set<Int> = [530, 534, 535, 538]

  /// Minutes to wait before retry number `attempt` (1-based): 5, 15, 60, 240, then daily.
  static func backoffMinutes(_ attempt: Int) -> Int {
    [5, 15, 60, 240][safe: attempt - 1] ?? 1440
  }

  /// After this many attempts a temporary failure is given up as failed.
  static let maxAttempts = 8

  /// Builds the message for a due follow-up (same Message-ID on every retry).
  public func compose(_ mail: OutgoingMail, now: Date) throws(MailError) -> MailMessage {
    let language = MailLanguage.preferred(for: mail.contact)
    let kind: MailKind = mail.kind == "intro_email" ? .introEmail : .followUp
    let rendered = try renderer.render(
      kind: kind, contact: mail.contact, event: mail.event, metDate: mail.metDate, sender: sender,
      language: language)
    let display = mail.contact.name.map { language == .ja ? "\($0) 様" : $0 } ?? mail.contact.nameLatin
    let to = try MailAddress(mail.to, displayName: display)
    let composer = MessageComposer(from: try sender.mailAddress(language: language), timeZone: mail.timeZone)
    let parent = try mail.threadMessageId.map { (id) throws(MailError) in try MessageID(id) }
    var refs: [MessageID] = []
    for r in mail.references { refs.append(try MessageID(r)) }
    let subject = parent == nil ? rendered.subject : (rendered.subject.hasPrefix("Re:") ? rendered.subject : "Re: \(rendered.subject)")
    var message = composer.compose(
      to: [to], subject: subject, body: rendered.body, date: now, inReplyTo: parent,
      references: refs.filter { $0 != parent })
    if let stored = mail.messageId { message.messageID = try MessageID(stored) }
    return message
  }

  /// Sends everything due at `now`.
  /// - Throws: ``MailError`` when the settings are wrong (sender address, templates, login):
  ///   the run stops there and nothing is marked failed, so fixing the config is enough.
  public func run(now: Date, dryRun: Bool = false) throws -> [SendOutcome] {
    // The sender's addresses first: a typo there is the user's to fix, not every contact's failure.
    _ = try sender.mailAddress(language: .ja)
    _ = try sender.mailAddress(language: .en)
    var out: [SendOutcome] = []
    for mail in try db.dueMail(now: now) {
      let contactPlanner = mail.timeZone == planner.timeZone ? planner : planner.forContact(in: mail.timeZone)
      var outcome = SendOutcome(
        followUpId: mail.followUpId, contactUID: mail.contactUID, to: mail.to, kind: mail.kind, subject: "",
        result: .preview)
      let composed: Result<MailMessage, MailError>
      do throws(MailError) {
        composed = .success(try compose(mail, now: now))
      } catch {
        composed = .failure(error)
      }
      guard case .success(let message) = composed else {
        guard case .failure(let error) = composed else { continue }
        // A template or configuration problem stops the run; a bad contact address fails
        // only this follow-up, with the way to fix it.
        guard error.code == .invalidAddress || error.code == .invalidMessageID else { throw error }
        let fix =
          "\(error.description) — correct it with `meishi contact \(mail.contactUID) --set email=…`, then `meishi send --retry \(mail.followUpId)`"
        if !dryRun, try db.claimForSending(mail.followUpId, messageId: nil, subject: "", now: now) {
          try db.markFailed(mail.followUpId, error: fix, now: now)
        }
        outcome.result = .failed
        outcome.detail = fix
        out.append(outcome)
        continue
      }
      outcome.subject = message.subject
      if dryRun {
        // Readable, not encoded: what the contact will see.
        let to = message.to.map { a in a.displayName.map { "\($0) <\(a.address)>" } ?? a.address }
        outcome.message = """
          From: \(message.from.displayName.map { "\($0) <\(message.from.address)>" } ?? message.from.address)
          To: \(to.joined(separator: ", "))
          Subject: \(message.subject)
          Message-ID: \(message.messageID.bracketed)\(message.inReplyTo.map { "\nIn-Reply-To: \($0.bracketed)" } ?? "")

          \(message.body)
          """
        out.append(outcome)
        continue
      }
      if !ignoreWindows && !contactPlanner.isSendingTime(now) {
        outcome.result = .waiting
        outcome.detail = "outside the sending window; next at \(ISOTime.string(contactPlanner.slot(atOrAfter: now, taken: []), in: mail.timeZone))"
        out.append(outcome)
        continue
      }
      guard try db.claimForSending(mail.followUpId, messageId: message.messageID.bracketed, subject: message.subject, now: now) else {
        continue  // another meishi took it
      }
      let delivery: MailError?
      do throws(MailError) {
        _ = try transport.send(message)
        delivery = nil
      } catch {
        delivery = error
      }
      if let error = delivery {
        outcome.detail = error.description
        let attempt = mail.attempts + 1
        if error.code == .invalidConfiguration || error.replyCode.map(Self.configurationReplies.contains) == true {
          // The settings, not this message: give it back and stop.
          try db.releaseClaim(mail.followUpId, error: error.description)
          throw error
        } else if error.code == .temporary && error.replyCode == 354 {
          // The data went out and the connection dropped before the reply: it may have arrived.
          try db.markUncertain(mail.followUpId, error: error.description)
          outcome.result = .uncertain
        } else if error.isTemporary && attempt < Self.maxAttempts {
          let earliest = now.addingTimeInterval(Double(Self.backoffMinutes(attempt)) * 60)
          let at = ignoreWindows ? earliest : contactPlanner.slot(atOrAfter: earliest, taken: [])
          try db.markRetry(mail.followUpId, error: error.description, retryAt: at)
          outcome.result = .retrying
          outcome.detail = "\(error.description); retry at \(ISOTime.string(at, in: mail.timeZone))"
        } else {
          try db.markFailed(mail.followUpId, error: error.description, now: now)
          outcome.result = .failed
        }
      } else {
        try db.markSent(mail.followUpId, planner: planner, rules: rules, now: now)
        outcome.result = .sent
      }
      out.append(outcome)
    }
    return out
  }
}

extension Array {
  fileprivate subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
