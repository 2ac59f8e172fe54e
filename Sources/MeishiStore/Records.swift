public import Foundation
import GRDB
public import MeishiCore
import MeishiDedupe

/// A card to store, with what OCR and the parser made of it.
public struct CardInput: Sendable {
  public var sha256: String
  public var path: String
  public var event: String?
  public var metDate: CivilDate
  public var ocr: OCRResult
  public var parsed: ParsedCard
  /// The image's bytes, copied into the store's media folder (nil: keep only the path).
  public var image: Data?
  /// The image's file extension, for the media copy.
  public var imageExtension: String

  public init(
    sha256: String, path: String, event: String?, metDate: CivilDate, ocr: OCRResult,
    parsed: ParsedCard, image: Data? = nil, imageExtension: String = "jpg"
  ) {
    self.sha256 = sha256
    self.path = path
    self.event = event
    self.metDate = metDate
    self.ocr = ocr
    self.parsed = parsed
    self.image = image
    self.imageExtension = imageExtension
  }
}

/// What storing a card did.
public struct IngestResult: Sendable, Equatable {
  public var dedupe: DedupeOutcome
  public var followups: [FollowUpRef]
}

/// Why a contact is waiting in the review queue.
public enum ReviewState: String, Codable, Sendable {
  /// Nothing to check.
  case ok
  /// Key fields were read with low confidence.
  case fields
  /// The card may belong to another contact.
  case duplicate
}

/// One row of `meishi contacts`.
public struct ContactSummary: Codable, Sendable, Equatable {
  public var uid: String
  public var name: String?
  public var nameLatin: String?
  public var company: String?
  public var department: String?
  public var title: String?
  public var emails: [String]
  public var phones: [Phone]
  public var status: String
  public var reviewState: ReviewState
  public var cards: Int

  enum CodingKeys: String, CodingKey {
    case uid, name, company, department, title, emails, phones, status, cards
    case nameLatin = "name_latin"
    case reviewState = "review_state"
  }
}

/// One card in a contact's history.
public struct CardHistoryItem: Codable, Sendable, Equatable {
  public var sha256: String
  public var path: String
  /// The copy in the store's media folder.
  public var mediaPath: String?
  public var event: String?
  public var metDate: CivilDate
  public var decision: String
  public var company: String?
  public var department: String?
  public var title: String?
  public var ingestedAt: Date

  enum CodingKeys: String, CodingKey {
    case sha256, path, event, decision, company, department, title
    case mediaPath = "media_path"
    case metDate = "met_date"
    case ingestedAt = "ingested_at"
  }
}

/// A follow-up as stored.
public struct FollowUpItem: Codable, Sendable, Equatable {
  public var id: Int64
  public var contactUID: String
  public var contactName: String?
  public var company: String?
  public var kind: String
  public var channel: String
  public var title: String?
  public var due: Date
  public var status: String
  public var messageId: String?
  public var lastError: String?

  enum CodingKeys: String, CodingKey {
    case id, kind, channel, title, due, status, company
    case contactUID = "contact_uid"
    case contactName = "contact_name"
    case messageId = "message_id"
    case lastError = "last_error"
  }
}

/// Everything the store knows about one contact.
public struct ContactDetail: Codable, Sendable, Equatable {
  public var uid: String
  public var contact: ContactFields
  public var status: String
  public var reviewState: ReviewState
  public var lowConfidenceFields: [String]
  public var mergedInto: String?
  public var cards: [CardHistoryItem]
  public var followups: [FollowUpItem]
  public var reviewCandidates: [DedupeOutcome.Candidate]

  enum CodingKeys: String, CodingKey {
    case uid, contact, status, cards, followups
    case reviewState = "review_state"
    case lowConfidenceFields = "low_confidence_fields"
    case mergedInto = "merged_into"
    case reviewCandidates = "review_candidates"
  }
}

/// A contact waiting for a person's decision.
public struct ReviewItem: Codable, Sendable, Equatable {
  public var uid: String
  public var name: String?
  public var company: String?
  public var reviewState: ReviewState
  /// Low-confidence key fields with their confidence.
  public var fields: [String: Double]
  /// For a possible duplicate: the contacts it may be.
  public var candidates: [DedupeOutcome.Candidate]
  public var candidateNames: [String: String]
  public var cardPath: String?

  enum CodingKeys: String, CodingKey {
    case uid, name, company, fields, candidates
    case reviewState = "review_state"
    case candidateNames = "candidate_names"
    case cardPath = "card_path"
  }
}

// MARK: - Rows

