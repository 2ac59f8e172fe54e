import Foundation
import MeishiCore

/// One property of a card after unfolding: `[group.]NAME[;PARAM[=value,…]]…:value`.
struct ContentLine {
  struct Parameter {
    /// Upper-cased; empty for a vCard 2.1 bare parameter (`TEL;CELL:…`).
    var name: String
    var values: [String]
  }

  /// The physical line where the property starts (1-based).
  var line: Int
  var group: String?
  /// Upper-cased.
  var name: String
  var parameters: [Parameter]
  /// The value's bytes, still encoded (quoted-printable, escapes).
  var value: [UInt8]

  func values(of parameter: String) -> [String] {
    parameters.filter { $0.name == parameter }.flatMap(\.values)
  }

  static let encodingWords: Set<String> = ["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"]

  /// `TYPE` values and vCard 2.1 bare parameters, lower-cased.
  var types: [String] {
    var out: [String] = []
    for p in parameters {
      if p.name == "TYPE" {
        out += p.values.map { $0.lowercased() }
      } else if p.name.isEmpty {
        for v in p.values where !ContentLine.encodingWords.contains(v.uppercased()) {
          out.append(v.lowercased())
        }
      }
    }
    return out
  }

  /// `QUOTED-PRINTABLE`, `B`, `BASE64`, … (upper-cased), from `ENCODING=` or a bare 2.1 parameter.
  var encoding: String? {
    if let e = values(of: "ENCODING").first { return e.uppercased() }
    return parameters.filter { $0.name.isEmpty }.flatMap(\.values).map { $0.uppercased() }
      .first { ContentLine.encodingWords.contains($0) }
  }

  var charset: String? { values(of: "CHARSET").first }
}

/// Turns the bytes of a vCard file into contacts.
struct VCardReader {
  let bytes: [UInt8]

