/* import_text.c — a published report's plain text → the canonical JSON.
 *
 * The text is cut at the six section headings (found in order, with the
 * known variants of their titles); what precedes 一 is page chrome, the
 * title and the preface; 一, 五, 六 are paragraphs; 二, 三, 四 are tables,
 * read by import_table.c against every template, keeping the one that fits
 * best.  The JSON is then an ordinary input: xxgk_report_from_json makes
 * the model, so import and the JSON reader cannot disagree.
 *
 * Every repair is a diagnostic (rules I01–I13 of the import, and the
 * statutory C06, C11, C12, C14, C15); a value that is not in the text is
 * never made up: it is reported missing and left out of the JSON.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/import.h"
#include "xxgk_import.h"

#define MAX_IMPORT_BYTES (16u << 20)
/* Longest line still taken for a heading (code points). */
#define MAX_HEADING 40
/* Longest lead sentence of a "一是……。" paragraph read as a run-in heading. */
#define MAX_LEAD 30

void import_diag(xxgk_diags *d, xxgk_severity sev, const char *rule, int line, int col,
                 const char *place, const char *expected, const char *actual, const char *msg)
{
    diag_add(d, sev, rule,
             &(diag_where){.place = place, .expected = expected, .actual = actual, .line = line,
                           .col = col},
             "%s", msg);
}

typedef struct {
    arena mem;
    xxgk_diags *d;
    int errors;
    tline *lines;
    size_t n_lines;
    /* repairs counted for one note each */
    int punct, punct_line, spaces, spaces_line, chrome, chrome_line;
    /* page metadata */
    const char *meta_date, *meta_agency;
    int meta_date_line, meta_agency_line;
    /* normalised labels, made once */
    const char **row_labels;
    size_t n_row_labels;
    const char *title_norm[16], *variant_norm[16][4];
} importer;

static void idiag(importer *im, xxgk_severity sev, const char *rule, int line, int col,
                  const char *place, const char *expected, const char *actual, const char *fmt, ...)
    XXGK_PRINTF(9, 10);

static void idiag(importer *im, xxgk_severity sev, const char *rule, int line, int col,
                  const char *place, const char *expected, const char *actual, const char *fmt, ...)
{
    strbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    import_diag(im->d, sev, rule, line, col, place, expected, actual, b.s ? b.s : "");
    sb_free(&b);
    if (sev == XXGK_ERROR)
        im->errors++;
}

/* ---- code points ------------------------------------------------------ */

typedef struct {
    uint32_t *v;
    size_t n, cap;
} cps;

static void cp_push(cps *c, uint32_t cp)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->v = xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = cp;
}

static void cp_decode(const char *s, cps *out)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0xFFFD;
        i += k;
        cp_push(out, cp);
    }
}

static char *cp_encode(arena *a, const uint32_t *v, size_t n)
{
    strbuf b = {0};
    for (size_t i = 0; i < n; i++) {
        char o[4];
        sb_addn(&b, o, utf8_encode(v[i], o));
    }
    char *r = arena_strdup(a, b.s ? b.s : "");
    sb_free(&b);
    return r;
}

static int is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Chinese text around a mark: ideographs and CJK punctuation. */
static int is_cjk(uint32_t cp)
{
    return is_han(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           cp == 0x201C || cp == 0x201D || cp == 0x2014 || cp == 0x2026;
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000 ||
           cp == 0xFEFF || cp == 0x202F || cp == 0x205F || cp == '\r' || cp == '\f' || cp == '\v';
}

static int is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }

static int is_cn_numeral(uint32_t cp)
{
    static const uint32_t cn[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
                                  0x4E5D, 0x5341};
    for (size_t i = 0; i < sizeof cn / sizeof *cn; i++)
        if (cp == cn[i])
            return (int)i + 1;
    return 0;
}

static int url_char(uint32_t cp)
{
    return cp < 0x80 && (isalnum((int)cp) || strchr("-._~:/?#@!$&'*+=%", (int)cp));
}

/* URLs and e-mail addresses keep their ASCII punctuation. */
static void mark_protected(const cps *c, unsigned char *prot)
{
    for (size_t i = 0; i < c->n; i++) {
        static const char *const starts[] = {"http://", "https://", "www."};
        for (size_t k = 0; k < 3; k++) {
            size_t n = strlen(starts[k]), j;
            for (j = 0; j < n && i + j < c->n; j++)
                if (tolower((int)(c->v[i + j] < 0x80 ? c->v[i + j] : 0)) != starts[k][j])
                    break;
            if (j == n) {
                size_t e = i;
                while (e < c->n && url_char(c->v[e]))
                    prot[e++] = 1;
            }
        }
        if (c->v[i] == '@') {
            size_t b = i;
            while (b > 0 && c->v[b - 1] < 0x80 && (isalnum((int)c->v[b - 1]) || strchr("._%+-", (int)c->v[b - 1])))
                b--;
            size_t e = i + 1;
            while (e < c->n && c->v[e] < 0x80 && (isalnum((int)c->v[e]) || strchr(".-", (int)c->v[e])))
                e++;
            if (b < i && e > i + 1)
                for (size_t k = b; k < e; k++)
                    prot[k] = 1;
        }
    }
}

/* ---- dates with dropped characters ------------------------------------ */

