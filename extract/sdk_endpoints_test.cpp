// Tests for endpoints and entities read from SDK code (extract/detectors/sdk_endpoints.cpp):
// synthetic packages built in memory with JS descriptor objects, template-literal and Babel
// `.concat` calls, TypeScript, Python f-strings, and negatives that must yield nothing.
#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "extract/detail/sdk_test_archive.h"
#include "extract/extract.h"

namespace {

using om::extract::test_support::build_archive;
using om::extract::test_support::TestEntry;
using om::extract::test_support::TestFormat;

om::Findings extract_package(const std::vector<TestEntry>& entries,
                             TestFormat format = TestFormat::kTgz) {
  std::string tgz = build_archive(entries, format);
  REQUIRE_FALSE(tgz.empty());
  om::FetchedDocument d;
  d.url = format == TestFormat::kTgz ? "/tmp/pkg.tgz" : "/tmp/pkg.whl";
  d.body = std::move(tgz);
  d.http_status = 200;
  om::Extraction e = om::extract::extract(d);
  REQUIRE(e.error.empty());
  return e.findings;
}

const om::Endpoint* endpoint(const om::Findings& f, const std::string& method,
                             const std::string& path) {
  for (const om::Endpoint& e : f.endpoints) {
    if (e.method == method && e.path == path) {
      return &e;
    }
  }
  return nullptr;
}

const om::Entity* entity(const om::Findings& f, const std::string& name) {
  for (const om::Entity& e : f.entities) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

std::vector<std::string> paths(const om::Findings& f) {
  std::vector<std::string> out;
  for (const om::Endpoint& e : f.endpoints) {
    out.push_back(e.method + " " + e.path);
  }
  return out;
}

const char* kManifest = R"({"name":"acme","version":"1.0.0"})";

const char* kDescriptorsJs = R"js("use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * List all users, see https://developers.acme.test/reference/users
 */
exports.listUsers = {
    method: "get",
    pathParams: [],
    queryParams: ["start_cursor", "page_size"],
    path: () => `users`,
};
exports.getUser = {
    method: "get",
    pathParams: ["user_id"],
    path: (p) => `users/${p.user_id}`,
};
exports.getPage = {
    method: "get",
    pathParams: ["page_id"],
    path: (p) => `pages/${p.page_id}`,
};
exports.updatePage = {
    method: "patch",
    pathParams: ["page_id"],
    bodyParams: [
        "a",
        "b",
        "c",
    ],
    path: (p) => `pages/${p.page_id}`,
};
exports.search = {
    method: "post",
    path: () => `search`,
};
exports.getDataSource = {
    path: (p) => `data_sources/${p.data_source_id}`,
    method: "get",
};
exports.queryDataSource = {
    method: "post",
    path: (p) => `data_sources/${p.data_source_id}/query`,
};
)js";

const char* kClientJs = R"js("use strict";
class Client {
    constructor(options) {
        this.prefixUrl = `${options.baseUrl ?? "https://api.acme.test"}/v1/`;
    }
    async request({ path, method }) {
        const url = new URL(`${this.prefixUrl}${path}`);
        return fetch(url.toString(), { method });
    }
}
exports.Client = Client;
)js";

}  // namespace

