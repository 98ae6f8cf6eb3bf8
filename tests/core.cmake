# Tests of input, model and checks.
add_executable(rules_test ${CMAKE_CURRENT_SOURCE_DIR}/core/rules_test.c)
target_link_libraries(rules_test PRIVATE xxgk)
add_test(NAME rules COMMAND rules_test)

add_executable(robustness_test ${CMAKE_CURRENT_SOURCE_DIR}/core/robustness_test.c)
target_link_libraries(robustness_test PRIVATE xxgk)
add_test(NAME robustness COMMAND robustness_test ${CMAKE_SOURCE_DIR}/samples)
set_tests_properties(robustness PROPERTIES TIMEOUT 300)

add_test(NAME cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/core/cli_test.sh $<TARGET_FILE:xxgk-cli>
         ${CMAKE_SOURCE_DIR})
find_program(VALGRIND valgrind)
if(VALGRIND AND NOT XXGK_SANITIZE)
  add_test(NAME valgrind-check COMMAND ${VALGRIND} -q --error-exitcode=99 --leak-check=full
           --errors-for-leak-kinds=definite,indirect
           --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/render/valgrind.supp $<TARGET_FILE:xxgk-cli> check --previous
           ${CMAKE_SOURCE_DIR}/samples/2020-shangqiu-minzheng.json
           ${CMAKE_SOURCE_DIR}/samples/2022-quzhou-jiguanshiwu.json)
  add_test(NAME valgrind-rules COMMAND ${VALGRIND} -q --error-exitcode=99 --leak-check=full
           --errors-for-leak-kinds=definite,indirect
           --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/render/valgrind.supp $<TARGET_FILE:rules_test>)
endif()
add_test(NAME batch COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/core/batch_test.sh $<TARGET_FILE:xxgk-cli>
         ${CMAKE_SOURCE_DIR})
add_test(NAME diff COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/core/diff_test.sh $<TARGET_FILE:xxgk-cli>
         ${CMAKE_SOURCE_DIR})
