// Shared pieces of the prose detectors: citations, curl command parsing, and the detector table
// that detect_prose() runs (order = report order; adding one = one line + a test).
#include <array>
#include <string>

#include <re2/re2.h>

#include "core/text.h"
#include "core/url_text.h"
#include "extract/detail/prose.h"

namespace om::extract::detail {
namespace {

using DetectFn = void (*)(const ProseContext&, Findings&);
struct Detector {
  std::string_view name;
  DetectFn run;
};
constexpr std::array kDetectors{
    Detector{"endpoints", &detect_endpoints},
    Detector{"base_urls", &detect_base_urls},
    Detector{"auth", &detect_auth},
    Detector{"pagination", &detect_pagination},
    Detector{"rate_limits", &detect_rate_limits},
    Detector{"entities", &detect_entities},
    Detector{"test_images",
             [](const ProseContext& c, Findings& f) { detect_test_images(c.page, f); }},
    Detector{"sql_urls",
             [](const ProseContext& c, Findings& f) { detect_sql_urls(c.page, c.scan, f); }},
};

constexpr std::size_t kQuoteBytes = 240;
constexpr std::size_t kMaxEvidence = 4;

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Bounds of the sentence (prose) or line (code) holding `pos`.
std::pair<std::size_t, std::size_t> sentence_around(std::string_view text, std::size_t pos,
                                                    bool is_code) {
  pos = std::min(pos, text.size());
  std::size_t start = 0;
  std::size_t end = text.size();
  for (std::size_t i = pos; i > 0; --i) {
    char c = text[i - 1];
    if (c == '\n' || (!is_code && i >= 2 && (c == ' ') &&
                      (text[i - 2] == '.' || text[i - 2] == '!' || text[i - 2] == '?'))) {
      start = i;
      break;
    }
  }
  for (std::size_t i = pos; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || (!is_code && (c == '.' || c == '!' || c == '?') &&
                      (i + 1 == text.size() || text[i + 1] == ' '))) {
      end = c == '\n' ? i : i + 1;
      break;
    }
  }
  return {start, end};
}

// Splits one shell command line into words, honouring '...' and "..." and backslashes; stops
// at an unquoted pipe, semicolon, && or redirection.
std::vector<std::string> shell_words(std::string_view line) {
  std::vector<std::string> words;
  std::string cur;
  bool has_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        cur += line[++i];
      } else {
        cur += c;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      has_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur += line[++i];
      has_word = true;
    } else if (c == ' ' || c == '\t') {
      if (has_word) {
        words.push_back(std::move(cur));
      }
      cur.clear();
      has_word = false;
    } else if (c == '|' || c == ';' || c == '>' ||
               (c == '&' && i + 1 < line.size() && line[i + 1] == '&')) {
      break;
    } else {
      cur += c;
      has_word = true;
    }
  }
  if (has_word) {
    words.push_back(std::move(cur));
  }
  return words;
}

bool looks_like_url(std::string_view w) {
  return w.find("://") != std::string_view::npos || w.front() == '$' || w.front() == '{' ||
         w.front() == '<' || w.front() == '/';
}

// Reads the flags of one curl command (words after "curl").
CurlCall parse_curl(const std::vector<std::string>& words, std::size_t first) {
  CurlCall call;
  bool force_get = false;
  for (std::size_t i = first; i < words.size(); ++i) {
    const std::string& w = words[i];
    bool has_next = i + 1 < words.size();
    if ((w == "-X" || w == "--request") && has_next) {
      call.method = to_upper(words[++i]);
    } else if (w.size() > 2 && w.rfind("-X", 0) == 0) {
      call.method = to_upper(w.substr(2));
    } else if ((w == "-H" || w == "--header") && has_next) {
      call.headers.push_back(words[++i]);
    } else if ((w == "-u" || w == "--user") && has_next) {
      call.user = words[++i];
    } else if ((w == "-d" || w.rfind("--data", 0) == 0 || w == "-F" || w == "--form") && has_next) {
      call.data.push_back(words[++i]);
    } else if (w == "-G" || w == "--get") {
      force_get = true;
    } else if (w == "--url" && has_next) {
      call.url = words[++i];
    } else if (!w.empty() && w.front() != '-' && call.url.empty() && looks_like_url(w)) {
      call.url = w;
    }
  }
  if (call.method.empty()) {
    call.method = (!call.data.empty() && !force_get) ? "POST" : "GET";
  }
  return call;
}

}  // namespace

