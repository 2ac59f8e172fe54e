public import Foundation

/// Where the committed fixtures are, found from this file's location, so tests run from any
/// working directory.
public enum Fixtures {
  /// The repository's root folder.
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Fixtures/cards`.
  public static let cards: URL = root.appendingPathComponent("Fixtures/cards")

  /// A fixture file by its path under `Fixtures/`.
  public static func url(_ relative: String) -> URL {
    root.appendingPathComponent("Fixtures").appendingPathComponent(relative)
  }

  /// The truth of the sample cards, by file name.
  public static func cardTruth() throws -> [String: [String: Any]] { try truth(of: "cards") }

  /// The truth of a fixture set (`Fixtures/<set>/truth.jsonl`), by file name.
  public static func truth(of set: String) throws -> [String: [String: Any]] {
    let text = try String(contentsOf: url("\(set)/truth.jsonl"), encoding: .utf8)
    var out: [String: [String: Any]] = [:]
    for line in text.split(separator: "\n") where !line.isEmpty {
      guard let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let file = obj["file"] as? String
      else { continue }
      out[file] = obj
    }
    return out
  }

  /// A fresh empty temporary folder.
  public static func temporaryDirectory(_ name: String = "meishi-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
