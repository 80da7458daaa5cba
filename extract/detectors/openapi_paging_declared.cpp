// Paging declared by vendor extensions on an operation: x-ms-pageable, x-fern-pagination,
// x-speakeasy-pagination, and any other x-*paginat* / x-*pageable* object with a type or style.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.h"
#include "extract/detail/openapi_paging_rules.h"

namespace om::extract::detail {
namespace {

std::optional<PageStyle> style_from_word(std::string_view word) {
  std::string f = fold_alnum(word);
  if (f == "offset" || f == "offsetlimit" || f == "limitoffset") {
    return PageStyle::kOffset;
  }
  if (f == "page" || f == "pagenumber" || f == "pagebased" || f == "pageincrement") {
    return PageStyle::kPage;
  }
  if (f == "cursor" || f == "cursorbased" || f == "token") {
    return PageStyle::kCursor;
  }
  if (f == "cursorid" || f == "keyset") {
    return PageStyle::kKeyset;
  }
  if (f == "url" || f == "nexturl" || f == "cursorurl" || f == "nextlink" || f == "bodylink") {
    return PageStyle::kNextUrl;
  }
  if (f == "link" || f == "linkheader") {
    return PageStyle::kLinkHeader;
  }
  if (f == "fakepage" || f == "none" || f == "singlepage") {
    return PageStyle::kNone;
  }
  return {};
}

/// "$response.data.next" / "$.next_cursor" / "$request.cursor" -> "data.next" / ... / "cursor".
std::string strip_expression(std::string_view expr) {
  for (std::string_view prefix : {"$response.body#/", "$response.", "$request.", "$."}) {
    if (expr.starts_with(prefix)) {
      expr.remove_prefix(prefix.size());
      break;
    }
  }
  std::string out(expr);
  std::replace(out.begin(), out.end(), '/', '.');
  return out;
}

/// Request inputs named in an extension object (any string "$request.x", or inputs[].name).
void use_declared_inputs(const OpView& v, OpPaging& p, const Node* ext) {
  const Node* inputs = ext->get("inputs");
  for (std::uint32_t i = 0; inputs != nullptr && inputs->is_array() && i < inputs->items().size();
       ++i) {
    std::string_view name = inputs->items()[i].str("name");
    for (const PagingInput& in : v.inputs) {
      if (in.name == name) {
        use_input(v, p, &in);
      }
    }
    if (inputs->items()[i].str("type") == "limit") {
      for (const PagingInput& in : v.inputs) {
        if (in.name == name) {
          p.page_size = page_size_of(in);
        }
      }
    }
  }
  for (std::uint32_t i = 0; i < ext->members().size(); ++i) {
    std::string_view text = ext->members()[i].value()->text();
    if (ext->members()[i].value()->is_string() && text.starts_with("$request.")) {
      std::string name = strip_expression(text);
      for (const PagingInput& in : v.inputs) {
        if (in.name == name) {
          use_input(v, p, &in);
        }
      }
    }
  }
}

/// Fern: {cursor, next_cursor, results} | {offset, results, has-next-page} | {next_uri|next_path}.
std::optional<PageStyle> fern_style(const Node* ext, OpPaging& p) {
  p.records_path = strip_expression(ext->str("results"));
  if (ext->get("cursor") != nullptr) {
    p.feed_field = strip_expression(ext->str("next_cursor"));
    return PageStyle::kCursor;
  }
  if (ext->get("next_uri") != nullptr || ext->get("next_path") != nullptr) {
    p.feed_field =
        strip_expression(ext->get("next_uri") ? ext->str("next_uri") : ext->str("next_path"));
    return PageStyle::kNextUrl;
  }
  if (ext->get("offset") != nullptr) {
    p.has_more_field = strip_expression(ext->str("has-next-page"));
    std::string f = fold_alnum(strip_expression(ext->str("offset")));
    return f.find("page") != std::string::npos ? PageStyle::kPage : PageStyle::kOffset;
  }
  return {};
}

/// Speakeasy: {type: offsetLimit|cursor|url, inputs: [...], outputs: {results, nextCursor, ...}}.
std::optional<PageStyle> speakeasy_style(const Node* ext, OpPaging& p) {
  std::optional<PageStyle> style = style_from_word(ext->str("type"));
  const Node* outputs = ext->get("outputs");
  if (outputs != nullptr && outputs->is_object()) {
    p.records_path = strip_expression(outputs->str("results"));
    std::string_view next = outputs->str("nextCursor");
    if (next.empty()) {
      next = outputs->str("nextUrl");
    }
    p.feed_field = strip_expression(next);
    p.pages_field = strip_expression(outputs->str("numPages"));
    if (style == PageStyle::kCursor && next.find("[-1]") != std::string_view::npos) {
      style = PageStyle::kKeyset;  // the next cursor is the last record's id
    }
  }
  const Node* inputs = ext->get("inputs");
  for (std::uint32_t i = 0; inputs != nullptr && inputs->is_array() && i < inputs->items().size();
       ++i) {
    if (style == PageStyle::kOffset && inputs->items()[i].str("type") == "page") {
      style = PageStyle::kPage;
    }
  }
  return style;
}

}  // namespace

/// Declared by a vendor extension on the operation (or Fern's root, inherited by `true`).
bool declared_paging(const OpView& v, OpPaging& p) {
  const Node* op = v.op.op;
  std::string pointer;
  for (std::uint32_t i = 0; i < op->members().size() && !p.style; ++i) {
    std::string_view key = op->members()[i].key();
    const Node* ext = op->members()[i].value();
    pointer = pointer_append(v.op.pointer, key);
    if (!key.starts_with("x-") || (!icontains(key, "paginat") && !icontains(key, "pageable"))) {
      continue;
    }
    if (key == "x-fern-pagination" && ext->type == NodeType::kBool && ext->boolean) {
      ext = v.ctx.root()->get("x-fern-pagination");
      pointer = "/x-fern-pagination";
    }
    if (ext == nullptr || !ext->is_object()) {
      continue;
    }
    if (key == "x-ms-pageable") {
      const Node* next = ext->get("nextLinkName");
      p.style =
          next != nullptr && next->type == NodeType::kNull ? PageStyle::kNone : PageStyle::kNextUrl;
      p.feed_field = next == nullptr ? "nextLink" : std::string(next->text());
      p.records_path = ext->get("itemName") ? std::string(ext->str("itemName")) : "value";
    } else if (key == "x-fern-pagination") {
      p.style = fern_style(ext, p);
    } else if (key == "x-speakeasy-pagination") {
      p.style = speakeasy_style(ext, p);
    } else {
      std::string_view word = ext->str("type");
      p.style = style_from_word(word.empty() ? ext->str("style") : word);
    }
    if (!!p.style) {
      p.evidence.push_back(v.ctx.evidence(ext, pointer));
      use_declared_inputs(v, p, ext);
      if (!p.feed_field.empty()) {
        p.response_fields.push_back(p.feed_field);
      }
    }
  }
  p.confidence = confidence::kDeclared;
  return !!p.style;
}

}  // namespace om::extract::detail
