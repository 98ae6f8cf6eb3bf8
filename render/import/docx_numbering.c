/* docx_numbering.c — the numbers Word generates for numbered paragraphs.
 *
 * A paragraph of a Word list (w:numPr: a list w:numId and a level
 * w:ilvl) prints no number in the body: Word makes it from numbering.xml,
 * where the list names an abstract numbering whose level has a format
 * (decimal, chineseCounting …), a pattern (w:lvlText "（%1）", "%1、") and a
 * start.  The reader counts the paragraphs of each list as Word does (a
 * level counts on, the levels below it start again) and gives the text,
 * so that "（一）" headings written as a list read like typed ones.  Bullets
 * and formats not known give no text.  numbering.xml is read with the same
 * safe options as the body (no DTD, no entities, no network).
 */
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

#include "import/docx_parts.h"

#define MAX_LEVELS 9
#define MAX_LISTS 512

static const char W_NS[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

typedef struct {
    char fmt[32];
    char text[64];
    int start;
} level;

typedef struct {
    int id;
    level lv[MAX_LEVELS];
} abstract_num;

typedef struct {
    int id, abstract;
    int count[MAX_LEVELS];
} num;

struct docx_numbering {
    abstract_num abs[MAX_LISTS];
    size_t n_abs;
    num nums[MAX_LISTS];
    size_t n_nums;
    char out[160];
};

static int is_w(xmlTextReaderPtr r, const char *name)
{
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
    return ns && !strcmp((const char *)ns, W_NS) &&
           !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
    return (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)W_NS);
}

static int attr_int(xmlTextReaderPtr r, const char *name, int dflt)
{
    char *v = attr(r, name);
    int k = v ? atoi(v) : dflt;
    xmlFree(v);
    return k;
}

static void attr_copy(xmlTextReaderPtr r, const char *name, char *out, size_t size)
{
    char *v = attr(r, name);
    snprintf(out, size, "%s", v ? v : "");
    xmlFree(v);
}

/* One element of numbering.xml into nb (ab, lv: where it is). */
static void numbering_element(docx_numbering *nb, xmlTextReaderPtr r, abstract_num **ab, level **lv,
                              num **nm)
{
    if (is_w(r, "abstractNum") && nb->n_abs < MAX_LISTS) {
        *ab = &nb->abs[nb->n_abs++];
        memset(*ab, 0, sizeof **ab);
        (*ab)->id = attr_int(r, "abstractNumId", -1);
        for (int i = 0; i < MAX_LEVELS; i++)
            (*ab)->lv[i].start = 1;
        *lv = NULL;
    } else if (is_w(r, "lvl") && *ab) {
        int i = attr_int(r, "ilvl", 0);
        *lv = i >= 0 && i < MAX_LEVELS ? &(*ab)->lv[i] : NULL;
    } else if (is_w(r, "start") && *lv) {
        (*lv)->start = attr_int(r, "val", 1);
    } else if (is_w(r, "numFmt") && *lv) {
        attr_copy(r, "val", (*lv)->fmt, sizeof (*lv)->fmt);
    } else if (is_w(r, "lvlText") && *lv) {
        attr_copy(r, "val", (*lv)->text, sizeof (*lv)->text);
    } else if (is_w(r, "num") && nb->n_nums < MAX_LISTS) {
        *nm = &nb->nums[nb->n_nums++];
        memset(*nm, 0, sizeof **nm);
        (*nm)->id = attr_int(r, "numId", -1);
        (*nm)->abstract = -1;
        *ab = NULL;
        *lv = NULL;
    } else if (is_w(r, "abstractNumId") && *nm) {
        (*nm)->abstract = attr_int(r, "val", -1);
    }
}

docx_numbering *docx_numbering_read(zip_t *z, xxgk_diags *d)
{
    size_t len = 0;
    char *xml = ooxml_part(z, ".docx", "word/numbering.xml", &len, d);
    if (!xml)
        return NULL;
    xmlTextReaderPtr r =
        xmlReaderForMemory(xml, (int)len, "numbering.xml", "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    docx_numbering *nb = NULL;
    if (r) {
        nb = xmalloc(sizeof *nb);
        memset(nb, 0, sizeof *nb);
        abstract_num *ab = NULL;
        level *lv = NULL;
        num *nm = NULL;
        while (xmlTextReaderRead(r) == 1)
            if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT)
                numbering_element(nb, r, &ab, &lv, &nm);
        xmlFreeTextReader(r);
    }
    free(xml);
    return nb;
}

void docx_numbering_free(docx_numbering *nb) { free(nb); }

/* n in Chinese numerals (1 … 99): 一 … 十, 十一, 二十 … */
static void chinese(int n, strbuf *b)
{
    static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n <= 0 || n >= 100) {
        sb_printf(b, "%d", n);
        return;
    }
    if (n >= 20)
        sb_add(b, d[n / 10]);
    if (n >= 10)
        sb_add(b, "十");
    if (n % 10 || n < 10)
        sb_add(b, d[n % 10]);
}

/* Counter value n in format fmt; 0 when the format gives no text. */
static int format_counter(const char *fmt, int n, strbuf *b)
{
    if (!fmt[0] || !strcmp(fmt, "decimal") || !strcmp(fmt, "decimalZero"))
        sb_printf(b, "%d", n);
    else if (!strcmp(fmt, "chineseCounting") || !strcmp(fmt, "chineseCountingThousand") ||
             !strcmp(fmt, "ideographTraditional") || !strcmp(fmt, "japaneseCounting") ||
             !strcmp(fmt, "taiwaneseCounting") || !strcmp(fmt, "taiwaneseCountingThousand"))
        chinese(n, b);
    else if (!strcmp(fmt, "decimalEnclosedParen"))
        sb_printf(b, "(%d)", n);
    else if (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter"))
        sb_addc(b, (char)((fmt[0] == 'l' ? 'a' : 'A') + (n - 1) % 26));
    else
        return 0; /* bullet, none, and what is not known */
    return 1;
}

const char *docx_number_text(docx_numbering *nb, int num_id, int lvl)
{
    if (!nb || lvl < 0 || lvl >= MAX_LEVELS)
        return NULL;
    num *nm = NULL;
    for (size_t i = 0; i < nb->n_nums && !nm; i++)
        if (nb->nums[i].id == num_id)
            nm = &nb->nums[i];
    abstract_num *ab = NULL;
    for (size_t i = 0; nm && i < nb->n_abs && !ab; i++)
        if (nb->abs[i].id == nm->abstract)
            ab = &nb->abs[i];
    if (!ab)
        return NULL;
    nm->count[lvl] = nm->count[lvl] ? nm->count[lvl] + 1 : ab->lv[lvl].start;
    for (int k = lvl + 1; k < MAX_LEVELS; k++)
        nm->count[k] = 0;
    strbuf b = {0};
    int ok = 1;
    for (const char *p = ab->lv[lvl].text; *p && ok; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            int n = nm->count[k] ? nm->count[k] : ab->lv[k].start;
            ok = format_counter(ab->lv[k].fmt, n, &b);
            p++;
        } else {
            sb_addc(&b, *p);
        }
    }
    snprintf(nb->out, sizeof nb->out, "%s", ok && b.s ? b.s : "");
    sb_free(&b);
    return nb->out;
}
