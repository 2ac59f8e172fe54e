import Foundation
import MeishiCore

/// Contacts as CSV (RFC 4180), in Google Contacts' layout or in meishi's plain one.
///
/// ```swift
/// let contacts = try ContactsCSV.parse(text)   // Google (current or older) or plain, from the header
/// let csv = ContactsCSV.serialize(contacts, layout: .google)
/// ```
///
/// - `google`: the columns of Google Contacts' "Google CSV" export ("First Name", "Last Name",
///   "Phonetic First Name", …, "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", …,
///   "Custom Field 1 - Label"). Reading also accepts the older export ("Given Name",
///   "Family Name", "Given Name Yomi", "E-mail 1 - Type", "Organization 1 - Name", …) and values
///   joined with " ::: ". meishi's uid, status and events travel as custom fields
///   ("meishi:uid", "meishi:status", "meishi:event").
/// - `plain`: one row per contact with the contract's field names as columns, lists joined by
///   " | ", phones as `kind:number`, followed by ` (raw)` when the printed form differs.
public enum ContactsCSV {
  public enum Layout: String, Sendable, CaseIterable {
    case google, plain
  }

  /// Reads contacts from CSV text; the layout is told from the header.
  /// - Throws: ``InterchangeError`` for an unclosed quote, an unknown header, a row with more
  ///   values than columns, or a phone whose kind cannot be read, naming the line.
  public static func parse(_ text: String) throws(InterchangeError) -> [ExchangeContact] {
    let records = try CSVTable.records(text)
    guard let header = records.first else { return [] }
    let rows = records.dropFirst().filter { record in
      record.fields.contains { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
    let layout = try layout(of: header)
    let table = Table(header: header.fields, records: Array(rows))
    try table.checkWidths()
    switch layout {
    case .google: return GoogleLayout.contacts(table)
    case .plain: return try PlainLayout.contacts(table)
    }
  }

  /// Reads contacts from the bytes of a CSV file: UTF-8 with or without a byte-order mark,
  /// UTF-16 with one, or Shift_JIS (what Japanese Excel saves as "CSV").
  public static func parse(bytes: some Sequence<UInt8>) throws(InterchangeError)
    -> [ExchangeContact]
  {
    try parse(decode(Array(bytes)))
  }

  /// Writes the contacts in `layout`, CRLF line ends. With `byteOrderMark`, the text starts with
  /// U+FEFF so that Excel reads it as UTF-8.
  public static func serialize(
    _ contacts: [ExchangeContact], layout: Layout, byteOrderMark: Bool = false
  ) -> String {
    let rows =
      switch layout {
      case .google: GoogleLayout.rows(contacts)
      case .plain: PlainLayout.rows(contacts)
      }
    return (byteOrderMark ? "\u{FEFF}" : "") + CSVTable.text(rows)
  }

  // MARK: Detection and decoding

  static let googleMarkers: Set<String> = [
    "first name", "last name", "given name", "family name", "phonetic first name",
    "phonetic last name", "given name yomi", "family name yomi", "organization name",
    "organization 1 - name", "e-mail 1 - value", "phone 1 - value", "file as",
    "group membership", "labels",
  ]

  static func layout(of header: CSVTable.Record) throws(InterchangeError) -> Layout {
    let names = Set(header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    if !names.isDisjoint(with: googleMarkers) { return .google }
    if !names.isDisjoint(with: PlainLayout.columns) { return .plain }
    let shown = header.fields.prefix(4).map { InterchangeError.quote($0, limit: 20) }
      .joined(separator: ", ")
    throw InterchangeError(
      .unknownHeader, line: header.line,
      "line \(header.line): the header (\(shown)\(header.fields.count > 4 ? ", …" : "")) is "
        + "neither Google Contacts' CSV nor meishi's plain CSV. Export from Google Contacts as "
        + "\"Google CSV\", or name the columns as meishi's plain CSV does ("
        + PlainLayout.columnOrder.prefix(5).joined(separator: ", ") + ", …).")
  }

  static func decode(_ bytes: [UInt8]) throws(InterchangeError) -> String {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      if let s = String(validating: bytes.dropFirst(3), as: UTF8.self) { return s }
    } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      if let s = String(bytes: bytes, encoding: .utf16) { return s }
    } else if let s = String(validating: bytes, as: UTF8.self) {
      return s
    } else if let s = String(bytes: bytes, encoding: .shiftJIS) {
      return s
    }
    throw InterchangeError(
      .invalidText, line: nil,
      "the file is neither UTF-8, UTF-16 nor Shift_JIS text. Save it as \"CSV UTF-8\" "
        + "(in Excel: File > Save As > CSV UTF-8) and import it again.")
  }
}

/// A CSV table read by header name.
struct Table {
  let header: [String]
  let records: [CSVTable.Record]
  /// Lower-cased, trimmed header name → first column with that name.
  let index: [String: Int]

