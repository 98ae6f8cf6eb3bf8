/* cli_import.h — the "xxgk import" command. */
#ifndef XXGK_CLI_IMPORT_H
#define XXGK_CLI_IMPORT_H

/* xxgk import REPORT.txt -o REPORT.json [--partial]; argv[0] is "import".
 * Exit 0: imported completely; 1: nothing recoverable or values missing
 * (with --partial the recovered part is still written); 2: usage, an
 * unreadable input or an unwritable output. */
int cli_import(int argc, char **argv);

#endif
