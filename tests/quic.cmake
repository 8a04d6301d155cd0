# Label `quic`: the transport contract over the in-memory pair and over QUIC
# on loopback (tests/unit/transport/).
add_test(NAME transport_mem COMMAND moqt_unit transport/)
set_tests_properties(transport_mem PROPERTIES LABELS quic TIMEOUT 60)
add_test(NAME quic_behaviour COMMAND moqt_unit quic/behaviour)
add_test(NAME quic_handshake COMMAND moqt_unit quic/handshake)
add_test(NAME quic_scale COMMAND moqt_unit quic/scale)
add_test(NAME quic_lifecycle COMMAND moqt_unit quic/lifecycle)
set_tests_properties(quic_behaviour quic_handshake quic_scale quic_lifecycle
                     PROPERTIES LABELS quic TIMEOUT 120)
add_test(NAME quic_cert COMMAND moqt_unit quic/cert)
set_tests_properties(quic_cert PROPERTIES LABELS quic TIMEOUT 60)
add_test(NAME quic_sansio COMMAND moqt_unit quic/sansio)
set_tests_properties(quic_sansio PROPERTIES LABELS quic TIMEOUT 120)
