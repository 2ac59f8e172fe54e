import Foundation
import MeishiCore

extension EmailURLExtractor {
  /// Letters OCR takes for one another in a Latin address, as (read, printed): a single slip
  /// is undone only when it turns a part of the local part into the person's own name.
  static let localPartSlips: [(String, String)] = [
    ("v", "u"), ("u", "v"), ("rn", "m"), ("m", "rn"), ("1", "l"), ("1", "i"), ("l", "i"),
    ("i", "l"), ("0", "o"), ("cl", "d"), ("vv", "w"), ("ii", "u"),
  ]

  /// An e-mail local part mended where one OCR slip ("veno" for "ueno", "yarnada" for
  /// "yamada") hides the person's name, which the card confirms through the family or given
  /// name's readings, the printed kana or the printed romaji. A part that already spells a
  /// name, or that no single slip turns into one, is left as read. Runs after the names.
  static func mendLocalPartsByName(_ state: inout ParseState) {
    let keys = nameKeys(state.contact)
    guard !keys.isEmpty, !state.contact.emails.isEmpty else { return }
    var mended: [String] = []
    state.contact.emails = state.contact.emails.map { email in
      guard let at = email.firstIndex(of: "@") else { return email }
      let local = String(email[..<at])
      let fixed = mendedLocalPart(local, nameKeys: keys)
      if fixed == local { return email }
      mended.append(email)
      return fixed + email[at...]
    }
    if !mended.isEmpty {
      state.extras["emails_as_read"] = mended.joined(separator: "; ")
    }
  }

  /// "Email yuri kawaguchi@…", "E-mail m nemoto@…": the dot between the parts of a local part
  /// read as a space or a comma (blur, small type), so the address was found from its second
  /// part on. The word before it, right after the mail label, is joined back with a dot when
  /// the two spell the person's name: a name and a name, or an initial and a name (the card's
  /// romaji, kana or the readings of its kanji say which). Runs last: the separator might have
  /// been "_" or "-", so the mended address goes to the review queue (confidence 0.55, under
  /// the e-mail's 0.6), and the address as read is kept in `extras["emails_as_read"]`.
  static func joinNameWordBeforeLocalPart(_ state: inout ParseState) {
    let keys = nameKeys(state.contact)
    guard !keys.isEmpty, !state.contact.emails.isEmpty else { return }
    let initials = Set(keys.compactMap(\.first))
    var mended: [String] = []
    state.contact.emails = state.contact.emails.map { email in
      guard let at = email.firstIndex(of: "@") else { return email }
      let local = email[..<at].lowercased()
      guard local.allSatisfy({ $0.isASCII && $0.isLetter }), keys.contains(NameDictionary.romajiKey(local))
      else { return email }
      for line in state.lines {
        let text = line.text.lowercased()
        guard let r = text.range(of: local + "@") else { continue }
        // Back over the separator (a space or a comma, and no more than two characters).
        var prefix = text[..<r.lowerBound]
        let separator = prefix.reversed().prefix { $0 == " " || $0 == "," }
        guard (1...2).contains(separator.count) else { continue }
        prefix = prefix.dropLast(separator.count)
        let word = String(prefix.reversed().prefix { $0.isASCII && $0.isLetter }.reversed())
        let label = prefix.dropLast(word.count).trimmingCharacters(in: CharacterSet(charactersIn: " :：|"))
        guard !word.isEmpty, Labels.email.contains(where: { label == $0 || label.hasSuffix(" " + $0) })
        else { continue }
        let spells =
          word.count == 1
          ? initials.contains(word.first!) : keys.contains(NameDictionary.romajiKey(word))
        guard spells, NameDictionary.romajiKey(word) != NameDictionary.romajiKey(local) else { continue }
        mended.append(email)
        return word + "." + email
      }
      return email
    }
    if !mended.isEmpty {
      state.extras["emails_as_read"] = ([state.extras["emails_as_read"]].compactMap { $0 } + mended)
        .joined(separator: "; ")
      state.setConfidence(.emails, min(state.confidence["emails"] ?? 1, 0.55))
    }
  }

  /// The person's name in romaji keys (``NameDictionary/romajiKey(_:)``), four letters or more.
  static func nameKeys(_ c: ContactFields) -> Set<String> {
    var keys: [String] = []
    let dictionary = NameDictionary.shared
    if let latin = c.nameLatin {
      keys += latin.split(separator: " ").map { NameDictionary.romajiKey(String($0)) }
    }
    if let kana = c.nameKana {
      keys += kana.split(separator: " ").map { NameDictionary.romajiKey(Romaji.hepburn(String($0))) }
    }
    if let family = c.familyName, let s = dictionary.surname(family) {
      keys += s.readings.map { NameDictionary.romajiKey(Romaji.hepburn($0)) }
    }
    if let given = c.givenName, let readings = dictionary.givenReadings(given) {
      keys += readings.map { NameDictionary.romajiKey(Romaji.hepburn($0)) }
    }
    return Set(keys.filter { $0.count >= 4 })
  }