struct ContactRow: Codable, FetchableRecord, MutablePersistableRecord {
  static let databaseTableName = "contact"
  var id: Int64?
  var uid: String
  var name: String?
  var familyName: String?
  var givenName: String?
  var nameKana: String?
  var nameLatin: String?
  var nameKey: String?
  var kanaKey: String?
  var latinKey: String?
  var companyId: Int64?
  var company: String?
  var department: String?
  var title: String?
  var postalCode: String?
  var address: String?
  var urls: String
  var status: String
  var paused: Bool = false
  var timeZone: String?
  var threadMessageId: String?
  var lastTouchAt: Date?
  var reviewState: String
  var lowConfidenceFields: String
  /// Fields corrected by hand (`meishi contact --set`), never overwritten by a later card.
  var manualFields: String = "[]"
  var mergedIntoId: Int64?
  var createdAt: Date
  var updatedAt: Date

  mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

  /// The contact with this id, through a cached statement (the hot path of ingest).
  static func byId(_ db: Database, _ id: Int64) throws -> ContactRow? {
    try fetchOne(db.cachedStatement(sql: "SELECT * FROM contact WHERE id = ?"), arguments: [id])
  }

  var fields: ContactFields {
    ContactFields(
      name: name, familyName: familyName, givenName: givenName, nameKana: nameKana,
      nameLatin: nameLatin, company: company, department: department, title: title,
      postalCode: postalCode, address: address, urls: JSONText.decode([String].self, urls) ?? [])
  }

  /// The single-valued fields a card sets: the contract's key (as in `manualFields`), the
  /// column, and the card's value.
  typealias CardField = (
    key: String, column: any WritableKeyPath<ContactRow, String?> & Sendable,
    value: any KeyPath<ContactFields, String?> & Sendable
  )
  static let cardFields: [CardField] = [
    ("name", \.name, \.name), ("family_name", \.familyName, \.familyName),
    ("given_name", \.givenName, \.givenName), ("name_kana", \.nameKana, \.nameKana),
    ("name_latin", \.nameLatin, \.nameLatin), ("company", \.company, \.company),
    ("department", \.department, \.department), ("title", \.title, \.title),
    ("postal_code", \.postalCode, \.postalCode), ("address", \.address, \.address),
  ]

  mutating func apply(_ f: ContactFields, onlyMissing: Bool) {
    let manual = Set(JSONText.decode([String].self, manualFields) ?? [])
    for (key, column, value) in Self.cardFields {
      guard let v = f[keyPath: value], !v.isEmpty else { continue }
      if onlyMissing && self[keyPath: column] != nil { continue }
      if manual.contains(key), self[keyPath: column] != nil { continue }
      self[keyPath: column] = v
    }
    var u = JSONText.decode([String].self, urls) ?? []
    for x in f.urls where !u.contains(x) { u.append(x) }
    urls = JSONText.encode(u)
    updateKeys()
  }

  /// The dedupe keys, from the current names.
  mutating func updateKeys() {
    let keys = Deduper.keys(for: fields)
    nameKey = keys.nameKey
    kanaKey = keys.kanaKey
    latinKey = keys.latinKey
  }
}

struct CardRow: Codable, FetchableRecord, MutablePersistableRecord {
  static let databaseTableName = "card"
  var id: Int64?
  var sha256: String
  var path: String
  var mediaPath: String?
  var eventId: Int64?
  var event: String?
  var metDate: String
  var ocr: String
  var parse: String
  var contactId: Int64
  var decision: String
  var ingestedAt: Date

  mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct FollowUpRow: Codable, FetchableRecord, MutablePersistableRecord {
  static let databaseTableName = "followUp"
  var id: Int64?
  var contactId: Int64
  var kind: String
  var channel: String = "email"
  var step: Int?
  var title: String?
  var dueAt: Date
  var status: String
  var messageId: String?
  var subject: String?
  var attempts: Int = 0
  var nextAttemptAt: Date?
  var lastError: String?
  var completedAt: Date?
  var createdAt: Date

  mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// JSON text columns.
enum JSONText {
  static func encode<T: Encodable>(_ v: T) -> String {
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? enc.encode(v) else { return "null" }
    return String(decoding: data, as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, _ s: String) -> T? {
    try? JSONDecoder().decode(type, from: Data(s.utf8))
  }
}

/// Short random ids a person can type: 12 characters of an unambiguous alphabet.
enum UID {
  private static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
  static func make() -> String {
    var g = SystemRandomNumberGenerator()
    return String((0..<12).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
  }
}
