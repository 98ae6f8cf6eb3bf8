/* title.c — C20: a title (given, or imported from the page) that names
 * another year than the report's, or another agency: what is left of last
 * year's report when the new one was started from it, or a title pasted from
 * another office's report.  The year is the first “20XX年” of the title; the
 * agency is what precedes it, which may be a shorter form of the name (either
 * contains the other) but not another name. */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

/* The first 4-digit year followed by 年 in s, its start in *at; 0 if none. */
static int title_year(const char *s, const char **at)
{
    for (const char *p = s; *p; p++) {
        if (p[0] >= '1' && p[0] <= '2' && strlen(p) >= 7 && p[1] >= '0' && p[1] <= '9' &&
            p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !strncmp(p + 4, "年", 3) &&
            (p == s || p[-1] < '0' || p[-1] > '9')) {
            *at = p;
            return atoi(p);
        }
    }
    return 0;
}

void check_title(const xxgk_report *r, xxgk_diags *d)
{
    if (!r->title || !r->agency)
        return;
    const char *at = NULL;
    int y = title_year(r->title, &at);
    if (y && y != r->year) {
        char want[16], got[16];
        snprintf(want, sizeof want, "%d年", r->year);
        snprintf(got, sizeof got, "%d年", y);
        report_diag(d, r, XXGK_ERROR, "C20",
                    &(diag_where){.place = "标题", .path = "/title", .expected = want, .actual = got},
                    "标题“%s”的年度与报告年度不符（上年报告的标题未改？）", r->title);
    }
    if (!at || at == r->title || strstr(r->agency, "请填写"))
        return;
    size_t n = (size_t)(at - r->title);
    char *named = xstrndup(r->title, n);
    if (!strstr(r->agency, named) && !strstr(named, r->agency))
        report_diag(d, r, XXGK_ERROR, "C20",
                    &(diag_where){
                        .place = "标题", .path = "/title", .expected = r->agency, .actual = named},
                    "标题“%s”中的机关名称与发文机关不符", r->title);
    free(named);
}
