# Label `quic`: the transport contract over the in-memory pair and over QUIC
# on loopback (tests/unit/transport/).
add_test(NAME transport_mem COMMAND moqt_unit transport/)
set_tests_properties(transport_mem PROPERTIES LABELS quic TIMEOUT 60)
