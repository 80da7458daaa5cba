// Rate limits stated in documentation (EXTRACTION.md section 3): "N requests per minute",
// X-RateLimit-* / RateLimit-* / Retry-After headers, 429 responses, and the limit's scope.
#include <algorithm>
#include <optional>
#include <string>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/prose.h"

namespace om::extract::detail {
namespace {

std::optional<double> window_seconds(std::string_view unit) {
  std::string u = to_lower(unit);
  if (u.rfind("s", 0) == 0) {
    return 1;
  }
  if (u.rfind("m", 0) == 0) {
    return 60;
  }
  if (u.rfind("h", 0) == 0) {
    return 3600;
  }
  if (u.rfind("d", 0) == 0) {
    return 86400;
  }
  return std::nullopt;
}

std::optional<double> to_number(std::string_view digits) {
  std::string clean;
  for (char c : digits) {
    if (c >= '0' && c <= '9') {
      clean += c;
    }
  }
  if (clean.empty() || clean.size() > 12) {
    return std::nullopt;
  }
  return std::stod(clean);
}

std::string scope_of(std::string_view sentence) {
  static const RE2 kScope(
      R"((?i)\b(?:per|each|for each|by)\s+(?:(user|token|api key|api token|access token|key|ip(?: address)?|app|application|client|endpoint|route|method|account|organi[sz]ation|org|workspace|tenant|team|project))\b)");
  std::string word;
  if (!RE2::PartialMatch(sentence, kScope, &word)) {
    return "";
  }
  word = to_lower(word);
  if (word == "api key" || word == "api token" || word == "access token" || word == "key") {
    return "token";
  }
  if (word.rfind("ip", 0) == 0) {
    return "ip";
  }
  if (word == "application" || word == "client") {
    return "app";
  }
  if (word == "route" || word == "method") {
    return "endpoint";
  }
  if (word.rfind("organi", 0) == 0 || word == "org" || word == "workspace" || word == "tenant") {
    return "account";
  }
  return word;
}

// "100 requests per minute", "5,000 API calls per 24 hours", "10 req/s".
void find_numeric(const PageText& page, const PieceScan& scan, std::vector<RateLimit>& out) {
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kCode) {
      continue;
    }
    for (ProsePattern p : {ProsePattern::kRatePer, ProsePattern::kRateSlash}) {
      if (!scan.may_match(i, p)) {
        continue;
      }
      for (const auto& m : find_all(prose_re(p), piece.text, 10)) {
        std::optional<double> limit = to_number(m[1]);
        std::optional<double> unit = window_seconds(m[3]);
        if (!limit || !unit) {
          continue;
        }
        std::optional<double> count = m[2].empty() ? std::optional<double>(1) : to_number(m[2]);
        RateLimit r;
        r.limit = limit;
        r.window_seconds = *unit * count.value_or(1);
        std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
        Evidence ev = cite(page, piece, pos, m[0].size());
        r.scope = scope_of(ev.quote);
        r.text = ev.quote;
        r.confidence = confidence::kProse;
        r.evidence.push_back(std::move(ev));
        out.push_back(std::move(r));
      }
    }
  }
}

struct HeaderSignals {
  std::vector<std::string> headers;
  bool retry_after = false;
  EvidenceList evidence;
};

// X-RateLimit-*, RateLimit-*, Retry-After, and 429 / "rate limit" sentences.
HeaderSignals find_headers(const PageText& page, const PieceScan& scan) {
  HeaderSignals s;
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    const bool may_name_header = scan.may_match(i, ProsePattern::kRateHeader);
    for (const auto& m : may_name_header
                             ? find_all(prose_re(ProsePattern::kRateHeader), piece.text, 20)
                             : std::vector<std::vector<std::string_view>>()) {
      std::string h(m[1]);
      if (iequals(h, "retry-after")) {
        s.retry_after = true;
        h = "Retry-After";
      }
      if (std::none_of(s.headers.begin(), s.headers.end(),
                       [&](const std::string& x) { return iequals(x, h); })) {
        s.headers.push_back(h);
      }
      std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
      add_evidence(s.evidence, cite(page, piece, pos, m[0].size()));
    }
    if (piece.kind != PieceKind::kCode && piece.kind != PieceKind::kHeading &&
        scan.may_match(i, ProsePattern::kRateStatus)) {
      for (const auto& m : find_all(prose_re(ProsePattern::kRateStatus), piece.text, 2)) {
        std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
        add_evidence(s.evidence, cite(page, piece, pos, m[0].size()));
      }
    }
  }
  return s;
}

}  // namespace

void detect_rate_limits(const ProseContext& ctx, Findings& out) {
  std::vector<RateLimit> limits;
  find_numeric(ctx.page, ctx.scan, limits);
  HeaderSignals s = find_headers(ctx.page, ctx.scan);
  if (limits.empty() && !s.evidence.empty()) {
    RateLimit r;
    r.confidence = confidence::kProse;
    r.text = s.evidence.front().quote;
    limits.push_back(std::move(r));
  }
  for (RateLimit& r : limits) {
    r.headers = s.headers;
    r.retry_after = s.retry_after;
    for (const Evidence& ev : s.evidence) {
      add_evidence(r.evidence, ev);
    }
    out.rate_limits.push_back(std::move(r));
  }
}

}  // namespace om::extract::detail
