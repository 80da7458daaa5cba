// Tests for the HTML scanner (html_events.cpp): wherever it reads a page, it gives exactly
// libxml2's events (element starts with their attributes, ends, text), so the page reads the same
// whichever reads it; where it cannot vouch for that, it declines.
#include "extract/detail/html_events.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "extract/detail/html_prepare.h"
#include "extract/detail/page_text.h"

namespace {

using om::extract::detail::HtmlAttr;
using om::extract::detail::HtmlEvents;
using om::extract::detail::PageText;

// Events as strings: "<name a=v ...", ">", "#text" (a run of text is one entry).
class Events : public HtmlEvents {
 public:
  void start(std::string_view name, std::span<const HtmlAttr> atts) override {
    std::string e(1, '<');
    e.append(name);
    for (const HtmlAttr& a : atts) {
      e.append(1, ' ').append(a.name).append(1, '=').append(a.value);
    }
    list.push_back(std::move(e));
  }
  void end() override { list.emplace_back(">"); }
  void text(std::string_view text) override {
    if (!list.empty() && list.back().front() == '#') {
      list.back().append(text);
    } else {
      std::string e(1, '#');
      e.append(text);
      list.push_back(std::move(e));
    }
  }
  std::vector<std::string> list;
};

std::vector<std::string> libxml(const std::string& html) {
  Events e;
  om::extract::detail::parse_html_libxml(html, e);
  return e.list;
}

// The scanner's events, or nullopt when it declines.
std::optional<std::vector<std::string>> scanned(const std::string& html) {
  Events e;
  if (!om::extract::detail::parse_html_fast(html, e)) {
    return std::nullopt;
  }
  return e.list;
}

std::string page(const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>T &amp; "
         "t</title>"
         "<link rel=\"stylesheet\" href=\"/s.css\"><script>var a = '<p>'; if (a < b) {}</script>"
         "<style>p > a { x: y }</style></head>\n<body class=\"docs\">" +
         body + "</body>\n</html>\n";
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every .html fixture of the repository.
std::vector<std::string> fixture_pages() {
  std::vector<std::string> pages;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(std::string(OM_SOURCE_DIR) + "/tests")) {
    if (e.is_regular_file() && e.path().extension() == ".html") {
      pages.push_back(read_file(e.path()));
    }
  }
  return pages;
}

// Whether the scanner agrees with libxml2 on `page` as the parser is given it (html_prepare.h:
// valid UTF-8, no NUL) or declines it; `accepted` counts reads.
bool agrees(const std::string& page, int& accepted) {
  const std::string html = om::extract::detail::prepared_for_parser(page).value_or(page);
  auto fast = scanned(html);
  if (!fast) {
    return true;
  }
  ++accepted;
  const auto slow = libxml(html);
  if (*fast != slow) {
    std::size_t i = 0;
    while (i < fast->size() && i < slow.size() && (*fast)[i] == slow[i]) {
      ++i;
    }
    auto at = [](const std::vector<std::string>& v, std::size_t k) {
      std::string s;
      for (std::size_t j = k >= 3 ? k - 3 : 0; j < v.size() && j < k + 3; ++j) {
        s += (j == k ? "=> " : "   ") + v[j] + "\n";
      }
      return s;
    };
    MESSAGE("differs at event " << i << "\nscanner:\n"
                                << at(*fast, i) << "libxml2:\n"
                                << at(slow, i) << "page:\n"
                                << html.substr(0, 4000));
    return false;
  }
  return true;
}

}  // namespace

