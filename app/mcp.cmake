# om_mcp: the MCP stdio server (app/mcp.{h,cpp}, its tool schemas in app/mcp_schema.*) and the
# agent-sized views of a Research JSON (app/agent_view.*); included from app/CMakeLists.txt.
om_library(om_mcp ${CMAKE_CURRENT_LIST_DIR}/mcp.cpp ${CMAKE_CURRENT_LIST_DIR}/mcp_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/agent_view.cpp)
target_link_libraries(om_mcp PUBLIC om_core Threads::Threads)
om_tests(mcp SOURCES ${CMAKE_CURRENT_LIST_DIR}/mcp_test.cpp ${CMAKE_CURRENT_LIST_DIR}/agent_view_test.cpp
  LIBS om_mcp Threads::Threads)
