import Foundation
import MeishiConfig
import MeishiTestSupport
import Testing

@Suite struct TOMLTests {
  @Test func readsTablesArraysAndInlineTables() throws {
    let t = try TOML.parse(
      """
      # comment
      title = "名刺" # trailing comment
      [smtp]
      host = 'smtp.example.jp'
      port = 5_87
      tls = false
      [a.b]
      c = [1, 2,
        3,]   # multi-line, trailing comma
      d = { x = 1.5, y = "z" }
      [[steps]]
      kind = "one"
      [[steps]]
      kind = "two"
      when = 2026-12-28
      """)
    #expect(t["title"] == .string("名刺"))
    #expect(t["smtp"]?["host"]?.string == "smtp.example.jp")
    #expect(t["smtp"]?["port"]?.integer == 587)
    #expect(t["smtp"]?["tls"]?.boolean == false)
    #expect(t["a"]?["b"]?["c"] == .array([.integer(1), .integer(2), .integer(3)]))
    #expect(t["a"]?["b"]?["d"]?["x"]?.double == 1.5)
    #expect(t["steps"]?.array?.compactMap { $0["kind"]?.string } == ["one", "two"])
    #expect(t["steps"]?.array?.last?["when"]?.string == "2026-12-28")
  }

  @Test func stringsAndEscapes() throws {
    let t = try TOML.parse(
      #"""
      a = "tab\there \u3042 \"q\""
      b = 'C:\no\escape'
      c = """
      line one
      line two"""
      d = '''raw ''lit'''
      e = """a\
          b"""
      "quoted key" = 1
      x.y = 2
      """#)
    #expect(t["a"]?.string == "tab\there あ \"q\"")
    #expect(t["b"]?.string == #"C:\no\escape"#)
    #expect(t["c"]?.string == "line one\nline two")
    #expect(t["d"]?.string == "raw ''lit")
    #expect(t["e"]?.string == "ab")
    #expect(t["quoted key"]?.integer == 1)
    #expect(t["x"]?["y"]?.integer == 2)
  }

  @Test(arguments: [
    ("a = ", 1), ("a = 1\na = 2", 2), ("[t]\n[t]", 2), ("a = \"open", 1), ("a = bare", 1),
    ("a = [1, 2", 1), ("a = 1 b = 2", 1),
  ])
  func errorsNameTheLine(text: String, line: Int) {
    do {
      _ = try TOML.parse(text)
      Issue.record("expected an error for \(text)")
    } catch {
      #expect(error.line == line, "\(error)")
    }
  }
}

@Suite struct ConfigTests {
  @Test func theDocumentedDefaultParsesToTheDefaults() throws {
    #expect(try Config.parse(Config.defaultText) == Config())
  }

  @Test func readsEverySection() throws {
    let c = try Config.parse(
      """
      [sender]
      name = "佐藤 花子"
      email = "hanako@example.co.jp"
      [smtp]
      host = "127.0.0.1"
      port = 2525
      security = "none"
      [calendar]
      windows = ["10:00-12:00"]
      company_holidays = ["2026-12-28"]
      year_end_closed = false
      [cadence]
      steps = [{ kind = "intro_email", after_business_days = 2 }, { kind = "call", channel = "call", after_business_days = 3 }]
      keep_in_touch_days = 0
      [kickoff]
      tasks = [{ title = "Kickoff", within_business_days = 2 }]
      """)
    #expect(c.sender.name == "佐藤 花子")
    #expect(c.smtp.port == 2525 && c.smtp.security == .none)
    #expect(c.windows == [600...720])
    #expect(c.companyHolidays == ["2026-12-28"])
    #expect(c.yearEndClosed == false)
    #expect(c.steps == [
      .init(kind: "intro_email", channel: .email, afterBusinessDays: 2),
      .init(kind: "call", channel: .call, afterBusinessDays: 3),
    ])
    #expect(c.keepInTouchDays == 0)
    #expect(c.kickoff == [.init(title: "Kickoff", withinBusinessDays: 2)])
  }

  @Test(arguments: [
    ("[smtp]\nsecurity = \"ssl\"", "smtp.security"),
    ("[smtp]\npassword = \"x\"", "MEISHI_SMTP_PASSWORD"),
    ("[calendar]\nwindows = [\"9-11\"]", "calendar.windows"),
    ("[calendar]\ntime_zone = \"Mars/Base\"", "Mars/Base"),
    ("[cadence]\nsteps = [{ after_business_days = 1 }]", "kind"),
    ("[mystery]\nx = 1", "mystery"),
    ("[sender]\nemial = \"x@example.jp\"", "emial"),
    ("[calendar]\ncompany_holidays = [\"2026-13-45\"]", "company_holidays"),
  ])
  func badValuesSayWhatIsWrong(text: String, words: String) {
    do {
      _ = try Config.parse(text)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".contains(words), "\(error)")
    }
  }

  @Test func aBrokenFileNamesItselfAndTheLine() throws {
    let dir = try Fixtures.temporaryDirectory("config")
    let path = dir.appendingPathComponent("config.toml").path
    try Data("[sender]\nname = \"unterminated\n".utf8).write(to: URL(fileURLWithPath: path))
    do {
      _ = try Config.load(path: path)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".contains(path))
      #expect("\(error)".contains("line 2"))
    }
    #expect(try Config.load(path: dir.appendingPathComponent("missing.toml").path) == Config())
  }
}
