// store: reading the knowledge cache — one document's state, links or body, every document of
// a source (states, records, facts), the sources. The statements are in repository.cpp.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/findings_json.h"
#include "store/detail/rows.h"
#include "store/detail/sqlite.h"
#include "store/store.h"

namespace om::store {

using detail::from_unix;
using detail::kRecordColumnCount;
using detail::Query;
using detail::read_record;
using detail::Sql;

namespace {

/// The record and validators of a kStates or kFind row.
StoredDocument read_state(const Query& q) {
  return StoredDocument{read_record(q),
                        q.text(kRecordColumnCount),
                        q.text(kRecordColumnCount + 1),
                        q.text(kRecordColumnCount + 2),
                        q.text(kRecordColumnCount + 3),
                        {},
                        q.integer(kRecordColumnCount + 4)};
}

/// A row of kFind: read_state() plus the kept links.
StoredDocument read_stored(const Query& q) {
  StoredDocument found = read_state(q);
  found.depth = static_cast<int>(q.integer(kRecordColumnCount + 5));
  if (!q.is_null(kRecordColumnCount + 6)) {
    found.links.emplace(q.text(kRecordColumnCount + 6));  // one per line (save_links)
  }
  return found;
}

/// The row of a statement binding the source as ?1 and a URL as ?2, read by `read_row`; nullopt
/// without one. `step` names the read in an error, with the URL.
template <class Row, class ReadRow>
Result<std::optional<Row>> read_one(Repository::Impl& impl, Sql id, const SourceId& source,
                                    const std::string& url, std::string_view step,
                                    ReadRow read_row) {
  impl.before_read();
  auto stmt = impl.statement(id);
  if (!stmt) {
    return stmt.error();
  }
  Query q(*stmt);
  const int rc = q.bind(1, source).bind(2, url).step();
  if (rc == SQLITE_DONE) {
    return std::optional<Row>();
  }
  if (rc != SQLITE_ROW) {
    return impl.error(std::string(step) + url);
  }
  return std::optional<Row>(read_row(q));
}

/// Every row of statement `id`, bound by `bind(q)`, handed to `on_row(q)`; the first error it
/// returns stops the read. `step` names the read in a storage error.
template <class Bind, class OnRow>
Status each_row(Repository::Impl& impl, Sql id, Bind bind, const std::string& step, OnRow on_row) {
  impl.before_read();
  auto stmt = impl.statement(id);
  if (!stmt) {
    return stmt.error();
  }
  Query q(*stmt);
  bind(q);
  int rc = SQLITE_ROW;
  while ((rc = q.step()) == SQLITE_ROW) {
    if (Status row = on_row(q); !row) {
      return row;
    }
  }
  if (rc != SQLITE_DONE) {
    return impl.error(step);
  }
  return Ok{};
}

/// Every row of a statement that binds the source as ?1, read by `read_row`.
template <class Row, class ReadRow>
Result<std::vector<Row>> read_all(Repository::Impl& impl, Sql id, const SourceId& source,
                                  const std::string& step, ReadRow read_row) {
  std::vector<Row> out;
  Status read = each_row(
      impl, id, [&](Query& q) { q.bind(1, source); }, step,
      [&](const Query& q) {
        out.push_back(read_row(q));
        return Status(Ok{});
      });
  if (!read) {
    return read.error();
  }
  return out;
}

}  // namespace

Result<std::optional<StoredDocument>> Repository::find(const SourceId& source,
                                                       const std::string& url) {
  return read_one<StoredDocument>(*impl_, Sql::kFind, source, url, "find ", read_stored);
}

Result<std::optional<LinkList>> Repository::links(const SourceId& source, const std::string& url,
                                                  std::int64_t row) {
  if (row <= 0) {
    return read_one<LinkList>(*impl_, Sql::kLinks, source, url, "read the links of ",
                              [](const Query& q) { return LinkList(q.text(0)); });
  }
  std::optional<LinkList> links;
  Status read = each_row(
      *impl_, Sql::kLinksOf, [&](Query& q) { q.bind(1, row); },
      "read the links of row " + std::to_string(row),
      [&](const Query& q) {
        links.emplace(q.text(0));
        return Status(Ok{});
      });
  if (!read) {
    return read.error();
  }
  return links;
}

Result<std::string> Repository::body(const SourceId& source, const std::string& url) {
  std::string body;  // the parts in order (one NULL row for an empty body)
  bool found = false;
  Status read = each_row(
      *impl_, Sql::kBody, [&](Query& q) { q.bind(1, source).bind(2, url); }, "read body of " + url,
      [&](const Query& q) {
        found = true;
        body += q.blob(0);
        return Status(Ok{});
      });
  if (!read) {
    return read.error();
  }
  if (!found) {
    return Error{ErrorCode::kNotFound,
                 "knowledge cache " + impl_->path + ": no document " + url + " for " + source};
  }
  return body;
}

namespace {

/// Stored facts text ("" for a document without a finding row) read into Findings.
Result<Findings> parse_facts(const Repository::Impl& impl, std::string_view text,
                             const std::string& url) {
  // A document always gets a finding row; "null" only guards a hand-edited database. Read
  // straight into the structs, with no Json tree in between: a spec's facts hold hundreds of
  // thousands of values.
  auto facts = findings_from_json_text(text.empty() ? "null" : text);
  if (!facts) {
    return Error{ErrorCode::kStorage,
                 "knowledge cache " + impl.path + ": unreadable facts stored for " + url};
  }
  return facts;
}

/// `item` with the facts `text` holds (a document's stored JSON), handed to `visit`.
Status visit_parsed(Repository::Impl& impl, std::string_view text, StoredFindings&& item, int pass,
                    const Repository::FindingsVisit& visit) {
  auto facts = parse_facts(impl, text, item.record.url);
  if (!facts) {
    return facts.error();
  }
  item.findings = std::move(facts).value();
  item.facts_bytes = text.size();
  return visit(pass, std::move(item));
}

/// One pass of load_each() reading every document's facts with its record (one join).
Status each_with_facts(Repository::Impl& impl, const SourceId& source, int pass,
                       const Repository::FindingsVisit& visit) {
  return each_row(
      impl, Sql::kLoad, [&](Query& q) { q.bind(1, source); }, "load " + source,
      [&](const Query& q) -> Status {
        StoredFindings item{read_record(q), {}, 0};
        // A view of SQLite's buffer, valid until the next step: a spec's facts are tens of MB.
        return visit_parsed(impl, q.view(kRecordColumnCount), std::move(item), pass, visit);
      });
}

/// One pass of load_each() reading the facts of the documents `wants_facts` names, each by its
/// row: through kLoad's join SQLite would copy every document's facts out of the file.
Status each_with_wanted_facts(Repository::Impl& impl, const SourceId& source, int pass,
                              const Repository::FindingsVisit& visit,
                              const Repository::FactsWanted& wants_facts) {
  return each_row(
      impl, Sql::kLoadRecords, [&](Query& q) { q.bind(1, source); }, "load " + source,
      [&](const Query& q) -> Status {
        StoredFindings item{read_record(q), {}, 0};
        if (!wants_facts(pass, item.record)) {
          return visit(pass, std::move(item));
        }
        auto stmt = impl.statement(Sql::kFacts);
        if (!stmt) {
          return stmt.error();
        }
        Query facts_query(*stmt);
        const int rc = facts_query.bind(1, q.integer(kRecordColumnCount)).step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
          return impl.error("read the facts of " + item.record.url);
        }
        const std::string_view text = rc == SQLITE_ROW ? facts_query.view(0) : std::string_view();
        return visit_parsed(impl, text, std::move(item), pass, visit);
      });
}

}  // namespace

