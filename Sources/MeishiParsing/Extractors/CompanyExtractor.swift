import Foundation
import MeishiCore

/// Company name.
///
/// 1. A Japanese legal form before or after the name (株式会社, (株)/㈱, 有限会社,
///    合同会社, 一般社団法人 …), found after removing OCR's stray spaces between
///    Japanese characters ("株式 会社 サクラ" → 株式会社サクラ). A department or
///    title after the name on the same line is left for the next rule.
/// 2. An English legal form at the end of a Latin line (Co., Ltd., K.K., Inc.,
///    Corp., G.K., LLC, Ltd. …). A Japanese company wins over an English one.
/// 3. Failing both, a Latin line that spells the organisation label of the
///    e-mail or web domain ("Contoso" for contoso.com), more sure when it is the
///    largest text on the card.
enum CompanyExtractor {
  static func hasJapaneseLegalForm(_ compact: String) -> Bool {
    let upper = compact.uppercased()
    return Vocabulary.japaneseLegalForms.contains { upper.contains($0) }
  }

  static func hasJapaneseOrganisationWord(_ compact: String) -> Bool {
    Vocabulary.japaneseOrganisations.contains { compact.contains($0) && !compact.hasPrefix($0) }
  }

  /// The lower-case English legal form a Latin line ends with, if any.
  static func latinLegalForm(_ s: String) -> String? {
    let lower = s.lowercased()
    for form in Vocabulary.latinLegalForms.sorted(by: { $0.count > $1.count }) {
      var body = Substring(lower)
      while let l = body.last, l == " " || l == "," || l == ")" { body.removeLast() }
      // Forms may end with a dot the line lacks, or the line may add one.
      let candidates = [form, form.hasSuffix(".") ? String(form.dropLast()) : form + "."]
      for f in candidates where body.hasSuffix(f) {
        let before = body.dropLast(f.count)
        if before.isEmpty || before.last == " " || before.last == "," {
          return before.isEmpty ? nil : form
        }
      }
    }
    if lower.hasPrefix("k.k. ") { return "k.k." }
    return nil
  }

  /// Words of lines that certify or advertise the company ("ISO 9001認証取得",
  /// "プライバシーマーク取得"): such a line is neither the company nor anything else.
  static let certificationWords = [
    "認証", "認定", "取得", "登録", "許可", "免許", "ISO", "プライバシーマーク", "Pマーク", "エコアクション",
    "ISMS", "JIS", "健康経営", "えるぼし", "くるみん", "SDGs", "certified", "Certified", "ISO/IEC",
  ]

  static func isCertificationLine(_ s: String) -> Bool {
    let c = Text.compact(s)
    return certificationWords.contains { c.contains($0) } && !c.contains("@")
      && !hasJapaneseLegalForm(c)
  }

  /// The letters of each kana script (no iteration marks, no ゔ/ヴ-row rarities).
  static let hiraganaLetters: [Character] = (0x3041...0x3093).compactMap { UnicodeScalar($0).map(Character.init) }
  static let katakanaLetters: [Character] =
    (0x30A1...0x30F3).compactMap { UnicodeScalar($0).map(Character.init) } + ["ー"]

  static let smallLarge: [Character: Character] = [
    "ッ": "ツ", "ツ": "ッ", "ャ": "ヤ", "ヤ": "ャ", "ュ": "ユ", "ユ": "ュ", "ョ": "ヨ", "ヨ": "ョ",
    "っ": "つ", "つ": "っ", "ゃ": "や", "や": "ゃ", "ゅ": "ゆ", "ゆ": "ゅ", "ょ": "よ", "よ": "ょ",
  ]

