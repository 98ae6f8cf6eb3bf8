/* cli.h — the xxgk command: one file per command (cmd_*.c), each parsing
 * its options, calling libxxgk through its public headers and printing.
 * This is the only code of xxgk that parses options or prints. */
#ifndef XXGK_CLI_H
#define XXGK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "xxgk.h"
#include "xxgk_batch.h"
#include "xxgk_import.h"
#include "xxgk_render.h"

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

/* The usage of every command, the backends listed (main.c). */
void cli_print_usage(FILE *out);

/* "xxgk: " + the message (fmt with one %s) + the usage; returns EXIT_USAGE. */
int usage_error(const char *fmt, const char *arg);

/* A report of any form (xxgk_report_load_any), or NULL after printing why
 * (as JSON on standard output when as_json, else on standard error). */
xxgk_report *cli_load(const char *path, xxgk_diags *d, int as_json);

/* --backend NAME: 0 with *out the name, or -1 when there is none of that
 * name (message printed with cmd as its prefix). */
int cli_backend(const char *cmd, const char *name, const char **out);

/* The owner password for --encrypt: the first line of file, or
 * XXGK_OWNER_PASSWORD when file is NULL.  Never an argument: ps shows every
 * process's arguments.  NULL (after a message) when there is none; free
 * with cli_forget_password. */
char *cli_owner_password(const char *file);
/* Overwrites and frees a password (NULL is fine). */
void cli_forget_password(char *password);

/* Whether path names a workbook (.xlsx); the workbook of r written to
 * output (diagnostics printed under name): EXIT_OK or EXIT_USAGE. */
int cli_is_xlsx(const char *path);
int cli_write_xlsx(const xxgk_report *r, const char *output, const char *name);

int cmd_export(int argc, char **argv);
int cmd_next_year(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_cells(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_fonts(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_aggregate(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_serve_worker(int argc, char **argv);
int cmd_user(int argc, char **argv);

#endif
