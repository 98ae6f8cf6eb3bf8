/* next_year.c — next year's report started from last year's: the year + 1,
 * the format the new year requires, the date left out (for the clerk: check
 * says it is missing), the title rebuilt for the new year, every figure 0
 * but 二、上年结转, which is last year's 四、结转下年度继续办理 column by column
 * (C07 checks the same), and the text kept as the draft to edit. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* The object at the JSON pointer path below root (every step an object). */
static json_t *at_pointer(json_t *root, const char *path, char *last, size_t size)
{
    json_t *o = root;
    const char *p = path;
    while (*p == '/') {
        const char *next = strchr(p + 1, '/');
        size_t n = next ? (size_t)(next - p - 1) : strlen(p + 1);
        if (!next) {
            snprintf(last, size, "%.*s", (int)n, p + 1);
            return o;
        }
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)n, p + 1);
        o = json_object_get(o, key);
        if (!json_is_object(o))
            return NULL;
        p = next;
    }
    return NULL;
}

/* A title naming last year names the new one; any other becomes the default. */
static void rebuild_title(json_t *root, const xxgk_report *last)
{
    const char *t = last->title;
    json_object_del(root, "title");
    if (!t)
        return;
    char from[16], to[16];
    snprintf(from, sizeof from, "%d", last->year);
    snprintf(to, sizeof to, "%d", last->year + 1);
    const char *hit = strstr(t, from);
    if (!hit)
        return;
    strbuf b = {0};
    sb_addn(&b, t, (size_t)(hit - t));
    sb_add(&b, to);
    sb_add(&b, hit + strlen(from));
    json_object_set_new(root, "title", json_string(b.s));
    sb_free(&b);
}

static void carry_over(json_t *root, const xxgk_report *last, const xxgk_template *t)
{
    if (!t->has_carry || !last->tpl->has_carry)
        return;
    const cellref *from = &last->tpl->carry_from, *to = &t->carry_to;
    arena a = {0};
    for (int j = 0; j < to->block->n_cols; j++) {
        const hnode *col = to->block->col_leaves[j];
        const char *want = node_label_path(&a, col, "/");
        for (int k = 0; k < from->block->n_cols; k++) {
            const hnode *fc = from->block->col_leaves[k];
            if (strcmp(node_label_path(&a, fc, "/"), want))
                continue;
            cellref src = {from->block, from->row, fc};
            int missing = 0;
            int64_t v = report_sum(last, &src, &missing);
            char key[128];
            json_t *o = at_pointer(root, report_cell_path(&a, to->block, to->row, col), key,
                                   sizeof key);
            if (o && !missing)
                json_object_set_new(o, key, json_integer((json_int_t)(v / XXGK_SCALE)));
        }
    }
    arena_free(&a);
}

char *xxgk_next_year_json(const xxgk_report *last, xxgk_diags *d)
{
    int year = last->year + 1;
    const xxgk_template *t = xxgk_template_for_year(year);
    if (!t || !last->source) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "无法由这份报告生成下一年度的报告");
        return NULL;
    }
    json_t *src = json_loadb(last->source, last->source_len, 0, NULL);
    char *sk = xxgk_template_skeleton(t, year);
    json_t *root = json_loads(sk, 0, NULL);
    free(sk);
    if (!json_is_object(src) || !root) {
        json_decref(src);
        json_decref(root);
        diag_add(d, XXGK_ERROR, "J01", NULL, "无法由这份报告生成下一年度的报告");
        return NULL;
    }
    static const char *const kept[] = {"agency", "agency_kind", "preface", "sections", "notes",
                                       "seal"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        json_t *v = json_object_get(src, kept[i]);
        if (v)
            json_object_set(root, kept[i], v);
    }
    json_object_del(root, "date");
    rebuild_title(root, last);
    carry_over(root, last, t);
    json_decref(src);
    return json_text(root, 0);
}