  /// A kana name misread by one character, repaired when the e-mail or web
  /// domain spells it: "かもやめホーム" with kamome-home → "かもめホーム", "かるめホーム" → "かもめホーム",
  /// "ヨッバ化学" with yotsuba-chem → "ヨツバ化学", "トキキワ" with tokiwa → "トキワ"; a
  /// stray ン before it ("ンヨッツバ化学") goes too, when the domain then spells the name.
  static func repairedByDomain(_ company: String, domains: [String]) -> String? {
    let heads = domains.compactMap { $0.split(separator: "-").first.map(String.init) }
      .filter { $0.count >= 4 }
    guard !heads.isEmpty else { return nil }
    let chars = Array(company)
    // The kana run where the name starts (after a leading legal form).
    var start = 0
    for form in Vocabulary.japaneseLegalForms where company.hasPrefix(form) {
      start = form.count
      break
    }
    var end = start
    while end < chars.count, chars[end].isHiragana || chars[end].isKatakana { end += 1 }
    var run = Array(chars[start..<end])
    // No word starts with ン: one there is a speck of the logo ("ンヨッツバ化学").
    let strayN = run.count > 3 && (run[0] == "ン" || run[0] == "ん")
    if strayN { run.removeFirst() }
    guard run.count >= 3 else { return nil }
    let keys = Set(heads.map { NameDictionary.romajiKey($0) })
    /// Whether the domain spells the first `n` characters of `r`.
    func spellsStart(_ r: [Character], _ n: Int) -> Bool {
      keys.contains(NameDictionary.romajiKey(Romaji.hepburn(String(r.prefix(n)))))
    }
    func spells(_ r: [Character]) -> Bool {
      // The domain may name only the start of the run ("kamome" of かもめホーム).
      (1...r.count).contains { spellsStart(r, $0) }
    }
    if spells(run) { return strayN ? String(chars[..<start]) + String(run) + String(chars[end...]) : nil }
    var fixes: Set<[Character]> = []
    for i in run.indices {
      var deleted = run
      deleted.remove(at: i)
      if spells(deleted) { fixes.insert(deleted) }
      if let swap = smallLarge[run[i]] {
        var swapped = run
        swapped[i] = swap
        if spells(swapped) { fixes.insert(swapped) }
      }
    }
    fixes = fixes.filter { !Plausibility.kanaLooksBroken(String($0)) }
    // Failing those, one kana misread as another of its script ("かるめ" for かもめ), inside
    // the part the domain spells.
    if fixes.isEmpty {
      for i in run.indices {
        for other in run[i].isHiragana ? hiraganaLetters : katakanaLetters where other != run[i] {
          var swapped = run
          swapped[i] = other
          if ((i + 1)...swapped.count).contains(where: { spellsStart(swapped, $0) }),
            !Plausibility.kanaLooksBroken(String(swapped))
          {
            fixes.insert(swapped)
          }
        }
      }
    }
    guard fixes.count == 1, let fix = fixes.first else { return nil }
    return String(chars[..<start]) + String(fix) + String(chars[end...])
  }

  /// An English name whose first word OCR began wrongly ("ipbari Trading Corp." with
  /// hibari.example.com): a lower-case first word as long as the domain's name, ending with the
  /// same four letters or more and differing in at most its first two, is the domain's name
  /// capitalised. A name is never lower case; the domain says which word it was.
  static func repairedLatinByDomain(_ company: String, domains: [String]) -> String? {
    guard let first = company.split(separator: " ").first, company.split(separator: " ").count >= 2,
      first.allSatisfy(\.isLatinLetter), first.first?.isLowercase == true
    else { return nil }
    let word = Array(first)
    let fixes = Set(
      domains.compactMap { $0.split(separator: "-").first.map(String.init) }.filter { head in
        let h = Array(head)
        guard h.count == word.count, h.count >= 5, h.allSatisfy(\.isLatinLetter) else { return false }
        let differ = zip(h, word).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        return !differ.isEmpty && differ.allSatisfy { $0 < 2 }
      })
    guard fixes.count == 1, let head = fixes.first else { return nil }
    return head.prefix(1).uppercased() + head.dropFirst() + company.dropFirst(first.count)
  }

  /// A small vowel after the same vowel read twice, large and small ("ノースウイィンド" for
  /// ノースウインド): no word is spelt so (a small vowel follows a consonant's kana).
  static func droppingDoubledSmallVowel(_ s: String) -> String {
    let pairs: [Character: Character] = ["ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ", "ォ": "オ"]
    var out: [Character] = []
    for c in s {
      if let large = pairs[c], out.last == large { continue }
      out.append(c)
    }
    return String(out)
  }

  /// English words that end the name of an organisation without a legal form.
  static let latinOrganisationWords: Set<String> = [
    "council", "society", "association", "foundation", "network", "institute", "federation",
    "union", "cooperative", "co-op", "fund", "trust", "club", "forum", "alliance", "academy",
    "university", "college", "school", "hospital", "clinic", "bank", "agency", "committee",
    "consortium", "initiative", "project", "center", "centre", "organization", "organisation",
  ]

