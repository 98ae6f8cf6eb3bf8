/* text_structure.c — the six sections of a published text and the
 * paragraphs of its prose.
 *
 * A section heading is a short line "三、……" whose title is the format's,
 * one of its known retitlings or holds one of its keywords; the headings
 * are found in order, and a numbered line that only looks like a heading
 * (a row label of a table: 三、本年度办理结果) is taken only when nothing
 * better comes before the next section.  The lines between two headings
 * are a section's region.
 *
 * Prose is read into paragraphs: lines of a copy hard-wrapped at a width
 * are joined first (I14); a paragraph that opens with a numbering or a
 * run of "一是……二是……" becomes a heading with its text, unless heading
 * and text look run together (I09).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/text.h"

/* Longest line still taken for a heading (code points). */
#define MAX_HEADING 40
/* Longest lead sentence of a "一是……。" paragraph read as a run-in heading. */
#define MAX_LEAD 30

/* ---- section headings ------------------------------------------------- */

/* Known retitlings of the six sections (docs/rules.md). */
static const char *const section_variants[][4] = {
    {"政府信息公开工作基本情况", "基本情况", NULL},
    {"公开政府信息情况", "主动公开情况", NULL},
    {"收到和处理政府信息公开情况", NULL},
    {"因政府信息公开工作被申请行政复议、提起行政诉讼情况",
     "因政府信息公开工作被申请行政复议提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况",
     NULL},
    {"政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题和改进情况",
     "存在问题及改进措施"},
    {"其他事项", "其他报告事项", "其他需要报告事项", NULL},
};

/* "三、收到…" → 3 and the rest; 0 if the line is no candidate. */
static int heading_number(importer *im, const char *s, const char **rest)
{
    cps c = {0};
    cp_decode(s, &c);
    int k = 0;
    if (c.n >= 3 && (k = import_cn_numeral(c.v[0])) && k <= 9 && c.v[1] == 0x3001)
        ;
    else
        k = 0;
    int len = (int)c.n;
    int has_stop = 0;
    for (size_t i = 0; i < c.n; i++)
        has_stop |= c.v[i] == 0x3002;
    free(c.v);
    if (!k || len > MAX_HEADING + 2 || has_stop)
        return 0;
    *rest = import_norm(&im->mem, s + 6); /* numeral and 、 are 3 bytes each */
    return k;
}

static int is_row_label_anywhere(importer *im, const char *norm_line)
{
    if (!im->row_labels) {
        size_t cap = 16;
        im->row_labels = xmalloc(cap * sizeof *im->row_labels);
        for (size_t t = 0; t < template_count(); t++) {
            const xxgk_template *tp = template_at(t);
            for (size_t b = 0; b < tp->n_blocks; b++) {
                const tblock *bl = tp->blocks[b];
                for (int r = 0; r < bl->n_rows; r++)
                    for (const hnode *n = bl->row_leaves[r]; n && n->parent; n = n->parent) {
                        if (!n->label[0] || (n->n_children && n->first_leaf != r))
                            continue;
                        if (im->n_row_labels == cap)
                            im->row_labels =
                                xrealloc(im->row_labels, (cap *= 2) * sizeof *im->row_labels);
                        im->row_labels[im->n_row_labels++] = import_norm(&im->mem, n->label);
                    }
            }
        }
    }
    for (size_t i = 0; i < im->n_row_labels; i++)
        if (import_label_cost(norm_line, im->row_labels[i]) <= 3)
            return 1;
    return 0;
}