Status Repository::load_each(const SourceId& source, int passes, const FindingsVisit& visit,
                             const FactsWanted& wants_facts) {
  Impl& impl = *impl_;
  // Every pass in one read transaction (one snapshot), unless the caller's transaction is open.
  impl.before_write();  // a held read ends: this one is taken now
  const bool own = sqlite3_get_autocommit(impl.db.get()) != 0;
  if (own) {
    if (auto begun = impl.run(Sql::kBeginRead, "begin reading the facts of " + source); !begun) {
      return begun;
    }
  }
  Status read = Ok{};
  for (int pass = 0; pass < passes && read.ok(); ++pass) {
    read = wants_facts ? each_with_wanted_facts(impl, source, pass, visit, wants_facts)
                       : each_with_facts(impl, source, pass, visit);
  }
  if (own) {
    (void)impl.run(Sql::kCommit, "end reading the facts of " + source);  // a read: nothing lost
  }
  return read;
}

Result<std::vector<StoredFindings>> Repository::load(const SourceId& source) {
  std::vector<StoredFindings> out;
  Status read = load_each(source, 1, [&out](int, StoredFindings&& document) {
    out.push_back(std::move(document));
    return Status(Ok{});
  });
  if (!read) {
    return read.error();
  }
  return out;
}

Result<SourceStates> Repository::source_states(const SourceId& source) {
  SourceStates out;
  // One pass over the source's rows in stored order: a few pages cached are enough.
  detail::ScopedPageCache sequential(*impl_, Impl::kHeldReadsPageCache);
  Status read = each_row(
      *impl_, Sql::kStates, [&](Query& q) { q.bind(1, source); },
      "read the cached state of " + source,
      [&](const Query& q) {
        // Views of SQLite's column buffers, copied once by add(): no string per column.
        out.add(SourceStates::State{
            q.view(0), q.view(kRecordColumnCount + 2), q.view(kRecordColumnCount + 3),
            q.view(kRecordColumnCount + 1), q.view(6), q.view(7), detail::from_unix(q.integer(3)),
            q.integer(kRecordColumnCount + 4), static_cast<int>(q.integer(2)),
            doc_kind_from_string(q.view(1)), static_cast<int>(q.integer(kRecordColumnCount + 5))});
        return Status(Ok{});
      });
  if (!read) {
    return read.error();
  }
  out.build();
  return out;
}

Result<std::vector<DocumentRecord>> Repository::documents(const SourceId& source) {
  return read_all<DocumentRecord>(*impl_, Sql::kDocuments, source, "list documents of " + source,
                                  read_record);
}

Result<std::vector<std::string>> Repository::stale_facts(const SourceId& source, int generation) {
  std::vector<std::string> out;
  Status read = each_row(
      *impl_, Sql::kStaleFacts,
      [&](Query& q) { q.bind(1, source).bind(2, static_cast<std::int64_t>(generation)); },
      "list stale facts of " + source,
      [&](const Query& q) {
        out.push_back(q.text(0));
        return Status(Ok{});
      });
  if (!read) {
    return read.error();
  }
  return out;
}

Result<std::vector<SourceSummary>> Repository::sources() {
  std::vector<SourceSummary> out;
  Status read = each_row(
      *impl_, Sql::kSources, [](Query&) {}, "list sources",
      [&](const Query& q) {
        out.push_back(SourceSummary{q.text(0), static_cast<std::uint64_t>(q.integer(1)),
                                    from_unix(q.integer(2))});
        return Status(Ok{});
      });
  if (!read) {
    return read.error();
  }
  return out;
}

}  // namespace om::store