  /// "Clover Satoyama Conservation Society": 2–7 capitalised words ending
  /// with an organisation word.
  static func isLatinOrganisation(_ s: String) -> Bool {
    let words = s.split(separator: " ").map(String.init)
    guard (2...7).contains(words.count), !s.contains(where: \.isDigit), !s.contains("@"),
      !s.contains(","), words.first?.first?.isUppercase == true,
      words.allSatisfy({ $0.allSatisfy { $0.isLetter || "&'.-".contains($0) } }),
      let last = words.last?.lowercased(), latinOrganisationWords.contains(last)
    else { return false }
    // Not a title or a department ("Coordinator, R&D Center", "Sales Center").
    let lower = words.map { $0.lowercased() }
    if lower.contains(where: { Vocabulary.latinTitleWords.contains($0) }) { return false }
    if lower.dropLast().contains(where: { Vocabulary.latinDepartmentWords.contains($0) }) {
      return false
    }
    // OCR may lower-case a word; most must still be capitalised.
    return words.filter { $0.first?.isUppercase == true }.count * 3 >= words.count * 2
  }

  /// Legal forms OCR misread by one character, and what they are: "株式全社", "株式社",
  /// "NP0法人", "ドPO法人". Patterns, replaced in order.
  static let misreadForms: [(pattern: String, form: String)] = [
    ("株式[^会\\s]社", "株式会社"), ("株式社", "株式会社"), ("株式会[^社\\s]", "株式会社"),
    ("有限[^会\\s]社", "有限会社"), ("合同[^会\\s]社", "合同会社"),
    ("(?<![A-Za-z])[NＮドトﾄ]?P[O0Oo]法人", "NPO法人"), ("NP[O0]法[入八]", "NPO法人"),
  ]

  /// "(株穂高データ": the closing parenthesis of (株) lost by OCR; a legal form misread by one
  /// character (``misreadForms``); 工業 read with the katakana エ at the end of a name
  /// ("㈱トキワエ業", which the katakana-to-kanji repair leaves: エ follows katakana).
  static func repairedForms(_ s: String) -> String {
    var out = s.replacingOccurrences(
      of: "エ業(?=$|\\s|[(（㈱㈲]|株式会社|有限会社|合同会社)", with: "工業", options: .regularExpression)
    if out.contains("株式") || out.contains("有限") || out.contains("合同") || out.contains("法") {
      for (pattern, form) in misreadForms {
        out = out.replacingOccurrences(of: pattern, with: form, options: .regularExpression)
      }
    }
    for form in ["(株", "(有"] {
      var result = ""
      var rest = Substring(out)
      while let r = rest.range(of: form) {
        result += rest[..<r.upperBound]
        rest = rest[r.upperBound...]
        if rest.first != ")" { result += ")" }
      }
      out = result + rest
    }
    return out
  }

  /// A trade misread by one kanji at the end of a name ("紫苑精審", "コスモス設語"), mended when
  /// the e-mail or web domain spells the trade ("shion-seimitsu", "cosmos-sekkei"): the run of
  /// Japanese before a legal form, a space or the end of the line ends one character off it.
  static func mendedTrade(_ rest: String, domainKeys: [String]) -> String {
    let parts = Set(domainKeys.flatMap { $0.split(separator: "-").dropFirst().map(String.init) })
    let trades = Vocabulary.tradeRomaji.filter { parts.contains($0.value) }.map(\.key)
    guard !trades.isEmpty, !trades.contains(where: { rest.contains($0) }) else { return rest }
    var chars = Array(rest)
    let forms = Vocabulary.japaneseLegalForms.map(Array.init)
    for trade in trades {
      let t = Array(trade)
      for start in 1..<max(1, chars.count - t.count + 1) {
        let end = start + t.count
        let window = chars[start..<end]
        guard chars[start - 1].isJapanese, window.allSatisfy(\.isKanji),
          Text.differInOne(window, t)
        else { continue }
        let after = chars[end...]
        let ends = after.isEmpty || after.first == " "
          || forms.contains { after.starts(with: $0) } || "株員帆朝隅山参".contains(after.first!)
        guard ends else { continue }
        chars.replaceSubrange(start..<end, with: t)
        return String(chars)
      }
    }
    return rest
  }

