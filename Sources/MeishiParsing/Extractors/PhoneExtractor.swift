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
/// `extras["unparsed_phones"]`.
enum PhoneExtractor {
  static func run(_ state: inout ParseState) {
    var phones: [Phone] = []
    var conf = 1.0
    var unparsed: [String] = []
    let labels = Labels.phone.map(\.0)
    for i in state.lines.indices where !state.lines[i].isJunk {
      var line = state.lines[i]
      let a = line.available
      var found: [(range: Range<Int>, parsed: PhoneNumbers.Parsed)] = []
      for run in digitRuns(a) {
        let (numbers, leftovers) = splitRun(run, in: a)
        found += numbers
        for r in leftovers where a[r].filter(\.isDigit).count >= 9 {
          var probe = line
          if probe.consumeLabel(before: r.lowerBound, labels: labels) != nil {
            unparsed.append(line.printed(r))
          }
        }
      }
      guard !found.isEmpty else { continue }
      for (range, parsed) in found {
        var kind: Phone.Kind? = nil
        var clarity = 0.85
        if let label = line.consumeLabel(before: range.lowerBound, labels: labels) {
          kind = phoneKind(label)
          clarity = 0.95
        } else if let label = consumeTrailingLabel(&line, after: range.upperBound) {
          kind = phoneKind(label)
          clarity = 0.9
        } else if let hint = parsed.hint {
          kind = hint
          clarity = 0.9
        }
        _ = consumeTrailingLabel(&line, after: range.upperBound)
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
    if !phones.isEmpty {
      state.contact.phones = phones
      state.setConfidence(.phones, conf)
    }
    if !unparsed.isEmpty {
      state.extras["unparsed_phones"] = unparsed.joined(separator: "; ")
    }
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
  static func splitRun(_ run: Range<Int>, in a: [Character]) -> (
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
        if let parsed = PhoneNumbers.parse(String(a[r])) {
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