  init(header: [String], records: [CSVTable.Record]) {
    self.header = header
    self.records = records
    var index: [String: Int] = [:]
    for (i, name) in header.enumerated() {
      let key = name.trimmingCharacters(in: .whitespaces).lowercased()
      if index[key] == nil { index[key] = i }
    }
    self.index = index
  }

  func column(_ names: String...) -> Int? {
    for name in names { if let i = index[name.lowercased()] { return i } }
    return nil
  }

  func value(_ record: CSVTable.Record, _ column: Int?) -> String? {
    guard let column, column < record.fields.count else { return nil }
    return record.fields[column]
  }

  /// Numbered column groups ("Phone 2 - Value"): number → column, for one suffix.
  func numbered(prefix: String, suffix: String) -> [Int: Int] {
    var out: [Int: Int] = [:]
    let p = prefix.lowercased() + " "
    let s = " - " + suffix.lowercased()
    for (key, column) in index where key.hasPrefix(p) && key.hasSuffix(s) {
      let middle = key.dropFirst(p.count).dropLast(s.count)
      if let n = Int(middle) { out[n] = column }
    }
    return out
  }

  func checkWidths() throws(InterchangeError) {
    for record in records where record.fields.count > header.count {
      let extra = record.fields[header.count...]
      guard let first = extra.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
      else { continue }
      throw InterchangeError(
        .extraFields, line: record.line,
        "line \(record.line): the row has \(record.fields.count) values but the header has "
          + "\(header.count) columns (the first extra value is \(InterchangeError.quote(first))). "
          + "A value with a comma in it must be in double quotes.")
    }
  }
}

// MARK: - Google Contacts

enum GoogleLayout {
  typealias T = ContactText

  static let baseColumns = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels",
  ]
  static let addressParts = [
    "Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country",
    "Extended Address",
  ]
  /// Google joins several values of one label in one cell with this separator.
  static let multiSeparator = " ::: "

  static func split(_ s: String?) -> [String] {
    guard let s else { return [] }
    return s.components(separatedBy: multiSeparator).compactMap { T.trimmed($0) }
  }

  static func label(_ s: String?) -> String {
    var t = s?.trimmingCharacters(in: .whitespaces) ?? ""
    if t.hasPrefix("* ") { t.removeFirst(2) }  // "* Work" marks the primary value
    return t
  }

