#ifndef MEISHI_CTESSERACT_HOOKS_H
#define MEISHI_CTESSERACT_HOOKS_H
// Three of libtesseract's inner calls, replaced from inside meishi's executable (see hooks.c).

/// Marks the calling thread's Tesseract `Init` calls as LSTM-only until the matching `end`:
/// meanwhile the legacy engine's universal ambiguity table is not built.
void meishi_tesseract_lstm_init_begin(void);
void meishi_tesseract_lstm_init_end(void);

/// Universal ambiguity tables skipped, and loaded by libtesseract's own function, on the
/// calling thread so far.
unsigned long meishi_tesseract_skipped_ambiguity_tables(void);
unsigned long meishi_tesseract_loaded_ambiguity_tables(void);

/// Text-line images libtesseract stored uncompressed instead of as PNG, on the calling thread
/// so far.
unsigned long meishi_tesseract_lines_kept_uncompressed(void);

/// Tesseract's OpenMP regions run inline on the calling thread so far.
unsigned long meishi_openmp_inlined_regions(void);

/// 1 when the process's four `GOMP_*` functions below are meishi's, that is when the linker
/// exported them from the executable so that libtesseract binds to them; else 0.
int meishi_openmp_hooks_bound(void);

/// 1 when all three hooks are in effect: the OpenMP ones, Tesseract's `LoadUniversal` and
/// leptonica's `pixWriteMem` are meishi's, and Tesseract's `ImageData::SetPixInternal` (the
/// caller whose line images are kept uncompressed) was found; else 0.
int meishi_tesseract_hooks_bound(void);

/// The file libtesseract was loaded from (NULL if it is not loaded).
const char *meishi_tesseract_library_path(void);

// libgomp's entry points that libtesseract calls (`nm -D --undefined-only libtesseract.so.5`),
// declared for the tests.
void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);
void GOMP_parallel_sections(
    void (*fn)(void *), void *data, unsigned num_threads, unsigned count, unsigned flags);
unsigned GOMP_sections_next(void);
void GOMP_sections_end_nowait(void);

#endif
