/* alloc.c — allocation that aborts rather than fails, and the `why` of a
 * failure (see base.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

static void out_of_memory(void)
{
    fputs("xxgk: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void why_set(char **why, const char *fmt, ...)
{
    if (!why)
        return;
    strbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    *why = sb_take(&b);
}
