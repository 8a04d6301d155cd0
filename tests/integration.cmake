# Label `integration`: the tools as real processes on loopback (tests/integration/).
if(TARGET time-server AND TARGET time-client)
  set(MOQT_INTEGRATION_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration)
  foreach(transport quic webtransport)
    foreach(d 07 11 14 16 18 19)
      add_test(NAME integration_time_${transport}_d${d}
               COMMAND ${MOQT_INTEGRATION_DIR}/time_client.sh
                       $<TARGET_FILE_DIR:time-server> ${transport} ${d})
      set_tests_properties(integration_time_${transport}_d${d} PROPERTIES
                           LABELS integration TIMEOUT 60)
    endforeach()
  endforeach()
  # --fetch 10: the previous 10 timestamps then live ones, both transports,
  # joining (08+) and standalone (07) fetches, all against one server.
  add_test(NAME integration_time_fetch
           COMMAND ${MOQT_INTEGRATION_DIR}/time_fetch.sh $<TARGET_FILE_DIR:time-server>)
  set_tests_properties(integration_time_fetch PROPERTIES LABELS integration TIMEOUT 60)
  # --status: TRACK_STATUS for drafts 07, 11, 14, 16, 18 over both transports.
  add_test(NAME integration_time_status
           COMMAND ${MOQT_INTEGRATION_DIR}/time_status.sh $<TARGET_FILE_DIR:time-server>)
  set_tests_properties(integration_time_status PROPERTIES LABELS integration TIMEOUT 60)
endif()

# moqt-pub | moqt-sub: a 5 MB random file byte-exact, both transports, both
# directions (who listens; moqt-sub --listen subscribes once moqt-pub announces
# the namespace, or accepts its PUBLISH), plus draft 07 (the oldest framing).
if(TARGET moqt-pub AND TARGET moqt-sub)
  foreach(transport quic webtransport)
    foreach(mode forward reverse publish)
      add_test(NAME integration_pubsub_${transport}_${mode}
               COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/integration/pubsub_file.sh
                       $<TARGET_FILE_DIR:moqt-pub> ${transport} ${mode})
      set_tests_properties(integration_pubsub_${transport}_${mode} PROPERTIES
                           LABELS integration TIMEOUT 90)
    endforeach()
  endforeach()
  add_test(NAME integration_pubsub_quic_forward_d07
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/integration/pubsub_file.sh
                   $<TARGET_FILE_DIR:moqt-pub> quic forward 07)
  set_tests_properties(integration_pubsub_quic_forward_d07 PROPERTIES
                       LABELS integration TIMEOUT 90)
  add_test(NAME integration_pubsub_quic_reverse_d07
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/integration/pubsub_file.sh
                   $<TARGET_FILE_DIR:moqt-pub> quic reverse 07)
  set_tests_properties(integration_pubsub_quic_reverse_d07 PROPERTIES
                       LABELS integration TIMEOUT 90)
  add_test(NAME integration_pubsub_offers
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/integration/pubsub_offers.sh
                   $<TARGET_FILE_DIR:moqt-pub>)
  set_tests_properties(integration_pubsub_offers PROPERTIES LABELS integration TIMEOUT 60)
  add_test(NAME integration_pubsub_lines
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/integration/pubsub_lines.sh
                   $<TARGET_FILE_DIR:moqt-pub>)
  set_tests_properties(integration_pubsub_lines PROPERTIES LABELS integration TIMEOUT 60)
endif()

# Label `browser`: headless Chromium runs examples/clock/ (@moq/lite from npm,
# pinned in package-lock.json) against time-server, drafts 14/15/16/17 and an
# http:// URL (tests/browser/moq_lite_clock.mjs).
find_program(MOQT_NODE_FOR_TOOLS node)
if(TARGET time-server AND MOQT_NODE_FOR_TOOLS)
  add_test(NAME browser_moq_lite_clock
           COMMAND ${MOQT_NODE_FOR_TOOLS} ${CMAKE_CURRENT_SOURCE_DIR}/browser/moq_lite_clock.mjs
                   $<TARGET_FILE:time-server>)
  set_tests_properties(browser_moq_lite_clock PROPERTIES LABELS browser TIMEOUT 240)
endif()
# The other direction: examples/publish/ publishes from the page with
# @moq/lite (PUBLISH_NAMESPACE, then it serves the track) to moqt-sub --listen,
# drafts 14/15/16/17 and an http:// URL (tests/browser/moq_lite_publish.mjs).
if(TARGET moqt-sub AND MOQT_NODE_FOR_TOOLS)
  add_test(NAME browser_moq_lite_publish
           COMMAND ${MOQT_NODE_FOR_TOOLS} ${CMAKE_CURRENT_SOURCE_DIR}/browser/moq_lite_publish.mjs
                   $<TARGET_FILE:moqt-sub>)
  set_tests_properties(browser_moq_lite_publish PROPERTIES LABELS browser TIMEOUT 240)
endif()
