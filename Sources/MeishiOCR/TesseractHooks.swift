import CTesseractHooks

/// Whether meishi's replacements for three of libtesseract's inner calls are in effect (see
/// Sources/CTesseractHooks/hooks.c): Tesseract's OpenMP regions run inline on the engine's
/// thread, LSTM-only engines load without the legacy ambiguity table, and the line images
/// Tesseract keeps in memory are not compressed to PNG.
public enum TesseractHooks {
  /// True when libtesseract binds to meishi's definitions (the executable exports them).
  public static var bound: Bool { meishi_tesseract_hooks_bound() != 0 }

  /// True when Tesseract's OpenMP regions run inline (the four OpenMP hooks are bound).
  public static var openMPInline: Bool { meishi_openmp_hooks_bound() != 0 }
}
