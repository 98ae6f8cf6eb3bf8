/* format_choice.c — which statutory format the tables of a text are in.
 *
 * The two formats differ in labels that only one of them prints: 2021's
 * 本年制发件数, 本年处理决定数量, 本年收费金额, 行政规范性文件 and the three
 * rows of （六）其他处理; 2019's 本年新制作数量, 上一年项目数量, 本年增/减,
 * 第二十条第（九）项.  Those labels are found by comparing the formats
 * themselves (every block title, header and row label of one format that
 * the other has not), so a future format needs no code here.
 *
 * The format is the one whose own labels the text prints, table 二 and
 * table 三 each; the year decides only when no label does (a text of
 * shared labels, or one cut before any distinguishing one).  How well the
 * text fits a format is no evidence: a table the text does not reach
 * fits none.  Two tables that each print another format's own labels are
 * the mixed report (C12); no label and no year is said (I15), and table 二
 * (where the formats differ most) is then not read at all rather than
 * read as either.
 */
#include <stdlib.h>
#include <string.h>

#include "import/table_parts.h"
#include "import/text.h"

/* Labels closer than this to a format's own label are evidence for it. */
#define EVIDENCE_COST 2

typedef struct {
    const char **v;
    size_t n, cap;
} label_set;

static void set_add(arena *a, label_set *s, const char *label)
{
    if (!label || !label[0])
        return;
    const char *n = import_norm(a, label);
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], n))
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = n;
}

static void add_tree(arena *a, label_set *s, const hnode *n)
{
    for (size_t i = 0; i < n->n_children; i++) {
        set_add(a, s, n->children[i]->label);
        add_tree(a, s, n->children[i]);
    }
}

/* Every label of table key of template t. */
static void table_labels(arena *a, const xxgk_template *t, const char *key, label_set *s)
{
    for (size_t i = 0; i < t->n_tables; i++) {
        const ttable *tt = &t->tables[i];
        if (strcmp(tt->key, key))
            continue;
        for (size_t k = 0; k < tt->n_blocks; k++) {
            set_add(a, s, tt->blocks[k].title);
            set_add(a, s, tt->blocks[k].stub_header);
            add_tree(a, s, tt->blocks[k].cols);
            add_tree(a, s, tt->blocks[k].rows);
        }
    }
}

static int best_cost(const label_set *s, const char *norm)
{
    int bc = LABEL_FAR;
    for (size_t i = 0; i < s->n; i++) {
        int c = import_label_cost(norm, s->v[i]);
        if (c < bc)
            bc = c;
    }
    return bc;
}

/* For table key, per template: how many labels of the text are that
 * format's own (closer to one of its labels than to any of another's);
 * *line the first such label of each. */
static void evidence(arena *a, const region *rg, const char *key, size_t nt, int *count, int *line)
{
    label_set *sets = xmalloc(nt * sizeof *sets);
    memset(sets, 0, nt * sizeof *sets);
    for (size_t ti = 0; ti < nt; ti++)
        table_labels(a, template_at(ti), key, &sets[ti]);
    tokens ts = {0};
    tokenize(a, rg, &ts);
    int *cost = xmalloc(nt * sizeof *cost);
    for (size_t ti = 0; ti < nt; ti++)
        count[ti] = 0, line[ti] = 0;
    for (size_t i = 0; i < ts.n; i++) {
        if (ts.v[i].is_value)
            continue;
        size_t best = 0;
        for (size_t ti = 0; ti < nt; ti++) {
            cost[ti] = best_cost(&sets[ti], ts.v[i].norm);
            if (cost[ti] < cost[best])
                best = ti;
        }
        int unique = cost[best] <= EVIDENCE_COST;
        for (size_t ti = 0; ti < nt; ti++)
            if (ti != best && cost[ti] <= cost[best])
                unique = 0;
        if (unique && !count[best]++)
            line[best] = ts.v[i].line;
    }
    free(cost);
    free(ts.v);
    free(ts.row_width);
    for (size_t ti = 0; ti < nt; ti++)
        free(sets[ti].v);
    free(sets);
}

