public import MeishiCore

/// What the store knows of an existing contact that might be the card's person.
public struct DedupeCandidate: Sendable, Equatable {
  public var uid: String
  public var nameKey: String
  public var companyKey: String
  public var emails: [String]
  /// E.164 numbers of mobile phones.
  public var mobiles: [String]

  public init(uid: String, nameKey: String, companyKey: String, emails: [String], mobiles: [String]) {
    self.uid = uid
    self.nameKey = nameKey
    self.companyKey = companyKey
    self.emails = emails
    self.mobiles = mobiles
  }
}

/// The keys the store looks candidates up by (each backed by an index).
public struct DedupeKeys: Sendable, Equatable {
  public var emails: [String]
  public var mobiles: [String]
  public var nameKey: String?
  public var companyKey: String?
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
/// First version of the rules:
/// - the same personal e-mail address or the same mobile number → `merged`;
/// - the same normalised name at the same company → `review` (a person decides);
/// - otherwise → `new`.
///
/// Role addresses (`info@`, `sales@`, …) never count as evidence: colleagues share them.
public enum Deduper {
  /// Local parts of shared role addresses.
  public static let roleLocalParts: Set<String> = [
    "info", "sales", "contact", "support", "office", "admin", "hello", "inquiry", "inquiries",
    "mail", "webmaster", "press", "pr", "recruit", "jobs", "hr", "service", "desk", "eigyo",
    "soumu", "toiawase", "otoiawase", "customer", "team", "general", "enquiries", "marketing",
  ]

  public static func isRoleAddress(_ email: String) -> Bool {
    guard let at = email.firstIndex(of: "@") else { return false }
    return roleLocalParts.contains(String(email[..<at]).lowercased())
  }

  /// The lookup keys of a parsed card.
  public static func keys(for contact: ContactFields) -> DedupeKeys {
    let emails = contact.emails.map(Normalization.email).filter { !isRoleAddress($0) }
    let mobiles = contact.phones.filter { $0.kind == .mobile }.map(\.number)
    let nameSource = contact.name ?? contact.nameLatin
    let nameKey = nameSource.map(Normalization.nameKey).flatMap { $0.isEmpty ? nil : $0 }
    let companyKey = contact.company.map(Normalization.companyKey).flatMap { $0.isEmpty ? nil : $0 }
    return DedupeKeys(emails: emails, mobiles: mobiles, nameKey: nameKey, companyKey: companyKey)
  }

  /// Scores the candidates against the card and decides.
  public static func decide(_ contact: ContactFields, candidates: [DedupeCandidate]) -> DedupeResult {
    let k = keys(for: contact)
    var scored: [(DedupeCandidate, Double, Bool)] = []  // candidate, score, strong match
    for c in candidates {
      let sharedEmail = !Set(k.emails).isDisjoint(with: c.emails.map(Normalization.email))
      let sharedMobile = !Set(k.mobiles).isDisjoint(with: c.mobiles)
      let sameName = k.nameKey != nil && k.nameKey == c.nameKey
      let sameCompany = k.companyKey != nil && k.companyKey == c.companyKey
      var score = 0.0
      if sharedEmail { score += 0.6 }
      if sharedMobile { score += 0.5 }
      if sameName { score += 0.3 }
      if sameCompany { score += 0.2 }
      score = min(1, score)
      let strong = sharedEmail || sharedMobile
      if score > 0 { scored.append((c, (score * 100).rounded() / 100, strong)) }
    }
    scored.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.uid < $1.0.uid) }
    let list = scored.map { DedupeOutcome.Candidate(contactUID: $0.0.uid, score: $0.1) }
    if let best = scored.first(where: { $0.2 }) {
      return DedupeResult(decision: .merged, target: best.0.uid, candidates: list)
    }
    let review = scored.filter { s in
      k.nameKey != nil && s.0.nameKey == k.nameKey && k.companyKey != nil
        && s.0.companyKey == k.companyKey
    }
    if !review.isEmpty {
      return DedupeResult(
        decision: .review, target: nil,
        candidates: review.map { .init(contactUID: $0.0.uid, score: $0.1) })
    }
    return DedupeResult(decision: .new, target: nil, candidates: [])
  }
}
