public import Foundation
import GRDB
import MeishiCore
import MeishiDedupe
public import MeishiFollowUp

extension AppDatabase {
  /// Stores one card in a single transaction: the card, its contact (new, merged or
  /// provisional for review), its company, and the follow-ups of a new contact.
  ///
  /// An image whose SHA-256 is already stored changes nothing (`unchanged`).
  public func ingest(
    _ card: CardInput, planner: FollowUpPlanner, now: Date = Date()
  ) throws -> IngestResult {
    // The media copy is written first, named by its hash: if the transaction then fails, the
    // file is an orphan that the next ingest of the same image reuses; the store never points
    // at a missing copy.
    let media = try storeMediaCopy(card)
    return try writer.write { db in try Self.ingest(db, card, media: media, planner: planner, now: now) }
  }

  /// Stores many cards in one transaction (all or nothing): for bulk loads and benchmarks.
  public func ingest(batch cards: [CardInput], planner: FollowUpPlanner, now: Date = Date()) throws -> [IngestResult] {
    let media = try cards.map(storeMediaCopy)
    return try writer.write { db in
      try zip(cards, media).map { card, m in try Self.ingest(db, card, media: m, planner: planner, now: now) }
    }
  }

  static func ingest(
    _ db: Database, _ card: CardInput, media: String?, planner: FollowUpPlanner, now: Date
  ) throws -> IngestResult {
    do {
      if let existing = try Row.fetchOne(try db.cachedStatement(sql: """
          SELECT contact.uid, contact.mergedIntoId FROM card JOIN contact ON contact.id = card.contactId
          WHERE card.sha256 = ?
          """), arguments: [card.sha256])
      {
        var uid: String = existing["uid"]
        if let merged: Int64 = existing["mergedIntoId"] {
          uid = try String.fetchOne(try db.cachedStatement(sql: "SELECT uid FROM contact WHERE id = ?"), arguments: [merged]) ?? uid
        }
        return IngestResult(dedupe: DedupeOutcome(decision: .unchanged, contactUID: uid), followups: [])
      }

      let fields = card.parsed.contact
      let candidates = try Self.candidates(db, for: fields)
      let result = Deduper.decide(fields, candidates: candidates)
      let companyId = try Self.companyId(
        db, name: fields.company, alternate: card.parsed.extras["company_alt"], emails: fields.emails, now: now)
      let low = card.parsed.lowConfidenceFields()

      var contact: ContactRow
      var followups: [FollowUpRef] = []
      var mergedLatest: String?
      switch result.decision {
      case .merged:
        guard let uid = result.target,
          var target = try ContactRow.filter(Column("uid") == uid).fetchOne(db)
        else { throw StoreError(.notFound, "dedupe chose a contact that is gone; try again") }
        let latest = try String.fetchOne(try db.cachedStatement(sql: "SELECT MAX(metDate) FROM card WHERE contactId = ?"), arguments: [target.id])
        mergedLatest = latest ?? ""
        // Strictly newer: a second scan of the same day only fills what is missing.
        let newer = latest.map { card.metDate.description > $0 } ?? true
        if newer, let old = target.title, let new = fields.title, Normalization.nfkc(old) != Normalization.nfkc(new) {
          // A new title on a newer card: recorded, for a congratulation follow-up.
          try Self.audit(db, action: "title-change", detail: ["contact": target.uid, "from": old, "to": new], now: now)
        }
        target.apply(fields, onlyMissing: !newer)
        if newer, let companyId { target.companyId = companyId }
        target.updatedAt = now
        try target.update(db)
        contact = target
      case .new, .review, .unchanged:
        contact = try Self.insertContact(
          db, fields: fields, companyId: companyId, low: low, duplicate: result.decision == .review, now: now)
      }
      guard let contactId = contact.id else {
        throw StoreError(.conflict, "the contact was not stored; try again")
      }
      try Self.addEmailsAndPhones(db, contactId: contactId, fields: fields)
      if result.decision == .merged, let first = fields.emails.first.map(Normalization.email),
        let latest = mergedLatest, card.metDate.description > latest
      {
        // A newer card (a job change, a new address): its first e-mail becomes the primary one.
        try Self.makePrimary(db, contactId: contactId, email: first)
      }
      try Self.refreshSearch(db, contactId: contactId)

      var eventId: Int64?
      if let name = card.event, !name.isEmpty {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO event (name, date) VALUES (?, ?)").execute(arguments: [name, card.metDate.description])
        eventId = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM event WHERE name = ? AND date = ?"), arguments: [name, card.metDate.description])
      }
      var row = CardRow(
        id: nil, sha256: card.sha256, path: card.path, mediaPath: media, eventId: eventId, event: card.event,
        metDate: card.metDate.description, ocr: JSONText.encode(card.ocr),
        parse: JSONText.encode(card.parsed), contactId: contactId,
        decision: result.decision.rawValue, ingestedAt: now)
      try row.insert(db)

      if result.decision == .review, let cardId = row.id {
        for c in result.candidates {
          try db.execute(
            sql: """
              INSERT INTO reviewCandidate (cardId, contactId, score)
              SELECT ?, id, ? FROM contact WHERE uid = ?
              """, arguments: [cardId, c.score, c.contactUID])
        }
      }
      if result.decision == .new {
        followups = try Self.scheduleFirstStep(db, contactId: contactId, metDate: card.metDate, planner: planner, now: now)
      }
      try Self.audit(
        db, action: "ingest",
        detail: ["card": card.sha256, "contact": contact.uid, "decision": result.decision.rawValue],
        now: now)
      return IngestResult(
        dedupe: DedupeOutcome(
          decision: result.decision, contactUID: contact.uid, candidates: result.candidates),
        followups: followups)
    }
  }

