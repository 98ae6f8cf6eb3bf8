/* json_text.c — a JSON document as the files xxgk writes hold it: two-space
 * indent, keys in the order they were set, a final newline. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/model.h"

char *json_text(json_t *root, int real_precision)
{
    size_t flags = JSON_INDENT(2);
    if (real_precision)
        flags |= JSON_REAL_PRECISION(real_precision);
    char *s = json_dumps(root, flags);
    json_decref(root);
    /* json_dumps fails only when memory does: as every allocation here */
    if (!s) {
        fputs("xxgk: out of memory\n", stderr);
        abort();
    }
    strbuf b = {0};
    sb_add(&b, s);
    sb_addc(&b, '\n');
    free(s);
    return sb_take(&b);
}
