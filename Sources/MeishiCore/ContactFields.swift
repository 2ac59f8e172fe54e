/// The fields read from one business card, in the shape of the public
/// JSON contract (`contracts/scan-output.md`, key `contact`).
///
/// Every key is always encoded: an unknown string is `null`, an unknown list `[]`.
public struct ContactFields: Codable, Sendable, Equatable {
  public var name: String?
  public var familyName: String?
  public var givenName: String?
  public var nameKana: String?
  public var nameLatin: String?
  public var company: String?
  public var department: String?
  public var title: String?
  public var emails: [String]
  public var phones: [Phone]
  public var postalCode: String?
  public var address: String?
  public var urls: [String]

  public init(
    name: String? = nil, familyName: String? = nil, givenName: String? = nil,
    nameKana: String? = nil, nameLatin: String? = nil, company: String? = nil,
    department: String? = nil, title: String? = nil, emails: [String] = [],
    phones: [Phone] = [], postalCode: String? = nil, address: String? = nil,
    urls: [String] = []
  ) {
    self.name = name
    self.familyName = familyName
    self.givenName = givenName
    self.nameKana = nameKana
    self.nameLatin = nameLatin
    self.company = company
    self.department = department
    self.title = title
    self.emails = emails
    self.phones = phones
    self.postalCode = postalCode
    self.address = address
    self.urls = urls
  }

  /// The contract's key for each field, in contract order.
  public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
    case name
    case familyName = "family_name"
    case givenName = "given_name"
    case nameKana = "name_kana"
    case nameLatin = "name_latin"
    case company, department, title, emails, phones
    case postalCode = "postal_code"
    case address, urls
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decodeIfPresent(String.self, forKey: .name)
    familyName = try c.decodeIfPresent(String.self, forKey: .familyName)
    givenName = try c.decodeIfPresent(String.self, forKey: .givenName)
    nameKana = try c.decodeIfPresent(String.self, forKey: .nameKana)
    nameLatin = try c.decodeIfPresent(String.self, forKey: .nameLatin)
    company = try c.decodeIfPresent(String.self, forKey: .company)
    department = try c.decodeIfPresent(String.self, forKey: .department)
    title = try c.decodeIfPresent(String.self, forKey: .title)
    emails = try c.decodeIfPresent([String].self, forKey: .emails) ?? []
    phones = try c.decodeIfPresent([Phone].self, forKey: .phones) ?? []
    postalCode = try c.decodeIfPresent(String.self, forKey: .postalCode)
    address = try c.decodeIfPresent(String.self, forKey: .address)
    urls = try c.decodeIfPresent([String].self, forKey: .urls) ?? []
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    // `encode` (not `encodeIfPresent`) so that unknown values appear as `null`.
    try c.encode(name, forKey: .name)
    try c.encode(familyName, forKey: .familyName)
    try c.encode(givenName, forKey: .givenName)
    try c.encode(nameKana, forKey: .nameKana)
    try c.encode(nameLatin, forKey: .nameLatin)
    try c.encode(company, forKey: .company)
    try c.encode(department, forKey: .department)
    try c.encode(title, forKey: .title)
    try c.encode(emails, forKey: .emails)
    try c.encode(phones, forKey: .phones)
    try c.encode(postalCode, forKey: .postalCode)
    try c.encode(address, forKey: .address)
    try c.encode(urls, forKey: .urls)
  }
}

extension ContactFields {
  /// The names of the single-valued text fields that `meishi contact --set` can change
  /// (`email` too, which replaces the primary e-mail address).
  public static let settableFields: [String] = [
    "name", "family_name", "given_name", "name_kana", "name_latin", "company",
    "department", "title", "postal_code", "address",
  ]

  /// Reads a single-valued text field by its contract key.
  public subscript(field key: String) -> String? {
    get {
      switch key {
      case "name": name
      case "family_name": familyName
      case "given_name": givenName
      case "name_kana": nameKana
      case "name_latin": nameLatin
      case "company": company
      case "department": department
      case "title": title
      case "postal_code": postalCode
      case "address": address
      default: nil
      }
    }
    set {
      switch key {
      case "name": name = newValue
      case "family_name": familyName = newValue
      case "given_name": givenName = newValue
      case "name_kana": nameKana = newValue
      case "name_latin": nameLatin = newValue
      case "company": company = newValue
      case "department": department = newValue
      case "title": title = newValue
      case "postal_code": postalCode = newValue
      case "address": address = newValue
      default: break
      }
    }
  }

  /// The name to show a person: the printed name, else the Latin one.
  public var displayName: String? { name ?? nameLatin }
}
