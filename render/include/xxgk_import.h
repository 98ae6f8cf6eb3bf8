/* xxgk_import.h — reading a published report's plain text back into data.
 *
 * Years of reports exist only as web pages.  The import recovers the
 * report (title, agency, year, date, preface, the six sections with their
 * headings and paragraphs, every cell of the three tables) as the canonical
 * JSON input, reporting every repair and every doubt as a diagnostic.
 * Nothing is invented: a value not in the text is reported missing and
 * left out of the JSON.
 */
#ifndef XXGK_IMPORT_H
#define XXGK_IMPORT_H

#include <stddef.h>

#include "xxgk.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The JSON text (UTF-8, malloc'd; free() it) of the report recovered from
 * text (len bytes, UTF-8), or NULL when nothing is recoverable (d says
 * why).  *complete is set to 0 when something is missing (an error in d),
 * 1 otherwise.  name is the input's name for messages; may be NULL. */
char *xxgk_import_text(const char *text, size_t len, const char *name, xxgk_diags *d,
                       int *complete);
/* The same of the file at path: 0 with *json (NULL when nothing is
 * recoverable) and *complete; -1 when the file cannot be read (d says why). */
int xxgk_import_file(const char *path, xxgk_diags *d, char **json, int *complete);

#ifdef __cplusplus
}
#endif
#endif
