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
