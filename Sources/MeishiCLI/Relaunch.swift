import Foundation

import MeishiOCR

/// Debian's libtesseract is built with OpenMP, whose default on a small machine makes
/// recognition about 5× slower; libgomp reads `OMP_THREAD_LIMIT` only when it loads, so
/// setting it from inside the process is too late. meishi's executable runs Tesseract's OpenMP
/// regions inline itself (``TesseractHooks``), so no OpenMP thread is ever started; only when
/// those hooks are not in effect, and the variable is unset, does meishi set it to 1 and
/// re-execute itself once (a few milliseconds), so a user who types `meishi` never pays.
public enum OpenMPGuard {
  public static func relaunchIfNeeded() {
    guard getenv("OMP_THREAD_LIMIT") == nil, !TesseractHooks.bound else { return }
    setenv("OMP_THREAD_LIMIT", "1", 1)
    // On success execv does not return; on failure meishi goes on, only slower.
    _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
  }
}
