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

/// Country calling codes (ITU-T E.164), shared by the card parser and the address-book formats.
public enum CallingCode {
  /// Two-digit codes; 1 and 7 have one digit, every other code three.
  static let twoDigit: Set<String> = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
  ]
  /// Countries whose numbers keep their leading 0 after the country code (Italy, San Marino, Vatican).
  static let keepsZero: Set<String> = ["39", "378", "379"]

  /// Splits the digits of an international number (after the `+`) into the country code and
  /// the national number, dropping a trunk 0 written after the code ("+44 (0) 20…").
  /// Nil when the digits start with 0 (no country code).
  public static func split(_ digits: String) -> (code: String, national: String)? {
    guard let first = digits.first, first != "0" else { return nil }
    let length = first == "1" || first == "7" ? 1 : (twoDigit.contains(String(digits.prefix(2))) ? 2 : 3)
    let code = String(digits.prefix(length))
    var national = String(digits.dropFirst(length))
    if national.hasPrefix("0"), !keepsZero.contains(code) { national.removeFirst() }
    return (code, national)
  }
}
