/// Repairs of characters that OCR confuses, made only where the neighbours
/// show which one was printed:
///
/// - in a katakana word, the kanji that look like katakana become katakana
///   (一→ー, 口→ロ, 力→カ, 夕→タ, 工→エ, 二→ニ, 八→ハ): "マ一ケティング" →
///   "マーケティング", "口ボット" → "ロボット";
/// - between kanji, the katakana that look like kanji become kanji
///   (ロ→口, カ→力, タ→夕, エ→工, ニ→二, ハ→八, ー→一): "第ニ営業部" → "第二営業部",
///   "エ藤" → "工藤";
/// - in a hiragana word, the katakana ヘ/ベ/ペ become hiragana, and the reverse
///   in a katakana word;
/// - between ASCII digits, the kanji 一 is a dash ("03一1234一5678");
/// - after hiragana and before Japanese, < is く ("こは<酒造" → "こはく酒造").
///
/// Digits read as letters in phone numbers (O→0, l/I→1) are repaired by the
/// phone rule, where the number's length checks the repair.
enum OCRRepair {
  static let kanjiToKatakana: [Character: Character] = [
    "一": "ー", "口": "ロ", "力": "カ", "夕": "タ", "工": "エ", "二": "ニ", "八": "ハ",
  ]
  static let katakanaToKanji: [Character: Character] = [
    "ロ": "口", "カ": "力", "タ": "夕", "エ": "工", "ニ": "二", "ハ": "八", "ー": "一",
  ]
  static let katakanaToHiragana: [Character: Character] = ["ヘ": "へ", "ベ": "べ", "ペ": "ぺ"]
  static let hiraganaToKatakana: [Character: Character] = ["へ": "ヘ", "べ": "ベ", "ぺ": "ペ"]

  /// A katakana letter of a word (not ・, not the counters ヶ/ヵ, not ノ of 一ノ瀬).
  private static func isKatakanaLetter(_ c: Character?) -> Bool {
    guard let c, c.isKatakana else { return false }
    return c != "・" && c != "ヶ" && c != "ヵ" && c != "ノ"
  }

  private static func isKanjiProper(_ c: Character?) -> Bool {
    guard let c, c.isKanji else { return false }
    return c != "ヶ" && c != "ヵ"
  }

  /// A word boundary: nothing, a space or punctuation (not a digit or a letter).
  private static func isBoundary(_ c: Character?) -> Bool {
    guard let c else { return true }
    return !(c.isLetter || c.isNumber || c.isJapanese)
  }

  /// The repaired characters (same count, one for one).
  static func repair(_ chars: [Character]) -> [Character] {
    var out = chars
    for i in chars.indices {
      let c = chars[i]
      let prev: Character? = i > 0 ? out[i - 1] : nil
      let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
      // "こは<酒造": く read as the angle bracket, after hiragana and before Japanese ("こはく<"
      // is a speck beside the く, and stays odd).
      if c == "<", let prev, prev.isHiragana, prev != "く", next?.isJapanese ?? false {
        out[i] = "く"
        continue
      }
      if c == "一", prev?.isDigit ?? false, next?.isDigit ?? false {
        out[i] = "-"
        continue
      }
      if let k = kanjiToKatakana[c] {
        if c == "一" {
          // A long-vowel mark follows a katakana letter, never starts a word.
          if isKatakanaLetter(prev), isKatakanaLetter(next) || isBoundary(next) { out[i] = k }
        } else if isKatakanaLetter(prev) && (isKatakanaLetter(next) || isBoundary(next))
          || isBoundary(prev) && isKatakanaLetter(next) && next != "ー"
            && i + 2 < chars.count && isKatakanaLetter(chars[i + 2])
        {
          out[i] = k
        }
        continue
      }
      // "第ニ", "第ー": an ordinal takes a kanji numeral.
      if prev == "第", let k = ["ニ": "二", "ー": "一", "ハ": "八"][c] as Character? {
        out[i] = k
        continue
      }
      if let k = katakanaToKanji[c] {
        let prevKanji = isKanjiProper(prev)
        let nextKanji = isKanjiProper(next)
        if prevKanji && nextKanji {
          out[i] = k
        } else if isBoundary(prev), nextKanji, !isKatakanaLetter(next) {
          // A long-vowel mark never starts a word: "ー本松" is 一本松.
          out[i] = k
        }
        continue
      }
      if let h = katakanaToHiragana[c], prev?.isHiragana ?? false, next?.isHiragana ?? false {
        out[i] = h
        continue
      }
      if let k = hiraganaToKatakana[c], isKatakanaLetter(prev),
        isKatakanaLetter(next) || next == "ー"
      {
        out[i] = k
        continue
      }
    }
    return out
  }
}
