import Foundation
import MeishiCore
import MeishiOCR
import MeishiPipeline
import MeishiTestSupport
import Testing

@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func knownVectors(input: String, digest: String) {
    #expect(SHA256.hex(Data(input.utf8)) == digest)
  }

  @Test func millionAs() {
    let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(data) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}

@Suite struct InputFilesTests {
  @Test func folderExpandsToImagesSortedByName() throws {
    let dir = try Fixtures.temporaryDirectory("inputs")
    for name in ["b.png", "a.JPG", "c.txt", ".hidden.png", "d.webp"] {
      try Data([0]).write(to: dir.appendingPathComponent(name))
    }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub.png"), withIntermediateDirectories: true)
    let files = InputFiles.expand([dir.path])
    #expect(files.map { ($0.path as NSString).lastPathComponent } == ["a.JPG", "b.png", "d.webp", "sub.png"])
    #expect(files.allSatisfy { $0.problem == nil })
  }

  @Test func missingPathIsAnEntryWithAProblem() {
    let files = InputFiles.expand(["/nonexistent/cards"])
    #expect(files.count == 1)
    #expect(files[0].problem?.contains("/nonexistent/cards") == true)
  }
}

@Suite(.serialized) struct ScannerTests {
  @Test func scansInInputOrderAndKeepsGoingPastBadFiles() throws {
    let dir = try Fixtures.temporaryDirectory("scan")
    let good = dir.appendingPathComponent("b-good.png")
    try FileManager.default.copyItem(at: Fixtures.url("cards/01-sakura-classic.png"), to: good)
    try Data().write(to: dir.appendingPathComponent("a-empty.jpg"))
    try Data("hello".utf8).write(to: dir.appendingPathComponent("c-text.png"))
    let good2 = dir.appendingPathComponent("d-good.png")
    try FileManager.default.copyItem(at: Fixtures.url("cards/09-kitsune-english.png"), to: good2)
    var got: [(Int, ScannedCard)] = []
    try CardScanner(jobs: 2).scan(InputFiles.expand([dir.path, "/nonexistent.png"])) { i, card in
      got.append((i, card))
    }
    #expect(got.map(\.0) == [0, 1, 2, 3, 4])
    let names = got.map { ($0.1.path as NSString).lastPathComponent }
    #expect(names == ["a-empty.jpg", "b-good.png", "c-text.png", "d-good.png", "nonexistent.png"])
    let status = got.map { $0.1.record.status }
    #expect(status == [.error, .ok, .error, .ok, .error])
    for (_, card) in got where card.record.status == .error {
      #expect(card.record.error?.contains(card.path) == true)
      #expect(card.record.contact == nil)
    }
    guard case .success(let s) = got[1].1.outcome else {
      Issue.record("b-good.png was not read")
      return
    }
    #expect(s.parsed.contact.emails == ["k.inoue@sakura-tech.example.co.jp"])
    #expect(s.sha256 == SHA256.hex(try Data(contentsOf: good)))
  }
}
