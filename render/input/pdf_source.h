/* pdf_source.h — the files attached to a PDF (render --attach-source),
 * read back with poppler. */
#ifndef XXGK_PDF_SOURCE_H
#define XXGK_PDF_SOURCE_H

#include <stddef.h>

#ifdef __POPPLER_GLIB_H__
/* The poppler-glib functions pdf_source.c opens at run time, as poppler.h
 * declares them (haru_unit.c assigns the real ones to these types). */
typedef PopplerDocument *(*xxgk_poppler_new_from_bytes_fn)(GBytes *, const char *, GError **);
typedef GList *(*xxgk_poppler_get_attachments_fn)(PopplerDocument *);
typedef const gchar *(*xxgk_poppler_attachment_get_name_fn)(PopplerAttachment *);
typedef gboolean (*xxgk_poppler_attachment_save_to_callback_fn)(PopplerAttachment *,
                                                                PopplerAttachmentSaveFunc, gpointer,
                                                                GError **);
#endif

/* The bytes of the attachment named name (NULL: "source.json") of the PDF
 * at pdf_path; an encrypted PDF without a user password opens as well.
 * Returns 0 with *data (malloc'd) and *size; 1 when the PDF has no such
 * attachment, -1 when it cannot be read; *why says why. */
int pdf_attachment(const char *pdf_path, const char *name, char **data, size_t *size, char **why);

#endif
