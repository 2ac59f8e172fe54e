// Three of libtesseract's inner calls, replaced by definitions in meishi's executable.
//
// libtesseract calls these through its PLT, and the dynamic linker binds a call to the first
// definition in the process's lookup order, which is the executable's once the executable
// exports it: the linker does so by itself for LoadUniversal and pixWriteMem (a shared library
// on the link line refers to each; the executable's definition preempts the library's), and
// Package.swift asks it to for the GOMP ones (libtesseract refers to them with a version,
// GOMP_parallel@GOMP_4.0, which an unversioned definition does not match at link time).
// Nothing else in meishi's process uses OpenMP (libleptonica does not; `nm -D` on both
// libraries; a test pins libtesseract's imports).
//
// 1. Tesseract's OpenMP regions (`#pragma omp parallel for` over the LSTM gates, and
//    `parallel sections`) run inline on the calling thread. meishi runs one engine per core
//    and one thread per engine, so libgomp would make a team of one thread for each region,
//    and close it with a futex wake: about 350,000 system calls to read the 18 sample cards,
//    a tenth of a second of CPU. Run inline, a region is what a team of one does: the body
//    once, with omp_get_num_threads() = 1 and omp_get_thread_num() = 0, which libgomp answers
//    outside a region. No OpenMP thread is ever started, whatever OMP_THREAD_LIMIT says.
//
// 2. `UnicharAmbigs::LoadUniversal` builds the legacy engine's table of ambiguous characters
//    (a few thousand rules, matched against the model's character set) whenever a model is
//    loaded, whatever the engine mode: two thirds of the time and about 9 MB of each model
//    load. An LSTM-only engine never reads that table (in Tesseract 5 only the legacy
//    classifier and its dictionary checks do), so while meishi loads one it is skipped;
//    any other load (OSD, which is a legacy model) gets the real table. Checked: the text of
//    every fixture image is byte for byte the same with and without the table.
//
// 3. libtesseract keeps each text line it hands to the LSTM as an image encoded in memory
//    (tesseract::ImageData::SetPixInternal, a format meant for training files) and decodes
//    it again straight away (GetPixInternal): PNG, so every line is deflated and inflated, a
//    twentieth of the CPU time on photos. When SetPixInternal asks leptonica's pixWriteMem for
//    PNG, it gets leptonica's own uncompressed serialisation (spix) instead, which pixReadMem
//    reads back to the same pixels, depth and colour map. (spix drops the resolution, and reads
//    four samples per pixel back as three; Tesseract's line scaling uses neither. Upstream
//    Tesseract has a build option, TESSERACT_IMAGEDATA_AS_PIX, that skips the encoding
//    altogether; Debian's build does not set it.) Any other caller of pixWriteMem, in
//    libtesseract (its debug viewer) or elsewhere, gets what it asks for.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <link.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "CTesseractHooks.h"

// --- OpenMP ----------------------------------------------------------------------------------

static __thread unsigned long inlined_regions;
// The `parallel sections` region running on this thread: next section, and how many.
static __thread unsigned section_next, section_count;

void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags) {
  (void)num_threads;
  (void)flags;
  inlined_regions++;
  fn(data);
}

void GOMP_parallel_sections(
    void (*fn)(void *), void *data, unsigned num_threads, unsigned count, unsigned flags) {
  (void)num_threads;
  (void)flags;
  inlined_regions++;
  // A region may open inside another one's section: the outer one goes on afterwards.
  unsigned outer_next = section_next, outer_count = section_count;
  section_next = 1;
  section_count = count;
  fn(data);
  section_next = outer_next;
  section_count = outer_count;
}

// The body asks for section numbers 1, 2, … until it gets 0.
unsigned GOMP_sections_next(void) { return section_next <= section_count ? section_next++ : 0; }

void GOMP_sections_end_nowait(void) {}

unsigned long meishi_openmp_inlined_regions(void) { return inlined_regions; }

// --- The universal ambiguity table -----------------------------------------------------------

#define LOAD_UNIVERSAL "_ZN9tesseract13UnicharAmbigs13LoadUniversalERKNS_10UNICHARSETEPS1_"

static __thread int lstm_only_init;
static __thread unsigned long skipped_tables, loaded_tables;

void meishi_tesseract_lstm_init_begin(void) { lstm_only_init = 1; }
void meishi_tesseract_lstm_init_end(void) { lstm_only_init = 0; }
unsigned long meishi_tesseract_skipped_ambiguity_tables(void) { return skipped_tables; }
unsigned long meishi_tesseract_loaded_ambiguity_tables(void) { return loaded_tables; }

