public import Foundation
public import MeishiCore
import Mustache

/// Which letter to write.
public enum MailKind: String, Sendable, Codable, CaseIterable {
  /// The thank-you note after exchanging cards.
  case introEmail = "intro_email"
  /// A later note in the same thread.
  case followUp = "follow_up"
}

/// The language of a letter.
public enum MailLanguage: String, Sendable, Codable, CaseIterable {
  case ja, en

  /// Japanese when the contact's name or company has Japanese characters (kanji, kana), else
  /// English.
  public static func preferred(for contact: ContactFields) -> MailLanguage {
    let fields = [contact.name, contact.familyName, contact.givenName, contact.company]
    return fields.contains { $0.map(containsJapanese) ?? false } ? .ja : .en
  }

  static func containsJapanese(_ text: String) -> Bool {
    text.unicodeScalars.contains { s in
      switch s.value {
      case 0x3005...0x3007,  // 々 〆 〇
        0x3040...0x309F,  // hiragana
        0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F,  // katakana, half-width
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F:  // kanji
        return true
      default:
        return false
      }
    }
  }
}

/// A rendered letter: a subject line and a plain-text body (`\n` line ends).
public struct RenderedMail: Sendable, Equatable {
  public var subject: String
  public var body: String

  public init(subject: String, body: String) {
    self.subject = subject
    self.body = body
  }
}

/// Renders the intro and follow-up letters from Mustache templates: the built-in Japanese and
/// English ones, or `<kind>.<language>.mustache` files from a templates folder
/// (e.g. `intro_email.ja.mustache`), which take precedence. See `BuiltInTemplates` for the
/// format and the variables.
public struct MailRenderer: Sendable {
  private let library: MustacheLibrary
  /// Names of the templates that came from the folder.
  public let overridden: Set<String>

  /// The built-in templates only.
  public init() {
    self.library = Self.builtInLibrary()
    self.overridden = []
  }

  private static func builtInLibrary() -> MustacheLibrary {
    var library = MustacheLibrary()
    for kind in MailKind.allCases {
      for language in MailLanguage.allCases {
        // The built-ins are tested; a parse failure here is a programming error caught by tests.
        if let t = try? MustacheTemplate(
          string: textPragma + BuiltInTemplates.text(kind: kind, language: language))
        {
          library.register(t, named: templateName(kind, language))
        }
      }
    }
    return library
  }

