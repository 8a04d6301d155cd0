# Install rules + libmoqt.pc, exercised the way a user consumes the library.
# Skipped in sanitizer builds: the smoke program is compiled without ASan.
if(NOT MOQT_SANITIZE)
  add_test(NAME install_pkgconfig
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/install/smoke.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(install_pkgconfig PROPERTIES LABELS wire)
endif()
