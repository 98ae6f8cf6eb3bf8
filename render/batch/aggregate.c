/* aggregate.c — a county's tables: every cell summed over the departments
 * that pass their checks, as a report skeleton of their format and year
 * for the county's own report (due 3月31日), the departments included
 * listed under "sources".  Reports with errors, of another format or year
 * than most, or of a department that is there twice are named and left
 * out. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "batch/batch.h"

typedef xxgk_report *(*loader)(const char *path, xxgk_diags *d);

static const char *department(const job *j, const xxgk_report *r)
{
    return j->department ? j->department : xxgk_report_agency(r);
}

/* How the reports are got: read from their files, or given as JSON. */
typedef struct {
    loader load;                 /* from l->v[i].input */
    const char *const *texts;    /* or these */
    const size_t *lens;
} source_of;

static xxgk_report *get_report(const source_of *src, const joblist *l, size_t i, xxgk_diags *d)
{
    if (src->texts)
        return xxgk_report_from_json(src->texts[i], src->lens[i], d);
    return src->load(l->v[i].input, d);
}

/* Every report read and checked; one with errors is left out (B04). */
static xxgk_report **load_all(const joblist *l, const source_of *src, xxgk_diags *d, int *rc)
{
    xxgk_report **reps = calloc(l->n ? l->n : 1, sizeof *reps);
    for (size_t i = 0; i < l->n; i++) {
        xxgk_diags *rd = xxgk_diags_new();
        reps[i] = get_report(src, l, i, rd);
        if (reps[i])
            xxgk_check(reps[i], NULL, rd);
        if (!reps[i] || xxgk_diags_errors(rd)) {
            char msg[480];
            first_error(rd, msg, sizeof msg);
            diag_add(d, XXGK_ERROR, "B04", NULL, "%s 未计入：%s", l->v[i].input, msg);
            xxgk_report_free(reps[i]);
            reps[i] = NULL;
            *rc = 1;
        }
        xxgk_diags_free(rd);
    }
    return reps;
}

/* One department twice (its .json and the .txt it was made from, or a
 * manifest naming it twice) would count it twice in the county total:
 * both are left out, named, until one is removed (B06). */
static void drop_duplicates(const joblist *l, xxgk_report **reps, xxgk_diags *d, int *rc)
{
    char *dup = calloc(l->n ? l->n : 1, 1);
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = i + 1; reps[i] && k < l->n; k++) {
            if (!reps[k])
                continue;
            const char *a = department(&l->v[i], reps[i]), *b = department(&l->v[k], reps[k]);
            if (strcmp(a, b) == 0) {
                diag_add(
                    d, XXGK_ERROR, "B06", NULL,
                    "%s 与 %s 是同一部门（%s）的报告，汇总会重复计算：两份都未计入，请只保留一份",
                    l->v[i].input, l->v[k].input, a);
                dup[i] = dup[k] = 1;
                *rc = 1;
            }
        }
    for (size_t i = 0; i < l->n; i++)
        if (dup[i]) {
            xxgk_report_free(reps[i]);
            reps[i] = NULL;
        }
    free(dup);
}

/* The format and year most reports share: the county's. */
static const xxgk_template *majority(const joblist *l, xxgk_report *const *reps, int *year)
{
    const xxgk_template *tpl = NULL;
    size_t best = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (!reps[i])
            continue;
        size_t same = 0;
        for (size_t k = 0; k < l->n; k++)
            same += reps[k] && reps[k]->tpl == reps[i]->tpl && reps[k]->year == reps[i]->year;
        if (same > best) {
            best = same;
            tpl = reps[i]->tpl;
            *year = reps[i]->year;
        }
    }
    return tpl;
}

/* Every cell summed over the reports of tpl and year (the others named,
 * B05), the reports freed; the departments included appended to included. */
static int64_t **sum_cells(const joblist *l, xxgk_report **reps, const xxgk_template *tpl, int year,
                           json_t *included, size_t *n_included, xxgk_diags *d, int *rc)
{
    int64_t **sum = xmalloc(tpl->n_blocks * sizeof *sum);
    for (size_t k = 0; k < tpl->n_blocks; k++)
        sum[k] = calloc((size_t)(tpl->blocks[k]->n_rows * tpl->blocks[k]->n_cols), sizeof **sum);
    for (size_t i = 0; i < l->n; i++) {
        xxgk_report *r = reps[i];
        if (!r)
            continue;
        if (r->tpl != tpl || r->year != year) {
            diag_add(d, XXGK_ERROR, "B05", NULL,
                     "%s 是 %d 年度、%s 格式，与多数报告（%d 年度、%s 格式）不同，未计入",
                     l->v[i].input, r->year, r->tpl->format, year, tpl->format);
            *rc = 1;
        } else {
            for (size_t k = 0; k < tpl->n_blocks; k++)
                for (int c = 0; c < tpl->blocks[k]->n_rows * tpl->blocks[k]->n_cols; c++)
                    sum[k][c] += r->cells[k][c].v;
            (*n_included)++;
            json_array_append_new(included,
                                  json_pack("{s:s, s:s}", "department", department(&l->v[i], r),
                                            "input", l->v[i].input));
        }
        xxgk_report_free(r);
        reps[i] = NULL;
    }
    return sum;
}

