import MeishiCore

/// The person's name: Japanese (split into family and given name), romanised,
/// and the printed kana reading.
///
/// Japanese: a line of 2–8 kanji/kana starting with a kanji. The family name
/// is the longest known surname at the start (a printed space is honoured when
/// the part before it is a known surname); a given name found in the given-name
/// list makes the split surer. With no known surname the name is kept whole and
/// unsplit, at low confidence. Among several candidates the surest wins, and
/// the largest text breaks ties.
///
/// Latin: 2–4 capitalised words after an honorific (Dr., Mr., Ms. …) is
/// dropped; evidence is the e-mail local part ("avery.smith"), the romaji of
/// the Japanese name, or the romaji name lists. The family name is the word
/// in capitals ("YAMADA Taro"), the one matching the Japanese family name or
/// the surname list, else the last word.
///
/// Kana: a kana-only line whose reading starts with a reading of the family
/// name, or a two-part kana line next to the name.
enum NameExtractor {
  struct JapaneseSplit: Equatable {
    var family: String?
    var given: String?
    /// How sure the split is that this is a name, 0…1.
    var clarity: Double
    /// The name without spaces.
    var compact: String
    /// Whether the family name is in the surname list.
    var confirmed: Bool

    var display: String {
      if let family, let given { return family + " " + given }
      return family ?? compact
    }
  }

  static let businessSuffixes = ["工務店", "商店", "商会", "事務所", "製作所", "堂", "社", "店", "院"]

  /// Whether `s` is shaped like a Japanese personal name; nil if not.
  static func japaneseSplit(_ spaced: String) -> JapaneseSplit? {
    let tokens = spaced.split(separator: " ").map(String.init)
    let compact = tokens.joined()
    guard (2...8).contains(compact.count), let first = compact.first, first.isKanji,
      compact.allSatisfy({ $0.isKanji || $0.isHiragana || ($0.isKatakana && $0 != "・") })
    else { return nil }
    if Vocabulary.nonNameWords.contains(where: { compact.contains($0) })
      || CompanyExtractor.hasJapaneseLegalForm(compact)
      || Vocabulary.japaneseTitles.contains(where: { compact.hasSuffix($0) && $0.count >= 2 })
      || businessSuffixes.contains(where: { compact.hasSuffix($0) && compact.count >= 4 })
    {
      return nil
    }
    // A family name is kanji; a given name is kanji, or kana of one kind.
    func familyLike(_ f: String) -> Bool { !f.isEmpty && f.allSatisfy { $0.isKanji || $0 == "ノ" } }
    func givenLike(_ g: String) -> Bool {
      !g.isEmpty
        && (g.allSatisfy(\.isKanji) || g.allSatisfy(\.isHiragana)
          || g.allSatisfy { $0.isKatakana && $0 != "・" })
    }
    let dict = NameDictionary.shared
    // A surname alone ("中川"): do not cut it into family and given name.
    if tokens.count == 1 || letterSpacedTokens(tokens), compact.count <= 3,
      dict.surname(compact) != nil
    {
      return JapaneseSplit(
        family: compact, given: nil, clarity: 0.55, compact: compact, confirmed: true)
    }
    // A printed space between family and given name.
    let letterSpaced = letterSpacedTokens(tokens)
    if tokens.count >= 2, !letterSpaced {
      for k in 1..<tokens.count {
        let family = tokens[..<k].joined()
        let given = tokens[k...].joined()
        if dict.surname(family) != nil, given.count <= 4, givenLike(given) {
          return JapaneseSplit(
            family: family, given: given, clarity: 1.0, compact: compact, confirmed: true)
        }
      }
    }
    // The best known surname at the start.
    var best: (family: String, given: String, score: Double, givenKnown: Bool)?
    for len in stride(from: min(4, compact.count - 1), through: 1, by: -1) {
      let family = String(compact.prefix(len))
      let given = String(compact.dropFirst(len))
      guard (1...4).contains(given.count), givenLike(given), let surname = dict.surname(family)
      else { continue }
      let givenKnown = dict.givenReadings(given) != nil
      let score = (givenKnown ? 2.0 : 0) + Double(len) * 0.3 + (surname.rank < 500 ? 0.2 : 0)
      if best.map({ score > $0.score }) ?? true { best = (family, given, score, givenKnown) }
    }
    if let best {
      let clarity: Double
      if best.givenKnown {
        clarity = 0.95
      } else if best.family.count >= 2, best.given.count <= 2 {
        clarity = 0.85
      } else {
        clarity = 0.7
      }
      return JapaneseSplit(
        family: best.family, given: best.given, clarity: clarity, compact: compact, confirmed: true)
    }
    if tokens.count == 2, familyLike(tokens[0]), tokens[0].count <= 4, givenLike(tokens[1]),
      tokens[1].count <= 4
    {
      // Spaced like a name, but the surname is unknown.
      return JapaneseSplit(
        family: tokens[0], given: tokens[1], clarity: 0.6, compact: compact, confirmed: false)
    }
    // Only the shape says it may be a name: 2–5 kanji.
    guard compact.count <= 5, compact.allSatisfy(\.isKanji) else { return nil }
    return JapaneseSplit(family: nil, given: nil, clarity: 0.45, compact: compact, confirmed: false)
  }

