// libFuzzer target: URL parsing, normalisation and reference resolution (core/url.h).
// Invariants (STYLE.md 2.13): normalising twice changes nothing; a resolved reference is a
// normalised URL; percent-encoding normalisation and remove_dot_segments are idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/url.h"

namespace {

void check_normal(const om::Url& url) {
  std::string text = url.str();
  if (om::normalize_url(text) != text) {
    std::abort();  // normalising twice = once
  }
  if (url.path.empty() || url.path.front() != '/') {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace om;  // NOLINT(google-build-using-namespace): a fuzz entry point
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string once = normalize_url(text);
  if (!once.empty() && normalize_url(once) != once) {
    std::abort();
  }
  if (auto url = parse_url(text); url.ok()) {
    check_normal(url.value());
  }
  static const Url kBase = parse_url("https://docs.fuzz.test/a/b/c?q=1").value();
  if (auto resolved = resolve_url(kBase, text); resolved.ok()) {
    check_normal(resolved.value());
  }
  std::string pct = normalize_percent_encoding(text);
  if (normalize_percent_encoding(pct) != pct) {
    std::abort();
  }
  std::string dots = remove_dot_segments(text);
  if (!text.empty() && text.front() == '/' && remove_dot_segments(dots) != dots) {
    std::abort();
  }
  return 0;
}
