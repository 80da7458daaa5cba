#!/usr/bin/env python3
"""The front door against a registry and a docs site this test serves on 127.0.0.1:
- a spec package holding several API descriptions: a catalog entry's `path` (and `--spec
  npm:<pkg>@<ver>#<path>`) reads that file only, and its facts equal those of the same file given
  with `--spec` (the scope invariant); without a path the file naming the source is chosen with a
  reason, or the run stops listing the candidates; an SDK's graphql-codegen types are a candidate;
- registries as users configure them (env, project and user .npmrc, pip.conf, PIP_INDEX_URL), a
  configured registry trusted on its private address without --allow-private, metadata addresses
  refused all the same;
- `--sdk <archive URL>`; links refused by robots.txt are skipped and the run exits 0.
Usage: front_door_test.py <om-research binary>"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Checks, serve_files, tgz  # noqa: E402

binary = sys.argv[1]
check = Checks()


def spec(title, host, noun, auth_header):
    return {"openapi": "3.0.0", "info": {"title": title, "version": "1.0"},
            "servers": [{"url": f"https://{host}/v1"}],
            "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": auth_header}}},
            "security": [{"key": []}],
            "paths": {f"/{noun}s": {"get": {"operationId": f"list{noun}", "parameters": [
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20, "maximum": 100}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "data": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
                        "next_cursor": {"type": "string"}}}}}}}}},
                f"/{noun}s/{{{noun}_id}}": {"get": {"operationId": f"get{noun}", "parameters": [
                    {"name": f"{noun}_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok"}}}}}}


WIDGETS = json.dumps(spec("Widgets API", "api.widgets.example", "widget", "X-Widget-Key"), indent=1).encode()
WIDGETS_DEREF = json.dumps(spec("Widgets API", "api.widgets.example", "widget", "X-Widget-Key"), indent=4).encode()
GADGETS = json.dumps(spec("Gadgets", "api.gadgets.example", "gadget", "X-Gadget-Token")).encode()
THINGS = json.dumps(spec("Things", "api.things.example", "thing", "X-Thing-Key")).encode()
CLIENT_JS = b"module.exports = { base: 'https://api.widgets.example/v1' };\n"


multi = tgz([("package/package.json", json.dumps({"name": "multi-specs", "version": "1.0.0"}).encode()),
             ("package/index.js", CLIENT_JS),
             ("package/api/gadgets.json", GADGETS),
             ("package/api/widgets.json", WIDGETS),
             ("package/api/widgets.deref.json", WIDGETS_DEREF),
             ("package/api/things.json", THINGS)])
SDL = b"type Query {\n  gizmos(first: Int, after: String): GizmoConnection!\n}\n" \
      b"type GizmoConnection {\n  nodes: [Gizmo!]!\n  pageInfo: PageInfo!\n}\n" \
      b"type PageInfo {\n  hasNextPage: Boolean!\n  endCursor: String\n}\n" \
      b"type Gizmo {\n  id: ID!\n  name: String\n}\n"
INTROSPECTION = json.dumps({"data": {"__schema": {"queryType": {"name": "Query"}, "types": [
    {"kind": "OBJECT", "name": "Query", "fields": [{"name": "gizmos", "args": [], "type": {
        "kind": "LIST", "name": None, "ofType": {"kind": "OBJECT", "name": "Gizmo", "ofType": None}}}]},
    {"kind": "OBJECT", "name": "Gizmo", "fields": [{"name": "id", "args": [], "type": {
        "kind": "SCALAR", "name": "ID", "ofType": None}}]}]}}}).encode() + b" " * 4000
gql = tgz([("package/package.json", json.dumps({"name": "gizmo-schema", "version": "1.0.0"}).encode()),
           ("package/schema.json", INTROSPECTION),
           ("package/schema.graphql", SDL)])
# An SDK shipping graphql-codegen types: the Query type far past the first 4 KiB of its file, next
# to a declaration file that merely mentions __typename.
CODEGEN = b"type Maybe<T> = T | null;\n" + b"/** padding */\n" * 400 + \
    b'type Query = {\n  __typename?: "Query";\n  gizmos: GizmoConnection;\n};\n' \
    b'type QueryGizmosArgs = {\n  first?: InputMaybe<Scalars["Int"]>;\n  after?: InputMaybe<Scalars["String"]>;\n};\n' \
    b'type GizmoConnection = {\n  __typename?: "GizmoConnection";\n  nodes: Array<Gizmo>;\n  pageInfo: PageInfo;\n};\n' \
    b'type PageInfo = {\n  __typename?: "PageInfo";\n  hasNextPage: Scalars["Boolean"];\n' \
    b'  endCursor?: Maybe<Scalars["String"]>;\n};\n' \
    b'type Gizmo = {\n  __typename?: "Gizmo";\n  id: Scalars["ID"];\n};\n'
gql_sdk = tgz([("package/package.json", json.dumps({"name": "gizmo-sdk", "version": "1.0.0"}).encode()),
               ("package/dist/index.d.ts", b'export type Reply = { __typename?: string };\n'),
               ("package/dist/types-x1.d.mts", CODEGEN)])
sdk = tgz([("package/package.json", json.dumps({"name": "widgets-sdk", "version": "2.0.0"}).encode()),
           ("package/index.js", b"class WidgetsClient { headers(k) { return { 'X-Widget-Key': k }; } }\n"
                                b"module.exports = { WidgetsClient };\n")])
sdist = tgz([("widgets-py-1.0/PKG-INFO", b"Metadata-Version: 2.1\nName: widgets-py\nVersion: 1.0\n"),
             ("widgets-py-1.0/widgets/__init__.py", b"import requests\nAPI = 'https://api.widgets.example/v1'\n")])
files = {}


def npm_meta(name, version, data, tarball_base=None):
    files[f"/tarballs/{name}-{version}.tgz"] = data
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    return {"name": name, "dist-tags": {"latest": version}, "versions": {version: {
        "dist": {"tarball": f"{tarball_base or BASE}/tarballs/{name}-{version}.tgz", "integrity": digest}}}}


server = serve_files(files)
BASE = f"http://127.0.0.1:{server.server_address[1]}"
files["/multi-specs"] = npm_meta("multi-specs", "1.0.0", multi)
files["/widgets-sdk"] = npm_meta("widgets-sdk", "2.0.0", sdk)
files["/gizmo-schema"] = npm_meta("gizmo-schema", "1.0.0", gql)
files["/gizmo-sdk"] = npm_meta("gizmo-sdk", "1.0.0", gql_sdk)
files["/metadata-tarball"] = npm_meta("metadata-tarball", "1.0.0", sdk, tarball_base="http://169.254.169.254")
files["/pypi/widgets-py/json"] = {"info": {"name": "widgets-py", "version": "1.0"}, "urls": [
    {"packagetype": "sdist", "filename": "widgets-py-1.0.tar.gz", "url": f"{BASE}/files/widgets-py-1.0.tar.gz",
     "digests": {"sha256": hashlib.sha256(sdist).hexdigest()}}]}
files["/files/widgets-py-1.0.tar.gz"] = sdist
files["/files/widgets-sdk.tgz"] = sdk
files["/robots.txt"] = b"User-agent: *\nDisallow: /private/\n"
files["/docs/index.html"] = (b"<html><body><h1>Widgets</h1><p>Send the X-Widget-Key header.</p>"
                             b"<a href='/docs/page.html'>more</a> <a href='/private/secret.html'>secret</a></body></html>")
files["/docs/page.html"] = b"<html><body><h2>Pagination</h2><p>Use cursor.</p></body></html>"
files["/private/secret.html"] = b"<html><body>never fetched</body></html>"

CATALOG = f"""version: 1
sources:
  - name: widgets
    display_name: "Widgets"
    service_type: api
    specs:
      - url: "http://unreachable.invalid/widgets.json"
        cite: "test: a mirror that cannot be reached"
      - package: "npm:multi-specs@1.0.0"
        path: "api/widgets.json"
        cite: "test package"
    sdks:
      - package: "npm:widgets-sdk@2.0.0"
        cite: "test package"