static int heading_similar(importer *im, const tsection *sec, size_t idx, const char *rest)
{
    if (idx >= 16)
        return 0;
    if (!im->title_norm[idx]) {
        im->title_norm[idx] = import_norm(&im->mem, sec->title);
        for (size_t v = 0; v < 4 && idx < sizeof section_variants / sizeof *section_variants &&
                           section_variants[idx][v];
             v++)
            im->variant_norm[idx][v] = import_norm(&im->mem, section_variants[idx][v]);
    }
    if (import_label_cost(rest, im->title_norm[idx]) < LABEL_FAR)
        return 1;
    for (size_t v = 0; v < 4 && im->variant_norm[idx][v]; v++)
        if (import_label_cost(rest, im->variant_norm[idx][v]) <= 3)
            return 1;
    for (const char **k = sec->keywords; k && *k; k++)
        if (strstr(rest, *k))
            return 1;
    return 0;
}

void find_headings(importer *im, const xxgk_template *t, heading *h)
{
    size_t ns = t->n_sections;
    /* each line looked at once: its number, its text, whether it is a row label */
    int *num = xmalloc((im->n_lines + 1) * sizeof *num);
    const char **rests = xmalloc((im->n_lines + 1) * sizeof *rests);
    signed char *row_label = xmalloc(im->n_lines + 1);
    signed char *similar = xmalloc(im->n_lines + 1);
    for (size_t i = 0; i < im->n_lines; i++) {
        rests[i] = NULL;
        num[i] = heading_number(im, im->lines[i].s, &rests[i]);
        row_label[i] = -1;
        similar[i] = num[i] && num[i] <= (int)ns
                         ? (signed char)heading_similar(im, &t->sections[num[i] - 1],
                                                        (size_t)num[i] - 1, rests[i])
                         : 0;
    }
    /* similar candidates per section */
    size_t *first_similar = xmalloc(ns * sizeof *first_similar);
    size_t pos = 0;
    for (size_t k = 0; k < ns; k++) {
        h[k].found = 0;
        h[k].at = im->n_lines;
        size_t fallback = im->n_lines, chosen = im->n_lines;
        for (size_t s = 0; s < ns; s++)
            first_similar[s] = im->n_lines;
        for (size_t i = pos; i < im->n_lines; i++) {
            if (!num[i] || num[i] > (int)ns)
                continue;
            size_t s = (size_t)num[i] - 1;
            if (s < k || first_similar[s] < im->n_lines)
                continue;
            if (similar[i])
                first_similar[s] = i;
            else if (s == k && fallback == im->n_lines) {
                if (row_label[i] < 0)
                    row_label[i] = (signed char)is_row_label_anywhere(
                        im, import_norm(&im->mem, im->lines[i].s));
                if (!row_label[i])
                    fallback = i;
            }
        }
        chosen = first_similar[k];
        if (chosen == im->n_lines) {
            size_t later = im->n_lines;
            for (size_t s = k + 1; s < ns; s++)
                if (first_similar[s] < later)
                    later = first_similar[s];
            if (fallback < later)
                chosen = fallback;
        }
        if (chosen < im->n_lines) {
            h[k].found = 1;
            h[k].at = chosen;
            pos = chosen + 1;
        }
    }
    free(first_similar);
    free(num);
    free(rests);
    free(row_label);
    free(similar);
}

region section_region(const importer *im, const heading *h, size_t ns, size_t k)
{
    region rg = {NULL, 0, h[k].found};
    if (!h[k].found)
        return rg;
    size_t end = im->n_lines;
    for (size_t j = k + 1; j < ns; j++)
        if (h[j].found) {
            end = h[j].at;
            break;
        }
    rg.lines = im->lines + h[k].at + 1;
    rg.n = end - h[k].at - 1;
    return rg;
}

/* ---- paragraphs ------------------------------------------------------- */

static size_t cn_prefix(const char *s, const char *suffix)
{
    /* "一是" "二是" …: numeral + suffix */
    uint32_t cp;
    size_t k = utf8_decode(s, strlen(s), &cp);
    if (!k || !import_cn_numeral(cp) || strncmp(s + k, suffix, strlen(suffix)))
        return 0;
    return k + strlen(suffix);
}