  static func contacts(_ table: Table) -> [ExchangeContact] {
    let given = table.column("First Name", "Given Name")
    let middle = table.column("Middle Name", "Additional Name")
    let family = table.column("Last Name", "Family Name")
    let fullName = table.column("Name")
    let phoneticGiven = table.column("Phonetic First Name", "Given Name Yomi")
    let phoneticFamily = table.column("Phonetic Last Name", "Family Name Yomi")
    let fullReading = table.column("Yomi Name")
    let company = table.column("Organization Name", "Organization 1 - Name")
    let title = table.column("Organization Title", "Organization 1 - Title")
    let department = table.column("Organization Department", "Organization 1 - Department")
    let notes = table.column("Notes")
    let emailValues = table.numbered(prefix: "E-mail", suffix: "Value").sorted { $0.key < $1.key }
    let phoneValues = table.numbered(prefix: "Phone", suffix: "Value").sorted { $0.key < $1.key }
    let phoneLabels = table.numbered(prefix: "Phone", suffix: "Label")
      .merging(table.numbered(prefix: "Phone", suffix: "Type")) { label, _ in label }
    let websites = table.numbered(prefix: "Website", suffix: "Value").sorted { $0.key < $1.key }
    let customLabels = table.numbered(prefix: "Custom Field", suffix: "Label")
    let customValues = table.numbered(prefix: "Custom Field", suffix: "Value")
    var addressColumns: [Int: [String: Int]] = [:]
    for part in addressParts {
      for (n, column) in table.numbered(prefix: "Address", suffix: part) {
        addressColumns[n, default: [:]][part] = column
      }
    }

    return table.records.map { record in
      func get(_ column: Int?) -> String? { table.value(record, column) }
      var custom: [String: [String]] = [:]
      for (n, labelColumn) in customLabels.sorted(by: { $0.key < $1.key }) {
        let key = label(get(labelColumn)).lowercased()
        guard key.hasPrefix("meishi:"), let value = get(customValues[n]) else { continue }
        custom[key, default: []].append(value)
      }
      func marker(_ key: String) -> String?? {
        guard let v = custom[key]?.first else { return .none }
        return .some(T.nonEmpty(v))
      }

      var f = ContactFields()
      let firstColumn = T.trimmed(get(given))
      let lastColumn = T.trimmed(get(family))
      f.givenName = marker("meishi:given_name") ?? firstColumn
      f.familyName = marker("meishi:family_name") ?? lastColumn
      f.name =
        marker("meishi:name")
        ?? T.collapsed(get(fullName))
        ?? T.composeName(family: lastColumn, given: firstColumn, middle: T.trimmed(get(middle)))
      f.nameLatin = marker("meishi:name_latin") ?? T.defaultLatinName(f.name)

      let familyFirst = T.familyFirst(name: f.name, family: f.familyName, given: f.givenName)
      let phonetic = (family: T.trimmed(get(phoneticFamily)), given: T.trimmed(get(phoneticGiven)))
      var kanaParts = phonetic
      if let reading = marker("meishi:name_kana") {
        f.nameKana = reading
        let derived = T.splitReading(reading, familyFirst: familyFirst)
        if reading != nil, derived.family == phonetic.family, derived.given == phonetic.given {
          kanaParts = (nil, nil)
        }
      } else {
        f.nameKana =
          T.joinReading(family: phonetic.family, given: phonetic.given, familyFirst: familyFirst)
          ?? T.collapsed(get(fullReading))
      }

      f.company = T.trimmed(get(company))
      f.title = T.trimmed(get(title))
      f.department = T.trimmed(get(department))
      f.emails = emailValues.flatMap { split(get($0.value)) }
      f.phones = phoneValues.flatMap { n, column in
        let kind = phoneKind(label(get(phoneLabels[n])))
        return split(get(column)).map { T.phone(raw: $0, kind: kind) }
      }
      for (_, columns) in addressColumns.sorted(by: { $0.key < $1.key }) {
        func part(_ name: String) -> String? { T.trimmed(get(columns[name])) }
        let composed = T.composeAddress(
          poBox: part("PO Box"), extended: part("Extended Address"), street: part("Street"),
          locality: part("City"), region: part("Region"), country: part("Country"))
        var postal = T.postalCode(part("Postal Code"))
        var address = composed
        if address == nil {
          (address, postal) = formattedAddress(part("Formatted"), postalCode: postal)
        }
        guard address != nil || postal != nil else { continue }
        f.address = address
        f.postalCode = postal
        break
      }
      f.urls = websites.flatMap { split(get($0.value)) }

      return ExchangeContact(
        uid: marker("meishi:uid") ?? nil, fields: f, nameKanaFamily: kanaParts.family,
        nameKanaGiven: kanaParts.given, note: T.nonEmpty(get(notes)),
        status: T.trimmed(marker("meishi:status") ?? nil),
        events: (custom["meishi:event"] ?? []).flatMap { split($0) })
    }
  }

