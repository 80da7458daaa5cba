#!/usr/bin/env bash
# Issue 21 benchmark: the CLI on a local docs folder of N generated Markdown pages (~8 KB each:
# headings, an auth and a paging paragraph, ~1,040 words of text), a fresh cache each run.
#   bench/md_bench.sh [PAGES] [RUNS]    (BUILD=<build dir>, default build/)
# Prints the median wall seconds, pages/s and the largest peak RSS of RUNS runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAGES="${1:-2000}"
RUNS="${2:-3}"
BIN="${BUILD:-$ROOT/build}/app/om-research"
W="$ROOT/bench/work/md-$PAGES"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
if [[ ! -f "$W/docs/page-$((PAGES - 1)).md" ]]; then
  mkdir -p "$W/docs"
  python3 - "$W/docs" "$PAGES" <<'EOF'
import random, sys
out, pages = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
words = ("metadata table column schema service pipeline owner lineage query dashboard chart "
         "record field index cursor token request response limit page offset user team").split()
for i in range(pages):
    body = [f"# Page {i}: the {rng.choice(words)} API", ""]
    for s in range(4):
        body += [f"## Section {s}", ""]
        body += [" ".join(rng.choice(words) for _ in range(260)), ""]
    body += ["## Authentication", "",
             "Send the API key in the `Authorization: Bearer <token>` header with every request.", "",
             "## Pagination", "",
             "List endpoints return `next_cursor`; pass it as `cursor` to get the next page.", "",
             f"See [the next page](page-{(i + 1) % pages}.md).", ""]
    with open(f"{out}/page-{i}.md", "w") as f:
        f.write("\n".join(body))
EOF
fi
walls=() rss=()
for ((i = 0; i < RUNS; i++)); do
  rm -rf "$W/cache" && mkdir -p "$W/cache"
  /usr/bin/time -o "$W/time.txt" -f '%e %M' "$BIN" --source md --docs "$W/docs" --offline \
    --no-context --db "$W/cache/cache.db" >/dev/null 2>"$W/err.txt" || true
  read -r w m <"$W/time.txt"
  walls+=("$w") rss+=("$m")
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
max_rss=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
docs=$(grep -oE '[0-9]+ document' "$W/err.txt" | head -1 || true)
echo "markdown folder: $PAGES pages, $RUNS runs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "walls: ${walls[*]} s; median $median s = $(echo "$PAGES / $median" | bc) pages/s; peak RSS $((max_rss / 1024)) MiB; ${docs:-see $W/err.txt}"
