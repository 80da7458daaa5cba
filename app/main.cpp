// om-research entry point: parse the command line and hand over to the pipeline.
#include <iostream>

#include "app/cli.h"
#include "app/commands.h"
#include "app/pipeline.h"
#include "app/signals.h"

int main(int argc, char** argv) {
  auto parsed = om::app::parse_cli(argc, argv);
  if (!parsed.options) {
    return static_cast<int>(parsed.exit_code);
  }
  const auto& o = *parsed.options;
  switch (o.command) {
    case om::app::Command::kResearch: {
      const om::app::StopSignals signals;  // a first SIGINT/SIGTERM: write what was gathered
      auto research = o.research;
      research.should_stop = [] { return om::app::StopSignals::received() != 0; };
      return static_cast<int>(om::app::run_research(research, std::cout, std::cerr));
    }
    case om::app::Command::kLookup:
      return static_cast<int>(om::app::run_lookup(o, std::cout, std::cerr));
    case om::app::Command::kSearch:
      return static_cast<int>(om::app::run_search(o, std::cout, std::cerr));
    case om::app::Command::kSources:
      return static_cast<int>(om::app::run_sources(o, std::cout, std::cerr));
    case om::app::Command::kMcp:
      return static_cast<int>(om::app::run_mcp(o, std::cin, std::cout, std::cerr));
  }
  return static_cast<int>(om::app::ExitCode::kUsage);
}
