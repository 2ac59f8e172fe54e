import ArgumentParser
import Foundation
import MeishiConfig
import MeishiCore
import MeishiFollowUp
import MeishiStore

/// `--config`, for the commands that plan or send follow-ups.
struct ConfigOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The configuration file (default: $MEISHI_CONFIG, else $XDG_CONFIG_HOME/meishi/config.toml, else ~/.config/meishi/config.toml).",
      valueName: "path"))
  var config: String?

  var path: String { chosenPath(config, variable: "MEISHI_CONFIG", else: Config.defaultPath) }

  func load() throws -> Config {
    if let config, !FileManager.default.fileExists(atPath: config) {
      throw UserError("--config \(config): no such file (`meishi config --default > FILE` writes one)")
    }
    return try Config.load(path: path)
  }
}

extension Config {
  /// The follow-up planner these settings describe.
  var planner: FollowUpPlanner {
    let closed = Set(companyHolidays.compactMap(CivilDate.init))
    return FollowUpPlanner(
      calendar: BusinessCalendar(extraClosedDays: closed, yearEndClosed: yearEndClosed),
      timeZone: TimeZone(identifier: timeZone) ?? FollowUpPlanner.tokyo,
      steps: steps.map {
        CadenceStep(kind: $0.kind, channel: FollowUpChannel(rawValue: $0.channel.rawValue) ?? .email, afterBusinessDays: $0.afterBusinessDays)
      },
      windows: windows, preferredMinute: max(windows.first?.lowerBound ?? 570, 570), spreadMinutes: spreadMinutes,
      keepInTouchDays: keepInTouchDays)
  }

  var rules: CadenceRules {
    CadenceRules(
      stopStatuses: Set(stopStatuses), touchStopsCadence: touchStopsCadence,
      kickoff: kickoff.map { ($0.title, $0.withinBusinessDays) })
  }
}
