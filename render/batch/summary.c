/* summary.c — a batch from start to end (xxgk_batch_run), its summaries
 * (OUTDIR/summary.csv and summary.json: one row per report), and the
 * summaries of the shards of one batch joined (xxgk_batch_merge). */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "batch/batch.h"

void batch_say(FILE *log, const char *fmt, ...)
{
    if (!log)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log, fmt, ap);
    va_end(ap);
    fflush(log);
}

static void csv_field(strbuf *b, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        sb_addc(b, '"');
        for (; *s; s++) {
            if (*s == '"')
                sb_addc(b, '"');
            sb_addc(b, *s);
        }
        sb_addc(b, '"');
    } else {
        sb_add(b, s);
    }
}

int write_summaries(int outfd, const char *outdir, const summary_row *rows, size_t n, FILE *log)
{
    strbuf csv = {0}, js = {0};
    /* the BOM: Excel reads a CSV without it in the locale's code page (GBK
     * on a Chinese Windows), and the departments' names come out garbled */
    sb_add(&csv, "\xEF\xBB\xBF");
    sb_add(&csv, "department,input,output,status,pages,errors,warnings,time_ms,bytes,message\n");
    sb_add(&js, "{\"reports\":[");
    int counts[ST_PENDING + 1] = {0};
    long long bytes = 0;
    double ms = 0;
    for (size_t i = 0; i < n; i++) {
        const summary_row *r = &rows[i];
        csv_field(&csv, r->department);
        sb_addc(&csv, ',');
        csv_field(&csv, r->input);
        sb_addc(&csv, ',');
        csv_field(&csv, r->output);
        sb_printf(&csv, ",%s,%d,%d,%d,%.1f,%lld,", r->status, r->pages, r->errors, r->warnings,
                  r->ms, r->bytes);
        csv_field(&csv, r->message);
        sb_addc(&csv, '\n');
        sb_add(&js, i ? ",\n{" : "\n{");
        sb_add(&js, "\"department\":");
        sb_add_json_string(&js, r->department);
        sb_add(&js, ",\"input\":");
        sb_add_json_string(&js, r->input);
        sb_add(&js, ",\"output\":");
        sb_add_json_string(&js, r->output);
        sb_add(&js, ",\"status\":");
        sb_add_json_string(&js, r->status);
        sb_printf(&js,
                  ",\"pages\":%d,\"errors\":%d,\"warnings\":%d,\"time_ms\":%.1f,\"bytes\":%lld",
                  r->pages, r->errors, r->warnings, r->ms, r->bytes);
        sb_add(&js, ",\"message\":");
        sb_add_json_string(&js, r->message);
        sb_addc(&js, '}');
        for (int s = 0; s <= ST_PENDING; s++)
            if (!strcmp(r->status, status_names[s]))
                counts[s]++;
        bytes += r->bytes;
        ms += r->ms;
    }
    int ok_count = counts[ST_RENDERED] + counts[ST_SKIPPED];
    sb_printf(&js,
              "\n],\"total\":%zu,\"rendered\":%d,\"draft\":%d,\"failed\":%d,\"error\":%d,"
              "\"skipped\":%d,\"crashed\":%d,\"timeout\":%d}\n",
              n, counts[ST_RENDERED], counts[ST_DRAFT], counts[ST_FAILED], counts[ST_ERROR],
              counts[ST_SKIPPED], counts[ST_CRASHED], counts[ST_TIMEOUT]);
    char *why = NULL;
    int rc = write_file_atomic_at(outfd, "summary.csv", csv.s, csv.len, &why) != 0 ||
             write_file_atomic_at(outfd, "summary.json", js.s, js.len, &why) != 0;
    char *pc = join_path(outdir, "summary.csv");
    if (rc)
        batch_say(log, "无法写入汇总 %s：%s\n", pc, why ? why : "?");
    free(why);
    batch_say(
        log,
        "%zu 份报告：成功 %d（其中跳过 %d），草稿 %d，未通过校验 %d，出错 %d，异常 %d，超时 %d；"
        "共 %lld 字节。汇总：%s\n",
        n, ok_count, counts[ST_SKIPPED], counts[ST_DRAFT], counts[ST_FAILED], counts[ST_ERROR],
        counts[ST_CRASHED], counts[ST_TIMEOUT], bytes, pc);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].status, "rendered") && strcmp(rows[i].status, "skipped"))
            batch_say(log, "  %-8s %s  %s\n", rows[i].status, rows[i].input, rows[i].message);
    free(pc);
    sb_free(&csv);
    sb_free(&js);
    if (rc)
        return 2;
    return ok_count == (int)n ? 0 : 1;
}

