import Foundation

/// Runs the command-line decoders meishi borrows for formats Leptonica does not read:
/// `heif-convert` (Debian package libheif-examples) for HEIC/HEIF/AVIF, and `pdftoppm` and
/// `pdfinfo` (poppler-utils) for PDF.
enum ExternalTool {
  /// Where a tool is, searching `PATH` and then the usual system folders.
  static func locate(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/bin"]
    for d in dirs where !d.isEmpty {
      let candidate = "\(d)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  struct Outcome {
    var status: Int32
    var output: String
    var errors: String
  }

  /// Runs `tool` with `arguments` and waits for it. Standard input is empty.
  static func run(_ executable: String, _ arguments: [String]) throws(OCRError) -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do {
      try process.run()
    } catch {
      throw OCRError(.engineFailed, "could not run \(executable): \(error.localizedDescription)")
    }
    // Drain stderr on another thread so that neither pipe can fill up and block the tool.
    let errBox = DataBox()
    let reader = Thread {
      errBox.data = err.fileHandleForReading.readDataToEndOfFile()
      errBox.done.signal()
    }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    errBox.done.wait()
    return Outcome(
      status: process.terminationStatus,
      output: String(decoding: outData, as: UTF8.self),
      errors: String(decoding: errBox.data, as: UTF8.self))
  }

  private final class DataBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
  }
}

/// A private temporary folder, removed with everything in it when the value goes away.
final class TemporaryFolder {
  let url: URL

  init() throws(OCRError) {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("meishi-\(getpid())-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw OCRError(
        .engineFailed,
        "cannot create a temporary folder in \(FileManager.default.temporaryDirectory.path): \(error.localizedDescription)"
      )
    }
    self.url = url
  }

  func file(_ name: String) -> String { url.appendingPathComponent(name).path }

  deinit {
    try? FileManager.default.removeItem(at: url)
  }
}
