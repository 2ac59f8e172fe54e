import ArgumentParser
import Foundation
import MeishiCore
import MeishiFollowUp
import MeishiStore

/// Parses a value of a string-backed enum, or explains which values there are.
func parseChoice<T: RawRepresentable & CaseIterable>(_ s: String, _ what: String) throws -> T where T.RawValue == String {
  guard let v = T(rawValue: s.lowercased()) else {
    throw ValidationError("'\(s)' is not a \(what); use one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
  }
  return v
}

struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Set a contact's status: met, contacted, meeting, deliberating, won, lost or dormant.",
    discussion: """
      meeting, won, lost and dormant stop the follow-up cadence (cadence.stop_statuses); going back
      to an active status picks it up again. won also queues the kickoff tasks (kickoff.tasks), due
      within 1–3 business days: once a buyer says yes, they expect action at once.
      """)

  @Argument(help: "The contact's uid.") var uid: String
  @Argument(help: "The new status.") var status: String

  func validate() throws { let _: ContactStatus = try parseChoice(status, "status") }
  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  func run() throws {
    let config = try settings.load()
    let d = try store.open().setStatus(uid, try parseChoice(status, "status"), planner: config.planner, rules: config.rules, now: try Clock.now())
    print("\(d.uid) \(d.contact.displayName ?? "") is now \(d.status)")
    for f in d.followups where f.status == "pending" {
      print("  → #\(f.id) \(f.title ?? f.kind) due \(Describe.due(f.due))")
    }
  }
}

struct TouchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "touch",
    abstract: "Record a reply, call, meeting or note; it resets the going-cold clock.",
    discussion: "A reply, call or meeting also stops the e-mail cadence (cadence.touch_stops_cadence).")

  @Argument(help: "The contact's uid.") var uid: String
  @Option(help: "What happened: note, reply, call, meeting or email.") var kind = "note"
  @Option(help: "What was said or agreed.") var note: String?
  @Option(help: ArgumentHelp("When (YYYY-MM-DD or ISO 8601; default: now).", valueName: "time")) var at: String?
  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  func run() throws {
    let now = try Clock.now()
    var when = now
    if let at {
      if let d = ISOTime.parse(at) {
        when = d
      } else if let day = CivilDate(at) {
        when = FollowUpPlanner().instant(on: day, hour: 12, minute: 0)
      } else {
        throw ValidationError("--at must be a date like 2026-12-01 or a time like 2026-12-01T15:00:00+09:00")
      }
    }
    let config = try settings.load()
    let kind: TouchKind = try parseChoice(self.kind, "kind of touch")
    let d = try store.open().touch(uid, kind: kind, note: note, at: when, rules: config.rules, now: now)
    print("recorded \(kind.rawValue) for \(d.uid) \(d.contact.displayName ?? "") (status: \(d.status))")
  }
}

struct PauseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pause", abstract: "Pause a contact's follow-ups (nothing is sent or shown as due).")
  @Argument(help: "The contact's uid.") var uid: String
  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  func run() throws {
    let d = try store.open().setPaused(uid, true, planner: try settings.load().planner, now: try Clock.now())
    print("paused \(d.uid) \(d.contact.displayName ?? "")")
  }
}

struct ResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume", abstract: "Resume a paused contact; overdue follow-ups move to the next sending slot.")
  @Argument(help: "The contact's uid.") var uid: String
  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  func run() throws {
    let d = try store.open().setPaused(uid, false, planner: try settings.load().planner, now: try Clock.now())
    print("resumed \(d.uid) \(d.contact.displayName ?? "")")
    for f in d.followups where f.status == "pending" {
      print("  → #\(f.id) \(f.title ?? f.kind) due \(Describe.due(f.due))")
    }
  }
}

struct DoneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "done", abstract: "Mark a call or task done (its number is in `meishi agenda`); the cadence moves on.")
  @Argument(help: "The follow-up's number.") var id: Int64
  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  func run() throws {
    let config = try settings.load()
    let f = try store.open().completeFollowUp(id, planner: config.planner, rules: config.rules, now: try Clock.now())
    print("done: #\(f.id) \(f.title ?? f.kind) for \(f.contactName ?? f.contactUID)")
  }
}
