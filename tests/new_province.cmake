# The worked example examples/new-province/ (a new layout added by writing a profile, no C++),
# tested the way its README walks through it: the commands are the README's, run from the
# repository root. Included from tests/CMakeLists.txt:
#
#   include("${CMAKE_CURRENT_SOURCE_DIR}/new_province.cmake")
#
# The same file, run as a script (cmake -P), re-blesses a copy of the example's reports and
# compares the result with the committed expected files (test new_province.bless).

if(CMAKE_SCRIPT_MODE_FILE)
  # cmake -DNIANBAO=... -DSOURCE=... -DWORK=... -P new_province.cmake
  file(REMOVE_RECURSE "${WORK}")
  file(MAKE_DIRECTORY "${WORK}")
  file(GLOB reports "${SOURCE}/examples/new-province/reports/*.txt")
  list(LENGTH reports n)
  if(n LESS 2)
    message(FATAL_ERROR "expected at least 2 reports in examples/new-province/reports, found ${n}")
  endif()
  file(COPY ${reports} DESTINATION "${WORK}")
  execute_process(
    COMMAND "${NIANBAO}" test "${WORK}" --update --profiles "${SOURCE}/examples/new-province/profiles"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT rc EQUAL 0 OR NOT out MATCHES "${n} expected files written\n${n} passed, 0 failed")
    message(FATAL_ERROR "nianbao test --update did not create the ${n} expected files (exit ${rc})")
  endif()
  foreach(report IN LISTS reports)
    get_filename_component(stem "${report}" NAME_WE)
    file(READ "${WORK}/${stem}.expected.json" created)
    file(READ "${SOURCE}/examples/new-province/reports/${stem}.expected.json" committed)
    if(NOT created STREQUAL committed)
      message(FATAL_ERROR "${stem}.expected.json: --update writes something else than the committed file")
    endif()
  endforeach()
  return()
endif()

set(np_dir "examples/new-province")
set(np_profile "${np_dir}/profiles/layout-spaces.toml")

# Step: `nianbao profiles check` accepts the profile (exit status 0) ...
add_test(NAME new_province.profile_check
         COMMAND nianbao profiles check ${np_profile}
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
# ... and `nianbao profiles --profiles DIR` lists it with its grammar.
add_test(NAME new_province.profile_listed
         COMMAND nianbao profiles --profiles ${np_dir}/profiles
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
set_tests_properties(new_province.profile_listed PROPERTIES
  PASS_REGULAR_EXPRESSION "layout-spaces\tgrammar=spaces\tpriority=50")

# Without the profile the built-in profiles do not read these reports: every case fails.
add_test(NAME new_province.fails_without_profile
         COMMAND nianbao test ${np_dir}/reports -j 1
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
set_tests_properties(new_province.fails_without_profile PROPERTIES
  PASS_REGULAR_EXPRESSION "(^|\n)0 passed, [1-9][0-9]* failed\n"
  ENVIRONMENT "NIANBAO_PROFILES=")

# With it, every report reads to its expected output ...
add_test(NAME new_province.passes_with_profile
         COMMAND nianbao test ${np_dir}/reports --profiles ${np_dir}/profiles -j 1
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
set_tests_properties(new_province.passes_with_profile PROPERTIES ENVIRONMENT "NIANBAO_PROFILES=")

# ... also when the directory comes from $NIANBAO_PROFILES ...
add_test(NAME new_province.passes_with_env
         COMMAND nianbao test ${np_dir}/reports -j 1
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
set_tests_properties(new_province.passes_with_env PROPERTIES
  ENVIRONMENT "NIANBAO_PROFILES=${np_dir}/profiles")

# ... and `nianbao parse` says the new profile supplied all three tables.
add_test(NAME new_province.parse_with_profile
         COMMAND nianbao parse --profiles ${np_dir}/profiles ${np_dir}/reports/qinghe-county-2024.txt
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
set_tests_properties(new_province.parse_with_profile PROPERTIES
  PASS_REGULAR_EXPRESSION
    "\"status\":\"parsed\".*\"profiles\":{\"active\":\"layout-spaces\",\"requests\":\"layout-spaces\",\"review\":\"layout-spaces\"}"
  ENVIRONMENT "NIANBAO_PROFILES=")

# --update on a copy of the reports writes exactly the committed expected files.
add_test(NAME new_province.bless
         COMMAND "${CMAKE_COMMAND}" -DNIANBAO=$<TARGET_FILE:nianbao> -DSOURCE=${PROJECT_SOURCE_DIR}
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/new-province-bless -P "${CMAKE_CURRENT_LIST_FILE}")
set_tests_properties(new_province.bless PROPERTIES ENVIRONMENT "NIANBAO_PROFILES=")

# A layout that needs its own grammar (README, "A layout that needs its own grammar"): the box
# drawing report lanxi-district-2024 is read by layout-box.toml with box.peg beside it, a grammar
# nianbao reads at run time. `nianbao grammar check` accepts the grammar ...
add_test(NAME new_province.box_grammar_check
         COMMAND nianbao grammar check ${np_dir}/profiles/box.peg
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
set_tests_properties(new_province.box_grammar_check PROPERTIES
  PASS_REGULAR_EXPRESSION "box.peg: ok: 9 rules, top rule 'document'; bound to the runtime: cell, row")
# ... the profile supplies every table of the box report ...
add_test(NAME new_province.box_parse_with_profile
         COMMAND nianbao parse --profiles ${np_dir}/profiles ${np_dir}/reports/lanxi-district-2024.txt
         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
set_tests_properties(new_province.box_parse_with_profile PROPERTIES
  PASS_REGULAR_EXPRESSION
    "\"status\":\"parsed\".*\"profiles\":{\"active\":\"layout-box\",\"requests\":\"layout-box\",\"review\":\"layout-box\"}"
  ENVIRONMENT "NIANBAO_PROFILES=")
# ... and an installed nianbao, given only a profile directory, reads all 200 values exactly.
add_test(NAME new_province.installed_box
         COMMAND "${CMAKE_COMMAND}" -DBUILD=${CMAKE_BINARY_DIR} -DSOURCE=${PROJECT_SOURCE_DIR}
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/installed-box -P "${CMAKE_CURRENT_SOURCE_DIR}/installed_grammar.cmake")
