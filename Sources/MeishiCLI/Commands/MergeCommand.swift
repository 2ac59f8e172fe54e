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
