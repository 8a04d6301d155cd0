# Transport layer: the moqt_transport handle, the in-memory pair, and raw QUIC
# (ngtcp2 + GnuTLS).
list(APPEND MOQT_SOURCES
     ${CMAKE_SOURCE_DIR}/src/transport/transport.c
     ${CMAKE_SOURCE_DIR}/src/transport/mem.c)

pkg_check_modules(MOQT_QUIC_DEPS REQUIRED IMPORTED_TARGET
                  libngtcp2>=0.12 libngtcp2_crypto_gnutls gnutls)
list(APPEND MOQT_SOURCES
     ${CMAKE_SOURCE_DIR}/src/transport/quic_conn.c
     ${CMAKE_SOURCE_DIR}/src/transport/quic_stream.c
     ${CMAKE_SOURCE_DIR}/src/transport/quic_write.c
     ${CMAKE_SOURCE_DIR}/src/transport/quic_tls.c
     ${CMAKE_SOURCE_DIR}/src/transport/quic_server.c
     ${CMAKE_SOURCE_DIR}/src/transport/quic_settings.c
     ${CMAKE_SOURCE_DIR}/src/transport/quic_api.c)
list(APPEND MOQT_DEP_TARGETS PkgConfig::MOQT_QUIC_DEPS)
list(APPEND MOQT_PC_REQUIRES libngtcp2 libngtcp2_crypto_gnutls gnutls)
