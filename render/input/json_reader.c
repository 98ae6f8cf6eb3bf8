/* report_json.c — JSON input → report model.
 *
 * jansson parses (strict: duplicate keys rejected, UTF-8 checked); this
 * file walks the document against the template, so that every key is
 * known (an unknown key is an error with the nearest valid key suggested),
 * every cell is found, and every value has the right type.  jansson gives
 * positions only for syntax errors, so after a successful parse a small
 * scanner maps each JSON pointer to its line:column for the diagnostics.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "input/input.h"

const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "对象";
    case JSON_ARRAY: return "数组";
    case JSON_STRING: return "字符串";
    case JSON_INTEGER: return "整数";
    case JSON_REAL: return "小数";
    case JSON_TRUE:
    case JSON_FALSE: return "布尔值";
    default: return "null";
    }
}

char *child_path(reader *R, const char *path, const char *key)
{
    strbuf b = {0};
    sb_add(&b, path);
    sb_add_pointer_token(&b, key, strlen(key));
    char *p = arena_strdup(&R->r->mem, b.s);
    sb_free(&b);
    return p;
}

void wrong_type(reader *R, const char *path, const char *place, const char *want, const json_t *v)
{
    report_diag(
        R->d, R->r, XXGK_ERROR, "S03",
        &(diag_where){.place = place, .path = path, .expected = want, .actual = type_name(v)},
        "类型不对");
}

/* Unknown key: name the nearest valid one. */
static void unknown_key(reader *R, const char *path, const char *key, const char *const *valid,
                        size_t n_valid, const char *place)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n_valid; i++) {
        size_t dist = utf8_distance(key, valid[i]);
        if (dist < best_d) {
            best_d = dist;
            best = valid[i];
        }
    }
    size_t len = utf8_length(key);
    char *p = child_path(R, path, key);
    strbuf shown = {0}; /* a key with a newline must not break the one-line message */
    for (const char *k = key; *k; k++)
        if ((unsigned char)*k < 0x20)
            sb_printf(&shown, "\\u%04x", (unsigned char)*k);
        else
            sb_addc(&shown, *k);
    key = arena_strdup(&R->r->mem, shown.s ? shown.s : "");
    sb_free(&shown);
    if (best && best_d <= (len > 6 ? len / 2 : 3))
        report_diag(R->d, R->r, XXGK_ERROR, "S01", &(diag_where){.place = place, .path = p},
                    "未知的键 \"%s\"，是否应为 \"%s\"？", key, best);
    else {
        strbuf all = {0};
        for (size_t i = 0; i < n_valid; i++) {
            if (i)
                sb_add(&all, ", ");
            sb_add(&all, valid[i]);
        }
        report_diag(R->d, R->r, XXGK_ERROR, "S01", &(diag_where){.place = place, .path = p},
                    "未知的键 \"%s\"（此处可用：%s）", key, all.s ? all.s : "无");
        sb_free(&all);
    }
}

void check_keys(reader *R, json_t *obj, const char *path, const char *const *valid, size_t n_valid,
                const char *place)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t i;
        for (i = 0; i < n_valid; i++)
            if (!strcmp(key, valid[i]))
                break;
        if (i == n_valid && strcmp(key, "$schema"))
            unknown_key(R, path, key, valid, n_valid, place);
    }
}

static char *trimmed(reader *R, const char *s)
{
    /* ASCII and ideographic (U+3000) spaces at either end */
    size_t len = strlen(s);
    while (len && (isspace((unsigned char)*s) || !strncmp(s, "\xe3\x80\x80", 3))) {
        size_t k = isspace((unsigned char)*s) ? 1 : 3;
        s += k;
        len -= k;
    }
    while (len && (isspace((unsigned char)s[len - 1]) ||
                   (len >= 3 && !strncmp(s + len - 3, "\xe3\x80\x80", 3))))
        len -= isspace((unsigned char)s[len - 1]) ? 1 : 3;
    return arena_strndup(&R->r->mem, s, len);
}

/* S10: a control character (other than a tab or, in a paragraph, a line
 * break) cannot be set and cannot be seen: render would refuse it, so
 * check says so first.  S04: a paragraph longer than any page of a report
 * can hold (its layout would take memory in proportion). */
