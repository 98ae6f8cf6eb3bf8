/* extract.h — the source JSON attached to a PDF (render --attach-source),
 * read back with poppler. */
#ifndef XXGK_EXTRACT_H
#define XXGK_EXTRACT_H

#include <stddef.h>

/* The bytes of the attachment named name (NULL: "source.json") of the PDF
 * at pdf_path; an encrypted PDF without a user password opens as well.
 * Returns 0 with *data (malloc'd) and *size; 1 when the PDF has no such
 * attachment, -1 when it cannot be read; *err (malloc'd) says why. */
int xxgk_extract_attachment(const char *pdf_path, const char *name, char **data, size_t *size,
                            char **err);

#endif