  init(bytes: [UInt8]) {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      self.bytes = Array(bytes.dropFirst(3))
    } else {
      self.bytes = bytes
    }
  }

  func contacts() throws(InterchangeError) -> [ExchangeContact] {
    var contacts: [ExchangeContact] = []
    var card: [ContentLine]? = nil
    var beginLine = 0
    for content in try contentLines() {
      switch content.name {
      case "BEGIN":
        let what = try text(content).trimmingCharacters(in: .whitespaces)
        if card != nil {
          throw InterchangeError(
            .nestedBegin, line: content.line,
            "line \(content.line): BEGIN:\(what) inside the card that begins on line \(beginLine). "
              + "Add END:VCARD before line \(content.line) to close that card.")
        }
        guard what.uppercased() == "VCARD" else {
          throw InterchangeError(
            .outsideCard, line: content.line,
            "line \(content.line): BEGIN:\(what) starts a \(what), not a vCard. "
              + "Export the contacts as vCard (.vcf) and import that file.")
        }
        card = []
        beginLine = content.line
      case "END":
        guard let lines = card else {
          throw InterchangeError(
            .endWithoutBegin, line: content.line,
            "line \(content.line): END:VCARD without a BEGIN:VCARD before it. "
              + "Remove the line, or add BEGIN:VCARD where the card starts.")
        }
        contacts.append(try VCardReader.contact(from: lines, reader: self))
        card = nil
      default:
        guard card != nil else {
          let shown = String(decoding: content.value.prefix(60), as: UTF8.self)
          throw InterchangeError(
            .outsideCard, line: content.line,
            "line \(content.line): \(content.name) \(InterchangeError.quote(shown)) is outside "
              + "BEGIN:VCARD … END:VCARD. Move it into a card or delete it; "
              + "a vCard file holds only cards.")
        }
        card?.append(content)
      }
    }
    if card != nil {
      throw InterchangeError(
        .missingEnd, line: beginLine,
        "line \(beginLine): the card that begins here has no END:VCARD (the file ends first). "
          + "Add END:VCARD at the end of the card; the file may have been cut short.")
    }
    return contacts
  }

  // MARK: Lines

  /// Physical lines (CRLF, LF or CR) as byte ranges, with their 1-based numbers.
  func physicalLines() -> [(number: Int, range: Range<Int>)] {
    var out: [(Int, Range<Int>)] = []
    var start = 0
    var i = 0
    var number = 1
    while i < bytes.count {
      let b = bytes[i]
      if b == 0x0A || b == 0x0D {
        out.append((number, start..<i))
        number += 1
        if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
        start = i + 1
      }
      i += 1
    }
    if start < bytes.count { out.append((number, start..<bytes.count)) }
    return out
  }

  /// Logical lines: folded lines (CRLF/LF + space or tab) joined on bytes, quoted-printable soft
  /// line breaks (`=` at the end) joined, unindented base64 lines of vCard 2.1 joined.
  func contentLines() throws(InterchangeError) -> [ContentLine] {
    var out: [ContentLine] = []
    var current: [UInt8]? = nil
    var currentLine = 0
    var quotedPrintable = false
    var binary = false

    func flush() throws(InterchangeError) {
      if let cur = current { out.append(try VCardReader.parseLine(cur, line: currentLine)) }
      current = nil
    }

    for (number, range) in physicalLines() {
      let slice = bytes[range]
      if var cur = current {
        if quotedPrintable, cur.last == UInt8(ascii: "=") {
          cur.removeLast()
          cur += slice
          current = cur
          continue
        }
        if let first = slice.first, first == 0x20 || first == 0x09 {
          cur += slice.dropFirst()
          current = cur
          continue
        }
        if binary, !slice.isEmpty, !slice.contains(UInt8(ascii: ":")) {
          cur += slice
          current = cur
          continue
        }
        try flush()
      }
      if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      current = Array(slice)
      currentLine = number
      let head = String(decoding: VCardReader.head(of: slice), as: UTF8.self).uppercased()
      quotedPrintable = head.contains("QUOTED-PRINTABLE")
      binary = head.contains("ENCODING=B") || head.contains(";BASE64")
    }
    try flush()
    return out
  }

  /// The bytes before the first `:` outside double quotes (the name and parameters).
  static func head(of line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    guard let colon = colonIndex(line) else { return line }
    return line[line.startIndex..<colon]
  }

  static func colonIndex<C: Collection<UInt8>>(_ line: C) -> C.Index? {
    var inQuotes = false
    var i = line.startIndex
    while i != line.endIndex {
      let b = line[i]
      if b == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if b == UInt8(ascii: ":"), !inQuotes {
        return i
      }
      i = line.index(after: i)
    }
    return nil
  }

  static func parseLine(_ bytes: [UInt8], line: Int) throws(InterchangeError) -> ContentLine {
    guard let colon = colonIndex(bytes) else {
      let shown = String(decoding: bytes.prefix(60), as: UTF8.self)
      throw InterchangeError(
        .malformedLine, line: line,
        "line \(line): \(InterchangeError.quote(shown)) has no \":\" between a property name and "
          + "its value. Write it as NAME:value, or indent it with one space if it continues "
          + "the line before.")
    }
    let head = String(decoding: bytes[..<colon], as: UTF8.self)
    let parts = splitOutsideQuotes(head, separator: ";")
    var nameToken = parts[0].trimmingCharacters(in: .whitespaces)
    var group: String? = nil
    if let dot = nameToken.lastIndex(of: ".") {
      group = String(nameToken[..<dot])
      nameToken = String(nameToken[nameToken.index(after: dot)...])
    }
    guard !nameToken.isEmpty else {
      throw InterchangeError(
        .malformedLine, line: line,
        "line \(line): the line starts with \(InterchangeError.quote(head)) instead of a property "
          + "name. Write it as NAME:value.")
    }
    var parameters: [ContentLine.Parameter] = []
    for p in parts.dropFirst() {
      if let eq = p.firstIndex(of: "=") {
        let name = p[..<eq].trimmingCharacters(in: .whitespaces).uppercased()
        let raw = String(p[p.index(after: eq)...]).replacingOccurrences(of: "\"", with: "")
        let values = decodeCaret(raw).split(separator: ",", omittingEmptySubsequences: false).map {
          $0.trimmingCharacters(in: .whitespaces)
        }
        parameters.append(.init(name: name, values: values))
      } else {
        let bare = p.trimmingCharacters(in: .whitespaces)
        if !bare.isEmpty { parameters.append(.init(name: "", values: [bare])) }
      }
    }
    return ContentLine(
      line: line, group: group, name: nameToken.uppercased(), parameters: parameters,
      value: Array(bytes[(colon + 1)...]))
  }

  static func splitOutsideQuotes(_ s: String, separator: Character) -> [String] {
    var out: [String] = []
    var cur = ""
    var inQuotes = false
    for ch in s {
      if ch == "\"" { inQuotes.toggle() }
      if ch == separator, !inQuotes {
        out.append(cur)
        cur = ""
      } else {
        cur.append(ch)
      }
    }
    out.append(cur)
    return out
  }

  /// RFC 6868 parameter escapes: `^n` newline, `^^` caret, `^'` double quote.
  static func decodeCaret(_ s: String) -> String {
    guard s.contains("^") else { return s }
    var out = ""
    var it = s.makeIterator()
    while let ch = it.next() {
      guard ch == "^" else {
        out.append(ch)
        continue
      }
      switch it.next() {
      case "n"?, "N"?: out.append("\n")
      case "^"?: out.append("^")
      case "'"?: out.append("\"")
      case let other?:
        out.append("^")
        out.append(other)
      case nil: out.append("^")
      }
    }
    return out
  }

  // MARK: Values

  /// The value as text, after quoted-printable or base64 decoding and character-set decoding,
  /// still with vCard escapes.
  func text(_ content: ContentLine) throws(InterchangeError) -> String {
    var raw = content.value
    let encoding = content.encoding
    switch encoding {
    case "QUOTED-PRINTABLE"?:
      raw = VCardReader.decodeQuotedPrintable(raw)
    case "B"?, "BASE64"?:
      if let data = Data(
        base64Encoded: String(decoding: raw, as: UTF8.self), options: .ignoreUnknownCharacters)
      {
        raw = [UInt8](data)
      }
    default: break
    }
    return try VCardReader.decode(
      raw, charset: content.charset, declaredFirst: encoding != nil,
      line: content.line, property: content.name)
  }

  static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
    func hex(_ b: UInt8) -> UInt8? {
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
      case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
      case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
      default: nil
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count, let hi = hex(bytes[i + 1]),
        let lo = hex(bytes[i + 2])
      {
        out.append(hi << 4 | lo)
        i += 3
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return out
  }

  static func stringEncoding(charset: String) -> String.Encoding? {
    switch charset.uppercased().replacingOccurrences(of: "_", with: "-") {
    case "UTF-8", "UTF8", "US-ASCII", "ASCII": .utf8
    case "SHIFT-JIS", "SJIS", "X-SJIS", "CP932", "WINDOWS-31J", "MS932", "MS-KANJI": .shiftJIS
    case "ISO-2022-JP", "CSISO2022JP": .iso2022JP
    case "ISO-8859-1", "LATIN1", "ISO8859-1": .isoLatin1
    case "WINDOWS-1252", "CP1252": .windowsCP1252
    default: nil
    }
  }

  static func decode(
    _ raw: [UInt8], charset: String?, declaredFirst: Bool, line: Int, property: String
  ) throws(InterchangeError) -> String {
    let declared = charset.flatMap(stringEncoding(charset:))
    if declaredFirst, let declared, declared != .utf8,
      let s = String(bytes: raw, encoding: declared)
    {
      return s
    }
    if let s = String(validating: raw, as: UTF8.self) { return s }
    if let declared, let s = String(bytes: raw, encoding: declared) { return s }
    if let charset, declared == nil {
      throw InterchangeError(
        .unsupportedCharset, line: line,
        "line \(line): \(property) is in CHARSET=\(charset), which meishi cannot decode. "
          + "Convert the file to UTF-8 (iconv -f \(charset) -t UTF-8 in.vcf > out.vcf) "
          + "and remove the CHARSET parameters.")
    }
    throw InterchangeError(
      .invalidText, line: line,
      "line \(line): the value of \(property) is not UTF-8\(charset.map { " or \($0)" } ?? "") "
        + "text. Save the file as UTF-8, or, for a Shift_JIS file from an older phone, convert it "
        + "(iconv -f SHIFT_JIS -t UTF-8 in.vcf > out.vcf).")
  }

  /// Undoes vCard text escapes (`\n`, `\N`, `\,`, `\;`, `\:`, `\\`); line breaks become `\n`.
  static func unescape<S: StringProtocol>(_ s: S) -> String {
    var out = ""
    var escaped = false
    for ch in s {
      if escaped {
        switch ch {
        case "n", "N": out.append("\n")
        case ",", ";", ":", "\\": out.append(ch)
        default:
          out.append("\\")
          out.append(ch)
        }
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else if ch == "\r\n" || ch == "\r" {
        out.append("\n")
      } else {
        out.append(ch)
      }
    }
    if escaped { out.append("\\") }
    return out
  }

  /// The components of a structured value (`N`, `ADR`, `ORG`), split on unescaped `;`, unescaped.
  static func components(_ s: String) -> [String] {
    var out: [String] = []
    var cur = ""
    var escaped = false
    for ch in s {
      if escaped {
        cur.append("\\")
        cur.append(ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else if ch == ";" {
        out.append(unescape(cur))
        cur = ""
      } else {
        cur.append(ch)
      }
    }
    if escaped { cur.append("\\") }
    out.append(unescape(cur))
    return out
  }
}

// MARK: - Card to contact

extension VCardReader {
  static func contact(from lines: [ContentLine], reader: VCardReader) throws(InterchangeError)
    -> ExchangeContact
  {
    typealias T = ContactText
    var formattedNames: [String] = []
    var n: [String]? = nil
    var sortAs: [String] = []
    var irmcN: [String]? = nil
    var sortString: String? = nil
    var phoneticFirst: String? = nil
    var phoneticLast: String? = nil
    var org: [String]? = nil
    var title: String? = nil
    var emails: [String] = []
    var tels: [(raw: String, types: [String], group: String?)] = []
    var addresses: [(parts: [String], types: [String])] = []
    var urls: [String] = []
    var notes: [String] = []
    var uid: String? = nil
    var status: String? = nil
    var events: [String] = []
    var meishiName: String? = nil
    var meishiLatin: String? = nil
    var meishiKana: String? = nil
    var labels: [String: String] = [:]

    for line in lines {
      switch line.name {
      case "FN": formattedNames.append(unescape(try reader.text(line)))
      case "N":
        if n == nil {
          n = components(try reader.text(line))
          sortAs = line.values(of: "SORT-AS")
        }
      case "SOUND":
        if irmcN == nil, line.types.contains("x-irmc-n") {
          irmcN = components(try reader.text(line))
        }
      case "X-PHONETIC-FIRST-NAME":
        if phoneticFirst == nil { phoneticFirst = unescape(try reader.text(line)) }
      case "X-PHONETIC-LAST-NAME":
        if phoneticLast == nil { phoneticLast = unescape(try reader.text(line)) }
      case "SORT-STRING": if sortString == nil { sortString = unescape(try reader.text(line)) }
      case "ORG": if org == nil { org = components(try reader.text(line)) }
      case "TITLE": if title == nil { title = unescape(try reader.text(line)) }
      case "EMAIL": emails.append(unescape(try reader.text(line)))
      case "TEL": tels.append((unescape(try reader.text(line)), line.types, line.group))
      case "ADR": addresses.append((components(try reader.text(line)), line.types))
      case "URL": urls.append(unescape(try reader.text(line)))
      case "NOTE": notes.append(unescape(try reader.text(line)))
      case "UID": if uid == nil { uid = unescape(try reader.text(line)) }
      case "X-MEISHI-STATUS": if status == nil { status = unescape(try reader.text(line)) }
      case "X-MEISHI-EVENT": events.append(unescape(try reader.text(line)))
      case "X-MEISHI-NAME": meishiName = unescape(try reader.text(line))
      case "X-MEISHI-NAME-LATIN": meishiLatin = unescape(try reader.text(line))
      case "X-MEISHI-NAME-KANA": meishiKana = unescape(try reader.text(line))
      case "X-ABLABEL":
        if let g = line.group { labels[g.uppercased()] = unescape(try reader.text(line)) }
      default: break
      }
    }

    var f = ContactFields()
    let nParts = n ?? []
    f.familyName = T.trimmed(nParts.first)
    f.givenName = T.trimmed(nParts.count > 1 ? nParts[1] : nil)
    let middle = T.trimmed(nParts.count > 2 ? nParts[2] : nil)
    if let marker = meishiName {
      f.name = T.nonEmpty(marker)
    } else {
      f.name = T.name(
        formatted: formattedNames.first, family: f.familyName, given: f.givenName, middle: middle)
    }
    if let marker = meishiLatin {
      f.nameLatin = T.nonEmpty(marker)
    } else {
      f.nameLatin =
        T.defaultLatinName(f.name)
        ?? formattedNames.dropFirst().compactMap { T.collapsed($0) }.first(where: T.isLatin)
    }

    // Readings: iOS/Android X-PHONETIC-*, else a feature phone's SOUND;X-IRMC-N, else a kana SORT-AS.
    var phonetic = (family: T.trimmed(phoneticLast), given: T.trimmed(phoneticFirst))
    if phonetic.family == nil, phonetic.given == nil, let irmc = irmcN {
      let kana = irmc.map { $0.precomposedStringWithCompatibilityMapping }
      phonetic = (T.trimmed(kana.first), T.trimmed(kana.count > 1 ? kana[1] : nil))
    }
    if phonetic.family == nil, phonetic.given == nil, !sortAs.isEmpty,
      sortAs.contains(where: T.containsKana)
    {
      phonetic = (T.trimmed(sortAs.first), T.trimmed(sortAs.count > 1 ? sortAs[1] : nil))
    }
    let familyFirst = T.familyFirst(name: f.name, family: f.familyName, given: f.givenName)
    var kanaFamily = phonetic.family
    var kanaGiven = phonetic.given
    if let marker = meishiKana {
      // meishi wrote the full reading; the X-PHONETIC parts were derived from it when they match.
      f.nameKana = T.nonEmpty(marker)
      let derived = T.splitReading(f.nameKana, familyFirst: familyFirst)
      if f.nameKana != nil, derived.family == phonetic.family, derived.given == phonetic.given {
        kanaFamily = nil
        kanaGiven = nil
      }
    } else {
      f.nameKana = T.joinReading(
        family: phonetic.family, given: phonetic.given, familyFirst: familyFirst)
      // vCard 3.0's SORT-STRING, when it is a reading: the full reading, without parts.
      if f.nameKana == nil, let sort = T.collapsed(sortString), T.containsKana(sort) {
        f.nameKana = sort
      }
    }

    if let org {
      f.company = T.trimmed(org.first)
      let units = org.dropFirst().compactMap { T.trimmed($0) }
      f.department = units.isEmpty ? nil : units.joined(separator: " ")
    }
    f.title = T.trimmed(title)
    f.emails = emails.compactMap { email in
      guard var e = T.trimmed(email) else { return nil }
      if e.lowercased().hasPrefix("mailto:") { e = String(e.dropFirst(7)) }
      return T.nonEmpty(e)
    }
    f.phones = tels.compactMap { tel in
      guard var raw = T.trimmed(tel.raw) else { return nil }
      if raw.lowercased().hasPrefix("tel:") { raw = String(raw.dropFirst(4)) }
      guard !raw.isEmpty else { return nil }
      var types = tel.types
      if let g = tel.group, let label = labels[g.uppercased()] {
        types.append(label.lowercased().contains("<other>") ? "other" : label)
      }
      return T.phone(raw: raw, kind: T.phoneKind(types))
    }
    let address =
      addresses.first { $0.types.contains("work") } ?? addresses.first { $0.types.contains("pref") }
      ?? addresses.first
    if let parts = address?.parts {
      func part(_ i: Int) -> String? { i < parts.count ? parts[i] : nil }
      f.address = T.composeAddress(
        poBox: part(0), extended: part(1), street: part(2), locality: part(3), region: part(4),
        country: part(6))
      f.postalCode = T.postalCode(part(5))
    }
    f.urls = urls.compactMap { T.trimmed($0) }

    let note = notes.joined(separator: "\n")
    return ExchangeContact(
      uid: T.trimmed(uid), fields: f, nameKanaFamily: kanaFamily, nameKanaGiven: kanaGiven,
      note: note.isEmpty ? nil : note, status: T.trimmed(status),
      events: events.compactMap { T.trimmed($0) })
  }
}