/* Leading heading numbering of restored text: （一） or 1. / 1、 */
static int heading_numbering(const char *s)
{
    if (!strncmp(s, "（", 3)) {
        uint32_t cp;
        const char *p = s + 3;
        size_t k = utf8_decode(p, strlen(p), &cp);
        int any = 0;
        while (k && (import_cn_numeral(cp) || import_is_digit(cp))) {
            any = 1;
            p += k;
            k = utf8_decode(p, strlen(p), &cp);
        }
        return any && !strncmp(p, "）", 3);
    }
    if (isdigit((unsigned char)s[0])) {
        const char *p = s;
        while (isdigit((unsigned char)*p))
            p++;
        return (*p == '.' && !isdigit((unsigned char)p[1])) || !strncmp(p, "、", 3) ||
               !strncmp(p, "．", 3);
    }
    return 0;
}

/* The text up to and including the first 。, or NULL. */
static const char *first_sentence_end(const char *s)
{
    const char *p = strstr(s, "。");
    return p ? p + 3 : NULL;
}

/* One paragraph as JSON: a string, {"heading"} or {"heading","text"}. */
static json_t *para_json(importer *im, const char *s, int line, int item_style)
{
    int numbered = heading_numbering(s);
    if (!numbered && !item_style)
        return json_string(s);
    const char *end = first_sentence_end(s);
    int len = import_cp_len(s);
    int limit = item_style ? MAX_LEAD : MAX_HEADING;
    if (!end) {
        if (numbered && len <= MAX_HEADING) {
            json_t *o = json_object();
            json_object_set_new(o, "heading", json_string(s));
            return o;
        }
        idiag(im, XXGK_WARNING, "I09", line, 1, NULL, NULL, NULL,
              "段首“%.*s……”像小标题，但标题与正文之间没有句号，疑似粘连；按正文段落读取，请核实",
              (int)(strlen(s) < 24 ? strlen(s) : 24), s);
        return json_string(s);
    }
    char *head = arena_strndup(&im->mem, s, (size_t)(end - s));
    if (import_cp_len(head) > limit) {
        /* cut at a code point boundary for the message */
        size_t cut = 0;
        for (int k = 0; k < 16 && s[cut]; k++) {
            uint32_t cp;
            size_t n = utf8_decode(s + cut, strlen(s + cut), &cp);
            cut += n ? n : 1;
        }
        idiag(
            im, XXGK_WARNING, "I09", line, 1, NULL, NULL, NULL,
            "段首“%.*s……”像小标题，但第一句长达 %d 字，疑似标题与正文粘连；按正文段落读取，请核实",
            (int)cut, s, import_cp_len(head));
        return json_string(s);
    }
    json_t *o = json_object();
    json_object_set_new(o, "heading", json_string(head));
    if (*end)
        json_object_set_new(o, "text", json_string(end));
    return o;
}

/* A line that ends a sentence (。！？；…): a wrap there cannot be told
 * from a paragraph's end.  n: the line as import_norm gives it. */
static int ends_sentence(const char *n)
{
    static const char *const ends[] = {"。", "！", "？", "…", ".", "!", "?", ";", ":", NULL};
    size_t len = strlen(n);
    for (const char *const *e = ends; *e; e++) {
        size_t k = strlen(*e);
        if (len >= k && !strcmp(n + len - k, *e))
            return 1;
    }
    return 0;
}

/* A line that opens an item or a heading: (一) 1. 1、 一、 一是 (注 */
static int starts_item(const char *n)
{
    uint32_t cp;
    if (n[0] == '(') {
        const char *p = n + 1;
        size_t m = utf8_decode(p, strlen(p), &cp);
        while (m && (import_cn_numeral(cp) || import_is_digit(cp))) {
            p += m;
            m = utf8_decode(p, strlen(p), &cp);
        }
        if (p > n + 1 && *p == ')')
            return 1;
        return !strncmp(n, "(注", strlen("(注"));
    }
    if (isdigit((unsigned char)n[0])) {
        const char *p = n;
        while (isdigit((unsigned char)*p))
            p++;
        return (*p == '.' && !isdigit((unsigned char)p[1])) || !strncmp(p, "、", 3);
    }
    return cn_prefix(n, "是") || cn_prefix(n, "、");
}

