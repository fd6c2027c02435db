# The example programs (examples/) against real peers: negotiate-server
# (libmicrohttpd) with curl --negotiate and our libcurl client,
# negotiate-client with Apache mod_auth_gssapi, the hostile-HTTP set
# (hostile_http.py) against the server as built, under valgrind and as an
# ASan+UBSan build, and the sign pair with MIT's SPNEGO on either end (the
# driver's sign-server / sign-client). Included from CMakeLists.txt, which
# defines interop_test / interop_serve, DRIVER and the realm fixture.

# (examples/ is configured after tests/: its targets are only known by
# name here, through $<TARGET_FILE:...>.)
if(NOT SPNEGO_BUILD_EXAMPLES)
  return()
endif()

set(SSERVER $<TARGET_FILE:sign-server>)
set(SCLIENT $<TARGET_FILE:sign-client>)

# --- sign pair: own (libspnego) or MIT's SPNEGO on each end, over TCP -----
interop_serve(sign.own-client.own-server -expect "signature verified"
  ${SSERVER} -once -- ${SCLIENT} -port @PORT@)
interop_serve(sign.own-client.mit-server -expect "signature verified"
  ${DRIVER} sign-server -- ${SCLIENT} -port @PORT@)
interop_serve(sign.mit-client.own-server -expect "signature verified"
  ${SSERVER} -once -- ${DRIVER} sign-client -port @PORT@)
interop_serve(sign.mit-client.mit-server -expect "signature verified"
  ${DRIVER} sign-server -- ${DRIVER} sign-client -port @PORT@)
interop_serve(sign.own-client.mit-server.mic -expect "mechListMIC verified"
  ${DRIVER} sign-server -- ${SCLIENT} -port @PORT@ -mechs ntlmssp,krb5)
interop_serve(sign.own-client.own-server.ntlm -need ntlmssp
  -expect "signature verified"
  ${SSERVER} -once -mechs ntlmssp -- ${SCLIENT} -port @PORT@ -mechs ntlmssp)

# examples/interop.cmake builds the HTTP pair when it finds these.
pkg_check_modules(SPNEGO_IT_MHD QUIET IMPORTED_TARGET libmicrohttpd)
pkg_check_modules(SPNEGO_IT_CURL QUIET IMPORTED_TARGET libcurl)
if(NOT SPNEGO_IT_MHD_FOUND OR NOT SPNEGO_IT_CURL_FOUND)
  message(STATUS "libmicrohttpd or libcurl not found: HTTP interop tests not registered")
  return()
