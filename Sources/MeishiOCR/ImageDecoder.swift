import CTesseract
import Foundation
import MeishiImaging

/// One page of an image file, decoded.
struct DecodedPage {
  /// 8-bit grey or 32-bit RGB; transparency already composited onto white.
  var image: PixImage
  /// Coordinates in `image` times this are the file's own pixel coordinates (above 1 when a
  /// large JPEG was decoded at a reduced size).
  var scaleToFile: Double
  /// The JPEG's orientation tag, if any.
  var exif: ExifOrientation?
  /// The page's number in the file (0 for single-image files).
  var pageNumber: Int
}

/// Decodes the pages of an image file one at a time, so that a long TIFF or PDF never sits in
/// memory at once. JPEG, PNG, TIFF, GIF, BMP and WebP are decoded by Leptonica; HEIC/HEIF/AVIF by
/// `heif-convert` (libheif-examples) and PDF by `pdftoppm` (poppler-utils), through a private
/// temporary folder.
final class PageDecoder {
  private let data: Data
  private let format: ImageFormat
  private let path: String
  /// Images whose long side exceeds this may be decoded smaller (JPEG only: the decoder's
  /// DCT scaling makes a 50-megapixel photo cheap).
  private let maxSide: Int
  private var next = 0
  private var done = false
  private var folder: TemporaryFolder?
  /// HEIF: the converted files; PDF: the page count.
  private var convertedFiles: [String] = []
  private var pdfPages = 0

  init(data: Data, format: ImageFormat, path: String, maxSide: Int) {
    self.data = data
    self.format = format
    self.path = path
    self.maxSide = maxSide
  }

  /// The next page, or nil after the last.
  func nextPage() throws(OCRError) -> DecodedPage? {
    guard !done else { return nil }
    defer { next += 1 }
    switch format {
    case .jpeg:
      done = true
      return try decodeJPEG(data, pageNumber: 0)
    case .png, .gif, .bmp, .webp:
      done = true
      guard let pix = Self.withBytes(data, { pixReadMem($0, $1) }) else { throw decodeError() }
      return DecodedPage(image: try flatten(pix), scaleToFile: 1, exif: nil, pageNumber: 0)
    case .tiff:
      let n = Int32(next)
      guard let pix = Self.withBytes(data, { pixReadMemTiff($0, $1, n) }) else {
        done = true
        if next == 0 { throw decodeError() }
        return nil
      }
      return DecodedPage(image: try flatten(pix), scaleToFile: 1, exif: nil, pageNumber: next)
    case .heic:
      if next == 0 { try convertHEIF() }
      guard next < convertedFiles.count else {
        done = true
        return nil
      }
      let file = convertedFiles[next]
      guard let bytes = FileManager.default.contents(atPath: file) else { throw decodeError() }
      try? FileManager.default.removeItem(atPath: file)
      return try decodeJPEG(bytes, pageNumber: next)
    case .pdf:
      if next == 0 { try openPDF() }
      guard next < pdfPages else {
        done = true
        return nil
      }
      return try renderPDFPage(next)
    }
  }

  private func decodeError() -> OCRError {
    OCRError(.decodeFailed, "\(path): the image data is damaged and cannot be decoded; copy it again")
  }

  private static func withBytes<T>(
    _ data: Data, _ body: (UnsafePointer<UInt8>, Int) -> T?
  ) -> T? {
    data.withUnsafeBytes { raw -> T? in
      guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
      return body(base, raw.count)
    }
  }

  /// A JPEG, decoded at 1/2, 1/4 or 1/8 size when it is far larger than needed.
  private func decodeJPEG(_ bytes: Data, pageNumber: Int) throws(OCRError) -> DecodedPage {
    // The tag sits in the first 64 KB (APP1 segments are at most that long).
    let exif = ExifOrientation.read(jpeg: [UInt8](bytes.prefix(70_000)))
    var w: Int32 = 0
    var h: Int32 = 0
    var spp: Int32 = 0
    var ycck: Int32 = 0
    var cmyk: Int32 = 0
    var reduction: Int32 = 1
    if Self.withBytes(bytes, { readHeaderMemJpeg($0, $1, &w, &h, &spp, &ycck, &cmyk) }) == 0 {
      let long = Int(max(w, h))
      while reduction < 8 && long / Int(reduction * 2) >= maxSide * 3 / 4 { reduction *= 2 }
    }
    var warnings: Int32 = 0
    guard
      let pix = Self.withBytes(bytes, { pixReadMemJpeg($0, $1, 0, reduction, &warnings, 0) })
    else { throw decodeError() }
    let image = try flatten(pix)
    let scale = w > 0 ? Double(w) / Double(image.width) : 1
    return DecodedPage(image: image, scaleToFile: scale, exif: exif, pageNumber: pageNumber)
  }

