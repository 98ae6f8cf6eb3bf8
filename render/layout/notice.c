/* notice.c — the 更正说明 of a correction (diff_notice_make) on the page of
 * a report: the title in the title's place and size, the opening, each
 * numbered item and the closing as body paragraphs on the grid, the 落款
 * (the agency and the date of the corrected report) as a report's, without
 * its seal (the notice is not the sealed document), then the page numbers.
 * The same driver and parts as a report (layout.c). */
#include <stdio.h>

#include "layout/layout_internal.h"

static void notice_body(layout *L, const void *ctx)
{
    const diff_notice *n = ctx;
    for (size_t i = 0; i < n->n_paragraphs; i++) {
        char path[32];
        snprintf(path, sizeof path, "/notice/%zu", i);
        body_text(L, n->paragraphs[i], "更正说明", path);
    }
}

dl_document *layout_notice(const xxgk_report *to, const diff_notice *n, xxgk_fonts *fonts,
                           const page_style *ps, const layout_options *o, xxgk_diags *d,
                           char **dump)
{
    layout_content c = {n->title, "更正说明", notice_body, n, 1, 0};
    return layout_run(to, &c, fonts, ps, o, d, dump);
}
