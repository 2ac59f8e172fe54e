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

/// The fixes from the review of 2026-11-29: merges, stops, corrections.
@Suite struct ReviewFixesTests {
  let planner = FollowUpPlanner()
  let rules = CadenceRules()
  let now = ISOTime.parse("2026-11-27T20:00:00+09:00")!
  let sendTime = ISOTime.parse("2026-11-30T09:40:00+09:00")!
  let db: AppDatabase

  init() throws {
    let dir = try Fixtures.temporaryDirectory("fixes")
    db = try AppDatabase.open(path: dir.appendingPathComponent("meishi.sqlite").path)
  }

  func add(_ sha: String, _ fields: ContactFields, met: String = "2026-11-27") throws -> String {
    let card = CardInput(
      sha256: sha, path: "/\(sha).png", event: nil, metDate: CivilDate(met)!, ocr: OCRResult(lines: []),
      parsed: ParsedCard(contact: fields, confidence: ["name": 0.95]))
    return try db.ingest(card, planner: planner, now: now).dedupe.contactUID
  }

  func sendIntro(_ uid: String) throws {
    let mail = try #require(try db.dueMail(now: sendTime).first { $0.contactUID == uid })
    _ = try db.claimForSending(mail.followUpId, messageId: "<m-\(uid)@x>", subject: "s", now: sendTime)
    try db.markSent(mail.followUpId, planner: planner, rules: rules, now: sendTime)
  }

  @Test func mergingNeverSendsASecondIntro() throws {
    let a = try add("a", ContactFields(name: "佐藤 健", company: "東洋精機", emails: ["ken@toyo.example.jp"]))
    let b = try add("b", ContactFields(name: "佐藤 健", company: "東洋精機", emails: ["sato@toyo.example.jp"]))
    _ = try db.accept(b, planner: planner, now: now)
    try sendIntro(b)  // b got its intro; a's is still pending
    let d = try db.merge(keep: a, other: b, now: now)
    let pending = d.followups.filter { $0.status == "pending" }
    #expect(pending.map(\.kind) == ["follow_up_email"])  // the next step only, once
    #expect(d.followups.contains { $0.kind == "intro_email" && $0.status == "sent" })
    #expect(try db.dueMail(now: sendTime.addingTimeInterval(3600)).isEmpty)
  }

  @Test func confirmingASendDoesNotRestartAStoppedCadence() throws {
    let a = try add("a", ContactFields(name: "佐藤 健", company: "東洋精機", emails: ["ken@toyo.example.jp"]))
    let mail = try #require(try db.dueMail(now: sendTime).first)
    _ = try db.claimForSending(mail.followUpId, messageId: "<m1@x>", subject: "s", now: sendTime)
    _ = try db.setStatus(a, .meeting, planner: planner, rules: rules, now: sendTime)
    try db.resolveUncertain(mail.followUpId, delivered: true, planner: planner, rules: rules, now: sendTime)
    #expect(try db.contact(a).followups.filter { $0.status == "pending" }.isEmpty)
  }

  @Test func unmergeKeepsWhatHappenedAfterTheMerge() throws {
    let a = try add("a", ContactFields(name: "佐藤 健", company: "東洋精機", title: "課長", emails: ["ken@toyo.example.jp"]), met: "2026-01-10")
    let b = try add("b", ContactFields(name: "佐藤 健", company: "東洋精機", title: "部長", emails: ["sato@toyo.example.jp"]))
    _ = try db.merge(keep: a, other: b, now: now)
    _ = try db.setStatus(a, .won, planner: planner, rules: rules, now: now)
    _ = try db.setFields(a, ["department": "営業部"], now: now)
    let (kept, _) = try db.unmerge(b, now: now)
    #expect(kept.status == "won")
    #expect(kept.contact.title == "課長")  // the merge's change, undone
    #expect(kept.contact.department == "営業部")  // set after the merge, kept
  }

  @Test func aMergedUidActsOnThePersonItWasMergedInto() throws {
    let a = try add("a", ContactFields(name: "佐藤 健", company: "東洋精機", emails: ["ken@toyo.example.jp"]))
    let b = try add("b", ContactFields(name: "佐藤 健", company: "東洋精機", emails: ["sato@toyo.example.jp"]))
    _ = try db.merge(keep: a, other: b, now: now)
    let d = try db.touch(b, kind: .reply, note: nil, at: now, rules: rules, now: now)
    #expect(d.uid == a)
    #expect(try db.contact(b).mergedInto == a)
  }

  @Test func handCorrectionsSurviveLaterCards() throws {
    let a = try add("a", ContactFields(name: "井上 一志", company: "株式会社サクラ", title: "部長", emails: ["k@s.example.jp"]))
    _ = try db.setFields(a, ["title": "執行役員"], now: now)
    _ = try add("a2", ContactFields(name: "井上 一志", company: "株式会社サクラ", title: "部長", emails: ["k@s.example.jp"]))
    _ = try add("a3", ContactFields(name: "井上 一志", company: "株式会社サクラ", title: "部長", emails: ["k@s.example.jp"]), met: "2026-12-10")
    #expect(try db.contact(a).contact.title == "執行役員")
  }

  @Test func aNewerCardsAddressBecomesPrimary() throws {
    let a = try add("a", ContactFields(name: "山田 太郎", company: "株式会社サクラ", emails: ["taro@sakura.example.jp"], phones: [Phone(kind: .mobile, number: "+819011112222", raw: "090-1111-2222")]))
    _ = try add("b", ContactFields(name: "山田 太郎", company: "株式会社ミドリ", emails: ["taro@midori.example.jp"], phones: [Phone(kind: .mobile, number: "+819011112222", raw: "090-1111-2222")]), met: "2027-03-01")
    let d = try db.contact(a)
    #expect(d.contact.emails.first == "taro@midori.example.jp")
    #expect(d.contact.company == "株式会社ミドリ")
  }

  @Test func setEmailReplacesTheMisreadAddressAndSendHeldExplainsWhy() throws {
    let a = try add("a", ContactFields(name: "山田 太郎", company: "株式会社サクラ", emails: ["taro@sakura.example,jp"]))
    let noMail = try add("b", ContactFields(name: "佐藤 花子", company: "株式会社ミドリ"))
    let held = try db.heldMail(now: sendTime)
    #expect(held.map(\.item.contactUID) == [noMail])
    #expect(held.first?.reason.contains("--set email=") == true)
    let d = try db.setFields(a, ["email": "taro@sakura.example.jp"], now: now)
    #expect(d.contact.emails == ["taro@sakura.example.jp"])
    #expect(throws: StoreError.self) { try db.setFields(a, ["email": "not an address"], now: now) }
  }
}
