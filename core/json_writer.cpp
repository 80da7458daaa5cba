// JsonObjectWriter: Json::dump()'s layout (json.cpp), one member or array item at a time.
#include "core/json_writer.h"

#include <ostream>

namespace om {
namespace {

/// Levels: the object is at 0, its members at 1, the items of an array member at 2.
void newline(std::string& out, int indent, int level) {
  if (indent < 0) {
    return;
  }
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), ' ');
}

}  // namespace

JsonObjectWriter::JsonObjectWriter(std::ostream& out, int indent) : out_(out), indent_(indent) {
  out_ << '{';
}

void JsonObjectWriter::write_key(std::string_view key) {
  buffer_.clear();
  if (any_member_) {
    buffer_ += ',';
  }
  any_member_ = true;
  newline(buffer_, indent_, 1);
  append_json_string(buffer_, key);
  buffer_ += indent_ < 0 ? ":" : ": ";
}

void JsonObjectWriter::member(std::string_view key, const Json& value) {
  write_key(key);
  value.dump_to(buffer_, indent_, 1);
  out_ << buffer_;
}

void JsonObjectWriter::begin_array(std::string_view key) {
  write_key(key);
  buffer_ += '[';
  out_ << buffer_;
  any_item_ = false;
}

void JsonObjectWriter::item(const Json& value) {
  buffer_.clear();
  if (any_item_) {
    buffer_ += ',';
  }
  any_item_ = true;
  newline(buffer_, indent_, 2);
  value.dump_to(buffer_, indent_, 2);
  out_ << buffer_;
}

void JsonObjectWriter::end_array() {
  buffer_.clear();
  if (any_item_) {
    newline(buffer_, indent_, 1);
  }
  buffer_ += ']';
  out_ << buffer_;
}

void JsonObjectWriter::finish() {
  buffer_.clear();
  if (any_member_) {
    newline(buffer_, indent_, 0);
  }
  buffer_ += '}';
  out_ << buffer_;
}

}  // namespace om
