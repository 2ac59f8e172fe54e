import Foundation
import MeishiCore
import MeishiImaging
@testable import MeishiOCR
import MeishiTestSupport
import Testing

/// The truth of a fixture set (`Fixtures/<set>/truth.jsonl`), by file name.
enum Truth {
  static func of(_ set: String) throws -> [String: [String: Any]] { try Fixtures.truth(of: set) }

  /// The contacts a file shows: one, or one per card.
  static func contacts(_ entry: [String: Any]) -> [[String: Any]] {
    if let c = entry["contact"] as? [String: Any] { return [c] }
    return entry["cards"] as? [[String: Any]] ?? []
  }

  /// A card's corners in the file as printed in the truth, as a bounding rectangle
  /// (x0, y0, x1, y1).
  static func bounds(_ quad: [[Double]]) -> (Double, Double, Double, Double) {
    let xs = quad.map { $0[0] }
    let ys = quad.map { $0[1] }
    return (xs.min()!, ys.min()!, xs.max()!, ys.max()!)
  }
}

extension OCRResult {
  /// The text without whitespace: what "read verbatim" is checked against (some type faces
  /// space an address out, "example. jp").
  var squashed: String { text.filter { !$0.isWhitespace } }
}

func squash(_ s: String) -> String { s.filter { !$0.isWhitespace } }

/// Every box inside the card's rectangle (with a margin of 2 % of the file's long side).
func expectBoxes(
  _ r: OCRResult, inside quad: [[Double]], fileSize: [Int], sourceLocation: SourceLocation = #_sourceLocation
) {
  let (x0, y0, x1, y1) = Truth.bounds(quad)
  let m = 0.02 * Double(max(fileSize[0], fileSize[1]))
  for line in r.lines {
    let b = line.bbox
    #expect(
      Double(b.x) >= x0 - m && Double(b.y) >= y0 - m && Double(b.maxX) <= x1 + m
        && Double(b.maxY) <= y1 + m,
      "\(line.text) at \(b) is outside the card \(quad)", sourceLocation: sourceLocation)
  }
}

/// Phone photos, turned photos, EXIF tags, dark and banded cards, vertical cards, a flatbed
/// sheet, and one card in every file format: what must be read, read with the real Tesseract.
@Suite(.serialized) struct PhotoTests {
  let reader: CardReader

  init() throws {
    reader = try CardReader()
  }

  @Test(arguments: [
    "01-wood-cosmos.jpg", "09-dark-desk-yakumo.jpg", "15-cluttered-shinonome.jpg",
    "17-fabric-yotsuba.jpg",
  ])
  func readsAPhonePhotoOfACard(file: String) throws {
    let truth = try #require(try Truth.of("photos")[file])
    let contact = try #require(Truth.contacts(truth).first)
    let results = try reader.readAll(path: Fixtures.url("photos/\(file)").path)
    #expect(results.count == 1)
    let r = try #require(results.first)
    for email in contact["emails"] as? [String] ?? [] {
      #expect(r.squashed.contains(email), "\(file): \(email) not in\n\(r.text)")
    }
    let name = try #require(contact["name"] as? String)
    #expect(r.squashed.contains(squash(name)), "\(file): \(name) not in\n\(r.text)")
    #expect(r.orientation == 0)
    expectBoxes(r, inside: truth["card_quad"] as! [[Double]], fileSize: truth["size"] as! [Int])
  }

  /// Cards lying turned a quarter or half turn in the photo: read upright, `orientation` says
  /// the clockwise turn that makes the file upright, boxes stay in the file's coordinates.
  @Test(arguments: [
    "26-rot90-wood-minamikaze.jpg", "27-rot180-dark-desk-tsubaki.jpg",
    "28-rot270-fabric-himawari.jpg",
  ])
  func readsATurnedCard(file: String) throws {
    let truth = try #require(try Truth.of("photos")[file])
    let contact = try #require(Truth.contacts(truth).first)
    let r = try reader.read(path: Fixtures.url("photos/\(file)").path)
    let email = try #require((contact["emails"] as? [String])?.first)
    #expect(r.squashed.contains(email), "\(file): \(email) not in\n\(r.text)")
    let turned = truth["rotation_in_pixels"] as! Int
    #expect(r.orientation == (360 - turned) % 360)
    expectBoxes(r, inside: truth["card_quad"] as! [[Double]], fileSize: truth["size"] as! [Int])
    // The address line lies along the card: across the file when the card lies turned by 90°.
    let line = try #require(r.lines.first { $0.text.contains("@") })
    #expect((line.bbox.height > line.bbox.width) == (turned % 180 != 0))
    // On the card itself (upright, flattened) it lies across, whatever the turn.
    let onCard = try #require(line.cardBox)
    #expect(onCard.width > 3 * onCard.height)
  }

