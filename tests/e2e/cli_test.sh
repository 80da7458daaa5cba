#!/usr/bin/env bash
# End-to-end through the CLI on the shipped sample source: JSON contract, brief splice, cache reuse,
# offline lookup, search, exit codes. Usage: cli_test.sh <om-research binary> <repo root>
set -uo pipefail
BIN="$1"; ROOT="$2"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() {  # description, command...
  local what="$1"; shift
  if "$@" >"$T/check.out" 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; sed 's/^/  /' "$T/check.out" | head -20; fi
}
SPEC="$ROOT/examples/acme-bi/openapi.yaml"; DOCS="$ROOT/examples/acme-bi/docs"
cp "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md" "$T/brief.md"

"$BIN" --source acme-bi --service-type dashboard --spec "$SPEC" --docs "$DOCS" --db "$T/k.db" \
  --context "$T/brief.md" --json > "$T/out.json" 2> "$T/err.txt"; rc=$?
check "research exits 0" test "$rc" = 0
check "stdout is Research JSON v1 with cited facts" python3 - "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "om-research/research/v1", d["schema"]
assert d["source"]["name"] == "acme-bi" and d["source"]["service_type"] == "dashboard"
types = {a["type"] for a in d["auth"]}
assert "oauth2" in types and "apiKey" in types, types
oauth = [a for a in d["auth"] if a["type"] == "oauth2"][0]
assert any(f["flow"] == "clientCredentials" and f["token_url"].endswith("/oauth/token") for f in oauth["flows"]), oauth
assert any(b["url"] == "https://app.acme-bi.example/api/v2" for b in d["base_urls"]), d["base_urls"]
paths = {(e["method"], e["path"]) for e in d["endpoints"]}
assert ("GET", "/dashboards/{dashboard_id}/charts") in paths, paths
for kind in ("base_urls", "auth", "pagination", "entities", "rate_limits"):
    for f in d[kind]:
        assert f["evidence"], (kind, f)
        for e in f["evidence"]:
            assert 0 <= e["doc"] < len(d["documents"]) and len(e["quote"].encode()) <= 240, e
assert len(d["documents"]) == 2, d["documents"]
PY
check "the brief has exactly one research section before Step 1" python3 - "$T/brief.md" "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md" <<'PY'
import sys
new, old = open(sys.argv[1]).read(), open(sys.argv[2]).read()
b, e = new.index("<!-- om-research:begin -->"), new.index("<!-- om-research:end -->")
assert new.count("<!-- om-research:begin -->") == 1 and new.count("<!-- om-research:end -->") == 1
assert b < e < new.index("## Step 1: Read the Reference Connector")
outside = new[:b] + new[e + len("<!-- om-research:end -->"):]
assert outside.replace("\n", "") == old.replace("\n", ""), "bytes outside the section changed"
PY
cp "$T/brief.md" "$T/brief.first"
"$BIN" --source acme-bi --service-type dashboard --spec "$SPEC" --docs "$DOCS" --db "$T/k.db" \
  --context "$T/brief.md" 2> "$T/err2.txt"; rc=$?
check "second run exits 0" test "$rc" = 0
check "second run reuses the cache" grep -q "2 unchanged in cache" "$T/err2.txt"
check "second run leaves the brief byte-identical" cmp "$T/brief.first" "$T/brief.md"
"$BIN" lookup acme-bi auth --json --db "$T/k.db" > "$T/lookup.json" 2>/dev/null; rc=$?
check "offline lookup exits 0" test "$rc" = 0
check "lookup answers auth from the cache" python3 -c "import json,sys; d=json.load(open('$T/lookup.json')); assert any(a['type']=='oauth2' for a in d['auth'])"
"$BIN" search acme-bi "rate limits" --db "$T/k.db" > "$T/search.txt" 2>&1; rc=$?
check "search exits 0 and cites a document" bash -c "test $rc = 0 && grep -q 'acme-bi' '$T/search.txt'"
"$BIN" --source nothing-here --db "$T/k.db" --no-context > /dev/null 2>&1; rc=$?
check "a source with no inputs and no cache exits 3" test "$rc" = 3
"$BIN" --source acme-bi --spec "$T/missing.yaml" --db "$T/k.db" --no-context > /dev/null 2>"$T/err3.txt"; rc=$?
check "a missing file exits 3 and names the file" bash -c "test $rc = 3 && grep -q 'missing.yaml' '$T/err3.txt'"
"$BIN" --source acme-bi --spec "$SPEC" --spec "$T/missing.yaml" --db "$T/k.db" --no-context > /dev/null 2>&1; rc=$?
check "one good and one missing input exits 1 (partial)" test "$rc" = 1
printf 'openapi: 3.0.0\npaths: {/a: [\n' > "$T/bad.yaml"
"$BIN" --source bad --spec "$T/bad.yaml" --db "$T/k.db" --no-context > /dev/null 2>"$T/err4.txt"; rc=$?
check "a malformed spec is a clear error naming the file" bash -c "test $rc = 3 && grep -q 'bad.yaml' '$T/err4.txt'"
# libcurl, libarchive and libcrypto are opened on first use (core/shared_library.h): an offline
# spec run maps none. LD_DEBUG lists every library loaded; libsqlite3 shows the listing worked.
LD_DEBUG=files "$BIN" --source acme-bi --spec "$SPEC" --offline --db "$T/k.db" --no-context \
  > /dev/null 2> "$T/ld.txt"
check "an offline spec run loads none of libcurl, libarchive, libcrypto" \
  bash -c "grep -q 'libsqlite3' '$T/ld.txt' && ! grep -qE 'libcurl|libarchive|libcrypto' '$T/ld.txt'"
"$BIN" --bogus-flag > /dev/null 2>&1; rc=$?
check "an unknown flag exits 2" test "$rc" = 2
echo "$pass passed, $fail failed"
test "$fail" = 0
