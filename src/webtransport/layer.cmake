# WebTransport over HTTP/3 (own HTTP/3 framing; nghttp3 for QPACK only), and the
# plain-HTTP certificate fingerprint responder (libev).
pkg_check_modules(NGHTTP3 REQUIRED IMPORTED_TARGET libnghttp3)
if(NOT TARGET moqt_libev)
  # Also made by src/net/layer.cmake; libev ships no pkg-config file on Debian.
  find_path(MOQT_EV_INCLUDE_DIR ev.h REQUIRED)
  find_library(MOQT_EV_LIBRARY ev REQUIRED)
  add_library(moqt_libev INTERFACE IMPORTED)
  set_target_properties(moqt_libev PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${MOQT_EV_INCLUDE_DIR}
                                              INTERFACE_LINK_LIBRARIES ${MOQT_EV_LIBRARY})
endif()
file(GLOB MOQT_WEBTRANSPORT_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/src/webtransport/*.c)
list(APPEND MOQT_SOURCES ${MOQT_WEBTRANSPORT_SOURCES})
list(APPEND MOQT_DEP_TARGETS PkgConfig::NGHTTP3 moqt_libev)
list(APPEND MOQT_PC_REQUIRES libnghttp3)
