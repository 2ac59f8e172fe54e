/// Japan's prefectures and municipalities (市区町村, the wards of designated
/// cities apart) with the first three digits of their postal codes, from the
/// generated table (Japan Post data, see `Generated/Municipalities.swift`).
///
/// The address rule uses it as evidence: a prefecture and municipality that
/// exist make an address surer, a postal code whose first digits belong to the
/// municipality makes both surer, and one character that OCR misread in a
/// prefecture or municipality name ("大孤府" → 大阪府, "仙台市太自区" → 仙台市太白区)
/// is repaired when exactly one listed name fits.
struct Gazetteer: Sendable {
  struct Municipality: Sendable {
    let prefecture: String
    /// As listed: "札幌市北区", "石狩郡当別町".
    let name: String
    /// Without the district (郡), as addresses often print it: "当別町".
    let shortName: String?
    let postalPrefixes: Set<String>
  }

  /// What the start of an address was found to be.
  struct Match: Sendable {
    /// The address with a misread prefecture or municipality repaired (or as it was).
    var text: String
    var prefecture: String?
    var municipality: Municipality?
    /// How many characters were repaired (0 when the names were read right).
    var repairs: Int
    /// Where the municipality ends, counted in the address's characters other than spaces.
    var end: Int?
    /// A repair that is a guess the user should check (a short town two characters off).
    var doubtful = false
  }

  let byPrefecture: [String: [Municipality]]
  let all: [Municipality]

  static let shared = Gazetteer()

  init() {
    var by: [String: [Municipality]] = [:]
    var all: [Municipality] = []
    for row in NameTables.municipalitiesTSV.split(separator: "\n") {
      let cols = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard cols.count >= 3 else { continue }
      var short: String?
      if let gun = cols[1].firstIndex(of: "郡"), cols[1].index(after: gun) < cols[1].endIndex {
        short = String(cols[1][cols[1].index(after: gun)...])
      }
      let m = Municipality(
        prefecture: cols[0], name: cols[1], shortName: short,
        postalPrefixes: Set(cols[2].split(separator: ",").map(String.init)))
      by[cols[0], default: []].append(m)
      all.append(m)
    }
    byPrefecture = by
    self.all = all
  }

  /// Whether `a` and `b` have the same length and differ in exactly one
  /// character (not the last one of a name: 市, 区, 町, 村, 県 are read well and
  /// tell kinds of places apart).
  static func oneOff(_ a: [Character], _ b: [Character]) -> Bool {
    a.count >= 2 && a.last == b.last && Text.differInOne(a, b)
  }

  /// The municipality at the start of `rest` among `candidates`: exact (the
  /// longest name), else a unique one-character repair.
  func municipality(at rest: [Character], in candidates: [Municipality]) -> (Municipality, String, Int)? {
    var exact: (Municipality, String)?
    for m in candidates {
      for name in [m.name, m.shortName].compactMap({ $0 }) where rest.starts(with: Array(name)) {
        if exact.map({ name.count > $0.1.count }) ?? true { exact = (m, name) }
      }
    }
    if let exact { return (exact.0, exact.1, 0) }
    var fuzzy: [(Municipality, String)] = []
    for m in candidates {
      for name in [m.name, m.shortName].compactMap({ $0 }) where name.count >= 3 {
        let n = Array(name)
        if rest.count >= n.count, Self.oneOff(Array(rest.prefix(n.count)), n) {
          fuzzy.append((m, name))
        }
      }
    }
    // Unique, and the longest reading wins only when no other of its length fits.
    if let longest = fuzzy.map({ $0.1.count }).max() {
      let best = fuzzy.filter { $0.1.count == longest }
      if best.count == 1 { return (best[0].0, best[0].1, 1) }
    }
    return nil
  }

  /// Reads the prefecture and municipality at the start of a Japanese address.
  func match(_ address: String) -> Match {
    let chars = Array(address)
    // Positions of the non-space characters, to repair in place.
    let positions = chars.indices.filter { chars[$0] != " " }
    let compact = positions.map { chars[$0] }
    var result = Match(text: address, prefecture: nil, municipality: nil, repairs: 0)
    var out = chars
    func replace(at offset: Int, with name: String) {
      for (k, c) in name.enumerated() where offset + k < positions.count {
        out[positions[offset + k]] = c
      }
    }
    // The prefecture: as printed, or with one character misread.
    var prefecture: String?
    var prefRepaired = false
    for p in Vocabulary.prefectures where compact.starts(with: Array(p)) {
      prefecture = p
    }
    if prefecture == nil {
      let fits = Vocabulary.prefectures.filter {
        compact.count > $0.count && Self.oneOff(Array(compact.prefix($0.count)), Array($0))
      }
      // A misread prefecture counts only if its municipality follows.
      for p in fits {
        let rest = Array(compact.dropFirst(p.count))
        if let candidates = byPrefecture[p], municipality(at: rest, in: candidates) != nil {
          prefecture = p
          prefRepaired = true
          break
        }
      }
    }
    var offset = 0
    if let p = prefecture {
      result.prefecture = p
      if prefRepaired {
        replace(at: 0, with: p)
        result.repairs += 1
      }
      offset = p.count
      let rest = Array(compact.dropFirst(offset))
      if let (m, name, repairs) = municipality(at: rest, in: byPrefecture[p] ?? []) {
        result.municipality = m
        result.end = offset + name.count
        if repairs > 0 {
          replace(at: offset, with: name)
          result.repairs += repairs
        }
      }
    } else {
      // Prefecture omitted: a municipality named exactly, in one prefecture only.
      let found = all.filter { m in
        m.name.count >= 3 && compact.starts(with: Array(m.name))
      }
      let prefs = Set(found.map(\.prefecture))
      if prefs.count == 1, let m = found.max(by: { $0.name.count < $1.name.count }) {
        result.municipality = m
        result.prefecture = m.prefecture
        result.end = m.name.count
      }
    }
    result.text = String(out)
    return result
  }

  /// Whether the postal code belongs to the municipality (its first three digits).
  func agrees(postal: String, with m: Municipality) -> Bool {
    m.postalPrefixes.contains(String(postal.prefix(3)))
  }
}
