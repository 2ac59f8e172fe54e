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
    /// Whether the split follows a space printed between family and given name.
    var printedSpace = false

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
      || AddressExtractor.officeLabel(compact) != nil
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
          // A given name missing from the list is still a given name (rare
          // kanji), but less sure.
          let known = dict.givenReadings(given) != nil || given.allSatisfy(\.isHiragana)
            || given.allSatisfy(\.isKatakana)
          // "新 田瑞希": a one-character family name before a given name no list knows, where
          // the space is OCR's (a gap in a vertical column); a known family name the other way
          // ("新田 瑞希") is the better reading when its given name is known too, or when it is
          // the commoner family name ("坂井" over "坂").
          if !known, family.count == 1, given.count >= 3, let printed = dict.surname(family) {
            let other = (2...min(3, compact.count - 1)).lazy.map { len in
              (String(compact.prefix(len)), String(compact.dropFirst(len)))
            }.first { f, g in
              guard let s = dict.surname(f) else { return false }
              return dict.givenReadings(g) != nil || s.rank < printed.rank
            }
            if let (f, g) = other {
              return JapaneseSplit(
                family: f, given: g, clarity: 0.85, compact: compact, confirmed: true)
            }
          }
          return JapaneseSplit(
            family: family, given: given, clarity: known ? 1.0 : 0.9, compact: compact,
            confirmed: true, printedSpace: true)
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
        family: tokens[0], given: tokens[1], clarity: 0.6, compact: compact, confirmed: false,
        printedSpace: true)
    }
    // Only the shape says it may be a name: 2–5 kanji.
    guard compact.count <= 5, compact.allSatisfy(\.isKanji) else { return nil }
    return JapaneseSplit(family: nil, given: nil, clarity: 0.45, compact: compact, confirmed: false)
  }

  /// "山 田 太 郎": one character per token.
  static func letterSpacedTokens(_ tokens: [String]) -> Bool {
    tokens.count >= 2 && tokens.allSatisfy { $0.count == 1 }
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
  static func latinNameWords(_ raw: String) -> [String]? {
    // "| Kondoh Aozora": marks OCR read beside the name.
    var tokens = raw.split(separator: " ")
    while let t = tokens.first, !t.contains(where: \.isLetter) { tokens.removeFirst() }
    while let t = tokens.last, !t.contains(where: \.isLetter) { tokens.removeLast() }
    let rest = tokens.joined(separator: " ")
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
      guard let f = chars.first, f.isLatinish, f.isUppercase else { return nil }
      let isInitial = chars.count == 2 && chars[1] == "."
      guard isInitial || chars.allSatisfy({ $0.isLatinish || $0 == "-" || $0 == "'" }) else {
        return nil
      }
      let l = w.lowercased()
      if Vocabulary.latinNonNameWords.contains(l) && !(l == "ai" && w == "Ai")
        || Vocabulary.latinTitleWords.contains(l)
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
    let lw = words.map { Text.asciiFold($0).lowercased().filter(\.isLatinLetter) }.filter {
      $0.count >= 2
    }
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
        // Beside a Japanese name, a Latin line is its romaji only with some
        // evidence (an English slogan such as "Quality First" is not).
        if state.contact.name != nil, evidence == 0,
          !words.allSatisfy({ w in
            let d = NameDictionary.shared
            return d.isSurnameRomaji(w) || d.isGivenRomaji(w) || w.count == 2 && w.hasSuffix(".")
          })
        {
          continue
        }
        // No evidence at all: words in capitals must at least be romaji
        // ("HAURSIRUB ARH", "MK RL" are OCR noise).
        if evidence == 0, words.contains(where: { $0.count >= 2 && $0.allSatisfy(\.isUppercase) }),
          !words.contains(where: {
            NameDictionary.shared.isSurnameRomaji($0) || NameDictionary.shared.isGivenRomaji($0)
          })
        {
          continue
        }
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
    if let family = state.contact.familyName,
      let k = words.firstIndex(where: { romajiMatchesSurname($0, kanji: family) })
    {
      return result(k, 0.95)
    }
    if let k = familyFromEmail(words, state: state) { return result(k, 0.9) }
    if words.count == 2 {
      let s0 = dict.isSurnameRomaji(words[0])
      let s1 = dict.isSurnameRomaji(words[1])
      let g0 = dict.isGivenRomaji(words[0])
      let g1 = dict.isGivenRomaji(words[1])
      if s0, g1, !(s1 && g0) { return result(0, 0.85) }
      if s1, g0, !(s0 && g1) { return result(1, 0.85) }
      // Both could be either: how common each is as a family and as a given name.
      if s0, s1, g0, g1 {
        let first = dict.surnameLikeness(words[0]) + dict.givenLikeness(words[1])
        let second = dict.surnameLikeness(words[1]) + dict.givenLikeness(words[0])
        if first > second + 0.3 { return result(0, 0.7) }
        if second > first + 0.3 { return result(1, 0.7) }
      }
    }
    // Western order: given name(s) first; an address "given.family@" agrees.
    let lw = words.map { $0.lowercased() }
    let emailAgrees = state.emailLocalParts.contains { local in
      let parts = local.split(whereSeparator: { !$0.isLetter }).map(String.init)
      return parts.count == lw.count && parts == lw
    }
    return result(words.count - 1, emailAgrees ? 0.9 : 0.8)
  }

  /// Whether the romanised `word` spells a reading of the family name `kanji`.
  static func romajiMatchesSurname(_ word: String, kanji: String) -> Bool {
    guard let surname = NameDictionary.shared.surname(kanji) else { return false }
    let key = NameDictionary.romajiKey(word)
    return surname.romaji.contains(key)
      || surname.readings.contains { NameDictionary.romajiKey(Romaji.hepburn($0)) == key }
  }

  /// The index of the word the e-mail's local part names as the family name:
  /// "t.yamada", "yamada.t", "tyamada", "yamada" say Yamada is the family name;
  /// "taro.yamada" says nothing about the order.
  static func familyFromEmail(_ words: [String], state: ParseState) -> Int? {
    guard words.count == 2 else { return nil }
    let lw = words.map { Text.asciiFold($0).lowercased().filter(\.isLatinLetter) }
    guard lw.allSatisfy({ $0.count >= 2 }) else { return nil }
    var votes: Set<Int> = []
    for local in state.emailLocalParts {
      let parts = local.split(whereSeparator: { !$0.isLatinLetter }).map(String.init)
      let letters = local.filter(\.isLatinLetter)
      for k in 0..<2 {
        let other = lw[1 - k]
        guard let initial = other.first else { continue }
        let w = lw[k]
        if parts.contains(w), !parts.contains(other), parts.contains(String(initial)),
          parts.allSatisfy({ $0 == w || $0 == String(initial) })
        {
          votes.insert(k)
        } else if parts == [w], isJapaneseSurnameRomaji(w), !isJapaneseSurnameRomaji(other) {
          // "murayama@": a Japanese family name alone.
          votes.insert(k)
        } else if letters == String(initial) + w || letters == w + String(initial) {
          votes.insert(k)
        }
      }
    }
    return votes.count == 1 ? votes.first : nil
  }

  /// Whether a romanised family name is Japanese (so `name` is written family first).
  static func isJapaneseSurnameRomaji(_ word: String) -> Bool {
    word.count >= 2 && NameDictionary.shared.isSurnameRomaji(word)
  }

  // MARK: Run

  static func run(_ state: inout ParseState) {
    let open = state.openLines
    // Japanese name.
    var kanaOnNameLine: String?
    var japanese: (split: JapaneseSplit, line: Int, score: Double, run: String)?
    var partner: Int?
    // Printed readings agreeing with a candidate make it surer.
    let readings = kanaCandidates(state).map(\.text)
    func agreementBonus(_ split: JapaneseSplit) -> Double {
      let best = readings.map { readingAgreement(split, latinWords: [], kana: $0) }.max() ?? 0
      return best >= 2 ? 0.2 : (best == 1 ? 0.1 : 0)
    }
    for i in open {
      var runs = Text.scriptRuns(state.lines[i].rest).filter { $0.contains(where: \.isJapanese) }
      // "村 松 JON 志佳": OCR junk inside the name line.
      let all = Text.scriptRuns(state.lines[i].rest)
      if runs.count >= 2, all.filter({ !$0.contains(where: \.isJapanese) }).allSatisfy({ $0.count <= 4 }) {
        runs.append(runs.joined(separator: " "))
      }
      for run in runs {
        guard let (split, kana) = japaneseCandidate(run) else { continue }
        var score = split.clarity + agreementBonus(split)
        if state.isTallest(i, among: open) { score += 0.1 }
        score += min(0.05, max(0, state.relativeSize(i) - 1) * 0.05)
        if japanese.map({ score > $0.score }) ?? true {
          japanese = (split, i, score, run)
          kanaOnNameLine = kana
          partner = nil
        }
      }
    }
    // A name OCR returned as two boxes on one row ("山 崎" "教 夫").
    for (i, j) in sameRowPairs(state, open) {
      let left = Text.foldSpaces(state.lines[i].rest)
      let right = Text.foldSpaces(state.lines[j].rest)
      guard Text.compact(left).count <= 4, Text.compact(right).count <= 4,
        (left + right).allSatisfy({ $0.isKanji || $0.isHiragana || $0.isKatakana || $0 == " " })
      else { continue }
      let run = left + " " + right
      guard let (split, _) = japaneseCandidate(run), split.given != nil else { continue }
      var score = split.clarity + agreementBonus(split)
      if state.isTallest(i, among: open) || state.isTallest(j, among: open) { score += 0.1 }
      score += min(0.05, max(0, state.relativeSize(i) - 1) * 0.05)
      if japanese.map({ score > $0.score }) ?? true {
        japanese = (split, i, score, left)
        kanaOnNameLine = nil
        partner = j
      }
    }
    var nameClarity = 0.0
    if let jp = japanese {
      let split = jp.split
      var clarity = split.clarity
      if !split.confirmed, state.isTallest(jp.line, among: open) { clarity += 0.05 }
      state.contact.name = split.display
      state.contact.familyName = split.family
      state.contact.givenName = split.given
      state.nameLine = jp.line
      let runParts = Set(jp.run.split(separator: " ").map(String.init))
      let others = Text.scriptRuns(state.lines[jp.line].rest).filter {
        $0 != jp.run && !Set($0.split(separator: " ").map(String.init)).isSubset(of: runParts)
      }
      state.lines[jp.line].setRest(others.joined(separator: " "))
      state.lines[jp.line].roles.insert(.name)
      if let partner {
        state.lines[partner].consumeAll()
        state.lines[partner].roles.insert(.name)
      }
      // Corroboration from the e-mail local part ("taro.yamada").
      if let family = split.family, let surname = NameDictionary.shared.surname(family),
        state.emailLocalParts.contains(where: { local in
          surname.romaji.contains { r in r.count >= 3 && NameDictionary.romajiKey(local).contains(r)
          }
        })
      {
        clarity = min(1, clarity + 0.03)
      }
      nameClarity = clarity
    }
    // Romanised name.
    let latin = latinName(state)
    if let latin {
      let conf = state.lines[latin.line].confidence
      state.contact.nameLatin = latin.printed
      state.setConfidence(.nameLatin, latin.clarity * conf)
      let others = Text.scriptRuns(state.lines[latin.line].rest).filter { $0 != latin.run }
      state.lines[latin.line].setRest(others.joined(separator: " "))
      state.lines[latin.line].roles.insert(.nameLatin)
      if state.contact.name == nil {
        // A Japanese person's name is written family name first (the contract's
        // `name`); a Western name keeps the printed order.
        let japaneseOrder = latin.words.count == 2 && isJapaneseSurnameRomaji(latin.family)
        state.contact.name =
          japaneseOrder ? latin.family + " " + latin.given : latin.printed
        state.contact.familyName = latin.family
        state.contact.givenName = latin.given
        let order = japaneseOrder ? latin.orderClarity : 1
        state.setConfidence(.name, latin.clarity * order * conf)
        state.setConfidence(.familyName, latin.clarity * latin.orderClarity * conf)
        state.setConfidence(.givenName, latin.clarity * latin.orderClarity * conf)
      }
    }
    // Printed reading.
    var kana: (text: String, clarity: Double, lines: [Int])?
    if let k = kanaOnNameLine, let jp = japanese {
      kana = (k, kanaClarity(k, split: jp.split, adjacent: true), [jp.line])
    } else {
      for candidate in kanaCandidates(state) {
        let adjacent =
          state.nameLine.map { n in candidate.lines.contains { abs($0 - n) == 1 } } ?? false
        let repaired = repairedKana(candidate.text, split: japanese?.split)
        var clarity = kanaClarity(repaired, split: japanese?.split, adjacent: adjacent)
        if repaired != candidate.text { clarity *= 0.7 }
        guard clarity > 0 else { continue }
        if kana.map({ clarity > $0.clarity }) ?? true {
          kana = (candidate.text, clarity, candidate.lines)
        }
      }
    }
    // The kanji name checked against the romaji and the reading: they may say
    // where an unspaced name splits, and agreeing makes every part surer.
    if var jp = japanese {
      let latinWords = latin?.words ?? []
      let reading = kana.map { repairedKana($0.text, split: jp.split) }
      if let better = resplit(jp.split, latinWords: latinWords, kana: reading) {
        jp.split = better
        japanese = jp
        state.contact.name = better.display
        state.contact.familyName = better.family
        state.contact.givenName = better.given
      }
      let agreement = readingAgreement(jp.split, latinWords: latinWords, kana: reading)
      if agreement >= 2 {
        nameClarity = max(nameClarity, 0.98)
      } else if agreement == 1 {
        nameClarity = max(nameClarity, jp.split.given == nil ? 0.6 : 0.93)
      }
      let conf = state.lines[jp.line].confidence
      state.setConfidence(.name, nameClarity * conf)
      let partClarity = jp.split.confirmed || agreement >= 1 ? nameClarity : nameClarity * 0.9
      // A listed family name read alone (the given name lost) is still sure
      // as a family name.
      // A listed family name is itself evidence that OCR read it right: the
      // line's confidence counts half.
      if jp.split.family != nil {
        let familyConfidence =
          jp.split.confirmed ? max(partClarity, 0.85) * (0.5 + 0.5 * conf) : partClarity * conf
        state.setConfidence(.familyName, familyConfidence)
      }
      // A given name missing from the list may be a misread one: less sure,
      // unless the reading or the romaji confirms it.
      if let given = jp.split.given {
        let listed =
          NameDictionary.shared.givenReadings(given) != nil || given.allSatisfy(\.isHiragana)
          || given.allSatisfy(\.isKatakana)
        let givenClarity = listed || agreement >= 2 ? partClarity : partClarity * 0.75
        state.setConfidence(.givenName, givenClarity * conf)
        if !listed, agreement < 2 { state.setConfidence(.name, nameClarity * 0.8 * conf) }
      }
    }
    if let kana {
      let text = repairedKana(kana.text, split: japanese?.split)
      // A column of vertical text loses the space printed between the two names.
      let column = kana.lines.allSatisfy { state.lines[$0].bbox.height > 2 * state.lines[$0].bbox.width }
      let conf = kana.lines.map { state.lines[$0].confidence }.min() ?? 0
      let printed = kanaText(text, split: japanese?.split, column: column)
      // A reading not read surely may hold an OCR slip the kanji name's readings undo.
      let reading = conf < 0.9 ? mendedReading(printed, split: japanese?.split) : printed
      // Kana no word is spelt with ("っにド マク": a name's kanji read as kana) is no reading.
      if !Plausibility.kanaLooksBroken(reading) {
        state.contact.nameKana = reading
        state.setConfidence(.nameKana, kana.clarity * conf)
        if kanaOnNameLine == nil {
          for i in kana.lines {
            state.lines[i].consumeAll()
            state.lines[i].roles.insert(.nameKana)
          }
        }
      }
    }
    if state.contact.nameKana == nil, let derived = derivedReading(state, japanese?.split, latin) {
      state.extras["name_kana_derived"] = derived
    }
  }

  /// Kana-only lines, and pairs of kana boxes side by side on one row (a
  /// reading that OCR returned in two boxes: "コヤマ" "チキ").
  static func kanaCandidates(_ state: ParseState) -> [(text: String, lines: [Int])] {
    func text(_ i: Int) -> String { cleanKana(state.lines[i].rest) }
    let open = state.openLines.filter { isKana(text($0)) || isKanaFragment(text($0)) }
    var out: [(text: String, lines: [Int])] = []
    for i in open where isKana(text(i)) {
      out.append((text(i), [i]))
    }
    for i in open {
      for j in open where j != i {
        let a = state.lines[i].bbox
        let b = state.lines[j].bbox
        // Same row: vertical overlap of most of the smaller box; b right of a. Or, in a column
        // of vertical text, the same column: b below a ("サカイ" over "コトリ").
        let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
        let h = min(a.height, b.height)
        let sameRow =
          h > 0 && Double(overlap) >= 0.6 * Double(h) && b.x >= a.maxX
          && Double(b.x - a.maxX) <= 3.0 * Double(max(a.height, b.height))
        let across = min(a.maxX, b.maxX) - max(a.x, b.x)
        let w = min(a.width, b.width)
        let sameColumn =
          a.height > a.width && b.height > b.width && w > 0 && Double(across) >= 0.6 * Double(w)
          && b.y >= a.maxY && Double(b.y - a.maxY) <= 3.0 * Double(max(a.width, b.width))
        guard sameRow || sameColumn else { continue }
        let joined = text(i) + " " + text(j)
        if isKana(joined) { out.append((joined, [i, j])) }
      }
    }
    return out
  }

  /// Pairs of lines side by side on one row, left first: most of the smaller
  /// box's height shared, the gap under three glyph heights.
  static func sameRowPairs(_ state: ParseState, _ lines: [Int]) -> [(Int, Int)] {
    var out: [(Int, Int)] = []
    for i in lines {
      for j in lines where j != i {
        let a = state.lines[i].bbox
        let b = state.lines[j].bbox
        // Not for vertical columns.
        guard Double(a.height) <= 1.5 * Double(a.width), Double(b.height) <= 1.5 * Double(b.width)
        else { continue }
        let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
        let h = min(a.height, b.height)
        guard h > 0, Double(overlap) >= 0.6 * Double(h), b.x >= a.maxX,
          Double(b.x - a.maxX) <= 3.0 * Double(max(a.height, b.height))
        else { continue }
        out.append((i, j))
      }
    }
    return out
  }

  /// One kana word of at least one kana (the given-name half of a split reading).
  static func isKanaFragment(_ s: String) -> Bool {
    let c = Text.compact(s)
    return (1...10).contains(c.count) && c.allSatisfy { $0.isHiragana || $0.isKatakana }
  }

  /// The reading with one stray character before it dropped when what is
  /// left starts exactly with the family name's reading ("おむらやま ようすけ"
  /// for 村山 洋介: a mark read as お); otherwise the reading unchanged.
  static func repairedKana(_ kana: String, split: JapaneseSplit?) -> String {
    let folded = Text.foldSpaces(kana)
    guard let family = split?.family, let surname = NameDictionary.shared.surname(family)
    else { return folded }
    let reading = Text.hiragana(Text.compact(folded))
    if surname.readings.contains(where: { reading.hasPrefix($0) }) { return folded }
    let tokens = folded.split(separator: " ").map(String.init)
    guard let first = tokens.first, first.count >= 2 else { return folded }
    let trimmed = Text.hiragana(String(first.dropFirst()))
    let matches =
      tokens.count >= 2
      ? surname.readings.contains(trimmed)
      : surname.readings.contains { trimmed.hasPrefix($0) && trimmed.count > $0.count }
    guard matches else { return folded }
    return String(folded.dropFirst())
  }

  /// A better split of an unspaced kanji name, when the romaji or the reading
  /// names a different family name ("小山千希" with "Chiki Koyama").
  static func resplit(_ split: JapaneseSplit, latinWords: [String], kana: String?) -> JapaneseSplit? {
    let compact = split.compact
    guard compact.count >= 3, compact.allSatisfy(\.isKanji), split.given != nil else { return nil }
    let dict = NameDictionary.shared
    let reading = kana.map { Text.hiragana(Text.compact($0)) }
    var found: [Int] = []
    // A reading that is the family name's whole reading ("サカイ" printed above "コトリ") says
    // more than one that merely starts with a shorter family name's (坂, さか).
    var whole: [Int] = []
    for len in 1...min(4, compact.count - 1) {
      let family = String(compact.prefix(len))
      guard let surname = dict.surname(family) else { continue }
      let byRomaji = latinWords.contains { romajiMatchesSurname($0, kanji: family) }
      let byKana = reading.map { r in surname.readings.contains { r.hasPrefix($0) && r.count > $0.count } } ?? false
      if byRomaji || byKana { found.append(len) }
      if let reading, surname.readings.contains(reading) { whole.append(len) }
    }
    if whole.count == 1 { found = whole }
    guard found.count == 1, let len = found.first, len != split.family?.count else { return nil }
    // Only an unspaced name (or one OCR spaced letter by letter) is re-cut.
    guard !split.printedSpace else { return nil }
    let family = String(compact.prefix(len))
    let given = String(compact.dropFirst(len))
    return JapaneseSplit(
      family: family, given: given, clarity: max(split.clarity, 0.85), compact: compact,
      confirmed: true)
  }

  /// How many parts of the kanji name the romaji or the printed reading
  /// confirm: 0, 1 (the family name) or 2 (family and given name).
  static func readingAgreement(_ split: JapaneseSplit, latinWords: [String], kana: String?) -> Int {
    guard let family = split.family, let surname = NameDictionary.shared.surname(family) else {
      return 0
    }
    let dict = NameDictionary.shared
    var familyOK = false
    var givenOK = false
    var familyReading: String?
    if let kana {
      let reading = Text.hiragana(Text.compact(kana).filter { $0 != "・" })
      if let r = surname.readings.first(where: { reading.hasPrefix($0) }) {
        familyOK = true
        familyReading = r
        let rest = String(reading.dropFirst(r.count))
        if let given = split.given, let readings = dict.givenReadings(given), readings.contains(rest) {
          givenOK = true
        }
      }
    }
    if !latinWords.isEmpty {
      if latinWords.contains(where: { romajiMatchesSurname($0, kanji: family) }) { familyOK = true }
      if let given = split.given,
        latinWords.contains(where: { dict.givenReading(given, romaji: $0) != nil })
      {
        givenOK = true
      }
    }
    _ = familyReading
    return familyOK ? (givenOK ? 2 : 1) : 0
  }

  /// A reading for a card that prints none (`extras["name_kana_derived"]`),
  /// hiragana, family name first: from the romaji when printed, else from the
  /// name lists (the commonest reading of the kanji).
  static func derivedReading(
    _ state: ParseState, _ split: JapaneseSplit?, _ latin: LatinName?
  ) -> String? {
    let dict = NameDictionary.shared
    // Romaji evidence: the printed romaji name, else the e-mail's local part.
    var words = latin?.words.filter { $0.count >= 2 } ?? []
    if words.isEmpty {
      words = state.emailLocalParts.flatMap {
        $0.split(whereSeparator: { !$0.isLatinLetter }).map(String.init).filter { $0.count >= 2 }
      }
    }
    if let split, let family = split.family {
      guard let surname = dict.surname(family) else { return nil }
      // A romaji spelling that differs from a listed reading only by voicing
      // (山崎: やまざき / "Yamasaki") gives the unlisted reading.
      let voicedVariant = words.lazy.compactMap { w -> String? in
        guard let r = Romaji.surnameReading(w) ?? Romaji.fromHepburn(w) else { return nil }
        return surname.readings.contains { Romaji.unvoiced($0) == Romaji.unvoiced(r) } ? r : nil
      }.first
      let familyReading =
        words.lazy.compactMap { dict.surnameReading(family, romaji: $0) }.first
        ?? voicedVariant ?? surname.readings.first
      guard let familyReading else { return nil }
      guard let given = split.given else { return familyReading }
      let familyWord = words.first { romajiMatchesSurname($0, kanji: family) }
      let givenReading =
        words.lazy.compactMap { dict.givenReading(given, romaji: $0) }.first
        ?? words.first(where: { $0 != familyWord && familyWord != nil }).flatMap(Romaji.givenReading)
        ?? dict.givenReadings(given)?.first
        ?? (given.allSatisfy(\.isHiragana) ? given : nil)
        ?? (given.allSatisfy(\.isKatakana) ? Text.hiragana(given) : nil)
      guard let givenReading else { return nil }
      return familyReading + " " + givenReading
    }
    if split == nil, let latin, latin.words.count == 2, isJapaneseSurnameRomaji(latin.family),
      let f = Romaji.surnameReading(latin.family), let g = Romaji.givenReading(latin.given)
    {
      return f + " " + g
    }
    return nil
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
    if let split = japaneseSplit(text) { return (split, kana) }
    // "中山 信-", "中山 信|": the kanji 一 read as a dash or a bar, taken back when the given
    // name it makes is listed.
    let dashes: Set<Character> = ["-", "ー", "−", "—", "–", "‐", "|", "｜"]
    let chars = Array(text)
    // "高田陸|": else a stroke or speck at either end read as a bar (a kanji's stroke, the edge
    // of a rule) is taken off, the name less sure.
    func trimmedBars() -> (JapaneseSplit, String?)? {
      let trimmed = Text.trim(text, Text.bars)
      guard trimmed != text, trimmed.count >= 2, let split = japaneseSplit(trimmed) else { return nil }
      return (JapaneseSplit(
        family: split.family, given: split.given, clarity: min(split.clarity, 0.7),
        compact: split.compact, confirmed: split.confirmed, printedSpace: split.printedSpace), kana)
    }
    guard chars.contains(where: { dashes.contains($0) }) else { return trimmedBars() }
    let mended = String(chars.enumerated().map { i, c in
      dashes.contains(c) && i > 0 && chars[i - 1].isKanji ? "一" : c
    })
    guard mended != text, let split = japaneseSplit(mended), let given = split.given,
      NameDictionary.shared.givenReadings(given) != nil
    else { return trimmedBars() }
    // A bar is a stroke the wrong way round: less sure than a dash, and reviewed.
    let bar = chars.contains { $0 == "|" || $0 == "｜" }
    return (JapaneseSplit(
      family: split.family, given: split.given, clarity: min(split.clarity, bar ? 0.7 : 0.85),
      compact: split.compact, confirmed: split.confirmed, printedSpace: split.printedSpace), kana)
  }

  /// The reading as printed, with OCR's stray spaces removed: one space
  /// between family and given name where the card had a space.
  static func kanaText(_ printed: String, split: JapaneseSplit?, column: Bool = false) -> String {
    let kana = mendedSmallKana(printed)
    let tokens = kana.split(separator: " ").map(String.init)
    // More than two pieces, or one run read from a vertical column (which loses the space,
    // "ほりやすなり"): split after the family name's reading, when the dictionary knows it.
    // One run printed across the card is kept as printed.
    guard tokens.count > 2 || (tokens.count == 2 && split?.family != nil) || (tokens.count == 1 && column)
    else { return kana }
    let compact = tokens.joined()
    if let family = split?.family, let surname = NameDictionary.shared.surname(family) {
      let reading = Text.hiragana(compact)
      for r in surname.readings where reading.hasPrefix(r) && reading.count > r.count {
        return String(compact.prefix(r.count)) + " " + String(compact.dropFirst(r.count))
      }
    }
    return tokens.count == 2 ? kana : compact
  }

  /// A reading garbled by OCR in a character or two ("ひらややま のるぶゆき", "ワルタ") made the
  /// listed reading of the kanji name beside it ("ひらやま のぶゆき", "フルタ"), part by part,
  /// when exactly one listed reading is that near (at most two characters off, and no more
  /// than a third of its length). A part that is a listed reading, or near none, stays as read.
  static func mendedReading(_ kana: String, split: JapaneseSplit?) -> String {
    guard let split, let family = split.family else { return kana }
    let parts = kana.split(separator: " ").map(String.init)
    guard parts.count == 2 else { return kana }
    let dict = NameDictionary.shared
    let familyReadings = dict.surname(family)?.readings ?? []
    let givenReadings = split.given.flatMap { dict.givenReadings($0) } ?? []
    return mendedReadingPart(parts[0], familyReadings) + " " + mendedReadingPart(parts[1], givenReadings)
  }

  static func mendedReadingPart(_ part: String, _ readings: [String]) -> String {
    let read = Text.hiragana(part)
    guard !readings.isEmpty, !readings.contains(read), read.allSatisfy(\.isHiragana) else { return part }
    let small: [Character: Character] = [
      "ぁ": "あ", "ぃ": "い", "ぅ": "う", "ぇ": "え", "ぉ": "お", "っ": "つ", "ゃ": "や", "ゅ": "ゆ",
      "ょ": "よ", "ゎ": "わ",
    ]
    func fold(_ s: String) -> [Character] { s.map { small[$0] ?? $0 } }
    let a = fold(read)
    var best: [(reading: String, distance: Int)] = []
    for r in Set(readings) {
      let d = Text.editDistance(a, fold(r))
      if best.first.map({ d < $0.distance }) ?? true {
        best = [(r, d)]
      } else if d == best[0].distance {
        best.append((r, d))
      }
    }
    guard best.count == 1, let near = best.first, near.distance <= 2,
      near.distance * 3 <= max(a.count, near.reading.count) + 1
    else { return part }
    // Katakana as printed.
    guard part.contains(where: \.isKatakana) else { return near.reading }
    return String(near.reading.map(Normalization.hiraganaToKatakana))
  }

  /// Small kana where the reading cannot have them, made full size: ゃゅょ only follow an
  /// i-row kana or a loanword's フ/テ/デ (ノブュキ → ノブユキ), っ only comes before a consonant
  /// (マッイ → マツイ). OCR
  /// confuses the two sizes; the spelling rules are the evidence.
  static func mendedSmallKana(_ s: String) -> String {
    // The i-row, and the kana loanwords pair with small ゃゅょ (フュ, デュ, テュ, ヴュ).
    let before = Set("きしちにひみりぎじぢびぴキシチニヒミリギジヂビピフテデヴふてで")
    let smallY: [Character: Character] = [
      "ゃ": "や", "ゅ": "ゆ", "ょ": "よ", "ャ": "ヤ", "ュ": "ユ", "ョ": "ヨ",
    ]
    let noGemination = Set("あいうえおやゆよんアイウエオヤユヨンーっッ")
    let a = Array(s)
    var out = a
    // Neighbours skip OCR's stray spaces ("はっ とり").
    func neighbour(_ i: Int, _ step: Int) -> Character? {
      var j = i + step
      while j >= 0, j < a.count, a[j] == " " { j += step }
      return j >= 0 && j < a.count ? a[j] : nil
    }
    for i in a.indices {
      if let big = smallY[a[i]], !(neighbour(i, -1).map(before.contains) ?? false) {
        out[i] = big
      } else if a[i] == "っ" || a[i] == "ッ", neighbour(i, 1).map(noGemination.contains) ?? true {
        out[i] = a[i] == "っ" ? "つ" : "ツ"
      }
    }
    return String(out)
  }

  /// Kana only (hiragana or katakana, with spaces, ー and ・), 2–20 kana.
  /// Punctuation OCR put into a reading ("こんどう: あおぞら", "かいと 、") as spaces.
  static func cleanKana(_ s: String) -> String {
    Text.foldSpaces(String(s.map { "、。,.:：;|'‘’\"".contains($0) ? " " : $0 }))
  }

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
        // Only the family name's reading when a given name is printed: part
        // of the reading was lost.
        if givenPart.isEmpty, split.given != nil { return 0.55 }
        return 0.95
      }
    }
    let parts = Text.foldSpaces(kana).split(whereSeparator: { $0 == " " || $0 == "・" })
    // The kanji name unreadable: a reading that starts with a known family
    // name's reading is still a reading ("くわはら まさひろ").
    if split?.family == nil || dict.surname(split?.family ?? "") == nil, parts.count == 2 {
      let family = Text.hiragana(String(parts[0]))
      let given = Text.hiragana(String(parts[1]))
      if dict.surnameReadings.contains(family) {
        return dict.givenReadingSet.contains(given) ? 0.8 : 0.65
      }
    }
    if adjacent, parts.count == 2 { return 0.65 }
    return 0
  }
}
