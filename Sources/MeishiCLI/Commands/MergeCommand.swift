import ArgumentParser
import MeishiCore
import Foundation
import MeishiStore

struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge two contacts that are the same person.",
    discussion: """
      OTHER's cards, e-mails, phones and pending follow-ups move to KEEP; OTHER stays in the
      store marked as merged (nothing is deleted). The newest card decides the current title.
      """)

  @Argument(help: "The contact to keep.")
  var keep: String

  @Argument(help: "The contact to merge into it.")
  var other: String

  @OptionGroup var store: StoreOptions

  func run() throws {
    let d = try store.open().merge(keep: keep, other: other, now: try Clock.now())
    print("merged \(other) into \(d.uid): \(d.contact.displayName ?? "") — \(d.cards.count) cards")
  }
}

struct UnmergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "unmerge",
    abstract: "Undo a merge: the merged contact gets its cards, e-mails, phones and follow-ups back.")

  @Argument(help: "The contact that was merged into another (OTHER of `meishi merge KEEP OTHER`).")
  var other: String

  @OptionGroup var store: StoreOptions

  func run() throws {
    let (kept, restored) = try store.open().unmerge(other, now: try Clock.now())
    print("restored \(restored.uid) \(restored.contact.displayName ?? "") (\(restored.cards.count) cards); \(kept.uid) has \(kept.cards.count) cards again")
  }
}

struct SplitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "split",
    abstract: "Undo an ingest merge: a card taken for a contact already stored becomes a contact of its own.",
    discussion: """
      For a card that `meishi ingest` merged into an existing contact ([merged] in \
      `meishi contact`) when it is in fact someone else: the card gets a new contact, with its \
      introductory e-mail queued. The contact it was merged into keeps its status, touches and \
      follow-ups; its fields are replayed from its other cards (fields set by hand stay) and it \
      loses the e-mails, phones and URLs that only this card brought.
      """)

  @Argument(help: "The card: its path as `meishi contact` shows it, or its SHA-256 (8 or more leading characters).")
  var card: String

  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  func run() throws {
    let (mine, rest) = try store.open().split(card: card, planner: try settings.load().planner, now: try Clock.now())
    print("split into \(mine.uid) \(mine.contact.displayName ?? ""); \(rest.uid) \(rest.contact.displayName ?? "") keeps \(rest.cards.count) card(s)")
    for f in mine.followups where f.status == "pending" {
      print("  → \(f.kind) due \(Describe.due(f.due))")
    }
  }
}
