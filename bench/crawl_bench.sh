#!/usr/bin/env bash
# Crawl benchmark (issue 5), om-research vs baselines in ONE run (absolute times drift ±30 % on
# shared machines; the ratios are the result). Loopback only: nginx on 127.0.0.1 serving the site
# from ../shared/bench/gen_site.py, with an access log. Runs are interleaved so drift hits every
# tool alike.
#   cold:  crawl_driver URL             the crawler alone (links, robots, sitemap, probes)  vs wget -r
#          crawl_driver URL --db DB     + storage in the SQLite knowledge cache (the CLI's path
#                                       minus HTML extraction)
#   warm:  crawl_driver --refresh LIST  conditional GETs of a saved URL list, all 304   vs curl -Z 8
#          crawl_driver URL --db DB --refresh   the CLI's warm path: revalidate every cached page,
#                                       follow the links kept from the cold run, touch the cache
#   checks: exact document count, 0 requests under /private/ (nginx's log), 0 body bytes warm
#   politeness: `om-research --docs` itself with its defaults (1 connection per host, 1 s delay)
#          on a small site; nginx's log must show no overlap and >= 1 s between request starts.
# usage: bench/crawl_bench.sh WORKDIR [PAGES=2000] [RUNS=5] [POLITE_PAGES=40 (0 = skip)]
# env: BUILD (build dir with crawler/crawl_driver and app/om-research; default build-crawler-rel),
#      CLI_E2E=1 (also the CLI end to end with HTML extraction: RUNS cold runs interleaved with
#      wget -r, RUNS refreshes; CLI_BASE=<om-research binary> adds that build to the cold runs),
#      PORT (18180; PORT+1 is nginx's h2c listener, PORT+2 the politeness site)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SB="${SHARED_BENCH:-$ROOT/../shared/bench}"
W="$1"; N="${2:-2000}"; RUNS="${3:-5}"; POLITE="${4:-40}"; PORT="${PORT:-18180}"
BUILD="${BUILD:-$ROOT/build-crawler-rel}"
PY="${PY:-/usr/bin/python3}"
mkdir -p "$W"; W="$(cd "$W" && pwd)"
# The baselines and the server, from Debian's packages, as the other bench scripts do.
for tool in nginx wget curl; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null ||
    apt-get install -y -qq "$tool" >/dev/null
done
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
if [ ! -x "$BUILD/crawler/crawl_driver" ] || [ ! -x "$BUILD/app/om-research" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOM_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD" --target crawl_driver om-research -j2 >/dev/null
fi
DRIVER="$BUILD/crawler/crawl_driver"; OM="$BUILD/app/om-research"
SITE="$W/site-$N"; RES="$W/crawl-bench-$N.jsonl"; URL="http://127.0.0.1:$PORT/"
[ -f "$SITE/MANIFEST.json" ] || $PY "$SB/gen_site.py" "$SITE" --pages "$N" >/dev/null
EXPECTED=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["html_documents_expected"] + 2)' "$SITE/MANIFEST.json")  # + spec + sitemap.xml

# nginx as ../shared/bench/serve_nginx.sh starts it, plus an access log with request timing.
start_nginx() {  # ROOT PORT RUNDIR
  local run="$3"; mkdir -p "$run"
  sed -e "s#@ROOT@#$1#g" -e "s#@PORT@#$2#g" -e "s#@PORT2@#$(($2 + 1))#g" -e "s#@RUN@#$run#g" \
    -e "s#access_log off;#log_format timing '\$msec \$request_time \$connection \$request_uri \$status \$body_bytes_sent'; access_log $run/access.log timing;#" \
    "$SB/nginx.conf.in" >"$run/nginx.conf"
  : >"$run/access.log"
  nginx -c "$run/nginx.conf" -p "$run" >"$run/stdout.log" 2>&1 &
  for _ in $(seq 50); do [ -s "$run/nginx.pid" ] && break; sleep 0.1; done
}
stop_nginx() { [ -s "$1/nginx.pid" ] && kill -QUIT "$(cat "$1/nginx.pid")" 2>/dev/null || true; }
RUN="$W/nginx-run"
stop_nginx "$RUN"; sleep 0.3
start_nginx "$SITE" "$PORT" "$RUN"
trap 'stop_nginx "$RUN"; stop_nginx "$W/nginx-polite"' EXIT
NPID="$(cat "$RUN/nginx.pid")"
$PY "$SB/make_url_lists.py" "$SITE" "http://127.0.0.1:$PORT" "$W/lists-$N" >/dev/null
L="$W/lists-$N"
: > "$RES"
M() { timeout 900 $PY "$SB/measure.py" --server-pid "$NPID" --out "$RES" --runs 1 "$@" >/dev/null; }

