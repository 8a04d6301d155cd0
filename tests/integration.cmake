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
endif()
