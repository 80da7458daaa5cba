// Reads CONNECTOR_CONTEXT.md as Markdown (CommonMark 0.30 blocks and code spans, simplified) so
// the splice tells real om-research markers from marker text shown in code (issue #19 item 4).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace om::report::detail {

struct BriefLine {
  std::size_t begin = 0;  // offset of the first byte
  std::size_t end = 0;    // offset just past the line's '\n' (or the end of the file)
  std::string_view text;  // without '\n' and '\r'
};

/// The file's lines; "\r\n" and "\n" both end a line.
[[nodiscard]] std::vector<BriefLine> split_brief_lines(std::string_view file);

/// Per line: true inside a fenced code block (``` or ~~~, 3 or more, fence lines included). A
/// fence that never closes is read as text, not as code to the end of the file: markers written
/// after a stray fence in pasted notes must still count, or a second run would add a second block.
[[nodiscard]] std::vector<bool> fenced_brief_lines(const std::vector<BriefLine>& lines);

/// True for a line that opens or closes a fenced code block (``` or ~~~, any indentation).
[[nodiscard]] bool is_fence_line(std::string_view line);

/// Offsets of the occurrences of `marker` (an HTML comment) that are real markers: those that
/// start a line after at most 3 spaces, outside fenced code. CommonMark reads such a line as an
/// HTML block, which interrupts a paragraph (so no code span can hold it) and is never indented
/// code (4+ spaces). Marker text elsewhere in a line is inline code shown to readers, or inline
/// HTML we never write: counting it would let the body's backticks pair with the user's around
/// it, moving the marker into a code span on the next run.
[[nodiscard]] std::vector<std::size_t> markers_outside_code(std::string_view file,
                                                            std::string_view marker);

}  // namespace om::report::detail
