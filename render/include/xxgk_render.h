/* xxgk_render.h — rendering a checked report to the print-ready PDF (and
 * PNG previews) in the GB/T 9704 house style. */
#ifndef XXGK_RENDER_H
#define XXGK_RENDER_H

#include <stddef.h>

#include "xxgk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xxgk_fonts xxgk_fonts;

/* The PDF writers (backends), by name: "cairo" (the default) and "haru"
 * (libharu 2.3: TrueType faces only, no character above U+FFFF).  Every
 * backend's PDF gets the source attached and, when asked, the encryption
 * afterwards (qpdf).  A program offers the names of xxgk_backend_at. */
typedef struct {
    const char *name;
    const char *description; /* one line, for usage messages */
    unsigned font_flags;     /* what its fonts must be (XXGK_FONTS_*) */
} xxgk_backend_info;
/* NULL: no backend of that name (NULL names the default). */
const xxgk_backend_info *xxgk_backend_find(const char *name);
/* The backends in order, then NULL. */
const xxgk_backend_info *xxgk_backend_at(size_t i);

/* The names of the files every PDF carries (unless omit_source), and that
 * xxgk_report_load_any and xxgk_extract read back. */
#define XXGK_SOURCE_NAME "source.json"
#define XXGK_SEAL_NAME "seal.png"

typedef struct {
    int draft;               /* 草稿（未通过校验） on every page */
    const char *png_prefix;  /* also write {prefix}-{n}.png per page; NULL: none */
    double png_dpi;          /* 0: 96 */
    const char *layout_dump; /* write the layout (JSON) here; NULL: none */
    xxgk_fonts *fonts;       /* resolved fonts to reuse; NULL: resolved here for the backend */
    int *pages;              /* out: the number of pages written; may be NULL */
    const char *backend;     /* a name of xxgk_backend_at; NULL: "cairo" */
    /* Encrypt: AES-256 (PDF 2.0, R6) with this owner password and no user
     * password (anyone opens the file), printing and reading the text for
     * accessibility allowed, changing and copying not.  Advisory only: see
     * README.  The bytes then differ from run to run (random salts).  NULL:
     * not encrypted. */
    const char *owner_password;
    /* 1: do not attach the report's source (xxgk_report_source, as
     * XXGK_SOURCE_NAME) and its seal (XXGK_SEAL_NAME), which every PDF
     * carries otherwise. */
    int omit_source;
    /* The web page (XXGK_FORM_HTML): 1 the report's <article> only, its
     * style in attributes, to paste into a site's editor; 0 the whole
     * document. */
    int html_fragment;
} xxgk_render_options;

/* Lay out r and write the PDF to out_path (through a temporary file and a
 * rename: never a half-written file).  Returns 0 on success; 1 when the
 * report cannot be set (errors in d, nothing written); -1 when writing
 * failed (d says why).  It does not run xxgk_check: the caller refuses
 * reports with check errors unless drafting. */
int xxgk_render_pdf(const xxgk_report *r, const xxgk_render_options *o, const char *out_path,
                    xxgk_diags *d);
/* xxgk_render_pdf with the PDF made in memory (*pdf malloc'd, *len bytes) and not
 * written, for a caller that writes it itself; name is what diagnostics
 * call it.  The PNG previews and the layout dump are written as above. */
int xxgk_render_pdf_mem(const xxgk_report *r, const xxgk_render_options *o, const char *name,
                        char **pdf, size_t *len, xxgk_diags *d);
/* The 更正说明 of the correction from → to (the paragraphs of
 * xxgk_diff_notice) typeset on the page of a report and signed as to is,
 * written to out_path as xxgk_render_pdf writes; no source is attached
 * (o->omit_source is taken as 1).  Returns as xxgk_render_pdf; 1 (nothing
 * written) when there is nothing to correct (xxgk_diff_notice is NULL). */
int xxgk_render_notice_pdf(const xxgk_report *from, const xxgk_report *to,
                           const xxgk_render_options *o, const char *out_path, xxgk_diags *d);

/* The forms of a report: the PDF, the web page an agency posts (HTML5,
 * self-contained) and the Word file (.docx, OOXML). */
typedef enum { XXGK_FORM_PDF = 0, XXGK_FORM_HTML = 1, XXGK_FORM_DOCX = 2 } xxgk_form;
/* The form a file name asks for by its extension (.pdf, .html or .htm,
 * .docx, any case); -1 for another one. */
