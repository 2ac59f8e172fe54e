public import Foundation
import GRDB
import MeishiCore
public import MeishiFollowUp

extension AppDatabase {
  /// Sets single-valued fields (`title=部長`); a field set by hand is no longer low-confidence.
  /// Returns the updated contact.
  @discardableResult
  public func setFields(_ ref: String, _ values: [String: String], now: Date = Date()) throws -> ContactDetail {
    for key in values.keys where !ContactFields.settableFields.contains(key) && key != "email" {
      throw StoreError(
        .invalidValue,
        "'\(key)' cannot be set; settable fields: \(ContactFields.settableFields.joined(separator: ", "))")
    }
    return try writer.write { db in
      var c = try Self.findContact(db, ref)
      var fields = c.fields
      for (k, v) in values where k != "email" {
        let t = v.trimmingCharacters(in: .whitespaces)
        fields[field: k] = t.isEmpty ? nil : t
      }
      if let email = values["email"].map({ Normalization.email($0) }), let id = c.id {
        // The corrected address becomes the primary one; the misread one goes.
        guard email.contains("@"), !email.contains(" ") else {
          throw StoreError(.invalidValue, "'\(email)' is not an e-mail address")
        }
        try db.execute(
          sql: "DELETE FROM contactEmail WHERE contactId = ? AND isPrimary AND email != ?", arguments: [id, email])
        try db.execute(sql: "UPDATE contactEmail SET isPrimary = 0 WHERE contactId = ?", arguments: [id])
        try db.execute(
          sql: "INSERT INTO contactEmail (contactId, email, isPrimary) VALUES (?, ?, 1) ON CONFLICT (contactId, email) DO UPDATE SET isPrimary = 1",
          arguments: [id, email])
      }
      // Corrected by hand: a later card of the same person does not overwrite these.
      var manual = JSONText.decode([String].self, c.manualFields) ?? []
      for k in values.keys where !manual.contains(k) { manual.append(k) }
      c.manualFields = JSONText.encode(manual.sorted())
      c.name = fields.name
      c.familyName = fields.familyName
      c.givenName = fields.givenName
      c.nameKana = fields.nameKana
      c.nameLatin = fields.nameLatin
      c.company = fields.company
      c.department = fields.department
      c.title = fields.title
      c.postalCode = fields.postalCode
      c.address = fields.address
      c.updateKeys()
      if values["company"] != nil { c.companyId = try Self.companyId(db, name: c.company, now: now) }
      var low = JSONText.decode([String].self, c.lowConfidenceFields) ?? []
      low.removeAll {
        values.keys.contains($0) || (values.keys.contains("family_name") && $0 == "name")
          || (values.keys.contains("email") && $0 == "emails")
      }
      c.lowConfidenceFields = JSONText.encode(low)
      if low.isEmpty && c.reviewState == ReviewState.fields.rawValue {
        c.reviewState = ReviewState.ok.rawValue
      }
      c.updatedAt = now
      try c.update(db)
      if let id = c.id { try Self.refreshSearch(db, contactId: id) }
      try Self.audit(
        db, action: "set", detail: values.merging(["contact": c.uid]) { a, _ in a }, now: now)
      return try Self.detail(db, c)
    }
  }

