import Foundation
import MeishiCore
import MeishiFollowUp
import Testing

@Suite struct BusinessCalendarTests {
  let cal = BusinessCalendar()

  @Test func knowsNationalHolidays() throws {
    #expect(cal.holidayName(on: try #require(CivilDate("2026-11-23"))) == "勤労感謝の日")
    #expect(cal.holidayName(on: try #require(CivilDate("2019-05-01"))) != nil)  // one-off: the accession
    #expect(cal.holidayName(on: try #require(CivilDate("2020-07-24"))) == "スポーツの日")  // moved for the Olympics
    #expect(cal.holidayName(on: try #require(CivilDate("2026-11-24"))) == nil)
    // Beyond the Cabinet Office's published list (which ends in 2027): computed.
    #expect(cal.holidayName(on: try #require(CivilDate("2035-11-23"))) == "勤労感謝の日")
  }

  @Test(arguments: [
    ("2026-11-27", "2026-11-30"),  // Friday → Monday
    ("2026-11-20", "2026-11-24"),  // Friday → Tuesday (Monday 23rd is 勤労感謝の日)
    ("2026-04-28", "2026-04-30"),  // 29th is 昭和の日
    ("2026-05-01", "2026-05-07"),  // Golden Week: 2–6 May off (5/6 振替休日)
    ("2026-09-18", "2026-09-24"),  // 21 敬老の日, 22 国民の休日, 23 秋分の日
    ("2025-12-26", "2026-01-05"),  // 年末年始: 29 Dec – 3 Jan closed, 27/28 weekend
    ("2027-01-08", "2027-01-12"),  // 11 Jan 2027 is 成人の日 (second Monday)
  ])
  func nextBusinessDay(met: String, expected: String) throws {
    let d = try #require(CivilDate(met))
    #expect(cal.nextBusinessDay(after: d).description == expected)
  }

  @Test func yearEndCanBeOpen() throws {
    let open = BusinessCalendar(yearEndClosed: false)
    #expect(open.nextBusinessDay(after: try #require(CivilDate("2025-12-29"))).description == "2025-12-30")
    #expect(cal.closure(on: try #require(CivilDate("2025-12-30"))) == "年末年始")
  }

  @Test func companyHolidaysAreClosedToo() throws {
    let closed = try #require(CivilDate("2026-11-30"))
    let c = BusinessCalendar(extraClosedDays: [closed])
    #expect(c.nextBusinessDay(after: try #require(CivilDate("2026-11-27"))).description == "2026-12-01")
  }
}

@Suite struct FollowUpPlannerTests {
  @Test func introIsAt0930TokyoOnTheNextBusinessDay() throws {
    let planner = FollowUpPlanner()
    let plan = planner.plan(forNewContactMetOn: try #require(CivilDate("2026-11-27")))
    #expect(plan.count == 1)
    #expect(plan[0].kind == "intro_email")
    #expect(ISOTime.string(plan[0].due) == "2026-11-30T09:30:00+09:00")
    // The same instant in UTC.
    #expect(plan[0].due == ISOTime.parse("2026-11-30T00:30:00Z"))
  }

  @Test func isoTimeRoundTrips() throws {
    let d = try #require(ISOTime.parse("2026-12-01T17:05:09+09:00"))
    #expect(ISOTime.string(d) == "2026-12-01T17:05:09+09:00")
  }
}
