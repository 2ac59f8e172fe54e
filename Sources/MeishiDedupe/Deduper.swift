public import MeishiCore

/// What the store knows of an existing contact that might be the card's person.
public struct DedupeCandidate: Sendable, Equatable {
  public var uid: String
  public var nameKey: String
  public var kanaKey: String
  public var latinKey: String
  public var companyKey: String
  public var emails: [String]
  /// E.164 numbers of mobile phones.
  public var mobiles: [String]
  /// E.164 numbers of direct landlines (tel numbers nobody else has: not a switchboard).
  public var directLines: [String]

  public init(
    uid: String, nameKey: String, kanaKey: String = "", latinKey: String = "", companyKey: String,
    emails: [String], mobiles: [String], directLines: [String] = []
  ) {
    self.uid = uid
    self.nameKey = nameKey
    self.kanaKey = kanaKey
    self.latinKey = latinKey
    self.companyKey = companyKey
    self.emails = emails
    self.mobiles = mobiles
    self.directLines = directLines
  }
}

/// The keys the store looks candidates up by (each backed by an index).
public struct DedupeKeys: Sendable, Equatable {
  /// Personal e-mail addresses (role addresses such as info@ left out).
  public var emails: [String]
  public var mobiles: [String]
  /// Landline numbers (tel, not fax): evidence only together with the name.
  public var lines: [String]
  public var nameKey: String?
  public var kanaKey: String?
  public var latinKey: String?
  public var companyKey: String?
  /// Company e-mail domains (free-mail providers left out).
  public var domains: [String]
}

/// The decision for one card.
public struct DedupeResult: Sendable, Equatable {
  public var decision: DedupeOutcome.Decision
  /// The contact the card joins when `merged`.
  public var target: String?
  /// The contacts considered, best first.
  public var candidates: [DedupeOutcome.Candidate]
}

/// Decides whether a card belongs to a contact already in the store.
///
/// Evidence, from strong to weak:
/// - the same personal e-mail address or the same mobile number: the same person, even at a
///   new company (a job change keeps its history) — unless the names say otherwise;
/// - the same name (kanji, kana reading or romaji in any order) at the same company (the same
///   company name without its legal form, or the same company e-mail domain): the same person
///   if a direct line agrees too, else a person decides (`review`);
/// - the same name at an unrelated company, or the same surname at the same company: a
///   different person.
///
/// Role addresses (`info@`, `sales@`, …), free-mail domains and shared switchboard numbers
/// never count as evidence on their own.
public enum Deduper {
  /// Local parts of shared role addresses.
  public static let roleLocalParts: Set<String> = [
    "info", "sales", "contact", "support", "office", "admin", "hello", "inquiry", "inquiries",
    "mail", "webmaster", "press", "pr", "recruit", "jobs", "hr", "service", "desk", "eigyo",
    "soumu", "toiawase", "otoiawase", "customer", "team", "general", "enquiries", "marketing",
    "info-jp", "contact-us", "sales-jp", "uketsuke", "daihyo",
  ]

  public static func isRoleAddress(_ email: String) -> Bool {
    guard let at = email.firstIndex(of: "@") else { return false }
    return roleLocalParts.contains(String(email[..<at]).lowercased())
  }

  /// The lookup keys of a parsed card.
  public static func keys(for contact: ContactFields) -> DedupeKeys {
    let emails = contact.emails.map(Normalization.email).filter { !isRoleAddress($0) }
    let mobiles = contact.phones.filter { $0.kind == .mobile }.map(\.number)
    let lines = contact.phones.filter { $0.kind == .tel }.map(\.number)
    func key(_ s: String?, _ f: (String) -> String) -> String? {
      s.map(f).flatMap { $0.isEmpty ? nil : $0 }
    }
    let isLatinName = contact.name.map { n in n.unicodeScalars.allSatisfy { $0.isASCII } } ?? true
    return DedupeKeys(
      emails: emails, mobiles: mobiles, lines: lines,
      nameKey: key(isLatinName ? nil : contact.name, Normalization.nameKey),
      kanaKey: key(contact.nameKana, Normalization.kanaKey),
      latinKey: key(contact.nameLatin ?? (isLatinName ? contact.name : nil), Normalization.latinKey),
      companyKey: key(contact.company, Normalization.companyKey),
      domains: Array(Set(contact.emails.compactMap(Normalization.companyDomain(ofEmail:)))).sorted())
  }

  /// Scores the candidates against the card and decides.
  public static func decide(_ contact: ContactFields, candidates: [DedupeCandidate]) -> DedupeResult {
    let k = keys(for: contact)
    struct Scored {
      var candidate: DedupeCandidate
      var score: Double
      var strong: Bool
      var sameName: Bool
      var sameCompany: Bool
      var nameConflict: Bool
      var directLine: Bool
    }
    var scored: [Scored] = []
    for c in candidates {
      let sharedEmail = !Set(k.emails).isDisjoint(with: c.emails.map(Normalization.email))
      let sharedMobile = !Set(k.mobiles).isDisjoint(with: c.mobiles)
      let sameKanji = k.nameKey != nil && k.nameKey == c.nameKey
      let sameKana = k.kanaKey != nil && k.kanaKey == c.kanaKey
      let sameLatin = k.latinKey != nil && k.latinKey == c.latinKey
      let sameName = sameKanji || sameKana || sameLatin
      // Both names known in the same script and different: two people.
      let nameConflict =
        !sameName
        && ((k.nameKey != nil && !c.nameKey.isEmpty && k.nameKey != c.nameKey)
          || (k.latinKey != nil && !c.latinKey.isEmpty && k.latinKey != c.latinKey))
      let candidateDomains = Set(c.emails.compactMap(Normalization.companyDomain(ofEmail:)))
      let sameCompany =
        (k.companyKey != nil && k.companyKey == c.companyKey) || !Set(k.domains).isDisjoint(with: candidateDomains)
      let directLine = !Set(k.lines).isDisjoint(with: c.directLines)
      var score = 0.0
      if sharedEmail { score += 0.6 }
      if sharedMobile { score += 0.5 }
      if sameName { score += sameKanji ? 0.35 : 0.3 }
      if sameCompany { score += 0.2 }
      if directLine { score += 0.15 }
      if nameConflict { score -= 0.4 }
      score = max(0, min(1, score))
      guard score > 0 || sharedEmail || sharedMobile else { continue }
      scored.append(
        Scored(
          candidate: c, score: (score * 100).rounded() / 100, strong: sharedEmail || sharedMobile,
          sameName: sameName, sameCompany: sameCompany, nameConflict: nameConflict, directLine: directLine))
    }
    scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.candidate.uid < $1.candidate.uid) }
    let list = scored.map { DedupeOutcome.Candidate(contactUID: $0.candidate.uid, score: $0.score) }
    if let best = scored.first(where: { $0.strong && !$0.nameConflict }) {
      return DedupeResult(decision: .merged, target: best.candidate.uid, candidates: list)
    }
    if let best = scored.first(where: { $0.sameName && $0.sameCompany && $0.directLine }) {
      return DedupeResult(decision: .merged, target: best.candidate.uid, candidates: list)
    }
    let review = scored.filter { ($0.sameName && $0.sameCompany) || ($0.strong && $0.nameConflict) }
    if !review.isEmpty {
      return DedupeResult(
        decision: .review, target: nil,
        candidates: review.map { .init(contactUID: $0.candidate.uid, score: $0.score) })
    }
    return DedupeResult(decision: .new, target: nil, candidates: [])
  }
}
