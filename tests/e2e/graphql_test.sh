#!/usr/bin/env bash
# End-to-end through the CLI on a GraphQL SDL fixture (issue #23): --spec FILE.graphql gives
# entities with Relay pagination, the `graphql` member of the Research JSON and the brief's
# GraphQL subsection, every fact cited. Usage: graphql_test.sh <om-research binary> <repo root>
set -uo pipefail
BIN="$1"; ROOT="$2"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() {  # description, command...
  local what="$1"; shift
  if "$@" >"$T/check.out" 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; sed 's/^/  /' "$T/check.out" | head -20; fi
}
SDL="$ROOT/tests/fixtures/graphql/tracker.graphql"

"$BIN" --source tracker --service-type api --spec "$SDL" --db "$T/k.db" --offline \
  --context "$T/brief.md" --json > "$T/out.json" 2> "$T/err.txt"; rc=$?
check "research on an SDL file exits 0" test "$rc" = 0
check "the JSON has GraphQL entities, relay pagination and the graphql member" python3 - "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "om-research/research/v2"
assert [x["kind"] for x in d["documents"]] == ["graphql"], d["documents"]
ents = {e["name"]: e for e in d["entities"]}
t = ents["ticket"]
assert t["list"] == {"method": "GRAPHQL", "path": "Query.tickets"}, t
assert t["get"] == {"method": "GRAPHQL", "path": "Query.ticket"}, t
assert t["records_path"] == "nodes" and t["primary_key"] == "id" and t["pagination"] == "relay", t
b = ents["board"]
assert b["list"]["path"] == "Query.workspace.boards" and b["parent"] == "workspace", b
assert b["records_path"] == "edges[].node", b
relay = [p for p in d["pagination"] if p["style"] == "relay"]
assert relay and any(p["page_size"]["max"] == 100 and p["page_size"]["default"] == 50 for p in relay), relay
assert any("GRAPHQL Query.tickets" in p["endpoints"] for p in relay), relay
assert any(r["window_seconds"] == 3600 for r in d["rate_limits"]), d["rate_limits"]
g = d["graphql"]
assert len(g) == 1 and g[0]["format"] == "sdl" and g[0]["query_type"] == "Query", g
assert {f["field"] for f in g[0]["root_fields"]} >= {"Query.tickets", "Query.ticket", "Query.workspace"}
assert [f["field"] for f in g[0]["connection_fields"]] == ["Query.workspace.boards"], g[0]["connection_fields"]
assert g[0]["page_args"] == ["after", "before", "first", "last"], g[0]["page_args"]
for f in [g[0]] + g[0]["root_fields"] + g[0]["connection_fields"] + d["entities"] + d["pagination"] + d["rate_limits"]:
    assert f["evidence"], f
    for e in f["evidence"]:
        assert e["doc"] == 0 and e["locator"].startswith("tracker.graphql:") and e["quote"], e
PY
check "the brief has the GraphQL subsection with cited rows" python3 - "$T/brief.md" <<'PY'
import sys
b = open(sys.argv[1]).read()
assert "### GraphQL schema" in b, b
assert "#### Record fields of `Query`" in b and "#### Connections one hop below `Query`" in b
assert "| `Query.workspace.boards` | `BoardConnection!` | `connection` | `Board` | `edges[].node` | `relay` | [1] |" in b, b
assert "`GRAPHQL Query.tickets`" in b
PY
"$BIN" --source tracker --spec "$ROOT/tests/fuzz/corpus/graphql/deep.graphql" --db "$T/k.db" --offline \
  --no-context > /dev/null 2> "$T/err2.txt"; rc=$?
check "a schema nested too deep is refused, named with its line" bash -c "test $rc -ne 0 && grep -q 'deep.graphql:1: list type nested deeper' '$T/err2.txt'"
echo "graphql e2e: $pass passed, $fail failed"
test "$fail" = 0
