// SpecTree's YAML 1.2 reader: libfyaml's event parser built into the arena tree, with anchors,
// aliases and merge keys, bounded alias expansion, and error positions from libfyaml's diagnostics.
#include <cctype>
#include <cstdint>

#include <libfyaml.h>

#include "core/c_handle.h"
#include "core/text.h"
#include "extract/detail/spec_build.h"
#include "extract/detail/yaml_depth.h"

namespace om::extract::detail {
namespace {

using FyParser = CHandle<fy_parser, fy_parser_destroy>;
// fy_diag_destroy, not fy_diag_unref: only destroy frees the errors collected for messages.
using FyDiag = CHandle<fy_diag, fy_diag_destroy>;
struct FyEventDeleter {
  fy_parser* parser;
  void operator()(fy_event* e) const noexcept { fy_parser_event_free(parser, e); }
};
using FyEvent = std::unique_ptr<fy_event, FyEventDeleter>;

std::string_view token_text(fy_token* token) {
  if (token == nullptr) {
    return {};
  }
  std::size_t len = 0;
  const char* text = fy_token_get_text(token, &len);
  return text == nullptr ? std::string_view() : std::string_view(text, len);
}

/// YAML 1.2 core schema resolution of a plain scalar.
void type_plain_scalar(Node& node) {
  std::string_view t = node.text();
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") {
    node.type = NodeType::kNull;
  } else if (t == "true" || t == "True" || t == "TRUE" || t == "false" || t == "False" ||
             t == "FALSE") {
    node.type = NodeType::kBool;
    node.boolean = t[0] == 't' || t[0] == 'T';
  } else {
    std::string_view digits = (t[0] == '-' || t[0] == '+') ? t.substr(1) : t;
    bool is_int = all_of_chars(digits, "0123456789");
    bool is_hex = t.size() > 2 && t.substr(0, 2) == "0x" &&
                  all_of_chars(t.substr(2), "0123456789abcdefABCDEF");
    bool is_oct = t.size() > 2 && t.substr(0, 2) == "0o" && all_of_chars(t.substr(2), "01234567");
    bool is_float = !is_int && all_of_chars(digits, "0123456789.eE+-") &&
                    digits.find_first_of("0123456789") != std::string_view::npos &&
                    (std::isdigit(static_cast<unsigned char>(digits[0])) != 0 || digits[0] == '.');
    if (is_int || is_hex || is_oct || is_float) {
      std::string copy(t);
      // Only whether it parses to the end: Node::number() parses the text again, the same way.
      char* end = nullptr;
      if (is_hex || is_oct) {
        static_cast<void>(std::strtoull(copy.c_str() + 2, &end, is_hex ? 16 : 8));
      } else {
        static_cast<void>(std::strtod(copy.c_str(), &end));
      }
      if (end != nullptr && *end == '\0') {
        node.type = NodeType::kNumber;
      }
    }
  }
}

struct YamlFrame {
  Node node;              // its members/items are set when the container ends
  std::size_t from;       // start of this container's children in the scratch stacks
  std::uint64_t weight;   // nodes under this one with aliases expanded
  bool have_key = false;  // mapping: a key is waiting for its value
  std::string_view key;
  std::uint32_t key_offset = 0;
  std::string_view anchor;
  std::vector<Node> merges;  // `<<` merge-key sources, applied at the end
  bool names = false;        // mapping: its keys are names (keys_are_names() of its own key)
};

class YamlBuilder {
 public:
  YamlBuilder(SpecTree::Impl& impl) : impl_(impl) {}  // NOLINT(google-explicit-constructor)
  Status run(fy_parser* parser, std::string_view name);

 private:
  Status on_event(fy_event* event, std::string_view name);
  /// Inside an example payload (is_example_payload()): events are only counted, and the payload
  /// is attached as an empty container spanning its source text when it ends.
  Status skip_event(fy_event* event, std::string_view name);
  Status attach(const Node& node, std::uint64_t weight, std::string_view name);
  void finish_mapping(YamlFrame& frame);
  static Node start_node(fy_event* event, NodeType type);
  /// Text libfyaml hands back from the input itself (scalars without escapes or folding) is
  /// viewed in place, like JSON strings; the rest is copied, as a token's buffer dies with it.
  std::string_view keep(std::string_view text) {
    auto at = reinterpret_cast<std::uintptr_t>(text.data());
    auto base = reinterpret_cast<std::uintptr_t>(impl_.text_view.data());
    if (at >= base && at + text.size() <= base + impl_.text_view.size()) {
      return text;
    }
    return impl_.arena.copy(text);
  }
  Error error_at(std::string_view name, std::size_t offset, std::string_view what) const {
    return Error{ErrorCode::kParse, std::string(name) + ": invalid YAML at " +
                                        position_of(impl_.text_view, offset) + ": " +
                                        std::string(what)};
  }

