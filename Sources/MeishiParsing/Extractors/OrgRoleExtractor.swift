import Foundation
import MeishiCore

/// Department and job title.
///
/// Japanese: a title from the list at the end of a line, with the department
/// before it ("営業部 部長" → 営業部 / 部長); a title before a name
/// ("代表取締役 山田太郎" → 代表取締役, the name left for the name rule); a line
/// ending with an organisational unit (部, 課, 室, 本部, グループ, 支店, センター …)
/// is a department. Stray OCR spaces are ignored for matching; in the output a
/// space is kept only after a unit ("営業本部 第一営業部"). Several department
/// (or title) lines are joined with a space.
///
/// Latin: a line with Department/Dept./Division/Group/… is a department; a
/// line ending with a title word (Manager, Director, Engineer, Researcher, CEO
/// …) or of the form "Head of …" is a title; "Manager, Sales Dept." and "Sales
/// Department Manager" are split. Japanese values win over Latin ones.
enum OrgRoleExtractor {
  struct Role {
    var department: String?
    var title: String?
    /// What is left on the line (a name after a title).
    var remainder: String
    var departmentClarity = 0.85
    var titleClarity = 0.95
  }

  static func run(_ state: inout ParseState) {
    var jpDepts: [(String, Double)] = []
    var jpTitles: [(String, Double)] = []
    var enDepts: [(String, Double)] = []
    var enTitles: [(String, Double)] = []
    for i in state.openLines {
      var conf = state.lines[i].confidence
      // The whole line first; failing that, its Japanese and Latin parts
      // separately ("営業部 Sales Department").
      // A Japanese comma or full stop OCR made of a speck at the end ("総務部取締役、") says nothing.
      var whole = state.lines[i].rest
      while let last = whole.last, "、。".contains(last), whole.count > 1 { whole.removeLast() }
      // "営業部|": a bar at an end, taken off when that makes a department or title (kept for
      // the name rule otherwise: "中山 信|" is 信一).
      if classify(whole) == nil, whole.contains(where: \.isJapanese) {
        let trimmed = Text.trim(whole, Text.bars)
        if trimmed != whole, classify(trimmed) != nil { whole = trimmed }
      }
      // A mended title goes to review.
      if classify(whole) == nil, let title = titleMisreadInOneKanji(whole) {
        whole = title
        conf = min(conf, 0.6)
      }
      let pieces = classify(whole) != nil ? [whole] : Text.scriptRuns(whole)
      var remainders: [String] = []
      for piece in pieces {
        guard let role = classify(piece) else {
          remainders.append(piece)
          continue
        }
        let japanese = piece.contains(where: \.isJapanese)
        if let d = role.department {
          if japanese {
            jpDepts.append((d, role.departmentClarity * conf))
          } else {
            enDepts.append((d, role.departmentClarity * conf))
          }
          state.lines[i].roles.insert(.department)
        }
        if let t = role.title {
          if japanese {
            jpTitles.append((t, role.titleClarity * conf))
          } else {
            enTitles.append((t, role.titleClarity * conf))
          }
          state.lines[i].roles.insert(.title)
        }
        if !role.remainder.isEmpty { remainders.append(role.remainder) }
      }
      state.lines[i].setRest(remainders.joined(separator: " "))
    }
    let depts = jpDepts.isEmpty ? enDepts : jpDepts
    if !depts.isEmpty {
      state.contact.department = depts.map { KatakanaMend.mended($0.0) }
        .joined(separator: jpDepts.isEmpty ? ", " : " ")
      state.setConfidence(.department, depts.map(\.1).min() ?? 0)
    }
    // A licence printed beside the job title ("一級建築士", "税理士") is a
    // qualification, kept apart; alone it is the title.
    let quals = jpTitles.filter { isQualification($0.0) }
    if !quals.isEmpty, quals.count < jpTitles.count {
      jpTitles.removeAll { isQualification($0.0) }
      state.extras["qualifications"] = quals.map(\.0).joined(separator: " ")
    }
    let titles = jpTitles.isEmpty ? enTitles : jpTitles
    if !titles.isEmpty {
      state.contact.title = titles.map { KatakanaMend.mended($0.0) }
        .joined(separator: jpTitles.isEmpty ? ", " : " ")
      state.setConfidence(.title, titles.map(\.1).min() ?? 0)
    }
  }

