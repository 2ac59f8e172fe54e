import MeishiCore

/// Phone numbers with their kind, as printed and in E.164.
///
/// A number is a run of digits with "-", ".", spaces and parentheses (full-width
/// forms arrive as ASCII after NFKC). Its kind comes from the label just before
/// it (TEL/T/電話/☎/直通/代表 → tel, FAX/F/ファクス → fax, Mobile/M/携帯/Cell/mob →
/// mobile), else from a label in parentheses just after it ("(直通)"), else from
/// the number itself (070/080/090 → mobile, 0120/0800/0570 → other, the rest
/// tel). Runs that are not valid numbers (postal codes, street numbers, a
/// number missing a digit) are not guessed at; a labelled one is kept in
/// `extras["unparsed_phones"]`, unless its first digit alone was misread and
/// another number on the card or MIC's list of numbers in use vouches for the
/// repair (then it goes to review).
enum PhoneExtractor {
  static func run(_ state: inout ParseState) {
    var phones: [Phone] = []
    var conf = 1.0
    var unparsed: [String] = []
    // Labelled runs that are not numbers, for the area-code repair below.
    var suspects: [(line: Int, range: Range<Int>, kind: Phone.Kind, text: String)] = []
    let labels = Labels.phone.map(\.0)
    let domestic = domesticCountry(state.lines)
    for i in state.lines.indices where !state.lines[i].isJunk {
      var line = state.lines[i]
      let (a, repairedAt) = repairedDigits(line.available)
      var found: [(range: Range<Int>, parsed: PhoneNumbers.Parsed)] = []
      var misreadLabelAt: [Int] = []
      for run in digitRuns(a) {
        var (numbers, leftovers) = splitRun(run, in: a, domestic: domestic)
        // "7.0224-27-5604": a label misread as a digit before the number.
        if numbers.isEmpty, run.count > 3, a[run.lowerBound].isDigit,
          ".:|".contains(a[run.lowerBound + 1]) || a[run.lowerBound + 1] == " "
        {
          var k = run.lowerBound + 2
          while k < run.upperBound, a[k] == " " { k += 1 }
          if k < run.upperBound, a[k] == "0" {
            let (retry, rest) = splitRun(k..<run.upperBound, in: a, domestic: domestic)
            if !retry.isEmpty {
              numbers = retry
              leftovers = rest
              for n in retry { misreadLabelAt.append(n.range.lowerBound) }
            }
          }
        }
        found += numbers
        for r in leftovers where a[r].filter(\.isDigit).count >= 9 {
          var probe = line
          if let label = probe.consumeLabel(before: r.lowerBound, labels: labels) {
            unparsed.append(line.printed(r))
            suspects.append((i, r, phoneKind(label), String(a[r])))
          }
        }
      }
      guard !found.isEmpty else { continue }
      for (range, parsed) in found {
        var kind: Phone.Kind? = nil
        var clarity = 0.85
        // "FIO52": the separator read as I between a label and the number (see repairedDigits).
        if range.lowerBound >= 2, a[range.lowerBound - 1] == " ",
          "Il|".contains(line.available[range.lowerBound - 1])
        {
          line.consume((range.lowerBound - 1)..<range.lowerBound)
        }
        if let label = line.consumeLabel(before: range.lowerBound, labels: labels) {
          kind = phoneKind(label)
          clarity = 0.95
        } else if let fax = misreadFaxLabel(line.available, before: range.lowerBound) {
          line.consume(fax)
          kind = .fax
          clarity = 0.8
        } else if let label = consumeTrailingLabel(&line, after: range.upperBound) {
          kind = phoneKind(label)
          clarity = 0.9
        } else if let hint = parsed.hint {
          kind = hint
          clarity = 0.9
        }
        _ = consumeTrailingLabel(&line, after: range.upperBound)
        if repairedAt.contains(where: { range.contains($0) }) { clarity = min(clarity, 0.8) }
        if misreadLabelAt.contains(range.lowerBound) { clarity = min(clarity, 0.7) }
        let phone = Phone(kind: kind ?? .tel, number: parsed.number, raw: line.printed(range))
        line.consume(range)
        line.roles.insert(.phone)
        if !phones.contains(where: { $0.number == phone.number && $0.kind == phone.kind }) {
          phones.append(phone)
          conf = min(conf, clarity * line.confidence)
        }
      }
      line.consumeStrayLabels(labels)
      state.lines[i] = line
    }
    // "93-6321-9785" beside "03-6321-9786": a labelled number whose first digit
    // was misread, repaired when the card prints another number with the same
    // area code and exchange, or, for a 0 read as 9, 8 or 6, when the number it would be
    // is in use and printed as such: "9165-29-7191" is 0165-29-7191, whose area code is
    // 0165 (MIC's list), "990-1234-5678" a mobile number.
    for s in suspects {
      // A labelled number left as read is still a number: kept in extras, and no other rule
      // takes it ("Tel: (415) 488-6756" is no address with the postal code 488-6756). Unless
      // it starts with a postal code: "T 460-0007 32…" is 〒 read as T, the code, the address.
      var repaired = false
      defer {
        if !repaired, !startsWithPostalCode(s.text) {
          state.lines[s.line].consume(s.range)
          state.lines[s.line].consumeLabel(before: s.range.lowerBound, labels: labels)
          state.lines[s.line].roles.insert(.phone)
        }
      }
      let digits = s.text.filter(\.isDigit)
      guard domestic == .japan, let first = digits.first, first != "0" else { continue }
      let fixed = "0" + digits.dropFirst()
      guard let parsed = PhoneNumbers.parse(fixed) else { continue }
      let national = String(parsed.number.dropFirst(3))
      // Same length and the same first three digits after the trunk 0
      // (the area code, or most of it).
      let shares = phones.contains { p in
        p.number.hasPrefix("+81") && p.number.count == parsed.number.count
          && String(p.number.dropFirst(3)).prefix(3) == national.prefix(3)
      }
      guard shares || ("986".contains(first) && isPrintedAsInUse(s.text, fixed: fixed, hint: parsed.hint))
      else { continue }
      repaired = true
      state.guessedNumbers.insert(parsed.number)
      phones.append(Phone(kind: s.kind, number: parsed.number, raw: state.lines[s.line].printed(s.range)))
      conf = min(conf, 0.6 * state.lines[s.line].confidence)
      state.lines[s.line].consume(s.range)
      state.lines[s.line].consumeLabel(before: s.range.lowerBound, labels: labels)
      state.lines[s.line].consumeStrayLabels(labels)
      state.lines[s.line].roles.insert(.phone)
      unparsed.removeAll { $0 == state.lines[s.line].printed(s.range) }
    }
    if !phones.isEmpty {
      state.contact.phones = phones
      state.setConfidence(.phones, conf)
    }
    if !unparsed.isEmpty {
      state.extras["unparsed_phones"] = unparsed.joined(separator: "; ")
    }
  }

