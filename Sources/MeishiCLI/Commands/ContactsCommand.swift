import ArgumentParser
import MeishiStore

struct ContactsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contacts", abstract: "List the contacts in the store, newest first.")

  @Flag(help: "Print JSON Lines (one object per contact).")
  var json = false

  @OptionGroup var store: StoreOptions

  func run() throws {
    let list = try store.open().contacts()
    if json {
      list.forEach(JSONLines.print)
      return
    }
    if list.isEmpty {
      print("No contacts yet. Add some with `meishi ingest FOLDER`.")
      return
    }
    for c in list {
      let flag = c.reviewState == .ok ? " " : "?"
      let who = c.name ?? c.nameLatin ?? "(no name)"
      let role = [c.title, c.company].compactMap { $0 }.joined(separator: ", ")
      let email = c.emails.first ?? ""
      print("\(flag) \(c.uid)  \(who)  \(role)  \(email)  [\(c.cards) card\(c.cards == 1 ? "" : "s")]")
    }
    print("\(list.count) contact\(list.count == 1 ? "" : "s")")
  }
}
