import Foundation
import GRDB
import MeishiCore
import MeishiFollowUp
import MeishiStore
import MeishiTestSupport
import Synchronization
import Testing

/// Store tests on a real SQLite file (the same code path as the CLI: DatabasePool, WAL).
@Suite struct AppDatabaseTests {
  let planner = FollowUpPlanner()
  let now = ISOTime.parse("2026-11-27T20:00:00+09:00")!

  func openStore() throws -> (AppDatabase, String) {
    let dir = try Fixtures.temporaryDirectory("store")
    let path = dir.appendingPathComponent("sub/meishi.sqlite").path
    return (try AppDatabase.open(path: path), path)
  }

  func card(
    _ sha: String, name: String?, company: String?, title: String? = nil, emails: [String] = [],
    mobile: String? = nil, met: String = "2026-11-27", confidence: Double = 0.9
  ) -> CardInput {
    var phones: [Phone] = []
    if let mobile { phones.append(Phone(kind: .mobile, number: mobile, raw: mobile)) }
    let fields = ContactFields(name: name, company: company, title: title, emails: emails, phones: phones)
    var conf: [String: Double] = [:]
    if name != nil { conf["name"] = confidence }
    if company != nil { conf["company"] = confidence }
    if title != nil { conf["title"] = confidence }
    if !emails.isEmpty { conf["emails"] = confidence }
    return CardInput(
      sha256: sha, path: "/cards/\(sha).png", event: "Expo", metDate: CivilDate(met)!,
      ocr: OCRResult(lines: [OCRLine(text: name ?? "", bbox: .init(x: 0, y: 0, width: 1, height: 1), confidence: 0.9)]),
      parsed: ParsedCard(contact: fields, confidence: conf))
  }

  @Test func createsThePrivateStoreFileAndMigrates() throws {
    let (db, path) = try openStore()
    let attrs = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let mode = try db.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
    let tables = try db.writer.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    for t in ["contact", "card", "company", "contactEmail", "contactPhone", "followUp", "auditLog"] {
      #expect(tables.contains(t))
    }
  }

  @Test func newCardCreatesContactCompanyAndIntroFollowUp() throws {
    let (db, _) = try openStore()
    let r = try db.ingest(card("a1", name: "山田 太郎", company: "株式会社サクラ", emails: ["t@sakura.example.jp"]), planner: planner, now: now)
    #expect(r.dedupe.decision == .new)
    #expect(r.followups == [FollowUpRef(kind: "intro_email", due: "2026-11-30T09:30:00+09:00")])
    let d = try db.contact(r.dedupe.contactUID)
    #expect(d.contact.name == "山田 太郎")
    #expect(d.contact.emails == ["t@sakura.example.jp"])
    #expect(d.cards.count == 1)
    #expect(d.cards[0].event == "Expo")
    #expect(d.followups.map(\.kind) == ["intro_email"])
  }

  @Test func companiesGatherLegalFormAlternateNamesAndDomains() throws {
    let (db, _) = try openStore()
    var a = card("a1", name: "山田 太郎", company: "株式会社サクラ", emails: ["t@sakura.example.jp"])
    a.parsed.extras["company_alt"] = "Sakura Co., Ltd."
    _ = try db.ingest(a, planner: planner, now: now)
    _ = try db.ingest(card("b1", name: "佐藤 花子", company: "サクラ株式会社", emails: ["h@sakura-group.example.jp", "h@gmail.com"]), planner: planner, now: now)
    let rows = try db.writer.read { db in
      try Row.fetchAll(db, sql: "SELECT name, legalForm, alternateNames, emailDomains FROM company")
    }
    #expect(rows.count == 1)
    #expect(rows.first?["legalForm"] as String? == "株式会社")
    #expect(rows.first?["alternateNames"] as String? == "[\"Sakura Co., Ltd.\"]")
    #expect(rows.first?["emailDomains"] as String? == "[\"sakura.example.jp\",\"sakura-group.example.jp\"]")
  }