TEST_CASE("html scanner: usual docs markup reads as libxml2 reads it") {
  // Each is read (not declined) and gives libxml2's events exactly.
  const std::vector<std::string> bodies = {
      "<h1 id=\"top\">Users API</h1><p>List users with <code>GET /v1/users</code>.</p>",
      "<nav class=\"sidebar\"><ul><li><a href=\"/a\">A</a></li><li><a href=/b>B</a></ul></nav>",
      "<ul><li>one<li>two<li>three</ul><p>after",
      "<p>first<p>second<div>block</div>tail",
      "<table><thead><tr><th>Name<th>Type</thead><tbody><tr><td>a<td>b<tr><td>c</table>",
      "<dl><dt>page<dd>the page<dt>per_page<dd>size</dl>",
      "<pre class=\"language-bash\"><code>curl -H 'Authorization: Bearer $T' \\\n  "
      "https://api.x/v1/users?page=2 &amp;&amp; echo</code></pre>",
      "<p>a &lt; b &gt; c &quot;q&quot; &#39;s&#39; &nbsp;&copy;&#x20AC;&#8364; &amp;</p>",
      "<p>x<br>y<br/>z<img src=\"a.png\" alt=\"A\">w<hr>v</p>",
      "<div/><span/>after<p class=a class=b>first class wins</p>",
      "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><linearGradient>g</linearGradient></svg>",
      "<script>if (a</b) {}</script><noscript><p>no script</p></noscript><template>t</template>",
      "<main><article><header><h2>In article</h2></header><p>body</p></article></main>",
      "<p>unclosed <b>bold <i>both</b> italic</i> end</p>",
      "<div>a</p>b</div>",
      "<p>a < b and c <= d, x<3</p>",
      "<p>A & B, x && y</p>",
      "<!-- a comment --><p>after <!-- inline --> comment</p>",
      "<h2>Rate limits</h2><blockquote><p>5000 requests per hour</blockquote>",
      "<select><option>a<option>b</select><button>Go</button><form><input name=q></form>",
      "<p>ünïcödé — text</p><p>\xE2\x80\x8B zero width</p>",
      "<a href=\"/x?a=1&amp;b=2\" data-lang=\"python\" role=\"navigation\">link</a>",
      "<ul><li>1<ul><li>1.1<li>1.2</ul><li>2</ul>",
      "<table><tr><td><table><tr><td>inner</table><td>outer</table>",
      "<p><meta itemprop=\"x\" content=\"y\">meta in p<link rel=\"x\"></p><title>late</title>",
      "<div\nclass=\"a\"\n>multi\nline</div\n>",
      "<p>ends with a lone &</p><p>x&</p>",
      "<p>carriage\r\nreturn\rhere</p>",
  };
  int accepted = 0;
  for (const auto& b : bodies) {
    const std::string html = page(b);
    CAPTURE(b);
    auto fast = scanned(html);
    REQUIRE(fast.has_value());
    CHECK(agrees(html, accepted));
  }
  CHECK(accepted == static_cast<int>(bodies.size()));
}

TEST_CASE("html scanner: a page without a head reads as libxml2 reads it") {
  int accepted = 0;
  const std::string html = "<html><body><p>no head</p></body></html>";
  REQUIRE(scanned(html).has_value());
  CHECK(agrees(html, accepted));
}

TEST_CASE("html scanner: what it cannot vouch for it declines, and the page reads all the same") {
  // Declined: libxml2 reads these (the page goes to it), the scanner does not claim to.
  const std::vector<std::string> pages = {
      "<p>no html element</p>",
      "<html><head><div>div in head</div></head><body>x</body></html>",
      page("<p>unknown &entity; here</p>"),
      page("<p>no semicolon &copy here</p>"),
      page("<p>bad reference &#0; here</p>"),
      page("<p>control \x01 byte</p>"),
      page("<body>second body</body>"),
      page("<html>second html</html>"),
      page("<p>unterminated <!-- comment"),
      page("<p>cdata <![CDATA[x]]></p>"),
      page("<p>pi <?php echo 1 ?></p>"),
      page("<textarea><p>raw</p></textarea>"),
      page("<script>never closed"),
      page("<a href=\"x\"\"y\">quote</a>"),
      page("<a @click=\"x\">attr</a>"),
      page("</html>trailing text"),
  };
  for (const auto& html : pages) {
    CAPTURE(html);
    CHECK_FALSE(scanned(html).has_value());
    // read_html still reads it (through libxml2).
    PageText p = om::extract::detail::read_html(html, "https://x/p");
    PageText q = om::extract::detail::read_html_libxml(html, "https://x/p");
    CHECK(om::extract::detail::plain_text(p) == om::extract::detail::plain_text(q));
  }
}

