import Foundation
import MeishiImaging
@testable import MeishiOCR
import MeishiTestSupport
import Testing

/// Where meishi finds the cards in the photo fixtures, against the corners
/// `scripts/make-fixtures` rendered them at (`card_quad`, `card_quads` in the truth).
@Suite struct CardOutlineTests {
  /// The corners of every card found on the file's first page, in the stored pixels'
  /// coordinates: the flattened card's corners taken back into the file.
  static func outlines(_ file: String, in folder: String = "photos") throws -> [[Point]] {
    let reader = try CardReader()
    let path = Fixtures.url("\(folder)/\(file)").path
    let data = try CardReader.load(path: path)
    let decoder = PageDecoder(
      data: data, format: try ImageFile.check(data, path: path), path: path, maxSide: reader.options.maxSide)
    let page = try #require(try reader.nextPage(decoder, path: path))
    return page.cards.map { card in
      let w = Double(card.gray.width)
      let h = Double(card.gray.height)
      return [Point(x: 0, y: 0), Point(x: w, y: 0), Point(x: w, y: h), Point(x: 0, y: h)].map(card.toFile)
    }
  }

  /// The largest distance from a true corner to the nearest found one.
  static func cornerError(_ found: [Point], _ truth: [[Double]]) -> Double {
    truth.map { t in
      found.map { p in ((p.x - t[0]) * (p.x - t[0]) + (p.y - t[1]) * (p.y - t[1])).squareRoot() }.min()
        ?? .infinity
    }.max() ?? .infinity
  }

  /// The labelled photos; a missing truth file is one failing case, not none.
  static let photos: [String] = {
    let files = (try? Fixtures.truth(of: "photos").keys.sorted()) ?? []
    return files.isEmpty ? ["Fixtures/photos/truth.jsonl is missing"] : files
  }()

  /// Every card of every photo is found, each corner within 1 % of the photo's long side of
  /// where it was drawn (a card of a band or panel along one side included: 06, 15), and
  /// nothing else is taken for a card.
  @Test(arguments: photos)
  func findsEachCardWhereItLies(file: String) throws {
    let truth = try #require(try Fixtures.truth(of: "photos")[file])
    let quads: [[[Double]]]
    if let several = truth["card_quads"] as? [[[Double]]] {
      quads = several
    } else {
      quads = [try #require(truth["card_quad"] as? [[Double]])]
    }
    let size = try #require(truth["size"] as? [Int])
    let tolerance = 0.01 * Double(max(size[0], size[1]))
    let found = try Self.outlines(file)
    #expect(found.count == quads.count, "\(file): \(found.count) card(s) found, \(quads.count) in the photo")
    for quad in quads {
      let best = found.map { Self.cornerError($0, quad) }.min() ?? .infinity
      #expect(best <= tolerance, "\(file): a card's corner is \(Int(best)) px from where it lies \(quad); found \(found.map { $0.map { "(\(Int($0.x)), \(Int($0.y)))" } })")
    }
  }

  /// A card with a navy band along its lower edge, the band lying over the card's own shadow
  /// on wood: no straight edge follows the band's far side, and the band is found by its
  /// colour (before, only the white part was taken, and the e-mail printed white on the band
  /// was lost). Drawn by `scripts/make-fixtures --only photos --photo-seed 6000` (its file 16).
  @Test func findsABandLyingOverTheCardsShadow() throws {
    let quad = [[276.6, 1052.0], [1084.8, 1082.4], [1055.0, 1551.3], [297.7, 1476.4]]
    let found = try Self.outlines("32-band-over-shadow.jpg", in: "ocr")
    #expect(found.count == 1)
    let error = Self.cornerError(try #require(found.first), quad)
    #expect(error <= 0.01 * 2134, "a corner is \(Int(error)) px from where it lies")
  }

  /// A card with an orange band, lying partly on a sheet of paper: the light shape found
  /// (the card's white part and the paper, as one) is far squarer than a card, and the card's
  /// own outline is taken instead. Drawn by `scripts/make-fixtures --only photos --photo-seed
  /// 1000` (its file 15); the corners are where that render drew the card.
  @Test func findsACardLyingAcrossASheetOfPaper() throws {
    let quad = [[786.5, 247.0], [2225.4, 474.1], [2058.3, 1356.5], [627.3, 1026.8]]
    let found = try Self.outlines("31-card-across-paper.jpg", in: "ocr")
    #expect(found.count == 1)
    let error = Self.cornerError(try #require(found.first), quad)
    #expect(error <= 0.01 * 2400, "a corner is \(Int(error)) px from where it lies")
  }
}