"""

FACT_TOPICS = ("base_urls", "api_versions", "auth", "pagination", "entities", "endpoints", "rate_limits")


def facts(out):
    """The research's facts without document indices and URLs (which differ by input)."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("doc", "url", "evidence")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return {t: strip(out.get(t, [])) for t in FACT_TOPICS}


def cited_urls(out):
    urls = set()
    docs = out.get("documents", [])
    for topic in FACT_TOPICS + ("sdks",):
        for fact in out.get(topic, []):
            for ev in fact.get("evidence", []):
                urls.add(docs[ev["doc"]]["url"] if isinstance(ev.get("doc"), int) and ev["doc"] < len(docs) else None)
    return urls


with tempfile.TemporaryDirectory() as tmp:
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    base_env = {k: v for k, v in os.environ.items()
                if not k.lower().startswith(("npm_config", "pip_")) and k not in ("OM_RESEARCH_PYPI_INDEX", "VIRTUAL_ENV")}
    base_env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
    catalog = os.path.join(tmp, "catalog.yaml")
    with open(catalog, "w") as f:
        f.write(CATALOG)

    def run(source, *args, env=None, cwd=tmp, db="k.db", private=True):
        cmd = [binary, "--source", source, "--json", "--no-context", "--db", os.path.join(tmp, db),
               "--catalog", catalog, *args] + (["--allow-private"] if private else [])
        p = subprocess.run(cmd, env=env or dict(base_env, npm_config_registry=BASE), cwd=cwd,
                           capture_output=True, text=True, timeout=120)
        try:
            out = json.loads(p.stdout) if p.stdout.strip() else {}
        except json.JSONDecodeError:
            out = {}
        return p.returncode, out, p.stderr

    # 1. The catalog's package path selects the file; its unreachable mirror is no failure.
    rc, cat_out, err = run("widgets")
    urls = [d["url"] for d in cat_out.get("documents", [])]
    check("catalog run exits 0 (the mirror's failure is taken back: its copy was read)", rc == 0, err)
    check("only the named file of the spec package is a document",
          "npm:multi-specs@1.0.0/api/widgets.json" in urls and not any("gadgets" in u or "things" in u for u in urls), urls)
    check("no fact of the package's other APIs",
          not any("gadget" in e["path"] or "thing" in e["path"] for e in cat_out.get("endpoints", [])),
          cat_out.get("endpoints"))
    check("every fact cites one of the source's own inputs",
          cited_urls(cat_out) <= {"npm:multi-specs@1.0.0/api/widgets.json", "npm:widgets-sdk@2.0.0"}, cited_urls(cat_out))
    check("the summary line groups what happened", "document(s) read" in err and "failed" in err, err)
    server.hits.clear()
    rc, warm_out, err = run("widgets")
    check("a repeated catalog run inside the freshness window makes no request", rc == 0 and server.hits == [],
          (rc, server.hits, err))
    check("... nor tries the mirror its cached copy stands for", "unreachable.invalid" not in err, err)
    check("... and answers the same facts", facts(warm_out) == facts(cat_out))

    # 2. The scope invariant: the same facts as the file itself given with --spec.
    local = os.path.join(tmp, "widgets.json")
    with open(local, "wb") as f:
        f.write(WIDGETS)
    rc, file_out, err = run("widgets-local", "--spec", local, db="local.db")
    check("--spec on the extracted file exits 0", rc == 0, err)
    rc, pkg_out, err = run("widgets-pkg", "--spec", "npm:multi-specs@1.0.0#api/widgets.json", db="pkg.db")
    check("--spec npm:<pkg>@<ver>#<path> exits 0", rc == 0, err)
    check("scope invariant: package file facts == local file facts", facts(pkg_out) == facts(file_out),
          json.dumps([facts(pkg_out), facts(file_out)])[:3000])
    check("the file's facts are there at all", len(file_out.get("endpoints", [])) == 2 and file_out.get("auth"), file_out)
    check("the package's file is cited as <id>/<path>",
          [d["url"] for d in pkg_out.get("documents", [])] == ["npm:multi-specs@1.0.0/api/widgets.json"], pkg_out.get("documents"))

    # 3. No path: chosen by evidence with a reason, or refused with the candidates.
    rc, out, err = run("widgets", "--spec", "npm:multi-specs@1.0.0", db="choose.db")
    check("no path: the file naming the source is chosen", rc == 0 and
          [d["url"] for d in out.get("documents", [])] == ["npm:multi-specs@1.0.0/api/widgets.json"],
          (rc, out.get("documents"), err))
    check("no path: the choice is explained", "info.title" in err and "api/widgets.json" in err, err)
    rc, out, err = run("acme", "--spec", "npm:multi-specs@1.0.0", db="refuse.db")
    check("no path, no evidence: exit 3 with the candidates listed", rc == 3 and "api/gadgets.json" in err
          and "api/things.json" in err and "#<path>" in err, (rc, err))
    rc, out, err = run("gizmos", "--spec", "npm:gizmo-schema@1.0.0", db="gql.db")
    check("no path: a package's GraphQL schemas (SDL, introspection) are listed as candidates",
          rc == 3 and "schema.graphql" in err and "schema.json" in err and "package.json" not in err,
          (rc, err))
    rc, out, err = run("gizmos", "--spec", "npm:gizmo-schema@1.0.0#schema.graphql", db="gql.db")
    check("the SDL named by its path is read as GraphQL", rc == 0 and
          [d["url"] for d in out.get("documents", [])] == ["npm:gizmo-schema@1.0.0/schema.graphql"]
          and out.get("graphql") and out["graphql"][0]["format"] == "sdl", (rc, out.get("documents"), err))
    rc, out, err = run("gizmos", "--spec", "npm:gizmo-sdk@1.0.0", db="gqlts.db")
    check("no path: an SDK's graphql-codegen types are its one GraphQL schema, read and cited by line",
          rc == 0 and [d["url"] for d in out.get("documents", [])] == ["npm:gizmo-sdk@1.0.0/dist/types-x1.d.mts"]
          and out.get("graphql") and out["graphql"][0]["format"] == "typescript"
          and any(e["name"] == "gizmo" and e["pagination"] == "relay"
                  and e["evidence"][0]["locator"] == "types-x1.d.mts:404" for e in out.get("entities", [])),
          (rc, out.get("documents"), out.get("entities"), err))
    rc, out, err = run("widgets", "--spec", "npm:multi-specs@1.0.0#api/widget.json", db="typo.db")
    check("a missing path names the nearest files", rc == 3 and "api/widgets.json" in err, (rc, err))

    # 4. Registries as configured: env > project .npmrc > user .npmrc; pip.conf and PIP_INDEX_URL.
    with open(os.path.join(home, ".npmrc"), "w") as f:
        f.write("; user config\nregistry=http://127.0.0.1:9/\n")
    project = os.path.join(tmp, "project")
    os.makedirs(os.path.join(project, "sub"))
    with open(os.path.join(project, "package.json"), "w") as f:
        f.write("{}")
    with open(os.path.join(project, ".npmrc"), "w") as f:
        f.write(f"registry = {BASE}/\n")
    rc, out, err = run("widgets-sdk", "--sdk", "npm:widgets-sdk@2.0.0", env=dict(base_env),
                       cwd=os.path.join(project, "sub"), db="npmrc.db", private=False)
    check("the project .npmrc (nearest package.json) beats the user's, and its host is trusted "
          "without --allow-private", rc == 0 and any(s["name"] == "widgets-sdk" for s in out.get("sdks", [])), (rc, err))
    rc, out, err = run("widgets-sdk", "--sdk", "npm:widgets-sdk@2.0.0", env=dict(base_env),
                       cwd=tmp, db="usernpmrc.db", private=False)
    check("the user .npmrc applies where no project one is", rc == 3 and "127.0.0.1:9" in err, (rc, err))
    rc, out, err = run("widgets-sdk", "--sdk", "npm:widgets-sdk@2.0.0", env=dict(base_env, npm_config_registry=BASE),
                       cwd=tmp, db="envnpm.db", private=False)
    check("npm_config_registry beats both .npmrc files", rc == 0, (rc, err))
    os.makedirs(os.path.join(home, ".config", "pip"))
    with open(os.path.join(home, ".config", "pip", "pip.conf"), "w") as f:
        f.write(f"[global]\nindex-url = {BASE}/simple\n")
    rc, out, err = run("widgets-py", "--sdk", "pypi:widgets-py", env=dict(base_env), db="pip.db", private=False)
    check("pip.conf index-url is read (its /simple dropped for the JSON API) and trusted",
          rc == 0 and [d["url"] for d in out.get("documents", [])] == ["pypi:widgets-py==1.0"], (rc, err, out.get("documents")))
    rc, out, err = run("widgets-py", "--sdk", "pypi:widgets-py", env=dict(base_env, PIP_INDEX_URL="http://127.0.0.1:9/simple"),
                       db="pipenv.db", private=False)
    check("PIP_INDEX_URL beats pip.conf", rc == 3 and "127.0.0.1:9" in err, (rc, err))
    rc, out, err = run("widgets-py", "--sdk", "pypi:widgets-py",
                       env=dict(base_env, PIP_INDEX_URL="http://127.0.0.1:9/simple", OM_RESEARCH_PYPI_INDEX=BASE),
                       db="pipover.db", private=False)
    check("OM_RESEARCH_PYPI_INDEX overrides PIP_INDEX_URL", rc == 0, (rc, err))
    rc, out, err = run("meta", "--sdk", "npm:metadata-tarball@1.0.0", db="meta.db", private=False)
    check("a trusted registry's tarball on a metadata address is refused", rc == 3 and "169.254.169.254" in err
          and "refused" in err, (rc, err))
    rc, out, err = run("meta2", "--sdk", "npm:widgets-sdk@2.0.0", env=dict(base_env, npm_config_registry="http://169.254.169.254"),
                       db="meta2.db")
    check("a registry configured on a metadata address stays refused, even with --allow-private",
          rc == 3 and "refused" in err, (rc, err))

    # 5. --sdk by URL: fetched and read, or refused naming it.
    rc, out, err = run("widgets-url", "--sdk", f"{BASE}/files/widgets-sdk.tgz", db="sdkurl.db")
    check("--sdk <archive URL> is fetched and read", rc == 0 and any(s["name"] == "widgets-sdk" for s in out.get("sdks", [])),
          (rc, err))
    rc, out, err = run("widgets-url", "--sdk", f"{BASE}/docs/index.html", db="sdkhtml.db")
    check("--sdk <page URL> is refused, naming it", rc == 3 and f"{BASE}/docs/index.html" in err
          and "not a package archive" in err, (rc, err))

    # 6. robots.txt: the disallowed link is skipped, the run exits 0 and says so.
    server.hits.clear()
    rc, out, err = run("widgets-docs", "--docs", f"{BASE}/docs/index.html", "--crawl-delay-ms", "0", db="docs.db")
    check("a crawl that obeyed robots.txt and read the rest exits 0", rc == 0, (rc, err))
    check("the disallowed page was never requested", "/private/secret.html" not in server.hits, server.hits)
    check("the summary counts it as skipped by robots.txt", "1 by robots.txt" in err, err)

server.shutdown()
check.finish()
