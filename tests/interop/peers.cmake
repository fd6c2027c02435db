# Independent SPNEGO implementations in their own processes (issue 11):
# Heimdal's SPNEGO (libgssapi3-heimdal) and Samba's gensec SPNEGO
# (python3-samba), each against libspnego's own initiator/acceptor
# (own_peer: the negotiation layer + libspnego-gss over MIT krb5 and
# gss-ntlmssp). peer_pipe.py runs the two processes, passes one base64 token
# per line, prints every leg and checks the flow. Included from
# CMakeLists.txt (interop_test() and the realm fixture come from there).
#
# The tests are registered whether or not Heimdal/Samba are installed: a
# missing peer exits 77 (Skipped), which realm.stop turns into a failure
# under SPNEGO_INTEROP_REQUIRE=1 (CI), so they cannot silently vanish.

# The gc_peer code (own and MIT SPNEGO peers) of the in-process driver.
add_executable(own_peer own_peer.c interop_peer.c peer_lines.c)
target_link_libraries(own_peer PRIVATE spnego::gss spnego::spnego
                      PkgConfig::SPNEGO_IT_GSSAPI)
target_compile_options(own_peer PRIVATE ${SPNEGO_WARNING_FLAGS})

# Heimdal: headers in /usr/include/heimdal (heimdal-multidev) and its
# libgssapi.so.3, found explicitly, never MIT's. The peer links nothing of
# MIT (checked by interop.heimdal.no-mit).
find_path(SPNEGO_HEIMDAL_INCLUDE gssapi/gssapi_spnego.h
  PATHS /usr/include/heimdal NO_DEFAULT_PATH)
find_library(SPNEGO_HEIMDAL_GSSAPI NAMES libgssapi.so.3 gssapi
  PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE} /usr/lib/heimdal
  NO_DEFAULT_PATH)
set(HEIMDAL_PEER heimdal_peer-NOTFOUND)
if(SPNEGO_HEIMDAL_INCLUDE AND SPNEGO_HEIMDAL_GSSAPI)
  message(STATUS "Heimdal GSS-API for interop: ${SPNEGO_HEIMDAL_GSSAPI}")
  add_executable(heimdal_peer heimdal_peer.c peer_lines.c)
  target_include_directories(heimdal_peer BEFORE PRIVATE
    ${SPNEGO_HEIMDAL_INCLUDE})
  target_link_libraries(heimdal_peer PRIVATE spnego::spnego
                        ${SPNEGO_HEIMDAL_GSSAPI})
  target_compile_options(heimdal_peer PRIVATE ${SPNEGO_WARNING_FLAGS})
  set(HEIMDAL_PEER $<TARGET_FILE:heimdal_peer>)
  # The adapter (src/gss/spnego_gss.c) must build against Heimdal's
  # headers and link with Heimdal's libgssapi alone.
  add_test(NAME interop.gss.heimdal-build
    COMMAND ${CMAKE_C_COMPILER} -std=c99 -Wall -Wextra -pedantic -Werror
      -fPIC -shared -I${SPNEGO_HEIMDAL_INCLUDE} -I${PROJECT_SOURCE_DIR}/include
      ${PROJECT_SOURCE_DIR}/src/gss/spnego_gss.c
      -o ${CMAKE_CURRENT_BINARY_DIR}/spnego_gss_heimdal.so
      ${SPNEGO_HEIMDAL_GSSAPI} -Wl,--no-undefined)
  set_tests_properties(interop.gss.heimdal-build PROPERTIES TIMEOUT 60)
  add_test(NAME interop.heimdal.no-mit
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_no_mit.sh $<TARGET_FILE:heimdal_peer>)
  set_tests_properties(interop.heimdal.no-mit PROPERTIES TIMEOUT 30)
else()
  message(STATUS "Heimdal GSS-API not found (libgssapi3-heimdal, heimdal-multidev): Heimdal interop tests will skip")
endif()

# Samba's gensec needs Debian's python3 (/usr/bin/python3 first).
find_program(SPNEGO_IT_PYTHON3 NAMES python3 HINTS /usr/bin)
if(NOT SPNEGO_IT_PYTHON3)
  message(STATUS "python3 not found: Heimdal/Samba interop tests not registered")
  return()