  /// A line that is a listed title of four kanji or more with one kanji misread ("報行役員" for
  /// 執行役員), when exactly one listed title is that close: that title.
  static func titleMisreadInOneKanji(_ line: String) -> String? {
    let read = Array(Text.compact(line))
    guard read.count >= 4, read.allSatisfy(\.isKanji) else { return nil }
    let close = Vocabulary.japaneseTitles.filter { title in
      Text.differInOne(title, read) && title.allSatisfy(\.isKanji)
    }
    return close.count == 1 ? close[0] : nil
  }

  /// A national licence rather than a position ("税理士", "一級建築士", "宅地建物取引士").
  static func isQualification(_ title: String) -> Bool {
    let c = Text.compact(title)
    return c.hasSuffix("士") && !c.hasSuffix("博士") && c.count >= 3
  }

  static func classify(_ s: String) -> Role? {
    s.contains(where: \.isJapanese) ? classifyJapanese(s) : classifyLatin(s)
  }

  // MARK: Japanese

  static func isDepartment(_ compact: String) -> Bool {
    // "瀬戸内ビルディング906号室": a building, not a unit.
    if compact.contains(where: \.isDigit), AddressExtractor.looksLikeBuilding(compact) {
      return false
    }
    guard compact.count <= 30, !compact.contains("@"),
      let suffix = Vocabulary.departmentSuffixes.first(where: { compact.hasSuffix($0) }),
      compact.count > suffix.count
    else { return false }
    if NameDictionary.shared.surname(compact) != nil { return false }  // 阿部, 服部
    if CompanyExtractor.hasJapaneseLegalForm(compact) { return false }
    if AddressExtractor.startsWithPrefecture(compact), compact.contains(where: \.isDigit) {
      return false
    }
    return compact.contains(where: \.isJapanese)
      && compact.allSatisfy { $0.isJapanese || $0.isLetter || $0.isNumber || "・&-()".contains($0) }
  }

  /// A small vowel kana that OCR gave for a large one (the vertical model: "チーフェンジニア"),
  /// made large when only then does the line end with a listed title. "フェロー", "ウェブ" and
  /// every line that ends with a title as printed are left alone.
  static func largeVowelsForTitle(_ line: String) -> String {
    let large: [Character: Character] = ["ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ", "ォ": "オ"]
    guard line.contains(where: { large[$0] != nil }), title(suffixOf: Text.compact(line)) == nil else {
      return line
    }
    let folded = String(line.map { large[$0] ?? $0 })
    return title(suffixOf: Text.compact(folded)) != nil ? folded : line
  }

  static func title(suffixOf compact: String) -> String? {
    Vocabulary.japaneseTitles.first { compact.hasSuffix($0) }
  }

  static func title(prefixOf compact: String) -> String? {
    Vocabulary.japaneseTitles.first { compact.hasPrefix($0) && compact.count > $0.count }
  }

  /// Whether `s` (a tail of a company line) is a department or title.
  static func isJapaneseRolePhrase(_ s: String) -> Bool {
    guard let role = classifyJapanese(s) else { return false }
    return role.remainder.isEmpty || NameExtractor.isConfirmedJapaneseName(role.remainder)
  }

  /// Removes `count` non-space characters from the end of `s`, keeping its spaces.
  static func dropTrailing(_ s: String, _ count: Int) -> String {
    var chars = Array(s)
    var n = count
    while n > 0, let last = chars.popLast() {
      if last != " " { n -= 1 }
    }
    return Text.trim(String(chars))
  }

