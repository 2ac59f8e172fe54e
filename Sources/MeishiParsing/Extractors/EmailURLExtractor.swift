import Foundation
import MeishiCore

/// E-mail addresses and web addresses.
///
/// Handles labels ("E-mail:", "Email", "メール", "URL", "HP"), full-width
/// characters (through NFKC), stray spaces around "@" and ".", and a comma read
/// for a dot where that is unambiguous: before a known top-level label in the
/// domain (",com", ",co.jp"), or glued inside the local part (an address cannot
/// hold a comma). Nothing else is repaired.
enum EmailURLExtractor {
  /// Labels after which ",xx" is taken for ".xx".
  static let knownTLDs: Set<String> = [
    "com", "net", "org", "jp", "co", "ne", "or", "ac", "go", "ed", "lg", "info", "biz", "io",
    "ai", "app", "dev", "me", "uk", "de", "fr", "eu", "us", "cn", "kr", "tw", "hk", "sg", "au",
    "ca", "nz", "edu", "gov", "tokyo", "co.jp", "tv", "cc", "in", "it", "es", "nl", "ch",
    "se", "asia", "global", "tech", "site", "online", "xyz", "jobs", "pro",
  ]

  static func run(_ state: inout ParseState) {
    var emails: [String] = []
    var emailConf = 1.0
    var urls: [String] = []
    var urlConf = 1.0
    for i in state.lines.indices where !state.lines[i].isJunk {
      var line = state.lines[i]
      for found in findEmails(in: line) {
        line.consume(found.range)
        line.consumeLabel(before: found.range.lowerBound, labels: Labels.email)
        line.roles.insert(.email)
        if !emails.contains(where: { $0.lowercased() == found.value.lowercased() }) {
          emails.append(found.value)
          emailConf = min(emailConf, found.clarity * line.confidence)
          let local = found.value.split(separator: "@").first.map { $0.lowercased() } ?? ""
          state.emailLocalParts.append(local)
          if let label = organisationLabel(
            ofHost: String(found.value.split(separator: "@").last ?? ""))
          {
            state.domainLabels.append(label)
          }
        }
      }
      for found in findURLs(in: line) {
        line.consume(found.range)
        line.consumeLabel(before: found.range.lowerBound, labels: Labels.url)
        line.roles.insert(.url)
        if !urls.contains(found.value) {
          urls.append(found.value)
          urlConf = min(urlConf, found.clarity * line.confidence)
          if let label = organisationLabel(ofHost: host(ofURL: found.value)) {
            state.domainLabels.append(label)
          }
        }
      }
      if !line.roles.isDisjoint(with: [.email, .url]) {
        line.consumeStrayLabels(Labels.email + Labels.url)
      }
      state.lines[i] = line
    }
    if !emails.isEmpty {
      state.contact.emails = emails
      state.setConfidence(.emails, emailConf)
    }
    if !urls.isEmpty {
      state.contact.urls = urls
      state.setConfidence(.urls, urlConf)
    }
  }

  struct Found {
    var value: String
    var range: Range<Int>
    /// How clean the match was: 1 for a plain match, less when repaired.
    var clarity: Double
  }

  // MARK: E-mail

  static func isLocalChar(_ c: Character) -> Bool {
    c.isLatinLetter || c.isDigit || "._%+-'".contains(c)
  }

  static func isDomainChar(_ c: Character) -> Bool {
    c.isLatinLetter || c.isDigit || c == "." || c == "-"
  }