  /// What OCR reads the enclosed ㈱ as, at the start and at the end of a name.
  static let enclosedFormMisreadsFirst: Set<Character> = ["株", "内", "帆", "憶"]
  static let enclosedFormMisreadsLast: Set<Character> = ["株", "員", "帆", "朝", "隅", "山", "参", "慰"]

  /// A Japanese line with no legal form whose first or last character is a known misreading
  /// of ㈱ ("カナリア電機員", "内瀬戸内不動産", "はるかコンサルティング株") next to a name that
  /// ends with a trade ("電機", "不動産"; any name for a lone 株): that character made "(株)".
  /// A logo character set apart before it is dropped; two are left for
  /// ``droppingLogoMark(_:domainKeys:)``. Returns nil when nothing is mended.
  static func mendedEnclosedForm(_ rest: String) -> String? {
    guard !hasJapaneseLegalForm(Text.compact(rest)) else { return nil }
    let tokens = rest.split(separator: " ").map(String.init)
    func mend(_ s: String) -> String? {
      guard s.count >= 4, s.allSatisfy(\.isJapanese), let first = s.first, let last = s.last
      else { return nil }
      // "トキワエ業": 工 read as the katakana エ.
      func withKogyo(_ body: Substring) -> Substring {
        body.hasSuffix("エ業") ? body.dropLast(2) + "工業" : body
      }
      func named(_ body: Substring, _ misread: Character) -> Bool {
        misread == "株"
          || Vocabulary.companyTrades.contains { body.hasSuffix($0) && body.count > $0.count }
      }
      if enclosedFormMisreadsLast.contains(last), named(withKogyo(s.dropLast()), last) {
        return withKogyo(s.dropLast()) + "(株)"
      }
      if enclosedFormMisreadsFirst.contains(first), named(withKogyo(s.dropFirst()), first) {
        return "(株)" + withKogyo(s.dropFirst())
      }
      return nil
    }
    let tail = tokens.count >= 2 && tokens[0].count <= 2 ? mend(tokens.dropFirst().joined()) : nil
    // One character set apart before it is a logo ("人 カナリア電機員").
    if let tail, tokens[0].count == 1 { return tail }
    if let whole = mend(tokens.joined()) { return whole }
    return tail.map { tokens[0] + " " + $0 }
  }

  /// A logo mark read as text before the company ("〇 株式会社サクラ",
  /// "© Kitsune Labs K.K.", "@ 株式会社みどり企画"): a short first token that
  /// cannot be part of the name. Returns the text without it; a second mark after the first
  /// goes too ("NN © Minamikaze Consulting Co., Ltd.").
  static func droppingLogoMark(_ rest: String, domainKeys: [String]) -> String {
    let once = droppingOneLogoMark(rest, domainKeys: domainKeys)
    return once == rest ? rest : droppingOneLogoMark(once, domainKeys: domainKeys)
  }

