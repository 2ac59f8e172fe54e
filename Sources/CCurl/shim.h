#ifndef MEISHI_CCURL_SHIM_H
#define MEISHI_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are C variadics, which Swift cannot call:
// typed wrappers, one per argument type.
static inline CURLcode ccurl_setopt_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *c, CURLoption o, const char *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode ccurl_setopt_pointer(CURL *c, CURLoption o, void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *c, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(c, o, v); }
typedef size_t (*ccurl_io_cb)(char *, size_t, size_t, void *);
static inline CURLcode ccurl_setopt_read_cb(CURL *c, ccurl_io_cb f) { return curl_easy_setopt(c, CURLOPT_READFUNCTION, f); }
static inline CURLcode ccurl_setopt_write_cb(CURL *c, ccurl_io_cb f) { return curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode ccurl_setopt_header_cb(CURL *c, ccurl_io_cb f) { return curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode ccurl_getinfo_long(CURL *c, CURLINFO i, long *v) { return curl_easy_getinfo(c, i, v); }
#endif
