/* skeleton.c — a complete blank report of a format (xxgk template): every
 * cell present and zero, the fields to fill marked. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/model.h"

#define PLACEHOLDER "请填写"

static json_t *skeleton_cols(const hnode *n, json_t *obj)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        if (c->n_children) {
            json_t *sub = c->key ? json_object() : obj;
            skeleton_cols(c, sub);
            if (c->key)
                json_object_set_new(obj, c->key, sub);
        } else {
            json_object_set_new(obj, c->key, json_integer(0));
        }
    }
    return obj;
}

static void skeleton_rows(const tblock *b, const hnode *n, json_t *obj)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        json_t *sub = c->key ? json_object() : obj;
        if (c->n_children)
            skeleton_rows(b, c, sub);
        else
            skeleton_cols(b->cols, sub);
        if (c->key)
            json_object_set_new(obj, c->key, sub);
    }
}

char *xxgk_template_skeleton(const xxgk_template *t, int year)
{
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string(t->format));
    json_object_set_new(root, "year", json_integer(year));
    json_object_set_new(root, "agency", json_string(PLACEHOLDER "发文机关名称"));
    char date[32];
    snprintf(date, sizeof date, "%04d-01-20", year + 1);
    json_object_set_new(root, "date", json_string(date));
    json_object_set_new(root, "preface", json_array());
    json_t *secs = json_object();
    for (size_t i = 0; i < t->n_sections; i++)
        if (!t->sections[i].table)
            json_object_set_new(secs, t->sections[i].key, json_array());
    json_object_set_new(root, "sections", secs);
    json_t *tables = json_object();
    for (size_t i = 0; i < t->n_tables; i++) {
        const ttable *tt = &t->tables[i];
        json_t *to = json_object();
        for (size_t k = 0; k < tt->n_blocks; k++) {
            const tblock *b = &tt->blocks[k];
            json_t *bo = b->key ? json_object() : to;
            skeleton_rows(b, b->rows, bo);
            if (b->key)
                json_object_set_new(to, b->key, bo);
        }
        json_object_set_new(tables, tt->key, to);
    }
    json_object_set_new(root, "tables", tables);
    return json_text(root, 0);
}
