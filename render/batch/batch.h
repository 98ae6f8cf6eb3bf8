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
    char *output;  /* relative to OUTDIR */
    int line;      /* manifest line, 0 for a folder */
    int resumable; /* the journal says the PDF was rendered, not a draft, with these settings */
} job;

typedef struct {
    job *v;
    size_t n, cap;
} joblist;

enum { ST_RENDERED, ST_DRAFT, ST_FAILED, ST_ERROR, ST_SKIPPED, ST_CRASHED, ST_PENDING };
/* "rendered", "draft", …: what summary.csv and the journal say */
extern const char *const status_names[ST_PENDING + 1];

typedef struct {
    int type; /* 0 start, 1 done */
    int job;
    int status, pages, errors, warnings;
    double ms;
    long long bytes;
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
void jobs_free(joblist *l);
/* dir/name (name alone when absolute or dir empty), malloc'd. */
char *join_path(const char *dir, const char *name);
/* The whole file (at most 64 MiB), or NULL. */
char *read_all(const char *path, size_t *len);
/* mkdir -p; 0 or -1 (errno). */
int mkdirs(const char *path);

/* pool.c: every job run by the workers; results in res, shown as they come. */
int run_jobs(const xxgk_batch_options *o, joblist *l, record *res, const char *settings);
/* "RULE place：message" of the first error in d, cut on a character. */
void first_error(const xxgk_diags *d, char *out, size_t size);

/* summary.c: OUTDIR/summary.csv and summary.json, and the totals on log;
 * the exit status of the batch. */
int write_summaries(const char *outdir, const summary_row *rows, size_t n, FILE *log);

/* A line of progress on log; nothing when log is NULL (the library does
 * not print of its own accord). */
void batch_say(FILE *log, const char *fmt, ...) XXGK_PRINTF(2, 3);

#endif
