/// Why a card image could not be read. The text names the file and says what to do.
public struct OCRError: Error, CustomStringConvertible, Sendable, Equatable {
  /// Stable codes; the human text may change.
  public enum Code: String, Sendable {
    case fileMissing, fileUnreadable, emptyFile, notAnImage, unsupportedFormat, truncated,
      decodeFailed, tessdataMissing, engineFailed, nothingRead
  }

  public var code: Code
  public var description: String

  public init(_ code: Code, _ description: String) {
    self.code = code
    self.description = description
  }
}
