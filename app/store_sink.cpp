// StoreSink: see store_sink.h.
#include "app/store_sink.h"

#include <set>
#include <string_view>

#include "app/run_steps.h"
#include "core/text.h"
#include "core/url_text.h"
#include "crawler/links.h"

namespace om::app {
namespace {

/// A document that was fetched (2xx), whatever extraction made of it.
bool fetched_ok(int http_status) {
  return http_status >= 200 && http_status < 300;
}

bool is_spec_link(std::string_view url) {
  std::string path = to_lower(url.substr(0, url.find_first_of("?#")));
  for (std::string_view ext : {".json", ".yaml", ".yml"}) {
    if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

StoreSink::StoreSink(RunState& st)
    : st_(st),
      pipe_(ExtractionPipe::workers_for_machine(), kPipeWindow),
      store_page_([this](FetchedDocument&& doc, Extraction&& extraction) {
        store_page(std::move(doc), std::move(extraction));
      }) {
  if (auto states = st_.repo.source_states(st_.options.source); states.ok()) {
    states_ = std::move(states.value());
    loaded_ = true;
  }
}

std::optional<crawler::CachedState> StoreSink::cached(const std::string& url) {
  crawler::CachedState state;
  int status = 0;
  bool failed = false;
  if (const auto* doc = states_.find(url); doc != nullptr) {
    state.etag = doc->etag;
    state.last_modified = doc->last_modified;
    state.fetched_at = doc->fetched_at;
    state.content_type = doc->content_type;
    status = doc->status;
    failed = !doc->error.empty();
  } else if (auto one = loaded_ ? std::nullopt : asked(url); one) {
    state.etag = std::move(one->etag);
    state.last_modified = std::move(one->last_modified);
    state.fetched_at = one->record.fetched_at;
    state.content_type = std::move(one->content_type);
    state.links = std::move(one->links);  // else cached_links() is asked
    status = one->record.status;
    failed = !one->record.error.empty();
  } else {
    return std::nullopt;
  }
  // A failed fetch is not a copy; a 2xx that extraction found to be neither page nor spec (a
  // sitemap, a stylesheet) is one, or every run would fetch it again.
  if (failed && !fetched_ok(status)) {
    return std::nullopt;
  }
  state.is_fresh = !st_.options.refresh && Clock::now() - state.fetched_at < kFreshness;
  const bool robots = is_robots(url);
  if (robots) {  // robots.txt is small and wanted with its state
    if (auto body = st_.repo.body(st_.options.source, url); body.ok()) {
      state.body = std::move(body.value());
    }
  }
  if (state.is_fresh && !robots) {  // not requested: it counts as read from the cache
    ++st_.ok;
    ++st_.reused;
    remember(st_, url);
  }
  return state;
}

std::string StoreSink::cached_body(const std::string& url) {
  auto body = st_.repo.body(st_.options.source, url);
  return body.ok() ? std::move(body.value()) : std::string();
}

std::optional<LinkList> StoreSink::cached_links(const std::string& url) {
  const auto* found = states_.find(url);  // by row: one lookup instead of three
  auto links = st_.repo.links(st_.options.source, url, found != nullptr ? found->row : 0);
  return links.ok() ? std::move(links.value()) : std::nullopt;
}

std::vector<crawler::Discovered> StoreSink::on_document(FetchedDocument&& doc) {
  std::vector<crawler::Discovered> more;
  // The crawler's own robots.txt request (a sitemap named in robots.txt is found "via"
  // robots.txt too, but is a document like any other).
  const bool robots = doc.found_via.kind == ViaKind::kRobotsTxt && is_robots(doc.url);
  if (doc.http_status == 304) {
    touch(st_, doc.url, doc.fetched_at);
    if (!robots) {
      ++st_.ok;
      ++st_.reused;
      remember(st_, doc.url);
    }
    return more;
  }
  if (robots) {
    // Kept so that a re-run inside the freshness window need not ask again: a 2xx body or a
    // 4xx (allow all, stored with an empty body). Not a document of the report.
    if (doc.error.empty() && doc.http_status >= 200 && doc.http_status < 500) {
      if (doc.http_status >= 400) {
        doc.body.clear();
      }
      Extraction none;
      none.kind = DocKind::kRobots;
      if (auto saved = st_.repo.save(doc, none); !saved.ok()) {
        note(st_, saved.error().message);
      }
    }
    return more;
  }
  if (doc.found_via.kind == ViaKind::kWellKnownPath && doc.http_status != 200) {
    return more;  // discovery: a missing well-known spec path is normal
  }
  if (doc.failure == FetchFailure::kRobots || doc.failure == FetchFailure::kOffScope) {
    // Obeyed, not failed: the link is left alone and the run goes on.
    int& skipped =
        doc.failure == FetchFailure::kRobots ? st_.skipped_robots : st_.skipped_off_scope;
    if (++skipped <= 3) {  // the summary line counts the rest
      note(st_, "skipped " + doc.url + ": " + doc.error);
    }
    return more;
  }
  if (!doc.error.empty() || !fetched_ok(doc.http_status)) {
    std::string why = doc.error.empty() ? "HTTP " + std::to_string(doc.http_status) : doc.error;
    RunState::Failure kind{doc.error.empty() ? FetchFailure::kHttpStatus : doc.failure,
                           doc.http_status};
    record_failure(st_, doc.url, doc.url + ": " + why, kind);
    return more;
  }
  pipe_.take_ready(store_page_);
  if (doc.links && crawler::looks_like_html(doc.content_type, doc.body)) {
    // An HTML page the crawler scanned: the spec links among its links are followed now, and the
    // page is extracted by the pipe while the crawl goes on.
    for (const auto& link : *doc.links) {
      if (is_spec_link(link)) {
        more.push_back({std::string(link), {ViaKind::kSpecLink}, true});
      }
    }
    // A page the cache did not hold when the run began has no copy to compare: a cold crawl
    // asks the cache nothing per page.
    const bool maybe_cached = !loaded_ || states_.find(doc.url) != nullptr;
    if (!maybe_cached || !reuse_same_bytes(st_, doc)) {
      pipe_.submit(std::move(doc), store_page_);
    }
    return more;
  }
  for (const auto& link : extract_and_store(st_, std::move(doc))) {
    if (is_spec_link(link)) {
      more.push_back({link, {ViaKind::kSpecLink}, true});
    }
  }
  return more;
}

void StoreSink::store_page(FetchedDocument&& doc, Extraction&& extraction) {
  (void)store_extracted(st_, std::move(doc), std::move(extraction));
}

void StoreSink::finish() {
  pipe_.drain(store_page_);
}

void StoreSink::on_idle() {
  pipe_.drain(store_page_);
  st_.repo.renew_reads();
  if (st_.queue != nullptr) {
    st_.queue->hand_over();
  }
}

std::vector<crawler::Seed> StoreSink::seeds(const std::vector<crawler::Seed>& given,
                                            bool docs) const {
  std::vector<crawler::Seed> out = given;
  if (!st_.options.refresh || !docs) {
    return out;
  }
  std::set<std::string> hosts;
  for (const auto& s : given) {
    hosts.insert(host_of_url(s.url));
  }
  // In the order they were stored, the last crawl's: with --max-pages the same pages are
  // admitted, and the cache's pages (kept links, touches) are visited in row order.
  for (const auto& doc : states_.in_stored_order()) {
    const std::string url(doc.url);
    if (hosts.count(host_of_url(url)) && fetched_ok(doc.status) && !is_robots(url)) {
      out.push_back({url, found_via_from_string(doc.found_via), doc.depth});  // --max-depth holds
    }
  }
  return out;
}

std::optional<store::StoredDocument> StoreSink::asked(const std::string& url) {
  auto one = st_.repo.find(st_.options.source, url);
  return one.ok() ? std::move(one.value()) : std::nullopt;
}

}  // namespace om::app
