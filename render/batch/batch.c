/* batch.c — a county's reports at once.
 *
 * The list of jobs comes from a folder or a manifest; every output name is
 * validated (inside OUTDIR, no two alike) before anything is written.
 * Workers are forked processes: a crash in one report (a bug, a font
 * library abort) cannot take the batch down, and the fonts each worker
 * loads once serve all its reports.  Workers take the next job from a
 * shared counter and send their results as fixed-size records through a
 * pipe (records under PIPE_BUF are written atomically).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, st_mtim */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "model/model.h"
#include "xxgk_batch.h"

typedef struct {
    char *department; /* from the manifest, else the report's agency */
    char *input;
    char *output;     /* relative to OUTDIR */
    int line;         /* manifest line, 0 for a folder */
    int resumable;    /* the journal says the PDF was rendered, not a draft, with these settings */
} job;

typedef struct {
    job *v;
    size_t n, cap;
} joblist;

enum { ST_RENDERED, ST_DRAFT, ST_FAILED, ST_ERROR, ST_SKIPPED, ST_CRASHED, ST_PENDING };
static const char *const status_names[] = {"rendered", "draft", "failed", "error", "skipped", "crashed", "pending"};

typedef struct {
    int type; /* 0 start, 1 done */
    int job;
    int status, pages, errors, warnings;
    double ms;
    long long bytes;
    char department[256];
    char message[480];
} record;

static void jobs_add(joblist *l, const char *dept, const char *input, const char *output, int line)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    job *j = &l->v[l->n++];
    j->department = dept && *dept ? xstrdup(dept) : NULL;
    j->input = xstrdup(input);
    j->output = output ? xstrdup(output) : NULL;
    j->line = line;
    j->resumable = 0;
}

static void jobs_free(joblist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].department);
        free(l->v[i].input);
        free(l->v[i].output);
    }
    free(l->v);
}

static char *stem_pdf(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    strbuf b = {0};
    sb_addn(&b, base, n);
    sb_add(&b, ".pdf");
    return sb_take(&b);
}

static char *join_path(const char *dir, const char *name)
{
    strbuf b = {0};
    if (name[0] != '/' && dir && *dir) {
        sb_add(&b, dir);
        if (!str_ends_with(dir, "/"))
            sb_addc(&b, '/');
    }
    sb_add(&b, name);
    return sb_take(&b);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_folder(const char *dir, joblist *l, xxgk_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法打开文件夹 %s：%s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.' || !(str_ends_with(e->d_name, ".json") || str_ends_with(e->d_name, ".txt")))
            continue;
        if (!strcmp(e->d_name, "summary.json"))
            continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *in = join_path(dir, names[i]);
        char *out = stem_pdf(names[i]);
        jobs_add(l, NULL, in, out, 0);
        free(in);
        free(out);
        free(names[i]);
    }
    free(names);
    return 0;
}

/* One CSV record (RFC 4180: quotes, doubled quotes, commas, newlines in
 * quotes).  Returns the number of fields, -1 at the end. */
static int csv_record(const char **p, char **fields, int max)
{
    const char *s = *p;
    if (!*s)
        return -1;
    int n = 0;
    for (;;) {
        strbuf f = {0};
        if (*s == '"') {
            s++;
            while (*s && !(*s == '"' && s[1] != '"')) {
                if (*s == '"')
                    s++;
                sb_addc(&f, *s++);
            }
            if (*s == '"')
                s++;
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r')
            sb_addc(&f, *s++);
        if (n < max)
            fields[n++] = sb_take(&f);
        else
            sb_free(&f);
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        break;
    }
    *p = s;
    return n;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    strbuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && b.len < (64u << 20))
        sb_addn(&b, buf, n);
    fclose(f);
    if (len)
        *len = b.len;
    return sb_take(&b);
}

