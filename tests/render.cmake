# Tests of layout and rendering (issue 3): every sample rendered and checked
# (layout dump, pdftotext, pdffonts, pdfinfo, qpdf), determinism, a stress
# paragraph, refusals.  Needs python3 and poppler-utils + qpdf.
find_program(XXGK_PYTHON3 python3)
find_program(XXGK_PDFTOTEXT pdftotext)
find_program(XXGK_QPDF qpdf)
if(NOT XXGK_PYTHON3 OR NOT XXGK_PDFTOTEXT OR NOT XXGK_QPDF)
  message(STATUS "render tests skipped: python3, pdftotext (poppler-utils) or qpdf missing")
  return()
endif()

set(_rt ${CMAKE_SOURCE_DIR}/tests/render/render_test.sh)
set(_work ${CMAKE_BINARY_DIR}/render-tests)
file(GLOB _samples CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/samples/*.json)
list(SORT _samples)
foreach(s ${_samples})
  get_filename_component(n ${s} NAME_WE)
  add_test(NAME render.sample.${n}
           COMMAND sh ${_rt} sample $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/samples/${n} ${s})
endforeach()
set(_base ${CMAKE_SOURCE_DIR}/samples/2022-quzhou-jiguanshiwu.json)
add_test(NAME render.stress
         COMMAND sh ${_rt} stress $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/stress ${_base})
add_test(NAME render.undrawable
         COMMAND sh ${_rt} undrawable $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/undrawable ${_base})
add_test(NAME render.refuse
         COMMAND sh ${_rt} refuse $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/refuse ${_base})
add_test(NAME render.fonts
         COMMAND sh ${_rt} fonts $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/fonts)
add_test(NAME render.blocks
         COMMAND sh ${_rt} blocks $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/blocks
                 ${CMAKE_SOURCE_DIR}/samples/2020-guizhou-jiguanshiwu.json)
# Punctuation compression never cuts into a mark's ink, whichever face.
add_executable(ink_test ${CMAKE_SOURCE_DIR}/tests/render/ink_test.c)
target_link_libraries(ink_test PRIVATE xxgk)
add_test(NAME render.ink COMMAND ink_test)
# The seal (GB/T 9704 7.3.5.1): a specimen seal drawn by a small cairo helper.
add_executable(xxgk_make_seal ${CMAKE_SOURCE_DIR}/tests/render/make_seal.c)
target_link_libraries(xxgk_make_seal PRIVATE PkgConfig::RENDERDEPS m)
add_test(NAME render.seal
         COMMAND sh ${_rt} seal $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/seal ${_base}
                 $<TARGET_FILE:xxgk_make_seal>)
add_test(NAME render.pagination
         COMMAND sh ${_rt} pagination $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/pagination ${_base})
add_test(NAME render.date
         COMMAND sh ${_rt} date $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/date ${_base})

# Embedded font data against hb-subset of the same glyphs (issue 5: at most
# 1.1 x).  Needs mutool (mupdf-tools) and hb-subset (libharfbuzz-bin).
find_program(XXGK_MUTOOL mutool)
find_program(XXGK_HB_SUBSET hb-subset)
if(XXGK_MUTOOL AND XXGK_HB_SUBSET)
  add_test(NAME render.fontdata
           COMMAND sh ${_rt} fontdata $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_work}/fontdata ${_base})
else()
  message(STATUS "render.fontdata skipped: mutool (mupdf-tools) or hb-subset (libharfbuzz-bin) missing")
endif()
