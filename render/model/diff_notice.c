/* diff_notice.c — the differences of two versions (diff_compute, diff.c)
 * for a machine (JSON) and for the public: the 更正说明 an office posts
 * beside a corrected report, as text here and typeset by the layout
 * (layout/notice.c) from the same paragraphs (diff_notice_make). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *or_none(const char *s) { return s ? s : "（无）"; }
static const char *or_empty(const char *s) { return s ? s : ""; }

static const char *kind_name(diff_kind k)
{
    switch (k) {
    case DIFF_PARA_ADDED: return "added";
    case DIFF_PARA_DELETED: return "deleted";
    case DIFF_PARA_SPLIT: return "split";
    default: return "changed";
    }
}

char *xxgk_diff_json(const xxgk_report *from, const xxgk_report *to)
{
    diff_list *l = diff_compute(from, to);
    json_t *arr = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const diff_item *x = &l->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(kind_name(x->kind)));
        json_object_set_new(o, "place", json_string(x->place));
        switch (x->kind) {
        case DIFF_PARA_ADDED: json_object_set_new(o, "new", json_string(or_empty(x->new_text))); break;
        case DIFF_PARA_DELETED:
            json_object_set_new(o, "old", json_string(or_empty(x->old_text)));
            break;
        case DIFF_PARA_SPLIT: break;
        case DIFF_PARA_CHANGED:
            json_object_set_new(o, "old", json_string(or_empty(x->old_text)));
            json_object_set_new(o, "new", json_string(or_empty(x->new_text)));
            break;
        default:
            json_object_set_new(o, "old", json_string(or_none(x->old_text)));
            json_object_set_new(o, "new", json_string(or_none(x->new_text)));
        }
        strbuf line = {0};
        diff_item_line(&line, x);
        json_object_set_new(o, "text", json_string(line.s));
        sb_free(&line);
        json_array_append_new(arr, o);
    }
    json_t *root = json_pack("{s:i,s:o}", "count", (json_int_t)l->n, "differences", arr);
    diff_list_free(l);
    return json_text(root, 0);
}

static void date_cn(strbuf *b, const xxgk_report *r)
{
    if (r->date_y)
        sb_printf(b, "%d年%d月%d日", r->date_y, r->date_m, r->date_d);
}

/* The item of a difference (numbered k + 1); 0 for a change of the
 * heading's setting only (the words are the same: nothing to correct). */
static int notice_item(strbuf *b, size_t k, const diff_item *x)
{
    switch (x->kind) {
    case DIFF_PARA_SPLIT: return 0;
    case DIFF_PARA_ADDED:
        sb_printf(b, "%zu. %s为新增内容：“%s”。", k + 1, x->place, or_empty(x->new_text));
        break;
    case DIFF_PARA_DELETED:
        sb_printf(b, "%zu. %s删去：“%s”。", k + 1, x->place, or_empty(x->old_text));
        break;
    case DIFF_PARA_CHANGED:
        sb_printf(b, "%zu. %s由“%s”更正为“%s”。", k + 1, x->place, or_empty(x->old_text),
                  or_empty(x->new_text));
        break;
    default:
        sb_printf(b, "%zu. %s由“%s”更正为“%s”。", k + 1, x->place, or_none(x->old_text),
                  or_none(x->new_text));
    }
    return 1;
}

static void add_paragraph(diff_notice *n, size_t *cap, strbuf *b)
{
    if (n->n_paragraphs == *cap)
        n->paragraphs = xrealloc(n->paragraphs, (*cap = *cap ? 2 * *cap : 16) * sizeof(char *));
    n->paragraphs[n->n_paragraphs++] = sb_take(b);
}

void diff_notice_make(const xxgk_report *from, const xxgk_report *to, diff_notice *n)
{
    memset(n, 0, sizeof *n);
    size_t cap = 0;
    diff_list *l = diff_compute(from, to);
    n->n_differences = l->n;
    strbuf b = {0};
    sb_printf(&b, "关于《%s》的更正说明", xxgk_report_title(to));
    n->title = sb_take(&b);
    sb_add(&b, xxgk_report_agency(to));
    if (from->date_y) {
        sb_add(&b, "于");
        date_cn(&b, from);
        sb_add(&b, "印发");
    } else
        sb_add(&b, "发布");
    sb_printf(&b, "的《%s》中，有以下内容需要更正：", xxgk_report_title(from));
    add_paragraph(n, &cap, &b);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (notice_item(&b, k, &l->items[i])) {
            k++;
            add_paragraph(n, &cap, &b);
        }
    n->n_items = k;
    sb_add(&b, "更正后的报告已重新发布，特此说明。");
    add_paragraph(n, &cap, &b);
    diff_list_free(l);
}

void diff_notice_free(diff_notice *n)
{
    free(n->title);
    for (size_t i = 0; i < n->n_paragraphs; i++)
        free(n->paragraphs[i]);
    free(n->paragraphs);
    memset(n, 0, sizeof *n);
}

char *xxgk_diff_notice(const xxgk_report *from, const xxgk_report *to)
{
    diff_notice n;
    diff_notice_make(from, to, &n);
    if (!n.n_items) {
        diff_notice_free(&n);
        return NULL;
    }
    strbuf b = {0};
    sb_printf(&b, "%s\n\n", n.title);
    for (size_t i = 0; i < n.n_paragraphs; i++)
        sb_printf(&b, "%s\n", n.paragraphs[i]);
    sb_printf(&b, "\n%s\n", xxgk_report_agency(to));
    date_cn(&b, to);
    sb_addc(&b, '\n');
    diff_notice_free(&n);
    return sb_take(&b);
}
