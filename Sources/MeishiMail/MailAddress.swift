import Foundation

/// An e-mail address with an optional display name, checked when made.
///
/// The address is a plain ASCII `local@domain` (dot-atom on both sides), so it is safe in a header
/// and in an SMTP envelope as it is. The display name is free text (from a card, say): it is
/// cleaned and encoded when the header is written, never written raw.
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
  /// `local@domain`.
  public let address: String
  /// The name shown before the address, e.g. 「山田 太郎 様」; nil or empty for none.
  public var displayName: String?

  /// Checks `address` (surrounding spaces are ignored).
  /// - Throws: `MailError.Code.invalidAddress`, naming the address and what is wrong with it.
  public init(_ address: String, displayName: String? = nil) throws(MailError) {
    self.address = try Self.validate(address)
    self.displayName = displayName
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let raw = try c.decode(String.self, forKey: .address)
    do {
      address = try Self.validate(raw)
    } catch {
      throw DecodingError.dataCorruptedError(
        forKey: .address, in: c, debugDescription: error.description)
    }
    displayName = try c.decodeIfPresent(String.self, forKey: .displayName)
  }

  /// The domain part, lowercased.
  public var domain: String {
    String(address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...])
      .lowercased()
  }

  /// `"Name" <local@domain>` for people (not encoded; for logs and messages).
  public var description: String {
    if let n = displayName, !n.isEmpty { return "\(HeaderText.clean(n)) <\(address)>" }
    return address
  }

  static let atext: Set<UInt8> = {
    var s = Set<UInt8>()
    for b in UInt8(ascii: "a")...UInt8(ascii: "z") { s.insert(b) }
    for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { s.insert(b) }
    for b in UInt8(ascii: "0")...UInt8(ascii: "9") { s.insert(b) }
    for c in "!#$%&'*+-/=?^_`{|}~".utf8 { s.insert(c) }
    return s
  }()

  /// RFC 5322 dot-atom-text: atext runs separated by single dots.
  static func isDotAtom(_ text: Substring) -> Bool {
    guard !text.isEmpty, text.first != ".", text.last != ".", !text.contains("..") else {
      return false
    }
    return text.utf8.allSatisfy { $0 == UInt8(ascii: ".") || atext.contains($0) }
  }

  /// A host name: letters, digits and hyphens in dot-separated labels of 1–63 characters.
  static func isHostName(_ text: Substring) -> Bool {
    guard !text.isEmpty, text.utf8.count <= 253 else { return false }
    return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
      !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
        && label.utf8.allSatisfy { b in
          (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "-")
        }
    }
  }

  static func validate(_ raw: String) throws(MailError) -> String {
    let text = raw.trimmingCharacters(in: .whitespaces)
    func fail(_ why: String) -> MailError {
      MailError(
        .invalidAddress,
        "\(debugQuoted(raw)) is not a usable e-mail address: \(why). "
          + "Write it as local@domain, e.g. taro.yamada@example.co.jp (correct the contact's e-mail)."
      )
    }
    guard !text.isEmpty else { throw fail("it is empty") }
    guard text.unicodeScalars.allSatisfy({ $0.isASCII }) else {
      throw fail("it has non-ASCII characters (internationalized addresses are not supported)")
    }
    guard let at = text.lastIndex(of: "@"), text.firstIndex(of: "@") == at else {
      throw fail("it needs exactly one @")
    }
    let local = text[..<at]
    let domain = text[text.index(after: at)...]
    guard text.utf8.count <= 254, local.utf8.count <= 64 else { throw fail("it is too long") }
    guard isDotAtom(local) else {
      throw fail("the part before @ has a space, bracket, control character or misplaced dot")
    }
    guard isHostName(domain) else { throw fail("the part after @ is not a domain name") }
    return String(text)
  }
}

/// A Message-ID (RFC 5322 §3.6.4), kept without its angle brackets: `left@right`.
public struct MessageID: Sendable, Hashable, Codable, CustomStringConvertible {
  /// `left@right`, without angle brackets.
  public let value: String

  /// Checks a Message-ID, with or without the angle brackets.
  /// - Throws: `MailError.Code.invalidMessageID`.
  public init(_ text: String) throws(MailError) {
    var t = text.trimmingCharacters(in: .whitespaces)[...]
    if t.first == "<" && t.last == ">" && t.count >= 2 { t = t.dropFirst().dropLast() }
    guard t.utf8.count <= 250, let at = t.lastIndex(of: "@"),
      MailAddress.isDotAtom(t[..<at]),
      MailAddress.isDotAtom(t[t.index(after: at)...])
    else {
      throw MailError(
        .invalidMessageID,
        "\(debugQuoted(text)) is not a Message-ID: it should look like "
          + "<unique-part@sender-domain>, ASCII without spaces (use the Message-ID of the sent mail "
          + "exactly as stored).")
    }
    value = String(t)
  }

  public init(from decoder: any Decoder) throws {
    let raw = try decoder.singleValueContainer().decode(String.self)
    do {
      self = try MessageID(raw)
    } catch {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: error.description))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(value)
  }

  /// A new random Message-ID at `domain` (128 random bits, hex).
  public static func random(domain: String) -> MessageID {
    var rng = SystemRandomNumberGenerator()
    let hex = (0..<2).map { _ in
      let s = String(rng.next() as UInt64, radix: 16)
      return String(repeating: "0", count: 16 - s.count) + s
    }.joined()
    let host = MailAddress.isHostName(domain[...]) ? domain.lowercased() : "meishi.invalid"
    return MessageID(unchecked: "\(hex)@\(host)")
  }

  private init(unchecked value: String) { self.value = value }

  /// `<left@right>`, as written in headers.
  public var bracketed: String { "<\(value)>" }
  public var description: String { bracketed }
}

/// A value quoted for an error message, with control characters made visible.
func debugQuoted(_ text: String) -> String {
  var out = "\""
  for s in text.unicodeScalars.prefix(200) {
    switch s {
    case "\r": out += "\\r"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\"": out += "\\\""
    default:
      if HeaderText.isLineBreakingOrControl(s) || HeaderText.isBidiControl(s) {
        out += "\\u{\(String(s.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(s)
      }
    }
  }
  if text.unicodeScalars.count > 200 { out += "…" }
  return out + "\""
}
