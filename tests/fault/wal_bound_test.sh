#!/usr/bin/env bash
# The cache's write-ahead log stays bounded, the WAL's size sampled every 20 ms.
#   polite (default): 300 pages at a real crawl's pace, each its own commit (the crawl is idle
#     between pages); the WAL <= 64 MiB at every sample.
#   fast: 1,000 pages with politeness off (the crawl is never idle, pages are written in
#     batches); the WAL <= 40 MiB (its 16 MiB limit, a batch, a checkpoint's lag). A snapshot
#     the crawl held on its reading connection once pinned the WAL: it grew with all ~100 MB.
# Both: the database <= 1.5x the stored bodies + text (+ 1 MiB of fixed overhead: schema and
# empty tables).
# Usage: wal_bound_test.sh <om-research binary> [<source dir>] [polite|fast]
BIN="$1"
MODE="${3:-polite}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ "$MODE" = fast ]; then
  PAGES=1000 WORDS=5000 DELAY_MS=0 WAL_MAX=$((40 << 20))
else
  PAGES=300 WORDS=2500 DELAY_MS=15 WAL_MAX=$((64 << 20))
fi
mkdir -p "$T/site/p"
{
  echo "<!doctype html><html><body><h1>Docs</h1><ul>"
  for i in $(seq 0 $((PAGES - 1))); do echo "<li><a href=\"p/$i.html\">page $i</a></li>"; done
  echo "</ul></body></html>"
} >"$T/site/index.html"
python3 - "$T/site/p" "$PAGES" "$WORDS" <<'PY'
import random, sys
random.seed(7)
words = [f"w{n}x{random.randint(0, 99999)}" for n in range(20000)]
for i in range(int(sys.argv[2])):
    text = " ".join(random.choice(words) for _ in range(int(sys.argv[3])))  # ~10 B a word
    with open(f"{sys.argv[1]}/{i}.html", "w") as f:
        f.write(f"<!doctype html><html><body><h1>Page {i}</h1><h2>Authentication</h2>"
                f"<p>Send the header <code>Authorization: Bearer TOKEN</code>.</p><p>{text}</p></body></html>\n")
PY
serve_slow "$T/site" 0
URL="http://127.0.0.1:$PORT/index.html"
"$BIN" --source wal --docs "$URL" --allow-private --crawl-delay-ms "$DELAY_MS" --max-pages 2000 \
  --db "$T/k.db" --no-context 2>"$T/err" &
crawl=$!
PIDS+=("$crawl")
max=0
while kill -0 "$crawl" 2>/dev/null; do
  size=$(stat -c %s "$T/k.db-wal" 2>/dev/null || echo 0)
  ((size > max)) && max=$size
  sleep 0.02
done
wait "$crawl"
rc=$?
echo "WAL high-water mark: $((max / 1024)) KiB over $PAGES pages"
check "the crawl completes (exit $rc)" test "$rc" = 0
check "the WAL stays <= $((WAL_MAX >> 20)) MiB at every sample (max $((max / 1024)) KiB)" \
  test "$max" -le "$WAL_MAX"
stored=$(doc_urls "$T/k.db" wal | grep -vc robots.txt)
check "every page is stored ($stored of $((PAGES + 1)))" test "$stored" -eq $((PAGES + 1))
python3 - "$T/k.db" >"$T/sizes" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
stored = db.execute("SELECT coalesce(sum(length(bytes)), 0) FROM document_body_part").fetchone()[0]
# Texts wait in document_text until a search indexes them into document_fts.
text = sum(db.execute("SELECT coalesce(sum(length(text)), 0) FROM %s" % table).fetchone()[0]
           for table in ("document_fts", "document_text"))
print(os.path.getsize(sys.argv[1]), stored + text)
PY
read -r db_bytes content_bytes <"$T/sizes"
echo "database $((db_bytes / 1024)) KiB for $((content_bytes / 1024)) KiB of bodies + text"
check "the database is <= 1.5x its bodies + text (+1 MiB)" \
  test "$db_bytes" -le $((content_bytes * 3 / 2 + (1 << 20)))
finish