TEST_CASE("html scanner: the repository's HTML fixtures read the same either way") {
  int accepted = 0;
  const auto pages = fixture_pages();
  REQUIRE(pages.size() >= 5);
  for (const auto& html : pages) {
    CHECK(agrees(html, accepted));
    if (auto fast = om::extract::detail::read_html_fast(html, "https://x/p")) {
      PageText slow = om::extract::detail::read_html_libxml(html, "https://x/p");
      CHECK(om::extract::detail::plain_text(*fast) == om::extract::detail::plain_text(slow));
      REQUIRE(fast->pieces.size() == slow.pieces.size());
      for (std::size_t i = 0; i < slow.pieces.size(); ++i) {
        CHECK(fast->pieces[i].locator == slow.pieces[i].locator);
        CHECK(fast->pieces[i].code_spans == slow.pieces[i].code_spans);
        CHECK(fast->pieces[i].language == slow.pieces[i].language);
        CHECK(fast->pieces[i].level == slow.pieces[i].level);
      }
    }
  }
  MESSAGE(accepted << " of " << pages.size() << " fixture pages read by the scanner");
  CHECK(accepted * 2 >= static_cast<int>(pages.size()));
}

TEST_CASE("html scanner: damaged pages are read as libxml2 reads them or declined") {
  // Pages with random damage (markup inserted, cut, repeated): whatever the scanner reads, it
  // reads as libxml2 does. Seeded: the same mutants every run.
  const std::vector<std::string> tokens = {
      "<",
      "&",
      "&amp;",
      "</p>",
      "<p>",
      "<li>",
      "</li>",
      "</div>",
      "<div>",
      "<br/>",
      "<!--",
      "-->",
      "\n",
      "<script>",
      "</script>",
      "&nbsp;",
      "&#65;",
      "<td>",
      "<tr>",
      "</table>",
      "<table>",
      "<div/>",
      "'",
      "\"",
      "=",
      "<b>",
      "</i>",
      "<i>",
      "</b>",
      "<title>",
      "</body>",
      "</html>",
      "<pre>",
      "</pre>",
      "<code>",
      "</code>",
      "<h2>",
      "</h2>",
      "<a href=x>",
      "</a>",
      "<nav>",
      "</nav>",
      "<ul>",
      "</ul>",
      "<dt>",
      "<dd>",
      "<option>",
      "<select>",
      "</select>",
      "<form>",
      "</form>",
      "<button>",
      "<img src=x>",
      "<span>",
      "</span>",
      "x",
      " ",
      "<tbody>",
      "</tbody>",
      "<thead>",
      "<th>",
      "<dl>",
      "</dl>",
      "<noscript>",
      "</noscript>",
      "<svg>",
      "</svg>",
      "<style>",
      "</style>",
      "<h1>",
      "<header>",
      "</header>",
      "<main>",
      "</main>",
      "<article>",
      "</article>",
      "<font>",
      "<center>",
      "<address>",
      "<fieldset>",
      "<legend>",
      "<iframe>",
      "</iframe>",
      "<object>",
      "<param>",
      "<embed>",
      "<map>",
      "<area>",
      "<col>",
      "<colgroup>",
      "<caption>",
      "<label>",
      "<input>",
      "<optgroup>",
      "<details>",
      "<summary>",
      "<figure>",
      "<abbr>",
      "<small>",
      "<sup>",
      "<kbd>",
      "<var>",
      "<q>",
      "<s>",
      "<u>",
      "<em>",
      "<strong>",
      "<tt>",
      "<big>",
      "<ins>",
      "<del>",
      "<dir>",
      "<menu>",
      "<basefont>",
      "<applet>",
      "<hr>",
      "<blockquote>",
      "</blockquote>",
  };
  std::vector<std::string> seeds = fixture_pages();
  seeds.push_back(
      page("<h1>API</h1><p>Use <code>page</code> and <code>per_page</code>.</p>"
           "<ul><li>a</li><li>b</li></ul><table><tr><td>x</td></tr></table>"
           "<pre><code>curl x</code></pre><div><p>deep</p></div>"));
  std::mt19937 rng(20261207);
  int accepted = 0;
  int total = 0;
  int failures = 0;
  for (int round = 0; round < 20000 && failures < 3; ++round) {
    std::string html = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !html.empty(); ++k) {
      const std::size_t at = rng() % html.size();
      switch (rng() % 3) {
        case 0:
          html.insert(at, tokens[rng() % tokens.size()]);
          break;
        case 1:
          html.erase(at, 1 + rng() % 16);
          break;
        default:
          html.insert(at, html.substr(at, 1 + rng() % 24));
          break;
      }
    }
    ++total;
    if (!agrees(html, accepted)) {
      ++failures;
    }
  }
  CHECK(failures == 0);
  MESSAGE(accepted << " of " << total << " damaged pages read by the scanner");
  CHECK(accepted * 10 >= total);  // the damage is often harmless: the scanner still reads
}
