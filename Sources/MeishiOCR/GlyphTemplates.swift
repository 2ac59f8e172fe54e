import Foundation
import MeishiImaging
import Synchronization

/// Pictures of characters the Japanese models cannot output, and of the common forms they
/// output instead, to tell the two apart by the printed glyph.
///
/// A picture is a glyph's ink cropped to its box and resampled to ``size`` × ``size`` cells,
/// then blurred, so that a stroke a cell off still mostly overlaps. The templates are drawn
/// from the fixture fonts by `scripts/gen-glyph-templates` (Generated/GlyphPictures.swift),
/// which computes them as ``cells(_:x1:y1:x2:y2:)`` and ``blur(_:)`` do here.
enum GlyphTemplates {
  static let size = 32

  /// The variant for each common form (崎 → 﨑, 邊 → 邉, 辺 → 邉).
  static let variantOf: [Character: Character] = Dictionary(
    variantPairs.map { ($0.common, $0.variant) }, uniquingKeysWith: { a, _ in a })

  /// Each character's pictures as drawn, one per font: ``size`` × ``size`` cells, ink or not.
  static func drawn(_ ch: Character) -> [[Bool]] {
    guard let text = encoded[ch] else { return modelKanjiIndex[ch].map(modelDrawn) ?? [] }
    return unpack([UInt8](Data(base64Encoded: text) ?? Data()))
  }

  /// Pictures packed one bit per cell, the fonts one after another, as cells.
  static func unpack(_ packed: [UInt8]) -> [[Bool]] {
    let perFont = size * size / 8
    return (0..<(packed.count / perFont)).map { f in
      (0..<(size * size)).map { i in packed[f * perFont + i / 8] & (0x80 >> UInt8(i % 8)) != 0 }
    }
  }

  /// The pictures of each character the model cannot output, one per font, blurred
  /// (``blur(_:)``): cells of 0–255. Those of the kanji it can output are ``modelPictures(_:)``.
  static let pictures: [Character: [[UInt8]]] = Dictionary(
    uniqueKeysWithValues: encoded.keys.map { ch in (ch, drawn(ch).map(blur)) })

  /// The same pictures at an eighth of the cells (4 × 4 cells averaged): their mean difference
  /// is never more than the full pictures', so a character whose coarse pictures are all too
  /// far need not be compared cell by cell.
  static let coarsePictures: [Character: [[UInt8]]] = pictures.mapValues { $0.map(coarse) }

  /// For each rare kanji, its rivals (``rareKanji``).
  static let rivalsOf: [Character: [Character]] = Dictionary(
    rareKanji.map { ($0.kanji, Array($0.rivals)) }, uniquingKeysWith: { a, _ in a })

  /// A printed glyph's cells (``cells(_:x1:y1:x2:y2:)``), and the same blurred, made once for
  /// all the comparisons.
  struct Glyph {
    let bits: [Bool]
    let blurred: [UInt8]

    init(_ bits: [Bool]) {
      self.bits = bits
      blurred = GlyphTemplates.blur(bits)
    }
  }

