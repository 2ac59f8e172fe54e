import Foundation

/// The process's Tesseract engines, lent out one user at a time and kept when given back.
///
/// A reader takes its main horizontal engine for its lifetime; the engines needed now and then
/// (orientation detection, the vertical model, single-language rereads) are taken for one call.
/// An engine is loaded only when none for its languages is free, so a process holds at most one
/// per worker for each model, and most hold one: that saves load time (0.1–0.4 s each) and
/// memory (20–90 MB each), and no worker waits for another's reread. An engine is not tied to
/// the thread that made it; it is only never used by two at once.
final class EngineShelf: @unchecked Sendable {
  static let shared = EngineShelf()

  private let lock = NSLock()
  /// Engines not in use now, by data path and languages.
  private var idle: [String: [TesseractEngine]] = [:]

  /// An engine for `languages` for one reader's own use: one a finished reader gave back, or a
  /// new one. Loading jpn+eng takes about 0.2 s and freeing it about 0.1 s, so engines are kept
  /// for the life of the process (a later scan in the same process starts at once, and exit
  /// does not wait for them to be freed).
  func checkOut(datapath: String, languages: String) throws(OCRError) -> TesseractEngine {
    let key = datapath + "\n" + languages
    lock.lock()
    let reused = idle[key]?.popLast()
    lock.unlock()
    if let reused { return reused }
    return try TesseractEngine(datapath: datapath, languages: languages)
  }

  /// Takes back an engine from ``checkOut(datapath:languages:)``.
  func checkIn(_ engine: TesseractEngine, datapath: String, languages: String) {
    lock.lock()
    idle[datapath + "\n" + languages, default: []].append(engine)
    lock.unlock()
  }
}
