// meishi-bench: builds synthetic stores and times the per-card dedupe-and-insert.
// Used by scripts/bench-store; not part of the meishi command.
import Foundation
import GRDB
import MeishiCore
import MeishiFollowUp
import MeishiStore

let args = CommandLine.arguments
func value(_ name: String) -> String? {
  guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
  return args[i + 1]
}
guard let storePath = value("--store"), let n = value("--contacts").flatMap(Int.init), n > 0 else {
  FileHandle.standardError.write(Data("usage: meishi-bench --store PATH --contacts N [--probe 300]\n".utf8))
  exit(2)
}
let probes = value("--probe").flatMap(Int.init) ?? 300

let families = Array("佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 上田 原 柴田 酒井 工藤 横山 宮崎 宮本 内田 高木 安藤 島田 谷口 大野 高田 丸山 今井 河野 藤本 村田 武田 上野 杉山 増田 小山 大塚 平野 菅原 久保 松井 千葉 岩崎 桜井 木下 野口 松尾 菊地 野村 新井".split(separator: " "))
let givens = Array("太郎 花子 一郎 健 翔 陽菜 結衣 大輔 直樹 美咲 拓也 彩 健太 愛 翔太 真由美 達也 恵 誠 由美 浩 明美 学 裕子 剛 智子 修 久美子 聡 直美 亮 千尋 悠 葵 蓮 湊 陽翔 結菜 凛 芽依 颯太 大和 莉子 美月 悠真 一志 瑞希 千沙 洋介 祐一".split(separator: " "))
let companyStems = Array("サクラ ミドリ ヒカリ ソラ ウミ ヤマ カワ モリ ホシ ツキ ハナ カゼ アオバ ワカバ ミライ アサヒ ユウヒ コスモ ナミキ トウヨウ".split(separator: " "))
let kinds = Array("テクノロジー 商事 電子 物流 精機 工業 製作所 システムズ 企画 デザイン".split(separator: " "))

/// Person `i`, deterministic: 100 surnames × 50 given names × 32 variants of the given name =
/// 160,000 distinct full names, drawn so that a few names repeat at 100,000 contacts (the same
/// name at another company, as in real address books), not hundreds of times.
let variants = Array("　子美也介司人斗男夫雄郎平吉治三二一和正光明信義幸弘博昭清").map { $0 == "　" ? "" : String($0) }
func person(_ i: Int) -> ContactFields {
  let variant = variants[((i &* 2_654_435_761) >> 7) % variants.count]
  let f = families[i % families.count], g = "\(givens[(i / families.count) % givens.count])\(variant)"
  let company = "株式会社\(companyStems[(i / 7) % companyStems.count])\(kinds[(i / 140) % kinds.count])\(i / 1400)"
  let domain = "c\(i / 7).example.co.jp"
  let tel = String(format: "+8135%03d%04d", (i / 7) % 1000, i % 10000)
  let mobile = String(format: "+8190%04d%04d", (i / 10000) % 10000, i % 10000)
  return ContactFields(
    name: "\(f) \(g)", familyName: String(f), givenName: String(g), company: company, title: "課長",
    emails: ["p\(i)@\(domain)"],
    phones: [Phone(kind: .tel, number: tel, raw: tel), Phone(kind: .mobile, number: mobile, raw: mobile)])
}

/// Cards met over two years, as a salesperson collects them (about 140 a day at 100k).
func card(_ i: Int, _ fields: ContactFields, sha: String) -> CardInput {
  CardInput(
    sha256: sha, path: "/bench/\(sha).png", event: "Bench Expo",
    metDate: CivilDate(year: 2025, month: 1, day: 6).adding(days: i % 700),
    ocr: OCRResult(lines: [OCRLine(text: fields.name ?? "", bbox: BoundingBox(x: 0, y: 0, width: 10, height: 10), confidence: 0.9)]),
    parsed: ParsedCard(contact: fields, confidence: ["name": 0.9, "company": 0.9, "emails": 0.95]))
}

let planner = FollowUpPlanner()
let now = Date(timeIntervalSince1970: 1_795_800_000)
try? FileManager.default.removeItem(atPath: storePath)
let db = try AppDatabase.open(path: storePath)

// 1. Build the store in batches of 1,000 cards per transaction.
let t0 = Date()
var i = 0
while i < n {
  let batch = (i..<min(n, i + 1000)).map { card($0, person($0), sha: "seed-\($0)") }
  _ = try db.ingest(batch: batch, planner: planner, now: now)
  i += 1000
}
let buildSeconds = Date().timeIntervalSince(t0)

// A store in use has a history: follow-ups due more than two weeks before the agenda date
// (2026-12-08, set by scripts/bench-store) were sent long ago, and a third of the contacts
// were touched in the last month.
let agendaDate = ISOTime.parse("2026-12-08T10:00:00+09:00")!
try db.writer.write { db in
  try db.execute(
    sql: "UPDATE followUp SET status = 'sent', completedAt = dueAt WHERE dueAt < ?",
    arguments: [agendaDate.addingTimeInterval(-14 * 86_400)])
  try db.execute(
    sql: "UPDATE contact SET lastTouchAt = ? WHERE id % 3 = 0",
    arguments: [agendaDate.addingTimeInterval(-20 * 86_400)])
}

// 2. Time single-card ingests (one transaction each, as `meishi ingest` does):
//    a third new people, a third the same person with a new card (same e-mail), a third the
//    same name at the same company with another address (review).
var times: [Double] = []
var decisions: [String: Int] = [:]
for p in 0..<probes {
  let base = (p * 7919) % n
  var f: ContactFields
  switch p % 3 {
  case 0: f = person(n + p)
  case 1:
    f = person(base)
    f.title = "部長"
  default:
    f = person(base)
    f.emails = ["other\(p)@c\(base / 7).example.co.jp"]
    f.phones = []
  }
  let start = DispatchTime.now().uptimeNanoseconds
  let r = try db.ingest(card(p, f, sha: "probe-\(p)"), planner: planner, now: now)
  times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
  decisions[r.dedupe.decision.rawValue, default: 0] += 1
}
times.sort()
let median = times[times.count / 2]
let p95 = times[min(times.count - 1, Int(Double(times.count) * 0.95))]
let json = """
  {"contacts": \(n), "build_seconds": \(String(format: "%.1f", buildSeconds)), "probes": \(probes), \
  "ingest_ms_median": \(String(format: "%.2f", median)), "ingest_ms_p95": \(String(format: "%.2f", p95)), \
  "decisions": {\(decisions.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", "))}}
  """
print(json)
