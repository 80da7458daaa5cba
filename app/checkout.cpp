// Finding an OpenMetadata checkout and reading its connectors' files (issue #23). The only I/O of
// the checkout piece; what the files say is read by connector_rank.cpp.
#include "app/checkout.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/text.h"

namespace om::app::checkout {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{1} << 20;

std::optional<std::string> read_small_file(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxFileBytes) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string relative_text(const fs::path& path, const fs::path& root) {
  return path.lexically_relative(root).generic_string();
}

// `<type>/<x>Connection.json` whose <x>, lower-cased, is the directory's name (the scaffold's
// lowerCamel module name; OPENMETADATA.md section 4: a dir is the type enum value, lower-cased).
std::optional<ConnectorFile> find_schema(const fs::path& root, const fs::path& schema_dir,
                                         const std::string& name) {
  std::error_code ec;
  const std::string want = to_lower(name) + "connection.json";
  for (const auto& entry : fs::directory_iterator(schema_dir, ec)) {
    if (entry.is_regular_file(ec) && to_lower(entry.path().filename().string()) == want) {
      if (auto text = read_small_file(entry.path())) {
        return ConnectorFile{relative_text(entry.path(), root), std::move(*text)};
      }
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_checkout_root(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / kSourceDir, ec) && fs::is_directory(dir / kSchemaDir, ec);
}

std::optional<fs::path> find_root(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) {
    return std::nullopt;
  }
  if (!fs::is_directory(dir, ec)) {
    dir = dir.parent_path();
  }
  for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
    if (is_checkout_root(dir)) {
      return dir.lexically_normal();
    }
    fs::path parent = dir.parent_path();
    if (parent == dir) {
      break;
    }
    dir = std::move(parent);
  }
  return std::nullopt;
}

Result<std::vector<ConnectorFiles>> read_connectors(const fs::path& root,
                                                    const std::string& service_type) {
  const fs::path source_dir = root / kSourceDir / service_type;
  const fs::path schema_dir =
      root / kSchemaDir / "entity" / "services" / "connections" / service_type;
  std::error_code ec;
  if (!fs::is_directory(source_dir, ec)) {
    return Error{ErrorCode::kNotFound, "no folder " + relative_text(source_dir, root)};
  }
  std::vector<ConnectorFiles> out;
  for (const auto& entry : fs::directory_iterator(source_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory(ec) || name.starts_with("_") || name.starts_with(".")) {
      continue;
    }
    ConnectorFiles files{name, service_type, find_schema(root, schema_dir, name), {}};
    for (const char* code : {"client.py", "connection.py"}) {
      if (auto text = read_small_file(entry.path() / code)) {
        files.code.push_back({relative_text(entry.path() / code, root), std::move(*text)});
      }
    }
    if (files.schema || !files.code.empty()) {
      out.push_back(std::move(files));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ConnectorFiles& a, const ConnectorFiles& b) { return a.name < b.name; });
  return out;
}

}  // namespace om::app::checkout
