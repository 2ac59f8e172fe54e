/// Field labels printed before values ("TEL", "E-mail:", "携帯").
enum Labels {
  static let email = [
    "e-mail address", "email address", "e-mail", "e-mall", "email", "e mail", "mail", "mailto", "e",
    // OCR's readings of the label's last l in small type.
    "e-mait", "e-mai1", "e-maii", "e-mai|", "e-mai!",
    "メールアドレス", "eメール", "メール", "✉", "📧",
  ]
  static let url = [
    "homepage", "website", "web site", "web", "url", "hp", "site", "ホームページ", "ウェブサイト",
    "ウェブ", "サイト",
  ]
  static let address = ["所在地", "住所", "address", "add", "addr"]

  /// Phone labels and the kind each one means.
  static let phone: [(String, PhoneKindLabel)] = [
    ("tel/fax", .tel), ("tel&fax", .tel), ("tel・fax", .tel), ("tel.fax", .tel),
    ("telephone", .tel), ("tel", .tel), ("phone", .tel), ("ph", .tel), ("t", .tel), ("p", .tel),
    ("office", .tel), ("main", .tel), ("direct", .tel), ("dir", .tel), ("d", .tel),
    ("電話番号", .tel), ("代表電話", .tel), ("電話", .tel), ("代表", .tel), ("直通", .tel),
    ("直通電話", .tel), ("代", .tel), ("直", .tel), ("☎", .tel), ("📞", .tel), ("✆", .tel),
    ("facsimile", .fax), ("fax", .fax), ("fx", .fax), ("f", .fax), ("ファクシミリ", .fax),
    ("ファックス", .fax), ("ファクス", .fax), ("fax番号", .fax), ("📠", .fax),
    ("mobile phone", .mobile), ("mobile", .mobile), ("mob", .mobile), ("m", .mobile),
    ("cell phone", .mobile), ("cellular", .mobile), ("cell", .mobile), ("携帯電話", .mobile),
    ("携帯", .mobile), ("📱", .mobile),
  ]

  enum PhoneKindLabel: Sendable { case tel, fax, mobile }

  /// Characters allowed between a label and its value.
  /// Between a label and its value; "," and "、" as OCR reads a small "." or ":" ("Fax, 052…").
  static let separators: Set<Character> = [" ", ":", ".", "：", "-", "=", ">", "|", "/", "・", ",", "、", ";"]
}

extension CardLine {
  /// If the unexplained text just before `pos` ends with one of `labels`
  /// (ignoring case and separators such as ": "), consumes it and returns it.
  @discardableResult
  mutating func consumeLabel(before pos: Int, labels: [String]) -> String? {
    let a = available
    var end = min(pos, a.count)
    while end > 0, Labels.separators.contains(a[end - 1]) || a[end - 1] == "(" || a[end - 1] == ")"
    {
      end -= 1
    }
    for label in labels.sorted(by: { $0.count > $1.count }) {
      let l = Array(label)
      let start = end - l.count
      guard start >= 0 else { continue }
      var ok = true
      for k in 0..<l.count where Character(a[start + k].lowercased()) != l[k] {
        ok = false
        break
      }
      guard ok else { continue }
      // A Latin label must start at a word boundary ("ST" is not "T").
      if let first = l.first, first.isLatinLetter, start > 0,
        a[start - 1].isLatinLetter || a[start - 1].isDigit
      {
        continue
      }
      consume(start..<pos)
      return label
    }
    return nil
  }

  /// Consumes label words (and separators) anywhere in the unexplained text
  /// when nothing else is left around them.
  mutating func consumeStrayLabels(_ labels: [String]) {
    let words = rest.split(whereSeparator: { $0 == " " || Labels.separators.contains($0) })
    let set = Set(labels)
    if !words.isEmpty, words.allSatisfy({ set.contains($0.lowercased()) }) {
      consumeAll()
    }
  }
}
