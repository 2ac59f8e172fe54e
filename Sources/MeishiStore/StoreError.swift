/// Why a store operation failed. The text says what to do.
public struct StoreError: Error, CustomStringConvertible, Sendable {
  public enum Code: String, Sendable {
    case cannotOpen, notFound, ambiguous, invalidValue, conflict
  }

  public var code: Code
  public var description: String

  public init(_ code: Code, _ description: String) {
    self.code = code
    self.description = description
  }
}
