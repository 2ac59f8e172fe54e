import ArgumentParser
import Foundation
import MeishiConfig
import MeishiFollowUp
import MeishiMail
import MeishiPipeline
import MeishiStore

struct SendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "send",
    abstract: "Write and deliver the e-mail follow-ups that are due, exactly once each.",
    discussion: """
      Delivers over SMTP ([smtp] in the config; password from $MEISHI_SMTP_PASSWORD or
      smtp.password_file), or writes .eml files with --outbox DIR, or prints them with --dry-run.
      Only inside the sending windows on business days, unless --ignore-windows.
      A temporary failure (4xx, no connection) is retried on a later run, with backoff; a
      permanent one (5xx) is shown in `meishi agenda`. When the connection drops after the
      message went out, delivery is uncertain: meishi never sends it again on its own; check your
      Sent folder or the server's log, then `meishi send --confirm ID` (it arrived) or
      `meishi send --retry ID` (send it again, with the same Message-ID).
      Contacts waiting in `meishi review` or paused get nothing.
      """)

  @Option(help: ArgumentHelp("Write .eml files into this folder instead of using SMTP.", valueName: "dir"))
  var outbox: String?

  @Flag(help: "Print the messages that would be sent; change nothing.")
  var dryRun = false

  @Flag(help: "Send everything due now, even outside the sending windows.")
  var ignoreWindows = false

  @Option(help: ArgumentHelp("Mark an uncertain (or failed) send as delivered.", valueName: "id"))
  var confirm: Int64?

  @Option(help: ArgumentHelp("Queue an uncertain (or failed) send again, with the same Message-ID.", valueName: "id"))
  var retry: Int64?

  @Flag(help: "Print JSON Lines (one object per follow-up).")
  var json = false

  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions

  struct Line: Encodable {
    var id: Int64
    var contactUID: String
    var to: String
    var kind: String
    var subject: String
    var result: String
    var detail: String?

    enum CodingKeys: String, CodingKey {
      case id, to, kind, subject, result, detail
      case contactUID = "contact_uid"
    }
  }

  func run() throws {
    let config = try settings.load()
    let db = try store.open()
    let now = try Clock.now()
    if let id = confirm ?? retry {
      try db.resolveUncertain(id, delivered: confirm != nil, planner: config.planner, rules: config.rules, now: now)
      print(confirm != nil ? "#\(id) recorded as delivered" : "#\(id) queued again (same Message-ID)")
      return
    }
    let sender = SenderProfile(
      name: config.sender.name, company: config.sender.company.nilIfEmpty, title: config.sender.title.nilIfEmpty,
      email: config.sender.email, phone: config.sender.phone.nilIfEmpty, address: config.sender.address.nilIfEmpty,
      url: config.sender.url.nilIfEmpty)
    if !sender.missingRequiredFields.isEmpty {
      throw UserError(
        "the [sender] section of \(settings.path) lacks \(sender.missingRequiredFields.joined(separator: ", ")); 特定電子メール法 requires the sender's name, e-mail and postal address in every message (`meishi config --default` shows the keys)")
    }
    let renderer: MailRenderer
    if config.templatesDirectory.isEmpty {
      renderer = MailRenderer()
    } else {
      renderer = try MailRenderer(templatesDirectory: URL(fileURLWithPath: config.templatesDirectory))
    }
    let transport: any MailTransport
    if let outbox {
      try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
      transport = OutboxTransport(directory: URL(fileURLWithPath: outbox))
    } else if dryRun {
      transport = OutboxTransport(directory: FileManager.default.temporaryDirectory)
    } else {
      transport = try smtp(config)
    }
    let run = FollowUpSender(
      db: db, transport: transport, renderer: renderer, sender: sender, planner: config.planner,
      rules: config.rules, ignoreWindows: ignoreWindows)
    let outcomes = try run.run(now: now, dryRun: dryRun)
    var counts: [String: Int] = [:]
    for o in outcomes {
      counts[o.result.rawValue, default: 0] += 1
      if json {
        JSONLines.print(
          Line(id: o.followUpId, contactUID: o.contactUID, to: o.to, kind: o.kind, subject: o.subject, result: o.result.rawValue, detail: o.detail))
      } else if dryRun, let m = o.message {
        print("----- #\(o.followUpId) \(o.kind) → \(o.to)\n\(m)")
      } else {
        print("\(o.result.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) #\(o.followUpId) \(o.kind) → \(o.to)  \(o.subject)\(o.detail.map { "\n          \($0)" } ?? "")")
      }
    }
    let uncertain = try db.uncertainSends().filter { u in !outcomes.contains { $0.followUpId == u.id } }
    let held = try db.heldMail(now: now)
    if !json {
      for h in held {
        print("held      #\(h.item.id) \(h.item.kind) → \(h.item.contactName ?? h.item.contactUID): \(h.reason)")
      }
      if outcomes.isEmpty && held.isEmpty { print("Nothing due to send.") }
      for u in uncertain {
        print("uncertain #\(u.id) \(u.kind) → \(u.contactName ?? u.contactUID): delivery unknown (\(u.lastError ?? "interrupted")); `meishi send --confirm \(u.id)` or `--retry \(u.id)`")
      }
      if !outcomes.isEmpty {
        print(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
      }
    }
    // Failed and uncertain sends need the user: a non-zero status lets a cron job say so.
    if (counts["failed"] ?? 0) > 0 || (counts["uncertain"] ?? 0) > 0 || !uncertain.isEmpty { throw ExitCode.failure }
  }

  func smtp(_ config: Config) throws -> SMTPTransport {
    guard !config.smtp.host.isEmpty else {
      throw UserError(
        "no SMTP server: set [smtp] host in \(settings.path), or use --outbox DIR or --dry-run")
    }
    var password = ProcessInfo.processInfo.environment["MEISHI_SMTP_PASSWORD"]
    if password == nil, !config.smtp.passwordFile.isEmpty {
      let path = (config.smtp.passwordFile as NSString).expandingTildeInPath
      let attrs = try? FileManager.default.attributesOfItem(atPath: path)
      guard let mode = (attrs?[.posixPermissions] as? NSNumber)?.intValue else {
        throw UserError("smtp.password_file \(path) cannot be read")
      }
      guard mode & 0o077 == 0 else {
        throw UserError("smtp.password_file \(path) is readable by others (mode \(String(mode, radix: 8))); run chmod 600 \(path)")
      }
      password = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let security: SMTPTransport.Configuration.Security =
      switch config.smtp.security {
      case .none: .none
      case .starttls: .startTLS
      case .tls: .tls
      }
    return SMTPTransport(
      configuration: .init(
        host: config.smtp.host, port: config.smtp.port, security: security,
        username: config.smtp.username.nilIfEmpty, password: password,
        timeout: .seconds(config.smtp.timeoutSeconds)))
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}
