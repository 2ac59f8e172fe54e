/// A rectangle in image pixels: origin at the top left, `[x, y, width, height]` in JSON.
public struct BoundingBox: Codable, Sendable, Hashable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  public var maxX: Int { x + width }
  public var maxY: Int { y + height }

  public init(from decoder: any Decoder) throws {
    var c = try decoder.unkeyedContainer()
    x = try c.decode(Int.self)
    y = try c.decode(Int.self)
    width = try c.decode(Int.self)
    height = try c.decode(Int.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.unkeyedContainer()
    try c.encode(x)
    try c.encode(y)
    try c.encode(width)
    try c.encode(height)
  }
}

/// One line of text as the OCR engine read it.
public struct OCRLine: Codable, Sendable, Equatable {
  /// The text, without the trailing newline.
  public var text: String
  /// Where the line is, in the coordinates of the original image.
  public var bbox: BoundingBox
  /// The engine's confidence, 0…1.
  public var confidence: Double
  /// Where the line is on the card itself: the card found in the image, flattened and turned
  /// upright, in the pixels it was read at (nil when unknown). On a photo of a card lying
  /// askew or turned, `bbox` (in the image) is slanted or on its side; this is not, so the
  /// layout rules (which line is largest, which continues which) use it.
  public var cardBox: BoundingBox?

  public init(text: String, bbox: BoundingBox, confidence: Double, cardBox: BoundingBox? = nil) {
    self.text = text
    self.bbox = bbox
    self.confidence = confidence
    self.cardBox = cardBox
  }

  enum CodingKeys: String, CodingKey {
    case text, bbox, confidence
    case cardBox = "card_bbox"
  }
}

/// What OCR made of one card image.
public struct OCRResult: Codable, Sendable, Equatable {
  /// Clockwise quarter turns, in degrees (0, 90, 180, 270), applied to make the card upright.
  public var orientation: Int
  /// Whether the card was read as vertical (縦書き) text.
  public var vertical: Bool
  /// The mean line confidence, 0…1 (0 when there is no text).
  public var meanConfidence: Double
  /// The lines, in reading order.
  public var lines: [OCRLine]
  /// Which card this is when one image holds several (0 for the first).
  public var cardIndex: Int
  /// Warnings a person may want to see (for example: the image is too small).
  public var warnings: [String]

  public init(
    orientation: Int = 0, vertical: Bool = false, meanConfidence: Double? = nil,
    lines: [OCRLine], cardIndex: Int = 0, warnings: [String] = []
  ) {
    self.orientation = orientation
    self.vertical = vertical
    self.lines = lines
    self.cardIndex = cardIndex
    self.warnings = warnings
    self.meanConfidence =
      meanConfidence
      ?? (lines.isEmpty ? 0 : lines.map(\.confidence).reduce(0, +) / Double(lines.count))
  }

  enum CodingKeys: String, CodingKey {
    case orientation, vertical, lines, warnings
    case meanConfidence = "mean_confidence"
    case cardIndex = "card_index"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    orientation = try c.decodeIfPresent(Int.self, forKey: .orientation) ?? 0
    vertical = try c.decodeIfPresent(Bool.self, forKey: .vertical) ?? false
    meanConfidence = try c.decodeIfPresent(Double.self, forKey: .meanConfidence) ?? 0
    lines = try c.decodeIfPresent([OCRLine].self, forKey: .lines) ?? []
    cardIndex = try c.decodeIfPresent(Int.self, forKey: .cardIndex) ?? 0
    warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
  }

  /// All the text, one line per OCR line.
  public var text: String { lines.map(\.text).joined(separator: "\n") }

  /// Whether nothing was read: no line holds a letter or a digit of any script (a mark that
  /// only lengthens or repeats one, such as ー or 々, is not enough: a ruled line reads ーーー).
  public var readsNothing: Bool {
    !lines.contains { line in
      line.text.unicodeScalars.contains { s in
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .decimalNumber,
          .letterNumber, .otherNumber:
          return true
        default:
          return false
        }
      }
    }
  }
}
