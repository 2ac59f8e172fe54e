import MeishiCore

/// Writes contacts as vCard text: CRLF, lines folded at 75 octets on UTF-8 boundaries.
struct VCardWriter {
  let version: VCard.Version
  private var bytes: [UInt8] = []

  init(version: VCard.Version) {
    self.version = version
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }

  private var v4: Bool { version == .v4 }

  /// A `TYPE` parameter: lower case in 4.0, upper case in 3.0 (as most 3.0 writers do).
  private func type(_ values: String...) -> String {
    "TYPE=" + values.map { v4 ? $0.lowercased() : $0.uppercased() }.joined(separator: ",")
  }

  mutating func write(_ contact: ExchangeContact) {
    typealias T = ContactText
    let f = contact.fields
    line("BEGIN", value: "VCARD")
    line("VERSION", value: version.rawValue)
    line("PRODID", value: "-//meishi//meishi//EN")
    if let uid = contact.uid { line("UID", value: VCardWriter.escape(uid)) }

    // FN is required: the name, else what other apps would show instead.
    let formatted = f.name ?? f.nameLatin ?? f.company ?? ""
    line("FN", value: VCardWriter.escape(formatted))
    // Each X-MEISHI-* name property is written only when a reader would not get the value back
    // from the standard properties alone.
    if T.name(formatted: formatted, family: f.familyName, given: f.givenName) != f.name {
      line("X-MEISHI-NAME", value: VCardWriter.escape(f.name ?? ""))
    }

    let familyFirst = T.familyFirst(name: f.name, family: f.familyName, given: f.givenName)
    let partsKnown = contact.nameKanaFamily != nil || contact.nameKanaGiven != nil
    let phonetic =
      partsKnown
      ? (family: contact.nameKanaFamily, given: contact.nameKanaGiven)
      : T.splitReading(f.nameKana, familyFirst: familyFirst)

    var nParams: [String] = []
    if v4, phonetic.family != nil || phonetic.given != nil {
      let sort = [phonetic.family ?? "", phonetic.given ?? ""].map(VCardWriter.sortAsComponent)
      nParams.append("SORT-AS=\"\(sort.joined(separator: ","))\"")
    }
    line(
      "N", nParams,
      value: [f.familyName ?? "", f.givenName ?? "", "", "", ""].map(VCardWriter.escape)
        .joined(separator: ";"))
    if let family = phonetic.family {
      line("X-PHONETIC-LAST-NAME", value: VCardWriter.escape(family))
    }
    if let given = phonetic.given {
      line("X-PHONETIC-FIRST-NAME", value: VCardWriter.escape(given))
    }
    let kanaNeedsMarker =
      partsKnown
      ? f.nameKana
        != T.joinReading(
          family: contact.nameKanaFamily, given: contact.nameKanaGiven, familyFirst: familyFirst)
      : f.nameKana != nil
    if kanaNeedsMarker { line("X-MEISHI-NAME-KANA", value: VCardWriter.escape(f.nameKana ?? "")) }
    if f.nameLatin != T.defaultLatinName(f.name) {
      line("X-MEISHI-NAME-LATIN", value: VCardWriter.escape(f.nameLatin ?? ""))
    }

    if f.company != nil || f.department != nil {
      var org = [f.company ?? ""]
      if let department = f.department { org.append(department) }
      line("ORG", value: org.map(VCardWriter.escape).joined(separator: ";"))
    }
    if let title = f.title { line("TITLE", value: VCardWriter.escape(title)) }
    for email in f.emails {
      line(
        "EMAIL", [v4 ? type("work") : type("internet", "work")], value: VCardWriter.escape(email))
    }
    for phone in f.phones {
      let types: String
      switch phone.kind {
      case .tel: types = type("work", "voice")
      case .mobile: types = type("cell")
      case .fax: types = type("work", "fax")
      case .other: types = type("other", "voice")
      }
      line("TEL", [types], value: VCardWriter.escape(phone.raw.isEmpty ? phone.number : phone.raw))
    }
    if f.address != nil || f.postalCode != nil {
      // The address is one line in meishi, so it goes whole into the street component.
      let adr = ["", "", f.address ?? "", "", "", f.postalCode ?? "", ""]
      line("ADR", [type("work")], value: adr.map(VCardWriter.escape).joined(separator: ";"))
    }
    for url in f.urls { line("URL", value: VCardWriter.escapeURI(url)) }
    if let note = contact.note { line("NOTE", value: VCardWriter.escape(note)) }
    if let status = contact.status { line("X-MEISHI-STATUS", value: VCardWriter.escape(status)) }
    for event in contact.events { line("X-MEISHI-EVENT", value: VCardWriter.escape(event)) }
    line("END", value: "VCARD")
  }

  /// Appends one content line, folded: at most 75 octets per line (the leading space of a
  /// continuation line included), never inside a UTF-8 sequence.
  private mutating func line(_ name: String, _ params: [String] = [], value: String) {
    let whole =
      Array(([name] + params).joined(separator: ";").utf8) + [UInt8(ascii: ":")]
      + Array(value.utf8)
    var start = 0
    var limit = 75
    while whole.count - start > limit {
      var cut = start + limit
      while cut > start, whole[cut] & 0xC0 == 0x80 { cut -= 1 }
      bytes += whole[start..<cut]
      bytes += [0x0D, 0x0A, 0x20]
      start = cut
      limit = 74
    }
    bytes += whole[start...]
    bytes += [0x0D, 0x0A]
  }

  /// Escapes a text value or component: `\` `,` `;` and line breaks.
  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s {
      switch ch {
      case "\\": out += "\\\\"
      case ",": out += "\\,"
      case ";": out += "\\;"
      case "\n", "\r\n", "\r": out += "\\n"
      default: out.append(ch)
      }
    }
    return out
  }

  /// A URI value is not escaped, except for line breaks and backslashes, which would otherwise
  /// break the line or be read as escapes.
  static func escapeURI(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "\\": out += "\\\\"
      case "\n", "\r\n", "\r": out += "\\n"
      default: out.append(ch)
      }
    }
    return out
  }

  /// A `SORT-AS` component: no commas (they separate components) or double quotes (RFC 6868 `^'`).
  static func sortAsComponent(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case ",": out += " "
      case "^": out += "^^"
      case "\"": out += "^'"
      case "\n", "\r\n", "\r": out += "^n"
      default: out.append(ch)
      }
    }
    return out
  }
}
