// OpenAPI detector: rate limits. Numbers stated in descriptions ("1600 requests per 2 minutes"),
// 429 responses (RFC 6585), rate-limit / Retry-After response headers, x-*rate-limit* extensions.
// Never invents numbers: only a matched "N requests per window" sentence yields one.
#include <algorithm>
#include <map>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {
namespace {

double window_unit_seconds(std::string_view unit) {
  char c =
      unit.empty() ? 's' : static_cast<char>(std::tolower(static_cast<unsigned char>(unit[0])));
  switch (c) {
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    case 'w':
      return 604800;
    default:
      return 1;
  }
}

/// The sentence around [begin, end) of `text`: from the previous sentence end to the next.
std::string_view sentence_around(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t start = begin;
  while (start > 0 && text[start - 1] != '\n' &&
         !(text[start - 1] == ' ' && start >= 2 && text[start - 2] == '.')) {
    --start;
  }
  std::size_t stop = end;
  while (stop < text.size() && text[stop] != '\n' &&
         !(text[stop] == '.' && (stop + 1 == text.size() || text[stop + 1] == ' '))) {
    ++stop;
  }
  return trim(text.substr(start, stop - start));
}

std::string scope_of(std::string_view sentence) {
  static const RE2 kScope(
      R"((?i)\bper\s+(user|access token|token|ip address|ip|app|application|endpoint|account|organization|integration|api key|key|client|tenant|workspace)\b)");
  std::string scope;
  if (!RE2::PartialMatch(sentence, kScope, &scope)) {
    return {};
  }
  scope = to_lower(scope);
  if (scope == "access token" || scope == "api key" || scope == "key") {
    return "token";
  }
  if (scope == "ip address" || scope == "ip") {
    return "IP";
  }
  return scope == "application" ? "app" : scope;
}

/// "twice" -> 2, "ten" -> 10, "1,000" -> 1000; 0 when not a count.
double count_of(std::string_view word) {
  static constexpr std::pair<std::string_view, double> kWords[] = {
      {"once", 1}, {"twice", 2},   {"thrice", 3},  {"one", 1},    {"two", 2},      {"three", 3},
      {"four", 4}, {"five", 5},    {"six", 6},     {"seven", 7},  {"eight", 8},    {"nine", 9},
      {"ten", 10}, {"twenty", 20}, {"thirty", 30}, {"fifty", 50}, {"hundred", 100}};
  for (const auto& [name, value] : kWords) {
    if (iequals(word, name)) {
      return value;
    }
  }
  std::string digits;
  std::copy_if(word.begin(), word.end(), std::back_inserter(digits),
               [](char c) { return c != ','; });
  return std::strtod(digits.c_str(), nullptr);
}

/// Finds "N requests per [M] unit" statements in `text` and adds one RateLimit each.
void scan_text(const SpecContext& ctx, std::string_view text, const std::string& pointer,
               Findings& out) {
  static const RE2 kWithNoun(
      R"((?i)((\d[\d,]*)\s+(?:[a-z-]+\s+){0,3}?(?:requests?|calls?|queries|api calls)\s*(?:per|every|each|an?|/|in)\s*(?:(\d+(?:\.\d+)?)\s*)?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?)\b))");
  static const RE2 kBare(
      R"((?i)(\b(\d[\d,]*)\s+(?:per|every)\s+(\d+(?:\.\d+)?)?\s*(seconds?|secs?|s|minutes?|mins?|hours?|hrs?|days?)\b))");
  // "called twice per 24 hours", "three times a day": a frequency adverb counts calls.
  static const RE2 kTimes(
      R"((?i)(\b(once|twice|thrice|\d+|one|two|three|four|five|six|seven|eight|nine|ten)(?:\s+times)?\s+(?:per|every|each|an?|in)\s+(\d+(?:\.\d+)?)?\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\b))");
  if (!icontains(text, "request") && !icontains(text, "rate") && !icontains(text, "call") &&
      !icontains(text, "quer") && !icontains(text, "limit") && !icontains(text, "once") &&
      !icontains(text, "twice") && !icontains(text, "times")) {
    return;
  }
  bool rate_context = icontains(text, "rate limit") || icontains(text, "rate-limit") ||
                      icontains(text, "ratelimit") || icontains(text, "throttl");
  std::string_view rest = text;
  std::string number;
  std::string count;
  std::string unit;
  std::string_view whole;
  for (int found = 0; found < 16; ++found) {
    re2::StringPiece input(rest.data(), rest.size());
    re2::StringPiece match;
    bool hit = RE2::PartialMatch(input, kWithNoun, &match, &number, &count, &unit);
    if (!hit && rate_context) {
      hit = RE2::PartialMatch(input, kBare, &match, &number, &count, &unit);
    }
    if (!hit && RE2::PartialMatch(input, kTimes, &match, &number, &count, &unit)) {
      std::string_view m(match.data(), match.size());
      std::size_t at = static_cast<std::size_t>(m.data() - text.data());
      std::string_view sentence = sentence_around(text, at, at + m.size());
      static const RE2 kCalls(R"((?i)\bcall|request|endpoint|invok|\bquer)");
      // "refreshed once per day" is a schedule; "may be called twice per 24 hours" a limit.
      hit = (std::isdigit(static_cast<unsigned char>(number[0])) == 0 || icontains(m, "times")) &&
            RE2::PartialMatch(sentence, kCalls);
      if (!hit) {
        rest = text.substr(at + m.size());
        continue;
      }
    }
    if (!hit) {
      return;
    }
    whole = std::string_view(match.data(), match.size());
    std::size_t begin = static_cast<std::size_t>(whole.data() - text.data());
    RateLimit limit;
    limit.limit = count_of(number);
    double windows = count.empty() ? 1 : std::strtod(count.c_str(), nullptr);
    limit.window_seconds = windows * window_unit_seconds(unit);
    std::string_view sentence = sentence_around(text, begin, begin + whole.size());
    limit.text = clip_quote(squash_space(sentence));
    limit.scope = scope_of(sentence);
    limit.evidence.push_back(Evidence{ctx.url(), pointer, clip_quote(sentence)});
    out.rate_limits.push_back(std::move(limit));
    rest = text.substr(begin + whole.size());
  }
}

bool is_rate_limit_header(std::string_view name) {
  std::string lower = to_lower(name);
  return lower.rfind("x-ratelimit", 0) == 0 || lower.rfind("x-rate-limit", 0) == 0 ||
         lower.rfind("ratelimit", 0) == 0 || lower == "retry-after" ||
         lower.find("-ratelimit-") != std::string::npos;
}

bool is_rate_limit_extension(std::string_view key) {
  std::string lower = to_lower(key);
  return lower.rfind("x-", 0) == 0 && (lower.find("ratelimit") != std::string::npos ||
                                       lower.find("rate-limit") != std::string::npos ||
                                       lower.find("rate_limit") != std::string::npos ||
                                       lower.find("throttl") != std::string::npos);
}

/// What the responses of all operations declare: 429s and rate-limit headers.
struct Declared {
  int too_many_requests = 0;
  std::vector<std::string> headers;
  bool retry_after = false;
  std::vector<Evidence> evidence;                                   // first 429, first header
  std::map<std::string_view, std::pair<int, Evidence>> extensions;  // x-*rate-limit*: ops
};

void scan_headers(const SpecContext& ctx, const Node* response, const std::string& pointer,
                  Declared& d) {
  const Node* headers = response->get("headers");
  if (headers == nullptr || !headers->is_object()) {
    return;
  }
  for (std::uint32_t i = 0; i < headers->members().size(); ++i) {
    std::string_view name = headers->members()[i].key();
    if (!is_rate_limit_header(name)) {
      continue;
    }
    bool known = std::any_of(d.headers.begin(), d.headers.end(),
                             [&](const std::string& h) { return iequals(h, name); });
    if (!known) {
      if (d.headers.empty()) {
        d.evidence.push_back(ctx.evidence(headers, pointer_append(pointer, "headers")));
      }
      d.headers.emplace_back(name);
    }
    d.retry_after = d.retry_after || iequals(name, "Retry-After");
  }
}

void scan_operation(const SpecContext& ctx, const Operation& op, Declared& d, Findings& out) {
  for (std::string_view key : {"description", "summary"}) {
    if (std::string_view text = op.op->str(key); !text.empty()) {
      scan_text(ctx, text, pointer_append(op.pointer, key), out);
    }
  }
  for (std::uint32_t i = 0; i < op.op->members().size(); ++i) {
    const Member& m = op.op->members()[i];
    if (is_rate_limit_extension(m.key())) {
      auto& [count, evidence] = d.extensions[m.key()];
      if (count++ == 0) {
        evidence = Evidence{ctx.url(), pointer_append(op.pointer, m.key()), ctx.tree().quote(m)};
      }
    }
  }
  const Node* responses = op.op->get("responses");
  if (responses == nullptr || !responses->is_object()) {
    return;
  }
  std::string responses_pointer = pointer_append(op.pointer, "responses");
  for (std::uint32_t i = 0; i < responses->members().size(); ++i) {
    std::string pointer = pointer_append(responses_pointer, responses->members()[i].key());
    const Node* response = ctx.resolve(responses->members()[i].value(), &pointer);
    if (response == nullptr || !response->is_object()) {
      continue;
    }
    if (responses->members()[i].key() == "429") {
      if (d.too_many_requests++ == 0) {
        d.evidence.push_back(ctx.evidence(response, pointer));
      }
    }
    scan_headers(ctx, response, pointer, d);
  }
}

/// A 429 (or "too many requests") response defined under components / root `responses` that no
/// operation references still says the API throttles.
void scan_defined_responses(const SpecContext& ctx, Declared& d) {
  const Node* components = ctx.root()->get("components");
  bool v3 = components != nullptr && components->is_object();
  const Node* responses = v3 ? components->get("responses") : ctx.root()->get("responses");
  std::string base = v3 ? "/components/responses" : "/responses";
  for (std::uint32_t i = 0; responses != nullptr && responses->is_object() &&
                            i < responses->members().size() && d.too_many_requests == 0;
       ++i) {
    const Member& m = responses->members()[i];
    std::string folded = to_lower(m.key());
    std::string_view description = m.value()->str("description");
    bool throttled =
        folded.find("429") != std::string::npos || folded.find("toomany") != std::string::npos ||
        folded.find("ratelimit") != std::string::npos ||
        icontains(description, "too many requests") || icontains(description, "rate limit");
    if (throttled) {
      d.too_many_requests = -1;  // defined, not referenced
      d.evidence.push_back(ctx.evidence(m.value(), pointer_append(base, m.key())));
    }
  }
}

void add_declared(const Declared& d, int operations, Findings& out) {
  if (d.too_many_requests != 0 || !d.headers.empty()) {
    RateLimit r;
    r.headers = d.headers;
    r.retry_after = d.retry_after;
    if (d.too_many_requests < 0) {
      r.text = "a 429 Too Many Requests response is defined but no operation references it";
    } else if (d.too_many_requests > 0) {
      r.text = "429 Too Many Requests declared on " + std::to_string(d.too_many_requests) + " of " +
               std::to_string(operations) + " operations";
    }
    if (!d.headers.empty()) {
      std::string names;
      for (const std::string& h : d.headers) {
        names += (names.empty() ? "" : ", ") + h;
      }
      r.text += (r.text.empty() ? "" : "; ") + std::string("rate-limit headers declared: ") + names;
    }
    r.evidence = d.evidence;
    out.rate_limits.push_back(std::move(r));
  }
  for (const auto& [key, use] : d.extensions) {
    RateLimit r;
    r.text = use.first == 0
                 ? std::string(key) + " declared on the document"
                 : std::string(key) + " set on " + std::to_string(use.first) + " operations";
    r.evidence.push_back(use.second);
    out.rate_limits.push_back(std::move(r));
  }
}

}  // namespace

void detect_rate_limits(const SpecContext& ctx, Findings& out) {
  std::size_t before = out.rate_limits.size();
  const Node* root = ctx.root();
  if (const Node* info = root->get("info"); info != nullptr) {
    scan_text(ctx, info->str("description"), "/info/description", out);
  }
  Declared declared;
  for (const Node* holder : {root, root->get("info")}) {
    for (std::uint32_t i = 0;
         holder != nullptr && holder->is_object() && i < holder->members().size(); ++i) {
      const Member& m = holder->members()[i];
      if (is_rate_limit_extension(m.key())) {
        std::string pointer = pointer_append(holder == root ? "" : "/info", m.key());
        declared.extensions[m.key()] = {0, Evidence{ctx.url(), pointer, ctx.tree().quote(m)}};
      }
    }
  }
  for (const Operation& op : ctx.operations()) {
    scan_operation(ctx, op, declared, out);
  }
  if (declared.too_many_requests == 0) {
    scan_defined_responses(ctx, declared);
  }
  add_declared(declared, static_cast<int>(ctx.operations().size()), out);
  if (out.rate_limits.size() == before) {
    out.gaps.emplace_back("rate limits are not stated in the spec");
  }
}

}  // namespace om::extract::detail
