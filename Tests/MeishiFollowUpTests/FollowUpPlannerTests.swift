import Foundation
import MeishiCore
import MeishiFollowUp
import Testing

@Suite struct CadencePlanningTests {
  let planner = FollowUpPlanner()
  func d(_ s: String) -> CivilDate { CivilDate(s)! }
  func t(_ s: String) -> Date { ISOTime.parse(s)! }
  func iso(_ x: Date) -> String { ISOTime.string(x) }

  @Test func newContactsOnTheSameDayAreSpreadOut() {
    var taken = Set<Date>()
    var dues: [String] = []
    for _ in 0..<3 {
      let p = planner.plan(forNewContactMetOn: d("2026-11-27"), taken: taken)[0]
      taken.insert(p.due)
      dues.append(iso(p.due))
    }
    #expect(dues == ["2026-11-30T09:30:00+09:00", "2026-11-30T09:32:00+09:00", "2026-11-30T09:34:00+09:00"])
  }

  @Test func aFullMorningMovesToTheAfternoonNotLunch() {
    // 09:30 … 11:30 every 2 minutes is 61 slots; the 62nd goes to 13:30.
    var taken = Set<Date>()
    var last = Date()
    for _ in 0..<62 {
      last = planner.slot(on: d("2026-11-30"), taken: taken)
      taken.insert(last)
    }
    #expect(iso(last) == "2026-11-30T13:30:00+09:00")
  }

  @Test func stepsCountBusinessDays() {
    // Intro sent Monday 30 Nov; the next step is 5 business days later: Monday 7 Dec.
    let next = planner.step(1, after: d("2026-11-30"), taken: [])
    #expect(next?.kind == "follow_up_email")
    #expect(next.map { iso($0.due) } == "2026-12-07T09:30:00+09:00")
    let call = planner.step(2, after: d("2026-12-07"), taken: [])
    #expect(call?.channel == .call)
    // Past the last step: keep in touch every 30 days, on a business day.
    let keep = planner.step(4, after: d("2026-12-01"), taken: [])
    #expect(keep?.kind == "keep_in_touch_email")
    #expect(keep.map { iso($0.due) } == "2027-01-04T09:30:00+09:00")  // 31 Dec → 年末年始 → 4 Jan
    var off = planner
    off.keepInTouchDays = 0
    #expect(off.step(4, after: d("2026-12-01"), taken: []) == nil)
  }

  @Test(arguments: [
    ("2026-11-30T12:15:00+09:00", "2026-11-30T13:30:00+09:00"),  // lunch → afternoon window
    ("2026-11-30T22:00:00+09:00", "2026-12-01T09:00:00+09:00"),  // night → next morning
    ("2026-11-28T10:00:00+09:00", "2026-11-30T09:00:00+09:00"),  // Saturday → Monday
    ("2026-11-30T10:07:00+09:00", "2026-11-30T10:07:00+09:00"),  // inside a window: now
  ])
  func retriesAndResumesWaitForASendingWindow(from: String, expected: String) {
    #expect(iso(planner.slot(atOrAfter: t(from), taken: [])) == expected)
  }

  @Test func sendingTimeIsBusinessHoursOnBusinessDays() {
    #expect(planner.isSendingTime(t("2026-11-30T09:45:00+09:00")))
    #expect(!planner.isSendingTime(t("2026-11-30T12:00:00+09:00")))
    #expect(!planner.isSendingTime(t("2026-11-23T10:00:00+09:00")))  // 勤労感謝の日
    #expect(!planner.isSendingTime(t("2026-11-30T02:00:00+09:00")))
  }

  @Test func contactsAbroadGetTheirOwnClockAndNoJapaneseHolidays() throws {
    let london = try #require(TimeZone(identifier: "Europe/London"))
    let uk = ContactFields(phones: [Phone(kind: .mobile, number: "+447911123456", raw: "+44 7911 123456")])
    #expect(ContactTimeZone.guess(uk) == london)
    #expect(ContactTimeZone.guess(ContactFields()) == FollowUpPlanner.tokyo)
    #expect(ContactTimeZone.guess(ContactFields(address: "2 Kingdom Street, Paddington, London, W2 6BD")) == london)
    #expect(ContactTimeZone.guess(ContactFields(address: "東京都港区芝公園4-2-8")) == FollowUpPlanner.tokyo)
    let p = planner.forContact(in: london)
    // Met Friday 20 Nov 2026: Monday 23rd is a Japanese holiday, not a British one.
    let intro = p.plan(forNewContactMetOn: d("2026-11-20"))[0]
    #expect(ISOTime.string(intro.due, in: london) == "2026-11-23T09:30:00+00:00")
  }

  @Test func kickoffTasksAreDueWithinDays() {
    let tasks = planner.kickoff([("Agenda", 1), ("Kickoff meeting", 3)], from: d("2026-11-27"))
    #expect(tasks.map(\.channel) == [.task, .task])
    #expect(tasks.map { iso($0.due) } == ["2026-11-30T17:00:00+09:00", "2026-12-02T17:00:00+09:00"])
    #expect(tasks.map(\.title) == ["Agenda", "Kickoff meeting"])
  }
}

@Suite struct ICalendarTests {
  @Test func todosHaveDueDatesAlarmsAndFoldedLines() {
    let due = ISOTime.parse("2026-11-30T09:30:00+09:00")!
    let doc = ICalendar.document(
      [CalendarTodo(uid: "followup-1@meishi", summary: "intro email: 井上 一志, 株式会社サクラテクノロジー; 営業本部 第一営業部 部長 (長い説明の行を折り返す)", description: "a,b\nc", due: due)],
      now: due)
    #expect(doc.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
    #expect(doc.contains("\r\nDUE:20261130T003000Z\r\n"))
    #expect(doc.contains("TRIGGER:-PT15M"))
    let unfolded = doc.replacingOccurrences(of: "\r\n ", with: "")
    #expect(unfolded.contains("DESCRIPTION:a\\,b\\nc"))
    #expect(unfolded.contains("株式会社サクラテクノロジー\\;"))
    for line in doc.components(separatedBy: "\r\n") {
      #expect(line.utf8.count <= 75)
    }
    #expect(doc.hasSuffix("END:VCALENDAR\r\n"))
  }
}
