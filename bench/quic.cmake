# Transport bulk-transfer benchmark (scripts/bench_quic.sh runs it).
add_executable(quic_bulk ${CMAKE_CURRENT_SOURCE_DIR}/quic_bulk.c)
target_link_libraries(quic_bulk PRIVATE moqt_static)
