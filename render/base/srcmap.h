/* srcmap.h — JSON pointer → line:column in the text it was parsed from,
 * for diagnostics that name both. */
#ifndef XXGK_SRCMAP_H
#define XXGK_SRCMAP_H

#include <stddef.h>

typedef struct srcmap srcmap;

/* The map of a text that is valid JSON (parse it first). */
srcmap *srcmap_build(const char *json, size_t len);
void srcmap_free(srcmap *x);
/* The value at exactly this pointer: 1 with its position (and the offset
 * of its first byte), 0 when the text has none.  Out-parameters may be NULL. */
int srcmap_find(const srcmap *x, const char *pointer, int *line, int *col, size_t *offset);
/* The position of the nearest enclosing value that exists; 0:0 if none. */
void srcmap_position(const srcmap *x, const char *pointer, int *line, int *col);

#endif
