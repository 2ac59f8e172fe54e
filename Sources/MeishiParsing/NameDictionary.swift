import Foundation
import MeishiCore

/// Namespace for the generated name tables (see `Generated/`, made by
/// `scripts/gen-parser-data`).
enum NameTables {}

/// Japanese family and given names, parsed once from the generated tables.
struct NameDictionary: Sendable {
  struct Surname: Sendable {
    /// 0 for the most common surname.
    let rank: Int
    /// Hiragana readings.
    let readings: [String]
    /// Romaji spellings, as keys (see `romajiKey`).
    let romaji: [String]
  }

  /// Family names by kanji (variant kanji folded).
  let surnames: [String: Surname]
  /// Family names by romaji key.
  let surnameRomaji: Set<String>
  /// Given names by kanji (or kana) → hiragana readings.
  let givenNames: [String: [String]]
  /// Given names by romaji key.
  let givenRomaji: Set<String>
  /// Every family-name reading (hiragana).
  let surnameReadings: Set<String>
  /// Every given-name reading (hiragana).
  let givenReadingSet: Set<String>
  /// The best rank of a family name by romaji key.
  let surnameRankByRomaji: [String: Int]
  /// How many given names read so, by romaji key.
  let givenCountByRomaji: [String: Int]
  /// The reading of the commonest family name spelt so in romaji, by romaji key.
  let surnameReadingsByRomaji: [String: String]
  /// The commonest given-name reading spelt so in romaji, by romaji key.
  let givenReadingsByRomaji: [String: String]

  /// The shared instance (parsed on first use).
  static let shared = NameDictionary()

  init() {
    var surnames: [String: Surname] = [:]
    var surnameRomaji: Set<String> = []
    var rank = 0
    for row in NameTables.surnamesTSV.split(separator: "\n") {
      let cols = row.split(separator: "\t", omittingEmptySubsequences: false)
      guard let kanji = cols.first, !kanji.isEmpty else { continue }
      let readings = cols.count > 1 ? cols[1].split(separator: ",").map(String.init) : []
      let romaji =
        cols.count > 2 ? cols[2].split(separator: ",").map { Self.romajiKey(String($0)) } : []
      // Variant spellings (渡邊, 渡辺) share one entry: the commoner one's rank, all readings.
      let key = Self.kanjiKey(String(kanji))
      if let known = surnames[key] {
        surnames[key] = Surname(
          rank: known.rank,
          readings: known.readings + readings.filter { !known.readings.contains($0) },
          romaji: known.romaji + romaji.filter { !known.romaji.contains($0) })
      } else {
        surnames[key] = Surname(rank: rank, readings: readings, romaji: romaji)
      }
      rank += 1
      surnameRomaji.formUnion(romaji)
    }
    var given: [String: [String]] = [:]
    for row in NameTables.givenNamesTSV.split(separator: "\n") {
      let cols = row.split(separator: "\t", omittingEmptySubsequences: false)
      guard let kanji = cols.first, !kanji.isEmpty else { continue }
      let readings = cols.count > 1 ? cols[1].split(separator: ",").map(String.init) : []
      given[Self.kanjiKey(String(kanji)), default: []].append(contentsOf: readings)
    }
    var givenRomaji: Set<String> = []
    for row in NameTables.givenNameRomajiTSV.split(separator: "\n") where !row.isEmpty {
      givenRomaji.insert(Self.romajiKey(String(row)))
    }
    // Romaji → reading, from the readings themselves (rank order for family
    // names, the most frequent reading for given names).
    var surnameReadings: [String: (rank: Int, reading: String)] = [:]
    for (_, entry) in surnames {
      for r in entry.readings {
        let key = Self.romajiKey(Romaji.hepburn(r))
        guard !key.isEmpty else { continue }
        if surnameReadings[key].map({ entry.rank < $0.rank }) ?? true {
          surnameReadings[key] = (entry.rank, r)
        }
      }
    }
    var givenCounts: [String: [String: Int]] = [:]
    for (_, readings) in given {
      for r in Set(readings) {
        let key = Self.romajiKey(Romaji.hepburn(r))
        guard !key.isEmpty else { continue }
        givenCounts[key, default: [:]][r, default: 0] += 1
      }
    }
    self.surnames = surnames
    self.surnameRomaji = surnameRomaji.union(surnameReadings.keys)
    self.givenNames = given
    self.givenRomaji = givenRomaji.union(givenCounts.keys)
    self.surnameReadingsByRomaji = surnameReadings.mapValues(\.reading)
    self.surnameRankByRomaji = surnameReadings.mapValues(\.rank)
    self.givenCountByRomaji = givenCounts.mapValues { $0.values.reduce(0, +) }
    self.surnameReadings = Set(surnames.values.flatMap(\.readings))
    self.givenReadingSet = Set(given.values.flatMap { $0 })
    self.givenReadingsByRomaji = givenCounts.mapValues { counts in
      counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
    }
  }

