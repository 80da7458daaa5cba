// SDK source scanner: one pass over the lines of a .js/.ts/.d.ts/.py file. Patterns (RE2,
// linear time) find auth construction, base URLs, version headers, paging and retry code; a
// small indentation tracker finds the client class, its constructor options and namespaces.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/sdk_scan.h"

namespace om::extract::detail {
namespace {

using re2::RE2;

struct NsFrame {
  int indent = 0;
  std::string name;
  int member_indent = -1;
};

struct FileState {
  std::string_view path;
  SourceLang lang = SourceLang::kJs;
  bool is_dts = false;
  bool mentions_authorization = false;
  int line_no = 0;
  std::string_view raw;   // the whole line
  std::string_view code;  // trimmed
  int indent = 0;
  // structure
  int cls = -1;  // index into SdkScan::clients
  int class_indent = -1;
  int member_indent = -1;
  std::vector<NsFrame> ns;
  int ctor_indent = -1;
  std::string ctor_param;
  std::string py_ctor;  // Python __init__ signature being collected
  int py_ctor_lines = 0;
  std::string top_function;
  CodeRef top_function_ref;
  std::string opt_type;
  int opt_indent = -1;
  int opt_member_indent = -1;
  FileJoins joins;                                          // values joined at the end of the file
  std::vector<std::pair<std::string, CodeHit>> fn_options;  // function -> destructured option
};

CodeRef ref_of(const FileState& f) {
  return CodeRef{std::string(f.path), f.line_no, clip_quote(f.code)};
}

void add(std::vector<CodeHit>& to, std::string value, const FileState& f) {
  to.push_back(CodeHit{std::move(value), ref_of(f)});
}

int indent_of(std::string_view line) {
  int n = 0;
  for (char c : line) {
    if (c == ' ') {
      ++n;
    } else if (c == '\t') {
      n += 4;
    } else {
      break;
    }
  }
  return n;
}

bool is_comment(const FileState& f) {
  std::string_view c = f.code;
  if (f.lang == SourceLang::kPy) {
    return c.front() == '#';
  }
  return c.substr(0, 2) == "//" || c.front() == '*' || c.substr(0, 2) == "/*";
}

// ---- structure: classes, namespaces, constructors, options types --------------------------

ClientCandidate& candidate(SdkScan& scan, const std::string& name, const CodeRef& ref, int& idx) {
  for (std::size_t i = 0; i < scan.clients.size(); ++i) {
    if (scan.clients[i].name == name) {
      idx = static_cast<int>(i);
      return scan.clients[i];
    }
  }
  scan.clients.push_back(ClientCandidate{name, ref});
  idx = static_cast<int>(scan.clients.size() - 1);
  return scan.clients.back();
}

std::string ns_prefix(const FileState& f) {
  std::string p;
  for (const auto& frame : f.ns) {
    p += frame.name + ".";
  }
  return p;
}

// Namespaces inside the client: `readonly users: {` (.d.ts) or `this.users = {` (.js), their
// members `list: (args) => ...` and nested `children: {`.
bool track_namespace(FileState& f, ClientCandidate& c) {
  static const RE2 opener(R"re(^(?:readonly\s+|public\s+)?(this\.)?(\w+)\s*[:=]\s*\{\s*$)re");
  static const RE2 member(
      R"re(^(?:async\s+)?(\w+)\s*(?:\??:\s*(?:async\s*)?(?:\(|<|function\b|\w+\s*=>)|\())re");
  std::string name;
  std::string this_prefix;
  while (!f.ns.empty() && f.code.front() == '}' && f.indent <= f.ns.back().indent) {
    f.ns.pop_back();
    return true;
  }
  if (!f.ns.empty()) {
    NsFrame& top = f.ns.back();
    if (top.member_indent < 0) {
      top.member_indent = f.indent;
    }
    if (f.indent != top.member_indent) {
      return true;
    }
    if (RE2::PartialMatch(f.code, opener, &this_prefix, &name)) {
      f.ns.push_back(NsFrame{f.indent, name});
    } else if (RE2::PartialMatch(f.code, member, &name)) {
      c.namespaced.push_back(ns_prefix(f) + name);
    }
    return true;
  }
  bool declared = f.code.substr(0, 9) == "readonly " || f.code.substr(0, 5) == "this.";
  if (declared && RE2::PartialMatch(f.code, opener, &this_prefix, &name)) {
    f.ns.push_back(NsFrame{f.indent, name});
    return true;
  }
  static const RE2 fn_field(
      R"re(^(?:readonly\s+)?(?:this\.)?(\w+)\s*(?:=|\??:)\s*(?:async\s*)?\([^)]*\)\s*=>)re");
  if ((declared || f.indent == f.member_indent) && RE2::PartialMatch(f.code, fn_field, &name)) {
    c.namespaced.push_back(name);
    return true;
  }
  return false;
}

void track_constructor(FileState& f, SdkScan& scan, ClientCandidate& c) {
  static const RE2 ctor(R"re(^constructor\s*\(\s*(\w+)\??\s*(?::\s*(\w+))?)re");
  std::string param;
  std::string type;
  if (f.indent == f.member_indent && RE2::PartialMatch(f.code, ctor, &param, &type)) {
    c.option_refs.push_back(ref_of(f));
    if (!type.empty()) {
      c.options_type = type;
    }
    if (!f.code.ends_with(";")) {
      f.ctor_indent = f.indent;
      f.ctor_param = param;
    }
    return;
  }
  if (f.ctor_indent < 0) {
    return;
  }
  if (f.code.front() == '}' && f.indent <= f.ctor_indent) {
    f.ctor_indent = -1;
    return;
  }
  // options.auth, options?.baseUrl, options === void 0 ? void 0 : options.timeoutMs
  for (std::string_view sep : {".", "?."}) {
    std::string needle = f.ctor_param + std::string(sep);
    for (std::size_t at = f.code.find(needle); at != std::string_view::npos;
         at = f.code.find(needle, at + 1)) {
      bool word_start = at == 0 || !(std::isalnum(static_cast<unsigned char>(f.code[at - 1])) ||
                                     f.code[at - 1] == '_' || f.code[at - 1] == '.');
      std::size_t b = at + needle.size();
      std::size_t e = b;
      while (e < f.code.size() &&
             (std::isalnum(static_cast<unsigned char>(f.code[e])) || f.code[e] == '_')) {
        ++e;
      }
      if (word_start && e > b) {
        std::string opt(f.code.substr(b, e - b));
        if (std::find(c.ctor_options.begin(), c.ctor_options.end(), opt) == c.ctor_options.end()) {
          c.ctor_options.push_back(opt);
          if (is_auth_option_name(opt)) {
            add(scan.auth_option_uses, opt, f);
          }
        }
      }
    }
  }
}

// Python `def __init__(self, api_key=None, base_url="https://...")`, possibly over lines.
void collect_py_ctor(FileState& f, SdkScan& scan, ClientCandidate& c) {
  f.py_ctor.append(f.code).append(" ");
  int depth = 0;
  for (char ch : f.py_ctor) {
    depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
  }
  if (depth > 0 && ++f.py_ctor_lines < 40) {
    return;
  }
  std::string_view sig = f.py_ctor;
  sig = sig.substr(sig.find('(') + 1);
  int d = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= sig.size(); ++i) {
    char ch = i < sig.size() ? sig[i] : ',';
    d += (ch == '(' || ch == '[' || ch == '{') ? 1 : (ch == ')' || ch == ']' || ch == '}') ? -1 : 0;
    if ((ch == ',' && d == 0) || d < 0) {
      std::string_view part = trim(sig.substr(start, i - start));
      while (!part.empty() && part.front() == '*') {
        part.remove_prefix(1);
      }
      std::size_t e = 0;
      while (e < part.size() &&
             (std::isalnum(static_cast<unsigned char>(part[e])) || part[e] == '_')) {
        ++e;
      }
      std::string name(part.substr(0, e));
      if (!name.empty() && name != "self" && name != "kwargs" && name != "args") {
        c.ctor_options.push_back(name);
        if (is_auth_option_name(name)) {
          add(scan.auth_option_uses, name, f);
        }
      }
      start = i + 1;
      if (d < 0) {
        break;
      }
    }
  }
  f.py_ctor.clear();
  f.py_ctor_lines = -1;
}

void track_class_member(FileState& f, SdkScan& scan) {
  ClientCandidate& c = scan.clients[static_cast<std::size_t>(f.cls)];
  if (f.member_indent < 0) {
    f.member_indent = f.indent;
  }
  if (f.lang == SourceLang::kPy) {
    static const RE2 def(R"re(^(?:async\s+)?def\s+(\w+)\s*\(\s*self)re");
    std::string name;
    if (f.py_ctor_lines > 0 || (!f.py_ctor.empty())) {
      collect_py_ctor(f, scan, c);
    } else if (f.indent == f.member_indent && RE2::PartialMatch(f.code, def, &name)) {
      if (name == "__init__") {
        c.option_refs.push_back(ref_of(f));
        f.py_ctor_lines = 0;
        collect_py_ctor(f, scan, c);
      } else if (name.front() != '_') {
        c.methods.push_back(name);
      }
    }
    return;
  }
  if (track_namespace(f, c)) {
    return;
  }
  track_constructor(f, scan, c);
  static const RE2 method(
      R"re(^(?:public\s+)?(?:static\s+)?(?:async\s+)?\*?\s*(\w+)\s*(?:<[^(]*>)?\(.*\)\s*(?::.*|\{\s*|;)$)re");
  std::string name;
  if (f.indent == f.member_indent && f.ctor_indent < 0 && RE2::FullMatch(f.code, method, &name) &&
      name != "constructor" && name.front() != '_' && name != "if" && name != "for" &&
      name != "while" && name != "switch" && name != "catch" && name != "function" &&
      name != "get" && name != "set") {
    (f.lang == SourceLang::kJs ? c.js_methods : c.methods).push_back(name);
  }
}

void track_options_type(FileState& f, SdkScan& scan) {
  static const RE2 type(
      R"re(^(?:export\s+)?(?:declare\s+)?(?:type|interface)\s+(\w+(?:Options|Config|Configuration|Settings|Params|Parameters|Init))\b)re");
  static const RE2 member(R"re(^(?:readonly\s+)?(\w+)\??\s*:)re");
  std::string name;
  if (f.opt_type.empty()) {
    if (RE2::PartialMatch(f.code, type, &name) && !f.code.ends_with(";")) {
      f.opt_type = name;
      f.opt_indent = f.indent;
      f.opt_member_indent = -1;
    }
    return;
  }
  if (f.code.front() == '}' && f.indent <= f.opt_indent) {
    f.opt_type.clear();
    return;
  }
  if (f.opt_member_indent < 0) {
    f.opt_member_indent = f.indent;
  }
  if (f.indent == f.opt_member_indent && RE2::PartialMatch(f.code, member, &name)) {
    add(scan.option_types[f.opt_type], name, f);
  }
}

// Opens/closes classes and top-level functions; true when the line was a class header.
bool track_scopes(FileState& f, SdkScan& scan) {
  static const RE2 js_class(
      R"re(^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?class\s+(\w+))re");
  static const RE2 py_class(R"re(^class\s+(\w+)\s*[(:])re");
  static const RE2 top_fn(R"re(^(?:export\s+)?(?:async\s+)?function\s*\*?\s*(\w+))re");
  if (f.cls >= 0) {
    bool ends = f.lang == SourceLang::kPy ? f.indent <= f.class_indent
                                          : (f.code.front() == '}' && f.indent <= f.class_indent);
    if (!ends) {
      return false;
    }
    f.cls = -1;
    f.ns.clear();
    f.ctor_indent = -1;
    if (f.lang != SourceLang::kPy) {
      return true;
    }
  }
  std::string name;
  if (RE2::PartialMatch(f.code, f.lang == SourceLang::kPy ? py_class : js_class, &name)) {
    candidate(scan, name, ref_of(f), f.cls);
    f.class_indent = f.indent;
    f.member_indent = -1;
    return true;
  }
  if (f.indent == 0 && f.lang != SourceLang::kPy && RE2::PartialMatch(f.code, top_fn, &name)) {
    f.top_function = name;
    f.top_function_ref = ref_of(f);
  }
  return false;
}

// `const { endpoint, server = 'api.x.com', token, ...rest } = apiParameters;` in a function.
void track_destructured_options(FileState& f) {
  static const RE2 destructure(R"re(^(?:const|let|var)\s*\{(.*)\}\s*=\s*\w+\s*;?$)re");
  std::string names;
  if (!RE2::FullMatch(f.code, destructure, &names)) {
    return;
  }
  for (std::string_view part : split(names, ',')) {
    part = trim(part);
    std::size_t e = 0;
    while (e < part.size() &&
           (std::isalnum(static_cast<unsigned char>(part[e])) || part[e] == '_')) {
      ++e;
    }
    if (e > 0) {
      f.fn_options.emplace_back(f.top_function, CodeHit{std::string(part.substr(0, e)), ref_of(f)});
    }
  }
}

}  // namespace

