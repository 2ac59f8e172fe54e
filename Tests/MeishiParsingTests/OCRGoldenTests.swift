import Foundation
import MeishiCore
import MeishiParsing
import MeishiTestSupport
import Testing

/// The sample cards as Tesseract read them (`Fixtures/ocr-text/cards.jsonl`):
/// the parser must read exactly the expected contact from each.
@Suite("Sample cards from their OCR text")
struct OCRGoldenTests {
  struct Golden: Decodable, Sendable, CustomTestStringConvertible {
    let file: String
    let ocr: OCRResult
    let expected: ContactFields
    var testDescription: String { file }
  }

  static let goldens: [Golden] = {
    guard
      let text = try? String(
        contentsOf: Fixtures.url("ocr-text/cards.jsonl"), encoding: .utf8)
    else { return [] }
    return text.split(separator: "\n").compactMap {
      try? JSONDecoder().decode(Golden.self, from: Data($0.utf8))
    }
  }()

  @Test func allCardsAreThere() {
    #expect(Self.goldens.count == 18)
  }

  @Test(arguments: goldens)
  func readsTheExpectedContact(_ golden: Golden) {
    let card = CardParser().parse(golden.ocr)
    #expect(card.contact == golden.expected)
  }

  @Test(arguments: goldens)
  func confidencesStayInRange(_ golden: Golden) {
    let card = CardParser().parse(golden.ocr)
    for (key, value) in card.confidence {
      #expect((0...1).contains(value), "\(key) = \(value)")
    }
  }
}