  /// A "Formatted" address without its postal code (and 〒), its lines joined; the postal code
  /// is taken from the text ("〒105-0011 東京都…", "105-0011\n東京都…") when no column gives it.
  static func formattedAddress(_ formatted: String?, postalCode: String?) -> (
    address: String?, postalCode: String?
  ) {
    guard var text = formatted else { return (nil, postalCode) }
    var postal = postalCode
    if let postalCode {
      text = text.replacingOccurrences(of: "〒" + postalCode, with: "")
        .replacingOccurrences(of: postalCode, with: "")
    } else if let first = text.split(whereSeparator: { $0.isWhitespace }).first {
      let token = String(first).precomposedStringWithCompatibilityMapping
      if let code = T.postalCode(token), code.count == 8, code.dropFirst(3).first == "-",
        token.hasPrefix("〒") || token.count == 8
      {
        postal = code
        text = String(text[first.endIndex...])
      }
    }
    let lines = text.split(whereSeparator: \.isNewline).compactMap { T.collapsed(String($0)) }
    guard !lines.isEmpty else { return (nil, postal) }
    return (lines.joined(separator: T.containsCJK(text) ? " " : ", "), postal)
  }

  /// Google's phone labels: Mobile, Work, Home, Main, Work Fax, Home Fax, Pager, Other, or a
  /// custom label.
  static func phoneKind(_ label: String) -> Phone.Kind {
    label.isEmpty ? .tel : T.phoneKind([label])
  }

  static func phoneLabel(_ kind: Phone.Kind) -> String {
    switch kind {
    case .tel: "Work"
    case .mobile: "Mobile"
    case .fax: "Work Fax"
    case .other: "Other"
    }
  }

  static func rows(_ contacts: [ExchangeContact]) -> [[String]] {
    let emailCount = max(1, contacts.map(\.fields.emails.count).max() ?? 0)
    let phoneCount = max(1, contacts.map(\.fields.phones.count).max() ?? 0)
    let urlCount = max(1, contacts.map(\.fields.urls.count).max() ?? 0)
    let customs = contacts.map(customFields)
    let customCount = customs.map(\.count).max() ?? 0

    var header = baseColumns
    for i in 1...emailCount { header += ["E-mail \(i) - Label", "E-mail \(i) - Value"] }
    for i in 1...phoneCount { header += ["Phone \(i) - Label", "Phone \(i) - Value"] }
    header += ["Address 1 - Label"] + addressParts.map { "Address 1 - \($0)" }
    for i in 1...urlCount { header += ["Website \(i) - Label", "Website \(i) - Value"] }
    for i in stride(from: 1, through: customCount, by: 1) {
      header += ["Custom Field \(i) - Label", "Custom Field \(i) - Value"]
    }

    var rows = [header]
    for (contact, custom) in zip(contacts, customs) {
      let f = contact.fields
      let phonetic = phoneticParts(contact)
      var row = [
        firstNameColumn(f) ?? "", "", f.familyName ?? "", phonetic.given ?? "", "",
        phonetic.family ?? "", "", "", "", "", f.company ?? "", f.title ?? "",
        f.department ?? "", "", contact.note ?? "", "", "* myContacts",
      ]
      for i in 0..<emailCount {
        let email = i < f.emails.count ? f.emails[i] : nil
        row += [email == nil ? "" : "Work", email ?? ""]
      }
      for i in 0..<phoneCount {
        let phone = i < f.phones.count ? f.phones[i] : nil
        row += [
          phone.map { phoneLabel($0.kind) } ?? "",
          phone.map { $0.raw.isEmpty ? $0.number : $0.raw } ?? "",
        ]
      }
      if f.address != nil || f.postalCode != nil {
        let formatted: String
        if let code = f.postalCode, code.count == 8, code.dropFirst(3).first == "-" {
          formatted = ["〒" + code, f.address].compactMap { $0 }.joined(separator: " ")
        } else {
          formatted = [f.address, f.postalCode].compactMap { $0 }.joined(separator: " ")
        }
        row += ["Work", formatted, f.address ?? "", "", "", "", f.postalCode ?? "", "", ""]
      } else {
        row += Array(repeating: "", count: 1 + addressParts.count)
      }
      for i in 0..<urlCount {
        let url = i < f.urls.count ? f.urls[i] : nil
        row += [url == nil ? "" : "Work", url ?? ""]
      }
      for i in 0..<customCount {
        row += i < custom.count ? [custom[i].label, custom[i].value] : ["", ""]
      }
      rows.append(row)
    }
    return rows
  }