static int list_manifest(const char *path, joblist *l, xxgk_diags *d)
{
    size_t len;
    char *text = read_all(path, &len);
    if (!text) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法读取清单 %s：%s", path, strerror(errno));
        return -1;
    }
    char *base = xstrdup(path);
    char *slash = strrchr(base, '/');
    if (slash)
        *slash = 0;
    else
        strcpy(base, ".");
    int rc = 0;
    if (str_ends_with(path, ".json")) {
        json_error_t err;
        json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
        if (!json_is_array(root)) {
            diag_add(d, XXGK_ERROR, "B01", &(diag_where){.line = err.line, .col = err.column}, "清单 %s 应为 JSON 数组 [{\"department\": …, \"input\": …, \"output\": …}]%s%s", path, root ? "" : "：", root ? "" : err.text);
            rc = -1;
        }
        for (size_t i = 0; rc == 0 && i < json_array_size(root); i++) {
            json_t *o = json_array_get(root, i);
            const char *in = json_string_value(json_object_get(o, "input"));
            if (!in) {
                diag_add(d, XXGK_ERROR, "B01", NULL, "清单 %s 第 %zu 项缺少 \"input\"", path, i + 1);
                rc = -1;
                break;
            }
            char *full = join_path(base, in);
            const char *out = json_string_value(json_object_get(o, "output"));
            char *dflt = out ? NULL : stem_pdf(in);
            jobs_add(l, json_string_value(json_object_get(o, "department")), full, out ? out : dflt,
                     (int)i + 1);
            free(full);
            free(dflt);
        }
        json_decref(root);
    } else {
        const char *p = text;
        char *f[16];
        int n = csv_record(&p, f, 16), col_dept = -1, col_in = -1, col_out = -1;
        for (int i = 0; i < n; i++) {
            if (!strcmp(f[i], "department"))
                col_dept = i;
            else if (!strcmp(f[i], "input"))
                col_in = i;
            else if (!strcmp(f[i], "output"))
                col_out = i;
            free(f[i]);
        }
        if (col_in < 0) {
            diag_add(d, XXGK_ERROR, "B01", &(diag_where){.line = 1, .col = 1}, "清单 %s 的第一行应为列名，至少有 input（可选 department、output）", path);
            rc = -1;
        }
        for (int line = 2; rc == 0 && (n = csv_record(&p, f, 16)) >= 0; line++) {
            if (n == 1 && !f[0][0]) { /* blank line */
                free(f[0]);
                continue;
            }
            if (col_in >= n || !f[col_in][0]) {
                diag_add(d, XXGK_ERROR, "B01", &(diag_where){.line = line, .col = 1}, "清单 %s 第 %d 行缺少 input", path, line);
                rc = -1;
            } else {
                char *full = join_path(base, f[col_in]);
                char *dflt = col_out >= 0 && col_out < n && f[col_out][0] ? NULL : stem_pdf(f[col_in]);
                jobs_add(l, col_dept >= 0 && col_dept < n ? f[col_dept] : NULL, full,
                         dflt ? dflt : f[col_out], line);
                free(full);
                free(dflt);
            }
            for (int i = 0; i < n; i++)
                free(f[i]);
        }
    }
    free(base);
    free(text);
    return rc;
}

static int list_jobs(const char *source, joblist *l, xxgk_diags *d)
{
    struct stat st;
    if (stat(source, &st) != 0) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "找不到 %s：%s", source, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return list_folder(source, l, d);
    return list_manifest(source, l, d);
}

/* An output name stays inside OUTDIR: relative, no "..", no empty part. */
static int safe_output(const char *name)
{
    if (!*name || name[0] == '/' || strchr(name, '\\'))
        return 0;
    const char *p = name;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        p += n + (slash ? 1 : 0);
        if (slash && !*p)
            return 0;
    }
    return str_ends_with(name, ".pdf");
}

static int validate_outputs(joblist *l, xxgk_diags *d)
{
    int bad = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (!safe_output(l->v[i].output)) {
            diag_add(d, XXGK_ERROR, "B02", &(diag_where){.line = l->v[i].line}, "输出文件名 \"%s\" 不合规：应为 OUTDIR 之内的相对路径，以 .pdf 结尾，不含 ..", l->v[i].output);
            bad = 1;
        }
        for (size_t k = 0; k < i; k++)
            if (!strcmp(l->v[i].output, l->v[k].output)) {
                diag_add(d, XXGK_ERROR, "B03", &(diag_where){.line = l->v[i].line}, "%s 与 %s 会写到同一个输出文件 %s", l->v[k].input, l->v[i].input, l->v[i].output);
                bad = 1;
            }
    }
    return bad ? -1 : 0;
}

