// Test-environment facts in documentation and SDK READMEs (issue #23): container images from
// `docker run` / `docker pull` commands and compose services (`image:` with `ports:`), and
// SQLAlchemy URLs (dialect+driver://…:port) for database sources.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/prose.h"

namespace om::extract::detail {
namespace {

// A Docker reference: [registry/]name[:tag][@digest], lower-case name parts as Docker requires,
// so placeholders such as <image> or $IMAGE never pass.
bool is_image_reference(std::string_view word) {
  static const RE2 kImage(
      R"([a-z0-9][a-z0-9._-]*(?::[0-9]+)?(?:/[a-z0-9][a-z0-9._-]*)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[0-9a-f]{64})?)");
  return !word.empty() && word.size() <= 255 && RE2::FullMatch(word, kImage);
}

// Port mappings as -p takes them: [ip:]host:container[/proto], or container alone.
bool is_port_mapping(std::string_view word) {
  static const RE2 kPorts(
      R"((?:[0-9.]+:)?(?:[0-9]{1,5}(?:-[0-9]{1,5})?:)?[0-9]{1,5}(?:-[0-9]{1,5})?(?:/(?:tcp|udp))?)");
  return RE2::FullMatch(word, kPorts);
}

// `docker run` options that take a value as the next word (the image is the first word that is
// neither an option nor such a value).
bool takes_value(std::string_view option) {
  static constexpr std::array<std::string_view, 22> kWithValue = {
      "-e",         "--env",     "-v",         "--volume",    "--name",  "--network",
      "-w",         "--workdir", "-u",         "--user",      "--mount", "--platform",
      "--env-file", "-m",        "--memory",   "--restart",   "-h",      "--hostname",
      "-l",         "--label",   "--add-host", "--entrypoint"};
  return std::find(kWithValue.begin(), kWithValue.end(), option) != kWithValue.end();
}

// Shell words of one command line: split on blanks, quotes removed (no expansion).
std::vector<std::string> shell_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool in_word = false;
  for (char c : line) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) {
        words.push_back(std::move(word));
      }
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) {
    words.push_back(std::move(word));
  }
  return words;
}

// The code block's lines with backslash continuations joined, each with its offset in `text`.
std::vector<std::pair<std::string, std::size_t>> command_lines(std::string_view text) {
  std::vector<std::pair<std::string, std::size_t>> out;
  std::string current;
  std::size_t start = 0;
  for (std::string_view line : split(text, '\n')) {
    std::string_view t = trim(line);
    if (current.empty()) {
      start = static_cast<std::size_t>(line.data() - text.data());
    }
    if (!t.empty() && t.back() == '\\') {
      current += std::string(t.substr(0, t.size() - 1)) + " ";
      continue;
    }
    current += std::string(t);
    out.emplace_back(std::move(current), start);
    current.clear();
  }
  if (!current.empty()) {
    out.emplace_back(std::move(current), start);
  }
  return out;
}

// Reads `docker run … IMAGE` / `docker pull IMAGE` from the words after "docker".
bool read_docker_command(const std::vector<std::string>& w, std::size_t at, TestImage& image) {
  const bool run = w[at] == "run";
  image.via = run ? ImageVia::kDockerRun : ImageVia::kDockerPull;
  for (std::size_t i = at + 1; i < w.size(); ++i) {
    const std::string& word = w[i];
    bool publish = word == "-p" || word == "--publish";
    if (publish && i + 1 < w.size()) {
      if (is_port_mapping(w[i + 1])) {
        image.ports.push_back(w[i + 1]);
      }
      ++i;
    } else if (word.starts_with("--publish=") || (word.starts_with("-p") && word.size() > 2)) {
      std::string value = word.substr(word[1] == 'p' ? 2 : 10);
      if (is_port_mapping(value)) {
        image.ports.push_back(value);
      }
    } else if (takes_value(word)) {
      ++i;
    } else if (!word.empty() && word[0] != '-') {
      image.image = word;
      return is_image_reference(word);
    }
  }
  return false;
}

// Whether `word` is in `text` with nothing but quotes between its letters: the shell reads
// "docker" in do"ck"er too, so a piece without it holds no docker command.
bool has_word_through_quotes(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word.front()); at != std::string_view::npos;
       at = text.find(word.front(), at + 1)) {
    std::size_t k = at;
    std::size_t matched = 0;
    while (k < text.size() && matched < word.size()) {
      if (text[k] == word[matched]) {
        ++matched;
      } else if (text[k] != '"' && text[k] != '\'') {
        break;
      }
      ++k;
    }
    if (matched == word.size()) {
      return true;
    }
  }
  return false;
}

