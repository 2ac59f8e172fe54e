import Foundation
public import MeishiCore

/// One contact as it travels through vCard and CSV files.
///
/// `fields` holds the contact in the shape of the public JSON contract (`name` family name first
/// for Japanese names, one ASCII space); the other properties carry what the store keeps beside
/// the fields, so that an export read back with `VCard.parse` or `ContactsCSV.parse` gives the
/// same value.
public struct ExchangeContact: Sendable, Equatable {
  /// The vCard `UID`; on import it becomes the store's contact uid.
  public var uid: String?
  /// The contact's fields, in the contract's form.
  public var fields: ContactFields
  /// The reading (furigana) of the family name, when it is known on its own.
  public var nameKanaFamily: String?
  /// The reading (furigana) of the given name, when it is known on its own.
  public var nameKanaGiven: String?
  /// Free text (vCard `NOTE`, Google's "Notes").
  public var note: String?
  /// meishi's follow-up status (`X-MEISHI-STATUS`).
  public var status: String?
  /// Where the person was met, in order (`X-MEISHI-EVENT`, one per event).
  public var events: [String]

  public init(
    uid: String? = nil, fields: ContactFields = ContactFields(), nameKanaFamily: String? = nil,
    nameKanaGiven: String? = nil, note: String? = nil, status: String? = nil, events: [String] = []
  ) {
    self.uid = uid
    self.fields = fields
    self.nameKanaFamily = nameKanaFamily
    self.nameKanaGiven = nameKanaGiven
    self.note = note
    self.status = status
    self.events = events
  }
}

/// Why a vCard or CSV file could not be read.
///
/// `description` names the line and the offending value and says how to fix the file; like
/// GRDB's `DatabaseError`, its wording is for people and may change, so match on `code`.
public struct InterchangeError: Error, CustomStringConvertible, Sendable, Equatable {
  public enum Code: String, Sendable, Equatable {
    /// `BEGIN:VCARD` inside a card that was not closed.
    case nestedBegin
    /// `END:VCARD` without a `BEGIN:VCARD` before it.
    case endWithoutBegin
    /// The file ends inside a card.
    case missingEnd
    /// Text outside `BEGIN:VCARD` … `END:VCARD` (or a file that is not a vCard at all).
    case outsideCard
    /// A vCard line without the `:` between the property and its value.
    case malformedLine
    /// A `CHARSET` parameter this reader cannot decode.
    case unsupportedCharset
    /// Bytes that are not text in the file's (or the parameter's) character set.
    case invalidText
    /// A CSV field whose opening quote is never closed.
    case unterminatedQuote
    /// A CSV header that is neither Google Contacts' layout nor meishi's plain one.
    case unknownHeader
    /// A CSV row with more values than the header has columns.
    case extraFields
    /// A CSV cell whose value cannot be read (for example an unknown phone kind).
    case invalidValue
  }

  /// What went wrong, for programs.
  public var code: Code
  /// The 1-based line of the file where the problem is (where the CSV record starts), if any.
  public var line: Int?
  /// What went wrong and how to fix it, for people: names the line and the value.
  public var description: String

  public init(_ code: Code, line: Int?, _ description: String) {
    self.code = code
    self.line = line
    self.description = description
  }
}

extension InterchangeError {
  /// A value shortened for an error message.
  static func quote(_ value: String, limit: Int = 40) -> String {
    let flat = value.replacingOccurrences(of: "\r", with: "").replacingOccurrences(
      of: "\n", with: "⏎")
    return flat.count > limit ? "\"\(flat.prefix(limit))…\"" : "\"\(flat)\""
  }

  static func at(_ line: Int?) -> String {
    line.map { "line \($0): " } ?? ""
  }
}