typedef void (*load_universal_fn)(void *self, const void *encoder_set, void *unicharset);

// tesseract::UnicharAmbigs::LoadUniversal(const UNICHARSET &encoder_set, UNICHARSET *unicharset),
// a non-virtual member function returning void: `this` comes first, as in a plain C call.
void _ZN9tesseract13UnicharAmbigs13LoadUniversalERKNS_10UNICHARSETEPS1_(
    void *self, const void *encoder_set, void *unicharset) {
  if (lstm_only_init) {
    skipped_tables++;
    return;
  }
  // Any other load gets libtesseract's own function, the next definition after this one.
  load_universal_fn real = (load_universal_fn)dlsym(RTLD_NEXT, LOAD_UNIVERSAL);
  if (real == NULL) {
    fputs("meishi: Tesseract's LoadUniversal was not found; a legacy model loads without its ambiguity table\n", stderr);
    return;
  }
  loaded_tables++;
  real(self, encoder_set, unicharset);
}

// --- Line images kept uncompressed ----------------------------------------------------------

#define SET_PIX_INTERNAL "_ZN9tesseract9ImageData14SetPixInternalENS_5ImageEPSt6vectorIcSaIcEE"

typedef l_ok (*pix_write_mem_fn)(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format);

static pix_write_mem_fn real_pix_write_mem;
// Where tesseract::ImageData::SetPixInternal's code lies (0, 0 when it cannot be found).
static uintptr_t set_pix_start, set_pix_end;
static pthread_once_t line_images_once = PTHREAD_ONCE_INIT;

static void find_line_images_functions(void) {
  real_pix_write_mem = (pix_write_mem_fn)dlsym(RTLD_NEXT, "pixWriteMem");
  void *set_pix = dlsym(RTLD_DEFAULT, SET_PIX_INTERNAL);
  Dl_info info;
  const ElfW(Sym) *symbol = NULL;
  if (set_pix != NULL && dladdr1(set_pix, &info, (void **)&symbol, RTLD_DL_SYMENT) != 0
      && symbol != NULL && symbol->st_size > 0) {
    set_pix_start = (uintptr_t)set_pix;
    set_pix_end = set_pix_start + symbol->st_size;
  }
}

static __thread unsigned long lines_kept_raw;
unsigned long meishi_tesseract_lines_kept_uncompressed(void) { return lines_kept_raw; }

l_ok pixWriteMem(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format) {
  pthread_once(&line_images_once, find_line_images_functions);
  if (real_pix_write_mem == NULL) {  // meishi links leptonica: not expected
    if (pdata != NULL) *pdata = NULL;
    if (psize != NULL) *psize = 0;
    return 1;
  }
  // SetPixInternal calls through libtesseract's PLT, which jumps here: the return address is
  // inside SetPixInternal.
  uintptr_t caller = (uintptr_t)__builtin_return_address(0);
  int line_image = format == IFF_PNG && caller >= set_pix_start && caller < set_pix_end;
  l_ok status = real_pix_write_mem(pdata, psize, pix, line_image ? IFF_SPIX : format);
  if (line_image && status == 0) lines_kept_raw++;
  return status;
}

// --- Whether libtesseract binds to them ------------------------------------------------------

// The OpenMP hooks pair with each other (a section loop needs both sections calls): all or none.
int meishi_openmp_hooks_bound(void) {
  return dlsym(RTLD_DEFAULT, "GOMP_parallel") == (void *)GOMP_parallel
      && dlsym(RTLD_DEFAULT, "GOMP_parallel_sections") == (void *)GOMP_parallel_sections
      && dlsym(RTLD_DEFAULT, "GOMP_sections_next") == (void *)GOMP_sections_next
      && dlsym(RTLD_DEFAULT, "GOMP_sections_end_nowait") == (void *)GOMP_sections_end_nowait;
}

int meishi_tesseract_hooks_bound(void) {
  pthread_once(&line_images_once, find_line_images_functions);
  return meishi_openmp_hooks_bound()
      && dlsym(RTLD_DEFAULT, LOAD_UNIVERSAL)
             == (void *)_ZN9tesseract13UnicharAmbigs13LoadUniversalERKNS_10UNICHARSETEPS1_
      && dlsym(RTLD_DEFAULT, "pixWriteMem") == (void *)pixWriteMem && set_pix_end > set_pix_start;
}

const char *meishi_tesseract_library_path(void) {
  Dl_info info;
  void *create = dlsym(RTLD_DEFAULT, "TessBaseAPICreate");
  return create != NULL && dladdr(create, &info) != 0 ? info.dli_fname : NULL;
}
