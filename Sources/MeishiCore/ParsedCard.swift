/// The parser's reading of one card: the fields and how sure it is of each.
public struct ParsedCard: Codable, Sendable, Equatable {
  /// The fields in the contract's shape.
  public var contact: ContactFields
  /// Confidence per field, 0…1, keyed by the contract's field names
  /// (`name`, `company`, `emails`, `phones`, …). A field that was not found has no entry.
  public var confidence: [String: Double]
  /// Extra keys beyond the contract (for example a derived kana reading),
  /// added without changing the contract's `contact` object.
  public var extras: [String: String]

  public init(
    contact: ContactFields = ContactFields(), confidence: [String: Double] = [:],
    extras: [String: String] = [:]
  ) {
    self.contact = contact
    self.confidence = confidence
    self.extras = extras
  }

  /// The fields a person should check before trusting the contact: key fields present with a
  /// confidence under their review threshold (``reviewThreshold(for:)``), or under `threshold`
  /// for every field when one is given.
  public func lowConfidenceFields(threshold: Double? = nil) -> [String] {
    ParsedCard.keyFields.filter { key in
      guard let c = confidence[key] else { return false }
      return c < threshold ?? ParsedCard.reviewThreshold(for: key)
    }
  }

  /// The fields that decide whether a contact is usable for follow-up.
  public static let keyFields = ["name", "company", "title", "emails", "phones"]
  /// Below this confidence a field goes to the review queue, unless it has its own threshold.
  public static let reviewThreshold = 0.6
  /// Fields whose misreading costs most, with a higher threshold: a wrong name opens the
  /// introductory e-mail, a wrong company files the contact under the wrong account. Calibrated
  /// on Fixtures/eval, photos and cards (216 cards): at 0.65 the queue catches 5 more wrong
  /// names for 5 more right ones, and 5 more wrong companies for 3 more right ones, than at 0.6.
  /// scripts/eval applies the same thresholds.
  public static let reviewThresholds: [String: Double] = ["name": 0.65, "company": 0.65]

  /// The confidence under which `field` goes to the review queue.
  public static func reviewThreshold(for field: String) -> Double {
    reviewThresholds[field] ?? reviewThreshold
  }
}
