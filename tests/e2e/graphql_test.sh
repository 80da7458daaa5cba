#!/usr/bin/env bash
# End-to-end through the CLI on GraphQL fixtures (issue #23): --spec FILE.graphql, or an SDK's
# graphql-codegen TypeScript types (.d.mts/.d.ts), gives entities with Relay pagination, the
# `graphql` member of the Research JSON and the brief's GraphQL subsection, every fact cited. Usage: graphql_test.sh <om-research binary> <repo root>
set -uo pipefail
BIN="$1"; ROOT="$2"
source "$(dirname "${BASH_SOURCE[0]}")/../support/check.sh"
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
# graphql-codegen TypeScript types (an SDK's generated .d.mts / .d.ts): the same facts, cited by
# the line of the member in the declaration file; a file that only mentions __typename is no schema.
TS="$ROOT/tests/fixtures/graphql/tracker-types.d.mts"
"$BIN" --source tracker --service-type api --spec "$TS" --db "$T/ts.db" --offline \
  --context "$T/brief-ts.md" --json > "$T/ts.json" 2> "$T/err-ts.txt"; rc=$?
check "research on graphql-codegen types exits 0" test "$rc" = 0
check "codegen types give entities, relay pagination and the graphql member, cited by member line" \
  python3 - "$T/ts.json" "$TS" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().split("\n")
assert [x["kind"] for x in d["documents"]] == ["graphql"], d["documents"]
ents = {e["name"]: e for e in d["entities"]}
t = ents["ticket"]
assert t["list"] == {"method": "GRAPHQL", "path": "Query.tickets"}, t
assert t["get"] == {"method": "GRAPHQL", "path": "Query.ticket"}, t
assert t["records_path"] == "nodes" and t["primary_key"] == "id" and t["pagination"] == "relay", t
b = ents["board"]  # its Args type's parent is Workspace, not Query
assert b["list"]["path"] == "Query.workspace.boards" and b["parent"] == "workspace", b
assert b["records_path"] == "edges[].node" and b["pagination"] == "relay", b
c = ents["comment"]
assert c["list"]["path"] == "Query.ticket.comments" and c["parent"] == "ticket", c
lab = ents["label"]  # a plain list; the type has no id
assert lab["records_path"] == "$" and lab["primary_key"] is None and lab["pagination"] == "none", lab
assert "ticket_query" not in ents and "ticket_fragment" not in ents, ents.keys()
relay = [p for p in d["pagination"] if p["style"] == "relay"]
assert any(p["page_size"]["max"] == 100 and p["page_size"]["default"] == 50 and
           "GRAPHQL Query.tickets" in p["endpoints"] for p in relay), relay
assert any(r["window_seconds"] == 3600 for r in d["rate_limits"]), d["rate_limits"]
g = d["graphql"]
assert len(g) == 1 and g[0]["format"] == "typescript" and g[0]["mutation_type"] == "Mutation", g
roots = {f["field"]: f for f in g[0]["root_fields"]}
assert roots["Query.legacyTickets"]["type"] == "[Ticket]", roots["Query.legacyTickets"]
assert roots["Query.ticket"]["args"] == ["id: String!"], roots["Query.ticket"]
assert "filter: TicketFilter" in roots["Query.tickets"]["args"], roots["Query.tickets"]
assert g[0]["node_types"] == ["Board", "Comment", "Ticket", "Workspace"], g[0]["node_types"]
n = 0
for f in [g[0]] + g[0]["root_fields"] + g[0]["connection_fields"] + d["entities"] + d["pagination"] + d["rate_limits"]:
    assert f["evidence"], f
    for e in f["evidence"]:
        name, line = e["locator"].rsplit(":", 1)
        assert e["doc"] == 0 and name == "tracker-types.d.mts", e
        assert lines[int(line) - 1].strip() == e["quote"], (e, lines[int(line) - 1])
        n += 1
assert n >= 20, n
PY
check "the brief's GraphQL subsection names the codegen schema" python3 - "$T/brief-ts.md" <<'PY'
import sys
b = open(sys.argv[1]).read()
assert "(typescript), " in b and "#### Record fields of `Query`" in b, b
assert "| `Query.workspace.boards` | `BoardConnection!` | `connection` | `Board` | `edges[].node` | `relay` | [1] |" in b, b
PY
LEGACY="$ROOT/tests/fixtures/graphql/tracker-legacy.d.ts"
"$BIN" --source tracker --spec "$LEGACY" --db "$T/legacy.db" --offline --no-context --json \
  > "$T/legacy.json" 2> "$T/err-legacy.txt"; rc=$?
check "older codegen output (export type, single quotes, input/output scalars) is read" \
  python3 - "$T/legacy.json" "$rc" <<'PY'
import json, sys
assert sys.argv[2] == "0", sys.argv[2]
d = json.load(open(sys.argv[1]))
ents = {e["name"]: e for e in d["entities"]}
p = ents["project"]
assert p["list"]["path"] == "Query.projects" and p["get"]["path"] == "Query.project", p
assert p["records_path"] == "edges[].node" and p["pagination"] == "relay" and p["primary_key"] == "id", p
assert p["evidence"][0]["locator"].startswith("tracker-legacy.d.ts:"), p
assert ents["owner"]["records_path"] == "$", ents["owner"]
roots = {f["field"]: f for f in d["graphql"][0]["root_fields"]}
assert roots["Query.project"]["args"] == ["projectId: ID!"], roots["Query.project"]
assert roots["Query.projects"]["args"] == ["first: Int", "after: String"], roots["Query.projects"]
PY
"$BIN" --source tracker --spec "$ROOT/tests/fixtures/graphql/not-codegen.d.ts" --db "$T/not.db" \
  --offline --no-context --json > "$T/not.json" 2> "$T/err-not.txt"; rc=$?
check "a TypeScript file that only mentions __typename is not read as GraphQL" python3 - "$T/not.json" "$rc" <<'PY'
import json, sys
assert sys.argv[2] != "0", sys.argv[2]
d = json.load(open(sys.argv[1]))
assert [x["kind"] for x in d["documents"]] == ["other"], d["documents"]
assert not d.get("graphql") and not d["entities"], d
PY
"$BIN" --source tracker --spec "$ROOT/tests/fuzz/corpus/graphql/deep.graphql" --db "$T/k.db" --offline \
  --no-context > /dev/null 2> "$T/err2.txt"; rc=$?
check "a schema nested too deep is refused, named with its line" bash -c "test $rc -ne 0 && grep -q 'deep.graphql:1: list type nested deeper' '$T/err2.txt'"
finish "graphql e2e"