  SpecTree::Impl& impl_;
  Scratch scratch_;
  std::vector<YamlFrame> stack_;
  std::unordered_map<std::string_view, std::pair<Node, std::uint64_t>> anchors_;
  std::uint32_t aliases_ = 0;
  bool done_ = false;
  std::uint32_t skip_depth_ = 0;  // open containers of the example payload being skipped
  Node skipped_;
};

Node YamlBuilder::start_node(fy_event* event, NodeType type) {
  Node node;
  node.type = type;
  if (const fy_mark* mark = fy_event_start_mark(event)) {
    node.offset = static_cast<std::uint32_t>(mark->input_pos);
  }
  return node;
}

Status YamlBuilder::attach(const Node& node, std::uint64_t weight, std::string_view name) {
  if (stack_.empty()) {
    Node* root = impl_.arena.make_array<Node>(1);
    *root = node;
    impl_.root = root;
    done_ = true;
    return Ok{};
  }
  YamlFrame& top = stack_.back();
  top.weight += weight;
  if (top.weight > impl_.limits.max_expanded_nodes) {
    return error_at(name, node.offset, "too many nodes after alias expansion");
  }
  if (top.node.type == NodeType::kArray) {
    scratch_.items.push_back(node);
  } else if (!top.have_key) {
    top.have_key = true;
    // Complex keys (mappings as keys) are keyed by their source position's text: rare in specs.
    top.key = node.text();
    top.key_offset = node.offset;
  } else {
    top.have_key = false;
    if (top.key == "<<" && (node.is_object() || node.is_array())) {
      top.merges.push_back(node);
    } else {
      scratch_.members.emplace_back(top.key, node, top.key_offset);
    }
  }
  return Ok{};
}

void YamlBuilder::finish_mapping(YamlFrame& frame) {
  // YAML merge keys: explicit members win, then earlier merge sources win over later ones.
  for (const Node& source : frame.merges) {
    std::span<const Node> parts =
        source.is_object() ? std::span<const Node>(&source, 1) : source.items();
    for (const Node& part : parts) {
      for (const Member& member : part.members()) {
        auto first = scratch_.members.begin() + static_cast<std::ptrdiff_t>(frame.from);
        bool present = std::any_of(first, scratch_.members.end(),
                                   [&](const Member& have) { return have.key() == member.key(); });
        if (!present) {
          scratch_.members.push_back(member);
        }
      }
    }
  }
  commit_members(impl_.arena, scratch_, frame.from, frame.node);
}

Status YamlBuilder::skip_event(fy_event* event, std::string_view name) {
  fy_token* anchor = nullptr;
  switch (event->type) {
    case FYET_MAPPING_START:
      ++skip_depth_;
      anchor = event->mapping_start.anchor;
      break;
    case FYET_SEQUENCE_START:
      ++skip_depth_;
      anchor = event->sequence_start.anchor;
      break;
    case FYET_SCALAR:
      anchor = event->scalar.anchor;
      break;
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END:
      if (--skip_depth_ == 0) {
        if (const fy_mark* mark = fy_event_end_mark(event)) {
          skipped_.end = static_cast<std::uint32_t>(mark->input_pos);
        }
        return attach(skipped_, 1, name);
      }
      break;
    default:
      break;
  }
  // An anchor inside a payload stays known, as an empty value: an alias to it elsewhere (which
  // no real spec does) gets null rather than failing the whole document.
  if (std::string_view text = token_text(anchor); !text.empty()) {
    anchors_[impl_.arena.copy(text)] = {Node{}, 1};
  }
  return Ok{};
}

Status YamlBuilder::on_event(fy_event* event, std::string_view name) {
  if (skip_depth_ > 0) {
    return skip_event(event, name);
  }
  switch (event->type) {
    case FYET_MAPPING_START:
    case FYET_SEQUENCE_START: {
      bool is_map = event->type == FYET_MAPPING_START;
      Node node = start_node(event, is_map ? NodeType::kObject : NodeType::kArray);
      if (stack_.size() >= impl_.limits.max_depth) {
        return error_at(name, node.offset, "nesting deeper than the limit");
      }
      const YamlFrame* parent = stack_.empty() ? nullptr : &stack_.back();
      const bool keyed = parent != nullptr && parent->node.is_object() && parent->have_key;
      if (keyed && is_example_payload(parent->names, parent->key)) {
        skipped_ = node;
        return skip_event(event, name);
      }
      fy_token* anchor = is_map ? event->mapping_start.anchor : event->sequence_start.anchor;
      stack_.push_back(YamlFrame{node,
                                 is_map ? scratch_.members.size() : scratch_.items.size(),
                                 1,
                                 false,
                                 {},
                                 0,
                                 impl_.arena.copy(token_text(anchor)),
                                 {},
                                 is_map && keyed && keys_are_names(parent->key)});
      return Ok{};
    }
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END: {
      YamlFrame frame = std::move(stack_.back());
      stack_.pop_back();
      if (frame.node.is_object()) {
        finish_mapping(frame);
      } else {
        commit_items(impl_.arena, scratch_, frame.from, frame.node);
      }
      if (const fy_mark* mark = fy_event_end_mark(event)) {
        frame.node.end = static_cast<std::uint32_t>(mark->input_pos);
      }
      if (!frame.anchor.empty()) {
        anchors_[frame.anchor] = {frame.node, frame.weight};
      }
      return attach(frame.node, frame.weight, name);
    }
    case FYET_SCALAR: {
      Node node = start_node(event, NodeType::kString);
      node.set_text(keep(token_text(event->scalar.value)));
      if (const fy_mark* mark = fy_event_end_mark(event)) {
        node.end = static_cast<std::uint32_t>(mark->input_pos);
      }
      if (fy_token_scalar_style(event->scalar.value) == FYSS_PLAIN &&
          event->scalar.tag == nullptr) {
        type_plain_scalar(node);
      }
      std::string_view anchor = token_text(event->scalar.anchor);
      if (!anchor.empty()) {
        anchors_[impl_.arena.copy(anchor)] = {node, 1};
      }
      return attach(node, 1, name);
    }
    case FYET_ALIAS: {
      std::size_t offset = 0;
      if (const fy_mark* mark = fy_event_start_mark(event)) {
        offset = mark->input_pos;
      }
      if (++aliases_ > impl_.limits.max_yaml_aliases) {
        return error_at(name, offset, "too many aliases");
      }
      auto found = anchors_.find(token_text(event->alias.anchor));
      if (found == anchors_.end()) {
        return error_at(name, offset, "alias to an unknown or unfinished anchor");
      }
      return attach(found->second.first, found->second.second, name);
    }
    default:
      return Ok{};
  }
}

Status YamlBuilder::run(fy_parser* parser, std::string_view name) {
  while (!done_) {
    FyEvent event(fy_parser_parse(parser), FyEventDeleter{parser});
    if (!event) {
      break;
    }
    if (event->type == FYET_STREAM_END) {
      break;
    }
    Status status = on_event(event.get(), name);
    if (!status) {
      return status;
    }
  }
  return Ok{};
}

void drop_diag_output(fy_diag* /*diag*/, void* /*user*/, const char* /*buf*/, std::size_t /*len*/) {
}

}  // namespace

