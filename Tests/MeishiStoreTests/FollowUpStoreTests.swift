import Foundation
import GRDB
import MeishiCore
import MeishiFollowUp
import MeishiStore
import MeishiTestSupport
import Testing

/// Cadence, statuses, touches, pausing and the exactly-once sending states, on a real SQLite file.
@Suite struct FollowUpStoreTests {
  let planner = FollowUpPlanner()
  let rules = CadenceRules(kickoff: [("Send the kickoff agenda", 1), ("Kickoff meeting", 3)])
  let now = ISOTime.parse("2026-11-27T20:00:00+09:00")!
  let db: AppDatabase

  init() throws {
    let dir = try Fixtures.temporaryDirectory("followups")
    db = try AppDatabase.open(path: dir.appendingPathComponent("meishi.sqlite").path)
  }

  func add(_ sha: String, _ name: String, email: String? = nil, met: String = "2026-11-27") throws -> String {
    let fields = ContactFields(name: name, company: "株式会社\(sha)", emails: email.map { [$0] } ?? [])
    let card = CardInput(
      sha256: sha, path: "/cards/\(sha).png", event: "Expo", metDate: CivilDate(met)!,
      ocr: OCRResult(lines: []), parsed: ParsedCard(contact: fields, confidence: ["name": 0.95]))
    return try db.ingest(card, planner: planner, now: now).dedupe.contactUID
  }

  func pending(_ uid: String) throws -> [FollowUpItem] {
    try db.contact(uid).followups.filter { $0.status == "pending" }
  }

  @Test func sameDayIntrosAreSpreadOut() throws {
    let a = try add("a", "山田 太郎"), b = try add("b", "佐藤 花子")
    let dues = try [a, b].map { try pending($0)[0].due }.map { ISOTime.string($0) }
    #expect(dues == ["2026-11-30T09:30:00+09:00", "2026-11-30T09:32:00+09:00"])
  }

  @Test func sendingIsClaimedOnceThenTheCadenceMovesOn() throws {
    let uid = try add("a", "山田 太郎", email: "t@a.example.jp")
    let sendTime = ISOTime.parse("2026-11-30T09:31:00+09:00")!
    let due = try db.dueMail(now: sendTime)
    #expect(due.map(\.contactUID) == [uid])
    let mail = due[0]
    #expect(mail.kind == "intro_email" && mail.to == "t@a.example.jp" && mail.threadMessageId == nil)
    #expect(try db.claimForSending(mail.followUpId, messageId: "<m1@a>", subject: "s", now: sendTime))
    // A second sender cannot take it, and it is not due any more.
    #expect(try db.claimForSending(mail.followUpId, messageId: "<m2@a>", subject: "s", now: sendTime) == false)
    #expect(try db.dueMail(now: sendTime).isEmpty)
    try db.markSent(mail.followUpId, planner: planner, now: sendTime)
    let d = try db.contact(uid)
    #expect(d.status == "contacted")
    #expect(d.followups.map(\.status) == ["sent", "pending"])
    #expect(d.followups[1].kind == "follow_up_email")
    #expect(ISOTime.string(d.followups[1].due) == "2026-12-07T09:30:00+09:00")
    // The follow-up threads under the intro.
    let later = try db.dueMail(now: ISOTime.parse("2026-12-07T10:00:00+09:00")!)
    #expect(later.first?.threadMessageId == "<m1@a>")
    #expect(later.first?.references == ["<m1@a>"])
  }

  @Test func temporaryFailureRetriesLaterPermanentFailureShowsInTheAgenda() throws {
    _ = try add("a", "山田 太郎", email: "t@a.example.jp")
    let t0 = ISOTime.parse("2026-11-30T09:31:00+09:00")!
    let id = try db.dueMail(now: t0)[0].followUpId
    _ = try db.claimForSending(id, messageId: "<m1@a>", subject: "s", now: t0)
    try db.markRetry(id, error: "451 try again", retryAt: t0.addingTimeInterval(600))
    #expect(try db.dueMail(now: t0.addingTimeInterval(60)).isEmpty)
    let again = try db.dueMail(now: t0.addingTimeInterval(601))
    #expect(again.map(\.messageId) == ["<m1@a>"])  // the same Message-ID on the retry
    #expect(again.first?.attempts == 1)
    _ = try db.claimForSending(id, messageId: "<m1@a>", subject: "s", now: t0)
    try db.markFailed(id, error: "550 no such user", now: t0)
    let problems = try db.problemFollowUps()
    #expect(problems.map(\.status) == ["failed"])
    #expect(problems.first?.lastError == "550 no such user")
  }

  @Test func anUncertainSendIsNeverRepeatedWithoutTheUser() throws {
    let uid = try add("a", "山田 太郎", email: "t@a.example.jp")
    let t0 = ISOTime.parse("2026-11-30T09:31:00+09:00")!
    let id = try db.dueMail(now: t0)[0].followUpId
    _ = try db.claimForSending(id, messageId: "<m1@a>", subject: "s", now: t0)
    // Crash here: the server may have the message. Nothing is due again.
    #expect(try db.dueMail(now: t0.addingTimeInterval(86_400)).isEmpty)
    #expect(try db.uncertainSends().map(\.id) == [id])
    try db.resolveUncertain(id, delivered: true, planner: planner, now: t0)
    #expect(try db.uncertainSends().isEmpty)
    #expect(try db.contact(uid).followups.map(\.status) == ["sent", "pending"])
  }