static void apply_shard(joblist *l, int k, int n)
{
    if (n <= 1)
        return;
    /* by position in the sorted list of outputs: every shard of every
     * machine computes the same partition */
    size_t *order = xmalloc(l->n * sizeof *order), kept = 0;
    for (size_t i = 0; i < l->n; i++)
        order[i] = i;
    for (size_t i = 1; i < l->n; i++) /* insertion sort: a few thousand at most */
        for (size_t j = i; j > 0 && strcmp(l->v[order[j - 1]].output, l->v[order[j]].output) > 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    char *keep = calloc(l->n ? l->n : 1, 1);
    for (size_t i = 0; i < l->n; i++)
        if ((int)(i % (size_t)n) == k - 1)
            keep[order[i]] = 1;
    for (size_t i = 0; i < l->n; i++) {
        if (keep[i])
            l->v[kept++] = l->v[i];
        else {
            free(l->v[i].department);
            free(l->v[i].input);
            free(l->v[i].output);
        }
    }
    l->n = kept;
    free(keep);
    free(order);
}

/* ---- files ---------------------------------------------------------- */

static int mkdirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            if (mkdir(p, 0777) && errno != EEXIST) {
                free(p);
                return -1;
            }
            *s = '/';
        }
    int rc = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- one report ----------------------------------------------------- */

static char *previous_for(const char *dir, const char *input)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    char *p = join_path(dir, base);
    struct stat st;
    if (stat(p, &st) == 0)
        return p;
    free(p);
    return NULL;
}

static void first_error(const xxgk_diags *d, char *out, size_t size)
{
    out[0] = 0;
    for (size_t i = 0; i < xxgk_diags_count(d); i++) {
        const xxgk_diag *g = xxgk_diags_get(d, i);
        if (g->severity == XXGK_ERROR) {
            snprintf(out, size, "%s %s%s%s", g->rule, g->place ? g->place : "", g->place ? "：" : "",
                     g->message);
            break;
        }
    }
    /* never cut a UTF-8 sequence in two */
    size_t n = strlen(out);
    while (n && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
        n--;
    if (n && (unsigned char)out[n - 1] >= 0xC0 && !utf8_valid(out + n - 1, strlen(out + n - 1)))
        out[n - 1] = 0;
}

static void run_job(const xxgk_batch_options *o, void *ws, const job *j, record *rec)
{
    double t0 = now_ms();
    xxgk_diags *d = xxgk_diags_new();
    char *out = join_path(o->outdir, j->output);
    snprintf(rec->department, sizeof rec->department, "%s", j->department ? j->department : "");
    struct stat si, so;
    if (o->resume && j->resumable && stat(j->input, &si) == 0 && stat(out, &so) == 0 &&
        (so.st_mtim.tv_sec > si.st_mtim.tv_sec ||
         (so.st_mtim.tv_sec == si.st_mtim.tv_sec && so.st_mtim.tv_nsec > si.st_mtim.tv_nsec))) {
        rec->status = ST_SKIPPED;
        rec->bytes = so.st_size;
        goto done;
    }
    xxgk_report *r = (o->load ? o->load : xxgk_report_load_any)(j->input, d);
    if (!r) {
        rec->status = ST_ERROR;
        goto done;
    }
    if (!rec->department[0])
        snprintf(rec->department, sizeof rec->department, "%s", xxgk_report_agency(r));
    xxgk_report *prev = NULL;
    xxgk_diags *pd = xxgk_diags_new();
    char *prev_path = o->previous_dir ? previous_for(o->previous_dir, j->input) : NULL;
    if (prev_path)
        prev = (o->load ? o->load : xxgk_report_load_any)(prev_path, pd);
    xxgk_check_options co = {prev, NULL, NULL};
    if (o->check_hook)
        o->check_hook(ws, &co);
    xxgk_check(r, &co, d);
    int errors = (int)xxgk_diags_errors(d);
    if (errors && !o->draft) {
        rec->status = ST_FAILED;
    } else {
        char *slash = strrchr(out, '/');
        if (slash) {
            *slash = 0;
            mkdirs(out);
            *slash = '/';
        }
        int pages = 0;
        if (o->render(ws, r, j->input, out, errors != 0, d, &pages) == 0) {
            rec->status = errors ? ST_DRAFT : ST_RENDERED;
            rec->pages = pages;
            if (stat(out, &so) == 0)
                rec->bytes = so.st_size;
        } else {
            rec->status = ST_ERROR;
        }
    }
    xxgk_report_free(prev);
    xxgk_diags_free(pd);
    free(prev_path);
    xxgk_report_free(r);
done:
    rec->errors = (int)xxgk_diags_errors(d);
    rec->warnings = (int)xxgk_diags_warnings(d);
    first_error(d, rec->message, sizeof rec->message);
    if ((rec->status == ST_FAILED || rec->status == ST_ERROR) && stat(out, &so) == 0) {
        /* an earlier batch's PDF is still there: not this data */
        char note[200];
        snprintf(note, sizeof note, "（%s 是以前生成的，未更新）", j->output);
        size_t used = strlen(rec->message);
        if (used + strlen(note) < sizeof rec->message)
            memcpy(rec->message + used, note, strlen(note) + 1);
    }
    rec->ms = now_ms() - t0;
    xxgk_diags_free(d);
    free(out);
}

/* ---- the pool ------------------------------------------------------- */

static void worker(const xxgk_batch_options *o, joblist *l, long *next, int fd)
{
    void *ws = o->worker_init ? o->worker_init(o->ctx) : o->ctx;
    for (;;) {
        long i = __atomic_fetch_add(next, 1, __ATOMIC_SEQ_CST);
        if (i >= (long)l->n)
            break;
        record rec;
        memset(&rec, 0, sizeof rec);
        rec.job = (int)i;
        rec.type = 0;
        if (write(fd, &rec, sizeof rec) != (ssize_t)sizeof rec)
            break;
        run_job(o, ws, &l->v[i], &rec);
        rec.type = 1;
        if (write(fd, &rec, sizeof rec) != (ssize_t)sizeof rec)
            break;
    }
    if (o->worker_done)
        o->worker_done(ws);
}

typedef struct {
    record *res;
    size_t done, total;
    int bar;
    FILE *log;
    int counts[ST_PENDING + 1];
    FILE *journal;
    const char *settings;
} progress;

/* ---- the journal, for --resume ---------------------------------------- */

/* OUTDIR/.xxgk-journal: a line per PDF written, "status<TAB>settings<TAB>
 * output", appended as each report ends, so a killed batch still has it.
 * --resume skips a report only when its last line says it was rendered
 * (not as a draft) with the same settings, and the PDF is newer than the
 * input: the mtime alone would keep a draft, or a cairo PDF when the batch
 * now asks for a locked haru one. */
#define JOURNAL_NAME ".xxgk-journal"

static void journal_mark_resumable(const char *outdir, const char *settings, joblist *l)
{
    char *path = join_path(outdir, JOURNAL_NAME);
    size_t len = 0;
    char *text = read_all(path, &len);
    free(path);
    if (!text)
        return;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (t2) {
            *t1 = *t2 = 0;
            int ok = !strcmp(line, status_names[ST_RENDERED]) && !strcmp(t1 + 1, settings);
            for (size_t i = 0; i < l->n; i++)
                if (!strcmp(l->v[i].output, t2 + 1))
                    l->v[i].resumable = ok; /* the last line of an output wins */
        }
        line = next;
    }
    free(text);
}

