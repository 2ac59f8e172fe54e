public import Foundation
import GRDB
public import MeishiCore
import MeishiDedupe
import MeishiFollowUp

/// A contact from an address book (vCard, CSV), to import.
public struct ImportedContact: Sendable {
  public var uid: String?
  public var fields: ContactFields
  public var status: String?
  public var note: String?

  public init(uid: String?, fields: ContactFields, status: String? = nil, note: String? = nil) {
    self.uid = uid
    self.fields = fields
    self.status = status
    self.note = note
  }
}

/// A contact as exported.
public struct ExportedContact: Sendable {
  public var uid: String
  public var fields: ContactFields
  public var status: String
  public var events: [String]
  public var notes: [String]
}

extension AppDatabase {
  /// Imports one address-book contact, deduped like a card: the same personal e-mail or
  /// mobile merges (the contact's missing fields are filled, nothing is overwritten); the same
  /// name at the same company waits for review; else a new contact keeps the file's UID as its
  /// uid (when free). An import queues no e-mail: these people are not new acquaintances.
  public func importContact(_ c: ImportedContact, now: Date) throws -> DedupeOutcome {
    try writer.write { db in
      if let uid = c.uid, let existing = try ContactRow.filter(Column("uid") == uid).fetchOne(db) {
        // The same contact again (a re-import, or a round trip): fill what is missing.
        var row = existing
        row.apply(c.fields, onlyMissing: true)
        row.updatedAt = now
        let changed = row.fields != existing.fields
        try row.update(db)
        guard let id = row.id else { throw StoreError(.conflict, "contact \(uid) has no id") }
        let before = try Self.counts(db, id)
        try Self.addEmailsAndPhones(db, contactId: id, fields: c.fields)
        try Self.refreshSearch(db, contactId: id)
        let after = try Self.counts(db, id)
        return DedupeOutcome(decision: changed || after != before ? .merged : .unchanged, contactUID: uid)
      }
      let result = Deduper.decide(c.fields, candidates: try Self.candidates(db, for: c.fields))
      var contact: ContactRow
      if result.decision == .merged, let target = result.target,
        var row = try ContactRow.filter(Column("uid") == target).fetchOne(db)
      {
        row.apply(c.fields, onlyMissing: true)
        row.updatedAt = now
        try row.update(db)
        contact = row
      } else {
        var uid = UID.make()
        if let wanted = c.uid?.trimmingCharacters(in: .whitespaces), !wanted.isEmpty, wanted.count <= 200,
          try ContactRow.filter(Column("uid") == wanted).fetchCount(db) == 0
        {
          uid = wanted
        }
        contact = ContactRow(
          id: nil, uid: uid, nameKey: nil,
          companyId: try Self.companyId(db, name: c.fields.company, now: now), urls: "[]",
          status: c.status.flatMap { ContactStatus(rawValue: $0)?.rawValue } ?? ContactStatus.met.rawValue,
          reviewState: result.decision == .review ? ReviewState.duplicate.rawValue : ReviewState.ok.rawValue,
          lowConfidenceFields: "[]", mergedIntoId: nil, createdAt: now, updatedAt: now)
        contact.apply(c.fields, onlyMissing: false)
        contact.timeZone = ContactTimeZone.guess(c.fields).identifier
        try contact.insert(db)
      }
      guard let id = contact.id else { throw StoreError(.conflict, "the contact was not stored") }
      try Self.addEmailsAndPhones(db, contactId: id, fields: c.fields)
      if let note = c.note, !note.isEmpty {
        try db.execute(
          sql: "INSERT INTO touch (contactId, kind, note, at) VALUES (?, 'note', ?, ?)", arguments: [id, note, now])
      }
      try Self.refreshSearch(db, contactId: id)
      try Self.audit(
        db, action: "import", detail: ["contact": contact.uid, "decision": result.decision.rawValue], now: now)
      let decision: DedupeOutcome.Decision = result.decision == .merged ? .merged : result.decision
      return DedupeOutcome(decision: decision, contactUID: contact.uid, candidates: result.candidates)
    }
  }

  static func counts(_ db: Database, _ id: Int64) throws -> [Int] {
    [
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contactEmail WHERE contactId = ?", arguments: [id]) ?? 0,
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contactPhone WHERE contactId = ?", arguments: [id]) ?? 0,
    ]
  }

  /// Every contact that stands on its own, oldest first, with its events and notes.
  public func exportContacts() throws -> [ExportedContact] {
    try writer.read { db in
      try ContactRow.fetchAll(db, sql: "SELECT * FROM contact WHERE mergedIntoId IS NULL ORDER BY id").map { c in
        let d = try Self.detail(db, c)
        let events = try String.fetchAll(
          db, sql: "SELECT DISTINCT event FROM card WHERE contactId = ? AND event IS NOT NULL ORDER BY metDate",
          arguments: [c.id])
        let notes = try String.fetchAll(
          db, sql: "SELECT note FROM touch WHERE contactId = ? AND note IS NOT NULL ORDER BY at", arguments: [c.id])
        return ExportedContact(uid: c.uid, fields: d.contact, status: c.status, events: events, notes: notes)
      }
    }
  }
}