  static func droppingOneLogoMark(_ rest: String, domainKeys: [String]) -> String {
    let tokens = rest.split(separator: " ").map(String.init)
    guard tokens.count >= 2, let t0 = tokens.first else { return rest }
    // A round mark read as rings in brackets ("(〇O)"): a logo, however long.
    let rings = t0.allSatisfy { "〇○◯◎●oO0()（）".contains($0) } && t0.contains { "〇○◯◎●()（）".contains($0) }
    // A full stop after junk does not make it longer ("ill.").
    let core = t0.count > 1 && t0.hasSuffix(".") ? String(t0.dropLast()) : t0
    guard core.count <= 3 || (rings && t0.count <= 5) else { return rest }
    // Three characters only for lower-case junk ("ill", "di") or with a symbol ("«OO").
    if core.count == 3, core.contains(where: { $0.isUppercase || $0.isJapanese }),
      !core.contains(where: { !$0.isLetter && !$0.isNumber })
    {
      return rest
    }
    let tail = tokens.dropFirst().joined(separator: " ")
    let tailCompact = Text.compact(tail)
    let symbolOnly = !t0.contains { $0.isLetter || $0.isNumber } || rings
    if tail.contains(where: \.isJapanese) {
      guard hasJapaneseLegalForm(tailCompact) || hasJapaneseOrganisationWord(tailCompact),
        !Vocabulary.japaneseLegalForms.contains(tailCompact)
      else {
        return rest
      }
      // The legal form must not start inside the first token ("株式 会社サクラ").
      if Vocabulary.japaneseLegalForms.contains(where: { Text.compact(rest).hasPrefix($0) }) {
        return rest
      }
      let leadsWithForm = Vocabulary.japaneseLegalForms.contains { tailCompact.hasPrefix($0) }
      let t0Japanese = t0.contains(where: \.isJapanese)
      // "人 葵デザイン(株)": kanji OCR reads for a round logo, set apart before the name.
      let logoKanji = t0 == "人" || t0 == "回"
      if symbolOnly || !t0Japanese || leadsWithForm || logoKanji { return tail }
      return rest
    }
    guard latinLegalForm(tail) != nil || !domainKeys.isEmpty else { return rest }
    if symbolOnly { return tail }
    // A letter or two ("O Sakura Inc.", "di Komorebi Medical Corp.") only when
    // the rest spells the domain.
    let key = tail.lowercased().filter { $0.isLatinLetter || $0.isDigit }
    let t0Key = t0.lowercased().filter { $0.isLatinLetter || $0.isDigit }
    let spelt = domainKeys.contains { d in
      let head = d.split(separator: "-").first.map(String.init) ?? d
      let k = head.filter { $0.isLatinLetter || $0.isDigit }
      return k.count >= 3 && key.hasPrefix(k) && !(t0Key + key).hasPrefix(k)
    }
    if spelt { return tail }
    return rest
  }

  /// A logo read as one character glued to the name, outside its legal form: before a form
  /// that starts the name ("人(株)碧海観光"), or after one that ends it
  /// ("陽だまりシステムズ株式会社人"). Nothing comes before a leading form or after a trailing
  /// one in a company's name, nor one kana after the trade that ends it ("…設計の").
  static func droppingGluedStray(_ name: String) -> String {
    // "株式会社みなと設計oO": a speck or two read as Latin letters after a Japanese name.
    let latinTail = name.reversed().prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
    if (1...2).contains(latinTail.count), name.dropLast(latinTail.count).last?.isJapanese ?? false,
      latinTail.contains(where: \.isLowercase) || latinTail.allSatisfy({ "oO0".contains($0) })
    {
      return droppingGluedStray(String(name.dropLast(latinTail.count)))
    }
    let c = Array(name)
    guard c.count >= 5, let first = c.first, let last = c.last else { return name }
    let forms = Vocabulary.japaneseLegalForms + ["㈱", "㈲"]
    // "株式会社みなと設計の": a speck read as one kana after the trade that ends the name.
    if last.isHiragana || last.isKatakana, forms.contains(where: { name.hasPrefix($0) }),
      Vocabulary.companyTrades.contains(where: { $0.allSatisfy(\.isKanji) && name.dropLast().hasSuffix($0) })
    {
      return String(c.dropLast())
    }
    let startsWithForm = forms.contains { name.hasPrefix($0) }
    let endsWithForm = forms.contains { name.hasSuffix($0) }
    if !startsWithForm, !endsWithForm, !first.isWhitespace {
      let tail = String(c.dropFirst())
      if let form = forms.first(where: { tail.hasPrefix($0) }), tail.count - form.count >= 2 {
        return tail
      }
    }
    if !startsWithForm, !endsWithForm, last.isJapanese {
      let head = String(c.dropLast())
      if let form = forms.first(where: { head.hasSuffix($0) }), head.count - form.count >= 2 {
        return head
      }
    }
    return name
  }