static int valid_md(int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= 31; }

/* 20201月1日 → 2020年1月1日; 202111日 → 2021年1月1日 when only one reading is a date. */
static void repair_dates(importer *im, cps *c, int line)
{
    for (size_t i = 0; i + 4 < c->n; i++) {
        if (i > 0 && is_digit(c->v[i - 1]))
            continue;
        size_t j = i;
        while (j < c->n && is_digit(c->v[j]))
            j++;
        size_t nd = j - i;
        if (nd < 5 || nd > 8 || j >= c->n)
            continue;
        int year = 0;
        for (size_t k = i; k < i + 4; k++)
            year = year * 10 + (int)(c->v[k] - '0');
        if (year < 1990 || year > 2099)
            continue;
        uint32_t after = c->v[j];
        char before[64];
        {
            arena tmp = {0};
            snprintf(before, sizeof before, "%s", cp_encode(&tmp, c->v + i, nd + 1));
            arena_free(&tmp);
        }
        if (after == 0x6708 /* 月 */ && nd <= 6) {
            int m = 0;
            for (size_t k = i + 4; k < j; k++)
                m = m * 10 + (int)(c->v[k] - '0');
            if (m < 1 || m > 12)
                continue;
            cp_push(c, 0);
            memmove(c->v + i + 5, c->v + i + 4, (c->n - 1 - (i + 4)) * sizeof *c->v);
            c->v[i + 4] = 0x5E74; /* 年 */
            idiag(im, XXGK_WARNING, "I11", line, 0, NULL, NULL, before,
                  "日期“%s”缺少“年”字，已补为“%d年%d月”", before, year, m);
            i = j;
        } else if (after == 0x65E5 /* 日 */) {
            int n_read = 0, rm = 0, rd = 0;
            size_t rest = nd - 4;
            for (size_t mlen = 1; mlen <= 2 && mlen < rest; mlen++) {
                int m = 0, dd = 0;
                for (size_t k = 0; k < mlen; k++)
                    m = m * 10 + (int)(c->v[i + 4 + k] - '0');
                for (size_t k = mlen; k < rest; k++)
                    dd = dd * 10 + (int)(c->v[i + 4 + k] - '0');
                if (valid_md(m, dd) && c->v[i + 4 + mlen] != '0')
                    n_read++, rm = m, rd = dd;
            }
            if (n_read == 1) {
                size_t mlen = rm >= 10 ? 2 : 1;
                cp_push(c, 0);
                cp_push(c, 0);
                size_t at = i + 4;
                memmove(c->v + at + 1, c->v + at, (c->n - 2 - at) * sizeof *c->v);
                c->v[at] = 0x5E74;
                at += 1 + mlen;
                memmove(c->v + at + 1, c->v + at, (c->n - 1 - at) * sizeof *c->v);
                c->v[at] = 0x6708;
                idiag(im, XXGK_WARNING, "I11", line, 0, NULL, NULL, before,
                      "日期“%s”缺少“年”“月”字，唯一可能的读法是“%d年%d月%d日”，已补全", before, year, rm, rd);
                i = j + 2;
            } else if (n_read > 1) {
                idiag(im, XXGK_WARNING, "I11", line, 0, NULL, NULL, before,
                      "日期“%s”缺少“年”“月”字，有多种读法，未改动，请核实", before);
            }
        }
    }
}

/* ---- full-width punctuation -------------------------------------------- */

/* Restore the punctuation of Chinese text: , : ; ( ) ? ! → full width
 * outside URLs and numbers; < > inside 《》 → 〈〉; -- → —; "…" → “…”;
 * spaces between two Chinese characters dropped. */
static char *restore_text(importer *im, const char *s, int line)
{
    cps c = {0};
    cp_decode(s, &c);
    repair_dates(im, &c, line);
    unsigned char *prot = calloc(c.n + 1, 1);
    if (!prot)
        abort();
    mark_protected(&c, prot);
    cps o = {0};
    int book = 0, quotes = 0, quote_open = 0;
    for (size_t i = 0; i < c.n; i++)
        quotes += c.v[i] == '"' && !prot[i];
    for (size_t i = 0; i < c.n; i++) {
        uint32_t cp = c.v[i], prev = o.n ? o.v[o.n - 1] : 0, next = i + 1 < c.n ? c.v[i + 1] : 0;
        if (prot[i]) {
            cp_push(&o, cp);
            continue;
        }
        if (is_space(cp)) {
            size_t j = i;
            while (j < c.n && is_space(c.v[j]))
                j++;
            if (o.n && j < c.n && is_cjk(prev) && is_cjk(c.v[j])) {
                if (!im->spaces)
                    im->spaces_line = line;
                im->spaces++;
                i = j - 1;
                continue;
            }
            cp_push(&o, cp);
            continue;
        }
        uint32_t to = 0;
        if (cp == 0x300A)
            book++;
        else if (cp == 0x300B && book)
            book--;
        else if (cp == ',' && !(is_digit(prev) && is_digit(next)))
            to = 0xFF0C;
        else if (cp == ':' && !(is_digit(prev) && is_digit(next)))
            to = 0xFF1A;
        else if (cp == ';')
            to = 0xFF1B;
        else if (cp == '(')
            to = 0xFF08;
        else if (cp == ')')
            to = 0xFF09;
        else if (cp == '?' && is_cjk(prev))
            to = 0xFF1F;
        else if (cp == '!' && is_cjk(prev))
            to = 0xFF01;
        else if (cp == '<' && book)
            to = 0x3008;
        else if (cp == '>' && book)
            to = 0x3009;
        else if (cp == '"' && quotes % 2 == 0) {
            to = quote_open ? 0x201D : 0x201C;
            quote_open = !quote_open;
        } else if (cp == '-' && next == '-' && (is_cjk(prev) || is_digit(prev))) {
            while (i + 1 < c.n && c.v[i + 1] == '-')
                i++;
            to = 0x2014;
        }
        if (to) {
            if (!im->punct)
                im->punct_line = line;
            im->punct++;
            cp = to;
        }
        cp_push(&o, cp);
    }
    char *r = cp_encode(&im->mem, o.v, o.n);
    free(prot);
    free(c.v);
    free(o.v);
    return r;
}

