import ArgumentParser
import Foundation
import MeishiCore
import MeishiStore

struct ContactCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contact",
    abstract: "Show one contact (fields, card history, follow-ups), or correct its fields.",
    discussion: """
      UID may be shortened to any unambiguous prefix of at least 4 characters.
      Correct a field with --set, for example: meishi contact k3f9x2m7 --set title=部長 --set "company=株式会社サクラ"
      Settable fields: \(ContactFields.settableFields.joined(separator: ", ")), and email (replaces the primary address).
      A field set by hand is never overwritten by a later card of the same person.
      """)

  @Argument(help: "The contact's uid (from `meishi contacts`).")
  var uid: String

  @Option(name: .customLong("set"), help: ArgumentHelp("Set a field: FIELD=VALUE (repeatable; an empty value clears it).", valueName: "field=value"))
  var assignments: [String] = []

  @Flag(help: "Print JSON.")
  var json = false

  @OptionGroup var store: StoreOptions

  func validate() throws {
    for a in assignments {
      guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
        throw ValidationError("--set takes FIELD=VALUE, for example title=部長; got '\(a)'")
      }
      let key = String(a[..<eq])
      if !ContactFields.settableFields.contains(key) && key != "email" {
        throw ValidationError(
          "'\(key)' cannot be set; settable fields: \(ContactFields.settableFields.joined(separator: ", "))")
      }
    }
  }

  func run() throws {
    let db = try store.open()
    let detail: ContactDetail
    if assignments.isEmpty {
      detail = try db.contact(uid)
    } else {
      var values: [String: String] = [:]
      for a in assignments {
        let eq = a.firstIndex(of: "=")!
        values[String(a[..<eq])] = String(a[a.index(after: eq)...])
      }
      detail = try db.setFields(uid, values, now: try Clock.now())
    }
    if json {
      JSONLines.print(detail)
      return
    }
    Self.printDetail(detail)
  }

  static func printDetail(_ d: ContactDetail) {
    let f = d.contact
    print("\(f.displayName ?? "(no name)")  [\(d.uid)]  status: \(d.status)")
    if let m = d.mergedInto { print("  merged into \(m)") }
    let rows: [(String, String?)] = [
      ("name", f.name), ("family name", f.familyName), ("given name", f.givenName),
      ("kana", f.nameKana), ("latin", f.nameLatin), ("company", f.company),
      ("department", f.department), ("title", f.title), ("postal code", f.postalCode),
      ("address", f.address),
    ]
    for (k, v) in rows where v != nil {
      print("  \(k.padding(toLength: 12, withPad: " ", startingAt: 0)) \(v!)")
    }
    for e in f.emails { print("  email        \(e)") }
    for p in f.phones { print("  \(p.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(p.raw)  (\(p.number))") }
    for u in f.urls { print("  url          \(u)") }
    if d.reviewState != .ok {
      print("  review: \(d.reviewState == .duplicate ? "possible duplicate of \(d.reviewCandidates.map(\.contactUID).joined(separator: ", "))" : "check \(d.lowConfidenceFields.joined(separator: ", "))")")
    }
    print("  cards:")
    for c in d.cards {
      let role = [c.title, c.department, c.company].compactMap { $0 }.joined(separator: ", ")
      print("    \(c.metDate)  \(c.event ?? "-")  \(role)  [\(c.decision)] \(c.path)")
    }
    if !d.followups.isEmpty {
      print("  follow-ups:")
      for fu in d.followups { print("    \(Describe.due(fu.due))  \(fu.kind)  \(fu.status)") }
    }
  }
}
