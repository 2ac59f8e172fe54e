public import MeishiCore

/// Which days are Japanese business days: not a weekend, not a national holiday.
///
/// ```swift
/// let cal = BusinessCalendar()
/// cal.nextBusinessDay(after: CivilDate(year: 2026, month: 11, day: 27)!)  // 2026-11-30 (Monday)
/// ```
public struct BusinessCalendar: Sendable {
  /// National holidays by date.
  public var holidays: [CivilDate: String]
  /// Extra days off (company holidays).
  public var extraClosedDays: Set<CivilDate>

  public init(
    holidays: [CivilDate: String] = CabinetOfficeHolidays.table,
    extraClosedDays: Set<CivilDate> = []
  ) {
    self.holidays = holidays
    self.extraClosedDays = extraClosedDays
  }

  /// The holiday's name, or nil on an ordinary day.
  public func holidayName(on date: CivilDate) -> String? { holidays[date] }

  public func isBusinessDay(_ date: CivilDate) -> Bool {
    !date.isWeekend && holidays[date] == nil && !extraClosedDays.contains(date)
  }

  /// The first business day strictly after `date`.
  public func nextBusinessDay(after date: CivilDate) -> CivilDate {
    var d = date.adding(days: 1)
    while !isBusinessDay(d) { d = d.adding(days: 1) }
    return d
  }

  /// `date` itself when it is a business day, else the next one.
  public func businessDay(onOrAfter date: CivilDate) -> CivilDate {
    isBusinessDay(date) ? date : nextBusinessDay(after: date)
  }
}