TEST_CASE("sdk endpoints: JS descriptors with the client's version prefix, and their entities") {
  om::Findings f = extract_package({{"package/package.json", kManifest},
                                    {"package/build/src/endpoints.js", kDescriptorsJs},
                                    {"package/build/src/endpoints.d.ts",
                                     "export declare const getUser: { readonly path: (p: "
                                     "GetUserPathParameters) => string; };\n"},
                                    {"package/build/src/Client.js", kClientJs}});
  const om::Endpoint* list = endpoint(f, "GET", "/v1/users");
  REQUIRE(list != nullptr);
  CHECK(list->operation_id == "listUsers");
  REQUIRE(endpoint(f, "GET", "/v1/users/{user_id}") != nullptr);
  CHECK(endpoint(f, "GET", "/v1/users/{user_id}")->operation_id == "getUser");
  CHECK(endpoint(f, "PATCH", "/v1/pages/{page_id}") != nullptr);  // method far above its path
  CHECK(endpoint(f, "GET", "/v1/data_sources/{data_source_id}") != nullptr);  // path first
  CHECK(endpoint(f, "POST", "/v1/search") != nullptr);
  CHECK(f.endpoints.size() == 7);

  const om::Entity* user = entity(f, "user");
  REQUIRE(user != nullptr);
  CHECK(user->list.method == "GET");
  CHECK(user->list.path == "/v1/users");
  CHECK(user->get.path == "/v1/users/{user_id}");
  CHECK(user->confidence == doctest::Approx(om::confidence::kSdk));
  REQUIRE_FALSE(user->evidence.empty());
  CHECK(user->evidence[0].url == "npm:acme@1.0.0");
  CHECK(user->evidence[0].locator == "build/src/endpoints.js:10");
  CHECK(user->evidence[0].quote == "path: () => `users`,");
  // The prefix is cited where the client builds it.
  CHECK(std::any_of(user->evidence.begin(), user->evidence.end(),
                    [](const om::Evidence& ev) { return ev.locator == "build/src/Client.js:4"; }));

  // A root search lists the get-only entities; a query on a record lists that record's rows.
  const om::Entity* page = entity(f, "page");
  REQUIRE(page != nullptr);
  CHECK(page->list.method == "POST");
  CHECK(page->list.path == "/v1/search");
  CHECK(page->get.path == "/v1/pages/{page_id}");
  const om::Entity* rows = entity(f, "data_source_record");
  REQUIRE(rows != nullptr);
  CHECK(rows->list.path == "/v1/data_sources/{data_source_id}/query");
  CHECK(rows->parent == "data_source");
}

TEST_CASE("sdk endpoints: template literals, Babel .concat, TypeScript generics, split calls") {
  const char* methods_js = R"js(class Looker40SDK extends APIMethods {
  all_dashboards(fields, options) {
    var _this1 = this;
    return _asyncToGenerator(function* () {
      return _this1.get('/dashboards', {
        fields
      }, null, options);
    })();
  }
  dashboard(dashboard_id, fields, options) {
    var _this2 = this;
    return _asyncToGenerator(function* () {
      return _this2.get("/dashboards/".concat(dashboard_id), null, null, options);
    })();
  }
  folder_children(request, options) {
    return this.authStream(callback, 'GET', "/folders/".concat(request.folder_id, "/children"), null);
  }
  me(options) {
    return this.get('/user', null, null, options);
  }
  all_users(options) {
    return this.get('/users', null, null, options);
  }
}
var delete_look = exports.delete_look = function () {
  var _ref1 = _asyncToGenerator(function* (sdk, look_id, options) {
    return sdk.delete("/looks/".concat(look_id), null, null, options);
  });
}();
)js";
  const char* client_ts = R"ts(export class TeamsApi {
  constructor(private http: HttpClient) {}

  async listTeams(): Promise<Team[]> {
    return this.http.get<Team[]>(`/teams`);
  }

  async getTeam(teamId: string): Promise<Team> {
    return this.http.get<Team>(`/teams/${encodeURIComponent(teamId)}`);
  }

  async createMember(team: Team, body: Member): Promise<Member> {
    return this.client.request("POST", `/teams/${team.id}/members`, body);
  }

  async listMembers(teamId: string): Promise<Member[]> {
    return this.http.get(
      `/teams/${teamId.toString()}/members`,
    );
  }
}
)ts";
  om::Findings f = extract_package({{"package/package.json", kManifest},
                                    {"package/lib/4.0/methods.js", methods_js},
                                    {"package/src/teams.ts", client_ts}});
  CHECK(endpoint(f, "GET", "/dashboards") != nullptr);
  REQUIRE(endpoint(f, "GET", "/dashboards/{dashboard_id}") != nullptr);
  CHECK(endpoint(f, "GET", "/dashboards/{dashboard_id}")->operation_id == "dashboard");
  CHECK(endpoint(f, "GET", "/folders/{folder_id}/children") != nullptr);
  REQUIRE(endpoint(f, "DELETE", "/looks/{look_id}") != nullptr);
  CHECK(endpoint(f, "DELETE", "/looks/{look_id}")->operation_id == "delete_look");
  CHECK(endpoint(f, "GET", "/teams") != nullptr);
  CHECK(endpoint(f, "GET", "/teams/{teamId}") != nullptr);
  CHECK(endpoint(f, "POST", "/teams/{id}/members") != nullptr);
  CHECK(endpoint(f, "GET", "/teams/{teamId}/members") != nullptr);

  const om::Entity* dashboard = entity(f, "dashboard");
  REQUIRE(dashboard != nullptr);
  CHECK(dashboard->list.path == "/dashboards");
  CHECK(dashboard->get.path == "/dashboards/{dashboard_id}");
  const om::Entity* children = entity(f, "folder_child");  // one singular() for specs and SDKs
  REQUIRE(children != nullptr);
  CHECK(children->list.path == "/folders/{folder_id}/children");
  // A plural list beats the singular `/user` (the caller's own record).
  const om::Entity* user = entity(f, "user");
  REQUIRE(user != nullptr);
  CHECK(user->list.path == "/users");
  const om::Entity* member = entity(f, "team_member");
  REQUIRE(member != nullptr);
  CHECK(member->parent == "team");
}