static void check_text(reader *R, const char *s, int line_breaks, const char *path,
                       const char *place)
{
    size_t len = strlen(s), chars = 0;
    for (size_t i = 0; i < len; chars++) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        i += n ? n : 1;
        if ((cp < 0x20 && cp != '\t' && !(cp == '\n' && line_breaks)) || cp == 0x7F ||
            (cp >= 0x80 && cp < 0xA0)) {
            char code[16];
            snprintf(code, sizeof code, "U+%04X", (unsigned)cp);
            report_diag(
                R->d, R->r, XXGK_ERROR, "S10",
                &(diag_where){.place = place, .path = path, .actual = code},
                "文字中有控制字符 %s：它看不见，也无法排印（多是从别处复制时带来的），请删去",
                code);
            break;
        }
    }
    if (chars > XXGK_MAX_PARAGRAPH_CHARS) {
        char limit[32], actual[32];
        snprintf(limit, sizeof limit, "至多 %d 字", XXGK_MAX_PARAGRAPH_CHARS);
        snprintf(actual, sizeof actual, "%zu 字", chars);
        report_diag(
            R->d, R->r, XXGK_ERROR, "S04",
            &(diag_where){.place = place, .path = path, .expected = limit, .actual = actual},
            "一段文字过长，不是一份年度报告的段落");
    }
}

/* A required or optional non-empty string. */
static const char *read_string(reader *R, json_t *root, const char *key, const char *place,
                               int required)
{
    json_t *v = json_object_get(root, key);
    char *path = child_path(R, "", key);
    if (!v) {
        if (required)
            report_diag(R->d, R->r, XXGK_ERROR, "S02", &(diag_where){.place = place, .path = path},
                        "缺少必填项 \"%s\"", key);
        return NULL;
    }
    if (!json_is_string(v)) {
        wrong_type(R, path, place, "字符串", v);
        return NULL;
    }
    const char *s = trimmed(R, json_string_value(v));
    if (!*s) {
        report_diag(R->d, R->r, XXGK_ERROR, "S05", &(diag_where){.place = place, .path = path},
                    "不能为空");
        return NULL;
    }
    check_text(R, s, 0, path, place);
    return s;
}

static int heading_level(const char *h)
{
    /* "一是……" "二是……": a run-in lead phrase, set like a level-3 heading */
    static const char *const nums[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    for (int i = 0; i < 10; i++)
        if (!strncmp(h, nums[i], 3) && !strncmp(h + 3, "是", 3))
            return 3;
    if (!strncmp(h, "（", 3)) {
        uint32_t cp;
        size_t n = utf8_decode(h + 3, strlen(h + 3), &cp);
        if (n && cp >= '0' && cp <= '9')
            return 4;
        return 2;
    }
    if (isdigit((unsigned char)h[0])) {
        const char *p = h;
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.' || !strncmp(p, "．", 3) || !strncmp(p, "、", 3))
            return 3;
    }
    return 0;
}

static void read_text(reader *R, json_t *v, const char *path, const char *place, prose *out)
{
    out->present = 1;
    if (!json_is_array(v)) {
        wrong_type(R, path, place, "段落数组", v);
        return;
    }
    size_t n = json_array_size(v);
    out->items = arena_alloc(&R->r->mem, (n ? n : 1) * sizeof *out->items);
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(v, i);
        para *p = &out->items[out->n];
        p->path = arena_printf(&R->r->mem, "%s/%zu", path, i);
        if (json_is_string(it)) {
            p->text = trimmed(R, json_string_value(it));
            if (!*p->text) {
                report_diag(R->d, R->r, XXGK_ERROR, "S05",
                            &(diag_where){.place = place, .path = p->path}, "空段落");
                continue;
            }
        } else if (json_is_object(it)) {
            static const char *const keys[] = {"heading", "text"};
            check_keys(R, it, p->path, keys, 2, place);
            json_t *h = json_object_get(it, "heading"), *t = json_object_get(it, "text");
            if (!h) {
                report_diag(R->d, R->r, XXGK_ERROR, "S02",
                            &(diag_where){.place = place, .path = p->path},
                            "段落对象缺少 \"heading\"（纯文本段落请直接写字符串）");
                continue;
            }
            if (!json_is_string(h) || (t && !json_is_string(t))) {
                wrong_type(R, p->path, place, "字符串", json_is_string(h) ? t : h);
                continue;
            }
            p->heading = trimmed(R, json_string_value(h));
            p->text = t ? trimmed(R, json_string_value(t)) : NULL;
            if (p->text && !*p->text)
                p->text = NULL;
            if (!*p->heading) {
                report_diag(R->d, R->r, XXGK_ERROR, "S05",
                            &(diag_where){.place = place, .path = p->path}, "空标题");
                continue;
            }
            check_text(R, p->heading, 0, p->path, place);
            p->level = heading_level(p->heading);
            if (!p->level) {
                report_diag(R->d, R->r, XXGK_WARNING, "S07",
                            &(diag_where){.place = place,
                                          .path = p->path,
                                          .expected = "（一）、1. 或（1）",
                                          .actual = p->heading},
                            "小标题未按“（一）”“1.”“（1）”编号，按第二层标题排版");
                p->level = 2;
            }
        } else {
            wrong_type(R, p->path, place, "字符串或 {\"heading\": …}", it);
            continue;
        }
        if (p->text)
            check_text(R, p->text, 1, p->path, place);
        out->n++;
    }
}

