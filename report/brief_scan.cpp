// Where om-research markers in CONNECTOR_CONTEXT.md are real (CommonMark 0.30: 4.4 indented
// code, 4.5 fenced code, 4.6 HTML blocks, 6.1 code spans), for the splice (issue #19 item 4).
#include "report/detail/brief_scan.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace om::report::detail {
namespace {

struct Fence {
  char ch = 0;
  std::size_t len = 0;
  bool has_info = false;
};

// Past the block-quote markers and list-item markers a line opens with ("> ", "- ", "1. ").
std::size_t past_container_markers(std::string_view line) {
  std::size_t i = line.find_first_not_of(" \t");
  while (i != std::string_view::npos) {
    std::size_t after = i + 1;  // past "> ", "- ", "* " or "+ "
    if (std::string_view(">-*+").find(line[i]) == std::string_view::npos) {
      const std::size_t digits = line.find_first_not_of("0123456789", i);
      const bool ordered = digits != std::string_view::npos && digits > i && digits - i <= 9 &&
                           (line[digits] == '.' || line[digits] == ')');
      after = ordered ? digits + 1 : i;
    }
    bool spaced = after > i && (line[i] == '>' || after == line.size() || line[after] == ' ' ||
                                line[after] == '\t');
    if (!spaced) {
      break;
    }
    i = line.find_first_not_of(" \t", after);
  }
  return i;
}

// A fence line: any indentation (fences nested in list items are indented), block-quote and
// list-item markers, then 3+ backticks or tildes; a backtick fence's info string holds no
// backtick (then the line is inline code).
Fence fence_of(std::string_view line) {
  std::size_t i = past_container_markers(line);
  if (i == std::string_view::npos || (line[i] != '`' && line[i] != '~')) {
    return {};
  }
  char ch = line[i];
  std::size_t j = line.find_first_not_of(ch, i);
  std::size_t len = (j == std::string_view::npos ? line.size() : j) - i;
  if (len < 3) {
    return {};
  }
  std::string_view info = j == std::string_view::npos ? std::string_view() : line.substr(j);
  if (ch == '`' && info.find('`') != std::string_view::npos) {
    return {};
  }
  return {ch, len, !trim(info).empty()};
}

}  // namespace

std::vector<BriefLine> split_brief_lines(std::string_view file) {
  std::vector<BriefLine> lines;
  std::size_t pos = 0;
  while (pos < file.size()) {
    std::size_t nl = file.find('\n', pos);
    std::size_t stop = nl == std::string_view::npos ? file.size() : nl + 1;
    std::string_view text =
        file.substr(pos, (nl == std::string_view::npos ? file.size() : nl) - pos);
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
    }
    lines.push_back({pos, stop, text});
    pos = stop;
  }
  return lines;
}

std::vector<bool> fenced_brief_lines(const std::vector<BriefLine>& lines) {
  std::vector<bool> fenced(lines.size(), false);
  // Shortest opener per fence character known to have no closer after it: a later opener of
  // that character and at least that length has none either, so it is not searched again.
  std::array<std::size_t, 2> unclosed{std::numeric_limits<std::size_t>::max(),
                                      std::numeric_limits<std::size_t>::max()};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Fence open = fence_of(lines[i].text);
    if (open.ch == 0) {
      continue;
    }
    std::size_t& known = unclosed[open.ch == '`' ? 0 : 1];
    if (open.len >= known) {
      continue;
    }
    std::size_t j = i + 1;
    for (; j < lines.size(); ++j) {
      Fence f = fence_of(lines[j].text);
      if (f.ch == open.ch && f.len >= open.len && !f.has_info) {
        break;
      }
    }
    if (j == lines.size()) {
      known = open.len;
      continue;
    }
    std::fill(fenced.begin() + static_cast<std::ptrdiff_t>(i),
              fenced.begin() + static_cast<std::ptrdiff_t>(j) + 1, true);
    i = j;
  }
  return fenced;
}

bool is_fence_line(std::string_view line) {
  return fence_of(line).ch != 0;
}

std::vector<std::size_t> markers_outside_code(std::string_view file, std::string_view marker) {
  const std::vector<BriefLine> lines = split_brief_lines(file);
  const std::vector<bool> fenced = fenced_brief_lines(lines);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view text = lines[i].text;
    std::size_t spaces = std::min<std::size_t>(text.find_first_not_of(' '), text.size());
    if (!fenced[i] && spaces <= 3 && text.substr(spaces).starts_with(marker)) {
      out.push_back(lines[i].begin + spaces);
    }
  }
  return out;
}

}  // namespace om::report::detail
