// store: index terms made on another thread (index_terms) and handed to FTS5 on the connection
// that writes the index (replay_index_terms, PendingTerms).
//
// Terms are a pure function of the text: SQLite's own porter tokenizer, created with the
// arguments the index declares, run on the calling thread. They begin with the length and a
// hash of the text they were made from; the writing `porter` replays them only for an insert
// of a text with that length and hash, and otherwise calls SQLite's, so every text reaches the
// index as tokenizing would put it there (FTS5's integrity-check, which tokenizes the stored
// text again, holds in the tests).
#include "store/index_terms.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <new>

#include "store/detail/index_terms.h"
#include "store/detail/sqlite.h"

namespace om::store {
namespace {

// The tokenizer the index declares (migration 1: tokenize = 'porter unicode61
// remove_diacritics 2'): `porter` over these arguments.
constexpr std::array<const char*, 3> kPorterArgs = {"unicode61", "remove_diacritics", "2"};

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &raw, nullptr) != SQLITE_OK) {
    return nullptr;
  }
  const detail::Stmt stmt(raw);
  sqlite3_bind_pointer(raw, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(raw);
  return api;
}

// ---- serialised terms: the text's length (LEB128 varint) and hash (8 bytes), then per token
// varints of (start - previous end), (end - start), (length << 1 | colocated) and its bytes.

std::uint64_t text_hash(std::string_view text) {
  return std::hash<std::string_view>{}(text);
}

/// Writes `v` at `at` (room for 10 bytes); returns the end.
char* put_varint(char* at, std::uint64_t v) {
  while (v >= 0x80) {
    *at++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *at++ = static_cast<char>(v);
  return at;
}

bool get_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

/// Terms written through a pointer into `out`, grown ahead (`used` bytes are terms): a
/// push_back per varint byte was a visible share of a page's tokenizing.
struct TermWriter {
  std::string out;
  std::size_t used = 0;
  int last_end = 0;
  bool failed = false;

  char* room(std::size_t bytes) {
    if (out.size() - used < bytes) {
      out.resize(std::max(out.size() * 2, used + bytes));
    }
    return out.data() + used;
  }
};

int write_term(void* ctx, int flags, const char* token, int size, int start, int end) {
  auto& w = *static_cast<TermWriter*>(ctx);
  if (start < w.last_end || end < start || size < 0) {  // never from porter: then no terms
    w.failed = true;
    return SQLITE_OK;
  }
  const auto length = static_cast<std::size_t>(size);
  constexpr std::size_t kVarintBytes = 10;  // the most a 64-bit LEB128 varint takes
  char* at = w.room(3 * kVarintBytes + length);
  at = put_varint(at, static_cast<std::uint64_t>(start - w.last_end));
  at = put_varint(at, static_cast<std::uint64_t>(end - start));
  at = put_varint(
      at, (static_cast<std::uint64_t>(size) << 1) | ((flags & FTS5_TOKEN_COLOCATED) != 0 ? 1 : 0));
  std::memcpy(at, token, length);
  w.used = static_cast<std::size_t>(at + length - w.out.data());
  w.last_end = end;
  return SQLITE_OK;
}

using TokenFn = int (*)(void*, int, const char*, int, int, int);

/// Hands serialised `terms` to FTS5's callback as the tokenizer would; SQLITE_CORRUPT for
/// terms that do not parse (never written by index_terms()).
int replay(std::string_view terms, void* ctx, TokenFn on_token) {
  std::uint64_t position = 0;
  while (!terms.empty()) {
    std::uint64_t gap = 0;
    std::uint64_t span = 0;
    std::uint64_t size = 0;
    if (!get_varint(terms, gap) || !get_varint(terms, span) || !get_varint(terms, size) ||
        (size >> 1) > terms.size() || position + gap + span > INT_MAX) {
      return SQLITE_CORRUPT;
    }
    const auto start = static_cast<int>(position + gap);
    const auto end = static_cast<int>(position + gap + span);
    const auto length = static_cast<int>(size >> 1);
    const int flags = (size & 1) != 0 ? FTS5_TOKEN_COLOCATED : 0;
    if (const int rc = on_token(ctx, flags, terms.data(), length, start, end); rc != SQLITE_OK) {
      return rc;
    }
    terms.remove_prefix(static_cast<std::size_t>(length));
    position = static_cast<std::uint64_t>(end);
  }
  return SQLITE_OK;
}

// ---- tokenizers for index_terms(): an in-memory connection's FTS5 makes one per thread.

struct TokenizerLibrary {
  detail::Db db;
  fts5_tokenizer porter{};
  void* porter_context = nullptr;
  bool ok = false;
  std::mutex mutex;  // creation only; each instance then stays on its thread

  TokenizerLibrary() {
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    db.reset(raw);  // closed even when the open failed (sqlite3_open_v2 contract)
    if (rc != SQLITE_OK) {
      return;
    }
    fts5_api* api = fts5_of(raw);
    ok =
        api != nullptr && api->xFindTokenizer(api, "porter", &porter_context, &porter) == SQLITE_OK;
  }
};

TokenizerLibrary& tokenizer_library() {
  static TokenizerLibrary library;
  return library;
}

/// This thread's porter tokenizer, made on first use; null when FTS5 is unavailable.
class ThreadTokenizer {
 public:
  ThreadTokenizer() = default;
  ThreadTokenizer(const ThreadTokenizer&) = delete;
  ThreadTokenizer& operator=(const ThreadTokenizer&) = delete;
  ThreadTokenizer(ThreadTokenizer&&) = delete;
  ThreadTokenizer& operator=(ThreadTokenizer&&) = delete;
  ~ThreadTokenizer() {
    if (tokenizer_ != nullptr) {
      tokenizer_library().porter.xDelete(tokenizer_);
    }
  }

  Fts5Tokenizer* get() {
    if (!tried_) {
      tried_ = true;
      TokenizerLibrary& library = tokenizer_library();
      std::lock_guard lock(library.mutex);
      if (library.ok) {
        std::array<const char*, kPorterArgs.size()> args = kPorterArgs;
        if (library.porter.xCreate(library.porter_context, args.data(),
                                   static_cast<int>(args.size()), &tokenizer_) != SQLITE_OK) {
          tokenizer_ = nullptr;
        }
      }
    }
    return tokenizer_;
  }

 private:
  Fts5Tokenizer* tokenizer_ = nullptr;
  bool tried_ = false;
};

thread_local ThreadTokenizer t_tokenizer;

// ---- the writer's `porter`: SQLite's, except for the text of the pending terms.

thread_local std::string_view t_pending;   // PendingTerms' terms; empty: none
std::atomic<std::uint64_t> g_replayed{0};  // texts indexed from their terms (replayed_texts())

struct Shadowed {  // SQLite's porter on this connection, found before ours was registered
  fts5_tokenizer methods{};
  void* context = nullptr;
};

struct ReplayingTokenizer {
  const Shadowed* shadowed = nullptr;
  Fts5Tokenizer* base = nullptr;
  bool replays = false;  // declared with kPorterArgs: the arguments the terms were made with
};

int replaying_create(void* context, const char** args, int count, Fts5Tokenizer** out) {
  const auto* shadowed = static_cast<const Shadowed*>(context);
  auto* self = new (std::nothrow) ReplayingTokenizer;
  if (self == nullptr) {
    return SQLITE_NOMEM;
  }
  self->shadowed = shadowed;
  if (const int rc = shadowed->methods.xCreate(shadowed->context, args, count, &self->base);
      rc != SQLITE_OK) {
    delete self;
    return rc;
  }
  self->replays = count == static_cast<int>(kPorterArgs.size());
  for (int i = 0; self->replays && i < count; ++i) {
    self->replays = std::strcmp(args[i], kPorterArgs[static_cast<std::size_t>(i)]) == 0;
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(self);
  return SQLITE_OK;
}

void replaying_delete(Fts5Tokenizer* tokenizer) {
  auto* self = reinterpret_cast<ReplayingTokenizer*>(tokenizer);
  self->shadowed->methods.xDelete(self->base);
  delete self;
}

int replaying_tokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int size,
                       TokenFn on_token) {
  auto* self = reinterpret_cast<ReplayingTokenizer*>(tokenizer);
  std::string_view terms = t_pending;
  std::uint64_t made_from = 0;
  std::uint64_t hash = 0;
  if (self->replays && !terms.empty() && flags == FTS5_TOKENIZE_DOCUMENT && size >= 0 &&
      get_varint(terms, made_from) && made_from == static_cast<std::uint64_t>(size) &&
      terms.size() >= sizeof hash) {
    std::memcpy(&hash, terms.data(), sizeof hash);
    if (hash == text_hash(std::string_view(text, static_cast<std::size_t>(size)))) {
      g_replayed.fetch_add(1, std::memory_order_relaxed);
      return replay(terms.substr(sizeof hash), ctx, on_token);
    }
  }
  return self->shadowed->methods.xTokenize(self->base, ctx, flags, text, size, on_token);
}

void delete_shadowed(void* context) {
  delete static_cast<Shadowed*>(context);
}

}  // namespace