/* The width a copy hard-wrapped the text at: the one length (in
 * characters) that many lines of prose share, or 0.  Unwrapped text has
 * lines of every length (a paragraph each): nothing is joined. */
static int wrap_width(importer *im, const para_src *p, size_t n)
{
    enum { MAX_W = 120 };
    int count[MAX_W + 1] = {0}, long_lines = 0;
    for (size_t i = 0; i < n; i++) {
        int w = import_cp_len(import_norm(&im->mem, p[i].text));
        if (w >= 16 && w <= MAX_W) {
            count[w]++;
            long_lines++;
        }
    }
    int best = 0;
    for (int w = 16; w <= MAX_W; w++)
        if (count[w] > count[best])
            best = w;
    /* a fifth of the long lines, and at least three, end at the same place */
    return best && count[best] >= 3 && count[best] * 5 >= long_lines ? best : 0;
}

/* The lines of one paragraph joined (I14), before anything else reads
 * them (a URL, the agency's name, the notes may be cut between two): in
 * text hard-wrapped at a width, a line that reaches the width and does not
 * end a sentence goes on in the next line, unless that one opens an item
 * or a heading, or a blank line lies between. */
size_t join_wrapped(importer *im, para_src *p, size_t n)
{
    int width = wrap_width(im, p, n);
    if (!width)
        return n;
    size_t out = 0;
    int last_line = 0;
    for (size_t i = 0; i < n; i++) {
        if (out > 0 && p[i].line == last_line + 1) {
            const char *joined = import_norm(&im->mem, p[out - 1].text);
            /* the last line of what is joined so far reaches the width */
            const char *last = p[out - 1].text + p[out - 1].tail;
            if (import_cp_len(import_norm(&im->mem, last)) >= width - 1 && !ends_sentence(joined) &&
                !starts_item(import_norm(&im->mem, p[i].text))) {
                idiag(im, XXGK_NOTE, "I14", p[i].line, 1, NULL, NULL, NULL,
                      "第 %d 行接续第 %d 行（原文按每行 %d 字折行），合为一段", p[i].line,
                      last_line, width);
                size_t before = strlen(p[out - 1].text);
                p[out - 1].text = arena_printf(&im->mem, "%s%s", p[out - 1].text, p[i].text);
                p[out - 1].tail = before;
                last_line = p[i].line;
                continue;
            }
        }
        last_line = p[i].line;
        p[out] = p[i];
        p[out].tail = 0;
        out++;
    }
    return out;
}

json_t *paragraphs_json(importer *im, const para_src *p, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        /* "一是……" paragraphs one after the other, each without the next
         * "二是": lead phrases set as run-in headings */
        int item_style = 0;
        size_t lead = cn_prefix(p[i].text, "是");
        if (lead) {
            uint32_t cp;
            utf8_decode(p[i].text, 3, &cp);
            int num = import_cn_numeral(cp);
            int prev_item = i > 0 && cn_prefix(p[i - 1].text, "是");
            int next_item = i + 1 < n && cn_prefix(p[i + 1].text, "是");
            static const char *const nums[] = {"一是", "二是", "三是", "四是", "五是",
                                               "六是", "七是", "八是", "九是", "十是"};
            int inline_next = num >= 1 && num < 10 && strstr(p[i].text + lead, nums[num]);
            item_style = (prev_item || next_item) && !inline_next;
        }
        json_array_append_new(arr, para_json(im, p[i].text, p[i].line, item_style));
        check_measure_words(im, p[i].text, p[i].line);
    }
    return arr;
}