  /// Accepts a contact from the review queue as it is: a possible duplicate becomes a
  /// contact of its own (and gets its introductory e-mail); low-confidence fields are confirmed.
  @discardableResult
  public func accept(_ ref: String, planner: FollowUpPlanner, now: Date = Date()) throws -> ContactDetail {
    try writer.write { db in
      var c = try Self.findContact(db, ref)
      guard let id = c.id else { throw StoreError(.notFound, "no contact '\(ref)'") }
      if c.mergedIntoId != nil {
        throw StoreError(.conflict, "\(c.uid) was merged into another contact; nothing to accept")
      }
      let wasDuplicate = c.reviewState == ReviewState.duplicate.rawValue
      c.reviewState = ReviewState.ok.rawValue
      c.lowConfidenceFields = "[]"
      c.updatedAt = now
      try c.update(db)
      if wasDuplicate {
        try db.execute(
          sql: "DELETE FROM reviewCandidate WHERE cardId IN (SELECT id FROM card WHERE contactId = ?)",
          arguments: [id])
        let hasFollowUps =
          try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM followUp WHERE contactId = ?)", arguments: [id]) ?? false
        if !hasFollowUps,
          let met = try String.fetchOne(
            db, sql: "SELECT MIN(metDate) FROM card WHERE contactId = ?", arguments: [id]
          ).flatMap(CivilDate.init)
        {
          _ = try Self.scheduleFirstStep(db, contactId: id, metDate: met, planner: planner, now: now)
        }
      }
      try Self.audit(db, action: "accept", detail: ["contact": c.uid], now: now)
      return try Self.detail(db, c)
    }
  }

  /// Merges contact `other` into `keep`: cards, e-mails, phones and follow-ups move to `keep`;
  /// `other` stays in the store, marked as merged (nothing is deleted). The newest card
  /// (by met date) decides the current title, department and company.
  @discardableResult
  public func merge(keep keepRef: String, other otherRef: String, now: Date = Date()) throws -> ContactDetail {
    try writer.write { db in
      var keep = try Self.findContact(db, keepRef, followMerge: false)
      var other = try Self.findContact(db, otherRef, followMerge: false)
      guard let keepId = keep.id, let otherId = other.id else {
        throw StoreError(.notFound, "contact not found")
      }
      if keepId == otherId { throw StoreError(.invalidValue, "cannot merge a contact into itself") }
      if other.mergedIntoId != nil || keep.mergedIntoId != nil {
        throw StoreError(.conflict, "one of the contacts was already merged; use the contact it was merged into")
      }
      let keepLatest = try String.fetchOne(db, sql: "SELECT MAX(metDate) FROM card WHERE contactId = ?", arguments: [keepId]) ?? ""
      let otherLatest = try String.fetchOne(db, sql: "SELECT MAX(metDate) FROM card WHERE contactId = ?", arguments: [otherId]) ?? ""
      // What to undo later: keep's fields as they were, and every row that moves.
      var undo = MergeUndo(keepBefore: keep)
      undo.cards = try Int64.fetchAll(db, sql: "SELECT id FROM card WHERE contactId = ?", arguments: [otherId])
      undo.emails = try Int64.fetchAll(
        db, sql: "SELECT id FROM contactEmail WHERE contactId = ? AND email NOT IN (SELECT email FROM contactEmail WHERE contactId = ?)",
        arguments: [otherId, keepId])
      undo.followUps = try Int64.fetchAll(db, sql: "SELECT id FROM followUp WHERE contactId = ?", arguments: [otherId])
      undo.candidates = try Row.fetchAll(
        db, sql: "SELECT cardId, contactId, score FROM reviewCandidate WHERE cardId IN (SELECT id FROM card WHERE contactId IN (?, ?))",
        arguments: [keepId, otherId]
      ).map { MergeUndo.Candidate(cardId: $0["cardId"], contactId: $0["contactId"], score: $0["score"]) }
      var f = other.fields
      f.emails = []
      f.phones = []
      // The newer card's values become current; on a tie the contact kept wins.
      keep.apply(f, onlyMissing: otherLatest <= keepLatest)
      if otherLatest > keepLatest, other.companyId != nil { keep.companyId = other.companyId }

      try db.execute(sql: "UPDATE card SET contactId = ? WHERE contactId = ?", arguments: [keepId, otherId])
      let emailMark = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM contactEmail") ?? 0
      try db.execute(
        sql: """
          INSERT OR IGNORE INTO contactEmail (contactId, email, isPrimary)
          SELECT ?, email, 0 FROM contactEmail WHERE contactId = ?
          """, arguments: [keepId, otherId])
      undo.addedEmails = try Int64.fetchAll(
        db, sql: "SELECT id FROM contactEmail WHERE contactId = ? AND id > ?", arguments: [keepId, emailMark])
      let phonesBefore = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM contactPhone") ?? 0
      try db.execute(
        sql: """
          INSERT OR IGNORE INTO contactPhone (contactId, number, kind, raw)
          SELECT ?, number, kind, raw FROM contactPhone WHERE contactId = ?
          """, arguments: [keepId, otherId])
      undo.addedPhones = try Int64.fetchAll(
        db, sql: "SELECT id FROM contactPhone WHERE contactId = ? AND id > ?", arguments: [keepId, phonesBefore])
      // One cadence per person: every follow-up of `other` (the sent ones are history) moves
      // to `keep`; pending steps the person already had (sent, sending, done or failed) are
      // cancelled, and of two pending rows for one step the earlier stays.
      try db.execute(sql: "UPDATE followUp SET contactId = ? WHERE contactId = ?", arguments: [keepId, otherId])
      let reached = try Int.fetchOne(
        db, sql: "SELECT MAX(step) FROM followUp WHERE contactId = ? AND status IN ('sent', 'sending', 'done', 'failed')",
        arguments: [keepId])
      var keptSteps = Set<Int>()
      for row in try Row.fetchAll(
        db, sql: "SELECT id, step FROM followUp WHERE contactId = ? AND status = 'pending' AND step IS NOT NULL ORDER BY dueAt, id",
        arguments: [keepId])
      {
        let id: Int64 = row["id"], step: Int = row["step"]
        if let reached, step <= reached {
          undo.cancelled.append(id)
        } else if !keptSteps.insert(step).inserted {
          undo.cancelled.append(id)
        }
      }
      for id in undo.cancelled {
        try db.execute(sql: "UPDATE followUp SET status = 'cancelled' WHERE id = ?", arguments: [id])
      }
      if keep.threadMessageId == nil, let thread = other.threadMessageId {
        keep.threadMessageId = thread
        undo.tookThread = true
      }
      try db.execute(
        sql: "DELETE FROM reviewCandidate WHERE cardId IN (SELECT id FROM card WHERE contactId = ?)",
        arguments: [keepId])
      other.mergedIntoId = keepId
      other.reviewState = ReviewState.ok.rawValue
      other.updatedAt = now
      try other.update(db)
      if keep.reviewState == ReviewState.duplicate.rawValue { keep.reviewState = ReviewState.ok.rawValue }
      keep.updatedAt = now
      try keep.update(db)
      undo.keepAfter = keep.fields
      try Self.refreshSearch(db, contactId: keepId)
      try Self.refreshSearch(db, contactId: otherId)
      try db.execute(
        sql: "INSERT INTO mergeLog (keepId, otherId, at, undo) VALUES (?, ?, ?, ?)",
        arguments: [keepId, otherId, now, JSONText.encode(undo)])
      try Self.audit(db, action: "merge", detail: ["keep": keep.uid, "other": other.uid], now: now)
      return try Self.detail(db, keep)
    }
  }
}

