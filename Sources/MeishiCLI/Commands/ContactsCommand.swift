import ArgumentParser
import MeishiStore

struct ContactsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contacts", abstract: "List or search the contacts in the store.",
    subcommands: [ContactsList.self, ContactsSearch.self], defaultSubcommand: ContactsList.self)
}

struct ContactsSearch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Find contacts by name (kanji, kana or romaji), company, title or e-mail, best first.")

  @Argument(help: "What to look for, for example 山田, やまだ, yamada, サクラ or @sakura.")
  var query: String

  @Flag(help: "Print JSON Lines (one object per contact).")
  var json = false

  @OptionGroup var store: StoreOptions

  func run() throws {
    let list = try store.open().search(query)
    if json {
      list.forEach(JSONLines.print)
      return
    }
    ContactsList.printList(list, empty: "No contact matches '\(query)'.")
  }
}

struct ContactsList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the contacts in the store, newest first (the default).")

  @Flag(help: "Print JSON Lines (one object per contact).")
  var json = false

  @OptionGroup var store: StoreOptions

  func run() throws {
    let list = try store.open().contacts()
    if json {
      list.forEach(JSONLines.print)
      return
    }
    Self.printList(list, empty: "No contacts yet. Add some with `meishi ingest FOLDER`.")
  }

  static func printList(_ list: [ContactSummary], empty: String) {
    if list.isEmpty {
      print(empty)
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
