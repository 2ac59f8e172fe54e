public import MeishiCore

/// Reads contact fields out of the OCR text of one business card.
///
/// ```swift
/// let card = CardParser().parse(text: """
///   株式会社サクラテクノロジー
///   営業部 部長
///   山田 太郎
///   TEL 03-1234-5678
///   """)
/// card.contact.name          // "山田 太郎"
/// card.contact.phones[0]     // Phone(kind: .tel, number: "+81312345678", raw: "03-1234-5678")
/// card.confidence["name"]    // 0.9
/// ```
///
/// The rules run in a fixed order, each taking the text it explains so later
/// rules do not see it: e-mail and web addresses, phone numbers, postal code
/// and address, company, department and title, then the name (Japanese,
/// romanised, kana reading). Each field's confidence is the OCR confidence of
/// its line(s) times how clear the rule's match was, so a value found only by
/// its position on the card stays under its review threshold (``ParsedCard/reviewThreshold(for:)``).
/// The parser never invents a value: text it cannot read is left out. A
/// labelled phone number that is not a valid number (a digit lost to OCR) is
/// kept as printed in `extras["unparsed_phones"]` ("; "-separated).
public struct CardParser: Sendable {
  public init() {}

  /// Parses OCR output, using each line's confidence and box size.
  public func parse(_ ocr: OCRResult) -> ParsedCard {
    var state = ParseState(ocr)
    EmailURLExtractor.run(&state)
    PhoneExtractor.run(&state)
    AddressExtractor.run(&state)
    CompanyExtractor.run(&state)
    CompanyExtractor.fromDomain(&state)
    OrgRoleExtractor.run(&state)
    NameExtractor.run(&state)
    NameExtractor.mendFamilyByRomaji(&state)
    NameExtractor.mendGivenByReading(&state)
    EmailURLExtractor.mendLocalPartsByName(&state)
    Corroboration.run(&state)
    EmailURLExtractor.joinNameWordBeforeLocalPart(&state)
    return ParsedCard(contact: state.contact, confidence: state.confidence, extras: state.extras)
  }

  /// Parses plain text: one line per text line, all lines the same size,
  /// OCR confidence 0.9.
  public func parse(text: String) -> ParsedCard {
    parse(Self.ocrResult(text: text))
  }

  /// The `OCRResult` that ``parse(text:)`` builds: one ``OCRLine`` per
  /// non-blank line, equal boxes stacked top-down, confidence 0.9.
  public static func ocrResult(text: String, confidence: Double = 0.9) -> OCRResult {
    let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
      .filter { !$0.allSatisfy(\.isWhitespace) }
      .enumerated()
      .map { i, line in
        OCRLine(
          text: String(line), bbox: BoundingBox(x: 0, y: i * 50, width: 1000, height: 40),
          confidence: confidence)
      }
    return OCRResult(lines: lines)
  }
}
