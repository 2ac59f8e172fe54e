import Foundation
import MeishiCore

/// Character classes and small string helpers for Japanese and Latin card text.
extension Character {
  private var firstScalarValue: UInt32 { unicodeScalars.first?.value ?? 0 }

  /// A CJK ideograph, or one of the marks written with kanji (々 〆 ヶ ヵ).
  var isKanji: Bool {
    let v = firstScalarValue
    return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
      || (0xF900...0xFAFF).contains(v) || (0x20000...0x3134F).contains(v)
      || v == 0x3005 || v == 0x3006 || v == 0x30F6 || v == 0x30F5
  }

  /// Hiragana, including the iteration marks ゝゞ.
  var isHiragana: Bool { (0x3041...0x309F).contains(firstScalarValue) }

  /// Katakana, including the prolonged sound mark ー and the middle dot ・.
  var isKatakana: Bool {
    let v = firstScalarValue
    return (0x30A0...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v)
      || (0xFF66...0xFF9F).contains(v)
  }

  /// Kana or kanji.
  var isJapanese: Bool { isKanji || isHiragana || isKatakana }

  /// A kanji numeral of a written-out number ("二十一": 〇 一 … 九 十 百).
  var isKanjiNumeral: Bool { "〇一二三四五六七八九十百".contains(self) }

  /// An ASCII letter.
  var isLatinLetter: Bool { isASCII && isLetter }

  /// A Latin letter, with or without diacritics ("a", "ō").
  var isLatinish: Bool {
    if isLatinLetter { return true }
    guard isLetter, let base = String(self).decomposedStringWithCanonicalMapping.unicodeScalars.first
    else { return false }
    return base.isASCII && Character(base).isLetter
  }

  /// An ASCII digit.
  var isDigit: Bool { isASCII && isNumber }

  /// A dash that OCR or typesetting may use between digits (not the katakana ー).
  var isDashLike: Bool {
    switch self {
    case "-", "‐", "‑", "‒", "–", "—", "―", "−", "─", "━", "ｰ", "﹣", "－": true
    default: false
    }
  }
}

enum Text {
  /// Latin letters without their diacritics ("Satō" → "Sato").
  static func asciiFold(_ s: String) -> String {
    String(
      s.map { c -> Character in
        guard !c.isASCII, c.isLatinish,
          let base = String(c).decomposedStringWithCanonicalMapping.unicodeScalars.first
        else { return c }
        return Character(base)
      })
  }

  /// Removes white space that separates two Japanese characters (OCR puts
  /// stray spaces inside Japanese words: "株式 会社" → "株式会社").
  static func joinJapanese(_ s: String) -> String {
    removeSpaces(in: s) { $0.isJapanese && $1.isJapanese }
  }

  /// Removes each space whose neighbours satisfy `between(before, after)`.
  static func removeSpaces(in s: String, between: (Character, Character) -> Bool) -> String {
    let chars = Array(s)
    var out = ""
    for (i, ch) in chars.enumerated() {
      if ch == " ", i > 0, i + 1 < chars.count, between(chars[i - 1], chars[i + 1]) { continue }
      out.append(ch)
    }
    return out
  }

  /// All white space removed.
  /// Whether `a` and `b` are as long as each other and differ in exactly one character (a
  /// word with one character misread).
  static func differInOne<A: Collection<Character>, B: Collection<Character>>(_ a: A, _ b: B) -> Bool {
    a.count == b.count && zip(a, b).filter { $0 != $1 }.count == 1
  }

  static func compact(_ s: String) -> String {
    String(s.filter { !$0.isWhitespace })
  }

  /// Folds runs of white space to one ASCII space and trims.
  static func foldSpaces(_ s: String) -> String {
    s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// Trims white space and the given characters from both ends.
  /// Bars OCR makes of a speck, a kanji's stroke or a rule's end beside Japanese text
  /// ("営業部|", "高田陸|"); trimmed off with ``trim(_:_:)`` where a rule needs it.
  static let bars: Set<Character> = ["|", "｜", "丨"]

  static func trim(_ s: String, _ extra: Set<Character> = []) -> String {
    var chars = Substring(s)
    while let f = chars.first, f.isWhitespace || extra.contains(f) { chars.removeFirst() }
    while let l = chars.last, l.isWhitespace || extra.contains(l) { chars.removeLast() }
    return String(chars)
  }

  /// Dashes between digits unified to "-", and spaces around them removed
  /// ("2−21 - 1" → "2-21-1"); the katakana ー counts as a dash only between digits.
  static func unifyDigitDashes(_ s: String) -> String {
    let chars = Array(s)
    var out: [Character] = []
    var i = 0
    func prevDigit() -> Bool { out.last(where: { $0 != " " })?.isDigit ?? false }
    func nextDigit(after j: Int) -> Bool {
      var k = j + 1
      while k < chars.count, chars[k] == " " { k += 1 }
      return k < chars.count && chars[k].isDigit
    }
    while i < chars.count {
      let ch = chars[i]
      if ch.isDashLike || ch == "ー" || ch == "-" {
        if prevDigit() && nextDigit(after: i) {
          while out.last == " " { out.removeLast() }
          out.append("-")
          i += 1
          while i < chars.count, chars[i] == " " { i += 1 }
          continue
        }
        out.append(ch.isDashLike ? "-" : ch)
      } else {
        out.append(ch)
      }
      i += 1
    }
    return String(out)
  }

  /// The number of letters and digits (of any script) in `s`, not counting ー.
  static func alnumCount(_ s: String) -> Int {
    s.reduce(0) { $0 + (($1.isLetter || $1.isNumber) && $1 != "ー" ? 1 : 0) }
  }

  /// Levenshtein distance between two character sequences.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// Katakana converted to hiragana (for comparing readings).
  static func hiragana(_ s: String) -> String {
    String(s.map { Normalization.katakanaToHiragana($0) })
  }

  /// Splits `s` into runs of space-separated tokens by script: tokens with
  /// Japanese characters and tokens without ("営業部 Sales Dept." →
  /// ["営業部", "Sales Dept."]).
  static func scriptRuns(_ s: String) -> [String] {
    var runs: [(japanese: Bool, tokens: [Substring])] = []
    for token in s.split(separator: " ") {
      let j = token.contains(where: \.isJapanese)
      if let last = runs.last, last.japanese == j {
        runs[runs.count - 1].tokens.append(token)
      } else {
        runs.append((j, [token]))
      }
    }
    return runs.map { $0.tokens.joined(separator: " ") }
  }

  /// Rounds a confidence to two decimals and clamps it to 0…1.
  static func confidence(_ x: Double) -> Double {
    (min(1, max(0, x)) * 100).rounded() / 100
  }
}
