// Fills the scaffold profile's `Docker Image` / `Docker Port` bullets (issue #23). These lines
// sit outside our marked section, so they are the user's bytes: a bullet that has a value is
// never touched, an empty one gets the value, a missing one is added after the profile's last
// bullet (where the scaffold writes them when they are set), and nothing else changes.
#include <algorithm>
#include <optional>
#include <string>

#include "core/text.h"
#include "report/detail/brief_scan.h"
#include "report/detail/markdown_text.h"
#include "report/report.h"

namespace om::report {
namespace {

using detail::BriefLine;

constexpr std::string_view kProfileHeading = "## Connector Profile";

struct ProfileSpan {
  std::size_t heading = 0;  // index of the heading line
  std::size_t end = 0;      // index just past the section's last line
  std::optional<std::size_t> last_bullet;
};

std::optional<ProfileSpan> find_profile(const std::vector<BriefLine>& lines,
                                        const std::vector<bool>& fenced) {
  std::optional<ProfileSpan> span;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (fenced[i]) {
      continue;
    }
    std::string_view t = lines[i].text;
    if (!span && trim(t) == kProfileHeading) {
      span = ProfileSpan{i, lines.size(), std::nullopt};
    } else if (span && (t.starts_with("# ") || t.starts_with("## "))) {
      span->end = i;
      break;
    } else if (span && t.starts_with("- **")) {
      span->last_bullet = i;
    }
  }
  return span;
}

// The value after "- **<label>**:" on `line`, or nullopt when the line is not that bullet.
std::optional<std::string_view> bullet_value(std::string_view line, std::string_view label) {
  const std::string head = "- **" + std::string(label) + "**:";
  if (!line.starts_with(head)) {
    return std::nullopt;
  }
  return trim(line.substr(head.size()));
}

bool is_empty_value(std::string_view value) {
  return value.empty() || value == "``" || value == "-";
}

struct Field {
  std::string_view label;
  std::string rendered;  // the bullet's full text, without the line ending
};

}  // namespace

std::string fill_docker_profile(std::string_view file, std::string_view image,
                                std::string_view port) {
  const bool port_ok =
      !port.empty() && port.size() <= 5 &&
      std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (image.empty()) {
    return std::string(file);
  }
  std::vector<Field> fields{
      {"Docker Image", ("- **Docker Image**: " + detail::md_code(image, 200)).str()}};
  if (port_ok) {  // digits only
    fields.push_back({"Docker Port", ("- **Docker Port**: " + detail::md_text(port, 5)).str()});
  }
  const auto lines = detail::split_brief_lines(file);
  const auto fenced = detail::fenced_brief_lines(lines);
  const auto span = find_profile(lines, fenced);
  if (!span || !span->last_bullet) {
    return std::string(file);
  }
  // Per line index: the replacement text, or text to add after it.
  std::vector<std::optional<std::string>> replace(lines.size());
  std::string added;
  const BriefLine& last = lines[*span->last_bullet];
  const std::string eol(
      file.substr(last.begin + last.text.size(), last.end - last.begin - last.text.size()));
  const std::string line_end = eol.empty() ? "\n" : eol;
  for (const Field& f : fields) {
    bool present = false;
    for (std::size_t i = span->heading + 1; i < span->end && !present; ++i) {
      auto value = fenced[i] ? std::nullopt : bullet_value(lines[i].text, f.label);
      if (value) {
        present = true;
        if (is_empty_value(*value)) {
          replace[i] = f.rendered;
        }
      }
    }
    if (!present) {
      added += f.rendered + line_end;
    }
  }
  std::string out;
  out.reserve(file.size() + added.size() + 64);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const BriefLine& l = lines[i];
    if (replace[i]) {
      out += *replace[i];
      out += file.substr(l.begin + l.text.size(), l.end - l.begin - l.text.size());
    } else {
      out += file.substr(l.begin, l.end - l.begin);
    }
    if (i == *span->last_bullet) {
      out += eol.empty() && !added.empty() ? "\n" + added.substr(0, added.size() - 1) : added;
    }
  }
  return out;
}

}  // namespace om::report
