/* layout.h — the report → display list: what the rest of the library sees
 * of the layout (the page style, the options, layout_report).  The page
 * style (every number of the page) is read from layouts/page-gbt9704.json
 * (page_style.c); what the parts of the layout share among themselves is
 * in layout_internal.h. */
#ifndef XXGK_LAYOUT_H
#define XXGK_LAYOUT_H

#include "backend/display_list.h"
#include "layout/fonts.h"
#include "model/model.h"

typedef struct {
    double paper_w, paper_h;         /* pt */
    double top, left, width, height; /* type area, pt */
    int lines, chars;                /* the grid */
    double pitch;                    /* line pitch, pt */
    double cell;                     /* character pitch: width / chars */
    double size_title, size_body, size_heading, size_page_number, size_draft;
    double table_sizes[8];
    int n_table_sizes;
    double table_min_number;
    double first_indent_chars;
    int title_blank_after, title_max_lines;
    int sig_blank_before;
    double sig_right_chars, sig_date_shift_chars;
    double seal_size;             /* pt: the seal's larger side (42 mm round seal) */
    double seal_date_right_chars; /* sealed: 成文日期右空四字 */
    double seal_top_max_lines;    /* seal top within this many lines of the body */
    double notes_indent_chars;
    double pn_below, pn_inset_em;
    char pn_dash[8];
    double gap_em, gap_min_em, gap_max_em, space_min_em, space_max_em;
    double rule_width, pad_x, pad_y, table_line_em, table_space_before;
    int table_min_rows;
    int table_keep_outer_groups; /* 1: a group holding other groups is kept whole too */
} page_style;

/* Read the page style; 0 on success (problems go to d). */
int page_style_load(page_style *ps, xxgk_diags *d);

typedef struct {
    int draft;     /* 草稿（未通过校验） on every page */
    int want_dump; /* fill *dump with the layout as JSON */
} layout_options;

/* Lay the report out.  Returns NULL when something cannot be set (a
 * character no font of its role draws, …): errors are in d.  *dump (when
 * asked for) is malloc'd JSON. */
dl_document *layout_report(const xxgk_report *r, xxgk_fonts *fonts, const page_style *ps,
                           const layout_options *o, xxgk_diags *d, char **dump);

/* Lay out the 更正说明 n of a correction to the report to, on the page of
 * a report and signed as to is (notice.c).  As layout_report. */
dl_document *layout_notice(const xxgk_report *to, const diff_notice *n, xxgk_fonts *fonts,
                           const page_style *ps, const layout_options *o, xxgk_diags *d,
                           char **dump);

#endif