endif()
set(NSERVER $<TARGET_FILE:negotiate-server>)
set(NCLIENT $<TARGET_FILE:negotiate-client>)
set(URL http://localhost:@PORT@/)

# --- curl --negotiate (MIT's SPNEGO inside curl) -> negotiate-server ------
# "localhost", not 127.0.0.1: curl asks for HTTP@<host>. Without
# NTLM_USER_FILE curl offers krb5 only; with it [krb5, ntlmssp], and a
# server that runs only NTLM takes the second: three legs, one connection.
interop_serve(http.curl.own-acc.krb5 -need curl -expect "hello alice@SPNEGO.TEST"
  ${NSERVER} -exit-after 1 --
  env -u NTLM_USER_FILE curl -sS --fail --negotiate -u : ${URL})
interop_serve(http.curl.own-acc.ntlm -need curl -need ntlmssp
  -expect "mechanism: ntlmssp"
  ${NSERVER} -mechs ntlmssp -exit-after 1 --
  curl -sS --fail --negotiate -u : ${URL})
interop_serve(http.curl.own-acc.head -need curl -expect "HTTP/1.1 200 OK"
  ${NSERVER} -exit-after 1 --
  env -u NTLM_USER_FILE curl -sS --fail --negotiate -u : -I ${URL})
interop_serve(http.curl.own-acc.post -need curl -expect "body: 11 bytes"
  ${NSERVER} -exit-after 1 --
  env -u NTLM_USER_FILE curl -sS --fail --negotiate -u : --data-binary
  "hello, body" ${URL})
# Two URLs: the second request reuses the connection ("new: 0").
interop_serve(http.curl.own-acc.keepalive -need curl -expect "new: 0"
  ${NSERVER} -exit-after 2 --
  env -u NTLM_USER_FILE curl -sS --fail --negotiate -u :
  -w "new: %{num_connects}\\n" ${URL} ${URL})

# --- negotiate-client (libcurl + the negotiation layer) -------------------
interop_serve(http.own-init.own-acc.krb5 -expect "hello alice@SPNEGO.TEST"
  ${NSERVER} -exit-after 1 -- ${NCLIENT} ${URL})
interop_serve(http.own-init.own-acc.mic -expect "mechListMIC verified"
  ${NSERVER} -exit-after 1 -- ${NCLIENT} -mechs ntlmssp,krb5 ${URL})
interop_serve(http.own-init.own-acc.ntlm -need ntlmssp -expect "mechanism: ntlmssp"
  ${NSERVER} -mechs ntlmssp -exit-after 1 -- ${NCLIENT} -mechs ntlmssp ${URL})
interop_serve(http.own-init.own-acc.init2 -expect "hello alice@SPNEGO.TEST"
  ${NSERVER} -init2 -exit-after 1 -- ${NCLIENT} ${URL})
# A proxy strips or damages the final token of the 200: the client must
# refuse to trust it (curl 7.88 does not check; ours must).
interop_test(http.own-init.final-token /usr/bin/python3
  ${CMAKE_CURRENT_SOURCE_DIR}/final_token.py --client ${NCLIENT} -- ${NSERVER})
set(APACHE http://localhost:@APACHE_PORT@)
interop_test(http.own-init.apache.krb5 -need apache
  ${NCLIENT} ${APACHE}/krb5/index.html)
interop_test(http.own-init.apache.mic -need apache
  ${NCLIENT} -mechs ntlmssp,krb5 ${APACHE}/mic/index.html)
interop_test(http.own-init.apache.both -need apache
  ${NCLIENT} -mechs krb5,ntlmssp ${APACHE}/both/index.html)
interop_test(http.own-init.apache.ntlm -need apache
  ${NCLIENT} -expect-reject ${APACHE}/ntlm/index.html)

# --- hostile HTTP against negotiate-server --------------------------------
set(HOSTILE /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/hostile_http.py
  --client ${NCLIENT} --driver ${DRIVER})
interop_test(http.hostile ${HOSTILE} -- ${NSERVER})
set_tests_properties(interop.http.hostile PROPERTIES TIMEOUT 120)

# Without MIT's replay cache under valgrind: 3.19 deadlocks when two
# threads wait for its lock (one thread blocked in fcntl(F_OFD_SETLKW) on
# the rcache file, every other thread waiting for valgrind's own lock).
# gcc builds only: valgrind 3.19 cannot read clang 14's DWARF 5 ("unhandled
# dwarf2 abbrev form code 0x25"); clang builds run the ASan test below.
find_program(SPNEGO_IT_VALGRIND valgrind)
if(SPNEGO_IT_VALGRIND AND CMAKE_C_COMPILER_ID STREQUAL "GNU")
  interop_test(http.hostile.valgrind ${HOSTILE} --slow -- env KRB5RCACHETYPE=none
    ${SPNEGO_IT_VALGRIND} -q --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect ${NSERVER})
  set_tests_properties(interop.http.hostile.valgrind PROPERTIES TIMEOUT 300)
endif()

# The server and the library built with ASan+UBSan, for the same set.
# LeakSanitizer runs at exit (SIGTERM) with no suppression: on Debian 12
# (MIT krb5 1.20) the krb5-only server leaves nothing behind.
include(CheckCSourceCompiles)
set(_san -fsanitize=address,undefined -fno-sanitize-recover=all
  -fno-omit-frame-pointer)
set(CMAKE_REQUIRED_FLAGS "-fsanitize=address,undefined")
set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=address,undefined)
check_c_source_compiles("int main(void) { return 0; }" SPNEGO_IT_HAVE_ASAN)
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_LINK_OPTIONS)
if(SPNEGO_IT_HAVE_ASAN)
  find_package(Threads REQUIRED)
  add_executable(negotiate-server-asan
    ${PROJECT_SOURCE_DIR}/examples/negotiate_server.c
    ${PROJECT_SOURCE_DIR}/examples/negotiation.c
    ${PROJECT_SOURCE_DIR}/src/gss/spnego_gss.c ${SPNEGO_SOURCES})
  target_include_directories(negotiate-server-asan PRIVATE
    ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src
    ${PROJECT_SOURCE_DIR}/examples)
  if(SPNEGO_GSS_HAVE_GSSAPI_EXT_H)
    target_compile_definitions(negotiate-server-asan PRIVATE
      SPNEGO_GSS_HAVE_GSSAPI_EXT_H)
  endif()
  target_compile_options(negotiate-server-asan PRIVATE ${_san} -O1 -g)
  target_link_options(negotiate-server-asan PRIVATE ${_san})
  target_link_libraries(negotiate-server-asan PRIVATE
    PkgConfig::SPNEGO_IT_MHD PkgConfig::SPNEGO_IT_GSSAPI Threads::Threads)
  interop_test(http.hostile.asan ${HOSTILE} -- env
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    $<TARGET_FILE:negotiate-server-asan>)
  set_tests_properties(interop.http.hostile.asan PROPERTIES TIMEOUT 180)
endif()
