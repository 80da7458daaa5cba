// Tests for splice_research_section: placement on every real scaffold output, byte-for-byte
// preservation, idempotence, marker errors, and hostile section text.
#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "report/detail/brief_scan.h"
#include "report/detail/sample_research.h"
#include "report/report.h"

namespace om::report {
namespace {

std::size_t count_of(std::string_view s, std::string_view needle) {
  std::size_t n = 0;
  for (auto p = s.find(needle); p != std::string_view::npos; p = s.find(needle, p + 1)) {
    ++n;
  }
  return n;
}

// Independent of splice.cpp: lines equal to `heading` outside ``` / ~~~ fences.
std::size_t headings_outside_fences(std::string_view file, std::string_view heading) {
  std::size_t n = 0;
  bool fenced = false;
  std::size_t pos = 0;
  while (pos < file.size()) {
    std::size_t nl = file.find('\n', pos);
    std::string_view line = file.substr(pos, nl == std::string_view::npos ? file.npos : nl - pos);
    std::string_view stripped = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (stripped.starts_with("```") || stripped.starts_with("~~~")) {
      fenced = !fenced;
    } else if (!fenced && line == heading) {
      ++n;
    }
    pos = nl == std::string_view::npos ? file.size() : nl + 1;
  }
  return n;
}

std::vector<std::filesystem::path> fixtures() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(OM_SHARED_DIR) +
                                                           "/fixtures/connector_context")) {
    if (e.path().extension() == ".md" && e.path().filename() != "SOURCES.md") {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string splice_ok(std::string_view file, std::string_view body) {
  auto r = splice_research_section(file, body);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return r.value();
}

constexpr std::string_view kStep1 = "## Step 1: Read the Reference Connector";

}  // namespace

TEST_CASE("splice: every scaffold fixture gets the section right before Step 1, all else kept") {
  const std::string body = render_markdown(testing::sample_research());
  const auto files = fixtures();
  REQUIRE(files.size() == 6);
  for (const auto& path : files) {
    CAPTURE(path.filename().string());
    const std::string file = testing::read_text(path.string());
    const std::string out = splice_ok(file, body);
    const std::size_t at = file.find("\n" + std::string(kStep1) + "\n") + 1;
    REQUIRE(at > 1);
    CHECK(out.compare(0, at, file, 0, at) == 0);
    REQUIRE(out.size() > file.size());
    CHECK(out.substr(out.size() - (file.size() - at)) == file.substr(at));
    const std::string block = out.substr(at, out.size() - file.size());
    CHECK(block.starts_with(std::string(kBeginMarker) + "\n## Source Research\n"));
    CHECK(block.ends_with(std::string(kEndMarker) + "\n\n"));
    CHECK(count_of(out, kBeginMarker) == 1);
    CHECK(count_of(out, kEndMarker) == 1);
    CHECK(count_of(out, "<!--") == 2);
    CHECK(out.find("<script") == std::string::npos);
    CHECK(headings_outside_fences(out, kStep1) == headings_outside_fences(file, kStep1));
    CHECK(splice_ok(out, body) == out);
    const std::string name = "spliced_" + path.filename().string();
    CHECK_MESSAGE(testing::matches_golden(name, out), (std::string("golden differs: ") + name));
  }
}

TEST_CASE("splice: no raw fence, HTML or heading from document text reaches the section") {
  const std::string body = render_markdown(testing::sample_research());
  CHECK(body.find("<") == std::string::npos);
  CHECK(body.find("```") == std::string::npos);
  CHECK(body.find("ignore previous instructions") != std::string::npos);  // kept, but inert
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::string_view line(body.data() + pos, nl - pos);
    if (line.starts_with("#")) {
      CHECK_MESSAGE(
          (line == "## Source Research" || line.starts_with("### ") || line.starts_with("#### `")),
          std::string(line));
      CHECK(line.find("Step 1") == std::string_view::npos);
    }
    pos = nl + 1;
  }
}

