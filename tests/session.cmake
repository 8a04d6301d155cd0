# Label `session`: two sessions over the in-memory transport, per draft
# (tests/unit/session/).
foreach(d ${MOQT_DRAFTS})
  add_test(NAME session_d${d} COMMAND moqt_unit --draft ${d} --only-draft session/)
  set_tests_properties(session_d${d} PROPERTIES LABELS session TIMEOUT 120)
endforeach()
add_test(NAME session_common COMMAND moqt_unit --no-draft session/)
set_tests_properties(session_common PROPERTIES LABELS session TIMEOUT 120)
# Label `integration`: the session scenarios over raw QUIC on loopback
# (tests/unit/session/real_transport_test.c, every draft).
add_test(NAME session_quic COMMAND moqt_unit session_quic/)
set_tests_properties(session_quic PROPERTIES LABELS "session;integration" TIMEOUT 120)
# The session scenarios over WebTransport (label `integration`), and the draft
# matrix over both transports; transport_fixture.c builds the pairs for them
# and for the raw QUIC ones above.
target_sources(moqt_unit PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/session/transport_fixture.c)
add_test(NAME session_wt COMMAND moqt_unit session_wt/)
set_tests_properties(session_wt PROPERTIES LABELS "session;integration" TIMEOUT 120)
add_test(NAME session_matrix COMMAND moqt_unit session_matrix/)
set_tests_properties(session_matrix PROPERTIES LABELS "session;integration" TIMEOUT 120)
