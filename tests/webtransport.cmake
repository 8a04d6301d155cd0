# WebTransport over HTTP/3 (label `webtransport`): codecs, QPACK, and WT
# sessions over the in-memory transport.
add_test(NAME webtransport_unit COMMAND moqt_unit --no-draft webtransport/)
set_tests_properties(webtransport_unit PROPERTIES LABELS webtransport)

# Headless Chromium against our server on real QUIC (labels webtransport;browser).
# Needs the runtime (src/net), node, the npm lockfile installed (scripts/setup.sh)
# and /usr/bin/chromium; the script fails loudly when one is missing.
if(EXISTS ${CMAKE_SOURCE_DIR}/include/moqt/moqt_runtime.h)
  add_executable(wt_echo_server browser/wt_echo_server.c)
  target_link_libraries(wt_echo_server PRIVATE moqt_internal)
  find_program(MOQT_NODE node)
  if(MOQT_NODE)
    add_test(NAME webtransport_chromium
             COMMAND ${MOQT_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/wt_chromium.mjs
                     $<TARGET_FILE:wt_echo_server>)
    set_tests_properties(webtransport_chromium PROPERTIES LABELS "webtransport;browser"
                                                          TIMEOUT 180)
  endif()
endif()
