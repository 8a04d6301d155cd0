# Label `session`: two sessions over the in-memory transport, per draft
# (tests/unit/session/).
foreach(d ${MOQT_DRAFTS})
  add_test(NAME session_d${d} COMMAND moqt_unit --draft ${d} --only-draft session/)
  set_tests_properties(session_d${d} PROPERTIES LABELS session TIMEOUT 120)
endforeach()
add_test(NAME session_common COMMAND moqt_unit --no-draft session/)
set_tests_properties(session_common PROPERTIES LABELS session TIMEOUT 120)
# Label `integration`: the same sessions over raw QUIC on loopback.
add_test(NAME session_quic COMMAND moqt_unit session_quic/)
set_tests_properties(session_quic PROPERTIES LABELS "session;integration" TIMEOUT 120)
