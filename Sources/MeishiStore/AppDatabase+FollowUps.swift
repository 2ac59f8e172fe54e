public import Foundation
import GRDB
public import MeishiCore
public import MeishiFollowUp

/// A contact's place in the sales process.
public enum ContactStatus: String, Sendable, CaseIterable, Codable {
  case met, contacted, meeting, deliberating, won, lost, dormant
}

/// What a person recorded about a contact (`meishi touch`).
public enum TouchKind: String, Sendable, CaseIterable, Codable {
  case note, reply, call, meeting, email
}

/// How the cadence reacts to statuses and touches (from the configuration).
public struct CadenceRules: Sendable {
  public var stopStatuses: Set<String>
  public var touchStopsCadence: Bool
  public var kickoff: [(title: String, withinBusinessDays: Int)]

  public init(
    stopStatuses: Set<String> = ["meeting", "won", "lost", "dormant"], touchStopsCadence: Bool = true,
    kickoff: [(title: String, withinBusinessDays: Int)] = []
  ) {
    self.stopStatuses = stopStatuses
    self.touchStopsCadence = touchStopsCadence
    self.kickoff = kickoff
  }
}

/// A contact nobody has touched for a while.
public struct ColdContact: Codable, Sendable, Equatable {
  public var uid: String
  public var name: String?
  public var company: String?
  public var status: String
  /// The last touch, or when the contact was created.
  public var lastActivity: Date

  enum CodingKeys: String, CodingKey {
    case uid, name, company, status
    case lastActivity = "last_activity"
  }
}

/// An e-mail follow-up ready to be written and sent.
public struct OutgoingMail: Sendable {
  public var followUpId: Int64
  public var kind: String
  public var step: Int?
  public var contactUID: String
  public var contact: ContactFields
  public var to: String
  public var event: String?
  public var metDate: CivilDate
  /// The Message-ID of the first e-mail to this contact, for threading (nil for the first).
  public var threadMessageId: String?
  /// Message-IDs already sent to this contact, oldest first (References).
  public var references: [String]
  public var messageId: String?
  public var attempts: Int
  public var timeZone: TimeZone
}

extension AppDatabase {
  // MARK: status, touches, pause

  /// Sets a contact's status. A stop status cancels the pending cadence; `won` queues the
  /// kickoff tasks; going back to an active status resumes the cadence.
  @discardableResult
  public func setStatus(
    _ ref: String, _ status: ContactStatus, planner base: FollowUpPlanner, rules: CadenceRules, now: Date
  ) throws -> ContactDetail {
    try writer.write { db in
      var c = try Self.findContact(db, ref)
      guard let id = c.id else { throw StoreError(.notFound, "no contact '\(ref)'") }
      let old = c.status
      c.status = status.rawValue
      c.updatedAt = now
      try c.update(db)
      let planner = Self.planner(base, for: c)
      let today = CivilDate(now, in: planner.timeZone)
      if rules.stopStatuses.contains(status.rawValue) {
        try Self.cancelCadence(db, contactId: id)
      } else if rules.stopStatuses.contains(old) {
        try Self.continueCadence(db, contactId: id, from: today, planner: planner, now: now)
      }
      if status == .won && old != ContactStatus.won.rawValue {
        _ = try Self.schedule(
          db, contactId: id, plan: planner.kickoff(rules.kickoff, from: today), timeZone: planner.timeZone, now: now)
      }
      try Self.audit(db, action: "status", detail: ["contact": c.uid, "from": old, "to": status.rawValue], now: now)
      return try Self.detail(db, c)
    }
  }