  /// "山 田 太 郎": one character per token.
  static func letterSpacedTokens(_ tokens: [String]) -> Bool {
    tokens.count > 2 && tokens.allSatisfy { $0.count == 1 }
  }

  /// Whether `s` is a Japanese name whose family name is in the surname list.
  static func isConfirmedJapaneseName(_ s: String) -> Bool {
    guard let split = japaneseSplit(s) else { return false }
    return split.confirmed && split.clarity >= 0.85
  }

  // MARK: Latin

  struct LatinName {
    var printed: String
    var words: [String]
    var family: String
    var given: String
    var clarity: Double
    var orderClarity: Double
    var line: Int
    var run: String
  }

  /// The words of a Latin name line without honorifics and post-nominals; nil
  /// if the line is not shaped like a name.
  static func latinNameWords(_ rest: String) -> [String]? {
    guard !rest.contains(where: \.isJapanese), !rest.contains(where: \.isDigit), !rest.contains("@")
    else {
      return nil
    }
    let parts = rest.split(separator: ",").map { Text.trim(String($0)) }
    guard let head = parts.first,
      parts.dropFirst().allSatisfy({ Vocabulary.postNominals.contains($0.lowercased()) })
    else { return nil }
    var words = head.split(separator: " ").map(String.init)
    while let w = words.first, Vocabulary.honorifics.contains(w.lowercased()) {
      words.removeFirst()
    }
    while let w = words.last, Vocabulary.postNominals.contains(w.lowercased()) {
      words.removeLast()
    }
    guard (2...4).contains(words.count) else { return nil }
    for w in words {
      let chars = Array(w)
      guard let f = chars.first, f.isLatinLetter, f.isUppercase else { return nil }
      let isInitial = chars.count == 2 && chars[1] == "."
      guard isInitial || chars.allSatisfy({ $0.isLatinLetter || $0 == "-" || $0 == "'" }) else {
        return nil
      }
      let l = w.lowercased()
      if Vocabulary.latinNonNameWords.contains(l) || Vocabulary.latinTitleWords.contains(l)
        || Vocabulary.latinDepartmentWords.contains(l) || Vocabulary.honorifics.contains(l)
      {
        return nil
      }
    }
    guard words.filter({ $0.count >= 2 && !$0.hasSuffix(".") }).count >= 2 else { return nil }
    return words
  }

  /// How strongly outside evidence says `words` are a person's name, 0…1.
  static func latinNameEvidence(_ words: [String], state: ParseState) -> Double {
    let lw = words.map { $0.lowercased().filter(\.isLatinLetter) }.filter { $0.count >= 2 }
    guard lw.count >= 2 else { return 0 }
    var best = 0.0
    for local in state.emailLocalParts {
      let parts = local.split(whereSeparator: { !$0.isLatinLetter }).map(String.init)
      let letters = local.filter(\.isLatinLetter)
      if lw.allSatisfy({ parts.contains($0) }) || letters == lw.joined()
        || letters == lw.reversed().joined()
      {
        best = max(best, 0.95)
      } else if lw.contains(where: { w in parts.contains(w) && w.count >= 3 }) {
        // "t.yamada", "yamada-t", "tyamada"
        best = max(best, 0.9)
      } else if lw.contains(where: { $0.count >= 4 && letters.contains($0) }) {
        best = max(best, 0.85)
      }
    }
    let dict = NameDictionary.shared
    if let family = state.contact.familyName, let surname = dict.surname(family),
      lw.contains(where: { surname.romaji.contains(NameDictionary.romajiKey($0)) })
    {
      best = max(best, 0.95)
    }
    let surnameWords = lw.filter { dict.isSurnameRomaji($0) && $0.count >= 3 }
    let givenWords = lw.filter { dict.isGivenRomaji($0) && $0.count >= 3 }
    if !surnameWords.isEmpty, !givenWords.isEmpty, Set(surnameWords + givenWords).count >= 2 {
      best = max(best, 0.85)
    }
    return best
  }

