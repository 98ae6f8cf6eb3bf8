/* check.h — the parts of xxgk_check (check.c drives them). */
#ifndef XXGK_CHECK_H
#define XXGK_CHECK_H

#include "model/model.h"

/* narrative.c: the prose against the tables (C09, C10, C13, C16, C17). */
void check_narrative(const xxgk_report *r, xxgk_diags *d);
/* C20: the title names another year or agency (title.c). */
void check_title(const xxgk_report *r, xxgk_diags *d);
/* C21: the previous year in the prose where this one is meant (leftovers.c). */
void check_leftovers(const xxgk_report *r, xxgk_diags *d);
/* C22: the share of the prose repeated from last year's report p
 * (repeated.c). */
void check_repeated(const xxgk_report *r, const xxgk_report *p, xxgk_diags *d);

#endif
