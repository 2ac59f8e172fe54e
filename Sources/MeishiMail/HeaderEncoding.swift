import Foundation

/// Text made safe for message headers and bodies, and the RFC 2045/2047/5322 encodings.
///
/// Everything that goes into a header passes through `HeaderText.clean` and then an encoder, so
/// text from a card (a company name with a CR LF in it, a NUL, a right-to-left override) can
/// neither end a header line nor start a new header.
enum HeaderText {
  /// The longest header line we write (RFC 5322 §2.1.1 "SHOULD be no more than 78").
  static let lineLimit = 78
  /// The longest encoded-word (RFC 2047 §2).
  static let encodedWordLimit = 75

  /// One line of text, safe to encode into a header: control characters (C0, DEL, C1), line and
  /// paragraph separators become spaces; invisible format characters (bidi overrides, zero-width
  /// spaces, BOM; not the emoji joiners) are removed; runs of spaces become one; ends trimmed.
  static func clean(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    var pendingSpace = false
    for s in text.unicodeScalars {
      if isLineBreakingOrControl(s) || s == " " || (s == "\u{3000}" && scalars.isEmpty) {
        pendingSpace = !scalars.isEmpty
        continue
      }
      if isInvisibleFormat(s) { continue }
      if pendingSpace {
        scalars.append(" ")
        pendingSpace = false
      }
      scalars.append(s)
    }
    var out = String(scalars)
    while let last = out.unicodeScalars.last, last == "\u{3000}" || last == " " {
      out.unicodeScalars.removeLast()
    }
    return out
  }

  /// Body text: line ends become CRLF; control characters other than TAB and line ends are removed
  /// (a NUL or an escape sequence has no place in a letter); bidi overrides are removed.
  static func normalizedBody(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var previousCR = false
    for s in text.unicodeScalars {
      switch s {
      case "\r":
        out.append(contentsOf: "\r\n".unicodeScalars)
        previousCR = true
        continue
      case "\n":
        if !previousCR { out.append(contentsOf: "\r\n".unicodeScalars) }
      case "\u{2028}", "\u{2029}", "\u{85}":
        out.append(contentsOf: "\r\n".unicodeScalars)
      case "\t":
        out.append(s)
      default:
        if isLineBreakingOrControl(s) || isBidiControl(s) { break }
        out.append(s)
      }
      previousCR = false
    }
    return String(out)
  }

  static func isLineBreakingOrControl(_ s: Unicode.Scalar) -> Bool {
    switch s.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
  }

  static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  /// Format characters that show nothing: bidi controls, zero-width space, word joiner, BOM, tags.
  /// ZWNJ/ZWJ (U+200C/D) stay: they are part of emoji and some scripts.
  static func isInvisibleFormat(_ s: Unicode.Scalar) -> Bool {
    if s.value == 0x200C || s.value == 0x200D { return false }
    return s.properties.generalCategory == .format || isBidiControl(s)
  }

