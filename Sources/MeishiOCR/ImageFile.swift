import Foundation

/// The image formats meishi recognises by their first bytes.
public enum ImageFormat: String, Sendable, CaseIterable {
  case jpeg, png, tiff, gif, bmp, webp, heic, pdf

  /// File-name extensions treated as card images when a folder is expanded.
  public static let fileExtensions: Set<String> = [
    "jpg", "jpeg", "png", "tif", "tiff", "gif", "bmp", "webp", "heic", "heif", "pdf",
  ]

  /// Whether Leptonica on this machine decodes the format.
  var isDecodable: Bool {
    switch self {
    case .jpeg, .png, .tiff, .gif, .bmp, .webp: true
    case .heic, .pdf: false
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
      if ["heic", "heix", "mif1", "msf1", "heim", "heis", "hevc", "avif"].contains(brand) {
        return .heic
      }
    }
    if starts(Array("%PDF".utf8)) { return .pdf }
    return nil
  }
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
        "\(path): not an image (its content is not JPEG, PNG, TIFF, GIF, BMP or WebP); remove it from the folder or re-export it"
      )
    }
    guard format.isDecodable else {
      throw OCRError(
        .unsupportedFormat,
        "\(path): \(format.rawValue.uppercased()) is not supported yet; convert it to JPEG or PNG")
    }
    if let problem = truncation(of: data, format: format) {
      throw OCRError(
        .truncated,
        "\(path): the \(format.rawValue.uppercased()) file is truncated (\(problem)); copy it again from the camera or scanner"
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
    default:
      return nil
    }
  }
}
