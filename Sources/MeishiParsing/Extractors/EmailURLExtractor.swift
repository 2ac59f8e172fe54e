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
      var founds = findEmails(in: line)
      // "yhi rakawa@canar ia-logi. example. jp", "aoyagi@clover-satoyama, example. jp": a line
      // that is one address with OCR's spaces and commas in it, read as a whole.
      // An address cut short at a space ("…example jp" read as "…example"): the same.
      let cutShort = founds.count == 1 && !knownTLDs.contains(
        String(founds[0].value.split(separator: ".").last ?? "").lowercased())
      if founds.isEmpty || cutShort, let value = squeezed(line.rest, labels: Labels.email, email: true),
        founds.isEmpty || value.lowercased().hasPrefix(founds[0].value.lowercased())
      {
        founds = [Found(value: value, range: 0..<line.available.count, clarity: 0.7)]
      }
      for found in founds {
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
      state.lines[i] = line
    }
    let emailHosts = emails.compactMap { $0.split(separator: "@").last.map { $0.lowercased() } }
    for i in state.lines.indices where !state.lines[i].isJunk {
      var line = state.lines[i]
      var founds = findURLs(in: line, emailHosts: emailHosts)
      // Nothing found, or an address cut at OCR's comma after a Japanese second-level label
      // ("…example.co, JP/"): the line read as one address, when it starts as the one found.
      let cutAtSecondLevel = founds.count == 1
        && ["co", "ne", "or", "ac", "go", "ed", "lg", "gr", "ad"].contains(
          host(ofURL: founds[0].value).split(separator: ".").last.map { $0.lowercased() } ?? "")
      if founds.isEmpty || cutAtSecondLevel,
        let value = squeezed(line.rest, labels: Labels.url, email: false),
        founds.isEmpty
          || (value.count > founds[0].value.count
            && value.lowercased().hasPrefix(founds[0].value.lowercased()))
      {
        founds = [Found(value: value, range: 0..<line.available.count, clarity: 0.7)]
      }
      for found in founds {
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
    urls = dropFragments(urls, emails: emails).map { agreeingWithEmails($0, emails: emails) }
    if !urls.isEmpty {
      state.contact.urls = urls
      state.setConfidence(.urls, urlConf)
    }
  }

  /// A whole line (after its label) that is one address once OCR's slips are undone: spaces
  /// dropped (an address holds none), commas read as dots, a space before a final top-level
  /// label read as a dot ("example jp"). Only an exact, complete match counts: an e-mail
  /// address, or a web address that starts with "www." or a scheme; with a known top-level
  /// label either way. Anything else on the line (a phone number) makes it no match.
  static func squeezed(_ text: String, labels: [String], email: Bool) -> String? {
    var t = Text.foldSpaces(text)
    while let l = t.last, ";:,!)".contains(l) { t.removeLast() }  // "…example jp;"
    let lower = t.lowercased()
    if let label = labels.sorted(by: { $0.count > $1.count }).first(where: { lower.hasPrefix($0) }) {
      let after = t.dropFirst(label.count)
      // A label is followed by a separator, not by the address itself ("ework@…").
      if let next = after.first, Labels.separators.contains(next) || next == "(" {
        t = String(after.drop { Labels.separators.contains($0) })
      }
    }
    guard email ? t.filter({ $0 == "@" }).count == 1 : !t.contains("@") else { return nil }
    var words = t.split(separator: " ").map(String.init)
    if words.count >= 2, let last = words.last, knownTLDs.contains(last.lowercased()),
      last.allSatisfy(\.isLatinLetter), words[words.count - 2].last?.isLatinLetter ?? false
    {
      words[words.count - 2] += "." + words.removeLast()
    }
    let joined = words.joined().replacingAll(",", with: ".")
    guard joined.count >= 6, joined.count <= 120, !joined.contains("..") else { return nil }
    func validHost(_ host: String) -> String? {
      let h = repairedSuffix(host.lowercased()) ?? host.lowercased()
      let parts = h.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDomainChar) }),
        let tld = parts.last, knownTLDs.contains(String(tld)), !h.hasPrefix("-")
      else { return nil }
      return h
    }
    if email {
      let sides = joined.split(separator: "@", omittingEmptySubsequences: false)
      guard sides.count == 2, let local = sides.first, !local.isEmpty, local.allSatisfy(isLocalChar),
        local.first != ".", local.last != ".", let host = validHost(String(sides[1]))
      else { return nil }
      return local + "@" + host
    }
    var rest = Substring(joined)
    var scheme = ""
    let chars = Array(rest)
    if let s = schemeAt(chars, chars.map { Character($0.lowercased()) }, 0), s.slashes == 2, s.host - s.end == 3 {
      scheme = (s.end == 5 ? "https" : "http") + "://"
      rest = rest.dropFirst(s.host)
    }
    guard !scheme.isEmpty || rest.lowercased().hasPrefix("www.") else { return nil }
    let hostPart = rest.prefix { $0 != "/" }
    let path = rest.dropFirst(hostPart.count)
    guard let host = validHost(String(hostPart)), path.allSatisfy(isURLChar) else { return nil }
    return scheme + host + path
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
        } else if c == "," || c == "~", j >= 1, a[j - 1].isLatinLetter || a[j - 1].isDigit,
          !local.isEmpty, local[0].isLatinLetter || local[0].isDigit
        {
          // An address has no comma: a glued one is a misread dot. Nor has a card's a tilde:
          // "hirata~a@…" is a misread hyphen.
          local.insert(c == "," ? "." : "-", at: 0)
          lo = j
          j -= 1
          clarity = min(clarity, c == "," ? 0.75 : 0.8)
        } else if c == " ", j >= 1, isLocalChar(a[j - 1]), local.first == "." || a[j - 1] == "." {
          lo = j
          j -= 1
          clarity = min(clarity, 0.9)
        } else if c == " ", j >= 1, a[j - 1].isLatinLetter, let first = local.first,
          first.isLatinLetter, isSplitWord(a, endingAt: j - 1, before: local)
        {
          // "ska kut@…": a space OCR put inside the local part.
          lo = j
          j -= 1
          clarity = min(clarity, 0.75)
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
        } else if c == ",", !domain.isEmpty, tldFollows(a, from: skipSpaces(a, j + 1)) {
          domain.append(".")
          j = skipSpaces(a, j + 1)
          hi = j
          clarity = min(clarity, 0.85)
        } else if c == "~", !domain.isEmpty, j + 1 < a.count, a[j + 1].isLatinLetter {
          // A host has no tilde: a misread hyphen.
          domain.append("-")
          hi = j + 1
          j += 1
          clarity = min(clarity, 0.8)
        } else if c == " ", j + 1 < a.count, domain.last == "." || a[j + 1] == ".",
          isDomainChar(a[j + 1])
        {
          j += 1
          clarity = min(clarity, 0.9)
        } else if c == " ", j + 1 < a.count, !domain.contains("."), domain.last?.isLatinLetter == true,
          a[j + 1].isLatinLetter, hostContinues(a, from: j + 1)
        {
          // "@yama buki.example.com": a space OCR put inside the first label.
          j += 1
          clarity = min(clarity, 0.75)
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
      // "E-mailtaro@…", "Mailinfo@…": a label glued to the address.
      if let label = gluedLabel(localText) {
        localText = String(localText.dropFirst(label.count))
        clarity = min(clarity, 0.85)
      }
      var domainText = String(domain).lowercased()
      if let fixed = repairedSuffix(domainText) {
        domainText = fixed
        clarity = min(clarity, 0.85)
      }
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

  /// Labels that OCR glues to an address ("Mailinfo@…"), longest first.
  static let gluedLabels = [
    "E-mail", "E-Mail", "E-MAIL", "e-mail", "E-Mait", "E-mait", "E-Mai1", "E-mai1", "EMail", "Email",
    "EMAIL", "Mail", "MAIL",
  ]

  /// The label at the start of a local part when it is glued to it: always
  /// "e-mail" or OCR's "E-Mait" (no address starts so), else a capitalised label followed by a
  /// lower-case letter or a digit ("Mailinfo" → "Mail", but not "Mailbox" → nil
  /// is not decidable, so a capitalised label followed by lower case counts).
  static func gluedLabel(_ local: String) -> String? {
    for label in gluedLabels where local.hasPrefix(label) && local.count > label.count + 1 {
      let next = local[local.index(local.startIndex, offsetBy: label.count)]
      if label.lowercased().hasPrefix("e-mai") { return label }
      if next.isLowercase || next.isDigit || (label.allSatisfy(\.isUppercase) && next.isLetter) {
        return label
      }
    }
    return nil
  }

  /// Japanese second-level domains that OCR read without their dot
  /// ("example.cojp" → "example.co.jp"); unambiguous, as no such TLD exists.
  static let gluedSecondLevel = ["co", "ne", "or", "ac", "go", "ed", "lg", "gr", "ad"]

  static func repairedSuffix(_ host: String) -> String? {
    for sld in gluedSecondLevel where host.hasSuffix("." + sld + "jp") {
      return String(host.dropLast(2)) + ".jp"
    }
    // "co.ip", "c0.jp": no such labels; OCR's reading of "co.jp".
    for (bad, good) in [(".co.ip", ".co.jp"), (".c0.jp", ".co.jp"), (".ne.ip", ".ne.jp"),
      (".or.ip", ".or.jp"), (".ac.ip", ".ac.jp"), (".co.j", ".co.jp")]
    where host.hasSuffix(bad) {
      return String(host.dropLast(bad.count)) + good
    }
    if host.hasSuffix(".ip"), host.split(separator: ".").count >= 2 {
      return String(host.dropLast(3)) + ".jp"
    }
    return nil
  }

  static func skipSpaces(_ a: [Character], _ from: Int) -> Int {
    var j = from
    while j < a.count, a[j] == " " { j += 1 }
    return j
  }

  /// Whether the word ending at `end` is part of an address split by a space
  /// (not a label such as "Email" or "E", nor capitals before a local part in lower case:
  /// "SE ueno@…", an icon read as letters).
  static func isSplitWord(_ a: [Character], endingAt end: Int, before local: [Character]) -> Bool {
    var s = end
    while s > 0, isLocalChar(a[s - 1]) { s -= 1 }
    if a[s...end].contains(where: \.isUppercase), !local.contains(where: \.isUppercase) { return false }
    let word = String(a[s...end]).lowercased()
    if Labels.email.contains(word) || word == "e" || word.count > 12 { return false }
    if gluedLabels.contains(where: { $0.lowercased() == word }) { return false }
    // The word stands after a label or at the start, not after another word.
    var k = s - 1
    while k >= 0, a[k] == " " { k -= 1 }
    return k < 0 || !(a[k].isLetter || a[k].isNumber) || a[k] == ":"
  }

  /// Whether a host goes on at `from`: letters up to a dot, and a known TLD at the end.
  static func hostContinues(_ a: [Character], from: Int) -> Bool {
    var j = from
    var text = ""
    while j < a.count, isDomainChar(a[j]) {
      text.append(a[j])
      j += 1
    }
    let labels = text.lowercased().split(separator: ".")
    guard labels.count >= 2, let tld = labels.last else { return false }
    return knownTLDs.contains(String(tld))
  }

  /// Whether `a[from...]` is a known top-level label that ends the address: at the end of the
  /// text, or before a character that is neither a letter, a digit, a dot, a hyphen nor a space
  /// ("jp;", "jp/").
  static func endsWithTLD(_ a: [Character], from: Int) -> Bool {
    var j = from
    while j < a.count, a[j].isLatinLetter { j += 1 }
    guard j > from, knownTLDs.contains(String(a[from..<j]).lowercased()) else { return false }
    return j == a.count || !(isDomainChar(a[j]) || a[j].isLetter || a[j] == " ")
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

  /// A web host that differs from an e-mail domain on the card only by a
  /// hyphen or a dot OCR lost ("ibukifudosan" beside "ibuki-fudosan"), by a digit read
  /// for a letter ("a0i" beside "aoi", 1 for l or i), or by a label glued before it
  /// ("URLshinonome-machi…"), takes the e-mail's spelling.
  static func agreeingWithEmails(_ url: String, emails: [String]) -> String {
    let h = host(ofURL: url)
    let squeeze = { (s: String) in s.filter { $0 != "-" && $0 != "." } }
    // Letters for the digits OCR reads them as; the e-mail must have fewer digits.
    let letters = { (s: String) in
      String(squeeze(s).map { c -> Character in c == "0" ? "o" : "1il".contains(c) ? "l" : c })
    }
    let digits = { (s: String) in s.filter { $0 == "0" || $0 == "1" }.count }
    for e in emails {
      guard let domain = e.split(separator: "@").last.map(String.init) else { continue }
      // A label glued to the host ("URLshinonome-machi.example.jp"): the e-mail's domain after it.
      for label in ["url", "hp", "web"] where h.hasPrefix(label) {
        for candidate in [domain, "www." + domain] where String(h.dropFirst(label.count)) == candidate.lowercased() {
          if let r = url.range(of: h, options: .caseInsensitive) {
            return url.replacingCharacters(in: r, with: candidate)
          }
        }
      }
      for candidate in [domain, "www." + domain]
      where candidate != h
        && (squeeze(candidate) == squeeze(h)
          || (letters(candidate) == letters(h) && digits(candidate) < digits(h)))
      {
        if let r = url.range(of: h, options: .caseInsensitive) {
          return url.replacingCharacters(in: r, with: candidate)
        }
      }
    }
    return url
  }

  /// Drops a web address that is only the tail of another address on the card
  /// ("ple.co.jp" beside "www.akane-data.example.co.jp", a box OCR cut off).
  static func dropFragments(_ urls: [String], emails: [String]) -> [String] {
    let hosts = urls.map(host(ofURL:)) + emails.compactMap { $0.split(separator: "@").last.map(String.init) }
    return urls.filter { u in
      let h = host(ofURL: u)
      return !hosts.contains { other in other != h && other.hasSuffix(h) && other.count > h.count }
    }
  }

  static func findURLs(in line: CardLine, emailHosts: [String] = []) -> [Found] {
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
      // The scheme, also as OCR reads it: "https: //", "https:/".
      var j = k
      var value: [Character] = []
      var slashes = 0
      var clarity = 1.0
      var hasScheme = false
      if let s = schemeAt(a, lower, k) {
        hasScheme = true
        value = Array(s.misreadWord ? (s.end - k == 5 ? "https" : "http") : String(a[k..<s.end])) + Array("://")
        if s.slashes < 2 || s.host - s.end != 3 { clarity = 0.85 }
        if s.misreadWord || s.misreadColon { clarity = min(clarity, 0.8) }
        j = s.host
        slashes = 2
      }
      let hasWWW = startsWith("www.", at: j) || startsWith("www,", at: j)
      // Bare domain: a token with a dot and a known top-level label.
      if !(hasScheme || hasWWW) { clarity = 0.85 }
      var inHost = true
      while j < a.count, isURLChar(a[j]) || a[j] == "," || a[j] == " " {
        var c = a[j]
        if c == " " {
          // "https://aoba-tax. example. jp": OCR's space after (or before) a dot
          // inside the host, followed by a lower-case label.
          guard inHost, j + 1 < a.count, let last = value.last else { break }
          let next = a[j + 1]
          if last == ".", next.isLowercase || next.isDigit {
            clarity = min(clarity, 0.9)
            j += 1
            continue
          }
          if next == ".", j + 2 < a.count, a[j + 2].isLowercase, last.isLatinLetter || last.isDigit {
            clarity = min(clarity, 0.9)
            j += 1
            continue
          }
          // "hoshikawa-foods example.com": a space for a dot, when that spells
          // the e-mail's domain.
          if last.isLatinLetter || last.isDigit, next.isLowercase {
            let tail = String(a[(j + 1)...].prefix { isDomainChar($0) }).lowercased()
            let sofar = host(ofURL: String(value)).lowercased()
            if emailHosts.contains(where: { h in
              ("www." + h).hasSuffix(sofar + "." + tail) || h.hasSuffix(sofar + "." + tail)
                || h == sofar + "." + tail
            }) {
              value.append(".")
              clarity = min(clarity, 0.75)
              j += 1
              continue
            }
          }
          // "www.himawari.exam Ple.com": a space (and a capital) OCR put inside a label, when
          // the host then spells the e-mail's domain.
          if last.isLatinLetter || last.isDigit, next.isLatinLetter {
            let tail = String(a[(j + 1)...].prefix { isDomainChar($0) }).lowercased()
            let joined = host(ofURL: String(value)).lowercased() + tail
            if emailHosts.contains(where: { $0 == joined || "www." + $0 == joined }) {
              value = Array(String(value).lowercased())
              for c in a[(j + 1)...].prefix(while: isDomainChar) { value.append(Character(c.lowercased())) }
              clarity = min(clarity, 0.75)
              j += 1 + tail.count
              continue
            }
          }
          // "https://minamikaze.example jp;": a space for the dot before the last label, which
          // ends the address (not "www.kobe tech.co.jp", a space inside a label; not
          // "www.sakura.shop in Tokyo"), the host otherwise without a top-level one.
          if last.isLatinLetter, next.isLowercase, value.contains("."),
            !knownTLDs.contains(String(value).split(separator: ".").last.map { $0.lowercased() } ?? ""),
            endsWithTLD(a, from: j + 1)
          {
            value.append(".")
            clarity = min(clarity, 0.8)
            j += 1
            continue
          }
          // "www.aoba.exam ple.co.jp": a space inside a label, the host going on.
          let lastLabel = String(value).split(separator: ".").last.map { $0.lowercased() } ?? ""
          if last.isLatinLetter, next.isLowercase, !knownTLDs.contains(lastLabel),
            hasScheme || value.contains("."), hostContinues(a, from: j + 1)
          {
            clarity = min(clarity, 0.75)
            j += 1
            continue
          }
          break
        }
        if c == "/" {
          slashes += 1
          if !hasScheme || slashes > 2 { inHost = false }
        }
        if c == ",", inHost, !value.isEmpty, tldFollows(a, from: j + 1)
          || (j + 2 < a.count && a[j + 1] == " " && a[j + 2].isLowercase
            && tldFollows(a, from: j + 2))
          || String(value).lowercased().hasSuffix("www")
        {
          // "www, sakura" / "example, co. jp": a comma read for a dot.
          c = "."
          clarity = min(clarity, 0.85)
        } else if c == "," {
          break
        } else if c == "~", inHost {
          c = "-"
          clarity = min(clarity, 0.8)
        }
        value.append(c)
        j += 1
      }
      while let l = value.last, ".,;:)]'!?".contains(l) {
        value.removeLast()
        j -= 1
      }
      var text = String(value)
      let rawHost = host(ofURL: text)
      if let fixed = repairedSuffix(rawHost), let r = text.range(of: rawHost, options: .caseInsensitive) {
        text.replaceSubrange(r, with: fixed)
        clarity = min(clarity, 0.85)
      }
      // "wwwr.setouchi…", "vvww.…": OCR's readings of "www" in small type.
      let first = rawHost.split(separator: ".").first.map { $0.lowercased() } ?? ""
      if ["wwwr", "vvww", "wvvw", "wwvv", "vvvvw", "wvw", "vww", "wwv"].contains(first),
        rawHost.split(separator: ".").count >= 3,
        let r = text.range(of: first + ".", options: .caseInsensitive)
      {
        text.replaceSubrange(r, with: "www.")
        clarity = min(clarity, 0.8)
      }
      if text.count >= 4, let host = Optional(host(ofURL: text)), isPlausibleHost(host),
        hasScheme || hasWWW || bareDomainIsURL(host: host, line: line, at: k, end: j)
      {
        result.append(Found(value: text, range: k..<j, clarity: clarity))
        k = j
      } else {
        k += 1
      }
    }
    return result
  }

  /// A web address's scheme at `k`, also as OCR reads it: "https: //", "https:/", the word
  /// misread ("htips://"), the colon read as a dot or a semicolon ("https.//"). `a` and its
  /// lower-cased copy, character for character.
  struct Scheme {
    /// Where "http" or "https" ends, and where the host starts (past the slashes).
    var end: Int
    var host: Int
    var slashes: Int
    var misreadWord: Bool
    var misreadColon: Bool
  }

  static func schemeAt(_ a: [Character], _ lower: [Character], _ k: Int) -> Scheme? {
    guard let misread = schemeStart(lower, at: k) else { return nil }
    var m = k + 4
    if m < a.count, lower[m] == "s" { m += 1 }
    guard m < a.count, a[m] == ":" || (".;".contains(a[m]) && m + 1 < a.count && a[m + 1] == "/")
    else { return nil }
    var n = skipSpaces(a, m + 1)
    var count = 0
    while n < a.count, a[n] == "/", count < 2 {
      n += 1
      count += 1
    }
    guard count >= 1, n < a.count, a[n].isLatinLetter || a[n].isDigit else { return nil }
    return Scheme(end: m, host: n, slashes: count, misreadWord: misread, misreadColon: a[m] != ":")
  }

  /// Whether the word "http" starts at `k` (in `lower`): nil when not, true when as OCR misreads
  /// it in small type ("htips", "hltps", "nttps"; only taken with the ":/" after it).
  static func schemeStart(_ lower: [Character], at k: Int) -> Bool? {
    guard k + 4 <= lower.count else { return nil }
    let w = lower[k..<(k + 4)]
    if String(w) == "http" { return false }
    let stem: Set<Character> = ["t", "l", "i", "f", "1"]
    guard "hnb".contains(w[k]), stem.contains(w[k + 1]), stem.contains(w[k + 2]), w[k + 3] == "p",
      w[k + 1] == "t" || w[k + 2] == "t"
    else { return nil }
    return true
  }

  /// A bare domain counts as a web address when labelled ("URL", "HP") or
  /// when it stands alone on its line.
  static func bareDomainIsURL(host: String, line: CardLine, at k: Int, end: Int) -> Bool {
    guard host.contains("."), !host.hasPrefix("."), host.split(separator: ".").count >= 2 else {
      return false
    }
    var probe = line
    if probe.consumeLabel(before: k, labels: Labels.url) != nil { return true }
    let a = line.available
    let outside = a[..<min(k, a.count)] + a[min(end, a.count)...]
    return outside.allSatisfy { $0 == " " }
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
    // "sakura.example.co.jp": example.* is reserved for documentation (RFC 2606);
    // the organisation is the label before it.
    if labels.count >= 2, labels.last == "example" { labels.removeLast() }
    return labels.last
  }
}
