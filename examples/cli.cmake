# The `spnego` command-line tool (dump, identify, build) and its tests.
# Included from examples/CMakeLists.txt; docs/cli.md is its manual.

add_executable(spnego_tool
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_tool.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_tool_build.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_tool_dump.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_tool_util.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_tool_exchange.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_dissect.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_dissect_krb5.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_dissect_ntlm.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_dissect_negoex.c
  ${CMAKE_CURRENT_SOURCE_DIR}/spnego_dissect_print.c)
set_target_properties(spnego_tool PROPERTIES OUTPUT_NAME spnego)
target_link_libraries(spnego_tool PRIVATE spnego::spnego)
# The dissectors read DER with the library's L0 reader (its static inline
# TLV readers; no symbol of the library's internals is linked).
target_include_directories(spnego_tool PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_options(spnego_tool PRIVATE ${SPNEGO_WARNING_FLAGS})

if(SPNEGO_INSTALL)
  include(GNUInstallDirs)
  # The installed tool finds the installed libspnego.so.1 relative to
  # itself (bin/../lib, whatever --prefix the install was given); without
  # it, install strips the build RUNPATH and bin/spnego cannot start.
  file(RELATIVE_PATH _spnego_bin_to_lib
    "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
  if(APPLE)
    set(_spnego_origin "@loader_path")
  else()
    set(_spnego_origin "$ORIGIN")
  endif()
  set_target_properties(spnego_tool PROPERTIES
    INSTALL_RPATH "${_spnego_origin}/${_spnego_bin_to_lib}")
  install(TARGETS spnego_tool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/docs/spnego.1
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 OPTIONAL)
endif()

# tests/cli/run.sh GROUP runs one group of checks; each group is a test.
set(_spnego_cli_dir ${PROJECT_SOURCE_DIR}/tests/cli)
foreach(_group golden malformed strict inputs roundtrip identify usage)
  add_test(NAME cli.${_group}
           COMMAND sh ${_spnego_cli_dir}/run.sh $<TARGET_FILE:spnego_tool>
                   ${PROJECT_SOURCE_DIR}/tests/vectors ${_spnego_cli_dir}/golden
                   ${_group})
endforeach()

# Dissector goldens beyond the vectors (KRB-ERROR, IAKERB, NegoEx
# AP_REQUEST/VERIFY/ALERT, NTLMv1 / NTLM2 session responses).
add_test(NAME cli.dissect
         COMMAND sh ${_spnego_cli_dir}/dissect.sh $<TARGET_FILE:spnego_tool>
                 ${_spnego_cli_dir}/dissect)

# `spnego exchange`: real interop transcripts (clean) and tampered ones.
add_test(NAME cli.exchange
         COMMAND sh ${_spnego_cli_dir}/exchange.sh $<TARGET_FILE:spnego_tool>
                 ${_spnego_cli_dir}/exchange)

# The JSON goldens agree with the independent oracle of manifest.json.
find_program(SPNEGO_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT SPNEGO_PYTHON3)
  find_program(SPNEGO_PYTHON3 NAMES python3)
endif()
if(SPNEGO_PYTHON3)
  add_test(NAME cli.manifest
           COMMAND ${SPNEGO_PYTHON3} ${_spnego_cli_dir}/check_json.py
                   ${PROJECT_SOURCE_DIR}/tests/vectors ${_spnego_cli_dir}/golden
                   $<TARGET_FILE:spnego_tool>)
  # The inner token dissectors agree with TShark on every vector (skipped,
  # exit 77, when tshark is not installed).
  add_test(NAME cli.tshark
           COMMAND ${SPNEGO_PYTHON3} ${_spnego_cli_dir}/tshark_oracle.py
                   ${PROJECT_SOURCE_DIR}/tests/vectors,${_spnego_cli_dir}/dissect
                   $<TARGET_FILE:spnego_tool>)
  set_tests_properties(cli.tshark PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()

# Regressions with their inputs (tests/cli/fixes.sh GROUP): plain file
# names, a 3 MiB OID in linear time, every SPNEGO_WARN_* bit named, the
# rule --strict refuses named, base64 padding bits.
foreach(_group path longoid warnings strict base64)
  add_test(NAME cli.fixes.${_group}
           COMMAND sh ${_spnego_cli_dir}/fixes.sh $<TARGET_FILE:spnego_tool>
                   ${PROJECT_SOURCE_DIR}/tests/vectors
                   ${PROJECT_SOURCE_DIR}/include/spnego.h ${_group})
endforeach()
set_tests_properties(cli.fixes.longoid PROPERTIES TIMEOUT 120)
# Every vector the builder can write is rebuilt byte for byte (also the
# 03 02 01 xx and the all-zero 03 02 01 00 reqFlags forms).
if(SPNEGO_PYTHON3)
  add_test(NAME cli.rebuild
           COMMAND ${SPNEGO_PYTHON3} ${_spnego_cli_dir}/rebuild_vectors.py
                   $<TARGET_FILE:spnego_tool> ${PROJECT_SOURCE_DIR}/tests/vectors)
endif()
