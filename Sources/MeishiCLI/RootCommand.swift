public import ArgumentParser

/// The `meishi` command.
public struct RootCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "meishi",
    abstract: "Turn a stack of business cards (meishi) into contacts and follow-ups that happen.",
    discussion: """
      Card images never leave this machine: OCR (Tesseract) and the CRM store (SQLite) are local.

      A day's work:
        meishi ingest ~/cards/2026-11-27 --event "Tokyo SaaS Expo"
        meishi review            # check low-confidence reads and possible duplicates
        meishi agenda            # who is due, overdue, coming up
      """,
    version: "0.1.0",
    subcommands: [
      ScanCommand.self, IngestCommand.self, ContactsCommand.self, ContactCommand.self,
      ReviewCommand.self, MergeCommand.self, UnmergeCommand.self, SplitCommand.self, AgendaCommand.self, StatusCommand.self, TouchCommand.self,
      PauseCommand.self, ResumeCommand.self, DoneCommand.self, SendCommand.self, HolidaysCommand.self, ConfigCommand.self,
      ImportCommand.self, ExportCommand.self, DoctorCommand.self,
    ])

  public init() {}
}

extension RootCommand {
  /// The program: makes sure OpenMP runs single-threaded, then parses and runs the command.
  public static func start() {
    OpenMPGuard.relaunchIfNeeded()
    main()
  }
}
