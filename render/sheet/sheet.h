/* sheet.h — the workbook a clerk fills (xxgk export, xxgk template -o .xlsx):
 *   xlsx_write.c         the workbook: the text sheet, the file made;
 *   xlsx_tables_write.c  one sheet per statutory table, laid out as printed.
 * import/xlsx_*.c reads it back by its labels. */
#ifndef XXGK_SHEET_H
#define XXGK_SHEET_H

#include <xlsxwriter.h>

#include "model/model.h"

/* The sheet of table tt of r: header tree merged, row labels verbatim and
 * locked, figures unlocked and validated, totals as formulas. */
void xlsx_write_table(lxw_workbook *wb, const xxgk_report *r, const ttable *tt);

#endif
