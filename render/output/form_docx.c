#include "output/form.h"
int form_docx(const xxgk_report *r, const xxgk_render_options *o, strbuf *out, char **why)
{
    (void)r; (void)o; (void)out;
    why_set(why, "todo");
    return -1;
}
