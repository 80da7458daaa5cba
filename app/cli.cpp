// CLI11 wiring for the research command and the lookup/search/sources/mcp subcommands.
#include "app/cli.h"

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/types.h"

namespace om::app {
namespace {

const char* kVersion = "om-research 0.1.0 (Research JSON om-research/research/v2)";

void add_crawl_bounds(CLI::App& app, ResearchOptions& r) {
  app.add_option("--max-pages", r.max_pages, "Most pages to fetch per source")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--concurrency", r.concurrency, "Parallel transfers")->check(CLI::Range(1, 256));
  app.add_option("--timeout", r.timeout_seconds, "Per-request timeout in seconds")
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--crawl-delay-ms", r.crawl_delay_ms, "Delay between requests to one host")
      ->check(CLI::Range(0, 60000));
}

void add_research_flags(CLI::App& app, ResearchOptions& r) {
  app.add_option("--source", r.source, "Source name (catalog name or any slug)");
  app.add_option("--spec", r.specs,
                 "OpenAPI/Swagger spec: URL, path, or npm:<name>@<ver>[#<path in package>] "
                 "(JSON or YAML; repeatable)");
  app.add_option("--docs", r.docs,
                 "Docs root URL, or a local .md/.html file or folder (repeatable)");
  app.add_option(
      "--sdk", r.sdks,
      "SDK package: npm:<name>[@<ver>], pypi:<name>[==<ver>], or a .tgz/.whl/.zip file or URL");
  std::vector<std::string> types(std::begin(kServiceTypes), std::end(kServiceTypes));
  app.add_option("--service-type", r.service_type, "OpenMetadata service type")
      ->check(CLI::IsMember(types));
  app.add_option("--context", r.context_path, "CONNECTOR_CONTEXT.md to update");
  app.add_flag("--no-context", r.no_context, "Do not write any file");
  app.add_option("--checkout", r.checkout_path,
                 "OpenMetadata checkout to rank the closest existing connectors in (default: found "
                 "walking up from the working directory, then from the --context file's folder)");
  app.add_flag("--json", r.json, "Print the Research JSON on stdout");
  app.add_flag("--offline", r.offline, "Never touch the network");
  app.add_flag("--refresh", r.refresh, "Revalidate every cached document");
  app.add_flag("--allow-private", r.allow_private,
               "Allow private and loopback addresses (local test servers)");
  app.add_option("--db", r.db_path,
                 "Knowledge cache (default $XDG_CACHE_HOME/om-research/knowledge.db)");
  app.add_option("--catalog", r.catalog_path, "Catalog YAML file overriding the built-in one");
  app.add_option("--max-time", r.max_time_seconds,
                 "Whole run's budget in seconds, then write what was gathered, marked partial "
                 "(default: 900 for a catalog run, none otherwise; 0 = no limit). SIGINT or "
                 "SIGTERM does the same; a second one exits at once")
      ->check(CLI::Range(0.0, 1e7));
  add_crawl_bounds(app, r);
}

}  // namespace

ParsedCli parse_cli(int argc, char** argv) {
  CliOptions o;
  CLI::App app{"om-research: cited API research for OpenMetadata connectors", "om-research"};
  app.set_version_flag("--version", kVersion);
  add_research_flags(app, o.research);

  auto* lookup = app.add_subcommand("lookup", "Answer from the knowledge cache (no network)");
  lookup->add_option("source", o.research.source, "Source name")->required();
  lookup->add_option("topic", o.topic, "What to show")
      ->check(CLI::IsMember({"auth", "pagination", "entities", "endpoints", "rate-limits", "sdks",
                             "base-urls", "gaps", "all"}));
  lookup->add_flag("--json", o.research.json, "Print JSON");
  lookup->add_flag("--offline", o.research.offline, "Never touch the network (always true here)");
  lookup->add_option("--db", o.research.db_path, "Knowledge cache");
  lookup->add_option("--catalog", o.research.catalog_path, "Catalog YAML file");

  auto* search = app.add_subcommand("search", "Full-text search of cached documents");
  search->add_option("source", o.research.source, "Source name")->required();
  search->add_option("words", o.words, "Words to look for")->required();
  search->add_option("--limit", o.limit, "Most hits")->check(CLI::Range(1, 1000));
  search->add_flag("--json", o.research.json, "Print JSON");
  search->add_option("--db", o.research.db_path, "Knowledge cache");
  search->add_option("--catalog", o.research.catalog_path, "Catalog YAML file");

  auto* sources = app.add_subcommand("sources", "List the built-in catalog");
  sources->add_option("name", o.sources_name, "One source");
  sources->add_flag("--json", o.research.json, "Print JSON");
  sources->add_option("--catalog", o.research.catalog_path, "Catalog YAML file");

  auto* mcp = app.add_subcommand("mcp", "MCP server on stdio for AI agents");
  mcp->add_option("--db", o.research.db_path, "Knowledge cache");
  mcp->add_option("--catalog", o.research.catalog_path, "Catalog YAML file");
  mcp->add_flag("--allow-private", o.research.allow_private, "Allow private addresses");
  add_crawl_bounds(*mcp, o.research);  // defaults of the research tool's crawls

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return {std::nullopt, code == 0 ? ExitCode::kWritten : ExitCode::kUsage};
  }
  if (lookup->parsed()) {
    o.command = Command::kLookup;
  } else if (search->parsed()) {
    o.command = Command::kSearch;
  } else if (sources->parsed()) {
    o.command = Command::kSources;
  } else if (mcp->parsed()) {
    o.command = Command::kMcp;
  } else if (o.research.source.empty()) {
    std::cerr << "om-research: --source is required (try --help)\n";
    return {std::nullopt, ExitCode::kUsage};
  }
  return {o, ExitCode::kWritten};
}

std::string default_db_path(const std::string& flag_value) {
  if (!flag_value.empty()) {
    return flag_value;
  }
  // getenv: read once at start-up, before any thread exists.
  // NOLINTNEXTLINE(concurrency-mt-unsafe)
  if (const char* env = std::getenv("OM_RESEARCH_DB"); env != nullptr && *env != '\0') {
    return env;
  }
  // getenv: read once at start-up, before any thread exists.
  // NOLINTNEXTLINE(concurrency-mt-unsafe)
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/om-research/knowledge.db";
  }
  const char* home = std::getenv("HOME");  // NOLINT(concurrency-mt-unsafe)
  return std::string(home != nullptr ? home : ".") + "/.cache/om-research/knowledge.db";
}

}  // namespace om::app