/* A number right before 。，； after a Chinese word: its measure word
 * (条, 件, 项) may have been lost (…政府信息12。). */
static void check_measure_words(importer *im, const char *s, int line)
{
    static const char stop[] = "年月日号第为是至到约共计达的和及或与占";
    cps c = {0}, st = {0};
    cp_decode(s, &c);
    cp_decode(stop, &st);
    for (size_t i = 0; i < c.n; i++) {
        if (!is_digit(c.v[i]) || (i && (is_digit(c.v[i - 1]) || c.v[i - 1] == '.')))
            continue;
        size_t j = i;
        while (j < c.n && is_digit(c.v[j]))
            j++;
        if (j >= c.n || !i || !is_han(c.v[i - 1]) || j - i > 6)
            continue;
        if (c.v[j] != 0x3002 && c.v[j] != 0xFF0C && c.v[j] != 0xFF1B)
            continue;
        int stopped = 0;
        for (size_t k = 0; k < st.n; k++)
            stopped |= c.v[i - 1] == st.v[k];
        if (stopped)
            continue;
        arena tmp = {0};
        size_t from = i >= 4 ? i - 4 : 0;
        char *ctx = cp_encode(&tmp, c.v + from, j + 1 - from);
        idiag(im, XXGK_WARNING, "I10", line, (int)i + 1, NULL, NULL, ctx,
              "“%s”：数字后疑似缺少量词（条、件、项……），未改动，请核实", ctx);
        arena_free(&tmp);
    }
    free(c.v);
    free(st.v);
}

/* ---- lines ------------------------------------------------------------ */

static void split_lines(importer *im, const char *text, size_t len)
{
    size_t cap = 64;
    im->lines = xmalloc(cap * sizeof *im->lines);
    im->n_lines = 0;
    int line = 1;
    for (size_t i = 0; i <= len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t b = i, end = e;
        int col = 1;
        /* trim spaces (ASCII, no-break, en, ideographic…) and a BOM */
        for (;;) {
            uint32_t cp;
            size_t k = b < end ? utf8_decode(text + b, end - b, &cp) : 0;
            if (!k || !(is_space(cp) || cp == '\r'))
                break;
            b += k;
            col++;
        }
        while (end > b) {
            size_t k = 1;
            while (k < end - b && k < 4 && ((unsigned char)text[end - k] & 0xC0) == 0x80)
                k++;
            uint32_t cp;
            if (!utf8_decode(text + end - k, k, &cp) || !(is_space(cp) || cp == '\r'))
                break;
            end -= k;
        }
        if (end > b) {
            char *s = arena_strndup(&im->mem, text + b, end - b);
            for (char *p = s; p < s + (end - b); p++)
                if (!*p)
                    *p = ' ';
            /* a numbered heading or row label sharing its line with table
             * cells ("三、收到…情况 | (本列…) | …") gets a line of its own */
            char *bar = strchr(s, '|');
            size_t head = bar ? (size_t)(bar - s) : 0;
            while (head && s[head - 1] == ' ')
                head--;
            uint32_t cp;
            size_t k = head ? utf8_decode(s, head, &cp) : 0;
            int split = k && is_cn_numeral(cp) && !strncmp(s + k, "、", 3);
            for (int part = 0; part < 1 + split; part++) {
                if (im->n_lines == cap) {
                    cap *= 2;
                    im->lines = xrealloc(im->lines, cap * sizeof *im->lines);
                }
                if (split && part == 0)
                    im->lines[im->n_lines++] = (tline){arena_strndup(&im->mem, s, head), line, col};
                else if (split)
                    im->lines[im->n_lines++] = (tline){bar, line, col + (int)utf8_length(arena_strndup(&im->mem, s, (size_t)(bar - s)))};
                else
                    im->lines[im->n_lines++] = (tline){s, line, col};
            }
        }
        line++;
        i = e + 1;
        if (e >= len)
            break;
    }
}

/* ---- page chrome ------------------------------------------------------ */

static const char *after_key(const char *norm, const char *key)
{
    size_t n = strlen(key);
    if (strncmp(norm, key, n))
        return NULL;
    const char *p = norm + n;
    if (*p == ':')
        p++;
    return p;
}

