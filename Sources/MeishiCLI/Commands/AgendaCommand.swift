import ArgumentParser
import Foundation
import MeishiConfig
import MeishiCore
import MeishiFollowUp
import MeishiStore

struct AgendaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agenda",
    abstract: "Who is due, overdue, coming up, going cold, and sends that need you (Tokyo time).",
    discussion: """
      Buckets: overdue, today, upcoming (the next --days days), problem (a send failed for good, or
      its delivery is uncertain), going_cold (no touch for cadence.going_cold_days), and kickoff
      tasks of won deals among the others. --ics FILE also writes the follow-ups as VTODO items
      with due dates and alarms, for a calendar app.
      """)

  @Option(help: "How many days ahead to show.")
  var days = 7

  @Flag(help: "Print JSON Lines (one object per follow-up or contact, with its `bucket`).")
  var json = false

  @Option(help: ArgumentHelp("Also write the follow-ups to an iCalendar file (VTODO).", valueName: "file"))
  var ics: String?

  @Option(help: "With --json, how many going-cold contacts to list (longest silent first).")
  var coldLimit = 50

  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  struct Entry: Encodable {
    var bucket: String
    var item: FollowUpItem

    func encode(to encoder: any Encoder) throws {
      try item.encode(to: encoder)
      var c = encoder.container(keyedBy: K.self)
      try c.encode(bucket, forKey: .bucket)
    }

    enum K: String, CodingKey { case bucket }
  }

  struct ColdEntry: Encodable {
    var bucket = "going_cold"
    var contact: ColdContact

    func encode(to encoder: any Encoder) throws {
      try contact.encode(to: encoder)
      var c = encoder.container(keyedBy: Entry.K.self)
      try c.encode(bucket, forKey: .bucket)
    }
  }

  func validate() throws {
    if days < 0 { throw ValidationError("--days must be 0 or more") }
  }

  func run() throws {
    let config = try settings.load()
    let db = try store.open()
    let now = try Clock.now()
    let planner = config.planner
    let today = CivilDate(now, in: planner.timeZone)
    let startOfToday = planner.instant(on: today, hour: 0, minute: 0)
    let startOfTomorrow = planner.instant(on: today.adding(days: 1), hour: 0, minute: 0)
    let end = planner.instant(on: today.adding(days: days + 1), hour: 0, minute: 0)
    let items = try db.pendingFollowUps(dueBefore: end)
    var entries = items.map { i -> Entry in
      let bucket = i.due < startOfToday ? "overdue" : (i.due < startOfTomorrow ? "today" : "upcoming")
      return Entry(bucket: bucket, item: i)
    }
    entries += try db.problemFollowUps().map { Entry(bucket: "problem", item: $0) }
    let (coldTotal, cold) = try db.goingCold(
      before: now.addingTimeInterval(-Double(config.goingColdDays) * 86_400), limit: json ? coldLimit : 20)
    if let ics {
      try ICalendar.write(items, to: ics, now: now)
    }
    if json {
      entries.forEach(JSONLines.print)
      cold.forEach { JSONLines.print(ColdEntry(contact: $0)) }
      return
    }
    let reviews = try db.reviewCount()
    print("Agenda for \(today) (\(Describe.weekday(today)))")
    let groups: [(String, String)] = [
      ("problem", "Needs you (failed or uncertain sends)"), ("overdue", "Overdue"), ("today", "Today"),
      ("upcoming", "Next \(days) days"),
    ]
    for (bucket, title) in groups {
      let group = entries.filter { $0.bucket == bucket }
      if bucket == "problem" && group.isEmpty { continue }
      print("\n\(title) (\(group.count))")
      if group.isEmpty { print("  —") }
      for e in group {
        let who = [e.item.contactName ?? "(no name)", e.item.company].compactMap { $0 }.joined(separator: ", ")
        let what = e.item.title ?? e.item.kind
        var line = "  #\(e.item.id) \(Describe.due(e.item.due))  \(what.padding(toLength: 16, withPad: " ", startingAt: 0)) \(who)  [\(e.item.contactUID)]"
        if bucket == "problem" {
          line += e.item.status == "sending" ? "  delivery uncertain: `meishi send --confirm \(e.item.id)` or `--retry \(e.item.id)`" : "  failed: \(e.item.lastError ?? "?")"
        }
        print(line)
      }
    }
    if coldTotal > 0 {
      print("\nGoing cold: no touch in \(config.goingColdDays) days (\(coldTotal))")
      for c in cold {
        print("  \(c.name ?? "(no name)"), \(c.company ?? "-")  [\(c.uid)]  status: \(c.status)  last: \(ISOTime.string(c.lastActivity).prefix(10))")
      }
      if coldTotal > cold.count { print("  … and \(coldTotal - cold.count) more (--json --cold-limit N lists more)") }
    }
    if reviews > 0 {
      print("\n\(reviews) contact\(reviews == 1 ? "" : "s") waiting in `meishi review`.")
    }
    if let ics { print("\nWrote \(items.count) follow-ups to \(ics)") }
  }
}
