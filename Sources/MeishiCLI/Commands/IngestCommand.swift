import ArgumentParser
import MeishiOCR
import Foundation
import MeishiCore
import MeishiFollowUp
import MeishiPipeline
import MeishiStore

struct IngestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ingest",
    abstract: "Read card images and store them as contacts, with their introductory e-mail queued.",
    discussion: """
      Each card is stored in one transaction (the image's SHA-256, path, OCR lines, parse,
      event, met date) with its contact and company. A card whose image is already stored
      changes nothing. Dedupe: the same e-mail or mobile number joins that contact's history
      (merged; `meishi split CARD` undoes it); the same name at the same company waits in
      `meishi review` (or merges when a direct line agrees); anything else is a new contact,
      whose introductory e-mail is queued for 09:30 on the first business day after the met
      date, in the contact's time zone (Japan unless the card says otherwise; weekends,
      national holidays and 年末年始 skipped).
      """)

  @Argument(help: ArgumentHelp("Card images or folders of them.", valueName: "path"))
  var paths: [String]

  @Option(help: "Where the cards were received (for example \"Tokyo SaaS Expo\").")
  var event: String?

  @Option(help: ArgumentHelp("The day the cards were received, YYYY-MM-DD (default: today in Tokyo).", valueName: "date"))
  var met: String?

  @Flag(help: "Print JSON Lines (one object per image) instead of a summary.")
  var json = false

  @OptionGroup var store: StoreOptions
  @OptionGroup var settings: ConfigOptions
  @OptionGroup var ocr: OCRArguments

  func validate() throws {
    if let met, CivilDate(met) == nil {
      throw ValidationError("--met must be a date like 2026-11-27, not '\(met)'")
    }
  }

  func run() throws {
    let metDate = try met.flatMap(CivilDate.init) ?? Clock.today()
    let now = try Clock.now()
    let files = InputFiles.expand(paths)
    if files.isEmpty {
      throw UserError("no card images found in \(paths.joined(separator: ", ")) (looked for .jpg, .png, .tif, .gif, .bmp, .webp, .heic, .avif, .pdf)")
    }
    let planner = try settings.load().planner
    let db = try store.open()
    let progress = ProgressBar(total: files.count)
    var counts: [String: Int] = [:]
    var storeError: (any Error)?
    try ocr.scanner.scan(files) { _, card in
      progress.advance(card.path)
      var record = card.record
      if storeError == nil, case .success(let s) = card.outcome {
        do {
          let result = try db.ingest(
            CardInput(
              sha256: s.sha256, path: Self.absolute(card.path), event: event, metDate: metDate,
              ocr: s.ocr, parsed: s.parsed, image: s.data,
              imageExtension: (card.path as NSString).pathExtension),
            planner: planner, now: now)
          record.dedupe = result.dedupe
          record.followups = result.followups
        } catch {
          // The transaction rolled back: nothing of this card is stored.
          record = .failure(file: card.path, message: "\(card.path): could not be stored: \(error)")
          storeError = error
        }
      } else if storeError != nil, record.status == .ok {
        record = .failure(file: card.path, message: "\(card.path): not stored because the store failed earlier")
      }
      let key = record.status == .error ? "failed" : record.dedupe?.decision.rawValue ?? "?"
      counts[key, default: 0] += 1
      if json {
        JSONLines.print(record)
      } else {
        progress.finish()
        Self.printHuman(record, card: card)
      }
    }
    progress.finish()
    if !json {
      let order = ["new", "merged", "review", "unchanged", "failed"]
      let summary = order.compactMap { k in counts[k].map { "\($0) \(k)" } }.joined(separator: ", ")
      print("\(summary.isEmpty ? "nothing stored" : summary) — store: \(store.path)")
      if (counts["review"] ?? 0) > 0 { print("Run `meishi review` to settle the cards waiting for you.") }
    }
    if let storeError { throw storeError }
    if (counts["failed"] ?? 0) > 0 { throw ExitCode.failure }
  }

  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  /// `path` as a shell word: quoted when it holds anything but safe characters.
  static func shellQuoted(_ path: String) -> String {
    let safe = path.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+,:@%".unicodeScalars.contains($0) }
    return safe ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  static func printHuman(_ record: ScanRecord, card: ScannedCard) {
    guard record.status == .ok, let d = record.dedupe, let contact = record.contact else {
      print("✗ \(record.error ?? record.file)")
      return
    }
    let tag: String
    switch d.decision {
    case .new: tag = "new      "
    case .merged: tag = "merged   "
    case .review: tag = "review   "
    case .unchanged: tag = "unchanged"
    }
    print("\(tag) \(d.contactUID)  \(Describe.contactLine(contact))  [\(card.path)]")
    for f in record.followups ?? [] {
      if let due = ISOTime.parse(f.due) { print("          → \(f.kind) due \(Describe.due(due))") }
    }
    if d.decision == .review {
      let c = d.candidates.map(\.contactUID).joined(separator: ", ")
      print("          ? may be the same person as \(c): `meishi review`")
    }
    if d.decision == .merged {
      print("          ↳ someone else? `meishi split \(Self.shellQuoted(card.path))` makes this card a contact of its own")
    }
  }
}
