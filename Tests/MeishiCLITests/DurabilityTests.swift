import Foundation
import MeishiTestSupport
import Testing

/// The store survives what happens to real users: two ingests at once, and a process killed
/// in the middle of a batch. Runs the built binary on real cards and a real store file.
@Suite(.serialized) struct DurabilityTests {
  let home: URL
  let store: String

  init() throws {
    home = try Fixtures.temporaryDirectory("durability")
    store = home.appendingPathComponent("meishi.sqlite").path
  }

  func process(_ args: [String]) -> Process {
    let p = Process()
    p.executableURL = EndToEndTests.binary
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env["MEISHI_STORE"] = store
    env["HOME"] = home.path
    env["MEISHI_NOW"] = "2026-11-27T19:00:00+09:00"
    p.environment = env
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    return p
  }

  func run(_ args: [String]) throws -> (status: Int32, lines: [[String: Any]]) {
    let p = process(args)
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    return (p.terminationStatus, lines)
  }

  /// A folder holding copies of these fixture cards.
  func folder(_ name: String, _ cards: [String]) throws -> String {
    let dir = home.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for c in cards {
      try FileManager.default.copyItem(at: Fixtures.url("cards/\(c)"), to: dir.appendingPathComponent(c))
    }
    return dir.path
  }

  static let cards = [
    "01-sakura-classic.png", "02-toyo-seiki-centred.png", "03-midori-left-mobile.png",
    "05-takada-right-nogap.png", "06-aoba-name-first.png", "09-kitsune-english.png",
    "10-toyo-seiki-english.png", "12-soramame-bilingual.png",
  ]

  @Test func twoIngestsAtOnceLoseNothingAndStoreNothingTwice() throws {
    let a = try folder("a", Array(Self.cards[0..<5]))
    let b = try folder("b", Array(Self.cards[3..<8]))
    let pa = process(["ingest", "--jobs", "1", a]), pb = process(["ingest", "--jobs", "1", b])
    try pa.run()
    try pb.run()
    pa.waitUntilExit()
    pb.waitUntilExit()
    #expect(pa.terminationStatus == 0 && pb.terminationStatus == 0)
    let contacts = try run(["contacts", "--json"])
    #expect(contacts.lines.count == 8)
    let cards = contacts.lines.compactMap { $0["cards"] as? Int }.reduce(0, +)
    #expect(cards == 8)
    let doctor = try run(["doctor", "--json"])
    #expect(doctor.lines.first?["store_ok"] as? Bool == true, "\(doctor.lines)")
  }

  @Test func killedMidBatchEachCardIsWholeOrAbsentAndTheNextRunFinishes() throws {
    let dir = try folder("batch", Self.cards)
    let p = process(["ingest", "--jobs", "1", dir])
    try p.run()
    // Wait until some cards are in, then kill -9.
    let deadline = Date().addingTimeInterval(60)
    var stored = 0
    while Date() < deadline {
      stored = try run(["contacts", "--json"]).lines.count
      if stored >= 2 { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    #expect(p.terminationReason == .uncaughtSignal)
    let after = try run(["contacts", "--json"]).lines
    #expect(after.count >= 2 && after.count < Self.cards.count, "killed after \(after.count) cards")
    // Every stored contact is whole: it has its card and its introductory e-mail.
    for c in after {
      let uid = try #require(c["uid"] as? String)
      let detail = try #require(try run(["contact", uid, "--json"]).lines.first)
      #expect((detail["cards"] as? [Any])?.count == 1)
      #expect((detail["followups"] as? [[String: Any]])?.first?["kind"] as? String == "intro_email")
    }
    let doctor = try run(["doctor", "--json"])
    #expect(doctor.lines.first?["store_ok"] as? Bool == true, "\(doctor.lines)")
    // The next run picks up the rest.
    let again = try run(["ingest", "--json", dir])
    #expect(again.status == 0)
    let decisions = again.lines.compactMap { ($0["dedupe"] as? [String: Any])?["decision"] as? String }
    #expect(decisions.filter { $0 == "unchanged" }.count == after.count)
    #expect(decisions.filter { $0 == "new" }.count == Self.cards.count - after.count)
    #expect(try run(["contacts", "--json"]).lines.count == Self.cards.count)
  }
}
