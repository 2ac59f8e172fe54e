import Foundation
import MeishiCore

/// What a line (or part of it) was recognised as.
enum LineRole: Hashable, Sendable {
  case email, url, phone, postal, address, company, department, title, name, nameKana,
    nameLatin
}

/// One OCR line prepared for parsing: NFKC text with a map back to the
/// printed characters, its geometry, and which parts earlier rules took.
struct CardLine: Sendable {
  /// Position in reading order.
  let index: Int
  /// The characters as the OCR engine returned them.
  let original: [Character]
  /// NFKC per character, white space folded to one ASCII space, trimmed.
  let chars: [Character]
  /// `chars[i]` came from `original[origin[i]]`.
  let origin: [Int]
  /// Where the line is on the card (``OCRLine/cardBox``, else its box in the image).
  let bbox: BoundingBox
  /// OCR confidence, 0…1.
  let confidence: Double
  /// The glyph size: box height for horizontal text, width for vertical text.
  let size: Double
  /// Which characters of `chars` a rule has taken.
  private(set) var used: [Bool]
  /// What the line was found to hold.
  var roles: Set<LineRole> = []
  /// The text no rule has explained yet (folded spaces, trimmed).
  private(set) var rest: String

  init(index: Int, line: OCRLine, vertical: Bool) {
    self.index = index
    // Layout is judged on the card as read (upright, flattened) when the OCR says where.
    let box = line.cardBox ?? line.bbox
    self.bbox = box
    self.confidence = min(1, max(0, line.confidence))
    self.size = Double(max(1, vertical ? box.width : box.height))
    let original = Array(line.text)
    var chars: [Character] = []
    var origin: [Int] = []
    for (i, ch) in original.enumerated() {
      for c in String(ch).precomposedStringWithCompatibilityMapping {
        if c.isWhitespace || c.isNewline {
          if let last = chars.last, last != " " {
            chars.append(" ")
            origin.append(i)
          }
        } else {
          chars.append(c)
          origin.append(i)
        }
      }
    }
    while chars.last == " " {
      chars.removeLast()
      origin.removeLast()
    }
    chars = OCRRepair.repair(chars)
    self.original = original
    self.chars = chars
    self.origin = origin
    self.used = Array(repeating: false, count: chars.count)
    self.rest = String(chars)
  }

  /// The full normalized text.
  var text: String { String(chars) }

  /// Characters of `chars`, with taken ones replaced by spaces.
  var available: [Character] {
    chars.indices.map { used[$0] ? " " : chars[$0] }
  }

  /// Marks `range` of `chars` as explained.
  mutating func consume(_ range: Range<Int>) {
    let r = range.clamped(to: 0..<chars.count)
    for i in r { used[i] = true }
    rest = Text.foldSpaces(String(available))
  }

  /// Marks the whole line as explained.
  mutating func consumeAll() {
    consume(0..<chars.count)
    rest = ""
  }

  /// Replaces the unexplained text (for rules that work on `rest` as a string).
  mutating func setRest(_ s: String) {
    rest = Text.foldSpaces(s)
  }

  /// The printed characters behind `chars[range]`, trimmed.
  func printed(_ range: Range<Int>) -> String {
    guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= chars.count else {
      return ""
    }
    let lo = origin[range.lowerBound]
    let hi = origin[range.upperBound - 1]
    return Text.trim(String(original[lo...hi]))
  }

  /// Whether the line is likely OCR noise (logo fragments, rules, specks):
  /// no letters or digits, or at most two Latin characters and nothing else.
  var isJunk: Bool {
    let t = text
    let alnum = Text.alnumCount(t)
    if alnum == 0 { return true }
    if !t.contains(where: \.isJapanese) && alnum <= 2 { return true }
    if Text.compact(t).count <= 1 { return true }
    return false
  }

  /// Whether nothing is left to explain.
  var isSpent: Bool { Text.alnumCount(rest) == 0 }
}