  static func findEmails(in line: CardLine) -> [Found] {
    let a = line.available
    var result: [Found] = []
    var k = 0
    while k < a.count {
      guard a[k] == "@" else {
        k += 1
        continue
      }
      var clarity = 1.0
      // Local part, right to left.
      var local: [Character] = []
      var lo = k
      var j = k - 1
      if j >= 1, a[j] == " ", isLocalChar(a[j - 1]) {
        j -= 1
        clarity = min(clarity, 0.9)
      }
      while j >= 0 {
        let c = a[j]
        if isLocalChar(c) {
          local.insert(c, at: 0)
          lo = j
          j -= 1
        } else if c == ",", j >= 1, a[j - 1].isLatinLetter || a[j - 1].isDigit, !local.isEmpty,
          local[0].isLatinLetter || local[0].isDigit
        {
          // An address has no comma: a glued one is a misread dot.
          local.insert(".", at: 0)
          lo = j
          j -= 1
          clarity = min(clarity, 0.75)
        } else if c == " ", j >= 1, isLocalChar(a[j - 1]), local.first == "." || a[j - 1] == "." {
          lo = j
          j -= 1
          clarity = min(clarity, 0.9)
        } else {
          break
        }
      }
      // Domain, left to right.
      var domain: [Character] = []
      var hi = k + 1
      j = k + 1
      if j + 1 < a.count, a[j] == " ", isDomainChar(a[j + 1]) {
        j += 1
        clarity = min(clarity, 0.9)
      }
      while j < a.count {
        let c = a[j]
        if isDomainChar(c) {
          domain.append(c)
          hi = j + 1
          j += 1
        } else if c == ",", !domain.isEmpty, tldFollows(a, from: j + 1) {
          domain.append(".")
          hi = j + 1
          j += 1
          clarity = min(clarity, 0.85)
        } else if c == " ", j + 1 < a.count, domain.last == "." || a[j + 1] == ".",
          isDomainChar(a[j + 1])
        {
          j += 1
          clarity = min(clarity, 0.9)
        } else {
          break
        }
      }
      while let l = local.first, l == "." || l == "-" || l == "'" { local.removeFirst() }
      while let l = domain.last, l == "." || l == "-" {
        domain.removeLast()
        hi -= 1
      }
      var localText = String(local)
      // "E-mailtaro@…": a label glued to the address.
      if localText.lowercased().hasPrefix("e-mail"), localText.count > 6 {
        localText = String(localText.dropFirst(6))
        clarity = min(clarity, 0.85)
      }
      let domainText = String(domain).lowercased()
      let labels = domainText.split(separator: ".", omittingEmptySubsequences: false)
      if !localText.isEmpty, labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
        let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLatinLetter)
      {
        result.append(Found(value: localText + "@" + domainText, range: lo..<hi, clarity: clarity))
      }
      k = max(hi, k + 1)
    }
    return result
  }

  /// Whether `a[from...]` starts with a known top-level label followed by a
  /// dot, the end, or a non-domain character.
  static func tldFollows(_ a: [Character], from: Int) -> Bool {
    var j = from
    var word = ""
    while j < a.count, a[j].isLatinLetter {
      word.append(Character(a[j].lowercased()))
      j += 1
    }
    guard knownTLDs.contains(word) else { return false }
    return j == a.count || !(a[j].isLatinLetter || a[j].isDigit || a[j] == "-")
  }

  // MARK: URL

  static func isURLChar(_ c: Character) -> Bool {
    c.isLatinLetter || c.isDigit || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
  }

  static func findURLs(in line: CardLine) -> [Found] {
    let a = line.available
    let lower = a.map { Character($0.lowercased()) }
    var result: [Found] = []
    var k = 0
    func startsWith(_ s: String, at i: Int) -> Bool {
      let p = Array(s)
      guard i + p.count <= lower.count else { return false }
      return Array(lower[i..<(i + p.count)]) == p
    }
    while k < a.count {
      let atWordStart =
        k == 0
        || !(a[k - 1].isLatinLetter || a[k - 1].isDigit || a[k - 1] == "." || a[k - 1] == "@")
      guard atWordStart, a[k].isLatinLetter || a[k].isDigit else {
        k += 1
        continue
      }
      let hasScheme = startsWith("https://", at: k) || startsWith("http://", at: k)
      let hasWWW = startsWith("www.", at: k)
      // Bare domain: a token with a dot and a known top-level label.
      var j = k
      var value: [Character] = []
      var clarity = hasScheme || hasWWW ? 1.0 : 0.85
      var inHost = true
      var slashes = 0
      while j < a.count, isURLChar(a[j]) || a[j] == "," {
        var c = a[j]
        if c == "/" {
          slashes += 1
          if !hasScheme || slashes > 2 { inHost = false }
        }
        if c == ",", inHost, !value.isEmpty, tldFollows(a, from: j + 1) {
          c = "."
          clarity = min(clarity, 0.85)
        } else if c == "," {
          break
        }
        value.append(c)
        j += 1
      }
      while let l = value.last, ".,;:)]'!?".contains(l) {
        value.removeLast()
        j -= 1
      }
      let text = String(value)
      if text.count >= 4, let host = Optional(host(ofURL: text)), isPlausibleHost(host),
        hasScheme || hasWWW || bareDomainIsURL(host: host, line: line, at: k)
      {
        result.append(Found(value: text, range: k..<j, clarity: clarity))
        k = j
      } else {
        k += 1
      }
    }
    return result
  }

  /// A bare domain counts as a web address when labelled ("URL", "HP") or
  /// when it stands alone on its line.
  static func bareDomainIsURL(host: String, line: CardLine, at k: Int) -> Bool {
    guard host.contains("."), !host.hasPrefix("."), host.split(separator: ".").count >= 2 else {
      return false
    }
    var probe = line
    if probe.consumeLabel(before: k, labels: Labels.url) != nil { return true }
    let tokens = line.rest.split(separator: " ")
    return tokens.count == 1
  }

  static func isPlausibleHost(_ host: String) -> Bool {
    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
      host.allSatisfy({ $0.isLatinLetter || $0.isDigit || $0 == "." || $0 == "-" }),
      let tld = labels.last?.lowercased(), tld.count >= 2, tld.allSatisfy(\.isLatinLetter)
    else { return false }
    return knownTLDs.contains(tld) || labels.count >= 3
  }

  /// The host of a URL ("https://www.x.co.jp/a" → "www.x.co.jp").
  static func host(ofURL url: String) -> String {
    var s = Substring(url)
    if let r = s.range(of: "://") { s = s[r.upperBound...] }
    if let slash = s.firstIndex(where: { "/?#".contains($0) }) { s = s[..<slash] }
    if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
    return s.lowercased()
  }

  /// The organisation's label of a host ("www.sakura-tech.co.jp" → "sakura-tech"),
  /// or nil for free-mail domains.
  static func organisationLabel(ofHost host: String) -> String? {
    let h = host.lowercased()
    guard !Vocabulary.freeMailDomains.contains(h) else { return nil }
    var labels = h.split(separator: ".").map(String.init)
    guard labels.count >= 2 else { return nil }
    if labels.count >= 3,
      Vocabulary.publicSuffixes.contains(labels.suffix(2).joined(separator: "."))
    {
      labels.removeLast(2)
    } else {
      labels.removeLast()
    }
    return labels.last
  }
}
