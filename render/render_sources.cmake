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
# poppler-glib is opened at run time by extract.c, not linked (see there):
# its headers at build time, and the file name the loader knows it by.
pkg_check_modules(POPPLERGLIB REQUIRED IMPORTED_TARGET poppler-glib)
pkg_get_variable(_poppler_libdir poppler-glib libdir)
file(GLOB _poppler_sonames ${_poppler_libdir}/libpoppler-glib.so.[0-9]*)
list(FILTER _poppler_sonames INCLUDE REGEX "libpoppler-glib\\.so\\.[0-9]+$")
list(LENGTH _poppler_sonames _n)
if(NOT _n EQUAL 1)
  message(FATAL_ERROR "cannot tell the soname of poppler-glib in ${_poppler_libdir}: ${_poppler_sonames}")
endif()
get_filename_component(XXGK_POPPLER_GLIB_SONAME ${_poppler_sonames} NAME)
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/extract.c PROPERTIES
  COMPILE_DEFINITIONS XXGK_POPPLER_GLIB_SONAME="${XXGK_POPPLER_GLIB_SONAME}"
  INCLUDE_DIRECTORIES "${POPPLERGLIB_INCLUDE_DIRS}")
cmake_language(DEFER CALL target_link_libraries xxgk PUBLIC ${XXGK_HPDF_LIBRARY} ${CMAKE_DL_LIBS})
cmake_language(DEFER CALL target_include_directories xxgk PRIVATE ${XXGK_HPDF_INCLUDE_DIR})