  /// Printable ASCII (space to tilde).
  static func isPrintableASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
  }

  /// The longest leading part of `text` that fits an encoded-word of `maxWordLength` characters;
  /// nil when not even one character fits. With `breakAtSpace`, a word that does not take the
  /// rest of the text ends after a space when there is one in its last two thirds: decoders that
  /// wrongly keep the whitespace between encoded-words in a display name (Python's `email`
  /// does) then show an extra space between words, not a space inside one.
  static func encodedWordChunk(
    _ text: Substring, maxWordLength: Int, breakAtSpace: Bool = false
  ) -> (word: String, rest: Substring)? {
    // "=?UTF-8?B?" + base64 + "?=": 12 characters of overhead, 4 base64 characters per 3 bytes.
    let maxBytes = 3 * ((min(maxWordLength, encodedWordLimit) - 12) / 4)
    guard maxBytes > 0 else { return nil }
    var bytes = 0
    var end = text.startIndex
    var afterSpace: (index: Substring.Index, bytes: Int)?
    for ch in text {
      let n = ch.utf8.count
      if bytes + n > maxBytes { break }
      bytes += n
      end = text.index(after: end)
      if ch == " " { afterSpace = (end, bytes) }
    }
    if end == text.startIndex {
      // One grapheme cluster larger than a word (a long emoji sequence): split it by scalars.
      var scalarEnd = text.unicodeScalars.startIndex
      for s in text.unicodeScalars {
        let n = String(s).utf8.count
        if bytes + n > maxBytes { break }
        bytes += n
        scalarEnd = text.unicodeScalars.index(after: scalarEnd)
      }
      guard scalarEnd > text.startIndex else { return nil }
      end = scalarEnd
    } else if breakAtSpace, end < text.endIndex, let s = afterSpace, s.bytes * 3 >= maxBytes,
      s.index < end
    {
      end = s.index
    }
    let chunk = text[text.startIndex..<end]
    let word = "=?UTF-8?B?" + Data(chunk.utf8).base64EncodedString() + "?="
    return (word, text[end...])
  }

  /// A quoted-string (RFC 5322 §3.2.4) for printable ASCII.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for ch in text {
      if ch == "\"" || ch == "\\" { out.append("\\") }
      out.append(ch)
    }
    out.append("\"")
    return out
  }

  /// Base64 in lines of 76 characters, CRLF after each (RFC 2045 §6.8).
  static func base64Lines(_ data: Data) -> String {
    let encoded = data.base64EncodedString()
    var out = ""
    out.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
    var line = 0
    for ch in encoded {
      out.append(ch)
      line += 1
      if line == 76 {
        out.append("\r\n")
        line = 0
      }
    }
    if line > 0 { out.append("\r\n") }
    return out
  }

  /// Quoted-printable (RFC 2045 §6.7) for CRLF text: lines of at most 76 characters, soft breaks
  /// with `=`, `=` and non-ASCII as `=XX`, trailing spaces and tabs encoded.
  static func quotedPrintable(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF")
    var out = ""
    let lines = text.components(separatedBy: "\r\n")
    for (i, line) in lines.enumerated() {
      let bytes = Array(line.utf8)
      var current = ""
      for (j, b) in bytes.enumerated() {
        let isLast = j == bytes.count - 1
        let token: String
        if (b >= 33 && b <= 126 && b != 61) || ((b == 32 || b == 9) && !isLast) {
          token = String(UnicodeScalar(b))
        } else {
          token = "=" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 0x0F)])
        }
        if current.utf8.count + token.utf8.count > 75 {
          out += current + "=\r\n"
          current = ""
        }
        current += token
      }
      out += current
      if i < lines.count - 1 { out += "\r\n" }
    }
    if !out.hasSuffix("\r\n") { out += "\r\n" }
    return out
  }
}

/// Builds one header field, folding between tokens so that no line is longer than 78 characters
/// (unless a single token, such as a very long address, is longer by itself).
struct HeaderFieldBuilder {
  private var lines: [String] = []
  private var current: String

  init(name: String) { current = name + ":" }

  private var room: Int { HeaderText.lineLimit - current.utf8.count - 1 }
  private var lineIsFresh: Bool { current.isEmpty }

  private mutating func fold() {
    lines.append(current)
    current = ""
  }

  /// Appends a token that must not be split, preceded by a space (or a fold).
  mutating func append(_ token: String) {
    if token.utf8.count > room && !lineIsFresh { fold() }
    current += " " + token
  }

  /// Appends free text as words: plain if it is printable ASCII and folds cleanly, else as
  /// encoded-words. The text must already be `HeaderText.clean`ed.
  mutating func appendText(_ text: String) {
    let words = text.split(separator: " ", omittingEmptySubsequences: true)
    if HeaderText.isPrintableASCII(text), !text.contains("=?"),
      words.allSatisfy({ $0.utf8.count < HeaderText.lineLimit - 1 })
    {
      for w in words { append(String(w)) }
    } else {
      appendEncoded(text)
    }
  }

  /// Appends text as RFC 2047 encoded-words, filling each line; `phrase` for display names
  /// (prefers to split words after a space).
  mutating func appendEncoded(_ text: String, phrase: Bool = false) {
    var rest = text[...]
    while !rest.isEmpty {
      if let (word, after) = HeaderText.encodedWordChunk(
        rest, maxWordLength: room, breakAtSpace: phrase),
        word.utf8.count >= 20 || after.isEmpty || lineIsFresh
      {
        current += " " + word
        rest = after
      } else if lineIsFresh {
        // Not even one character fits a whole line: cannot happen with 75-character words.
        return
      } else {
        fold()
      }
    }
  }

  /// The field with CRLF line ends, ending in CRLF.
  func build() -> String {
    (lines + [current]).joined(separator: "\r\n") + "\r\n"
  }
}
