/* main.c — the xxgk command: finds the command and runs it.  REPORT is any
 * form xxgk reads: a .json, the .txt of a published page, a .pdf made with
 * the source attached, or - (JSON on standard input). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: xxgk <command> [options]\n"
    "\n"
    "commands:\n"
    "  check [--json] [--previous LAST] REPORT...\n"
    "        print every problem: severity, rule, place, expected and actual values\n"
    "        exit 0: no errors, 1: errors, 2: usage or unreadable input\n"
    "  cells [--csv] REPORT\n"
    "        every table cell: section<TAB>row path<TAB>column path<TAB>value;\n"
    "        --csv: CSV in UTF-8 with its BOM, for Excel\n"
    "  import REPORT.txt|.html|.htm|.docx -o REPORT.json [--partial] [--assume-date]\n"
    "        recover a report from its published page (text, the web page itself, or\n"
    "        the Word file); exit 0 complete, 1 values missing (written only with\n"
    "        --partial), 2 usage or unreadable input (check, cells, render, diff and\n"
    "        batch also read these forms directly; .doc/.wps: save as .docx)\n"
    "  diff OLD NEW [--json | --notice [-o NOTICE.txt]]\n"
    "        what changed between two versions of a report (a correction): fields,\n"
    "        paragraphs, table cells; --notice the 更正说明, --json for machines;\n"
    "        exit 0 the same, 1 different, 2 unreadable or imported with errors\n"
    "  template [--format 2019|2021] [--year N] [-o BLANK.json|BLANK.xlsx]\n"
    "        a complete blank report, every cell present and zero (.xlsx: the workbook)\n"
    "  export REPORT -o REPORT.xlsx\n"
    "        the workbook a clerk fills in Excel, WPS or LibreOffice: one sheet per table\n"
    "        laid out as printed, totals as formulas, a sheet of the fields and text;\n"
    "        every command reads it back (import, check, render, diff, batch)\n"
    "  next-year LAST -o NEW.json\n"
    "        next year's report started from LAST: year + 1, no date, 二、上年结转 from\n"
    "        LAST's 四、结转下年度继续办理, every other figure 0, the text kept to edit\n"
    "  render REPORT -o REPORT.pdf [--png PREFIX] [--png-dpi N] [--draft]\n"
    "         [--layout-dump FILE]\n"
    "         [--backend NAME] [--truetype-fonts] [--no-attach-source]\n"
    "         [--encrypt [--owner-password-file FILE]]\n"
    "        the PDF an agency publishes, its source attached (extract reads it back);\n"
    "        --encrypt: AES-256 with an owner password from FILE or XXGK_OWNER_PASSWORD,\n"
    "        never from the command line\n"
    "  fonts [--truetype]\n"
    "        which font file each role resolves to\n"
    "  extract REPORT.pdf -o REPORT.json [--name NAME]\n"
    "        the source JSON every PDF of xxgk carries (and its seal);\n"
    "        --name reads another attachment; REPORT.json is replaced if it exists\n"
    "  batch SOURCE -d OUTDIR [-j N] [--draft] [--resume] [--shard K/N] [--previous DIR]\n"
    "        [--backend NAME] [--no-attach-source] [--encrypt [--owner-password-file FILE]]\n"
    "        render a folder of reports or a manifest (CSV or JSON: department,input,output);\n"
    "        writes OUTDIR/summary.csv and summary.json; exit 0 only if every report rendered\n"
    "  batch --merge-summaries -d OUTDIR SUMMARY.json...\n"
    "        join the summaries of the shards of a batch\n"
    "  aggregate SOURCE -o COUNTY.json\n"
    "        sum every table cell of the reports into a skeleton for the county's report\n"
    "  serve --data DIR [--listen HOST:PORT] [--workers N] [--secure-cookies]\n"
    "        the county workbench: departments fill in their reports in a browser, the\n"
    "        county reviews them (docs/workbench.md); default 127.0.0.1:8080\n"
    "  user add NAME --role county|department [--agency AGENCY] --data DIR\n"
    "  user passwd NAME --data DIR\n"
    "  user list --data DIR\n"
    "        the workbench's accounts; the password is read from standard input\n"
    "  version\n"
    "\n"
    "REPORT is a .json, a .xlsx of export, the .txt of a published page, a .pdf made by xxgk (the source it\n"
    "carries), or - (JSON on standard input).\n";

void cli_print_usage(FILE *out)
{
    fputs(usage, out);
    fputs("\nbackends (--backend NAME):\n", out);
    for (size_t i = 0; xxgk_backend_at(i); i++)
        fprintf(out, "  %-8s %s\n", xxgk_backend_at(i)->name, xxgk_backend_at(i)->description);
}

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"check", cmd_check},         {"cells", cmd_cells},       {"import", cmd_import},
    {"diff", cmd_diff},           {"template", cmd_template}, {"render", cmd_render},
    {"fonts", cmd_fonts},         {"extract", cmd_extract},   {"batch", cmd_batch},
    {"aggregate", cmd_aggregate}, {"serve", cmd_serve},       {"serve-worker", cmd_serve_worker},
    {"user", cmd_user},           {"export", cmd_export},     {"next-year", cmd_next_year},
};

/* Standard output written to the end: a full disk or a closed pipe is a
 * failure of the command, said and exit 2, never exit 0 with nothing. */
static int finish_stdout(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        fprintf(stderr, "xxgk: cannot write the standard output: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    return rc;
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given%s", "");
    const char *cmd = argv[1];
    if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) &&
        strcmp(cmd, "import") != 0) { /* import has its own */
        cli_print_usage(stdout);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        puts("xxgk " XXGK_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        cli_print_usage(stdout);
        return EXIT_OK;
    }
    return usage_error("unknown command %s", cmd);
}

int main(int argc, char **argv) { return finish_stdout(run(argc, argv)); }