  /// "First Name": the given name; the whole name when there are no name parts, so that Google
  /// shows a name.
  static func firstNameColumn(_ f: ContactFields) -> String? {
    f.givenName ?? (f.familyName == nil ? f.name : nil)
  }

  static func phoneticParts(_ c: ExchangeContact) -> (family: String?, given: String?) {
    if c.nameKanaFamily != nil || c.nameKanaGiven != nil {
      return (c.nameKanaFamily, c.nameKanaGiven)
    }
    let f = c.fields
    return T.splitReading(
      f.nameKana,
      familyFirst: T.familyFirst(name: f.name, family: f.familyName, given: f.givenName))
  }

  /// meishi's values that Google's columns cannot hold, or that a reader would not get back from
  /// them, as custom fields.
  static func customFields(_ c: ExchangeContact) -> [(label: String, value: String)] {
    let f = c.fields
    var out: [(String, String)] = []
    if let uid = c.uid { out.append(("meishi:uid", uid)) }
    let first = firstNameColumn(f)
    if first != f.givenName { out.append(("meishi:given_name", f.givenName ?? "")) }
    if T.composeName(family: f.familyName, given: first) != f.name {
      out.append(("meishi:name", f.name ?? ""))
    }
    if f.nameLatin != T.defaultLatinName(f.name) {
      out.append(("meishi:name_latin", f.nameLatin ?? ""))
    }
    let familyFirst = T.familyFirst(name: f.name, family: f.familyName, given: f.givenName)
    let partsKnown = c.nameKanaFamily != nil || c.nameKanaGiven != nil
    let kanaNeedsMarker =
      partsKnown
      ? f.nameKana
        != T.joinReading(family: c.nameKanaFamily, given: c.nameKanaGiven, familyFirst: familyFirst)
      : f.nameKana != nil
    if kanaNeedsMarker { out.append(("meishi:name_kana", f.nameKana ?? "")) }
    if let status = c.status { out.append(("meishi:status", status)) }
    for event in c.events { out.append(("meishi:event", event)) }
    return out
  }
}

// MARK: - Plain

enum PlainLayout {
  typealias T = ContactText

  static let columnOrder = [
    "uid", "name", "family_name", "given_name", "name_kana", "name_kana_family",
    "name_kana_given", "name_latin", "company", "department", "title", "emails", "phones",
    "postal_code", "address", "urls", "note", "status", "events",
  ]
  /// Other names accepted for a column in files written by hand or by other programs.
  static let aliases: [String: [String]] = [
    "emails": ["email", "e-mail"], "phones": ["phone", "tel"], "urls": ["url", "website"],
    "note": ["notes"], "events": ["event"],
  ]
  static let columns = Set(columnOrder + aliases.values.joined())
  static let listSeparator = " | "

