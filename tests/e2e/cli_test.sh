#!/usr/bin/env bash
# End-to-end through the CLI on the shipped sample source: JSON contract, brief splice, cache reuse,
# offline lookup, search, exit codes. Usage: cli_test.sh <om-research binary> <repo root>
set -uo pipefail
BIN="$1"; ROOT="$2"
source "$(dirname "${BASH_SOURCE[0]}")/../support/check.sh"
SPEC="$ROOT/examples/acme-bi/openapi.yaml"; DOCS="$ROOT/examples/acme-bi/docs"
cp "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md" "$T/brief.md"

"$BIN" --source acme-bi --service-type dashboard --spec "$SPEC" --docs "$DOCS" --db "$T/k.db" \
  --context "$T/brief.md" --json > "$T/out.json" 2> "$T/err.txt"; rc=$?
check "research exits 0" test "$rc" = 0
check "stdout is Research JSON v2 with cited facts" python3 - "$T/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "om-research/research/v2", d["schema"]
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
for topic in "auth:Authentication" "pagination:Pagination" "rate-limits:Rate limits" \
  "base-urls:Summary" "endpoints:Other endpoints" "gaps:Conflicts and gaps"; do
  "$BIN" lookup acme-bi "${topic%%:*}" --db "$T/k.db" > "$T/lookup.md" 2>/dev/null
  check "lookup ${topic%%:*} prints its section (### ${topic#*:}) and the sources, no other" \
    python3 - "$T/lookup.md" "${topic#*:}" <<'PY'
import sys
heads = [l for l in open(sys.argv[1]).read().splitlines() if l.startswith("### ")]
want = "### " + sys.argv[2]
assert any(h.startswith(want) for h in heads) and heads[-1] == "### Sources", heads
others = [h for h in heads if not h.startswith(want) and h != "### Sources"
          and not (want == "### Other endpoints" and h.startswith("### Entities"))]
assert not others, others
PY
done
"$BIN" search acme-bi "rate limits" --db "$T/k.db" > "$T/search.txt" 2>"$T/search.err"; rc=$?
check "search exits 0 and cites a document" bash -c "test $rc = 0 && grep -q 'acme-bi' '$T/search.txt'"
check "the first search indexes the source's texts and says so" grep -q "indexing .* document(s) of 'acme-bi' for search" "$T/search.err"
"$BIN" search acme-bi "rate limits" --db "$T/k.db" > "$T/search2.txt" 2>"$T/search2.err"
check "a second search finds the same, indexing nothing" bash -c "cmp -s '$T/search.txt' '$T/search2.txt' && ! grep -q indexing '$T/search2.err'"
"$BIN" --source nothing-here --db "$T/k.db" --no-context > /dev/null 2>&1; rc=$?
check "a source with no inputs and no cache exits 3" test "$rc" = 3
"$BIN" --source acme-bi --spec "$T/missing.yaml" --db "$T/k.db" --no-context > /dev/null 2>"$T/err3.txt"; rc=$?
check "a missing file exits 3 and names the file" bash -c "test $rc = 3 && grep -q 'missing.yaml' '$T/err3.txt'"
"$BIN" --source acme-bi --spec "$SPEC" --spec "$T/missing.yaml" --db "$T/k.db" --no-context > /dev/null 2>&1; rc=$?
check "one good and one missing input exits 1 (partial)" test "$rc" = 1
printf 'openapi: 3.0.0\npaths: {/a: [\n' > "$T/bad.yaml"
"$BIN" --source bad --spec "$T/bad.yaml" --db "$T/k.db" --no-context > /dev/null 2>"$T/err4.txt"; rc=$?
check "a malformed spec is a clear error naming the file" bash -c "test $rc = 3 && grep -q 'bad.yaml' '$T/err4.txt'"
# libcurl and libarchive are opened on first use (core/shared_library.h): an offline spec run
# maps neither (libcrypto is linked: SHA-256). LD_DEBUG lists every library loaded; libc shows
# the listing worked.
LD_DEBUG=files "$BIN" --source acme-bi --spec "$SPEC" --offline --db "$T/k.db" --no-context \
  > /dev/null 2> "$T/ld.txt"
check "an offline spec run loads neither libcurl nor libarchive" \
  bash -c "grep -q 'libc\\.so' '$T/ld.txt' && ! grep -qE 'libcurl|libarchive' '$T/ld.txt'"
# A spec over 1 MiB is written to the cache while another thread extracts it (two transactions:
# the body, then the facts). Same facts as the small one; a record left waiting for its facts
# (a run stopped in between) is extracted again by the next run.
python3 -c "import sys; open(sys.argv[2], 'w').write(open(sys.argv[1]).read() + 'x-padding: \\'' + 'p' * (1 << 21) + '\\'\\n')" "$SPEC" "$T/big.yaml"
"$BIN" --source acme-bi --spec "$SPEC" --offline --db "$T/small.db" --no-context --json > "$T/small.json" 2>/dev/null
"$BIN" --source acme-bi --spec "$T/big.yaml" --offline --db "$T/big.db" --no-context --json > "$T/big.json" 2>"$T/err5.txt"; rc=$?
same_facts() {  # research JSON files: the same endpoints, auth and pagination
  python3 - "$@" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for kind in ("endpoints", "auth", "pagination", "entities"):
    strip = lambda fs: json.dumps([{k: v for k, v in f.items() if k != "evidence"} for f in fs], sort_keys=True)
    assert a[kind] and strip(a[kind]) == strip(b[kind]), kind
PY
}
check "a spec over 1 MiB exits 0 with the small one's facts" bash -c "test $rc = 0 && $(declare -f same_facts); same_facts '$T/small.json' '$T/big.json'"
check "its cache record is complete (kind openapi, no error, body whole)" python3 - "$T/big.db" "$T/big.yaml" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
kind, error, size = db.execute("SELECT kind, error, bytes FROM document").fetchone()
body = b"".join(r[0] for r in db.execute("SELECT bytes FROM document_body_part ORDER BY part"))
assert (kind, error) == ("openapi", None) and size == len(body) == len(open(sys.argv[2], "rb").read()), (kind, error, size)
assert db.execute("SELECT count(*) FROM finding").fetchone()[0] == 1
PY
python3 -c "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute(\"UPDATE document SET kind = 'other', error = 'extraction did not finish'\"); db.execute('DELETE FROM finding'); db.commit()" "$T/big.db"
"$BIN" --source acme-bi --spec "$T/big.yaml" --offline --db "$T/big.db" --no-context --json > "$T/again.json" 2>/dev/null; rc=$?
check "a record waiting for its facts is extracted again" bash -c "test $rc = 0 && $(declare -f same_facts); same_facts '$T/small.json' '$T/again.json'"
"$BIN" --bogus-flag > /dev/null 2>&1; rc=$?
check "an unknown flag exits 2" test "$rc" = 2
finish
