import CTesseract
import Foundation
import MeishiCore
import MeishiImaging

// E-mail lines: read again on their own, and the reading most like an address kept.
extension CardReader {
  func rereadEmailLines(_ c: inout Candidate, textScale: Double, glyphHeight: Double?) {
    var n = 0
    while n < c.lines.count {
      defer { n += 1 }
      var line = c.lines[n]
      guard EmailText.isEmailLine(line.text) else { continue }
      // Certain misreadings ("example.cojp", "EXAMPLE.JP") are mended without reading again.
      line.text = EmailText.repaired(line.text)
      c.lines[n].text = line.text
      let quality = EmailText.quality(line.text)
      guard quality < 3 || line.confidence < 0.75 || EmailText.mayHoldGluedLabel(line.text) else {
        c.lines[n].text = EmailText.repaired(line.text)
        continue
      }
      // Tesseract sometimes cuts an address into pieces on the same row: read them as one.
      let row = Self.sameRow(as: n, in: c.lines)
      var span = line
      for k in row {
        let o = c.lines[k]
        span.x1 = min(span.x1, o.x1)
        span.y1 = min(span.y1, o.y1)
        span.x2 = max(span.x2, o.x2)
        span.y2 = max(span.y2, o.y2)
      }
      // An address cut short ("harada@k", "E-Mail: h.i"): its rest is further along the row.
      if quality <= 1 { span = Self.extendAlongRow(span, in: c.image) }
      var best = line
      var webAddress: TesseractEngine.RawLine?
      var bestQuality = row.isEmpty ? quality : 0
      var bestConfidence = row.isEmpty ? line.confidence : 0
      // An address cut short whose rest was read as a line of its own just after it on the row
      // ("E-Mail: s.nakayama@northw" | "ind.example.co.jp"): the two readings side by side,
      // when they make a clean address, are the reading to beat (reading the row again can
      // fail where the two pieces did not, on a slanting or curved row).
      let joined = quality <= 1 ? Self.restOfAddress(after: n, among: row, in: c.lines) : nil
      var joinWins = joined != nil
      if let joined {
        bestQuality = 3
        bestConfidence = joined.whole.confidence
        best = joined.whole
        trace?("    email joined: \(best.text) (was \(line.text) | \(c.lines[joined.piece].text))")
      }
      // The card's own scale (when it was enlarged), then type of about 22 px.
      let enlarge = min(2.5, max(1.0, 22 / (glyphHeight ?? 22)))
      var scales = abs(textScale - 1) > 0.1 ? [1 / textScale] : []
      scales.append(abs(enlarge - 1) > 0.1 ? enlarge : 1.0)
      reading: for s in scales {
        guard let crop = lineCrop(span, in: c.image, scale: s) else { continue }
        for english in [false, true] {
          // A clean, confident address needs no further reading.
          if bestQuality == 3 && bestConfidence >= 0.75 && !EmailText.mayHoldGluedLabel(best.text) {
            break reading
          }
          let lines =
            english
            ? ((try? shared("eng", { $0.recognize(crop, pageSegMode: PSM_SINGLE_LINE) ?? [] })) ?? [])
            : recognize(crop, main, PSM_SINGLE_LINE)
          guard var read = lines.max(by: { $0.text.count < $1.text.count }) else { continue }
          read.text = EmailText.repaired(read.text)
          let q = EmailText.quality(read.text)
          // A web address whose "e" the first reading took for "@" ("aoi.@xample.com"):
          // read surer without it, it is no e-mail line.
          if quality == 2, q == 0, row.isEmpty, read.confidence >= line.confidence + 0.1,
            EmailText.isHostWithAtForLetter(read.text, asRead: line.text)
          {
            trace?("    email line is a web address: \(read.text) c\(f2(read.confidence))")
            webAddress = TesseractEngine.RawLine(
              text: read.text, x1: line.x1, y1: line.y1, x2: line.x2, y2: line.y2,
              confidence: read.confidence)
            break reading
          }
          trace?("    email \(english ? "eng" : "main") ×\(f2(s)): \(read.text) q\(q) c\(f2(read.confidence)) (was \(line.text) q\(quality) c\(f2(line.confidence)))")
          // Surer, and no mark lost; or the same address with a mark the best reading lost
          // ("E r.matsuzaki@…" over "Ermatsuzaki@…").
          if q > bestQuality
            || (q == bestQuality
              && ((read.confidence > bestConfidence + 0.05 && !EmailText.losesMarks(read.text, from: best.text))
                || EmailText.losesMarks(best.text, from: read.text)))
          {
            bestQuality = q
            bestConfidence = read.confidence
            joinWins = false
            best = TesseractEngine.RawLine(
              text: read.text, x1: span.x1, y1: span.y1, x2: span.x2, y2: span.y2,
              confidence: read.confidence)
          }
        }
      }
      if let webAddress {
        c.lines[n] = webAddress
        continue
      }
      best.text = EmailText.repaired(best.text)
      if row.isEmpty || bestQuality > quality {
        c.lines[n] = best
        // The pieces the reading covers go: the rest of the address only, when the two
        // readings side by side won; the whole row, when it was read again.
        let covered = joinWins ? joined.map { [$0.piece] } ?? row : row
        for k in covered.sorted(by: >) {
          c.lines.remove(at: k)
          if k < n { n -= 1 }
        }
      }
    }
  }

