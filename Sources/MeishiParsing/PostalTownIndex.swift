/// The town (町域) each postal code names, from the generated table (Japan Post data, see
/// `Generated/PostalTowns*.swift`): "1000005" → 丸の内.
///
/// A postal code is read far more surely than a town's kanji (digits against a rare kanji the
/// OCR model may not even know: 糀, 桧, 簾), and it names the town: the address rule uses it
/// to repair the town as read (``Gazetteer/mendTown(_:postal:municipality:after:)``).
struct PostalTowns: Sendable {
  /// The table's parts (literals in the binary: never copied), the codes in them, ascending,
  /// and where each code's town is: its part (2 bits), its start in the part's UTF-8 (22 bits)
  /// and its length in bytes (8 bits). 119,000 towns as Strings would hold a few megabytes
  /// more in every scan.
  private let parts: [String]
  private let codes: [Int32]
  private let spans: [UInt32]
  /// Where each municipality's codes are ("prefecture\tmunicipality" → ranges of `codes`).
  private let places: [String: [Range<Int>]]

  static let shared = PostalTowns()

  /// Reads the parts in order, as one table: rows "=prefecture\tmunicipality" and "#NNN"
  /// start a municipality's codes and the codes beginning NNN; other rows are the code's last
  /// four digits and the town.
  init(parts: [String] = NameTables.postalTownsParts) {
    var codes: [Int32] = []
    var spans: [UInt32] = []
    codes.reserveCapacity(120_000)
    spans.reserveCapacity(120_000)
    var places: [String: [Range<Int>]] = [:]
    var kept: [String] = []
    var prefix: Int32 = 0
    var place = ""
    var placeStart = 0
    func closePlace() {
      if !place.isEmpty, codes.count > placeStart { places[place, default: []].append(placeStart..<codes.count) }
    }
    for (n, part) in parts.prefix(4).enumerated() {
      var part = part
      part.withUTF8 { bytes in
        var i = 0
        while i < bytes.count {
          var end = i
          while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
          defer { i = end + 1 }
          guard end > i else { continue }
          if bytes[i] == UInt8(ascii: "#") {
            prefix = Self.number(bytes, from: i + 1, to: end)
            continue
          }
          if bytes[i] == UInt8(ascii: "=") {
            closePlace()
            place = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
            placeStart = codes.count
            continue
          }
          var tab = i
          while tab < end, bytes[tab] != UInt8(ascii: "\t") { tab += 1 }
          guard tab > i, tab < end, end - tab - 1 <= 0xFF, tab + 1 < 1 << 22 else { continue }
          codes.append(prefix * 10_000 + Self.number(bytes, from: i, to: tab))
          spans.append(UInt32(n) << 30 | UInt32(tab + 1) << 8 | UInt32(end - tab - 1))
        }
      }
      kept.append(part)
    }
    closePlace()
    self.parts = kept
    self.codes = codes
    self.spans = spans
    self.places = places
  }

  /// The town of the `k`th code.
  private func town(at k: Int) -> String {
    let part = parts[Int(spans[k] >> 30)]
    let start = Int((spans[k] >> 8) & 0x3F_FFFF)
    let end = start + Int(spans[k] & 0xFF)
    return part.utf8.withContiguousStorageIfAvailable { String(decoding: $0[start..<end], as: UTF8.self) }
      ?? String(decoding: Array(part.utf8)[start..<end], as: UTF8.self)
  }

  /// The towns of a municipality, as the gazetteer names it ("札幌市北区"), each once.
  func towns(prefecture: String, municipality: String) -> [String] {
    var seen: Set<String> = []
    return (places[prefecture + "\t" + municipality] ?? []).flatMap { $0.map(town(at:)) }
      .filter { seen.insert($0).inserted }
  }

  private static func number(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int32 {
    var n: Int32 = 0
    for k in from..<to where (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[k]) {
      n = n * 10 + Int32(bytes[k] - UInt8(ascii: "0"))
    }
    return n
  }

  /// The town of a postal code ("100-0005" or "1000005"), or nil when the code names none.
  func town(for postal: String) -> String? {
    let digits = postal.filter(\.isASCII).compactMap(\.wholeNumberValue)
    guard digits.count == 7 else { return nil }
    let code = Int32(digits.reduce(0) { $0 * 10 + $1 })
    var lo = 0
    var hi = codes.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if codes[mid] < code { lo = mid + 1 } else { hi = mid }
    }
    return lo < codes.count && codes[lo] == code ? town(at: lo) : nil
  }
}

extension Gazetteer {
  /// Kana and kanji that the same town is printed with either way (霞が関, 霞ケ関, 霞ヶ関;
  /// 丸の内, 丸ノ内), and variant kanji: not misreadings, so never "repaired".
  static func townKey(_ s: [Character]) -> [Character] {
    Array(NameDictionary.kanjiKey(String(s))).map { c in
      switch c {
      case "ヶ", "ケ", "ヵ", "が", "ガ": return "ケ"
      case "の", "ノ", "之": return "ノ"
      default: return c
      }
    }
  }

