/// A phone number printed on a card.
public struct Phone: Codable, Sendable, Hashable {
  /// What the number is for, as the card labels it (or as its prefix implies).
  public enum Kind: String, Codable, Sendable, CaseIterable {
    case tel, fax, mobile, other
  }

  /// The kind of line.
  public var kind: Kind
  /// The number in E.164 form, for example `+81312345678`.
  public var number: String
  /// The number as printed on the card.
  public var raw: String

  public init(kind: Kind, number: String, raw: String) {
    self.kind = kind
    self.number = number
    self.raw = raw
  }
}