  /// Removes `count` non-space characters from the start of `s`, keeping its spaces.
  static func dropLeading(_ s: String, _ count: Int) -> String {
    var chars = Substring(s)
    var n = count
    while n > 0, let first = chars.popFirst() {
      if first != " " { n -= 1 }
    }
    return Text.trim(String(chars))
  }

  /// A department or title as printed, keeping a space only after an
  /// organisational unit or a complete title ("営業本部 第一営業部",
  /// "取締役 営業本部長") or next to Latin text; other spaces between Japanese
  /// characters are OCR noise.
  static func departmentText(_ spaced: String) -> String {
    let tokens = spaced.split(separator: " ").map(String.init)
    guard var out = tokens.first else { return "" }
    var segment = out
    for (k, token) in tokens.enumerated().dropFirst() {
      // A space is real when both sides are whole units or titles.
      let tail = tokens[k...].joined()
      let tailIsRole =
        isDepartment(tail) || Vocabulary.japaneseTitles.contains(tail)
        || title(suffixOf: tail) != nil
      let endsWithUnit =
        Vocabulary.departmentSuffixes.contains { segment.hasSuffix($0) && segment.count > $0.count }
        && tailIsRole
      let isTitle = Vocabulary.japaneseTitles.contains(segment) && tailIsRole
      let bothJapanese = (out.last?.isJapanese ?? false) && (token.first?.isJapanese ?? false)
      if endsWithUnit || isTitle || !bothJapanese {
        out += " " + token
        segment = token
      } else {
        out += token
        segment += token
      }
    }
    return out
  }

  static func classifyJapanese(_ line: String) -> Role? {
    let rest = largeVowelsForTitle(line)
    let compact = Text.compact(rest)
    guard !compact.isEmpty, compact.count <= 40, !compact.contains("@") else { return nil }
    if var role = classifyJapaneseWhole(rest) {
      role.department = role.department.map(splitNestedUnits)
      return role
    }
    // "営業部 部長 山田太郎": a confirmed name at the end, a role before it.
    let tokens = rest.split(separator: " ").map(String.init)
    if tokens.count >= 2 {
      for k in 1...min(2, tokens.count - 1) {
        let name = tokens.suffix(k).joined(separator: " ")
        let head = tokens.dropLast(k).joined(separator: " ")
        if NameExtractor.isConfirmedJapaneseName(name), var role = classifyJapaneseWhole(head),
          role.remainder.isEmpty
        {
          role.remainder = name
          role.department = role.department.map(splitNestedUnits)
          return role
        }
      }
      // "人事部 採用課 コーディネー": units, then a katakana word OCR cut short.
      if let last = tokens.last, last.count >= 3, last.allSatisfy({ $0.isKatakana && $0 != "・" }) {
        let head = tokens.dropLast().joined(separator: " ")
        if isDepartment(Text.compact(head)) {
          return Role(
            department: splitNestedUnits(departmentText(head)), title: last, remainder: "",
            departmentClarity: 0.7, titleClarity: 0.45)
        }
      }
    }
    return nil
  }

  /// Units printed one after the other that OCR ran together get their space
  /// back ("人事部採用課" → "人事部 採用課", "東京支社営業課" → "東京支社 営業課").
  static func splitNestedUnits(_ department: String) -> String {
    let outer = ["本部", "事業部", "部", "室", "センター", "支社", "支店", "営業所", "事業所", "研究所"]
    return department.split(separator: " ").map { token -> String in
      let t = String(token)
      guard t.count >= 5, t.allSatisfy(\.isJapanese) else { return t }
      for cut in 2..<(t.count - 1) {
        let a = String(t.prefix(cut))
        let b = String(t.dropFirst(cut))
        if outer.contains(where: { a.hasSuffix($0) && a.count > $0.count }), b.count >= 2,
          isDepartment(b), !outer.contains(b), !b.hasPrefix("門")
        {
          return a + " " + b
        }
      }
      return t
    }.joined(separator: " ")
  }

