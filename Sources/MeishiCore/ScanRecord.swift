/// One line of `meishi scan --json` / `meishi ingest --json` (contracts/scan-output.md).
public struct ScanRecord: Codable, Sendable, Equatable {
  public enum Status: String, Codable, Sendable { case ok, error }

  public var file: String
  public var status: Status
  public var error: String?
  public var contact: ContactFields?
  public var confidence: [String: Double]?
  public var ocr: OCRResult?
  /// Added by `ingest`.
  public var dedupe: DedupeOutcome?
  /// Added by `ingest`.
  public var followups: [FollowUpRef]?
  /// Extra parse keys beyond the contract's `contact` (for example `name_kana_derived`).
  public var extras: [String: String]?

  public init(
    file: String, status: Status, error: String? = nil, contact: ContactFields? = nil,
    confidence: [String: Double]? = nil, ocr: OCRResult? = nil, dedupe: DedupeOutcome? = nil,
    followups: [FollowUpRef]? = nil, extras: [String: String]? = nil
  ) {
    self.file = file
    self.status = status
    self.error = error
    self.contact = contact
    self.confidence = confidence
    self.ocr = ocr
    self.dedupe = dedupe
    self.followups = followups
    self.extras = extras
  }

  /// A record for a file that could not be read.
  public static func failure(file: String, message: String) -> ScanRecord {
    ScanRecord(file: file, status: .error, error: message)
  }
}

/// What dedupe decided for an ingested card.
public struct DedupeOutcome: Codable, Sendable, Equatable {
  public enum Decision: String, Codable, Sendable {
    case new, merged, review, unchanged
  }

  public struct Candidate: Codable, Sendable, Equatable {
    public var contactUID: String
    public var score: Double

    public init(contactUID: String, score: Double) {
      self.contactUID = contactUID
      self.score = score
    }

    enum CodingKeys: String, CodingKey {
      case contactUID = "contact_uid"
      case score
    }
  }

  public var decision: Decision
  public var contactUID: String
  public var candidates: [Candidate]

  public init(decision: Decision, contactUID: String, candidates: [Candidate] = []) {
    self.decision = decision
    self.contactUID = contactUID
    self.candidates = candidates
  }

  enum CodingKeys: String, CodingKey {
    case decision
    case contactUID = "contact_uid"
    case candidates
  }
}

/// A follow-up queued by `ingest`, as the contract shows it.
public struct FollowUpRef: Codable, Sendable, Equatable {
  public var kind: String
  /// ISO 8601 with its UTC offset, for example `2026-11-30T09:30:00+09:00`.
  public var due: String

  public init(kind: String, due: String) {
    self.kind = kind
    self.due = due
  }
}
