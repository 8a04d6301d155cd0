# Network layer: UDP sockets, certificates, the libev runtime.
# libev ships no pkg-config file on Debian: find it directly.
find_path(MOQT_EV_INCLUDE_DIR ev.h REQUIRED)
find_library(MOQT_EV_LIBRARY ev REQUIRED)
if(NOT TARGET moqt_libev)
  add_library(moqt_libev INTERFACE IMPORTED)
  set_target_properties(moqt_libev PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${MOQT_EV_INCLUDE_DIR}
                                              INTERFACE_LINK_LIBRARIES ${MOQT_EV_LIBRARY})
endif()
list(APPEND MOQT_SOURCES
     ${CMAKE_SOURCE_DIR}/src/net/udp.c
     ${CMAKE_SOURCE_DIR}/src/net/cert.c
     ${CMAKE_SOURCE_DIR}/src/net/runtime.c)
list(APPEND MOQT_DEP_TARGETS moqt_libev)
# libev ships no pkg-config file on Debian.
list(APPEND MOQT_PC_LIBS_PRIVATE -lev)