endif()
set(PIPE ${SPNEGO_IT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/peer_pipe.py)
set(OWN $<TARGET_FILE:own_peer>)
set(SAMBA ${SPNEGO_IT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/samba_peer.py)
# Heimdal's acceptor checks that it holds a key for this name first.
set(HEIMDAL_ACC env GSSAPI_SPNEGO_NAME=HTTP@localhost ${HEIMDAL_PEER} acc)

# --- Heimdal 7.8 SPNEGO (its own process) -----------------------------------
interop_test(own-init.heimdal-acc.krb5 ${PIPE} --no-mic --wrap
  --flow I:init/1+tok,A:completed+tok+mech=krb5
  --done-acc client=alice@SPNEGO.TEST
  -- ${OWN} init -mechs krb5 -- ${HEIMDAL_ACC})
interop_test(heimdal-init.own-acc.krb5 ${PIPE} --no-mic --wrap
  --flow I:init/1+tok,A:completed+tok+mech=krb5
  --done-acc client=alice@SPNEGO.TEST
  -- ${HEIMDAL_PEER} init -- ${OWN} acc -mechs krb5)
# Our acceptor sends a MIC it need not send: Heimdal's initiator verifies it
# and answers with its own.
interop_test(heimdal-init.own-acc.mic ${PIPE} --mic-both --wrap
  --flow I:init/1+tok,A:incomplete+tok+mic+mech=krb5,I:completed+mic
  --done-acc mic=sent,verified
  -- ${HEIMDAL_PEER} init -- ${OWN} acc -mechs krb5 -always-mic)
# The counter-proposal: ntlmssp first (Heimdal's acceptor cannot use it),
# Heimdal answers accept-incomplete + supportedMech krb5 (not request-mic),
# then completes WITHOUT a mechListMIC (Heimdal 7.8 takes the first
# mechanism it can use as the "preferred" one, so it omits its MIC). Krb5
# was not our first choice, so our initiator requires the MIC exchange and
# refuses: MIC_MISSING. MIT's own SPNEGO initiator is the reference.
interop_test(own-init.heimdal-acc.counter ${PIPE} --expect-fail I
  --fail-text "mechListMIC is missing"
  --flow I:init/2+tok,A:incomplete+mech=krb5,I:incomplete+tok,A:completed+tok
  --done-acc mech=1.2.840.113554.1.2.2
  -- ${OWN} init -mechs ntlmssp,krb5 -- ${HEIMDAL_ACC})
# MIT refuses sooner: a non-first supportedMech without request-mic is an
# invalid token to MIT 1.20, which answers with a reject (and Heimdal's
# acceptor then returns GSS_S_COMPLETE, with no mechanism and no name).
interop_test(mit-init.heimdal-acc.counter ${PIPE} --expect-fail I
  --fail-text "MIT gss_init_sec_context"
  --flow I:init/2+tok,A:incomplete+mech=krb5,I:reject
  -- ${OWN} init -mit -mechs ntlmssp,krb5 -- ${HEIMDAL_ACC})
# Server-initiated SPNEGO: Heimdal's acceptor speaks first (NegTokenInit2
# listing mskrb5, krb5, ntlmssp and a hint); our initiator answers with its
# own offer.
interop_test(own-init.heimdal-acc.init2 ${PIPE} --acceptor-first --no-mic --wrap
  --flow A:init/3,I:init/1+tok,A:completed+tok+mech=krb5
  -- ${OWN} init -wait -mechs krb5 -- ${HEIMDAL_ACC})
# Heimdal 7.8's known NTLM bug (INTEROP.md 8): offered [krb5, ntlmssp] to an
# acceptor that runs NTLM only, it gets request-mic + supportedMech ntlmssp,
# sends NEGOTIATE, and then refuses the CHALLENGE leg (accept-incomplete,
# no MIC: the MIC cannot exist before NTLM completes) with
# GSS_S_DEFECTIVE_TOKEN, because it wants the acceptor's MIC there. The
# failure is Heimdal's: MIT's SPNEGO acceptor sends the same legs and gets
# the same refusal (the .mit-acc reference).
set(_hntlm ${HEIMDAL_PEER} init -ntlm-user LOCALHOST:alice:alice-ntlm-pw)
foreach(_acc own mit)
  set(_m)
  if(_acc STREQUAL "mit")
    set(_m -mit)
  endif()
  interop_test(heimdal-init.${_acc}-acc.ntlm-request-mic ${PIPE} --expect-fail I
    --fail-text "gss_init_sec_context: major 0x00090000"
    --flow I:init/2+tok,A:request-mic+mech=ntlmssp,I:incomplete+tok,A:incomplete+tok
    -- ${_hntlm} -- ${OWN} acc ${_m} -mechs ntlmssp)
endforeach()
# Negatives: Heimdal must refuse what we damage.
interop_test(own-init.heimdal-acc.bad-token ${PIPE} --expect-fail A
  -- ${OWN} init -mechs krb5 -corrupt token -- ${HEIMDAL_ACC})
interop_test(heimdal-init.own-acc.bad-token ${PIPE} --expect-fail I
  --fail-text "gss_init_sec_context"
  -- ${HEIMDAL_PEER} init -- ${OWN} acc -mechs krb5 -corrupt token)
interop_test(heimdal-init.own-acc.bad-mic ${PIPE} --expect-fail I
  --flow I:init/1+tok,A:incomplete+tok+mic+mech=krb5
  -- ${HEIMDAL_PEER} init -- ${OWN} acc -mechs krb5 -always-mic -corrupt mic)

# --- Samba 4.17 gensec SPNEGO (Debian's python3) ----------------------------
# Samba's NTLM initiator (no AD database needed on the client side) against
# our acceptor: gss-ntlmssp verifies with NTLM_USER_FILE (SPNEGO:alice).
# Samba sends its NegTokenResp legs without negState.
interop_test(samba-init.own-acc.ntlm ${PIPE} --mic-both --wrap
  --flow I:init/1+tok,A:incomplete+tok+mech=ntlmssp,I:none+tok+mic,A:completed+mic
  --done-acc "mech=1.3.6.1.4.1.311.2.2.10 mic=sent,verified"
  -- ${SAMBA} init --mech ntlm -- ${OWN} acc -mechs krb5,ntlmssp)
interop_test(samba-init.own-acc.krb5 ${PIPE} --no-mic --wrap
  --flow I:init/2+tok,A:completed+tok+mech=mskrb5
  --done-acc "mech=1.2.840.48018.1.2.2 .*client=alice@SPNEGO.TEST"
  -- ${SAMBA} init --mech krb5 -- ${OWN} acc -mechs krb5,ntlmssp)
interop_test(own-init.samba-acc.krb5 ${PIPE} --no-mic --wrap
  --flow I:init/1+tok,A:completed+tok+mech=krb5
  -- ${OWN} init -mechs krb5 -service HTTP@krb5peer.spnego.test -- ${SAMBA} acc)
# Not our first choice: request-mic, MICs both ways; Samba then sends a
# last accept-completed our initiator no longer needs (not delivered).
interop_test(own-init.samba-acc.mic ${PIPE} --mic-both --wrap
  --flow I:init/2+tok,A:request-mic+mech=krb5,I:incomplete+tok,A:incomplete+tok+mic+mech=krb5,I:completed+mic,A:completed
  --done-init mic=required,sent,verified
  -- ${OWN} init -mechs ntlmssp,krb5 -service HTTP@krb5peer.spnego.test
  -- ${SAMBA} acc)
# spnego:simulate_w2k = yes: the mechListMIC is a copy of the AP-REP. By
# default it is ignored (krb5 first: no MIC needed) ...
interop_test(own-init.samba-acc.w2k ${PIPE} --wrap
  --flow I:init/1+tok,A:completed+tok+w2k+mech=krb5 --done-init mic=none
  -- ${OWN} init -mechs krb5 -service HTTP@krb5peer.spnego.test
  -- ${SAMBA} acc --simulate-w2k)
# ... SPNEGO_NEGOTIATE_REFUSE_W2K_MIC turns it into a MIC that fails ...
interop_test(own-init.samba-acc.w2k-refused ${PIPE} --expect-fail I
  --fail-text "did not verify"
  --flow I:init/1+tok,A:completed+tok+w2k+mech=krb5
  -- ${OWN} init -mechs krb5 -refuse-w2k-mic -service HTTP@krb5peer.spnego.test
  -- ${SAMBA} acc --simulate-w2k)
# ... and a W2K acceptor never sends a real MIC: after a non-first choice
# the initiator refuses (MIC_MISSING), as downgrade protection demands.
interop_test(own-init.samba-acc.w2k-downgrade ${PIPE} --expect-fail I
  --fail-text "mechListMIC is missing"
  --flow I:init/2+tok,A:request-mic+mech=krb5,I:incomplete+tok,A:completed+tok+mech=krb5
  -- ${OWN} init -mechs ntlmssp,krb5 -service HTTP@krb5peer.spnego.test
  -- ${SAMBA} acc --simulate-w2k)
# Server-initiated: gensec's NegTokenInit2 (mskrb5, krb5 and the hint
# not_defined_in_RFC4178@please_ignore) answered by our initiator.
interop_test(own-init.samba-acc.init2 ${PIPE} --acceptor-first --no-mic --wrap
  --flow A:init/2,I:init/1+tok,A:completed+tok+mech=krb5
  -- ${OWN} init -wait -mechs krb5 -service HTTP@krb5peer.spnego.test
  -- ${SAMBA} acc)
# Negatives: Samba must refuse our damaged MIC, as initiator and acceptor.
interop_test(samba-init.own-acc.bad-mic ${PIPE} --expect-fail I
  --fail-text "Access Denied"
  -- ${SAMBA} init --mech ntlm -- ${OWN} acc -mechs krb5,ntlmssp -corrupt mic)
interop_test(own-init.samba-acc.bad-mic ${PIPE} --expect-fail A
  --fail-text "Access Denied"
  -- ${OWN} init -mechs ntlmssp,krb5 -corrupt mic -service HTTP@krb5peer.spnego.test
  -- ${SAMBA} acc)