  /// The glyph in a box of a grey image (dark ink on a light ground): its ink's own box,
  /// resampled to ``size`` × ``size`` cells (each the mean of 3 × 3 bilinear samples) and
  /// thresholded half way between the box's darkest and lightest pixel. Nil when the box
  /// holds no ink, too little contrast, or fewer than 8 pixels of ink across and down.
  static func cells(_ r: RasterImage, x1: Int, y1: Int, x2: Int, y2: Int) -> [Bool]? {
    let x1 = max(0, x1), y1 = max(0, y1), x2 = min(r.width, x2), y2 = min(r.height, y2)
    guard r.channels == 1, x2 - x1 >= 8, y2 - y1 >= 8,
      let threshold = CardReader.inkThreshold(r, x1: x1, x2: x2, y1: y1, y2: y2)
    else { return nil }
    var inkX0 = Int.max, inkX1 = -1, inkY0 = Int.max, inkY1 = -1
    for y in y1..<y2 {
      for x in x1..<x2 where Int(r.pixels[y * r.width + x]) < threshold {
        inkX0 = min(inkX0, x)
        inkX1 = max(inkX1, x)
        inkY0 = min(inkY0, y)
        inkY1 = max(inkY1, y)
      }
    }
    guard inkX1 - inkX0 + 1 >= 8, inkY1 - inkY0 + 1 >= 8 else { return nil }
    let w = Double(inkX1 + 1 - inkX0), h = Double(inkY1 + 1 - inkY0)
    func sample(_ fx: Double, _ fy: Double) -> Double {
      let fx = min(max(fx, 0), Double(r.width - 1)), fy = min(max(fy, 0), Double(r.height - 1))
      let ix = Int(fx), iy = Int(fy)
      let ix1 = min(ix + 1, r.width - 1), iy1 = min(iy + 1, r.height - 1)
      let dx = fx - Double(ix), dy = fy - Double(iy)
      func p(_ x: Int, _ y: Int) -> Double { Double(r.pixels[y * r.width + x]) }
      return (p(ix, iy) * (1 - dx) + p(ix1, iy) * dx) * (1 - dy) + (p(ix, iy1) * (1 - dx) + p(ix1, iy1) * dx) * dy
    }
    var out = [Bool](repeating: false, count: size * size)
    for cy in 0..<size {
      for cx in 0..<size {
        var total = 0.0
        for sy in 0..<3 {
          for sx in 0..<3 {
            let fy = Double(inkY0) + (Double(cy) + (Double(sy) + 0.5) / 3) * h / Double(size) - 0.5
            let fx = Double(inkX0) + (Double(cx) + (Double(sx) + 0.5) / 3) * w / Double(size) - 0.5
            total += sample(fx, fy)
          }
        }
        out[cy * size + cx] = total / 9 < Double(threshold)
      }
    }
    return out
  }

  /// A binomial 1-4-6-4-1 blur across and then down, the edges clamped; cells of 0–255.
  static func blur(_ bits: [Bool]) -> [UInt8] {
    let n = size
    let k: [Int] = [1, 4, 6, 4, 1]
    var across = [Int](repeating: 0, count: n * n)
    for y in 0..<n {
      for x in 0..<n {
        var s = 0
        for i in 0..<5 where bits[y * n + min(max(x + i - 2, 0), n - 1)] { s += k[i] }
        across[y * n + x] = s
      }
    }
    var out = [UInt8](repeating: 0, count: n * n)
    for y in 0..<n {
      for x in 0..<n {
        var s = 0
        for i in 0..<5 { s += k[i] * across[min(max(y + i - 2, 0), n - 1) * n + x] }
        out[y * n + x] = UInt8((s * 255 + 128) / 256)
      }
    }
    return out
  }

  /// 4 × 4 cells averaged into one.
  static func coarse(_ cells: [UInt8]) -> [UInt8] {
    let n = size / 4
    return (0..<(n * n)).map { i in
      let (cy, cx) = (i / n, i % n)
      var s = 0
      for y in (cy * 4)..<(cy * 4 + 4) {
        for x in (cx * 4)..<(cx * 4 + 4) { s += Int(cells[y * size + x]) }
      }
      return UInt8(s / 16)
    }
  }

