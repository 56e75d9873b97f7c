# Command-line tests, one readable file per case (tests/cli/*.test), like tree-sitter's corpus:
#
#   args: check --across-years tests/cli/across-years
#   exit: 1
#   ---- stdout
#   ...exactly what the command prints...
#   ---- stderr                  (optional: then standard error must be exactly this too)
#   ...exactly what it prints on standard error...
#
# The command runs from the repository root with the built-in profiles only. A mismatch shows a
# unified diff. To re-bless after a deliberate change: NIANBAO_UPDATE=1 ctest -R cli. --
# then review the diff with git.
# Included from tests/CMakeLists.txt (one CTest test per case); run as a script for one case.

if(CMAKE_SCRIPT_MODE_FILE)
  # cmake -DNIANBAO=... -DSOURCE=... -DCASE=... -DWORK=... -P cli.cmake
  file(READ "${CASE}" text)
  string(FIND "${text}" "---- stdout\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${CASE}: no '---- stdout' line")
  endif()
  string(SUBSTRING "${text}" 0 ${at} head)
  math(EXPR body_at "${at} + 12")
  string(SUBSTRING "${text}" ${body_at} -1 expected)
  # An optional "---- stderr" section after the output: what standard error must be, exactly.
  string(FIND "${expected}" "---- stderr\n" err_at)
  set(check_stderr OFF)
  if(NOT err_at EQUAL -1)
    set(check_stderr ON)
    math(EXPR err_body_at "${err_at} + 12")
    string(SUBSTRING "${expected}" ${err_body_at} -1 expected_err)
    string(SUBSTRING "${expected}" 0 ${err_at} expected)
  endif()
  if(NOT head MATCHES "args: ([^\n]*)\n")
    message(FATAL_ERROR "${CASE}: no 'args:' line")
  endif()
  separate_arguments(args UNIX_COMMAND "${CMAKE_MATCH_1}")
  if(NOT head MATCHES "exit: ([0-9]+)\n")
    message(FATAL_ERROR "${CASE}: no 'exit:' line")
  endif()
  set(expected_exit "${CMAKE_MATCH_1}")
  execute_process(COMMAND "${NIANBAO}" ${args} WORKING_DIRECTORY "${SOURCE}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if("$ENV{NIANBAO_UPDATE}" STREQUAL "1")
    string(REGEX REPLACE "exit: [0-9]+\n" "exit: ${rc}\n" head "${head}")
    if(check_stderr)
      file(WRITE "${CASE}" "${head}---- stdout\n${out}---- stderr\n${err}")
    else()
      file(WRITE "${CASE}" "${head}---- stdout\n${out}")
    endif()
    message("updated ${CASE}")
    return()
  endif()
  if(NOT check_stderr)
    set(expected_err "${err}")
  endif()
  if(out STREQUAL expected AND rc STREQUAL expected_exit AND err STREQUAL expected_err)
    return()
  endif()
  file(MAKE_DIRECTORY "${WORK}")
  file(WRITE "${WORK}/expected" "${expected}---- stderr\n${expected_err}")
  file(WRITE "${WORK}/actual" "${out}---- stderr\n${err}")
  execute_process(COMMAND diff -u "${WORK}/expected" "${WORK}/actual" OUTPUT_VARIABLE diff)
  message(FATAL_ERROR "${CASE}: exit ${rc} (expected ${expected_exit})\n${diff}stderr:\n${err}")
endif()

file(GLOB cli_cases "${CMAKE_CURRENT_SOURCE_DIR}/cli/*.test")
list(SORT cli_cases)
foreach(case IN LISTS cli_cases)
  get_filename_component(name "${case}" NAME_WE)
  add_test(NAME cli.${name}
           COMMAND "${CMAKE_COMMAND}" -DNIANBAO=$<TARGET_FILE:nianbao> -DSOURCE=${PROJECT_SOURCE_DIR}
                   -DCASE=${case} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cli/${name} -P "${CMAKE_CURRENT_LIST_FILE}")
  set_tests_properties(cli.${name} PROPERTIES ENVIRONMENT "NIANBAO_PROFILES=")
endforeach()