int open_outdir(const char *outdir, xxgk_diags *d)
{
    char *why = NULL;
    if (mkdirs(outdir)) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法创建输出文件夹 %s：%s", outdir, strerror(errno));
        return -1;
    }
    int fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || dir_writable(fd, &why) != 0) {
        /* found before a single report is rendered, not after all of them */
        diag_add(d, XXGK_ERROR, "B01", NULL, "输出文件夹 %s 无法写入：%s", outdir,
                 fd < 0 ? strerror(errno)
                 : why  ? why
                        : "?");
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    free(why);
    return fd;
}

int xxgk_batch_run(const xxgk_batch_options *o, xxgk_diags *d)
{
    joblist l = {0};
    if (list_jobs(o->source, &l, d) || validate_outputs(&l, d)) {
        jobs_free(&l);
        return 2;
    }
    if (o->shard_n > 0)
        apply_shard(&l, o->shard_k, o->shard_n);
    int outfd = open_outdir(o->outdir, d);
    if (outfd < 0) {
        jobs_free(&l);
        return 2;
    }
    journal *jr = journal_open(outfd, o->resume, o->render_settings, o->render_secret, &l, d);
    if (!jr) {
        close(outfd);
        jobs_free(&l);
        return 2;
    }
    record *res = calloc(l.n ? l.n : 1, sizeof *res);
    for (size_t i = 0; i < l.n; i++)
        res[i].status = ST_PENDING;
    run_jobs(o, &l, res, outfd, jr);
    journal_close(jr);
    summary_row *rows = calloc(l.n ? l.n : 1, sizeof *rows);
    for (size_t i = 0; i < l.n; i++) {
        rows[i] = (summary_row){
            res[i].department, l.v[i].input, l.v[i].output, (char *)status_names[res[i].status],
            res[i].message,    res[i].pages, res[i].errors, res[i].warnings,
            res[i].ms,         res[i].bytes};
    }
    int rc = write_summaries(outfd, o->outdir, rows, l.n, o->log);
    close(outfd);
    free(rows);
    free(res);
    jobs_free(&l);
    return rc;
}

int xxgk_batch_merge(const char *outdir, const char *const *summaries, int n, FILE *log,
                     xxgk_diags *d)
{
    json_t **docs = calloc((size_t)n + 1, sizeof *docs);
    summary_row *rows = NULL;
    size_t nrows = 0;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        json_error_t err = {0};
        size_t len = 0;
        char *text = read_file_limited(summaries[i], &len, NULL);
        docs[i] = text ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &err) : NULL;
        free(text);
        json_t *reports = json_object_get(docs[i], "reports");
        if (!json_is_array(reports)) {
            diag_add(d, XXGK_ERROR, "B01", &(diag_where){.line = err.line, .col = err.column},
                     "%s 不是 xxgk batch 的 summary.json", summaries[i]);
            rc = 2;
            break;
        }
        for (size_t k = 0; k < json_array_size(reports); k++) {
            json_t *r = json_array_get(reports, k);
#define S(key)                                                                                     \
    ((char *)(json_string_value(json_object_get(r, key))                                           \
                  ? json_string_value(json_object_get(r, key))                                     \
                  : ""))
#define I(key) ((int)json_integer_value(json_object_get(r, key)))
            rows = xrealloc(rows, (nrows + 1) * sizeof *rows);
            rows[nrows++] =
                (summary_row){S("department"),
                              S("input"),
                              S("output"),
                              S("status"),
                              S("message"),
                              I("pages"),
                              I("errors"),
                              I("warnings"),
                              json_number_value(json_object_get(r, "time_ms")),
                              (long long)json_integer_value(json_object_get(r, "bytes"))};
#undef S
#undef I
        }
    }
    for (size_t i = 0; rc == 0 && i < nrows; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(rows[i].output, rows[k].output)) {
                diag_add(d, XXGK_ERROR, "B03", NULL, "两个分片都有输出 %s：分片重叠了",
                         rows[i].output);
                rc = 2;
                break;
            }
    int outfd = rc == 0 ? open_outdir(outdir, d) : -1;
    if (rc == 0 && outfd < 0)
        rc = 2;
    else if (rc == 0)
        rc = write_summaries(outfd, outdir, rows, nrows, log);
    if (outfd >= 0)
        close(outfd);
    free(rows);
    for (int i = 0; i < n; i++)
        json_decref(docs[i]);
    free(docs);
    return rc;
}
