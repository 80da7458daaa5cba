// LinkList: a page's links in one buffer, one URL per line. A crawl keeps ~20 links per page;
// a revalidating crawl of 10,000 pages read and copied 225,000 strings (one allocation each)
// before this; now a page's links are one string, read from the cache as it is stored.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace om {

class LinkList {
 public:
  /// Iterates the URLs as views into the buffer (valid while the list is not changed).
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::string_view*;
    using reference = std::string_view;

    Iterator() = default;
    explicit Iterator(std::string_view rest) : rest_(rest) { settle(); }
    std::string_view operator*() const { return current_; }
    Iterator& operator++() {
      settle();
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      settle();
      return before;
    }
    bool operator==(const Iterator& other) const {
      return current_.data() == other.current_.data() && current_.size() == other.current_.size();
    }

   private:
    void settle() {  // the next non-empty line, or the end (a null view)
      while (!rest_.empty()) {
        const std::size_t eol = rest_.find('\n');
        const std::string_view line = rest_.substr(0, eol);
        rest_.remove_prefix(eol == std::string_view::npos ? rest_.size() : eol + 1);
        if (!line.empty()) {
          current_ = line;
          return;
        }
      }
      current_ = {};
    }
    std::string_view rest_, current_;
  };

  LinkList() = default;
  /// From the stored form (one URL per line; empty lines are skipped when iterating).
  explicit LinkList(std::string joined) : joined_(std::move(joined)) {}
  LinkList(std::initializer_list<std::string_view> urls) {
    for (std::string_view url : urls) {
      push_back(url);
    }
  }

  /// Appends a URL; false (and nothing kept) for an empty one or one holding a newline, which a
  /// normalised URL never does.
  bool push_back(std::string_view url) {
    if (url.empty() || url.find('\n') != std::string_view::npos) {
      return false;
    }
    joined_.append(url).push_back('\n');
    return true;
  }

  [[nodiscard]] Iterator begin() const { return Iterator(joined_); }
  [[nodiscard]] Iterator end() const { return {}; }
  [[nodiscard]] bool empty() const { return begin() == end(); }
  /// The stored form: each URL followed by a newline.
  [[nodiscard]] const std::string& joined() const { return joined_; }
  [[nodiscard]] std::vector<std::string> to_vector() const { return {begin(), end()}; }
  bool operator==(const LinkList& other) const { return to_vector() == other.to_vector(); }

 private:
  std::string joined_;
};

}  // namespace om
