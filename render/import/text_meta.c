/* text_meta.c — what a published text says about itself: the page
 * around the report, the title, the agency, the year and the dates.
 *
 * A copy from a web page brings the page's chrome (索引号, 字体, 分享,
 * 打印本页 …); those lines are dropped, but the page's 成文日期 and 发布机构
 * are kept as a second source of the date and the agency when the report
 * has no signature.  The title is the short line with a year and 报告; the
 * agency is the signature, else the page, the preface or the title's
 * leading name (a place name is its 人民政府).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/text.h"

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
int parse_date(const char *s, int *y, int *m, int *d, int *lost_day)
{
    int n = 0;
    *lost_day = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", y, m, d, &n) == 3 && n >= 8)
        return *y >= 1990 && valid_month_day(*m, *d);
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
    return *y >= 1990 && valid_month_day(*m, *d);
}

/* Lines of the web page around the report.  Metadata fields are kept
 * for the date and the agency. */
int is_chrome(importer *im, const tline *l)
{
    const char *n = import_norm(&im->mem, l->s);
    static const char *const fields[] = {
        "索引号",     "主题分类", "发文日期", "发布机构", "文号",          "成文日期",
        "公开方式",   "组配分类", "发布日期", "浏览次数", "信息来源",      "字体",
        "分享",       "扫一扫",   "相关文章", "相关链接", "上一篇",        "下一篇",
        "责任编辑",   "访问量",   "点击数",   "当前位置", "账号+密码登录", "手机+密码登录",
        "还没有账号", "立即注册", "【打印",   "【关闭",   "打印本页",      "关闭窗口",
        "分享到",     "来源:",    "作者:",    "时间:",    "主办单位",   "承办单位",      "网站标识码",
        "版权所有",   "技术支持", "网站地图", "联系我们"};
    int hit = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields && !hit; i++)
        hit = !strncmp(n, fields[i], strlen(fields[i]));
    static const char *const exact[] = {"打印", "关闭",         "登录",     "注册", "返回顶部",
                                        "收藏", "政府信息公开", "信息公开", "首页"};
    for (size_t i = 0; i < sizeof exact / sizeof *exact && !hit; i++)
        hit = !strcmp(n, exact[i]);
    if (!hit)
        return 0;
    /* metadata on the line: 成文日期 / 发文日期 / 发布日期 / 发布机构 */
    static const char *const date_keys[] = {"成文日期", "发文日期", "发布日期"};
    for (size_t k = 0; k < 3; k++) {
        const char *p = strstr(n, date_keys[k]);
        int y, m, d, lost;
        const char **to = k < 2 ? &im->meta_date : &im->meta_published;
        if (p && !*to &&
            parse_date(p + strlen(date_keys[k]) + (p[strlen(date_keys[k])] == ':'), &y, &m, &d,
                       &lost)) {
            *to = arena_printf(&im->mem, "%04d-%02d-%02d", y, m, d);
            *(k < 2 ? &im->meta_date_line : &im->meta_published_line) = l->line;
        }
    }
    const char *ag = after_key(n, "发布机构");
    if (ag && *ag && !im->meta_agency && import_cp_len(ag) <= 30) {
        /* the field ends where the next one on the line starts */
        static const char *const next[] = {"发布日期", "成文日期", "发文日期", "索引号", "文号",
                                           "主题分类"};
        for (size_t k = 0; k < sizeof next / sizeof *next; k++) {
            const char *q = strstr(ag, next[k]);
            if (q)
                ag = arena_strndup(&im->mem, ag, (size_t)(q - ag));
        }
        im->meta_agency = arena_strdup(&im->mem, ag);
        im->meta_agency_line = l->line;
    }
    return 1;
}

/* A line that only holds a page-chrome word or belongs to a web page
 * rather than the report, counted for one note. */
void count_chrome(importer *im, int line)
{
    if (!im->chrome)
        im->chrome_line = line;
    im->chrome++;
}

/* ---- title and agency ------------------------------------------------- */

int find_year(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)p[0]) || (p > s && isdigit((unsigned char)p[-1])))
            continue;
        if (isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
            isdigit((unsigned char)p[3]) && !strncmp(p + 4, "年", 3)) {
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (y >= 1990 && y <= 2099)
                return y;
        }
    }
    return 0;
}

int looks_like_title(const char *s)
{
    int len = import_cp_len(s);
    if (len > 60 || len < 8 || strstr(s, "。"))
        return 0;
    /* the year may be left to the statistics period */
    return (find_year(s) || strstr(s, "年度报告")) && (strstr(s, "报告") || strstr(s, "年报"));
}

/* A signature line: a short name of an office, no punctuation. */
int looks_like_agency(const char *s)
{
    int len = import_cp_len(s);
    if (len < 3 || len > 30)
        return 0;
    static const char *const bad[] = {"。", "，", ",", "：", ":", "；", "（", "(", "|"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strstr(s, bad[i]))
            return 0;
    static const char *const ends[] = {"局", "中心", "委员会", "政府", "办公室", "厅",  "委",
                                       "院", "所",   "处",     "站",   "队",     "馆",  "会",
                                       "部", "署",   "办",     "公司", "管理处", "小组"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (str_ends_with(s, ends[i]))
            return 1;
    return 0;
}

int is_agency_name(const char *s)
{
    int len = import_cp_len(s);
    if (len < 2 || len > 40)
        return 0;
    static const char *const bad[] = {"关于", "。", "，", ",", "：", ":", "；", ";", "|",
                                      "报告", "政府信息公开", "政务公开", "标题", "题目", "年度",
                                      "！", "？", "、"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strstr(s, bad[i]))
            return 0;
    for (const char *p = s; *p; p++)
        if (isdigit((unsigned char)*p))
            return 0;
    return 1;
}

/* The words that end the agency's name in a title that puts the year first:
 * 2022年某局政府信息公开工作年度报告. */
static const char *name_end(const char *s)
{
    static const char *const words[] = {"政府信息公开", "政务公开", "信息公开", "年度报告",
                                        "工作年度报告", "年报"};
    const char *end = NULL;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        const char *q = strstr(s, words[i]);
        if (q && (!end || q < end))
            end = q;
    }
    return end;
}

/* The name before "2020年…报告" in a title, or after "2020年" when the
 * title starts with its year; a place name becomes its 人民政府
 * (鹤城区2020年… is the report of 鹤城区人民政府). */
char *agency_from_title(importer *im, const char *title, int *is_place)
{
    *is_place = 0;
    const char *p = title;
    while (*p && !(isdigit((unsigned char)p[0]) && find_year(p) && isdigit((unsigned char)p[3])))
        p++;
    char *name = NULL;
    if (!*p) { /* no year: the name before the subject */
        const char *end = name_end(title);
        if (!end || end == title)
            return NULL;
        name = arena_strndup(&im->mem, title, (size_t)(end - title));
    } else if (p == title) {
        const char *q = p + 4 + strlen("年");
        if (!strncmp(q, "度", 3))
            q += 3;
        const char *end = name_end(q);
        if (!end || end == q)
            return NULL;
        name = arena_strndup(&im->mem, q, (size_t)(end - q));
    } else {
        name = arena_strndup(&im->mem, title, (size_t)(p - title));
    }
    static const char *const places[] = {"省", "市", "区", "县", "旗",
                                         "州", "盟", "镇", "乡", "街道"};
    for (size_t i = 0; i < sizeof places / sizeof *places; i++)
        if (str_ends_with(name, places[i])) {
            *is_place = 1;
            return arena_printf(&im->mem, "%s人民政府", name);
        }
    return name;
}
