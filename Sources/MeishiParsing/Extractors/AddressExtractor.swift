import Foundation
import MeishiCore

/// Postal code and address.
///
/// Japanese: "〒150-0002 東京都…", "〒 150-0002", the 〒 misread by OCR as "T", "7"
/// or "干" ("7150-0002 東京都…"), or a bare "150-0002" at the start of a line;
/// the misread and bare forms count only when an address follows (on the same
/// or the next line). A line starting with a prefecture, or with a
/// municipality and a block number, is an address too; a following building
/// line ("渋谷ヒカリエ8F", "サクラビル 3階") is appended with a space.
/// The address is NFKC with dashes between digits unified to "-" and stray
/// spaces between Japanese characters removed.
///
/// Latin: lines with a street number and a street word, a UK or US postcode, a
/// romanised Japanese place ("Shibuya-ku") or a Japanese postal code, plus
/// adjacent lines with commas ("Paddington, London"), joined with ", ".
/// A Japanese NNN-NNNN code becomes `postal_code`; other postcodes stay in the
/// address. A Japanese address wins over a Latin one.
enum AddressExtractor {
  static func run(_ state: inout ParseState) {
    let jp = japanese(&state)
    latin(&state, setFields: !jp)
  }

  // MARK: Japanese

  enum Marker { case symbol, misread, bare }

  struct Postal {
    var code: String
    var start: Int
    var end: Int
    var marker: Marker
  }

  /// Finds a Japanese postal code in `a`.
  static func findPostal(_ a: [Character]) -> Postal? {
    for i in a.indices where a[i] == "〒" {
      var j = i + 1
      while j < a.count, a[j] == " " { j += 1 }
      if let (code, end) = code3dash4(a, j) {
        return Postal(code: code, start: i, end: end, marker: .symbol)
      }
    }
    var s = 0
    let lowered = String(a).lowercased()
    for label in Labels.address where lowered.hasPrefix(label) {
      s = label.count
      break
    }
    while s < a.count, Labels.separators.contains(a[s]) { s += 1 }
    guard s < a.count else { return nil }
    if "T7干〒".contains(a[s]) {
      var j = s + 1
      while j < a.count, a[j] == " " || a[j] == "." { j += 1 }
      if let (code, end) = code3dash4(a, j, afterMarker: true) {
        return Postal(code: code, start: s, end: end, marker: .misread)
      }
    }
    if let (code, end) = code3dash4(a, s) {
      return Postal(code: code, start: s, end: end, marker: .bare)
    }
    return nil
  }

  /// "NNN-NNNN" (dash of any kind, spaces around it allowed) at `j`, not followed by a digit.
  static func code3dash4(_ a: [Character], _ j: Int, afterMarker: Bool = false) -> (String, Int)? {
    guard j + 3 <= a.count, a[j..<(j + 3)].allSatisfy(\.isDigit),
      afterMarker || j == 0 || !a[j - 1].isDigit
    else {
      return nil
    }
    var k = j + 3
    while k < a.count, a[k] == " " { k += 1 }
    guard k < a.count, a[k].isDashLike || a[k] == "ー" else { return nil }
    k += 1
    while k < a.count, a[k] == " " { k += 1 }
    guard k + 4 <= a.count, a[k..<(k + 4)].allSatisfy(\.isDigit) else { return nil }
    guard k + 4 == a.count || !a[k + 4].isDigit else { return nil }
    return (String(a[j..<(j + 3)]) + "-" + String(a[k..<(k + 4)]), k + 4)
  }

  static func startsWithPrefecture(_ s: String) -> Bool {
    let c = Text.compact(s)
    return Vocabulary.prefectures.contains { c.hasPrefix($0) }
  }

