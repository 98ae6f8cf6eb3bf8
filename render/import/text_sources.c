/* text_sources.c — the year, the agency and the date of a report, from
 * every place a real page puts them.
 *
 * A page states each of them more than once: the title in either order
 * ({agency}{year}年… and {year}年{agency}…, perhaps wrapped over two lines,
 * perhaps with the agency on a line of its own above it), the preface
 * ("现公布……2020年……年度报告"), 本报告由……编制, the statistics period
 * (统计期限自2022年1月1日……), the page's metadata lines (成文日期, 发布日期,
 * 发布机构) and the signature.  Each value is taken from the most
 * authoritative place that has it, and the place is said in a note (I12);
 * when two places disagree the import says so as an error (I16) instead
 * of choosing silently.  What no place states is absent and an error
 * (I07): the date is never made up, unless the caller asks for the
 * statutory deadline (--assume-date).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/text.h"

/* ---- the year ----------------------------------------------------------- */

/* The year of the statistics period (统计期限自2022年1月1日…), 0 if none. */
static int statistics_year(importer *im, int *line)
{
    static const char *const keys[] = {"统计期限", "统计时限", "统计时间", "统计区间",
                                       "统计周期"};
    for (size_t i = 0; i < im->n_lines; i++)
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            const char *p = strstr(im->lines[i].s, keys[k]);
            if (!p)
                continue;
            p += strlen(keys[k]);
            /* the year right after the key ("为", "自", ":" between) */
            const char *q = p;
            for (int n = 0; *q && n < 4 && !isdigit((unsigned char)*q); n++) {
                uint32_t cp;
                size_t m = utf8_decode(q, strlen(q), &cp);
                q += m ? m : 1;
            }
            int y = find_year(q);
            if (y && q - p < 16 && isdigit((unsigned char)*q) && find_year(q) == y &&
                !strncmp(q + 4, "年", 3)) {
                *line = im->lines[i].line;
                return y;
            }
        }
    return 0;
}

/* The year of the preface's "…XXXX年…年度报告", 0 if none. */
static int preface_year(const front_matter *fm, int *line)
{
    for (size_t i = 0; i < fm->n_pre; i++) {
        const char *p = strstr(fm->pre[i].text, "政府信息公开工作年度报告");
        if (!p)
            continue;
        int year = 0;
        for (const char *q = fm->pre[i].text; q < p; q++)
            if (isdigit((unsigned char)*q) && find_year(q) && q + 7 <= p)
                year = find_year(q);
        if (year) {
            *line = fm->pre[i].line;
            return year;
        }
    }
    return 0;
}

int report_year(importer *im, const front_matter *fm, const closing *cl)
{
    struct {
        int year, line;
        const char *where;
    } src[3] = {{fm->title ? find_year(fm->title) : 0, fm->title_line, "标题"},
                {0, 0, "前言"},
                {0, 0, "统计期限"}};
    src[1].year = preface_year(fm, &src[1].line);
    src[2].year = statistics_year(im, &src[2].line);
    int k = 0;
    while (k < 3 && !src[k].year)
        k++;
    if (k < 3) {
        if (k > 0)
            idiag(im, XXGK_NOTE, "I12", src[k].line, 1, "报告年度", NULL, NULL,
                  "标题中没有年度，取自%s：%d 年", src[k].where, src[k].year);
        for (int j = k + 1; j < 3; j++)
            if (src[j].year && src[j].year != src[k].year)
                idiag(im, XXGK_ERROR, "I16", src[j].line, 1, "报告年度",
                      arena_printf(&im->mem, "%d", src[k].year),
                      arena_printf(&im->mem, "%d", src[j].year),
                      "%s写的是 %d 年度，%s（第 %d 行）写的是 %d 年度：来源互相矛盾，请核实",
                      src[k].where, src[k].year, src[j].where, src[j].line, src[j].year);
        return src[k].year;
    }
    if (cl->y) {
        idiag(im, XXGK_WARNING, "I12", cl->date_line, 1, "报告年度", NULL, NULL,
              "标题、前言和统计期限中都没有年度，按落款日期推定为 %d 年度", cl->y - 1);
        return cl->y - 1;
    }
    idiag(im, XXGK_ERROR, "I07", 1, 1, "报告年度", NULL, NULL,
          "找不到报告年度（标题中的“XXXX年”、统计期限或落款日期）");
    return 0;
}

/* ---- the agency ---------------------------------------------------------- */

/* The name after key in the lines of the text, up to one of the stops:
 * "本报告由XX根据…编制" → XX; NULL if none. */
static char *name_after(importer *im, const char *key, int *line)
{
    static const char *const stops[] = {"根据", "依据", "按照", "依照", "负责", "编制", "组织",
                                        "，",   ",",    "。",   "（",   "("};
    for (size_t i = 0; i < im->n_lines; i++) {
        const char *p = strstr(im->lines[i].s, key);
        if (!p)
            continue;
        p += strlen(key);
        const char *end = NULL;
        for (size_t k = 0; k < sizeof stops / sizeof *stops; k++) {
            const char *q = strstr(p, stops[k]);
            if (q && (!end || q < end))
                end = q;
        }
        if (!end || end == p)
            continue;
        char *name = arena_strndup(&im->mem, p, (size_t)(end - p));
        if (is_agency_name(name)) {
            *line = im->lines[i].line;
            return name;
        }
    }
    return NULL;
}

