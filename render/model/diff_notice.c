/* diff_notice.c — the differences of two versions for a machine (JSON) and
 * for the public: the 更正说明 an office posts beside a corrected report.
 * Both are made from the lines of xxgk_write_diff (diff.c), each line one
 * difference in one of its four shapes:
 *   PLACE：OLD → NEW                    a field or a cell
 *   PLACE：“OLD” 改为 “NEW”              a paragraph changed (quoted around it)
 *   SECTION 第N段 新增：“TEXT”           a paragraph added
 *   SECTION 原第N段 删去：“TEXT”         a paragraph deleted */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

typedef struct {
    const char *kind; /* changed, added, deleted */
    char *place, *old, *new_;
} difference;

static char *dup_n(const char *s, size_t n) { return xstrndup(s, n); }

/* Strips the quotes “…” around s (n bytes) when it has them. */
static char *unquote(const char *s, size_t n)
{
    static const char lq[] = "“", rq[] = "”";
    if (n >= 6 && !memcmp(s, lq, 3) && !memcmp(s + n - 3, rq, 3))
        return dup_n(s + 3, n - 6);
    return dup_n(s, n);
}

static int parse_line(const char *line, difference *x)
{
    memset(x, 0, sizeof *x);
    const char *colon = strstr(line, "：");
    if (!colon)
        return 0;
    const char *rest = colon + 3;
    size_t pl = (size_t)(colon - line);
    const char *sp;
    if ((sp = strstr(line, " 新增：")) && sp < colon + 1) {
        x->kind = "added";
        x->place = dup_n(line, (size_t)(sp - line));
        x->new_ = unquote(rest, strlen(rest));
    } else if ((sp = strstr(line, " 删去：")) && sp < colon + 1) {
        x->kind = "deleted";
        x->place = dup_n(line, (size_t)(sp - line));
        x->old = unquote(rest, strlen(rest));
    } else if ((sp = strstr(rest, "” 改为 “"))) {
        x->kind = "changed";
        x->place = dup_n(line, pl);
        x->old = unquote(rest, (size_t)(sp - rest) + 3);
        x->new_ = unquote(sp + 11, strlen(sp + 11)); /* past ” 改为 */
    } else if ((sp = strstr(rest, " → "))) {
        x->kind = "changed";
        x->place = dup_n(line, pl);
        x->old = dup_n(rest, (size_t)(sp - rest));
        x->new_ = xstrdup(sp + 5);
    } else
        return 0;
    return 1;
}

static void free_diff(difference *x)
{
    free(x->place);
    free(x->old);
    free(x->new_);
}

/* The differences, one per line (malloc'd), and their number. */
static char *diff_lines(const xxgk_report *from, const xxgk_report *to, size_t *n)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        abort();
    *n = xxgk_write_diff(from, to, f);
    fclose(f);
    return buf;
}

char *xxgk_diff_json(const xxgk_report *from, const xxgk_report *to)
{
    size_t n = 0;
    char *lines = diff_lines(from, to, &n);
    json_t *arr = json_array();
    for (char *p = lines, *nl; p && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = 0;
        difference x;
        json_t *o = json_object();
        if (parse_line(p, &x)) {
            json_object_set_new(o, "kind", json_string(x.kind));
            json_object_set_new(o, "place", json_string(x.place));
            if (x.old)
                json_object_set_new(o, "old", json_string(x.old));
            if (x.new_)
                json_object_set_new(o, "new", json_string(x.new_));
            free_diff(&x);
        }
        json_object_set_new(o, "text", json_string(p));
        json_array_append_new(arr, o);
    }
    free(lines);
    json_t *root = json_pack("{s:i,s:o}", "count", (json_int_t)n, "differences", arr);
    char *s = json_dumps(root, JSON_INDENT(2));
    json_decref(root);
    strbuf b = {0};
    sb_add(&b, s);
    sb_addc(&b, '\n');
    free(s);
    return sb_take(&b);
}

static void date_cn(strbuf *b, const xxgk_report *r)
{
    if (r->date_y)
        sb_printf(b, "%d年%d月%d日", r->date_y, r->date_m, r->date_d);
}

static void notice_item(strbuf *b, size_t k, const difference *x)
{
    sb_printf(b, "%zu. ", k + 1);
    if (!strcmp(x->kind, "added"))
        sb_printf(b, "%s为新增内容：“%s”。\n", x->place, x->new_);
    else if (!strcmp(x->kind, "deleted"))
        sb_printf(b, "%s删去：“%s”。\n", x->place, x->old);
    else
        sb_printf(b, "%s由“%s”更正为“%s”。\n", x->place, x->old ? x->old : "",
                  x->new_ ? x->new_ : "");
}

char *xxgk_diff_notice(const xxgk_report *from, const xxgk_report *to)
{
    size_t n = 0;
    char *lines = diff_lines(from, to, &n);
    strbuf b = {0};
    const char *title = xxgk_report_title(to), *agency = xxgk_report_agency(to);
    sb_printf(&b, "关于《%s》的更正说明\n\n", title);
    sb_printf(&b, "%s", agency);
    if (from->date_y) {
        sb_add(&b, "于");
        date_cn(&b, from);
        sb_add(&b, "印发");
    } else
        sb_add(&b, "发布");
    sb_printf(&b, "的《%s》中，有以下内容需要更正：\n", xxgk_report_title(from));
    size_t k = 0;
    for (char *p = lines, *nl; p && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = 0;
        difference x;
        if (parse_line(p, &x)) {
            notice_item(&b, k++, &x);
            free_diff(&x);
        }
    }
    if (!k)
        sb_add(&b, "（两个版本内容相同，无需更正。）\n");
    sb_add(&b, "更正后的报告已重新发布，特此说明。\n\n");
    sb_printf(&b, "%s\n", agency);
    date_cn(&b, to);
    sb_addc(&b, '\n');
    free(lines);
    return sb_take(&b);
}