void find_docker_commands(const PageText& page, const Piece& piece, std::vector<TestImage>& out) {
  for (const auto& [line, offset] : command_lines(piece.text)) {
    std::vector<std::string> w = shell_words(line);
    for (std::size_t i = 0; i + 1 < w.size(); ++i) {
      if (w[i] != "docker" || (w[i + 1] != "run" && w[i + 1] != "pull")) {
        continue;
      }
      TestImage image;
      if (read_docker_command(w, i + 1, image)) {
        image.evidence.push_back(cite(page, piece, offset, line.size()));
        out.push_back(std::move(image));
      }
      break;
    }
  }
}

std::size_t indent_of(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') {
    ++n;
  }
  return n;
}

// The items of a `ports:` list in the compose service that holds line `at` (the lines around it
// indented at least as far as it is).
std::vector<std::string> compose_ports(const std::vector<std::string_view>& lines, std::size_t at) {
  static const RE2 kItem(R"(\s*-\s*["']?([0-9.:/a-z-]+?)["']?\s*(?:#.*)?)");
  const std::size_t indent = indent_of(lines[at]);
  std::size_t first = at;
  while (first > 0 && !trim(lines[first - 1]).empty() && indent_of(lines[first - 1]) >= indent) {
    --first;
  }
  std::vector<std::string> ports;
  bool in_ports = false;
  for (std::size_t i = first; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (i > at && !trim(line).empty() && indent_of(line) < indent) {
      break;
    }
    if (indent_of(line) == indent) {
      in_ports = trim(line) == "ports:";
      continue;
    }
    std::string item;
    if (in_ports && RE2::FullMatch(line, kItem, &item) && is_port_mapping(item)) {
      ports.push_back(item);
    }
  }
  return ports;
}

void find_compose_services(const PageText& page, const Piece& piece, std::vector<TestImage>& out) {
  static const RE2 kImageLine(R"(\s*image:\s*["']?([^"'\s#]+)["']?\s*(?:#.*)?)");
  std::vector<std::string_view> lines = split(piece.text, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string name;
    if (!RE2::FullMatch(lines[i], kImageLine, &name) || !is_image_reference(name)) {
      continue;
    }
    TestImage image{name, compose_ports(lines, i), ImageVia::kCompose, {}};
    const auto offset = static_cast<std::size_t>(lines[i].data() - piece.text.data());
    image.evidence.push_back(cite(page, piece, offset, lines[i].size()));
    out.push_back(std::move(image));
  }
}

// Schemes that are URLs of other kinds, never SQLAlchemy dialects.
bool is_web_scheme(std::string_view scheme) {
  static constexpr std::array<std::string_view, 12> kWeb = {
      "http", "https", "ftp", "file", "ws", "wss", "s3", "gs", "git", "ssh", "mailto", "data"};
  return std::find(kWeb.begin(), kWeb.end(), scheme) != kWeb.end();
}

// The port of a URL's authority ("user:pw@host:5432/db" -> "5432"), "" when none is digits.
std::string port_of(std::string_view rest) {
  std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  std::size_t at = authority.rfind('@');
  std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  std::size_t colon = host.rfind(':');
  if (colon == std::string_view::npos || colon + 1 >= host.size()) {
    return {};
  }
  std::string_view port = host.substr(colon + 1);
  bool digits = port.size() <= 5 &&
                std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? std::string(port) : std::string();
}

}  // namespace

void detect_test_images(const PageText& page, Findings& out) {
  for (const Piece& piece : page.pieces) {
    if (piece.kind != PieceKind::kCode) {
      continue;
    }
    if (has_word_through_quotes(piece.text, "docker")) {
      find_docker_commands(page, piece, out.test_images);
    }
    if (piece.text.find("image:") != std::string::npos) {  // every image line holds it
      find_compose_services(page, piece, out.test_images);
    }
  }
}

// A URL counts when its piece speaks of SQLAlchemy (create_engine, "sqlalchemy") or its scheme
// names a driver ("dialect+driver"), so "redis://" in an unrelated example is not a dialect.
void detect_sql_urls(const PageText& page, const PieceScan& scan, Findings& out) {
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kHeading || !scan.may_match(i, ProsePattern::kSqlUrl)) {
      continue;
    }
    std::optional<bool> context;  // looked up at the first URL that needs it
    for (const auto& m : find_all(prose_re(ProsePattern::kSqlUrl), piece.text, 20)) {
      std::string scheme(m[1]);
      const std::size_t plus = scheme.find('+');
      if (is_web_scheme(scheme)) {
        continue;
      }
      if (!context) {
        context = icontains(piece.text, "create_engine") || icontains(piece.text, "sqlalchemy");
      }
      if (!*context && plus == std::string::npos) {
        continue;
      }
      SqlAlchemyUrl url;
      url.scheme = scheme;
      url.dialect = scheme.substr(0, plus);
      url.driver = plus == std::string::npos ? "" : scheme.substr(plus + 1);
      url.port = port_of(m[2]);
      const auto pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
      url.evidence.push_back(cite(page, piece, pos, m[0].size()));
      out.sql_urls.push_back(std::move(url));
    }
  }
}

}  // namespace om::extract::detail