  static func run(_ state: inout ParseState) {
    var japanese: (text: String, clarity: Double, line: Int)?
    var latin: (text: String, clarity: Double, line: Int)?
    var latinAlt: String?
    let domainKeys = state.domainLabels
    for i in state.openLines {
      if isCertificationLine(state.lines[i].rest) {
        state.lines[i].consumeAll()
        continue
      }
      let traded = mendedTrade(state.lines[i].rest, domainKeys: domainKeys)
      let enclosed = mendedEnclosedForm(traded)
      let rest = droppingLogoMark(repairedForms(enclosed ?? traded), domainKeys: domainKeys)
      let compact = Text.compact(rest)
      let legal = hasJapaneseLegalForm(compact)
      if legal || hasJapaneseOrganisationWord(compact) {
        let markers = legal ? Vocabulary.japaneseLegalForms : Vocabulary.japaneseOrganisations
        guard let (split, remainder, formClarity) = splitJapaneseCompany(rest, markers: markers)
        else {
          continue
        }
        let name = legal ? droppingGluedStray(split) : split
        // "サクラ大学", "さくら銀行": an organisation without a legal form.
        if !legal, NameExtractor.japaneseSplit(name) != nil || name.count > 30 { continue }
        // A legal form mended from a misreading is less sure.
        let mended = enclosed != nil || traded != state.lines[i].rest
        let clarity = legal ? (mended ? min(formClarity, 0.75) : formClarity) : 0.8
        if japanese == nil { japanese = (name, clarity, i) }
        state.lines[i].setRest(remainder)
        state.lines[i].roles.insert(.company)
        // The English name on the same line ("… Sakura Technology Co., Ltd.").
        if !remainder.contains(where: \.isJapanese), latinLegalForm(remainder) != nil {
          if latin == nil { latin = (Text.foldSpaces(remainder), 0.9, i) }
          state.lines[i].consumeAll()
        } else if !remainder.contains(where: \.isJapanese), isLatinOrganisation(remainder) {
          if latinAlt == nil { latinAlt = Text.foldSpaces(remainder) }
          state.lines[i].consumeAll()
        }
      } else if !rest.contains(where: \.isJapanese), latinLegalForm(rest) != nil {
        if latin == nil {
          latin = (Text.foldSpaces(rest), 0.9, i)
        } else if latinAlt == nil {
          latinAlt = Text.foldSpaces(rest)
        }
        state.lines[i].consumeAll()
        state.lines[i].roles.insert(.company)
      }
    }
    if var found = japanese ?? latin {
      found.text = droppingDoubledSmallVowel(found.text)
      if let fixed = repairedByDomain(found.text, domains: domainKeys)
        ?? repairedLatinByDomain(found.text, domains: domainKeys)
      {
        found.text = fixed
        found.clarity = min(found.clarity, 0.75)
      }
      state.contact.company = found.text
      var clarity = found.clarity
      // OCR garbage that still carries a legal form ("ンテトロメティカル株式会社",
      // "こはく<酒造(株)"): kept, for review.
      if Plausibility.kanaLooksBroken(found.text) || Plausibility.hasOddMarks(found.text) {
        clarity = min(clarity, 0.55)
      }
      // An English name on a card whose Japanese company could not be read.
      if japanese == nil, AddressExtractor.cardIsJapanese(state),
        state.lines.contains(where: { $0.roles.contains(.company) && $0.text.contains(where: \.isJapanese) }) == false,
        state.lines.contains(where: { hasJapaneseLegalForm(Text.compact($0.text)) || $0.text.contains("株") })
      {
        clarity = min(clarity, 0.55)
      }
      // The domain spells the English name: the company is surer.
      if japanese == nil, let latin, domainKeys.contains(where: { d in
        d.count >= 3 && latin.text.lowercased().filter { $0.isLatinLetter || $0.isDigit }.hasPrefix(d)
      }) {
        clarity = max(clarity, 0.95)
      }
      state.setConfidence(.company, clarity * state.lines[found.line].confidence)
    }
    // The English name printed beside the Japanese one.
    if japanese != nil, let latin {
      state.extras["company_alt"] = latin.text
    } else if japanese == nil, let latinAlt {
      state.extras["company_alt"] = latinAlt
    } else if let jp = japanese, let alt = englishName(near: jp.line, state, domainKeys: domainKeys) {
      // "Shinonome Community Welfare Center" under 特定非営利活動法人東雲地域福祉センター: no legal
      // form, but it starts with the web domain's name, next to the Japanese company.
      state.extras["company_alt"] = Text.foldSpaces(state.lines[alt].rest)
      state.lines[alt].consumeAll()
      state.lines[alt].roles.insert(.company)
    }
  }