  /// Records a reply, call, meeting or note. It resets the going-cold clock; a reply, call or
  /// meeting stops the e-mail cadence when the rules say so.
  @discardableResult
  public func touch(
    _ ref: String, kind: TouchKind, note: String?, at: Date, rules: CadenceRules, now: Date
  ) throws -> ContactDetail {
    try writer.write { db in
      var c = try Self.findContact(db, ref)
      guard let id = c.id else { throw StoreError(.notFound, "no contact '\(ref)'") }
      try db.execute(
        sql: "INSERT INTO touch (contactId, kind, note, at) VALUES (?, ?, ?, ?)",
        arguments: [id, kind.rawValue, note, at])
      if c.lastTouchAt.map({ $0 < at }) ?? true { c.lastTouchAt = at }
      if kind == .reply && c.status == ContactStatus.met.rawValue { c.status = ContactStatus.contacted.rawValue }
      if kind == .meeting && [ContactStatus.met, .contacted].map(\.rawValue).contains(c.status) {
        c.status = ContactStatus.meeting.rawValue
      }
      c.updatedAt = now
      try c.update(db)
      if rules.touchStopsCadence && [.reply, .call, .meeting].contains(kind) {
        try Self.cancelCadence(db, contactId: id, emailsOnly: true)
      }
      try Self.audit(db, action: "touch", detail: ["contact": c.uid, "kind": kind.rawValue], now: now)
      return try Self.detail(db, c)
    }
  }

  /// Pauses or resumes a contact's follow-ups. Resuming moves overdue ones to the next slot.
  @discardableResult
  public func setPaused(_ ref: String, _ paused: Bool, planner base: FollowUpPlanner, now: Date) throws -> ContactDetail {
    try writer.write { db in
      var c = try Self.findContact(db, ref)
      guard let id = c.id else { throw StoreError(.notFound, "no contact '\(ref)'") }
      c.paused = paused
      c.updatedAt = now
      try c.update(db)
      if !paused {
        let planner = Self.planner(base, for: c)
        var taken = try Self.takenSlots(db, around: now)
        for var f in try FollowUpRow.fetchAll(
          db, sql: "SELECT * FROM followUp WHERE contactId = ? AND status = 'pending' AND dueAt < ?", arguments: [id, now])
        {
          f.dueAt = planner.slot(atOrAfter: now, taken: taken)
          taken.insert(f.dueAt)
          try f.update(db)
        }
      }
      try Self.audit(db, action: paused ? "pause" : "resume", detail: ["contact": c.uid], now: now)
      return try Self.detail(db, c)
    }
  }

  /// Marks a call or task done; a cadence step done queues the next step.
  @discardableResult
  public func completeFollowUp(
    _ id: Int64, planner base: FollowUpPlanner, rules: CadenceRules = CadenceRules(), now: Date
  ) throws -> FollowUpItem {
    try writer.write { db in
      guard var f = try FollowUpRow.fetchOne(db, key: id) else {
        throw StoreError(.notFound, "no follow-up #\(id); see `meishi agenda`")
      }
      guard f.status == "pending" else {
        throw StoreError(.conflict, "follow-up #\(id) is \(f.status), not pending")
      }
      f.status = "done"
      f.completedAt = now
      try f.update(db)
      if let step = f.step, let c = try ContactRow.fetchOne(db, key: f.contactId),
        try Self.cadenceActive(db, c, since: f.createdAt, rules: rules, emailsOnly: false)
      {
        let planner = Self.planner(base, for: c)
        try Self.queueStep(db, contactId: f.contactId, index: step + 1, after: CivilDate(now, in: planner.timeZone), planner: planner, now: now)
      }
      try Self.audit(db, action: "done", detail: ["followUp": String(id)], now: now)
      return try Self.followUps(db, where: "followUp.id = ?", arguments: [id])[0]
    }
  }

  /// Whether the cadence goes on for this contact: not paused, not in a stop status, and
  /// (for e-mail steps) no reply, call or meeting recorded since `since` when those stop it.
  static func cadenceActive(
    _ db: Database, _ c: ContactRow, since: Date, rules: CadenceRules, emailsOnly: Bool = true
  ) throws -> Bool {
    if c.paused || rules.stopStatuses.contains(c.status) || c.mergedIntoId != nil { return false }
    guard rules.touchStopsCadence, emailsOnly, let id = c.id else { return true }
    let stopped = try Bool.fetchOne(
      db,
      sql: "SELECT EXISTS (SELECT 1 FROM touch WHERE contactId = ? AND kind IN ('reply', 'call', 'meeting') AND at >= ?)",
      arguments: [id, since]) ?? false
    return !stopped
  }

