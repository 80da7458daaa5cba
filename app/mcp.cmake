# om_mcp: the MCP stdio server (app/mcp.{h,cpp}); included from app/CMakeLists.txt.
om_library(om_mcp ${CMAKE_CURRENT_LIST_DIR}/mcp.cpp)
target_link_libraries(om_mcp PUBLIC om_core)
om_tests(mcp SOURCES ${CMAKE_CURRENT_LIST_DIR}/mcp_test.cpp LIBS om_mcp Threads::Threads)
