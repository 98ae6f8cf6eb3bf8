# Sources of layout, display list and backends (owned by the render work).
list(APPEND XXGK_RENDER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/fonts.c
  ${CMAKE_CURRENT_LIST_DIR}/display_list.c
  ${CMAKE_CURRENT_LIST_DIR}/subset.c
  ${CMAKE_CURRENT_LIST_DIR}/compose.c
  ${CMAKE_CURRENT_LIST_DIR}/layout.c
  ${CMAKE_CURRENT_LIST_DIR}/backend_cairo.c
  ${CMAKE_CURRENT_LIST_DIR}/backend_haru.c
  ${CMAKE_CURRENT_LIST_DIR}/pdf_output.c
  ${CMAKE_CURRENT_LIST_DIR}/extract.c
  ${CMAKE_CURRENT_LIST_DIR}/cli_render.c
)
# cli.c offers render and fonts when this is defined.
add_compile_definitions(XXGK_HAVE_RENDER)

# The libharu backend (issue 6): libhpdf has no pkg-config file on Debian
# (libhpdf-dev); extract reads the attachment back with poppler-glib
# (libpoppler-glib-dev).  Linked to the library once it exists (the
# top-level CMakeLists.txt creates it after including this file).
find_library(XXGK_HPDF_LIBRARY NAMES hpdf libhpdf REQUIRED)
find_path(XXGK_HPDF_INCLUDE_DIR hpdf.h REQUIRED)
pkg_check_modules(POPPLERGLIB REQUIRED IMPORTED_TARGET poppler-glib)
cmake_language(DEFER CALL target_link_libraries xxgk PUBLIC ${XXGK_HPDF_LIBRARY} PkgConfig::POPPLERGLIB)
cmake_language(DEFER CALL target_include_directories xxgk PRIVATE ${XXGK_HPDF_INCLUDE_DIR})
