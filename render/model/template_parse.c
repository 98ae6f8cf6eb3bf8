/* template_parse.c — a statutory format read from its data file
 * (layouts/format-*.json): the six sections, each table's blocks with their
 * header trees, totals and equations, and the keywords of the prose checks.
 * A file that does not describe a consistent format is a bug in the data:
 * every problem is named (the registry reports them as L01) and the format
 * is not used. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

typedef struct {
    xxgk_template *t;
    const char *file;
    strbuf *problems; /* one line per problem */
    int failed;
} loader;

static void bad(loader *L, const char *what, const char *detail)
{
    if (L->problems->len)
        sb_addc(L->problems, '\n');
    sb_printf(L->problems, "layouts/%s：%s%s%s", L->file, what, detail ? "：" : "",
              detail ? detail : "");
    L->failed = 1;
}

/* A misspelt key in a layout file (totl_of) would silently drop a rule:
 * layout files are held to the same strictness as reports. */
static void allow_keys(loader *L, json_t *o, const char *const *allowed, const char *what)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        const char *const *a;
        for (a = allowed; *a && strcmp(*a, key); a++)
            ;
        if (!*a)
            bad(L, what, arena_printf(&L->t->mem, "未知的键 \"%s\"", key));
    }
}

static const char *get_str(loader *L, json_t *o, const char *key, int required)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            bad(L, "缺少字符串", key);
        return NULL;
    }
    if (!json_is_string(v)) {
        bad(L, "应为字符串", key);
        return NULL;
    }
    return arena_strdup(&L->t->mem, json_string_value(v));
}

static value_type parse_type(loader *L, const char *s, value_type dflt)
{
    if (!s)
        return dflt;
    if (!strcmp(s, "count"))
        return VT_COUNT;
    if (!strcmp(s, "delta"))
        return VT_DELTA;
    if (!strcmp(s, "amount"))
        return VT_AMOUNT;
    bad(L, "未知的数值类型", s);
    return dflt;
}

static hnode *parse_node(loader *L, json_t *o, hnode *parent, value_type type)
{
    hnode *n = arena_alloc(&L->t->mem, sizeof *n);
    n->parent = parent;
    n->depth = parent ? parent->depth + 1 : 0;
    n->leaf = -1;
    if (!json_is_object(o)) {
        bad(L, "表头节点应为对象", NULL);
        return n;
    }
    static const char *const keys[] = {"key",      "label", "children", "type",
                                       "total_of", "rule",  "note",     NULL};
    allow_keys(L, o, keys, "表头节点");
    n->key = get_str(L, o, "key", 0);
    n->label = get_str(L, o, "label", 1);
    if (!n->label)
        n->label = "";
    n->rule = get_str(L, o, "rule", 0);
    n->note = get_str(L, o, "note", 0);
    n->type = parse_type(L, get_str(L, o, "type", 0), type);
    json_t *ch = json_object_get(o, "children");
    if (ch) {
        n->n_children = json_array_size(ch);
        n->children = arena_alloc(&L->t->mem, n->n_children * sizeof *n->children);
        for (size_t i = 0; i < n->n_children; i++)
            n->children[i] = parse_node(L, json_array_get(ch, i), n, n->type);
    }
    return n;
}

static hnode *parse_tree(loader *L, json_t *arr, value_type type)
{
    hnode *root = arena_alloc(&L->t->mem, sizeof *root);
    root->leaf = -1;
    root->label = "";
    root->type = type;
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        bad(L, "表格块需要非空的 \"rows\" 和 \"columns\" 数组", NULL);
        return root;
    }
    root->n_children = json_array_size(arr);
    root->children = arena_alloc(&L->t->mem, root->n_children * sizeof *root->children);
    for (size_t i = 0; i < root->n_children; i++)
        root->children[i] = parse_node(L, json_array_get(arr, i), root, type);
    return root;
}

