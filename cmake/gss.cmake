# libspnego-gss: the GSS-API adapter of the negotiation layer
# (include/spnego_gss.h, src/gss/spnego_gss.c). Its own library and target
# (spnego::gss, pkg-config spnego-gss), built only when GSS-API is found
# (MIT krb5's krb5-gssapi, else Heimdal's heimdal-gssapi), so the core
# library stays standard C only. Sets SPNEGO_HAVE_GSS.

option(SPNEGO_BUILD_GSS "Build libspnego-gss when GSS-API is found" ON)
set(SPNEGO_HAVE_GSS OFF)
if(NOT SPNEGO_BUILD_GSS)
  return()
endif()

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(SPNEGO_GSSAPI QUIET krb5-gssapi)
  set(SPNEGO_GSSAPI_PC krb5-gssapi)
  if(NOT SPNEGO_GSSAPI_FOUND)
    pkg_check_modules(SPNEGO_GSSAPI QUIET heimdal-gssapi)
    set(SPNEGO_GSSAPI_PC heimdal-gssapi)
  endif()
endif()
if(NOT SPNEGO_GSSAPI_FOUND)
  message(STATUS "GSS-API not found (krb5-gssapi, heimdal-gssapi): libspnego-gss not built")
  return()
endif()

# MIT declares the buffer-set and sec-context-option calls in
# gssapi_ext.h; Heimdal in gssapi.h itself.
include(CheckIncludeFile)
set(CMAKE_REQUIRED_INCLUDES ${SPNEGO_GSSAPI_INCLUDE_DIRS})
check_include_file(gssapi/gssapi_ext.h SPNEGO_GSS_HAVE_GSSAPI_EXT_H)
unset(CMAKE_REQUIRED_INCLUDES)

if(SPNEGO_BUILD_SHARED)
  add_library(spnego_gss SHARED src/gss/spnego_gss.c)
  target_compile_definitions(spnego_gss PRIVATE SPNEGO_GSS_BUILDING_SHARED)
  target_link_libraries(spnego_gss PUBLIC spnego_shared)
  set_target_properties(spnego_gss PROPERTIES
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}
    C_VISIBILITY_PRESET hidden)
else()
  add_library(spnego_gss STATIC src/gss/spnego_gss.c)
  target_link_libraries(spnego_gss PUBLIC spnego_static)
  set_target_properties(spnego_gss PROPERTIES POSITION_INDEPENDENT_CODE ON)
endif()
set_target_properties(spnego_gss PROPERTIES OUTPUT_NAME spnego-gss EXPORT_NAME gss)
if(SPNEGO_GSS_HAVE_GSSAPI_EXT_H)
  target_compile_definitions(spnego_gss PRIVATE SPNEGO_GSS_HAVE_GSSAPI_EXT_H)
endif()
target_include_directories(spnego_gss PUBLIC
  $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
  ${SPNEGO_GSSAPI_INCLUDE_DIRS})
target_link_libraries(spnego_gss PUBLIC ${SPNEGO_GSSAPI_LINK_LIBRARIES})
target_compile_options(spnego_gss PRIVATE ${SPNEGO_WARNING_FLAGS})
add_library(spnego::gss ALIAS spnego_gss)
set(SPNEGO_HAVE_GSS ON)
message(STATUS "libspnego-gss: built against ${SPNEGO_GSSAPI_PC} ${SPNEGO_GSSAPI_VERSION}")

if(SPNEGO_INSTALL)
  install(TARGETS spnego_gss EXPORT spnegoGssTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES include/spnego_gss.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT spnegoGssTargets NAMESPACE spnego::
    FILE spnegoGssTargets.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spnego)
  # spnego-gss.pc finds its prefix from its own location (relocatable).
  file(RELATIVE_PATH SPNEGO_GSS_PC_UP
    "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig" "${CMAKE_INSTALL_PREFIX}")
  configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/spnego-gss.pc.in
                 ${CMAKE_CURRENT_BINARY_DIR}/spnego-gss.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/spnego-gss.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