/* ---- top level ------------------------------------------------------ */

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int xxgk_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

static void read_date(reader *R, json_t *root)
{
    const char *s = read_string(R, root, "date", "成文日期", 1);
    if (!s)
        return;
    R->r->date_text = s;
    int y = 0, m = 0, d = 0, form = strlen(s) == 10;
    for (int i = 0; form && i < 10; i++)
        form = i == 4 || i == 7 ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
    if (form && sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
        form = 0;
    if (!form) {
        report_diag(R->d, R->r, XXGK_ERROR, "D01",
                    &(diag_where){.place = "成文日期",
                                  .path = "/date",
                                  .expected = "YYYY-MM-DD，如 2024-01-20",
                                  .actual = s},
                    "日期格式不对");
        return;
    }
    if (m < 1 || m > 12 || d < 1 || d > xxgk_days_in_month(y, m)) {
        report_diag(R->d, R->r, XXGK_ERROR, "D01",
                    &(diag_where){.place = "成文日期", .path = "/date", .actual = s},
                    "不是真实存在的日期");
        return;
    }
    R->r->date_y = y;
    R->r->date_m = m;
    R->r->date_d = d;
}

static void read_report(reader *R, json_t *root)
{
    xxgk_report *r = R->r;
    static const char *const top[] = {"format", "year",  "agency",  "agency_kind",
                                      "date",   "title", "preface", "sections",
                                      "tables", "notes", "sources", "seal"};
    check_keys(R, root, "", top, sizeof top / sizeof *top, "报告");

    json_t *jy = json_object_get(root, "year");
    if (!jy)
        report_diag(R->d, r, XXGK_ERROR, "S02", &(diag_where){.place = "报告年度", .path = "/year"},
                    "缺少必填项 \"year\"");
    else if (!json_is_integer(jy))
        wrong_type(R, "/year", "报告年度", "整数，如 2023", jy);
    else {
        json_int_t y = json_integer_value(jy);
        if (y < 2019 || y > 2100) {
            char a[32];
            snprintf(a, sizeof a, "%lld", (long long)y);
            report_diag(
                R->d, r, XXGK_ERROR, "S04",
                &(diag_where){
                    .place = "报告年度", .path = "/year", .expected = "2019 及以后", .actual = a},
                y < 2019 ? "现行年度报告格式自 2019 年度起适用，更早的年度不在范围内"
                         : "年度不合理");
        } else
            r->year = (int)y;
    }

    json_t *jf = json_object_get(root, "format");
    const xxgk_template *tpl = NULL;
    if (jf) {
        if (!json_is_string(jf))
            wrong_type(R, "/format", "格式版本", "字符串 \"2019\" 或 \"2021\"", jf);
        else {
            r->format_given = arena_strdup(&r->mem, json_string_value(jf));
            tpl = xxgk_template_get(r->format_given);
            if (!tpl)
                report_diag(R->d, r, XXGK_ERROR, "S04",
                            &(diag_where){.place = "格式版本",
                                          .path = "/format",
                                          .expected = "\"2019\" 或 \"2021\"",
                                          .actual = r->format_given},
                            "未知的格式版本");
        }
    }
    if (!tpl && !jf)
        tpl = json_format_by_shape(json_object_get(root, "tables"), r->year);
    if (!tpl)
        tpl = xxgk_template_for_year(r->year ? r->year : 2021);
    r->tpl = tpl;
    r->sections = arena_alloc(&r->mem, tpl->n_sections * sizeof *r->sections);
    r->cells = arena_alloc(&r->mem, (tpl->n_blocks ? tpl->n_blocks : 1) * sizeof *r->cells);
    for (size_t i = 0; i < tpl->n_blocks; i++)
        r->cells[i] = arena_alloc(
            &r->mem, (size_t)(tpl->blocks[i]->n_rows * tpl->blocks[i]->n_cols) * sizeof(cell));

    r->agency = read_string(R, root, "agency", "发文机关署名", 1);
    json_t *jk = json_object_get(root, "agency_kind");
    if (jk) {
        const char *k = json_is_string(jk) ? json_string_value(jk) : NULL;
        if (k && !strcmp(k, "department"))
            r->kind = AGENCY_DEPARTMENT, r->kind_given = 1;
        else if (k && !strcmp(k, "government"))
            r->kind = AGENCY_GOVERNMENT, r->kind_given = 1;
        else
            report_diag(
                R->d, r, XXGK_ERROR, "S04",
                &(diag_where){.place = "机关类别",
                              .path = "/agency_kind",
                              .expected = "\"department\"（部门）或 \"government\"（人民政府）",
                              .actual = k ? k : type_name(jk)},
                "未知的机关类别");
    }
    if (!r->kind_given && r->agency) {
        size_t n = strlen(r->agency), m = strlen("人民政府");
        r->kind = n >= m && !strcmp(r->agency + n - m, "人民政府") ? AGENCY_GOVERNMENT
                                                                   : AGENCY_DEPARTMENT;
    }
    read_date(R, root);
    r->title = read_string(R, root, "title", "标题", 0);
    r->notes = read_string(R, root, "notes", "附注", 0);
    r->seal = read_string(R, root, "seal", "印章", 0);
    r->title_default = arena_printf(&r->mem, "%s%d年政府信息公开工作年度报告",
                                    r->agency ? r->agency : "", r->year);

    /* sources: the departments a county total was made from (xxgk aggregate) */
    json_t *src = json_object_get(root, "sources");
    if (src && !json_is_array(src))
        wrong_type(R, "/sources", "汇总来源", "数组", src);

    json_t *jp = json_object_get(root, "preface");
    if (jp)
        read_text(R, jp, "/preface", "前言", &r->preface);

    json_t *js = json_object_get(root, "sections");
    const char *skeys[16];
    size_t nsk = 0;
    for (size_t i = 0; i < tpl->n_sections && nsk < 16; i++)
        skeys[nsk++] = tpl->sections[i].key;
    if (!js)
        report_diag(R->d, r, XXGK_ERROR, "S02", &(diag_where){.place = "正文", .path = "/sections"},
                    "缺少 \"sections\"（一、五、六部分的文字）");
    else if (!json_is_object(js))
        wrong_type(R, "/sections", "正文", "对象", js);
    else {
        check_keys(R, js, "/sections", skeys, nsk, "正文");
        for (size_t i = 0; i < tpl->n_sections; i++) {
            json_t *v = json_object_get(js, tpl->sections[i].key);
            if (v)
                read_text(R, v, child_path(R, "/sections", tpl->sections[i].key),
                          tpl->sections[i].heading, &r->sections[i]);
        }
    }

    json_t *jt = json_object_get(root, "tables");
    json_check_mixed_formats(R, jt, tpl);
    if (!jt)
        report_diag(R->d, r, XXGK_ERROR, "S02", &(diag_where){.place = "表格", .path = "/tables"},
                    "缺少 \"tables\"（二、三、四部分的表格；可用 xxgk template 生成）");
    else
        json_read_tables(R, jt);
    report_compute_totals(r);
}

static size_t first_invalid_utf8(const char *s, size_t len, int *line, int *col)
{
    size_t i = 0;
    *line = *col = 1;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (!n)
            return i;
        if (cp == '\n')
            ++*line, *col = 1;
        else
            ++*col;
        i += n;
    }
    return len;
}

