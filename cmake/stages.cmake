# One library per stage folder of runtime/, and the build enforces the direction of their
# dependencies: a stage sees the headers of the stages it links, and no others.
#
# How: every stage gets an include root of its own, ${NIANBAO_STAGE_ROOTS}/<stage>/, holding only
# a link <stage> -> runtime/<stage>. No target has runtime/ itself as an include directory, so
# `#include "resolve/resolver.hpp"` is found only by a target linked to nianbao_resolve (directly,
# or through a stage that exposes it). An include against the direction is a compile error:
#   fatal error: resolve/resolver.hpp: No such file or directory
# (tests/stage_direction.cmake shows it failing once, as the test build.stage-direction).
#
#   nianbao_stage(<stage> [EXPOSES <stage>...] [USES <stage>...])
# EXPOSES: stages whose headers the stage's own headers include (linked PUBLIC: whoever uses this
# stage needs them too). USES: stages only its sources include (linked PRIVATE). Libraries from
# outside (ICU, SQLite, ...) are linked by the caller with target_link_libraries.
set(NIANBAO_STAGE_ROOTS "${CMAKE_BINARY_DIR}/stages")

function(nianbao_stage_root stage out)
  set(root "${NIANBAO_STAGE_ROOTS}/${stage}")
  if(NOT EXISTS "${root}/${stage}")
    file(MAKE_DIRECTORY "${root}")
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/runtime/${stage}" "${root}/${stage}" SYMBOLIC)
  endif()
  set(${out} "${root}" PARENT_SCOPE)
endfunction()

function(nianbao_stage stage)
  cmake_parse_arguments(S "" "" "EXPOSES;USES" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/runtime/${stage}/*.cpp")
  list(SORT sources)
  set(target nianbao_${stage})
  add_library(${target} STATIC ${sources})
  nianbao_stage_root(${stage} root)
  target_include_directories(${target} PUBLIC "${root}")
  foreach(dep IN LISTS S_EXPOSES)
    target_link_libraries(${target} PUBLIC nianbao_${dep})
  endforeach()
  foreach(dep IN LISTS S_USES)
    target_link_libraries(${target} PRIVATE nianbao_${dep})
  endforeach()
  set_property(GLOBAL APPEND PROPERTY NIANBAO_STAGE_TARGETS ${target})
  set_property(GLOBAL PROPERTY NIANBAO_STAGE_DEPS_${stage} ${S_EXPOSES} ${S_USES})
endfunction()
