/* docx_parts.h — shared by the two files of the Word reader:
 *   docx.c            the zip, the body: paragraphs and tables;
 *   docx_numbering.c  the numbers Word generates for numbered paragraphs.
 */
#ifndef XXGK_IMPORT_DOCX_PARTS_H
#define XXGK_IMPORT_DOCX_PARTS_H

#include <zip.h>

#include "import/document.h"
#include "import/ooxml.h"


typedef struct docx_numbering docx_numbering;

/* word/numbering.xml read; NULL when the file has none. */
docx_numbering *docx_numbering_read(zip_t *z, xxgk_diags *d);
/* The number of the next paragraph of list num_id at level lvl
 * ("（一）", "1.", "一、"), counted on; NULL for a bullet or an unknown list. */
const char *docx_number_text(docx_numbering *nb, int num_id, int lvl);
void docx_numbering_free(docx_numbering *nb);

#endif