  /// A line's box widened to the ink on its row, left and right, up to a gap of three line
  /// heights.
  static func extendAlongRow(_ line: TesseractEngine.RawLine, in image: PixImage)
    -> TesseractEngine.RawLine
  {
    let h = max(4, line.y2 - line.y1)
    guard let band = image.cropped(x: 0, y: line.y1, width: image.width, height: h),
      let r = band.raster(), r.channels == 1
    else { return line }
    let (otsu, _, _) = ImageOps.otsu(r.pixels)
    var ink = [Bool](repeating: false, count: r.width)
    for y in 0..<r.height {
      for x in 0..<r.width where Int(r.pixels[y * r.width + x]) <= otsu { ink[x] = true }
    }
    var out = line
    var gap = 0
    var x = line.x2
    while x < r.width && gap < 3 * h {
      if ink[x] {
        out.x2 = x + 1
        gap = 0
      } else {
        gap += 1
      }
      x += 1
    }
    gap = 0
    x = line.x1 - 1
    while x >= 0 && gap < 3 * h {
      if ink[x] {
        out.x1 = x
        gap = 0
      } else {
        gap += 1
      }
      x -= 1
    }
    return out
  }

  /// The line among `row` that carries on line `n`'s cut address, and the two as one line: the
  /// nearest piece starting less than the line's height after its end (or overlapping it by
  /// up to half of that), one word with a dot in it, no `@` and nothing of a web address
  /// (`www.`, `http`, `/`, `:`), after a line that ends in the word with the `@`, which read
  /// straight on make a clean address (``EmailText/quality(_:)`` 3).
  static func restOfAddress(after n: Int, among row: [Int], in lines: [TesseractEngine.RawLine])
    -> (piece: Int, whole: TesseractEngine.RawLine)?
  {
    let l = lines[n]
    let h = l.y2 - l.y1
    let after = row.filter { lines[$0].x1 >= l.x2 - h / 2 && lines[$0].x1 - l.x2 < h }
    guard let k = after.min(by: { lines[$0].x1 < lines[$1].x1 }) else { return nil }
    let start = l.text.trimmingCharacters(in: .whitespaces)
    let rest = lines[k].text.trimmingCharacters(in: .whitespaces)
    let lower = rest.lowercased()
    guard start.split(separator: " ").last?.contains("@") == true,
      !rest.contains(" "), !rest.contains("@"), rest.contains("."),
      !lower.hasPrefix("www."), !lower.hasPrefix("http"), !rest.contains("/"), !rest.contains(":")
    else { return nil }
    let text = EmailText.repaired(start + rest)
    guard EmailText.quality(text) == 3 else { return nil }
    let o = lines[k]
    return (
      k,
      TesseractEngine.RawLine(
        text: text, x1: min(l.x1, o.x1), y1: min(l.y1, o.y1), x2: max(l.x2, o.x2), y2: max(l.y2, o.y2),
        confidence: min(l.confidence, o.confidence))
    )
  }

  /// The other lines on the same row as line `n` and near it (overlapping it vertically by half
  /// the lower line's height, with gaps under four line heights): pieces of one cut line.
  static func sameRow(as n: Int, in lines: [TesseractEngine.RawLine]) -> [Int] {
    let l = lines[n]
    let h = l.y2 - l.y1
    var left = l.x1
    var right = l.x2
    var picked: [Int] = []
    var added = true
    while added {
      added = false
      for (k, o) in lines.enumerated() where k != n && !picked.contains(k) {
        let overlap = min(l.y2, o.y2) - max(l.y1, o.y1)
        guard overlap * 2 >= min(h, o.y2 - o.y1), o.x2 - o.x1 >= o.y2 - o.y1 || o.text.count <= 2
        else { continue }
        let gap = o.x1 >= right ? o.x1 - right : left - o.x2
        guard gap < 4 * max(h, 8) else { continue }
        picked.append(k)
        left = min(left, o.x1)
        right = max(right, o.x2)
        added = true
      }
    }
    return picked
  }
}
