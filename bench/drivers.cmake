# Lets bench/*.sh build the drivers in their own tree before the top-level CMakeLists.txt has
# add_subdirectory(bench):  cmake ... -DCMAKE_PROJECT_INCLUDE=<repo>/bench/drivers.cmake
# Deferred to the end of the top-level file, once the om_* targets and om_warnings exist.
cmake_language(DEFER CALL cmake_language EVAL CODE [[
  if(NOT TARGET html_driver)
    include(${PROJECT_SOURCE_DIR}/bench/CMakeLists.txt)
  endif()]])
