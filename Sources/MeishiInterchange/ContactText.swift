import Foundation
import MeishiCore

/// Text rules shared by the vCard and CSV readers and writers: scripts, name order, readings,
/// phone numbers, postal codes and addresses.
enum ContactText {
  // MARK: Scripts

  /// Han, kana, Hangul and their compatibility forms: names in these scripts put the family name first.
  static func isCJK(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x11FF, 0x2E80...0x2FDF, 0x3005...0x3007, 0x3040...0x30FF, 0x3130...0x318F,
      0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF,
      0xFF66...0xFF9F, 0x20000...0x3FFFF:
      true
    default: false
    }
  }

  static func containsCJK(_ s: String?) -> Bool {
    s?.unicodeScalars.contains { isCJK($0.value) } ?? false
  }

  /// Whether `s` holds hiragana or katakana (a reading, not a romanization).
  static func containsKana(_ s: String) -> Bool {
    s.unicodeScalars.contains {
      (0x3040...0x30FF).contains($0.value) || (0x31F0...0x31FF).contains($0.value)
        || (0xFF66...0xFF9F).contains($0.value)
    }
  }

  /// Whether every letter of `s` is Latin (ASCII, Latin-1, Latin Extended, full-width Latin)
  /// and there is at least one.
  static func isLatin(_ s: String) -> Bool {
    var letters = 0
    for scalar in s.unicodeScalars where scalar.properties.isAlphabetic {
      let v = scalar.value
      let latin =
        (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || (0xC0...0x24F).contains(v)
        || (0x1E00...0x1EFF).contains(v) || (0xFF21...0xFF3A).contains(v)
        || (0xFF41...0xFF5A).contains(v)
      guard latin else { return false }
      letters += 1
    }
    return letters > 0
  }

  // MARK: Whitespace

  /// Trimmed, runs of white space (the ideographic space too) folded to one ASCII space; nil when empty.
  static func collapsed(_ s: String?) -> String? {
    guard let s else { return nil }
    var out = ""
    var pendingSpace = false
    for ch in s {
      if ch.isWhitespace {
        pendingSpace = !out.isEmpty
      } else {
        if pendingSpace { out.append(" ") }
        out.append(ch)
        pendingSpace = false
      }
    }
    return out.isEmpty ? nil : out
  }

  /// `s` trimmed; nil when nothing is left.
  static func trimmed(_ s: String?) -> String? {
    guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
    return t
  }

  /// `s`, nil when empty.
  static func nonEmpty(_ s: String?) -> String? {
    guard let s, !s.isEmpty else { return nil }
    return s
  }

  // MARK: Names

  /// Whether the person's name is written family name first: as the name shows it when it starts
  /// with one of its parts ("Kawaguchi Yuri" with family name "Kawaguchi"), else when it is a CJK
  /// name. Readings are joined and split in this order.
  static func familyFirst(name: String?, family: String?, given: String?) -> Bool {
    let f = nonEmpty(family)
    let g = nonEmpty(given)
    if let name, !name.isEmpty {
      let startsWithFamily = f.map { name.hasPrefix($0) } ?? false
      let startsWithGiven = g.map { name.hasPrefix($0) } ?? false
      if startsWithFamily != startsWithGiven { return startsWithFamily }
      return containsCJK(name)
    }
    return containsCJK(f) || containsCJK(g)
  }

  /// The full name from its parts: "山田 太郎" for a CJK name, "Avery J Smith" otherwise.
  static func composeName(family: String?, given: String?, middle: String? = nil) -> String? {
    let f = nonEmpty(family)
    let g = nonEmpty(given)
    let m = nonEmpty(middle)
    let parts = containsCJK(f) || containsCJK(g) ? [f, m, g] : [g, m, f]
    let joined = parts.compactMap { $0 }.joined(separator: " ")
    return joined.isEmpty ? nil : joined
  }

  /// The name a formatted name (vCard `FN`) stands for: white space folded, and a CJK name written
  /// without a space ("山田太郎") split as its parts say ("山田 太郎"). Without a formatted
  /// name, the name composed from the parts.
  static func name(formatted: String?, family: String?, given: String?, middle: String? = nil)
    -> String?
  {
    if let fn = collapsed(formatted) {
      if containsCJK(fn), !fn.contains(" "), let f = nonEmpty(family), let g = nonEmpty(given),
        fn == f + g
      {
        return f + " " + g
      }
      return fn
    }
    return composeName(family: family, given: given, middle: middle)
  }

  /// The Latin name an importer assumes when the file says nothing else: the name itself when it
  /// is written in Latin letters.
  static func defaultLatinName(_ name: String?) -> String? {
    guard let name, isLatin(name) else { return nil }
    return name
  }

  // MARK: Readings

  /// The full reading from its parts, in the name's order.
  static func joinReading(family: String?, given: String?, familyFirst: Bool) -> String? {
    let parts = familyFirst ? [family, given] : [given, family]
    let joined = parts.compactMap { nonEmpty($0) }.joined(separator: " ")
    return joined.isEmpty ? nil : joined
  }

  /// The parts of a full reading: two words separated by one space are the family and given
  /// readings (in the name's order); anything else is all family reading.
  /// `joinReading(splitReading(k)) == k` for every `k`.
  static func splitReading(_ reading: String?, familyFirst: Bool) -> (
    family: String?, given: String?
  ) {
    guard let reading, !reading.isEmpty else { return (nil, nil) }
    let words = reading.split(separator: " ", omittingEmptySubsequences: false)
    if words.count == 2, !words[0].isEmpty, !words[1].isEmpty {
      return familyFirst
        ? (String(words[0]), String(words[1])) : (String(words[1]), String(words[0]))
    }
    return (reading, nil)
  }

  // MARK: Phones

  /// The kind of a phone from vCard `TYPE` values or a label (lower-cased): mobile, fax, other
  /// (pager, "other"), else an ordinary line.
  static func phoneKind(_ types: [String]) -> Phone.Kind {
    let t = types.map { $0.lowercased() }
    if t.contains(where: {
      $0 == "cell" || $0 == "mobile" || $0 == "iphone" || $0.contains("mobile") || $0 == "携帯"
        || $0.contains("携帯")
    }) {
      return .mobile
    }
    if t.contains(where: { $0.contains("fax") || $0.contains("ファクス") || $0.contains("ファックス") }) {
      return .fax
    }
    if t.contains(where: { $0 == "other" || $0 == "x-other" || $0 == "pager" || $0 == "その他" }) {
      return .other
    }
    return .tel
  }

  /// The number in E.164 form when it can be told: Japanese domestic numbers ("03-1234-5678")
  /// become `+81…` without the trunk 0; international numbers keep their country code and lose a
  /// trunk 0 ("+81 (0)3 …", "+44 020 …"); "010" (Japan's international prefix) starts an
  /// international number. Anything else is its digits. Text after the number ("内線 12",
  /// "ext. 12") is ignored.
  static func e164(_ raw: String) -> String {
    var kept = ""
    var sawDigit = false
    for ch in raw.precomposedStringWithCompatibilityMapping {
      if ch.isASCII, ch.isNumber || ch == "+" || ch == "(" || ch == ")" {
        kept.append(ch)
        if ch.isNumber { sawDigit = true }
      } else if ch.isLetter, sawDigit {
        break
      }
    }
    kept = kept.replacingOccurrences(of: "(0)", with: "")
    let plus = kept.first(where: { $0 != "(" }) == "+"
    let digits = kept.filter(\.isNumber)
    if plus { return international(digits) }
    if digits.hasPrefix("010") { return international(String(digits.dropFirst(3))) }
    if digits.hasPrefix("0"), !digits.hasPrefix("00") { return "+81" + digits.dropFirst() }
    return digits
  }

  static func international(_ digits: String) -> String {
    guard let (cc, national) = CallingCode.split(digits) else { return "+" + digits }
    return "+" + cc + national
  }

  /// A phone from its printed form and kind, `number` computed from `raw`.
  static func phone(raw: String, kind: Phone.Kind) -> Phone {
    Phone(kind: kind, number: e164(raw), raw: raw)
  }

  // MARK: Postal codes and addresses

  /// A postal code as the contract writes it: Japanese codes as `NNN-NNNN` (from "〒1050011",
  /// "１０５−００１１", …), other codes as given; nil when empty.
  static func postalCode(_ s: String?) -> String? {
    guard var t = collapsed(s?.precomposedStringWithCompatibilityMapping) else { return nil }
    if t.hasPrefix("〒") { t = String(t.dropFirst()).trimmingCharacters(in: .whitespaces) }
    let compact = t.filter { !($0 == "-" || $0 == " " || $0 == "ー" || $0 == "−" || $0 == "‐") }
    if compact.count == 7, compact.allSatisfy({ $0.isASCII && $0.isNumber }),
      t.count <= 9, t.allSatisfy({ $0.isNumber || !$0.isLetter })
    {
      return "\(compact.prefix(3))-\(compact.suffix(4))"
    }
    return t.isEmpty ? nil : t
  }

  static let japanNames: Set<String> = ["日本", "japan", "jp", "jpn", "日本国", "nippon"]

  /// One address line from the parts of a structured address (vCard `ADR`, Google's address
  /// columns), without the postal code: Japanese addresses as 都道府県 + 市区町村 + street and
  /// then the building after a space; others as "street, extended, locality, region".
  /// A country is kept only when it is not Japan.
  static func composeAddress(
    poBox: String?, extended: String?, street: String?, locality: String?, region: String?,
    country: String?
  ) -> String? {
    func clean(_ s: String?, _ newline: String) -> String? {
      guard let s else { return nil }
      let lines = s.split(whereSeparator: \.isNewline).compactMap { collapsed(String($0)) }
      return lines.isEmpty ? nil : lines.joined(separator: newline)
    }
    var countryText = clean(country, " ")
    if let c = countryText, japanNames.contains(c.lowercased()) { countryText = nil }
    let cjk = [street, locality, region, extended].contains { containsCJK($0) }
    if cjk {
      let main = [region, locality, street].compactMap { clean($0, " ") }.joined()
      let parts = [countryText, main.isEmpty ? nil : main, clean(extended, " "), clean(poBox, " ")]
      let joined = parts.compactMap { $0 }.joined(separator: " ")
      return joined.isEmpty ? nil : joined
    }
    let parts = [street, extended, poBox, locality, region].map { clean($0, ", ") } + [countryText]
    let joined = parts.compactMap { $0 }.joined(separator: ", ")
    return joined.isEmpty ? nil : joined
  }
}