static void journal_add(progress *p, const job *j, const record *r)
{
    if (!p->journal || (r->status != ST_RENDERED && r->status != ST_DRAFT))
        return;
    fprintf(p->journal, "%s\t%s\t%s\n", status_names[r->status], p->settings, j->output);
    fflush(p->journal);
}

static void show(progress *p, const job *j, const record *r)
{
    p->counts[r->status]++;
    journal_add(p, j, r);
    if (p->bar) {
        int width = 30, fill = p->total ? (int)(width * p->done / p->total) : width;
        fprintf(p->log, "\r[%.*s%*s] %zu/%zu  成功 %d  未通过 %d  出错 %d", fill,
                "==============================", width - fill, "", p->done, p->total,
                p->counts[ST_RENDERED] + p->counts[ST_DRAFT] + p->counts[ST_SKIPPED],
                p->counts[ST_FAILED], p->counts[ST_ERROR] + p->counts[ST_CRASHED]);
        fflush(p->log);
    } else {
        fprintf(p->log, "%zu/%zu %-8s %s -> %s%s%s\n", p->done, p->total, status_names[r->status],
                j->input, j->output, r->message[0] ? "  " : "", r->message);
    }
}

static int run_pool(const xxgk_batch_options *o, joblist *l, record *res, progress *pg)
{
    int n = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if ((size_t)n > l->n)
        n = l->n ? (int)l->n : 1;
    long *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (next == MAP_FAILED)
        return -1;
    *next = 0;
    int fds[2];
    if (pipe(fds)) {
        munmap(next, sizeof *next);
        return -1;
    }
    fflush(NULL);
    pid_t *pids = xmalloc((size_t)n * sizeof *pids);
    int *current = xmalloc((size_t)n * sizeof *current); /* job in hand, by worker */
    int alive = 0;
    for (int w = 0; w < n; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            close(fds[0]);
            worker(o, l, next, fds[1]);
            close(fds[1]);
            _exit(0);
        }
        current[w] = -1;
        alive += pids[w] > 0;
    }
    close(fds[1]);
    record rec;
    ssize_t got;
    /* a start record names the worker's job until its done record; the
     * worker is not named in the record, so track jobs in flight */
    char *inflight = calloc(l->n ? l->n : 1, 1);
    while ((got = read(fds[0], &rec, sizeof rec)) == (ssize_t)sizeof rec) {
        if (rec.job < 0 || (size_t)rec.job >= l->n)
            continue;
        if (rec.type == 0) {
            inflight[rec.job] = 1;
            continue;
        }
        inflight[rec.job] = 0;
        res[rec.job] = rec;
        pg->done++;
        show(pg, &l->v[rec.job], &rec);
    }
    close(fds[0]);
    for (int w = 0; w < n; w++)
        if (pids[w] > 0)
            waitpid(pids[w], NULL, 0);
    /* jobs a dead worker held: crashed */
    for (size_t i = 0; i < l->n; i++)
        if (inflight[i] || (res[i].status == ST_PENDING && i < (size_t)*next)) {
            res[i].status = ST_CRASHED;
            snprintf(res[i].message, sizeof res[i].message, "处理这份报告时程序异常退出");
            pg->done++;
            show(pg, &l->v[i], &res[i]);
        }
    size_t started = (size_t)*next;
    free(inflight);
    free(pids);
    free(current);
    munmap(next, sizeof *next);
    (void)alive;
    /* if every worker died early, the rest was never started: run it here */
    if (started < l->n) {
        void *ws = o->worker_init ? o->worker_init(o->ctx) : o->ctx;
        for (size_t i = started; i < l->n; i++) {
            if (res[i].status != ST_PENDING)
                continue;
            run_job(o, ws, &l->v[i], &res[i]);
            pg->done++;
            show(pg, &l->v[i], &res[i]);
        }
        if (o->worker_done)
            o->worker_done(ws);
    }
    return 0;
}

