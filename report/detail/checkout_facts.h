// Issue #23's facts as the JSON and the Markdown both need them: the test image chosen for the
// profile, the database facts (catalog, SQLAlchemy URLs, SDKs) and the auth mapped onto
// OpenMetadata's database auth options.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/types.h"
#include "report/detail/markdown_text.h"

namespace om::report::detail {

/// One database fact and where it came from: "catalog" (cite set), "sql-url", "sdk" or
/// "docker" (evidence set).
struct DatabaseFact {
  std::string value;
  std::string from;
  std::string cite;
  EvidenceList evidence;
};

/// A research auth method mapped onto one of OpenMetadata's database auth options
/// (OPENMETADATA.md section 3: basicAuth, iamAuthConfig, azureConfig, jwtAuth, gcpCredentials).
struct DatabaseAuth {
  std::string auth_type;
  std::string om_auth;
  EvidenceList evidence;
};

struct DatabaseFacts {
  DatabaseFact dialect_package, driver_package, url_scheme, default_port;  // value "" = unknown
  std::vector<DatabaseAuth> auth;
};

/// The image written into the profile: the first (sorted) image with ports from a `docker run`
/// or compose service, else the first image; nullptr when there is none.
[[nodiscard]] const TestImage* chosen_test_image(const Findings& findings);

/// The container side of a port mapping ("127.0.0.1:8088:8088/tcp" -> "8088").
[[nodiscard]] std::string container_port(const std::string& mapping);

/// The database facts of a research (meaningful for service type "database").
[[nodiscard]] DatabaseFacts database_facts(const Research& research);

/// JSON members of issue #23 (README "Research JSON"): `similar_connectors`,
/// `test_environment` and `database` (null unless the service type is database).
[[nodiscard]] Json similar_connectors_json(const Research& research);
[[nodiscard]] Json test_environment_json(const Research& research,
                                         const std::function<Json(const EvidenceList&)>& ev);
[[nodiscard]] Json database_json(const Research& research,
                                 const std::function<Json(const EvidenceList&)>& ev);

/// The brief's sections for these facts (markdown_checkout.cpp), each "### " headed: closest
/// existing connectors (inside a checkout), test environment (when an image was found), database
/// (database sources); "" when none applies. `cite` renders " [n]" for evidence.
[[nodiscard]] Markdown checkout_sections(const Research& research,
                                         const std::function<Markdown(const EvidenceList&)>& cite);

}  // namespace om::report::detail