  static func cancelCadence(_ db: Database, contactId: Int64, emailsOnly: Bool = false) throws {
    try db.execute(
      sql: """
        UPDATE followUp SET status = 'cancelled'
        WHERE contactId = ? AND status = 'pending' AND step IS NOT NULL \(emailsOnly ? "AND channel = 'email'" : "")
        """, arguments: [contactId])
  }

  /// After a stop, picks the cadence up again at the step after the last one done or sent.
  static func continueCadence(
    _ db: Database, contactId: Int64, from day: CivilDate, planner: FollowUpPlanner, now: Date
  ) throws {
    let pending = try Int.fetchOne(
      db, sql: "SELECT COUNT(*) FROM followUp WHERE contactId = ? AND status = 'pending' AND step IS NOT NULL",
      arguments: [contactId]) ?? 0
    guard pending == 0 else { return }
    let last = try Int.fetchOne(
      db, sql: "SELECT MAX(step) FROM followUp WHERE contactId = ? AND status IN ('sent', 'done')",
      arguments: [contactId])
    try queueStep(db, contactId: contactId, index: last.map { $0 + 1 } ?? 0, after: day, planner: planner, now: now)
  }

  static func queueStep(
    _ db: Database, contactId: Int64, index: Int, after day: CivilDate, planner: FollowUpPlanner, now: Date
  ) throws {
    // Where the step falls with nothing else that day, then the taken slots around that day.
    guard let probe = planner.step(index, after: day, taken: []),
      let next = planner.step(index, after: day, taken: try takenSlots(db, around: probe.due))
    else { return }
    _ = try schedule(db, contactId: contactId, plan: [next], timeZone: planner.timeZone, now: now)
  }

  // MARK: sending, exactly once

  /// E-mail follow-ups due by `now` that may be sent: not paused, not waiting for review,
  /// with an address, and not waiting for a retry.
  public func dueMail(now: Date) throws -> [OutgoingMail] {
    try writer.read { db in
      let rows = try FollowUpRow.fetchAll(
        db,
        sql: """
          SELECT followUp.* FROM followUp JOIN contact ON contact.id = followUp.contactId
          WHERE followUp.status = 'pending' AND followUp.channel = 'email' AND followUp.dueAt <= ?
            AND (followUp.nextAttemptAt IS NULL OR followUp.nextAttemptAt <= ?)
            AND contact.paused = 0 AND contact.mergedIntoId IS NULL AND contact.reviewState = 'ok'
          ORDER BY followUp.dueAt, followUp.id
          """, arguments: [now, now])
      return try rows.compactMap { try Self.outgoing(db, $0) }
    }
  }

  /// Due e-mail follow-ups that `send` cannot send, with the reason and what settles it.
  public func heldMail(now: Date) throws -> [(item: FollowUpItem, reason: String)] {
    try writer.read { db in
      let items = try Self.followUps(
        db,
        where: """
          followUp.status = 'pending' AND followUp.channel = 'email' AND followUp.dueAt <= ?
            AND contact.mergedIntoId IS NULL AND contact.paused = 0
            AND (contact.reviewState != 'ok'
              OR NOT EXISTS (SELECT 1 FROM contactEmail e WHERE e.contactId = contact.id))
          """, arguments: [now])
      return try items.map { item in
        let review = try String.fetchOne(db, sql: "SELECT reviewState FROM contact WHERE uid = ?", arguments: [item.contactUID])
        if review != ReviewState.ok.rawValue {
          return (item, "waiting in review: `meishi review` (then `meishi review accept \(item.contactUID)`)")
        }
        return (item, "no e-mail address: add one with `meishi contact \(item.contactUID) --set email=…`, or `meishi done \(item.id)`")
      }
    }
  }

