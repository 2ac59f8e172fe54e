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
      // After the mark itself, a dot is the dash read small ("〒651.1526").
      if let (code, end) = code3dash4(a, j, dot: true) {
        return Postal(code: code, start: i, end: end, marker: .symbol)
      }
      // "〒ャ377-0103": a speck after the mark read as a character.
      if j < a.count, !a[j].isDigit, let (code, end) = code3dash4(a, j + 1, afterMarker: true) {
        return Postal(code: code, start: i, end: end, marker: .symbol)
      }
      // "〒4 56-0014": OCR's space inside the first three digits, after the mark.
      var first: [Character] = []
      var k = j
      while k < a.count, first.count < 3, a[k].isDigit || (a[k] == " " && !first.isEmpty) {
        if a[k].isDigit { first.append(a[k]) }
        k += 1
      }
      if first.count == 3, k - j == 4, let (code, end) = code3dash4(first + a[k...], 0) {
        return Postal(code: code, start: i, end: k + end - 3, marker: .symbol)
      }
    }
    var s = 0
    let lowered = String(a).lowercased()
    for label in Labels.address where lowered.hasPrefix(label) {
      s = label.count
      break
    }
    // "本社 7982-0245 …": an office label first.
    if s == 0, let space = a.firstIndex(of: " "), officeLabel(String(a[..<space])) != nil {
      s = space
    }
    while s < a.count, Labels.separators.contains(a[s]) { s += 1 }
    guard s < a.count else { return nil }
    // 〒 as OCR reads it: "T", "7", "干", "F", "(", "=", "TO", "〶".
    if "T7干〒F(=〶丁下".contains(a[s]) {
      var j = s + 1
      if j < a.count, "O0o".contains(a[j]), j + 1 < a.count, !a[j + 1].isDigit || a[s] == "T" {
        j += 1
      }
      while j < a.count, a[j] == " " || a[j] == "." { j += 1 }
      if let (code, end) = code3dash4(a, j, afterMarker: true) {
        return Postal(code: code, start: s, end: end, marker: .misread)
      }
      if j < a.count, "O0o".contains(a[j]), let (code, end) = code3dash4(a, j + 1, afterMarker: true) {
        return Postal(code: code, start: s, end: end, marker: .misread)
      }
      // "TO95-0054": the mark read as T, the code's first 0 as O.
      if s + 1 < a.count, "Oo".contains(a[s + 1]) {
        var digits = a
        digits[s + 1] = "0"
        if let (code, end) = code3dash4(digits, s + 1, afterMarker: true) {
          return Postal(code: code, start: s, end: end, marker: .misread)
        }
      }
    }
    if let (code, end) = code3dash4(a, s) {
      return Postal(code: code, start: s, end: end, marker: .bare)
    }
    return nil
  }

  /// "NNN-NNNN" (dash of any kind, spaces around it allowed; a dot too, when `dot`) at `j`, not
  /// followed by a digit.
  static func code3dash4(_ a: [Character], _ j: Int, afterMarker: Bool = false, dot: Bool = false) -> (String, Int)? {
    guard j + 3 <= a.count, a[j..<(j + 3)].allSatisfy(\.isDigit),
      afterMarker || j == 0 || !a[j - 1].isDigit
    else {
      return nil
    }
    var k = j + 3
    while k < a.count, a[k] == " " { k += 1 }
    guard k < a.count, a[k].isDashLike || a[k] == "ー" || a[k] == "一" || (dot && a[k] == ".") else { return nil }
    k += 1
    while k < a.count, a[k] == " " { k += 1 }
    guard k + 4 <= a.count, a[k..<(k + 4)].allSatisfy(\.isDigit) else { return nil }
    guard k + 4 == a.count || !a[k + 4].isDigit else { return nil }
    return (String(a[j..<(j + 3)]) + "-" + String(a[k..<(k + 4)]), k + 4)
  }

  /// "〒114-00922": a line that is only a code OCR read with a digit too many after the dash.
  /// The digit to drop is the one that leaves a code whose town (``PostalTowns``) the address
  /// names ("114-0022" is 王子本町), when only one does.
  static func postalWithADigitTooMany(_ line: String, address: String) -> String? {
    let a = Array(line.filter { $0 != " " })
    guard a.count == 10, a[0] == "〒", a[1..<4].allSatisfy(\.isDigit), a[4].isDashLike,
      a[5...].allSatisfy(\.isDigit)
    else { return nil }
    let place = Text.compact(address)
    let codes = Set(
      (5..<10).compactMap { d -> String? in
        var last = Array(a[5...])
        last.remove(at: d - 5)
        let code = String(a[1..<4]) + "-" + String(last)
        return PostalTowns.shared.town(for: code).map { place.contains($0) } == true ? code : nil
      })
    return codes.count == 1 ? codes.first : nil
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
    var t = Text.unifyDigitDashes(Text.foldSpaces(mendedMarks(s)))
    // "31.2": a Japanese block number has no dot, nor "5二23" a kanji between two digits (the
    // dash read as 二); "ピルディング": a building (ビル).
    let dotted = Array(t)
    t = String(
      dotted.enumerated().map { i, c in
        (c == "." || c == "二") && i > 0 && i + 1 < dotted.count && dotted[i - 1].isDigit
          && dotted[i + 1].isDigit
          ? "-" : c
      })
    t = t.replacingAll("ピルディング", with: "ビルディング")
    for after in ["F", "階", "号", " "] + (0...9).map(String.init) {
      t = t.replacingAll("ピル" + after, with: "ビル" + after)
    }
    if t.hasSuffix("ピル") { t = String(t.dropLast(2)) + "ビル" }
    // OCR that spaced the Japanese words out ("サク ラビ ル 3F") says nothing
    // about printed spaces.
    let spaced = Array(t)
    let spacedOut = spaced.indices.contains { i in
      spaced[i] == " " && i > 0 && i + 1 < spaced.count && spaced[i - 1].isJapanese
        && spaced[i + 1].isJapanese
        && !(spaced[i - 1] == "号" || (i >= 2 && spaced[i - 2] == "番" && spaced[i - 1] == "地"))
    }
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
    // "3 5番29号", "8 0 3号室": OCR spaces inside a number (not after a
    // block number such as "2-21-1", which a floor may follow).
    t = joinSplitNumbers(t)
    // "渋谷 2-21-1": OCR spaces before a number; but "サクラビル 3F" keeps a
    // space printed between a building and its floor.
    t = removeSpacesBeforeNumbers(t, keepFloorSpace: !spacedOut)
    // "第3 ビル", "12 階": after a plain number (not a block number such as
    // "2-21-1", which a building name may follow after a space).
    let tokens = t.split(separator: " ", omittingEmptySubsequences: true)
    if tokens.count > 1 {
      var joined = String(tokens[0])
      for token in tokens.dropFirst() {
        let last = joined.split(separator: " ").last.map(String.init) ?? joined
        let numberTail = last.reversed().prefix { $0.isDigit || $0 == "-" }
        let plainNumber =
          !numberTail.isEmpty && !numberTail.contains("-") && !last.contains("番")
          && !last.contains("丁目")
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
    // "13番5号紫苑ビルディング": the building set apart from its block number, as printed.
    if let r = t.range(of: "号"), r.lowerBound > t.startIndex,
      t[t.index(before: r.lowerBound)].isDigit, r.upperBound < t.endIndex
    {
      let next = t[r.upperBound]
      if next.isJapanese, !"室館棟".contains(next), looksLikeBuilding(String(t[r.upperBound...])) {
        t.insert(" ", at: r.upperBound)
      }
    }
    t = completedPrefecture(t)
    t = mendedFloor(t)
    // "6--26-4", "6-ー26-14": a dash doubled after a digit (the second read as a long vowel
    // mark when a digit follows).
    var single: [Character] = []
    let marks = Array(t)
    for (k, c) in marks.enumerated() {
      if c == "-" || (c == "ー" && k + 1 < marks.count && marks[k + 1].isDigit), single.last == "-",
        single.dropLast().last?.isDigit ?? false
      {
        continue
      }
      single.append(c)
    }
    t = String(single)
    let ends: Set<Character> = [":", "：", ",", "、", ";", "-", "・", "。"]
    var u = Text.trim(t, ends)
    // "東須磨2丁目26番21号.": a speck at either end read as a full stop; but an abbreviation
    // keeps its own ("Minato Bldg.", a building line in Latin letters).
    while u.first == "." { u = Text.trim(String(u.dropFirst()), ends) }
    while u.last == ".", let before = u.dropLast().last, !(before.isASCII && before.isLetter) {
      u = Text.trim(String(u.dropLast()), ends)
    }
    return u
  }

  /// OCR's stray marks in a Japanese address, none of which an address prints: "|" anywhere
  /// ("神奈用 |県"); ",", ":" and "・" between kanji ("天白,:・町"); "+" before the dash
  /// between two numbers ("1+一20"); "々" after a place's 区/市/町/村/郡 ("目黒区々南").
  /// And "4目20" with its 丁 lost, and "二番二十吾" with its 一号 read as one kanji.
  static func mendedMarks(_ s: String) -> String {
    var c = Array(s.filter { $0 != "|" && $0 != "｜" })
    var out: [Character] = []
    var i = 0
    func prevKanji() -> Bool { out.last(where: { $0 != " " })?.isKanji ?? false }
    while i < c.count {
      let ch = c[i]
      if ",:：・、".contains(ch), prevKanji() {
        // Skip a run of such marks when a kanji follows.
        var j = i
        while j < c.count, ",:：・、 ".contains(c[j]) { j += 1 }
        if j < c.count, c[j].isKanji {
          i = j
          continue
        }
      }
      if ch == "+" || ch == "＋", out.last?.isDigit ?? false, i + 2 < c.count,
        "一ー－-−".contains(c[i + 1]), c[i + 2].isDigit
      {
        c[i + 1] = "-"
        i += 1
        continue
      }
      if ch == "々", let prev = out.last, "区市町村郡".contains(prev) {
        i += 1
        continue
      }
      if ch == "目", out.last?.isDigit ?? false, i + 1 < c.count, c[i + 1].isDigit {
        out.append("丁")
      }
      // "二番二十吾", "十九番十写": a vertical column's 一 and 号 read as one kanji (吾, 写), where
      // after 番 and its numerals only the 号 can stand.
      if "吾写".contains(ch), i + 1 == c.count || c[i + 1] == " ", out.last?.isKanjiNumeral ?? false,
        let ban = out.lastIndex(of: "番"), out[(ban + 1)...].allSatisfy(\.isKanjiNumeral)
      {
        out += ["一", "号"]
        i += 1
        continue
      }
      out.append(ch)
      i += 1
    }
    return String(out)
  }

  /// "奈川県横浜市…": a prefecture whose first character OCR lost, completed when what is left
  /// (with its 都/道/府/県) belongs to one prefecture only.
  static func completedPrefecture(_ t: String) -> String {
    guard !startsWithPrefecture(t) else { return t }
    var found: [(prefecture: String, missing: Int)] = []
    for p in Vocabulary.prefectures where p.count >= 4 {
      // At least three characters left, the 県 among them ("奈川県", not "川県").
      for drop in 1...(p.count - 3) where t.hasPrefix(String(p.dropFirst(drop))) {
        found.append((p, drop))
      }
    }
    guard found.count == 1, let only = found.first else { return t }
    return String(only.prefecture.prefix(only.missing)) + t
  }

  /// What a building's name ends with just before its floor ("さくら坂センタービル 8F").
  static let floorBuildingWords = ["ビル", "ビルディング", "タワー", "会館", "センター", "ハウス", "プラザ"]

  /// Kanji OCR reads for 階 (the same left-hand radical, or its shape).
  static let floorMisreads: Set<Character> = ["障", "隙", "落", "陛", "際", "陥", "隣", "暗", "偕", "楷"]

  /// "さくら坂センタービル BF": after a building, B and S before F are OCR's 8 and 5.
  /// "白鷺ビル6隙": a floor number ending the address after a building, with a kanji OCR
  /// reads for 階.
  static func mendedFloor(_ t: String) -> String {
    var chars = Array(t)
    if let last = chars.last, floorMisreads.contains(last), chars.count >= 3,
      chars[chars.count - 2].isDigit
    {
      let before = String(chars.dropLast()).reversed().drop { $0.isDigit }
      let head = String(before.reversed()).trimmingCharacters(in: .whitespaces)
      if floorBuildingWords.contains(where: head.hasSuffix) {
        chars[chars.count - 1] = "階"
      }
    }
    for i in chars.indices.dropFirst() where chars[i] == "F" && "BS".contains(chars[i - 1]) {
      guard i + 1 == chars.count || chars[i + 1] == " " else { continue }
      let before = String(chars[..<(i - 1)]).trimmingCharacters(in: .whitespaces)
      guard floorBuildingWords.contains(where: before.hasSuffix)
      else { continue }
      chars[i - 1] = chars[i - 1] == "B" ? "8" : "5"
    }
    return String(chars)
  }

  /// Whether the card prints Japanese beyond a few characters.
  static func cardIsJapanese(_ state: ParseState) -> Bool {
    state.lines.reduce(0) { $0 + $1.text.filter(\.isJapanese).count } >= 6
  }

  /// Words that end a building's name, after which a printed space before
  /// the floor is kept ("サクラビル 3F").
  static let buildingEnds = [
    "ビル", "ビルディング", "会館", "タワー", "センター", "プラザ", "ヒルズ", "スクエア", "館", "棟",
    "Bldg", "Bldg.", "BLDG", "Building",
  ]

  static func removeSpacesBeforeNumbers(_ s: String, keepFloorSpace: Bool) -> String {
    let chars = Array(s)
    var out = ""
    for (i, ch) in chars.enumerated() {
      if ch == " ", i > 0, i + 1 < chars.count, chars[i - 1].isJapanese, chars[i + 1].isDigit {
        let tail = chars[(i + 1)...].prefix { $0 != " " }
        let isFloor = tail.last.map { "F階".contains($0) } ?? false || String(tail).hasSuffix("号室")
        if keepFloorSpace, isFloor, buildingEnds.contains(where: { out.hasSuffix($0) }) {
          out.append(ch)
        }
        continue
      }
      out.append(ch)
    }
    return out
  }

  /// Spaces between digits removed unless the digits before are the end of a
  /// dashed block number ("2-21-1 8F").
  static func joinSplitNumbers(_ s: String) -> String {
    let chars = Array(s)
    var out: [Character] = []
    for (i, ch) in chars.enumerated() {
      if ch == " ", i > 0, i + 1 < chars.count, chars[i - 1].isDigit, chars[i + 1].isDigit {
        let run = out.reversed().prefix { $0.isDigit }
        // What follows the digits after the space: a floor ("8F", "3階") keeps it.
        let right = chars[(i + 1)...].prefix { $0.isDigit }
        let after = chars.dropFirst(i + 1 + right.count).first
        let isFloor = after.map { "F階Ff".contains($0) || $0 == "号" && chars.dropFirst(i + 2 + right.count).first == "室" } ?? false
        let beforeRun = out.dropLast(run.count).last
        let dashed = (beforeRun?.isDashLike ?? false) || beforeRun == "-"
        if run.count <= 2, !isFloor || !dashed {
          continue
        }
      }
      out.append(ch)
    }
    return String(out)
  }

  /// "4-2-8 サクラビル3F": a line that continues an address cut after the town.
  static func startsWithBlockNumber(_ s: String) -> Bool {
    let a = Array(Text.unifyDigitDashes(s))
    guard let first = a.first, first.isDigit else { return false }
    let head = a.prefix { $0.isDigit || $0 == "-" }
    return head.contains("-") || a.dropFirst(head.count).first.map { "丁番号".contains($0) } ?? false
  }

  /// One office's address on the card (a card may print several).
  struct Block {
    var label: String?
    var postal: (code: String, clarity: Double, conf: Double)?
    var text: String?
    var clarity: Double
    var lines: [Int]
  }

  /// Words that name an office before its address ("本社", "大阪支店", "工場").
  static let officeWords = [
    "本社", "本店", "支社", "支店", "営業所", "事業所", "出張所", "工場", "研究所", "センター", "オフィス",
    "事務所", "店舗", "倉庫", "本部", "ラボ", "所在地",
  ]

  /// A short office label ("本社", "大阪支店", "東京オフィス:"), cleaned; nil if `s` is not one.
  static func officeLabel(_ s: String) -> String? {
    let c = Text.trim(Text.compact(s), [":", "：", "・", "/", "|", "(", ")", "[", "]"])
    guard (1...10).contains(c.count), c.allSatisfy(\.isJapanese),
      officeWords.contains(where: { c.hasSuffix($0) })
    else { return nil }
    return c
  }

  /// The office label before a prefecture at the start of `s` ("本社 東京都…").
  static func leadingLabel(_ s: String) -> String? {
    let c = Text.compact(s)
    guard
      let p = Vocabulary.prefectures.compactMap({ c.range(of: $0) }).min(by: {
        $0.lowerBound < $1.lowerBound
      }), p.lowerBound > c.startIndex
    else { return nil }
    return officeLabel(String(c[..<p.lowerBound]))
  }

  /// Returns whether a Japanese address or postal code was found.
  static func japanese(_ state: inout ParseState) -> Bool {
    let open = state.openLines
    var blocks: [Block] = []
    for (n, i) in open.enumerated() where !state.lines[i].isSpent {
      let a = Array(state.lines[i].rest)
      let next = n + 1 < open.count ? open[n + 1] : nil
      if let p = findPostal(a) {
        // A second office's code further along the row ("〒847-0325 佐賀県…5-18-19 。
        // 〒534-0013": two columns read as one line) ends this address and starts an office of
        // its own.
        var end = a.count
        var second: Postal?
        if let q = findPostal(Array(a[p.end...])), q.marker == .symbol {
          second = Postal(code: q.code, start: p.end + q.start, end: p.end + q.end, marker: q.marker)
          end = p.end + q.start
        }
        var afterRaw = String(a[p.end..<end])
        if second != nil {
          while let last = afterRaw.last, last == " " || "。、・".contains(last) { afterRaw.removeLast() }
        }
        let after = cleanJapanese(afterRaw)
        let beforeRaw = String(a[..<p.start])
        let before = cleanJapanese(beforeRaw)
        let nextIsAddress =
          next.map { !state.lines[$0].isSpent && looksLikeJapaneseAddress(state.lines[$0].rest) }
          ?? false
        let sameLine = !after.isEmpty && looksLikeJapaneseAddress(after)
        // "東京都港区芝公園4-2-8 〒105-0011": the code after the address.
        let addressBefore = p.marker == .symbol && !before.isEmpty && looksLikeJapaneseAddress(before)
        // A misread or bare code after an address already found ("7543-0017"
        // on the line below the address).
        let follows =
          after.isEmpty && blocks.last.map { $0.text != nil && $0.postal == nil } == true
        // A bare code alone on its line of a Japanese card (the address
        // itself lost by OCR): kept, unsure.
        let alone =
          after.isEmpty && before.isEmpty && p.marker != .symbol && cardIsJapanese(state)
        guard p.marker == .symbol || sameLine || (after.isEmpty && nextIsAddress) || follows || alone
        else { continue }
        var markerClarity = p.marker == .symbol ? 0.95 : (p.marker == .bare ? 0.85 : 0.8)
        if alone && !follows && !nextIsAddress { markerClarity = 0.55 }
        var block = Block(
          label: officeLabel(beforeRaw), postal: (p.code, markerClarity, state.lines[i].confidence),
          text: nil, clarity: 0, lines: [i])
        state.lines[i].consumeAll()
        state.lines[i].roles.insert(.postal)
        if sameLine || (!after.isEmpty && p.marker == .symbol && !addressBefore) {
          block.text = after
          block.clarity = startsWithPrefecture(after) ? 0.95 : (sameLine ? 0.85 : 0.7)
          state.lines[i].roles.insert(.address)
        } else if addressBefore {
          block.text = before
          block.label = leadingLabel(beforeRaw)
          block.clarity = startsWithPrefecture(before) ? 0.9 : 0.8
          state.lines[i].roles.insert(.address)
        } else if let next, nextIsAddress {
          let text = cleanJapanese(state.lines[next].rest)
          block.label = block.label ?? leadingLabel(state.lines[next].rest)
          block.text = text
          block.clarity = startsWithPrefecture(text) ? 0.9 : 0.8
          block.lines.append(next)
          state.lines[next].consumeAll()
          state.lines[next].roles.insert(.address)
        }
        if block.text != nil { extend(&block, &state) }
        blocks.append(block)
        if let second {
          blocks.append(
            Block(
              label: nil, postal: (second.code, 0.95, state.lines[i].confidence), text: nil, clarity: 0,
              lines: [i]))
        }
        continue
      }
      if looksLikeJapaneseAddress(state.lines[i].rest) {
        let rest = state.lines[i].rest
        let text = cleanJapanese(rest)
        var block = Block(
          label: leadingLabel(rest), postal: nil, text: text,
          clarity: startsWithPrefecture(text) ? 0.9 : 0.7, lines: [i])
        state.lines[i].consumeAll()
        state.lines[i].roles.insert(.address)
        extend(&block, &state)
        // A code alone on the line before, already read as a block of its own.
        if let last = blocks.last, last.text == nil, last.postal != nil {
          block.postal = last.postal
          block.label = block.label ?? last.label
          block.lines = last.lines + block.lines
          blocks.removeLast()
        }
        blocks.append(block)
      }
    }
    // A postal code alone joins the address before it (printed after the
    // address) or, failing that, the one after it.
    var k = 0
    while k < blocks.count {
      guard blocks[k].text == nil, let postal = blocks[k].postal else {
        k += 1
        continue
      }
      if k > 0, blocks[k - 1].text != nil, blocks[k - 1].postal == nil {
        blocks[k - 1].postal = postal
        blocks.remove(at: k)
      } else if k + 1 < blocks.count, blocks[k + 1].postal == nil {
        blocks[k + 1].postal = postal
        blocks[k + 1].label = blocks[k + 1].label ?? blocks[k].label
        blocks.remove(at: k)
      } else {
        k += 1
      }
    }
    guard !blocks.isEmpty else { return false }
    // An office label on its own line just above a block ("大阪支店"): a label,
    // not a department, when the card lists several offices (or says 本社).
    for k in blocks.indices where blocks[k].label == nil {
      guard let first = blocks[k].lines.first,
        let j = lineAbove(first, state) ?? previousOpenLine(first, state),
        let label = officeLabel(state.lines[j].rest)
      else {
        continue
      }
      if blocks.count > 1 || ["本社", "本店", "所在地"].contains(label) {
        blocks[k].label = label
        state.lines[j].consumeAll()
      }
    }
    // Offices printed in columns, postal codes in one and addresses in the other: a labelled
    // postal code left alone and an address left without one belong together when the
    // gazetteer says the code is that municipality's.
    let lonePostal = blocks.indices.filter { blocks[$0].text == nil && blocks[$0].postal != nil }
    let loneText = blocks.indices.filter {
      blocks[$0].text != nil && blocks[$0].postal == nil && blocks[$0].label == nil
    }
    if lonePostal.count == 1, loneText.count == 1, let p = lonePostal.first, let t = loneText.first,
      let text = blocks[t].text, let code = blocks[p].postal?.code,
      let m = Gazetteer.shared.match(text).municipality, Gazetteer.shared.agrees(postal: code, with: m)
    {
      blocks[p].text = text
      blocks[p].lines += blocks[t].lines
      blocks.remove(at: t)
    }
    // An address without a code, and a line that is only a code with a digit too many.
    if blocks.count == 1, blocks[0].postal == nil, let text = blocks[0].text {
      for i in state.openLines where !state.lines[i].isSpent {
        guard let code = postalWithADigitTooMany(state.lines[i].rest, address: text) else { continue }
        blocks[0].postal = (code, 0.7, state.lines[i].confidence)
        state.lines[i].consumeAll()
        break
      }
    }
    // The main office: the one labelled 本社 or 本店, else the first printed; all go to extras.
    let mainIndex =
      blocks.firstIndex { $0.text != nil && ["本社", "本店"].contains($0.label ?? "") }
      ?? blocks.firstIndex { $0.text != nil } ?? 0
    // The prefecture and municipality checked against the gazetteer (and a
    // misread character in them repaired), the postal code against both.
    var checks: [Gazetteer.Match?] = []
    for k in blocks.indices {
      guard let text = blocks[k].text else {
        checks.append(nil)
        continue
      }
      var g = Gazetteer.shared.match(text)
      if g.municipality != nil { blocks[k].text = g.text }
      // The town after the municipality, as the postal code (or the municipality) names it.
      if let m = g.municipality, let end = g.end,
        let mended = Gazetteer.shared.mendTown(g.text, postal: blocks[k].postal?.code, municipality: m, after: end)
      {
        blocks[k].text = mended.text
        g.repairs += 1
        g.doubtful = g.doubtful || mended.doubtful
      }
      checks.append(g)
    }
    let main = blocks[mainIndex]
    let check = checks[mainIndex]
    var addressClarity = main.clarity
    if let check {
      if check.municipality == nil {
        addressClarity *= 0.8
      } else if check.doubtful {
        addressClarity = min(addressClarity, 0.55)
      } else if check.repairs > 0 {
        addressClarity = min(addressClarity, 0.8)
      }
    }
    if let text = main.text, Plausibility.blockLooksBroken(text) || Plausibility.hasOddMarks(text) {
      addressClarity *= 0.7
    }
    if var postal = main.postal {
      if let m = check?.municipality {
        if Gazetteer.shared.agrees(postal: postal.code, with: m) {
          postal.clarity = max(postal.clarity, p0(postal.clarity))
        } else {
          postal.clarity *= 0.6
          addressClarity *= 0.9
        }
      }
      state.contact.postalCode = postal.code
      state.setConfidence(.postalCode, postal.clarity * postal.conf)
    }
    if let text = main.text, !text.isEmpty {
      state.contact.address = text
      let conf = main.lines.map { state.lines[$0].confidence }.min() ?? 0
      state.setConfidence(.address, addressClarity * conf)
    }
    if blocks.count > 1 { state.extras["addresses"] = encode(blocks) }
    return true
  }

  /// A postal code's clarity once the address's municipality confirms it: a
  /// misread or bare marker becomes nearly as sure as 〒.
  static func p0(_ clarity: Double) -> Double { clarity >= 0.95 ? clarity : 0.9 }

  /// Appends the rest of the block number and a building line that follow the
  /// address: the next line below (left edges or boxes aligned) or to the right
  /// on the same row. A line below is joined with a space (the printed line
  /// break); a box on the same row, without one.
  static func extend(_ block: inout Block, _ state: inout ParseState) {
    guard let text = block.text, !text.isEmpty else { return }
    // Rows already complete (cleaned), and the raw text of the current row.
    var done: [String] = []
    var raw = text
    var hasBlock = hasBlockNumber(text)
    var added = 0
    while added < 3, let last = block.lines.last,
      let (j, sameRow) = nextLine(after: last, state, exclude: block.lines)
    {
      let rest = state.lines[j].rest
      let continues = !hasBlock && (startsWithBlockNumber(rest) || looksLikeAddressTail(rest))
      guard continues || looksLikeBuilding(rest) else { break }
      if sameRow {
        raw += " " + rest
      } else {
        done.append(cleanJapanese(raw))
        raw = rest
      }
      block.lines.append(j)
      state.lines[j].consumeAll()
      state.lines[j].roles.insert(.address)
      added += 1
      if continues {
        hasBlock = hasBlockNumber(rest)
      } else {
        break
      }
    }
    done.append(cleanJapanese(raw))
    block.text = done.joined(separator: " ")
  }

  static func hasBlockNumber(_ s: String) -> Bool {
    s.contains(where: \.isDigit) || s.contains("丁目") || s.contains("番") || s.contains("号")
  }

  /// The rest of an address after a line that stops at the town or ward:
  /// "美しが丘五条1丁目23-14", "長坂2丁目18番21号".
  static func looksLikeAddressTail(_ s: String) -> Bool {
    let c = Text.compact(s)
    guard c.count <= 30, !c.contains("@"), c.first?.isJapanese ?? false, hasBlockNumber(c),
      !CompanyExtractor.hasJapaneseLegalForm(c)
    else { return false }
    let digits = c.filter(\.isDigit).count
    return digits <= 8 && PhoneNumbers.parse(c) == nil
  }

  static func previousOpenLine(_ i: Int, _ state: ParseState) -> Int? {
    var j = i - 1
    while j >= 0, state.lines[j].isJunk { j -= 1 }
    guard j >= 0, !state.lines[j].isSpent else { return nil }
    return j
  }

  /// The open line just above line `i` whose box lines up with it (a label
  /// over an address in a column of its own).
  static func lineAbove(_ i: Int, _ state: ParseState) -> Int? {
    let a = state.lines[i].bbox
    var best: (Int, Int)?
    for j in state.lines.indices where j != i && !state.lines[j].isJunk && !state.lines[j].isSpent {
      let b = state.lines[j].bbox
      let h = max(a.height, b.height)
      let gap = a.y - b.maxY
      guard b.maxY <= a.y + a.height / 2, gap <= Int(1.3 * Double(h)),
        abs(b.x - a.x) <= Int(1.5 * Double(h))
      else { continue }
      if best.map({ gap < $0.1 }) ?? true { best = (j, gap) }
    }
    return best?.0
  }

  /// The line that continues line `i`: on the same row just to the right, else
  /// the nearest line below whose box lines up; nil if none is open.
  static func nextLine(after i: Int, _ state: ParseState, exclude: [Int]) -> (Int, Bool)? {
    let a = state.lines[i].bbox
    if a.height > 2 * a.width, a.width > 0 {
      // A vertical column: the next column in reading order.
      var j = i + 1
      while j < state.lines.count, state.lines[j].isJunk || exclude.contains(j) { j += 1 }
      guard j < state.lines.count, !state.lines[j].isSpent else { return nil }
      return (j, false)
    }
    let h = Double(max(1, a.height))
    var best: (Int, Bool, Double)?
    for j in state.lines.indices where !exclude.contains(j) {
      guard !state.lines[j].isJunk, !state.lines[j].isSpent else { continue }
      let b = state.lines[j].bbox
      let hb = Double(max(1, b.height))
      let overlapY = Double(min(a.maxY, b.maxY) - max(a.y, b.y))
      if overlapY >= 0.6 * min(h, hb), b.x >= a.maxX, Double(b.x - a.maxX) <= 2.5 * max(h, hb) {
        let d = Double(b.x - a.maxX) / max(h, hb)
        if best.map({ d < $0.2 }) ?? true { best = (j, true, d) }
        continue
      }
      let gap = Double(b.y - a.maxY)
      // Junk between the two (logo specks) does not separate them.
      let junk = state.lines.filter { $0.isJunk && $0.bbox.y >= a.maxY && $0.bbox.maxY <= b.y }
        .map { Double($0.bbox.height) * 1.3 }.reduce(0, +)
      guard b.y >= a.y + a.height / 2, gap <= 1.3 * max(h, hb) + junk else { continue }
      let overlapX = min(a.maxX, b.maxX) - max(a.x, b.x)
      let aligned =
        abs(b.x - a.x) <= Int(1.5 * max(h, hb)) || abs(b.maxX - a.maxX) <= Int(1.5 * max(h, hb))
        || Double(overlapX) >= 0.5 * Double(min(a.width, b.width))
      guard aligned else { continue }
      let d = 10 + gap / max(h, hb)
      if best.map({ d < $0.2 }) ?? true { best = (j, false, d) }
    }
    return best.map { ($0.0, $0.1) }
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

  /// A US ZIP code: five digits, or ZIP+4 ("94105-1234").
  static func isZIP(_ s: String) -> Bool {
    (s.count == 5 && s.allSatisfy(\.isDigit)) || (s.count == 10 && s.filter(\.isDigit).count == 9)
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
      if st.count == 2, st.allSatisfy({ $0.isUppercase && $0.isLatinLetter }), isZIP(zip) {
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

  /// English office labels: "Head Office", "Osaka Branch", "Headquarters".
  static let latinOfficeWords: Set<String> = [
    "office", "branch", "headquarters", "hq", "factory", "plant", "laboratory", "lab", "center",
    "centre", "store", "studio", "warehouse",
  ]

  /// "Head Office: 1-2-3 …" → ("Head Office", "1-2-3 …").
  static func splitLatinLabel(_ line: String) -> (label: String?, text: String) {
    // A map-pin icon read as one character before an English address ("と  4001 1st Ave NE").
    var s = line
    if let space = s.firstIndex(of: " "), s.distance(from: s.startIndex, to: space) == 1,
      let icon = s.first, !(icon.isASCII && (icon.isLetter || icon.isNumber)),
      !s[space...].contains(where: \.isJapanese)
    {
      s = Text.trim(String(s[space...]))
    }
    guard let colon = s.firstIndex(of: ":") else { return (nil, s) }
    let head = Text.trim(String(s[..<colon]))
    let words = head.split(separator: " ").map { $0.lowercased() }
    guard (1...3).contains(words.count), words.contains(where: latinOfficeWords.contains),
      !head.contains(where: \.isDigit)
    else { return (nil, s) }
    return (head, Text.trim(String(s[s.index(after: colon)...])))
  }

  /// "ist Ave", "lst Street": 1st read with i or l for the 1, before a street word (only
  /// "1st" is an ordinal spelt so).
  static func mendedOrdinals(_ line: String) -> String {
    var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    for k in words.indices.dropLast() where ["ist", "Ist", "lst"].contains(words[k]) {
      let next = Text.trim(words[k + 1], [",", "."]).lowercased()
      if Vocabulary.streetWords.contains(next) {
        words[k] = "1st"
      }
    }
    return words.joined(separator: " ")
  }

  /// "2-26-12 Tsu kishima": a Japanese place name that OCR broke in two, joined again. The
  /// second piece starts in lower case (a place name in a romanised address is capitalised),
  /// and both pieces and the whole are Hepburn romaji. Only in a Japanese address (one with
  /// a Japanese postal code): "Avenue des Champs" is left alone.
  static func joinedRomajiFragments(_ text: String) -> String {
    var words = text.split(separator: " ").map(String.init)
    var k = 0
    while k + 1 < words.count {
      let first = words[k]
      let second = words[k + 1]
      let core = Text.trim(second, [","])
      if first.count >= 2, first.first?.isUppercase == true, first.allSatisfy({ $0.isASCII && $0.isLetter }),
        first.dropFirst().allSatisfy(\.isLowercase), core.count >= 3,
        core.allSatisfy({ $0.isASCII && $0.isLowercase }),
        Romaji.fromHepburn(first) != nil, Romaji.fromHepburn(core) != nil,
        Romaji.fromHepburn(first + core) != nil
      {
        words[k] = first + second
        words.remove(at: k + 1)
        continue
      }
      k += 1
    }
    return words.joined(separator: " ")
  }

  static func isLatinOfficeLabel(_ s: String) -> Bool {
    let t = Text.trim(s, [":"])
    let words = t.split(separator: " ").map { $0.lowercased() }
    return (1...3).contains(words.count) && words.contains(where: latinOfficeWords.contains)
      && !t.contains(where: \.isDigit) && !t.contains(where: \.isJapanese)
      && t.first.map(\.isUppercase) == true
  }

  static func latin(_ state: inout ParseState, setFields: Bool) {
    let open = state.openLines
    let strengths = Dictionary(
      uniqueKeysWithValues: open.map { ($0, latinStrength(splitLatinLabel(state.lines[$0].rest).text)) })
    var runs: [[Int]] = []
    for i in open where strengths[i, default: .none] > .none {
      if let last = runs.last?.last, last + 1 == i {
        runs[runs.count - 1].append(i)
      } else {
        runs.append([i])
      }
    }
    let strongRuns = runs.filter { $0.contains { strengths[$0] == .strong } }
    guard !strongRuns.isEmpty else { return }
    var blocks: [Block] = []
    for run in strongRuns {
      var label: String?
      // A label on its own line just before ("Osaka Branch").
      if let first = run.first, first > 0, open.contains(first - 1),
        isLatinOfficeLabel(state.lines[first - 1].rest),
        strongRuns.count > 1
          || state.lines[first - 1].rest.lowercased().contains("head")
          || state.lines[first - 1].rest.lowercased().contains("headquarters")
      {
        label = Text.trim(state.lines[first - 1].rest, [":"])
        state.lines[first - 1].consumeAll()
      }
      var text = ""
      for (k, i) in run.enumerated() {
        var line = Text.unifyDigitDashes(state.lines[i].rest)
        // "Naka-ku.,": no abbreviation there, a speck read as a dot.
        for suffix in Vocabulary.romajiPlaceSuffixes {
          line = line.replacingAll(suffix + ".,", with: suffix + ",")
        }
        if k == 0 {
          let (l, t) = splitLatinLabel(line)
          if let l { label = label ?? l }
          line = t
        }
        line = Text.trim(line, [";"])
        line = mendedOrdinals(line)
        state.lines[i].consumeAll()
        state.lines[i].roles.insert(.address)
        if text.isEmpty {
          text = line
        } else if text.hasSuffix(",") || code3dash4(Array(line), 0) != nil {
          // A printed comma, or a line that starts with the postal code,
          // continues the previous line as it is.
          text += " " + line
        } else {
          text += ", " + line
        }
      }
      var postal: String?
      let a = Array(text)
      for k in a.indices {
        if let (code, end) = code3dash4(a, k) {
          postal = code
          // The code is dropped as printed: "Tokyo 150-0002 Japan" → "Tokyo Japan".
          text = String(a[..<k]) + " " + String(a[end...])
          break
        }
      }
      text = Text.foldSpaces(text).replacingAll(" ,", with: ",").replacingAll(",,", with: ",")
      if postal != nil { text = joinedRomajiFragments(text) }
      // "Naka-ku." ending a line, then joined with a comma.
      for suffix in Vocabulary.romajiPlaceSuffixes {
        text = text.replacingAll(suffix + ".,", with: suffix + ",")
      }
      // "9.5 Haradadori": a block number holds no dot.
      if let r = text.range(of: "^[0-9]+\\.[0-9]+(?=[ ,])", options: .regularExpression) {
        text.replaceSubrange(r, with: text[r].replacingOccurrences(of: ".", with: "-"))
      }
      text = Text.trim(text, [",", ";"])
      let conf = run.map { state.lines[$0].confidence }.min() ?? 0
      blocks.append(
        Block(
          label: label, postal: postal.map { ($0, 0.85, conf) }, text: text.isEmpty ? nil : text,
          clarity: 0.85, lines: run))
    }
    guard setFields, let main = blocks.first else { return }
    if let postal = main.postal {
      state.contact.postalCode = postal.code
      state.setConfidence(.postalCode, postal.clarity * postal.conf)
    }
    if let text = main.text {
      state.contact.address = text
      let conf = main.lines.map { state.lines[$0].confidence }.min() ?? 0
      state.setConfidence(.address, main.clarity * conf)
    }
    if blocks.count > 1 { state.extras["addresses"] = encode(blocks) }
  }

  /// The offices as a JSON list of {"label", "postal_code", "address"} (keys omitted when unknown).
  static func encode(_ blocks: [Block]) -> String? {
    let list: [[String: String]] = blocks.map { b in
      var o: [String: String] = [:]
      if let l = b.label { o["label"] = l }
      if let p = b.postal { o["postal_code"] = p.code }
      if let t = b.text { o["address"] = t }
      return o
    }
    guard let data = try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys]) else {
      return nil
    }
    return String(data: data, encoding: .utf8)
  }
}