  /// The mean cell difference (0–1) between two pictures of the same size.
  static func difference(_ a: [UInt8], _ b: [UInt8]) -> Float {
    var s = 0
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        for i in 0..<min(a.count, b.count) { s += abs(Int(a[i]) - Int(b[i])) }
      }
    }
    return Float(s) / Float(255 * max(1, a.count))
  }

  /// The mean cell difference between a blurred glyph and the nearest of a character's pictures.
  static func distance(_ glyph: [UInt8], to ch: Character) -> Float? {
    let all = pictures[ch] ?? modelKanjiIndex[ch].map(modelPictures)
    return all?.map { difference($0, glyph) }.min()
  }

  /// The variant a glyph read as `common` is printed in, if it is one: nearer the variant's
  /// pictures than the common form's by a tenth, and near enough (under 0.14) to be that
  /// character at all. Calibrated on glyphs drawn in seven fonts the pictures do not come from
  /// (BIZ UD Gothic regular and bold, BIZ UD Mincho, VL Gothic, Ume Mincho and Gothic, Klee One;
  /// `scripts/gen-glyph-templates --heldout`): all 322 common forms kept, 195 of the 322
  /// variants found.
  static func variant(of common: Character, glyph sample: Glyph) -> Character? {
    guard let variant = variantOf[common] else { return nil }
    let glyph = sample.blurred
    guard let dc = distance(glyph, to: common), let dv = distance(glyph, to: variant) else { return nil }
    return dv < 0.14 && dv < dc * 0.9 ? variant : nil
  }

  /// The rare kanji (``rareKanji``) a glyph read as `read` is, if it is one: near one rare
  /// kanji's pictures (under 0.12), and nearer them by a tenth than those of its rivals and of
  /// the character read. On the same seven fonts: 943 of 1,862 rare kanji found; of 600 kanji
  /// the model can output, one (終, in the handwriting face Klee One) taken for a rare one (柊)
  /// in 4,200 glyphs.
  static func rareKanji(read: Character, glyph sample: Glyph) -> Character? {
    let glyph = sample.blurred
    let coarseGlyph = coarse(glyph)
    let limit = kanjiLimit
    var best: (kanji: Character, distance: Float)?
    for (kanji, rivals) in rivalsOf {
      guard let coarse = coarsePictures[kanji], coarse.contains(where: { difference($0, coarseGlyph) < limit }),
        let d = distance(glyph, to: kanji), d < min(limit, best?.distance ?? limit)
      else { continue }
      let nearestRival = (rivals + [read]).compactMap { distance(glyph, to: $0) }.min() ?? .infinity
      if d < nearestRival * rivalMargin { best = (kanji, d) }
    }
    return best?.kanji
  }
}

// A second opinion on a kanji Tesseract read with doubt, from pictures of every kanji the
// model can output (Generated/KanjiPictures*.swift).
extension GlyphTemplates {
  /// Each kanji the model can output, and the generated row of its pictures (base64 of the
  /// bits, packed, the fonts one after another), decoded when needed: the rows stay in the
  /// program's text.
  static let modelKanji: [(kanji: Character, row: Substring.UTF8View)] = kanjiPictureParts.flatMap { part in
    part.utf8.split(separator: UInt8(ascii: "\n")).compactMap { row -> (Character, Substring.UTF8View)? in
      // The kanji (three bytes of UTF-8), then base64.
      guard row.count > 3, let kanji = String(decoding: row.prefix(3), as: UTF8.self).first else { return nil }
      return (kanji, row.dropFirst(3))
    }
  }

  /// A ``modelKanji`` row's pictures, packed.
  static func modelPacked(_ index: Int) -> [UInt8] {
    [UInt8](Data(base64Encoded: Data(modelKanji[index].row)) ?? Data())
  }

  /// Where each of ``modelKanji`` is.
  static let modelKanjiIndex: [Character: Int] = Dictionary(
    modelKanji.enumerated().map { ($0.element.kanji, $0.offset) }, uniquingKeysWith: { a, _ in a })

  /// The ink counts (``inkCounts(_:)``) of all ``modelKanji``'s pictures, 64 per font, the
  /// fonts of a kanji one after another and the kanji in order: to find the few kanji worth
  /// comparing cell by cell.
  static let modelKanjiCounts: [UInt8] = {
    var out: [UInt8] = []
    out.reserveCapacity(modelKanji.count * fontCount * 64)
    for k in modelKanji.indices { out += packedInkCounts(modelPacked(k)) }
    return out
  }()

