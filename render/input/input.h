/* input.h — shared by the JSON reader's files (json_reader.c: the report's
 * fields and text; json_tables.c: its tables) and the loader (load.c). */
#ifndef XXGK_INPUT_H
#define XXGK_INPUT_H

#include <jansson.h>

#include "model/model.h"

/* Reading one JSON document into r. */
typedef struct {
    xxgk_report *r;
    xxgk_diags *d;
    const char *text; /* the input, for the literal text of numbers */
    size_t len;
} reader;

/* The JSON type of v in Chinese (对象, 字符串, …). */
const char *type_name(const json_t *v);
/* path + "/" + key as a JSON pointer, in the report's arena. */
char *child_path(reader *R, const char *path, const char *key);
/* S03: want is what the value should have been. */
void wrong_type(reader *R, const char *path, const char *place, const char *want, const json_t *v);
/* S01 for every key of obj that is not one of valid (with the nearest
 * valid key suggested). */
void check_keys(reader *R, json_t *obj, const char *path, const char *const *valid, size_t n_valid,
                const char *place);

/* json_tables.c */
void json_read_tables(reader *R, json_t *tables);
/* Without "format": the format whose cells the tables hold most of (the
 * year's format wins a tie); NULL when tables is not an object. */
const xxgk_template *json_format_by_shape(json_t *tables, int year);
/* C12: cells of another format among those of tpl. */
void json_check_mixed_formats(reader *R, json_t *tables, const xxgk_template *tpl);

#endif
