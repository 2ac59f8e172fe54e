import Foundation

/// Kana to romaji (Hepburn), for comparing a printed romaji name with the
/// readings of a kanji name. Only used through ``NameDictionary/romajiKey(_:)``,
/// which folds the spelling differences (long vowels, Hepburn and kunrei).
enum Romaji {
  private static let base: [Character: String] = [
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so",
    "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
    "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i", "ゑ": "e", "を": "o", "ん": "n", "ゔ": "vu",
    "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o", "ゎ": "wa",
  ]

  private static let smallY: [Character: String] = ["ゃ": "a", "ゅ": "u", "ょ": "o"]

  /// Hepburn romaji of a hiragana or katakana string ("かわぐち" → "kawaguchi").
  /// Characters that are not kana are dropped; ー lengthens nothing.
  static func hepburn(_ kana: String) -> String {
    let chars = Array(Text.hiragana(kana))
    var out = ""
    var geminate = false
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == "っ" {
        geminate = true
        i += 1
        continue
      }
      guard var syllable = base[c] else {
        i += 1
        continue
      }
      if i + 1 < chars.count, let vowel = smallY[chars[i + 1]], syllable.hasSuffix("i"),
        syllable.count >= 2
      {
        let stem = String(syllable.dropLast())
        // し + ゃ → sha, ち + ゃ → cha, じ + ゃ → ja, き + ゃ → kya.
        syllable = (stem == "sh" || stem == "ch" || stem == "j") ? stem + vowel : stem + "y" + vowel
        i += 1
      }
      if geminate, let first = syllable.first, !"aiueon".contains(first) {
        out += syllable.hasPrefix("ch") ? "t" : String(first)
      }
      geminate = false
      out += syllable
      i += 1
    }
    return out
  }

  /// Hiragana without voicing marks (ざ → さ, ぱ → は), to compare readings that
  /// differ only by rendaku (やまざき, やまさき).
  static func unvoiced(_ s: String) -> String {
    String(
      s.map { c -> Character in
        let d = String(c).decomposedStringWithCanonicalMapping
        return d.unicodeScalars.first.map { Character($0) } ?? c
      })
  }

  private static let syllables: [(String, String)] = {
    var pairs: [(String, String)] = []
    for (k, v) in base where v.count >= 1 && k != "ゐ" && k != "ゑ" && k != "を" && k != "ぢ" && k != "づ"
      && !"ぁぃぅぇぉゎ".contains(k)
    {
      pairs.append((v, String(k)))
    }
    for (k, v) in base where v.hasSuffix("i") && v.count >= 2 && !"ぢ".contains(k) {
      let stem = String(v.dropLast())
      for (small, vowel) in smallY {
        let r = (stem == "sh" || stem == "ch" || stem == "j") ? stem + vowel : stem + "y" + vowel
        pairs.append((r, String(k) + String(small)))
      }
    }
    return pairs.sorted { $0.0.count > $1.0.count }
  }()

  /// Hiragana for Hepburn romaji, when it reads one way only ("yamasaki" →
  /// "やまさき"); nil when a letter is left over. Long vowels are not
  /// restored ("sato" → "さと"), so callers only use it to compare.
  static func fromHepburn(_ word: String) -> String? {
    var t = Substring(word.lowercased().filter(\.isLatinLetter))
    var out = ""
    while !t.isEmpty {
      if t.count >= 2, let f = t.first, let s = t.dropFirst().first, f == s, !"aiueon".contains(f) {
        out += "っ"
        t = t.dropFirst()
        continue
      }
      if t.hasPrefix("tch") {
        out += "っ"
        t = t.dropFirst()
        continue
      }
      if let (r, k) = syllables.first(where: { t.hasPrefix($0.0) }) {
        // "n" before a vowel or y is the na-row, not ん.
        if r == "n", let next = t.dropFirst().first, "aiueoy".contains(next) {
          return nil
        }
        out += k
        t = t.dropFirst(r.count)
      } else {
        return nil
      }
    }
    return out
  }

  /// Hiragana for a romanised name, looked up in the name lists ("Kawaguchi" →
  /// "かわぐち"); nil when no listed name has that spelling.
  static func surnameReading(_ word: String) -> String? {
    NameDictionary.shared.surnameReadingsByRomaji[NameDictionary.romajiKey(word)]
  }

  static func givenReading(_ word: String) -> String? {
    NameDictionary.shared.givenReadingsByRomaji[NameDictionary.romajiKey(word)]
  }
}
