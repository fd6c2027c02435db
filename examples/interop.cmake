# Interop examples: HTTP Negotiate server/client and the GSS "sign" pair.
# They link MIT krb5's GSS-API library (libspnego itself never does) and are
# built only when pkg-config finds krb5-gssapi (libkrb5-dev on Debian).
# docs/interop.md tells how to run them by hand; tests/interop runs them.

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(SPNEGO_EX_GSSAPI QUIET IMPORTED_TARGET krb5-gssapi)
endif()

if(SPNEGO_EX_GSSAPI_FOUND AND SPNEGO_HAVE_GSS)
  add_library(spnego_example_gss STATIC gss_common.c)
  target_include_directories(spnego_example_gss PUBLIC
    ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(spnego_example_gss PUBLIC
    spnego::gss spnego::spnego PkgConfig::SPNEGO_EX_GSSAPI)
  target_compile_options(spnego_example_gss PRIVATE ${SPNEGO_WARNING_FLAGS})

  foreach(_ex negotiate_server negotiate_client sign_server sign_client)
    string(REPLACE "_" "-" _target ${_ex})
    add_executable(${_target} ${_ex}.c)
    target_link_libraries(${_target} PRIVATE spnego_example_gss)
    target_compile_options(${_target} PRIVATE ${SPNEGO_WARNING_FLAGS})
  endforeach()
else()
  message(STATUS "krb5-gssapi not found: interop examples not built")
endif()
