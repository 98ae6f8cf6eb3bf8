/* util.h — small helpers shared by the library: an arena allocator, a
 * growable string buffer and UTF-8 routines. */
#ifndef XXGK_UTIL_H
#define XXGK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define XXGK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define XXGK_PRINTF(f, a)
/* Write data to path through a temporary file in the same folder, synced
 * and renamed over path: a reader (or a killed process) never sees half a
 * file.  An existing path that is not a regular file (a device, a folder,
 * a fifo) is refused, not replaced.  Returns 0, or -1 with *why (static
 * text, may be NULL) saying what failed. */
int xxgk_write_file_atomic(const char *path, const char *data, size_t len);
int xxgk_write_file_atomic_why(const char *path, const char *data, size_t len, const char **why);

#endif

/* Arena: many small allocations freed at once (a report, a template). */
typedef struct arena_chunk arena_chunk;
typedef struct {
    arena_chunk *head;
} arena;

void *arena_alloc(arena *a, size_t size); /* zeroed; aborts on out of memory */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) XXGK_PRINTF(2, 3);
void arena_free(arena *a);

/* Growable NUL-terminated string. */
typedef struct {
    char *s;
    size_t len, cap;
} strbuf;

void sb_add(strbuf *b, const char *s);
void sb_addn(strbuf *b, const char *s, size_t n);
void sb_addc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...) XXGK_PRINTF(2, 3);
void sb_vprintf(strbuf *b, const char *fmt, va_list ap);
void sb_add_json_string(strbuf *b, const char *s); /* with quotes */
/* "/" + key as a JSON pointer token (RFC 6901: ~ → ~0, / → ~1). */
void sb_add_pointer_token(strbuf *b, const char *key, size_t len);
char *sb_take(strbuf *b);                          /* caller frees */
void sb_free(strbuf *b);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Decode one UTF-8 code point at s (len bytes available); returns bytes
 * used, 0 at end or on an invalid sequence (then *cp = U+FFFD). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
size_t utf8_encode(uint32_t cp, char out[4]);
int utf8_valid(const char *s, size_t len);
size_t utf8_length(const char *s); /* code points */
/* Edit distance in code points (for "did you mean"). */
size_t utf8_distance(const char *a, const char *b);

/* Write data to path through a temporary file in the same folder, synced
 * and renamed over path: a reader (or a killed process) never sees half a
 * file.  An existing path that is not a regular file (a device, a folder,
 * a fifo) is refused, not replaced.  Returns 0, or -1 with *why (static
 * text, may be NULL) saying what failed. */
int xxgk_write_file_atomic(const char *path, const char *data, size_t len);
int xxgk_write_file_atomic_why(const char *path, const char *data, size_t len, const char **why);

#endif
