/* title.c — the title: 2号 in the title role, centred on the type area,
 * on one line when it fits, else on two or three lines broken where the
 * words allow.
 *
 * GB/T 9704 7.3.1: a title of more than one line is set as a trapezoid or
 * a diamond, its lines broken so that the words stay whole and the lines
 * even.  Here the breaks are after the agency's name (when the title's
 * own words follow it, not the rest of a longer name), before 关于, after
 * the year (年 or 年度), after 政府信息公开, 办公室 and 印发, and inside the
 * agency's name only after an administrative division; among them the most even lines win, a
 * first line no longer than the second (梯形).
 */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"

/* Break positions of the title: after the agency name, after the year,
 * between 政府信息公开 and 工作年度报告; inside the agency only after an
 * administrative division. */
static double title_break_penalty(const char *title, size_t off, const char *agency)
{
    const char *a = agency && *agency ? strstr(title, agency) : NULL;
    size_t a0 = a ? (size_t)(a - title) : 0, a1 = a ? a0 + strlen(agency) : 0;
    const char *next = title + off;
    /* after the agency's name, unless the name goes on (人民政府|办公室) */
    if (a && off == a1 &&
        ((*next >= '0' && *next <= '9') || !strncmp(next, "关于", 6) || !strncmp(next, "（", 3) ||
         !strncmp(next, "政府信息公开", 18)))
        return 0;
    if (!strncmp(next, "关于", 6) && (!a || off <= a0 || off >= a1))
        return 0;
    /* after a year (2020年|政府, 2020年度|政府, not 年|度) and the words
     * that end a phrase of the title */
    static const char *const after_words[] = {"年度", "年", "政府信息公开", "办公室", "印发", NULL};
    static const double penalty[] = {0, 0, 1, 5, 1};
    for (int i = 0; after_words[i]; i++) {
        size_t w = strlen(after_words[i]);
        if (off >= w && !strncmp(title + off - w, after_words[i], w) &&
            (!a || off <= a0 || off >= a1) && !(i == 1 && !strncmp(next, "度", 3)))
            return penalty[i];
    }
    if (a && off > a0 && off < a1) {
        static const char *const divisions[] = {"省", "市", "区", "县",     "州",       "盟",
                                                "旗", "镇", "乡", "自治区", "人民政府", NULL};
        for (int i = 0; divisions[i]; i++) {
            size_t w = strlen(divisions[i]);
            if (off - a0 >= w && !strncmp(title + off - w, divisions[i], w))
                return 50;
        }
        return -1;
    }
    return -1;
}

/* The penalty of a break after each unit of c (-1: no break there). */
static double *title_penalties(const layout *L, const composition *c, const char *title)
{
    size_t n = c->n_units;
    double *pen = xmalloc((n ? n : 1) * sizeof *pen);
    for (size_t i = 0; i < n; i++) {
        size_t off = c->units[i].byte_start + c->units[i].byte_len;
        pen[i] = i + 1 < n && !c->units[i].no_break_after
                     ? title_break_penalty(title, off, xxgk_report_agency(L->r))
                     : -1;
    }
    return pen;
}

/* The cost of the title in lines ending after the units ends[]: the
 * penalties of the breaks, the longest line less the shortest, and a first
 * line longer than the second.  1 with the cost in *cost_out; 0 when a
 * line is wider than W. */
static int title_cost(composition *c, const compose_opts *o, double W, const size_t ends[3],
                      int lines, double penalties, double *cost_out)
{
    double w[3], mx = 0, mn = 1e9, cost = penalties;
    size_t a = 0;
    int fits = 1;
    for (int k = 0; k < lines; k++) {
        w[k] = compose_range_width(c, o, a, ends[k]);
        if (w[k] > W + EPS)
            fits = 0;
        mx = w[k] > mx ? w[k] : mx;
        mn = w[k] < mn ? w[k] : mn;
        a = ends[k] + 1;
    }
    if (!fits)
        return 0;
    cost += mx - mn;
    /* 梯形: a first line no longer than the second. */
    if (w[0] > w[1] + EPS)
        cost += w[0] - w[1]; /* 倒梯形 only when much more even */
    *cost_out = cost;
    return 1;
}

/* The last unit of each line of the title (best) and the number of lines:
 * one when the title fits the type area, else two, or three when no two
 * fit, broken where title_cost is least; 0 when no word break fits. */
static int title_lines(const layout *L, composition *c, const compose_opts *o, const double *pen,
                       size_t best[3])
{
    size_t n = c->n_units;
    double W = L->ps->width;
    best[0] = n ? n - 1 : 0;
    best[1] = 0;
    best[2] = 0;
    int best_lines = 1;
    if (!(n && compose_range_width(c, o, 0, n - 1) > W + EPS))
        return best_lines;
    double best_cost = 1e18;
    int max_lines = L->ps->title_max_lines < 3 ? L->ps->title_max_lines : 3;
    for (int lines = 2; lines <= max_lines && best_cost >= 1e17; lines++) {
        for (size_t i = 0; i + 1 < n; i++) {
            if (pen[i] < 0)
                continue;
            for (size_t j = lines == 3 ? i + 1 : n - 1; j < n; j++) {
                if (lines == 3 && (j + 1 >= n || pen[j] < 0))
                    continue;
                size_t ends[3] = {i, lines == 3 ? j : n - 1, n - 1};
                double cost;
                if (!title_cost(c, o, W, ends, lines, pen[i] + (lines == 3 ? pen[j] : 0), &cost))
                    continue;
                if (cost < best_cost) {
                    best_cost = cost;
                    memcpy(best, ends, sizeof ends);
                    best_lines = lines;
                }
                if (lines == 2)
                    break;
            }
        }
    }
    return best_cost >= 1e17 ? 0 : best_lines;
}

/* The lines of c, each centred on the type area, on the grid. */
static void place_centred_lines(layout *L, const composition *c, const text_span *sp)
{
    double W = L->ps->width;
    for (size_t i = 0; i < c->n_lines; i++) {
        double top = take_grid_line(L);
        emit_line(L, c, i, sp, L->ps->left + (W - c->lines[i].width) / 2,
                  grid_baseline(L, top, sp->size), top, L->ps->pitch, "title");
        record_line(L, top, L->ps->left + (W - c->lines[i].width) / 2,
                    L->ps->left + (W + c->lines[i].width) / 2, (int)i, (int)c->n_lines, 1);
    }
}

void place_title(layout *L, const char *title)
{
    text_span sp = {XXGK_ROLE_TITLE, L->ps->size_title, title, strlen(title), {0}};
    if (!shape_spans(L, &sp, 1, "标题", "/title")) {
        free_spans(&sp, 1);
        return;
    }
    compose_span cs;
    to_compose_spans(&sp, 1, &cs);
    compose_opts o;
    compose_opts_default(&o, L->ps->width);
    o.justify = 0;
    composition c;
    compose_units(&cs, 1, &o, &c);
    double *pen = title_penalties(L, &c, title);
    size_t ends[3];
    int lines = title_lines(L, &c, &o, pen, ends);
    free(pen);
    if (lines == 0) {
        /* No word break fits: break the title as a paragraph. */
        composition_free(&c);
        compose_paragraph(&cs, 1, &o, &c);
    } else {
        size_t a = 0;
        for (int k = 0; k < lines; k++) {
            compose_add_line(&c, &o, a, ends[k], 0, 1);
            a = ends[k] + 1;
        }
    }
    place_centred_lines(L, &c, &sp);
    composition_free(&c);
    free_spans(&sp, 1);
}
