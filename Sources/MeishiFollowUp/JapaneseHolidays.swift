public import MeishiCore

/// One day off: a national holiday (国民の祝日), a substitute holiday (振替休日), a citizens'
/// holiday (国民の休日) or a one-off day off by special law.
public struct Holiday: Sendable, Hashable, Codable {
  public var date: CivilDate
  /// The name as the Cabinet Office writes it (substitute and citizens' holidays are 「休日」).
  public var name: String
  public var nameEn: String

  public init(date: CivilDate, name: String, nameEn: String) {
    self.date = date
    self.name = name
    self.nameEn = nameEn
  }
}

/// Japan's national holidays, computed from the Act on National Holidays (国民の祝日に関する法律,
/// Act No. 178 of 1948) and its amendments, for 1948–2150.
///
/// ```swift
/// JapaneseHolidays.holidays(in: 2026).map(\.name)   // ["元日", "成人の日", …, "勤労感謝の日"]
/// BusinessCalendar(holidays: JapaneseHolidays.table(years: 2020...2040))
/// ```
///
/// - The act came into force on 1948-07-20, so 1948 has only 秋分の日, 文化の日 and 勤労感謝の日.
/// - 春分の日 and 秋分の日 are fixed each February by the cabinet from the astronomical equinox;
///   here they come from the usual approximation formula, which matches every published date
///   (Cabinet Office list, 1955–2027). Later years are predictions, as in every holiday library.
///   Checked against the equinox instant computed by Meeus' algorithm for 1949–2150, the formula
///   gives the same day every year except 2107's 秋分の日: the formula says 24 September, while
///   the equinox falls about 23 minutes before midnight (JST) on the 23rd.
/// - Years outside ``supportedYears`` have no holidays (`holidays(in:)` returns `[]`), since the
///   equinox formula is not defined there and the act did not exist before 1948.
/// - Names follow the Cabinet Office list (syukujitsu.csv) exactly, including its 「休日」 for
///   substitute and citizens' holidays, 「休日（祝日扱い）」 for the 2019 enthronement days and
///   「体育の日（スポーツの日）」 for 2019.
public enum JapaneseHolidays {
  /// The years this type computes: from the act (1948) to the end of the equinox formula (2150).
  public static let supportedYears: ClosedRange<Int> = 1948...2150

  /// The holidays of `year`, sorted by date; empty outside ``supportedYears``.
  public static func holidays(in year: Int) -> [Holiday] {
    guard supportedYears.contains(year) else { return [] }
    // 国民の祝日 (and the one-off days the special laws treat like them).
    let national = nationalHolidays(in: year).filter { $0.date >= actInForce }
    let nationalDates = Set(national.map(\.date))
    var out = national

    // 振替休日 (art. 3(2)): from 1973-04-12 a holiday on a Sunday gives the next day off; from
    // 2007 the first following day that is not a national holiday.
    var substitutes = Set<CivilDate>()
    for h in national where h.date.weekday == 0 && h.date >= substituteRuleStart {
      var d = h.date.adding(days: 1)
      if year >= 2007 {
        while nationalDates.contains(d) { d = d.adding(days: 1) }
      } else if nationalDates.contains(d) {
        continue
      }
      substitutes.insert(d)
      out.append(Holiday(date: d, name: "休日", nameEn: "Substitute Holiday"))
    }

    // 国民の休日 (art. 3(3)): from 1985-12-27 a day whose day before and day after are both
    // national holidays is a day off, unless it is a Sunday or a substitute holiday.
    for h in national {
      let d = h.date.adding(days: 1)
      guard d >= citizensRuleStart, nationalDates.contains(d.adding(days: 1)),
        !nationalDates.contains(d), d.weekday != 0, !substitutes.contains(d)
      else { continue }
      out.append(Holiday(date: d, name: "休日", nameEn: "Citizens' Holiday"))
    }
    return out.sorted { $0.date < $1.date }
  }

  /// Holiday name by date for the years in `years` that are supported, for ``BusinessCalendar``.
  public static func table(years: ClosedRange<Int>) -> [CivilDate: String] {
    let lo = max(years.lowerBound, supportedYears.lowerBound)
    let hi = min(years.upperBound, supportedYears.upperBound)
    var t: [CivilDate: String] = [:]
    guard lo <= hi else { return t }
    for y in lo...hi {
      for h in holidays(in: y) { t[h.date] = h.name }
    }
    return t
  }

  // MARK: - The rules

  /// The act was promulgated and came into force on 20 July 1948.
  static let actInForce = CivilDate(year: 1948, month: 7, day: 20)
  /// Amendment of 1973 (Act No. 10 of 1973), in force 12 April 1973: substitute holidays.
  static let substituteRuleStart = CivilDate(year: 1973, month: 4, day: 12)
  /// Amendment of 1985 (Act No. 103 of 1985), in force 27 December 1985: citizens' holidays.
  static let citizensRuleStart = CivilDate(year: 1985, month: 12, day: 27)

