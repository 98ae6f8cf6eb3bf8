/* base.h — what every stage of libxxgk uses: allocation that cannot fail
 * silently, an arena, a growable string, UTF-8, and the one way a function
 * below the diagnostics says why it failed.
 *
 * Failures: a function of base/ or backend/ that can fail returns non-zero
 * and, when its `char **why` is not NULL, sets *why to a malloc'd sentence
 * (Chinese where a clerk reads it) that the caller puts into a diagnostic
 * and frees.  Stages above (model, input, import, check, layout, output,
 * batch) report through xxgk_diags (base/diag.h) instead.
 */
#ifndef XXGK_BASE_H
#define XXGK_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define XXGK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define XXGK_PRINTF(f, a)
#endif

/* Out of memory is not a diagnostic: these print one line and abort. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* The n bytes at s and a NUL (s may hold NUL bytes before n). */
char *xstrndup(const char *s, size_t n);
/* A malloc'd formatted sentence for a `why` out-parameter; sets *why only
 * when why is not NULL. */
void why_set(char **why, const char *fmt, ...) XXGK_PRINTF(2, 3);

/* ---- arena: many small allocations freed at once (a report, a template) */

typedef struct arena_chunk arena_chunk;
typedef struct {
    arena_chunk *head;
} arena;

void *arena_alloc(arena *a, size_t size);    /* zeroed */
char *arena_strdup(arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) XXGK_PRINTF(2, 3);
void arena_free(arena *a);

/* ---- strbuf: a growable NUL-terminated string ------------------------- */

typedef struct {
    char *s; /* NULL until something is added */
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
char *sb_take(strbuf *b); /* the string (never NULL), malloc'd; b is empty after */
void sb_free(strbuf *b);

/* ---- strings and UTF-8 -------------------------------------------------- */

int str_starts_with(const char *s, const char *prefix);
int str_ends_with(const char *s, const char *suffix);
/* The same, ASCII letters compared without case (".PDF" ends ".pdf"). */
int str_ends_with_nocase(const char *s, const char *suffix);

/* Decode one UTF-8 code point at s (len bytes available); returns bytes
 * used, 0 at end or on an invalid sequence (then *cp = U+FFFD). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
size_t utf8_encode(uint32_t cp, char out[4]);
int utf8_valid(const char *s, size_t len);
size_t utf8_length(const char *s); /* code points */
/* Edit distance in code points (for "did you mean"). */
size_t utf8_distance(const char *a, const char *b);

#endif