  @Test func sameImageTwiceIsUnchanged() throws {
    let (db, _) = try openStore()
    let first = try db.ingest(card("a1", name: "山田 太郎", company: "サクラ"), planner: planner, now: now)
    let again = try db.ingest(card("a1", name: "山田 太郎", company: "サクラ"), planner: planner, now: now)
    #expect(again.dedupe.decision == .unchanged)
    #expect(again.dedupe.contactUID == first.dedupe.contactUID)
    #expect(again.followups.isEmpty)
    #expect(try db.contacts().count == 1)
    let cards = try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM card") }
    #expect(cards == 1)
  }

  @Test func promotionCardMergesAndKeepsHistory() throws {
    let (db, _) = try openStore()
    let first = try db.ingest(
      card("a1", name: "山田 太郎", company: "株式会社サクラ", title: "課長", emails: ["t@sakura.example.jp"], met: "2026-05-10"),
      planner: planner, now: now)
    let second = try db.ingest(
      card("a2", name: "山田 太郎", company: "株式会社サクラ", title: "部長", emails: ["t@sakura.example.jp", "taro@sakura.example.jp"]),
      planner: planner, now: now)
    #expect(second.dedupe.decision == .merged)
    #expect(second.dedupe.contactUID == first.dedupe.contactUID)
    #expect(second.followups.isEmpty)
    let d = try db.contact(first.dedupe.contactUID)
    #expect(d.contact.title == "部長")
    #expect(d.cards.map(\.title) == ["課長", "部長"])
    #expect(Set(d.contact.emails) == ["t@sakura.example.jp", "taro@sakura.example.jp"])
    #expect(d.followups.count == 1)
  }

  @Test func anOlderCardDoesNotOverwriteTheCurrentTitle() throws {
    let (db, _) = try openStore()
    let a = try db.ingest(card("a2", name: "山田 太郎", company: "サクラ", title: "部長", emails: ["t@s.example.jp"], met: "2026-11-01"), planner: planner, now: now)
    _ = try db.ingest(card("a1", name: "山田 太郎", company: "サクラ", title: "課長", emails: ["t@s.example.jp"], met: "2025-01-01"), planner: planner, now: now)
    #expect(try db.contact(a.dedupe.contactUID).contact.title == "部長")
  }

  @Test func sameNameSameCompanyWaitsForReviewThenMerges() throws {
    let (db, _) = try openStore()
    let a = try db.ingest(card("a1", name: "佐藤 健", company: "東洋精機株式会社", emails: ["ken@toyo.example.jp"]), planner: planner, now: now)
    let b = try db.ingest(card("b1", name: "佐藤健", company: "東洋精機(株)", emails: ["sato@toyo.example.jp"]), planner: planner, now: now)
    #expect(b.dedupe.decision == .review)
    #expect(b.dedupe.candidates.map(\.contactUID) == [a.dedupe.contactUID])
    #expect(b.followups.isEmpty)
    let queue = try db.reviewQueue()
    #expect(queue.map(\.uid) == [b.dedupe.contactUID])
    #expect(queue[0].reviewState == .duplicate)

    let merged = try db.merge(keep: a.dedupe.contactUID, other: b.dedupe.contactUID, now: now)
    #expect(merged.cards.count == 2)
    #expect(Set(merged.contact.emails) == ["ken@toyo.example.jp", "sato@toyo.example.jp"])
    #expect(try db.reviewQueue().isEmpty)
    #expect(try db.contacts().map(\.uid) == [a.dedupe.contactUID])
    // Nothing was deleted: the merged contact is still there, pointing at the one kept.
    #expect(try db.contact(b.dedupe.contactUID).mergedInto == a.dedupe.contactUID)
  }

