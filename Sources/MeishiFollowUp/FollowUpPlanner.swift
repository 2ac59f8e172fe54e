public import Foundation
public import MeishiCore

/// How a follow-up is carried out.
public enum FollowUpChannel: String, Sendable, Codable {
  case email, call, task
}

/// One step of a cadence: `kind` is due `afterBusinessDays` after the previous step.
public struct CadenceStep: Sendable, Equatable {
  public var kind: String
  public var channel: FollowUpChannel
  public var afterBusinessDays: Int

  public init(kind: String, channel: FollowUpChannel, afterBusinessDays: Int) {
    self.kind = kind
    self.channel = channel
    self.afterBusinessDays = afterBusinessDays
  }
}

/// A follow-up to put in the store: what, and when.
public struct PlannedFollowUp: Sendable, Equatable {
  public var kind: String
  public var channel: FollowUpChannel
  /// The cadence step (nil for tasks outside the cadence).
  public var step: Int?
  public var due: Date
  public var title: String?

  public init(kind: String, channel: FollowUpChannel = .email, step: Int? = nil, due: Date, title: String? = nil) {
    self.kind = kind
    self.channel = channel
    self.step = step
    self.due = due
    self.title = title
  }
}

/// Decides when follow-ups are due: on business days, inside the sending windows, in the
/// contact's time zone, spread out so a batch of new contacts is not all due at one minute.
///
/// The introductory e-mail (the first step) is due at 09:30 on the first business day after the
/// day the card was received; each later step a number of business days after the previous one;
/// after the last step, a keep-in-touch e-mail every `keepInTouchDays` days.
public struct FollowUpPlanner: Sendable {
  public var calendar: BusinessCalendar
  public var timeZone: TimeZone
  public var steps: [CadenceStep]
  /// Sending windows, in minutes after midnight (default 09:00–11:30 and 13:30–17:00).
  public var windows: [ClosedRange<Int>]
  /// The first minute used in a day (default 09:30), if inside a window.
  public var preferredMinute: Int
  /// Minutes between two follow-ups due on the same day.
  public var spreadMinutes: Int
  /// Days between keep-in-touch e-mails after the last step (0: none).
  public var keepInTouchDays: Int

  public static let tokyo = TimeZone(identifier: "Asia/Tokyo") ?? TimeZone(secondsFromGMT: 9 * 3600)!

  public static let defaultSteps: [CadenceStep] = [
    CadenceStep(kind: "intro_email", channel: .email, afterBusinessDays: 1),
    CadenceStep(kind: "follow_up_email", channel: .email, afterBusinessDays: 5),
    CadenceStep(kind: "call", channel: .call, afterBusinessDays: 5),
    CadenceStep(kind: "follow_up_email", channel: .email, afterBusinessDays: 10),
  ]

  public init(
    calendar: BusinessCalendar = BusinessCalendar(), timeZone: TimeZone = FollowUpPlanner.tokyo,
    steps: [CadenceStep] = FollowUpPlanner.defaultSteps,
    windows: [ClosedRange<Int>] = [540...690, 810...1020], preferredMinute: Int = 570,
    spreadMinutes: Int = 2, keepInTouchDays: Int = 30
  ) {
    self.calendar = calendar
    self.timeZone = timeZone
    self.steps = steps.isEmpty ? FollowUpPlanner.defaultSteps : steps
    self.windows = windows.isEmpty ? [540...690, 810...1020] : windows.sorted { $0.lowerBound < $1.lowerBound }
    self.preferredMinute = preferredMinute
    self.spreadMinutes = max(0, spreadMinutes)
    self.keepInTouchDays = max(0, keepInTouchDays)
  }

  /// The same planner for a contact in another time zone: Japan's holidays and 年末年始 apply
  /// only to contacts in Japan; elsewhere only weekends are skipped.
  public func forContact(in zone: TimeZone) -> FollowUpPlanner {
    var p = self
    p.timeZone = zone
    if zone.identifier != FollowUpPlanner.tokyo.identifier && zone.identifier != "Japan" {
      p.calendar.nationalHolidays = false
    }
    return p
  }

  /// The follow-ups a new contact gets: the first step of the cadence.
  public func plan(forNewContactMetOn met: CivilDate, taken: Set<Date> = []) -> [PlannedFollowUp] {
    [step(0, after: met, taken: taken)].compactMap { $0 }
  }

  /// When the introductory e-mail is due, with no other follow-up that day.
  public func introDue(metOn met: CivilDate) -> Date {
    slot(on: calendar.nextBusinessDay(after: met), taken: [])
  }

  /// Step `index` of the cadence, counted from the day the previous step was done (or the
  /// met date for the first); past the last step, a keep-in-touch e-mail (nil when those are off).
  public func step(_ index: Int, after day: CivilDate, taken: Set<Date>) -> PlannedFollowUp? {
    if index < steps.count {
      let s = steps[index]
      var d = day
      for _ in 0..<max(1, s.afterBusinessDays) { d = calendar.nextBusinessDay(after: d) }
      return PlannedFollowUp(kind: s.kind, channel: s.channel, step: index, due: slot(on: d, taken: taken))
    }
    guard keepInTouchDays > 0 else { return nil }
    let d = calendar.businessDay(onOrAfter: day.adding(days: keepInTouchDays))
    return PlannedFollowUp(kind: "keep_in_touch_email", channel: .email, step: steps.count, due: slot(on: d, taken: taken))
  }

