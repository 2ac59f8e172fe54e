import MeishiCore

/// Fields that other fields confirm are surer than their OCR confidence alone
/// says: an e-mail domain that is also the web address, an e-mail local part
/// that spells the person's name, phone numbers that share their area code
/// and exchange (a TEL and its FAX). Confirmation halves the doubt
/// (1 − confidence); nothing is ever changed, only confidences raised.
enum Corroboration {
  static func run(_ state: inout ParseState) {
    let c = state.contact
    let emailDomains = c.emails.compactMap { $0.split(separator: "@").last.map { $0.lowercased() } }
    let urlHosts = c.urls.map { EmailURLExtractor.host(ofURL: $0).lowercased() }
    func bare(_ h: String) -> String { h.hasPrefix("www.") ? String(h.dropFirst(4)) : h }
    let sameSite = emailDomains.contains { d in urlHosts.contains { bare($0) == d } }
    // The person's name in romaji: the printed one, or the family name's readings.
    var nameKeys: [String] = []
    if let latin = c.nameLatin {
      nameKeys += latin.split(separator: " ").map { NameDictionary.romajiKey(String($0)) }
    }
    if let family = c.familyName, let s = NameDictionary.shared.surname(family) {
      nameKeys += s.romaji
      nameKeys += s.readings.map { NameDictionary.romajiKey(Romaji.hepburn($0)) }
    }
    if let family = c.familyName, family.allSatisfy(\.isLatinish) {
      nameKeys.append(NameDictionary.romajiKey(family))
    }
    nameKeys = nameKeys.filter { $0.count >= 3 }
    let namedLocal = c.emails.contains { e in
      let local = NameDictionary.romajiKey(String(e.split(separator: "@").first ?? ""))
      return nameKeys.contains { local.contains($0) }
    }
    if sameSite || namedLocal { halveDoubt(&state, "emails") }
    if sameSite { halveDoubt(&state, "urls") }
    // Two numbers of one office: same length, same first six digits. A number whose first
    // digit was guessed, from the other or from MIC's list, confirms nothing.
    let numbers = c.phones.map(\.number).filter { !state.guessedNumbers.contains($0) }
    let paired = numbers.contains { a in
      numbers.contains { b in a != b && a.count == b.count && a.prefix(7) == b.prefix(7) }
    }
    if paired { halveDoubt(&state, "phones") }
  }

  static func halveDoubt(_ state: inout ParseState, _ key: String) {
    guard let v = state.confidence[key] else { return }
    state.confidence[key] = Text.confidence(1 - (1 - v) / 2)
  }
}