  @Test func unmergeRestoresBothContacts() throws {
    let (db, _) = try openStore()
    let a = try db.ingest(card("a1", name: "佐藤 健", company: "東洋精機", title: "課長", emails: ["ken@toyo.example.jp"], met: "2026-01-10"), planner: planner, now: now)
    let b = try db.ingest(card("b1", name: "佐藤 健", company: "東洋精機", title: "部長", emails: ["sato@toyo.example.jp"]), planner: planner, now: now)
    let before = try db.contact(a.dedupe.contactUID)
    let merged = try db.merge(keep: a.dedupe.contactUID, other: b.dedupe.contactUID, now: now)
    #expect(merged.contact.title == "部長")
    let (kept, restored) = try db.unmerge(b.dedupe.contactUID, now: now)
    #expect(kept.contact == before.contact)
    #expect(kept.cards.map(\.sha256) == ["a1"])
    #expect(restored.cards.map(\.sha256) == ["b1"])
    #expect(restored.contact.emails == ["sato@toyo.example.jp"])
    #expect(restored.mergedInto == nil)
    #expect(restored.reviewState == .duplicate)  // back in the review queue
    #expect(Set(try db.contacts().map(\.uid)) == [a.dedupe.contactUID, b.dedupe.contactUID])
    #expect(throws: StoreError.self) { try db.unmerge(b.dedupe.contactUID, now: now) }
  }

  /// A card that ingest merged into a contact already stored, split off again: it becomes a
  /// contact of its own (with its intro e-mail), and the other contact is as its own cards made it.
  @Test func splitUndoesAnIngestMerge() throws {
    let (db, _) = try openStore()
    let a = try db.ingest(
      card("a1", name: "山田 太郎", company: "株式会社サクラ", title: "課長", emails: ["t@sakura.example.jp"], met: "2026-05-10"),
      planner: planner, now: now)
    let before = try db.contact(a.dedupe.contactUID)
    let b = try db.ingest(
      card("a2", name: "山田 太郎", company: "株式会社サクラ", title: "部長",
           emails: ["t@sakura.example.jp", "taro@sakura.example.jp"], mobile: "+819012345678"),
      planner: planner, now: now)
    #expect(b.dedupe.decision == .merged)
    #expect(try db.contact(a.dedupe.contactUID).contact.title == "部長")

    let (mine, rest) = try db.split(card: "a2", planner: planner, now: now)
    #expect(rest.uid == a.dedupe.contactUID)
    #expect(rest.contact == before.contact)
    #expect(rest.cards.map(\.sha256) == ["a1"])
    #expect(mine.uid != rest.uid)
    #expect(mine.contact.title == "部長")
    #expect(Set(mine.contact.emails) == ["t@sakura.example.jp", "taro@sakura.example.jp"])
    #expect(mine.contact.phones.map(\.number) == ["+819012345678"])
    #expect(mine.cards.map(\.sha256) == ["a2"])
    #expect(mine.cards.map(\.decision) == ["new"])
    #expect(mine.followups.map(\.kind) == ["intro_email"])
    #expect(Set(try db.contacts().map(\.uid)) == [mine.uid, rest.uid])
    // Once split, or never merged: nothing to split.
    #expect(throws: StoreError.self) { try db.split(card: "a2", planner: planner, now: now) }
    #expect(throws: StoreError.self) { try db.split(card: "/cards/a1.png", planner: planner, now: now) }
    #expect(throws: StoreError.self) { try db.split(card: "nonesuch", planner: planner, now: now) }
  }

  /// A card that brought the company, split off again: the contact is filed under no company
  /// (its own card printed none), and the new contact under the card's.
  @Test func splitRestoresTheCompany() throws {
    let (db, _) = try openStore()
    let a = try db.ingest(
      card("a1", name: "山田 太郎", company: nil, emails: ["taro.yamada@gmail.com"], met: "2026-05-10"),
      planner: planner, now: now)
    let b = try db.ingest(
      card("a2", name: "山田 太郎", company: "株式会社ミドリ", emails: ["taro.yamada@gmail.com"]), planner: planner, now: now)
    #expect(b.dedupe.decision == .merged)
    func companyOf(_ uid: String) throws -> String? {
      try db.writer.read { db in
        try String.fetchOne(
          db, sql: "SELECT company.name FROM contact JOIN company ON company.id = contact.companyId WHERE contact.uid = ?",
          arguments: [uid])
      }
    }
    #expect(try companyOf(a.dedupe.contactUID) == "株式会社ミドリ")
    let (mine, rest) = try db.split(card: "a2", planner: planner, now: now)
    #expect(rest.contact.company == nil)
    #expect(try companyOf(rest.uid) == nil)
    #expect(try companyOf(mine.uid) == "株式会社ミドリ")
  }

