// The brief's short sections for issue #23: closest existing connectors (inside a checkout
// only), test environment (when an image was found) and database facts (database sources). Text
// from documents and checkout files goes through markdown_text's escaping.
#include <string>

#include "report/detail/checkout_facts.h"
#include "report/detail/markdown_text.h"

namespace om::report::detail {
namespace {

class Writer {
 public:
  explicit Writer(const std::function<Markdown(const EvidenceList&)>& cite) : cite_(cite) {}

  void line(const Markdown& s = {}) {
    out_ += s;
    out_ += "\n";
  }
  void heading(const Markdown& title) {
    line();
    line("### " + title);
    line();
  }
  [[nodiscard]] Markdown cite(const EvidenceList& e) const { return cite_(e); }
  Markdown take() { return std::move(out_); }

 private:
  const std::function<Markdown(const EvidenceList&)>& cite_;
  Markdown out_;
};

void similar_connectors(const Research& r, Writer& w) {
  if (r.checkout_root.empty()) {
    return;
  }
  w.heading("Closest existing connectors");
  if (r.similar_connectors.empty()) {
    w.line("No " + md_code(r.source.service_type, 40) +
           " connector in this OpenMetadata checkout shares an auth kind, pagination style or "
           "client library with the research.");
    return;
  }
  w.line(
      "Ranked by agreement with the research (shared auth kind 3, same pagination family 3, "
      "shared library 2, both HTTP 1); read from the checkout's connection schemas and "
      "`client.py` / `connection.py`.");
  w.line();
  int n = 0;
  for (const auto& c : r.similar_connectors) {
    w.line(Markdown::count(++n) + ". " + md_code(c.name, 80) + " (score " +
           Markdown::number(c.score) + ")");
    for (const auto& reason : c.reasons) {
      w.line("   - " + md_text(reason, 300));
    }
    for (const auto& e : c.evidence) {
      w.line("   - " + md_code(e.path + ":" + std::to_string(e.line), 300) + ": “" +
             md_text(e.quote, 160) + "”");
    }
  }
}

void test_environment(const Research& r, Writer& w) {
  const auto& images = r.findings.test_images;
  if (images.empty()) {
    return;
  }
  w.heading("Test environment");
  for (const auto& t : images) {
    Markdown s = "- " + md_code(t.image, 200) + " via " + md_code(to_string(t.via), 20);
    if (!t.ports.empty()) {
      Markdown ports;
      for (const auto& p : t.ports) {
        ports += (ports.empty() ? Markdown() : Markdown(", ")) + md_code(p, 40);
      }
      s += ", ports " + ports;
    }
    w.line(s + w.cite(t.evidence));
  }
  const TestImage* chosen = chosen_test_image(r.findings);
  if (chosen != nullptr) {
    w.line();
    w.line("For integration tests: " + md_code(chosen->image, 200) +
           (chosen->ports.empty()
                ? Markdown()
                : ", container port " + md_code(container_port(chosen->ports.front()), 20)) +
           " (also written into the profile's Docker fields when they were empty).");
  }
}

Markdown fact_text(const DatabaseFact& f, const Writer& w) {
  if (f.value.empty()) {
    return "not established from the sources";
  }
  Markdown s = md_code(f.value, 200);
  if (f.from == "catalog") {
    return s + " (catalog: " + md_text(f.cite, 240) + ")";
  }
  return s + " (from " + md_text(f.from, 20) + ")" + w.cite(f.evidence);
}

void database(const Research& r, Writer& w) {
  if (r.source.service_type != "database") {
    return;
  }
  const DatabaseFacts d = database_facts(r);
  w.heading("Database (SQLAlchemy)");
  w.line("- **Dialect package**: " + fact_text(d.dialect_package, w));
  w.line("- **DB-API driver package**: " + fact_text(d.driver_package, w));
  w.line("- **URL scheme**: " + fact_text(d.url_scheme, w));
  w.line("- **Default port**: " + fact_text(d.default_port, w));
  if (d.auth.empty()) {
    w.line(
        "- **OpenMetadata auth**: no research auth method maps onto a database auth option "
        "(`basicAuth`, `iamAuthConfig`, `azureConfig`, `jwtAuth`, `gcpCredentials`).");
    return;
  }
  for (const auto& a : d.auth) {
    w.line("- **OpenMetadata auth**: " + md_code(a.auth_type, 40) + " → `authType` " +
           md_code(a.om_auth, 40) + w.cite(a.evidence));
  }
}

}  // namespace

Markdown checkout_sections(const Research& research,
                           const std::function<Markdown(const EvidenceList&)>& cite) {
  Writer w(cite);
  similar_connectors(research, w);
  test_environment(research, w);
  database(research, w);
  return w.take();
}

}  // namespace om::report::detail
