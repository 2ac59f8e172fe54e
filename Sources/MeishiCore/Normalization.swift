import Foundation

/// Text normalisation shared by the parser, the store and dedupe.
public enum Normalization {
  /// NFKC, trimmed, with runs of white space (including the ideographic space) folded to one ASCII space.
  public static func nfkc(_ s: String) -> String {
    let folded = s.precomposedStringWithCompatibilityMapping
    var out = ""
    var lastWasSpace = false
    for ch in folded {
      if ch.isWhitespace {
        if !lastWasSpace && !out.isEmpty { out.append(" ") }
        lastWasSpace = true
      } else {
        out.append(ch)
        lastWasSpace = false
      }
    }
    if out.hasSuffix(" ") { out.removeLast() }
    return out
  }

  /// Variant kanji folded to their common form, for matching only (never for display).
  public static let variantKanji: [Character: Character] = [
    "髙": "高", "﨑": "崎", "嵜": "崎", "邊": "辺", "邉": "辺", "齋": "斎", "齊": "斉",
    "澤": "沢", "濱": "浜", "櫻": "桜", "國": "国", "廣": "広", "德": "徳", "惠": "恵",
    "眞": "真", "與": "与", "冨": "富", "籠": "篭", "瀨": "瀬", "嶋": "島", "嶌": "島",
    "槇": "槙", "藪": "薮", "曾": "曽", "龍": "竜", "實": "実", "條": "条", "祐": "祐",
  ]

  /// A key for comparing personal names: NFKC, no spaces or middle dots,
  /// variant kanji folded, Latin lower-cased, katakana as hiragana.
  public static func nameKey(_ s: String) -> String {
    var out = ""
    for ch in nfkc(s).lowercased() {
      if ch == " " || ch == "・" || ch == "." || ch == "," || ch == "-" { continue }
      let folded = variantKanji[ch] ?? ch
      out.append(katakanaToHiragana(folded))
    }
    return out
  }

  /// A key for comparing company names: NFKC, legal forms and punctuation removed, lower-cased.
  public static func companyKey(_ s: String) -> String {
    var t = nfkc(s).lowercased()
    let forms = [
      "株式会社", "(株)", "㈱", "有限会社", "(有)", "㈲", "合同会社", "合資会社", "合名会社",
      "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "特定非営利活動法人", "npo法人",
      "co., ltd.", "co.,ltd.", "co.ltd.", "co., ltd", "co.,ltd", "k.k.", "inc.", "inc", "corp.",
      "corporation", "g.k.", "llc", "gmbh", "pte. ltd.", "ltd.", "ltd", "limited",
    ]
    for f in forms { t = t.replacingOccurrences(of: f, with: "") }
    var out = ""
    for ch in t where ch.isLetter || ch.isNumber {
      out.append(variantKanji[ch] ?? ch)
    }
    return out
  }

  /// Katakana (U+30A1…U+30F6) mapped to hiragana; other characters unchanged.
  public static func katakanaToHiragana(_ ch: Character) -> Character {
    guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1,
      (0x30A1...0x30F6).contains(scalar.value),
      let mapped = Unicode.Scalar(scalar.value - 0x60)
    else { return ch }
    return Character(mapped)
  }

  /// Lower-cased e-mail address, trimmed.
  public static func email(_ s: String) -> String {
    nfkc(s).lowercased()
  }
}
