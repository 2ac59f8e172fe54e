import Foundation

/// Debian's libtesseract is built with OpenMP, whose default on a small machine makes
/// recognition about 5× slower; libgomp reads `OMP_THREAD_LIMIT` only when it loads, so
/// setting it from inside the process is too late. When it is unset, meishi sets it to 1 and
/// re-executes itself once (a few milliseconds), so a user who types `meishi` never pays.
///
/// meishi's executable also runs Tesseract's OpenMP regions inline (`TesseractHooks` in
/// MeishiOCR), so with the libtesseract it was built against no OpenMP thread starts either
/// way; the limit covers any region a later libtesseract might open through another entry point.
public enum OpenMPGuard {
  public static func relaunchIfNeeded() {
    guard getenv("OMP_THREAD_LIMIT") == nil else { return }
    setenv("OMP_THREAD_LIMIT", "1", 1)
    // On success execv does not return; on failure meishi goes on, only slower.
    _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
  }
}
