#!/usr/bin/env bash
# Warm answers (issue 21): what a user or an agent waits for once a source is cached.
#   lookup       `om-research lookup bench TOPIC` on the cached source (no network by contract)
#   repeat       `om-research --source bench --catalog CAT` again inside the freshness window: the
#                catalog's spec and docs root are cached, so the run must request nothing
#   baseline     curl re-fetching the same inputs over loopback (spec + docs pages, one
#                connection), i.e. the least a tool without a cache pays on each question
# A Python server on 127.0.0.1 serves a generated site (../shared/bench/gen_site.py) and counts
# every request; the repeated runs must cause none. Runs are interleaved; medians are reported.
# usage: bench/warm_bench.sh [PAGES=50] [RUNS=9]
# env: BUILD (build dir with app/om-research; default build), PORT (18190), PY (/usr/bin/python3),
#      BASE (another om-research binary, e.g. an older build: its rows are measured in the same
#      runs, interleaved, on a cache of its own)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-50}"; RUNS="${2:-9}"; PORT="${PORT:-18190}"
SB="${OM_SHARED_BENCH:-$ROOT/../shared/bench}"
BUILD="${BUILD:-$ROOT/build}"; PY="${PY:-/usr/bin/python3}"
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null
if [[ ! -x "$BUILD/app/om-research" ]]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOM_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD" --target om-research -j2 >/dev/null
fi
W="$ROOT/bench/work/warm"; mkdir -p "$W"
SITE="$W/site-$N"
[[ -f "$SITE/MANIFEST.json" ]] || $PY "$SB/gen_site.py" "$SITE" --pages "$N" --seed 7 >/dev/null

exec $PY - "$BUILD/app/om-research" "$SITE" "$W" "$PORT" "$RUNS" "${BASE:-}" <<'PYEOF'
import http.server, json, os, socketserver, statistics as st, subprocess, sys, threading, time

om, site, work, port, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
sides = [("", om)] + ([(" (base)", sys.argv[6])] if sys.argv[6] else [])
hits = []

class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=site, **k)
    def log_message(self, *a):
        pass
    def send_head(self):
        hits.append(self.path)
        return super().send_head()

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

server = Server(("127.0.0.1", port), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % port
catalog = os.path.join(work, "catalog.yaml")
with open(catalog, "w") as f:
    f.write(f"""version: 1
sources:
  - name: bench
    display_name: "Bench"
    service_type: api
    docs:
      - url: "{base}/docs/sec00/index.html"
        cite: "bench: generated site"
    specs:
      - url: "{base}/specs/openapi.json"
        cite: "bench: generated site"
""")


def fresh_db(name):
    db = os.path.join(work, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    return db

def research(binary, db):
    return [binary, "--source", "bench", "--catalog", catalog, "--db", db, "--allow-private",
            "--crawl-delay-ms", "0", "--no-context", "--json"]

def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit("FAILED (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr.decode()[-2000:]))
    return dt, p.stdout

dbs, colds = {}, {}
for tag, binary in sides:
    dbs[tag] = fresh_db("warm%s.db" % ("-base" if tag else ""))
    hits.clear()
    cold_s, out = timed(research(binary, dbs[tag]))
    colds[tag] = json.loads(out)
    print("cold research%s: %.2f s, %d requests, %d documents, %d endpoints"
          % (tag, cold_s, len(hits), len(colds[tag]["documents"]), len(colds[tag].get("endpoints", []))))
cold = colds[""]
urls = sorted({d["url"] for d in cold["documents"] if d["url"].startswith(base)})
hits.clear()

names = ["repeated --source (cached, fresh)", "lookup bench auth", "lookup bench all",
         "lookup bench all --json"]
rows = {n + tag: [] for n in names for tag, _ in sides}
rows["curl: re-fetch the inputs"] = []
same = True
for _ in range(runs):
    for tag, binary in sides:
        db = dbs[tag]
        dt, out = timed(research(binary, db))
        rows[names[0] + tag].append(dt)
        warm = json.loads(out)
        same = same and len(warm.get("endpoints", [])) == len(colds[tag].get("endpoints", []))
        for topic in ("auth", "all"):
            rows["lookup bench " + topic + tag].append(
                timed([binary, "lookup", "bench", topic, "--db", db, "--catalog", catalog])[0])
        rows[names[3] + tag].append(timed([binary, "lookup", "bench", "all", "--json", "--db", db,
                                           "--catalog", catalog])[0])
repeat_hits = len(hits)
repeat_paths = list(hits[:5])
for _ in range(runs):
    rows["curl: re-fetch the inputs"].append(timed(["curl", "-s", "-o", "/dev/null", *urls])[0])
server.shutdown()

load = open("/proc/loadavg").read().split()[:3]
print("warm answers: %d runs each (medians), %d cached inputs, %s cores, load %s"
      % (runs, len(urls), os.cpu_count(), " ".join(load)))
print("| what | median ms | min–max ms |")
print("|---|---|---|")
for name, xs in rows.items():
    print("| %s | %.1f | %.1f–%.1f |" % (name, 1000 * st.median(xs), 1000 * min(xs), 1000 * max(xs)))
print("requests made by %d repeated runs and %d×3 lookups: %d %s"
      % (runs, runs, repeat_hits, repeat_paths if repeat_paths else ""))
print("repeated runs answered the same endpoints as the cold run: %s" % same)
sys.exit(0 if repeat_hits == 0 and same else 1)
PYEOF
