// The engine: wires inputs, crawler, extract, store and report for each command (STYLE.md 2.2).
#pragma once

#include <iosfwd>

#include "app/cli.h"

namespace om::app {

/// `om-research --source X ...`: research, update the cache, print JSON and/or write the brief.
/// Returns DESIGN.md's exit code (written, partial, usage/config, nothing found).
ExitCode run_research(const ResearchOptions& options, std::ostream& out, std::ostream& err);
/// `om-research lookup <source> [topic]`: answer from the cache only.
ExitCode run_lookup(const CliOptions& options, std::ostream& out, std::ostream& err);
/// `om-research search <source> "<words>"`: full-text search of cached documents.
ExitCode run_search(const CliOptions& options, std::ostream& out, std::ostream& err);

}  // namespace om::app
