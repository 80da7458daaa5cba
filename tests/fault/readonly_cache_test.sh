#!/usr/bin/env bash
# A read-only cache (file and directory without write permission, run as user nobody since root
# ignores modes) gives a clear error naming the file, and loses nothing; a search of it says what
# it cannot index.
# Usage: readonly_cache_test.sh <om-research binary> <repo root>
BIN="$1"
ROOT="$2"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$T/bin" "$T/in/docs" "$T/cache"
cp "$BIN" "$T/bin/om-research"
cp "$ROOT/examples/acme-bi/openapi.yaml" "$T/in/"
cp "$ROOT/examples/acme-bi/docs/"* "$T/in/docs/"
cp "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md" "$T/in/brief.md"
chmod -R a+rX "$T/bin" "$T/in"
chmod a+w "$T/in"  # the brief's folder stays writable: only the cache is read-only
chmod a+w "$T/in/brief.md"
"$T/bin/om-research" --source acme-bi --spec "$T/in/openapi.yaml" --docs "$T/in/docs" \
  --db "$T/cache/k.db" --no-context >/dev/null 2>&1
check "a first run fills the cache" bash -c "test -s '$T/cache/k.db'"
"$T/bin/om-research" lookup acme-bi auth --db "$T/cache/k.db" --json >"$T/lookup_before.json" \
  2>/dev/null
chmod 0444 "$T/cache/"*
chmod 0555 "$T/cache"
ls -lA --time-style=full-iso "$T/cache" >"$T/listing_before"
sha_before=$(cat "$T/cache/"* | sha256sum)

run_as_nobody "$T/bin/om-research" --source acme-bi --spec "$T/in/openapi.yaml" \
  --docs "$T/in/docs" --db "$T/cache/k.db" --context "$T/in/brief.md" --refresh \
  >"$T/out" 2>"$T/err"
rc=$?
check "research into a read-only cache fails with a usage/storage exit code (got $rc)" \
  bash -c "test $rc = 2 || test $rc = 3"
check "the error names the cache file and says it is read-only" \
  bash -c "grep -F '$T/cache/k.db' '$T/err' | grep -qi 'read-only' || { cat '$T/err'; exit 1; }"
check "the error is one clear line, not a crash" \
  bash -c "! grep -qiE 'terminate|abort|sanitizer|segmentation' '$T/err'"
check "the brief is not touched when the cache cannot be written" \
  cmp "$T/in/brief.md" "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md"
# A search needs to write once (a source's first search indexes its stored texts): a read-only
# cache is searched as indexed (nothing yet), and stderr says what was not searched and why.
run_as_nobody "$T/bin/om-research" search acme-bi "rate limits" --db "$T/cache/k.db" \
  >"$T/search_out" 2>"$T/search_err"
rc=$?
check "a search of the read-only cache exits 3 (nothing indexed yet; got $rc)" test "$rc" = 3
check "it says which documents are not searched, naming the cache, and indexes nothing" \
  bash -c "grep 'are not searched' '$T/search_err' | grep -qF '$T/cache/k.db' && ! grep -q indexing '$T/search_err' || { cat '$T/search_err'; exit 1; }"
ls -lA --time-style=full-iso "$T/cache" >"$T/listing_after"
check "no file was created or changed in the cache folder" \
  bash -c "diff '$T/listing_before' '$T/listing_after' && test \"\$(cat '$T/cache/'* | sha256sum)\" = '$sha_before'"
chmod 0755 "$T/cache"
chmod 0644 "$T/cache/"*
check "nothing was lost: the cache still passes integrity_check" integrity "$T/cache/k.db"
"$T/bin/om-research" search acme-bi "rate limits" --db "$T/cache/k.db" >"$T/search_out" \
  2>"$T/search_err"
rc=$?
check "writable again, the search indexes the texts and finds them (exit $rc)" \
  bash -c "test $rc = 0 && grep -q indexing '$T/search_err' && grep -qF '$T/in/' '$T/search_out'"
"$T/bin/om-research" lookup acme-bi auth --db "$T/cache/k.db" --json >"$T/lookup_after.json" \
  2>/dev/null
check "nothing was lost: lookup answers as before (but for generated_at)" python3 - \
  "$T/lookup_before.json" "$T/lookup_after.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for d in (a, b):
    d["source"].pop("generated_at", None)
assert a["auth"], "no auth facts in the cache"
assert a == b
PY
finish