  /// Takes ownership of a decoded Pix: colour maps removed, 1/2/4/16-bit made 8-bit grey,
  /// transparency composited onto white (a transparent background is paper, not ink).
  private func flatten(_ raw: PixPointer) throws(OCRError) -> PixImage {
    let pix = PixImage(taking: raw)
    if pix.depth == 32 && pixGetSpp(pix.pointer) == 4 {
      guard let blended = pixAlphaBlendUniform(pix.pointer, 0xFFFF_FF00) else { throw decodeError() }
      let out = PixImage(taking: blended)
      pixSetSpp(out.pointer, 3)
      return out
    }
    if pix.depth == 32 && pixGetColormap(pix.pointer) == nil { return pix }
    if pix.depth == 8 && pixGetColormap(pix.pointer) == nil { return pix }
    if pixGetColormap(pix.pointer) != nil {
      guard let p = pixRemoveColormap(pix.pointer, Int32(REMOVE_CMAP_BASED_ON_SRC)) else {
        throw decodeError()
      }
      return try flatten(p)
    }
    guard let grey = pix.gray() else { throw decodeError() }
    return grey
  }

  // MARK: HEIF (HEIC, AVIF) through heif-convert

  private func convertHEIF() throws(OCRError) {
    guard let tool = ExternalTool.locate("heif-convert") else {
      throw OCRError(
        .unsupportedFormat,
        "\(path): reading HEIC/HEIF/AVIF needs heif-convert; run scripts/setup (apt-get install libheif-examples) or convert the image to JPEG"
      )
    }
    let folder = try TemporaryFolder()
    self.folder = folder
    let input = folder.file("input.heic")
    guard FileManager.default.createFile(atPath: input, contents: data) else {
      throw OCRError(.engineFailed, "\(path): cannot write a temporary copy in \(folder.url.path)")
    }
    // JPEG rather than PNG: much faster to write and read for a 12-megapixel photo.
    let result = try ExternalTool.run(tool, ["-q", "95", input, folder.file("page.jpg")])
    try? FileManager.default.removeItem(atPath: input)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? []
    // One top-level image gives page.jpg; several give page-1.jpg, page-2.jpg, …
    convertedFiles =
      names.filter { $0.hasPrefix("page") && $0.hasSuffix(".jpg") }
      .sorted { a, b in
        let na = Int(a.dropFirst(5).dropLast(4)) ?? 0
        let nb = Int(b.dropFirst(5).dropLast(4)) ?? 0
        return na < nb
      }
      .map { folder.file($0) }
    if convertedFiles.isEmpty {
      let why = result.errors.split(separator: "\n").last.map(String.init) ?? "exit status \(result.status)"
      throw OCRError(
        .decodeFailed, "\(path): the HEIF image cannot be decoded (\(why)); convert it to JPEG and try again")
    }
  }

  // MARK: PDF through poppler

  private func openPDF() throws(OCRError) {
    guard let render = ExternalTool.locate("pdftoppm"), ExternalTool.locate("pdfinfo") != nil else {
      throw OCRError(
        .unsupportedFormat,
        "\(path): reading PDF needs pdftoppm and pdfinfo; run scripts/setup (apt-get install poppler-utils) or export the page as an image"
      )
    }
    _ = render
    let folder = try TemporaryFolder()
    self.folder = folder
    let input = folder.file("input.pdf")
    guard FileManager.default.createFile(atPath: input, contents: data) else {
      throw OCRError(.engineFailed, "\(path): cannot write a temporary copy in \(folder.url.path)")
    }
    let info = try ExternalTool.run(ExternalTool.locate("pdfinfo")!, [input])
    var pages = 0
    for line in info.output.split(separator: "\n") where line.hasPrefix("Pages:") {
      pages = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
    }
    guard info.status == 0, pages > 0 else {
      let why = info.errors.split(separator: "\n").first.map(String.init) ?? "no pages"
      throw OCRError(
        .decodeFailed, "\(path): the PDF cannot be read (\(why)); open it and export the card as an image")
    }
    pdfPages = pages
  }

  /// Renders one page at 300 dpi in grey, reads it and deletes the file.
  private func renderPDFPage(_ index: Int) throws(OCRError) -> DecodedPage {
    guard let folder, let tool = ExternalTool.locate("pdftoppm") else { throw decodeError() }
    let n = String(index + 1)
    let base = folder.file("page")
    let result = try ExternalTool.run(
      tool, ["-r", "300", "-gray", "-f", n, "-l", n, "-singlefile", folder.file("input.pdf"), base])
    let file = base + ".pgm"
    defer { try? FileManager.default.removeItem(atPath: file) }
    guard result.status == 0, let bytes = FileManager.default.contents(atPath: file),
      let pix = Self.withBytes(bytes, { pixReadMemPnm($0, $1) })
    else {
      let why = result.errors.split(separator: "\n").first.map(String.init) ?? "exit status \(result.status)"
      throw OCRError(
        .decodeFailed, "\(path): page \(index + 1) of the PDF cannot be rendered (\(why))")
    }
    let image = try flatten(pix)
    pixSetResolution(image.pointer, 300, 300)
    return DecodedPage(image: image, scaleToFile: 1, exif: nil, pageNumber: index)
  }
}
