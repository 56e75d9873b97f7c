# Corpus tests: every report under tests/corpus/ with its expected output beside it, run through
# `nianbao test` (one CTest test per corpus directory, so a failure names the corpus).
file(GLOB corpus_dirs LIST_DIRECTORIES true "${CMAKE_CURRENT_SOURCE_DIR}/corpus/*")
list(SORT corpus_dirs)
foreach(dir IN LISTS corpus_dirs)
  if(IS_DIRECTORY "${dir}")
    get_filename_component(name "${dir}" NAME)
    add_test(NAME corpus.${name} COMMAND nianbao test "${dir}" -j 1)
  endif()
endforeach()
