import Foundation

/// Judges OCR readings of e-mail lines.
enum EmailText {
  /// A line that holds, or probably holds, an e-mail address.
  static func isEmailLine(_ text: String) -> Bool {
    // An @ with a letter or digit on a side (not a logo mark read as @ before a company name).
    let chars = Array(text)
    for (i, c) in chars.enumerated() where c == "@" || c == "＠" {
      let before = i > 0 ? chars[i - 1] : " "
      let after = i + 1 < chars.count ? chars[i + 1] : " "
      if (before.isASCII && (before.isLetter || before.isNumber))
        || (after.isASCII && (after.isLetter || after.isNumber))
      {
        return true
      }
    }
    let lower = text.lowercased()
    return lower.contains("mail") || text.contains("メール")
  }

  private static let whole = try! NSRegularExpression(
    pattern: "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$")

  /// How much a reading looks like one whole address: 0 no `@`; 1 an `@` in something that is
  /// no address; 2 an address with something odd (a capital or digit where none belongs, a comma
  /// or dot just before it, a lost dot before a trailing "jp"); 3 a clean address. Spaces next to
  /// dots are ignored (some type faces set "example. jp").
  static func quality(_ text: String) -> Int {
    // Some type faces and some readings space the address out ("sato.yu kina@yama buki…").
    max(tokenQuality(text), tokenQuality(text.filter { $0 != " " }))
  }

  private static func tokenQuality(_ text: String) -> Int {
    var t = text.replacingOccurrences(of: "＠", with: "@")
    t = t.replacingOccurrences(of: ". ", with: ".").replacingOccurrences(of: " .", with: ".")
    let words = t.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let k = words.firstIndex(where: { $0.contains("@") }) else { return 0 }
    let token = withoutLabel(words[k])
    let range = NSRange(token.startIndex..., in: token)
    guard whole.firstMatch(in: token, range: range) != nil else { return 1 }
    let parts = token.split(separator: "@")
    let local = parts.first.map(String.init) ?? ""
    let domain = parts.count > 1 ? String(parts[1]) : ""
    let labels = domain.split(separator: ".").map(String.init)
    var odd = domain != domain.lowercased()
    if let tld = labels.last {
      if tld.contains(where: { !$0.isLetter }) || tld.count < 2 { odd = true }
      // "example.cojp", "examplecom": a dot lost before the last label.
      let t = tld.lowercased()
      if (t.count > 2 && t.hasSuffix("jp")) || (t.count > 3 && t.hasSuffix("com")) { odd = true }
    }
    for l in labels where l.count <= 3 && l.contains(where: \.isNumber) && l.contains(where: \.isLetter) {
      odd = true
    }
    if local.hasPrefix(".") || local.hasSuffix(".") || domain.contains("..") { odd = true }
    // "m, nemoto@…": the local part was split.
    if k > 0, let prev = words[k - 1].last, prev == "," || prev == "." { odd = true }
    // "example jp": a dot was lost before the last label.
    if k + 1 < words.count, ["jp", "com", "net", "org", "co"].contains(words[k + 1].lowercased()) {
      odd = true
    }
    return odd ? 2 : 3
  }
}

extension EmailText {
  /// The address in a reading: the word holding "@", without a label glued before a colon.
  static func addressToken(_ text: String) -> String? {
    let t = text.replacingOccurrences(of: "＠", with: "@")
    return t.split(separator: " ").first(where: { $0.contains("@") }).map { withoutLabel(String($0)) }
  }

  /// A word holding "@" without a label glued in front of it before a colon ("E-mail:x@y").
  static func withoutLabel(_ token: String) -> String {
    guard let at = token.firstIndex(of: "@"),
      let colon = token.lastIndex(where: { $0 == ":" || $0 == "：" }), colon < at
    else { return token }
    return String(token[token.index(after: colon)...])
  }

  /// Whether the address starts with a capital before lower-case letters ("Ermatsuzaki@…"):
  /// a label ("E", "M") glued to it, perhaps with a dot lost after an initial, worth reading
  /// again.
  static func mayHoldGluedLabel(_ text: String) -> Bool {
    guard let token = addressToken(text), let at = token.firstIndex(of: "@") else { return false }
    let local = token[..<at]
    guard local.count >= 3, let first = local.first, first.isUppercase, first.isASCII else { return false }
    return local.dropFirst().allSatisfy { !$0.isUppercase }
  }

  /// Whether `reading` (spaces aside) is a host name ("aoi.example.com", "www.x.co.jp") that
  /// `asRead` spells with "@" in place of one of its letters.
  static func isHostWithAtForLetter(_ reading: String, asRead: String) -> Bool {
    let host = reading.filter { $0 != " " }.lowercased()
    let first = asRead.filter { $0 != " " }.lowercased().replacingOccurrences(of: "＠", with: "@")
    guard host.range(of: "^[a-z0-9-]+(\\.[a-z0-9-]+)+$", options: .regularExpression) != nil,
      host.count == first.count, first.filter({ $0 == "@" }).count == 1
    else { return false }
    let differ = zip(host, first).filter { $0 != $1 }
    return differ.count == 1 && differ[0].1 == "@" && differ[0].0.isLetter
  }

  /// Whether `new` reads the same address as `old` but without a dot, hyphen or underscore that
  /// `old` has ("Ermatsuzaki@…" for "E r.matsuzaki@…": the label glued on, the dot lost). Small
  /// marks are lost far more often than invented, so such a reading is no better however
  /// confident.
  static func losesMarks(_ new: String, from old: String) -> Bool {
    guard let a = addressToken(old), let b = addressToken(new) else { return false }
    func letters(_ s: String) -> String { s.filter { $0.isLetter || $0.isNumber }.lowercased() }
    func marks(_ s: String) -> Int { s.filter { $0 == "." || $0 == "-" || $0 == "_" }.count }
    let la = letters(a), lb = letters(b)
    guard lb == la || (lb.hasSuffix(la) && lb.count - la.count <= 2) else { return false }
    return marks(b) < marks(a)
  }
}

extension EmailText {
  /// Japanese second-level domains that Tesseract often glues to "jp" ("example.cojp").
  private static let secondLevel = ["co", "or", "ne", "ac", "go", "ed", "lg", "gr", "ad"]

  /// The line with its address's domain repaired where the misreading is certain: domain names
  /// are case-insensitive (lower-cased), a comma between letters of the domain is a dot, and
  /// "cojp" (and or/ne/ac/go/ed/lg/gr/ad before jp) lost its dot. The part before `@` is left
  /// as read.
  static func repaired(_ text: String) -> String {
    guard let at = text.firstIndex(where: { $0 == "@" || $0 == "＠" }) else { return text }
    let before = text[..<at]
    let rest = text[text.index(after: at)...]
    // The domain runs to the first space.
    let end = rest.firstIndex(of: " ") ?? rest.endIndex
    var domain = String(rest[..<end]).lowercased()
    let chars = Array(domain)
    if chars.count > 2 {
      for i in 1..<(chars.count - 1) where chars[i] == "," && chars[i - 1].isLetter && chars[i + 1].isLetter {
        domain = String(chars[..<i]) + "." + String(chars[(i + 1)...])
      }
    }
    for sl in secondLevel where domain.hasSuffix("." + sl + "jp") {
      domain = String(domain.dropLast(2)) + ".jp"
    }
    return before + "@" + domain + rest[end...]
  }
}
