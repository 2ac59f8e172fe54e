import Foundation

/// The process's Tesseract engines, kept for the life of the process and lent to one user at
/// a time.
///
/// Two pools: a reader's own engine for the main horizontal reading, which every card needs,
/// taken for the reader's lifetime (as many as there are readers); and the engines needed now
/// and then (orientation detection, the vertical model, single-language rereads), one per model
/// for the whole process, taken for one call. Loading jpn+eng takes about 0.2 s and freeing it
/// about 0.1 s, so a later scan in the same process starts at once and exit does not wait; one
/// engine per occasional model saves its memory (20–90 MB) for every further worker, and costs
/// no measurable speed (scripts/bench-ocr). An engine is not tied to the thread that made it; it
/// is only never used by two at once.
final class EngineShelf: @unchecked Sendable {
  static let shared = EngineShelf()

  private let cond = NSCondition()
  /// Engines not in use now, by pool, data path and languages.
  private var idle: [String: [TesseractEngine]] = [:]
  /// Engines made, by pool, data path and languages.
  private var made: [String: Int] = [:]

  private static func key(_ datapath: String, _ languages: String, own: Bool) -> String {
    (own ? "own\n" : "lent\n") + datapath + "\n" + languages
  }

  /// An engine for `languages`: one given back, or a new one. `own`: a reader's main engine
  /// (made whenever none is free); else an occasional one (one per model, waited for while in use).
  func checkOut(datapath: String, languages: String, own: Bool) throws(OCRError) -> TesseractEngine {
    let key = Self.key(datapath, languages, own: own)
    cond.lock()
    while true {
      if let engine = idle[key]?.popLast() {
        cond.unlock()
        return engine
      }
      if own || made[key, default: 0] == 0 { break }
      cond.wait()
    }
    made[key, default: 0] += 1
    cond.unlock()
    do {
      return try TesseractEngine(datapath: datapath, languages: languages)
    } catch {
      cond.lock()
      made[key, default: 0] -= 1
      cond.broadcast()
      cond.unlock()
      throw error
    }
  }

  /// Takes back an engine from ``checkOut(datapath:languages:own:)``.
  func checkIn(_ engine: TesseractEngine, datapath: String, languages: String, own: Bool) {
    cond.lock()
    idle[Self.key(datapath, languages, own: own), default: []].append(engine)
    cond.broadcast()
    cond.unlock()
  }
}
