/* files.h — reading an input whole, within a limit, and writing an output
 * so that no reader ever sees half of it. */
#ifndef XXGK_FILES_H
#define XXGK_FILES_H

#include <stdio.h>

#include "base/base.h"

/* The largest input read (a real report is under 100 KB). */
#define XXGK_MAX_INPUT_BYTES (16u << 20)

/* The whole file at path, NUL-terminated (malloc'd; *len without the NUL).
 * A folder, a missing file or one over XXGK_MAX_INPUT_BYTES: NULL and *why. */
char *read_file_limited(const char *path, size_t *len, char **why);
/* The same from an open stream (standard input), read to its end. */
char *read_stream_limited(FILE *f, size_t *len, char **why);

/* Write data to path through a temporary file in the same folder, synced
 * and renamed over path: a reader (or a killed process) never sees half a
 * file.  An existing path that is not a regular file (a device, a folder,
 * a fifo) is refused, not replaced; a link is written through to its file.
 * 0, or -1 and *why. */
int write_file_atomic(const char *path, const char *data, size_t len, char **why);

#endif