TEST_CASE("splice: a second run replaces only the marked span") {
  const std::string file =
      "# T\n\n## Connector Profile\n\n- a\n\n" + std::string(kStep1) + "\n\nx\n";
  const std::string once = splice_ok(file, "## Source Research\n\nold\n");
  const std::string twice = splice_ok(once, "## Source Research\n\nnew\n");
  CHECK(twice.find("old") == std::string::npos);
  CHECK(twice.find("new\n" + std::string(kEndMarker)) != std::string::npos);
  CHECK(splice_ok(twice, "## Source Research\n\nold\n") == once);
}

TEST_CASE("splice: without Step 1 the section follows the Connector Profile section") {
  const std::string file = "# T\n\n## Connector Profile\n\n- a\n\n## Step 2: Other\n\ny\n";
  const std::string out = splice_ok(file, "B\n");
  CHECK(out == "# T\n\n## Connector Profile\n\n- a\n\n" + std::string(kBeginMarker) + "\nB\n" +
                   std::string(kEndMarker) + "\n\n## Step 2: Other\n\ny\n");
}

TEST_CASE("splice: Step 1 is matched by text outside fences, not by number") {
  const std::string file =
      "# T\n\n```bash\n## Step 1: Read the Reference Connector\n```\n\n"
      "## Step 4: Read the Reference Connector\n\nz\n";
  const std::string out = splice_ok(file, "B\n");
  CHECK(out.find(std::string(kEndMarker) + "\n\n## Step 4:") != std::string::npos);
  CHECK(out.find("```\n\n" + std::string(kBeginMarker)) != std::string::npos);
}

TEST_CASE("splice: raw notes that repeat the Step 1 heading do not capture the section") {
  const std::string file = "## Source Documentation\n\n### Notes\n" + std::string(kStep1) +
                           "\n- note\n\n" + std::string(kStep1) + "\n\nreal\n";
  const std::string out = splice_ok(file, "B\n");
  CHECK(out.find(std::string(kEndMarker) + "\n\n" + std::string(kStep1) + "\n\nreal\n") !=
        std::string::npos);
}

TEST_CASE("splice: without any known heading the section is appended, newline kept") {
  CHECK(splice_ok("text\n", "B\n") ==
        "text\n\n" + std::string(kBeginMarker) + "\nB\n" + std::string(kEndMarker) + "\n");
  const std::string no_nl = splice_ok("text", "B\n");
  CHECK(no_nl == "text\n\n" + std::string(kBeginMarker) + "\nB\n" + std::string(kEndMarker));
  CHECK(splice_ok(no_nl, "B\n") == no_nl);
}

TEST_CASE("splice: an empty file becomes just the section") {
  CHECK(splice_ok("", "B") == std::string(kBeginMarker) + "\nB\n" + std::string(kEndMarker) + "\n");
}

TEST_CASE("splice: CRLF files stay CRLF") {
  const std::string file = "# T\r\n\r\n" + std::string(kStep1) + "\r\n";
  const std::string out = splice_ok(file, "A\nB\n");
  CHECK(out == "# T\r\n\r\n" + std::string(kBeginMarker) + "\r\nA\r\nB\r\n" +
                   std::string(kEndMarker) + "\r\n\r\n" + std::string(kStep1) + "\r\n");
  CHECK(splice_ok(out, "A\nB\n") == out);
}

TEST_CASE("splice: repeated, unbalanced or reversed markers are refused") {
  const std::string b(kBeginMarker);
  const std::string e(kEndMarker);
  CHECK_FALSE(splice_research_section(b + "\n" + e + "\n" + b + "\n" + e + "\n", "x").ok());
  CHECK_FALSE(splice_research_section("a\n" + b + "\nb\n", "x").ok());
  CHECK_FALSE(splice_research_section("a\n" + e + "\nb\n", "x").ok());
  CHECK_FALSE(splice_research_section(e + "\n" + b + "\n", "x").ok());
  auto r = splice_research_section(b + "\n" + b + "\n" + e + "\n", "x");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("2 begin") != std::string::npos);
}

TEST_CASE("splice: a body holding a marker is refused") {
  CHECK_FALSE(splice_research_section("x\n", "a <!-- om-research:end --> b").ok());
  CHECK_FALSE(splice_research_section("x\n", std::string(kBeginMarker)).ok());
}

