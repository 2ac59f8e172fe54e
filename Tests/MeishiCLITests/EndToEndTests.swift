import Foundation
import MeishiTestSupport
import Testing

/// Runs the built `meishi` binary, as a user would, on the fixture cards and a real store file.
@Suite(.serialized) struct EndToEndTests {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String

    var jsonLines: [[String: Any]] {
      stdout.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      }
    }
  }

  static var binary: URL {
    // The test bundle sits in the same products folder as the executable.
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [
      products.appendingPathComponent("meishi"),
      Fixtures.root.appendingPathComponent(".build/debug/meishi"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
  }

  let home: URL
  let store: String

  init() throws {
    home = try Fixtures.temporaryDirectory("e2e")
    store = home.appendingPathComponent("store/meishi.sqlite").path
  }

  func meishi(_ args: [String], env extra: [String: String] = [:], dropOMP: Bool = false) throws -> Run {
    let p = Process()
    p.executableURL = Self.binary
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env["MEISHI_STORE"] = store
    env["HOME"] = home.path
    env["MEISHI_NOW"] = "2026-11-27T19:00:00+09:00"
    if dropOMP { env.removeValue(forKey: "OMP_THREAD_LIMIT") }
    for (k, v) in extra { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  static let contactKeys: Set<String> = [
    "name", "family_name", "given_name", "name_kana", "name_latin", "company", "department",
    "title", "emails", "phones", "postal_code", "address", "urls",
  ]

  @Test func helpListsTheCommands() throws {
    let r = try meishi(["--help"])
    #expect(r.status == 0)
    for cmd in ["scan", "ingest", "contacts", "contact", "review", "merge", "split", "agenda"] {
      #expect(r.stdout.contains(cmd))
    }
  }

  @Test func scanJSONFollowsTheContract() throws {
    let r = try meishi(["scan", "--json", Fixtures.cards.path])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.jsonLines
    let truth = try Fixtures.cardTruth()
    #expect(lines.count == truth.count)
    let files = lines.compactMap { ($0["file"] as? String).map { ($0 as NSString).lastPathComponent } }
    #expect(files == truth.keys.sorted())
    var emailsRight = 0
    for line in lines {
      #expect(line["status"] as? String == "ok")
      let contact = try #require(line["contact"] as? [String: Any])
      #expect(Set(contact.keys) == Self.contactKeys)
      #expect(line["confidence"] is [String: Any])
      let ocr = try #require(line["ocr"] as? [String: Any])
      #expect(ocr["orientation"] is Int && ocr["vertical"] is Bool && ocr["mean_confidence"] is Double)
      let first = try #require((ocr["lines"] as? [[String: Any]])?.first)
      #expect((first["bbox"] as? [Int])?.count == 4)
      let name = ((line["file"] as? String).map { ($0 as NSString).lastPathComponent }) ?? ""
      let expected = (truth[name]?["contact"] as? [String: Any])?["emails"] as? [String]
      if let expected, contact["emails"] as? [String] == expected { emailsRight += 1 }
    }
    // Most fixture e-mails must come out exactly (accuracy is tracked by scripts/eval).
    #expect(emailsRight * 10 >= truth.count * 7, "only \(emailsRight) of \(truth.count) e-mails right")
    #expect(r.stderr.isEmpty || !r.stderr.contains("Error"))
  }

  /// The contact `meishi scan --json` reads from a file of Fixtures/real, and its phones as
  /// "kind number".
  func realPhoto(_ file: String) throws -> (contact: [String: Any], phones: [String]) {
    let r = try meishi(["scan", "--json", Fixtures.url("real/\(file)").path])
    #expect(r.status == 0, "\(r.stderr)")
    let c = try #require(r.jsonLines.first?["contact"] as? [String: Any])
    let phones = (c["phones"] as? [[String: Any]] ?? []).map { "\($0["kind"] ?? "") \($0["number"] ?? "")" }
    return (c, phones)
  }

  @Test func aRealPhotoOfACardOnADesk() throws {
    // Fixtures/real: a photographed sample card (fictional person, MIT), perspective and wood grain.
    let (c, phones) = try realPhoto("azure_contoso_avery_smith.jpg")
    #expect(c["name"] as? String == "Avery Smith")
    #expect(c["family_name"] as? String == "Smith")
    #expect(c["title"] as? String == "Senior Researcher")
    #expect(c["company"] as? String == "Contoso")
    #expect(c["emails"] as? [String] == ["avery.smith@contoso.com"])
    #expect(phones == ["mobile +447911123456", "tel +442098765432", "fax +442067892345"])
  }

  /// Fixtures/real: another photographed sample card (fictional person, MIT) whose company
  /// name is white lettering on a grey panel lit unevenly: lighter towards the corner where
  /// "CONTOSO" is printed (read "OSO" when only the panel's darker part was turned).
  @Test func aRealPhotoWithWhiteLetteringOnAnUnevenlyLitPanel() throws {
    let (c, phones) = try realPhoto("azure_contoso_chris_smith.jpg")
    #expect(c["company"] as? String == "CONTOSO")
    #expect(c["name"] as? String == "Chris Smith")
    #expect(c["title"] as? String == "Senior Researcher")
    #expect(c["department"] as? String == "Cloud & AI Department")
    #expect(c["emails"] as? [String] == ["chris.smith@contoso.com"])
    #expect(c["urls"] as? [String] == ["https://www.contoso.com/"])
    #expect(c["address"] as? String == "4001 1st Ave NE Redmond, WA 98052")
    #expect(phones == ["mobile +19871234567", "tel +19872135674", "fax +19873126745"])
  }

  /// A photo with a sheet of paper beside the card: one card, the warning about the shape left
  /// out, and the phone number as read, not as OCR's slips spelt it ("O279~-87-9139").
  @Test func aShapeLeftOutIsWarnedOfAndASlippedNumberShownAsRead() throws {
    let r = try meishi(["scan", Fixtures.url("ocr/30-sheet-beside-card.jpg").path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("s.yoshihara@aoba.example.co.jp · tel +81279879139"), "\(r.stdout)")
    #expect(r.stdout.contains("nothing was read on shape 1 of 2 found"), "\(r.stdout)")
    #expect(r.stdout.contains("1 read, 0 failed"), "\(r.stdout)")
  }

  @Test func badInputGetsErrorLinesAndExitStatus1() throws {
    let dir = home.appendingPathComponent("bad")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Fixtures.url("cards/01-sakura-classic.png"), to: dir.appendingPathComponent("1-good.png"))
    try Data().write(to: dir.appendingPathComponent("2-zero.jpg"))
    let jpeg = try Data(contentsOf: Fixtures.url("cards/13-hikari-classic.jpg"))
    try jpeg.prefix(jpeg.count / 3).write(to: dir.appendingPathComponent("3-truncated.jpg"))
    try Data("meeting notes\n".utf8).write(to: dir.appendingPathComponent("4-notes.png"))
    // A card-sized white image: decodes, but no text is on it (a blank back, a lens cap on).
    try Self.whiteBMP(width: 1050, height: 600).write(to: dir.appendingPathComponent("5-blank.bmp"))
    let missing = home.appendingPathComponent("nope.png").path
    let r = try meishi(["ingest", "--json", dir.path, missing])
    #expect(r.status == 1)
    let lines = r.jsonLines
    #expect(lines.map { $0["status"] as? String } == ["ok", "error", "error", "error", "error", "error"])
    for line in lines.dropFirst() {
      let file = try #require(line["file"] as? String)
      #expect((line["error"] as? String)?.contains(file) == true)
      #expect(line["contact"] == nil)
    }
    #expect((lines[1]["error"] as? String)?.contains("empty") == true)
    #expect((lines[2]["error"] as? String)?.contains("truncated") == true)
    #expect((lines[3]["error"] as? String)?.contains("not an image") == true)
    #expect((lines[4]["error"] as? String)?.contains("no text found on the card") == true)
    // The good card was stored; nothing of the bad ones.
    let contacts = try meishi(["contacts", "--json"])
    #expect(contacts.jsonLines.count == 1)
  }

  /// An uncompressed 24-bit BMP, white all over.
  static func whiteBMP(width: Int, height: Int) -> Data {
    let row = (width * 3 + 3) / 4 * 4
    var d = Data()
    func le(_ v: Int, _ n: Int) { for i in 0..<n { d.append(UInt8((v >> (8 * i)) & 0xFF)) } }
    d.append(contentsOf: Array("BM".utf8))
    le(54 + row * height, 4); le(0, 4); le(54, 4)
    le(40, 4); le(width, 4); le(height, 4); le(1, 2); le(24, 2); le(0, 4); le(row * height, 4)
    le(2835, 4); le(2835, 4); le(0, 4); le(0, 4)
    d.append(Data(repeating: 0xFF, count: row * height))
    return d
  }

  @Test func anUnreadableFileIsNamedAndTheBatchGoesOn() throws {
    // The card belongs to root with mode 0600; meishi runs as an ordinary user. As root (CI),
    // the process drops to user nobody with setpriv, since root reads any file.
    let dir = URL(fileURLWithPath: "/tmp").appendingPathComponent("meishi-unreadable-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    defer { try? FileManager.default.removeItem(at: dir) }
    let locked = dir.appendingPathComponent("a-locked.png")
    let open = dir.appendingPathComponent("b-open.png")
    // (The binary's copy, "meishi", is not an image, so the folder scan skips it.)
    try FileManager.default.copyItem(at: Fixtures.url("cards/01-sakura-classic.png"), to: locked)
    try FileManager.default.copyItem(at: Fixtures.url("cards/09-kitsune-english.png"), to: open)
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open.path)
    // A copy of the binary where user nobody can run it (the build folder may be under /root).
    let binary = dir.appendingPathComponent("meishi")
    try FileManager.default.copyItem(at: Self.binary, to: binary)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
    let p = Process()
    if getuid() == 0 {
      p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      p.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path, "scan", "--json", dir.path]
    } else {
      p.executableURL = Self.binary
      p.arguments = ["scan", "--json", dir.path]
    }
    var env = ProcessInfo.processInfo.environment
    env["HOME"] = dir.path
    p.environment = env
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(p.terminationStatus == 1)
    #expect(lines.map { $0["status"] as? String } == ["error", "ok"])
    let message = lines.first?["error"] as? String ?? ""
    #expect(message.contains(locked.path) && message.contains("cannot be read"), "\(message)")
  }

  @Test func ingestQueuesIntroThenRecognisesTheSameImage() throws {
    let card = Fixtures.url("cards/01-sakura-classic.png").path
    let first = try meishi(["ingest", "--json", card, "--event", "Tokyo Expo", "--met", "2026-11-20"])
    #expect(first.status == 0, "\(first.stderr)")
    let line = try #require(first.jsonLines.first)
    let dedupe = try #require(line["dedupe"] as? [String: Any])
    #expect(dedupe["decision"] as? String == "new")
    let uid = try #require(dedupe["contact_uid"] as? String)
    let followups = try #require(line["followups"] as? [[String: Any]])
    // Met on Friday 20 Nov 2026; Monday 23rd is 勤労感謝の日.
    #expect(followups.first?["kind"] as? String == "intro_email")
    #expect(followups.first?["due"] as? String == "2026-11-24T09:30:00+09:00")

    let again = try meishi(["ingest", "--json", card])
    let d2 = try #require(again.jsonLines.first?["dedupe"] as? [String: Any])
    #expect(d2["decision"] as? String == "unchanged")
    #expect(d2["contact_uid"] as? String == uid)

    let detail = try meishi(["contact", uid])
    #expect(detail.status == 0)
    #expect(detail.stdout.contains("Tokyo Expo"))
    #expect(detail.stdout.contains("intro_email"))

    // The agenda on 27 Nov shows the intro as overdue.
    let agenda = try meishi(["agenda", "--json"])
    let item = try #require(agenda.jsonLines.first)
    #expect(item["bucket"] as? String == "overdue")
    #expect(item["contact_uid"] as? String == uid)
    let human = try meishi(["agenda"])
    #expect(human.stdout.contains("Overdue (1)"))

    // The store file is private.
    let attrs = try FileManager.default.attributesOfItem(atPath: store)
    #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
  }

  @Test func reviewShowsHowToSettleAndSetCorrectsAField() throws {
    let card = Fixtures.url("cards/01-sakura-classic.png").path
    let r = try meishi(["ingest", "--json", card])
    let uid = try #require((r.jsonLines.first?["dedupe"] as? [String: Any])?["contact_uid"] as? String)
    let set = try meishi(["contact", uid, "--set", "title=本部長", "--json"])
    #expect(set.status == 0, "\(set.stderr)")
    let obj = try #require(set.jsonLines.first?["contact"] as? [String: Any])
    #expect(obj["title"] as? String == "本部長")
    let bad = try meishi(["contact", uid, "--set", "colour=blue"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("cannot be set"))
    let review = try meishi(["review"])
    #expect(review.status == 0)
  }

  /// Two photos of one person's card: ingest merges the second; `split` makes it a contact of
  /// its own again (with its intro e-mail), once.
  @Test func splitUndoesAMergeMadeAtIngest() throws {
    let first = Fixtures.url("photos/01-wood-cosmos.jpg").path
    let second = Fixtures.url("photos/34-exif6-wrong-cosmos.jpg").path
    let r = try meishi(["ingest", "--json", first])
    #expect(r.status == 0, "\(r.stderr)")
    #expect((r.jsonLines.first?["dedupe"] as? [String: Any])?["decision"] as? String == "new")
    // The merge is shown with the command that undoes it.
    let merged = try meishi(["ingest", second])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout.contains("merged "), "\(merged.stdout)")
    #expect(merged.stdout.contains("meishi split \(second)"), "\(merged.stdout)")
    let split = try meishi(["split", second])
    #expect(split.status == 0, "\(split.stderr)")
    #expect(split.stdout.contains("split into"))
    #expect(split.stdout.contains("intro_email"))
    let contacts = try meishi(["contacts", "--json"])
    #expect(contacts.jsonLines.count == 2)
    let again = try meishi(["split", second])
    #expect(again.status != 0)
    #expect(again.stderr.contains("was not merged"))
  }

  /// The binary runs Tesseract's OpenMP regions inline, and sets OMP_THREAD_LIMIT=1 for any
  /// other region when the user has not.
  @Test func binaryRunsTesseractWithOneOpenMPThread() throws {
    let r = try meishi(["doctor", "--json"], dropOMP: true)
    let obj = try #require(r.jsonLines.first)
    #expect(obj["openmp_inline"] as? Bool == true)
    #expect(obj["omp_thread_limit"] as? String == "1")
    #expect(r.status == 0, "\(r.stdout)")
  }

  @Test func brokenStoreIsAClearError() throws {
    try FileManager.default.createDirectory(atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data("not sqlite at all, definitely not".utf8).write(to: URL(fileURLWithPath: store))
    let r = try meishi(["contacts"])
    #expect(r.status != 0)
    #expect(r.stderr.contains(store))
  }

  @Test func holidaysListsAYear() throws {
    let r = try meishi(["holidays", "2026", "--json"])
    #expect(r.status == 0)
    let lines = r.jsonLines
    #expect(lines.count == 18)
    #expect(lines.first?["date"] as? String == "2026-01-01")
    #expect(lines.first?["name"] as? String == "元日")
    #expect(lines.first?["name_en"] as? String == "New Year's Day")
    #expect(lines.contains { $0["date"] as? String == "2026-09-22" && $0["name"] as? String == "休日" })
    let bad = try meishi(["holidays", "1900"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("1948"))
  }

  @Test func exportImportRoundTripsThroughVCardAndCSV() throws {
    let ingest = try meishi(["ingest", Fixtures.url("cards/01-sakura-classic.png").path, Fixtures.url("cards/09-kitsune-english.png").path])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    for format in ["vcard", "vcard3", "google-csv", "csv"] {
      let file = home.appendingPathComponent("export.\(format)").path
      let exported = try meishi(["export", "--format", format, "--output", file])
      #expect(exported.status == 0, "\(exported.stderr)")
      // Into an empty store: the same contacts with the same uids come out again.
      let other = home.appendingPathComponent("other-\(format).sqlite").path
      let imported = try meishi(["import", file, "--format", format.hasPrefix("vcard") ? "vcard" : "csv", "--json"], env: ["MEISHI_STORE": other])
      #expect(imported.status == 0, "\(imported.stderr)")
      #expect(imported.jsonLines.map { $0["decision"] as? String } == ["new", "new"])
      let again = try meishi(["export", "--format", format], env: ["MEISHI_STORE": other])
      #expect(again.stdout == (try String(contentsOfFile: file, encoding: .utf8)), "\(format)")
      // Into the same store: nothing changes.
      let same = try meishi(["import", file, "--format", format.hasPrefix("vcard") ? "vcard" : "csv", "--json"])
      #expect(same.jsonLines.map { $0["decision"] as? String } == ["unchanged", "unchanged"], "\(format)")
    }
  }

  @Test func importDedupesAgainstCards() throws {
    _ = try meishi(["ingest", Fixtures.url("cards/01-sakura-classic.png").path])
    let vcf = home.appendingPathComponent("book.vcf")
    try Data(
      """
      BEGIN:VCARD\r
      VERSION:3.0\r
      UID:abook-1\r
      N:井上;一志;;;\r
      FN:井上 一志\r
      EMAIL;TYPE=WORK:k.inoue@sakura-tech.example.co.jp\r
      TEL;TYPE=CELL:090-1111-2222\r
      END:VCARD\r
      BEGIN:VCARD\r
      VERSION:3.0\r
      UID:abook-2\r
      N:Doe;Jane;;;\r
      FN:Jane Doe\r
      EMAIL:jane@acme.example\r
      END:VCARD\r

      """.utf8
    ).write(to: vcf)
    let r = try meishi(["import", vcf.path, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.jsonLines.map { $0["decision"] as? String } == ["merged", "new"])
    #expect(r.jsonLines.last?["contact_uid"] as? String == "abook-2")
    let merged = try #require(r.jsonLines.first?["contact_uid"] as? String)
    let detail = try meishi(["contact", merged, "--json"])
    let phones = (detail.jsonLines.first?["contact"] as? [String: Any])?["phones"] as? [[String: Any]]
    #expect(phones?.contains { $0["number"] as? String == "+819011112222" } == true)
    // No e-mail is queued for an imported acquaintance.
    let agenda = try meishi(["agenda", "--json"])
    #expect(agenda.jsonLines.allSatisfy { $0["contact_uid"] as? String != "abook-2" })
    let search = try meishi(["contacts", "search", "Jane", "--json"])
    #expect(search.jsonLines.map { $0["uid"] as? String } == ["abook-2"])
  }

  @Test func sendWritesTheIntroOnceAndTheCadenceGoesOn() throws {
    let config = home.appendingPathComponent("config.toml")
    try Data(
      """
      [sender]
      name = "佐藤 花子"
      company = "株式会社ミナト商事"
      email = "hanako@minato.example"
      address = "〒105-0011 東京都港区芝公園1-2-3"

      [cadence]
      steps = [{ kind = "intro_email", after_business_days = 1 }, { kind = "call", channel = "call", after_business_days = 2 }]
      """.utf8
    ).write(to: config)
    let env = ["MEISHI_CONFIG": config.path]
    let ingest = try meishi(["ingest", "--json", Fixtures.url("cards/01-sakura-classic.png").path, "--event", "東京SaaSエキスポ"], env: env)
    let uid = try #require((ingest.jsonLines.first?["dedupe"] as? [String: Any])?["contact_uid"] as? String)
    let outbox = home.appendingPathComponent("outbox")
    // Friday evening: nothing is due yet.
    let early = try meishi(["send", "--outbox", outbox.path], env: env)
    #expect(early.stdout.contains("Nothing due"))
    // Monday 09:40 in Tokyo: the intro goes out, once.
    let monday = env.merging(["MEISHI_NOW": "2026-11-30T09:40:00+09:00"]) { $1 }
    let dry = try meishi(["send", "--dry-run"], env: monday)
    #expect(dry.stdout.contains("Subject: 【御礼】東京SaaSエキスポでのご挨拶"))
    #expect(dry.stdout.contains("様"))
    let sent = try meishi(["send", "--outbox", outbox.path, "--json"], env: monday)
    #expect(sent.status == 0, "\(sent.stderr)")
    #expect(sent.jsonLines.map { $0["result"] as? String } == ["sent"])
    let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }
    #expect(files.count == 1)
    let again = try meishi(["send", "--outbox", outbox.path, "--json"], env: monday)
    #expect(again.jsonLines.isEmpty)
    // The next step is a call two business days later, in the agenda and the .ics file.
    let ics = home.appendingPathComponent("agenda.ics").path
    let agenda = try meishi(["agenda", "--json", "--ics", ics], env: monday)
    let call = try #require(agenda.jsonLines.first { $0["kind"] as? String == "call" })
    #expect(call["due"] as? String == "2026-12-02T09:30:00+09:00")
    #expect(try String(contentsOfFile: ics, encoding: .utf8).contains("BEGIN:VTODO"))
    // Won: the kickoff checklist is due at once.
    let won = try meishi(["status", uid, "won"], env: monday)
    #expect(won.status == 0, "\(won.stderr)")
    #expect(won.stdout.contains("kickoff"))
  }

  @Test func sendRefusesWithoutTheSenderTheLawRequires() throws {
    let r = try meishi(["send", "--dry-run"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("[sender]"))
  }

  @Test func aBrokenConfigNamesTheFileAndLine() throws {
    let config = home.appendingPathComponent("bad.toml")
    try Data("[calendar]\nwindows = [\"9-5\"\n".utf8).write(to: config)
    let r = try meishi(["agenda"], env: ["MEISHI_CONFIG": config.path])
    #expect(r.status != 0)
    #expect(r.stderr.contains(config.path))
  }

  @Test func badMetDateIsAUsageError() throws {
    let r = try meishi(["ingest", Fixtures.cards.path, "--met", "yesterday"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("--met"))
  }
}
