# Label `guardrails`: every scripts/check_*.sh must fail on its deliberate
# violation under tests/guardrails/fixtures/ and accept the clean tree; the
# built shared library must pass check_symbols.
add_test(NAME guardrails
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/guardrails/run.sh $<TARGET_FILE:moqt_shared>)
set_tests_properties(guardrails PROPERTIES LABELS guardrails TIMEOUT 300)
