/* upheld.c — C23: a sentence saying the reviews or suits were all upheld
 * ("行政复议案件均获维持") while 表四 has results other than 维持 (纠正,
 * 其他结果, 尚未审结) for what it names.  The phrases and the cells are data
 * (template "upheld"): a sentence naming the words of some cases (行政复议,
 * 行政诉讼) speaks of those, one naming none of all. */
#include <string.h>

#include "check/check.h"

static int contains(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(s + i, w, n))
            return 1;
    return 0;
}

static int contains_any(const char *s, size_t len, const char *const *w)
{
    for (; w && *w; w++)
        if (contains(s, len, *w))
            return 1;
    return 0;
}

static void check_sentence(const xxgk_report *r, const char *s, size_t len, const char *path,
                           xxgk_diags *d)
{
    const xxgk_template *t = r->tpl;
    if (!contains_any(s, len, t->upheld_phrases) || contains_any(s, len, t->upheld_none))
        return;
    int named = 0;
    for (size_t k = 0; k < t->n_upheld; k++)
        named |= contains_any(s, len, t->upheld[k].words);
    arena a = {0};
    strbuf cells = {0};
    const cellref *first = NULL;
    for (size_t k = 0; k < t->n_upheld; k++) {
        const upheld_case *u = &t->upheld[k];
        if (named && !contains_any(s, len, u->words))
            continue;
        for (size_t i = 0; i < u->n_cells; i++) {
            int missing = 0;
            int64_t v = report_sum(r, &u->cells[i], &missing);
            if (missing || !v)
                continue;
            char num[48];
            format_value(v, num, sizeof num);
            const cellref *c = &u->cells[i];
            sb_printf(&cells, "%s“%s”%s 件", cells.len ? "、" : "",
                      node_label_path(&a, c->col, "／"), num);
            if (!first)
                first = c;
        }
    }
    if (first)
        report_diag(d, r, XXGK_WARNING, "C23",
                    &(diag_where){.place = report_cell_place(&a, first->block, first->row,
                                                             first->col),
                                  .path = path,
                                  .expected = "维持以外的结果为 0",
                                  .actual = arena_strdup(&a, cells.s)},
                    "正文%s说结果均为维持，但表四中有维持以外的结果：%s", prose_quote(&a, s, len),
                    cells.s);
    sb_free(&cells);
    arena_free(&a);
}

static int sentence_end(const char *p)
{
    return !strncmp(p, "。", 3) || !strncmp(p, "！", 3) || !strncmp(p, "？", 3) ||
           !strncmp(p, "；", 3) || *p == '\n';
}

static void check_text(const xxgk_report *r, const char *text, const char *path, xxgk_diags *d)
{
    for (const char *s = text; s && *s;) {
        const char *e = s;
        while (*e && !sentence_end(e))
            e++;
        if (e > s)
            check_sentence(r, s, (size_t)(e - s), path, d);
        s = *e ? e + (*e == '\n' ? 1 : 3) : e;
    }
}

void check_upheld(const xxgk_report *r, xxgk_diags *d)
{
    if (!r->tpl->n_upheld)
        return;
    for (size_t i = 0; i < r->preface.n; i++)
        check_text(r, r->preface.items[i].text, r->preface.items[i].path, d);
    for (size_t k = 0; k < r->tpl->n_sections; k++)
        for (size_t i = 0; i < r->sections[k].n; i++) {
            const para *p = &r->sections[k].items[i];
            check_text(r, p->heading, p->path, d);
            check_text(r, p->text, p->path, d);
        }
}
