import MeishiCore

/// The working state of one parse: the lines, what was found so far, and the
/// evidence later rules use (e-mail local parts, domains, layout).
struct ParseState: Sendable {
  var lines: [CardLine]
  var contact = ContactFields()
  var confidence: [String: Double] = [:]
  var extras: [String: String] = [:]

  /// Whether the line boxes carry real size information (not all the same height).
  let hasGeometry: Bool
  /// The median glyph size of the non-junk lines.
  let medianSize: Double

  /// Local parts of the e-mail addresses found, lower case.
  var emailLocalParts: [String] = []
  /// Organisation labels from e-mail and web domains ("contoso", "sakura-tech").
  var domainLabels: [String] = []
  /// The line the Japanese name came from.
  var nameLine: Int?
  /// Phone numbers (E.164) whose first digit was guessed: no evidence for another number.
  var guessedNumbers: Set<String> = []

  init(_ ocr: OCRResult) {
    let lines = ocr.lines.enumerated().map {
      CardLine(index: $0.offset, line: $0.element, vertical: ocr.vertical)
    }
    .filter { !$0.chars.isEmpty }
    self.lines = lines
    let sizes = lines.filter { !$0.isJunk }.map(\.size).sorted()
    if let lo = sizes.first, let hi = sizes.last {
      medianSize = sizes[sizes.count / 2]
      hasGeometry = hi / lo >= 1.15
    } else {
      medianSize = 1
      hasGeometry = false
    }
  }

  /// Records a field's confidence (product of OCR confidence and rule clarity).
  mutating func setConfidence(_ key: ContactFields.CodingKeys, _ value: Double) {
    confidence[key.rawValue] = Text.confidence(value)
  }

  /// Indices of lines that still have unexplained, non-junk text.
  var openLines: [Int] {
    lines.indices.filter { !lines[$0].isJunk && !lines[$0].isSpent }
  }

  /// How much larger than the median the line's glyphs are (1 when there is no geometry).
  func relativeSize(_ i: Int) -> Double {
    hasGeometry ? lines[i].size / max(1, medianSize) : 1
  }

  /// Whether line `i` has the largest glyphs among `candidates` by a clear margin.
  func isTallest(_ i: Int, among candidates: [Int]) -> Bool {
    guard hasGeometry else { return false }
    let others = candidates.filter { $0 != i }.map { lines[$0].size }
    guard let next = others.max() else { return lines[i].size >= medianSize * 1.2 }
    return lines[i].size >= next * 1.1
  }
}
