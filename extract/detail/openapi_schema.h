// Schema walking shared by the OpenAPI pagination and entity detectors: envelope fields of a
// response, request-body properties, the records array, and the per-operation paging verdict.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"  // fold_alnum: names are compared folded
#include "core/types.h"
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

/// The schema's type: the first non-"null" `type` (3.1 lists), else "array" when it has `items`,
/// "object" when it has `properties`, else "".
[[nodiscard]] std::string_view schema_type(const Node* schema);

/// One property of a response envelope, found breadth-first (least nested first).
struct Field {
  std::string path;              // dotted from the envelope: "meta.next_token", "_links.next.href"
  std::string_view name;         // last key
  std::string pointer;           // JSON pointer of the property schema (after $ref)
  const Node* schema = nullptr;  // resolved property schema
  std::string_view type;         // schema_type(schema)
  int depth = 1;                 // 1 = top-level property
};

/// Object properties of `schema` up to `max_depth` levels (allOf merged, $ref followed, never
/// into arrays), at most 256 fields: bounded, so linear in the size of the spec.
[[nodiscard]] std::vector<Field> envelope_fields(const SpecContext& ctx, const Node* schema,
                                                 const std::string& pointer, int max_depth = 3);

/// The JSON request body schema (3.x requestBody or 2.0 `in: body`), or nullptr.
[[nodiscard]] const Node* request_body_schema(const SpecContext& ctx, const Operation& op,
                                              std::string* pointer);

/// Where the records are in a success response: "$" for a bare array, else the dotted path of
/// the preferred or least-nested array property ("data", "dags", "content.results"), or "" when
/// unknown or ambiguous. `plural` (folded entity plural, may be empty) breaks ties.
struct RecordsPath {
  std::string path;
  std::string pointer;          // where the array schema is
  const Node* items = nullptr;  // resolved item schema, if any
  std::string items_pointer;
};
[[nodiscard]] RecordsPath find_records(const SpecContext& ctx, const Operation& op,
                                       std::string_view plural);

/// What a request input does for paging, judged from its folded name and type.
enum class PagingRole {
  kNone,
  kOffset,     // offset, skip, start, $skip (integers)
  kLimit,      // limit, per_page, page_size, $top, maxResults
  kPage,       // page, page_number (integers)
  kCursor,     // cursor, page_token, start_cursor, after, a string `page`
  kKeyset,     // starting_after, ending_before, after_id, since_id, marker, integer `since`
  kSince,      // `since` that may be an id or a time
  kTime,       // updated_since, start_time/end_time, until
  kTotalFlag,  // total=true, include_total
  kSort,       // order_by, sort
};

/// A query parameter (or request-body property of a POST search) with a paging role.
struct PagingInput {
  std::string name;    // verbatim; a nested body property is dotted ("pagination.rowOffset")
  std::string folded;  // of the last key
  PagingRole role = PagingRole::kNone;
  std::string_view type;       // schema type ("" when untyped)
  const Node* node = nullptr;  // the Parameter Object or body property (for quotes)
  std::string pointer;
  const Node* schema = nullptr;  // holds default/maximum/minimum/format
  std::string_view description;
  std::string_view location;  // query|body|header
  bool deprecated = false;
};

/// Paging inputs of an operation: query/header parameters, plus body properties for POST reads.
[[nodiscard]] std::vector<PagingInput> paging_inputs(const SpecContext& ctx, const Operation& op);

/// Page size from the input's schema (default, maximum), else from numbers its description
/// states ("The default value is 100", "Maximum: `100`", "between 25 and 500").
[[nodiscard]] PageSize page_size_of(const PagingInput& input);

/// True when a parameter's description calls it a paging position: "the pagination cursor",
/// "an opaque token", "the token from the previous response's next page".
[[nodiscard]] bool describes_cursor(std::string_view description);

/// True when the text reads as a URL reference: format uri/url, a url/link/href name, or an
/// example/description saying so.
[[nodiscard]] bool looks_like_url_field(const Field& field);

/// The paging verdict for one operation (openapi_pagination.cpp). An operation may offer two
/// styles at once (limit/offset plus deprecated page/per_page): one entry each.
struct OpPaging {
  std::optional<PageStyle> style;        // nullopt until a rule decides
  std::string location = "query";        // query|body|header (where the request params go)
  std::vector<std::string> core_params;  // the params that move the window
  std::vector<std::string> aux_params;   // sort order, total switches
  std::vector<std::string> response_fields;
  std::vector<std::string> response_headers;
  std::string has_more_field, total_field, pages_field, feed_field;
  PageSize page_size;
  std::string records_path;  // when an extension names it
  std::string note;          // "deprecated", "alternative to ...": part of the family key
  int page_base = -1;        // page style: first page number when stated (0 or 1)
  double confidence = confidence::kLexical;
  EvidenceList evidence;
  std::vector<std::string> candidates;  // for `unknown`: what competed
};
[[nodiscard]] std::vector<OpPaging> classify_paging(const SpecContext& ctx, const Operation& op);

/// True for a POST that reads: its last segment (or operationId) says search/query/list.
[[nodiscard]] bool is_post_read(const Operation& op);

}  // namespace om::extract::detail
