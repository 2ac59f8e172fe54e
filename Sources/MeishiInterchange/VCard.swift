/// vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350): read cards from phones and address books,
/// write cards they can read back.
///
/// ```swift
/// let contacts = try VCard.parse(text)             // every card in the file
/// let file = VCard.serialize(contacts, version: .v3)
/// ```
///
/// Reading unfolds lines on bytes (a fold may fall inside a multi-byte character), decodes
/// quoted-printable values and their `CHARSET` (vCard 2.1 exporters), unescapes `\n \, \; \\`,
/// accepts property groups (`item1.EMAIL`) and maps `N`, `FN`, `ORG`, `TITLE`, `EMAIL`, `TEL`,
/// `ADR`, `URL`, `NOTE`, `UID`, the readings (`X-PHONETIC-LAST-NAME`/`-FIRST-NAME`, `SORT-AS` on
/// `N`, `SOUND;X-IRMC-N`) and meishi's own `X-MEISHI-*` properties onto ``ExchangeContact``.
/// Writing uses CRLF, folds lines at 75 octets without splitting a UTF-8 sequence and escapes
/// text, so `parse(serialize(x)) == x`.
public enum VCard {
  /// The vCard version to write.
  public enum Version: String, Sendable, CaseIterable {
    case v3 = "3.0"
    case v4 = "4.0"
  }

  /// Reads every card of a vCard file.
  /// - Throws: ``InterchangeError`` naming the line, for a `BEGIN`/`END` mismatch, a line without
  ///   `:`, text outside the cards, or a value in a character set that cannot be decoded.
  public static func parse(_ text: String) throws(InterchangeError) -> [ExchangeContact] {
    try VCardReader(bytes: Array(text.utf8)).contacts()
  }

  /// Reads every card of a vCard file given as bytes, as read from disk.
  ///
  /// Prefer this to decoding the file first: some phones fold lines in the middle of a
  /// multi-byte UTF-8 character, which only the bytes can repair, and vCard 2.1 files may hold
  /// Shift_JIS values declared with `CHARSET=SHIFT_JIS`.
  public static func parse(bytes: some Sequence<UInt8>) throws(InterchangeError)
    -> [ExchangeContact]
  {
    try VCardReader(bytes: Array(bytes)).contacts()
  }

  /// Writes the contacts as one vCard file (CRLF line ends, lines folded at 75 octets).
  public static func serialize(_ contacts: [ExchangeContact], version: Version = .v4) -> String {
    var writer = VCardWriter(version: version)
    for contact in contacts { writer.write(contact) }
    return writer.text
  }
}