TEST_CASE("splice: on random scaffold-like files it only inserts, and twice equals once") {
  const std::vector<std::string> pieces = {"# T\n",
                                           "## Connector Profile\n",
                                           "- a\n",
                                           "\n",
                                           "```bash\n",
                                           "```\n",
                                           "  ```json\n",
                                           "# comment\n",
                                           std::string(kStep1) + "\n",
                                           "## Step 2: Other\n",
                                           "### Notes\n",
                                           "text",
                                           "~~~\n",
                                           "## Source Documentation\n",
                                           "\r\n"};
  std::mt19937 rng(42);  // fixed seed: deterministic
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 14);
  const std::string body = render_markdown(testing::sample_research());
  for (int round = 0; round < 3000; ++round) {
    std::string file;
    for (int n = length(rng); n > 0; --n) {
      file += pieces[pick(rng)];
    }
    CAPTURE(file);
    const std::string once = splice_ok(file, body);
    CHECK(count_of(once, kBeginMarker) == 1);
    CHECK(count_of(once, kEndMarker) == 1);
    CHECK(splice_ok(once, body) == once);
    // Deleting the inserted bytes gives the original back.
    std::size_t b = once.find(kBeginMarker);
    std::size_t e = once.find(kEndMarker) + kEndMarker.size();
    bool same = false;
    for (std::size_t lead = 0; lead <= 4 && !same; ++lead) {
      for (std::size_t tail = 0; tail <= 4 && !same; ++tail) {
        if (b >= lead && e + tail <= once.size()) {
          same = once.substr(0, b - lead) + once.substr(e + tail) == file;
        }
      }
    }
    CHECK(same);
  }
}

std::string brief_fixture(const std::string& name) {
  return testing::read_text(std::string(OM_SOURCE_DIR) + "/tests/fixtures/briefs/" + name);
}

std::string to_crlf(std::string_view lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') {
      out += '\r';
    }
    out += c;
  }
  return out;
}

// The file with the spliced block (and the blank lines added around it) taken out.
std::string without_block(const std::string& out, std::size_t begin, std::string_view nl) {
  std::size_t end = out.find(kEndMarker, begin) + kEndMarker.size();
  return out.substr(0, begin) + out.substr(end + 2 * nl.size());
}

TEST_CASE("regression #19: markers shown in fences, backticks and indented code are not markers") {
  const std::string file = brief_fixture("markers_in_code.md");
  REQUIRE(count_of(file, kBeginMarker) == 5);
  const std::string out = splice_ok(file, "## Source Research\n\nA\n");
  CHECK(testing::matches_golden("spliced_markers_in_code.md", out));
  // Inserted before Step 1 as on a brief without markers; the user's examples are untouched.
  const std::size_t at = out.rfind(std::string(kBeginMarker) + "\n## Source Research\n");
  REQUIRE(at != std::string::npos);
  CHECK(out.find(std::string(kEndMarker) + "\n\n" + std::string(kStep1)) != std::string::npos);
  CHECK(without_block(out, at, "\n") == file);
  CHECK(splice_ok(out, "## Source Research\n\nA\n") == out);
  const std::string again = splice_ok(out, "## Source Research\n\nB\n");
  CHECK(without_block(again, at, "\n") == file);
  CHECK(again.find("\nB\n" + std::string(kEndMarker)) != std::string::npos);
}

TEST_CASE("regression #19: a CRLF brief with markers in code splices the same way, CRLF kept") {
  const std::string file = to_crlf(brief_fixture("markers_in_code.md"));
  const std::string out = splice_ok(file, "## Source Research\n\nA\n");
  CHECK(testing::matches_golden("spliced_markers_in_code_crlf.md", out));
  CHECK(out ==
        to_crlf(splice_ok(brief_fixture("markers_in_code.md"), "## Source Research\n\nA\n")));
  const std::size_t at = out.rfind(std::string(kBeginMarker) + "\r\n## Source Research\r\n");
  REQUIRE(at != std::string::npos);
  CHECK(without_block(out, at, "\r\n") == file);
  CHECK(splice_ok(out, "## Source Research\n\nA\n") == out);
}

