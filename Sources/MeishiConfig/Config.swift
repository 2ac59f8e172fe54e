public import Foundation

/// meishi's settings, read from a TOML file (`meishi config --default` prints the defaults).
public struct Config: Sendable, Equatable {
  /// Who the e-mails are from; also the signature and the opt-out block.
  public struct Sender: Sendable, Equatable {
    public var name: String = ""
    public var company: String = ""
    public var title: String = ""
    public var email: String = ""
    public var phone: String = ""
    public var address: String = ""
    public var url: String = ""
  }

  /// How to deliver e-mail.
  public struct SMTP: Sendable, Equatable {
    public enum Security: String, Sendable { case none, starttls, tls }
    public var host: String = ""
    public var port: Int = 587
    public var security: Security = .starttls
    public var username: String = ""
    /// A file holding the password (mode 0600); `MEISHI_SMTP_PASSWORD` wins over it.
    public var passwordFile: String = ""
    public var timeoutSeconds: Int = 30
  }

  /// One step of the follow-up cadence.
  public struct Step: Sendable, Equatable {
    public enum Channel: String, Sendable { case email, call, task }
    /// Follow-up kind (`intro_email`, `follow_up_email`, `call`, …).
    public var kind: String
    public var channel: Channel
    /// Business days after the previous step (for the first step: after the met date).
    public var afterBusinessDays: Int

    public init(kind: String, channel: Channel, afterBusinessDays: Int) {
      self.kind = kind
      self.channel = channel
      self.afterBusinessDays = afterBusinessDays
    }
  }

  /// A task created when a contact is won.
  public struct KickoffTask: Sendable, Equatable {
    public var title: String
    public var withinBusinessDays: Int

    public init(title: String, withinBusinessDays: Int) {
      self.title = title
      self.withinBusinessDays = withinBusinessDays
    }
  }

  public var sender = Sender()
  public var smtp = SMTP()
  /// Time zone for Japanese contacts and the agenda.
  public var timeZone: String = "Asia/Tokyo"
  /// Sending windows within a business day, minutes after midnight.
  public var windows: [ClosedRange<Int>] = [540...690, 810...1020]
  /// Minutes between two sends queued for the same window.
  public var spreadMinutes: Int = 2
  public var yearEndClosed = true
  public var companyHolidays: [String] = []
  public var steps: [Step] = [
    Step(kind: "intro_email", channel: .email, afterBusinessDays: 1),
    Step(kind: "follow_up_email", channel: .email, afterBusinessDays: 5),
    Step(kind: "call", channel: .call, afterBusinessDays: 5),
    Step(kind: "follow_up_email", channel: .email, afterBusinessDays: 10),
  ]
  /// After the last step, a keep-in-touch e-mail every this many days (0: none).
  public var keepInTouchDays = 30
  /// A contact with no touch for this many days is "going cold" in the agenda.
  public var goingColdDays = 42
  /// Statuses that stop the cadence (pending follow-ups are cancelled).
  public var stopStatuses: [String] = ["meeting", "won", "lost", "dormant"]
  /// Whether a recorded reply or meeting (`meishi touch`) stops the cadence.
  public var touchStopsCadence = true
  public var kickoff: [KickoffTask] = [
    KickoffTask(title: "Send the kickoff agenda and introduce the delivery team", withinBusinessDays: 1),
    KickoffTask(title: "Confirm the contract / order details internally", withinBusinessDays: 1),
    KickoffTask(title: "Hold the kickoff meeting", withinBusinessDays: 3),
  ]
  /// A folder of `*.mustache` templates overriding the built-in ones.
  public var templatesDirectory: String = ""

  public init() {}
}

/// A broken configuration file: the message names the file, the line or key, and the fix.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