static int set_pointer(json_t *root, const char *pointer, json_t *value)
{
    char *p = xstrdup(pointer + 1);
    json_t *node = root;
    char *tok = p, *slash;
    int rc = -1;
    while ((slash = strchr(tok, '/'))) {
        *slash = 0;
        node = json_object_get(node, tok);
        tok = slash + 1;
    }
    if (json_is_object(node))
        rc = json_object_set_new(node, tok, value);
    else
        json_decref(value);
    free(p);
    return rc;
}

/* The skeleton of tpl with the sums in its cells, as JSON text (malloc'd);
 * sum is freed. */
static char *county_json(const xxgk_template *tpl, int year, int64_t **sum, json_t *included)
{
    char *skel = xxgk_template_skeleton(tpl, year);
    json_t *root = json_loads(skel, 0, NULL);
    free(skel);
    arena a = {0};
    for (size_t k = 0; k < tpl->n_blocks; k++) {
        const tblock *b = tpl->blocks[k];
        for (int i = 0; i < b->n_rows; i++)
            for (int j = 0; j < b->n_cols; j++) {
                int64_t v = sum[k][i * b->n_cols + j];
                json_t *jv = v % XXGK_SCALE ? json_real((double)v / XXGK_SCALE)
                                            : json_integer(v / XXGK_SCALE);
                set_pointer(root, report_cell_path(&a, b, b->row_leaves[i], b->col_leaves[j]), jv);
            }
        free(sum[k]);
    }
    free(sum);
    arena_free(&a);
    json_object_set(root, "sources", included);
    /* ten significant digits: 0.1 + 0.2 is written 0.3 */
    return json_text(root, 10);
}

/* The county's JSON of the reports of l (*text), and how many went in:
 * the exit status. */
static int aggregate(const joblist *l, const source_of *src, const char *source, char **text,
                     size_t *n_included, int *year, const char **format, xxgk_diags *d)
{
    /* Read and check them all first: the format and year most reports
     * share are the county's, and the others are named as odd ones. */
    int rc = 0;
    xxgk_report **reps = load_all(l, src, d, &rc);
    drop_duplicates(l, reps, d, &rc);
    const xxgk_template *tpl = majority(l, reps, year);
    *text = NULL;
    if (!tpl) {
        diag_add(d, XXGK_ERROR, "B04", NULL, "%s 中没有可以汇总的报告", source);
        free(reps);
        return 2;
    }
    json_t *included = json_array();
    int64_t **sum = sum_cells(l, reps, tpl, *year, included, n_included, d, &rc);
    free(reps);
    *text = county_json(tpl, *year, sum, included);
    *format = tpl->format;
    json_decref(included);
    return rc;
}

int xxgk_aggregate(const char *source, const char *out_path, loader load, FILE *log, xxgk_diags *d)
{
    joblist l = {0};
    if (list_jobs(source, &l, d)) {
        jobs_free(&l);
        return 2;
    }
    source_of src = {load ? load : xxgk_report_load_any, NULL, NULL};
    char *text = NULL;
    size_t n_included = 0;
    int year = 0;
    const char *format = NULL;
    int rc = aggregate(&l, &src, source, &text, &n_included, &year, &format, d);
    char *why = NULL;
    if (text && write_file_atomic(out_path, text, strlen(text), &why)) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法写入 %s：%s", out_path, why ? why : "?");
        rc = 2;
    } else if (text) {
        batch_say(log, "汇总了 %zu 份报告中的 %zu 份（%d 年度，%s 格式）：%s\n", l.n, n_included,
                  year, format, out_path);
    }
    free(why);
    free(text);
    jobs_free(&l);
    return rc;
}

int xxgk_aggregate_json(const char *const *texts, const size_t *lens, const char *const *names,
                        size_t n, char **out, xxgk_diags *d)
{
    joblist l = {0};
    for (size_t i = 0; i < n; i++)
        jobs_add(&l, NULL, names[i], NULL, 0);
    source_of src = {NULL, texts, lens};
    size_t n_included = 0;
    int year = 0;
    const char *format = NULL;
    int rc = aggregate(&l, &src, "汇总", out, &n_included, &year, &format, d);
    jobs_free(&l);
    return rc;
}
