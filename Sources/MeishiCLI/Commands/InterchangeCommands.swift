import ArgumentParser
import Foundation
import MeishiCore
import MeishiInterchange
import MeishiStore

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import an address book: vCard (.vcf, 2.1/3.0/4.0) or CSV (Google Contacts or plain).",
    discussion: """
      Each contact is deduped like a card (same e-mail or mobile → merged, filling only what is
      missing; same name at the same company → review; else new, keeping the file's UID).
      Imports queue no e-mail. The format comes from the file name (.vcf / .csv) or --format.
      """)

  @Argument(help: "The file to import.") var file: String
  @Option(help: "vcard or csv (default: from the file name).") var format: String?
  @Flag(help: "Print JSON Lines (one object per contact).") var json = false
  @OptionGroup var store: StoreOptions

  func run() throws {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw UserError("\(file): no such file, or it cannot be read")
    }
    let kind = (format ?? (file as NSString).pathExtension).lowercased()
    let contacts: [ExchangeContact]
    do {
      switch kind {
      case "vcf", "vcard": contacts = try VCard.parse(bytes: [UInt8](data))
      case "csv": contacts = try ContactsCSV.parse(bytes: [UInt8](data))
      default: throw UserError("cannot tell the format of \(file); add --format vcard or --format csv")
      }
    } catch let e as InterchangeError {
      throw UserError("\(file): \(e.description)")
    }
    let db = try store.open()
    let now = try Clock.now()
    var counts: [String: Int] = [:]
    for c in contacts {
      let note = [c.note].compactMap { $0 }.joined()
      let r = try db.importContact(
        ImportedContact(uid: c.uid, fields: c.fields, status: c.status, note: note.isEmpty ? nil : note), now: now)
      counts[r.decision.rawValue, default: 0] += 1
      if json {
        JSONLines.print(r)
      } else if r.decision != .unchanged {
        print("\(r.decision.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(r.contactUID)  \(c.fields.displayName ?? "(no name)")")
      }
    }
    if !json {
      let order = ["new", "merged", "review", "unchanged"]
      print("\(contacts.count) contacts in \(file): " + order.compactMap { k in counts[k].map { "\($0) \(k)" } }.joined(separator: ", "))
    }
  }
}

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export every contact as vCard 4.0 (default), vCard 3.0, Google Contacts CSV or plain CSV.")

  @Option(help: "vcard, vcard3, google-csv or csv.") var format = "vcard"
  @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?
  @OptionGroup var store: StoreOptions

  func validate() throws {
    guard ["vcard", "vcard3", "google-csv", "csv"].contains(format) else {
      throw ValidationError("--format must be vcard, vcard3, google-csv or csv, not '\(format)'")
    }
  }

  func run() throws {
    let list = try store.open().exportContacts().map { e in
      ExchangeContact(
        uid: e.uid, fields: e.fields, note: e.notes.isEmpty ? nil : e.notes.joined(separator: "\n"),
        status: e.status, events: e.events)
    }
    let text: String =
      switch format {
      case "vcard3": VCard.serialize(list, version: .v3)
      case "google-csv": ContactsCSV.serialize(list, layout: .google)
      case "csv": ContactsCSV.serialize(list, layout: .plain)
      default: VCard.serialize(list, version: .v4)
      }
    if let output {
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
      } catch {
        throw UserError("cannot write \(output): \(error.localizedDescription)")
      }
      FileHandle.standardError.write(Data("exported \(list.count) contacts to \(output)\n".utf8))
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}
