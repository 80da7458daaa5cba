#!/usr/bin/env bash
# Issue 7 benchmark: reading the @octokit/openapi@23.0.2 tarball (28.9 MB, 15 files, 403.6 MB
# inflated) in memory, om-research vs Python tarfile (/work/shared/bench/tgz_list.py, streamed,
# every member inflated and dropped), in ONE run (runs interleaved; ratios are the result).
#   om walk   libarchive as extract/sdk.cpp opens it, every entry inflated and dropped (= tgz_list)
#   om list   om's package reader with max_entry_bytes = 0: headers, classification, every entry
#             inflated, manifest/README/sources analysed, all 10 specs skipped as gaps
#   om full   om::extract::extract() with the default limits (64 MiB per entry): the 8 specs
#             under the cap are kept and run through the OpenAPI extractor, 2 are gaps
# MB/s = inflated MB (all entries, also skipped ones: gzip cannot skip without inflating) / time
# in process (including reading the .tgz into memory). Target: list >= 1.0x tgz_list, peak RSS
# <= 64 MiB + largest entry kept.
# usage: bench/archive_bench.sh [RUNS=5]      env: BUILD (build-bench), PY (/usr/bin/python3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
SB="${OM_SHARED_BENCH:-$ROOT/../shared/bench}"
W="$ROOT/bench/work"; mkdir -p "$W"
BUILD="${BUILD:-$ROOT/build-bench}"; PY="${PY:-/usr/bin/python3}"
TGZ="$W/octokit-openapi-23.0.2.tgz"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
[[ -f "$TGZ" ]] || (cd "$W" && npm pack @octokit/openapi@23.0.2 >/dev/null 2>&1)
if [[ ! -x "$BUILD/bench/archive_driver" ]]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOM_BUILD_TESTS=OFF \
    -DCMAKE_PROJECT_INCLUDE="$ROOT/bench/drivers.cmake" >/dev/null
  cmake --build "$BUILD" --target archive_driver -j2 >/dev/null
fi
RES="$W/archive-bench.jsonl"; : > "$RES"

# run NAME CMD...: one timed run; appends {name, wall, cpu, rss, out: last JSON line of stdout}.
run() {
  local name="$1"; shift
  /usr/bin/time -o "$W/archive-time.txt" -f '%e %U %S %M' "$@" > "$W/archive-run.out" 2> "$W/archive-run.err" \
    || { echo "FAILED: $name" >&2; tail -5 "$W/archive-run.err" >&2; exit 1; }
  $PY - "$name" "$W/archive-time.txt" "$W/archive-run.out" >> "$RES" <<'PYEOF'
import json, sys
wall, user, sys_, rss = open(sys.argv[2]).read().split()[-4:]
j = json.loads(open(sys.argv[3]).read().strip().splitlines()[-1])
print(json.dumps({"name": sys.argv[1], "wall_s": float(wall), "cpu_s": float(user) + float(sys_),
                  "rss_kib": int(rss), "out": j}))
PYEOF
}

for ((r = 1; r <= RUNS; r++)); do
  run "tgz_list.py" $PY "$SB/tgz_list.py" "$TGZ"
  run "om walk" "$BUILD/bench/archive_driver" "$TGZ" walk
  run "om list" "$BUILD/bench/archive_driver" "$TGZ" list
  run "om full" "$BUILD/bench/archive_driver" "$TGZ" full
done
# run.err is the last "om full" run's: its gaps about package entries (the skipped specs).
echo "om full: $(grep -c '^gap:' "$W/archive-run.err") gaps, of which package entries:"
grep '^gap: package' "$W/archive-run.err" | sed 's/^/  /' || true

tar tzvf "$TGZ" | awk '$1 ~ /^-/ {print $3}' > "$W/archive-sizes.txt"
$PY - "$RES" "$RUNS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$TGZ" "$W/archive-sizes.txt" <<'PYEOF'
import json, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["name"], []).append(r)
sizes = [int(x) for x in open(sys.argv[6])]
cap = 64 << 20
kept = {"tgz_list.py": 1 << 20, "om walk": 0, "om list": max(s for s in sizes if s <= 1 << 20),
        "om full": max(s for s in sizes if s <= cap)}
what = {"tgz_list.py": "python tarfile, streamed gzip: inflate + drop every member",
        "om walk": "libarchive inflate + drop every entry (our reader's floor)",
        "om list": "om reader, per-entry cap 0: list + inflate all, 10 specs skipped",
        "om full": "om::extract::extract, default limits: 8 specs extracted, 2 skipped"}
total = by["tgz_list.py"][0]["out"]["uncompressed_bytes"]
print("tarball %s: %d files, %.1f MB inflated; %s runs (medians), %s cores, load avg %s"
      % (sys.argv[5].rsplit("/", 1)[-1], len(sizes), total / 1e6, sys.argv[2], sys.argv[3], sys.argv[4]))
print("| side | what it does | in-process s | inflated MB/s | whole-process wall s | peak RSS MiB | largest entry kept MiB | RSS budget MiB | endpoints | gaps |")
print("|---|---|---|---|---|---|---|---|---|---|")
mbs = {}
for name in ["tgz_list.py", "om walk", "om list", "om full"]:
    rs = by[name]
    ms = st.median(r["out"]["parse_ms"] for r in rs)
    mbs[name] = total / 1e6 / (ms / 1e3)
    rss = max(r["rss_kib"] for r in rs) / 1024
    o = rs[-1]["out"]
    budget = kept[name] / 2**20 + 64
    print("| %s | %s | %.2f | %.1f | %.2f | %.1f | %.1f | %.0f%s | %s | %s |" % (
        name, what[name], ms / 1e3, mbs[name], st.median(r["wall_s"] for r in rs), rss,
        kept[name] / 2**20, budget, "" if rss <= budget else " OVER", o.get("endpoints", ""),
        o.get("gaps", "")))
for name in ["om walk", "om list", "om full"]:
    print("ratio inflated MB/s, %s / tgz_list.py: %.2fx" % (name, mbs[name] / mbs["tgz_list.py"]))
PYEOF
echo "raw runs: $RES"
