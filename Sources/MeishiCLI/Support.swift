import ArgumentParser
import Foundation
import MeishiCore
import MeishiFollowUp
import MeishiStore

/// A failure the user can fix (a missing file, a setting): printed as `Error: …`, exit status 1,
/// without the usage text that a `ValidationError` (a mistyped command line) prints.
struct UserError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// `--store`, shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The store file (default: $MEISHI_STORE, else $XDG_DATA_HOME/meishi/meishi.sqlite, else ~/.local/share/meishi/meishi.sqlite).",
      valueName: "path"))
  var store: String?

  var path: String { chosenPath(store, variable: "MEISHI_STORE", else: AppDatabase.defaultPath) }

  func open() throws -> AppDatabase { try AppDatabase.open(path: path) }
}

/// A file's path: the option's value when given, else the environment variable's, else the
/// default for this environment.
func chosenPath(
  _ option: String?, variable: String, else defaultPath: ([String: String]) -> String
) -> String {
  let env = ProcessInfo.processInfo.environment
  if let option, !option.isEmpty { return option }
  if let value = env[variable], !value.isEmpty { return value }
  return defaultPath(env)
}

/// The current time: `MEISHI_NOW` (ISO 8601) when set, for reproducible runs and tests; else the clock.
enum Clock {
  static func now() throws -> Date {
    guard let s = ProcessInfo.processInfo.environment["MEISHI_NOW"], !s.isEmpty else { return Date() }
    guard let d = ISOTime.parse(s) else {
      throw UserError("MEISHI_NOW must be an ISO 8601 time such as 2026-11-27T18:00:00+09:00, not '\(s)'")
    }
    return d
  }

  static func today() throws -> CivilDate { CivilDate(try now(), in: FollowUpPlanner.tokyo) }
}

/// Writes one JSON object per line to standard output.
enum JSONLines {
  static let encoder: JSONEncoder = {
    let e = JSONEncoder()
    e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
    e.dateEncodingStrategy = .custom { date, encoder in
      var c = encoder.singleValueContainer()
      try c.encode(ISOTime.string(date))
    }
    return e
  }()

  static func print<T: Encodable>(_ value: T) {
    guard let data = try? encoder.encode(value) else { return }
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
  }
}

/// Standard error, for progress and warnings (standard output is for results).
enum Console {
  static func error(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
  }

  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
  private let total: Int
  private let enabled: Bool
  private var done = 0

  init(total: Int, enabled: Bool = Console.stderrIsTerminal) {
    self.total = total
    self.enabled = enabled && total > 1
  }

  func advance(_ label: String) {
    done += 1
    guard enabled else { return }
    let width = 30
    let filled = total == 0 ? width : width * done / total
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let name = label.count > 40 ? "…" + label.suffix(39) : label
    FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(done)/\(total) \(name)".utf8))
  }

  func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }
}

/// Short human descriptions.
enum Describe {
  static func contactLine(_ f: ContactFields) -> String {
    var parts: [String] = []
    parts.append(f.displayName ?? "(no name)")
    if let t = f.title { parts.append(t) }
    if let c = f.company { parts.append(c) }
    if let e = f.emails.first { parts.append(e) }
    // As printed, unless OCR's slips are in it ("O279~-87-9139"): then the number read.
    if let p = f.phones.first {
      let slipped = p.raw.contains { $0.isLetter || "~〜～#,".contains($0) }
      parts.append("\(p.kind.rawValue) \(slipped ? p.number : p.raw)")
    }
    return parts.joined(separator: " · ")
  }

  static func due(_ d: Date) -> String {
    let s = ISOTime.string(d)
    // 2026-11-30T09:30:00+09:00 → 2026-11-30 09:30 (JST)
    return String(s.prefix(10)) + " " + String(s.dropFirst(11).prefix(5)) + " JST"
  }

  static func weekday(_ d: CivilDate) -> String {
    ["日", "月", "火", "水", "木", "金", "土"][d.weekday]
  }
}
