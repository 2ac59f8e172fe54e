import ArgumentParser
import Foundation
import MeishiCore
import MeishiFollowUp

struct HolidaysCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "holidays",
    abstract: "List Japan's national holidays of a year (computed from the law, 1948–2150).",
    discussion: """
      Substitute holidays (振替休日) and citizens' holidays (国民の休日) are named 休日, as the
      Cabinet Office lists them. Follow-ups are never due on these days, on weekends, or during
      年末年始 (29 December – 3 January).
      """)

  @Argument(help: "The year (default: this year in Tokyo).")
  var year: Int?

  @Flag(help: "Print JSON Lines: {\"date\": \"2026-01-01\", \"name\": \"元日\", \"name_en\": \"New Year's Day\"}.")
  var json = false

  struct Line: Encodable {
    var date: String
    var name: String
    var nameEn: String

    enum CodingKeys: String, CodingKey {
      case date, name
      case nameEn = "name_en"
    }
  }

  func run() throws {
    let y = try year ?? Clock.today().year
    guard JapaneseHolidays.supportedYears.contains(y) else {
      throw ValidationError(
        "holidays are computed for \(JapaneseHolidays.supportedYears.lowerBound)–\(JapaneseHolidays.supportedYears.upperBound), not \(y)")
    }
    for h in JapaneseHolidays.holidays(in: y) {
      if json {
        JSONLines.print(Line(date: h.date.description, name: h.name, nameEn: h.nameEn))
      } else {
        print("\(h.date) (\(Describe.weekday(h.date)))  \(h.name)  \(h.nameEn)")
      }
    }
  }
}
