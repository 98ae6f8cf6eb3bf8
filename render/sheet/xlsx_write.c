/* xlsx_write.c — the workbook of a report (xxgk export, xxgk template -o
 * .xlsx): first the text sheet (the fields, each right of its label, then one
 * row per paragraph: its part, its level, its heading, its text), then one
 * sheet per statutory table (xlsx_tables_write.c).  libxlsxwriter 1.1 writes
 * only to a file: it writes into a private temporary folder, and the bytes
 * are handed back for the caller to write atomically.  The document's dates
 * are fixed so that the same report gives the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "import/xlsx.h"
#include "sheet/sheet.h"

static const char *level_name(const para *p)
{
    if (!p->heading)
        return "段落";
    switch (p->level) {
    case 2: return "二级标题（一）";
    case 3: return "三级标题 1.";
    case 4: return "四级标题（1）";
    default: return "标题";
    }
}

typedef struct {
    lxw_worksheet *ws;
    lxw_format *label, *value, *wrap;
    int row;
} text_out;

static void put_field(text_out *T, const char *label, const char *value)
{
    worksheet_write_string(T->ws, (lxw_row_t)T->row, 0, label, T->label);
    if (value)
        worksheet_write_string(T->ws, (lxw_row_t)T->row, 1, value, T->value);
    else
        worksheet_write_blank(T->ws, (lxw_row_t)T->row, 1, T->value);
    T->row++;
}

static void put_prose(text_out *T, const char *part, const prose *p)
{
    for (size_t i = 0; i < p->n; i++, T->row++) {
        const para *x = &p->items[i];
        worksheet_write_string(T->ws, (lxw_row_t)T->row, 0, part, T->label);
        worksheet_write_string(T->ws, (lxw_row_t)T->row, 1, level_name(x), T->label);
        worksheet_write_string(T->ws, (lxw_row_t)T->row, 2, x->heading ? x->heading : "", T->wrap);
        worksheet_write_string(T->ws, (lxw_row_t)T->row, 3, x->text ? x->text : "", T->wrap);
    }
}

static void text_sheet(lxw_workbook *wb, const xxgk_report *r)
{
    text_out T = {.ws = workbook_add_worksheet(wb, XLSX_TEXT_SHEET)};
    T.label = workbook_add_format(wb);
    format_set_bold(T.label);
    format_set_align(T.label, LXW_ALIGN_VERTICAL_TOP);
    T.value = workbook_add_format(wb);
    format_set_num_format(T.value, "@"); /* a date stays as typed */
    T.wrap = workbook_add_format(wb);
    format_set_text_wrap(T.wrap);
    format_set_align(T.wrap, LXW_ALIGN_VERTICAL_TOP);
    char year[16], date[16];
    snprintf(year, sizeof year, "%d", r->year);
    if (r->date_text)
        snprintf(date, sizeof date, "%s", r->date_text);
    put_field(&T, XLSX_F_FORMAT, r->tpl->format);
    put_field(&T, XLSX_F_YEAR, year);
    put_field(&T, XLSX_F_AGENCY, r->agency);
    put_field(&T, XLSX_F_KIND,
              !r->kind_given                    ? NULL
              : r->kind == AGENCY_GOVERNMENT ? XLSX_KIND_GOVERNMENT
                                             : XLSX_KIND_DEPARTMENT);
    put_field(&T, XLSX_F_TITLE, r->title);
    put_field(&T, XLSX_F_DATE, r->date_text ? date : NULL);
    put_field(&T, XLSX_F_NOTES, r->notes);
    T.row++;
    const char *head[] = {XLSX_P_SECTION, XLSX_P_LEVEL, XLSX_P_HEADING, XLSX_P_TEXT};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(T.ws, (lxw_row_t)T.row, (lxw_col_t)c, head[c], T.label);
    T.row++;
    put_prose(&T, XLSX_PREFACE, &r->preface);
    for (size_t i = 0; i < r->tpl->n_sections; i++)
        if (!r->tpl->sections[i].table)
            put_prose(&T, r->tpl->sections[i].heading, &r->sections[i]);
    worksheet_set_column(T.ws, 0, 0, 26, NULL);
    worksheet_set_column(T.ws, 1, 1, 40, NULL);
    worksheet_set_column(T.ws, 2, 2, 30, NULL);
    worksheet_set_column(T.ws, 3, 3, 90, NULL);
}

char *xxgk_export_xlsx(const xxgk_report *r, size_t *len, xxgk_diags *d)
{
    char dir[] = "/tmp/xxgk-xlsx-XXXXXX";
    if (!mkdtemp(dir)) {
        diag_add(d, XXGK_ERROR, "W01", NULL, "无法建立临时文件夹以生成工作簿");
        return NULL;
    }
    char path[64];
    snprintf(path, sizeof path, "%s/report.xlsx", dir);
    lxw_workbook *wb = workbook_new(path);
    char *data = NULL;
    if (wb) {
        lxw_doc_properties props = {.title = (char *)xxgk_report_title(r),
                                    .author = (char *)"xxgk",
                                    .created = (time_t)1577836800};
        workbook_set_properties(wb, &props);
        text_sheet(wb, r);
        for (size_t i = 0; i < r->tpl->n_tables; i++)
            xlsx_write_table(wb, r, &r->tpl->tables[i]);
        if (workbook_close(wb) == LXW_NO_ERROR) {
            char *why = NULL;
            data = read_file_limited(path, len, &why);
            if (!data)
                diag_add(d, XXGK_ERROR, "W01", NULL, "工作簿无法生成：%s", why ? why : "?");
            free(why);
        } else
            diag_add(d, XXGK_ERROR, "W01", NULL, "工作簿无法生成（libxlsxwriter）");
    } else
        diag_add(d, XXGK_ERROR, "W01", NULL, "工作簿无法生成（libxlsxwriter）");
    unlink(path);
    rmdir(dir);
    return data;
}
