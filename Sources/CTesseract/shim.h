#ifndef MEISHI_CTESSERACT_SHIM_H
#define MEISHI_CTESSERACT_SHIM_H
// One module for both libraries so that `struct Pix` is one type for both APIs
// (see docs/architecture.md and the team's tech notes, section 1).
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
#endif
