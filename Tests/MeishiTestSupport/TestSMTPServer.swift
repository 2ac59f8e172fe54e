public import Foundation

/// The test SMTP server could not start.
public struct SMTPServerError: Error, CustomStringConvertible {
  public var description: String
}

/// The scripted loopback SMTP server of `scripts/testing/smtp-server.py`, one per test.
/// It exits when this object closes its standard input (or by itself after being idle).
public final class TestSMTPServer {
  static let script = Fixtures.root.appendingPathComponent("scripts/testing/smtp-server.py")

  public let port: Int
  public let directory: URL
  public let log: URL
  private let process: Process
  private let stdin: Pipe

  public init(_ arguments: [String] = []) throws {
    directory = try Fixtures.temporaryDirectory("meishi-smtp")
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments =
      [
        Self.script.path, directory.path, "--until-stdin-closes", "--idle", "30", "--lifetime",
        "120",
      ]
      + arguments
    stdin = Pipe()
    let out = Pipe()
    // The server's log goes to a file: a pipe nobody reads could fill up and block it.
    log = directory.appendingPathComponent("server.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let err = try FileHandle(forWritingTo: log)
    process.standardInput = stdin
    process.standardOutput = out
    process.standardError = err
    try process.run()
    try? err.close()
    // The first line is `PORT n`.
    var line = Data()
    let reader = out.fileHandleForReading
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self)
    guard text.hasPrefix("PORT "),
      let port = Int(text.dropFirst(5).prefix(while: { $0.isNumber }))
    else {
      process.terminate()
      process.waitUntilExit()
      let errText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      throw SMTPServerError(description: 
        "The test SMTP server did not start (is python3-aiosmtpd installed? "
          + "apt-get install -y python3-aiosmtpd): \(text) \(errText)")
    }
    self.port = port
  }

  /// Stops the server and waits for it to exit.
  public func stop() {
    try? stdin.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  deinit {
    if process.isRunning {
      try? stdin.fileHandleForWriting.close()
      process.terminate()
    }
    try? FileManager.default.removeItem(at: directory)
  }

  /// The messages saved so far, in order.
  public func savedMessages() throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "eml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  /// The envelope saved beside a message.
  public func envelope(of message: URL) throws -> [String: Any] {
    let json = message.deletingPathExtension().appendingPathExtension("json")
    return try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] ?? [:]
  }
}