  /// Copies the card image into the media folder (mode 0600), once per image.
  func storeMediaCopy(_ card: CardInput) throws -> String? {
    guard let dir = mediaDirectory, let data = card.image else { return nil }
    let ext = card.imageExtension.lowercased().filter { $0.isLetter || $0.isNumber }
    let url = dir.appendingPathComponent("\(card.sha256).\(ext.isEmpty ? "img" : ext)")
    let fm = FileManager.default
    if fm.fileExists(atPath: url.path) { return url.path }
    do {
      try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      try data.write(to: url, options: .atomic)
      try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    } catch {
      throw StoreError(.cannotOpen, "cannot copy the card image into \(dir.path): \(error.localizedDescription)")
    }
    return url.path
  }

  /// Contacts sharing an e-mail, a mobile number or the normalised name (all indexed look-ups).
  static func candidates(_ db: Database, for fields: ContactFields) throws -> [DedupeCandidate] {
    let keys = Deduper.keys(for: fields)
    var ids = Set<Int64>()
    for e in keys.emails {
      ids.formUnion(try Int64.fetchAll(try db.cachedStatement(sql: "SELECT contactId FROM contactEmail WHERE email = ?"), arguments: [e]))
    }
    for m in keys.mobiles {
      ids.formUnion(
        try Int64.fetchAll(try db.cachedStatement(sql: "SELECT contactId FROM contactPhone WHERE number = ? AND kind = 'mobile'"), arguments: [m]))
    }
    for (column, key) in [("nameKey", keys.nameKey), ("kanaKey", keys.kanaKey), ("latinKey", keys.latinKey)] {
      guard let key else { continue }
      ids.formUnion(try Int64.fetchAll(try db.cachedStatement(sql: "SELECT id FROM contact WHERE \(column) = ?"), arguments: [key]))
    }
    var out: [DedupeCandidate] = []
    for id in ids.sorted() {
      guard var c = try ContactRow.byId(db, id) else { continue }
      // A contact merged into another stands for that one.
      while let into = c.mergedIntoId, let next = try ContactRow.byId(db, into) { c = next }
      guard let cid = c.id, !out.contains(where: { $0.uid == c.uid }) else { continue }
      let emails = try String.fetchAll(try db.cachedStatement(sql: "SELECT email FROM contactEmail WHERE contactId = ?"), arguments: [cid])
      // Mobiles, and landlines only this contact has (direct lines; a number several contacts
      // share is a switchboard), in one query.
      var mobiles: [String] = []
      var direct: [String] = []
      for r in try Row.fetchAll(
        try db.cachedStatement(
          sql: """
            SELECT p.number, p.kind,
              EXISTS (SELECT 1 FROM contactPhone q WHERE q.number = p.number AND q.contactId != p.contactId) AS shared
            FROM contactPhone p WHERE p.contactId = ? AND p.kind IN ('mobile', 'tel')
            """), arguments: [cid])
      {
        let kind: String = r["kind"]
        if kind == "mobile" { mobiles.append(r["number"]) } else if !(r["shared"] as Bool) { direct.append(r["number"]) }
      }
      out.append(
        DedupeCandidate(
          uid: c.uid, nameKey: c.nameKey ?? "", kanaKey: c.kanaKey ?? "", latinKey: c.latinKey ?? "",
          companyKey: c.company.map(Normalization.companyKey) ?? "", emails: emails, mobiles: mobiles,
          directLines: direct))
    }
    return out
  }