  /// The ink cells in each 4 × 4 block of a picture, 8 × 8 of them, row by row.
  static func inkCounts(_ bits: [Bool]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 64)
    for i in bits.indices where bits[i] { out[(i / size / 4) * 8 + (i % size) / 4] += 1 }
    return out
  }

  /// ``inkCounts(_:)`` of each picture in packed bits (a row of 32 cells is 4 bytes; a block's
  /// row, half a byte).
  static func packedInkCounts(_ packed: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: packed.count / 2)
    for (i, byte) in packed.enumerated() {
      let picture = i / 128, row = (i % 128) / 4, column = i % 4
      let block = picture * 64 + (row / 4) * 8 + column * 2
      out[block] += UInt8((byte >> 4).nonzeroBitCount)
      out[block + 1] += UInt8((byte & 0x0F).nonzeroBitCount)
    }
    return out
  }

  /// One of ``modelKanji``'s pictures, per font, as drawn.
  static func modelDrawn(_ index: Int) -> [[Bool]] { unpack(modelPacked(index)) }

  /// One of ``modelKanji``'s pictures, per font, blurred; the first 128 made are kept (the
  /// common forms and rivals come up again and again), 1 MB at most.
  static func modelPictures(_ index: Int) -> [[UInt8]] {
    if let made = blurredModelPictures.withLock({ $0[index] }) { return made }
    let made = modelDrawn(index).map(blur)
    blurredModelPictures.withLock { if $0.count < 128 { $0[index] = made } }
    return made
  }

  private static let blurredModelPictures = Mutex<[Int: [[UInt8]]]>([:])

  /// The kanji a glyph that Tesseract read as `read`, with doubt, is, when the pictures say
  /// so clearly: of the kanji the model can output, the one whose pictures are nearest the
  /// glyph, when that is not `read`, is near (under 0.12), is nearer than `read`'s pictures by
  /// 30 %, and nearer than the next kanji by a tenth (士 with 土 and 上 about as near is left
  /// alone). Only the eight kanji whose ink counts are nearest are compared cell by cell.
  ///
  /// On 600 kanji drawn in seven fonts the pictures do not come from and read right
  /// (`scripts/gen-glyph-templates --heldout`), 8 of 4,200 glyphs got another kanji
  /// (杭 → 抗, 日 → 曰, 犬 → 人, 士 → 土, 申 → 中, 古 → 占, 喘 → 端, 梱 → 枢); the reader asks
  /// only about kanji Tesseract doubted, which keeps such slips rarer still.
  static func secondOpinion(read: Character, glyph sample: Glyph) -> Character? {
    guard let readIndex = modelKanjiIndex[read] else { return nil }
    let readDistance = modelDistance(sample.blurred, readIndex)
    guard let best = clearlyNearest(rankedByPictures(sample).filter { $0.index != readIndex }),
      best.distance < readDistance * 0.7
    else { return nil }
    return modelKanji[best.index].kanji
  }

  /// The kanji the model can output whose pictures are nearest a glyph, when the pictures say
  /// so clearly: near (under 0.12) and nearer than the next kanji by a tenth; the rule of
  /// ``secondOpinion(read:glyph:)`` for a glyph Tesseract read as no kanji at all (as Latin
  /// letters, ``CardReader/kanjiReadAsLetters(_:_:)``). On the seven fonts of
  /// `scripts/gen-glyph-templates --heldout`, of 600 kanji (4,200 glyphs) at 32 px: 2,427 found,
  /// 21 taken for another; of 270 Latin letters, digits and common pairs of letters about as
  /// wide as a kanji is high, drawn in those fonts and in the fonts the pictures come from, two:
  /// T as 丁 (IPAex Gothic) and UI as 曰 (Ume Mincho).
  static func nearestKanji(_ sample: Glyph) -> Character? {
    clearlyNearest(rankedByPictures(sample)).map { modelKanji[$0.index].kanji }
  }

  /// The first of kanji ranked by distance when it is near (under ``kanjiLimit``) and nearer
  /// than the next by ``rivalMargin``.
  static func clearlyNearest(_ ranked: [(index: Int, distance: Float)]) -> (index: Int, distance: Float)? {
    guard let best = ranked.first, best.distance < kanjiLimit,
      ranked.count < 2 || best.distance < ranked[1].distance * rivalMargin
    else { return nil }
    return best
  }

  /// How near a kanji's pictures a glyph must be (mean cell difference) to be that kanji, for
  /// ``rareKanji(read:glyph:)``, ``secondOpinion(read:glyph:)`` and ``nearestKanji(_:)``.
  static let kanjiLimit: Float = 0.12
  /// How much nearer than its nearest rival, as a factor of the rival's distance.
  static let rivalMargin: Float = 0.9

  /// The eight kanji of ``nearestByInk(_:)``, each with the distance of its nearest picture to
  /// the glyph, nearest first.
  static func rankedByPictures(_ sample: Glyph) -> [(index: Int, distance: Float)] {
    nearestByInk(sample).map { ($0, modelDistance(sample.blurred, $0)) }.sorted { $0.1 < $1.1 }
  }

  /// The distance of a blurred glyph to the nearest picture of one of ``modelKanji``.
  static func modelDistance(_ glyph: [UInt8], _ index: Int) -> Float {
    modelPictures(index).map { difference($0, glyph) }.min() ?? 1
  }

  /// The indices (in ``modelKanji``) of the eight kanji whose ink counts, 4 × 4 cells at a
  /// time, are nearest a glyph's, in any font: the few worth comparing cell by cell.
  static func nearestByInk(_ sample: Glyph) -> [Int] {
    let counts = inkCounts(sample.bits)
    var nearest: [(index: Int, distance: Int)] = []
    let perKanji = fontCount * 64
    modelKanjiCounts.withUnsafeBufferPointer { all in
      counts.withUnsafeBufferPointer { c in
        for k in 0..<(all.count / perKanji) {
          // No further than the eighth nearest so far, or it is no use: given up past that.
          var best = nearest.count < 8 ? Int.max : nearest[nearest.count - 1].distance
          for f in 0..<fontCount {
            let base = k * perKanji + f * 64
            var s = 0
            var i = 0
            while i < 64 && s < best {
              for j in i..<(i + 16) { s += abs(Int(all[base + j]) - Int(c[j])) }
              i += 16
            }
            best = min(best, s)
          }
          if nearest.count < 8 || best < nearest[nearest.count - 1].distance {
            nearest.append((k, best))
            nearest.sort { $0.distance < $1.distance }
            if nearest.count > 8 { nearest.removeLast() }
          }
        }
      }
    }
    return nearest.map(\.index)
  }

  /// The enclosed legal form (㈱, ㈲) a glyph is, parentheses and all, when the pictures say so
  /// clearly: near one form's pictures (under ``enclosedLimit``), and nearer them than
  /// ``enclosedMargin`` times the nearest of its rivals: the other form, 株, 有, `read` (what
  /// Tesseract took it for) and the model's kanji nearest the glyph (``nearestByInk(_:)``).
  /// Tesseract reading the character between the parentheses on its own gets a blurred photo's
  /// 株 wrong ("練", "再"), where its whole glyph is still nearer ㈱ than any kanji.
  ///
  /// Calibrated with `scripts/gen-glyph-templates --heldout` on ㈱ and ㈲ drawn in seven fonts
  /// the pictures do not come from (BIZ UD Gothic regular and bold, BIZ UD Mincho, VL Gothic,
  /// Ume Mincho and Gothic, Klee One) at 20, 28 and 40 px, sharp and blurred by σ 1 px: 59 of
  /// 84 found; of the kanji the model can output, drawn in the same fonts (16,659 glyphs),
  /// none taken for either form (the nearest, 昧 and 味 in BIZ UD Gothic, 0.20–0.22 from ㈱,
  /// are nearer their own pictures). Traced on the held-out photo renders (seeds 1000–8000),
  /// the forms' glyphs measured 0.07–0.22 from ㈱, and the other characters framed by ink down
  /// both sides 0.22 and more, nearly all over 0.3.
  static func enclosedForm(glyph sample: Glyph, read: [Character]) -> Character? {
    let glyph = sample.blurred
    guard let (form, d, other) = nearestForm(glyph), d < enclosedLimit else { return nil }
    let rivals =
      (read + ["株", "有"]).compactMap { distance(glyph, to: $0) }
      + nearestByInk(sample).map { k in modelPictures(k).map { difference($0, glyph) }.min() ?? 1 }
    return d < enclosedMargin * min(other, rivals.min() ?? 1) ? form : nil
  }

  /// The enclosed form whose pictures are nearest a blurred glyph, its distance, and the other
  /// form's.
  static func nearestForm(_ glyph: [UInt8]) -> (form: Character, distance: Float, other: Float)? {
    guard let dk = distance(glyph, to: "㈱"), let dy = distance(glyph, to: "㈲") else { return nil }
    return dk <= dy ? ("㈱", dk, dy) : ("㈲", dy, dk)
  }

  /// How near a form's pictures a glyph must be (mean cell difference) to be that form.
  static let enclosedLimit: Float = 0.24
  /// How much nearer than its nearest rival (as a factor of that rival's distance).
  static let enclosedMargin: Float = 0.85
}