  static func looksLikeJapaneseAddress(_ s: String) -> Bool {
    let c = Text.compact(s)
    guard c.contains(where: \.isKanji), !CompanyExtractor.hasJapaneseLegalForm(c) else {
      return false
    }
    if startsWithPrefecture(c) { return true }
    let municipality = c.prefix(12).contains { "市区町村郡".contains($0) }
    let block = c.contains(where: \.isDigit) || c.contains("丁目") || c.contains("番地")
    return municipality && block
  }

  static let buildingWords = [
    "ビル", "タワー", "階", "号室", "館", "棟", "プラザ", "ヒルズ", "スクエア", "ハイツ", "マンション",
    "レジデンス", "センタービル", "Bldg", "BLDG", "Building",
  ]

  static func looksLikeBuilding(_ s: String) -> Bool {
    let c = Text.compact(s)
    guard c.count <= 30, !c.contains("@"), !CompanyExtractor.hasJapaneseLegalForm(c) else {
      return false
    }
    if buildingWords.contains(where: { c.contains($0) }) { return true }
    // "8F", "B1F"
    let chars = Array(c)
    if let last = chars.last, last == "F" || last == "f", chars.count >= 2,
      chars[chars.count - 2].isDigit
    {
      return true
    }
    return false
  }

  static func cleanJapanese(_ s: String) -> String {
    var t = Text.unifyDigitDashes(Text.foldSpaces(s))
    // Stray OCR spaces between Japanese characters go, except after the end
    // of a block number ("1番地 サクラビル", "3号 サクラビル").
    let chars = Array(t)
    var out = ""
    for (i, ch) in chars.enumerated() {
      if ch == " ", i > 0, i + 1 < chars.count, chars[i - 1].isJapanese, chars[i + 1].isJapanese {
        let before = String(out.suffix(2))
        if !(before.hasSuffix("号") || before == "番地") { continue }
      }
      out.append(ch)
    }
    t = out
    for label in Labels.address where t.lowercased().hasPrefix(label) {
      t = String(t.dropFirst(label.count))
      break
    }
    // "渋谷 2-21-1", "ヒカリエ 8F": OCR spaces before a number.
    t = Text.removeSpaces(in: t) { $0.isJapanese && $1.isDigit }
    // "第3 ビル", "12 階": after a plain number (not a block number such as
    // "2-21-1", which a building name may follow after a space).
    let tokens = t.split(separator: " ", omittingEmptySubsequences: true)
    if tokens.count > 1 {
      var joined = String(tokens[0])
      for token in tokens.dropFirst() {
        let last = joined.split(separator: " ").last.map(String.init) ?? joined
        let numberTail = last.reversed().prefix { $0.isDigit || $0 == "-" }
        let plainNumber = !numberTail.isEmpty && !numberTail.contains("-")
        if plainNumber, token.first?.isJapanese ?? false {
          joined += token
        } else {
          joined += " " + token
        }
      }
      t = joined
    }
    // "本社：東京都…": drop a label before the prefecture.
    if let p = Vocabulary.prefectures.compactMap({ t.range(of: $0) }).min(by: {
      $0.lowerBound < $1.lowerBound
    }),
      t.distance(from: t.startIndex, to: p.lowerBound) <= 8
    {
      t = String(t[p.lowerBound...])
    }
    return Text.trim(t, [":", "：", ",", "、", ";", "-", "・"])
  }

  /// "4-2-8 サクラビル3F": a line that continues an address cut after the town.
  static func startsWithBlockNumber(_ s: String) -> Bool {
    let a = Array(Text.unifyDigitDashes(s))
    guard let first = a.first, first.isDigit else { return false }
    let head = a.prefix { $0.isDigit || $0 == "-" }
    return head.contains("-") || a.dropFirst(head.count).first.map { "丁番号".contains($0) } ?? false
  }

