// Names of document kinds, a document's bytes and digest, and the invariant-failure hook.
#include "core/types.h"

#include <cstdio>
#include <cstdlib>

#include "core/hash.h"
#include "core/mapped_file.h"
#include "core/result.h"

namespace om {

std::string_view FetchedDocument::bytes() const {
  return mapped ? mapped->bytes() : std::string_view(body);
}

void FetchedDocument::visit_bytes(const std::function<void(std::string_view)>& fn,
                                  std::size_t step) const {
  const std::string_view all = bytes();
  std::string buffer;
  for (std::size_t at = 0; at < all.size(); at += step) {
    if (mapped) {
      mapped->read_into(at, step, buffer);
      fn(buffer);
    } else {
      fn(all.substr(at, step));
    }
  }
}

std::string sha256_hex(const FetchedDocument& doc) {
  Sha256 hash;
  doc.visit_bytes([&](std::string_view part) { hash.update(part); });
  return hash.finish_hex();
}

const char* to_string(DocKind kind) {
  switch (kind) {
    case DocKind::kOpenApi:
      return "openapi";
    case DocKind::kHtml:
      return "html";
    case DocKind::kMarkdown:
      return "markdown";
    case DocKind::kSdk:
      return "sdk";
    case DocKind::kRobots:
      return "robots";
    case DocKind::kGraphql:
      return "graphql";
    case DocKind::kOther:
      break;
  }
  return "other";
}

DocKind doc_kind_from_string(std::string_view text) {
  for (DocKind k : {DocKind::kOpenApi, DocKind::kHtml, DocKind::kMarkdown, DocKind::kSdk,
                    DocKind::kRobots, DocKind::kGraphql}) {
    if (text == to_string(k)) {
      return k;
    }
  }
  return DocKind::kOther;
}

void detail_assert_fail(const char* cond, const char* why, const char* file, int line) {
  std::fprintf(stderr, "om-research: internal error: %s (%s) at %s:%d\n", why, cond, file, line);
  std::abort();
}

}  // namespace om
