// Wiring of issue #23 into a research run: the checkout the run is in, its closest connectors,
// the catalog's database facts, and the Docker fields of the brief's profile.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "app/cli.h"
#include "config/catalog.h"
#include "core/types.h"

namespace om::app {

/// The checkout to use: --checkout when given (nullopt, with a message on `err`, when it is not
/// one), else the first found walking up from the working directory, then from the brief's
/// folder (--context).
[[nodiscard]] std::optional<std::filesystem::path> locate_checkout(const ResearchOptions& options,
                                                                   std::ostream& err);

/// Adds the catalog entry's database facts and, inside a checkout, the closest connectors of the
/// research's service type (a failure to read them is one line on `err`, not an error).
void add_checkout_facts(Research& research, const config::CatalogEntry* entry,
                        const std::optional<std::filesystem::path>& root, std::ostream& err);

}  // namespace om::app