  /// The surname entry for `kanji`, if it is a known family name.
  func surname(_ kanji: String) -> Surname? { surnames[Self.kanjiKey(kanji)] }

  /// The readings of a given name, if it is a known one.
  func givenReadings(_ name: String) -> [String]? { givenNames[Self.kanjiKey(name)] }

  func isSurnameRomaji(_ word: String) -> Bool { surnameRomaji.contains(Self.romajiKey(word)) }

  /// 0…1: how common `word` is as a family name (1 for the commonest).
  func surnameLikeness(_ word: String) -> Double {
    guard let rank = surnameRankByRomaji[Self.romajiKey(word)] else { return 0 }
    return 1 / (1 + Double(rank) / 200)
  }

  /// 0…1: how many given names are read so.
  func givenLikeness(_ word: String) -> Double {
    min(1, Double(givenCountByRomaji[Self.romajiKey(word)] ?? 0) / 8)
  }
  func isGivenRomaji(_ word: String) -> Bool { givenRomaji.contains(Self.romajiKey(word)) }

  /// Variants that names use interchangeably, beyond `Normalization.variantKanji`
  /// (斉藤/斎藤/齋藤/齊藤 are one name for matching).
  static let extraVariants: [Character: Character] = [
    "斉": "斎", "邉": "辺", "邊": "辺", "濵": "浜", "桒": "桑", "舘": "館", "𠮷": "吉",
    "髙": "高", "﨑": "崎", "靍": "鶴", "鷆": "鶴", "渕": "淵", "冨": "富", "嶋": "島",
  ]

  /// Variant kanji folded (髙 → 高, 﨑 → 崎, 邊/邉 → 辺, 齋/齊/斉 → 斎), for lookups only.
  static func kanjiKey(_ s: String) -> String {
    String(
      s.map { c in
        let folded = Normalization.variantKanji[c] ?? c
        return extraVariants[folded] ?? folded
      })
  }

  /// The reading of the family name `kanji` whose romaji is `romaji`, if any.
  func surnameReading(_ kanji: String, romaji: String) -> String? {
    guard let entry = surname(kanji) else { return nil }
    let key = Self.romajiKey(romaji)
    return entry.readings.first { Self.romajiKey(Romaji.hepburn($0)) == key }
  }

  /// The reading of the given name `name` whose romaji is `romaji`, if any.
  func givenReading(_ name: String, romaji: String) -> String? {
    guard let readings = givenReadings(name) else { return nil }
    let key = Self.romajiKey(romaji)
    return readings.first { Self.romajiKey(Romaji.hepburn($0)) == key }
  }

  /// A spelling-insensitive key for romanised Japanese: lower case, letters
  /// only, long vowels shortened (Satou, Satoh, Satō → sato), m before b/p/m → n,
  /// Hepburn, kunrei and wapuro spellings folded (shi/si, chi/ti, tsu/tu, fu/hu,
  /// ji/zi/di, zu/du).
  static func romajiKey(_ s: String) -> String {
    // Letters only, lower case, diacritics dropped (ō → o). Byte arithmetic: this runs for
    // every romaji in the dictionaries when they load, and Foundation's string replacing made
    // that load a third of a one-card scan.
    let plain = s.unicodeScalars.allSatisfy(\.isASCII) ? s : s.decomposedStringWithCanonicalMapping
    var t: [UInt8] = []
    t.reserveCapacity(plain.utf8.count)
    for b in plain.utf8 {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"): t.append(b)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): t.append(b + 32)
      default: break
      }
    }
    for (from, to) in Self.romajiFolds { t = Self.replacing(from, with: to, in: t) }
    return String(decoding: t, as: UTF8.self)
  }

  /// Spelling variants folded to one key, applied in order, each left to right.
  private static let romajiFolds: [([UInt8], [UInt8])] = [
    ("sh", "sy"), ("ch", "ty"), ("ts", "t"), ("j", "zy"), ("fu", "hu"), ("dy", "zy"),
    ("di", "zi"), ("du", "zu"), ("yi", "i"), ("nn", "n"),
    ("ou", "o"), ("oo", "o"), ("oh", "o"), ("uu", "u"), ("mb", "nb"), ("mp", "np"), ("mm", "nm"),
  ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

  /// Every non-overlapping occurrence of `from`, scanning left to right, replaced by `to`.
  private static func replacing(_ from: [UInt8], with to: [UInt8], in t: [UInt8]) -> [UInt8] {
    guard !from.isEmpty, t.count >= from.count else { return t }
    var out: [UInt8] = []
    out.reserveCapacity(t.count + 4)
    var i = 0
    while i < t.count {
      if t[i] == from[0] && i + from.count <= t.count && t[i..<(i + from.count)].elementsEqual(from) {
        out.append(contentsOf: to)
        i += from.count
      } else {
        out.append(t[i])
        i += 1
      }
    }
    return out
  }
}
