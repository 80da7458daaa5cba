// The engine: wires inputs, crawler, extract, store and report for each command (STYLE.md 2.2).
#pragma once

#include <iosfwd>

#include "app/cli.h"

namespace om::app {

/// `om-research --source X ...`: research, update the cache, print JSON and/or write the brief.
/// Returns the exit code of DESIGN.md (0 written, 1 partial, 2 usage/config, 3 nothing found).
int run_research(const ResearchOptions& options, std::ostream& out, std::ostream& err);
/// `om-research lookup <source> [topic]`: answer from the cache only.
int run_lookup(const CliOptions& options, std::ostream& out, std::ostream& err);
/// `om-research search <source> "<words>"`: full-text search of cached documents.
int run_search(const CliOptions& options, std::ostream& out, std::ostream& err);

}  // namespace om::app
