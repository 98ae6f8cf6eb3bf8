/* batch.h — shared by the parts of batch/: the list of jobs (jobs.c), the
 * worker pool (pool.c), the summaries (summary.c) and the county total
 * (aggregate.c). */
#ifndef XXGK_BATCH_INTERNAL_H
#define XXGK_BATCH_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>

#include "model/model.h"
#include "xxgk_batch.h"

typedef struct {
    char *department; /* from the manifest, else the report's agency */
    char *input;
    char *output; /* relative to OUTDIR */
    int line;     /* manifest line, 0 for a folder */
    /* The journal's last line for this output: rendered (not a draft) with
     * these settings, from an input whose digest was this; "" otherwise. */
    char resumable_digest[65];
} job;

typedef struct {
    job *v;
    size_t n, cap;
} joblist;

enum { ST_RENDERED, ST_DRAFT, ST_FAILED, ST_ERROR, ST_SKIPPED, ST_CRASHED, ST_TIMEOUT, ST_PENDING };
/* "rendered", "draft", …: what summary.csv and the journal say */
extern const char *const status_names[ST_PENDING + 1];

/* What a worker sends the batch through the pipe: a start record when it
 * takes a job, a done record when it ends it (under PIPE_BUF: written
 * whole, never interleaved). */
typedef struct {
    int type; /* 0 start, 1 done */
    int job;
    int worker; /* its pid */
    int status, pages, errors, warnings;
    double ms;
    long long bytes;
    char digest[65]; /* of the input's bytes, hex */
    char department[256];
    char message[480];
} record;

/* A row of summary.csv / summary.json. */
typedef struct {
    char *department, *input, *output, *status, *message;
    int pages, errors, warnings;
    double ms;
    long long bytes;
} summary_row;

/* jobs.c */
/* The jobs of a folder (every .json and .txt) or a manifest (.csv, .json);
 * -1 after B01 in d. */
int list_jobs(const char *source, joblist *l, xxgk_diags *d);
/* B02/B03: every output inside OUTDIR, no two alike; -1 after them in d. */
int validate_outputs(joblist *l, xxgk_diags *d);
/* Keep shard k (1-based) of n. */
void apply_shard(joblist *l, int k, int n);
void jobs_add(joblist *l, const char *dept, const char *input, const char *output, int line);
void jobs_free(joblist *l);
/* dir/name (name alone when absolute or dir empty), malloc'd. */
char *join_path(const char *dir, const char *name);
/* mkdir -p; 0 or -1 (errno). */
int mkdirs(const char *path);

/* journal.c: OUTDIR/.xxgk-journal, for --resume. */
typedef struct journal journal;

/* pool.c: every job run by the workers, the PDFs written inside outfd
 * (OUTDIR); results in res, shown as they come. */
int run_jobs(const xxgk_batch_options *o, joblist *l, record *res, int outfd, journal *jr);
/* "RULE place：message" of the first error in d, cut on a character. */
void first_error(const xxgk_diags *d, char *out, size_t size);
/* src copied into out (size bytes), cut on a character boundary. */
void copy_cut(char *out, size_t size, const char *src);

typedef struct journal journal;
/* Opens the journal in outfd (appending to it on resume, after marking the
 * jobs it allows to skip), its settings made of settings and a salted
 * digest of secret; NULL after B01 in d when it cannot be written (a link
 * planted under its name, say). */
journal *journal_open(int outfd, int resume, const char *settings, const char *secret, joblist *l,
                      xxgk_diags *d);
void journal_add(journal *jr, const char *status, const char *output, const char *digest);
void journal_close(journal *jr);
/* The hex digest of the bytes of the file at path (65 bytes); 0, or -1. */
int file_digest(const char *path, char hex[65]);

/* summary.c: summary.csv and summary.json in outfd (OUTDIR), and the
 * totals on log; the exit status of the batch. */
int write_summaries(int outfd, const char *outdir, const summary_row *rows, size_t n, FILE *log);
/* OUTDIR made if missing, opened, and shown to take new files: a
 * descriptor, or -1 after B01 in d. */
int open_outdir(const char *outdir, xxgk_diags *d);

/* A line of progress on log; nothing when log is NULL (the library does
 * not print of its own accord). */
void batch_say(FILE *log, const char *fmt, ...) XXGK_PRINTF(2, 3);

#endif
