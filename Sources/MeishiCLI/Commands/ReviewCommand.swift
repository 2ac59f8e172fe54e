import ArgumentParser
import MeishiCore
import Foundation
import MeishiFollowUp
import MeishiStore

struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Check cards read with low confidence and possible duplicates, and settle them.",
    subcommands: [ReviewList.self, ReviewAccept.self],
    defaultSubcommand: ReviewList.self)
}

struct ReviewList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the contacts waiting for a decision (the default).")

  @Flag(help: "Print JSON Lines (one object per contact).")
  var json = false

  @OptionGroup var store: StoreOptions

  func run() throws {
    let items = try store.open().reviewQueue()
    if json {
      items.forEach(JSONLines.print)
      return
    }
    if items.isEmpty {
      print("Nothing to review.")
      return
    }
    for item in items {
      let who = [item.name ?? "(no name)", item.company].compactMap { $0 }.joined(separator: ", ")
      print("\(item.uid)  \(who)")
      if let p = item.cardPath { print("  card: \(p)") }
      switch item.reviewState {
      case .duplicate:
        for c in item.candidates {
          print("  may be the same person as \(c.contactUID) \(item.candidateNames[c.contactUID] ?? "") (score \(c.score))")
        }
        if let first = item.candidates.first {
          print("  same person:      meishi merge \(first.contactUID) \(item.uid)")
        }
        print("  different person: meishi review accept \(item.uid)")
      case .fields, .ok:
        let fields = item.fields.sorted { $0.key < $1.key }
          .map { "\($0.key) (\(Int(($0.value * 100).rounded()))%)" }.joined(separator: ", ")
        print("  low confidence: \(fields)")
        print("  see the values: meishi contact \(item.uid)")
        let example = item.fields.keys.sorted().first.map { $0 == "emails" ? "email" : ($0 == "phones" ? "title" : $0) } ?? "title"
        print("  correct one:    meishi contact \(item.uid) --set \(example)=…")
        print("  all correct:    meishi review accept \(item.uid)")
      }
    }
    print("\(items.count) waiting")
  }
}

struct ReviewAccept: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accept",
    abstract: "Accept a contact as it is: a possible duplicate becomes a new contact (and gets its introductory e-mail).")

  @Argument(help: "The contact's uid.")
  var uid: String

  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  func run() throws {
    let d = try store.open().accept(uid, planner: try settings.load().planner, now: try Clock.now())
    print("accepted \(d.uid) \(d.contact.displayName ?? "")")
    for f in d.followups where f.status == "pending" {
      print("  → \(f.kind) due \(Describe.due(f.due))")
    }
  }
}