  /// The national holidays proper of `year`, unsorted; the caller drops those before 1948-07-20.
  static func nationalHolidays(in y: Int) -> [Holiday] {
    var list: [Holiday] = []
    func add(_ month: Int, _ day: Int, _ name: String, _ nameEn: String) {
      list.append(
        Holiday(date: CivilDate(year: y, month: month, day: day), name: name, nameEn: nameEn))
    }
    func monday(_ n: Int, of month: Int) -> Int {
      let first = CivilDate(year: y, month: month, day: 1).weekday
      return 1 + (8 - first) % 7 + 7 * (n - 1)
    }

    add(1, 1, "元日", "New Year's Day")
    add(1, y < 2000 ? 15 : monday(2, of: 1), "成人の日", "Coming of Age Day")
    if y >= 1967 { add(2, 11, "建国記念の日", "National Foundation Day") }
    if y >= 2020 { add(2, 23, "天皇誕生日", "Emperor's Birthday") }
    add(3, vernalEquinoxDay(y), "春分の日", "Vernal Equinox Day")
    switch y {
    case ..<1989: add(4, 29, "天皇誕生日", "Emperor's Birthday")
    case ..<2007: add(4, 29, "みどりの日", "Greenery Day")
    default: add(4, 29, "昭和の日", "Showa Day")
    }
    add(5, 3, "憲法記念日", "Constitution Memorial Day")
    if y >= 2007 { add(5, 4, "みどりの日", "Greenery Day") }
    add(5, 5, "こどもの日", "Children's Day")
    switch y {
    case ..<1996: break
    case ..<2003: add(7, 20, "海の日", "Marine Day")
    case 2020: add(7, 23, "海の日", "Marine Day")  // moved for the Tokyo Olympics
    case 2021: add(7, 22, "海の日", "Marine Day")
    default: add(7, monday(3, of: 7), "海の日", "Marine Day")
    }
    switch y {
    case ..<2016: break
    case 2020: add(8, 10, "山の日", "Mountain Day")
    case 2021: add(8, 8, "山の日", "Mountain Day")
    default: add(8, 11, "山の日", "Mountain Day")
    }
    switch y {
    case ..<1966: break
    case ..<2003: add(9, 15, "敬老の日", "Respect for the Aged Day")
    default: add(9, monday(3, of: 9), "敬老の日", "Respect for the Aged Day")
    }
    add(9, autumnalEquinoxDay(y), "秋分の日", "Autumnal Equinox Day")
    switch y {
    case ..<1966: break
    case ..<2000: add(10, 10, "体育の日", "Health and Sports Day")
    case ..<2019: add(10, monday(2, of: 10), "体育の日", "Health and Sports Day")
    // The 2018 amendment renaming it took effect in 2020; the Cabinet Office lists 2019 so.
    case 2019: add(10, monday(2, of: 10), "体育の日（スポーツの日）", "Health and Sports Day")
    case 2020: add(7, 24, "スポーツの日", "Sports Day")  // moved for the Tokyo Olympics
    case 2021: add(7, 23, "スポーツの日", "Sports Day")
    default: add(10, monday(2, of: 10), "スポーツの日", "Sports Day")
    }
    add(11, 3, "文化の日", "Culture Day")
    add(11, 23, "勤労感謝の日", "Labor Thanksgiving Day")
    if (1989...2018).contains(y) { add(12, 23, "天皇誕生日", "Emperor's Birthday") }

    // One-off days off by special laws. Each counts as a national holiday for the substitute
    // and citizens' holiday rules (that is what makes 2019-04-30 and 2019-05-02 days off).
    switch y {
    case 1959: add(4, 10, "結婚の儀", "Wedding Ceremony of Crown Prince Akihito")
    case 1989: add(2, 24, "大喪の礼", "Funeral Ceremony of Emperor Showa")
    case 1990: add(11, 12, "即位礼正殿の儀", "Enthronement Ceremony")
    case 1993: add(6, 9, "結婚の儀", "Wedding Ceremony of Crown Prince Naruhito")
    case 2019:
      add(5, 1, "休日（祝日扱い）", "Enthronement Day")  // 天皇の即位の日
      add(10, 22, "休日（祝日扱い）", "Enthronement Ceremony")  // 即位礼正殿の儀
    default: break
    }
    return list
  }

  /// Day of March of 春分の日 by the approximation formula (1900–2150).
  ///
  /// `int(c + 0.242194 × (y − 1980) − int((y − b) / 4))` with b = 1983 before 1980 and 1980
  /// after, and c = 20.8357 (1900–1979), 20.8431 (1980–2099), 21.8510 (2100–2150).
  /// `int` truncates toward zero (Swift's `/` on `Int` does too).
  static func vernalEquinoxDay(_ y: Int) -> Int {
    switch y {
    case ..<1980: equinoxDay(y, 20.8357, leapBase: 1983)
    case ..<2100: equinoxDay(y, 20.8431, leapBase: 1980)
    default: equinoxDay(y, 21.8510, leapBase: 1980)
    }
  }

  /// Day of September of 秋分の日 by the approximation formula (1900–2150); constants 23.2588
  /// (1900–1979), 23.2488 (1980–2099), 24.2488 (2100–2150).
  static func autumnalEquinoxDay(_ y: Int) -> Int {
    switch y {
    case ..<1980: equinoxDay(y, 23.2588, leapBase: 1983)
    case ..<2100: equinoxDay(y, 23.2488, leapBase: 1980)
    default: equinoxDay(y, 24.2488, leapBase: 1980)
    }
  }

  private static func equinoxDay(_ y: Int, _ c: Double, leapBase: Int) -> Int {
    Int(c + 0.242194 * Double(y - 1980) - Double((y - leapBase) / 4))
  }
}
