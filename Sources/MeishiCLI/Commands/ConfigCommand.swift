import ArgumentParser
import Foundation
import MeishiConfig

struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Show where the configuration is, check it, or print the documented default.",
    discussion: "Start one with: mkdir -p ~/.config/meishi && meishi config --default > ~/.config/meishi/config.toml")

  @Flag(help: "Print the default configuration, with every key explained.")
  var `default` = false

  @OptionGroup var settings: ConfigOptions

  func run() throws {
    if `default` {
      print(Config.defaultText, terminator: "")
      return
    }
    let path = settings.path
    let exists = FileManager.default.fileExists(atPath: path)
    let c = try settings.load()
    print("config: \(path)\(exists ? "" : " (not there: the defaults apply)")")
    print("sender: \(c.sender.name.isEmpty ? "(not set)" : c.sender.name) <\(c.sender.email.isEmpty ? "not set" : c.sender.email)>")
    print("smtp: \(c.smtp.host.isEmpty ? "(not set: use `meishi send --outbox DIR` or --dry-run)" : "\(c.smtp.host):\(c.smtp.port) \(c.smtp.security.rawValue)")")
    print("cadence: " + c.steps.map { "\($0.kind)+\($0.afterBusinessDays)bd" }.joined(separator: " → ")
      + (c.keepInTouchDays > 0 ? " → keep-in-touch every \(c.keepInTouchDays) days" : ""))
    print("ok")
  }
}
