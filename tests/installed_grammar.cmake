# A layout with a grammar of its own, read by an installed nianbao from a profile directory of
# the user's: no source tree, no rebuild (issue 19). Run as a script (test new_province.installed_box):
#
#   cmake -DBUILD=... -DSOURCE=... -DWORK=... -P installed_grammar.cmake
#
# 1. installs the build into WORK/install (binary and data, as `cmake --install` does);
# 2. copies the walkthrough's box-drawing profile and its grammar (examples/new-province/profiles:
#    layout-box.toml, box.peg) into WORK/my-profiles, and its report and expected file into
#    WORK/reports;
# 3. runs WORK/install/bin/nianbao test on them, with the installed data only;
# 4. checks that the expected file's 200 values are those of the tab-separated report the box
#    report was drawn from (tests/corpus/seeds/000_7309f594a2168ba9), value by value.

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/my-profiles" "${WORK}/reports")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${WORK}/install"
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${err}")
endif()
set(np "${SOURCE}/examples/new-province")
file(COPY "${np}/profiles/layout-box.toml" "${np}/profiles/box.peg" DESTINATION "${WORK}/my-profiles")
file(COPY "${np}/reports/lanxi-district-2024.txt" "${np}/reports/lanxi-district-2024.expected.json"
     DESTINATION "${WORK}/reports")

execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env NIANBAO_DATA_DIR=${WORK}/install/share/nianbao NIANBAO_PROFILES=
          "${WORK}/install/bin/nianbao" test "${WORK}/reports" --profiles "${WORK}/my-profiles"
  WORKING_DIRECTORY "${WORK}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "(^|\n)1 passed, 0 failed\n")
  message(FATAL_ERROR "the installed nianbao did not read the box-drawing report to its expected output (exit ${rc})")
endif()

# The values the box profile reads are the values of the report it was drawn from.
file(READ "${WORK}/reports/lanxi-district-2024.expected.json" box)
file(READ "${SOURCE}/tests/corpus/seeds/000_7309f594a2168ba9.expected.json" tab)
string(JSON box_values GET "${box}" values)
string(JSON tab_values GET "${tab}" values)
string(JSON count LENGTH "${tab_values}")
if(NOT count EQUAL 200)
  message(FATAL_ERROR "expected 200 values in the seed, found ${count}")
endif()
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON key MEMBER "${tab_values}" ${i})
  string(JSON want GET "${tab_values}" "${key}")
  string(JSON got ERROR_VARIABLE missing GET "${box_values}" "${key}")
  if(missing OR NOT got STREQUAL want)
    message(FATAL_ERROR "${key}: the box report reads ${got}, the tab report ${want}")
  endif()
endforeach()
string(JSON box_count LENGTH "${box_values}")
string(JSON box_status GET "${box}" status)
if(NOT box_count EQUAL 200 OR NOT box_status STREQUAL "parsed")
  message(FATAL_ERROR "the box report: ${box_count} values, status ${box_status}")
endif()
string(JSON profiles GET "${box}" profiles)
if(NOT profiles MATCHES "\"active\" : \"layout-box\".*\"requests\" : \"layout-box\".*\"review\" : \"layout-box\"")
  message(FATAL_ERROR "layout-box did not supply every table: ${profiles}")
endif()
message("200 values exact, every table read by layout-box, with an installed nianbao")
