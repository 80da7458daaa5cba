// libxml2's side of reading HTML (html_events.h, html_oracle.h): its SAX events, and its answers
// to the scanner's questions.
#include <algorithm>
#include <mutex>
#include <optional>
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

// libxml2's events for `html` as a flat list: "<name" (start), ">name" (end), "#text" (a run).
std::vector<std::string> libxml_events(const std::string& html) {
  Recorder r;
  parse_html_libxml(html, r);
  return r.events;
}

// The events libxml2 gives for `html` after `head` (the events a question's document opens
// with), or nullopt when it opens otherwise.
std::optional<std::vector<std::string>> events_after(const std::string& html,
                                                     const std::vector<std::string>& head) {
  std::vector<std::string> ev = libxml_events(html);
  if (ev.size() < head.size() || !std::equal(head.begin(), head.end(), ev.begin())) {
    return std::nullopt;
  }
  ev.erase(ev.begin(), ev.begin() + static_cast<std::ptrdiff_t>(head.size()));
  return ev;
}

}  // namespace

template <typename Ask>
HtmlAnswer HtmlOracle::ask(std::uint64_t kind, HtmlNameId a, HtmlNameId b, Ask asker) {
  const std::uint64_t key = kind << 48 | std::uint64_t{a} << 24 | b;
  if (auto it = answers_.find(key); it != answers_.end()) {
    return it->second;
  }
  const HtmlAnswer answer = asker();
  answers_.emplace(key, answer);
  return answer;
}

HtmlAnswer HtmlOracle::start_closes(HtmlNameId tag_id, HtmlNameId open_id) {
  return ask(kStart, tag_id, open_id, [&] {
    const std::string tag = name(tag_id);
    const std::string open = name(open_id);
    const auto next =
        events_after("<html><body><" + open + "><" + tag + ">", {"<html", "<body", "<" + open});
    if (!next || next->empty()) {
      return HtmlAnswer::kUnknown;
    }
    if ((*next)[0] == "<" + tag) {
      return HtmlAnswer::kNo;
    }
    return next->size() > 1 && (*next)[0] == ">" + open && (*next)[1] == "<" + tag
               ? HtmlAnswer::kYes
               : HtmlAnswer::kUnknown;
  });
}

HtmlAnswer HtmlOracle::end_closes(HtmlNameId tag_id, HtmlNameId open_id) {
  return ask(kEnd, tag_id, open_id, [&] {
    const std::string tag = name(tag_id);
    const std::string open = name(open_id);
    const bool root = tag == "body" || tag == "html";
    std::vector<std::string> head = {"<html", "<body"};
    if (!root) {
      head.push_back("<" + tag);
    }
    head.push_back("<" + open);
    const auto next = events_after(
        "<html><body>" + (root ? std::string() : "<" + tag + ">") + "<" + open + "></" + tag + ">X",
        head);
    if (!next || next->size() < 2) {
      return HtmlAnswer::kUnknown;
    }
    if ((*next)[0] == "#X") {
      return HtmlAnswer::kNo;
    }
    return (*next)[0] == ">" + open && (*next)[1] == ">" + tag ? HtmlAnswer::kYes
                                                               : HtmlAnswer::kUnknown;
  });
}

HtmlAnswer HtmlOracle::is_void(HtmlNameId tag_id) {
  return ask(kVoid, tag_id, 0, [&] {
    const std::string tag = name(tag_id);
    const auto next = events_after("<html><body><" + tag + ">X", {"<html", "<body", "<" + tag});
    if (!next || next->size() < 2) {
      return HtmlAnswer::kUnknown;
    }
    if ((*next)[0] == ">" + tag && (*next)[1] == "#X") {
      return HtmlAnswer::kYes;
    }
    return (*next)[0] == "#X" ? HtmlAnswer::kNo : HtmlAnswer::kUnknown;
  });
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
