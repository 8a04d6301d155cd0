# The command-line tools (issue 6): time-server, time-client, moqt-pub, moqt-sub.
# They share apps/common/ (URLs, options, logging, the one-port server and the
# raw-QUIC / WebTransport client). They need the runtime and the WebTransport
# adapter, so they are built only when those layers are present.
if(EXISTS ${CMAKE_SOURCE_DIR}/include/moqt/moqt_runtime.h
   AND EXISTS ${CMAKE_SOURCE_DIR}/src/webtransport/wt.h)
  add_library(moqt_tool_common STATIC common/tool.c common/server.c common/client.c)
  target_include_directories(moqt_tool_common PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(moqt_tool_common PUBLIC moqt_internal)
  foreach(tool time-server time-client moqt-pub moqt-sub)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${tool}.c)
      add_executable(${tool} ${tool}.c)
      target_link_libraries(${tool} PRIVATE moqt_tool_common)
      install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    endif()
  endforeach()
endif()
