// Per-operation paging verdicts for OpenAPI specs (EXTRACTION.md section 2): the rules in their
// precedence (vendor extension > Link/next header > next-URL field > cursor + feeding field >
// keyset > offset > page > time), and the passes before and after them.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "extract/detail/openapi_paging_rules.h"

namespace om::extract::detail {
namespace {

/// A string-typed `page` is a token (Stripe search), unless the response counts pages: an
/// integer `page` echo or a page count (Slack `paging.page` / `paging.pages`) makes it a number.
void number_pages(OpView& v) {
  const Field* echo = find_field(v, "page", true);
  const Field* count = find_stop(v, kPages, "integer");
  const Field* total = find_stop(v, kTotals, "integer");  // counted records: numbered pages
  if ((echo == nullptr || !in_paging_container(v, *echo)) && count == nullptr &&
      (total == nullptr || total->type.empty())) {
    return;
  }
  for (PagingInput& in : v.inputs) {
    if (in.role == PagingRole::kCursor && is_one_of(in.folded, kPageInputs)) {
      in.role = PagingRole::kPage;
    }
  }
}

bool in_named_paging_container(const Field& f) {
  std::string parent = f.path.substr(0, f.path.rfind('.'));
  return is_one_of(fold_alnum(parent.substr(parent.rfind('.') + 1)), kPagingContainers);
}

/// A string input the response feeds back is an opaque position, whatever its name: a
/// `next_<name>` field (`position` / `next_position`), or a same-named string inside a paging
/// container (`after` / `paging.cursors.after`) for an input that already pages.
void promote_fed_positions(OpView& v) {
  for (PagingInput& in : v.inputs) {
    bool stringish = in.type == "string" || in.type.empty();
    if (!stringish || in.role == PagingRole::kCursor || in.role == PagingRole::kLimit ||
        in.role == PagingRole::kSort || in.role == PagingRole::kTotalFlag) {
      continue;
    }
    const Field* next = find_field(v, "next" + in.folded);
    bool fed = next != nullptr && (next->type == "string" || next->type.empty()) &&
               !looks_like_url_field(*next);
    bool positional = in.role == PagingRole::kOffset || in.role == PagingRole::kPage ||
                      in.role == PagingRole::kKeyset;
    if (!fed && positional) {  // an echoed time filter (`since`) is not a position
      const Field* same = find_field(v, in.folded);
      fed = same != nullptr && same->depth >= 2 && same->type == "string" &&
            in_named_paging_container(*same);
    }
    if (fed) {
      in.role = PagingRole::kCursor;
    }
  }
}

/// Offset + limit beside a next URL, when the response echoes the offset or gives a total
/// (Spotify, Jira `startAt`): a client may page either way, so both are reported.
void add_offset_alternative(const OpView& v, std::vector<OpPaging>& out) {
  if (inputs_with(v, PagingRole::kOffset).empty() || inputs_with(v, PagingRole::kLimit).empty()) {
    return;
  }
  for (OpPaging& alt : offset_or_page(v)) {
    if (alt.style == PageStyle::kOffset && !alt.total_field.empty()) {
      alt.note = "an alternative to the next-page URL on the same endpoints";
      out.push_back(std::move(alt));
      // The offset is the alternative's; the next-URL family keeps its page size only.
      std::vector<std::string>& core = out.front().core_params;
      for (const PagingInput* offset : inputs_with(v, PagingRole::kOffset)) {
        core.erase(std::remove(core.begin(), core.end(), offset->name), core.end());
      }
      return;
    }
  }
}

bool is_required(const PagingInput& in) {
  const Node* required =
      in.location != "body" && in.node != nullptr ? in.node->get("required") : nullptr;
  return required != nullptr && required->boolean;
}

/// A time range the caller must give (required `from` and `to`) makes the client walk windows:
/// a time-window family beside whatever pages inside each window. Optional time inputs beside
/// a cursor or next link are filters, not paging.
void add_required_window(const OpView& v, std::vector<OpPaging>& out) {
  std::vector<const PagingInput*> required;
  for (const PagingInput* in : inputs_with(v, PagingRole::kTime)) {
    if (is_required(*in)) {
      required.push_back(in);
    }
  }
  bool windowed = std::any_of(out.begin(), out.end(),
                              [](const OpPaging& x) { return x.style == PageStyle::kTimeWindow; });
  if (required.size() < 2 || windowed || !is_list_like(v)) {
    return;
  }
  OpPaging p;
  p.style = PageStyle::kTimeWindow;
  p.confidence = confidence::kStructural;
  for (const PagingInput* in : required) {
    use_input(v, p, in);
    if (const Field* echo = find_field(v, in->folded); echo != nullptr && echo->depth == 1) {
      use_field(v, p, echo);
    }
  }
  p.note = "the time range is required";
  out.push_back(std::move(p));
}

std::vector<OpPaging> classify_one(OpView& v) {
  OpPaging p;
  if (declared_paging(v, p)) {
    if (p.core_params.empty() && p.style != PageStyle::kNone && p.style != PageStyle::kNextUrl) {
      use_role_inputs(v, p);
    }
    return {std::move(p)};
  }
  p = OpPaging{};
  if (header_paging(v, p)) {
    return {std::move(p)};
  }
  if (OpPaging fed; cursor_paging(v, fed) && fed.confidence >= confidence::kStructural &&
                    !fed.feed_field.empty() && !feeds_a_url(v, fed.feed_field)) {
    return {std::move(fed)};  // `after` fed by `paging.cursors.after` beside `paging.next`
  }
  if (next_url_paging(v, p)) {
    std::vector<OpPaging> out{std::move(p)};
    add_offset_alternative(v, out);
    return out;
  }
  if (cursor_paging(v, p) || keyset_paging(v, p)) {
    if (p.style == PageStyle::kUnknown) {  // an unfed cursor beside structural offset/page paging
      std::vector<OpPaging> numbered = offset_or_page(v);
      bool fed = std::any_of(numbered.begin(), numbered.end(), [](const OpPaging& x) {
        return x.confidence >= confidence::kStructural;
      });
      if (fed) {
        return numbered;
      }
    }
    return {std::move(p)};
  }
  std::vector<OpPaging> out = offset_or_page(v);
  if (out.empty()) {
    p = OpPaging{};
    if (time_paging(v, p)) {
      out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace

std::vector<OpPaging> classify_paging(const SpecContext& ctx, const Operation& op) {
  OpView v{ctx, op, paging_inputs(ctx, op), {}};
  if (op.success_schema != nullptr) {
    v.fields = envelope_fields(ctx, op.success_schema, op.success_schema_pointer, 3);
  }
  number_pages(v);
  promote_fed_positions(v);
  std::vector<OpPaging> out = classify_one(v);
  add_required_window(v, out);
  return out;
}

}  // namespace om::extract::detail