  /// A card lying turned on paper, whose orientation OSD is unsure of (1.65, under the 2.0 it
  /// takes on its word): the first reading reads nothing, so the other turns are read. Drawn by
  /// `scripts/make-fixtures --only photos --photo-seed 1000` (its file 29), a held-out render.
  @Test func readsATurnedCardWhenOSDIsUnsure() throws {
    let r = try reader.read(path: Fixtures.url("ocr/29-rot90-osd-unsure.jpg").path)
    #expect(r.squashed.contains("oyama@aoi.example.com"), "not in\n\(r.text)")
    #expect(r.orientation == 270)
  }

  /// A sheet of paper lying near the card is found as a second card-shaped shape; nothing is
  /// read on it (its lines are grey bars), so it is left out, with a warning, and the card is
  /// the file's only result. It keeps its place among the shapes found (the second), so that
  /// it stays the same card whatever is left out. Drawn by `scripts/make-fixtures --only
  /// photos --photo-seed 1000` (its file 10).
  @Test func leavesOutAShapeOnWhichNothingIsRead() throws {
    let results = try reader.readAll(path: Fixtures.url("ocr/30-sheet-beside-card.jpg").path)
    #expect(results.count == 1)
    let r = try #require(results.first)
    #expect(r.cardIndex == 1)
    #expect(r.squashed.contains("s.yoshihara@aoba.example.co.jp"), "not in\n\(r.text)")
    #expect(r.warnings.contains { $0.contains("nothing was read on shape 1 of 2") }, "\(r.warnings)")
  }

  /// A soft shadow (a hand's, 45 % of the light) lies over the right part of a white card and
  /// its address, phone and e-mail lines. It is unevenly lit print, not a panel of white
  /// lettering: turning it dark-on-light lost every line in it. Card eval/059 composited on a
  /// wooden desk with the shadow, perspective and JPEG noise (Fixtures/README.md).
  @Test func readsPrintInAHandsShadow() throws {
    let r = try reader.read(path: Fixtures.url("ocr/33-hand-shadow.jpg").path)
    for text in ["hsugit@tsubaki-kensetsu.example", "(0)476-23-7889", "(0)70-9181-3309", "286-0117"] {
      #expect(r.squashed.contains(squash(text)), "\(text) not in\n\(r.text)")
    }
  }

  /// A card photographed out of focus (a Gaussian of σ 2.7 px on the flattened card): it is
  /// sharpened before it is read, and its address and both numbers come out whole (read as it
  /// was: "Naka ku. Nagoya", "Vel +81 S2-253-7715"). Its warning still asks for a sharper
  /// photo. `defocus-10-toyo-seiki-english.jpg` of `scripts/stress-photos` (Fixtures/README.md).
  @Test func sharpensACardOutOfFocus() throws {
    let r = try Self.readsWith(step: "sharpened σ", "ocr/34-out-of-focus.jpg", ["Naka-ku, Nagoya, Aichi 460-0007", "52-253-7715", "52-253-7711"])
    #expect(r.warnings.contains { $0.contains("looks blurred") }, "\(r.warnings)")
  }

  /// Reads a fixture, expecting a reading step named `step` in its trace and `texts` in what is
  /// read (the numbers' separators, dots or hyphens, are not what is tested).
  static func readsWith(step: String, _ fixture: String, _ texts: [String]) throws -> OCRResult {
    let reader = try CardReader()
    // The trace is written on this thread, as the card is read.
    final class Trace { var lines: [String] = [] }
    let trace = Trace()
    reader.trace = { trace.lines.append($0) }
    let r = try reader.read(path: Fixtures.url(fixture).path)
    #expect(trace.lines.contains { $0.contains(step) }, "\(trace.lines)")
    let digits = r.squashed.replacingOccurrences(of: ".", with: "-")
    for text in texts {
      #expect(digits.contains(squash(text)), "\(text) not in\n\(r.text)")
    }
    return r
  }

  /// A card the camera moved over by 11 px has the streak found and undone before it is read:
  /// its postal code and both numbers come out (read as "Telye 106.0044", "Tell 26498-2281
  /// Mabile rll AQ4 127-5590" without). `motion11-09-kitsune-english.jpg` of the blur sweep of
  /// `scripts/stress-photos` (Fixtures/README.md).
  @Test func undoesTheStreakOfAMovedCamera() throws {
    _ = try Self.readsWith(step: "unstreaked", "ocr/36-camera-moved.jpg", ["Tokyo 106-0044", "3-6435-2281", "80-4127-5530"])
  }

