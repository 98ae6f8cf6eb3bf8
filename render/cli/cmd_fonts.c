/* cmd_fonts.c — xxgk fonts: the face each font role resolved to. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_fonts(int argc, char **argv)
{
    unsigned flags = xxgk_fonts_env_flags();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--truetype")) {
            flags |= XXGK_FONTS_TRUETYPE;
        } else {
            fprintf(stderr, "xxgk fonts: unknown option %s\nusage: xxgk fonts [--truetype]\n",
                    argv[i]);
            return EXIT_USAGE;
        }
    }
    xxgk_diags *d = xxgk_diags_new();
    xxgk_fonts *f = xxgk_fonts_load_flags(flags, d);
    int rc = EXIT_OK;
    if (f) {
        xxgk_fonts_print(f, stdout);
        if (!xxgk_fonts_complete(f))
            rc = EXIT_ERRORS;
    } else {
        rc = EXIT_ERRORS;
    }
    xxgk_diags_print(d, "fonts/roles.json", stderr);
    xxgk_fonts_free(f);
    xxgk_diags_free(d);
    return rc;
}
