// libxml2 as the HTML scanner's oracle (html_events.cpp): what libxml2 does with an element a
// page leaves open, and which references it knows, asked of libxml2 itself with a small document
// and kept per thread. Internal to extract/.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace om::extract::detail {

enum class HtmlAnswer : std::int8_t { kUnknown, kYes, kNo };

using HtmlNameId = std::uint32_t;

// What libxml2 does in one situation the scanner meets, asked of libxml2 with a small document
// and kept per thread (element names are few; each question is asked once). Names are numbered
// so that a question is looked up by two numbers, not by strings.
class HtmlOracle {
 public:
  /// More distinct names than this on one thread: the page is left to libxml2.
  static constexpr std::size_t kMaxNames = 4096;

  /// The number of element name `name` on this thread; nullopt past kMaxNames.
  std::optional<HtmlNameId> id(const std::string& name) {
    if (auto it = ids_.find(name); it != ids_.end()) {
      return it->second;
    }
    if (names_.size() >= kMaxNames) {
      return std::nullopt;
    }
    const auto id = static_cast<HtmlNameId>(names_.size());
    names_.push_back(name);
    ids_.emplace(name, id);
    return id;
  }
  [[nodiscard]] const std::string& name(HtmlNameId id) const { return names_[id]; }

  /// id() for a name of at most 8 bytes given also as `packed` (its bytes in a word, zero
  /// padded: a usual tag name), through a small direct-mapped cache before the string map.
  std::optional<HtmlNameId> id(const std::string& name, std::uint64_t packed) {
    const std::size_t slot = (packed * 0x9E3779B97F4A7C15ULL) >> (64 - kCacheBits);
    if (cached_[slot] == packed) {
      return cached_ids_[slot];
    }
    const auto found = id(name);
    if (found) {
      cached_[slot] = packed;
      cached_ids_[slot] = *found;
    }
    return found;
  }

  /// Does a start tag `tag` close the open element `open` (the innermost)?
  HtmlAnswer start_closes(HtmlNameId tag, HtmlNameId open);

  /// Does an end tag `tag` close `open`, an element opened inside a `tag` element? (libxml2
  /// closes the elements between an end tag and its start only when each allows it, else it
  /// ignores the end tag.) `tag` may be "body" or "html", the document's own.
  HtmlAnswer end_closes(HtmlNameId tag, HtmlNameId open);

  /// Is `tag` an element without content (<br>: its end follows its start)?
  HtmlAnswer is_void(HtmlNameId tag);

 private:
  static constexpr std::uint64_t kStart = 0;
  static constexpr std::uint64_t kEnd = 1;
  static constexpr std::uint64_t kVoid = 2;

  /// The answer kept for question (`kind`, `a`, `b`), asked of libxml2 with `ask` the first time.
  template <typename Ask>
  HtmlAnswer ask(std::uint64_t kind, HtmlNameId a, HtmlNameId b, Ask asker);

  static constexpr int kCacheBits = 6;
  std::array<std::uint64_t, std::size_t{1} << kCacheBits> cached_{};  // 0: empty
  std::array<HtmlNameId, std::size_t{1} << kCacheBits> cached_ids_{};
  std::unordered_map<std::string, HtmlNameId> ids_;
  std::deque<std::string> names_;  // by id; a deque keeps references to them valid
  std::unordered_map<std::uint64_t, HtmlAnswer> answers_;
};

/// This thread's oracle.
[[nodiscard]] HtmlOracle& html_oracle();

/// The code point of the HTML 4 named reference `name` (without '&' and ';') as libxml2 knows
/// it, 0 when it does not; asked of libxml2 once per name and thread.
[[nodiscard]] std::uint32_t named_reference(std::string_view name);

}  // namespace om::extract::detail