  /// A Latin line just above or below the company's line that starts with the organisation
  /// name of the e-mail or web domain (its first part, four letters or more): the company's
  /// English name.
  static func englishName(near line: Int, _ state: ParseState, domainKeys: [String]) -> Int? {
    let heads = domainKeys.compactMap { $0.split(separator: "-").first.map(String.init) }
      .filter { $0.count >= 4 }
    guard !heads.isEmpty else { return nil }
    for j in [line + 1, line - 1] where state.openLines.contains(j) {
      let rest = state.lines[j].rest
      guard !rest.isEmpty, !rest.contains(where: \.isJapanese), !rest.contains("@"),
        rest.split(separator: " ").count >= 2
      else { continue }
      let key = rest.lowercased().filter { $0.isLatinLetter || $0.isDigit }
      if heads.contains(where: { key.hasPrefix($0) }) { return j }
    }
    return nil
  }

  /// Splits "株式会社サクラテクノロジー 営業部" into the company and what follows it.
  static func splitJapaneseCompany(
    _ rest: String, markers: [String] = Vocabulary.japaneseLegalForms
  ) -> (String, String, Double)? {
    var tokens = rest.split(separator: " ").map(String.init)
    // Where (in tokens) the legal form ends.
    var compactSoFar = ""
    var formEndToken: Int?
    var spacesInsideForm = false
    for (t, token) in tokens.enumerated() {
      compactSoFar += token
      if let form = markers.first(where: { compactSoFar.uppercased().contains($0) }) {
        formEndToken = t
        spacesInsideForm = !tokens.contains { $0.uppercased().contains(form) }
        // "サクラ大学工学部": a unit glued after the form starts a new token.
        if let r = token.range(of: form, options: [.backwards, .caseInsensitive]),
          r.upperBound < token.endIndex
        {
          let after = String(token[r.upperBound...])
          let tail = ([after] + tokens[(t + 1)...]).joined(separator: " ")
          if OrgRoleExtractor.isJapaneseRolePhrase(tail) {
            tokens[t] = String(token[..<r.upperBound])
            tokens.insert(after, at: t + 1)
          }
        }
        break
      }
    }
    guard let formEnd = formEndToken else { return nil }
    // The company runs until a department or title begins.
    var cut = tokens.count
    for k in (formEnd + 1)..<max(formEnd + 1, tokens.count) {
      let tail = tokens[k...].joined(separator: " ")
      let latinCompany = !tail.contains(where: \.isJapanese) && latinLegalForm(tail) != nil
      // An English name after the Japanese one ("… Clover Satoyama Society").
      let latinName =
        !tail.contains(where: \.isJapanese) && tail.split(separator: " ").count >= 2
        && tail.split(separator: " ").allSatisfy { $0.first?.isUppercase ?? false }
      if latinCompany || latinName || OrgRoleExtractor.isJapaneseRolePhrase(tail) {
        cut = k
        break
      }
    }
    // A company whose name comes after the form ("株式会社 サクラ") takes the
    // next token even if it looks like a role word.
    if cut == formEnd + 1, formEnd + 1 < tokens.count,
      markers.contains(tokens[0...formEnd].joined().uppercased())
    {
      cut = formEnd + 2
    }
    // Junk after a complete name ("大河メディカル株式会社 O)", "… &"): logo
    // pieces, not part of it.
    let named = cut
    if tokens[0...formEnd].joined().count > (markers.first { tokens[0...formEnd].joined().uppercased().contains($0) }?.count ?? 0) {
      // After a name glued to the legal form that ends it, a logo read as a kana or two
      // ("北辰電機(株) ぐふ"): nothing of the name comes after such a form.
      let endsWithForm = Vocabulary.japaneseLegalForms.contains { form in
        tokens[formEnd].uppercased().hasSuffix(form) && tokens[formEnd].count > form.count
      }
      while cut > formEnd + 1, let last = tokens[cut - 1].last, tokens[cut - 1].count <= 3,
        !tokens[cut - 1].contains(where: \.isJapanese) || (endsWithForm && !tokens[cut - 1].contains(where: \.isKanji)),
        last != "."
      {
        cut -= 1
      }
    }
    let company = Text.joinJapanese(tokens[..<cut].joined(separator: " "))
    // The logo's kana go with it, not to the rest of the line (where they would pass for a
    // name's reading).
    let remainder = tokens.indices[cut...]
      .filter { k in k >= named || !tokens[k].contains(where: \.isJapanese) }
      .map { tokens[$0] }.joined(separator: " ")
    return (company, remainder, spacesInsideForm ? 0.9 : 0.95)
  }