  /// `local` with one slip undone in one of its parts (split at ".", "_", "-") when that part
  /// then spells a name key and did not before.
  static func mendedLocalPart(_ local: String, nameKeys: Set<String>) -> String {
    var parts: [String] = []
    var separators: [Character] = []
    var current = ""
    for ch in local {
      if ch == "." || ch == "_" || ch == "-" {
        parts.append(current)
        separators.append(ch)
        current = ""
      } else {
        current.append(ch)
      }
    }
    parts.append(current)
    var changed = false
    for (n, part) in parts.enumerated() where part.count >= 4 {
      let lower = part.lowercased()
      guard !nameKeys.contains(NameDictionary.romajiKey(lower)) else { continue }
      var found: Set<String> = []
      for (read, printed) in localPartSlips {
        var search = lower.startIndex
        while let r = lower.range(of: read, range: search..<lower.endIndex) {
          let candidate = lower.replacingCharacters(in: r, with: printed)
          if candidate.allSatisfy({ $0.isASCII && $0.isLetter }),
            nameKeys.contains(NameDictionary.romajiKey(candidate))
          {
            found.insert(candidate)
          }
          search = r.upperBound
        }
      }
      // Only one way to a name: two would be a guess.
      guard found.count == 1, let candidate = found.first else { continue }
      parts[n] = part == lower ? candidate : candidate.uppercased() == part ? candidate.uppercased() : candidate
      changed = true
    }
    guard changed else { return local }
    var out = parts[0]
    for (k, sep) in separators.enumerated() { out.append(sep); out += parts[k + 1] }
    return out
  }
}

extension NameExtractor {
  /// A family name misread in one kanji ("官野" for 菅野, "比喜" for 比嘉, "座司" for 庄司) made
  /// the listed family name that differs from it in that one kanji and whose reading the card
  /// spells in romaji (the e-mail's local part, the printed romaji name), when exactly one
  /// listed name does. A family name whose own reading the romaji spells, alone or with an
  /// initial, stays as read. Runs after the names; the mended name is less sure.
  /// The words a card spells a name with in romaji, as romaji keys: the printed romaji name's
  /// words and the e-mail local parts' pieces (split at . - _), of `minLength` letters or more.
  static func romajiWords(_ state: ParseState, minLength: Int) -> Set<String> {
    Set(romajiSpellings(state, minLength: minLength).map(NameDictionary.romajiKey))
  }

  /// The same words as printed, in lower case: "kanno", which the key folds with "kano".
  static func romajiSpellings(_ state: ParseState, minLength: Int) -> Set<String> {
    let words =
      (state.contact.nameLatin?.split(separator: " ") ?? [])
      + state.emailLocalParts.flatMap { $0.split(whereSeparator: { ".-_".contains($0) }) }
    return Set(words.filter { $0.count >= minLength }.map { $0.lowercased() })
  }

