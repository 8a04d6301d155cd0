# Session layer: the sans-I/O MoQT session engine (src/session/).
file(GLOB MOQT_SESSION_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/session/*.c)
list(APPEND MOQT_SOURCES ${MOQT_SESSION_SOURCES})
