/* files.h — reading an input whole, within a limit, and writing an output
 * so that no reader ever sees half of it.
 *
 * Inputs are regular files only: a FIFO, a device or a folder is refused
 * at once (opened without blocking, then fstat), so no command can hang on
 * one.  Outputs are made whole in memory, written to a new temporary file
 * beside the target (created exclusively, never through a link), synced
 * and renamed over the target: a full disk or a killed process leaves the
 * old file or none, never half a file.  Temporary files that a killed run
 * left behind are removed by the next write of the same target. */
#ifndef XXGK_FILES_H
#define XXGK_FILES_H

#include <stdio.h>

#include "base/base.h"

/* The largest report input read (a real report is under 100 KB). */
#define XXGK_MAX_INPUT_BYTES (16u << 20)
/* The largest PDF read for its attached source (a report's is ~200 KB). */
#define XXGK_MAX_PDF_BYTES (64u << 20)

/* The whole regular file at path, NUL-terminated (malloc'd; *len without
 * the NUL); at most max bytes (0: XXGK_MAX_INPUT_BYTES).  NULL and *why
 * for a missing file, one that is not a regular file, or a larger one. */
char *read_file_max(const char *path, size_t max, size_t *len, char **why);
char *read_file_limited(const char *path, size_t *len, char **why);
/* The same from an open stream (standard input), read to its end. */
char *read_stream_limited(FILE *f, size_t *len, char **why);

/* Write data to path atomically (see above).  An existing path that is not
 * a regular file (a device, a folder, a fifo) is refused, not replaced; a
 * link to a regular file is written through (the link stays).  0, or -1
 * and *why. */
int write_file_atomic(const char *path, const char *data, size_t len, char **why);
/* The same for name, one component, in the folder dirfd: a link there is
 * refused, not followed (batch outputs inside OUTDIR). */
int write_file_atomic_at(int dirfd, const char *name, const char *data, size_t len, char **why);
/* The folder of relative path rel inside dirfd, each component made if
 * missing and never a link: an open descriptor (close it), or -1 and *why. */
int open_dir_beneath(int dirfd, const char *rel, char **why);
/* A new file can be made in dirfd (made and removed again): 0, or -1 and
 * *why. */
int dir_writable(int dirfd, char **why);

#endif