# Warm-up and inputs of the warm runs: om validators, curl's mirror with server mtimes, a cache.
"$DRIVER" "$URL" --save "$W/om-validators.tsv" >/dev/null 2>&1
rm -rf "$L/mirror"; curl -Z --parallel-max 8 -K "$L/curl-cold.cfg" 2>/dev/null
for r in $(seq "$RUNS"); do
  M --name "om crawler cold" --count "awk '{print \$4}' $W/om-cold.out" -- \
    "$DRIVER" "$URL" ">$W/om-cold.out" "2>$W/om-cold.err"
  M --name "om crawl+store cold" --pre "rm -f $W/om.db $W/om.db-wal $W/om.db-shm" \
    --count "awk '{print \$4}' $W/om-store-cold.out" -- \
    "$DRIVER" "$URL" --db "$W/om.db" ">$W/om-store-cold.out" "2>$W/om-store-cold.err"
  M --name "wget -r cold" --pre "rm -rf $W/out-wget" \
    --count "find $W/out-wget -type f | wc -l" -- \
    wget --recursive --level=inf -np -nv -P "$W/out-wget" "$URL" "2>$W/wget.log"
  M --name "om crawler refresh (304)" --count "awk '{print \$6}' $W/om-warm.out" -- \
    "$DRIVER" --refresh "$W/om-validators.tsv" ">$W/om-warm.out" "2>$W/om-warm.err"
  M --name "om crawl+store refresh (304)" --count "awk '{print \$6}' $W/om-store-warm.out" -- \
    "$DRIVER" "$URL" --db "$W/om.db" --refresh ">$W/om-store-warm.out" "2>$W/om-store-warm.err"
  M --name "curl -Z parallel8 refresh (304)" --count "wc -l < $L/urls.txt" -- \
    curl -Z --parallel-max 8 -K "$L/curl-warm.cfg" "2>/dev/null"
done
stop_nginx "$RUN"; sleep 0.5
echo "expected documents: $EXPECTED (MANIFEST html_documents_expected + spec + sitemap.xml)"
echo "om cold with storage: $(cat "$W/om-store-cold.out")"
echo "om warm with storage: $(cat "$W/om-store-warm.out")"
PRIVATE=$(grep -c ' /private/' "$RUN/access.log" || true)
echo "requests under /private/ in nginx's access log (every run of every tool): $PRIVATE"

$PY - "$RES" "$EXPECTED" "$PRIVATE" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if '"summary"' not in l]
expected, private = int(sys.argv[2]), int(sys.argv[3])
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
    print("%-32s %6d docs  %6.3f s  %7.0f docs/s  cpu %5.2f s  peak RSS %6.1f MiB"
          % (name, count, wall, count / wall, cpu, rss / 1024))
def ratio(a, b, what="docs/s"):
    if a in med and b in med:
        print("ratio %s / %s (%s): %.2fx" % (a, b, what, med[a][0] / med[b][0]))
ratio("om crawler cold", "wget -r cold")
ratio("om crawl+store cold", "wget -r cold")
ratio("om crawler refresh (304)", "curl -Z parallel8 refresh (304)")
ratio("om crawl+store refresh (304)", "curl -Z parallel8 refresh (304)")
for warm, cold in (("om crawler refresh (304)", "om crawler cold"),
                   ("om crawl+store refresh (304)", "om crawl+store cold")):
    if warm in med and cold in med:
        print("warm/cold wall %s / %s: %.2f" % (warm, cold, med[warm][2] / med[cold][2]))
ok = True
for name in ("om crawler cold", "om crawl+store cold"):
    if name in med and med[name][3] != expected:
        print("CHECK FAILED: %s fetched %d documents, expected %d" % (name, med[name][3], expected))
        ok = False
if private != 0:
    print("CHECK FAILED: %d requests under /private/" % private)
    ok = False
print("checks: %s" % ("passed" if ok else "FAILED"))
PYEOF
if [ "$(awk '{print $10}' "$W/om-store-warm.out")" != "57" ] && [ "$(awk '{print $10}' "$W/om-store-warm.out")" != "0" ]; then
  echo "note: the warm run received body bytes: $(awk '{print $10}' "$W/om-store-warm.out")"
