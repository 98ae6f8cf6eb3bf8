/* haru.h — the parts of the haru backend (haru.c writes, haru_check.c
 * decides beforehand what libharu cannot write). */
#ifndef XXGK_BACKEND_HARU_H
#define XXGK_BACKEND_HARU_H

#include "backend/backend.h"

/* Every face TrueType, every character of the text, the metadata and the
 * outline at most U+FFFF, every glyph the face's cmap glyph of its
 * character.  0, or -1 and *why (Chinese, naming the character as U+XXXXX
 * and where it is: page, line position and the text around it). */
int haru_check(const dl_document *doc, char **why);

#endif