/* The template with the most evidence, -1 when none has more than all others. */
static int winner(const int *count, size_t nt)
{
    int best = -1, tie = 0;
    for (size_t ti = 0; ti < nt; ti++) {
        if (!count[ti])
            continue;
        if (best < 0 || count[ti] > count[best])
            best = (int)ti, tie = 0;
        else if (count[ti] == count[best])
            tie = 1;
    }
    return tie ? -1 : best;
}

static size_t index_of(const xxgk_template *t)
{
    for (size_t ti = 0; ti < template_count(); ti++)
        if (template_at(ti) == t)
            return ti;
    return 0;
}

/* The newest format: what an undecided text is read with. */
static const xxgk_template *newest_template(void)
{
    const xxgk_template *n = template_at(0);
    for (size_t ti = 1; ti < template_count(); ti++)
        if (template_at(ti)->first_year > n->first_year)
            n = template_at(ti);
    return n;
}

void choose_format(importer *im, const region rg[2], int year, format_choice *fc)
{
    static const char *const fitted[] = {"proactive", "applications"};
    size_t nt = template_count();
    int *count = xmalloc(2 * nt * sizeof *count), *line = xmalloc(2 * nt * sizeof *line);
    int win[2];
    for (int f = 0; f < 2; f++) {
        evidence(&im->mem, &rg[f], fitted[f], nt, count + f * nt, line + f * nt);
        win[f] = winner(count + f * nt, nt);
    }
    const xxgk_template *req = fc->req = year ? xxgk_template_for_year(year) : NULL;
    fc->mixed = fc->undecided = 0;
    if (win[0] >= 0 && win[1] >= 0 && win[0] != win[1]) {
        fc->mixed = 1;
        fc->tpl = req ? req : template_at((size_t)win[1]);
        fc->best_f[0] = (size_t)win[0];
        fc->best_f[1] = (size_t)win[1];
        idiag(im, XXGK_ERROR, "C12", line[win[0]], 1, NULL, NULL, NULL,
              "二的表格是 %s 年格式（第 %d 行起的标签只有该格式才有），三的表格是 %s "
              "年格式（第 %d 行）：一份报告混用了两种格式，与 %d 年度要求的 %s "
              "年格式不符的表格无法导入",
              xxgk_template_format(template_at((size_t)win[0])), line[win[0]],
              xxgk_template_format(template_at((size_t)win[1])), line[nt + (size_t)win[1]], year,
              xxgk_template_format(fc->tpl));
    } else if (win[0] >= 0 || win[1] >= 0) {
        int f = win[0] >= 0 ? 0 : 1;
        fc->tpl = template_at((size_t)win[f]);
        fc->best_f[0] = fc->best_f[1] = (size_t)win[f];
        if (req && fc->tpl != req)
            idiag(im, XXGK_WARNING, "C11", line[(size_t)f * nt + (size_t)win[f]], 1, NULL,
                  xxgk_template_format(req), xxgk_template_format(fc->tpl),
                  "表格是%s（%s，第 %d 行起的标签只有该格式才有），而 %d 年度应使用 %s "
                  "年格式；按原文的格式导入，check 会报告 C11",
                  fc->tpl->name, fc->tpl->basis, line[(size_t)f * nt + (size_t)win[f]], year,
                  xxgk_template_format(req));
    } else if (req) {
        fc->tpl = req; /* the year decides: no label does */
        fc->best_f[0] = fc->best_f[1] = index_of(req);
    } else {
        fc->tpl = newest_template();
        fc->best_f[0] = fc->best_f[1] = index_of(fc->tpl);
        fc->undecided = 1;
        idiag(im, XXGK_ERROR, "I15", rg[0].n ? rg[0].lines[0].line : 0, 0, NULL, NULL, NULL,
              "无法判断表格的格式：表中没有只属于某一种格式的标签（本年制发件数、本年处理决定数量"
              "、上一年项目数量、本年增/减……），也找不到报告年度；二的表格不导入，三、四按 %s "
              "年格式读取（两种格式相同的部分）",
              xxgk_template_format(fc->tpl));
    }
    free(count);
    free(line);
}