  /// Where the card's numbers without a country code are dialled: in Britain or the United
  /// States when its address has a British postcode ("London W2 6BD") or a city, state and ZIP
  /// code ("San Francisco, CA 94105") and nothing on the card points to Japan (Japanese
  /// script, Tokyo or another big city, Japan, a "-ku" or "-shi"), else in Japan. A card
  /// of offices in both countries keeps Japan (its British numbers need their +44).
  static func domesticCountry(_ lines: [CardLine]) -> PhoneNumbers.Country {
    var uk = false
    var us = false
    for line in lines {
      let text = line.text
      if text.contains(where: \.isJapanese) { return .japan }
      let raw = text.split(separator: " ").map(String.init)
      let words = raw.map { Text.trim($0, [",", ";", "."]) }
      let lower = words.map { $0.lowercased() }
      if lower.contains(where: { $0 == "japan" || Vocabulary.romajiPlaces.contains($0) })
        || lower.contains(where: { w in Vocabulary.romajiPlaceSuffixes.contains { w.hasSuffix($0) } })
      {
        return .japan
      }
      for k in words.indices.dropLast() {
        let next = words[k + 1]
        // Not "2ND FLOOR": an ordinal is no postcode's second half.
        if AddressExtractor.isUKPostcode(Substring(words[k]), Substring(next)),
          !["ST", "ND", "RD", "TH"].contains(String(next.dropFirst()))
        {
          uk = true
        }
        // "San Francisco, CA 94105": the state after a comma.
        if k > 0, raw[k - 1].hasSuffix(","), usStates.contains(words[k]), AddressExtractor.isZIP(next) {
          us = true
        }
      }
    }
    return uk == us ? .japan : (uk ? .uk : .us)
  }