/* The name the preface announces: "现公布XX2020年…" → XX. */
static char *preface_agency(importer *im, const front_matter *fm, int *line)
{
    for (size_t i = 0; i < fm->n_pre; i++) {
        const char *p = strstr(fm->pre[i].text, "现公布");
        if (!p)
            continue;
        p += strlen("现公布");
        const char *q = p;
        while (*q && !(isdigit((unsigned char)*q) && find_year(q)))
            q++;
        if (*q && q > p && q - p < 120) {
            char *name = arena_strndup(&im->mem, p, (size_t)(q - p));
            if (is_agency_name(name)) {
                *line = fm->pre[i].line;
                return name;
            }
        }
    }
    return NULL;
}

/* Two names of one agency: the same, or one the other's short form
 * (鹤城区 for 鹤城区人民政府, 市民政局 for 商丘市民政局). */
static int same_agency(const char *a, const char *b)
{
    return !strcmp(a, b) || strstr(a, b) || strstr(b, a);
}

typedef struct {
    const char *name;
    int line;
    const char *where; /* for the note; NULL: the signature, said by nobody */
    int conflicts;     /* a disagreement with the chosen one is an error */
} agency_source;

const char *report_agency(importer *im, const front_matter *fm, const closing *cl)
{
    agency_source src[6];
    size_t n = 0;
    if (cl->agency)
        src[n++] = (agency_source){cl->agency, cl->agency_line, NULL, 1};
    if (fm->title_agency)
        src[n++] = (agency_source){fm->title_agency, fm->title_agency_line, "标题上方的机关名称", 1};
    int is_place = 0;
    char *from_title = fm->title ? agency_from_title(im, fm->title, &is_place) : NULL;
    if (from_title && is_agency_name(from_title))
        src[n++] = (agency_source){from_title, fm->title_line,
                                   is_place ? "标题（以地名开头，推定为其人民政府）" : "标题", 1};
    int line = 0;
    const char *by = name_after(im, "本报告由", &line);
    if (by)
        src[n++] = (agency_source){by, line, "“本报告由……编制”", 0};
    const char *pre = preface_agency(im, fm, &line);
    if (pre)
        src[n++] = (agency_source){pre, line, "前言", 0};
    if (im->meta_agency && is_agency_name(im->meta_agency))
        src[n++] = (agency_source){im->meta_agency, im->meta_agency_line, "网页的“发布机构”", 0};
    if (!n) {
        idiag(im, XXGK_ERROR, "I07", 0, 0, "发文机关署名", NULL, NULL,
              "找不到发文机关（落款、标题、“本报告由……编制”、前言或发布机构）");
        return NULL;
    }
    if (src[0].where)
        idiag(im, XXGK_NOTE, "I12", src[0].line, 1, "发文机关署名", NULL, NULL,
              "没有落款，发文机关取自%s：%s", src[0].where, src[0].name);
    for (size_t i = 1; i < n; i++)
        if (src[i].conflicts && !same_agency(src[0].name, src[i].name))
            idiag(im, XXGK_ERROR, "I16", src[i].line, 1, "发文机关署名", src[0].name, src[i].name,
                  "%s是“%s”，%s（第 %d 行）是“%s”：来源互相矛盾，请核实",
                  src[0].where ? src[0].where : "落款", src[0].name, src[i].where, src[i].line,
                  src[i].name);
    return src[0].name;
}

/* ---- the date ------------------------------------------------------------ */

void report_date(importer *im, const closing *cl, int year, const char *agency,
                 const xxgk_import_options *opt, char *date, size_t size)
{
    date[0] = 0;
    if (cl->y) {
        snprintf(date, size, "%04d-%02d-%02d", cl->y, cl->m, cl->d);
        if (im->meta_date && strcmp(im->meta_date, date))
            idiag(im, XXGK_ERROR, "I16", im->meta_date_line, 1, "成文日期", date, im->meta_date,
                  "落款日期是 %s，网页的成文日期是 %s：来源互相矛盾，请核实", date, im->meta_date);
    } else if (im->meta_date) {
        snprintf(date, size, "%s", im->meta_date);
        idiag(im, XXGK_NOTE, "I12", im->meta_date_line, 1, "成文日期", NULL, NULL,
              "没有落款日期，取网页的成文日期 %s", date);
    } else if (im->meta_published) {
        snprintf(date, size, "%s", im->meta_published);
        idiag(im, XXGK_WARNING, "I12", im->meta_published_line, 1, "成文日期", NULL, NULL,
              "没有落款日期和成文日期，取网页的发布日期 %s（成文日期不会晚于它，请核实）", date);
    } else if (year && opt && opt->assume_date) {
        int government = agency && str_ends_with(agency, "人民政府");
        snprintf(date, size, "%04d-%s", year + 1, government ? "03-31" : "01-31");
        idiag(im, XXGK_WARNING, "I12", im->lines[im->n_lines - 1].line, 0, "成文日期", NULL, NULL,
              "文本中没有成文日期，按 --assume-date 记为条例第四十九条的报送期限 %s（%s），"
              "请以实际成文日期替换",
              date, government ? "人民政府的年度报告：3月31日" : "部门的年度报告：1月31日");
    } else {
        idiag(im, XXGK_ERROR, "I07", im->lines[im->n_lines - 1].line, 0, "成文日期", NULL, NULL,
              "文本中没有成文日期（落款、成文日期或发布日期）；--assume-date 可记为条例第四十九条"
              "的报送期限");
    }
}