/* ---- summaries ------------------------------------------------------ */

typedef struct {
    char *department, *input, *output, *status, *message;
    int pages, errors, warnings;
    double ms;
    long long bytes;
} summary_row;

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

static int write_summaries(const char *outdir, const summary_row *rows, size_t n, FILE *log)
{
    strbuf csv = {0}, js = {0};
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
        sb_printf(&csv, ",%s,%d,%d,%d,%.1f,%lld,", r->status, r->pages, r->errors, r->warnings, r->ms,
                  r->bytes);
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
        sb_printf(&js, ",\"pages\":%d,\"errors\":%d,\"warnings\":%d,\"time_ms\":%.1f,\"bytes\":%lld",
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
    sb_printf(&js, "\n],\"total\":%zu,\"rendered\":%d,\"draft\":%d,\"failed\":%d,\"error\":%d,"
                   "\"skipped\":%d,\"crashed\":%d}\n",
              n, counts[ST_RENDERED], counts[ST_DRAFT], counts[ST_FAILED], counts[ST_ERROR],
              counts[ST_SKIPPED], counts[ST_CRASHED]);
    char *pc = join_path(outdir, "summary.csv"), *pj = join_path(outdir, "summary.json");
    int rc = write_file_atomic(pc, csv.s, csv.len, NULL) | write_file_atomic(pj, js.s, js.len, NULL);
    fprintf(log, "%zu 份报告：成功 %d（其中跳过 %d），草稿 %d，未通过校验 %d，出错 %d，异常 %d；共 %lld 字节。汇总：%s\n",
            n, ok_count, counts[ST_SKIPPED], counts[ST_DRAFT], counts[ST_FAILED], counts[ST_ERROR],
            counts[ST_CRASHED], bytes, pc);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].status, "rendered") && strcmp(rows[i].status, "skipped"))
            fprintf(log, "  %-8s %s  %s\n", rows[i].status, rows[i].input, rows[i].message);
    free(pc);
    free(pj);
    sb_free(&csv);
    sb_free(&js);
    if (rc)
        return 2;
    return ok_count == (int)n ? 0 : 1;
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
    if (mkdirs(o->outdir)) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法创建输出文件夹 %s：%s", o->outdir, strerror(errno));
        jobs_free(&l);
        return 2;
    }
    record *res = calloc(l.n ? l.n : 1, sizeof *res);
    for (size_t i = 0; i < l.n; i++)
        res[i].status = ST_PENDING;
    const char *settings = o->render_settings ? o->render_settings : "";
    if (o->resume)
        journal_mark_resumable(o->outdir, settings, &l);
    char *jpath = join_path(o->outdir, JOURNAL_NAME);
    FILE *journal = fopen(jpath, o->resume ? "a" : "w");
    free(jpath);
    progress pg = {res, 0, l.n, o->progress_bar, o->log ? o->log : stderr, {0}, journal, settings};
    run_pool(o, &l, res, &pg);
    if (journal)
        fclose(journal);
    if (pg.bar)
        fputc('\n', pg.log);
    summary_row *rows = calloc(l.n ? l.n : 1, sizeof *rows);
    for (size_t i = 0; i < l.n; i++) {
        rows[i] = (summary_row){res[i].department, l.v[i].input, l.v[i].output,
                                (char *)status_names[res[i].status], res[i].message, res[i].pages,
                                res[i].errors, res[i].warnings, res[i].ms, res[i].bytes};
    }
    int rc = write_summaries(o->outdir, rows, l.n, pg.log);
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
        json_error_t err;
        docs[i] = json_load_file(summaries[i], JSON_REJECT_DUPLICATES, &err);
        json_t *reports = json_object_get(docs[i], "reports");
        if (!json_is_array(reports)) {
            diag_add(d, XXGK_ERROR, "B01", &(diag_where){.line = err.line, .col = err.column}, "%s 不是 xxgk batch 的 summary.json", summaries[i]);
            rc = 2;
            break;
        }
        for (size_t k = 0; k < json_array_size(reports); k++) {
            json_t *r = json_array_get(reports, k);
#define S(key) ((char *)(json_string_value(json_object_get(r, key)) ? json_string_value(json_object_get(r, key)) : ""))
#define I(key) ((int)json_integer_value(json_object_get(r, key)))
            rows = xrealloc(rows, (nrows + 1) * sizeof *rows);
            rows[nrows++] = (summary_row){S("department"), S("input"), S("output"), S("status"),
                                          S("message"), I("pages"), I("errors"), I("warnings"),
                                          json_number_value(json_object_get(r, "time_ms")),
                                          (long long)json_integer_value(json_object_get(r, "bytes"))};
#undef S
#undef I
        }
    }
    for (size_t i = 0; rc == 0 && i < nrows; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(rows[i].output, rows[k].output)) {
                diag_add(d, XXGK_ERROR, "B03", NULL, "两个分片都有输出 %s：分片重叠了", rows[i].output);
                rc = 2;
                break;
            }
    if (rc == 0) {
        if (mkdirs(outdir)) {
            diag_add(d, XXGK_ERROR, "B01", NULL, "无法创建 %s", outdir);
            rc = 2;
        } else
            rc = write_summaries(outdir, rows, nrows, log ? log : stderr);
    }
    free(rows);
    for (int i = 0; i < n; i++)
        json_decref(docs[i]);
    free(docs);
    return rc;
}

