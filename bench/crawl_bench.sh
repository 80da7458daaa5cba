#!/usr/bin/env bash
# Crawl benchmark, om-research vs baselines in ONE run (absolute times drift ±30 % on shared
# machines; the ratios are the result). Loopback only: nginx on 127.0.0.1 serving the site from
# /work/shared/bench/gen_site.py. Runs are interleaved so drift hits every tool alike.
#   cold: crawl_driver (links, robots, sitemap, well-known probes)  vs  wget -r
#   warm: crawl_driver --refresh (conditional GET, all 304)        vs  curl -Z --parallel-max 8
# usage: bench/crawl_bench.sh WORKDIR [PAGES=2000] [RUNS=5]   (needs: nginx wget curl time)
# env: BUILD (build dir holding crawler/crawl_driver; default build-crawler-rel), PORT (18180)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SB="${SHARED_BENCH:-$ROOT/../shared/bench}"
W="$1"; N="${2:-2000}"; RUNS="${3:-5}"; PORT="${PORT:-18180}"
BUILD="${BUILD:-$ROOT/build-crawler-rel}"
PY="${PY:-/usr/bin/python3}"
mkdir -p "$W"; W="$(cd "$W" && pwd)"
if [ ! -x "$BUILD/crawler/crawl_driver" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOM_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD" --target crawl_driver -j2 >/dev/null
fi
DRIVER="$BUILD/crawler/crawl_driver"
SITE="$W/site-$N"; RES="$W/crawl-bench-$N.jsonl"; URL="http://127.0.0.1:$PORT/"
[ -f "$SITE/MANIFEST.json" ] || $PY "$SB/gen_site.py" "$SITE" --pages "$N" >/dev/null
"$SB/serve_nginx.sh" stop "$W/nginx-run" >/dev/null 2>&1 || true
"$SB/serve_nginx.sh" start "$SITE" "$PORT" "$W/nginx-run" 1
trap '"$SB/serve_nginx.sh" stop "$W/nginx-run"' EXIT
NPID="$(cat "$W/nginx-run/nginx.pid")"
$PY "$SB/make_url_lists.py" "$SITE" "http://127.0.0.1:$PORT" "$W/lists-$N"
L="$W/lists-$N"
: > "$RES"
M() { timeout 900 $PY "$SB/measure.py" --server-pid "$NPID" --cpu 0 --out "$RES" --runs 1 "$@" >/dev/null; }

# Warm-up and inputs of the warm runs: om validators, curl's mirror with server mtimes.
"$DRIVER" "$URL" --save "$W/om-validators.tsv" >/dev/null 2>&1
rm -rf "$L/mirror"; curl -Z --parallel-max 8 -K "$L/curl-cold.cfg" 2>/dev/null
for r in $(seq "$RUNS"); do
  M --name "om-research crawl cold" --count "awk '{print \$4}' $W/om-cold.out" -- \
    "$DRIVER" "$URL" ">$W/om-cold.out" "2>$W/om-cold.err"
  M --name "wget -r cold" --pre "rm -rf $W/out-wget" \
    --count "find $W/out-wget -type f | wc -l" -- \
    wget --recursive --level=inf -np -nv -P "$W/out-wget" "$URL" "2>$W/wget.log"
  M --name "om-research refresh warm (304)" --count "awk '{print \$6}' $W/om-warm.out" -- \
    "$DRIVER" --refresh "$W/om-validators.tsv" ">$W/om-warm.out" "2>$W/om-warm.err"
  M --name "curl -Z parallel8 warm (304)" --count "wc -l < $L/urls.txt" -- \
    curl -Z --parallel-max 8 -K "$L/curl-warm.cfg" "2>/dev/null"
done

$PY - "$RES" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if '"summary"' not in l]
by = {}
for r in rows:
    by.setdefault(r["name"], []).append(r)
med = {}
for name, rs in by.items():
    wall = statistics.median(r["wall_s"] for r in rs)
    count = statistics.median(r["count"] for r in rs if isinstance(r.get("count"), (int, float)))
    rss = max(r["maxrss_kib"] for r in rs)
    cpu = statistics.median(r["cpu_s"] for r in rs)
    med[name] = (count / wall, rss, wall, count, cpu)
    print("%-34s %6d docs  %6.3f s  %7.0f docs/s  cpu %5.2f s  peak RSS %6.1f MiB"
          % (name, count, wall, count / wall, cpu, rss / 1024))
def ratio(a, b):
    if a in med and b in med:
        print("ratio %s / %s: %.2fx" % (a, b, med[a][0] / med[b][0]))
ratio("om-research crawl cold", "wget -r cold")
ratio("om-research refresh warm (304)", "curl -Z parallel8 warm (304)")
PYEOF
echo "raw runs: $RES"