  /// A streak is undone only on a card blurred more one way than another (blurred alike, it is
  /// the lens's: see below) whose cepstrum shows it clearly; the cepstrum is not even measured
  /// on a card blurred alike.
  @Test func undoesOnlyTheStreakOfAMovedCamera() {
    let clear = MotionBlur(angle: 78, length: 11.2, depth: -10.3)
    #expect(Preprocess.cameraMovement([2.07, 1.02, 1.5], estimate: { clear }) == clear)
    #expect(Preprocess.cameraMovement([2.07, 1.02], estimate: { MotionBlur(angle: 78, length: 11.2, depth: -4.1) }) == nil)
    #expect(Preprocess.cameraMovement([2.07, 1.02], estimate: { MotionBlur(angle: 0, length: 7.0, depth: -9) }) == nil)
    #expect(Preprocess.cameraMovement([2.07, 1.02], estimate: { nil }) == nil)
    var asked = false
    #expect(Preprocess.cameraMovement([1.3, 1.2, 1.25], estimate: { asked = true; return clear }) == nil)
    #expect(Preprocess.cameraMovement([2.07], estimate: { asked = true; return clear }) == nil)
    // More one way than another (1.33 times), but hardly blurred at all.
    #expect(Preprocess.cameraMovement([1.2, 0.9], estimate: { asked = true; return clear }) == nil)
    #expect(!asked)
  }

  /// Sharpened: a card blurred alike in every direction, at least as much as the warning's
  /// threshold; not a sharp card, nor one the camera moved over (its blur one way only).
  @Test(arguments: [
    ([2.26, 2.03, 2.1, 2.2], 2.70), ([1.85, 1.74, 1.8, 1.8], 2.08), ([1.7, 1.6, 1.65, 1.7], nil),
    ([2.4, 1.19, 1.5, 1.3], nil), ([1.9, 1.1, 1.2, 1.3], nil), ([Double](), nil), ([2.17], nil),
    ([3.4, 3.2, 3.3], nil),
  ] as [([Double], Double?)])
  func sharpensOnlyACardOutOfFocus(spreads: [Double], sigma: Double?) {
    let found = Preprocess.defocusSigma(spreads)
    #expect((found == nil) == (sigma == nil), "\(spreads): \(String(describing: found))")
    if let found, let sigma { #expect(abs(found - sigma) < 0.01, "\(spreads): \(found)") }
  }

  /// A correct EXIF tag is followed; a wrong one does not turn an upright card sideways.
  @Test(arguments: [
    ("30-exif6-correct-astro.jpg", 90), ("31-exif8-correct-kohaku.jpg", 270),
    ("34-exif6-wrong-cosmos.jpg", 0),
  ])
  func reconcilesTheEXIFTagWithTheContent(file: String, orientation: Int) throws {
    let truth = try #require(try Truth.of("photos")[file])
    let contact = try #require(Truth.contacts(truth).first)
    let r = try reader.read(path: Fixtures.url("photos/\(file)").path)
    #expect(r.orientation == orientation)
    let name = try #require(contact["name"] as? String)
    let latin = contact["name_latin"] as? String
    #expect(
      r.squashed.contains(squash(name)) || latin.map { r.squashed.contains(squash($0)) } == true,
      "\(file): \(name) not in\n\(r.text)")
    // Boxes are in the stored pixels' coordinates (the truth's quad is too).
    expectBoxes(r, inside: truth["card_quad"] as! [[Double]], fileSize: truth["size"] as! [Int])
    if orientation == 0 {
      let email = try #require((contact["emails"] as? [String])?.first)
      #expect(r.squashed.contains(email), "\(file): \(email) not in\n\(r.text)")
    }
  }

  /// Several cards on one flatbed scan: one result per card, in reading order (rows by the top
  /// edge, then left to right), each with its own boxes.
  @Test func readsEveryCardOfAFlatbedSheet() throws {
    let file = "35-flatbed-4cards.jpg"
    let truth = try #require(try Truth.of("photos")[file])
    let contacts = Truth.contacts(truth)
    let quads = truth["card_quads"] as! [[[Double]]]
    let results = try reader.readAll(path: Fixtures.url("photos/\(file)").path)
    #expect(results.count == 4)
    #expect(results.map(\.cardIndex) == [0, 1, 2, 3])
    for (k, r) in results.enumerated() where k < contacts.count {
      let email = try #require((contacts[k]["emails"] as? [String])?.first)
      #expect(r.squashed.contains(email), "card \(k): \(email) not in\n\(r.text)")
      expectBoxes(r, inside: quads[k], fileSize: truth["size"] as! [Int])
    }
  }