/* Number the leaves in order; returns the tree depth. */
static int number_leaves(hnode *n, int *next)
{
    n->first_leaf = *next;
    int depth = n->depth;
    if (n->n_children == 0 && n->parent) {
        n->leaf = (*next)++;
        n->n_leaves = 1;
        return depth;
    }
    for (size_t i = 0; i < n->n_children; i++) {
        int d = number_leaves(n->children[i], next);
        if (d > depth)
            depth = d;
    }
    n->n_leaves = *next - n->first_leaf;
    return depth;
}

static void collect_leaves(hnode *n, hnode **out)
{
    if (n->leaf >= 0)
        out[n->leaf] = n;
    for (size_t i = 0; i < n->n_children; i++)
        collect_leaves(n->children[i], out);
}

/* A child of n with this key; nodes without a key are looked through. */
hnode *hnode_find_key(const hnode *n, const char *key, size_t keylen)
{
    for (size_t i = 0; i < n->n_children; i++) {
        hnode *c = n->children[i];
        if (c->key) {
            if (strlen(c->key) == keylen && !strncmp(c->key, key, keylen))
                return c;
        } else {
            hnode *f = hnode_find_key(c, key, keylen);
            if (f)
                return f;
        }
    }
    return NULL;
}

/* Resolve "a/b/c" from n downwards. */
hnode *hnode_find_path(hnode *n, const char *path)
{
    while (*path) {
        const char *slash = strchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);
        n = hnode_find_key(n, path, len);
        if (!n)
            return NULL;
        path += len + (slash ? 1 : 0);
    }
    return n;
}

static void resolve_totals(loader *L, hnode *n, json_t *src)
{
    /* src is the JSON object n was parsed from; walk both in parallel */
    json_t *parts = json_object_get(src, "total_of");
    if (parts) {
        n->n_parts = json_array_size(parts);
        n->parts = arena_alloc(&L->t->mem, n->n_parts * sizeof *n->parts);
        for (size_t i = 0; i < n->n_parts; i++) {
            const char *k = json_string_value(json_array_get(parts, i));
            n->parts[i] = k ? hnode_find_path(n->parent, k) : NULL;
            if (!n->parts[i] || n->parts[i] == n)
                bad(L, "total_of 没有指向另一个节点", k);
        }
        if (!n->rule)
            bad(L, "合计栏需要规则编号（rule）", n->label);
    }
    json_t *ch = json_object_get(src, "children");
    for (size_t i = 0; i < n->n_children; i++)
        resolve_totals(L, n->children[i], json_array_get(ch, i));
}

static void check_unique_keys(loader *L, const hnode *n)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        if (c->key && hnode_find_key(n, c->key, strlen(c->key)) != c)
            bad(L, "重复的键", c->key);
        check_unique_keys(L, c);
    }
}

static hnode **parse_refs(loader *L, json_t *arr, hnode *root, size_t *n)
{
    *n = json_array_size(arr);
    hnode **v = arena_alloc(&L->t->mem, (*n ? *n : 1) * sizeof *v);
    for (size_t i = 0; i < *n; i++) {
        const char *k = json_string_value(json_array_get(arr, i));
        v[i] = k ? hnode_find_path(root, k) : NULL;
        if (!v[i])
            bad(L, "规则中的节点不存在", k);
    }
    return v;
}

