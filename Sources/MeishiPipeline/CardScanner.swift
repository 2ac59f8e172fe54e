public import Foundation
public import MeishiCore
public import MeishiOCR
import MeishiParsing

/// One image read and parsed (or the reason it could not be).
public struct ScannedCard: Sendable {
  public var path: String
  public var outcome: Result<Success, OCRError>

  public struct Success: Sendable {
    /// The image file's SHA-256; for the second and later cards of one file (a flatbed sheet,
    /// a multi-page TIFF or PDF), the SHA-256 of the file's bytes followed by "#card" and the
    /// card's index, so that each card is stored as a card of its own.
    public var sha256: String
    /// The image file's bytes.
    public var data: Data
    public var ocr: OCRResult
    public var parsed: ParsedCard
  }

  /// The contract's JSON record for this card (without ingest's keys).
  public var record: ScanRecord {
    switch outcome {
    case .failure(let e):
      return .failure(file: path, message: e.description)
    case .success(let s):
      return ScanRecord(
        file: path, status: .ok, contact: s.parsed.contact,
        confidence: s.parsed.confidence, ocr: s.ocr,
        extras: s.parsed.extras.isEmpty ? nil : s.parsed.extras)
    }
  }
}

/// Reads and parses card images on several threads, one Tesseract engine each,
/// delivering results in input order as they are ready.
public struct CardScanner: Sendable {
  public var options: OCROptions
  public var jobs: Int

  public init(options: OCROptions = OCROptions(), jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.options = options
    self.jobs = max(1, jobs)
  }

  /// - Parameter deliver: called in input order on the calling thread, once per card: a file
  ///   holding several cards (a flatbed sheet, a multi-page TIFF or PDF) gives several calls with
  ///   the same file index, in the cards' order (``OCRResult/cardIndex``).
  /// - Throws: ``OCRError`` when the engines cannot start (missing language data).
  public func scan(_ files: [InputFile], deliver: (Int, ScannedCard) -> Void) throws {
    let options = self.options
    let parser = CardParser()
    try WorkerPool.run(
      count: files.count, jobs: jobs,
      makeWorker: { () throws -> CardReader in
        let reader = try CardReader(options: options)
        // Diagnosis: MEISHI_OCR_TRACE=1 prints each reading step with its time on stderr.
        if ProcessInfo.processInfo.environment["MEISHI_OCR_TRACE"] == "1" {
          reader.trace = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        }
        return reader
      },
      work: { reader, i -> [ScannedCard] in
        let file = files[i]
        if let problem = file.problem {
          return [ScannedCard(path: file.path, outcome: .failure(OCRError(.fileMissing, problem)))]
        }
        do throws(OCRError) {
          let data = try CardReader.load(path: file.path)
          let cards = try reader.readAll(data: data, path: file.path)
          if cards.count == 1, cards[0].readsNothing {
            return [ScannedCard(path: file.path, outcome: .failure(Self.nothingRead(file.path, cards[0])))]
          }
          let hash = SHA256.hex(data)
          return cards.map { ocr in
            let parsed = parser.parse(ocr)
            let sha = ocr.cardIndex == 0 ? hash : SHA256.hex(data + Data("#card\(ocr.cardIndex)".utf8))
            return ScannedCard(
              path: file.path,
              outcome: .success(.init(sha256: sha, data: data, ocr: ocr, parsed: parsed)))
          }
        } catch {
          return [ScannedCard(path: file.path, outcome: .failure(error))]
        }
      },
      deliver: { i, cards in
        for card in cards { deliver(i, card) }
      })
  }

  /// A file in which no card read a letter or a digit: nothing to parse or store, and the
  /// person should know (a blurred photo, the blank back of a card, a file of something else).
  static func nothingRead(_ path: String, _ ocr: OCRResult) -> OCRError {
    let why = ocr.warnings.map { $0.hasPrefix(path + ": ") ? String($0.dropFirst(path.count + 2)) : $0 }
    let advice =
      why.isEmpty
      ? "photograph or scan its printed side again, sharp, well lit and filling most of the picture"
      : why.joined(separator: "; ")
    return OCRError(.nothingRead, "\(path): no text found on the card; \(advice)")
  }
}