extension Config {
  /// Reads a configuration file; a missing file gives the defaults.
  public static func load(path: String) throws -> Config {
    guard FileManager.default.fileExists(atPath: path) else { return Config() }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(description: "\(path): cannot be read; check its permissions")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigError(description: "\(path): is not UTF-8 text")
    }
    do {
      return try parse(text)
    } catch let e as TOMLError {
      throw ConfigError(description: "\(path): \(e); fix the file or compare it with `meishi config --default`")
    } catch let e as ConfigError {
      throw ConfigError(description: "\(path): \(e.description)")
    }
  }

  /// Reads configuration text.
  public static func parse(_ text: String) throws -> Config {
    let t = try TOML.parse(text)
    var c = Config()
    func str(_ v: TOMLValue?, _ key: String) throws -> String? {
      guard let v else { return nil }
      guard let s = v.string else { throw ConfigError(description: "\(key) must be a string") }
      return s
    }
    func int(_ v: TOMLValue?, _ key: String, _ range: ClosedRange<Int>) throws -> Int? {
      guard let v else { return nil }
      guard let i = v.integer, range.contains(i) else {
        throw ConfigError(description: "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
      }
      return i
    }
    func bool(_ v: TOMLValue?, _ key: String) throws -> Bool? {
      guard let v else { return nil }
      guard let b = v.boolean else { throw ConfigError(description: "\(key) must be true or false") }
      return b
    }
    let known: Set<String> = ["sender", "smtp", "calendar", "cadence", "kickoff", "templates"]
    for k in t.keys where !known.contains(k) {
      throw ConfigError(description: "unknown section or key '\(k)' (known: \(known.sorted().joined(separator: ", ")))")
    }
    let sectionKeys: [String: Set<String>] = [
      "sender": ["name", "company", "title", "email", "phone", "address", "url"],
      "smtp": ["host", "port", "security", "username", "password_file", "timeout_seconds", "password"],
      "calendar": ["time_zone", "windows", "spread_minutes", "year_end_closed", "company_holidays"],
      "cadence": ["steps", "keep_in_touch_days", "going_cold_days", "stop_statuses", "touch_stops_cadence"],
      "kickoff": ["tasks"],
      "templates": ["directory"],
    ]
    for (section, allowed) in sectionKeys {
      guard let value = t[section] else { continue }
      guard let table = value.table else {
        throw ConfigError(description: "[\(section)] must be a table (a [\(section)] header with keys under it)")
      }
      for k in table.keys where !allowed.contains(k) {
        throw ConfigError(
          description: "unknown key '\(k)' in [\(section)] (known: \(allowed.subtracting(["password"]).sorted().joined(separator: ", ")))")
      }
    }
    if let s = t["sender"] {
      c.sender.name = try str(s["name"], "sender.name") ?? ""
      c.sender.company = try str(s["company"], "sender.company") ?? ""
      c.sender.title = try str(s["title"], "sender.title") ?? ""
      c.sender.email = try str(s["email"], "sender.email") ?? ""
      c.sender.phone = try str(s["phone"], "sender.phone") ?? ""
      c.sender.address = try str(s["address"], "sender.address") ?? ""
      c.sender.url = try str(s["url"], "sender.url") ?? ""
    }
    if let s = t["smtp"] {
      c.smtp.host = try str(s["host"], "smtp.host") ?? ""
      c.smtp.port = try int(s["port"], "smtp.port", 1...65535) ?? c.smtp.port
      if let sec = try str(s["security"], "smtp.security") {
        guard let v = SMTP.Security(rawValue: sec) else {
          throw ConfigError(description: "smtp.security must be \"none\", \"starttls\" or \"tls\", not \"\(sec)\"")
        }
        c.smtp.security = v
      }
      c.smtp.username = try str(s["username"], "smtp.username") ?? ""
      c.smtp.passwordFile = try str(s["password_file"], "smtp.password_file") ?? ""
      c.smtp.timeoutSeconds = try int(s["timeout_seconds"], "smtp.timeout_seconds", 1...600) ?? c.smtp.timeoutSeconds
      if s["password"] != nil {
        throw ConfigError(description: "smtp.password does not belong in the config file; set MEISHI_SMTP_PASSWORD or smtp.password_file (mode 0600)")
      }
    }
    if let s = t["calendar"] {
      if let tz = try str(s["time_zone"], "calendar.time_zone") {
        guard TimeZone(identifier: tz) != nil else {
          throw ConfigError(description: "calendar.time_zone: unknown time zone \"\(tz)\" (for example \"Asia/Tokyo\")")
        }
        c.timeZone = tz
      }
      if let w = s["windows"] {
        guard let list = w.array, !list.isEmpty else {
          throw ConfigError(description: "calendar.windows must be a list like [\"09:00-11:30\", \"13:30-17:00\"]")
        }
        c.windows = try list.map { v in
          guard let text = v.string, let r = parseWindow(text) else {
            throw ConfigError(description: "calendar.windows: \"\(v.string ?? "?")\" is not a window like \"09:00-11:30\"")
          }
          return r
        }
      }
      c.spreadMinutes = try int(s["spread_minutes"], "calendar.spread_minutes", 0...120) ?? c.spreadMinutes
      c.yearEndClosed = try bool(s["year_end_closed"], "calendar.year_end_closed") ?? c.yearEndClosed
      if let h = s["company_holidays"] {
        guard let list = h.array else {
          throw ConfigError(description: "calendar.company_holidays must be a list of dates like [\"2026-12-28\"]")
        }
        c.companyHolidays = try list.map { v in
          guard let d = v.string, d.count == 10, Self.isDate(d) else {
            throw ConfigError(description: "calendar.company_holidays: every entry must be a date like 2026-12-28")
          }
          return d
        }
      }
    }
    if let s = t["cadence"] {
      if let steps = s["steps"] {
        guard let list = steps.array, !list.isEmpty else {
          throw ConfigError(description: "cadence.steps must be a non-empty list of steps")
        }
        c.steps = try list.enumerated().map { n, v in
          let key = "cadence.steps[\(n + 1)]"
          guard let kind = try str(v["kind"], "\(key).kind"), !kind.isEmpty else {
            throw ConfigError(description: "\(key) needs a kind, for example kind = \"follow_up_email\"")
          }
          let channelName = try str(v["channel"], "\(key).channel") ?? (kind.hasSuffix("email") ? "email" : "task")
          guard let channel = Step.Channel(rawValue: channelName) else {
            throw ConfigError(description: "\(key).channel must be \"email\", \"call\" or \"task\"")
          }
          let after = try int(v["after_business_days"], "\(key).after_business_days", 0...365) ?? 1
          return Step(kind: kind, channel: channel, afterBusinessDays: after)
        }
      }
      c.keepInTouchDays = try int(s["keep_in_touch_days"], "cadence.keep_in_touch_days", 0...365) ?? c.keepInTouchDays
      c.goingColdDays = try int(s["going_cold_days"], "cadence.going_cold_days", 1...3650) ?? c.goingColdDays
      if let st = s["stop_statuses"] {
        guard let list = st.array?.compactMap(\.string) else {
          throw ConfigError(description: "cadence.stop_statuses must be a list of statuses")
        }
        c.stopStatuses = list
      }
      c.touchStopsCadence = try bool(s["touch_stops_cadence"], "cadence.touch_stops_cadence") ?? c.touchStopsCadence
    }
    if let s = t["kickoff"], let tasks = s["tasks"] {
      guard let list = tasks.array else {
        throw ConfigError(description: "kickoff.tasks must be a list of { title = \"…\", within_business_days = 1 }")
      }
      c.kickoff = try list.enumerated().map { n, v in
        guard let title = try str(v["title"], "kickoff.tasks[\(n + 1)].title") else {
          throw ConfigError(description: "kickoff.tasks[\(n + 1)] needs a title")
        }
        let within = try int(v["within_business_days"], "kickoff.tasks[\(n + 1)].within_business_days", 0...30) ?? 1
        return KickoffTask(title: title, withinBusinessDays: within)
      }
    }
    if let s = t["templates"] {
      c.templatesDirectory = try str(s["directory"], "templates.directory") ?? ""
    }
    return c
  }

  /// `YYYY-MM-DD` naming a real day.
  static func isDate(_ s: String) -> Bool {
    let p = s.split(separator: "-")
    guard p.count == 3, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), (1...12).contains(m), d >= 1 else {
      return false
    }
    let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return d <= days[m - 1]
  }

  /// `"09:00-11:30"` → 540...690.
  static func parseWindow(_ s: String) -> ClosedRange<Int>? {
    let parts = s.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2, let a = minutes(parts[0]), let b = minutes(parts[1]), a < b else { return nil }
    return a...b
  }

  static func minutes(_ s: String) -> Int? {
    let hm = s.split(separator: ":")
    guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) else {
      return nil
    }
    return h * 60 + m
  }

  /// The default path: `$XDG_CONFIG_HOME/meishi/config.toml`, else `~/.config/meishi/config.toml`.
  public static func defaultPath(environment: [String: String]) -> String {
    if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty { return "\(x)/meishi/config.toml" }
    return "\(environment["HOME"] ?? NSHomeDirectory())/.config/meishi/config.toml"
  }

  /// The documented default configuration.
  public static let defaultText = """
    # meishi configuration (TOML). Every key is optional; these are the defaults.
    # Place it at $XDG_CONFIG_HOME/meishi/config.toml (~/.config/meishi/config.toml) or pass --config.

    [sender]                  # you: the From line, the signature and the opt-out block
    name = ""                 # e.g. "佐藤 花子"
    company = ""              # e.g. "株式会社サンプル"
    title = ""
    email = ""                # the From address
    phone = ""
    address = ""              # required in commercial e-mail by 特定電子メール法
    url = ""

    [smtp]                    # where `meishi send` delivers
    host = ""                 # e.g. "smtp.example.co.jp"; empty: use --outbox DIR or --dry-run
    port = 587
    security = "starttls"     # "none", "starttls" or "tls"
    username = ""
    password_file = ""        # a file (mode 0600) holding the password; MEISHI_SMTP_PASSWORD wins
    timeout_seconds = 30

    [calendar]
    time_zone = "Asia/Tokyo"  # for Japanese contacts and the agenda
    windows = ["09:00-11:30", "13:30-17:00"]   # sending windows on business days (never lunch or night)
    spread_minutes = 2        # minutes between sends queued for the same window
    year_end_closed = true    # 年末年始: 29 December – 3 January
    company_holidays = []     # e.g. ["2026-12-28", "2027-08-13"]

    [cadence]
    # Each step is due this many business days after the previous one (the first: after the met date).
    steps = [
      { kind = "intro_email", channel = "email", after_business_days = 1 },
      { kind = "follow_up_email", channel = "email", after_business_days = 5 },
      { kind = "call", channel = "call", after_business_days = 5 },
      { kind = "follow_up_email", channel = "email", after_business_days = 10 },
    ]
    keep_in_touch_days = 30   # then a keep-in-touch e-mail every 30 days until the status changes (0: none)
    going_cold_days = 42      # no touch for this long: "going cold" in the agenda
    stop_statuses = ["meeting", "won", "lost", "dormant"]
    touch_stops_cadence = true  # a recorded reply, call or meeting stops the e-mail cadence

    [kickoff]                 # tasks created when a contact is marked won
    tasks = [
      { title = "Send the kickoff agenda and introduce the delivery team", within_business_days = 1 },
      { title = "Confirm the contract / order details internally", within_business_days = 1 },
      { title = "Hold the kickoff meeting", within_business_days = 3 },
    ]

    [templates]
    directory = ""            # a folder of *.mustache files overriding the built-in e-mails

    """
}