static void parse_block(loader *L, tblock *b, json_t *o)
{
    arena *a = &L->t->mem;
    static const char *const keys[] = {"key",     "title", "stub_header", "type",
                                       "columns", "rows",  "rules",       NULL};
    allow_keys(L, o, keys, "表格块");
    b->key = get_str(L, o, "key", 0);
    b->title = get_str(L, o, "title", 0);
    b->stub_header = get_str(L, o, "stub_header", 0);
    value_type type = parse_type(L, get_str(L, o, "type", 0), VT_COUNT);
    json_t *jc = json_object_get(o, "columns"), *jr = json_object_get(o, "rows");
    b->cols = parse_tree(L, jc, type);
    b->rows = parse_tree(L, jr, type);
    if (L->failed)
        return;
    int next = 0;
    b->col_depth = number_leaves(b->cols, &next);
    b->n_cols = next;
    next = 0;
    b->row_depth = number_leaves(b->rows, &next);
    b->n_rows = next;
    b->col_leaves = arena_alloc(a, (size_t)b->n_cols * sizeof *b->col_leaves);
    b->row_leaves = arena_alloc(a, (size_t)b->n_rows * sizeof *b->row_leaves);
    collect_leaves(b->cols, b->col_leaves);
    collect_leaves(b->rows, b->row_leaves);
    for (size_t i = 0; i < b->cols->n_children; i++)
        resolve_totals(L, b->cols->children[i], json_array_get(jc, i));
    for (size_t i = 0; i < b->rows->n_children; i++)
        resolve_totals(L, b->rows->children[i], json_array_get(jr, i));
    check_unique_keys(L, b->cols);
    check_unique_keys(L, b->rows);

    json_t *rules = json_object_get(o, "rules");
    b->n_rules = json_array_size(rules);
    b->rules = arena_alloc(a, (b->n_rules ? b->n_rules : 1) * sizeof *b->rules);
    for (size_t i = 0; i < b->n_rules; i++) {
        json_t *r = json_array_get(rules, i);
        equation *e = &b->rules[i];
        static const char *const rkeys[] = {"id", "for_each", "left", "right", "message", NULL};
        allow_keys(L, r, rkeys, "规则");
        e->id = get_str(L, r, "id", 1);
        e->message = get_str(L, r, "message", 1);
        const char *fe = get_str(L, r, "for_each", 1);
        e->for_each_column = fe && !strcmp(fe, "column");
        hnode *root = e->for_each_column ? b->rows : b->cols;
        e->left = parse_refs(L, json_object_get(r, "left"), root, &e->n_left);
        e->right = parse_refs(L, json_object_get(r, "right"), root, &e->n_right);
    }
    if (!L->failed)
        block_relations(a, b);
}

static const char **string_list(arena *a, json_t *arr)
{
    size_t m = json_array_size(arr);
    const char **v = arena_alloc(a, (m + 1) * sizeof *v);
    for (size_t j = 0; j < m; j++)
        v[j] = arena_strdup(a, json_string_value(json_array_get(arr, j)));
    return v;
}

static int resolve_ref_str(loader *L, const char *ref, cellref *out)
{
    if (!ref || !template_resolve(L->t, ref, out)) {
        bad(L, "无法解析单元格引用", ref);
        return 0;
    }
    return 1;
}

/* The sections, and the tables of those that hold one; returns the number
 * of blocks. */
