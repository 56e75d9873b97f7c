# The build enforces the direction of the stages (cmake/stages.cmake): shown here once. A probe
# is one source compiled as a source of a stage is (the same include roots: the stage's own and
# those of the stages it links). The profile stage may include the model's headers, but not
# resolve's: resolve reads with the profiles, so profile/ including resolve/ would be a cycle
# (as it was before the renovation). The probes are not part of the build (EXCLUDE_FROM_ALL);
# the tests build them:
#   cmake --build build --target nianbao_probe_profile_includes_resolve
#   -> fatal error: resolve/labels.hpp: No such file or directory
function(nianbao_stage_probe stage header)
  string(MAKE_C_IDENTIFIER "${header}" id)
  get_filename_component(dir "${header}" DIRECTORY)
  set(name nianbao_probe_${stage}_includes_${dir})
  set(src "${CMAKE_CURRENT_BINARY_DIR}/probes/${name}.cpp")
  file(WRITE "${src}.in" "// A source of runtime/${stage}/ including a header of runtime/${dir}/.\n#include \"${header}\"\n")
  configure_file("${src}.in" "${src}" COPYONLY)
  add_library(${name} OBJECT EXCLUDE_FROM_ALL "${src}")
  get_property(deps GLOBAL PROPERTY NIANBAO_STAGE_DEPS_${stage})
  target_link_libraries(${name} PRIVATE nianbao_${stage})
  foreach(dep IN LISTS deps)
    target_link_libraries(${name} PRIVATE nianbao_${dep})
  endforeach()
  set(test build.stage-direction.${stage}-includes-${dir})
  add_test(NAME ${test} COMMAND "${CMAKE_COMMAND}" --build "${CMAKE_BINARY_DIR}" --target ${name})
  set_tests_properties(${test} PROPERTIES RUN_SERIAL TRUE)
endfunction()

# Along the direction: compiles.
nianbao_stage_probe(profile "model/model.hpp")
# Against it: fails, for want of the header (not for any other reason: the same probe with a
# header of a stage below compiles, above).
nianbao_stage_probe(profile "resolve/labels.hpp")
set_tests_properties(build.stage-direction.profile-includes-resolve PROPERTIES
  PASS_REGULAR_EXPRESSION "resolve/labels\\.hpp'?:? (No such file or directory|file not found)")
