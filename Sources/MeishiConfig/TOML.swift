/// A TOML value (TOML 1.0), as far as a configuration file needs it.
public indirect enum TOMLValue: Sendable, Equatable {
  case string(String)
  case integer(Int)
  case float(Double)
  case boolean(Bool)
  /// Offset date-times, local dates and times, kept as written (`2026-12-28`).
  case datetime(String)
  case array([TOMLValue])
  case table([String: TOMLValue])

  public var string: String? {
    switch self {
    case .string(let s), .datetime(let s): s
    default: nil
    }
  }
  public var integer: Int? { if case .integer(let i) = self { i } else { nil } }
  public var double: Double? {
    switch self {
    case .float(let d): d
    case .integer(let i): Double(i)
    default: nil
    }
  }
  public var boolean: Bool? { if case .boolean(let b) = self { b } else { nil } }
  public var array: [TOMLValue]? { if case .array(let a) = self { a } else { nil } }
  public var table: [String: TOMLValue]? { if case .table(let t) = self { t } else { nil } }
  public subscript(key: String) -> TOMLValue? { table?[key] }
}

/// A TOML syntax error, with the line it is on.
public struct TOMLError: Error, CustomStringConvertible, Sendable, Equatable {
  public var line: Int
  public var message: String
  public var description: String { "line \(line): \(message)" }
}

/// A small TOML 1.0 reader: tables, arrays of tables, dotted keys, basic/literal/multi-line
/// strings, integers (with `_`, hex/octal/binary), floats, booleans, dates, arrays and inline tables.
public enum TOML {
  public static func parse(_ text: String) throws(TOMLError) -> [String: TOMLValue] {
    var p = Parser(Array(text.unicodeScalars))
    return try p.document()
  }
}

private struct Parser {
  let s: [Unicode.Scalar]
  var i = 0
  var line = 1
  var root: [String: TOMLValue] = [:]
  /// The path of the current table header, and whether it names an array of tables.
  var current: [String] = []
  var definedTables: Set<[String]> = []

  init(_ s: [Unicode.Scalar]) { self.s = s }

  func fail(_ m: String) -> TOMLError { TOMLError(line: line, message: m) }

  var atEnd: Bool { i >= s.count }
  var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

  mutating func advance() {
    if s[i] == "\n" { line += 1 }
    i += 1
  }

  mutating func skipSpaces() {
    while let c = peek, c == " " || c == "\t" { advance() }
  }

  mutating func skipComment() {
    if peek == "#" { while let c = peek, c != "\n" { advance() } }
  }

  /// Spaces, comments and newlines.
  mutating func skipBlank() {
    while let c = peek {
      if c == " " || c == "\t" || c == "\r" || c == "\n" {
        advance()
      } else if c == "#" {
        skipComment()
      } else {
        break
      }
    }
  }

  mutating func endOfLine() throws(TOMLError) {
    skipSpaces()
    skipComment()
    if peek == "\r" { advance() }
    guard atEnd || peek == "\n" else { throw fail("expected the end of the line") }
    if !atEnd { advance() }
  }

  mutating func document() throws(TOMLError) -> [String: TOMLValue] {
    while true {
      skipBlank()
      guard let c = peek else { break }
      if c == "[" {
        advance()
        let isArray = peek == "["
        if isArray { advance() }
        skipSpaces()
        let path = try key()
        skipSpaces()
        guard peek == "]" else { throw fail("expected ']' after the table name") }
        advance()
        if isArray {
          guard peek == "]" else { throw fail("expected ']]' after the table name") }
          advance()
          try appendTable(at: path)
        } else {
          if definedTables.contains(path) { throw fail("table [\(path.joined(separator: "."))] is defined twice") }
          definedTables.insert(path)
          try ensureTable(at: path)
        }
        current = path
        try endOfLine()
      } else {
        let k = try key()
        skipSpaces()
        guard peek == "=" else { throw fail("expected '=' after the key '\(k.joined(separator: "."))'") }
        advance()
        skipSpaces()
        let v = try value()
        try set(current + k, v)
        try endOfLine()
      }
    }
    return root
  }

  // MARK: keys

