# A Debian package of what `cmake --install` installs: cd build && cpack -G DEB
# -> build/nianbao_<version>_amd64.deb, installing under /usr (the binary finds its data in
# /usr/share/nianbao, beside itself). Its dependencies are computed by dpkg-shlibdeps from the
# shared libraries the binary links (libicu72, libarchive13, libtomlplusplus3, libfmt9, ...), so
# they stay right when a library is added or Debian's versions move.
set(CPACK_PACKAGE_NAME "nianbao")
set(CPACK_PACKAGE_VENDOR "nianbao")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "reads Chinese government information-disclosure annual reports into checked data")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "reads Chinese government information-disclosure annual reports into checked data\n nianbao reads 政府信息公开工作年度报告 in any text layout (files, directories, archives)\n and writes the canonical, arithmetic-checked values of the national template as\n JSON Lines, CSV and SQLite.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)  # the RelWithDebInfo binary without its debug information
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # nianbao_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "nianbao maintainers")
set(CPACK_DEBIAN_PACKAGE_SECTION "text")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # needs dpkg-shlibdeps (dpkg-dev)
# Read at run time, not linked (so not found by dpkg-shlibdeps): OpenCC's conversion tables.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopencc-data")
set(CPACK_GENERATOR "DEB")
include(CPack)
