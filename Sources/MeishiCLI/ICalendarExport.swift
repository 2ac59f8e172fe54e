import Foundation
import MeishiFollowUp
import MeishiStore

/// Writes follow-ups as an iCalendar file of to-dos.
enum ICalendar {
  static func write(_ items: [FollowUpItem], to path: String, now: Date) throws {
    let todos = items.map { i in
      let who = [i.contactName, i.company].compactMap { $0 }.joined(separator: ", ")
      let what = i.title ?? i.kind.replacingOccurrences(of: "_", with: " ")
      return CalendarTodo(
        uid: "followup-\(i.id)@meishi", summary: "\(what): \(who)",
        description: "meishi contact \(i.contactUID)", due: i.due)
    }
    let text = MeishiFollowUp.ICalendar.document(todos, now: now)
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw StoreError(.cannotOpen, "cannot write \(path): \(error.localizedDescription)")
    }
  }
}