  /// "460-0007 32…" (a code, then the address), not "090-1234-5678" (a number whose first
  /// groups look like a code).
  static func startsWithPostalCode(_ text: String) -> Bool {
    let a = Array(text)
    guard let (_, end) = AddressExtractor.code3dash4(a, 0) else { return false }
    return end == a.count || a[end] == " "
  }

  /// The two-letter codes of the US states, DC and the territories.
  static let usStates: Set<String> = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
  ]

  /// Whether a number, its first digit mended (`fixed`), is one in use printed in its usual
  /// groups: a fixed line whose first group is its area code (0165-29-7191, not 01-6529-7191)
  /// and whose first six digits are assigned, or a mobile number as 3-4-4. Not an area code of
  /// three digits: 0XX-XXX-XXXX is grouped as North American numbers are (646-201-5500).
  static func isPrintedAsInUse(_ printed: String, fixed: String, hint: Phone.Kind?) -> Bool {
    let groups = printed.split { !$0.isDigit }.map(\.count)
    guard groups.count == 3 else { return false }
    if hint == .mobile { return groups == [3, 4, 4] }
    guard hint == nil, let length = AreaCodes.areaCodeLength(fixed), length != 3 else { return false }
    return groups[0] == length
  }

  static let kanjiDigits: [Character: Character] = [
    "〇": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
    "八": "8", "九": "9", "零": "0",
  ]

  /// Digits that OCR (or the typesetting) wrote otherwise, made ASCII where
  /// the neighbours are digits: O/o → 0 and l/I/| → 1 next to a digit, and a
  /// number written in kanji numerals ("〇三-一二三四-五六七八"). Returns the
  /// characters and the repaired positions (a number using one is less sure).
  static func repairedDigits(_ a: [Character]) -> ([Character], [Int]) {
    var out = a
    var repaired: [Int] = []
    func digitish(_ c: Character?) -> Bool {
      guard let c else { return false }
      return c.isDigit || c.isDashLike || c == "(" || c == ")"
    }
    func letter(_ c: Character?) -> Bool { c.map { $0.isLetter } ?? false }
    for i in a.indices where "OoIl|".contains(a[i]) {
      let prev: Character? = i > 0 ? a[i - 1] : nil
      let next: Character? = i + 1 < a.count ? a[i + 1] : nil
      let nearDigit =
        (prev?.isDigit ?? false) || (next?.isDigit ?? false)
      // "FAX |0550-89-9780": a bar before a trunk 0 separates a label; no number starts "10".
      if a[i] == "|", next == "0", !digitish(prev) { continue }
      if nearDigit, (digitish(prev) && !letter(next)) || (digitish(next) && !letter(prev)) {
        out[i] = "OoD".contains(a[i]) ? "0" : "1"
        repaired.append(i)
      } else if "Oo".contains(a[i]), let prev, prev.isLatinLetter, i + 2 < a.count,
        a[i + 1].isDigit, a[i + 2].isDigit || "Oo".contains(a[i + 2]),
        i < 2 || !(a[i - 2].isLetter || a[i - 2].isNumber) || gluedLabel(a, before: i)
      {
        // "FO52…", "To11…", "TELO279…", "CellO9O…": a label glued to a trunk 0 read as O.
        out[i] = "0"
        repaired.append(i)
      } else if "Oo".contains(a[i]), i >= 2, i + 2 < a.count, "Il|".contains(a[i - 1]),
        a[i - 2].isLatinLetter, a[i + 1].isDigit, a[i + 2].isDigit,
        i < 3 || !(a[i - 3].isLetter || a[i - 3].isNumber)
      {
        // "FIO52…": a one-letter label, its separator read as I, and a trunk 0 read as O.
        out[i - 1] = " "
        out[i] = "0"
        repaired.append(i)
      }
    }
    for i in a.indices {
      // "0279~-87-9139": a speck beside a dash read as a tilde (not "5678〜9", a range).
      if "~〜～".contains(a[i]), i > 0, i + 1 < a.count,
        (a[i - 1].isDigit && a[i + 1].isDashLike) || (a[i - 1].isDashLike && a[i + 1].isDigit)
      {
        out[i] = " "
        repaired.append(i)
      }
      // "#81 (0)22…": + read as #.
      if a[i] == "#", i + 2 < a.count, a[i + 1].isDigit, a[i + 2].isDigit {
        out[i] = "+"
        repaired.append(i)
      }
      // "06,6433,6253", "06, 6433, 6254": commas between the digit groups.
      if a[i] == ",", i > 0, a[i - 1].isDigit {
        let n = i + 1 < a.count && a[i + 1] == " " ? i + 2 : i + 1
        if n < a.count, a[n].isDigit {
          out[i] = "."
          repaired.append(i)
        }
      }
    }
    // Kanji numerals: a run of them (with dashes) long enough to be a number.
    var i = 0
    while i < a.count {
      guard kanjiDigits[a[i]] != nil else {
        i += 1
        continue
      }
      var j = i
      var count = 0
      while j < a.count, kanjiDigits[a[j]] != nil || a[j].isDashLike || a[j] == "ー" || a[j] == "(" || a[j] == ")" {
        if kanjiDigits[a[j]] != nil { count += 1 }
        j += 1
      }
      if count >= 9 {
        for k in i..<j {
          if let d = kanjiDigits[a[k]] {
            out[k] = d
            repaired.append(k)
          } else if a[k] == "ー" {
            out[k] = "-"
          }
        }
      }
      i = max(j, i + 1)
    }
    return (out, repaired)
  }

  /// Whether the Latin letters just before `i`, from a word's start, are a phone label ("TEL"
  /// of "TELO279…").
  static func gluedLabel(_ a: [Character], before i: Int) -> Bool {
    var s = i
    while s > 0, a[s - 1].isLatinLetter { s -= 1 }
    guard s < i, s == 0 || !(a[s - 1].isLetter || a[s - 1].isNumber) else { return false }
    let word = String(a[s..<i]).lowercased()
    return Labels.phone.contains { $0.0 == word }
  }

  /// "777X:011-788-4708", "F4X 03-…", "777%: 0279-…": FAX misread, a word of three or four
  /// capitals and digits ending in X (or %, its X), set apart just before the number. Returns
  /// its range.
  static func misreadFaxLabel(_ a: [Character], before pos: Int) -> Range<Int>? {
    var end = min(pos, a.count)
    while end > 0, Labels.separators.contains(a[end - 1]) { end -= 1 }
    let percent = end > 0 && a[end - 1] == "%"
    var start = percent ? end - 1 : end
    while start > 0, a[start - 1].isASCII, a[start - 1].isUppercase || a[start - 1].isDigit { start -= 1 }
    let token = String(a[start..<(percent ? end - 1 : end)]) + (percent ? "X" : "")
    guard (3...4).contains(token.count), token.last == "X", token != "BOX",
      start == 0 || a[start - 1] == " "
    else { return nil }
    return start..<end
  }

  static func phoneKind(_ label: String) -> Phone.Kind {
    switch Labels.phone.first(where: { $0.0 == label })?.1 {
    case .fax: .fax
    case .mobile: .mobile
    case .tel, nil: .tel
    }
  }

  /// A label in parentheses right after a number: "03-1234-5678 (直通)".
  static func consumeTrailingLabel(_ line: inout CardLine, after end: Int) -> String? {
    let a = line.available
    var k = end
    while k < a.count, a[k] == " " { k += 1 }
    guard k < a.count, a[k] == "(" else { return nil }
    guard let close = a[k...].firstIndex(of: ")"), close - k <= 8 else { return nil }
    let inner = String(a[(k + 1)..<close]).lowercased().trimmingSpaces
    guard let label = Labels.phone.first(where: { $0.0 == inner })?.0 else { return nil }
    line.consume(k..<(close + 1))
    return label
  }

  /// Maximal runs of digits and number punctuation, from a digit, "+" or "(".
  static func digitRuns(_ a: [Character]) -> [Range<Int>] {
    var runs: [Range<Int>] = []
    var i = 0
    func isDash(_ j: Int) -> Bool {
      a[j].isDashLike
        || (a[j] == "ー" && j > 0 && a[j - 1].isDigit && j + 1 < a.count && a[j + 1].isDigit)
    }
    while i < a.count {
      let c = a[i]
      let startsHere: Bool
      if c.isDigit {
        startsHere = true
      } else if c == "+" || c == "(" {
        var k = i + 1
        while k < a.count, a[k] == " " || (c == "+" && a[k] == "(") { k += 1 }
        startsHere = k < a.count && a[k].isDigit
      } else {
        startsHere = false
      }
      guard startsHere else {
        i += 1
        continue
      }
      var j = i
      var lastDigit = -1
      while j < a.count {
        let d = a[j]
        if d.isDigit {
          lastDigit = j
        } else if d == "+" {
          if j != i { break }
        } else if d == "." || d == "(" || d == ")" || isDash(j) {
          // number punctuation
        } else if d == " " {
          guard j + 1 < a.count, a[j + 1].isDigit || a[j + 1] == "(" || isDash(j + 1) else { break }
        } else {
          break
        }
        j += 1
      }
      if lastDigit >= i {
        runs.append(i..<(lastDigit + 1))
        i = lastDigit + 1
      } else {
        i += 1
      }
    }
    return runs
  }

  /// Splits a run into valid numbers at spaces ("03-1234-5678 03-1234-5679");
  /// returns the numbers and the parts that are not numbers.
  static func splitRun(_ run: Range<Int>, in a: [Character], domestic: PhoneNumbers.Country) -> (
    [(range: Range<Int>, parsed: PhoneNumbers.Parsed)], [Range<Int>]
  ) {
    // Pieces separated by spaces.
    var pieces: [Range<Int>] = []
    var start = run.lowerBound
    for k in run where a[k] == " " {
      if start < k { pieces.append(start..<k) }
      start = k + 1
    }
    if start < run.upperBound { pieces.append(start..<run.upperBound) }
    var numbers: [(range: Range<Int>, parsed: PhoneNumbers.Parsed)] = []
    var leftovers: [Range<Int>] = []
    var p = 0
    while p < pieces.count {
      var matched = false
      for q in stride(from: pieces.count - 1, through: p, by: -1) {
        let r = pieces[p].lowerBound..<pieces[q].upperBound
        if let parsed = PhoneNumbers.parse(String(a[r]), domestic: domestic) {
          numbers.append((r, parsed))
          p = q + 1
          matched = true
          break
        }
      }
      if !matched {
        leftovers.append(pieces[p])
        p += 1
      }
    }
    // Report a whole unmatched run once, not piece by piece.
    if numbers.isEmpty { leftovers = [run] }
    return (numbers, leftovers)
  }
}

extension String {
  var trimmingSpaces: String { Text.trim(self) }
}
