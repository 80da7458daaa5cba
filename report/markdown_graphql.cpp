// The GraphQL part of the research section: for each schema read, its roots, the paging
// arguments it uses, and the record fields of Query and one hop below it, each row cited.
#include "report/detail/markdown_graphql.h"

#include <string>

namespace om::report::detail {
namespace {

constexpr std::size_t kMaxRootRows = 40;
constexpr std::size_t kMaxConnectionRows = 60;
constexpr std::size_t kMaxNames = 12;

Markdown cell(const std::string& s, std::size_t max_bytes = 80) {
  return s.empty() ? Markdown("—") : md_code(s, max_bytes);
}

Markdown names(const std::vector<std::string>& items) {
  Markdown out;
  for (std::size_t i = 0; i < items.size() && i < kMaxNames; ++i) {
    out += (i ? Markdown(", ") : Markdown()) + md_code(items[i], 80);
  }
  if (items.size() > kMaxNames) {
    out += " and " + Markdown::count(items.size() - kMaxNames) + " more";
  }
  return out.empty() ? Markdown("none") : out;
}

void field_table(Markdown& out, const std::vector<GraphqlField>& fields, std::size_t cap,
                 const CiteFn& cite) {
  out += "| Field | Returns | Kind | Records | Records at | Pagination | Sources |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < fields.size() && i < cap; ++i) {
    const GraphqlField& f = fields[i];
    const std::string paging = f.pagination ? to_string(*f.pagination) : "";
    out += "| " + md_code(f.field, 120) + " | " + cell(f.type) + " | " +
           cell(to_string(f.kind), 20) + " | " + cell(f.node_type) + " | " +
           cell(f.records_path, 40) + " | " + cell(paging, 20) + " |" + cite(f.evidence) + " |\n";
  }
  if (fields.size() > cap) {
    out +=
        "\n" + Markdown::count(fields.size() - cap) + " more in the `--json` output (`graphql`).\n";
  }
}

}  // namespace

Markdown render_graphql_section(const std::vector<GraphqlSchema>& schemas, const CiteFn& cite) {
  Markdown out;
  for (const GraphqlSchema& g : schemas) {
    out += "\n### GraphQL schema\n\n";
    out += "- **Schema**: " + md_code(g.document, 200) + " (" + md_text(g.format, 20) + "), " +
           Markdown::count(g.type_count) + " types, queries from " + md_code(g.query_type, 80) +
           (g.mutation_type.empty() ? Markdown()
                                    : ", mutations from " + md_code(g.mutation_type, 80)) +
           cite(g.evidence) + "\n";
    out += "- **Paging arguments**: " + names(g.page_args) + "\n";
    out += "- **Types with `id: ID!`**: " + Markdown::count(g.node_types.size()) + " (" +
           names(g.node_types) + ")\n";
    out +=
        "- A field is written `Type.field.field`: the selection from the root type; records "
        "at `nodes` or `edges[].node` are those of a Relay connection.\n";
    out += "\n#### Record fields of " + md_code(g.query_type, 80) + "\n\n";
    if (g.root_fields.empty()) {
      out += "No list, connection or lookup field was found on the root type.\n";
    } else {
      field_table(out, g.root_fields, kMaxRootRows, cite);
    }
    out += "\n#### Connections one hop below " + md_code(g.query_type, 80) + "\n\n";
    if (g.connection_fields.empty()) {
      out += "No connection field was found on the types the root fields return.\n";
    } else {
      field_table(out, g.connection_fields, kMaxConnectionRows, cite);
    }
  }
  return out;
}

}  // namespace om::report::detail
