// Row helpers shared by the writing (repository.cpp) and reading (reads.cpp) halves of the
// store: the document record's columns, in the order every SELECT of a record lists them.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/types.h"
#include "store/detail/sqlite.h"

// The record's columns of document `d`, read by read_record() from column 0 on.
#define OM_STORE_RECORD_COLUMNS \
  "d.url, d.kind, d.http_status, d.fetched_at, d.bytes, d.sha256, d.error, d.found_via"

namespace om::store::detail {

inline constexpr int kRecordColumnCount = 8;

inline std::int64_t to_unix(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

inline Clock::time_point from_unix(std::int64_t seconds) {
  return Clock::time_point(std::chrono::seconds(seconds));
}

/// The record of a row whose first columns are OM_STORE_RECORD_COLUMNS.
inline DocumentRecord read_record(const Query& q) {
  DocumentRecord r;
  r.url = q.text(0);
  r.kind = doc_kind_from_string(q.text(1));
  r.status = static_cast<int>(q.integer(2));
  r.fetched_at = from_unix(q.integer(3));
  r.bytes = static_cast<std::uint64_t>(q.integer(4));
  r.sha256 = q.text(5);
  r.error = q.text(6);
  r.found_via = q.text(7);
  return r;
}

}  // namespace om::store::detail
