public import Foundation
import GRDB
import MeishiCore
public import MeishiFollowUp

extension AppDatabase {
  /// Undoes what ingest did when it took a card for a contact already in the store (a
  /// "merged" card) and the user says it is someone else: the card becomes a contact of its own,
  /// with its introductory e-mail queued as for any new contact, and the contact it was merged
  /// into is put back as its other cards make it.
  ///
  /// That contact's fields are replayed from its remaining cards, oldest first, the way ingest
  /// built them (a newer card's values win, a same-day card only fills gaps); fields set by hand
  /// stay. E-mails, phones and URLs that only the split card brought are removed from it. Status,
  /// touches and follow-ups stay with it. One transaction; the audit log records the split.
  ///
  /// - Parameter cardRef: the card's file path as stored (shown by `meishi contact`), or its
  ///   SHA-256, or the first 8 or more characters of it.
  @discardableResult
  public func split(card cardRef: String, planner: FollowUpPlanner, now: Date = Date()) throws -> (
    split: ContactDetail, remaining: ContactDetail
  ) {
    try writer.write { db in
      var card = try Self.findCard(db, cardRef)
      guard card.decision == "merged" else {
        throw StoreError(
          .conflict,
          "card \(card.path) was not merged into a contact at ingest (it is '\(card.decision)'); "
            + "use `meishi unmerge` for a merge made with `meishi merge`")
      }
      guard let parsed = JSONText.decode(ParsedCard.self, card.parse) else {
        throw StoreError(.conflict, "card \(card.path) has no readable parse in the store; nothing to split")
      }
      guard var old = try ContactRow.byId(db, card.contactId), let oldId = old.id else {
        throw StoreError(.notFound, "the contact of card \(card.path) is gone")
      }
      let others = try CardRow.fetchAll(
        db, sql: "SELECT * FROM card WHERE contactId = ? AND id != ? ORDER BY metDate, id",
        arguments: [oldId, card.id])
      guard !others.isEmpty else {
        throw StoreError(.conflict, "card \(card.path) is the only card of \(old.uid); nothing to split it from")
      }

      // 1. The card's own contact.
      let fields = parsed.contact
      let companyId = try Self.companyId(
        db, name: fields.company, alternate: parsed.extras["company_alt"], emails: fields.emails, now: now)
      let mine = try Self.insertContact(
        db, fields: fields, companyId: companyId, low: parsed.lowConfidenceFields(), duplicate: false, now: now)
      guard let mineId = mine.id else { throw StoreError(.conflict, "the new contact was not stored; try again") }
      try Self.addEmailsAndPhones(db, contactId: mineId, fields: fields)
      card.contactId = mineId
      card.decision = "new"
      try card.update(db)

      // 2. The contact it was merged into, as its other cards make it.
      let replay = others.compactMap { row in JSONText.decode(ParsedCard.self, row.parse).map { (row, $0.contact) } }
      let remaining = replay.map(\.1)
      let manual = Set(JSONText.decode([String].self, old.manualFields) ?? [])
      for (key, column, _) in ContactRow.cardFields where !manual.contains(key) { old[keyPath: column] = nil }
      if !manual.contains("company") { old.companyId = nil }
      var latest: String?
      for (row, f) in replay {
        let newer = latest.map { row.metDate > $0 } ?? true
        old.apply(f, onlyMissing: !newer)
        if newer {
          latest = row.metDate
          if !manual.contains("company"), let id = try Self.companyId(db, name: f.company, now: now) {
            old.companyId = id
          }
        }
      }
      let kept = Set(remaining.flatMap(\.urls))
      old.urls = JSONText.encode(
        (JSONText.decode([String].self, old.urls) ?? []).filter { !fields.urls.contains($0) || kept.contains($0) })
      old.updateKeys()
      old.updatedAt = now
      try old.update(db)
      let keptEmails = Set(remaining.flatMap(\.emails).map(Normalization.email))
      for e in fields.emails.map(Normalization.email) where !keptEmails.contains(e) {
        try db.execute(sql: "DELETE FROM contactEmail WHERE contactId = ? AND email = ?", arguments: [oldId, e])
      }
      let keptPhones = Set(remaining.flatMap(\.phones).map { "\($0.kind.rawValue) \($0.number)" })
      for p in fields.phones where !keptPhones.contains("\(p.kind.rawValue) \(p.number)") {
        try db.execute(
          sql: "DELETE FROM contactPhone WHERE contactId = ? AND number = ? AND kind = ?",
          arguments: [oldId, p.number, p.kind.rawValue])
      }
      if try !Self.hasPrimaryEmail(db, contactId: oldId),
        let first = remaining.last(where: { !$0.emails.isEmpty })?.emails.first.map(Normalization.email)
      {
        try Self.makePrimary(db, contactId: oldId, email: first)
      }

      try Self.refreshSearch(db, contactId: oldId)
      try Self.refreshSearch(db, contactId: mineId)
      if let met = CivilDate(card.metDate) {
        _ = try Self.scheduleFirstStep(db, contactId: mineId, metDate: met, planner: planner, now: now)
      }
      try Self.audit(db, action: "split", detail: ["card": card.sha256, "from": old.uid, "to": mine.uid], now: now)
      return (try Self.detail(db, mine), try Self.detail(db, old))
    }
  }

  /// A card by its stored path, its SHA-256, or a prefix of 8 or more hex digits of it. A path
  /// that more than one stored image had (a file scanned again under the same name) is refused
  /// with their SHA-256s.
  static func findCard(_ db: Database, _ ref: String) throws -> CardRow {
    if let c = try CardRow.fetchOne(db, sql: "SELECT * FROM card WHERE sha256 = ?", arguments: [ref]) {
      return c
    }
    // A path as stored, or as typed (relative, or with ./): compared by its absolute form too.
    let absolute = URL(fileURLWithPath: ref).standardizedFileURL.path
    for path in absolute == ref ? [ref] : [ref, absolute] {
      let found = try CardRow.fetchAll(db, sql: "SELECT * FROM card WHERE path = ? ORDER BY id", arguments: [path])
      if found.count == 1 { return found[0] }
      if found.count > 1 {
        let shas = found.map { String($0.sha256.prefix(12)) }.joined(separator: ", ")
        throw StoreError(.ambiguous, "\(found.count) cards were stored from \(path); give the SHA-256 of one: \(shas)")
      }
    }
    let hex = ref.lowercased()
    if hex.count >= 8, hex.allSatisfy(\.isHexDigit) {
      let found = try CardRow.fetchAll(
        db, sql: "SELECT * FROM card WHERE sha256 LIKE ? LIMIT 2", arguments: [hex + "%"])
      if found.count == 1 { return found[0] }
      if found.count > 1 { throw StoreError(.ambiguous, "more than one card starts with \(ref); give more of it") }
    }
    throw StoreError(.notFound, "no card '\(ref)' in the store (give its path as `meishi contact` shows it, or its SHA-256)")
  }
}
