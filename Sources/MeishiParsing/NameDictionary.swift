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
    self.surnames = surnames
    self.surnameRomaji = surnameRomaji
    self.givenNames = given
    self.givenRomaji = givenRomaji
  }

  /// The surname entry for `kanji`, if it is a known family name.
  func surname(_ kanji: String) -> Surname? { surnames[Self.kanjiKey(kanji)] }

  /// The readings of a given name, if it is a known one.
  func givenReadings(_ name: String) -> [String]? { givenNames[Self.kanjiKey(name)] }

  func isSurnameRomaji(_ word: String) -> Bool { surnameRomaji.contains(Self.romajiKey(word)) }
  func isGivenRomaji(_ word: String) -> Bool { givenRomaji.contains(Self.romajiKey(word)) }

  /// Variant kanji folded (髙 → 高), for lookups only.
  static func kanjiKey(_ s: String) -> String {
    String(s.map { Normalization.variantKanji[$0] ?? $0 })
  }

  /// A spelling-insensitive key for romanised Japanese: lower case, letters
  /// only, long vowels shortened (Satou, Satoh, Satō → sato), m before b/p/m → n.
  static func romajiKey(_ s: String) -> String {
    var t = s.lowercased().decomposedStringWithCanonicalMapping
    t = String(t.unicodeScalars.filter { $0.isASCII }.map(Character.init))
    t = String(t.filter { $0.isLetter })
    for (from, to) in [
      ("ou", "o"), ("oo", "o"), ("oh", "o"), ("uu", "u"), ("mb", "nb"), ("mp", "np"), ("mm", "nm"),
    ] {
      t = t.replacingOccurrences(of: from, with: to)
    }
    return t
  }
}
