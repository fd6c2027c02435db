# Interop examples: the HTTP Negotiate server (libmicrohttpd) and client
# (libcurl), and the GSS-API "sign" pair over TCP, all on the negotiation
# layer and libspnego-gss. Built when libspnego-gss is (GSS-API found);
# the HTTP pair also needs libmicrohttpd / libcurl (Debian:
# libmicrohttpd-dev, libcurl4-openssl-dev). docs/interop.md tells how to
# run them; tests/interop runs them.

if(NOT SPNEGO_HAVE_GSS)
  message(STATUS "libspnego-gss not built: interop examples not built")
  return()
endif()

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(SPNEGO_EX_MHD QUIET IMPORTED_TARGET libmicrohttpd)
  pkg_check_modules(SPNEGO_EX_CURL QUIET IMPORTED_TARGET libcurl)
endif()

# The SPNEGO exchange every example shows (negotiation.c).
add_library(spnego_example_negotiation STATIC negotiation.c)
target_include_directories(spnego_example_negotiation PUBLIC
  ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(spnego_example_negotiation PUBLIC spnego::gss spnego::spnego)
target_compile_options(spnego_example_negotiation PRIVATE ${SPNEGO_WARNING_FLAGS})

add_executable(sign-server sign_server.c token_socket.c)
add_executable(sign-client sign_client.c token_socket.c)
set(_examples sign-server sign-client)
if(SPNEGO_EX_MHD_FOUND)
  find_package(Threads REQUIRED)
  add_executable(negotiate-server negotiate_server.c)
  target_link_libraries(negotiate-server PRIVATE PkgConfig::SPNEGO_EX_MHD
                        Threads::Threads)
  list(APPEND _examples negotiate-server)
else()
  message(STATUS "libmicrohttpd not found: negotiate-server not built")
endif()
if(SPNEGO_EX_CURL_FOUND)
  add_executable(negotiate-client negotiate_client.c)
  target_link_libraries(negotiate-client PRIVATE PkgConfig::SPNEGO_EX_CURL)
  list(APPEND _examples negotiate-client)
else()
  message(STATUS "libcurl not found: negotiate-client not built")
endif()
foreach(_t ${_examples})
  target_link_libraries(${_t} PRIVATE spnego_example_negotiation)
  target_compile_options(${_t} PRIVATE ${SPNEGO_WARNING_FLAGS})
endforeach()