int xxgk_form_of_name(const char *path);
/* r in the form asked for, written to out_path atomically; the PDF is
 * xxgk_render_pdf.  The HTML and the Word file need no fonts (o->fonts,
 * png_prefix, backend and the PDF's options are not used); o->draft marks
 * them 草稿 as it does the PDF.  Returns as xxgk_render_pdf does: 0, 1 the
 * report cannot be set, -1 a write failure (d says why). */
int xxgk_render_to(const xxgk_report *r, xxgk_form form, const xxgk_render_options *o,
                   const char *out_path, xxgk_diags *d);
/* The same in memory (*out malloc'd, *len bytes); name is what
 * diagnostics call it. */
int xxgk_render_to_mem(const xxgk_report *r, xxgk_form form, const xxgk_render_options *o,
                       const char *name, char **out, size_t *len, xxgk_diags *d);

/* Fonts of the roles (fonts/roles.json resolved through fontconfig).  NULL
 * only when the role data is unreadable; a role without a face is an error
 * in d. */
xxgk_fonts *xxgk_fonts_load(xxgk_diags *d);
/* xxgk_fonts_load_flags: */
enum {
    /* Every role resolves to a TrueType face (glyf outlines, embeddable):
     * what the haru backend needs; with it both backends draw with the
     * same faces (the same layout).  A role without one is an F04 error
     * naming the role. */
    XXGK_FONTS_TRUETYPE = 1u << 0,
};
xxgk_fonts *xxgk_fonts_load_flags(unsigned flags, xxgk_diags *d);
/* The fonts a backend draws with: xxgk_fonts_env_flags(), the backend's
 * font_flags and extra_flags (NULL backend: the default one). */
xxgk_fonts *xxgk_fonts_for_backend(const char *backend, unsigned extra_flags, xxgk_diags *d);
/* XXGK_FONTS_TRUETYPE when the environment variable XXGK_TRUETYPE_FONTS
 * is set (and not "0"); xxgk_fonts_load uses these flags. */
unsigned xxgk_fonts_env_flags(void);
unsigned xxgk_fonts_flags(const xxgk_fonts *f);
void xxgk_fonts_free(xxgk_fonts *f);
/* For xxgk_check_options.can_draw, with can_draw_ctx = the xxgk_fonts:
 * non-zero when the role's face draws cp. */
int xxgk_fonts_can_draw(void *ctx, uint32_t cp, xxgk_font_role role);
/* One line per role: role, style, family, file, official or substitute. */
void xxgk_fonts_print(const xxgk_fonts *f, FILE *out);
/* Non-zero when every role has a face. */
int xxgk_fonts_complete(const xxgk_fonts *f);
/* Non-zero when some role uses a substitute face. */
int xxgk_fonts_substituted(const xxgk_fonts *f);
/* The substitutes in one sentence ("未安装公文标准字体，使用替代字体：…"),
 * malloc'd; NULL when every role has its official face. */
char *xxgk_fonts_substitutes(const xxgk_fonts *f);

/* Page `page` (1-based) of r as a PNG in memory, at o->png_dpi (0: 96),
 * for a preview: 0 with *png (malloc'd) and *len; 1 the report cannot be
 * set (d says why); 2 no such page; -1 a failure.  *pages: the number of
 * pages (0 when it cannot be set).  Only o's draft, png_dpi, fonts and
 * backend (its fonts) are used. */
int xxgk_render_png_mem(const xxgk_report *r, const xxgk_render_options *o, int page, char **png,
                        size_t *len, int *pages, xxgk_diags *d);

/* The form of a format, for a program that edits reports (JSON, malloc'd;
 * NULL when t is NULL): its sections and, for each table block, the grid
 * the PDF prints, row by row, each cell {kind: title|corner|column|row|
 * value, text, rowspan, colspan}, a value also {path: its JSON pointer,
 * place: its Chinese place, type: count|amount|delta, total: the rule of a
 * total}. */
char *xxgk_template_form_json(const xxgk_template *t);

/* ---- the source a PDF carries ------------------------------------------- */

/* Writes the attachment named name (NULL: XXGK_SOURCE_NAME) of the PDF at
 * pdf_path to out_path, atomically; for the source, also the seal it names
 * (from XXGK_SEAL_NAME), relative to out_path as the source says (a path
 * that would leave out_path's folder: beside it), never replacing a
 * different file there.  Returns 0; 1 when the PDF has no such attachment
 * or a different seal is in the way (nothing written); 2 when the PDF
 * cannot be read or a file cannot be written.  Diagnostics in d (notes for
 * what was done besides). */
int xxgk_extract(const char *pdf_path, const char *name, const char *out_path, xxgk_diags *d);

#ifdef __cplusplus
}
#endif
#endif
