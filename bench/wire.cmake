# wire_bench: SUBSCRIBE and subgroup object header encode/decode rates under
# drafts 14 and 18 (scripts/bench.sh builds and runs it). The CTest entry only
# proves it runs (a few milliseconds per case); it never fails on a time.
add_executable(wire_bench ${CMAKE_CURRENT_SOURCE_DIR}/wire_bench.c)
target_link_libraries(wire_bench PRIVATE moqt_internal)
if(MOQT_BUILD_TESTS AND BUILD_TESTING)
  add_test(NAME bench_wire_smoke COMMAND wire_bench 0.005)
  set_tests_properties(bench_wire_smoke PROPERTIES LABELS bench)
endif()
