// The regexes the prose detectors run over whole pieces, in one table so that PieceScan can run
// them all at once (an RE2::Set, one pass per piece) and each detector then runs its own regex,
// with captures, only on the pieces the set reported for it.
#include <array>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "extract/detail/prose.h"

namespace om::extract::detail {
namespace {

constexpr auto kCount = static_cast<std::size_t>(ProsePattern::kCount);

// In ProsePattern order.
std::array<std::string, kCount> pattern_texts() {
  return {
      // kEndpointInline
      R"(\b(GET|POST|PUT|PATCH|DELETE|HEAD)\s+(?:https?://[^\s/'"`]+)?(/[^\s'"`,;)\]]*))",
      // kBaseUrlStated
      R"((?i)\b(?:base[ -]?(?:url|uri|path|endpoint)|api (?:root|host|endpoint)|root (?:url|endpoint))\b[^.\n]{0,40}?(?:\bis\b|:)\s*`?(https?://[^\s`'"<>()]+))",
      // kAuthHeaderLine
      R"((?im)^[ \t]*(authorization|)" + std::string(kKeyHeaderName) + R"()[ \t]*:[ \t]*([^\n]*))",
      // kAuthQuoted
      R"((?i)["'](authorization)["']\s*:\s*[f`]?["'`]([^"'`\n]*))",
      // kAuthQuery
      R"([?&](api_key|apikey|api-key|apiKey|key|access_token|auth_token|token)=[^\s&"'`]*)",
      // kGrantType
      R"(grant_type["']?\s*[:=]\s*["']?([A-Za-z_:.-]+))",
      // kApiKey
      R"((?i)\bapi[ _-]?keys?\b)",
      // kPersonalToken
      R"((?i)\bpersonal[ -]access[ -]tokens?\b)",
      // kPagingQuery
      R"([?&]([A-Za-z_$\[\]]+)=)",
      // kLastId
      R"((?i)\b(?:id|identifier|key) of the last\b[^.]{0,60}\b(?:previous|prior|last|preceding) (?:page|response|request|call|result|batch))",
      // kPagingField
      R"re("(next_cursor|nextCursor|next_page_token|nextPageToken|has_more|hasMore|has_next|next_page|next|next_url|nextLink|@odata\.nextLink|more)"\s*:\s*("?)(https?://|/)?)re",
      // kLinkNext
      R"((?i)\bLink\b[^\n]{0,200}rel=\\?"?next)",
      // kPaginated
      R"((?i)\bpaginat|\bpaged (?:list|array|result|response)|\bnext page\b)",
      // kSinglePage
      R"((?i)\bnot (?:paginated|paged)\b|\bno pagination\b|\bwithout pagination\b|\breturns? (?:all|every|the (?:complete|full|entire) list of)\b[^.;]{0,60}\b(?:at once|in (?:a|one) (?:single )?(?:response|request|call|page))\b)",
      // kRatePer
      R"((?i)\b(\d[\d,]*)\s+(?:[a-z-]+\s+){0,2}?(?:requests?|calls?|api calls|queries|reqs?|hits)\s+(?:per|every|each|a|an|/)\s*(\d+\s*)?(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\b)",
      // kRateSlash
      R"((?i)\b(\d[\d,]*)\s*(?:requests?|reqs?|calls?)\s*/\s*(\d+\s*)?(s|sec|second|m|min|minute|h|hr|hour|d|day)\b)",
      // kRateHeader
      R"((?i)\b((?:x-)?rate-?limit-[a-z-]+|ratelimit-policy|retry-after)\b)",
      // kRateStatus
      R"((?i)\b429\b|too many requests|\brate[ -]limit|\bthrottl)",
      // kSqlUrl
      R"(\b([a-z][a-z0-9_]*(?:\+[a-z][a-z0-9_]*)?)://([^\s'"<>`)]*))",
  };
}

// The compiled patterns and the set of all of them, built once (the patterns are constants: a
// pattern that does not compile is a programming error, caught by every test).
class Patterns {
 public:
  Patterns() : set_(set_options(), RE2::UNANCHORED) {
    const std::array<std::string, kCount> texts = pattern_texts();
    for (std::size_t i = 0; i < kCount; ++i) {
      res_[i] = std::make_unique<RE2>(texts[i]);
      if (!res_[i]->ok() || set_.Add(texts[i], nullptr) != static_cast<int>(i)) {
        std::abort();
      }
    }
    if (!set_.Compile()) {
      std::abort();
    }
  }

  [[nodiscard]] const RE2& re(ProsePattern p) const { return *res_[static_cast<std::size_t>(p)]; }

  // Bit i set when pattern i matches somewhere in `text`; every bit when the set could not tell
  // (its DFA ran out of memory), so that nothing is skipped.
  [[nodiscard]] std::uint32_t scan(std::string_view text, std::vector<int>& hits) const {
    RE2::Set::ErrorInfo error{};
    if (!set_.Match(text, &hits, &error)) {
      return error.kind == RE2::Set::kNoError ? 0U : ~0U;
    }
    std::uint32_t bits = 0;
    for (int i : hits) {
      bits |= 1U << static_cast<unsigned>(i);
    }
    return bits;
  }

 private:
  static RE2::Options set_options() {
    RE2::Options options;
    options.set_log_errors(false);  // a DFA out of memory is answered by scan(), not logged
    return options;
  }

  std::array<std::unique_ptr<RE2>, kCount> res_;
  RE2::Set set_;
};

const Patterns& patterns() {
  static const Patterns kPatterns;
  return kPatterns;
}

}  // namespace

const RE2& prose_re(ProsePattern p) {
  return patterns().re(p);
}

PieceScan::PieceScan(const PageText& page) {
  static_assert(kCount <= 32, "one bit a pattern in hits_");
  const Patterns& all = patterns();
  hits_.reserve(page.pieces.size());
  std::vector<int> hits;
  for (const Piece& piece : page.pieces) {
    hits_.push_back(all.scan(piece.text, hits));
  }
}

}  // namespace om::extract::detail
