# ctest runs each doctest case by its name (doctest_discover_tests), and a CMake list is cut at
# ';': a case whose name holds one becomes two ctest tests that match no case, run nothing and
# pass. This check fails instead, naming the cases. Run as
#   cmake -DEXE=<test executable> -P tests/test_names.cmake
execute_process(COMMAND ${EXE} --list-test-cases --no-intro OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --list-test-cases failed (${rc})")
endif()
string(FIND "${out}" ";" at)
if(NOT at EQUAL -1)
  string(REPLACE ";" "<semicolon>" shown "${out}")
  message(FATAL_ERROR "test case names hold ';', which ctest cannot run (use ','):\n${shown}")
endif()