/* A date "2023-01-28", "2023年1月28日" (日 may be lost) at the start of s. */
static int parse_date(const char *s, int *y, int *m, int *d, int *lost_day)
{
    int n = 0;
    *lost_day = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", y, m, d, &n) == 3 && n >= 8)
        return *y >= 1990 && valid_md(*m, *d);
    const char *p = s;
    char *end;
    long v = strtol(p, &end, 10);
    if (end - p != 4 || strncmp(end, "年", 3))
        return 0;
    *y = (int)v;
    p = end + 3;
    v = strtol(p, &end, 10);
    if (end == p || strncmp(end, "月", 3))
        return 0;
    *m = (int)v;
    p = end + 3;
    v = strtol(p, &end, 10);
    if (end == p)
        return 0;
    *d = (int)v;
    if (strncmp(end, "日", 3))
        *lost_day = 1;
    return *y >= 1990 && valid_md(*m, *d);
}

/* Lines of the web page around the report.  Metadata fields are kept
 * for the date and the agency. */
static int is_chrome(importer *im, const tline *l)
{
    const char *n = import_norm(&im->mem, l->s);
    static const char *const fields[] = {"索引号", "主题分类", "发文日期", "发布机构", "文号",
                                         "成文日期", "公开方式", "组配分类", "发布日期", "浏览次数",
                                         "信息来源", "字体", "分享", "扫一扫", "相关文章",
                                         "相关链接", "上一篇", "下一篇", "责任编辑", "访问量",
                                         "点击数", "当前位置", "账号+密码登录", "手机+密码登录",
                                         "还没有账号", "立即注册", "【打印", "【关闭", "打印本页",
                                         "关闭窗口", "分享到", "来源:", "作者:", "时间:"};
    int hit = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields && !hit; i++)
        hit = !strncmp(n, fields[i], strlen(fields[i]));
    static const char *const exact[] = {"打印", "关闭", "登录", "注册", "返回顶部", "收藏",
                                        "政府信息公开", "信息公开", "首页"};
    for (size_t i = 0; i < sizeof exact / sizeof *exact && !hit; i++)
        hit = !strcmp(n, exact[i]);
    if (!hit)
        return 0;
    /* metadata on the line: 成文日期 / 发文日期 / 发布机构 */
    static const char *const date_keys[] = {"成文日期", "发文日期"};
    for (size_t k = 0; k < 2; k++) {
        const char *p = strstr(n, date_keys[k]);
        int y, m, d, lost;
        if (p && !im->meta_date && parse_date(p + strlen(date_keys[k]) + (p[strlen(date_keys[k])] == ':'), &y, &m, &d, &lost)) {
            im->meta_date = arena_printf(&im->mem, "%04d-%02d-%02d", y, m, d);
            im->meta_date_line = l->line;
        }
    }
    const char *ag = after_key(n, "发布机构");
    if (ag && *ag && !im->meta_agency && import_cp_len(ag) <= 30) {
        im->meta_agency = arena_strdup(&im->mem, ag);
        im->meta_agency_line = l->line;
    }
    return 1;
}

/* A line that only holds a page-chrome word or belongs to a web page
 * rather than the report, counted for one note. */
static void count_chrome(importer *im, int line)
{
    if (!im->chrome)
        im->chrome_line = line;
    im->chrome++;
}

/* ---- section headings ------------------------------------------------- */

/* Known retitlings of the six sections (statutory-format.md §2). */
static const char *const section_variants[][4] = {
    {"政府信息公开工作基本情况", "基本情况", NULL},
    {"公开政府信息情况", "主动公开情况", NULL},
    {"收到和处理政府信息公开情况", NULL},
    {"因政府信息公开工作被申请行政复议、提起行政诉讼情况",
     "因政府信息公开工作被申请行政复议提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况", NULL},
    {"政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题和改进情况",
     "存在问题及改进措施"},
    {"其他事项", "其他报告事项", "其他需要报告事项", NULL},
};

typedef struct {
    size_t at;       /* index into lines; n_lines when not found */
    int found;
} heading;

