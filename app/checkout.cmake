# om_checkout: research inside an OpenMetadata checkout (app/checkout.{h,cpp} finds the checkout
# and reads connector files, app/connector_rank.cpp reads and ranks them); included from
# app/CMakeLists.txt. It links only om_core.
om_library(om_checkout ${CMAKE_CURRENT_LIST_DIR}/checkout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connector_rank.cpp)
target_link_libraries(om_checkout PUBLIC om_core)
om_tests(checkout SOURCES ${CMAKE_CURRENT_LIST_DIR}/checkout_test.cpp LIBS om_checkout)
