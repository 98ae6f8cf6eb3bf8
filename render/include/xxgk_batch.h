/* xxgk_batch.h — many reports at once: a county's departments rendered in
 * parallel with a summary, and their tables summed for the county report. */
#ifndef XXGK_BATCH_H
#define XXGK_BATCH_H

#include "xxgk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *source; /* a folder of .json/.txt reports, or a manifest (.csv, .json) */
    const char *outdir;
    int jobs;                    /* worker processes; 0: the number of cores */
    int draft;                   /* render reports with errors as drafts instead of listing them */
    int resume;                  /* skip reports whose PDF the last batch into OUTDIR rendered
                                    (not as a draft) from the same input bytes with the same
                                    render_settings */
    const char *render_settings; /* what the PDFs are made with (backend, options), recorded
                                    in OUTDIR/.xxgk-journal for --resume; NULL: "" */
    const char *render_secret;   /* a setting not to be written down (the owner password):
                                    only a salted digest goes into the journal; NULL: none */
    int timeout_s;               /* a report that takes longer ends its worker and is
                                    reported (status "timeout"); 0: 300 s */
    int shard_k, shard_n;        /* render shard k (1-based) of n; 0: all */
    const char *previous_dir; /* last year's reports, same file names: C07 and the other cross-year
                                 checks */
    int progress_bar;         /* 1: a bar redrawn in place (a terminal); 0: a line per report */
    FILE *log;                /* progress and the final summary; NULL: none */
    /* Reads one report (NULL: xxgk_report_load_any). */
    xxgk_report *(*load)(const char *path, xxgk_diags *d);
    /* Called once in each worker before its first report (load fonts). */
    void *(*worker_init)(void *ctx);
    void (*worker_done)(void *worker_state);
    /* Renders a report into memory: 0 with *pdf (malloc'd), *len and
     * *pages; else failure (d says why).  The batch writes the PDF inside
     * OUTDIR itself, through no link, atomically. */
    int (*render)(void *worker_state, const xxgk_report *r, int draft, char **pdf, size_t *len,
                  int *pages, xxgk_diags *d);
    /* Fills can_draw for the checks (may be NULL). */
    void (*check_hook)(void *worker_state, xxgk_check_options *opts);
    void *ctx;
} xxgk_batch_options;

/* Renders every report of the source; writes OUTDIR/summary.csv and
 * summary.json.  Returns the exit status: 0 every report rendered, 1 some
 * did not, 2 the source or OUTDIR is unusable or two reports would write
 * the same output (nothing is rendered then; d says why). */
int xxgk_batch_run(const xxgk_batch_options *o, xxgk_diags *d);

/* Joins summary.json files of shards into OUTDIR/summary.csv and
 * summary.json.  Same exit statuses. */
int xxgk_batch_merge(const char *outdir, const char *const *summaries, int n, FILE *log,
                     xxgk_diags *d);

/* Sums every table cell of the reports of source into a report skeleton
 * for the county's own report (same format and year required), written
 * to out_path as JSON.  Reports with check errors are left out and named.
 * Returns 0, 1 (some left out or mixed formats), 2 (unusable source). */
int xxgk_aggregate(const char *source, const char *out_path,
                   xxgk_report *(*load)(const char *path, xxgk_diags *d), FILE *log, xxgk_diags *d);

/* The same over reports given as JSON texts (names[i] names the i-th in
 * the diagnostics): *out the county's JSON (malloc'd; NULL when nothing
 * could be summed).  The same exit statuses. */
int xxgk_aggregate_json(const char *const *texts, const size_t *lens, const char *const *names,
                        size_t n, char **out, xxgk_diags *d);

#ifdef __cplusplus
}
#endif
#endif
