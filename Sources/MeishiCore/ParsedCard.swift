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

  /// The fields a person should check before trusting the contact:
  /// key fields present with a confidence under `threshold`.
  public func lowConfidenceFields(threshold: Double = ParsedCard.reviewThreshold) -> [String] {
    ParsedCard.keyFields.filter { key in
      guard let c = confidence[key] else { return false }
      return c < threshold
    }
  }

  /// The fields that decide whether a contact is usable for follow-up.
  public static let keyFields = ["name", "company", "title", "emails", "phones"]
  /// Below this confidence a key field goes to the review queue.
  public static let reviewThreshold = 0.6
}