/* What jansson's message means, for the clerk who typed the file (its
 * own English text follows, with the token it stopped at). */
static const char *json_error_in_chinese(const char *text)
{
    static const struct {
        const char *english, *chinese;
    } known[] = {
        {"string or '}' expected",
         "此处应为带双引号的键或 }（最后一项后多了逗号？键没有加双引号？）"},
        {"'}' expected", "对象的两项之间应为逗号，或以 } 结束（少了逗号？少了 }？）"},
        {"':' expected", "键后面应为冒号"},
        {"']' expected", "数组的两项之间应为逗号，或以 ] 结束"},
        {"'[' or '{' expected", "报告应以 { 开始"},
        {"end of file expected", "JSON 已经结束，后面还有多余的内容（多了一个 }？）"},
        {"invalid token", "无法识别的内容（中文引号“”、全角标点、单引号或注释不能用作 JSON 符号）"},
        {"unexpected token", "此处不应出现这个符号（两项之间少了逗号，或多了逗号？）"},
        {"unexpected newline", "字符串没有结束就换行了（少了右引号？换行应写成 \\n）"},
        {"premature end of input", "文件不完整，提前结束了（少了 } 或 ]？）"},
        {"control character", "字符串中有控制字符（如制表符），应写成转义形式 \\t"},
        {"invalid escape", "无效的转义（字符串中的反斜杠应写成 \\\\）"},
        {"invalid Unicode", "无效的 Unicode 转义"},
        {"too big", "数字过大"},
        {"real number overflow", "数字过大"},
        {"maximum parsing depth reached", "嵌套层数过多"},
        {"duplicate object key", "同一对象中有重复的键"},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strstr(text, known[i].english))
            return known[i].chinese;
    return "无法读取";
}