  static func companyId(_ db: Database, name: String?, now: Date) throws -> Int64? {
    try companyId(db, name: name, alternate: nil, emails: [], now: now)
  }

  /// The company's row (created on first sight): its identity is the name without its legal
  /// form; it also gathers the English name printed beside the Japanese one and the e-mail
  /// domains its people use (free-mail providers left out).
  static func companyId(
    _ db: Database, name: String?, alternate: String?, emails: [String], now: Date
  ) throws -> Int64? {
    guard let name, !name.isEmpty else { return nil }
    let key = Normalization.companyKey(name)
    guard !key.isEmpty else { return nil }
    let domains = emails.compactMap(Normalization.companyDomain(ofEmail:))
    if let row = try Row.fetchOne(
      try db.cachedStatement(sql: "SELECT id, alternateNames, emailDomains FROM company WHERE nameKey = ?"),
      arguments: [key])
    {
      let id: Int64 = row["id"]
      var alts = JSONText.decode([String].self, row["alternateNames"]) ?? []
      var known = JSONText.decode([String].self, row["emailDomains"]) ?? []
      let before = (alts.count, known.count)
      if let alternate, !alternate.isEmpty, !alts.contains(alternate) { alts.append(alternate) }
      for d in domains where !known.contains(d) { known.append(d) }
      if (alts.count, known.count) != before {
        try db.cachedStatement(sql: "UPDATE company SET alternateNames = ?, emailDomains = ? WHERE id = ?")
          .execute(arguments: [JSONText.encode(alts), JSONText.encode(known), id])
      }
      return id
    }
    let lowered = Normalization.nfkc(name).lowercased()
    let form = Normalization.legalForms.first { lowered.contains($0) }
    try db.cachedStatement(
      sql: "INSERT INTO company (name, nameKey, legalForm, alternateNames, emailDomains, createdAt) VALUES (?, ?, ?, ?, ?, ?)"
    ).execute(arguments: [
      name, key, form, JSONText.encode(alternate.map { [$0] } ?? []), JSONText.encode(Array(Set(domains)).sorted()), now,
    ])
    return db.lastInsertedRowID
  }

  /// A new contact from one card's fields: waiting for review when it may be a duplicate or
  /// has fields read with low confidence (`low`).
  static func insertContact(
    _ db: Database, fields: ContactFields, companyId: Int64?, low: [String], duplicate: Bool, now: Date
  ) throws -> ContactRow {
    var contact = ContactRow(
      id: nil, uid: UID.make(), nameKey: nil, companyId: companyId, urls: "[]", status: "met",
      reviewState: duplicate
        ? ReviewState.duplicate.rawValue
        : (low.isEmpty ? ReviewState.ok.rawValue : ReviewState.fields.rawValue),
      lowConfidenceFields: JSONText.encode(low), mergedIntoId: nil, createdAt: now,
      updatedAt: now)
    contact.apply(fields, onlyMissing: false)
    contact.timeZone = ContactTimeZone.guess(fields).identifier
    try contact.insert(db)
    return contact
  }

