/* table_diags.c — the diagnostics of a reading of one table.
 *
 * A table is read with every template and only the reading that fits
 * best is kept, so what a reading finds cannot go to the caller's list as
 * it is found: it is held here, copied into the reading's arena, and
 * emitted in the same order once the reading is chosen.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import/table_parts.h"

void defer_diag(table_read *tr, xxgk_severity sev, const char *rule, int line, int col,
                const char *place, const char *expected, const char *actual, const char *fmt, ...)
{
    if (tr->n_diags == tr->cap_diags) {
        tr->cap_diags = tr->cap_diags ? 2 * tr->cap_diags : 32;
        tr->diags = xrealloc(tr->diags, tr->cap_diags * sizeof *tr->diags);
    }
    pdiag *g = &tr->diags[tr->n_diags++];
    strbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    g->sev = sev;
    g->rule = rule;
    g->line = line;
    g->col = col;
    g->place = place ? arena_strdup(&tr->mem, place) : NULL;
    g->expected = expected ? arena_strdup(&tr->mem, expected) : NULL;
    g->actual = actual ? arena_strdup(&tr->mem, actual) : NULL;
    g->msg = arena_strdup(&tr->mem, b.s ? b.s : "");
    sb_free(&b);
    if (sev == XXGK_ERROR)
        tr->errors++;
}

void emit_deferred(const table_read *tr, xxgk_diags *d)
{
    for (size_t i = 0; i < tr->n_diags; i++) {
        const pdiag *g = &tr->diags[i];
        diag_add(d, g->sev, g->rule,
                 &(diag_where){.place = g->place,
                               .expected = g->expected,
                               .actual = g->actual,
                               .line = g->line,
                               .col = g->col},
                 "%s", g->msg);
    }
}

const char *block_place(const tblock *b)
{
    return b->title ? b->title : b->table->section->heading;
}
