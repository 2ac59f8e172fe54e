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
/// - after hiragana and before Japanese, < is く ("こは<酒造" → "こはく酒造");
/// - a legal form with one kanji misread is that form ("全同会社" → "合同会社").
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
    return repairedLegalForms(out)
  }

  /// The legal forms of four kanji or more that end in 会社 or 法人, the only ones a misread
  /// character is looked for in.
  private static let mendableForms: [[Character]] = Vocabulary.japaneseLegalForms.map(Array.init).filter { f in
    f.count >= 4 && f.allSatisfy(\.isKanji) && (f.suffix(2) == ["会", "社"] || f.suffix(2) == ["法", "人"])
  }

  /// A legal form with one character misread ("全同会社" → 合同会社, "特定非営和活動法人" →
  /// 特定非営利活動法人): the forms are a closed list, and a word one character from exactly one
  /// of them, its 会社 or 法人 read right, can only be that one. A real word that close to
  /// several ("合弁会社": 合同, 合資, 合名) is left as it is.
  static func repairedLegalForms(_ chars: [Character]) -> [Character] {
    var out = chars
    // Each 会社 or 法人, and the forms that would end with it.
    for end in stride(from: 2, through: out.count, by: 1) {
      let tail = (out[end - 2], out[end - 1])
      guard tail == ("会", "社") || tail == ("法", "人") else { continue }
      let fits = mendableForms.filter { $0.count <= end && $0.last == out[end - 1] }
      if fits.contains(where: { out[(end - $0.count)..<end].elementsEqual($0) }) { continue }
      let near = fits.filter { f in
        out[end - f.count].isKanji && Text.differInOne(out[(end - f.count)..<end], f)
      }
      if near.count == 1, let form = near.first { out.replaceSubrange((end - form.count)..<end, with: form) }
    }
    return out
  }

}
