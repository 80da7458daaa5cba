#!/usr/bin/env bash
# Issue 6 benchmark: HTML docs extraction, om-research vs Python lxml, on the SAME pages, in ONE
# run (runs interleaved; absolute times drift ±30 % on shared machines, the ratios are the result).
#   om html_driver   om::extract::extract() per page in process: HTML events (the scanner; libxml2
#                    for the pages it declines), page text, prose detectors (auth, pagination, rate
#                    limits, ...), outlinks. Timed loop only.
#   lxml             /work/shared/bench/html_links.py: lxml.html.fromstring + xpath //a[@href], i.e.
#                    parse + count links only. Timed loop only (files read before, like ours).
#   om-research CLI  whole process: read folder, extract, store in SQLite (FTS), JSON report.
# Both in-process loops hold every page in memory first, so their peak RSS includes the site.
# usage: bench/html_bench.sh [PAGES=2000] [RUNS=5]
# env: BUILD (build-bench), SITE (bench/work/site), PY (/usr/bin/python3),
#      SUMMARY_ONLY=1 (print the table of the last run's raw results again)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-2000}"; RUNS="${2:-5}"
SB="${OM_SHARED_BENCH:-$ROOT/../shared/bench}"
W="$ROOT/bench/work"; mkdir -p "$W"
BUILD="${BUILD:-$ROOT/build-bench}"; PY="${PY:-/usr/bin/python3}"
SITE="${SITE:-$W/site}"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
$PY -c 'import lxml' 2>/dev/null || apt-get install -y -qq python3-lxml >/dev/null
if [[ ! -x "$BUILD/bench/html_driver" || ! -x "$BUILD/app/om-research" ]]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOM_BUILD_TESTS=OFF \
    -DCMAKE_PROJECT_INCLUDE="$ROOT/bench/drivers.cmake" >/dev/null
  cmake --build "$BUILD" --target html_driver om-research -j2 >/dev/null
fi
if [[ "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["pages"])' \
        "$SITE/MANIFEST.json" 2>/dev/null)" != "$N" ]]; then
  rm -rf "$SITE"; $PY "$SB/gen_site.py" "$SITE" --pages "$N" --seed 42 >/dev/null
fi
RES="$W/html-bench-$N.jsonl"
[[ -n "${SUMMARY_ONLY:-}" ]] || : > "$RES"

# run NAME CMD...: one timed run; appends {name, wall, cpu, rss, out: last JSON line of stdout}.
run() {
  local name="$1"; shift
  /usr/bin/time -o "$W/html-time.txt" -f '%e %U %S %M' "$@" > "$W/html-run.out" 2> "$W/html-run.err" \
    || { echo "FAILED: $name" >&2; tail -5 "$W/html-run.err" >&2; exit 1; }
  $PY - "$name" "$W/html-time.txt" "$W/html-run.out" >> "$RES" <<'PYEOF'
import json, sys
wall, user, sys_, rss = open(sys.argv[2]).read().split()[-4:]
out = open(sys.argv[3]).read()
try:
    j = json.loads(out)  # the CLI's Research JSON (pretty-printed)
except Exception:
    j = json.loads(out.strip().splitlines()[-1])  # a driver's one line
if isinstance(j, dict) and "documents" in j:  # the CLI's Research JSON: keep counts only
    j = {"docs": len(j["documents"]), "gaps": len(j["gaps"]),
         "facts": sum(len(v) for k, v in j.items() if isinstance(v, list)
                      and k not in ("gaps", "documents", "test_connection"))}
print(json.dumps({"name": sys.argv[1], "wall_s": float(wall), "cpu_s": float(user) + float(sys_),
                  "rss_kib": int(rss), "out": j}))
PYEOF
}

[[ -n "${SUMMARY_ONLY:-}" ]] || "$BUILD/bench/html_driver" "$SITE" >/dev/null  # warm the cache
for ((r = 1; r <= RUNS && ${SUMMARY_ONLY:-0} == 0; r++)); do
  run "om html_driver" "$BUILD/bench/html_driver" "$SITE"
  run "lxml html_links.py" $PY "$SB/html_links.py" "$SITE" lxml
  rm -f "$W/html-bench.db"*
  run "om-research CLI" "$BUILD/app/om-research" --source bench --docs "$SITE" --json \
    --no-context --offline --db "$W/html-bench.db"
done
rm -f "$W/html-bench.db"*

$PY - "$RES" "$RUNS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PYEOF'
import json, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["name"], []).append(r)
runs = min(len(rs) for rs in by.values())
print("html extraction: %d runs (medians; peak RSS = max), %s cores, load avg at the end %s"
      % (runs, sys.argv[3], sys.argv[4]))
what = {"om html_driver": "HTML events (scanner, libxml2 where declined) + page text + prose detectors + outlinks",
        "lxml html_links.py": "lxml parse + xpath //a[@href] (links only)",
        "om-research CLI": "read folder + extract + SQLite store/FTS + Research JSON"}
print("| side | what it does | pages | in-process pages/s | in-process MB/s "
      "| process wall s | pages/s (wall) | process CPU s | pages/CPU-s | peak RSS MiB | output |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
res = {}
for name in ["om html_driver", "lxml html_links.py", "om-research CLI"]:
    rs = by.get(name)
    if not rs:
        continue
    o = rs[-1]["out"]
    docs = o["docs"]
    ip = st.median(r["out"]["docs_per_s"] for r in rs) if "docs_per_s" in o else None
    mbs = st.median(r["out"]["parse_MBps"] for r in rs) if "parse_MBps" in o else None
    wall = st.median(r["wall_s"] for r in rs)
    cpu = st.median(r["cpu_s"] for r in rs)
    rss = max(r["rss_kib"] for r in rs) / 1024
    if "links" in o:
        out = "%d links" % o["links"]
    elif "outlinks" in o:
        out = "%d facts, %d gaps, %d outlinks kept, %.1f MB text" % (
            o["facts"], o["gaps"], o["outlinks"], o["text_bytes"] / 1e6)
    else:
        out = "%d facts, %d gaps in the merged report" % (o["facts"], o["gaps"])
    res[name] = (ip, docs / wall, docs / cpu)
    print("| %s | %s | %d | %s | %s | %.2f | %.0f | %.2f | %.0f | %.1f | %s |" % (
        name, what[name], docs, "%.0f" % ip if ip else "-", "%.1f" % mbs if mbs else "-",
        wall, docs / wall, cpu, docs / cpu, rss, out))
a, b, c = res.get("om html_driver"), res.get("lxml html_links.py"), res.get("om-research CLI")
if a and b:
    print("ratio in-process pages/s, om extract / lxml links: %.2fx" % (a[0] / b[0]))
    print("ratio whole-process pages/CPU-s, om html_driver / lxml script: %.2fx" % (a[2] / b[2]))
if c and b:
    print("ratio whole-process pages/s (wall), om-research CLI / lxml script: %.2fx" % (c[1] / b[1]))
    print("ratio whole-process pages/CPU-s, om-research CLI / lxml script: %.2fx" % (c[2] / b[2]))
PYEOF
echo "raw runs: $RES"
