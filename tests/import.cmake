# Tests of the text import (issue 4): the five seeds against their samples,
# damaged variants of every kind, truncation at every line, the command's
# exit codes and atomic output, valgrind, and a libFuzzer run when clang
# can build one.
set(XXGK_SEEDS_DIR "${CMAKE_SOURCE_DIR}/../shared/seeds" CACHE PATH "the real report texts (seeds)")
file(GLOB XXGK_SEED_FILES ${XXGK_SEEDS_DIR}/*.txt)

add_executable(import_driver ${CMAKE_CURRENT_SOURCE_DIR}/import/import_driver.c)
target_link_libraries(import_driver PRIVATE xxgk)
add_executable(import_truncate_test ${CMAKE_CURRENT_SOURCE_DIR}/import/truncate_test.c)
target_link_libraries(import_truncate_test PRIVATE xxgk)

if(NOT XXGK_SEED_FILES)
  message(STATUS "import tests skipped: no seeds in ${XXGK_SEEDS_DIR} (set XXGK_SEEDS_DIR)")
  return()
endif()

find_program(XXGK_IMPORT_PYTHON3 python3)
if(XXGK_IMPORT_PYTHON3)
  add_test(NAME import-seeds
           COMMAND ${XXGK_IMPORT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/import/seeds_test.py
                   $<TARGET_FILE:import_driver> ${CMAKE_SOURCE_DIR} ${XXGK_SEEDS_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/import-seeds)
  add_test(NAME import-damage
           COMMAND ${XXGK_IMPORT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/import/damage_test.py
                   $<TARGET_FILE:import_driver> ${CMAKE_SOURCE_DIR} ${XXGK_SEEDS_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/import-damage)
else()
  message(STATUS "import seed and damage tests skipped: python3 missing")
endif()
add_test(NAME import-truncate COMMAND import_truncate_test ${XXGK_SEED_FILES})
set_tests_properties(import-truncate PROPERTIES TIMEOUT 600)
add_test(NAME import-cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/import/cli_test.sh
         $<TARGET_FILE:import_driver> ${XXGK_SEEDS_DIR} ${CMAKE_CURRENT_BINARY_DIR}/import-cli)

find_program(XXGK_IMPORT_VALGRIND valgrind)
if(XXGK_IMPORT_VALGRIND AND NOT XXGK_SANITIZE)
  foreach(seed ${XXGK_SEED_FILES})
    get_filename_component(name ${seed} NAME_WE)
    add_test(NAME import-valgrind-${name}
             COMMAND ${XXGK_IMPORT_VALGRIND} -q --error-exitcode=99 --leak-check=full
                     --errors-for-leak-kinds=definite,indirect $<TARGET_FILE:import_driver> check ${seed})
    # exit 1 is the check's verdict (errors in the report); 99 is valgrind's
    set_tests_properties(import-valgrind-${name} PROPERTIES FAIL_REGULAR_EXPRESSION "==[0-9]+==")
  endforeach()
endif()

# libFuzzer: built with clang whatever the project's compiler, from the
# sources the import needs (no rendering libraries).
find_program(XXGK_CLANG NAMES clang clang-18 clang-17 clang-16 clang-15 clang-14)
set(XXGK_FUZZ_SECONDS 60 CACHE STRING "seconds of fuzzing in the import-fuzz test (0: no fuzz test)")
if(XXGK_CLANG AND XXGK_FUZZ_SECONDS GREATER 0)
  execute_process(COMMAND ${CMAKE_COMMAND} -E echo "int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}"
                  OUTPUT_FILE ${CMAKE_CURRENT_BINARY_DIR}/fuzz_probe.c)
  execute_process(COMMAND ${XXGK_CLANG} -fsanitize=fuzzer ${CMAKE_CURRENT_BINARY_DIR}/fuzz_probe.c
                          -o ${CMAKE_CURRENT_BINARY_DIR}/fuzz_probe
                  RESULT_VARIABLE fuzz_probe_rc OUTPUT_QUIET ERROR_QUIET)
  if(fuzz_probe_rc EQUAL 0)
    set(fuzz_sources
      ${CMAKE_SOURCE_DIR}/render/util.c ${CMAKE_SOURCE_DIR}/render/diag.c
      ${CMAKE_SOURCE_DIR}/render/template.c ${CMAKE_SOURCE_DIR}/render/report.c
      ${CMAKE_SOURCE_DIR}/render/report_json.c ${CMAKE_SOURCE_DIR}/render/import_text.c
      ${CMAKE_SOURCE_DIR}/render/import_table.c ${CMAKE_BINARY_DIR}/embedded_data.c
      ${CMAKE_CURRENT_SOURCE_DIR}/import/fuzz_import.c)
    set(fuzz_includes)
    foreach(dir ${JANSSON_INCLUDE_DIRS})
      list(APPEND fuzz_includes -I${dir})
    endforeach()
    add_custom_command(
      OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/fuzz_import
      COMMAND ${XXGK_CLANG} -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
              -I${CMAKE_SOURCE_DIR}/render ${fuzz_includes} ${fuzz_sources}
              ${JANSSON_LDFLAGS} -lm -o ${CMAKE_CURRENT_BINARY_DIR}/fuzz_import
      DEPENDS ${fuzz_sources}
      COMMENT "Building the libFuzzer target of the text import with clang"
      VERBATIM)
    add_custom_target(fuzz_import ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/fuzz_import)
    add_test(NAME import-fuzz
             COMMAND sh -c "rm -rf corpus && mkdir corpus && cp \"$@\" corpus/ && exec ./fuzz_import -max_total_time=${XXGK_FUZZ_SECONDS} -max_len=30000 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 corpus"
                     sh ${XXGK_SEED_FILES}
             WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    set_tests_properties(import-fuzz PROPERTIES TIMEOUT 300)
  else()
    message(STATUS "import-fuzz skipped: ${XXGK_CLANG} cannot build a libFuzzer target")
  endif()
else()
  message(STATUS "import-fuzz skipped: clang not found (apt-get install clang)")
endif()