  /// A path two stored images came from names no single card: split asks for the SHA-256.
  @Test func splitRefusesAPathTwoCardsShare() throws {
    let (db, _) = try openStore()
    var first = card("a1", name: "山田 太郎", company: "サクラ", emails: ["t@s.example.jp"], met: "2026-05-10")
    var second = card("a2", name: "山田 太郎", company: "サクラ", title: "部長", emails: ["t@s.example.jp"])
    first.path = "/cards/yamada.png"
    second.path = "/cards/yamada.png"
    _ = try db.ingest(first, planner: planner, now: now)
    #expect(try db.ingest(second, planner: planner, now: now).dedupe.decision == .merged)
    let refused = #expect(throws: StoreError.self) { try db.split(card: "/cards/yamada.png", planner: planner, now: now) }
    #expect(refused?.code == .ambiguous)
    #expect(refused?.description.contains("a1, a2") == true)
    let (mine, _) = try db.split(card: "a2", planner: planner, now: now)
    #expect(mine.cards.map(\.sha256) == ["a2"])
  }

  /// A field set by hand stays with the contact a card is split from.
  @Test func splitKeepsFieldsSetByHand() throws {
    let (db, _) = try openStore()
    let a = try db.ingest(
      card("a1", name: "山田 太郎", company: "サクラ", title: "課長", emails: ["t@s.example.jp"], met: "2026-05-10"),
      planner: planner, now: now)
    _ = try db.ingest(
      card("a2", name: "山田 太郎", company: "サクラ", title: "部長", emails: ["t@s.example.jp"]), planner: planner, now: now)
    _ = try db.setFields(a.dedupe.contactUID, ["title": "本部長"], now: now)
    let (_, rest) = try db.split(card: "a2", planner: planner, now: now)
    #expect(rest.contact.title == "本部長")
    #expect(rest.contact.emails == ["t@s.example.jp"])
  }

  @Test func theCardImageIsCopiedIntoTheMediaFolder() throws {
    let (db, path) = try openStore()
    var c = card("m1", name: "山田 太郎", company: "サクラ")
    c.image = Data([1, 2, 3])
    c.imageExtension = "JPG"
    let r = try db.ingest(c, planner: planner, now: now)
    let media = try #require(try db.contact(r.dedupe.contactUID).cards.first?.mediaPath)
    #expect(media == URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("media/m1.jpg").path)
    #expect(FileManager.default.contents(atPath: media) == Data([1, 2, 3]))
  }

  @Test func acceptingAPossibleDuplicateQueuesItsIntro() throws {
    let (db, _) = try openStore()
    _ = try db.ingest(card("a1", name: "佐藤 健", company: "東洋精機", emails: ["ken@toyo.example.jp"]), planner: planner, now: now)
    let b = try db.ingest(card("b1", name: "佐藤 健", company: "東洋精機"), planner: planner, now: now)
    let d = try db.accept(b.dedupe.contactUID, planner: planner, now: now)
    #expect(d.reviewState == .ok)
    #expect(d.followups.map(\.kind) == ["intro_email"])
    #expect(try db.reviewQueue().isEmpty)
  }

  @Test func lowConfidenceFieldsAreQueuedUntilCorrected() throws {
    let (db, _) = try openStore()
    let r = try db.ingest(card("a1", name: "山田 太郎", company: "サクラ", title: "部長", confidence: 0.4), planner: planner, now: now)
    let q = try db.reviewQueue()
    #expect(q.first?.reviewState == .fields)
    #expect(Set(q.first?.fields.keys.map { $0 } ?? []) == ["name", "company", "title"])
    _ = try db.setFields(r.dedupe.contactUID, ["name": "山田 太郎", "company": "株式会社サクラ"], now: now)
    #expect(try db.reviewQueue().first?.fields.keys.sorted() == ["title"])
    let d = try db.setFields(r.dedupe.contactUID, ["title": "部長代理"], now: now)
    #expect(d.contact.title == "部長代理")
    #expect(d.contact.company == "株式会社サクラ")
    #expect(try db.reviewQueue().isEmpty)
  }

