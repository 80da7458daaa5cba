#!/usr/bin/env bash
# End-to-end inside an OpenMetadata checkout (issue #23): the binary runs with its working
# directory in the fixture checkout (tests/fixtures/om_checkout), ranks the closest connectors
# with file:line evidence, finds the Docker image of a fixture docs page and writes it into the
# brief's profile; a database run maps the dialect and auth. Offline: local files only.
# Usage: checkout_test.sh <om-research binary> <repo root>
set -uo pipefail
BIN="$1"; ROOT="$2"
source "$(dirname "${BASH_SOURCE[0]}")/../support/check.sh"
cp -r "$ROOT/tests/fixtures/om_checkout" "$T/om"
DIR="$T/om/ingestion/src/metadata/ingestion/source/dashboard/acme_bi"
mkdir -p "$DIR"
cp "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md" "$DIR/CONNECTOR_CONTEXT.md"
SPEC="$ROOT/examples/acme-bi/openapi.yaml"; DOCS="$ROOT/tests/fixtures/docs/test_env/local-setup.md"

(cd "$DIR" && "$BIN" --source acme_bi --service-type dashboard --spec "$SPEC" --docs "$DOCS" \
  --db "$T/k.db" --offline --json) > "$T/out.json" 2> "$T/err.txt"; rc=$?
check "research inside the checkout exits 0" test "$rc" = 0
check "the JSON names the closest connectors with file:line evidence and the test image" \
  python3 - "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "om-research/research/v2", d["schema"]
names = [c["name"] for c in d["similar_connectors"]]
assert len(names) == 3 and names[0] == "sigma", names
sigma = d["similar_connectors"][0]
assert any(r.startswith("auth clientCredentials") for r in sigma["reasons"]), sigma["reasons"]
ev = {(e["path"].rsplit("/", 1)[-1], e["line"]) for e in sigma["evidence"]}
assert ("sigmaConnection.json", 12) in ev, ev
assert any(p == "client.py" for p, _ in ev), ev
for c in d["similar_connectors"]:
    assert c["evidence"] and all(e["quote"] for e in c["evidence"]), c
env = d["test_environment"]
assert env["docker_image"] == "acmebi/acme-bi:4.2" and env["docker_port"] == "8088", env
for img in env["images"]:
    assert img["evidence"] and all(0 <= e["doc"] < len(d["documents"]) for e in img["evidence"]), img
assert d["database"] is None
PY
BRIEF="$DIR/CONNECTOR_CONTEXT.md"
check "the brief has the connectors and the Docker fields in its profile" python3 - "$BRIEF" "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md" <<'PY'
import sys
new, old = open(sys.argv[1]).read(), open(sys.argv[2]).read()
assert "### Closest existing connectors" in new and "1. `sigma` (score" in new, new
assert "sigmaConnection.json:12" in new
fields = "- **Auth Types**: oauth, token\n- **Docker Image**: `acmebi/acme-bi:4.2`\n- **Docker Port**: 8088\n"
assert fields in new, new[:800]
b, e = new.index("<!-- om-research:begin -->"), new.index("<!-- om-research:end -->") + len("<!-- om-research:end -->")
outside = new[:b] + new[e:]
outside = outside.replace("- **Docker Image**: `acmebi/acme-bi:4.2`\n- **Docker Port**: 8088\n", "", 1)
assert outside.replace("\n", "") == old.replace("\n", ""), "user bytes changed"
PY
cp "$BRIEF" "$T/first.md"
(cd "$DIR" && "$BIN" --source acme_bi --service-type dashboard --spec "$SPEC" --docs "$DOCS" \
  --db "$T/k.db" --offline) > /dev/null 2>&1
check "a second run leaves the brief byte for byte" cmp "$BRIEF" "$T/first.md"

# A database source: dialect, URL scheme, port and auth mapped; SQLAlchemy connectors ranked.
(cd "$T/om" && "$BIN" --source cratedb_demo --service-type database \
  --docs "$ROOT/tests/fixtures/docs/test_env/cratedb-sqlalchemy.md" --db "$T/k.db" --offline \
  --no-context --json) > "$T/db.json" 2> "$T/db_err.txt"; rc=$?
check "database research exits 0" test "$rc" = 0
check "the database facts are mapped" python3 - "$T/db.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
db = d["database"]
assert db["url_scheme"]["value"] == "crate" and db["url_scheme"]["evidence"], db
assert db["default_port"]["value"] == "4200", db
assert {u["scheme"] for u in db["url_schemes"]} == {"crate", "crate+psycopg"}, db["url_schemes"]
assert {"http-basic": "basicAuth"}.items() <= {a["auth_type"]: a["om_auth"] for a in db["auth"]}.items(), db["auth"]
names = [c["name"] for c in d["similar_connectors"]]
assert names[:2] == ["mysql", "postgres"] or names[:2] == ["snowflake", "mysql"], names
assert d["test_environment"]["docker_image"] == "crate/crate:5.8", d["test_environment"]
PY

# Outside a checkout nothing is ranked and the brief gets no such section.
cp "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md" "$T/plain.md"
(cd "$T" && "$BIN" --source acme_bi --service-type dashboard --spec "$SPEC" --db "$T/k.db" \
  --offline --context "$T/plain.md" --json) > "$T/plain.json" 2>/dev/null
check "outside a checkout: no connectors, no section" python3 - "$T/plain.json" "$T/plain.md" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["similar_connectors"] == [], d["similar_connectors"]
assert "Closest existing connectors" not in open(sys.argv[2]).read()
PY
# --checkout names one explicitly, from anywhere.
(cd "$T" && "$BIN" --source acme_bi --service-type dashboard --spec "$SPEC" --db "$T/k.db" \
  --offline --no-context --checkout "$T/om" --json) > "$T/explicit.json" 2>/dev/null
check "--checkout ranks from outside the tree" python3 -c \
  'import json,sys; d=json.load(open(sys.argv[1])); assert d["similar_connectors"][0]["name"] == "sigma", d["similar_connectors"]' \
  "$T/explicit.json"

# From outside the tree, the --context file's folder leads to the checkout.
(cd "$T" && "$BIN" --source acme_bi --service-type dashboard --spec "$SPEC" --db "$T/k.db" \
  --offline --context "$BRIEF" --json) > "$T/ctx.json" 2>/dev/null
check "the brief's folder leads to the checkout" python3 -c \
  'import json,sys; d=json.load(open(sys.argv[1])); assert d["similar_connectors"][0]["name"] == "sigma", d["similar_connectors"]' \
  "$T/ctx.json"
# A --checkout that is not one says so and ranks nothing.
(cd "$T" && "$BIN" --source acme_bi --service-type dashboard --spec "$SPEC" --db "$T/k.db" \
  --offline --no-context --checkout "$T" --json) > "$T/bad.json" 2> "$T/bad_err.txt"
check "a --checkout that is not one is said once" grep -q "is not an OpenMetadata checkout" "$T/bad_err.txt"

finish "checkout e2e"
