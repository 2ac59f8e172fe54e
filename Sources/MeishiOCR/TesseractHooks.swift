import CTesseractHooks

/// Whether meishi's replacements for two of libtesseract's inner calls are in effect (see
/// Sources/CTesseractHooks/hooks.c): Tesseract's OpenMP regions run inline on the engine's
/// thread, and LSTM-only engines load without the legacy ambiguity table.
public enum TesseractHooks {
  /// True when libtesseract binds to meishi's definitions (the executable exports them).
  public static var bound: Bool { meishi_tesseract_hooks_bound() != 0 }
}
