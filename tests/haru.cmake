# Tests of the libharu backend (issue 6): every sample by both backends
# (same text and positions within 0.1 pt, same metadata and bookmarks,
# size), encryption (qpdf), the attachment round trip, the refusals.  Needs
# python3, poppler-utils (pdftotext, pdffonts, pdfinfo, pdfdetach) and qpdf.
find_program(XXGK_HARU_PYTHON3 python3)
find_program(XXGK_HARU_PDFTOTEXT pdftotext)
find_program(XXGK_HARU_QPDF qpdf)

# The backend's refusals on hand-made display lists (needs no tools).
add_executable(haru_unit ${CMAKE_SOURCE_DIR}/tests/haru/haru_unit.c)
# linked to poppler-glib: it checks extract.c's pointer types against poppler.h
target_link_libraries(haru_unit PRIVATE xxgk PkgConfig::POPPLERGLIB)
set(_hw ${CMAKE_BINARY_DIR}/haru-tests)
file(MAKE_DIRECTORY ${_hw}/unit)
add_test(NAME haru.unit
         COMMAND haru_unit ${_hw}/unit /usr/share/fonts/truetype/arphic/uming.ttc
                 /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc)
if(NOT EXISTS /usr/share/fonts/truetype/arphic/uming.ttc OR
   NOT EXISTS /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc)
  set_tests_properties(haru.unit PROPERTIES DISABLED TRUE)
endif()

if(NOT XXGK_HARU_PYTHON3 OR NOT XXGK_HARU_PDFTOTEXT OR NOT XXGK_HARU_QPDF)
  message(STATUS "haru tests skipped: python3, pdftotext (poppler-utils) or qpdf missing")
  return()
endif()
set(_ht ${CMAKE_SOURCE_DIR}/tests/haru/haru_test.sh)
file(GLOB _haru_samples CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/samples/*.json)
list(SORT _haru_samples)
foreach(s ${_haru_samples})
  get_filename_component(n ${s} NAME_WE)
  add_test(NAME haru.sample.${n}
           COMMAND sh ${_ht} sample $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_hw}/samples/${n} ${s})
endforeach()
set(_hbase ${CMAKE_SOURCE_DIR}/samples/2022-quzhou-jiguanshiwu.json)
foreach(m encrypt attach norole rare batch)
  add_test(NAME haru.${m}
           COMMAND sh ${_ht} ${m} $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_hw}/${m} ${_hbase})
endforeach()

if(TARGET xxgk_make_seal)
  add_test(NAME haru.failures
           COMMAND sh ${_ht} failures $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_hw}/failures ${_hbase}
                   $<TARGET_FILE:xxgk_make_seal>)
  add_test(NAME haru.seal
           COMMAND sh ${_ht} seal $<TARGET_FILE:xxgk-cli> ${CMAKE_SOURCE_DIR} ${_hw}/seal ${_hbase}
                   $<TARGET_FILE:xxgk_make_seal>)
endif()

# valgrind: the haru backend with encryption and the attachment, and extract.
find_program(XXGK_HARU_VALGRIND valgrind)
if(XXGK_HARU_VALGRIND AND NOT XXGK_SANITIZE)
  add_test(NAME haru.valgrind.render
           COMMAND ${XXGK_HARU_VALGRIND} -q --error-exitcode=99 --leak-check=full
                   --suppressions=${CMAKE_SOURCE_DIR}/tests/render/valgrind.supp
                   $<TARGET_FILE:xxgk-cli> render ${_hbase} -o ${_hw}/valgrind.pdf --backend haru
                   --encrypt --owner-password-file ${CMAKE_SOURCE_DIR}/tests/haru/owner-password.txt
                   --attach-source)
  add_test(NAME haru.valgrind.extract
           COMMAND ${XXGK_HARU_VALGRIND} -q --error-exitcode=99 --leak-check=full
                   --suppressions=${CMAKE_SOURCE_DIR}/tests/render/valgrind.supp
                   $<TARGET_FILE:xxgk-cli> extract ${_hw}/valgrind.pdf -o ${_hw}/valgrind.json)
  set_tests_properties(haru.valgrind.extract PROPERTIES DEPENDS haru.valgrind.render)
  set_tests_properties(haru.valgrind.render haru.valgrind.extract PROPERTIES
                       FAIL_REGULAR_EXPRESSION "==[0-9]+==")
endif()