  static func split(_ s: String?) -> [String] {
    guard let s else { return [] }
    return s.components(separatedBy: listSeparator).compactMap { T.trimmed($0) }
  }

  static func contacts(_ table: Table) throws(InterchangeError) -> [ExchangeContact] {
    let column = Dictionary(
      uniqueKeysWithValues: columnOrder.map { key in
        (key, ([key] + (aliases[key] ?? [])).lazy.compactMap { table.column($0) }.first)
      })
    var out: [ExchangeContact] = []
    for record in table.records {
      func text(_ key: String) -> String? { T.trimmed(table.value(record, column[key] ?? nil)) }
      var f = ContactFields()
      f.name = text("name")
      f.familyName = text("family_name")
      f.givenName = text("given_name")
      f.nameKana = text("name_kana")
      f.nameLatin = text("name_latin")
      f.company = text("company")
      f.department = text("department")
      f.title = text("title")
      f.emails = split(text("emails"))
      f.phones = []
      for item in split(text("phones")) {
        f.phones.append(try phone(item, line: record.line))
      }
      f.postalCode = text("postal_code")
      f.address = text("address")
      f.urls = split(text("urls"))
      out.append(
        ExchangeContact(
          uid: text("uid"), fields: f, nameKanaFamily: text("name_kana_family"),
          nameKanaGiven: text("name_kana_given"),
          note: T.nonEmpty(table.value(record, column["note"] ?? nil)), status: text("status"),
          events: split(text("events"))))
    }
    return out
  }

  /// `kind:number`, `kind:number (raw)`, or a bare number (an ordinary line). A number that is not
  /// E.164 is taken as printed and normalized.
  static func phone(_ item: String, line: Int) throws(InterchangeError) -> Phone {
    var kind = Phone.Kind.tel
    var rest = Substring(item)
    if let colon = item.firstIndex(of: ":") {
      let word = item[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
      if let k = Phone.Kind(rawValue: word) {
        kind = k
        rest = item[item.index(after: colon)...]
      } else if word.contains(where: \.isLetter) {
        throw InterchangeError(
          .invalidValue, line: line,
          "line \(line): the phone \(InterchangeError.quote(item)) has the kind \"\(word)\"; "
            + "write one of tel, mobile, fax, other, as in \"mobile:+819012345678\".")
      }
    }
    var number = rest.trimmingCharacters(in: .whitespaces)
    var raw: String? = nil
    if let open = number.range(of: " ("), number.hasSuffix(")") {
      raw = String(number[open.upperBound..<number.index(before: number.endIndex)])
      number = String(number[..<open.lowerBound])
    }
    let isE164 =
      number.hasPrefix("+") && number.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    if let raw { return Phone(kind: kind, number: number, raw: raw) }
    if isE164 { return Phone(kind: kind, number: number, raw: number) }
    return T.phone(raw: number, kind: kind)
  }

  static func phoneText(_ p: Phone) -> String {
    p.raw == p.number || p.raw.isEmpty
      ? "\(p.kind.rawValue):\(p.number)" : "\(p.kind.rawValue):\(p.number) (\(p.raw))"
  }

  static func rows(_ contacts: [ExchangeContact]) -> [[String]] {
    var rows = [columnOrder]
    for c in contacts {
      let f = c.fields
      rows.append([
        c.uid ?? "", f.name ?? "", f.familyName ?? "", f.givenName ?? "", f.nameKana ?? "",
        c.nameKanaFamily ?? "", c.nameKanaGiven ?? "", f.nameLatin ?? "", f.company ?? "",
        f.department ?? "", f.title ?? "", f.emails.joined(separator: listSeparator),
        f.phones.map(phoneText).joined(separator: listSeparator), f.postalCode ?? "",
        f.address ?? "", f.urls.joined(separator: listSeparator), c.note ?? "", c.status ?? "",
        c.events.joined(separator: listSeparator),
      ])
    }
    return rows
  }
}
