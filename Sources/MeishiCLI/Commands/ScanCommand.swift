import ArgumentParser
import MeishiOCR
import MeishiCore
import MeishiPipeline

struct ScanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Read card images and print what they say, without touching the store.",
    discussion: """
      A folder stands for its image files (JPEG, PNG, TIFF, GIF, BMP, WebP, HEIC/HEIF/AVIF, PDF),
      sorted by name; every page of a TIFF or PDF, and every card on a flatbed sheet, is one card.
      With --json, prints one JSON object per image (JSON Lines, see contracts/scan-output.md).
      Exit status 1 when any file could not be read; the other files are still read.
      """)

  @Argument(help: ArgumentHelp("Card images or folders of them.", valueName: "path"))
  var paths: [String]

  @Flag(help: "Print JSON Lines (one object per image) instead of a summary.")
  var json = false

  @OptionGroup var ocr: OCRArguments

  func run() throws {
    let files = InputFiles.expand(paths)
    if files.isEmpty {
      throw UserError("no card images found in \(paths.joined(separator: ", ")) (looked for .jpg, .png, .tif, .gif, .bmp, .webp, .heic, .avif, .pdf)")
    }
    let progress = ProgressBar(total: files.count)
    var failed = 0
    var read = 0
    try ocr.scanner.scan(files) { _, card in
      progress.advance(card.path)
      let record = card.record
      if record.status == .error { failed += 1 } else { read += 1 }
      if json {
        JSONLines.print(record)
      } else {
        progress.finish()
        switch card.outcome {
        case .failure(let e):
          print("✗ \(e.description)")
        case .success(let s):
          print("✓ \(card.path)\n    \(Describe.contactLine(s.parsed.contact))")
          for w in s.ocr.warnings { print("    ! \(w)") }
          let low = s.parsed.lowConfidenceFields()
          if !low.isEmpty { print("    ? check: \(low.joined(separator: ", "))") }
        }
      }
    }
    progress.finish()
    if !json {
      print("\(read) read, \(failed) failed")
    }
    if failed > 0 { throw ExitCode.failure }
  }
}
