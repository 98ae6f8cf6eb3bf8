# Sources of the text import (issue 4).
list(APPEND XXGK_IMPORT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/import_text.c
  ${CMAKE_CURRENT_LIST_DIR}/import_table.c
  ${CMAKE_CURRENT_LIST_DIR}/cli_import.c
)