  static func latinName(_ state: ParseState) -> LatinName? {
    let open = state.openLines
    var best: LatinName?
    var bestScore = 0.0
    for i in open {
      for run in Text.scriptRuns(state.lines[i].rest) where !run.contains(where: \.isJapanese) {
        guard let words = latinNameWords(run) else { continue }
        let evidence = latinNameEvidence(words, state: state)
        var clarity = max(evidence, 0.5)
        if state.isTallest(i, among: open) { clarity += 0.05 }
        let score = clarity + (state.lines[i].size / max(1, state.medianSize)) * 0.01
        if score > bestScore {
          bestScore = score
          let (family, given, order) = latinFamilyGiven(words, state: state)
          best = LatinName(
            printed: words.joined(separator: " "), words: words, family: family, given: given,
            clarity: min(1, clarity), orderClarity: order, line: i, run: run)
        }
      }
    }
    return best
  }

  /// Which word is the family name.
  static func latinFamilyGiven(_ words: [String], state: ParseState) -> (String, String, Double) {
    func result(_ k: Int, _ clarity: Double) -> (String, String, Double) {
      var rest = words
      let family = rest.remove(at: k)
      return (family, rest.joined(separator: " "), clarity)
    }
    let caps = words.indices.filter {
      words[$0].count >= 2 && words[$0].allSatisfy { $0.isUppercase || !$0.isLetter }
    }
    if caps.count == 1 { return result(caps[0], 0.95) }
    let dict = NameDictionary.shared
    if let family = state.contact.familyName, let surname = dict.surname(family),
      let k = words.firstIndex(where: { surname.romaji.contains(NameDictionary.romajiKey($0)) })
    {
      return result(k, 0.95)
    }
    if words.count == 2 {
      let s0 = dict.isSurnameRomaji(words[0])
      let s1 = dict.isSurnameRomaji(words[1])
      let g0 = dict.isGivenRomaji(words[0])
      let g1 = dict.isGivenRomaji(words[1])
      if s0, g1, !(s1 && g0) { return result(0, 0.85) }
      if s1, g0, !(s0 && g1) { return result(1, 0.85) }
    }
    // Western order: given name(s) first; an address "given.family@" agrees.
    let lw = words.map { $0.lowercased() }
    let emailAgrees = state.emailLocalParts.contains { local in
      let parts = local.split(whereSeparator: { !$0.isLetter }).map(String.init)
      return parts.count == lw.count && parts == lw
    }
    return result(words.count - 1, emailAgrees ? 0.9 : 0.8)
  }

  // MARK: Run

