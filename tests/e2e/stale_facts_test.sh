#!/usr/bin/env bash
# Facts an older extractor made are extracted again from the cached bytes: an upgrade's new facts
# reach documents that did not change, offline too. Usage: stale_facts_test.sh <binary> <repo root>
set -uo pipefail
BIN="$1"; ROOT="$2"
source "$(dirname "${BASH_SOURCE[0]}")/../support/check.sh"
SPEC="$ROOT/examples/acme-bi/openapi.yaml"; DOCS="$ROOT/examples/acme-bi/docs"
run() { "$BIN" --source acme-bi --spec "$SPEC" --docs "$DOCS" --db "$T/k.db" --no-context --json "$@"; }

run > "$T/first.json" 2> "$T/first.err"
check "first run exits 0" test $? = 0
check "every stored finding carries the extractor's generation" python3 - "$T/k.db" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT d.url, f.extractor FROM document d JOIN finding f ON f.document_id = d.id").fetchall()
assert len(rows) == 2 and all(g >= 1 for _, g in rows), rows
PY
# What an older om-research would have left: no facts, generation 0, the same bytes.
python3 - "$T/k.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE finding SET facts_json = '{}', extractor = 0")
db.commit()
PY
"$BIN" lookup acme-bi auth --json --db "$T/k.db" > "$T/stale.json" 2> "$T/stale.err"
check "lookup reads the stale facts as stored (read-only: it extracts nothing)" python3 -c "
import json, sys; d = json.load(open('$T/stale.json')); assert d['auth'] == [], d['auth']"
check "... and says how to refresh them" grep -q "facts of 2 cached document(s) were made by an older" "$T/stale.err"
run --offline > "$T/second.json" 2> "$T/second.err"
check "an offline re-run exits 0" test $? = 0
check "it says what it re-extracts" grep -q "re-extracting 2 cached document(s)" "$T/second.err"
check "the re-run has the first run's facts again" python3 - "$T/first.json" "$T/second.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for kind in ("base_urls", "auth", "pagination", "entities", "endpoints", "rate_limits"):
    assert a[kind] == b[kind], kind
assert a["auth"], "no auth at all"
PY
check "the documents and their bytes are the same" python3 - "$T/first.json" "$T/second.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
key = lambda d: sorted((x["url"], x["sha256"], x["bytes"]) for x in d["documents"])
assert key(a) == key(b), (key(a), key(b))
PY
run --offline > /dev/null 2> "$T/third.err"
check "a third run finds nothing stale" bash -c "! grep -q 're-extracting' '$T/third.err'"
finish "stale facts"