static size_t parse_sections(loader *L, json_t *secs, json_t *tables)
{
    xxgk_template *t = L->t;
    arena *a = &t->mem;
    t->n_sections = json_array_size(secs);
    t->sections = arena_alloc(a, (t->n_sections ? t->n_sections : 1) * sizeof *t->sections);
    t->tables = arena_alloc(a, (t->n_sections ? t->n_sections : 1) * sizeof *t->tables);
    size_t nblocks = 0;
    for (size_t i = 0; i < t->n_sections; i++) {
        json_t *s = json_array_get(secs, i);
        tsection *ts = &t->sections[i];
        static const char *const skeys[] = {"key", "number", "title", "content", "keywords", NULL};
        allow_keys(L, s, skeys, "部分");
        ts->key = get_str(L, s, "key", 1);
        ts->number = get_str(L, s, "number", 1);
        ts->title = get_str(L, s, "title", 1);
        const char *content = get_str(L, s, "content", 1);
        if (L->failed)
            break;
        ts->heading = arena_printf(a, "%s、%s", ts->number, ts->title);
        ts->keywords = string_list(a, json_object_get(s, "keywords"));
        if (!content || strcmp(content, "table"))
            continue;
        json_t *jt = json_object_get(tables, ts->key);
        json_t *blocks = json_object_get(jt, "blocks");
        if (!json_is_array(blocks) || !json_array_size(blocks)) {
            bad(L, "表格没有 blocks", ts->key);
            break;
        }
        ttable *tt = &t->tables[t->n_tables++];
        tt->key = ts->key;
        tt->section = ts;
        ts->table = tt;
        tt->n_blocks = json_array_size(blocks);
        tt->blocks = arena_alloc(a, tt->n_blocks * sizeof *tt->blocks);
        for (size_t k = 0; k < tt->n_blocks; k++) {
            tt->blocks[k].table = tt;
            tt->blocks[k].index = (int)nblocks++;
            parse_block(L, &tt->blocks[k], json_array_get(blocks, k));
            if ((tt->n_blocks > 1) != (tt->blocks[k].key != NULL))
                bad(L, "多块表格的每一块都要有 key，单块表格不要 key", tt->key);
        }
    }
    return nblocks;
}

/* What the prose checks look for (C09): keywords and the cells they name. */
static void parse_narrative(loader *L, json_t *narr)
{
    xxgk_template *t = L->t;
    arena *a = &t->mem;
    t->n_narrative = json_array_size(narr);
    t->narrative = arena_alloc(a, (t->n_narrative ? t->n_narrative : 1) * sizeof *t->narrative);
    for (size_t i = 0; i < t->n_narrative && !L->failed; i++) {
        json_t *o = json_array_get(narr, i);
        narrative_rule *nr = &t->narrative[i];
        static const char *const nkeys[] = {"measure", "cells", "all", "none", "zero", NULL};
        allow_keys(L, o, nkeys, "正文核对规则");
        nr->measure = get_str(L, o, "measure", 1);
        json_t *all = json_object_get(o, "all"), *none = json_object_get(o, "none");
        json_t *cells = json_object_get(o, "cells");
        nr->n_all = json_array_size(all);
        nr->all = arena_alloc(a, (nr->n_all + 1) * sizeof *nr->all);
        for (size_t k = 0; k < nr->n_all; k++)
            nr->all[k] = string_list(a, json_array_get(all, k));
        nr->none = string_list(a, none);
        nr->zero = string_list(a, json_object_get(o, "zero"));
        nr->n_cells = json_array_size(cells);
        nr->cells = arena_alloc(a, (nr->n_cells ? nr->n_cells : 1) * sizeof *nr->cells);
        for (size_t j = 0; j < nr->n_cells; j++)
            resolve_ref_str(L, json_string_value(json_array_get(cells, j)), &nr->cells[j]);
    }
}

/* C23: "均获维持" and the cells of 表四 it cannot be said with. */
static void parse_upheld(loader *L, json_t *o)
{
    xxgk_template *t = L->t;
    if (!o)
        return;
    static const char *const keys[] = {"phrases", "none", "cases", NULL};
    allow_keys(L, o, keys, "upheld");
    t->upheld_phrases = string_list(&t->mem, json_object_get(o, "phrases"));
    t->upheld_none = string_list(&t->mem, json_object_get(o, "none"));
    json_t *cases = json_object_get(o, "cases");
    t->n_upheld = json_array_size(cases);
    t->upheld = arena_alloc(&t->mem, (t->n_upheld ? t->n_upheld : 1) * sizeof *t->upheld);
    for (size_t i = 0; i < t->n_upheld && !L->failed; i++) {
        json_t *c = json_array_get(cases, i);
        static const char *const ckeys[] = {"words", "cells", NULL};
        allow_keys(L, c, ckeys, "upheld.cases");
        upheld_case *u = &t->upheld[i];
        u->words = string_list(&t->mem, json_object_get(c, "words"));
        json_t *cells = json_object_get(c, "cells");
        u->n_cells = json_array_size(cells);
        u->cells = arena_alloc(&t->mem, (u->n_cells ? u->n_cells : 1) * sizeof *u->cells);
        for (size_t j = 0; j < u->n_cells; j++)
            resolve_ref_str(L, json_string_value(json_array_get(cells, j)), &u->cells[j]);
    }
}

