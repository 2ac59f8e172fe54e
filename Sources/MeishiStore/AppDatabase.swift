public import Foundation
public import GRDB

/// The local CRM store: one SQLite file (WAL) holding contacts, their cards and follow-ups.
///
/// Every write that stores a card runs in one transaction, so the store never holds half a card.
public struct AppDatabase: Sendable {
  /// The connection (a `DatabasePool` on disk, a `DatabaseQueue` in tests).
  public let writer: any DatabaseWriter
  /// Where copies of the card images are kept (`media/` beside the store file), if on disk.
  public let mediaDirectory: URL?

  /// Opens (and migrates) a store over an existing connection.
  public init(_ writer: any DatabaseWriter, mediaDirectory: URL? = nil) throws {
    self.writer = writer
    self.mediaDirectory = mediaDirectory
    // Two meishi processes opening a new store at the same moment both see no schema; the
    // second one's migration then fails ("table … already exists") after the first commits.
    // Migrating again reads the applied migrations and has nothing left to do.
    do {
      try Self.migrator.migrate(writer)
    } catch {
      try Self.migrator.migrate(writer)
    }
  }

  /// Opens the store file at `path`, creating it (mode 0600, folder 0700) when missing.
  public static func open(path: String) throws -> AppDatabase {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    let fm = FileManager.default
    do {
      if !fm.fileExists(atPath: dir) {
        try fm.createDirectory(
          atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      }
      // O_EXCL, and never FileManager.createFile: that writes a temporary file and renames it
      // over the path, which would put an empty file in the place of a store another meishi
      // process has just created and opened, cutting it off its own file (its cards lost, or
      // "no such table" on its next read).
      let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      if fd >= 0 {
        close(fd)
      } else if errno != EEXIST {
        let reason = String(cString: strerror(errno))
        throw StoreError(.cannotOpen, "cannot create the store \(path) (\(reason)); check the folder's permissions")
      }
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError(
        .cannotOpen, "cannot create the store folder \(dir): \(error.localizedDescription)")
    }
    var config = Configuration()
    config.busyMode = .timeout(10)
    config.foreignKeysEnabled = true
    config.prepareDatabase { db in
      // In WAL mode NORMAL keeps every commit atomic and the file intact after a crash or
      // kill -9; only a power cut can lose the last commits. FULL would fsync every card.
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
    // Two processes opening a new store at once: one may find the other turning the file to
    // WAL, which SQLite refuses at once with "database is locked" (the busy timeout does not
    // cover it, as waiting could deadlock). The switch takes milliseconds: try again shortly.
    var attempt = 0
    while true {
      attempt += 1
      do {
        let pool = try DatabasePool(path: path, configuration: config)
        return try AppDatabase(pool, mediaDirectory: url.deletingLastPathComponent().appendingPathComponent("media"))
      } catch let e as DatabaseError where e.resultCode == .SQLITE_BUSY && attempt < 40 {
        Thread.sleep(forTimeInterval: 0.05)
      } catch let e as DatabaseError {
        throw StoreError(
          .cannotOpen,
          "cannot open the store \(path): \(e.message ?? e.description); is it a meishi store? Use --store to pick another file"
        )
      }
    }
  }

  /// SQLite's own check of the file ("ok" when sound), and that every card and follow-up
  /// points at a contact.
  public func integrityCheck() throws -> [String] {
    try writer.read { db in
      var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
      problems += try String.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
      let orphans = try Int.fetchOne(
        db, sql: "SELECT COUNT(*) FROM contact c WHERE c.mergedIntoId IS NULL AND NOT EXISTS (SELECT 1 FROM card WHERE contactId = c.id) AND NOT EXISTS (SELECT 1 FROM auditLog WHERE action = 'import' AND detail LIKE '%' || c.uid || '%')") ?? 0
      if orphans > 0 { problems.append("\(orphans) contacts without a card") }
      return problems
    }
  }

  /// An empty store in memory, for tests.
  public static func inMemory() throws -> AppDatabase {
    var config = Configuration()
    config.foreignKeysEnabled = true
    return try AppDatabase(DatabaseQueue(configuration: config))
  }

  /// The default store path: `$XDG_DATA_HOME/meishi/meishi.sqlite`, else `~/.local/share/meishi/meishi.sqlite`.
  public static func defaultPath(environment: [String: String]) -> String {
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
      return "\(xdg)/meishi/meishi.sqlite"
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return "\(home)/.local/share/meishi/meishi.sqlite"
  }
}
