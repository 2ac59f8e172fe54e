import ArgumentParser
import Foundation
import MeishiOCR
import MeishiPipeline

/// Options of the commands that read card images.
struct OCRArguments: ParsableArguments {
  @Option(name: .shortAndLong, help: "How many cards to read at once (default: one per core).")
  var jobs: Int?

  @Option(
    help: ArgumentHelp(
      "Folder of Tesseract language data (default: $TESSDATA_PREFIX, else \(OCROptions.defaultTessdata)).",
      valueName: "path"))
  var tessdata: String?

  @Flag(help: "Do not look for a card inside a larger photo (faster for flat scans).")
  var noRectify = false

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  var scanner: CardScanner {
    var o = OCROptions()
    if let t = tessdata ?? ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !t.isEmpty {
      o.tessdataPath = t.hasSuffix("/") ? String(t.dropLast()) : t
    }
    o.rectifyPhotos = !noRectify
    return CardScanner(options: o, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
  }
}