  static func outgoing(_ db: Database, _ f: FollowUpRow) throws -> OutgoingMail? {
    guard let id = f.id, let c = try ContactRow.fetchOne(db, key: f.contactId), let cid = c.id else { return nil }
    let d = try detail(db, c)
    guard let to = d.contact.emails.first else { return nil }
    let card = try Row.fetchOne(
      db, sql: "SELECT event, metDate FROM card WHERE contactId = ? ORDER BY metDate DESC, id DESC LIMIT 1",
      arguments: [cid])
    let refs = try String.fetchAll(
      db, sql: "SELECT messageId FROM followUp WHERE contactId = ? AND status = 'sent' AND messageId IS NOT NULL ORDER BY completedAt, id",
      arguments: [cid])
    return OutgoingMail(
      followUpId: id, kind: f.kind, step: f.step, contactUID: c.uid, contact: d.contact, to: to,
      event: card?["event"], metDate: (card?["metDate"] as String?).flatMap(CivilDate.init) ?? CivilDate(f.createdAt, in: FollowUpPlanner.tokyo),
      threadMessageId: c.threadMessageId, references: refs, messageId: f.messageId, attempts: f.attempts,
      timeZone: c.timeZone.flatMap(TimeZone.init(identifier:)) ?? FollowUpPlanner.tokyo)
  }

  /// Marks a follow-up as being sent, with its Message-ID, before the SMTP conversation starts.
  /// Returns false when someone else took it (it is no longer pending).
  public func claimForSending(_ id: Int64, messageId: String?, subject: String, now: Date) throws -> Bool {
    try writer.write { db in
      try db.execute(
        sql: """
          UPDATE followUp SET status = 'sending', messageId = COALESCE(?, messageId), subject = ?,
            attempts = attempts + 1
          WHERE id = ? AND status = 'pending'
          """, arguments: [messageId, subject, id])
      return db.changesCount == 1
    }
  }

  /// Gives a claimed follow-up back untouched (the run stopped before talking to the server
  /// about it, for example on a configuration error).
  public func releaseClaim(_ id: Int64, error: String) throws {
    try writer.write { db in
      try db.execute(
        sql: "UPDATE followUp SET status = 'pending', attempts = MAX(0, attempts - 1), lastError = ? WHERE id = ? AND status = 'sending'",
        arguments: [error, id])
    }
  }

  /// The server accepted the message: record it, and queue the next step of the cadence.
  public func markSent(_ id: Int64, planner base: FollowUpPlanner, rules: CadenceRules = CadenceRules(), now: Date) throws {
    try writer.write { db in
      guard var f = try FollowUpRow.fetchOne(db, key: id), var c = try ContactRow.fetchOne(db, key: f.contactId) else {
        return
      }
      f.status = "sent"
      f.completedAt = now
      f.lastError = nil
      try f.update(db)
      if c.threadMessageId == nil { c.threadMessageId = f.messageId }
      if c.status == ContactStatus.met.rawValue { c.status = ContactStatus.contacted.rawValue }
      c.updatedAt = now
      try c.update(db)
      if let step = f.step, try Self.cadenceActive(db, c, since: f.createdAt, rules: rules) {
        let planner = Self.planner(base, for: c)
        try Self.queueStep(db, contactId: f.contactId, index: step + 1, after: CivilDate(now, in: planner.timeZone), planner: planner, now: now)
      }
      try Self.audit(db, action: "sent", detail: ["followUp": String(id), "messageId": f.messageId ?? ""], now: now)
    }
  }

  /// A temporary failure before the message was handed over: try again at `retryAt`
  /// (the same Message-ID is kept).
  public func markRetry(_ id: Int64, error: String, retryAt: Date) throws {
    try writer.write { db in
      try db.execute(
        sql: "UPDATE followUp SET status = 'pending', lastError = ?, nextAttemptAt = ? WHERE id = ? AND status = 'sending'",
        arguments: [error, retryAt, id])
    }
  }

