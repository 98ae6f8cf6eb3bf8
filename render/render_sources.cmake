# Sources of layout, display list and backends (owned by the render work).
list(APPEND XXGK_RENDER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/fonts.c
  ${CMAKE_CURRENT_LIST_DIR}/display_list.c
  ${CMAKE_CURRENT_LIST_DIR}/subset.c
  ${CMAKE_CURRENT_LIST_DIR}/compose.c
  ${CMAKE_CURRENT_LIST_DIR}/layout.c
  ${CMAKE_CURRENT_LIST_DIR}/backend_cairo.c
  ${CMAKE_CURRENT_LIST_DIR}/cli_render.c
)
# cli.c offers render and fonts when this is defined.
add_compile_definitions(XXGK_HAVE_RENDER)
