/* diag.h — adding to an xxgk_diags list, the one channel through which
 * every stage says what it found (xxgk.h has the reading side).  Nothing in
 * the library prints. */
#ifndef XXGK_DIAG_H
#define XXGK_DIAG_H

#include "base/base.h"
#include "xxgk.h"

/* Where a diagnostic points and what it compares; every field may be left
 * out (a compound literal names only those it has):
 *   diag_add(d, XXGK_ERROR, "S02", &(diag_where){.place = p, .path = ptr}, "缺少…");
 * Strings are copied. */
typedef struct {
    const char *place; /* statutory labels */
    const char *path;  /* JSON pointer into the input */
    const char *expected;
    const char *actual;
    int line, col; /* in the input text; 0 unknown */
} diag_where;

/* w may be NULL. */
void diag_add(xxgk_diags *d, xxgk_severity sev, const char *rule, const diag_where *w,
              const char *fmt, ...) XXGK_PRINTF(5, 6);
void diag_addv(xxgk_diags *d, xxgk_severity sev, const char *rule, const diag_where *w,
               const char *fmt, va_list ap);
/* Every diagnostic of from, appended to d (positions kept unless
 * drop_positions). */
void diag_append(xxgk_diags *d, const xxgk_diags *from, int drop_positions);

#endif
