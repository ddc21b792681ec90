# ctest helper: run the host build of a sample (golden output) and the same
# sample's firmware on a runner; their stdout must be identical.
#   cmake -DGOLDEN=<host exe> -DRUNNER=<cmd|arg|...> -P compare_with_golden.cmake
# RUNNER uses '|' between arguments (ctest would split ';').
string(REPLACE "|" ";" runner "${RUNNER}")
execute_process(COMMAND ${GOLDEN} OUTPUT_VARIABLE want RESULT_VARIABLE want_rc)
if(NOT want_rc EQUAL 0)
  message(FATAL_ERROR "golden host run failed (${want_rc}): ${GOLDEN}")
endif()
execute_process(COMMAND ${runner} OUTPUT_VARIABLE got ERROR_VARIABLE err RESULT_VARIABLE got_rc
                TIMEOUT 600)
if(NOT got_rc EQUAL 0)
  message(FATAL_ERROR "firmware run failed (${got_rc}):\n${runner}\nstdout:\n${got}\nstderr:\n${err}")
endif()
if(NOT want STREQUAL got)
  message(FATAL_ERROR "firmware output differs from the host golden output\n"
                      "--- golden (${GOLDEN}):\n${want}--- firmware:\n${got}")
endif()
message(STATUS "identical:\n${got}")