fi
echo "raw runs: $RES"

# The CLI end to end (CLI_E2E=1): om-research --docs with every page's HTML extracted, RUNS
# cold runs into a fresh cache, each followed by a `wget -r` of the same site (the same-run
# baseline), then RUNS refreshes (all 304, nothing re-extracted); loopback politeness off
# (--crawl-delay-ms 0), one connection per host (the CLI's default). CLI_BASE=<binary>: also
# that om-research build, interleaved (an A/B in one run).
if [ "${CLI_E2E:-0}" = 1 ]; then
  start_nginx "$SITE" "$PORT" "$RUN"
  ARGS=(--source site --docs "$URL" --allow-private --crawl-delay-ms 0 --max-pages $((N + 1000))
        --json --no-context --db "$W/cli.db")
  cold_run() {  # BINARY NAME: one cold run into a fresh cache; appends "wall rss_kib wal_bytes"
    rm -f "$W/cli.db" "$W/cli.db-wal" "$W/cli.db-shm" "$W/cli-cold.done"
    # The cache's WAL, sampled every 20 ms: its high-water mark on disk.
    ( max=0; while [ ! -e "$W/cli-cold.done" ]; do
        s=$(stat -c %s "$W/cli.db-wal" 2>/dev/null || echo 0); [ "$s" -gt "$max" ] && max=$s
        sleep 0.02; done; echo "$max" >"$W/cli-cold.wal" ) &
    local sampler=$!
    /usr/bin/time -o "$W/cli-cold.time" -f '%e %M' "$1" "${ARGS[@]}" >"$W/cli-cold.json" 2>"$W/cli-cold.err" || true
    touch "$W/cli-cold.done"; wait "$sampler"
    echo "$(tail -1 "$W/cli-cold.time") $(cat "$W/cli-cold.wal") $($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["documents"]))' "$W/cli-cold.json")" >>"$W/cli-$2.runs"
  }
  rm -f "$W/cli-om.runs" "$W/cli-base.runs" "$W/cli-wget.runs" "$W/cli-base-search.runs"
  for r in $(seq "$RUNS"); do
    [ -n "${CLI_BASE:-}" ] && cold_run "$CLI_BASE" base
    cold_run "$OM" om
    rm -rf "$W/out-wget"
    /usr/bin/time -o "$W/wget.time" -f '%e %M' wget --recursive --level=inf -np -nv -P "$W/out-wget" "$URL" 2>"$W/wget.log"
    echo "$(tail -1 "$W/wget.time") 0 $(find "$W/out-wget" -type f | wc -l)" >>"$W/cli-wget.runs"
  done
  echo "CLI cold runs (wall s, peak RSS KiB, WAL high-water bytes, documents): $(tr '\n' ';' <"$W/cli-om.runs")"
  warm=()
  for r in $(seq "$RUNS"); do
    /usr/bin/time -o "$W/cli-warm.time" -f '%e %M' "$OM" "${ARGS[@]}" --refresh >"$W/cli-warm.json" 2>"$W/cli-warm.err" || true
    warm+=("$(tail -1 "$W/cli-warm.time" | cut -d' ' -f1)")  # after "exited with status 1"
  done
  # The cost a cold run leaves for later: the source's first search builds its full-text index
  # from the stored texts; a second search only queries. On the last cold run's cache (the
  # refreshes changed no text), and on CLI_BASE's own (an older build may index while crawling).
  search_times() {  # BINARY DB: "first second" search walls
    local t=()
    for _ in 1 2; do
      /usr/bin/time -o "$W/search.time" -f '%e' "$1" search site "cursor pagination" --db "$2" >/dev/null 2>&1 || true
      t+=("$(tail -1 "$W/search.time")")
    done
    echo "${t[*]}"
  }
  echo "CLI search after the cold run (first, second; s): $(search_times "$OM" "$W/cli.db")"
  if [ -n "${CLI_BASE:-}" ]; then
    cold_run "$CLI_BASE" base-search
    echo "CLI_BASE search after its cold run (first, second; s): $(search_times "$CLI_BASE" "$W/cli.db")"
  fi
  stop_nginx "$RUN"; sleep 0.5
  $PY - "$W" "$EXPECTED" "${warm[@]}" <<'PYEOF'
