#!/usr/bin/env bash
# Issue 4 benchmark: om-research's whole-process extraction of the GitHub REST spec vs node's bare
# JSON.parse (JSON) and js-yaml load (YAML), in the same run. Medians of RUNS, ratios printed.
#   bench/spec_bench.sh [RUNS]     (needs node/npm, python3-yaml, /usr/bin/time; fetches the
#                                   npm package @octokit/openapi@23.0.2 once into bench/work/)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
W="$ROOT/bench/work"; mkdir -p "$W"
SHARED="${OM_SHARED_BENCH:-$ROOT/../shared/bench}"
BIN="${BIN:-$ROOT/build/app/om-research}"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time python3-yaml >/dev/null
python3 -c 'import yaml' 2>/dev/null || apt-get install -y -qq python3-yaml >/dev/null
if [[ ! -f "$W/octokit/package/generated/api.github.com.json" ]]; then
  (cd "$W" && { ls octokit-openapi-23.0.2.tgz >/dev/null 2>&1 || npm pack @octokit/openapi@23.0.2 >/dev/null 2>&1; } \
    && mkdir -p octokit && tar xzf octokit-openapi-23.0.2.tgz -C octokit)
fi
G="$W/octokit/package/generated"
J="$G/api.github.com.json"; JD="$G/api.github.com.deref.json"
Y="$W/api.github.com.yaml"; YD="$W/api.github.com.deref.yaml"
[[ -f "$Y" ]] || python3 "$SHARED/json_to_yaml.py" "$J" "$Y"
[[ -f "$YD" ]] || python3 "$SHARED/json_to_yaml.py" "$JD" "$YD"
if [[ ! -d "$W/node/node_modules/js-yaml" ]]; then
  (mkdir -p "$W/node" && cd "$W/node" && npm init -y >/dev/null && npm install js-yaml@4 >/dev/null 2>&1)
fi
export NODE_PATH="$W/node/node_modules"

# median wall seconds and peak RSS (KiB) of a command over RUNS runs
measure() {
  local walls=() rss=() out
  for ((i = 0; i < RUNS; i++)); do
    rm -f "$W/bench.db" "$W/bench.db-wal" "$W/bench.db-shm"
    out=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
    walls+=("${out% *}"); rss+=("${out#* }")
  done
  printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%s ", a[int((NR+1)/2)]}'
  printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

ops=$("$BIN" --source github --spec "$J" --json --no-context --offline --db "$W/gate.db" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["endpoints"]))')
rm -f "$W/gate.db"*
echo "gate: operations found in api.github.com.json = $ops (expected 1223)"
[[ "$ops" == 1223 ]] || { echo "gate FAILED"; exit 1; }

printf '%-34s %10s %10s %10s %8s %10s\n' file bytes "om (s)" "base (s)" ratio "om RSS MiB"
row() {  # label file baseline-cmd...
  local label="$1" f="$2"; shift 2
  read -r ow orss < <(measure "$BIN" --source bench --spec "$f" --json --no-context --offline --db "$W/bench.db")
  read -r bw _ < <(measure "$@" "$f")
  local bytes; bytes=$(stat -c %s "$f")
  printf '%-34s %10s %10s %10s %8.2f %10.1f   (RSS/input %.2f)\n' "$label" "$bytes" "$ow" "$bw" \
    "$(echo "$ow / $bw" | bc -l)" "$(echo "$orss / 1024" | bc -l)" "$(echo "$orss * 1024 / $bytes" | bc -l)"
}
row "json vs node JSON.parse" "$J" node "$SHARED/parse_json.js"
row "deref json vs node JSON.parse" "$JD" node "$SHARED/parse_json.js"
row "yaml vs js-yaml load" "$Y" node "$SHARED/parse_yaml.js"
row "deref yaml vs js-yaml load" "$YD" node "$SHARED/parse_yaml.js"