/* "三、收到…" → 3 and the rest; 0 if the line is no candidate. */
static int heading_number(importer *im, const char *s, const char **rest)
{
    cps c = {0};
    cp_decode(s, &c);
    int k = 0;
    if (c.n >= 3 && (k = is_cn_numeral(c.v[0])) && k <= 9 && c.v[1] == 0x3001)
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
                            im->row_labels = xrealloc(im->row_labels, (cap *= 2) * sizeof *im->row_labels);
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

static void find_headings(importer *im, const xxgk_template *t, heading *h)
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
                         ? (signed char)heading_similar(im, &t->sections[num[i] - 1], (size_t)num[i] - 1, rests[i])
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
                    row_label[i] = (signed char)is_row_label_anywhere(im, import_norm(&im->mem, im->lines[i].s));
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

/* ---- paragraphs ------------------------------------------------------- */

static size_t cn_prefix(const char *s, const char *suffix)
{
    /* "一是" "二是" …: numeral + suffix */
    uint32_t cp;
    size_t k = utf8_decode(s, strlen(s), &cp);
    if (!k || !is_cn_numeral(cp) || strncmp(s + k, suffix, strlen(suffix)))
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
        while (k && (is_cn_numeral(cp) || is_digit(cp))) {
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

typedef struct {
    const char *text;
    int line;
    size_t tail; /* byte offset of the last joined line in text (join_wrapped) */
} para_src;

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
        idiag(im, XXGK_WARNING, "I09", line, 1, NULL, NULL, NULL,
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
        while (m && (is_cn_numeral(cp) || is_digit(cp))) {
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
static size_t join_wrapped(importer *im, para_src *p, size_t n)
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
                      "第 %d 行接续第 %d 行（原文按每行 %d 字折行），合为一段", p[i].line, last_line,
                      width);
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

static json_t *paragraphs_json(importer *im, const para_src *p, size_t n)
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
            int num = is_cn_numeral(cp);
            int prev_item = i > 0 && cn_prefix(p[i - 1].text, "是");
            int next_item = i + 1 < n && cn_prefix(p[i + 1].text, "是");
            static const char *const nums[] = {"一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"};
            int inline_next = num >= 1 && num < 10 && strstr(p[i].text + lead, nums[num]);
            item_style = (prev_item || next_item) && !inline_next;
        }
        json_array_append_new(arr, para_json(im, p[i].text, p[i].line, item_style));
        check_measure_words(im, p[i].text, p[i].line);
    }
    return arr;
}

/* ---- metadata --------------------------------------------------------- */

static int find_year(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)p[0]) || (p > s && isdigit((unsigned char)p[-1])))
            continue;
        if (isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
            !strncmp(p + 4, "年", 3)) {
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (y >= 1990 && y <= 2099)
                return y;
        }
    }
    return 0;
}

static int looks_like_title(importer *im, const char *s)
{
    int len = import_cp_len(s);
    if (len > 60 || len < 8 || strstr(s, "。"))
        return 0;
    (void)im;
    return find_year(s) && (strstr(s, "报告") || strstr(s, "年报"));
}