TEST_CASE("regression #19: a real block next to marker text in code is replaced in place") {
  const std::string b(kBeginMarker);
  const std::string e(kEndMarker);
  const std::string file = "Use `" + b + "` and `" + e + "`:\n\n```\n" + e + "\n```\n\n" + b +
                           "\nold\n" + e + "\n\n~~~~~\n" + b + "\n~~~~~\n" + "\r\n";
  const std::string out = splice_ok(file, "new\n");
  CHECK(out == "Use `" + b + "` and `" + e + "`:\n\n```\n" + e + "\n```\n\n" + b + "\nnew\n" + e +
                   "\n\n~~~~~\n" + b + "\n~~~~~\n" + "\r\n");
}

TEST_CASE("regression #19: real markers start a line, and a stray unclosed fence hides none") {
  const std::string b(kBeginMarker);
  CHECK(detail::markers_outside_code("   " + b + "\n", kBeginMarker) ==
        std::vector<std::size_t>{3});
  CHECK(detail::markers_outside_code("text " + b + "\n", kBeginMarker).empty());
  CHECK(detail::markers_outside_code("    " + b + "\n", kBeginMarker).empty());
  CHECK(detail::markers_outside_code("```\n" + b + "\n", kBeginMarker).size() == 1);
  CHECK(detail::markers_outside_code("```\n" + b + "\n```\n", kBeginMarker).empty());
  CHECK(detail::markers_outside_code("```\n" + b + "\n```` \n", kBeginMarker).empty());
  CHECK(detail::markers_outside_code("````\n" + b + "\n```\n", kBeginMarker).size() == 1);
  CHECK(detail::markers_outside_code("~~~\n" + b + "\n```\n", kBeginMarker).size() == 1);
  CHECK(detail::markers_outside_code("```a`\n" + b + "\n```\n", kBeginMarker).size() == 1);
  // A fence opening a list item hides markers too.
  CHECK(detail::markers_outside_code("- ```\n  " + b + "\n  ```\n", kBeginMarker).empty());
  CHECK(detail::markers_outside_code("12. ```md\n    " + b + "\n    ```\n", kBeginMarker).empty());
  CHECK(detail::markers_outside_code("* ~~~\n  " + b + "\n  ~~~\n", kBeginMarker).empty());
  CHECK(detail::markers_outside_code("-```\n" + b + "\n```\n", kBeginMarker).size() == 1);
  CHECK(detail::markers_outside_code("- - -\n" + b + "\n", kBeginMarker).size() == 1);
  const std::string file = brief_fixture("unclosed_fence.md");
  const std::string out = splice_ok(file, "B\n");
  CHECK(out.find(std::string(kEndMarker) + "\n\n" + std::string(kStep1)) != std::string::npos);
  CHECK(splice_ok(out, "B\n") == out);
}

TEST_CASE("regression #19: a body with a fence line is refused (it could hide our markers)") {
  CHECK_FALSE(splice_research_section("x\n", "a\n```\nb\n").ok());
  CHECK_FALSE(splice_research_section("x\n", "  ~~~~\n").ok());
  CHECK(splice_research_section("x\n", "a `code` b\n").ok());
}

TEST_CASE("write_file_atomically: writes the content and leaves no temporary file") {
  const auto dir = std::filesystem::temp_directory_path() / "om_report_write_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "CONNECTOR_CONTEXT.md").string();
  REQUIRE(write_file_atomically(path, "one\n").ok());
  REQUIRE(write_file_atomically(path, "two\n").ok());
  CHECK(testing::read_text(path) == "two\n");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
    ++entries;
  }
  CHECK(entries == 1);
  CHECK_FALSE(write_file_atomically((dir / "missing" / "x.md").string(), "x").ok());
  std::filesystem::remove_all(dir);
}

TEST_CASE("regression fuzz_splice: a file whose only line ends in a bare CR splices idempotently") {
  // Appending after "text\r" made "\r\n" the first line ending, so a second splice chose CRLF.
  const std::string file = "# Brief\r";
  auto once = splice_research_section(file, "body");
  REQUIRE(once.ok());
  auto twice = splice_research_section(once.value(), "body");
  REQUIRE(twice.ok());
  CHECK(twice.value() == once.value());
  CHECK(once.value().rfind(file, 0) == 0);
}

}  // namespace om::report
