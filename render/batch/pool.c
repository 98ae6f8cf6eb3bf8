/* pool.c — the reports of a batch rendered by forked worker processes.
 * A crash in one report (a bug, a font library abort) cannot take the
 * batch down, and the fonts each worker loads once serve all its reports.
 * Workers take the next job from a shared counter and send their results
 * as fixed-size records through a pipe (records under PIPE_BUF are written
 * atomically); a job a dead worker held is "crashed".  As each report
 * ends, a line goes to OUTDIR/.xxgk-journal for --resume. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, st_mtim */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"

const char *const status_names[ST_PENDING + 1] = {"rendered", "draft",   "failed", "error",
                                                  "skipped",  "crashed", "pending"};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

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

void first_error(const xxgk_diags *d, char *out, size_t size)
{
    out[0] = 0;
    for (size_t i = 0; i < xxgk_diags_count(d); i++) {
        const xxgk_diag *g = xxgk_diags_get(d, i);
        if (g->severity == XXGK_ERROR) {
            snprintf(out, size, "%s %s%s%s", g->rule, g->place ? g->place : "",
                     g->place ? "：" : "", g->message);
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
        batch_say(p->log, "\r[%.*s%*s] %zu/%zu  成功 %d  未通过 %d  出错 %d", fill,
                  "==============================", width - fill, "", p->done, p->total,
                  p->counts[ST_RENDERED] + p->counts[ST_DRAFT] + p->counts[ST_SKIPPED],
                  p->counts[ST_FAILED], p->counts[ST_ERROR] + p->counts[ST_CRASHED]);
    } else {
        batch_say(p->log, "%zu/%zu %-8s %s -> %s%s%s\n", p->done, p->total, status_names[r->status],
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
    long *next =
        mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
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

int run_jobs(const xxgk_batch_options *o, joblist *l, record *res, const char *settings)
{
    if (o->resume)
        journal_mark_resumable(o->outdir, settings, l);
    char *jpath = join_path(o->outdir, JOURNAL_NAME);
    FILE *journal = fopen(jpath, o->resume ? "a" : "w");
    free(jpath);
    progress pg = {res, 0, l->n, o->progress_bar, o->log, {0}, journal, settings};
    int rc = run_pool(o, l, res, &pg);
    if (journal)
        fclose(journal);
    if (pg.bar)
        batch_say(pg.log, "\n");
    return rc;
}