Evidence cite(const PageText& page, const Piece& piece, std::size_t pos, std::size_t len) {
  std::string_view text = piece.text;
  auto [start, end] = sentence_around(text, pos, piece.kind == PieceKind::kCode);
  if (end - start > kQuoteBytes) {
    std::size_t want = std::min(pos, text.size());
    start = std::max(start, want > 60 ? want - 60 : 0);
    if (len > 0 && pos + len > start + kQuoteBytes) {
      start = std::min(pos, text.size());
    }
  }
  while (start < text.size() && is_continuation_byte(text[start])) {
    ++start;
  }
  std::string_view sentence = trim(text.substr(start, end > start ? end - start : 0));
  Evidence ev;
  ev.url = page.url;
  ev.locator = piece.locator.empty() ? "(top of page)" : piece.locator;
  ev.quote = clip_quote(sentence, kQuoteBytes);
  return ev;
}

void add_evidence(EvidenceList& list, const Evidence& ev) {
  for (const Evidence& e : list) {
    if (e.locator == ev.locator && e.quote == ev.quote) {
      return;
    }
  }
  if (list.size() < kMaxEvidence) {
    list.push_back(ev);
  }
}

std::string path_in_prose(std::string_view url) {
  url = trim(url);
  if (url.find("://") != std::string_view::npos) {  // prose: a quote or space ends the URL too
    std::string path = om::path_of_url(url);
    return path.substr(0, path.find_first_of(" \"'"));
  }
  auto slash = url.find('/');
  if (slash == std::string_view::npos ||
      (slash > 0 && url.front() != '$' && url.front() != '{' && url.front() != '<')) {
    return "";
  }
  url.remove_prefix(slash);
  return std::string(url.substr(0, url.find_first_of("?# \"'")));
}

std::vector<CurlCall> find_curl_calls(const PageText& page) {
  std::vector<CurlCall> calls;
  for (std::size_t index = 0; index < page.pieces.size(); ++index) {
    const Piece& piece = page.pieces[index];
    if (piece.kind != PieceKind::kCode || piece.text.find("curl") == std::string::npos) {
      continue;
    }
    // Join "\<newline>" continuations, remembering where each logical line starts.
    std::string joined;
    std::vector<std::size_t> origin;
    const std::string& t = piece.text;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '\\' && i + 1 < t.size() && (t[i + 1] == '\n' || t[i + 1] == '\r')) {
        i += (t[i + 1] == '\r' && i + 2 < t.size() && t[i + 2] == '\n') ? 2 : 1;
        joined += ' ';
        origin.push_back(i);
        continue;
      }
      joined += t[i];
      origin.push_back(i);
    }
    std::size_t line_start = 0;
    while (line_start < joined.size()) {
      std::size_t eol = joined.find('\n', line_start);
      std::string_view line = std::string_view(joined).substr(
          line_start, (eol == std::string::npos ? joined.size() : eol) - line_start);
      std::vector<std::string> words = shell_words(line);
      for (std::size_t w = 0; w < words.size(); ++w) {
        if (words[w] == "curl") {
          CurlCall call = parse_curl(words, w + 1);
          if (!call.url.empty()) {
            call.evidence = cite(page, piece, origin[line_start]);
            call.piece = index;
            calls.push_back(std::move(call));
          }
          break;
        }
      }
      if (eol == std::string::npos) {
        break;
      }
      line_start = eol + 1;
    }
  }
  return calls;
}

std::vector<std::vector<std::string_view>> find_all(const re2::RE2& re, std::string_view text,
                                                    std::size_t max) {
  std::vector<std::vector<std::string_view>> out;
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(n));
  re2::StringPiece input(text.data(), text.size());
  std::size_t pos = 0;
  while (pos <= text.size() && out.size() < max &&
         re.Match(input, pos, text.size(), re2::RE2::UNANCHORED, groups.data(), n)) {
    std::vector<std::string_view> m;
    for (const re2::StringPiece& g : groups) {
      m.emplace_back(g.data() == nullptr ? std::string_view()
                                         : std::string_view(g.data(), g.size()));
    }
    std::size_t end = static_cast<std::size_t>(groups[0].data() - text.data()) + groups[0].size();
    pos = groups[0].empty() ? end + 1 : end;
    out.push_back(std::move(m));
  }
  return out;
}

Findings detect_prose(const PageText& page) {
  ProseContext ctx{page, PieceScan(page), find_curl_calls(page), {}};
  ctx.endpoints = find_endpoints(page, ctx.scan, ctx.curls);
  Findings out;
  for (const Detector& d : kDetectors) {
    d.run(ctx, out);
  }
  return out;
}

}  // namespace om::extract::detail
