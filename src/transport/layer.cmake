# Transport layer: the moqt_transport handle, the in-memory pair, and raw QUIC
# (ngtcp2 + GnuTLS).
list(APPEND MOQT_SOURCES
     ${CMAKE_SOURCE_DIR}/src/transport/transport.c
     ${CMAKE_SOURCE_DIR}/src/transport/mem.c)
