/* docx.h — the parts of the Word writer: form_docx.c the body,
 * docx_styles.c the fixed parts (styles, settings, footers, relations),
 * docx_zip.c the package. */
#ifndef XXGK_OUTPUT_DOCX_H
#define XXGK_OUTPUT_DOCX_H

#include "output/form.h"

typedef struct {
    const char *name;
    const char *data;
    size_t len;
} docx_part;

/* The parts zipped into out: 0, or -1 and *why. */
int docx_pack(const docx_part *parts, size_t n, strbuf *out, char **why);

/* The fixed parts, appended to b. */
void docx_content_types(strbuf *b, int draft);
void docx_package_rels(strbuf *b);
void docx_document_rels(strbuf *b, int draft);
void docx_styles(strbuf *b);
void docx_settings(strbuf *b);
/* The footer of odd (1) or even (0) pages: — N — at the outer side. */
void docx_footer(strbuf *b, int odd);
void docx_draft_header(strbuf *b);
/* The section properties: A4, the margins of the type area, the grid. */
void docx_section(strbuf *b, int draft);

#endif