TEST_CASE("sdk endpoints: Python f-strings, base-URL prefixes and request helpers") {
  const char* client_py = R"py(import requests

BASE_URL = "https://api.acme.test"


class AcmeClient:
    def __init__(self, api_key=None, base_url=BASE_URL):
        self.base_url = base_url

    def list_projects(self):
        return requests.get(f"{self.base_url}/projects", headers=self._headers())

    def get_project(self, project_id):
        return self._request("GET", f"/projects/{project_id}")

    def list_issues(self, project):
        return self.session.get(f"{self.base_url}/projects/{project.id}/issues")

    def create_project(self, body):
        return self.session.post(self.base_url + "/projects", json=body)

    def get_issue(self, issue_id):
        return self._request(method="DELETE", path=f"/issues/{quote(issue_id, safe='')}")

    def legacy(self, user_id):
        return self._request("GET", "/users/%s" % user_id)
)py";
  om::Findings f =
      extract_package({{"acme-1.0.0.dist-info/METADATA", "Name: acme\nVersion: 1.0.0\n\n"},
                       {"acme/client.py", client_py}},
                      TestFormat::kZip);
  CHECK(endpoint(f, "GET", "/projects") != nullptr);
  REQUIRE(endpoint(f, "GET", "/projects/{project_id}") != nullptr);
  CHECK(endpoint(f, "GET", "/projects/{project_id}")->operation_id == "get_project");
  CHECK(endpoint(f, "GET", "/projects/{id}/issues") != nullptr);
  CHECK(endpoint(f, "POST", "/projects") != nullptr);
  CHECK(endpoint(f, "DELETE", "/issues/{issue_id}") != nullptr);
  CHECK(f.endpoints.size() == 5);  // "%s" names nothing: skipped
  const om::Entity* project = entity(f, "project");
  REQUIRE(project != nullptr);
  CHECK(project->list.path == "/projects");
  CHECK(project->get.path == "/projects/{project_id}");
  REQUIRE_FALSE(project->evidence.empty());
  CHECK(project->evidence[0].url == "pypi:acme==1.0.0");
  CHECK(project->evidence[0].locator == "acme/client.py:11");
}

TEST_CASE("sdk endpoints: docs links, other hosts, maps, routes and test files yield nothing") {
  const char* noise_js = R"js(// GET /users is documented at https://docs.acme.test/api/users
/**
 * this.get('/documented/in/a/comment')
 */
const cached = cache.get('/users');
const header = response.headers.get("/x-request-id");
const lib = "/usr/lib/acme";
app.get('/callback', (req, res) => res.send("ok"));
fetch("https://other.example.com/v2/things");
this.get("https://api.other.test/users");
this.post(url, body);
this.get(someVariable);
const label = "users";
const methods = ['PUT', 'POST', 'DELETE'];
this.get('/assets/logo.png');
)js";
  om::Findings f =
      extract_package({{"package/package.json", kManifest},
                       {"package/lib/noise.js", noise_js},
                       {"package/test/client.test.js", "this.get('/from/a/test');\n"},
                       {"package/lib/client.spec.js", "this.get('/from/a/spec');\n"},
                       {"package/lib/types.d.ts", "get(path: '/declared'): Promise<void>;\n"}});
  CHECK(paths(f).empty());
  CHECK(f.entities.empty());
}

TEST_CASE("sdk endpoints: a spec inside the package wins over the code's paths") {
  const char* spec = R"({"openapi": "3.0.0", "info": {"title": "Acme", "version": "1"},
  "paths": {"/users": {"get": {"operationId": "listUsers", "responses": {"200": {"description": "ok"}}}}}})";
  om::Findings f = extract_package({{"package/package.json", kManifest},
                                    {"package/openapi.json", spec},
                                    {"package/lib/client.js", "this.get('/teams');\n"}});
  CHECK(endpoint(f, "GET", "/users") != nullptr);
  CHECK(endpoint(f, "GET", "/teams") == nullptr);
}