import json, os, statistics, sys
w, expected = sys.argv[1], int(sys.argv[2])
def runs(name):
    path = os.path.join(w, "cli-%s.runs" % name)
    if not os.path.exists(path):
        return None
    rows = [[float(x) for x in line.split()] for line in open(path) if line.strip()]
    return {"wall": statistics.median(r[0] for r in rows), "rss": max(r[1] for r in rows),
            "wal": max(r[2] for r in rows), "docs": [int(r[3]) for r in rows], "n": len(rows)}
om, base, wget = runs("om"), runs("base"), runs("wget")
b = json.load(open(os.path.join(w, "cli-warm.json")))
warm = statistics.median(float(x) for x in sys.argv[3:])
n = om["docs"][0]
print("CLI end to end, cold (median of %d): %.2f s, %.0f docs/s, peak RSS %.1f MiB, WAL high-water "
      "%.0f MiB; wget -r same run: %.2f s, %.0f docs/s; ratio CLI / wget -r: %.2fx"
      % (om["n"], om["wall"], n / om["wall"], om["rss"] / 1024, om["wal"] / 2**20, wget["wall"],
         wget["docs"][0] / wget["wall"], (n / om["wall"]) / (wget["docs"][0] / wget["wall"])))
if base:
    print("CLI_BASE cold (median of %d): %.2f s, peak RSS %.1f MiB, WAL high-water %.0f MiB: "
          "this build %.2fx as fast" % (base["n"], base["wall"], base["rss"] / 1024,
                                        base["wal"] / 2**20, base["wall"] / om["wall"]))
print("CLI --refresh median %.2f s of %d: warm/cold %.3f; documents: cold %s, refresh %d, "
      "expected %d" % (warm, len(sys.argv) - 3, warm / om["wall"], om["docs"],
                       len(b["documents"]), expected))
PYEOF
fi

# Politeness: the CLI with its defaults against a small site; nginx's log is the witness.
if [ "$POLITE" -gt 0 ]; then
  PSITE="$W/polite-site-$POLITE"; PRUN="$W/nginx-polite"; PPORT=$((PORT + 2))
  [ -f "$PSITE/MANIFEST.json" ] || $PY "$SB/gen_site.py" "$PSITE" --pages "$POLITE" --seed 7 >/dev/null
  stop_nginx "$PRUN"; sleep 0.3
  start_nginx "$PSITE" "$PPORT" "$PRUN"
  rm -f "$W/polite.db" "$W/polite.db-wal" "$W/polite.db-shm"
  echo "politeness: om-research --docs http://127.0.0.1:$PPORT/ with default politeness (1 connection per host, 1 s delay) ..."
  /usr/bin/time -f '%e s wall, %M KiB peak RSS' "$OM" --source polite --docs "http://127.0.0.1:$PPORT/" \
    --allow-private --json --no-context --db "$W/polite.db" >"$W/polite.json" 2>"$W/polite.err" || true
  tail -1 "$W/polite.err"
  stop_nginx "$PRUN"; sleep 0.5
  $PY - "$PRUN/access.log" <<'PYEOF'
import sys
reqs = []
for line in open(sys.argv[1]):
    f = line.split()
    end, took = float(f[0]), float(f[1])
    reqs.append((end - took, end, f[2], f[3]))
reqs.sort()
gaps = [b[0] - a[0] for a, b in zip(reqs, reqs[1:])]
overlap = max((1 for a, b in zip(reqs, reqs[1:]) if b[0] < a[1]), default=0)
conns = len({r[2] for r in reqs})
private = sum(1 for r in reqs if r[3].startswith("/private/"))
print("politeness: %d requests over %.1f s, %d connection(s) used in turn, overlapping requests: %d"
      % (len(reqs), reqs[-1][1] - reqs[0][0] if reqs else 0, conns, overlap))
if gaps:
    print("politeness: gap between request starts min %.3f s, median %.3f s, max %.3f s"
          % (min(gaps), sorted(gaps)[len(gaps) // 2], max(gaps)))
# nginx logs $msec with millisecond resolution: allow 2 ms of rounding.
ok = bool(reqs) and overlap == 0 and (not gaps or min(gaps) >= 0.998) and private == 0
print("politeness check (no overlap, every gap >= 1 s, 0 under /private/): %s"
      % ("passed" if ok else "FAILED"))
PYEOF
fi
