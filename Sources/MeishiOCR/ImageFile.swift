import Foundation

/// The image formats meishi recognises by their first bytes.
public enum ImageFormat: String, Sendable, CaseIterable {
  /// `heic` stands for the whole HEIF family (HEIC from phones, and AVIF).
  case jpeg, png, tiff, gif, bmp, webp, heic, pdf

  /// File-name extensions treated as card images when a folder is expanded.
  public static let fileExtensions: Set<String> = [
    "jpg", "jpeg", "jpe", "png", "tif", "tiff", "gif", "bmp", "webp", "heic", "heif", "hif",
    "avif", "pdf",
  ]

  /// The name used in messages.
  var displayName: String {
    switch self {
    case .heic: "HEIF/HEIC"
    case .webp: "WebP"
    default: rawValue.uppercased()
    }
  }

  /// Recognises a format from a file's first bytes.
  static func sniff(_ head: [UInt8]) -> ImageFormat? {
    func starts(_ sig: [UInt8], at offset: Int = 0) -> Bool {
      head.count >= offset + sig.count && Array(head[offset..<offset + sig.count]) == sig
    }
    if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
    if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
    if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
    if starts(Array("GIF8".utf8)) { return .gif }
    if starts(Array("BM".utf8)) { return .bmp }
    if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
    if starts(Array("ftyp".utf8), at: 4) {
      let brand = head.count >= 12 ? String(decoding: head[8..<12], as: UTF8.self) : ""
      if heifBrands.contains(brand) { return .heic }
    }
    if starts(Array("%PDF".utf8)) { return .pdf }
    return nil
  }

  /// Major brands of the HEIF family (ISO/IEC 23008-12, and AVIF).
  static let heifBrands: Set<String> = [
    "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis",
  ]
}

/// Checks that a path is a readable, complete image before it goes to the decoder,
/// so that every failure gets a message a person can act on.
enum ImageFile {
  /// Reads a file, with a clear error when it is missing, a folder, unreadable or empty.
  static func load(_ path: String) throws(OCRError) -> Data {
    let fm = FileManager.default
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
      throw OCRError(.fileMissing, "\(path): no such file; check the path")
    }
    if isDir.boolValue {
      throw OCRError(.notAnImage, "\(path): is a folder, not an image")
    }
    guard fm.isReadableFile(atPath: path), let data = fm.contents(atPath: path) else {
      throw OCRError(
        .fileUnreadable, "\(path): cannot be read (permission denied?); check the file's permissions")
    }
    if data.isEmpty {
      throw OCRError(.emptyFile, "\(path): the file is empty (0 bytes); scan or copy the card again")
    }
    return data
  }

  /// Checks that bytes are a complete image of a supported format.
  static func check(_ data: Data, path: String) throws(OCRError) -> ImageFormat {
    let head = [UInt8](data.prefix(16))
    guard let format = ImageFormat.sniff(head) else {
      throw OCRError(
        .notAnImage,
        "\(path): not an image (its content is not JPEG, PNG, TIFF, GIF, BMP, WebP, HEIC/HEIF/AVIF or PDF); remove it from the folder or re-export it"
      )
    }
    if let problem = truncation(of: data, format: format) {
      throw OCRError(
        .truncated,
        "\(path): the \(format.displayName) file is truncated (\(problem)); copy it again from the camera or scanner"
      )
    }
    return format
  }

  /// A reason when a JPEG or PNG lacks its end, else nil.
  static func truncation(of data: Data, format: ImageFormat) -> String? {
    switch format {
    case .jpeg:
      // The end-of-image marker FF D9 must be near the end (some cameras append padding).
      let tail = [UInt8](data.suffix(4096))
      for i in stride(from: tail.count - 2, through: 0, by: -1)
      where tail[i] == 0xFF && tail[i + 1] == 0xD9 {
        return nil
      }
      return "no end-of-image marker"
    case .png:
      let tail = [UInt8](data.suffix(12))
      let iend = Array("IEND".utf8)
      return tail.count == 12 && Array(tail[4..<8]) == iend ? nil : "no IEND chunk"
    case .pdf:
      // "%%EOF" closes every complete PDF (possibly followed by a line end or padding).
      let tail = [UInt8](data.suffix(1024))
      let eof = Array("%%EOF".utf8)
      guard tail.count >= eof.count else { return "no %%EOF marker" }
      for i in stride(from: tail.count - eof.count, through: 0, by: -1)
      where Array(tail[i..<i + eof.count]) == eof {
        return nil
      }
      return "no %%EOF marker"
    default:
      return nil
    }
  }
}
