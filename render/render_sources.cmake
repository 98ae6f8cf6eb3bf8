# Sources of layout, display list and backends (owned by the render work).
list(APPEND XXGK_RENDER_SOURCES
)
