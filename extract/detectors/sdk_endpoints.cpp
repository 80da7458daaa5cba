// HTTP endpoints in SDK code: calls (`this.get(`/users/${id}`)`, `"/a/".concat(id)`,
// `self._request("GET", f"/users/{user_id}")`, `requests.get(f"{self.base_url}/users")`) and
// endpoint descriptors (`{ method: "get", path: (p) => `users/${p.user_id}` }`). Only string,
// template and f-string literals in an HTTP-call or descriptor context count; absolute URLs
// (other hosts, docs links) and anything not shaped like a path are skipped. Expressions become
// `{name}` placeholders named by the expression's last identifier. The facts made of them
// (endpoints, entities, POST reads) are sdk_endpoint_facts.cpp's.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/prose.h"
#include "extract/detail/sdk_scan.h"
#include "extract/detail/string_literals.h"

namespace om::extract::detail {
namespace {

using re2::RE2;

constexpr int kDescriptorSpan = 60;  // lines between a descriptor's method and its path
constexpr std::size_t kMaxPath = 200;

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

// Index just past the bracket that closes the one at `open`, skipping string literals; npos
// when it does not close on this line.
std::size_t match_close(std::string_view s, std::size_t open) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    if (in_string_literal(s, i, quote)) {
      continue;
    }
    const char c = s[i];
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

// Top-level comma-separated parts of an argument list (without its brackets).
std::vector<std::string_view> split_args(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (in_string_literal(s, i, quote)) {
      continue;
    }
    const char c = s[i];
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(trim(s.substr(start)));
  return out;
}

// The name an interpolated expression stands for: `p.user_id` -> user_id,
// `encodeURIComponent(id)` -> id, `(0, x.encodeParam)(alert_id)` -> alert_id,
// `id.toString()` -> id, `user_id!s` -> user_id. "" when there is none.
std::string placeholder_name(std::string_view expr, SourceLang lang) {
  expr = trim(expr);
  if (lang == SourceLang::kPy) {
    std::size_t cut = expr.find_first_of("!:");
    expr = trim(expr.substr(0, cut));
  }
  for (int guard = 0; guard < 8 && !expr.empty(); ++guard) {
    if (expr.ends_with("()")) {
      std::size_t dot = expr.rfind('.', expr.size() - 2);
      if (dot != std::string_view::npos && dot > 0) {
        expr = trim(expr.substr(0, dot));
        continue;
      }
    }
    if (expr.back() != ')') {
      break;
    }
    int depth = 0;
    std::size_t open = std::string_view::npos;
    for (std::size_t i = expr.size(); i-- > 0;) {
      if (expr[i] == ')') {
        ++depth;
      } else if (expr[i] == '(' && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open == std::string_view::npos) {
      return {};
    }
    std::string_view inner = expr.substr(open + 1, expr.size() - open - 2);
    expr = open == 0 ? trim(inner) : split_args(inner).front();  // a call: its first argument
  }
  std::string last;
  char quote = 0;
  for (std::size_t i = 0; i < expr.size(); ++i) {
    char c = expr[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    } else if (is_ident_start(c) && (i == 0 || !is_ident_char(expr[i - 1]))) {
      std::size_t e = i;
      while (e < expr.size() && is_ident_char(expr[e])) {
        ++e;
      }
      last = std::string(expr.substr(i, e - i));
      i = e - 1;
    }
  }
  std::erase(last, '$');
  return last;
}

void append_var(std::string& out, const std::string& name) {
  out += '{';
  out += name;
  out += '}';
}

// One string, template or f-string literal at the start of `s`; appends its text to `out`
// (interpolations as `{name}`) and returns the length consumed, 0 when `s` holds none.
std::size_t parse_literal(std::string_view s, SourceLang lang, std::string& out) {
  std::size_t i = 0;
  bool fstring = false;
  if (lang == SourceLang::kPy) {
    while (i < 2 && i < s.size() && std::string_view("fFrRbB").find(s[i]) != std::string::npos) {
      fstring = fstring || s[i] == 'f' || s[i] == 'F';
      ++i;
    }
  }
  if (i >= s.size() || (s[i] != '"' && s[i] != '\'' && s[i] != '`')) {
    return 0;
  }
  char quote = s[i];
  bool js_template = quote == '`' && lang != SourceLang::kPy;
  for (++i; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      out += s[++i];
    } else if (c == quote) {
      return i + 1;
    } else if ((js_template && c == '$' && i + 1 < s.size() && s[i + 1] == '{') ||
               (fstring && c == '{')) {
      if (fstring && i + 1 < s.size() && s[i + 1] == '{') {
        out += '{';
        ++i;
        continue;
      }
      std::size_t open = js_template ? i + 1 : i;
      std::size_t close = match_close(s, open);
      if (close == std::string_view::npos) {
        return 0;
      }
      std::string name = placeholder_name(s.substr(open + 1, close - open - 2), lang);
      if (name.empty()) {
        return 0;
      }
      append_var(out, name);
      i = close - 1;
    } else {
      out += c;
    }
  }
  return 0;
}

// A path expression at the start of `s`: an optional arrow prefix (`(p) =>`), a literal, then
// `.concat(a, "/b")` or `+ x + "/y"` parts. A leading `base + "/x"` operand becomes a leading
// placeholder. False when `s` does not start with a literal.
bool parse_path_expr(std::string_view s, SourceLang lang, std::string& out) {
  static const RE2 arrow(
      R"re(^(?:async\s*)?(?:\([^()]*\)|[A-Za-z_$][\w$]*)\s*(?::\s*[\w<>\[\]. |]+\s*)?=>\s*)re");
  static const RE2 lead(R"re(^([A-Za-z_$][\w$.]*)\s*\+\s*)re");
  re2::StringPiece rest(s.data(), s.size());
  RE2::Consume(&rest, arrow);
  std::string base;
  if (RE2::Consume(&rest, lead, &base)) {
    append_var(out, placeholder_name(base, lang));
  }
  s = std::string_view(rest.data(), rest.size());
  std::size_t used = parse_literal(s, lang, out);
  if (used == 0) {
    return false;
  }
  s = s.substr(used);
  for (int guard = 0; guard < 16; ++guard) {
    s = trim(s);
    if (s.starts_with(".concat(")) {
      std::size_t close = match_close(s, 7);
      if (close == std::string_view::npos) {
        return false;
      }
      for (std::string_view arg : split_args(s.substr(8, close - 9))) {
        if (parse_literal(arg, lang, out) == arg.size() && !arg.empty()) {
          continue;
        }
        std::string name = placeholder_name(arg, lang);
        if (name.empty()) {
          return false;
        }
        append_var(out, name);
      }
      s = s.substr(close);
    } else if (s.starts_with("+") && !s.starts_with("++") && !s.starts_with("+=")) {
      s = trim(s.substr(1));
      if (std::size_t n = parse_literal(s, lang, out); n > 0) {
        s = s.substr(n);
        continue;
      }
      std::size_t end = 0;
      int depth = 0;
      for (; end < s.size(); ++end) {
        char c = s[end];
        depth += (c == '(' || c == '[') ? 1 : (c == ')' || c == ']') ? -1 : 0;
        if (depth < 0 || (depth == 0 && (c == '+' || c == ',' || c == ';' || c == '}'))) {
          break;
        }
      }
      std::string name = placeholder_name(s.substr(0, end), lang);
      if (name.empty()) {
        return false;
      }
      append_var(out, name);
      s = s.substr(end);
    } else if (s.starts_with("%") && !s.starts_with("%=")) {
      return false;  // "/users/%s" % id: positional formatting names nothing
    } else {
      break;
    }
  }
  return true;
}

bool is_base_name(std::string_view name) {
  static const RE2 base(
      R"re((?i).*(url|uri|host|base|server|endpoint|root|prefix|origin|domain|api).*)re");
  return RE2::FullMatch(name, base);
}

bool is_method_word(std::string_view s) {
  std::string u = to_upper(s);
  return u == "GET" || u == "POST" || u == "PUT" || u == "PATCH" || u == "DELETE" || u == "HEAD" ||
         u == "OPTIONS";
}

// Cleans a raw path into "/a/{id}/b"; false when it is not an API path. `relative` admits a
// path without its leading slash (descriptors resolve paths against the base URL).
bool clean_path(std::string& p, bool relative) {
  static const RE2 segment(R"re((?:[A-Za-z0-9_.~:@-]|\{[A-Za-z_]\w*\})+)re");
  static const RE2 letters(R"re((?:^|\})[^{]*[A-Za-z])re");
  p = p.substr(0, p.find_first_of("?#"));
  if (p.starts_with("{")) {
    std::size_t close = p.find('}');
    if (close == std::string::npos || close + 1 >= p.size() || p[close + 1] != '/' ||
        !is_base_name(p.substr(1, close - 1))) {
      return false;
    }
    p = p.substr(close + 1);
  } else if (p.empty() || p.find("://") != std::string::npos) {
    return false;
  } else if (p.front() != '/') {
    if (!relative || is_method_word(p) ||
        !(std::islower(static_cast<unsigned char>(p.front())) != 0 || p.find('/') != p.npos)) {
      return false;
    }
    p.insert(p.begin(), '/');
  }
  while (p.size() > 1 && p.back() == '/') {
    p.pop_back();
  }
  if (p.size() < 2 || p.size() > kMaxPath || p.find("//") != std::string::npos) {
    return false;
  }
  bool named = false;
  bool generic = true;  // `/${table}/${id}`: every segment a variable that is not a URL or path
  for (std::string_view seg : split(std::string_view(p).substr(1), '/')) {
    if (!RE2::FullMatch(seg, segment)) {
      return false;
    }
    named = named || RE2::PartialMatch(seg, letters);
    std::string_view inner = seg.size() > 2 ? seg.substr(1, seg.size() - 2) : std::string_view();
    generic = generic && seg.front() == '{' && seg.back() == '}' && !is_base_name(inner) &&
              !icontains(inner, "path") && !icontains(inner, "route");
  }
  named = named || generic;
  std::string lower = to_lower(p);
  for (std::string_view ext :
       {".js",   ".mjs", ".cjs", ".ts",  ".map", ".css", ".html", ".htm",   ".png", ".jpg",
        ".jpeg", ".gif", ".svg", ".ico", ".md",  ".txt", ".woff", ".woff2", ".py",  ".wasm"}) {
    if (lower.ends_with(ext)) {
      return false;
    }
  }
  for (std::string_view fs : {"/usr/", "/tmp/", "/etc/", "/dev/", "/proc/", "/home/", "/var/",
                              "/bin/", "/node_modules/", "/opt/", "/sys/"}) {
    if (lower.starts_with(fs)) {
      return false;
    }
  }
  return named;
}

CodeRef ref_at(std::string_view path, int line, std::string_view code) {
  return CodeRef{std::string(path), line, clip_quote(code)};
}

// Receivers whose `.get("/x")` is not an HTTP call: maps, headers, routers, storage.
bool is_non_http_receiver(std::string_view receiver) {
  std::string_view last = receiver.substr(receiver.rfind('.') + 1);
  std::string r = to_lower(last);
  for (std::string_view w :
       {"app",      "router",       "route",   "routes",       "server",
        "express",  "map",          "cache",   "headers",      "header",
        "params",   "searchparams", "query",   "env",          "environ",
        "dict",     "store",        "storage", "localstorage", "sessionstorage",
        "config",   "settings",     "options", "opts",         "kwargs",
        "data",     "json",         "res",     "req",          "window",
        "document", "reflect",      "object",  "registry",     "os",
        "cookies",  "metadata",     "context", "ctx",          "state",
        "args"}) {
    if (r == w) {
      return true;
    }
  }
  return false;
}

std::string upper_method(std::string_view m) {
  std::string u = to_upper(m);
  return u == "DEL" ? "DELETE" : u;
}

std::string operation_of(const EndpointFileState& st, int below_indent = 1 << 30) {
  for (auto it = st.frames.rbegin(); it != st.frames.rend(); ++it) {
    if (it->indent < below_indent) {
      return it->name;
    }
  }
  return {};
}

void emit(SdkScan& scan, std::string method, std::string path, std::string op, CodeRef ref,
          CodeRef method_ref = {}) {
  scan.endpoints.push_back(SdkEndpointHit{std::move(method), std::move(path), std::move(op),
                                          std::move(ref), std::move(method_ref)});
}

// Names a function, method or descriptor opening on this line, for operation ids.
void track_frames(EndpointFileState& st, std::string_view code, int indent) {
  static const RE2 js_decl(
      R"re(^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:(?:module\.)?exports\.[\w$]+\s*=\s*)?(?:\{|(?:async\s*)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>)))re");
  static const RE2 js_exports(R"re(^(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=[^=])re");
  static const RE2 js_this(R"re(^this\.([A-Za-z_$][\w$]*)\s*=\s*(?:\{|(?:async\s*)?\())re");
  static const RE2 js_function(
      R"re(^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*))re");
  static const RE2 js_method(
      R"re(^(?:(?:public|private|protected|static|async|override)\s+)*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^(]*>)?\(.*\)\s*(?::[^{]*)?\{\s*$)re");
  static const RE2 js_key(
      R"re(^["']?([A-Za-z_$][\w$]*)["']?\s*:\s*(?:\{|(?:async\s*)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>)))re");
  static const RE2 py_def(R"re(^(?:async\s+)?def\s+(\w+))re");
  while (!st.frames.empty() && st.frames.back().indent >= indent) {
    st.frames.pop_back();
  }
  std::string name;
  if (RE2::PartialMatch(code, py_def, &name) || RE2::PartialMatch(code, js_exports, &name) ||
      RE2::PartialMatch(code, js_decl, &name) || RE2::PartialMatch(code, js_this, &name) ||
      RE2::PartialMatch(code, js_function, &name) || RE2::PartialMatch(code, js_key, &name) ||
      RE2::PartialMatch(code, js_method, &name)) {
    for (std::string_view kw :
         {"if",          "for",     "while",   "switch",  "catch",  "function", "return",
          "constructor", "then",    "headers", "options", "params", "body",     "query",
          "data",        "default", "path",    "url",     "method", "config"}) {
      if (name == kw) {
        return;
      }
    }
    st.frames.push_back(EndpointFileState::Frame{indent, name});
  }
}

void match_prefix(std::string_view path, int line, std::string_view code, SdkScan& scan) {
  static const RE2 context(
      R"re((?i)(prefix|base_?ur[il]|api_?url|api_?base|host|endpoint|server|root_?url))re");
  static const RE2 after_var(R"re(\}(/(?:api/)?v[0-9]+(?:\.[0-9]+)?)/?["'`])re");
  static const RE2 after_plus(R"re(\+\s*["'](/(?:api/)?v[0-9]+(?:\.[0-9]+)?)/?["'])re");
  std::string value;
  if (code.find("/v") == std::string_view::npos || !RE2::PartialMatch(code, context)) {
    return;
  }
  if (RE2::PartialMatch(code, after_var, &value) || RE2::PartialMatch(code, after_plus, &value)) {
    scan.path_prefixes.push_back(CodeHit{value, ref_at(path, line, code)});
  }
}

void match_descriptor(EndpointFileState& st, std::string_view file, SourceLang lang, int line,
                      std::string_view code, int indent, SdkScan& scan) {
  static const RE2 method_key(
      R"re((?:^|[{,(\s])["']?method["']?\s*[:=]\s*["']((?i:get|post|put|patch|delete|head))["'])re");
  static const RE2 path_key(
      R"re((?:^|[{,(\s])["']?(?:path|url|endpoint|route|uri)["']?\s*[:=]\s*)re");
  std::string method;
  bool has_method = (code.find("method") != std::string_view::npos) &&
                    RE2::PartialMatch(code, method_key, &method);
  std::string path;
  re2::StringPiece rest(code.data(), code.size());
  bool has_path = false;
  if (code.find_first_of("\"'`") != std::string_view::npos) {
    while (RE2::FindAndConsume(&rest, path_key)) {
      path.clear();
      if (parse_path_expr(std::string_view(rest.data(), rest.size()), lang, path) &&
          clean_path(path, true)) {
        has_path = true;
        break;
      }
    }
  }
  CodeRef here = ref_at(file, line, code);
  if (has_method && has_path) {
    emit(scan, upper_method(method), path, operation_of(st), here);
    return;
  }
  if (has_method) {
    if (!st.pending_path.empty() && indent == st.pending_path_indent) {
      emit(scan, upper_method(method), st.pending_path, st.pending_path_op, st.pending_path_ref,
           here);
      st.pending_path.clear();
      return;
    }
    st.pending_method = upper_method(method);
    st.pending_method_ref = here;
    st.pending_method_indent = indent;
  } else if (has_path) {
    std::string op = operation_of(st, indent);
    if (!st.pending_method.empty() && indent == st.pending_method_indent) {
      emit(scan, st.pending_method, path, op, here, st.pending_method_ref);
      st.pending_method.clear();
      return;
    }
    st.pending_path = path;
    st.pending_path_op = op;
    st.pending_path_ref = here;
    st.pending_path_indent = indent;
  }
}

// `x.get("/p")`, `x.post(`/p/${id}`)`, a `request("GET", "/p")`-style argument pair.
void match_calls(EndpointFileState& st, std::string_view file, SourceLang lang, int line,
                 std::string_view code, SdkScan& scan) {
  static const RE2 call(
      R"re((?:^|[^\w$.])([A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*)\??\.((?i:get|post|put|patch|delete|del|head))\s*(?:<[^()]*>)?\(\s*)re");
  static const RE2 method_arg(
      R"re(\(.*?["'`]((?i:get|post|put|patch|delete|head))["'`]\s*,\s*(?:[A-Za-z_]\w*\s*=\s*)?)re");
  static const RE2 route_handler(R"re(\b(?:req|request)\s*,\s*(?:res|response|reply)\b)re");
  CodeRef here = ref_at(file, line, code);
  if (!st.open_call.empty()) {
    std::string path;
    if (parse_path_expr(code, lang, path) && clean_path(path, false)) {
      emit(scan, st.open_call, path, operation_of(st), here);
    }
    st.open_call.clear();
  }
  if (code.find('(') == std::string_view::npos) {
    return;
  }
  if (RE2::PartialMatch(code, route_handler)) {
    return;  // a server route (`app.get("/callback", (req, res) => ...)`), not a call
  }
  re2::StringPiece rest(code.data(), code.size());
  std::string receiver;
  std::string method;
  while (RE2::FindAndConsume(&rest, call, &receiver, &method)) {
    if (is_non_http_receiver(receiver)) {
      continue;
    }
    std::string_view args(rest.data(), rest.size());
    if (args.empty()) {
      st.open_call = upper_method(method);  // the path is on the next line
      break;
    }
    std::string path;
    if (parse_path_expr(args, lang, path) && clean_path(path, false)) {
      emit(scan, upper_method(method), path, operation_of(st), here);
    }
  }
  rest = re2::StringPiece(code.data(), code.size());
  while (RE2::FindAndConsume(&rest, method_arg, &method)) {
    std::string path;
    if (parse_path_expr(std::string_view(rest.data(), rest.size()), lang, path) &&
        clean_path(path, false)) {
      emit(scan, upper_method(method), path, operation_of(st), here);
    }
  }
}

}  // namespace

void scan_endpoint_line(EndpointFileState& st, std::string_view path, SourceLang lang, int line,
                        std::string_view code, int indent, SdkScan& scan) {
  if (st.skip) {
    return;
  }
  track_frames(st, code, indent);
  // A descriptor's method and path pair only inside one object: a shallower line closes it.
  if (!st.pending_method.empty() &&
      (line - st.pending_method_ref.line > kDescriptorSpan || indent < st.pending_method_indent)) {
    st.pending_method.clear();
  }
  if (!st.pending_path.empty() &&
      (line - st.pending_path_ref.line > kDescriptorSpan || indent < st.pending_path_indent)) {
    st.pending_path.clear();
  }
  match_prefix(path, line, code, scan);
  if (code.find_first_of("\"'`") == std::string_view::npos && st.open_call.empty() &&
      !code.ends_with("(")) {
    return;
  }
  match_descriptor(st, path, lang, line, code, indent, scan);
  match_calls(st, path, lang, line, code, scan);
}

}  // namespace om::extract::detail
