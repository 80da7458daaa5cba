// A JSON object written to a stream one member at a time, with the bytes Json::dump() gives the
// whole object: a big document (a crawl's Research JSON) never needs one tree or one string.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "core/json.h"

namespace om {

/// Writes "{" at construction, then members in the order given; finish() writes "}". Between
/// begin_array() and end_array(), item() adds the member's array items one by one. The bytes
/// are those of Json::dump(indent) of the same object (compact when indent < 0). The stream
/// must outlive the writer.
class JsonObjectWriter {
 public:
  JsonObjectWriter(std::ostream& out, int indent);
  JsonObjectWriter(const JsonObjectWriter&) = delete;
  JsonObjectWriter& operator=(const JsonObjectWriter&) = delete;
  JsonObjectWriter(JsonObjectWriter&&) = delete;
  JsonObjectWriter& operator=(JsonObjectWriter&&) = delete;
  ~JsonObjectWriter() = default;

  /// A member with its whole value.
  void member(std::string_view key, const Json& value);
  /// A member whose value is an array, its items given by item() until end_array().
  void begin_array(std::string_view key);
  void item(const Json& value);
  void end_array();
  /// Closes the object (call once, last).
  void finish();

 private:
  void write_key(std::string_view key);
  std::ostream& out_;
  int indent_;
  bool any_member_ = false;
  bool any_item_ = false;
  std::string buffer_;  // the text of one member or item, reused
};

}  // namespace om