  /// Returns whether a Japanese address or postal code was found.
  static func japanese(_ state: inout ParseState) -> Bool {
    let open = state.openLines
    var postal: (code: String, clarity: Double, conf: Double)?
    var address: (text: String, clarity: Double, lines: [Int])?
    for (n, i) in open.enumerated() {
      let a = Array(state.lines[i].rest)
      let next = n + 1 < open.count ? open[n + 1] : nil
      if postal == nil, let p = findPostal(a) {
        let after = cleanJapanese(String(a[p.end...]))
        let nextIsAddress = next.map { looksLikeJapaneseAddress(state.lines[$0].rest) } ?? false
        let sameLine = !after.isEmpty && looksLikeJapaneseAddress(after)
        guard p.marker == .symbol || sameLine || (after.isEmpty && nextIsAddress) else { continue }
        let markerClarity = p.marker == .symbol ? 0.95 : (p.marker == .bare ? 0.85 : 0.8)
        postal = (p.code, markerClarity, state.lines[i].confidence)
        state.lines[i].consumeAll()
        state.lines[i].roles.insert(.postal)
        if address == nil {
          if sameLine || (!after.isEmpty && p.marker == .symbol) {
            let clarity = startsWithPrefecture(after) ? 0.95 : (sameLine ? 0.85 : 0.7)
            address = (after, clarity, [i])
            state.lines[i].roles.insert(.address)
          } else if let next, nextIsAddress {
            let text = cleanJapanese(state.lines[next].rest)
            address = (text, startsWithPrefecture(text) ? 0.9 : 0.8, [i, next])
            state.lines[next].consumeAll()
            state.lines[next].roles.insert(.address)
          }
        }
        continue
      }
      if address == nil, !state.lines[i].isSpent, looksLikeJapaneseAddress(state.lines[i].rest) {
        let text = cleanJapanese(state.lines[i].rest)
        let clarity = startsWithPrefecture(text) ? 0.9 : 0.7
        address = (text, clarity, [i])
        state.lines[i].consumeAll()
        state.lines[i].roles.insert(.address)
      }
    }
    // The rest of the block number and a building line right after the address.
    if var addr = address, !addr.text.isEmpty {
      var raw = addr.text
      var j = (addr.lines.last ?? 0) + 1
      let hasBlock = addr.text.contains(where: \.isDigit)
      while j < state.lines.count, addr.lines.count < 4 {
        if state.lines[j].isJunk {
          j += 1
          continue
        }
        guard !state.lines[j].isSpent else { break }
        let rest = state.lines[j].rest
        let continues = !hasBlock && startsWithBlockNumber(rest)
        guard continues || looksLikeBuilding(rest) else { break }
        raw += " " + rest
        addr.lines.append(j)
        state.lines[j].consumeAll()
        state.lines[j].roles.insert(.address)
        j += 1
        if !continues { break }
      }
      addr.text = cleanJapanese(raw)
      address = addr
    }
    if let postal {
      state.contact.postalCode = postal.code
      state.setConfidence(.postalCode, postal.clarity * postal.conf)
    }
    if let address, !address.text.isEmpty {
      state.contact.address = address.text
      let conf = address.lines.map { state.lines[$0].confidence }.min() ?? 0
      state.setConfidence(.address, address.clarity * conf)
    }
    return postal != nil || address != nil
  }

  // MARK: Latin

  enum Strength: Comparable { case none, weak, strong }

  static func isUKPostcode(_ outward: Substring, _ inward: Substring) -> Bool {
    let o = Array(outward)
    let i = Array(inward)
    guard (2...4).contains(o.count), i.count == 3 else { return false }
    guard o[0].isUppercase, o[0].isLatinLetter,
      o.allSatisfy({ ($0.isLatinLetter && $0.isUppercase) || $0.isDigit }),
      o.contains(where: \.isDigit)
    else { return false }
    return i[0].isDigit && i[1].isUppercase && i[1].isLatinLetter && i[2].isUppercase
      && i[2].isLatinLetter
  }

