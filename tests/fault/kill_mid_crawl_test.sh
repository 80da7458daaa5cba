#!/usr/bin/env bash
# SIGKILL mid-crawl, then re-run: the cache passes PRAGMA integrity_check, every document
# committed before the kill is still there, and the re-run completes the crawl.
# Usage: kill_mid_crawl_test.sh <om-research binary>
BIN="$1"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PAGES=120
mkdir -p "$T/site/p"
{
  echo "<!doctype html><html><body><h1>Docs</h1><ul>"
  for i in $(seq 0 $((PAGES - 1))); do echo "<li><a href=\"p/$i.html\">page $i</a></li>"; done
  echo "</ul></body></html>"
} >"$T/site/index.html"
for i in $(seq 0 $((PAGES - 1))); do
  printf '<!doctype html><html><body><h1>Page %d</h1><h2>Authentication</h2><p>Send the header '\
'<code>Authorization: Bearer TOKEN</code>. Each token may make 100 requests per minute.</p>'\
'</body></html>\n' "$i" >"$T/site/p/$i.html"
done
serve_slow "$T/site" 0.05
URL="http://127.0.0.1:$PORT/index.html"
run() {
  "$BIN" --source slow --docs "$URL" --allow-private --crawl-delay-ms 0 --max-pages 1000 \
    --db "$T/k.db" --no-context "$@"
}

run >/dev/null 2>"$T/err1" &
victim=$!
PIDS+=("$victim")
committed=0
for _ in $(seq 300); do
  sleep 0.1
  [[ -f "$T/k.db" ]] || continue
  doc_urls "$T/k.db" slow >"$T/before" 2>/dev/null || continue
  committed=$(wc -l <"$T/before")
  ((committed >= 15)) && break
done
kill -KILL "$victim"
wait "$victim" 2>/dev/null
rc=$?
check "the crawl was killed mid-way (SIGKILL, $committed of $((PAGES + 1)) documents read)" \
  bash -c "test $rc = 137 && test $committed -ge 15 && test $committed -lt $((PAGES + 1))"
check "after the kill: PRAGMA integrity_check is ok" integrity "$T/k.db"
doc_urls "$T/k.db" slow >"$T/after_kill"
check "after the kill: every document committed before it is still there" \
  bash -c "comm -23 '$T/before' '$T/after_kill' | diff /dev/null -"

run --json >"$T/out.json" 2>"$T/err2"
rc=$?
check "the re-run exits 0" test "$rc" = 0
check "after the re-run: PRAGMA integrity_check is ok" integrity "$T/k.db"
doc_urls "$T/k.db" slow >"$T/after_rerun"
check "after the re-run: the documents from before the kill are still there" \
  bash -c "comm -23 '$T/before' '$T/after_rerun' | diff /dev/null -"
check "after the re-run: the crawl is complete ($((PAGES + 1)) pages)" \
  bash -c "test \$(grep -c '/p/[0-9]*\.html\$' '$T/after_rerun') = $PAGES"
finish