  static func hasPrimaryEmail(_ db: Database, contactId: Int64) throws -> Bool {
    try Bool.fetchOne(
      try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM contactEmail WHERE contactId = ? AND isPrimary)"),
      arguments: [contactId]) ?? false
  }

  /// Marks `email` (normalised) as the contact's primary address, and no other.
  static func makePrimary(_ db: Database, contactId: Int64, email: String) throws {
    try db.execute(sql: "UPDATE contactEmail SET isPrimary = (email = ?) WHERE contactId = ?", arguments: [email, contactId])
  }

  static func addEmailsAndPhones(_ db: Database, contactId: Int64, fields: ContactFields) throws {
    let hasPrimary = try Self.hasPrimaryEmail(db, contactId: contactId)
    for (i, e) in fields.emails.enumerated() {
      try db.cachedStatement(sql: "INSERT OR IGNORE INTO contactEmail (contactId, email, isPrimary) VALUES (?, ?, ?)").execute(arguments: [contactId, Normalization.email(e), !hasPrimary && i == 0])
    }
    for p in fields.phones {
      try db.cachedStatement(sql: "INSERT OR IGNORE INTO contactPhone (contactId, number, kind, raw) VALUES (?, ?, ?, ?)").execute(arguments: [contactId, p.number, p.kind.rawValue, p.raw])
    }
  }

  /// The planner for one contact: its own time zone (from the card's phones).
  static func planner(_ base: FollowUpPlanner, for c: ContactRow) -> FollowUpPlanner {
    guard let id = c.timeZone, let tz = TimeZone(identifier: id) else { return base }
    return base.forContact(in: tz)
  }

  /// Pending follow-ups already due on the day of `instant` (to spread new ones out).
  static func takenSlots(_ db: Database, around instant: Date) throws -> Set<Date> {
    Set(
      try Date.fetchAll(try db.cachedStatement(sql: "SELECT dueAt FROM followUp WHERE status = 'pending' AND dueAt >= ? AND dueAt < ?"), arguments: [instant.addingTimeInterval(-86_400), instant.addingTimeInterval(86_400)]))
  }

  /// Queues the first step of the cadence for a new contact.
  static func scheduleFirstStep(
    _ db: Database, contactId: Int64, metDate: CivilDate, planner base: FollowUpPlanner, now: Date
  ) throws -> [FollowUpRef] {
    guard let c = try ContactRow.byId(db, contactId) else { return [] }
    let planner = Self.planner(base, for: c)
    let probe = planner.introDue(metOn: metDate)
    let plan = planner.plan(forNewContactMetOn: metDate, taken: try takenSlots(db, around: probe))
    return try schedule(db, contactId: contactId, plan: plan, timeZone: planner.timeZone, now: now)
  }

  static func schedule(
    _ db: Database, contactId: Int64, plan: [PlannedFollowUp], timeZone: TimeZone = FollowUpPlanner.tokyo,
    now: Date
  ) throws -> [FollowUpRef] {
    var refs: [FollowUpRef] = []
    for p in plan {
      var f = FollowUpRow(
        id: nil, contactId: contactId, kind: p.kind, channel: p.channel.rawValue, step: p.step,
        title: p.title, dueAt: p.due, status: "pending", createdAt: now)
      try f.insert(db)
      refs.append(FollowUpRef(kind: p.kind, due: ISOTime.string(p.due, in: timeZone)))
    }
    return refs
  }

  static func audit(_ db: Database, action: String, detail: [String: String], now: Date) throws {
    try db.cachedStatement(sql: "INSERT INTO auditLog (at, action, detail) VALUES (?, ?, ?)").execute(arguments: [now, action, JSONText.encode(detail)])
  }
}
