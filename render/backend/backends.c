/* backends.c — the table of PDF writers.  A new backend is a file that
 * defines its entry, and one line here. */
#include <string.h>

#include "backend/backend.h"

extern const backend backend_cairo; /* cairo.c */
extern const backend backend_haru;  /* haru.c */

static const backend *const backends[] = {&backend_cairo, &backend_haru};
#define N_BACKENDS (sizeof backends / sizeof *backends)

const backend *backend_named(const char *name)
{
    if (!name)
        return backends[0];
    for (size_t i = 0; i < N_BACKENDS; i++)
        if (!strcmp(backends[i]->info.name, name))
            return backends[i];
    return NULL;
}

const backend *backend_for_png(void)
{
    for (size_t i = 0; i < N_BACKENDS; i++)
        if (backends[i]->write_png)
            return backends[i];
    return NULL;
}

const xxgk_backend_info *xxgk_backend_find(const char *name)
{
    const backend *b = backend_named(name);
    return b ? &b->info : NULL;
}

const xxgk_backend_info *xxgk_backend_at(size_t i)
{
    return i < N_BACKENDS ? &backends[i]->info : NULL;
}