static int ends_with_str(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* A signature line: a short name of an office, no punctuation. */
static int looks_like_agency(const char *s)
{
    int len = import_cp_len(s);
    if (len < 3 || len > 30)
        return 0;
    static const char *const bad[] = {"。", "，", ",", "：", ":", "；", "（", "(", "|"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strstr(s, bad[i]))
            return 0;
    static const char *const ends[] = {"局", "中心", "委员会", "政府", "办公室", "厅", "委", "院",
                                       "所", "处", "站", "队", "馆", "会", "部", "署", "办", "公司",
                                       "管理处", "小组"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (ends_with_str(s, ends[i]))
            return 1;
    return 0;
}

/* The name before "2020年…报告" in a title; a place name becomes its
 * 人民政府 (鹤城区2020年… is the report of 鹤城区人民政府). */
static char *agency_from_title(importer *im, const char *title, int *is_place)
{
    *is_place = 0;
    const char *p = title;
    while (*p && !(isdigit((unsigned char)p[0]) && find_year(p) && isdigit((unsigned char)p[3])))
        p++;
    if (p == title || !*p)
        return NULL;
    char *name = arena_strndup(&im->mem, title, (size_t)(p - title));
    static const char *const places[] = {"省", "市", "区", "县", "旗", "州", "盟", "镇", "乡", "街道"};
    for (size_t i = 0; i < sizeof places / sizeof *places; i++)
        if (ends_with_str(name, places[i])) {
            *is_place = 1;
            return arena_printf(&im->mem, "%s人民政府", name);
        }
    return name;
}

/* ---- the whole document ----------------------------------------------- */

static const tsection *section_by_key(const xxgk_template *t, const char *key, size_t *index)
{
    for (size_t i = 0; i < t->n_sections; i++)
        if (!strcmp(t->sections[i].key, key)) {
            if (index)
                *index = i;
            return &t->sections[i];
        }
    return NULL;
}

static region section_region(importer *im, const heading *h, size_t ns, size_t k)
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

char *xxgk_import_text(const char *text, size_t len, const char *name, xxgk_diags *d, int *complete)
{
    (void)name;
    int dummy;
    if (!complete)
        complete = &dummy;
    *complete = 0;
    if (!templates_usable(d))
        return NULL;
    if (!text || len > MAX_IMPORT_BYTES) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "输入过大（%zu 字节，上限 %u 字节），不是一份年度报告", len, MAX_IMPORT_BYTES);
        return NULL;
    }
    /* not UTF-8: say where, nothing can be read reliably */
    for (size_t i = 0, line = 1, col = 1; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(text + i, len - i, &cp);
        if (!k) {
            diag_add(d, XXGK_ERROR, "J01", &(diag_where){.line = (int)line, .col = (int)col}, "不是有效的 UTF-8 文本（第 %zu 字节 0x%02X）：请先转换为 UTF-8", i + 1, (unsigned char)text[i]);
            return NULL;
        }
        if (cp == '\n')
            line++, col = 1;
        else
            col++;
        i += k;
    }

    importer im;
    memset(&im, 0, sizeof im);
    im.d = d;
    split_lines(&im, text, len);

    /* section headings: the section titles are the same in every format */
    const xxgk_template *t0 = template_at(0);
    if (!t0 || !im.n_lines) {
        diag_add(d, XXGK_ERROR, "I07", NULL, "文本为空，没有可导入的内容");
        free(im.lines);
        arena_free(&im.mem);
        return NULL;
    }
    size_t ns = t0->n_sections;
    heading *h = xmalloc(ns * sizeof *h);
    find_headings(&im, t0, h);
    size_t n_found = 0, last_found = 0;
    for (size_t k = 0; k < ns; k++)
        if (h[k].found)
            n_found++, last_found = k;
    if (!n_found) {
        diag_add(d, XXGK_ERROR, "I07", &(diag_where){.line = 1, .col = 1}, "找不到任何一个部分的标题（一、总体情况 …… 六、其他需要报告的事项），不像一份年度报告");
        free(h);
        free(im.lines);
        free(im.row_labels);
        arena_free(&im.mem);
        return NULL;
    }
    int truncated = last_found + 1 < ns;
    for (size_t k = 0; k < ns; k++) {
        const tsection *sec = &t0->sections[k];
        if (!h[k].found) {
            int line = im.lines[im.n_lines - 1].line;
            idiag(&im, XXGK_ERROR, "I07", k > last_found ? line : 0, 0, sec->heading, NULL, NULL,
                  k > last_found ? "文本到此结束，缺少这一部分" : "找不到这一部分的标题");
            continue;
        }
        const tline *l = &im.lines[h[k].at];
        const char *rest = import_norm(&im.mem, l->s + 6);
        if (strcmp(rest, import_norm(&im.mem, sec->title)))
            idiag(&im, XXGK_WARNING, "C15", l->line, l->col, sec->heading, sec->heading, l->s,
                  "标题“%s”与统一格式不符，按“%s”读取", l->s, sec->heading);
    }

    /* ---- front matter: chrome, title, preface ---- */
    size_t front_end = h[0].found ? h[0].at : (n_found ? h[0].at : 0);
    for (size_t k = 0; k < ns && !h[0].found; k++)
        if (h[k].found) {
            front_end = h[k].at;
            break;
        }
    /* The front matter: title and preface, wrapped lines joined first (a
     * title or a sentence naming the agency may be cut in two). */
    para_src *front = xmalloc((front_end + 1) * sizeof *front);
    size_t n_front = 0;
    for (size_t i = 0; i < front_end; i++) {
        if (is_chrome(&im, &im.lines[i])) {
            count_chrome(&im, im.lines[i].line);
            continue;
        }
        front[n_front].text = im.lines[i].s;
        front[n_front].line = im.lines[i].line;
        front[n_front].tail = 0;
        n_front++;
    }
    n_front = join_wrapped(&im, front, n_front);
    const char *title = NULL;
    int title_line = 0;
    size_t title_at = 0;
    for (size_t i = 0; i < n_front; i++)
        if (looks_like_title(&im, front[i].text)) {
            title_at = i;
            title_line = front[i].line;
            title = restore_text(&im, front[i].text, title_line);
            break;
        }
    /* before the title: page chrome the rules did not know */
    for (size_t i = 0; title && i < title_at; i++)
        count_chrome(&im, front[i].line);
    para_src *pre = front + (title ? title_at + 1 : 0);
    size_t n_pre = n_front - (title ? title_at + 1 : 0);
    for (size_t i = 0; i < n_pre; i++)
        pre[i].text = restore_text(&im, pre[i].text, pre[i].line);

    /* ---- text sections; the signature, date and notes after the last ---- */
    json_t *sections = json_object();
    const char *sign_agency = NULL, *notes = NULL;
    int sign_line = 0, date_y = 0, date_m = 0, date_d = 0, date_line = 0;
    for (size_t k = 0; k < ns; k++) {
        const tsection *sec = &t0->sections[k];
        region rg = section_region(&im, h, ns, k);
        if (sec->table) {
            /* prose before a table: leading lines that end a sentence */
            continue;
        }
        if (!rg.found)
            continue;
        para_src *ps = xmalloc((rg.n + 1) * sizeof *ps);
        size_t n_ps = 0;
        for (size_t i = 0; i < rg.n; i++) {
            if (is_chrome(&im, &rg.lines[i])) {
                count_chrome(&im, rg.lines[i].line);
                continue;
            }
            ps[n_ps].text = rg.lines[i].s;
            ps[n_ps].line = rg.lines[i].line;
            ps[n_ps].tail = 0;
            n_ps++;
        }
        n_ps = join_wrapped(&im, ps, n_ps);
        if (k == last_found) {
            /* from the end: date, signature */
            int y, m, dd, lost;
            if (n_ps && parse_date(import_norm(&im.mem, ps[n_ps - 1].text), &y, &m, &dd, &lost)) {
                date_y = y, date_m = m, date_d = dd, date_line = ps[n_ps - 1].line;
                if (lost)
                    idiag(&im, XXGK_WARNING, "I11", date_line, 1, "成文日期", NULL, ps[n_ps - 1].text,
                          "落款日期“%s”缺少“日”字，读作 %d年%d月%d日", ps[n_ps - 1].text, y, m, dd);
                n_ps--;
            }
            if (n_ps && looks_like_agency(ps[n_ps - 1].text)) {
                sign_agency = restore_text(&im, ps[n_ps - 1].text, ps[n_ps - 1].line);
                sign_line = ps[n_ps - 1].line;
                n_ps--;
            }
            /* "（注：……）" closes the report: the notes */
            if (n_ps) {
                const char *nn = import_norm(&im.mem, ps[n_ps - 1].text);
                if (!strncmp(nn, "(注", 4) || !strncmp(nn, "注:", 4)) {
                    char *r = restore_text(&im, ps[n_ps - 1].text, ps[n_ps - 1].line);
                    size_t rl = strlen(r);
                    if (!strncmp(r, "（", 3) && rl >= 6 && !strcmp(r + rl - 3, "）")) {
                        r[rl - 3] = 0;
                        r += 3;
                    }
                    notes = r;
                    n_ps--;
                }
            }
        }
        for (size_t i = 0; i < n_ps; i++)
            ps[i].text = restore_text(&im, ps[i].text, ps[i].line);
        json_object_set_new(sections, sec->key, paragraphs_json(&im, ps, n_ps));
        if (!n_ps)
            idiag(&im, XXGK_WARNING, "C15", im.lines[h[k].at].line, 1, sec->heading, NULL, NULL,
                  "这一部分只有标题，没有内容");
        free(ps);
    }

    /* ---- the year, the format, the tables ---- */
    int year = title ? find_year(title) : 0;
    int year_line = title_line;
    for (size_t i = 0; !year && i < n_pre; i++) {
        const char *p = strstr(pre[i].text, "政府信息公开工作年度报告");
        if (p) {
            /* the year just before it */
            for (const char *q = pre[i].text; q < p; q++)
                if (isdigit((unsigned char)*q) && find_year(q) && q + 7 <= p)
                    year = find_year(q), year_line = pre[i].line;
        }
    }
    if (!year && date_y) {
        year = date_y - 1;
        idiag(&im, XXGK_WARNING, "I12", date_line, 1, "报告年度", NULL, NULL,
              "标题和前言中都没有年度，按落款日期推定为 %d 年度", year);
    }
    if (!year) {
        idiag(&im, XXGK_ERROR, "I07", 1, 1, "报告年度", NULL, NULL, "找不到报告年度（标题中的“XXXX年”）");
    }
    (void)year_line;
    const xxgk_template *req = xxgk_template_for_year(year ? year : 2021);

    /* read 二 and 三 with every format; keep the best fit */
    size_t nt = template_count();
    int *cost = xmalloc((nt ? nt : 1) * 2 * sizeof *cost);
    static const char *const fitted[] = {"proactive", "applications"};
    for (size_t ti = 0; ti < nt; ti++) {
        const xxgk_template *t = template_at(ti);
        for (int f = 0; f < 2; f++) {
            size_t si = 0;
            const tsection *sec = section_by_key(t, fitted[f], &si);
            cost[ti * 2 + f] = 0;
            if (!sec || !sec->table)
                continue;
            region rg = section_region(&im, h, ns, si);
            table_read *tr = table_read_new(sec->table, &rg, truncated && si == last_found);
            cost[ti * 2 + f] = table_read_cost(tr);
            table_read_free(tr);
        }
    }
    size_t best = 0, best_f[2] = {0, 0};
    for (size_t ti = 0; ti < nt; ti++) {
        int c = cost[ti * 2] + cost[ti * 2 + 1];
        int cb = cost[best * 2] + cost[best * 2 + 1];
        if (c < cb || (c == cb && template_at(ti) == req))
            best = ti;
        for (int f = 0; f < 2; f++)
            if (cost[ti * 2 + f] < cost[best_f[f] * 2 + f] ||
                (cost[ti * 2 + f] == cost[best_f[f] * 2 + f] && template_at(ti) == req))
                best_f[f] = ti;
    }
    const xxgk_template *tpl = template_at(best);
    /* mixed: each table clearly fits another format */
    int mixed = nt > 1 && best_f[0] != best_f[1] && h[1].found && h[2].found &&
                cost[best_f[0] * 2] + 10 <= cost[best_f[1] * 2] &&
                cost[best_f[1] * 2 + 1] + 10 <= cost[best_f[0] * 2 + 1];
    if (mixed) {
        tpl = req;
        idiag(&im, XXGK_ERROR, "C12", im.lines[h[1].at].line, 1, NULL, NULL, NULL,
              "二的表格是 %s 年格式，三的表格是 %s 年格式：一份报告混用了两种格式，与 %d 年度要求的 %s 年格式不符的表格无法导入",
              xxgk_template_format(template_at(best_f[0])), xxgk_template_format(template_at(best_f[1])),
              year, xxgk_template_format(req));
    } else if (year && tpl != req) {
        idiag(&im, XXGK_WARNING, "C11", h[1].found ? im.lines[h[1].at].line : 1, 1, NULL,
              xxgk_template_format(req), xxgk_template_format(tpl),
              "表格是%s（%s），而 %d 年度应使用 %s 年格式；按原文的格式导入，check 会报告 C11",
              tpl->name, tpl->basis, year, xxgk_template_format(req));
    }
    free(cost);

    json_t *tables = json_object();
    for (size_t i = 0; i < tpl->n_tables; i++) {
        const ttable *tt = &tpl->tables[i];
        size_t si = 0;
        section_by_key(tpl, tt->section->key, &si);
        region rg = section_region(&im, h, ns, si);
        region empty = {NULL, 0, 0};
        int unusable = mixed && tt->n_blocks && i < 2 && template_at(best_f[i]) != tpl;
        table_read *tr = table_read_new(tt, unusable ? &empty : &rg, truncated && si == last_found);
        json_t *to = json_object();
        table_read_emit(tr, d, to, &im.errors);
        json_object_set_new(tables, tt->key, to);
        table_read_free(tr);
    }

    /* ---- the agency, its kind, the date ---- */
    const char *agency = sign_agency;
    int agency_line = sign_line;
    if (!agency && im.meta_agency) {
        agency = im.meta_agency;
        agency_line = im.meta_agency_line;
        idiag(&im, XXGK_NOTE, "I12", agency_line, 1, "发文机关署名", NULL, NULL,
              "没有落款，发文机关取自网页的“发布机构”：%s", agency);
    }
    for (size_t i = 0; !agency && i < n_pre; i++) {
        const char *p = strstr(pre[i].text, "现公布");
        if (p) {
            p += strlen("现公布");
            const char *q = p;
            while (*q && !(isdigit((unsigned char)*q) && find_year(q)))
                q++;
            if (*q && q > p && q - p < 120) {
                agency = arena_strndup(&im.mem, p, (size_t)(q - p));
                agency_line = pre[i].line;
                idiag(&im, XXGK_NOTE, "I12", agency_line, 1, "发文机关署名", NULL, NULL,
                      "没有落款，发文机关取自前言：%s", agency);
            }
        }
    }
    if (!agency && title) {
        int is_place;
        agency = agency_from_title(&im, title, &is_place);
        if (agency)
            idiag(&im, XXGK_NOTE, "I12", title_line, 1, "发文机关署名", NULL, NULL,
                  is_place ? "没有落款，标题以地名开头，发文机关推定为：%s"
                           : "没有落款，发文机关取自标题：%s",
                  agency);
    }
    if (!agency)
        idiag(&im, XXGK_ERROR, "I07", 0, 0, "发文机关署名", NULL, NULL, "找不到发文机关（落款、发布机构或标题）");

    char date[32] = "";
    if (date_y) {
        snprintf(date, sizeof date, "%04d-%02d-%02d", date_y, date_m, date_d);
        if (im.meta_date && strcmp(im.meta_date, date))
            idiag(&im, XXGK_WARNING, "I12", date_line, 1, "成文日期", im.meta_date, date,
                  "落款日期与网页的成文日期不同，取落款日期");
    } else if (im.meta_date) {
        snprintf(date, sizeof date, "%s", im.meta_date);
        idiag(&im, XXGK_NOTE, "I12", im.meta_date_line, 1, "成文日期", NULL, NULL,
              "没有落款日期，取网页的成文日期 %s", date);
    } else if (year) {
        snprintf(date, sizeof date, "%04d-01-31", year + 1);
        idiag(&im, XXGK_WARNING, "I12", im.lines[im.n_lines - 1].line, 0, "成文日期", NULL, NULL,
              "文本中没有成文日期，暂按条例第四十九条的报送期限记为 %s，请以实际成文日期替换", date);
    }

    /* ---- notes on the repairs counted over the whole text ---- */
    if (im.chrome)
        idiag(&im, XXGK_NOTE, "I01", im.chrome_line, 1, NULL, NULL, NULL,
              "去掉网页上不属于报告的 %d 行（索引号、发布机构、字体、分享、登录提示等）", im.chrome);
    if (im.punct)
        idiag(&im, XXGK_NOTE, "I02", im.punct_line, 1, NULL, NULL, NULL,
              "中文文本中的半角标点恢复为全角，共 %d 处（, : ; ( ) 等；网址、邮箱和数字中的不变）", im.punct);
    if (im.spaces)
        idiag(&im, XXGK_NOTE, "I02", im.spaces_line, 1, NULL, NULL, NULL,
              "删去汉字之间多余的空格，共 %d 处", im.spaces);

    /* ---- the JSON ---- */
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string(xxgk_template_format(tpl)));
    if (year)
        json_object_set_new(root, "year", json_integer(year));
    if (agency) {
        json_object_set_new(root, "agency", json_string(agency));
        json_object_set_new(root, "agency_kind",
                            json_string(ends_with_str(agency, "人民政府") ? "government" : "department"));
    }
    if (date[0])
        json_object_set_new(root, "date", json_string(date));
    if (title && agency && year) {
        char *dflt = arena_printf(&im.mem, "%s%d年政府信息公开工作年度报告", agency, year);
        if (strcmp(dflt, title))
            json_object_set_new(root, "title", json_string(title));
    } else if (title) {
        json_object_set_new(root, "title", json_string(title));
    }
    if (n_pre)
        json_object_set_new(root, "preface", paragraphs_json(&im, pre, n_pre));
    json_object_set_new(root, "sections", sections);
    json_object_set_new(root, "tables", tables);
    if (notes)
        json_object_set_new(root, "notes", json_string(notes));
    char *js = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(root);
    strbuf out = {0};
    sb_add(&out, js ? js : "{}");
    sb_addc(&out, '\n');
    free(js);

    *complete = im.errors == 0;
    free(front);
    free(h);
    free(im.lines);
    free(im.row_labels);
    arena_free(&im.mem);
    return sb_take(&out);
}
