import Foundation
import GRDB
import MeishiCore

extension AppDatabase {
  /// Rewrites a contact's row in the full-text index (names in every script, company, title, e-mails).
  static func refreshSearch(_ db: Database, contactId: Int64) throws {
    // The index row's rowid is the contact's id: deleting by it is a key look-up, not a scan.
    try db.cachedStatement(sql: "DELETE FROM contactSearch WHERE rowid = ?").execute(arguments: [contactId])
    guard let c = try ContactRow.byId(db, contactId), c.mergedIntoId == nil else { return }
    let emails = try String.fetchAll(try db.cachedStatement(sql: "SELECT email FROM contactEmail WHERE contactId = ?"), arguments: [contactId])
    let parts = [c.name, c.name.map { $0.replacingOccurrences(of: " ", with: "") }, c.nameKana, c.nameLatin,
      c.company, c.department, c.title].compactMap { $0 } + emails
    try db.cachedStatement(sql: "INSERT INTO contactSearch (rowid, text) VALUES (?, ?)").execute(arguments: [contactId, Normalization.nfkc(parts.joined(separator: " ")).lowercased()])
  }

  /// Contacts matching `query` in their names (kanji, kana, romaji), company, title or e-mails, best first.
  ///
  /// Three characters or more use the trigram full-text index (ranked by bm25); shorter queries
  /// (a two-kanji surname) use LIKE on the contact table, since a trigram index cannot match them.
  public func search(_ query: String, limit: Int = 50) throws -> [ContactSummary] {
    let q = Normalization.nfkc(query).lowercased()
    guard !q.isEmpty else { return [] }
    return try writer.read { db in
      let ids: [Int64]
      if q.count >= 3 {
        let phrase = "\"" + q.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        ids = try Int64.fetchAll(try db.cachedStatement(sql: "SELECT rowid FROM contactSearch WHERE contactSearch MATCH ? ORDER BY bm25(contactSearch) LIMIT ?"), arguments: [phrase, limit])
      } else {
        let like = "%" + q.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        ids = try Int64.fetchAll(try db.cachedStatement(sql: """
            SELECT id FROM contact
            WHERE mergedIntoId IS NULL AND (
              lower(name) LIKE ?1 ESCAPE '\\' OR replace(name, ' ', '') LIKE ?1 ESCAPE '\\'
              OR nameKana LIKE ?1 ESCAPE '\\' OR lower(nameLatin) LIKE ?1 ESCAPE '\\'
              OR lower(company) LIKE ?1 ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM contactEmail e WHERE e.contactId = contact.id AND e.email LIKE ?1 ESCAPE '\\'))
            ORDER BY (name LIKE ?2 ESCAPE '\\') DESC, createdAt DESC LIMIT ?3
            """), arguments: [like, String(like.dropFirst()), limit])
      }
      return try ids.compactMap { id in try ContactRow.byId(db, id) }.map { try Self.summary(db, $0) }
    }
  }
}
