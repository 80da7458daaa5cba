// Tests for JsonObjectWriter: the bytes of Json::dump() of the same object, pretty or compact.
#include "core/json_writer.h"

#include <sstream>
#include <string>

#include <doctest/doctest.h>

namespace om {
namespace {

/// {"a": 1, "list": [<items>], "empty": [], "o": {"k": "v"}} written member by member.
std::string written(int indent, const Json::Array& items) {
  std::ostringstream out;
  JsonObjectWriter w(out, indent);
  w.member("a", 1);
  w.begin_array("list");
  for (const Json& item : items) {
    w.item(item);
  }
  w.end_array();
  w.begin_array("empty");
  w.end_array();
  Json o = Json::object();
  o.set("k", "v");
  w.member("o", o);
  w.finish();
  return out.str();
}

Json whole(const Json::Array& items) {
  Json j = Json::object();
  j.set("a", 1);
  j.set("list", Json(items));
  j.set("empty", Json::array());
  Json o = Json::object();
  o.set("k", "v");
  j.set("o", o);
  return j;
}

}  // namespace

TEST_CASE("json writer: members and array items give the bytes of dump() of the whole object") {
  Json nested = Json::object();
  nested.set("quote", "a \"b\"\n");
  nested.set("list", Json(Json::Array{1, 2}));
  const Json::Array items{nested, Json(), "x", Json::array(), Json::object()};
  for (int indent : {-1, 0, 2, 4}) {
    CAPTURE(indent);
    CHECK(written(indent, items) == whole(items).dump(indent));
    CHECK(written(indent, {}) == whole({}).dump(indent));
  }
}

TEST_CASE("json writer: an object without members is {} as dump() writes it") {
  for (int indent : {-1, 2}) {
    std::ostringstream out;
    JsonObjectWriter w(out, indent);
    w.finish();
    CHECK(out.str() == Json::object().dump(indent));
  }
}

}  // namespace om
