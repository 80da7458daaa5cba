// Splices the research section into CONNECTOR_CONTEXT.md between HTML-comment markers, following
// OPENMETADATA.md section 1 "Where to put the research section"; plus an atomic file write.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/text.h"
#include "report/detail/brief_scan.h"
#include "report/report.h"

namespace om::report {
namespace {

using detail::BriefLine;

// ATX heading level (1-6) and text, or level 0. Up to 3 spaces of indentation are allowed.
int heading_level(std::string_view line, std::string_view* text) {
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') {
    ++i;
  }
  std::size_t hashes = 0;
  while (i + hashes < line.size() && line[i + hashes] == '#') {
    ++hashes;
  }
  if (hashes == 0 || hashes > 6) {
    return 0;
  }
  std::size_t after = i + hashes;
  if (after < line.size() && line[after] != ' ' && line[after] != '\t') {
    return 0;
  }
  *text = trim(line.substr(after));
  return static_cast<int>(hashes);
}

// "Step 1: Read the Reference Connector" and "Read the Reference Connector" both match: headings
// are matched by text, never by step number.
bool is_step1_heading(std::string_view text) {
  if (text.size() > 5 && iequals(text.substr(0, 5), "step ")) {
    std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
      text = trim(text.substr(colon + 1));
    }
  }
  return iequals(text, "Read the Reference Connector");
}

// Offset where a fresh section goes (DESIGN.md order of fallbacks); npos = append at the end.
std::size_t insertion_point(std::string_view file) {
  std::vector<BriefLine> lines = detail::split_brief_lines(file);
  std::vector<bool> fenced = detail::fenced_brief_lines(lines);
  std::size_t step1 = std::string_view::npos;
  std::size_t profile = std::string_view::npos;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view text;
    if (fenced[i] || heading_level(lines[i].text, &text) != 2) {
      continue;
    }
    if (is_step1_heading(text)) {
      step1 = i;  // the last one: raw docs notes come earlier in the file
    } else if (iequals(text, "Connector Profile") && profile == std::string_view::npos) {
      profile = i;
    }
  }
  if (step1 != std::string_view::npos) {
    return lines[step1].begin;
  }
  if (profile == std::string_view::npos) {
    return std::string_view::npos;
  }
  for (std::size_t i = profile + 1; i < lines.size(); ++i) {
    std::string_view text;
    int level = fenced[i] ? 0 : heading_level(lines[i].text, &text);
    if (level == 1 || level == 2) {
      return lines[i].begin;
    }
  }
  return std::string_view::npos;
}

bool has_fence_line(std::string_view body) {
  for (const BriefLine& line : detail::split_brief_lines(body)) {
    if (detail::is_fence_line(line.text)) {
      return true;
    }
  }
  return false;
}

// begin marker, body (ending in a newline), end marker; no newline after the end marker.
std::string marked_block(std::string_view body, std::string_view nl) {
  std::string block(kBeginMarker);
  block += nl;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t p = body.find('\n', pos);
    std::string_view line =
        body.substr(pos, p == std::string_view::npos ? body.size() - pos : p - pos);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    block += line;
    block += nl;
    pos = p == std::string_view::npos ? body.size() : p + 1;
  }
  block += kEndMarker;
  return block;
}

bool previous_line_is_blank(std::string_view file, std::size_t at) {
  if (at == 0) {
    return true;
  }
  std::string_view before = file.substr(0, at - 1);  // drop the '\n' ending the previous line
  std::size_t nl = before.rfind('\n');
  return trim(before.substr(nl == std::string_view::npos ? 0 : nl + 1)).empty();
}

std::string insert_block(std::string_view file, const std::string& block, std::string_view nl) {
  if (file.empty()) {
    return block + std::string(nl);
  }
  std::size_t at = insertion_point(file);
  std::string out;
  out.reserve(file.size() + block.size() + 8);
  if (at == std::string_view::npos) {  // append, keeping the file's final-newline convention
    bool ends_nl = file.back() == '\n';
    out.append(file);
    out.append(nl);
    if (!ends_nl) {
      out.append(nl);
    }
    out.append(block);
    if (ends_nl) {
      out.append(nl);
    }
    return out;
  }
  out.append(file.substr(0, at));
  if (!previous_line_is_blank(file, at)) {
    out.append(nl);
  }
  out.append(block);
  out.append(nl);
  out.append(nl);
  out.append(file.substr(at));
  return out;
}

}  // namespace

Result<std::string> splice_research_section(std::string_view file, std::string_view body) {
  if (body.find("<!-- om-research:") != std::string_view::npos ||
      body.find(kBeginMarker) != std::string_view::npos ||
      body.find(kEndMarker) != std::string_view::npos) {
    return Error{ErrorCode::kRefused, "research section body contains an om-research marker"};
  }
  if (has_fence_line(body)) {  // it could close a fence of the file's and hide our markers
    return Error{ErrorCode::kRefused, "research section body contains a code fence line"};
  }
  // Only markers Markdown reads as HTML count: marker text shown in code is the user's text.
  const std::vector<std::size_t> begin_at = detail::markers_outside_code(file, kBeginMarker);
  const std::vector<std::size_t> end_at = detail::markers_outside_code(file, kEndMarker);
  std::size_t begins = begin_at.size();
  std::size_t ends = end_at.size();
  std::size_t first_nl = file.find('\n');
  // CRLF when the first line ends in "\r\n", or when the only line ends in '\r': appending to
  // "text\r" makes that the first line, so the next splice must choose the same line ending.
  bool crlf = first_nl != std::string_view::npos ? first_nl > 0 && file[first_nl - 1] == '\r'
                                                 : !file.empty() && file.back() == '\r';
  std::string_view nl = crlf ? "\r\n" : "\n";
  std::string block = marked_block(body, nl);
  if (begins == 0 && ends == 0) {
    return insert_block(file, block, nl);
  }
  if (begins != 1 || ends != 1 || end_at[0] < begin_at[0]) {
    return Error{ErrorCode::kParse, "CONNECTOR_CONTEXT.md has " + std::to_string(begins) +
                                        " begin and " + std::to_string(ends) +
                                        " end om-research markers outside code (need exactly "
                                        "one of each, begin first); fix the file by hand"};
  }
  std::size_t b = begin_at[0];
  std::size_t e = end_at[0];
  std::string out(file.substr(0, b));
  out += block;
  out += file.substr(e + kEndMarker.size());
  return out;
}

Status write_file_atomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::path tmp = dir / ("." + target.filename().string() + ".om-research.tmp");
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Error{ErrorCode::kStorage, "cannot create " + tmp.string()};
  }
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = std::fflush(f) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  std::error_code ec;
  if (!ok) {
    fs::remove(tmp, ec);
    return Error{ErrorCode::kStorage, "cannot write " + tmp.string()};
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error{ErrorCode::kStorage, "cannot rename " + tmp.string() + " to " + path};
  }
  return Ok{};
}

}  // namespace om::report