  @Test func retryingAnUncertainSendKeepsItsMessageId() throws {
    _ = try add("a", "山田 太郎", email: "t@a.example.jp")
    let t0 = ISOTime.parse("2026-11-30T09:31:00+09:00")!
    let id = try db.dueMail(now: t0)[0].followUpId
    _ = try db.claimForSending(id, messageId: "<m1@a>", subject: "s", now: t0)
    try db.resolveUncertain(id, delivered: false, planner: planner, now: t0)
    #expect(try db.dueMail(now: t0).map(\.messageId) == ["<m1@a>"])
  }

  @Test func aStopStatusCancelsTheCadenceAndWonQueuesKickoff() throws {
    let uid = try add("a", "山田 太郎", email: "t@a.example.jp")
    var d = try db.setStatus(uid, .deliberating, planner: planner, rules: rules, now: now)
    #expect(try pending(uid).count == 1)
    d = try db.setStatus(uid, .won, planner: planner, rules: rules, now: now)
    #expect(d.status == "won")
    let open = try pending(uid)
    #expect(open.map(\.kind) == ["kickoff_task", "kickoff_task"])
    #expect(open.map(\.title) == ["Send the kickoff agenda", "Kickoff meeting"])
    #expect(open.map { ISOTime.string($0.due) } == ["2026-11-30T17:00:00+09:00", "2026-12-02T17:00:00+09:00"])
    #expect(d.followups.contains { $0.kind == "intro_email" && $0.status == "cancelled" })
  }

  @Test func resumingAfterAStopQueuesTheNextStep() throws {
    let uid = try add("a", "山田 太郎", email: "t@a.example.jp")
    _ = try db.setStatus(uid, .dormant, planner: planner, rules: rules, now: now)
    #expect(try pending(uid).isEmpty)
    _ = try db.setStatus(uid, .deliberating, planner: planner, rules: rules, now: now)
    #expect(try pending(uid).map(\.kind) == ["intro_email"])
  }

  @Test func aReplyStopsTheEmailsAndResetsGoingCold() throws {
    let uid = try add("a", "山田 太郎", email: "t@a.example.jp")
    let old = now.addingTimeInterval(35 * 86_400)
    #expect(try db.goingCold(before: old).contacts.map(\.uid) == [uid])
    #expect(try db.goingCold(before: old).total == 1)
    let d = try db.touch(uid, kind: .reply, note: "検討します", at: now.addingTimeInterval(40 * 86_400), rules: rules, now: now)
    #expect(d.status == "contacted")
    #expect(try pending(uid).isEmpty)
    #expect(try db.goingCold(before: old).total == 0)
  }

  @Test func pausedContactsAreNotDueAndResumeMovesOverdueOnes() throws {
    let uid = try add("a", "山田 太郎", email: "t@a.example.jp")
    _ = try db.setPaused(uid, true, planner: planner, now: now)
    let later = ISOTime.parse("2026-12-02T12:10:00+09:00")!
    #expect(try db.dueMail(now: later).isEmpty)
    #expect(try db.pendingFollowUps(dueBefore: later).isEmpty)
    _ = try db.setPaused(uid, false, planner: planner, now: later)
    let f = try pending(uid)
    #expect(f.map { ISOTime.string($0.due) } == ["2026-12-02T13:30:00+09:00"])
  }

  @Test func doneCallQueuesTheNextStep() throws {
    let steps = [
      CadenceStep(kind: "call", channel: .call, afterBusinessDays: 1),
      CadenceStep(kind: "follow_up_email", channel: .email, afterBusinessDays: 2),
    ]
    let p = FollowUpPlanner(steps: steps)
    let card = CardInput(
      sha256: "x", path: "/x.png", event: nil, metDate: CivilDate("2026-11-27")!, ocr: OCRResult(lines: []),
      parsed: ParsedCard(contact: ContactFields(name: "山田 太郎"), confidence: ["name": 0.9]))
    let uid = try db.ingest(card, planner: p, now: now).dedupe.contactUID
    let call = try pending(uid)[0]
    #expect(call.channel == "call")
    _ = try db.completeFollowUp(call.id, planner: p, now: ISOTime.parse("2026-11-30T11:00:00+09:00")!)
    #expect(try pending(uid).map(\.kind) == ["follow_up_email"])
    #expect(throws: StoreError.self) { try db.completeFollowUp(call.id, planner: p, now: now) }
  }

  @Test func searchFindsKanjiKanaRomajiCompanyAndEmail() throws {
    let card = CardInput(
      sha256: "s1", path: "/s1.png", event: nil, metDate: CivilDate("2026-11-27")!, ocr: OCRResult(lines: []),
      parsed: ParsedCard(
        contact: ContactFields(
          name: "山田 太郎", nameKana: "やまだ たろう", nameLatin: "Taro Yamada", company: "株式会社サクラテクノロジー",
          emails: ["t.yamada@sakura.example.jp"]),
        confidence: ["name": 0.9]))
    let uid = try db.ingest(card, planner: planner, now: now).dedupe.contactUID
    _ = try add("s2", "佐藤 花子")
    for q in ["山田", "山田太郎", "やまだ", "yamada", "YAMADA", "サクラ", "テクノロジー", "sakura.example", "田"] {
      #expect(try db.search(q).map(\.uid) == [uid], "\(q)")
    }
    #expect(try db.search("鈴木").isEmpty)
  }
}
