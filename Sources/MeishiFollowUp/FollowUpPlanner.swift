public import Foundation
public import MeishiCore

/// A follow-up to put in the store: what, and when.
public struct PlannedFollowUp: Sendable, Equatable {
  public var kind: String
  public var due: Date

  public init(kind: String, due: Date) {
    self.kind = kind
    self.due = due
  }
}

/// Decides when follow-ups are due.
///
/// First version: the introductory e-mail goes out at 09:30 (Asia/Tokyo) on the first
/// Japanese business day after the day the card was received.
public struct FollowUpPlanner: Sendable {
  public var calendar: BusinessCalendar
  public var timeZone: TimeZone
  /// Hour and minute of the introductory e-mail.
  public var introTime: (hour: Int, minute: Int)

  public static let tokyo = TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600)!

  public init(
    calendar: BusinessCalendar = BusinessCalendar(), timeZone: TimeZone = FollowUpPlanner.tokyo,
    introTime: (hour: Int, minute: Int) = (9, 30)
  ) {
    self.calendar = calendar
    self.timeZone = timeZone
    self.introTime = introTime
  }

  /// The follow-ups a new contact gets.
  public func plan(forNewContactMetOn met: CivilDate) -> [PlannedFollowUp] {
    [PlannedFollowUp(kind: "intro_email", due: introDue(metOn: met))]
  }

  /// When the introductory e-mail is due.
  public func introDue(metOn met: CivilDate) -> Date {
    instant(on: calendar.nextBusinessDay(after: met), hour: introTime.hour, minute: introTime.minute)
  }

  /// The instant of a wall-clock time on a date in this planner's time zone.
  public func instant(on date: CivilDate, hour: Int, minute: Int) -> Date {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = timeZone
    let comps = DateComponents(
      year: date.year, month: date.month, day: date.day, hour: hour, minute: minute)
    return cal.date(from: comps) ?? Date(timeIntervalSince1970: 0)
  }
}

/// ISO 8601 with the UTC offset of a time zone, for example `2026-11-30T09:30:00+09:00`.
public enum ISOTime {
  public static func string(_ date: Date, in timeZone: TimeZone = FollowUpPlanner.tokyo) -> String {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = timeZone
    let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let offset = timeZone.secondsFromGMT(for: date)
    let sign = offset < 0 ? "-" : "+"
    let oh = abs(offset) / 3600, om = (abs(offset) % 3600) / 60
    func p(_ v: Int?, _ w: Int = 2) -> String {
      let s = String(v ?? 0)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    let suffix = offset == 0 && timeZone.identifier == "UTC" ? "Z" : "\(sign)\(p(oh)):\(p(om))"
    return "\(p(c.year, 4))-\(p(c.month))-\(p(c.day))T\(p(c.hour)):\(p(c.minute)):\(p(c.second))\(suffix)"
  }

  /// Parses `YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)`.
  public static func parse(_ s: String) -> Date? {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.date(from: s)
  }
}
