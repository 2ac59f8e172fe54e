import Foundation
import MeishiCore
import MeishiInterchange
import MeishiTestSupport
import Testing

/// The bytes of a file under `Fixtures/`.
func fixtureBytes(_ relative: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: Fixtures.url(relative)))
}

/// The error `body` throws, or nil when it returns.
func thrown<T>(_ body: () throws -> T) -> InterchangeError? {
  do {
    _ = try body()
    return nil
  } catch let error as InterchangeError {
    return error
  } catch {
    Issue.record("not an InterchangeError: \(error)")
    return nil
  }
}

/// A vCard from lines, joined with CRLF.
func card(_ lines: String...) -> String {
  (["BEGIN:VCARD", "VERSION:3.0"] + lines + ["END:VCARD", ""]).joined(separator: "\r\n")
}

func phone(_ kind: Phone.Kind, _ number: String, _ raw: String) -> Phone {
  Phone(kind: kind, number: number, raw: raw)
}