Status parse_yaml(SpecTree::Impl& impl, const SpecInput& input, std::string_view name) {
  impl.format = SpecFormat::kYaml;
  if (!is_valid_utf8(input.bytes)) {  // libfyaml 0.7.12 never returns on "%\xfa" (fuzz_catalog)
    return Error{ErrorCode::kParse, std::string(name) + ": invalid YAML: not valid UTF-8"};
  }
  if (const FlowDepth flow = scan_flow_depth(input.bytes, impl.limits.max_depth); flow.line > 0) {
    return Error{ErrorCode::kLimit, std::string(name) + ": YAML nested deeper than " +
                                        std::to_string(impl.limits.max_depth) + " levels at line " +
                                        std::to_string(flow.line)};
  }
  fy_diag_cfg diag_cfg{};
  diag_cfg.fp = nullptr;
  diag_cfg.output_fn = &drop_diag_output;
  diag_cfg.level = FYET_ERROR;
  FyDiag diag(fy_diag_create(&diag_cfg));
  if (diag) {
    fy_diag_set_collect_errors(diag.get(), true);
  }
  // Real specs (Docker Engine) indent a closing flow `}` less than YAML allows; js-yaml accepts it.
  fy_parse_cfg cfg{};
  cfg.flags =
      static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_JSON_NONE |
                                      FYPCF_DISABLE_RECYCLING | FYPCF_SLOPPY_FLOW_INDENTATION);
  cfg.diag = diag.get();
  FyParser parser(fy_parser_create(&cfg));
  if (!parser ||
      fy_parser_set_string(parser.get(), impl.text_view.data(), impl.text_view.size()) != 0) {
    return Error{ErrorCode::kParse, std::string(name) + ": cannot start the YAML parser"};
  }
  YamlBuilder builder(impl);
  Status status = builder.run(parser.get(), name);
  if (!status) {
    return status;
  }
  if (fy_parser_get_stream_error(parser.get()) || impl.root == nullptr) {
    std::string what = "malformed YAML";
    void* iter = nullptr;
    if (diag) {
      if (fy_diag_error* e = fy_diag_errors_iterate(diag.get(), &iter)) {
        what = "line " + std::to_string(e->line + 1) + ", column " + std::to_string(e->column + 1) +
               ": " + (e->msg != nullptr ? e->msg : "error");
      }
    }
    if (impl.root == nullptr && what == "malformed YAML") {
      what = "empty document";
    }
    return Error{ErrorCode::kParse, std::string(name) + ": invalid YAML: " + what};
  }
  return Ok{};
}

}  // namespace om::extract::detail