/* The cells single checks name: the fee row (C10), the carry-over (C07),
 * the stock of documents in force (C08). */
static void parse_named_cells(loader *L, json_t *root)
{
    xxgk_template *t = L->t;
    const char *fee = get_str(L, root, "fee_row", 0);
    if (fee)
        t->has_fee_row = resolve_ref_str(L, fee, &t->fee_row);
    json_t *carry = json_object_get(root, "carry");
    if (carry) {
        t->has_carry = resolve_ref_str(L, get_str(L, carry, "from", 1), &t->carry_from) &&
                       resolve_ref_str(L, get_str(L, carry, "to", 1), &t->carry_to);
    }
    json_t *stock = json_object_get(root, "stock");
    if (!stock)
        return;
    cellref blk;
    const char *bref = get_str(L, stock, "block", 1);
    if (!resolve_ref_str(L, bref, &blk))
        return;
    t->stock_block = blk.block;
    t->stock_col = hnode_find_path(blk.block->cols, get_str(L, stock, "stock", 1));
    t->added_col = hnode_find_path(blk.block->cols, get_str(L, stock, "added", 1));
    t->removed_col = hnode_find_path(blk.block->cols, get_str(L, stock, "removed", 1));
    t->has_stock = t->stock_col && t->added_col && t->removed_col;
    if (!t->has_stock)
        bad(L, "找不到 stock 的各栏", bref);
}

xxgk_template *template_parse(const char *file, const char *data, size_t size, strbuf *problems)
{
    json_error_t err;
    json_t *root = json_loadb(data, size, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        if (problems->len)
            sb_addc(problems, '\n');
        sb_printf(problems, "layouts/%s:%d:%d：JSON 语法错误：%s", file, err.line, err.column,
                  err.text);
        return NULL;
    }
    xxgk_template *t = xmalloc(sizeof *t);
    memset(t, 0, sizeof *t);
    loader L = {t, file, problems, 0};
    static const char *const top[] = {
        "format", "name",      "basis",   "basis_citations", "first_year", "last_year", "sections",
        "tables", "narrative", "fee_row", "carry",           "stock",      "upheld", NULL};
    allow_keys(&L, root, top, "格式");
    t->format = get_str(&L, root, "format", 1);
    t->name = get_str(&L, root, "name", 1);
    t->basis = get_str(&L, root, "basis", 1);
    t->basis_citations = string_list(&t->mem, json_object_get(root, "basis_citations"));
    t->first_year = (int)json_integer_value(json_object_get(root, "first_year"));
    t->last_year = (int)json_integer_value(json_object_get(root, "last_year"));
    size_t nblocks =
        parse_sections(&L, json_object_get(root, "sections"), json_object_get(root, "tables"));
    if (!L.failed) {
        t->n_blocks = nblocks;
        t->blocks = arena_alloc(&t->mem, (nblocks ? nblocks : 1) * sizeof *t->blocks);
        for (size_t i = 0; i < t->n_tables; i++)
            for (size_t k = 0; k < t->tables[i].n_blocks; k++)
                t->blocks[t->tables[i].blocks[k].index] = &t->tables[i].blocks[k];
        parse_narrative(&L, json_object_get(root, "narrative"));
        parse_named_cells(&L, root);
        parse_upheld(&L, json_object_get(root, "upheld"));
    }
    json_decref(root);
    if (L.failed) {
        arena_free(&t->mem);
        free(t);
        return NULL;
    }
    return t;
}
