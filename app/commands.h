// The catalog and agent-facing commands: `sources` and `mcp`.
#pragma once

#include <iosfwd>

#include "app/cli.h"

namespace om::app {

/// `om-research sources [name]`: the catalog as a table on a terminal, JSON otherwise/with --json.
ExitCode run_sources(const CliOptions& options, std::ostream& out, std::ostream& err);
/// `om-research mcp`: MCP server on stdio; tools call the same pipeline as the CLI.
ExitCode run_mcp(const CliOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace om::app
