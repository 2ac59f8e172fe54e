import Foundation
public import MeishiCore

/// Phone-number normalisation to E.164.
///
/// Japanese numbers in domestic form ("03-1234-5678", "(03)1234-5678",
/// "090.1234.5678") become `+81…` without the trunk 0 (British and North American
/// ones on those countries' cards, see ``Country``). International forms keep
/// their country code; a trunk "0" in parentheses ("+44 (0) 20 …") or written
/// right after the country code ("+81 03 …") is dropped (not for Italy, where
/// the 0 belongs to the number). Japanese numbers are checked for length by
/// their prefix, so a number with a digit lost to OCR is rejected, not guessed.
public enum PhoneNumbers {
  /// A normalised number and the kind its prefix implies, if any.
  public struct Parsed: Sendable, Equatable {
    /// E.164, for example `+81312345678`.
    public var number: String
    /// `.mobile` for Japanese 070/080/090, `.other` for toll-free and
    /// similar service numbers, nil otherwise.
    public var hint: Phone.Kind?
  }

  /// Where a number printed without its country code is dialled: Japan, unless the card is a
  /// British or American office's (``PhoneExtractor``).
  public enum Country: Sendable {
    case japan, uk, us
  }

  /// Parses one printed number ("03-1234-5678", "+44 (0) 20 9876 5432"); a number without
  /// a country code is `domestic`'s ("020 7946 0958" in London, "(415) 488-6756" in the US).
  /// - Returns: nil when the text is not a valid number.
  public static func parse(_ printed: String, domestic: Country = .japan) -> Parsed? {
    var s = ""
    for c in printed.precomposedStringWithCompatibilityMapping {
      if c.isDigit || c == "+" || c == "(" || c == ")" {
        s.append(c)
      } else if c.isDashLike || c == "ー" || c == "." || c == " " {
        continue
      } else {
        return nil
      }
    }
    // A trunk zero in parentheses: "(0)".
    s = s.replacingAll("(0)", with: "")
    guard s.filter({ $0 == "+" }).count <= 1, !s.dropFirst().contains("+") else { return nil }
    let plus = s.hasPrefix("+")
    let digits = s.filter(\.isDigit)
    if plus {
      return international(digits)
    }
    switch domestic {
    case .uk:
      return british(digits)
    case .us:
      // A number with a trunk 0 is no North American one: a Japanese office's, on the card.
      if let parsed = northAmerican(digits) { return parsed }
    case .japan:
      break
    }
    if digits.hasPrefix("0"), !digits.hasPrefix("00") {
      return japanese(national: String(digits.dropFirst()))
    }
    return nil
  }

  /// A British number in domestic form: 0 and nine or ten digits ("020 7946 0958",
  /// "07911 123456").
  static func british(_ digits: String) -> Parsed? {
    guard digits.hasPrefix("0"), !digits.hasPrefix("00"), (10...11).contains(digits.count) else { return nil }
    let freephone = digits.hasPrefix("0800") || digits.hasPrefix("0808")
    return Parsed(number: "+44" + digits.dropFirst(), hint: digits.hasPrefix("07") ? .mobile : (freephone ? .other : nil))
  }

  /// A North American (NANP) number: area code and exchange each start 2–9, a leading 1
  /// optional.
  static func northAmerican(_ digits: String) -> Parsed? {
    let n = digits.count == 11 && digits.hasPrefix("1") ? String(digits.dropFirst()) : digits
    let d = Array(n)
    guard d.count == 10, d[0] >= "2", d[3] >= "2" else { return nil }
    let tollFree = ["800", "888", "877", "866", "855", "844", "833"].contains(String(n.prefix(3)))
    return Parsed(number: "+1" + n, hint: tollFree ? .other : nil)
  }

  static func international(_ digits: String) -> Parsed? {
    guard let (cc, national) = CallingCode.split(digits) else { return nil }
    if cc == "81" { return japanese(national: national) }
    guard national.count >= 6, cc.count + national.count <= 15, cc.count + national.count >= 8
    else {
      return nil
    }
    return Parsed(number: "+" + cc + national, hint: nil)
  }

  /// A Japanese number given without the trunk 0 ("312345678").
  static func japanese(national n: String) -> Parsed? {
    guard let first = n.first, first != "0" else { return nil }
    // 0800 is toll-free; mobile 080 numbers never continue with 0.
    let mobile = ["70", "80", "90"].contains { n.hasPrefix($0) } && !n.hasPrefix("800")
    let elevenDigitService = ["50", "20", "800"].contains { n.hasPrefix($0) }
    let tollFree = ["120", "800", "570", "990", "180", "20"].contains { n.hasPrefix($0) }
    let valid: Bool
    if mobile || elevenDigitService {
      valid = n.count == 10
    } else {
      valid = n.count == 9
    }
    guard valid else { return nil }
    let hint: Phone.Kind? = mobile ? .mobile : (tollFree ? .other : nil)
    return Parsed(number: "+81" + n, hint: hint)
  }
}

extension String {
  func replacingAll(_ needle: String, with replacement: String) -> String {
    guard !needle.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while !rest.isEmpty {
      if rest.hasPrefix(needle) {
        out += replacement
        rest = rest.dropFirst(needle.count)
      } else {
        out.append(rest.removeFirst())
      }
    }
    return out
  }
}

/// Which Japanese fixed-line numbers are in use, from MIC's assignment list (generated table,
/// `Generated/AreaCodes.swift`): a number's first six digits (0, area code, exchange) name
/// whether it can be dialled and how long its area code is (0165-29 is, area code 0165; 0165-25
/// is not assigned). OCR's slips in a number's first digit are checked against it.
enum AreaCodes {
  /// "0165" → the hundred next two digits' area-code lengths (0 where not in use).
  private static let table: [String: [UInt8]] = {
    var table: [String: [UInt8]] = [:]
    for row in NameTables.areaCodesTSV.split(separator: "\n") {
      let fields = row.split(separator: "\t")
      guard fields.count == 2, fields[1].utf8.count == 100 else { continue }
      table[String(fields[0])] = fields[1].utf8.map { $0 == UInt8(ascii: ".") ? 0 : $0 - UInt8(ascii: "0") }
    }
    return table
  }()

  /// The length of the area code, its 0 included, of a fixed-line number in domestic form
  /// ("0165297191" → 4), or nil when its first six digits are not assigned.
  static func areaCodeLength(_ digits: String) -> Int? {
    let d = Array(digits.utf8)
    guard d.count >= 6, d.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
      let row = table[String(decoding: d[0..<4], as: UTF8.self)]
    else { return nil }
    let length = row[Int(d[4] - UInt8(ascii: "0")) * 10 + Int(d[5] - UInt8(ascii: "0"))]
    return length == 0 ? nil : Int(length)
  }
}
