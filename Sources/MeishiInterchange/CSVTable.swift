/// RFC 4180 CSV: fields separated by commas, records by CRLF or LF (CR alone too), fields in
/// double quotes may hold commas, line breaks and doubled quotes (`""`).
enum CSVTable {
  struct Record {
    /// The physical line where the record starts (1-based).
    var line: Int
    var fields: [String]
  }

  /// The records of `text`, a leading byte-order mark ignored, blank lines skipped.
  /// Lenient where RFC 4180 is strict but the meaning is clear: a quote inside an unquoted field
  /// is kept, text after a closing quote is appended.
  static func records(_ text: String) throws(InterchangeError) -> [Record] {
    var scalars = Substring(text).unicodeScalars
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

    enum State { case fieldStart, unquoted, quoted, afterQuote }
    var records: [Record] = []
    var fields: [String] = []
    var field = String.UnicodeScalarView()
    var state = State.fieldStart
    var line = 1
    var recordLine = 1
    var quoteLine = 1
    var i = scalars.startIndex

    func endField() {
      fields.append(String(field))
      field = String.UnicodeScalarView()
    }
    func endRecord() {
      endField()
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(Record(line: recordLine, fields: fields))
      }
      fields = []
    }

    while i < scalars.endIndex {
      let c = scalars[i]
      i = scalars.index(after: i)
      let isBreak = c == "\n" || c == "\r"
      if isBreak, c == "\r", i < scalars.endIndex, scalars[i] == "\n" {
        i = scalars.index(after: i)
        if state == .quoted {
          field.append("\r")
          field.append("\n")
          line += 1
          continue
        }
      }
      switch state {
      case .fieldStart, .unquoted, .afterQuote:
        if c == "," {
          endField()
          state = .fieldStart
        } else if isBreak {
          endRecord()
          line += 1
          recordLine = line
          state = .fieldStart
        } else if c == "\"", state == .fieldStart {
          state = .quoted
          quoteLine = line
        } else {
          field.append(c)
          state = .unquoted
        }
      case .quoted:
        if c == "\"" {
          if i < scalars.endIndex, scalars[i] == "\"" {
            field.append("\"")
            i = scalars.index(after: i)
          } else {
            state = .afterQuote
          }
        } else {
          if isBreak { line += 1 }
          field.append(c)
        }
      }
    }
    if state == .quoted {
      throw InterchangeError(
        .unterminatedQuote, line: quoteLine,
        "line \(quoteLine): a quoted field starts here and is never closed (the file ends "
          + "inside it). Add the closing \" — and write a \" inside a quoted field as \"\".")
    }
    if state != .fieldStart || !fields.isEmpty { endRecord() }
    return records
  }

  /// One CSV document: CRLF after every record, fields quoted when they hold a comma, a quote,
  /// a line break, or white space at either end.
  static func text(_ rows: [[String]]) -> String {
    var out = ""
    for row in rows {
      out += row.map(quoted).joined(separator: ",")
      out += "\r\n"
    }
    return out
  }

  static func quoted(_ field: String) -> String {
    let needs =
      field.unicodeScalars.contains {
        $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r"
      } || field.first?.isWhitespace == true || field.last?.isWhitespace == true
    guard needs else { return field }
    var out = "\""
    for scalar in field.unicodeScalars {
      if scalar == "\"" { out.unicodeScalars.append("\"") }
      out.unicodeScalars.append(scalar)
    }
    out += "\""
    return out
  }
}