  /// Rule 3: a Latin line matching the domain's organisation label.
  /// How surely a Japanese line with no legal form is the company the domain names: a name in
  /// kana that the domain's first word spells, then a trade ("ミライエ不動産" for
  /// miraie-fudosan, its ㈱ lost in a vertical column); surer when the domain spells the trade
  /// too. Nil when it is no such line.
  static func japaneseNameOfDomain(_ rest: String, domainLabels: [String]) -> Double? {
    let c = Text.compact(rest)
    guard c.count <= 20, c.allSatisfy(\.isJapanese), !hasJapaneseLegalForm(c),
      let trade = Vocabulary.companyTrades.filter({ c.hasSuffix($0) }).max(by: { $0.count < $1.count }),
      c.count > trade.count
    else { return nil }
    let name = String(c.dropLast(trade.count))
    guard name.count >= 2, name.allSatisfy({ $0.isHiragana || $0.isKatakana }) else { return nil }
    let spelt = NameDictionary.romajiKey(Romaji.hepburn(name))
    for label in domainLabels {
      let parts = label.split(separator: "-").map(String.init)
      guard let head = parts.first, NameDictionary.romajiKey(head) == spelt else { continue }
      return Vocabulary.tradeRomaji[trade].map(parts.dropFirst().contains) == true ? 0.8 : 0.7
    }
    return nil
  }

  static func fromDomain(_ state: inout ParseState) {
    guard state.contact.company == nil else { return }
    let keys = state.domainLabels.map { $0.filter { $0.isLatinLetter || $0.isDigit } }.filter {
      $0.count >= 3
    }
    // The first word of a hyphenated label ("tsubasa" of "tsubasa-sangyo").
    let heads = state.domainLabels.compactMap { $0.split(separator: "-").first.map(String.init) }
      .filter { $0.count >= 4 }
    let open = state.openLines
    var best: (line: Int, clarity: Double)?
    for i in open {
      let rest = droppingLogoMark(state.lines[i].rest, domainKeys: state.domainLabels)
      if let clarity = japaneseNameOfDomain(rest, domainLabels: state.domainLabels) {
        if best.map({ clarity > $0.clarity }) ?? true { best = (i, clarity) }
        continue
      }
      guard !rest.contains(where: \.isJapanese), !rest.contains(where: \.isDigit) else { continue }
      let words = rest.split(separator: " ")
      // "Tsubasa Industry Promotion Council": an organisation named like the domain.
      if isLatinOrganisation(rest) {
        let first = words.first.map { $0.lowercased().filter(\.isLatinLetter) } ?? ""
        var clarity = heads.contains(first) || keys.contains(where: { $0.hasPrefix(first) && first.count >= 4 }) ? 0.85 : 0.55
        if state.isTallest(i, among: open) { clarity += 0.05 }
        if best.map({ clarity > $0.clarity }) ?? true { best = (i, clarity) }
        continue
      }
      guard !keys.isEmpty, (1...4).contains(words.count) else { continue }
      let lowerWords = words.map { $0.lowercased() }
      if lowerWords.contains(where: {
        Vocabulary.latinDepartmentWords.contains($0) || Vocabulary.latinTitleWords.contains($0)
      }) {
        continue
      }
      if NameExtractor.latinNameEvidence(words.map(String.init), state: state) >= 0.8 { continue }
      let key = rest.lowercased().filter { $0.isLatinLetter || $0.isDigit }
      guard key.count >= 3 else { continue }
      var clarity = 0.0
      for d in keys {
        if key == d {
          clarity = max(clarity, 0.85)
        } else if min(key.count, d.count) >= 5, key.hasPrefix(d) || d.hasPrefix(key) {
          clarity = max(clarity, 0.75)
        }
      }
      guard clarity > 0 else { continue }
      if state.isTallest(i, among: open) { clarity += 0.1 }
      if best.map({ clarity > $0.clarity }) ?? true { best = (i, clarity) }
    }
    guard let best else { return }
    state.contact.company = Text.foldSpaces(
      droppingLogoMark(state.lines[best.line].rest, domainKeys: state.domainLabels))
    state.setConfidence(.company, best.clarity * state.lines[best.line].confidence)
    state.lines[best.line].consumeAll()
    state.lines[best.line].roles.insert(.company)
  }
}
