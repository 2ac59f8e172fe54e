/// Cheap checks that a value reads like what it claims to be. They only lower
/// a field's confidence (OCR garbage that slipped through a rule), never
/// change a value.
enum Plausibility {
  /// Small kana, and the marks that cannot start a word.
  static let noStart: Set<Character> = [
    "ン", "ッ", "ー", "ャ", "ュ", "ョ", "ァ", "ィ", "ゥ", "ェ", "ォ", "ん", "っ", "ゃ", "ゅ", "ょ", "ぁ",
    "ぃ", "ぅ", "ぇ", "ぉ", "ゎ", "ヮ", "ゝ", "ゞ", "ヽ", "ヾ", "々",
  ]
  /// Kana after which a small ャュョ may stand (the i-row, and ー-less forms).
  static let yoonBase: Set<Character> = Set(
    "キギシジチヂニヒビピミリきぎしじちぢにひびぴみり")

  /// Whether a run of kana breaks the rules of Japanese spelling: a word
  /// starting with ン, ッ, ー or a small kana; a small ャュョ after a kana that
  /// takes none; a small vowel doubling the one before ("エェ").
  static func kanaLooksBroken(_ s: String) -> Bool {
    let chars = Array(s)
    for (i, c) in chars.enumerated() where c.isHiragana || c.isKatakana {
      let prev: Character? = i > 0 ? chars[i - 1] : nil
      let prevIsKana = prev.map { $0.isHiragana || $0.isKatakana } ?? false
      if !prevIsKana, !(prev?.isKanji ?? false), noStart.contains(c), c != "ー" || prev == nil {
        return true
      }
      if "ャュョゃゅょ".contains(c), let prev, prevIsKana, !yoonBase.contains(prev), prev != "ー" {
        // テュ, デュ, フュ, ヴュ are loanword spellings.
        if !(c == "ュ" && "テデフヴ".contains(prev)) { return true }
      }
      if "ァィゥェォ".contains(c), let prev, "アイウエオ".contains(prev) { return true }
    }
    return false
  }

  /// Characters no company name, address or person's name holds.
  static let oddMarks: Set<Character> = ["<", ">", "|", "~", "^", "`", "。", "※", "\\", "{", "}", "_"]

  static func hasOddMarks(_ s: String) -> Bool { s.contains(where: oddMarks.contains) }

  /// Whether the block number of a Japanese address is written the way
  /// addresses are ("4-2-8", "4丁目2番8号", "四丁目二番八号", "15番地27"); OCR's
  /// "4オー2", "中崎-14-4", "越河 -6", "2番号", "4目20.16" are not.
  static func blockLooksBroken(_ address: String) -> Bool {
    let c = Array(address)
    for (i, ch) in c.enumerated() {
      let prev: Character? = i > 0 ? c[i - 1] : nil
      let next: Character? = i + 1 < c.count ? c[i + 1] : nil
      if ch == "-" {
        // A dash joins two numbers.
        guard prev?.isDigit == true, next?.isDigit == true else { return true }
      }
      if ch == ".", prev?.isDigit == true, next?.isDigit == true { return true }
      if ch.isKatakana, ch != "ー", prev?.isDigit == true, next?.isDigit == true || next == "ー" {
        return true
      }
      if ch == "目", let prev, prev.isDigit || prev.isKanjiNumeral { return true }
      if ch == "号", prev == "番" { return true }
      if ch.isLatinLetter, !"FBfb".contains(ch), !(prev?.isLatinLetter ?? false),
        let next, next.isDigit || next.isDashLike || next == "一"
      {
        return true
      }
    }
    return false
  }
}
