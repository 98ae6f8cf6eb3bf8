/* check.h — the parts of xxgk_check (check.c drives them). */
#ifndef XXGK_CHECK_H
#define XXGK_CHECK_H

#include "model/model.h"

/* narrative.c: the prose against the tables (C09, C10, C13, C16, C17). */
void check_narrative(const xxgk_report *r, xxgk_diags *d);
/* Every exact figure text states with the measure it names (as C09 reads
 * them, 0 for "未收到…"), in order, each with its sentence. */
typedef void (*figure_fn)(void *arg, const narrative_rule *m, long value, const char *sentence,
                          size_t len);
/* “the first 60 characters……” of a sentence. */
char *prose_quote(arena *a, const char *s, size_t len);
void prose_figures(const xxgk_report *r, const char *text, figure_fn fn, void *arg);
/* C23: "均获维持" while 表四 has other results (upheld.c). */
void check_upheld(const xxgk_report *r, xxgk_diags *d);
/* C24: the outcome categories stated add up to another total (outcomes.c). */
void check_outcomes(const xxgk_report *r, xxgk_diags *d);
/* C20: the title names another year or agency (title.c). */
void check_title(const xxgk_report *r, xxgk_diags *d);
/* C21: the previous year in the prose where this one is meant (leftovers.c). */
void check_leftovers(const xxgk_report *r, xxgk_diags *d);
/* C22: the share of the prose repeated from last year's report p
 * (repeated.c). */
void check_repeated(const xxgk_report *r, const xxgk_report *p, xxgk_diags *d);

#endif
