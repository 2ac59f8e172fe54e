public import MeishiCore

/// Which days are Japanese business days: not a weekend, not a national holiday
/// (computed by ``JapaneseHolidays`` for 1948–2150), not 年末年始 (29 December – 3 January,
/// unless turned off) and not one of the company's own days off.
///
/// ```swift
/// let cal = BusinessCalendar()
/// cal.nextBusinessDay(after: CivilDate("2026-11-20")!)  // 2026-11-24: the 23rd is 勤労感謝の日
/// ```
public struct BusinessCalendar: Sendable {
  /// Extra days off (company holidays).
  public var extraClosedDays: Set<CivilDate>
  /// Whether 29 December – 3 January is closed (most Japanese companies are).
  public var yearEndClosed: Bool
  /// Whether Japan's national holidays are closed (false for contacts abroad: weekends only).
  public var nationalHolidays: Bool

  public init(
    extraClosedDays: Set<CivilDate> = [], yearEndClosed: Bool = true, nationalHolidays: Bool = true
  ) {
    self.extraClosedDays = extraClosedDays
    self.yearEndClosed = yearEndClosed
    self.nationalHolidays = nationalHolidays
  }

  /// Every national holiday the calendar knows, computed once.
  private static let holidays: [CivilDate: String] = JapaneseHolidays.table(
    years: JapaneseHolidays.supportedYears)

  /// The national holiday's name, or nil on an ordinary day.
  public func holidayName(on date: CivilDate) -> String? { Self.holidays[date] }

  /// Why the day is not a business day, or nil when it is one.
  public func closure(on date: CivilDate) -> String? {
    if nationalHolidays, let name = Self.holidays[date] { return name }
    if date.isWeekend { return date.weekday == 0 ? "日曜日" : "土曜日" }
    if nationalHolidays && yearEndClosed && ((date.month == 12 && date.day >= 29) || (date.month == 1 && date.day <= 3)) {
      return "年末年始"
    }
    if extraClosedDays.contains(date) { return "会社休日" }
    return nil
  }

  public func isBusinessDay(_ date: CivilDate) -> Bool { closure(on: date) == nil }

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
