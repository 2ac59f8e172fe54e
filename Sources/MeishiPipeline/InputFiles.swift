import Foundation
import MeishiOCR

/// One path to process, or the reason it cannot be.
public struct InputFile: Sendable, Equatable {
  /// The path as given (or as found in a given folder).
  public var path: String
  /// Set when the path cannot be processed at all (a missing file, an unreadable folder).
  public var problem: String?
}

/// Turns the paths a person typed into the list of images to read.
public enum InputFiles {
  /// Expands folders to their image files sorted by name (not recursing); keeps files as given.
  /// A missing path or an unreadable folder becomes an entry with a `problem`, so the batch goes on.
  public static func expand(_ paths: [String]) -> [InputFile] {
    var out: [InputFile] = []
    let fm = FileManager.default
    for p in paths {
      var isDir: ObjCBool = false
      guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
        out.append(InputFile(path: p, problem: "\(p): no such file or folder; check the path"))
        continue
      }
      guard isDir.boolValue else {
        out.append(InputFile(path: p, problem: nil))
        continue
      }
      guard let names = try? fm.contentsOfDirectory(atPath: p) else {
        out.append(
          InputFile(path: p, problem: "\(p): the folder cannot be read (permission denied?); check its permissions"))
        continue
      }
      let images = names.filter { name in
        !name.hasPrefix(".")
          && ImageFormat.fileExtensions.contains((name as NSString).pathExtension.lowercased())
      }.sorted()
      let base = p.hasSuffix("/") ? String(p.dropLast()) : p
      out.append(contentsOf: images.map { InputFile(path: "\(base)/\($0)", problem: nil) })
    }
    return out
  }
}