  /// The built-in templates, overridden by the `*.mustache` files in `directory` (searched
  /// recursively; a file `sub/x.mustache` is the partial `sub/x`).
  /// - Throws: `MailError.Code.template` when the folder cannot be read or a file does not parse.
  public init(templatesDirectory directory: URL) throws(MailError) {
    var library = Self.builtInLibrary()
    var overridden: Set<String> = []
    let fm = FileManager.default
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
      throw MailError(
        .template,
        "The templates folder \(directory.path) does not exist. Create it with files such as "
          + "intro_email.ja.mustache, or leave the setting out to use the built-in templates.")
    }
    let files = (fm.enumerator(atPath: directory.path)?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".mustache") }.sorted()
    for relative in files {
      let url = directory.appendingPathComponent(relative)
      let text: String
      do {
        text = try String(contentsOf: url, encoding: .utf8)
      } catch {
        throw MailError(
          .template,
          "Cannot read the template \(url.path) as UTF-8 text (\(error.localizedDescription)). "
            + "Save it as UTF-8.")
      }
      let name = String(relative.dropLast(".mustache".count))
      do {
        library.register(try MustacheTemplate(string: Self.textPragma + text), named: name)
      } catch let e as MustacheTemplate.ParserError {
        throw MailError(
          .template,
          "The template \(url.path) does not parse: \(e.error) at line "
            + "\(e.context.lineNumber - 1), column \(e.context.columnNumber) "
            + "(\(debugQuoted(e.context.line))). Fix the Mustache tag there.")
      } catch {
        throw MailError(.template, "The template \(url.path) does not parse: \(error).")
      }
      overridden.insert(name)
    }
    self.library = library
    self.overridden = overridden
  }

  /// The name a template has in a folder, without `.mustache`: `intro_email.ja`.
  public static func templateName(_ kind: MailKind, _ language: MailLanguage) -> String {
    "\(kind.rawValue).\(language.rawValue)"
  }

  /// The text of a built-in template, e.g. to write it out as a starting point for a custom one.
  public static func builtInTemplate(_ kind: MailKind, _ language: MailLanguage) -> String {
    BuiltInTemplates.text(kind: kind, language: language)
  }

  /// Values are plain text, not HTML: every template starts with this pragma.
  private static let textPragma = "{{%CONTENT_TYPE: TEXT}}\n"

  /// Renders one letter.
  ///
  /// Card values are cleaned first (control characters and line breaks become spaces), so a
  /// value can never add lines to the address block or the subject.
  /// - Throws: `MailError.Code.invalidConfiguration` when the sender lacks what the law needs in
  ///   every message (name, e-mail, postal address); `.template` when the template has no
  ///   `Subject:` line.
  public func render(
    kind: MailKind, contact: ContactFields, event: String?, metDate: CivilDate,
    sender: SenderProfile, language: MailLanguage
  ) throws(MailError) -> RenderedMail {
    let missing = sender.missingRequiredFields
    guard missing.isEmpty else {
      throw MailError(
        .invalidConfiguration,
        "The sender profile lacks \(missing.joined(separator: ", ")): 特定電子メール法 requires "
          + "the sender's name, postal address and a reply address in every message. "
          + "Set them in the sender profile.")
    }
    let name = Self.templateName(kind, language)
    let context = Self.context(
      contact: contact, event: event, metDate: metDate, sender: sender, language: language)
    guard let output = library.render(context, withTemplate: name) else {
      throw MailError(.template, "There is no template named \(name).")
    }
    return try Self.split(output, template: name)
  }

  // MARK: - Context

  static func context(
    contact: ContactFields, event: String?, metDate: CivilDate, sender: SenderProfile,
    language: MailLanguage
  ) -> [String: Any] {
    var root: [String: Any] = [:]
    root["contact"] = contactValues(contact, language: language)
    root["sender"] = senderValues(sender, language: language)
    if let event = event.nonEmpty { root["event"] = event }
    switch language {
    case .ja:
      root["met_date"] = "\(metDate.month)月\(metDate.day)日"
      root["met_date_full"] = "\(metDate.year)年\(metDate.month)月\(metDate.day)日"
    case .en:
      let month = englishMonths[metDate.month - 1]
      root["met_date"] = "\(month) \(metDate.day)"
      root["met_date_full"] = "\(month) \(metDate.day), \(metDate.year)"
    }
    return root
  }

  static let englishMonths = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  static func contactValues(_ c: ContactFields, language: MailLanguage) -> [String: String] {
    var v: [String: String] = [:]
    let family = c.familyName.nonEmpty
    let given = c.givenName.nonEmpty
    let joined = [family, given].compactMap { $0 }.joined(separator: " ")
    let printedName = c.name.nonEmpty ?? joined.nonEmptyString
    let latin = c.nameLatin.nonEmpty
    v["family_name"] = family
    v["given_name"] = given
    v["company"] = c.company.nonEmpty
    v["department"] = c.department.nonEmpty
    v["title"] = c.title.nonEmpty
    let name: String? = language == .en ? (latin ?? printedName) : (printedName ?? latin)
    v["name"] = name
    v["honorific_name"] = name.map { "\($0) 様" } ?? "ご担当者 様"
    v["greeting_name"] = name ?? (language == .en ? "Sir or Madam" : "ご担当者様")
    let deptTitle = [c.department.nonEmpty, c.title.nonEmpty].compactMap { $0 }
      .joined(separator: " ")
    v["address_block"] = [c.company.nonEmpty, deptTitle.nonEmptyString, v["honorific_name"]]
      .compactMap { $0 }.joined(separator: "\n")
    return v
  }

  static func senderValues(_ s: SenderProfile, language: MailLanguage) -> [String: String] {
    let en = language == .en
    let name = (en ? s.nameLatin.nonEmpty : nil) ?? s.name.trimmed
    let company = (en ? s.companyLatin.nonEmpty : nil) ?? s.company.nonEmpty
    // English mail shows a Japanese department or title only through its Latin field.
    func role(_ latin: String?, _ original: String?) -> String? {
      guard en else { return original.nonEmpty }
      return latin.nonEmpty
        ?? original.nonEmpty.flatMap { MailLanguage.containsJapanese($0) ? nil : $0 }
    }
    let department = role(s.departmentLatin, s.department)
    let title = role(s.titleLatin, s.title)
    let address = (en ? s.addressLatin.nonEmpty : nil) ?? s.address.nonEmpty
    var postal: String?
    if let address {
      if let code = s.postalCode.nonEmpty {
        postal = en ? "\(address) \(code)" : "〒\(code) \(address)"
      } else {
        postal = address
      }
    }
    var v: [String: String] = [:]
    v["name"] = name
    v["company"] = company
    v["department"] = department
    v["title"] = title
    v["email"] = s.email.trimmed
    v["phone"] = s.phone.nonEmpty
    v["postal_address"] = postal
    v["url"] = s.url.nonEmpty
    // 「株式会社ミナト商事 山田 太郎」 / "Taro Yamada, Minato Trading Co., Ltd."
    v["company_and_name"] =
      en
      ? [name, company].compactMap { $0 }.joined(separator: ", ")
      : [company, name].compactMap { $0 }.joined(separator: " ")

    // The signature block.
    var lines: [String] = []
    let rule = en ? "--" : String(repeating: "─", count: 24)
    lines.append(rule)
    if en {
      lines.append(name)
      let role = [title, department].compactMap { $0 }.joined(separator: ", ")
      if !role.isEmpty { lines.append(role) }
      if let company { lines.append(company) }
    } else {
      if let company { lines.append(company) }
      let role = [department, title].compactMap { $0 }.joined(separator: " ")
      if !role.isEmpty { lines.append(role) }
      lines.append(name)
    }
    if let postal { lines.append(postal) }
    if let phone = s.phone.nonEmpty { lines.append((en ? "Tel: " : "TEL: ") + phone) }
    lines.append((en ? "Email: " : "E-mail: ") + s.email.trimmed)
    if let url = s.url.nonEmpty { lines.append(url) }
    if !en { lines.append(rule) }
    v["signature"] = lines.joined(separator: "\n")
    return v
  }

  // MARK: - Output

  /// Splits rendered text into the `Subject:` line and the body; tidies blank lines.
  static func split(_ output: String, template: String) throws(MailError) -> RenderedMail {
    var lines = output.replacingOccurrences(of: "\r\n", with: "\n")
      .split(separator: "\n", omittingEmptySubsequences: false).map {
        String($0.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
      }
    while let first = lines.first, first.isEmpty { lines.removeFirst() }
    guard let first = lines.first, first.hasPrefix("Subject:") else {
      throw MailError(
        .template,
        "The template \(template) must start with a line `Subject: …` followed by a blank line "
          + "and the body; it starts with \(debugQuoted(lines.first ?? "")).")
    }
    let subject = HeaderText.clean(String(first.dropFirst("Subject:".count)))
    lines.removeFirst()
    while let l = lines.first, l.isEmpty { lines.removeFirst() }
    while let l = lines.last, l.isEmpty { lines.removeLast() }
    var body: [String] = []
    for l in lines where !(l.isEmpty && body.last?.isEmpty == true) { body.append(l) }
    return RenderedMail(subject: subject, body: body.joined(separator: "\n") + "\n")
  }
}

extension String {
  var nonEmptyString: String? { isEmpty ? nil : self }
}
