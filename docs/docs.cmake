# docs/docs.cmake - the `docs` target: doxygen over the public headers.
#
# Included from the install section of the top-level CMakeLists.txt. Does
# nothing when doxygen is not installed. The template docs/Doxyfile.in is
# shared with scripts/ci/docs.sh, which runs the same configuration with
# warnings as errors; here a warning is printed, not fatal, unless
# SPNEGO_DOCS_WARN_AS_ERROR is set to YES or FAIL_ON_WARNINGS.

find_package(Doxygen QUIET)
if(DOXYGEN_FOUND)
  set(SPNEGO_DOCS_WARN_AS_ERROR NO CACHE STRING
      "Doxygen WARN_AS_ERROR for the docs target (NO, YES, FAIL_ON_WARNINGS)")
  set(SPNEGO_DOXYGEN_OUTPUT "\"${CMAKE_CURRENT_BINARY_DIR}/docs\"")
  set(SPNEGO_DOXYGEN_INPUT)
  foreach(_h IN LISTS SPNEGO_PUBLIC_HEADERS)
    string(APPEND SPNEGO_DOXYGEN_INPUT " \"${CMAKE_CURRENT_SOURCE_DIR}/${_h}\"")
  endforeach()
  string(STRIP "${SPNEGO_DOXYGEN_INPUT}" SPNEGO_DOXYGEN_INPUT)
  set(SPNEGO_DOXYGEN_STRIP "\"${CMAKE_CURRENT_SOURCE_DIR}/include\"")
  set(SPNEGO_DOXYGEN_WARN_AS_ERROR ${SPNEGO_DOCS_WARN_AS_ERROR})
  set(SPNEGO_DOXYGEN_WARN_LOGFILE "")
  configure_file(${CMAKE_CURRENT_SOURCE_DIR}/docs/Doxyfile.in
                 ${CMAKE_CURRENT_BINARY_DIR}/Doxyfile @ONLY)
  set(_spnego_doc_sources)
  foreach(_h IN LISTS SPNEGO_PUBLIC_HEADERS)
    list(APPEND _spnego_doc_sources ${CMAKE_CURRENT_SOURCE_DIR}/${_h})
  endforeach()
  add_custom_target(spnego_docs
    COMMAND Doxygen::doxygen ${CMAKE_CURRENT_BINARY_DIR}/Doxyfile
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
    SOURCES ${_spnego_doc_sources}
    COMMENT "Doxygen: API reference in ${CMAKE_CURRENT_BINARY_DIR}/docs/html"
    VERBATIM)
  # The short name only when it is free (a parent project may have one).
  if(NOT TARGET docs)
    add_custom_target(docs DEPENDS spnego_docs)
  endif()
endif()
