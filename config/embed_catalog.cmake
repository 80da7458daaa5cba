# Build-time step (cmake -P): writes a .cpp holding the catalog file's bytes, so the binary never
# reads the YAML at run time. Usage: cmake -DINPUT=catalog.yaml -DOUTPUT=catalog_data.cpp -P this
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n" bytes "${bytes}")
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from config/catalog.yaml by config/embed_catalog.cmake; do not edit.\n"
  "#include <cstddef>\n\n"
  "namespace om::config::detail {\n"
  "extern const char kBuiltinCatalogYaml[];\n"
  "extern const std::size_t kBuiltinCatalogYamlSize;\n"
  "const char kBuiltinCatalogYaml[] = {\n${bytes}\n0x00};\n"
  "const std::size_t kBuiltinCatalogYamlSize = ${size};\n"
  "}  // namespace om::config::detail\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