  mutating func key() throws(TOMLError) -> [String] {
    var parts: [String] = []
    while true {
      skipSpaces()
      guard let c = peek else { throw fail("expected a key") }
      if c == "\"" {
        parts.append(try basicString())
      } else if c == "'" {
        parts.append(try literalString())
      } else {
        var k = ""
        while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
          k.unicodeScalars.append(c)
          advance()
        }
        if k.isEmpty { throw fail("expected a key, found '\(c)'") }
        parts.append(k)
      }
      skipSpaces()
      if peek == "." {
        advance()
        continue
      }
      return parts
    }
  }

  // MARK: values

  mutating func value() throws(TOMLError) -> TOMLValue {
    guard let c = peek else { throw fail("expected a value") }
    switch c {
    case "\"": return .string(try basicString())
    case "'": return .string(try literalString())
    case "[": return try arrayValue()
    case "{": return try inlineTable()
    default: return try bareValue()
    }
  }

  mutating func arrayValue() throws(TOMLError) -> TOMLValue {
    advance()
    var items: [TOMLValue] = []
    while true {
      skipBlank()
      if peek == "]" {
        advance()
        return .array(items)
      }
      items.append(try value())
      skipBlank()
      if peek == "," {
        advance()
      } else if peek == "]" {
        advance()
        return .array(items)
      } else {
        throw fail("expected ',' or ']' in an array")
      }
    }
  }

  mutating func inlineTable() throws(TOMLError) -> TOMLValue {
    advance()
    var t: [String: TOMLValue] = [:]
    skipSpaces()
    if peek == "}" {
      advance()
      return .table(t)
    }
    while true {
      skipSpaces()
      let k = try key()
      guard peek == "=" else { throw fail("expected '=' in an inline table") }
      advance()
      skipSpaces()
      let v = try value()
      try Parser.insert(&t, k, v, line: line)
      skipSpaces()
      if peek == "," {
        advance()
      } else if peek == "}" {
        advance()
        return .table(t)
      } else {
        throw fail("expected ',' or '}' in an inline table")
      }
    }
  }

  mutating func bareValue() throws(TOMLError) -> TOMLValue {
    var w = ""
    while let c = peek, !(c == "," || c == "]" || c == "}" || c == "#" || c == "\n" || c == "\r") {
      // A space ends the value except inside a date-time ("2026-12-28 09:30:00").
      if c == " " || c == "\t" {
        let next = i + 1 < s.count ? s[i + 1] : " "
        if w.count == 10 && w.contains("-") && ("0"..."9").contains(next) {
          w.append("T")
          advance()
          continue
        }
        break
      }
      w.unicodeScalars.append(c)
      advance()
    }
    switch w {
    case "true": return .boolean(true)
    case "false": return .boolean(false)
    case "inf", "+inf": return .float(.infinity)
    case "-inf": return .float(-.infinity)
    case "nan", "+nan", "-nan": return .float(.nan)
    case "": throw fail("expected a value")
    default: break
    }
    let digits = w.replacingUnderscores()
    if w.hasPrefix("0x"), let v = Int(digits.dropFirst(2), radix: 16) { return .integer(v) }
    if w.hasPrefix("0o"), let v = Int(digits.dropFirst(2), radix: 8) { return .integer(v) }
    if w.hasPrefix("0b"), let v = Int(digits.dropFirst(2), radix: 2) { return .integer(v) }
    if let v = Int(digits) { return .integer(v) }
    if w.first.map({ $0.isNumber || $0 == "+" || $0 == "-" }) == true,
      w.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(digits)
    {
      return .float(d)
    }
    if w.count >= 8, w.contains("-") || w.contains(":"), w.first?.isNumber == true {
      return .datetime(w)
    }
    throw fail("'\(w)' is not a TOML value (strings need quotes)")
  }

  // MARK: strings

  mutating func basicString() throws(TOMLError) -> String {
    if s.count >= i + 3 && s[i] == "\"" && s[i + 1] == "\"" && s[i + 2] == "\"" {
      return try multiline(quote: "\"", escapes: true)
    }
    advance()
    var out = ""
    while true {
      guard let c = peek, c != "\n" else { throw fail("unterminated string") }
      advance()
      if c == "\"" { return out }
      if c == "\\" { out.unicodeScalars.append(contentsOf: try escape()) } else { out.unicodeScalars.append(c) }
    }
  }

  mutating func literalString() throws(TOMLError) -> String {
    if s.count >= i + 3 && s[i] == "'" && s[i + 1] == "'" && s[i + 2] == "'" {
      return try multiline(quote: "'", escapes: false)
    }
    advance()
    var out = ""
    while true {
      guard let c = peek, c != "\n" else { throw fail("unterminated string") }
      advance()
      if c == "'" { return out }
      out.unicodeScalars.append(c)
    }
  }

  mutating func multiline(quote q: Unicode.Scalar, escapes: Bool) throws(TOMLError) -> String {
    i += 3
    // A newline right after the opening quotes is trimmed.
    if peek == "\r" { advance() }
    if peek == "\n" { advance() }
    var out = ""
    while true {
      guard let c = peek else { throw fail("unterminated multi-line string") }
      if c == q && i + 2 < s.count && s[i + 1] == q && s[i + 2] == q {
        // A run of 3 to 5 quotes closes the string; quotes beyond 3 are content.
        var n = 0
        while i + n < s.count && s[i + n] == q { n += 1 }
        guard n <= 5 else { throw fail("too many quotes in a row") }
        for _ in 0..<(n - 3) { out.unicodeScalars.append(q) }
        i += n
        return out
      }
      advance()
      if escapes && c == "\\" {
        // A line-ending backslash trims the newline and the white space after it.
        var j = i
        while j < s.count && (s[j] == " " || s[j] == "\t" || s[j] == "\r") { j += 1 }
        if j < s.count && s[j] == "\n" {
          while let c = peek, c == " " || c == "\t" || c == "\r" || c == "\n" { advance() }
          continue
        }
        out.unicodeScalars.append(contentsOf: try escape())
      } else {
        out.unicodeScalars.append(c)
      }
    }
  }

  mutating func escape() throws(TOMLError) -> [Unicode.Scalar] {
    guard let e = peek else { throw fail("unterminated escape") }
    advance()
    switch e {
    case "n": return ["\n"]
    case "t": return ["\t"]
    case "r": return ["\r"]
    case "b": return ["\u{08}"]
    case "f": return ["\u{0C}"]
    case "\"": return ["\""]
    case "\\": return ["\\"]
    case "u", "U":
      let n = e == "u" ? 4 : 8
      guard i + n <= s.count else { throw fail("bad unicode escape") }
      let hex = String(String.UnicodeScalarView(s[i..<i + n]))
      guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
        throw fail("bad unicode escape \\\(e)\(hex)")
      }
      i += n
      return [scalar]
    default: throw fail("unknown escape \\\(e)")
    }
  }

  // MARK: building the tree

  mutating func set(_ path: [String], _ v: TOMLValue) throws(TOMLError) {
    try Parser.insert(&root, path, v, line: line, arrayTables: true)
  }

  mutating func ensureTable(at path: [String]) throws(TOMLError) {
    try Parser.walk(&root, path, line: line) { slot throws(TOMLError) in
      if slot == nil { slot = .table([:]) }
      guard case .table = slot else { throw TOMLError(line: self.line, message: "'\(path.joined(separator: "."))' is not a table") }
    }
  }

  mutating func appendTable(at path: [String]) throws(TOMLError) {
    let l = line
    try Parser.walk(&root, Array(path.dropLast()), line: l) { _ throws(TOMLError) in }
    try Parser.modify(&root, path, line: l) { slot throws(TOMLError) in
      switch slot {
      case nil: slot = .array([.table([:])])
      case .array(var a)?:
        a.append(.table([:]))
        slot = .array(a)
      default: throw TOMLError(line: l, message: "'\(path.joined(separator: "."))' is not an array of tables")
      }
    }
  }

  /// Inserts `v` at `path`, descending into the last element of arrays of tables.
  static func insert(
    _ t: inout [String: TOMLValue], _ path: [String], _ v: TOMLValue, line: Int, arrayTables: Bool = false
  ) throws(TOMLError) {
    try modify(&t, path, line: line) { slot throws(TOMLError) in
      if slot != nil { throw TOMLError(line: line, message: "key '\(path.joined(separator: "."))' is defined twice") }
      slot = v
    }
  }

  static func walk(
    _ t: inout [String: TOMLValue], _ path: [String], line: Int,
    _ body: (inout TOMLValue?) throws(TOMLError) -> Void
  ) throws(TOMLError) {
    try modify(&t, path, line: line, body)
  }

  static func modify(
    _ t: inout [String: TOMLValue], _ path: [String], line: Int,
    _ body: (inout TOMLValue?) throws(TOMLError) -> Void
  ) throws(TOMLError) {
    guard let head = path.first else { return }
    if path.count == 1 {
      var slot = t[head]
      try body(&slot)
      t[head] = slot
      return
    }
    let rest = Array(path.dropFirst())
    switch t[head] {
    case nil:
      var sub: [String: TOMLValue] = [:]
      try modify(&sub, rest, line: line, body)
      t[head] = .table(sub)
    case .table(var sub)?:
      try modify(&sub, rest, line: line, body)
      t[head] = .table(sub)
    case .array(var a)?:
      guard case .table(var sub)? = a.last else {
        throw TOMLError(line: line, message: "'\(head)' is not a table")
      }
      try modify(&sub, rest, line: line, body)
      a[a.count - 1] = .table(sub)
      t[head] = .array(a)
    default:
      throw TOMLError(line: line, message: "'\(head)' is a value, not a table")
    }
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
