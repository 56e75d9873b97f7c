cmake_minimum_required(VERSION 3.16)
# The CLI keeps to the public facade (include/nianbao/): a source of cli/ includes headers of
# nianbao only as "nianbao/<part>.hpp" (or cli's own headers). The tools for layout authors look
# inside the stages they show and are named here as the exceptions.
#   cmake -DDIR=<folder> [-DTOOLS=a.cpp,b.cpp] -P tests/facade_only.cmake
# Fails naming each file:line that includes an internal header. (The test build.facade-only
# runs it on cli/; build.facade-only.shown-failing on a source that breaks the rule.)
if(NOT DIR)
  message(FATAL_ERROR "usage: cmake -DDIR=<folder> [-DTOOLS=...] -P facade_only.cmake")
endif()
string(REPLACE "," ";" TOOLS "${TOOLS}")
file(GLOB sources "${DIR}/*.cpp" "${DIR}/*.hpp")
list(SORT sources)
set(stages core input read decode cells model rules region measures layout profile resolve merge repair
    narrative check record write pipeline batch corpus compare xlsx report)
list(JOIN stages "|" stage_alternatives)
set(violations "")
foreach(source IN LISTS sources)
  get_filename_component(name "${source}" NAME)
  if(name IN_LIST TOOLS)
    continue()
  endif()
  file(STRINGS "${source}" lines)
  set(line_number 0)
  foreach(line IN LISTS lines)
    math(EXPR line_number "${line_number} + 1")
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[\"<]((${stage_alternatives})/[^\">]+)[\">]")
      string(APPEND violations "\n  ${source}:${line_number}: includes the internal header ${CMAKE_MATCH_1}")
    endif()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "sources that must use the public facade (include/nianbao/) include internal headers:"
                      "${violations}\n(include \"nianbao/<part>.hpp\" instead, or add what is missing to the facade)")
endif()
message(STATUS "every source of ${DIR} keeps to the facade")
