/// Katakana words in titles and departments whose voicing marks OCR misread ("ブロジェクト
/// リーダー" for "プロジェクトリーダー": the small circle read as two strokes, or a mark lost).
/// A run of katakana is mended only when it is no known word as read, and exactly one change
/// of one character's mark makes it a sequence of known words (the vocabulary's katakana
/// titles and units, and the words they are made of).
enum KatakanaMend {
  /// Characters that differ only by their voicing mark.
  static let alternates: [Character: [Character]] = {
    let groups: [[Character]] = [
      ["ハ", "バ", "パ"], ["ヒ", "ビ", "ピ"], ["フ", "ブ", "プ"], ["ヘ", "ベ", "ペ"], ["ホ", "ボ", "ポ"],
      ["カ", "ガ"], ["キ", "ギ"], ["ク", "グ"], ["ケ", "ゲ"], ["コ", "ゴ"], ["サ", "ザ"], ["シ", "ジ"],
      ["ス", "ズ"], ["セ", "ゼ"], ["ソ", "ゾ"], ["タ", "ダ"], ["チ", "ヂ"], ["テ", "デ"], ["ト", "ド"],
      ["ウ", "ヴ"],
    ]
    var map: [Character: [Character]] = [:]
    for g in groups { for c in g { map[c] = g.filter { $0 != c } } }
    return map
  }()

  /// Known katakana words: the vocabulary's katakana entries, and what is left of one when a
  /// shorter entry is taken off its end ("プロジェクト" from "プロジェクトマネージャー").
  static let words: Set<String> = {
    let entries = (Vocabulary.japaneseTitles + Vocabulary.departmentSuffixes)
      .filter { $0.count >= 2 && $0.allSatisfy(\.isKatakana) }
    var words = Set(entries)
    for e in entries {
      for f in entries where f.count < e.count && e.hasSuffix(f) {
        let head = String(e.dropLast(f.count))
        if head.count >= 2 { words.insert(head) }
      }
    }
    return words
  }()

  /// Whether `run` is one or more known words end to end.
  static func isKnown(_ run: [Character]) -> Bool {
    guard !run.isEmpty else { return false }
    var reach = [Bool](repeating: false, count: run.count + 1)
    reach[0] = true
    for i in 0..<run.count where reach[i] {
      for j in (i + 2)...max(i + 2, run.count) where j <= run.count {
        if words.contains(String(run[i..<j])) { reach[j] = true }
      }
    }
    return reach[run.count]
  }

  /// `text` with each katakana run of four or more characters mended as described above.
  static func mended(_ text: String) -> String {
    var chars = Array(text)
    var i = 0
    while i < chars.count {
      guard chars[i].isKatakana, chars[i] != "・" else {
        i += 1
        continue
      }
      var j = i
      while j < chars.count, chars[j].isKatakana, chars[j] != "・" { j += 1 }
      let run = Array(chars[i..<j])
      if run.count >= 4, !isKnown(run) {
        var found: [[Character]] = []
        for k in run.indices {
          for alt in alternates[run[k]] ?? [] {
            var candidate = run
            candidate[k] = alt
            if isKnown(candidate) { found.append(candidate) }
          }
        }
        if found.count == 1 { chars.replaceSubrange(i..<j, with: found[0]) }
      }
      i = j
    }
    return String(chars)
  }
}
