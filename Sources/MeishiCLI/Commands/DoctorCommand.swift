import ArgumentParser
import MeishiStore
import MeishiPipeline
import Foundation
import MeishiOCR

struct DoctorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor", abstract: "Check that OCR models, the OpenMP setting and the store are ready.")

  @Flag(help: "Print one JSON object.")
  var json = false

  @OptionGroup var store: StoreOptions
  @OptionGroup var ocr: OCRArguments

  struct Report: Encodable {
    /// Tesseract's OpenMP regions run inline on each engine's thread (``TesseractHooks``).
    var openMPInline: Bool
    var ompThreadLimit: String?
    var tessdata: String
    var languages: [String: Bool]
    var store: String
    var storeOK: Bool
    var storeError: String?

    enum CodingKeys: String, CodingKey {
      case tessdata, languages, store
      case openMPInline = "openmp_inline"
      case ompThreadLimit = "omp_thread_limit"
      case storeOK = "store_ok"
      case storeError = "store_error"
    }
  }

  func run() throws {
    let tessdata = ocr.scanner.options.tessdataPath
    var langs: [String: Bool] = [:]
    for l in ["jpn", "jpn_vert", "eng", "osd"] {
      langs[l] = FileManager.default.fileExists(atPath: "\(tessdata)/\(l).traineddata")
    }
    var storeError: String?
    do {
      let problems = try store.open().integrityCheck()
      if !problems.isEmpty { storeError = "integrity: " + problems.joined(separator: "; ") }
    } catch { storeError = "\(error)" }
    let report = Report(
      openMPInline: TesseractHooks.openMPInline,
      ompThreadLimit: ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"], tessdata: tessdata,
      languages: langs, store: store.path, storeOK: storeError == nil, storeError: storeError)
    if json {
      JSONLines.print(report)
    } else {
      print("OMP_THREAD_LIMIT  \(report.ompThreadLimit ?? "(unset: OCR will be slow)")")
      print("OpenMP regions    \(report.openMPInline ? "inline, on each engine's own thread" : "run by libgomp")")
      print("tessdata          \(tessdata)")
      for (l, ok) in langs.sorted(by: { $0.key < $1.key }) {
        print("  \(l.padding(toLength: 9, withPad: " ", startingAt: 0)) \(ok ? "ok" : "MISSING — run scripts/setup")")
      }
      print("store             \(report.store) \(storeError == nil ? "ok" : "— \(storeError!)")")
    }
    if langs.values.contains(false) || storeError != nil { throw ExitCode.failure }
  }
}