  /// Tasks created when a contact is won, each due at the end of its day (17:00).
  public func kickoff(_ tasks: [(title: String, withinBusinessDays: Int)], from day: CivilDate) -> [PlannedFollowUp] {
    tasks.map { t in
      var d = calendar.businessDay(onOrAfter: day)
      for _ in 0..<t.withinBusinessDays { d = calendar.nextBusinessDay(after: d) }
      let end = windows.last?.upperBound ?? 1020
      return PlannedFollowUp(
        kind: "kickoff_task", channel: .task, step: nil, due: instant(on: d, minute: end), title: t.title)
    }
  }

  /// The first free slot on `day` (a business day) from the preferred minute, `spreadMinutes`
  /// apart, inside the windows; when the day is full, the next business day.
  public func slot(on day: CivilDate, taken: Set<Date>) -> Date {
    var d = calendar.businessDay(onOrAfter: day)
    for _ in 0..<366 {
      // Windows that end before the preferred minute are not used; the rest from the
      // preferred minute (or their start, when later).
      for w in windows where w.upperBound >= preferredMinute {
        let first = max(w.lowerBound, preferredMinute)
        // One calendar conversion per window (no clock change happens inside a daytime window).
        let start = instant(on: d, minute: first)
        var m = first
        while m <= w.upperBound {
          let t = start.addingTimeInterval(Double(m - first) * 60)
          if !taken.contains(t) || spreadMinutes == 0 { return t }
          m += spreadMinutes
        }
      }
      d = calendar.nextBusinessDay(after: d)
    }
    return instant(on: d, minute: preferredMinute)
  }

  /// The first slot at or after `instant` (for retries and resumed contacts).
  public func slot(atOrAfter when: Date, taken: Set<Date>) -> Date {
    let day = CivilDate(when, in: timeZone)
    if calendar.isBusinessDay(day) {
      let minute = minuteOfDay(when)
      for w in windows where w.upperBound >= minute {
        var m = max(w.lowerBound, minute)
        while m <= w.upperBound {
          let t = instant(on: day, minute: m)
          if t >= when && !taken.contains(t) { return t }
          m += max(1, spreadMinutes)
        }
      }
    }
    var p = self
    p.preferredMinute = windows.first?.lowerBound ?? preferredMinute
    return p.slot(on: calendar.nextBusinessDay(after: day), taken: taken)
  }

  /// Whether an instant falls inside a sending window on a business day.
  public func isSendingTime(_ when: Date) -> Bool {
    let day = CivilDate(when, in: timeZone)
    let m = minuteOfDay(when)
    return calendar.isBusinessDay(day) && windows.contains { $0.contains(m) }
  }

  func minuteOfDay(_ when: Date) -> Int {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = timeZone
    let c = cal.dateComponents([.hour, .minute], from: when)
    return (c.hour ?? 0) * 60 + (c.minute ?? 0)
  }

  /// The instant of a wall-clock time on a date in this planner's time zone.
  public func instant(on date: CivilDate, hour: Int, minute: Int) -> Date {
    instant(on: date, minute: hour * 60 + minute)
  }

  func instant(on date: CivilDate, minute: Int) -> Date {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = timeZone
    let comps = DateComponents(
      year: date.year, month: date.month, day: date.day, hour: minute / 60, minute: minute % 60)
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

/// The time zone of a contact: Japan unless the card's phones say otherwise.
public enum ContactTimeZone {
  /// Country calling code → a representative time zone (the capital's).
  static let byCallingCode: [String: String] = [
    "81": "Asia/Tokyo", "1": "America/New_York", "44": "Europe/London", "49": "Europe/Berlin",
    "33": "Europe/Paris", "39": "Europe/Rome", "34": "Europe/Madrid", "31": "Europe/Amsterdam",
    "41": "Europe/Zurich", "46": "Europe/Stockholm", "82": "Asia/Seoul", "86": "Asia/Shanghai",
    "852": "Asia/Hong_Kong", "886": "Asia/Taipei", "65": "Asia/Singapore", "66": "Asia/Bangkok",
    "84": "Asia/Ho_Chi_Minh", "62": "Asia/Jakarta", "60": "Asia/Kuala_Lumpur", "63": "Asia/Manila",
    "91": "Asia/Kolkata", "61": "Australia/Sydney", "64": "Pacific/Auckland", "971": "Asia/Dubai",
  ]

  /// Country names in an address → a representative time zone.
  static let byCountryName: [(String, String)] = [
    ("japan", "Asia/Tokyo"), ("united kingdom", "Europe/London"), (", uk", "Europe/London"),
    ("england", "Europe/London"), ("london", "Europe/London"), ("usa", "America/New_York"),
    ("united states", "America/New_York"), ("germany", "Europe/Berlin"), ("france", "Europe/Paris"),
    ("singapore", "Asia/Singapore"), ("korea", "Asia/Seoul"), ("china", "Asia/Shanghai"),
    ("hong kong", "Asia/Hong_Kong"), ("taiwan", "Asia/Taipei"), ("australia", "Australia/Sydney"),
  ]

  /// The zone from the first phone with a country code, else from a country named in the
  /// address; Japan when neither says otherwise.
  public static func guess(_ contact: ContactFields) -> TimeZone {
    for p in contact.phones where p.number.hasPrefix("+") {
      let digits = p.number.dropFirst()
      for len in [3, 2, 1] where digits.count > len {
        if let id = byCallingCode[String(digits.prefix(len))], let tz = TimeZone(identifier: id) {
          return tz
        }
      }
    }
    if let address = contact.address?.lowercased() {
      for (name, id) in byCountryName where address.contains(name) {
        if let tz = TimeZone(identifier: id) { return tz }
      }
    }
    return FollowUpPlanner.tokyo
  }
}