  static func latinStrength(_ s: String) -> Strength {
    guard !s.contains(where: \.isJapanese), !s.contains("@"), s.filter(\.isLatinLetter).count >= 3
    else {
      return .none
    }
    let words = s.split(separator: " ")
    let bare = words.map { Text.trim(String($0), [",", ";"]) }
    let lower = bare.map { $0.lowercased() }
    // Postcodes.
    for k in bare.indices.dropLast() where isUKPostcode(Substring(bare[k]), Substring(bare[k + 1]))
    {
      return .strong
    }
    for k in bare.indices.dropLast() {
      let st = bare[k]
      let zip = bare[k + 1]
      if st.count == 2, st.allSatisfy({ $0.isUppercase && $0.isLatinLetter }),
        (zip.count == 5 && zip.allSatisfy(\.isDigit))
          || (zip.count == 10 && zip.filter(\.isDigit).count == 9)
      {
        return .strong
      }
    }
    if code3dash4(Array(s), 0) != nil || bare.contains(where: { code3dash4(Array($0), 0) != nil }) {
      return .strong
    }
    if lower.contains(where: { w in Vocabulary.romajiPlaceSuffixes.contains { w.hasSuffix($0) } }) {
      return .strong
    }
    let leadsWithNumber = bare.first?.first?.isDigit ?? false
    if leadsWithNumber, lower.dropFirst().contains(where: { Vocabulary.streetWords.contains($0) }) {
      return .strong
    }
    if lower.contains(where: { $0 == "suite" || $0 == "floor" || $0 == "p.o." }),
      s.contains(where: \.isDigit)
    {
      return .strong
    }
    // Weak: "Paddington, London", "Tokyo, Japan".
    let hasTitleOrDept = lower.contains {
      Vocabulary.latinTitleWords.contains($0) || Vocabulary.latinDepartmentWords.contains($0)
    }
    if s.contains(","), !hasTitleOrDept,
      bare.allSatisfy({ $0.first.map { $0.isUppercase || $0.isDigit } ?? true })
    {
      return .weak
    }
    if let last = lower.last,
      Vocabulary.countries.contains(last) || Vocabulary.romajiPlaces.contains(last),
      words.count <= 4, !hasTitleOrDept
    {
      return .weak
    }
    return .none
  }

  static func latin(_ state: inout ParseState, setFields: Bool) {
    let open = state.openLines
    let strengths = Dictionary(
      uniqueKeysWithValues: open.map { ($0, latinStrength(state.lines[$0].rest)) })
    var runs: [[Int]] = []
    for i in open where strengths[i, default: .none] > .none {
      if let last = runs.last?.last, last + 1 == i {
        runs[runs.count - 1].append(i)
      } else {
        runs.append([i])
      }
    }
    guard let run = runs.first(where: { $0.contains { strengths[$0] == .strong } }) else { return }
    var parts: [String] = []
    for i in run {
      parts.append(Text.trim(Text.unifyDigitDashes(state.lines[i].rest), [",", ";"]))
      state.lines[i].consumeAll()
      state.lines[i].roles.insert(.address)
    }
    guard setFields else { return }
    var text = parts.joined(separator: ", ")
    var postal: String?
    let a = Array(text)
    for k in a.indices {
      if let (code, end) = code3dash4(a, k) {
        postal = code
        let before = Text.trim(String(a[..<k]), [","])
        let after = Text.trim(String(a[end...]), [","])
        // "Tokyo 150-0002 Japan" → "Tokyo, Japan"
        text = [before, after].filter { !$0.isEmpty }.joined(separator: ", ")
        break
      }
    }
    text = Text.foldSpaces(text).replacingAll(" ,", with: ",").replacingAll(",,", with: ",")
    text = Text.trim(text, [",", ";"])
    let conf = run.map { state.lines[$0].confidence }.min() ?? 0
    if let postal {
      state.contact.postalCode = postal
      state.setConfidence(.postalCode, 0.85 * conf)
    }
    if !text.isEmpty {
      state.contact.address = text
      state.setConfidence(.address, 0.85 * conf)
    }
  }
}