  @Test func unknownFieldAndUnknownContactAreClearErrors() throws {
    let (db, _) = try openStore()
    let r = try db.ingest(card("a1", name: "山田 太郎", company: "サクラ"), planner: planner, now: now)
    #expect(throws: StoreError.self) { try db.setFields(r.dedupe.contactUID, ["emails": "x"]) }
    do {
      _ = try db.contact("zzzzzzzz")
      Issue.record("expected an error")
    } catch let e as StoreError {
      #expect(e.code == .notFound)
      #expect(e.description.contains("meishi contacts"))
    }
    // A unique prefix finds the contact.
    #expect(try db.contact(String(r.dedupe.contactUID.prefix(6))).uid == r.dedupe.contactUID)
  }

  @Test func aFailedCardLeavesNothingBehind() throws {
    let (db, _) = try openStore()
    // Make the card insert fail after the contact row was written: a CHECK on the card table.
    try db.writer.write { db in
      try db.execute(sql: "CREATE TRIGGER failcard BEFORE INSERT ON card WHEN NEW.sha256 = 'boom' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    }
    #expect(throws: (any Error).self) {
      try db.ingest(card("boom", name: "田中 一郎", company: "ミドリ", emails: ["i@midori.example.jp"]), planner: planner, now: now)
    }
    let counts = try db.writer.read { db in
      try ["contact", "contactEmail", "company", "followUp", "card"].map {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1
      }
    }
    #expect(counts == [0, 0, 0, 0, 0])
  }

  @Test func agendaListsPendingFollowUpsInOrder() throws {
    let (db, _) = try openStore()
    _ = try db.ingest(card("a1", name: "A", company: "X", met: "2026-11-20"), planner: planner, now: now)
    _ = try db.ingest(card("b1", name: "B", company: "Y", met: "2026-11-27"), planner: planner, now: now)
    let items = try db.pendingFollowUps(dueBefore: ISOTime.parse("2026-12-31T00:00:00+09:00")!)
    #expect(items.map(\.contactName) == ["A", "B"])
    #expect(items.map { ISOTime.string($0.due) } == ["2026-11-24T09:30:00+09:00", "2026-11-30T09:30:00+09:00"])
  }

  /// Two processes (here two threads) creating the same new store at once share one file: the
  /// second must not put a new empty file in the place of the one the first has opened, which
  /// cut the first off its store ("no such table: card", or its cards written to a file no
  /// longer there).
  @Test func twoOpensOfANewStoreAtOnceShareOneFile() throws {
    for round in 0..<40 {
      let dir = try Fixtures.temporaryDirectory("store-race")
      defer { try? FileManager.default.removeItem(at: dir) }
      let path = dir.appendingPathComponent("meishi.sqlite").path
      let errors = Mutex<[String]>([])
      DispatchQueue.concurrentPerform(iterations: 2) { k in
        do {
          let db = try AppDatabase.open(path: path)
          _ = try db.ingest(
            card("race\(k)", name: "N\(k)", company: "C\(k)"), planner: planner, now: now)
        } catch {
          errors.withLock { $0.append("\(error)") }
        }
      }
      #expect(errors.withLock { $0 } == [], "round \(round)")
      let cards = try AppDatabase.open(path: path).writer.read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM card") ?? 0
      }
      #expect(cards == 2, "round \(round)")
    }
  }

  @Test func aBrokenStoreFileIsAClearError() throws {
    let dir = try Fixtures.temporaryDirectory("store")
    let path = dir.appendingPathComponent("broken.sqlite").path
    try Data("this is not a database, just text".utf8).write(to: URL(fileURLWithPath: path))
    do {
      _ = try AppDatabase.open(path: path)
      Issue.record("expected an error")
    } catch let e as StoreError {
      #expect(e.code == .cannotOpen)
      #expect(e.description.contains(path))
    }
  }
}
