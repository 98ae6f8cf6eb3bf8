/* pool.c — the reports of a batch rendered by forked worker processes.
 *
 * A crash in one report (a bug, a font library abort) cannot take the
 * batch down, and the fonts each worker loads once serve all its reports.
 * Workers take the next job from a shared counter and send a start and a
 * done record through a pipe (each under PIPE_BUF: written whole).  The
 * batch waits on the pipe no longer than the earliest report may still
 * take: a report past the time limit has its worker killed and is
 * reported "timeout"; a job whose worker died is "crashed".  The jobs a
 * dead worker would have taken are done by a new round of workers, so the
 * batch always ends with every report accounted for.  Each PDF is written
 * inside OUTDIR through no link (base/files.h) and journalled for --resume.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "batch/batch.h"

const char *const status_names[ST_PENDING + 1] = {"rendered", "draft",   "failed",  "error",
                                                  "skipped",  "crashed", "timeout", "pending"};

#define DEFAULT_TIMEOUT_S 300

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void copy_cut(char *out, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n && ((unsigned char)src[n] & 0xC0) == 0x80) /* never half a character */
            n--;
    }
    memcpy(out, src, n);
    out[n] = 0;
}

void first_error(const xxgk_diags *d, char *out, size_t size)
{
    out[0] = 0;
    for (size_t i = 0; i < xxgk_diags_count(d); i++) {
        const xxgk_diag *g = xxgk_diags_get(d, i);
        if (g->severity == XXGK_ERROR) {
            strbuf b = {0};
            sb_printf(&b, "%s %s%s%s", g->rule, g->place ? g->place : "", g->place ? "：" : "",
                      g->message);
            copy_cut(out, size, b.s);
            sb_free(&b);
            break;
        }
    }
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

/* The PDF written at output (relative to outfd), its folders made, never
 * through a link; 0, or -1 with *why. */
static int write_output(int outfd, const char *output, const char *pdf, size_t len, char **why)
{
    const char *slash = strrchr(output, '/');
    if (!slash)
        return write_file_atomic_at(outfd, output, pdf, len, why);
    char *dir = xstrdup(output);
    dir[slash - output] = 0;
    int fd = open_dir_beneath(outfd, dir, why);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = write_file_atomic_at(fd, slash + 1, pdf, len, why);
    close(fd);
    return rc;
}

/* The output's size when it exists as a regular file (not a link), else -1. */
static long long output_size(int outfd, const char *output)
{
    struct stat st;
    return fstatat(outfd, output, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)
               ? (long long)st.st_size
               : -1;
}

/* Checked, and rendered unless it has errors (or drafts are asked for). */
static void check_and_render(const xxgk_batch_options *o, void *ws, const job *j, xxgk_report *r,
                             int outfd, record *rec, xxgk_diags *d)
{
    xxgk_report *prev = NULL;
    xxgk_diags *pd = xxgk_diags_new();
    char *prev_path = o->previous_dir ? previous_for(o->previous_dir, j->input) : NULL;
    if (prev_path)
        prev = (o->load ? o->load : xxgk_report_load_any)(prev_path, pd);
    xxgk_check_options co = {prev, NULL, NULL, 1};
    if (o->check_hook)
        o->check_hook(ws, &co);
    xxgk_check(r, &co, d);
    int errors = (int)xxgk_diags_errors(d);
    char *pdf = NULL, *why = NULL;
    size_t len = 0;
    int pages = 0;
    if (errors && !o->draft) {
        rec->status = ST_FAILED;
    } else if (o->render(ws, r, errors != 0, &pdf, &len, &pages, d) != 0) {
        rec->status = ST_ERROR;
    } else if (write_output(outfd, j->output, pdf, len, &why) != 0) {
        diag_add(d, XXGK_ERROR, "W01", NULL, "%s：无法写入：%s", j->output, why ? why : "?");
        rec->status = ST_ERROR;
    } else {
        rec->status = errors ? ST_DRAFT : ST_RENDERED;
        rec->pages = pages;
        rec->bytes = (long long)len;
    }
    free(why);
    free(pdf);
    xxgk_report_free(prev);
    xxgk_diags_free(pd);
    free(prev_path);
}

static void run_job(const xxgk_batch_options *o, void *ws, const job *j, int outfd, record *rec)
{
    double t0 = now_ms();
    xxgk_diags *d = xxgk_diags_new();
    copy_cut(rec->department, sizeof rec->department, j->department ? j->department : "");
    if (file_digest(j->input, rec->digest) != 0)
        rec->digest[0] = 0;
    long long have = output_size(outfd, j->output);
    if (o->resume && rec->digest[0] && !strcmp(j->resumable_digest, rec->digest) && have >= 0) {
        rec->status = ST_SKIPPED;
        rec->bytes = have;
    } else {
        xxgk_report *r = (o->load ? o->load : xxgk_report_load_any)(j->input, d);
        if (!r) {
            rec->status = ST_ERROR;
        } else {
            if (!rec->department[0])
                copy_cut(rec->department, sizeof rec->department, xxgk_report_agency(r));
            check_and_render(o, ws, j, r, outfd, rec, d);
            xxgk_report_free(r);
        }
    }
    rec->errors = (int)xxgk_diags_errors(d);
    rec->warnings = (int)xxgk_diags_warnings(d);
    first_error(d, rec->message, sizeof rec->message);
    if ((rec->status == ST_FAILED || rec->status == ST_ERROR) && have >= 0) {
        /* an earlier batch's PDF is still there: not this data */
        strbuf m = {0};
        sb_printf(&m, "%s（%s 是以前生成的，未更新）", rec->message, j->output);
        copy_cut(rec->message, sizeof rec->message, m.s);
        sb_free(&m);
    }
    rec->ms = now_ms() - t0;
    xxgk_diags_free(d);
}

static void worker(const xxgk_batch_options *o, joblist *l, long *next, int outfd, int fd)
{
    void *ws = o->worker_init ? o->worker_init(o->ctx) : o->ctx;
    for (;;) {
        long i = __atomic_fetch_add(next, 1, __ATOMIC_SEQ_CST);
        if (i >= (long)l->n)
            break;
        record rec;
        memset(&rec, 0, sizeof rec);
        rec.job = (int)i;
        rec.worker = (int)getpid();
        rec.type = 0;
        if (write(fd, &rec, sizeof rec) != (ssize_t)sizeof rec)
            break;
        run_job(o, ws, &l->v[i], outfd, &rec);
        rec.type = 1;
        if (write(fd, &rec, sizeof rec) != (ssize_t)sizeof rec)
            break;
    }
    if (o->worker_done)
        o->worker_done(ws);
}

/* ---- the batch's side ------------------------------------------------- */

typedef struct {
    const xxgk_batch_options *o;
    joblist *l;
    record *res;
    size_t done;
    int counts[ST_PENDING + 1];
    journal *jr;
    /* jobs in hand: worker pid and start time (-1: none) */
    int *pid;
    double *started;
    double limit_ms;
} pool;

static void show(pool *p, size_t i)
{
    const job *j = &p->l->v[i];
    const record *r = &p->res[i];
    p->done++;
    p->counts[r->status]++;
    if (r->status == ST_RENDERED || r->status == ST_DRAFT)
        journal_add(p->jr, status_names[r->status], j->output, r->digest);
    FILE *log = p->o->log;
    if (p->o->progress_bar) {
        int width = 30, fill = p->l->n ? (int)(width * p->done / p->l->n) : width;
        batch_say(log, "\r[%.*s%*s] %zu/%zu  成功 %d  未通过 %d  出错 %d", fill,
                  "==============================", width - fill, "", p->done, p->l->n,
                  p->counts[ST_RENDERED] + p->counts[ST_DRAFT] + p->counts[ST_SKIPPED],
                  p->counts[ST_FAILED],
                  p->counts[ST_ERROR] + p->counts[ST_CRASHED] + p->counts[ST_TIMEOUT]);
    } else {
        batch_say(log, "%zu/%zu %-8s %s -> %s%s%s\n", p->done, p->l->n, status_names[r->status],
                  j->input, j->output, r->message[0] ? "  " : "", r->message);
    }
}

/* A job ended without its done record: its worker was killed (timeout) or
 * died (crashed). */
static void lost(pool *p, size_t i, int status, const char *message)
{
    p->res[i].status = status;
    copy_cut(p->res[i].message, sizeof p->res[i].message, message);
    p->pid[i] = -1;
    show(p, i);
}

/* Kills the workers of jobs past the limit; the time to wait for the next
 * one to be (ms, -1: no job in hand). */
static int enforce_limit(pool *p)
{
    double now = now_ms(), wait = -1;
    for (size_t i = 0; i < p->l->n; i++) {
        if (p->pid[i] < 0)
            continue;
        double left = p->started[i] + p->limit_ms - now;
        if (left <= 0) {
            kill(p->pid[i], SIGKILL);
            char m[128];
            snprintf(m, sizeof m, "超过时限 %.0f 秒，已终止", p->limit_ms / 1000);
            lost(p, i, ST_TIMEOUT, m);
        } else if (wait < 0 || left < wait) {
            wait = left;
        }
    }
    return wait < 0 ? -1 : (int)wait + 1;
}

/* One round: workers for the jobs from *next on, until they are all taken
 * and the workers gone. */
static int round_of_workers(pool *p, long *next, int outfd)
{
    const xxgk_batch_options *o = p->o;
    size_t left = p->l->n - (size_t)*next;
    int n = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    n = n < 1 ? 1 : (size_t)n > left ? (int)left : n;
    int fds[2];
    if (pipe(fds))
        return -1;
    fflush(NULL);
    pid_t *pids = xmalloc((size_t)n * sizeof *pids);
    for (int w = 0; w < n; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            close(fds[0]);
            worker(o, p->l, next, outfd, fds[1]);
            close(fds[1]);
            _exit(0);
        }
    }
    close(fds[1]);
    record rec;
    for (;;) {
        struct pollfd pf = {fds[0], POLLIN, 0};
        int ready = poll(&pf, 1, enforce_limit(p));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0)
            continue; /* a job reached the limit: enforce_limit ends it */
        ssize_t got = read(fds[0], &rec, sizeof rec);
        if (got != (ssize_t)sizeof rec)
            break; /* every worker has closed its end */
        if (rec.job < 0 || (size_t)rec.job >= p->l->n || p->res[rec.job].status != ST_PENDING)
            continue; /* a job already given up on */
        if (rec.type == 0) {
            p->pid[rec.job] = rec.worker;
            p->started[rec.job] = now_ms();
            continue;
        }
        p->pid[rec.job] = -1;
        p->res[rec.job] = rec;
        show(p, (size_t)rec.job);
    }
    close(fds[0]);
    for (int w = 0; w < n; w++)
        if (pids[w] > 0)
            waitpid(pids[w], NULL, 0);
    free(pids);
    for (size_t i = 0; i < p->l->n; i++)
        if (p->pid[i] >= 0)
            lost(p, i, ST_CRASHED, "处理这份报告时程序异常退出");
    return 0;
}