xxgk_report *xxgk_report_from_json(const char *text, size_t len, xxgk_diags *d)
{
    if (!templates_usable(d))
        return NULL;
    const char *source = text; /* kept as given, the BOM included */
    size_t source_len = len;
    /* Windows editors save UTF-8 with a byte order mark; it carries nothing */
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
        text += 3;
        len -= 3;
    }
    if (len > XXGK_MAX_INPUT_BYTES) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "输入过大（%zu 字节，上限 %u 字节），不是一份年度报告",
                 len, XXGK_MAX_INPUT_BYTES);
        return NULL;
    }
    int line, col;
    size_t bad = first_invalid_utf8(text, len, &line, &col);
    if (bad < len) {
        diag_add(d, XXGK_ERROR, "J01", &(diag_where){.line = line, .col = col},
                 "不是有效的 UTF-8 文本（第 %zu 字节 0x%02X）：请以 UTF-8 编码保存", bad + 1,
                 (unsigned char)text[bad]);
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        diag_add(d, XXGK_ERROR, "J01",
                 &(diag_where){.line = err.line > 0 ? err.line : 0,
                               .col = err.column > 0 ? err.column : 0},
                 "JSON 语法错误：%s（%s）", json_error_in_chinese(err.text), err.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        diag_add(d, XXGK_ERROR, "J01", &(diag_where){.line = 1, .col = 1},
                 "顶层应为 JSON 对象 {…}");
        json_decref(root);
        return NULL;
    }
    xxgk_report *r = xmalloc(sizeof *r);
    memset(r, 0, sizeof *r);
    r->pos = srcmap_build(text, len);
    r->source = xmalloc(source_len + 1);
    memcpy(r->source, source, source_len);
    r->source[source_len] = 0;
    r->source_len = source_len;
    reader R = {r, d, text, len};
    read_report(&R, root);
    json_decref(root);
    return r;
}