/// What a merge changed, so that `unmerge` can put it back.
struct MergeUndo: Codable {
  struct Candidate: Codable {
    var cardId: Int64
    var contactId: Int64
    var score: Double
  }

  var keepBefore: ContactRow
  /// Keep's fields right after the merge: a field changed since then is not rolled back.
  var keepAfter: ContactFields?
  /// Follow-ups the merge itself cancelled.
  var cancelled: [Int64] = []
  /// Whether keep took other's e-mail thread.
  var tookThread = false
  var cards: [Int64] = []
  var emails: [Int64] = []
  var addedEmails: [Int64] = []
  var addedPhones: [Int64] = []
  var followUps: [Int64] = []
  var candidates: [Candidate] = []
}

extension AppDatabase {
  /// Undoes the merge of `otherRef` into another contact: its cards, e-mails, phones and
  /// follow-ups go back, the kept contact's fields are restored. Both steps are in the audit log.
  @discardableResult
  public func unmerge(_ otherRef: String, now: Date = Date()) throws -> (kept: ContactDetail, restored: ContactDetail) {
    try writer.write { db in
      var other = try Self.findContact(db, otherRef, followMerge: false)
      guard let otherId = other.id, other.mergedIntoId != nil else {
        throw StoreError(.conflict, "\(other.uid) is not merged into another contact; nothing to undo")
      }
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT id, keepId, undo FROM mergeLog WHERE otherId = ? AND undoneAt IS NULL ORDER BY id DESC LIMIT 1",
          arguments: [otherId]),
        let undo = JSONText.decode(MergeUndo.self, row["undo"])
      else {
        throw StoreError(.notFound, "no merge of \(other.uid) to undo in the merge log")
      }
      let keepId: Int64 = row["keepId"]
      let logId: Int64 = row["id"]
      for id in undo.cards {
        try db.execute(sql: "UPDATE card SET contactId = ? WHERE id = ?", arguments: [otherId, id])
      }
      for id in undo.addedEmails { try db.execute(sql: "DELETE FROM contactEmail WHERE id = ?", arguments: [id]) }
      for id in undo.addedPhones { try db.execute(sql: "DELETE FROM contactPhone WHERE id = ?", arguments: [id]) }
      for id in undo.followUps {
        try db.execute(sql: "UPDATE followUp SET contactId = ? WHERE id = ?", arguments: [otherId, id])
      }
      for id in undo.cancelled {
        try db.execute(sql: "UPDATE followUp SET status = 'pending' WHERE id = ? AND status = 'cancelled'", arguments: [id])
      }
      for c in undo.candidates {
        try db.execute(
          sql: "INSERT OR IGNORE INTO reviewCandidate (cardId, contactId, score) VALUES (?, ?, ?)",
          arguments: [c.cardId, c.contactId, c.score])
      }
      // Only the fields the merge changed, and only where nobody changed them since: status,
      // touches and later corrections stay.
      guard var keep = try ContactRow.fetchOne(db, key: keepId) else {
        throw StoreError(.notFound, "the kept contact is gone")
      }
      var fields = keep.fields
      let before = undo.keepBefore.fields
      if let after = undo.keepAfter {
        for key in ContactFields.settableFields where fields[field: key] == after[field: key] {
          fields[field: key] = before[field: key]
        }
        if fields.urls == after.urls { fields.urls = before.urls }
      }
      keep.name = fields.name
      keep.familyName = fields.familyName
      keep.givenName = fields.givenName
      keep.nameKana = fields.nameKana
      keep.nameLatin = fields.nameLatin
      keep.company = fields.company
      keep.department = fields.department
      keep.title = fields.title
      keep.postalCode = fields.postalCode
      keep.address = fields.address
      keep.urls = JSONText.encode(fields.urls)
      if fields.company == before.company { keep.companyId = undo.keepBefore.companyId }
      keep.updateKeys()
      if undo.tookThread && keep.threadMessageId == other.threadMessageId { keep.threadMessageId = nil }
      if keep.reviewState == ReviewState.ok.rawValue { keep.reviewState = undo.keepBefore.reviewState }
      keep.updatedAt = now
      try keep.update(db)
      other.mergedIntoId = nil
      if !undo.candidates.isEmpty { other.reviewState = ReviewState.duplicate.rawValue }
      other.updatedAt = now
      try other.update(db)
      try db.execute(sql: "UPDATE mergeLog SET undoneAt = ? WHERE id = ?", arguments: [now, logId])
      try Self.refreshSearch(db, contactId: keepId)
      try Self.refreshSearch(db, contactId: otherId)
      try Self.audit(db, action: "unmerge", detail: ["keep": keep.uid, "other": other.uid], now: now)
      return (try Self.detail(db, keep), try Self.detail(db, other))
    }
  }
}