  /// Vertical (縦書き) cards: the company, title and name columns, and the horizontal block.
  @Test func readsVerticalColumnsBesideAHorizontalBlock() throws {
    let r = try reader.read(path: Fixtures.url("cards/08-kasumigaoka-vertical.png").path)
    #expect(r.vertical)
    let company = try #require(r.lines.firstIndex { $0.text.contains("霞ヶ丘酒造") })
    let title = try #require(r.lines.firstIndex { $0.text.contains("代表取締役社長") })
    let name = try #require(r.lines.firstIndex { squash($0.text).contains("奥村栄作") })
    // Columns right to left, each standing upright.
    #expect(company < title && title < name)
    #expect(r.lines[name].bbox.height > r.lines[name].bbox.width)
    #expect(r.squashed.contains("092-271-3308"))
    #expect(r.squashed.contains("福岡県福岡市博多区御供所町5-2"))
  }

  /// A name column set close to the one before it runs into it in the ink's profile; read
  /// badly as one, it is read again as two (Fixtures/eval 088 and 104).
  @Test(arguments: [("088-akane-vertical.jpg", "岩本一翠"), ("104-nagi-vertical-company-left.jpg", "荒木零次")])
  func readsTwoColumnsSetCloseTogether(file: String, name: String) throws {
    let r = try reader.read(path: Fixtures.url("eval/\(file)").path)
    #expect(r.vertical)
    #expect(r.lines.contains { squash($0.text).contains(name) }, "\(file): \(name) not in\n\(r.text)")
  }

  /// A given name in large type that the first reading takes for a Latin scrap ("古谷 B+") is
  /// read again with the Japanese model (Fixtures/eval 073).
  @Test func readsAGivenNameFirstReadAsAScrap() throws {
    let r = try reader.read(path: Fixtures.url("eval/073-cosmos-band.png").path)
    #expect(r.lines.contains { squash($0.text) == "古谷駿斗" }, "\(r.text)")
  }

  /// Large type the vertical model reads as nothing (堤 聡太 in Mincho, eval 105) is read with
  /// its characters set side by side; so is an address column it misreads.
  @Test func readsAColumnTheVerticalModelCannotAsARow() throws {
    let r = try reader.read(path: Fixtures.url("eval/105-nijibashi-vertical-company-left.png").path)
    #expect(r.vertical)
    #expect(r.lines.contains { $0.text == "堤 聡太" }, "\(r.text)")
    #expect(r.lines.contains { squash($0.text) == "神奈川県横浜市港南区" }, "\(r.text)")
  }

  /// An address column of a photographed card that the vertical model reads as nothing, its
  /// upright digits broken apart by the photo (the bar and the stem of a 7): read as a row, each
  /// broken digit one cell (photo 19; 桧 comes out as 松, as on the scan of the same card).
  @Test func readsAColumnWithBrokenUprightDigitsAsARow() throws {
    let r = try reader.read(path: Fixtures.url("photos/19-dark-desk-kaede.jpg").path)
    #expect(r.vertical)
    #expect(r.lines.contains { squash($0.text).hasSuffix("原1丁目7番17号") }, "\(r.text)")
  }

  /// A narrow address column beside a name column, joined to it by a faint rule's pixels across
  /// the gap: found in its half when the run is split (eval 104).
  @Test func findsANarrowColumnInASplitRun() throws {
    let r = try reader.read(path: Fixtures.url("eval/104-nagi-vertical-company-left.jpg").path)
    #expect(r.vertical)
    #expect(r.lines.contains { squash($0.text).hasPrefix("宮崎県都城市中町十九番") }, "\(r.text)")
    #expect(r.lines.contains { squash($0.text) == "荒木零次" }, "\(r.text)")
  }

  /// Phone lines in a light face that jpn+eng breaks up ("TELOD79—87—9 139") are read again
  /// with English alone, which keeps the number whole (eval 046).
  @Test func readsABrokenNumberLineWithEnglish() throws {
    let r = try reader.read(path: Fixtures.url("eval/046-aoba-name-first.jpg").path)
    #expect(r.squashed.contains("279-87-9139") || r.squashed.contains("279—87-9139"), "\(r.text)")
    #expect(r.squashed.contains("0279-87-9140"), "\(r.text)")
  }

