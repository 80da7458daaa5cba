// store: writing documents with their facts, touches and removals. Every value is bound.
#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <utility>

#include "core/findings_json.h"
#include "core/hash.h"
#include "store/detail/rows.h"
#include "store/detail/sqlite.h"
#include "store/store.h"

namespace om::store {
namespace {

using detail::Query;
using detail::Sql;
using detail::to_unix;

// The facts (evidence with URLs) and searchable text of the document row `id`.
Status insert_facts(Repository::Impl& impl, std::int64_t id, const std::string& url,
                    const Extraction& extraction) {
  auto finding = impl.statement(Sql::kInsertFinding);
  if (!finding) {
    return finding.error();
  }
  Query facts(*finding);
  facts.bind(1, id)
      .bind(2, findings_to_json(extraction.findings).dump())
      .bind(3, static_cast<std::int64_t>(extraction.extractor));
  if (facts.step() != SQLITE_DONE) {
    return impl.error("save facts of " + url);
  }
  if (extraction.text.empty()) {
    return Ok{};
  }
  auto text = impl.statement(Sql::kInsertText);
  if (!text) {
    return text.error();
  }
  if (Query q(*text); q.bind(1, id).bind(2, extraction.text).step() != SQLITE_DONE) {
    return impl.error("save the text of " + url);
  }
  return Ok{};
}

/// Inserts the document's bytes as parts of kBodyPartBytes (FetchedDocument::visit_bytes: a
/// mapped file is read once, in parts, and never resident whole); each part also goes to
/// `digest` when given. Binding a whole body had SQLite build its record in one buffer, a second
/// copy of a body of tens of MB (bench/RESULTS.md).
Status write_body(Repository::Impl& impl, std::int64_t id, const FetchedDocument& doc,
                  Sha256* digest) {
  auto insert = impl.statement(Sql::kInsertBody);
  if (!insert) {
    return insert.error();
  }
  std::int64_t part = 0;
  bool ok = true;
  doc.visit_bytes(
      [&](std::string_view bytes) {
        if (ok) {
          ok = Query(*insert).bind(1, id).bind(2, part++).bind_blob(3, bytes).step() == SQLITE_DONE;
        }
        if (digest != nullptr) {
          digest->update(bytes);
        }
      },
      kBodyPartBytes);
  return ok ? Status(Ok{}) : Error{ErrorCode::kStorage, "write body"};
}

/// Keeps the crawler's links of a page (FetchedDocument::links), one absolute URL per line: the
/// crawler's URLs are normalised, so they never hold a newline.
Status save_links(Repository::Impl& impl, std::int64_t id, const FetchedDocument& doc) {
  if (!doc.links) {
    return Ok{};
  }
  auto insert_links = impl.statement(Sql::kInsertLinks);
  if (!insert_links) {
    return insert_links.error();
  }
  if (Query l(*insert_links); l.bind(1, id).bind(2, doc.links->joined()).step() != SQLITE_DONE) {
    return impl.error("save the links of " + doc.url);
  }
  return Ok{};
}

/// Replaces the record of (doc.source, doc.url) with `doc`'s, of `kind` and `error`, and writes
/// its body; returns the new row's id. Inside the caller's transaction.
Result<std::int64_t> insert_document(Repository::Impl& impl, const FetchedDocument& doc,
                                     DocKind kind, const std::string& error) {
  if (doc.source.empty() || doc.url.empty()) {
    return Error{ErrorCode::kConfig, "knowledge cache: save needs a source and a url"};
  }
  auto remove = impl.statement(Sql::kDeleteDocument);
  if (!remove) {
    return remove.error();
  }
  if (Query q(*remove); q.bind(1, doc.source).bind(2, doc.url).step() != SQLITE_DONE) {
    return impl.error("replace " + doc.url);
  }
  auto insert = impl.statement(Sql::kInsertDocument);
  if (!insert) {
    return insert.error();
  }
  Query q(*insert);
  q.bind(1, doc.source).bind(2, doc.url).bind_nullable(3, doc.final_url);
  q.bind_nullable(4, doc.content_type).bind(5, std::string_view(to_string(kind)));
  q.bind(6, std::int64_t{doc.http_status}).bind_nullable(7, error);
  // A mapped file is read once, in parts (pread): its digest is taken while the parts are
  // written and set after; a body in memory is digested first.
  const bool digest_while_writing = doc.mapped != nullptr;
  q.bind_nullable(8, doc.etag).bind_nullable(9, doc.last_modified);
  q.bind(10, digest_while_writing ? std::string() : sha256_hex(doc));
  q.bind(11, static_cast<std::int64_t>(doc.bytes().size()))
      .bind_nullable(12, to_string(doc.found_via));
  q.bind(13, to_unix(doc.fetched_at)).bind(14, std::int64_t{doc.depth});
  if (q.step() != SQLITE_DONE) {
    return impl.error("save " + doc.url);
  }
  const std::int64_t id = sqlite3_last_insert_rowid(impl.db.get());
  Sha256 digest;
  if (auto written = write_body(impl, id, doc, digest_while_writing ? &digest : nullptr);
      !written) {
    return impl.error("save the body of " + doc.url);
  }
  if (digest_while_writing) {
    auto set = impl.statement(Sql::kSetDigest);
    if (!set) {
      return set.error();
    }
    if (Query s(*set); s.bind(1, id).bind(2, digest.finish_hex()).step() != SQLITE_DONE) {
      return impl.error("save the digest of " + doc.url);
    }
  }
  return id;
}

/// The error a document's record keeps: the fetch's, else extraction's.
const std::string& record_error(const FetchedDocument& doc, const Extraction& extraction) {
  return doc.error.empty() ? extraction.error : doc.error;
}

Result<std::int64_t> save_body(Repository::Impl& impl, const FetchedDocument& doc) {
  // A big body's pages pass through the page cache once, while the caller's extraction holds
  // its own peak: 256 KiB of cache instead of SQLite's 2 MB default for this write. Not for
  // every write: a crawl's batches would spill to the WAL mid-transaction.
  detail::ScopedPageCache small(impl, "PRAGMA cache_size = -256");
  auto tx = detail::WriteTransaction::begin(impl, "save " + doc.url);
  if (!tx) {
    return tx.error();
  }
  auto id = insert_document(impl, doc, DocKind::kOther, kAwaitingFacts);
  if (!id) {
    return id.error();
  }
  if (auto done = tx->commit(); !done) {
    return done.error();
  }
  // Copy the body from the WAL into the file now, while the caller extracts, rather than at
  // close. PASSIVE: never waits for a reader; what it cannot copy the close does.
  if (impl.path != ":memory:") {
    sqlite3_wal_checkpoint_v2(impl.db.get(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return id;
}

Status save_facts(Repository::Impl& impl, std::int64_t row, const FetchedDocument& doc,
                  const Extraction& extraction) {
  auto tx = detail::WriteTransaction::begin(impl, "save the facts of " + doc.url);
  if (!tx) {
    return tx.error();
  }
  auto set = impl.statement(Sql::kSetExtracted);
  if (!set) {
    return set.error();
  }
  if (Query q(*set); q.bind(1, row)
                         .bind(2, doc.source)
                         .bind(3, doc.url)
                         .bind(4, std::string_view(to_string(extraction.kind)))
                         .bind_nullable(5, record_error(doc, extraction))
                         .step() != SQLITE_DONE) {
    return impl.error("save the facts of " + doc.url);
  }
  if (sqlite3_changes(impl.db.get()) == 0) {
    return Error{ErrorCode::kNotFound, "knowledge cache " + impl.path + ": no document " + doc.url +
                                           " (row " + std::to_string(row) + ") for " + doc.source};
  }
  if (auto links = save_links(impl, row, doc); !links) {
    return links;
  }
  if (auto facts = insert_facts(impl, row, doc.url, extraction); !facts) {
    return facts;
  }
  return tx->commit();
}

}  // namespace

Status Repository::save(const FetchedDocument& doc, const Extraction& extraction) {
  auto tx = detail::WriteTransaction::begin(*impl_, "save " + doc.url);
  if (!tx) {
    return tx.error();
  }
  auto id = insert_document(*impl_, doc, extraction.kind, record_error(doc, extraction));
  if (!id) {
    return id.error();
  }
  if (auto links = save_links(*impl_, id.value(), doc); !links) {
    return links;
  }
  if (auto facts = insert_facts(*impl_, id.value(), doc.url, extraction); !facts) {
    return facts;
  }
  return tx->commit();
}

Repository::ExtractedSave Repository::save_extracting(FetchedDocument& doc,
                                                      const ExtractFn& extract,
                                                      const SettleFn& settle) {
  auto extracting = std::async(std::launch::async, [&] { return extract(doc); });
  Result<std::int64_t> row = save_body(*impl_, doc);
  ExtractedSave out;
  out.extraction = extracting.get();
  settle(doc, out.extraction);
  out.saved = row ? save_facts(*impl_, row.value(), doc, out.extraction) : Status(row.error());
  return out;
}

// Runs `writes` (calls of save() and touch() on `repo`) in one transaction; each call stays
// atomic on its own (a savepoint) and a failing one is rolled back alone. A crawl writes its
// pages in groups this way (WriteQueue): with 64 KiB pages, one commit per page rewrites the
// table and index leaves every time. Errors: the BEGIN or the COMMIT failed (then nothing of
// `writes` is stored). Holds the write lock while `writes` runs. A friend in store::detail rather
// than a public member: only WriteQueue and the store's tests batch writes.
Status detail::in_one_transaction(Repository& repo, const std::function<void()>& writes) {
  Repository::Impl& impl = *repo.impl_;
  if (impl.in_transaction) {
    writes();  // already inside one
    return Ok{};
  }
  auto tx = WriteTransaction::begin(impl, "a batch of writes");
  if (!tx) {
    return tx.error();
  }
  impl.in_transaction = true;
  try {
    writes();
  } catch (...) {
    impl.in_transaction = false;
    throw;  // the transaction rolls back as `tx` unwinds
  }
  impl.in_transaction = false;
  return tx->commit();
}

Status Repository::touch(const SourceId& source, const std::string& url,
                         Clock::time_point fetched_at) {
  // One UPDATE is atomic by itself: no transaction (or savepoint inside a batch's) of its own.
  impl_->before_write();
  auto stmt = impl_->statement(Sql::kTouch);
  if (!stmt) {
    return stmt.error();
  }
  if (Query q(*stmt);
      q.bind(1, source).bind(2, url).bind(3, to_unix(fetched_at)).step() != SQLITE_DONE) {
    return impl_->error("touch " + url);
  }
  if (sqlite3_changes(impl_->db.get()) == 0) {
    return Error{ErrorCode::kNotFound,
                 "knowledge cache " + impl_->path + ": no document " + url + " for " + source};
  }
  return Ok{};
}

Result<std::uint64_t> Repository::remove_source(const SourceId& source) {
  auto tx = detail::WriteTransaction::begin(*impl_, "remove " + source);
  if (!tx) {
    return tx.error();
  }
  auto stmt = impl_->statement(Sql::kRemoveSource);
  if (!stmt) {
    return stmt.error();
  }
  if (Query q(*stmt); q.bind(1, source).step() != SQLITE_DONE) {
    return impl_->error("remove " + source);
  }
  const auto removed = static_cast<std::uint64_t>(sqlite3_changes64(impl_->db.get()));
  if (auto done = tx->commit(); !done) {
    return done.error();
  }
  return removed;
}

}  // namespace om::store
