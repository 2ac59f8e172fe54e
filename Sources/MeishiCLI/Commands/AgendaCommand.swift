import ArgumentParser
import Foundation
import MeishiCore
import MeishiFollowUp
import MeishiStore

struct AgendaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agenda",
    abstract: "Follow-ups that are overdue, due today, and due in the next days (Tokyo time).")

  @Option(help: "How many days ahead to show.")
  var days = 7

  @Flag(help: "Print JSON Lines (one object per follow-up, with its `bucket`).")
  var json = false

  @OptionGroup var store: StoreOptions

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

  func validate() throws {
    if days < 0 { throw ValidationError("--days must be 0 or more") }
  }

  func run() throws {
    let db = try store.open()
    let now = try Clock.now()
    let planner = FollowUpPlanner()
    let today = CivilDate(now, in: planner.timeZone)
    let startOfToday = planner.instant(on: today, hour: 0, minute: 0)
    let startOfTomorrow = planner.instant(on: today.adding(days: 1), hour: 0, minute: 0)
    let end = planner.instant(on: today.adding(days: days + 1), hour: 0, minute: 0)
    let items = try db.pendingFollowUps(dueBefore: end)
    let entries = items.map { i -> Entry in
      let bucket = i.due < startOfToday ? "overdue" : (i.due < startOfTomorrow ? "today" : "upcoming")
      return Entry(bucket: bucket, item: i)
    }
    if json {
      entries.forEach(JSONLines.print)
      return
    }
    let reviews = try db.reviewCount()
    print("Agenda for \(today) (\(Describe.weekday(today)))")
    for (bucket, title) in [("overdue", "Overdue"), ("today", "Today"), ("upcoming", "Next \(days) days")] {
      let group = entries.filter { $0.bucket == bucket }
      print("\n\(title) (\(group.count))")
      if group.isEmpty { print("  —") }
      for e in group {
        let who = [e.item.contactName ?? "(no name)", e.item.company].compactMap { $0 }.joined(separator: ", ")
        print("  \(Describe.due(e.item.due))  \(e.item.kind.padding(toLength: 12, withPad: " ", startingAt: 0)) \(who)  [\(e.item.contactUID)]")
      }
    }
    if reviews > 0 {
      print("\n\(reviews) contact\(reviews == 1 ? "" : "s") waiting in `meishi review`.")
    }
  }
}
