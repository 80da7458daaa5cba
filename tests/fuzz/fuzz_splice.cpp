// libFuzzer target: report::splice_research_section. The input is a CONNECTOR_CONTEXT.md and a
// research body separated by the first NUL byte. Invariants (STYLE.md 2.7, 2.13): splicing
// twice = once; the result has exactly one begin and one end marker outside code (issue #19:
// marker text shown in code is not a marker); bytes outside the marked block are unchanged (up
// to the line breaks the insertion adds); a bad file is an error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "report/detail/brief_scan.h"
#include "report/report.h"

namespace {

std::string_view trim_line_breaks(std::string_view s, bool front) {
  while (!s.empty() && (front ? (s.front() == '\n' || s.front() == '\r')
                              : (s.back() == '\n' || s.back() == '\r'))) {
    front ? s.remove_prefix(1) : s.remove_suffix(1);
  }
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using om::report::kBeginMarker;
  using om::report::kEndMarker;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nul = input.find('\0');
  std::string_view file = input.substr(0, nul);
  std::string_view body = nul == std::string_view::npos ? "" : input.substr(nul + 1);

  auto once = om::report::splice_research_section(file, body);
  if (!once.ok()) {
    return 0;
  }
  const std::string& out = once.value();
  using om::report::detail::markers_outside_code;
  const auto begins = markers_outside_code(out, kBeginMarker);
  const auto ends = markers_outside_code(out, kEndMarker);
  if (begins.size() != 1 || ends.size() != 1 || ends[0] < begins[0]) {
    std::abort();
  }
  auto twice = om::report::splice_research_section(out, body);
  if (!twice.ok() || twice.value() != out) {
    std::abort();  // splicing twice = once
  }
  std::size_t b = begins[0];
  std::size_t e = ends[0] + kEndMarker.size();
  std::string_view before = std::string_view(out).substr(0, b);
  std::string_view after = std::string_view(out).substr(e);
  const auto file_begins = markers_outside_code(file, kBeginMarker);
  if (!file_begins.empty()) {  // replaced in place: outside bytes are identical
    std::size_t fb = file_begins[0];
    std::size_t fe = markers_outside_code(file, kEndMarker)[0] + kEndMarker.size();
    if (before != file.substr(0, fb) || after != file.substr(fe)) {
      std::abort();
    }
    return 0;
  }
  // Inserted: the file is what lies outside the block, less the line breaks added around it.
  std::string_view head = trim_line_breaks(before, false);
  std::string_view tail = trim_line_breaks(after, true);
  if (file.substr(0, head.size()) != head || file.size() < head.size() + tail.size() ||
      file.substr(file.size() - tail.size()) != tail) {
    std::abort();
  }
  return 0;
}
