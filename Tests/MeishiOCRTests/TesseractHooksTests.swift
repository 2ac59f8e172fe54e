import CTesseract
import CTesseractHooks
import Foundation
@testable import MeishiOCR
import MeishiTestSupport
import Testing

/// meishi's replacements for three of libtesseract's inner calls (Sources/CTesseractHooks):
/// libtesseract must bind to them in this process, and reading must go through them.
@Suite struct TesseractHooksTests {
  func image(_ relative: String) throws -> PixImage {
    try #require(PixImage.decode(Array(Data(contentsOf: Fixtures.url(relative)))))
  }

  @Test func libtesseractBindsToMeishisDefinitions() {
    #expect(TesseractHooks.bound)
    #expect(TesseractHooks.openMPInline)
  }

  /// The hooks cover every OpenMP entry point libtesseract calls: a library that calls another
  /// one (a dynamic loop, a barrier) would run that region in libgomp, with its threads.
  @Test func libtesseractCallsNoOtherOpenMPEntryPoint() throws {
    let library = String(cString: try #require(meishi_tesseract_library_path()))
    let nm = Process()
    nm.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
    nm.arguments = ["-D", "--undefined-only", library]
    let out = Pipe()
    nm.standardOutput = out
    try nm.run()
    let listing = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    nm.waitUntilExit()
    let openMP = Set(
      listing.split(separator: "\n").compactMap { line -> String? in
        guard let name = line.split(separator: " ").last?.split(separator: "@").first else { return nil }
        return name.hasPrefix("GOMP_") || name.hasPrefix("omp_") ? String(name) : nil
      })
    #expect(
      openMP == [
        "GOMP_parallel", "GOMP_parallel_sections", "GOMP_sections_next", "GOMP_sections_end_nowait",
        "omp_get_num_threads", "omp_get_thread_num",
      ], "\(library)")
  }

  /// Each LSTM model loads without the legacy ambiguity table, and Tesseract's OpenMP regions
  /// run inline on this thread; the text is still read. OSD, a legacy model, loads with its
  /// table (libtesseract's own LoadUniversal) and still finds a card's orientation.
  @Test func lstmEnginesLoadWithoutTheAmbiguityTableAndReadInline() throws {
    let tessdata = OCROptions().tessdataPath
    let skipped = meishi_tesseract_skipped_ambiguity_tables()
    let loaded = meishi_tesseract_loaded_ambiguity_tables()
    let engine = try TesseractEngine(datapath: tessdata, languages: "jpn+eng")
    #expect(meishi_tesseract_skipped_ambiguity_tables() - skipped == 2)
    #expect(meishi_tesseract_loaded_ambiguity_tables() == loaded)

    let regions = meishi_openmp_inlined_regions()
    let kept = meishi_tesseract_lines_kept_uncompressed()
    let lines = try #require(engine.recognize(try image("cards/01-sakura-classic.png"), pageSegMode: PSM_SINGLE_COLUMN))
    #expect(lines.map(\.text).joined().contains("k.inoue@sakura-tech.example.co.jp"))
    #expect(meishi_openmp_inlined_regions() - regions > 100)
    // Each line handed to the LSTM (at least one per line read) was kept without PNG.
    #expect(meishi_tesseract_lines_kept_uncompressed() - kept >= UInt(lines.count))

    let osd = try TesseractEngine(datapath: tessdata, languages: "osd")
    #expect(meishi_tesseract_skipped_ambiguity_tables() - skipped == 2)
    #expect(meishi_tesseract_loaded_ambiguity_tables() - loaded == 1)
    let turned = try #require(osd.detectOrientation(try image("ocr/01-rotated-90.png")))
    #expect(turned.degrees == 90 || turned.degrees == 270)
    #expect(turned.confidence > 1)
  }

  /// Only libtesseract's line images skip PNG: anyone else who asks leptonica for PNG gets PNG.
  @Test func otherCallersOfPixWriteMemGetPNG() throws {
    let pix = try image("cards/01-sakura-classic.png")
    let kept = meishi_tesseract_lines_kept_uncompressed()
    var data: UnsafeMutablePointer<l_uint8>?
    var size = 0
    #expect(pixWriteMem(&data, &size, pix.pointer, Int32(IFF_PNG)) == 0)
    defer { free(data) }
    let signature = Array(UnsafeBufferPointer(start: data, count: min(size, 8)))
    #expect(signature == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    #expect(meishi_tesseract_lines_kept_uncompressed() == kept)
  }

  /// A model with no LSTM part, asked for LSTM-only, falls back to Tesseract's legacy engine:
  /// meishi then loads it again the usual way, with the table that engine reads.
  @Test func aLegacyModelIsLoadedAgainWithItsTable() throws {
    let skipped = meishi_tesseract_skipped_ambiguity_tables()
    let loaded = meishi_tesseract_loaded_ambiguity_tables()
    let osd = try TesseractEngine(datapath: OCROptions().tessdataPath, languages: "osd", tryLSTMOnly: true)
    #expect(meishi_tesseract_skipped_ambiguity_tables() - skipped == 1)
    #expect(meishi_tesseract_loaded_ambiguity_tables() - loaded == 1)
    let turned = try #require(osd.detectOrientation(try image("ocr/01-rotated-90.png")))
    #expect(turned.degrees == 90 || turned.degrees == 270)
  }

  /// `parallel sections` run inline: the body gets section numbers 1…count once each, and a
  /// region opened inside a section leaves the outer one to go on where it was.
  @Test func parallelSectionsRunEachSectionOnce() {
    let log = UnsafeMutablePointer<[String]>.allocate(capacity: 1)
    log.initialize(to: [])
    defer { log.deinitialize(count: 1).deallocate() }
    GOMP_parallel_sections(outerSections, log, 0, 3, 0)
    #expect(log.pointee == ["outer 1", "inner 1", "inner 2", "inner 3", "inner 4", "outer 2", "outer 3"])
  }
}

/// The body of an outer `parallel sections` region with three sections; the first opens an
/// inner region of four. Each writes the sections it runs to the `[String]` at `data`.
private func outerSections(_ data: UnsafeMutableRawPointer?) {
  let log = data!.assumingMemoryBound(to: [String].self)
  var id = GOMP_sections_next()
  while id != 0 {
    log.pointee.append("outer \(id)")
    if id == 1 { GOMP_parallel_sections(innerSections, data, 0, 4, 0) }
    id = GOMP_sections_next()
  }
  GOMP_sections_end_nowait()
}

private func innerSections(_ data: UnsafeMutableRawPointer?) {
  let log = data!.assumingMemoryBound(to: [String].self)
  var id = GOMP_sections_next()
  while id != 0 {
    log.pointee.append("inner \(id)")
    id = GOMP_sections_next()
  }
  GOMP_sections_end_nowait()
}