void scan_source(std::string_view path, std::string_view text, SourceLang lang,
                 std::size_t max_line_bytes, SdkScan& scan) {
  FileState f;
  f.path = path;
  f.lang = lang;
  f.mentions_authorization = icontains(text, "authorization");
  EndpointFileState endpoints;
  endpoints.skip = path.ends_with(".d.ts") || path.ends_with(".d.mts") || path.ends_with(".d.cts");
  ++scan.files_scanned;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    f.raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++f.line_no;
    if (f.raw.size() > max_line_bytes) {
      ++scan.lines_skipped;  // minified bundles and inlined data
      continue;
    }
    f.code = trim(f.raw);
    if (f.code.empty() || is_comment(f)) {
      continue;
    }
    f.indent = indent_of(f.raw);
    if (!track_scopes(f, scan) && f.cls >= 0) {
      track_class_member(f, scan);
    }
    if (lang == SourceLang::kTs) {
      track_options_type(f, scan);
    }
    bool built_auth = false;
    scan_patterns(f.path, f.line_no, f.code, f.mentions_authorization, scan, f.joins, built_auth);
    scan_endpoint_line(endpoints, f.path, lang, f.line_no, f.code, f.indent, scan);
    if (built_auth && f.cls >= 0) {
      scan.clients[static_cast<std::size_t>(f.cls)].builds_auth = true;
    } else if (built_auth && !f.top_function.empty()) {
      int idx = -1;
      ClientCandidate& c = candidate(scan, f.top_function, f.top_function_ref, idx);
      c.builds_auth = true;
      c.is_function = true;
    }
    if (f.cls < 0 && !f.top_function.empty()) {
      track_destructured_options(f);
    }
  }
  for (ClientCandidate& c : scan.clients) {
    for (const auto& [fn, hit] : f.fn_options) {
      if (c.is_function && c.name == fn &&
          std::find(c.ctor_options.begin(), c.ctor_options.end(), hit.value) ==
              c.ctor_options.end()) {
        c.ctor_options.push_back(hit.value);
        c.option_refs.push_back(hit.ref);
        if (is_auth_option_name(hit.value)) {
          scan.auth_option_uses.push_back(hit);
        }
      }
    }
  }
  join_file_values(f.joins, scan);
}

}  // namespace om::extract::detail