int run_jobs(const xxgk_batch_options *o, joblist *l, record *res, int outfd, journal *jr)
{
    pool p = {o, l, res, 0, {0}, jr, NULL, NULL, 0};
    p.pid = xmalloc((l->n ? l->n : 1) * sizeof *p.pid);
    p.started = xmalloc((l->n ? l->n : 1) * sizeof *p.started);
    for (size_t i = 0; i < l->n; i++)
        p.pid[i] = -1;
    p.limit_ms = 1000.0 * (o->timeout_s > 0 ? o->timeout_s : DEFAULT_TIMEOUT_S);
    long *next =
        mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int rc = next == MAP_FAILED ? -1 : 0;
    /* A round ends when its workers are gone; jobs not yet taken (all the
     * workers died) go to the next round.  Each round ends at least one
     * job, so the rounds end. */
    for (*next = 0; rc == 0 && (size_t)*next < l->n;) {
        size_t taken = (size_t)*next;
        rc = round_of_workers(&p, next, outfd);
        if ((size_t)*next > l->n)
            *next = (long)l->n;
        for (size_t i = taken; i < (size_t)*next; i++)
            if (res[i].status == ST_PENDING)
                lost(&p, i, ST_CRASHED, "处理这份报告时程序异常退出");
        if ((size_t)*next == taken)
            break; /* no worker could start */
    }
    for (size_t i = 0; i < l->n; i++)
        if (res[i].status == ST_PENDING)
            lost(&p, i, ST_ERROR, "无法启动处理进程");
    if (next != MAP_FAILED)
        munmap(next, sizeof *next);
    if (o->progress_bar)
        batch_say(o->log, "\n");
    free(p.pid);
    free(p.started);
    return rc;
}
