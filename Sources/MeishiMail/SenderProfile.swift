/// Who sends the mail: the signature block, the From address and the sender details that
/// Japan's 特定電子メール法 (Act on Regulation of Transmission of Specified Electronic Mail)
/// requires in each message: the sender's name, postal address, and where to refuse further mail.
///
/// The `…Latin` fields are used by English mail and fall back to the Japanese ones.
public struct SenderProfile: Sendable, Codable, Equatable {
  public var name: String
  public var company: String?
  public var department: String?
  public var title: String?
  /// The From address; also the address where recipients can refuse further mail.
  public var email: String
  public var phone: String?
  public var postalCode: String?
  /// The postal address (required by 特定電子メール法).
  public var address: String?
  public var url: String?
  public var nameLatin: String?
  public var companyLatin: String?
  public var departmentLatin: String?
  public var titleLatin: String?
  public var addressLatin: String?

  public init(
    name: String, company: String? = nil, department: String? = nil, title: String? = nil,
    email: String, phone: String? = nil, postalCode: String? = nil, address: String? = nil,
    url: String? = nil, nameLatin: String? = nil, companyLatin: String? = nil,
    departmentLatin: String? = nil, titleLatin: String? = nil, addressLatin: String? = nil
  ) {
    self.name = name
    self.company = company
    self.department = department
    self.title = title
    self.email = email
    self.phone = phone
    self.postalCode = postalCode
    self.address = address
    self.url = url
    self.nameLatin = nameLatin
    self.companyLatin = companyLatin
    self.departmentLatin = departmentLatin
    self.titleLatin = titleLatin
    self.addressLatin = addressLatin
  }

  enum CodingKeys: String, CodingKey {
    case name, company, department, title, email, phone
    case postalCode = "postal_code"
    case address, url
    case nameLatin = "name_latin"
    case companyLatin = "company_latin"
    case departmentLatin = "department_latin"
    case titleLatin = "title_latin"
    case addressLatin = "address_latin"
  }

  /// The From address with the sender's name as display name (Latin name for English mail).
  public func mailAddress(language: MailLanguage = .ja) throws(MailError) -> MailAddress {
    let display = language == .en ? (nameLatin.nonEmpty ?? name) : name
    return try MailAddress(email, displayName: display)
  }

  /// What is missing for a lawful message, as field names (empty when complete).
  public var missingRequiredFields: [String] {
    var missing: [String] = []
    if name.trimmed.isEmpty { missing.append("name") }
    if email.trimmed.isEmpty { missing.append("email") }
    if address.nonEmpty == nil { missing.append("address") }
    return missing
  }
}

extension String {
  var trimmed: String { HeaderText.clean(self) }
}

extension Optional where Wrapped == String {
  /// The cleaned text, or nil when it is nil or blank.
  var nonEmpty: String? {
    guard let s = self?.trimmed, !s.isEmpty else { return nil }
    return s
  }
}
