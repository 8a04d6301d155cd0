# WebTransport over HTTP/3 (label `webtransport`): codecs, QPACK, and WT
# sessions over the in-memory transport.
add_test(NAME webtransport_unit COMMAND moqt_unit --no-draft webtransport/)
set_tests_properties(webtransport_unit PROPERTIES LABELS webtransport)
