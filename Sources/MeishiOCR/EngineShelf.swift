import Foundation

/// The Tesseract engines that readers need only now and then (orientation detection, the
/// vertical model, single-language rereads), shared by every ``CardReader`` of the process and
/// used by one reader at a time.
///
/// Each reader keeps its own engine for the main horizontal reading, which every card needs;
/// the others are loaded once per process instead of once per worker thread, which saves their
/// load time (0.1–0.4 s each) and their memory (20–90 MB each) for every further worker.
/// An engine is not tied to the thread that made it; it is only never used by two at once.
final class EngineShelf: @unchecked Sendable {
  static let shared = EngineShelf()

  private final class Slot: @unchecked Sendable {
    let lock = NSLock()
    var engine: TesseractEngine?
  }

  private let lock = NSLock()
  private var slots: [String: Slot] = [:]
  /// Readers' main engines not in use now, by data path and languages.
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

  /// Runs `body` with the engine for `languages`, loading it on first use; waits while another
  /// reader uses it.
  func use<T>(
    datapath: String, languages: String, _ body: (TesseractEngine) -> T
  ) throws(OCRError) -> T {
    let key = datapath + "\n" + languages
    lock.lock()
    let slot: Slot
    if let s = slots[key] {
      slot = s
    } else {
      slot = Slot()
      slots[key] = slot
    }
    lock.unlock()
    slot.lock.lock()
    defer { slot.lock.unlock() }
    if slot.engine == nil {
      slot.engine = try TesseractEngine(datapath: datapath, languages: languages)
    }
    return body(slot.engine!)
  }
}