  private static func classifyJapaneseWhole(_ rest: String) -> Role? {
    let compact = Text.compact(rest)
    guard !compact.isEmpty else { return nil }
    if var t = title(suffixOf: compact) {
      // A katakana title takes the katakana printed before it in the same
      // word ("アカウントマネージャー", "チーフエンジニア").
      if t.first?.isKatakana == true, let last = rest.split(separator: " ").last {
        var word = Substring(last)
        if word.hasSuffix(t) {
          word = word.dropLast(t.count)
          while let c = word.last, c.isKatakana, c != "・" {
            t = String(c) + t
            word.removeLast()
          }
        }
      }
      let pre = dropTrailing(rest, t.count)
      let preCompact = Text.compact(pre)
      if preCompact.isEmpty {
        return Role(title: t, remainder: "")
      }
      if isDepartment(preCompact) {
        return Role(department: departmentText(pre), title: t, remainder: "")
      }
      if NameExtractor.isConfirmedJapaneseName(pre) {
        return Role(title: t, remainder: pre)
      }
      if title(suffixOf: preCompact) != nil || Vocabulary.japaneseTitles.contains(preCompact) {
        // "取締役 営業本部長": titles stacked on one line.
        return Role(title: departmentText(rest), remainder: "", titleClarity: 0.85)
      }
      let spaceBefore =
        rest.split(separator: " ").last.map { Text.compact(String($0)) == t } ?? false
      if spaceBefore, preCompact.count <= 12, preCompact.allSatisfy(\.isJapanese),
        !Vocabulary.departmentSuffixes.contains(preCompact),
        NameExtractor.japaneseSplit(pre) == nil
      {
        // "営業推進 部長": an unnamed unit before the title.
        return Role(
          department: departmentText(pre), title: t, remainder: "", departmentClarity: 0.6)
      }
      if preCompact.count >= 3, let lead = preCompact.last, lead.isKanji,
        isDepartment(String(preCompact.dropLast())), pre.last.map({ $0 != " " }) ?? false
      {
        // "営業本部第一営業部虹部長": a unit, then a title whose first kanji no list knows (副
        // misread): the title as printed, for review.
        return Role(
          department: departmentText(dropTrailing(pre, 1)), title: String(lead) + t, remainder: "",
          titleClarity: 0.6)
      }
      if !spaceBefore, compact.count <= 12, compact.allSatisfy({ $0.isJapanese }) {
        // "海外事業部長", "営業本部長": the unit is part of the title.
        return Role(title: departmentText(rest), remainder: "", titleClarity: 0.8)
      }
      return nil
    }
    if let t = title(prefixOf: compact) {
      let post = dropLeading(rest, t.count)
      let postCompact = Text.compact(post)
      if NameExtractor.isConfirmedJapaneseName(post) {
        return Role(title: t, remainder: post)
      }
      if isDepartment(postCompact) {
        return Role(department: departmentText(post), title: t, remainder: "")
      }
      if postCompact.count == 1, let c = postCompact.first, c.isKatakana || c.isHiragana, c != "ズ",
        t.last?.isKatakana == true
      {
        // "エンジニアテ" (photo 06): one kana that OCR made of a speck after a katakana title:
        // the title, for review. Not a plural ("パートナーズ": a name, not a title).
        return Role(title: t, remainder: "", titleClarity: 0.6)
      }
      return nil
    }
    if isDepartment(compact) {
      return Role(department: departmentText(rest), remainder: "")
    }
    return nil
  }

  // MARK: Latin

  static let connectors: Set<String> = [
    "of", "and", "&", "for", "the", "-", "/", "in", "at", "to", "a",
  ]

  static func words(_ s: String) -> [String] {
    s.split(separator: " ").map(String.init)
  }

  static func bareLower(_ w: String) -> String {
    Text.trim(w.lowercased(), [",", ";", ":"])
  }

  /// Splits a Latin line at commas and at " / " or " | ".
  static func splitParts(_ s: String) -> [String] {
    var parts = [s]
    for sep in [" / ", " | ", ","] {
      parts = parts.flatMap { $0.components(separatedBy: sep) }
    }
    return parts.map { Text.trim($0) }.filter { !$0.isEmpty }
  }

