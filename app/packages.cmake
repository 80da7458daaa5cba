# om_packages: npm / PyPI package resolution (app/packages.{h,cpp}); included from
# app/CMakeLists.txt. The HTTP client is injected, so it links only om_core.
om_library(om_packages ${CMAKE_CURRENT_LIST_DIR}/packages.cpp)
target_link_libraries(om_packages PUBLIC om_core)
om_tests(packages SOURCES ${CMAKE_CURRENT_LIST_DIR}/packages_test.cpp
  LIBS om_packages om_extract LibArchive::LibArchive)
