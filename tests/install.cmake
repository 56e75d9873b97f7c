# Installing: `cmake --install` into a temporary prefix, and the Debian package (cpack -G DEB)
# unpacked with dpkg -x; from each, the installed binary finds its own data (--version names the
# data directory under the prefix, the models and the profiles) and parses a seed to the same
# JSON line, byte for byte, as the build tree's binary, and to the expected summary table.
# Included from tests/CMakeLists.txt (tests install.prefix and install.deb); runs as a script:
#   cmake -DMODE=prefix|deb -DBUILD=... -DSOURCE=... -DNIANBAO=... -DWORK=... -P install.cmake

if(CMAKE_SCRIPT_MODE_FILE)
  set(seed "${SOURCE}/tests/corpus/seeds/000_7309f594a2168ba9.txt")
  file(REMOVE_RECURSE "${WORK}")
  file(MAKE_DIRECTORY "${WORK}")
  if(MODE STREQUAL "prefix")
    execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${WORK}/prefix"
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "cmake --install failed (${rc}): ${err}")
    endif()
    set(prefix "${WORK}/prefix")
  else()
    execute_process(COMMAND cpack -G DEB -B "${WORK}/package" WORKING_DIRECTORY "${BUILD}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "cpack -G DEB failed (${rc}): ${out}${err}")
    endif()
    file(GLOB debs "${WORK}/package/*.deb")
    set(expected_deb "${WORK}/package/nianbao_${VERSION}_amd64.deb")
    if(NOT debs STREQUAL expected_deb)
      message(FATAL_ERROR "expected the package ${expected_deb}, cpack made: ${debs}")
    endif()
    # The dependencies dpkg-shlibdeps found: every shared library the binary links, by package.
    execute_process(COMMAND dpkg-deb -f "${expected_deb}" Depends OUTPUT_VARIABLE depends
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    foreach(dep libarchive13 libc6 libfmt9 libgumbo1 libicu72 libopencc1.1 libpoppler-cpp0v5 libsqlite3-0 libstdc\\+\\+6 libtomlplusplus3)
      if(NOT depends MATCHES "(^|, )${dep} \\(>= ")
        message(FATAL_ERROR "the package's Depends lacks ${dep}: ${depends}")
      endif()
    endforeach()
    if(NOT depends MATCHES "(^|, )libopencc-data(,|$)")
      message(FATAL_ERROR "the package's Depends lacks libopencc-data: ${depends}")
    endif()
    execute_process(COMMAND dpkg-deb -x "${expected_deb}" "${WORK}/root" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "dpkg-deb -x failed")
    endif()
    set(prefix "${WORK}/root/usr")
  endif()

  # Run from an empty directory, without $NIANBAO_DATA_DIR: the data must come from the prefix.
  set(installed "${prefix}/bin/nianbao")
  set(ENV{NIANBAO_DATA_DIR} "")
  set(ENV{NIANBAO_PROFILES} "")
  file(MAKE_DIRECTORY "${WORK}/cwd")
  execute_process(COMMAND "${installed}" --version WORKING_DIRECTORY "${WORK}/cwd"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE version)
  set(expected_version "nianbao ${VERSION}\nmodels: gov-2021 gov-2019\n"
      "profiles: grid html lines-empty markdown pipe-cells pipe-lines plain run-together spaced tab\ndata: ${prefix}/share/nianbao\n")
  string(CONCAT expected_version ${expected_version})
  if(NOT rc EQUAL 0 OR NOT version STREQUAL expected_version)
    message(FATAL_ERROR "${installed} --version (exit ${rc}):\n${version}expected:\n${expected_version}")
  endif()
  foreach(f model/gov-2021.toml model/gov-2021.rules profiles/tab.toml grammars/tab.peg)
    if(NOT EXISTS "${prefix}/share/nianbao/${f}")
      message(FATAL_ERROR "not installed: ${prefix}/share/nianbao/${f}")
    endif()
  endforeach()

  # The manual page and completion scripts, where man, bash-completion and zsh look, equal to what
  # the installed binary generates.
  foreach(pair "share/man/man1/nianbao.1=man" "share/bash-completion/completions/nianbao=complete-bash"
               "share/zsh/vendor-completions/_nianbao=complete-zsh")
    string(REPLACE "=" ";" pair "${pair}")
    list(GET pair 0 file)
    list(GET pair 1 kind)
    if(NOT EXISTS "${prefix}/${file}")
      message(FATAL_ERROR "not installed: ${prefix}/${file}")
    endif()
    file(READ "${prefix}/${file}" installed_text)
    execute_process(COMMAND "${installed}" generate ${kind} OUTPUT_VARIABLE generated_text)
    if(NOT installed_text STREQUAL generated_text OR generated_text STREQUAL "")
      message(FATAL_ERROR "${prefix}/${file} differs from `nianbao generate ${kind}`")
    endif()
  endforeach()

  execute_process(COMMAND "${installed}" parse --json -q "${seed}" WORKING_DIRECTORY "${WORK}/cwd"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE json_installed)
  execute_process(COMMAND "${NIANBAO}" parse --json -q "${seed}" WORKING_DIRECTORY "${WORK}/cwd"
                  OUTPUT_VARIABLE json_built)
  if(NOT rc EQUAL 0 OR NOT json_installed STREQUAL json_built OR json_built STREQUAL "")
    message(FATAL_ERROR "the installed binary's JSON line (exit ${rc}) differs from the build tree's:\n"
                        "${json_installed}\n${json_built}")
  endif()
  execute_process(COMMAND "${installed}" parse --format=table -q "${seed}" WORKING_DIRECTORY "${WORK}/cwd"
                  OUTPUT_VARIABLE table)
  string(REPLACE "${seed}" "SEED" table "${table}")
  set(expected_table
      "agency        year  status   values  repairs  rule failures  report\n"
      "包头市石拐区  2024  parsed  200/200       49              0  SEED\n")
  string(CONCAT expected_table ${expected_table})
  if(NOT table STREQUAL expected_table)
    message(FATAL_ERROR "the installed binary's table:\n${table}expected:\n${expected_table}")
  endif()
  return()
endif()

foreach(mode prefix deb)
  add_test(NAME install.${mode}
           COMMAND "${CMAKE_COMMAND}" -DMODE=${mode} -DBUILD=${PROJECT_BINARY_DIR} -DSOURCE=${PROJECT_SOURCE_DIR}
                   -DNIANBAO=$<TARGET_FILE:nianbao> -DVERSION=${PROJECT_VERSION}
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/install/${mode} -P "${CMAKE_CURRENT_LIST_FILE}")
endforeach()
# cpack installs the build tree again into its own staging directory: not both at once.
set_tests_properties(install.prefix install.deb PROPERTIES RESOURCE_LOCK build-tree-install)
