/* form_walk.c — a report walked in the order the PDF prints it, for the
 * writers of the other forms (form.h). */
#include <stdio.h>
#include <string.h>

#include "output/form.h"

void sb_add_xml(strbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': sb_add(b, "&amp;"); break;
        case '<': sb_add(b, "&lt;"); break;
        case '>': sb_add(b, "&gt;"); break;
        case '"': sb_add(b, "&quot;"); break;
        default:
            /* control characters are not allowed in XML 1.0 */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
                sb_addc(b, *s);
        }
    }
}

static void walk_prose(const prose *t, const form_visitor *v)
{
    for (size_t k = 0; t && k < t->n; k++)
        v->para(v->ctx, &t->items[k]);
}

void form_walk(const xxgk_report *r, const form_visitor *v)
{
    const xxgk_template *t = r->tpl;
    const char *title = xxgk_report_title(r);
    if (title && *title)
        v->title(v->ctx, title);
    walk_prose(&r->preface, v);
    for (size_t i = 0; t && i < t->n_sections; i++) {
        const tsection *s = &t->sections[i];
        v->section(v->ctx, s);
        if (s->table) {
            form_grid g;
            form_grid_make(&g, r, s->table);
            v->table(v->ctx, s->table, &g);
            form_grid_free(&g);
        } else if (r->sections) {
            walk_prose(&r->sections[i], v);
        }
    }
    char date[64] = "";
    if (r->date_y > 0 && r->date_m > 0 && r->date_d > 0)
        snprintf(date, sizeof date, "%d年%d月%d日", r->date_y, r->date_m, r->date_d);
    strbuf notes = {0};
    if (r->notes && *r->notes) {
        /* GB/T 9704 7.3.6: in parentheses (unless they already are) */
        int paren = !strncmp(r->notes, "（", strlen("（"));
        sb_printf(&notes, "%s%s%s", paren ? "" : "（", r->notes, paren ? "" : "）");
    }
    v->closing(v->ctx, xxgk_report_agency(r), date, notes.s);
    sb_free(&notes);
}