std::string index_terms(std::string_view text) {
  if (text.empty() || text.size() > kMaxTermsText) {
    return {};
  }
  Fts5Tokenizer* tokenizer = t_tokenizer.get();
  if (tokenizer == nullptr) {
    return {};
  }
  TermWriter writer;
  writer.out.resize(text.size() + text.size() / 2 + 64);
  char* at = put_varint(writer.out.data(), text.size());
  const std::uint64_t hash = text_hash(text);
  std::memcpy(at, &hash, sizeof hash);
  writer.used = static_cast<std::size_t>(at + sizeof hash - writer.out.data());
  const std::size_t header = writer.used;
  const int rc =
      tokenizer_library().porter.xTokenize(tokenizer, &writer, FTS5_TOKENIZE_DOCUMENT, text.data(),
                                           static_cast<int>(text.size()), write_term);
  if (rc != SQLITE_OK || writer.failed || writer.used == header) {
    return {};
  }
  writer.out.resize(writer.used);
  return std::move(writer.out);
}

namespace detail {

void replay_index_terms(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr) {
    return;
  }
  auto* shadowed = new (std::nothrow) Shadowed;
  if (shadowed == nullptr) {
    return;
  }
  if (api->xFindTokenizer(api, "porter", &shadowed->context, &shadowed->methods) != SQLITE_OK) {
    delete shadowed;
    return;
  }
  fts5_tokenizer replaying{replaying_create, replaying_delete, replaying_tokenize};
  // Once registered, FTS5 deletes `shadowed` with the connection; not when registering fails.
  if (api->xCreateTokenizer(api, "porter", shadowed, &replaying, delete_shadowed) != SQLITE_OK) {
    delete shadowed;
  }
}

PendingTerms::PendingTerms(std::string_view terms) {
  t_pending = terms;
}

PendingTerms::~PendingTerms() {
  t_pending = {};
}

std::uint64_t replayed_texts() {
  return g_replayed.load(std::memory_order_relaxed);
}

}  // namespace detail
}  // namespace om::store