/* ---- aggregate ------------------------------------------------------ */

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

int xxgk_aggregate(const char *source, const char *out_path,
                   xxgk_report *(*load)(const char *path, xxgk_diags *d), FILE *log, xxgk_diags *d)
{
    joblist l = {0};
    if (list_jobs(source, &l, d)) {
        jobs_free(&l);
        return 2;
    }
    if (!log)
        log = stderr;
    if (!load)
        load = xxgk_report_load_any;
    /* Read and check them all first: the format and year most reports
     * share are the county's, and the others are named as odd ones. */
    xxgk_report **reps = calloc(l.n ? l.n : 1, sizeof *reps);
    int rc = 0;
    for (size_t i = 0; i < l.n; i++) {
        xxgk_diags *rd = xxgk_diags_new();
        reps[i] = load(l.v[i].input, rd);
        if (reps[i])
            xxgk_check(reps[i], NULL, rd);
        if (!reps[i] || xxgk_diags_errors(rd)) {
            char msg[480];
            first_error(rd, msg, sizeof msg);
            diag_add(d, XXGK_ERROR, "B04", NULL, "%s 未计入：%s", l.v[i].input, msg);
            xxgk_report_free(reps[i]);
            reps[i] = NULL;
            rc = 1;
        }
        xxgk_diags_free(rd);
    }
    /* One department twice (its .json and the .txt it was made from, or a
     * manifest naming it twice) would count it twice in the county total:
     * both are left out, named, until one is removed. */
    char *dup = calloc(l.n ? l.n : 1, 1);
    for (size_t i = 0; i < l.n; i++)
        for (size_t k = i + 1; reps[i] && k < l.n; k++) {
            if (!reps[k])
                continue;
            const char *a = l.v[i].department ? l.v[i].department : xxgk_report_agency(reps[i]);
            const char *b = l.v[k].department ? l.v[k].department : xxgk_report_agency(reps[k]);
            if (strcmp(a, b) == 0) {
                diag_add(d, XXGK_ERROR, "B06", NULL, "%s 与 %s 是同一部门（%s）的报告，汇总会重复计算：两份都未计入，请只保留一份", l.v[i].input, l.v[k].input, a);
                dup[i] = dup[k] = 1;
                rc = 1;
            }
        }
    for (size_t i = 0; i < l.n; i++)
        if (dup[i]) {
            xxgk_report_free(reps[i]);
            reps[i] = NULL;
        }
    free(dup);
    const xxgk_template *tpl = NULL;
    int year = 0;
    size_t best = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (!reps[i])
            continue;
        size_t same = 0;
        for (size_t k = 0; k < l.n; k++)
            same += reps[k] && reps[k]->tpl == reps[i]->tpl && reps[k]->year == reps[i]->year;
        if (same > best) {
            best = same;
            tpl = reps[i]->tpl;
            year = reps[i]->year;
        }
    }
    int64_t **sum = NULL;
    json_t *included = json_array();
    size_t n_included = 0;
    if (tpl) {
        sum = xmalloc(tpl->n_blocks * sizeof *sum);
        for (size_t k = 0; k < tpl->n_blocks; k++)
            sum[k] = calloc((size_t)(tpl->blocks[k]->n_rows * tpl->blocks[k]->n_cols), sizeof **sum);
    }
    for (size_t i = 0; i < l.n; i++) {
        xxgk_report *r = reps[i];
        if (!r)
            continue;
        if (r->tpl != tpl || r->year != year) {
            diag_add(d, XXGK_ERROR, "B05", NULL, "%s 是 %d 年度、%s 格式，与多数报告（%d 年度、%s 格式）不同，未计入", l.v[i].input, r->year, r->tpl->format, year, tpl->format);
            rc = 1;
        } else {
            for (size_t k = 0; k < tpl->n_blocks; k++)
                for (int c = 0; c < tpl->blocks[k]->n_rows * tpl->blocks[k]->n_cols; c++)
                    sum[k][c] += r->cells[k][c].v;
            n_included++;
            json_array_append_new(included, json_pack("{s:s, s:s}", "department",
                                                      l.v[i].department ? l.v[i].department : xxgk_report_agency(r),
                                                      "input", l.v[i].input));
        }
        xxgk_report_free(r);
    }
    free(reps);
    if (!tpl) {
        diag_add(d, XXGK_ERROR, "B04", NULL, "%s 中没有可以汇总的报告", source);
        json_decref(included);
        jobs_free(&l);
        return 2;
    }
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
    json_object_set_new(root, "sources", included);
    /* ten significant digits: 0.1 + 0.2 is written 0.3 */
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(root);
    strbuf b = {0};
    sb_add(&b, text);
    sb_addc(&b, '\n');
    free(text);
    char *why = NULL;
    if (write_file_atomic(out_path, b.s, b.len, &why)) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法写入 %s：%s", out_path, why ? why : "?");
        rc = 2;
    } else {
        fprintf(log, "汇总了 %zu 份报告中的 %zu 份（%d 年度，%s 格式）：%s\n", l.n, n_included, year,
                tpl->format, out_path);
    }
    free(why);
    sb_free(&b);
    jobs_free(&l);
    return rc;
}
