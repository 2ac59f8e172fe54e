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
    // On scalars with a plain search: string-library searches made this a third of ingest time.
    var t = Array(nfkc(s).lowercased().unicodeScalars)
    for f in legalFormScalars where f.count <= t.count {
      var i = 0
      while i + f.count <= t.count {
        if t[i] == f[0] && t[i..<(i + f.count)].elementsEqual(f) {
          t.removeSubrange(i..<(i + f.count))
        } else {
          i += 1
        }
      }
    }
    var out = ""
    for ch in String(String.UnicodeScalarView(t)) where ch.isLetter || ch.isNumber {
      out.append(variantKanji[ch] ?? ch)
    }
    return out
  }

  static let legalFormScalars: [[Unicode.Scalar]] = legalForms.map { Array($0.unicodeScalars) }

  /// Legal forms (lower-cased, NFKC), longest first so that "co., ltd." goes before "ltd.".
  public static let legalForms: [String] = {
    let forms = [
      "株式会社", "(株)", "㈱", "有限会社", "(有)", "㈲", "合同会社", "合資会社", "合名会社",
      "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "特定非営利活動法人", "npo法人",
      "co., ltd.", "co.,ltd.", "co.ltd.", "co., ltd", "co.,ltd", "k.k.", "inc.", "inc", "corp.",
      "corporation", "g.k.", "llc", "gmbh", "pte. ltd.", "ltd.", "ltd", "limited",
    ]
    return forms
  }()

  /// A key for comparing readings: hiragana, no spaces or middle dots (やまだたろう).
  public static func kanaKey(_ s: String) -> String {
    String(nfkc(s).filter { $0 != " " && $0 != "・" && $0 != "　" }.map(katakanaToHiragana))
  }

  /// A key for comparing romaji names: lower-cased words in alphabetical order (so "YAMADA Taro"
  /// and "Taro Yamada" agree), honorifics dropped, long vowels folded (Satoh, Satou → sato).
  public static func latinKey(_ s: String) -> String {
    let drop: Set<String> = ["dr", "mr", "mrs", "ms", "prof", "phd", "mba", "jr", "sr"]
    let words = nfkc(s).lowercased()
      .split(whereSeparator: { !$0.isLetter })
      .map(String.init)
      .filter { !drop.contains($0) && $0.allSatisfy { $0.isASCII } }
      .map(foldLongVowels)
    return words.sorted().joined(separator: " ")
  }

  /// Hepburn long-vowel spellings folded: ou/oo/oh → o, uu → u, ei stays.
  static func foldLongVowels(_ w: String) -> String {
    var t = w
    for (a, b) in [("ou", "o"), ("oo", "o"), ("uu", "u")] { t = t.replacingOccurrences(of: a, with: b) }
    if t.hasSuffix("oh") { t = String(t.dropLast()) }
    t = t.replacingOccurrences(of: "oh", with: "o")
    return t
  }

  /// The domain of an e-mail address, lower-cased (nil for free-mail providers, which say
  /// nothing about a company).
  public static func companyDomain(ofEmail email: String) -> String? {
    guard let at = email.lastIndex(of: "@") else { return nil }
    let d = String(email[email.index(after: at)...]).lowercased()
    return freeMail.contains(d) ? nil : d
  }

  static let freeMail: Set<String> = [
    "gmail.com", "yahoo.co.jp", "yahoo.com", "outlook.com", "outlook.jp", "hotmail.com", "hotmail.co.jp",
    "icloud.com", "me.com", "live.jp", "live.com", "docomo.ne.jp", "ezweb.ne.jp", "au.com",
    "softbank.ne.jp", "i.softbank.jp", "nifty.com", "biglobe.ne.jp", "ocn.ne.jp", "aol.com", "protonmail.com",
  ]

  /// Hiragana (U+3041…U+3096) mapped to katakana; other characters unchanged.
  public static func hiraganaToKatakana(_ ch: Character) -> Character {
    guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1,
      (0x3041...0x3096).contains(scalar.value),
      let mapped = Unicode.Scalar(scalar.value + 0x60)
    else { return ch }
    return Character(mapped)
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
