// libxml2's side of reading HTML (html_events.h, html_oracle.h): its SAX events, and its answers
// to the scanner's questions.
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "extract/detail/html_events.h"
#include "extract/detail/html_oracle.h"

namespace om::extract::detail {
namespace {

struct SaxState {
  HtmlEvents* out;
  std::vector<HtmlAttr> atts;
};

SaxState& state_of(void* ctx) {
  return *static_cast<SaxState*>(static_cast<htmlParserCtxtPtr>(ctx)->_private);
}

std::string_view view(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

void on_start(void* ctx, const xmlChar* name, const xmlChar** atts) {
  SaxState& st = state_of(ctx);
  st.atts.clear();
  for (const xmlChar** a = atts; a != nullptr && a[0] != nullptr; a += 2) {
    st.atts.push_back({view(a[0]), view(a[1])});
  }
  st.out->start(view(name), st.atts);
}

void on_end(void* ctx, const xmlChar* /*name*/) {
  state_of(ctx).out->end();
}

void on_text(void* ctx, const xmlChar* text, int len) {
  state_of(ctx).out->text(
      std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(len)));
}

void on_message(void* /*ctx*/, const char* /*msg*/, ...) {}  // parse errors are recovered from

// The events of a small document as a flat list: "<name", ">name" (end) and "#text".
class Recorder : public HtmlEvents {
 public:
  void start(std::string_view name, std::span<const HtmlAttr> /*atts*/) override {
    add('<', name);
    open_.emplace_back(name);
  }
  void end() override {
    add('>', open_.empty() ? std::string_view() : std::string_view(open_.back()));
    if (!open_.empty()) {
      open_.pop_back();
    }
  }
  void text(std::string_view text) override {
    if (!events.empty() && events.back().front() == '#') {
      events.back().append(text);
    } else {
      add('#', text);
    }
  }
  std::vector<std::string> events;

 private:
  void add(char kind, std::string_view what) {
    std::string e(1, kind);
    e.append(what);
    events.push_back(std::move(e));
  }
  std::vector<std::string> open_;
};

}  // namespace

std::vector<std::string> libxml_events(const std::string& html) {
  Recorder r;
  parse_html_libxml(html, r);
  return r.events;
}

HtmlOracle& html_oracle() {
  thread_local HtmlOracle o;
  return o;
}

std::uint32_t named_reference(std::string_view name) {
  thread_local std::unordered_map<std::string, std::uint32_t> known;
  std::string key(name);
  if (auto it = known.find(key); it != known.end()) {
    return it->second;
  }
  const htmlEntityDesc* e = htmlEntityLookup(reinterpret_cast<const xmlChar*>(key.c_str()));
  const std::uint32_t v = e == nullptr ? 0 : e->value;
  known.emplace(std::move(key), v);
  return v;
}

void parse_html_libxml(std::string_view html, HtmlEvents& out) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });  // libxml2's globals, once, before any thread
  if (html.empty()) {
    return;
  }
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html.data(), static_cast<int>(html.size()));
  if (ctxt == nullptr) {
    return;
  }
  htmlSAXHandler sax{};
  sax.startElement = on_start;
  sax.endElement = on_end;
  sax.characters = on_text;
  sax.ignorableWhitespace = on_text;
  sax.cdataBlock = on_text;
  sax.warning = on_message;
  sax.error = on_message;
  sax.fatalError = on_message;
  *ctxt->sax = sax;
  SaxState state{&out, {}};
  ctxt->_private = &state;
  // The text is UTF-8 already (html_as_utf8): a <meta charset> must not switch it.
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(ctxt);
  htmlFreeParserCtxt(ctxt);
}

}  // namespace om::extract::detail
