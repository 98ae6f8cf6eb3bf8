/* leftovers.c — C21: last year's year left in the prose of a report started
 * from last year's ("2022年，我局……" in the 2023 report).  A sentence that
 * names the previous year to compare with it (同比, 较, 相比, 增长, 下降, 上年,
 * or the report year too) is not one. */
#include <string.h>

#include "check/check.h"

static const char *const comparing[] = {"同比", "比", "较", "相比", "增长", "下降", "减少", "增加",
                                        "上年", "上一年", "以来", "结转", NULL};

static int sentence_end(const char *p)
{
    return !strncmp(p, "。", 3) || !strncmp(p, "！", 3) || !strncmp(p, "？", 3) ||
           !strncmp(p, "；", 3) || *p == '\n';
}

static int has_within(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; i + m <= n; i++)
        if (!memcmp(s + i, w, m))
            return 1;
    return 0;
}

static void check_text(const xxgk_report *r, const char *text, const char *place,
                       const char *path, xxgk_diags *d)
{
    if (!text)
        return;
    char last[16], now[16];
    snprintf(last, sizeof last, "%d年", r->year - 1);
    snprintf(now, sizeof now, "%d年", r->year);
    const char *s = text;
    while (*s) {
        const char *e = s;
        while (*e && !sentence_end(e))
            e++;
        size_t n = (size_t)(e - s) + (*e == '\n' ? 1 : *e ? 3 : 0);
        int compares = has_within(s, n, now);
        for (int i = 0; comparing[i] && !compares; i++)
            compares = has_within(s, n, comparing[i]);
        const char *hit = NULL;
        for (const char *p = s; p + strlen(last) <= s + n && !hit; p++)
            if (!memcmp(p, last, strlen(last)) && (p == text || p[-1] < '0' || p[-1] > '9'))
                hit = p;
        if (hit && !compares) {
            arena a = {0};
            report_diag(d, r, XXGK_WARNING, "C21",
                        &(diag_where){.place = place, .path = path, .expected = now, .actual = last},
                        "正文“%s”写的是上一年度（由上年报告改写时未改？）",
                        arena_strndup(&a, s, n));
            arena_free(&a);
            return;
        }
        s += n;
    }
}

static void check_prose(const xxgk_report *r, const prose *p, const char *place, xxgk_diags *d)
{
    for (size_t i = 0; i < p->n; i++) {
        check_text(r, p->items[i].heading, place, p->items[i].path, d);
        check_text(r, p->items[i].text, place, p->items[i].path, d);
    }
}

void check_leftovers(const xxgk_report *r, xxgk_diags *d)
{
    check_prose(r, &r->preface, "前言", d);
    for (size_t i = 0; i < r->tpl->n_sections; i++)
        if (!r->tpl->sections[i].table)
            check_prose(r, &r->sections[i], r->tpl->sections[i].heading, d);
}
