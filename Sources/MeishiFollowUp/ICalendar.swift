public import Foundation

/// A to-do for a calendar app.
public struct CalendarTodo: Sendable, Equatable {
  public var uid: String
  public var summary: String
  public var description: String
  public var due: Date
  /// Minutes before `due` when the calendar app should remind.
  public var alarmMinutesBefore: Int

  public init(uid: String, summary: String, description: String, due: Date, alarmMinutesBefore: Int = 15) {
    self.uid = uid
    self.summary = summary
    self.description = description
    self.due = due
    self.alarmMinutesBefore = alarmMinutesBefore
  }
}

/// iCalendar (RFC 5545) output: VTODO items with due dates and alarms.
public enum ICalendar {
  public static func document(_ todos: [CalendarTodo], now: Date) -> String {
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//meishi//follow-ups//EN", "CALSCALE:GREGORIAN",
    ]
    for t in todos {
      lines += [
        "BEGIN:VTODO",
        "UID:\(escape(t.uid))",
        "DTSTAMP:\(utc(now))",
        "DUE:\(utc(t.due))",
        "SUMMARY:\(escape(t.summary))",
        "DESCRIPTION:\(escape(t.description))",
        "STATUS:NEEDS-ACTION",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:\(escape(t.summary))",
        "TRIGGER:-PT\(max(0, t.alarmMinutesBefore))M",
        "END:VALARM",
        "END:VTODO",
      ]
    }
    lines.append("END:VCALENDAR")
    return lines.map(fold).joined(separator: "\r\n") + "\r\n"
  }

  /// TEXT escaping: backslash, semicolon, comma, newline.
  static func escape(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "\\": out += "\\\\"
      case ";": out += "\\;"
      case ",": out += "\\,"
      case "\n", "\r\n": out += "\\n"
      case "\r": continue
      default: out.append(ch)
      }
    }
    return out
  }

  /// Folds a content line at 75 octets without splitting a UTF-8 sequence.
  static func fold(_ line: String) -> String {
    var out = ""
    var count = 0
    for ch in line {
      let n = String(ch).utf8.count
      if count + n > 75 {
        out += "\r\n "
        count = 1
      }
      out.append(ch)
      count += n
    }
    return out
  }

  static func utc(_ d: Date) -> String {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC") ?? .current
    let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
    func p(_ v: Int?, _ w: Int = 2) -> String {
      let s = String(v ?? 0)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    return "\(p(c.year, 4))\(p(c.month))\(p(c.day))T\(p(c.hour))\(p(c.minute))\(p(c.second))Z"
  }
}