  /// An e-mail line read with low confidence keeps its ink out of the vertical columns, so no
  /// scrap of a column ("k") takes its place (eval 085).
  @Test func anEmailLineReadPoorlyIsNoColumn() throws {
    let r = try reader.read(path: Fixtures.url("eval/085-clover-vertical.png").path)
    #expect(r.vertical)
    #expect(r.squashed.contains("shinozaki@clover.example.co.jp"), "\(r.text)")
  }

  @Test func readsAVerticalNameSetWithAGapOnADegradedScan() throws {
    let r = try reader.read(path: Fixtures.url("cards/16-shofudo-vertical.jpg").path)
    #expect(r.vertical)
    #expect(r.lines.contains { squash($0.text).contains("古川尊") })
    #expect(r.lines.contains { $0.text.contains("株式会社松風堂") })
    #expect(r.squashed.contains("furukawa@shofudo.example.jp"))
  }

  @Test func readsAPhotographedVerticalCard() throws {
    let file = "21-wood-minato.jpg"
    let truth = try #require(try Truth.of("photos")[file])
    let contact = try #require(Truth.contacts(truth).first)
    let r = try reader.read(path: Fixtures.url("photos/\(file)").path)
    #expect(r.vertical)
    #expect(r.squashed.contains(squash(contact["name"] as! String)), "\(r.text)")
    #expect(r.squashed.contains((contact["emails"] as! [String])[0]), "\(r.text)")
  }

  /// White type on a dark card, and on a dark band across a light one.
  @Test(arguments: ["077-canaria-dark.png", "130-taiga-en-dark.png", "069-aoi-band.png"])
  func readsLightTextOnDarkGround(file: String) throws {
    let truth = try #require(try Truth.of("eval")[file])
    let contact = try #require(Truth.contacts(truth).first)
    let r = try reader.read(path: Fixtures.url("eval/\(file)").path)
    for email in contact["emails"] as? [String] ?? [] {
      #expect(r.squashed.contains(email), "\(file): \(email) not in\n\(r.text)")
    }
    // The company is set in white on the dark ground (on 069, on the band).
    let company = try #require(contact["company"] as? String)
    let core = String(company.suffix(8))
    #expect(r.squashed.contains(squash(core)), "\(file): \(company) not in\n\(r.text)")
  }
}

/// One card in every file format, and every page of multi-page files.
@Suite(.serialized) struct FormatTests {
  let reader: CardReader

  init() throws {
    reader = try CardReader()
  }

  static let files = [
    "card.png", "card.jpg", "card-progressive.jpg", "card-cmyk.jpg", "card.webp", "card.bmp",
    "card.gif", "card-rgba.png", "card-16bit.png", "card-2page.tiff", "card-g4.tiff",
    "card-2page.pdf", "card.heic", "card.avif",
  ]

  @Test(arguments: files)
  func readsEveryFormat(file: String) throws {
    let truth = try #require(try Truth.of("formats")[file], "\(file) is not in formats/truth.jsonl")
    let contacts = Truth.contacts(truth)
    let results = try reader.readAll(path: Fixtures.url("formats/\(file)").path)
    // One result per page, numbered.
    #expect(results.count == contacts.count)
    #expect(results.map(\.cardIndex) == Array(0..<results.count))
    for (k, r) in results.enumerated() where k < contacts.count {
      let email = try #require((contacts[k]["emails"] as? [String])?.first)
      #expect(r.squashed.contains(email), "\(file) page \(k + 1): \(email) not in\n\(r.text)")
      let name = try #require(contacts[k]["name"] as? String)
      #expect(r.squashed.contains(squash(name)), "\(file) page \(k + 1): \(name) not in\n\(r.text)")
      #expect(r.orientation == 0)
      for line in r.lines {
        #expect(line.bbox.x >= 0 && line.bbox.maxX <= 1050 && line.bbox.maxY <= 600, "\(file)")
      }
    }
  }

  @Test func aFileOfNoKnownFormatIsNamedAsSuch() throws {
    let dir = try Fixtures.temporaryDirectory("ocr")
    let url = dir.appendingPathComponent("card.pdf")
    // A PDF cut short: its end marker is missing.
    let pdf = try Data(contentsOf: Fixtures.url("formats/card-2page.pdf"))
    try pdf.prefix(pdf.count / 2).write(to: url)
    do {
      _ = try reader.readAll(path: url.path)
      Issue.record("expected an error")
    } catch {
      #expect(error.code == .truncated)
      #expect(error.description.contains(url.path))
    }
  }
}