  /// A permanent failure (5xx): the agenda shows it until the user acts.
  public func markFailed(_ id: Int64, error: String, now: Date) throws {
    try writer.write { db in
      try db.execute(
        sql: "UPDATE followUp SET status = 'failed', lastError = ?, completedAt = ? WHERE id = ? AND status = 'sending'",
        arguments: [error, now, id])
      try Self.audit(db, action: "send-failed", detail: ["followUp": String(id), "error": error], now: now)
    }
  }

  /// Leaves a follow-up in `sending` with the reason: the server may or may not have the message.
  public func markUncertain(_ id: Int64, error: String) throws {
    try writer.write { db in
      try db.execute(sql: "UPDATE followUp SET lastError = ? WHERE id = ? AND status = 'sending'", arguments: [error, id])
    }
  }

  /// Follow-ups whose delivery is uncertain (a crash or a dropped connection after the message
  /// was handed over). They are never sent again without the user's say.
  public func uncertainSends() throws -> [FollowUpItem] {
    try writer.read { db in try Self.followUps(db, where: "followUp.status = 'sending'", arguments: []) }
  }

  /// The user's say on an uncertain send: it did arrive (`sent`), or send it again (`pending`, same Message-ID).
  public func resolveUncertain(
    _ id: Int64, delivered: Bool, planner: FollowUpPlanner, rules: CadenceRules = CadenceRules(), now: Date
  ) throws {
    let status = try writer.read { db in try String.fetchOne(db, sql: "SELECT status FROM followUp WHERE id = ?", arguments: [id]) }
    guard let status else { throw StoreError(.notFound, "no follow-up #\(id)") }
    guard status == "sending" || status == "failed" else {
      throw StoreError(.conflict, "follow-up #\(id) is \(status); only uncertain or failed sends can be confirmed or retried")
    }
    if delivered {
      try writer.write { db in try db.execute(sql: "UPDATE followUp SET status = 'sending' WHERE id = ?", arguments: [id]) }
      try markSent(id, planner: planner, rules: rules, now: now)
    } else {
      try writer.write { db in
        try db.execute(
          sql: "UPDATE followUp SET status = 'pending', nextAttemptAt = NULL, lastError = NULL WHERE id = ?", arguments: [id])
        try Self.audit(db, action: "retry", detail: ["followUp": String(id)], now: now)
      }
    }
  }

  // MARK: agenda

  /// Follow-ups that failed for good, or whose delivery is uncertain.
  public func problemFollowUps() throws -> [FollowUpItem] {
    try writer.read { db in
      try Self.followUps(
        db, where: "followUp.status IN ('failed', 'sending') AND contact.mergedIntoId IS NULL", arguments: [])
    }
  }

  /// Active contacts with no touch (or, never touched, no card) since `before`, longest
  /// silent first: how many there are, and the first `limit` of them.
  public func goingCold(before: Date, limit: Int = 50) throws -> (total: Int, contacts: [ColdContact]) {
    try writer.read { db in
      // The expression matches the index contact_lastActivity, so this is a range scan.
      let condition = """
        COALESCE(lastTouchAt, createdAt) < ? AND mergedIntoId IS NULL AND paused = 0
          AND status NOT IN ('won', 'lost', 'dormant')
        """
      let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contact WHERE \(condition)", arguments: [before]) ?? 0
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT uid, name, nameLatin, company, status, COALESCE(lastTouchAt, createdAt) AS lastActivity
          FROM contact WHERE \(condition) ORDER BY COALESCE(lastTouchAt, createdAt) LIMIT ?
          """, arguments: [before, limit])
      return (
        total,
        rows.map {
          ColdContact(
            uid: $0["uid"], name: ($0["name"] as String?) ?? ($0["nameLatin"] as String?), company: $0["company"],
            status: $0["status"], lastActivity: $0["lastActivity"])
        }
      )
    }
  }
}