  static func run(_ state: inout ParseState) {
    let open = state.openLines
    // Japanese name.
    var kanaOnNameLine: String?
    var japanese: (split: JapaneseSplit, line: Int, score: Double, run: String)?
    for i in open {
      for run in Text.scriptRuns(state.lines[i].rest) where run.contains(where: \.isJapanese) {
        guard let (split, kana) = japaneseCandidate(run) else { continue }
        var score = split.clarity
        if state.isTallest(i, among: open) { score += 0.1 }
        score += min(0.05, max(0, state.relativeSize(i) - 1) * 0.05)
        if japanese.map({ score > $0.score }) ?? true {
          japanese = (split, i, score, run)
          kanaOnNameLine = kana
        }
      }
    }
    if let jp = japanese {
      let split = jp.split
      var clarity = split.clarity
      if !split.confirmed, state.isTallest(jp.line, among: open) { clarity += 0.05 }
      let conf = state.lines[jp.line].confidence
      state.contact.name = split.display
      state.contact.familyName = split.family
      state.contact.givenName = split.given
      state.nameLine = jp.line
      let others = Text.scriptRuns(state.lines[jp.line].rest).filter { $0 != jp.run }
      state.lines[jp.line].setRest(others.joined(separator: " "))
      state.lines[jp.line].roles.insert(.name)
      // Corroboration from the e-mail local part ("taro.yamada").
      if let family = split.family, let surname = NameDictionary.shared.surname(family),
        state.emailLocalParts.contains(where: { local in
          surname.romaji.contains { r in r.count >= 3 && NameDictionary.romajiKey(local).contains(r)
          }
        })
      {
        clarity = min(1, clarity + 0.03)
      }
      state.setConfidence(.name, clarity * conf)
      let partClarity = split.confirmed ? clarity : clarity * 0.9
      if split.family != nil { state.setConfidence(.familyName, partClarity * conf) }
      if split.given != nil { state.setConfidence(.givenName, partClarity * conf) }
      if let kana = kanaOnNameLine {
        state.contact.nameKana = kanaText(kana, split: split)
        state.setConfidence(.nameKana, kanaClarity(kana, split: split, adjacent: true) * conf)
      }
    }
    // Romanised name.
    if let latin = latinName(state) {
      let conf = state.lines[latin.line].confidence
      state.contact.nameLatin = latin.printed
      state.setConfidence(.nameLatin, latin.clarity * conf)
      let others = Text.scriptRuns(state.lines[latin.line].rest).filter { $0 != latin.run }
      state.lines[latin.line].setRest(others.joined(separator: " "))
      state.lines[latin.line].roles.insert(.nameLatin)
      if state.contact.name == nil {
        state.contact.name = latin.printed
        state.contact.familyName = latin.family
        state.contact.givenName = latin.given
        state.setConfidence(.name, latin.clarity * conf)
        state.setConfidence(.familyName, latin.clarity * latin.orderClarity * conf)
        state.setConfidence(.givenName, latin.clarity * latin.orderClarity * conf)
      }
    }
    // Printed reading.
    if state.contact.nameKana == nil {
      var best: (text: String, clarity: Double, line: Int)?
      for i in state.openLines {
        let rest = state.lines[i].rest
        guard isKana(rest) else { continue }
        let adjacent = state.nameLine.map { abs($0 - i) == 1 } ?? false
        let split = japanese?.split
        let clarity = kanaClarity(rest, split: split, adjacent: adjacent)
        guard clarity > 0 else { continue }
        if best.map({ clarity > $0.clarity }) ?? true { best = (Text.foldSpaces(rest), clarity, i) }
      }
      if let best {
        state.contact.nameKana = kanaText(best.text, split: japanese?.split)
        state.setConfidence(.nameKana, best.clarity * state.lines[best.line].confidence)
        state.lines[best.line].consumeAll()
        state.lines[best.line].roles.insert(.nameKana)
      }
    }
  }

  /// A Japanese name candidate, with a reading in parentheses after it
  /// ("山田 太郎 (やまだ たろう)") split off.
  static func japaneseCandidate(_ run: String) -> (JapaneseSplit, String?)? {
    var text = run
    var kana: String?
    if let o = text.firstIndex(of: "("), let c = text.lastIndex(of: ")"), o < c {
      let inner = Text.trim(String(text[text.index(after: o)..<c]))
      if isKana(inner) {
        kana = inner
        text = Text.trim(String(text[..<o]) + " " + String(text[text.index(after: c)...]))
      }
    }
    guard let split = japaneseSplit(text) else { return nil }
    return (split, kana)
  }

  /// The reading as printed, with OCR's stray spaces removed: one space
  /// between family and given name where the card had a space.
  static func kanaText(_ kana: String, split: JapaneseSplit?) -> String {
    let tokens = kana.split(separator: " ").map(String.init)
    guard tokens.count > 2 || (tokens.count == 2 && split?.family != nil) else { return kana }
    let compact = tokens.joined()
    if let family = split?.family, let surname = NameDictionary.shared.surname(family) {
      let reading = Text.hiragana(compact)
      for r in surname.readings where reading.hasPrefix(r) && reading.count > r.count {
        return String(compact.prefix(r.count)) + " " + String(compact.dropFirst(r.count))
      }
    }
    return tokens.count == 2 ? kana : compact
  }

  /// Kana only (hiragana or katakana, with spaces, ー and ・), 2–20 kana.
  static func isKana(_ s: String) -> Bool {
    let c = Text.compact(s).filter { $0 != "・" }
    return (2...20).contains(c.count) && c.allSatisfy { $0.isHiragana || $0.isKatakana }
      && c.contains { $0 != "ー" }
  }

  /// How sure we are that `kana` is the reading of the name `split`; 0 when not.
  static func kanaClarity(_ kana: String, split: JapaneseSplit?, adjacent: Bool) -> Double {
    let reading = Text.hiragana(Text.compact(kana).filter { $0 != "・" })
    let dict = NameDictionary.shared
    if let split, let family = split.family, let surname = dict.surname(family) {
      for r in surname.readings where reading.hasPrefix(r) {
        let givenPart = String(reading.dropFirst(r.count))
        if let given = split.given, let readings = dict.givenReadings(given),
          readings.contains(givenPart)
        {
          return 1.0
        }
        return 0.95
      }
    }
    let parts = Text.foldSpaces(kana).split(whereSeparator: { $0 == " " || $0 == "・" })
    if adjacent, parts.count == 2 { return 0.65 }
    return 0
  }
}
