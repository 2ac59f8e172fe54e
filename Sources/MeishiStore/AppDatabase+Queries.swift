public import Foundation
import GRDB
import MeishiCore

extension AppDatabase {
  /// All contacts that stand on their own (not merged into another), newest first.
  public func contacts() throws -> [ContactSummary] {
    try writer.read { db in
      let rows = try ContactRow.fetchAll(
        db, sql: "SELECT * FROM contact WHERE mergedIntoId IS NULL ORDER BY createdAt DESC, id DESC")
      return try rows.map { try Self.summary(db, $0) }
    }
  }

  static func summary(_ db: Database, _ c: ContactRow) throws -> ContactSummary {
    let id = c.id ?? -1
    return ContactSummary(
      uid: c.uid, name: c.name, nameLatin: c.nameLatin, company: c.company,
      department: c.department, title: c.title,
      emails: try String.fetchAll(
        db, sql: "SELECT email FROM contactEmail WHERE contactId = ? ORDER BY isPrimary DESC, id",
        arguments: [id]),
      phones: try phones(db, contactId: id), status: c.status,
      reviewState: ReviewState(rawValue: c.reviewState) ?? .ok,
      cards: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM card WHERE contactId = ?", arguments: [id]) ?? 0)
  }

  static func phones(_ db: Database, contactId: Int64) throws -> [Phone] {
    try Row.fetchAll(
      db, sql: "SELECT kind, number, raw FROM contactPhone WHERE contactId = ? ORDER BY id",
      arguments: [contactId]
    ).map { r in
      Phone(kind: Phone.Kind(rawValue: r["kind"]) ?? .other, number: r["number"], raw: r["raw"])
    }
  }

  /// Finds a contact by its uid or an unambiguous prefix of at least 4 characters.
  /// With `followMerge`, a contact merged into another stands for the one it was merged into
  /// (so a command given an old uid acts on the person, not on the hidden record).
  static func findContact(_ db: Database, _ ref: String, followMerge: Bool = true) throws -> ContactRow {
    var c = try findContactRow(db, ref)
    while followMerge, let into = c.mergedIntoId, let next = try ContactRow.fetchOne(db, key: into) { c = next }
    return c
  }

  static func findContactRow(_ db: Database, _ ref: String) throws -> ContactRow {
    if let c = try ContactRow.filter(Column("uid") == ref).fetchOne(db) { return c }
    guard ref.count >= 4 else {
      throw StoreError(.notFound, "no contact with uid '\(ref)'; list them with `meishi contacts`")
    }
    let matches = try ContactRow.fetchAll(
      db, sql: "SELECT * FROM contact WHERE uid LIKE ? ESCAPE '\\' LIMIT 2",
      arguments: [ref.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"])
    switch matches.count {
    case 1: return matches[0]
    case 0: throw StoreError(.notFound, "no contact with uid '\(ref)'; list them with `meishi contacts`")
    default: throw StoreError(.ambiguous, "'\(ref)' matches several contacts; type more of the uid")
    }
  }

  /// Everything about one contact: fields, card history, follow-ups, review state.
  public func contact(_ ref: String) throws -> ContactDetail {
    try writer.read { db in try Self.detail(db, try Self.findContact(db, ref, followMerge: false)) }
  }

  static func detail(_ db: Database, _ c: ContactRow) throws -> ContactDetail {
    let id = c.id ?? -1
    var fields = c.fields
    fields.emails = try String.fetchAll(
      db, sql: "SELECT email FROM contactEmail WHERE contactId = ? ORDER BY isPrimary DESC, id",
      arguments: [id])
    fields.phones = try phones(db, contactId: id)
    let cards = try Row.fetchAll(
      db,
      sql: "SELECT sha256, path, mediaPath, event, metDate, decision, parse, ingestedAt FROM card WHERE contactId = ? ORDER BY metDate, id",
      arguments: [id]
    ).map { r -> CardHistoryItem in
      let parsed = JSONText.decode(ParsedCard.self, r["parse"])
      return CardHistoryItem(
        sha256: r["sha256"], path: r["path"], mediaPath: r["mediaPath"], event: r["event"],
        metDate: CivilDate(r["metDate"] as String) ?? CivilDate(year: 1970, month: 1, day: 1),
        decision: r["decision"], company: parsed?.contact.company,
        department: parsed?.contact.department, title: parsed?.contact.title,
        ingestedAt: r["ingestedAt"])
    }
    let followups = try followUps(db, where: "followUp.contactId = ?", arguments: [id])
    let candidates = try Row.fetchAll(
      db,
      sql: """
        SELECT other.uid, rc.score FROM reviewCandidate rc
        JOIN card ON card.id = rc.cardId JOIN contact other ON other.id = rc.contactId
        WHERE card.contactId = ? ORDER BY rc.score DESC
        """, arguments: [id]
    ).map { DedupeOutcome.Candidate(contactUID: $0["uid"], score: $0["score"]) }
    let merged: String? =
      if let m = c.mergedIntoId {
        try String.fetchOne(db, sql: "SELECT uid FROM contact WHERE id = ?", arguments: [m])
      } else { nil }
    return ContactDetail(
      uid: c.uid, contact: fields, status: c.status,
      reviewState: ReviewState(rawValue: c.reviewState) ?? .ok,
      lowConfidenceFields: JSONText.decode([String].self, c.lowConfidenceFields) ?? [],
      mergedInto: merged, cards: cards, followups: followups,
      reviewCandidates: c.reviewState == ReviewState.duplicate.rawValue ? candidates : [])
  }

  static func followUps(
    _ db: Database, where condition: String, arguments: StatementArguments
  ) throws -> [FollowUpItem] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT followUp.id, followUp.kind, followUp.channel, followUp.title, followUp.dueAt,
               followUp.status, followUp.messageId, followUp.lastError,
               contact.uid, contact.name, contact.nameLatin, contact.company
        FROM followUp JOIN contact ON contact.id = followUp.contactId
        WHERE \(condition) ORDER BY followUp.dueAt, followUp.id
        """, arguments: arguments
    ).map { r in
      FollowUpItem(
        id: r["id"], contactUID: r["uid"],
        contactName: (r["name"] as String?) ?? (r["nameLatin"] as String?), company: r["company"],
        kind: r["kind"], channel: r["channel"], title: r["title"], due: r["dueAt"], status: r["status"],
        messageId: r["messageId"], lastError: r["lastError"])
    }
  }

  /// Contacts waiting for a person: possible duplicates and low-confidence key fields.
  public func reviewQueue() throws -> [ReviewItem] {
    try writer.read { db in
      let rows = try ContactRow.fetchAll(
        db,
        sql: "SELECT * FROM contact WHERE reviewState != 'ok' AND mergedIntoId IS NULL ORDER BY createdAt, id")
      return try rows.map { c in
        let d = try Self.detail(db, c)
        let lastCard = try Row.fetchOne(
          db, sql: "SELECT path, parse FROM card WHERE contactId = ? ORDER BY id DESC LIMIT 1",
          arguments: [c.id])
        let parsed = lastCard.flatMap { JSONText.decode(ParsedCard.self, $0["parse"]) }
        var fields: [String: Double] = [:]
        for f in d.lowConfidenceFields { fields[f] = parsed?.confidence[f] ?? 0 }
        var names: [String: String] = [:]
        for cand in d.reviewCandidates {
          if let r = try Row.fetchOne(
            db, sql: "SELECT name, nameLatin, company FROM contact WHERE uid = ?", arguments: [cand.contactUID])
          {
            let n = (r["name"] as String?) ?? (r["nameLatin"] as String?) ?? "?"
            let co = (r["company"] as String?).map { " (\($0))" } ?? ""
            names[cand.contactUID] = n + co
          }
        }
        return ReviewItem(
          uid: c.uid, name: c.name ?? c.nameLatin, company: c.company,
          reviewState: d.reviewState, fields: fields, candidates: d.reviewCandidates,
          candidateNames: names, cardPath: lastCard?["path"])
      }
    }
  }

  /// Pending follow-ups due before `end`, oldest first.
  public func pendingFollowUps(dueBefore end: Date) throws -> [FollowUpItem] {
    try writer.read { db in
      try Self.followUps(
        db,
        where: "followUp.status = 'pending' AND followUp.dueAt < ? AND contact.mergedIntoId IS NULL AND contact.paused = 0",
        arguments: [end])
    }
  }

  /// How many contacts wait in the review queue.
  public func reviewCount() throws -> Int {
    try writer.read { db in
      try Int.fetchOne(
        db, sql: "SELECT COUNT(*) FROM contact WHERE reviewState != 'ok' AND mergedIntoId IS NULL") ?? 0
    }
  }
}
