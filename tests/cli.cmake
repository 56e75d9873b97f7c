# Command-line tests, one readable file per case (tests/cli/*.test), like tree-sitter's corpus:
#
#   args: check --across-years tests/cli/across-years
#   exit: 1
#   ---- stdout
#   ...exactly what the command prints...
#   ---- stderr
#   ...exactly what it prints on standard error (this part is optional: without it, standard
#   error is not compared)...
#
# Optional lines before '---- stdout' (any number of copy: and unchanged: lines):
#   copy: tests/compare @WORK@/in    a file or directory of the checkout copied before the run
#   stdout: /dev/full                standard output goes to this file (nothing is compared)
#   unchanged: @WORK@/in/a.txt       this file must be byte for byte the same after the run
#
# @WORK@ in the args is a directory of the test's own (emptied before each run, for output files);
# its path in what the command prints is shown as @WORK@, paths into the checkout relative to it; the times of parse's summary line as
# "(T s, R reports/s)".
# The command runs from the repository root with the built-in profiles only. A mismatch shows a
# unified diff. To re-bless after a deliberate change: NIANBAO_UPDATE=1 ctest -R cli. --
# then review the diff with git.
# Included from tests/CMakeLists.txt (one CTest test per case); run as a script for one case.

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_policy(SET CMP0053 NEW)  # "@WORK@" is text, not a variable reference
  # cmake -DNIANBAO=... -DSOURCE=... -DCASE=... -DWORK=... -P cli.cmake
  file(READ "${CASE}" text)
  string(FIND "${text}" "---- stdout\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${CASE}: no '---- stdout' line")
  endif()
  string(SUBSTRING "${text}" 0 ${at} head)
  math(EXPR body_at "${at} + 12")
  string(SUBSTRING "${text}" ${body_at} -1 expected)
  set(expected_err "")
  set(compare_err FALSE)
  string(FIND "${expected}" "---- stderr\n" err_at)
  if(NOT err_at EQUAL -1)
    set(compare_err TRUE)
    math(EXPR err_body_at "${err_at} + 12")
    string(SUBSTRING "${expected}" ${err_body_at} -1 expected_err)
    string(SUBSTRING "${expected}" 0 ${err_at} expected)
  endif()
  if(NOT head MATCHES "args: ([^\n]*)\n")
    message(FATAL_ERROR "${CASE}: no 'args:' line")
  endif()
  set(out_dir "${WORK}/out")
  file(REMOVE_RECURSE "${out_dir}")
  file(MAKE_DIRECTORY "${out_dir}")
  string(REPLACE "@WORK@" "${out_dir}" arg_line "${CMAKE_MATCH_1}")
  separate_arguments(args UNIX_COMMAND "${arg_line}")
  if(NOT head MATCHES "exit: ([0-9]+)\n")
    message(FATAL_ERROR "${CASE}: no 'exit:' line")
  endif()
  set(expected_exit "${CMAKE_MATCH_1}")
  string(REGEX MATCHALL "(^|\n)copy: [^\n]*" copies "${head}")
  foreach(copy IN LISTS copies)
    string(REGEX REPLACE "^\n?copy: " "" copy "${copy}")
    string(REPLACE "@WORK@" "${out_dir}" copy "${copy}")
    separate_arguments(copy UNIX_COMMAND "${copy}")
    list(GET copy 0 from)
    list(GET copy 1 to)
    if(IS_DIRECTORY "${SOURCE}/${from}")
      file(COPY "${SOURCE}/${from}/" DESTINATION "${to}")
    else()
      get_filename_component(to_dir "${to}" DIRECTORY)
      file(MAKE_DIRECTORY "${to_dir}")
      configure_file("${SOURCE}/${from}" "${to}" COPYONLY)
    endif()
  endforeach()
  string(REGEX MATCHALL "(^|\n)unchanged: [^\n]*" kept "${head}")
  set(kept_files "")
  foreach(k IN LISTS kept)
    string(REGEX REPLACE "^\n?unchanged: " "" k "${k}")
    string(REPLACE "@WORK@" "${out_dir}" k "${k}")
    file(SHA256 "${k}" sum)
    list(APPEND kept_files "${k}=${sum}")
  endforeach()
  if(head MATCHES "(^|\n)stdout: ([^\n]*)")
    execute_process(COMMAND "${NIANBAO}" ${args} WORKING_DIRECTORY "${SOURCE}"
                    RESULT_VARIABLE rc OUTPUT_FILE "${CMAKE_MATCH_2}" ERROR_VARIABLE err)
    set(out "")
  else()
    execute_process(COMMAND "${NIANBAO}" ${args} WORKING_DIRECTORY "${SOURCE}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  endif()
  foreach(k IN LISTS kept_files)
    string(REGEX MATCH "^(.*)=([0-9a-f]+)$" _ "${k}")
    set(kept_path "${CMAKE_MATCH_1}")
    set(kept_sum "${CMAKE_MATCH_2}")
    set(now "missing")
    if(EXISTS "${kept_path}" AND NOT IS_DIRECTORY "${kept_path}")
      file(SHA256 "${kept_path}" now)
    endif()
    if(NOT now STREQUAL kept_sum)
      string(REPLACE "${out_dir}" "@WORK@" kept_path "${kept_path}")
      message(FATAL_ERROR "${CASE}: ${kept_path} changed by the run (it must stay as it was)\nstderr:\n${err}")
    endif()
  endforeach()
  string(REPLACE "${out_dir}" "@WORK@" out "${out}")
  string(REPLACE "${out_dir}" "@WORK@" err "${err}")
  # Paths into the checkout (profiles listed with their files) are shown relative to it.
  string(REPLACE "${SOURCE}/" "" out "${out}")
  string(REPLACE "${SOURCE}/" "" err "${err}")
  # Times vary from run to run: a summary line's "(0.1 s, 14 reports/s)" is compared as "(T s, R reports/s)".
  string(REGEX REPLACE "\\([0-9.]+ s, [0-9]+ reports/s\\)" "(T s, R reports/s)" err "${err}")
  if("$ENV{NIANBAO_UPDATE}" STREQUAL "1")
    string(REGEX REPLACE "exit: [0-9]+\n" "exit: ${rc}\n" head "${head}")
    if(compare_err)
      file(WRITE "${CASE}" "${head}---- stdout\n${out}---- stderr\n${err}")
    else()
      file(WRITE "${CASE}" "${head}---- stdout\n${out}")
    endif()
    message("updated ${CASE}")
    return()
  endif()
  if(out STREQUAL expected AND rc STREQUAL expected_exit AND (NOT compare_err OR err STREQUAL expected_err))
    return()
  endif()
  file(MAKE_DIRECTORY "${WORK}")
  if(compare_err)
    file(WRITE "${WORK}/expected" "${expected}---- stderr\n${expected_err}")
    file(WRITE "${WORK}/actual" "${out}---- stderr\n${err}")
  else()
    file(WRITE "${WORK}/expected" "${expected}")
    file(WRITE "${WORK}/actual" "${out}")
  endif()
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
