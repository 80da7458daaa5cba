#!/usr/bin/env bash
# Two processes researching into one cache at once (same source and same files, and another
# source) both finish without error, and the cache stays consistent.
# Usage: concurrent_test.sh <om-research binary> <repo root>
BIN="$1"
ROOT="$2"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$T/docs"
for i in $(seq 0 149); do
  printf '# Endpoint %d\n\n## Pagination\n\nUse `page` and `per_page` (at most 100).\n\n'\
'Rate limit: 60 requests per minute.\n' "$i" >"$T/docs/page$i.md"
done
research() {  # source, log
  "$BIN" --source "$1" --spec "$ROOT/examples/acme-bi/openapi.yaml" --docs "$T/docs" \
    --db "$T/k.db" --no-context >/dev/null 2>"$T/$2"
}
for round in 1 2; do
  research shared "a$round.err" &
  a=$!
  research shared "b$round.err" &
  b=$!
  research other "c$round.err" &
  c=$!
  wait "$a"
  ra=$?
  wait "$b"
  rb=$?
  wait "$c"
  rc=$?
  check "round $round: three processes on one cache all exit 0 ($ra, $rb, $rc)" \
    bash -c "test $ra = 0 && test $rb = 0 && test $rc = 0 || cat '$T/a$round.err' '$T/b$round.err' '$T/c$round.err'"
done
check "PRAGMA integrity_check is ok" integrity "$T/k.db"
shared=$(doc_urls "$T/k.db" shared | wc -l)
other=$(doc_urls "$T/k.db" other | wc -l)
check "each source holds its 151 documents once ($shared, $other)" \
  bash -c "test $shared = 151 && test $other = 151"
finish
