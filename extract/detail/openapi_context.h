// SpecContext: one parsed OpenAPI 3.x / Swagger 2.0 document normalised for the detectors
// (operations with merged parameters, success response and schema, effective security).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "extract/detail/spec_tree.h"

namespace om::extract::detail {

/// A parameter after $ref resolution; path-level and operation-level merged (op wins).
struct Param {
  std::string_view name;
  std::string_view in;           // query|header|path|cookie|body|formData
  const Node* node = nullptr;    // the resolved Parameter Object
  const Node* schema = nullptr;  // 3.x `schema` (resolved $ref); 2.0: the parameter itself
                                 // (it carries type/format/default/maximum), or `schema` for body
  std::string_view description;
  std::string pointer;  // JSON pointer of `node` (inside components when it was a $ref)
};

/// A response header declared on a response (success or other).
struct ResponseHeader {
  std::string_view name;
  const Node* node = nullptr;  // resolved Header Object
  std::string pointer;
};

/// Security in effect for an operation: alternatives (OR) of scheme-name sets (AND).
struct SecurityUse {
  bool declared = false;        // false: neither the operation nor the document states security
  bool from_operation = false;  // the operation's own `security` replaced the global one
  const Node* node = nullptr;   // the `security` array used
  std::string pointer;          // its JSON pointer ("/security" or "/paths/~1x/get/security")
  std::vector<std::vector<std::string_view>> alternatives;  // [] = public (`security: []`)
};

struct Operation {
  std::string method;     // upper-case: GET, POST, ...
  std::string_view path;  // verbatim key under `paths`
  std::string pointer;    // "/paths/~1users/get"
  const Node* op = nullptr;
  const Node* path_item = nullptr;  // resolved Path Item Object
  std::vector<Param> params;
  std::string_view success_status;         // "200", "201", "2XX", "default" or ""
  const Node* success_response = nullptr;  // resolved Response Object
  std::string success_pointer;             // its JSON pointer
  const Node* success_schema = nullptr;  // resolved schema of the JSON-ish content (or 2.0 schema)
  std::string success_schema_pointer;
  std::vector<ResponseHeader> response_headers;  // headers of the success response
  SecurityUse security;
  /// Param by name (case-insensitive) and optional location, or nullptr.
  [[nodiscard]] const Param* param(std::string_view name, std::string_view in = {}) const;
};

/// A schema after following $ref and merging `allOf` (bounded depth, cycle-safe).
struct SchemaView {
  const Node* node = nullptr;  // the resolved schema itself (nullptr if unresolvable)
  std::string pointer;         // where `node` lives
  // Own + allOf parts' properties (first declaration wins), members of the tree (their values
  // are inline: a copied Member would not be). Values are raw (may be $ref): resolve_schema them.
  std::vector<std::reference_wrapper<const Member>> properties;
  std::vector<std::string_view> required;
  bool is_array = false;   // type array, or ["array","null"] (3.1), or `items` without a type
  bool is_object = false;  // type object, or has properties
  bool nullable = false;
  bool has_alternatives = false;  // oneOf/anyOf present (shape is ambiguous)
  const Node* items = nullptr;    // resolved `items` schema when is_array
  std::string items_pointer;
  [[nodiscard]] const Node* property(std::string_view name) const;
};

/// What the detectors share. Views and pointers refer into `tree`, which must outlive this.
class SpecContext {
 public:
  SpecContext(const SpecTree& tree, std::string url);

  [[nodiscard]] const SpecTree& tree() const { return *tree_; }
  [[nodiscard]] const Node* root() const { return tree_->root(); }
  [[nodiscard]] const std::string& url() const { return url_; }
  /// 2 for Swagger 2.0, 3 for OpenAPI 3.x; `version_text` is the raw value ("3.1.0").
  [[nodiscard]] int major_version() const { return major_; }
  [[nodiscard]] std::string_view version_text() const { return version_text_; }
  /// Every operation, in document order.
  [[nodiscard]] const std::vector<Operation>& operations() const { return operations_; }

  /// Evidence {url, pointer, verbatim quote of `node` (<= 240 bytes)}.
  [[nodiscard]] Evidence evidence(const Node* node, std::string pointer) const;
  /// Follows $ref (updating `pointer` when given); nullptr for dangling/cyclic/external refs.
  [[nodiscard]] const Node* resolve(const Node* node, std::string* pointer = nullptr) const;
  /// $ref-resolved, allOf-merged view of a schema.
  [[nodiscard]] SchemaView resolve_schema(const Node* schema, std::string pointer = {}) const;
  /// The security schemes object (3.x components.securitySchemes / 2.0 securityDefinitions).
  [[nodiscard]] const Node* security_schemes(std::string* pointer = nullptr) const;

 private:
  void collect_operations();
  void add_operation(std::string_view path, const Node* item, std::string item_pointer,
                     std::string_view method, const Node* op);

  const SpecTree* tree_;
  std::string url_;
  int major_ = 3;
  std::string_view version_text_;
  std::vector<Operation> operations_;
};

/// True for `type: array` and 3.1 `type: [array, "null"]`.
[[nodiscard]] bool schema_has_type(const Node* schema, std::string_view type);

// Detectors: each appends facts (with evidence) and gaps. Order in openapi.cpp = report order.
void detect_servers(const SpecContext& ctx, Findings& out);  // base URLs + API versions
void detect_auth(const SpecContext& ctx, Findings& out);
void detect_endpoints(const SpecContext& ctx, Findings& out);
void detect_rate_limits(const SpecContext& ctx, Findings& out);
void detect_pagination(const SpecContext& ctx, Findings& out);  // openapi_pagination.cpp
void detect_entities(const SpecContext& ctx, Findings& out);    // openapi_entities.cpp

}  // namespace om::extract::detail