  static func mendFamilyByRomaji(_ state: inout ParseState) {
    let evidence = romajiWords(state, minLength: 3)
    guard !evidence.isEmpty else { return }
    let dict = NameDictionary.shared
    func keys(_ s: NameDictionary.Surname) -> [String] {
      s.readings.map { NameDictionary.romajiKey(Romaji.hepburn($0)) }
    }
    /// Whether the romaji spells a name read `k`, alone or with an initial or two before or
    /// after it ("eshinohara" for E. Shinohara, "yoda" for Y. Oda).
    func spells(_ k: String) -> Bool {
      evidence.contains { e in
        e == k || ((1...2).contains(e.count - k.count) && (e.hasSuffix(k) || e.hasPrefix(k)))
      }
    }
    func spelt(_ s: NameDictionary.Surname) -> Bool { keys(s).contains(where: spells) }
    /// The listed family names spelt by the romaji that differ from `read` in one kanji; of
    /// several, the one the romaji spells letter for letter, when only one is ("kanno" for
    /// 菅野 かんの, not 狩野 かの, which the spelling-insensitive key matches too).
    let spellings = romajiSpellings(state, minLength: 3)
    func close(to read: [Character]) -> [String] {
      let found = dict.surnames.filter { kanji, surname in
        kanji.count == read.count && Text.differInOne(kanji, read) && spelt(surname)
      }
      guard found.count > 1 else { return found.map(\.key) }
      let exact = found.filter { $0.value.readings.contains { spellings.contains(Romaji.hepburn($0).lowercased()) } }
      return (exact.count == 1 ? exact : found).map(\.key)
    }
    // A name no listed family name starts, kept whole ("官野宏嘉") or split after an unlisted
    // one-kanji family name ("肌 部憂菜"): the split where the start, one kanji mended, is the
    // one listed family name the romaji spells, and the rest may be a given name.
    let unlisted = state.contact.familyName.map { $0.count == 1 && dict.surname($0) == nil } ?? true
    if unlisted, let whole = state.contact.name {
      let compact = Array(NameDictionary.kanjiKey(whole.filter { $0 != " " }))
      guard (3...7).contains(compact.count), compact.allSatisfy(\.isKanji) else { return }
      var splits: [(family: String, given: String)] = []
      for len in 2...min(3, compact.count - 1) where compact.count - len <= 4 {
        for family in close(to: Array(compact[..<len])) {
          splits.append((family, String(compact[len...])))
        }
      }
      guard splits.count == 1, let (family, given) = splits.first else { return }
      state.contact.familyName = family
      state.contact.givenName = given
      state.contact.name = family + " " + given
      for key in ["family_name", "given_name", "name"] {
        state.confidence[key] = min(state.confidence[key] ?? 0.7, 0.7)
      }
      return
    }
    guard let family = state.contact.familyName, family.count >= 2, family.allSatisfy(\.isKanji)
    else { return }
    // The name as read, when the romaji spells it, is not mended.
    if let own = dict.surname(family), spelt(own) { return }
    let found = close(to: Array(NameDictionary.kanjiKey(family)))
    guard found.count == 1, let mended = found.first else { return }
    state.contact.familyName = mended
    if let name = state.contact.name, name.hasPrefix(family) {
      state.contact.name = mended + name.dropFirst(family.count)
    }
    for key in ["family_name", "name"] {
      if let c = state.confidence[key] { state.confidence[key] = min(c, 0.7) }
    }
  }
}

extension NameExtractor {
  /// A given name misread in one kanji ("弘稚" for 弘稔, "宇毅" for 宇蘭), or with a kanji too
  /// many ("和隼磨" for 隼磨) or too few, made the listed given name one edit from it whose
  /// reading the card prints: the printed kana reading's given part, or a word of the romaji
  /// name or the e-mail's local part. Only when exactly one listed name is: the readings of
  /// given names are shared by many spellings (ゆうま: 優真, 悠真, 佑真, …), and a choice
  /// among them would be a guess. A given name that is listed stays as read. Runs after the
  /// names; the mended name is less sure.
  static func mendGivenByReading(_ state: inout ParseState) {
    let dict = NameDictionary.shared
    // A listed name is a name, whatever the list says it reads (健 for けん is listed only as
    // たけし): the list's readings are not all the readings there are.
    guard let given = state.contact.givenName, !given.isEmpty, given.count <= 4,
      given.allSatisfy(\.isKanji), dict.givenReadings(given) == nil
    else { return }
    let familyKeys = Set(
      (state.contact.familyName.flatMap { dict.surname($0) }?.readings ?? []).map {
        NameDictionary.romajiKey(Romaji.hepburn($0))
      })
    var kana: String?
    if let printed = state.contact.nameKana {
      let words = printed.split(separator: " ")
      if words.count == 2 { kana = Text.hiragana(String(words[1])) }
    }
    let romaji = romajiWords(state, minLength: 2).subtracting(familyKeys)
    guard kana != nil || !romaji.isEmpty else { return }
    func spelt(_ readings: [String]) -> Bool {
      readings.contains { r in
        r == kana || romaji.contains(NameDictionary.romajiKey(Romaji.hepburn(r)))
      }
    }
    let read = Array(NameDictionary.kanjiKey(given))
    func oneEdit(_ name: String) -> Bool {
      let c = Array(name)
      switch c.count - read.count {
      case 0: return Text.differInOne(c, read)
      case 1: return c.indices.contains { i in Array(c[..<i] + c[(i + 1)...]) == read }
      case -1: return read.indices.contains { i in Array(read[..<i] + read[(i + 1)...]) == c }
      default: return false
      }
    }
    var found: [String] = []
    for (name, readings) in dict.givenNames where abs(name.count - read.count) <= 1 {
      guard name.allSatisfy(\.isKanji), oneEdit(name), spelt(readings) else { continue }
      found.append(name)
      if found.count > 1 { return }
    }
    guard let mended = found.first else { return }
    state.contact.givenName = mended
    if let name = state.contact.name, name.hasSuffix(given) {
      state.contact.name = name.dropLast(given.count) + mended
    }
    for key in ["given_name", "name"] {
      if let c = state.confidence[key] { state.confidence[key] = min(c, 0.7) }
    }
  }
}