  static func isLatinTitle(_ words: [String]) -> Bool {
    guard (1...7).contains(words.count) else { return false }
    let lower = words.map(bareLower)
    guard
      zip(words, lower).allSatisfy({ w, l in
        connectors.contains(l) || (w.first.map { $0.isUppercase || !$0.isLetter } ?? false)
      })
    else { return false }
    if let last = lower.last, Vocabulary.latinTitleWords.contains(last) { return true }
    if lower.count >= 3, Vocabulary.latinTitleLeads.contains(lower[0]), lower.contains("of") {
      return true
    }
    return false
  }

  static func isLatinDepartment(_ words: [String]) -> Bool {
    guard (1...8).contains(words.count) else { return false }
    return words.map(bareLower).contains { Vocabulary.latinDepartmentWords.contains($0) }
  }

  static func classifyLatin(_ rest: String) -> Role? {
    // Digits only as a unit's number ("Sales Department 2", "Section 1").
    let numbersOK = rest.split(whereSeparator: { $0 == " " || $0 == "," }).allSatisfy { token in
      !token.contains(where: \.isDigit) || (token.count <= 2 && token.allSatisfy(\.isDigit))
    }
    guard numbersOK, !rest.contains("@"), rest.contains(where: \.isLatinLetter) else {
      return nil
    }
    // "Manager, Sales Department", "Kenichi Sato / CEO": parts classified one by one.
    let parts = splitParts(rest)
    if parts.count > 1 {
      var role = Role(remainder: "", departmentClarity: 0.85, titleClarity: 0.9)
      var others: [String] = []
      for part in parts {
        let w = words(part)
        if isLatinDepartment(w),
          !(isLatinTitle(w)
            && w.first.map(bareLower).map(Vocabulary.latinTitleLeads.contains) == true)
        {
          role.department = role.department.map { $0 + ", " + part } ?? part
        } else if isLatinTitle(w) {
          role.title = role.title.map { $0 + ", " + part } ?? part
        } else {
          others.append(part)
        }
      }
      guard role.department != nil || role.title != nil else { return nil }
      // Only a separator-delimited part may be left over (a name), never a comma list.
      if !others.isEmpty, rest.contains(","), !rest.contains(" / "), !rest.contains(" | ") {
        return nil
      }
      role.remainder = others.joined(separator: " ")
      return role
    }
    let w = words(rest)
    let lower = w.map(bareLower)
    // "Head of Cloud Department" is a title.
    if lower.count >= 3, Vocabulary.latinTitleLeads.contains(lower[0]), lower.contains("of"),
      isLatinTitle(w)
    {
      return Role(title: rest, remainder: "", titleClarity: 0.9)
    }
    // "Section Chief", "Group Leader": a unit word alone before a title word
    // is part of the title.
    if lower.count >= 2, Vocabulary.latinDepartmentWords.contains(lower[0]),
      !lower.dropFirst().contains(where: { Vocabulary.latinDepartmentWords.contains($0) }),
      isLatinTitle(w)
    {
      return Role(title: rest, remainder: "", titleClarity: 0.85)
    }
    if let d = lower.lastIndex(where: { Vocabulary.latinDepartmentWords.contains($0) }),
      isLatinDepartment(w)
    {
      if d < w.count - 1, isLatinTitle(Array(w[(d + 1)...])) {
        return Role(
          department: w[...d].joined(separator: " "), title: w[(d + 1)...].joined(separator: " "),
          remainder: "", departmentClarity: 0.85, titleClarity: 0.85)
      }
      // The unit word last, or followed only by its number ("Sales Department 2").
      if w[(d + 1)...].allSatisfy({ $0.allSatisfy(\.isDigit) }) {
        return Role(department: rest, remainder: "", departmentClarity: 0.85)
      }
    }
    if isLatinTitle(w) {
      return Role(title: rest, remainder: "", titleClarity: 0.9)
    }
    return nil
  }
}