  /// The address with the town after its municipality repaired to the one its postal code
  /// names, where OCR misread it: "千島町26-5" with 652-0871 (千鳥町), "西入谷1丁目" (西糀谷),
  /// "人雀居3-4-16" (雀居), "鳥W町" (鳥山町: a kanji read as a Latin letter). Without a postal
  /// code that names a town, the municipality's towns are the candidates, and exactly one
  /// must be nearest. `after` is where the municipality
  /// ends (``Match/end``), and only the text right after it is looked at (after 大字 or 字):
  /// the town as read must end where the block number begins (a digit, a kanji numeral, 丁,
  /// 番, a space or the end), and be one character off the town (two for a town of five or
  /// more). The town as printed is kept when it is the same but for kana and variant kanji
  /// (霞が関 for 霞ケ関), or when it is a town of the municipality. The town a postal code names
  /// may be two characters off from three characters on ("富舞坂" with 036-8263, 常盤坂), and
  /// one of a single character only takes a stray mark away ("を南" with 152-0013, 南): both
  /// `doubtful`, for review. Nothing is repaired in an address given by its streets (通, 上る,
  /// 下る, 入る: Kyoto's 河原町三条下る大黒町, where the street is no misread town), nor when the
  /// town is printed further on.
  /// Nil when nothing is repaired.
  func mendTown(_ address: String, postal: String?, municipality m: Municipality, after end: Int)
    -> (text: String, doubtful: Bool)?
  {
    let index = PostalTowns.shared
    let byCode = postal.flatMap { agrees(postal: $0, with: m) ? index.town(for: $0) : nil }
    let all = index.towns(prefecture: m.prefecture, municipality: m.name)
    // A one-character town (目黒区南) only when the postal code names it.
    let candidates = byCode.map { [$0] } ?? all.filter { $0.count >= 2 }
    guard !candidates.isEmpty else { return nil }
    let chars = Array(address)
    let positions = chars.indices.filter { !chars[$0].isWhitespace }
    let compact = positions.map { chars[$0] }
    var start = end
    if compact[min(start, compact.count)...].starts(with: ["大", "字"]) {
      start += 2
    } else if compact[min(start, compact.count)...].starts(with: ["字"]) {
      start += 1
    }
    guard start < compact.count else { return nil }
    let rest = Array(compact[start...])
    let restText = String(rest)
    if ["通", "上る", "下る", "入る", "上ル", "下ル", "入ル"].contains(where: { restText.contains($0) }) { return nil }
    // Where a town may end: before the block number, or at a printed space.
    func boundary(_ k: Int) -> Bool {
      guard start + k < compact.count else { return true }
      let c = compact[start + k]
      if positions[start + k] - positions[start + k - 1] > 1 { return true }
      return c.isDigit || c.isKanjiNumeral || c == "丁" || c == "番"
    }
    // A town of the municipality as printed stays, whatever the postal code says.
    for town in all where town.count <= rest.count && boundary(town.count) {
      if Self.townKey(Array(rest.prefix(town.count))) == Self.townKey(Array(town)) { return nil }
    }
    var best: (town: String, length: Int, distance: Int)?
    var tied = false
    for town in candidates {
      let want = Self.townKey(Array(town))
      // The one town a postal code names may be two characters off from three on.
      let allowed = town.count >= 5 || (byCode != nil && town.count >= 3) ? 2 : 1
      for length in max(1, want.count - 1)...(want.count + 1) where length <= rest.count && boundary(length) {
        let read = Array(rest.prefix(length))
        guard !read.contains(where: { $0.isASCII && !$0.isLetter }) else { continue }
        // A one-character town only with a stray mark before it ("を南"), not replaced.
        if want.count == 1, read.last != want[0] { continue }
        let d = Text.editDistance(Self.townKey(read), want)
        if d == 0 { return nil }
        guard d <= allowed else { continue }
        if let b = best, b.distance == d {
          if b.town != town || b.length != length { tied = true }
        } else if best.map({ d < $0.distance }) ?? true {
          best = (town, length, d)
          tied = false
        }
      }
    }
    guard let best, !tied else { return nil }
    // The town printed after what was read: what was read is something else.
    if String(rest.dropFirst(best.length)).contains(best.town) { return nil }
    let from = positions[start]
    let to = start + best.length < positions.count ? positions[start + best.length] : chars.count
    let doubtful = best.town.count < 5 && (best.distance >= 2 || best.town.count == 1)
    return (String(chars[..<from]) + best.town + String(chars[to...]), doubtful)
  }
}
