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
    Vocabulary.japaneseLegalForms.contains { compact.contains($0) }
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

  static func run(_ state: inout ParseState) {
    var japanese: (text: String, clarity: Double, line: Int)?
    var latin: (text: String, clarity: Double, line: Int)?
    for i in state.openLines {
      let rest = state.lines[i].rest
      let compact = Text.compact(rest)
      let legal = hasJapaneseLegalForm(compact)
      if legal || hasJapaneseOrganisationWord(compact) {
        let markers = legal ? Vocabulary.japaneseLegalForms : Vocabulary.japaneseOrganisations
        guard let (name, remainder, formClarity) = splitJapaneseCompany(rest, markers: markers)
        else {
          continue
        }
        // "サクラ大学", "さくら銀行": an organisation without a legal form.
        if !legal, NameExtractor.japaneseSplit(name) != nil || name.count > 30 { continue }
        let clarity = legal ? formClarity : 0.8
        if japanese == nil { japanese = (name, clarity, i) }
        state.lines[i].setRest(remainder)
        state.lines[i].roles.insert(.company)
        // The English name on the same line ("… Sakura Technology Co., Ltd.").
        if !remainder.contains(where: \.isJapanese), latinLegalForm(remainder) != nil {
          if latin == nil { latin = (Text.foldSpaces(remainder), 0.9, i) }
          state.lines[i].consumeAll()
        }
      } else if !rest.contains(where: \.isJapanese), latinLegalForm(rest) != nil {
        if latin == nil { latin = (Text.foldSpaces(rest), 0.9, i) }
        state.lines[i].consumeAll()
        state.lines[i].roles.insert(.company)
      }
    }
    if let found = japanese ?? latin {
      state.contact.company = found.text
      state.setConfidence(.company, found.clarity * state.lines[found.line].confidence)
    }
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
      if let form = markers.first(where: { compactSoFar.contains($0) }) {
        formEndToken = t
        spacesInsideForm = !tokens.contains { $0.contains(form) }
        // "サクラ大学工学部": a unit glued after the form starts a new token.
        if let r = token.range(of: form, options: .backwards), r.upperBound < token.endIndex {
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
      if latinCompany || OrgRoleExtractor.isJapaneseRolePhrase(tail) {
        cut = k
        break
      }
    }
    // A company whose name comes after the form ("株式会社 サクラ") takes the
    // next token even if it looks like a role word.
    if cut == formEnd + 1, formEnd + 1 < tokens.count, tokens[0...formEnd].joined().count <= 5,
      Vocabulary.japaneseLegalForms.contains(tokens[0...formEnd].joined())
    {
      cut = formEnd + 2
    }
    let company = Text.joinJapanese(tokens[..<cut].joined(separator: " "))
    let remainder = tokens[cut...].joined(separator: " ")
    return (company, remainder, spacesInsideForm ? 0.9 : 0.95)
  }

  /// Rule 3: a Latin line matching the domain's organisation label.
  static func fromDomain(_ state: inout ParseState) {
    guard state.contact.company == nil, !state.domainLabels.isEmpty else { return }
    let keys = state.domainLabels.map { $0.filter { $0.isLatinLetter || $0.isDigit } }.filter {
      $0.count >= 3
    }
    let open = state.openLines
    var best: (line: Int, clarity: Double)?
    for i in open {
      let rest = state.lines[i].rest
      guard !rest.contains(where: \.isJapanese), !rest.contains(where: \.isDigit) else { continue }
      let words = rest.split(separator: " ")
      guard (1...4).contains(words.count) else { continue }
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
    state.contact.company = Text.foldSpaces(state.lines[best.line].rest)
    state.setConfidence(.company, best.clarity * state.lines[best.line].confidence)
    state.lines[best.line].consumeAll()
    state.lines[best.line].roles.insert(.company)
  }
}
