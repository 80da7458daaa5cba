// Tests for MappedFile and a mapped document's bytes: released parts stay readable, read() goes
// to the file, passes over the bytes (visit_bytes, sha256_hex) see every byte once.
#include "core/mapped_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <doctest/doctest.h>

#include "core/hash.h"
#include "core/types.h"

namespace {

namespace fs = std::filesystem;

/// A file under the temporary directory, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& contents)
      : path_(fs::temp_directory_path() /
              ("om_mapped_" + std::to_string(std::random_device{}()) + ".bin")) {
    std::ofstream(path_, std::ios::binary) << contents;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { fs::remove(path_); }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string random_bytes(std::size_t n) {
  std::mt19937 rng(5);
  std::string out(n, '\0');
  for (char& c : out) {
    c = static_cast<char>(rng());
  }
  return out;
}

}  // namespace

TEST_CASE("mapped file: released parts read back the same bytes, read() copies from the file") {
  const std::string contents = random_bytes(3 * 1024 * 1024 + 123);  // not a whole page
  TempFile file(contents);
  auto mapped = om::MappedFile::open(file.path(), "the test file");
  REQUIRE(mapped.ok());
  const om::MappedFile& m = *mapped.value();
  REQUIRE(m.bytes().size() == contents.size());
  CHECK(m.bytes() == contents);
  m.release(m.bytes().substr(5000, 1024 * 1024));  // rounds out to whole 64 KiB windows
  m.release(m.bytes());
  m.release(std::string_view("outside the mapping"));  // ignored
  CHECK(m.bytes() == contents);
  CHECK(m.read(0, 10) == contents.substr(0, 10));
  CHECK(m.read(contents.size() - 5, 100) == contents.substr(contents.size() - 5));  // short
  CHECK(m.read(contents.size(), 10).empty());
  CHECK(m.read(1234567, 70000) == contents.substr(1234567, 70000));
}

TEST_CASE("mapped file: an empty file maps nothing, a missing one is an error naming it") {
  TempFile empty("");
  auto mapped = om::MappedFile::open(empty.path(), "empty.json");
  REQUIRE(mapped.ok());
  CHECK(mapped.value()->bytes().empty());
  CHECK(mapped.value()->read(0, 10).empty());
  mapped.value()->release(mapped.value()->bytes());
  auto missing = om::MappedFile::open("/nonexistent/om/spec.json", "spec.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("spec.json") != std::string::npos);
  auto folder = om::MappedFile::open(fs::temp_directory_path().string(), "the folder");
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error().message.find("the folder") != std::string::npos);
}

TEST_CASE("mapped document: bytes() is the file, passes see every byte in order") {
  const std::string contents = random_bytes(2 * 1024 * 1024 + 77);
  TempFile file(contents);
  om::FetchedDocument doc;
  doc.mapped = om::MappedFile::open(file.path(), "doc").value();
  CHECK(doc.bytes() == contents);
  std::string seen;
  std::size_t parts = 0;
  doc.visit_bytes(
      [&](std::string_view part) {
        seen.append(part);
        ++parts;
      },
      1000 * 1000);
  CHECK(parts == 3);
  CHECK(seen == contents);
  CHECK(om::sha256_hex(doc) == om::sha256_hex(contents));
  CHECK(doc.bytes() == contents);  // still readable after the passes released it

  om::FetchedDocument held;
  held.body = "in memory";
  CHECK(held.bytes() == "in memory");
  CHECK(om::sha256_hex(held) == om::sha256_hex(std::string_view("in memory")));
}
